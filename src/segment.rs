//! Paragraphs to passages: the unit of retrieval.
//!
//! A passage is a run of paragraphs of one section, closed once it holds at least
//! [`TARGET_WORDS`] words; a paragraph longer than [`MAX_WORDS`] is cut at sentence
//! ends. A short document (a motie) thus stays one passage. A passage never crosses a section boundary. A short remainder at the end
//! of a section joins the passage before it when they fit together.

use crate::layout::Layout;
use crate::model::{Footnote, Passage};

/// A passage shorter than this joins its neighbour in the same section if they fit.
pub const MIN_WORDS: usize = 40;
/// A passage is closed once it has this many words.
pub const TARGET_WORDS: usize = 150;
/// No passage is longer than this many words (unless one sentence is).
pub const MAX_WORDS: usize = 300;

/// Cuts a document's paragraphs into passages. A passage's `references` are
/// those of the layout's [`Link`](crate::layout::Link)s in it (later stages
/// add the ones its text cites); `lang` is left empty for later stages where
/// function words do not make it clear.
pub fn passages(layout: &Layout) -> Vec<Passage> {
    let mut out: Vec<Passage> = Vec::new();
    // The open passage and its word count. A passage's `lang` is set here when
    // function words make it clear, so later stages need not look again.
    let mut current: Option<(Passage, usize)> = None;
    // Index in `out` where the current section's passages start.
    let mut section_start = 0;

    for (index, para) in layout.paragraphs.iter().enumerate() {
        for chunk in split_long(&para.text) {
            if chunk.trim().is_empty() {
                // A blank paragraph would make an empty passage.
                continue;
            }
            let linked = links_in(layout, index, &para.text, chunk);
            let words = chunk.split_whitespace().count();
            let lang = clear_language(chunk);
            if let Some((open, open_words)) = current.as_mut() {
                let same_section = open.section == para.section && compatible(open.lang, lang);
                if same_section && *open_words + words <= MAX_WORDS {
                    open.text.push('\n');
                    open.text.push_str(chunk);
                    open.references.extend(linked);
                    *open_words += words;
                    if open.lang.is_none() {
                        open.lang = lang;
                    }
                    if *open_words >= TARGET_WORDS {
                        out.push(current.take().expect("open passage").0);
                    }
                    continue;
                }
                let (done, done_words) = current.take().expect("open passage");
                close(&mut out, done, done_words, section_start);
                if !same_section {
                    section_start = out.len();
                }
            } else if out.last().is_some_and(|p| p.section != para.section) {
                section_start = out.len();
            }
            let passage = Passage {
                section: para.section.clone(),
                page: para.page,
                text: chunk.to_owned(),
                footnotes: Vec::new(),
                references: linked,
                lang,
            };
            if words >= TARGET_WORDS {
                out.push(passage);
            } else {
                current = Some((passage, words));
            }
        }
    }
    if let Some((done, done_words)) = current {
        close(&mut out, done, done_words, section_start);
    }
    for passage in &mut out {
        passage.footnotes = footnotes_in(&passage.text, layout);
    }
    out
}

/// The language of a text when function words make it clear.
fn clear_language(text: &str) -> Option<crate::model::Lang> {
    match crate::language::quick_guess(text) {
        crate::language::Quick::Sure(lang) => Some(lang),
        _ => None,
    }
}

/// False when two texts are clearly in different languages (`None` is
/// unknown), so a Dutch letter's English quotation stays a passage of its own.
fn compatible(a: Option<crate::model::Lang>, b: Option<crate::model::Lang>) -> bool {
    a.is_none() || b.is_none() || a == b
}

/// Closes a passage: a short one joins the previous passage of its section if both fit.
fn close(out: &mut Vec<Passage>, done: Passage, words: usize, section_start: usize) {
    let len = out.len();
    if let Some(prev) = out.last_mut() {
        if words < MIN_WORDS
            && len > section_start
            && prev.section == done.section
            && compatible(prev.lang, done.lang)
            && prev.text.split_whitespace().count() + words <= MAX_WORDS
        {
            prev.text.push('\n');
            prev.text.push_str(&done.text);
            prev.references.extend(done.references);
            if prev.lang.is_none() {
                prev.lang = done.lang;
            }
            return;
        }
    }
    out.push(done);
}

/// The references of the [`Link`](crate::layout::Link)s whose words start in
/// `chunk`, a piece of paragraph `index` (whose text is `text`).
fn links_in(
    layout: &Layout,
    index: usize,
    text: &str,
    chunk: &str,
) -> Vec<crate::references::CitedReference> {
    // `chunk` is a slice of `text`: its place there is the pointers' distance.
    let start = chunk.as_ptr() as usize - text.as_ptr() as usize;
    let span = start..start + chunk.len();
    let first = layout.links.partition_point(|l| l.paragraph < index);
    layout.links[first..]
        .iter()
        .take_while(|l| l.paragraph == index)
        .filter(|l| span.contains(&l.at))
        .map(|l| l.reference.clone())
        .collect()
}

/// The footnotes whose `[N]` markers appear in `text`.
fn footnotes_in(text: &str, layout: &Layout) -> Vec<Footnote> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let digits: String = after.chars().take_while(|c| c.is_ascii_digit()).collect();
        if !digits.is_empty() && after[digits.len()..].starts_with(']') {
            if let Ok(n) = digits.parse::<u32>() {
                if let Some(f) = layout.footnotes.iter().find(|f| f.number == n) {
                    if !found.iter().any(|x: &Footnote| x.number == n) {
                        found.push(f.clone());
                    }
                }
            }
        }
        rest = after;
    }
    found
}

/// Cuts a paragraph longer than [`MAX_WORDS`] at sentence ends into pieces of
/// about half that size or more.
fn split_long(text: &str) -> Vec<&str> {
    if text.split_whitespace().count() <= MAX_WORDS {
        return vec![text];
    }
    let target = MAX_WORDS * 2 / 3;
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut words = 0;
    let mut last_cut: Option<usize> = None;
    let mut in_word = false;
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if in_word {
                words += 1;
                let prev = bytes[..i].last().copied().unwrap_or(b' ');
                if matches!(prev, b'.' | b'?' | b'!' | b';' | b']') {
                    last_cut = Some(i);
                    if words >= target {
                        pieces.push(text[start..i].trim());
                        start = i;
                        words = 0;
                        last_cut = None;
                    }
                }
            }
            in_word = false;
        } else {
            in_word = true;
        }
        if words >= MAX_WORDS {
            // No sentence end in reach: cut at the last one seen, or here.
            let cut = last_cut.unwrap_or(i);
            pieces.push(text[start..cut].trim());
            words = text[cut..i].split_whitespace().count();
            start = cut;
            last_cut = None;
        }
    }
    if start < text.len() && !text[start..].trim().is_empty() {
        pieces.push(text[start..].trim());
    }
    pieces.retain(|p| !p.is_empty());
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::Paragraph;

    fn para(section: &str, words: usize) -> Paragraph {
        Paragraph {
            section: vec![section.to_owned()],
            page: None,
            text: vec!["woord"; words].join(" ") + ".",
            footnotes: Vec::new(),
        }
    }

    #[test]
    fn short_paragraphs_merge_within_a_section_only() {
        let layout = Layout {
            paragraphs: vec![
                para("A", 10),
                para("A", 10),
                para("A", 130),
                para("A", 20),
                para("B", 10),
            ],
            ..Layout::default()
        };
        let p = passages(&layout);
        let shape: Vec<(String, usize)> = p
            .iter()
            .map(|p| (p.section[0].clone(), p.text.split_whitespace().count()))
            .collect();
        assert_eq!(shape, [("A".to_owned(), 170), ("B".to_owned(), 10)]);
    }

    #[test]
    fn long_paragraph_is_cut_at_sentences() {
        let sentence = "Dit is een zin van precies tien woorden lang hier.";
        let text = vec![sentence; 70].join(" ");
        let layout = Layout {
            paragraphs: vec![Paragraph {
                section: vec![],
                page: Some(2),
                text,
                footnotes: vec![],
            }],
            ..Layout::default()
        };
        let p = passages(&layout);
        assert!(p.len() >= 3);
        for passage in &p {
            let n = passage.text.split_whitespace().count();
            assert!((MIN_WORDS..=MAX_WORDS).contains(&n), "{n} words");
            assert!(passage.text.ends_with('.'));
            assert_eq!(passage.page, Some(2));
        }
        let total: usize = p.iter().map(|x| x.text.split_whitespace().count()).sum();
        assert_eq!(total, 700);
    }

    #[test]
    fn a_link_goes_to_the_passage_holding_its_words() {
        let sentence = "Dit is een zin van precies tien woorden lang hier.";
        let mut text = vec![sentence; 70].join(" ");
        let at = text.len() - 10;
        text.push_str(" Zie de Wet milieubeheer.");
        let linked = |canonical: &str| crate::references::CitedReference {
            canonical: canonical.into(),
            kind: crate::references::RefKind::Bwb,
            text: "Wet milieubeheer".into(),
            footnote: None,
            url: None,
        };
        let layout = Layout {
            paragraphs: vec![
                Paragraph {
                    section: vec![],
                    page: None,
                    text,
                    footnotes: vec![],
                },
                para("B", 10),
            ],
            links: vec![
                crate::layout::Link {
                    paragraph: 0,
                    at,
                    reference: linked("BWBR0003245"),
                },
                crate::layout::Link {
                    paragraph: 1,
                    at: 0,
                    reference: linked("BWBR0005537"),
                },
            ],
            ..Layout::default()
        };
        let p = passages(&layout);
        let refs: Vec<Vec<&str>> = p
            .iter()
            .map(|x| x.references.iter().map(|r| r.canonical.as_str()).collect())
            .collect();
        let last_of_first = refs.len() - 2;
        assert!(refs[..last_of_first].iter().all(Vec::is_empty), "{refs:?}");
        assert_eq!(refs[last_of_first], ["BWBR0003245"]);
        assert_eq!(refs[last_of_first + 1], ["BWBR0005537"]);
        // Later stages keep them beside what the text cites.
        let cited = crate::references::cite(&p[last_of_first + 1]);
        assert_eq!(cited[0].canonical, "BWBR0005537");
    }

    /// Found by `passages_keep_every_word`: a blank paragraph became an empty passage.
    #[test]
    fn blank_paragraphs_make_no_passage() {
        let layout = Layout {
            paragraphs: vec![para("A", 0), para("A", 5)],
            ..Layout::default()
        };
        let mut blank = layout.clone();
        blank.paragraphs[0].text = " \n".into();
        assert_eq!(passages(&blank).len(), 1);
        blank.paragraphs[1].text = String::new();
        assert!(passages(&blank).is_empty());
    }

    const SEGMENT_PIECES: &[&str] = &[
        "woord ",
        "Dit is een zin. ",
        "This is the sentence. ",
        "de het een van ",
        "the of and ",
        ". ",
        "? ",
        "! ",
        "; ",
        "[1] ",
        "[2]",
        "[",
        "]",
        "iedereen[3] ",
        "\n",
        "  ",
        "\u{a0}",
        "\u{2009}",
        "é",
        "🦀",
        "e\u{301}",
        "\u{0}",
        "x",
    ];

    fn layouts(max_paragraphs: usize, max_parts: usize) -> impl Strategy<Value = Layout> {
        let paragraph = (
            0..3usize,
            crate::fuzz::text_of(SEGMENT_PIECES, max_parts),
            1..400usize,
        )
            .prop_map(|(section, text, repeat)| Paragraph {
                section: vec!["A", "B", "C"][..section]
                    .iter()
                    .map(|s| s.to_string())
                    .collect(),
                page: Some(section as u32),
                // Long paragraphs exercise the cutting at sentence ends.
                text: if repeat > 350 {
                    text.repeat(repeat - 340)
                } else {
                    text
                },
                footnotes: Vec::new(),
            });
        prop::collection::vec(paragraph, 0..max_paragraphs).prop_map(|paragraphs| Layout {
            paragraphs,
            footnotes: vec![crate::layout::Footnote {
                number: 1,
                text: "Kamerstuk 21 501-34, nr. 32".into(),
                page: None,
            }],
            ..Layout::default()
        })
    }

    fn check(layout: Layout) -> proptest::test_runner::TestCaseResult {
        let out = passages(&layout);
        let words_in: Vec<&str> = layout
            .paragraphs
            .iter()
            .flat_map(|p| p.text.split_whitespace())
            .collect();
        let words_out: Vec<&str> = out.iter().flat_map(|p| p.text.split_whitespace()).collect();
        prop_assert_eq!(words_in, words_out, "no word is lost or repeated");
        for p in &out {
            prop_assert!(!p.text.trim().is_empty());
        }
        Ok(())
    }

    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn passages_keep_every_word(layout in layouts(8, 24)) {
            check(layout)?;
        }
    }

    #[test]
    #[ignore]
    fn fuzz_segment() {
        crate::fuzz::fuzz_for("fuzz_segment", layouts(16, 48), check);
    }
}
