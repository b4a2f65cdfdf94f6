//! Reading layout: recover what a careful human reader sees in the plain text
//! of a Kamerbrief, annotated agenda or Kamervragen answer extracted from PDF
//! or DOCX: paragraphs, the heading path above each paragraph, page numbers,
//! and footnotes linked to their markers, with page furniture removed.
//!
//! The pipeline works on lines and runs in fixed steps:
//!
//! 1. **Pages.** Several input pages (one `&str` per PDF page) or form feeds
//!    are authoritative: page = position. A single plain text is split with
//!    heuristics: the extractor of our `.txt` corpus starts the first line of
//!    every page with exactly one space (used only when such lines are rare, at
//!    least 2 and at most 1 in 5 of the non-blank lines), `Pagina N van M`
//!    labels its page (a header when it is among the first 3 lines of a page,
//!    otherwise a footer that ends the page), and the Handelingen footers
//!    (`Tweede Kamer, vergaderjaar 2024–2025, Aanhangsel 2`) end page N.
//!    Unlabelled pages are numbered from their neighbours. Without any page
//!    evidence `page` is `None`. A page may also come in parts (the columns
//!    of a brochure page, [`read_layout_parts`]): each part is read like a
//!    page of its own, with the page number of its page.
//! 2. **Furniture** lines are dropped: page labels, Handelingen footers and
//!    masthead, `Retouradres`, address-column lines (Postbus, postcode + city,
//!    Bezoekadres, ...), the labels `Datum`, `Betreft`, `Onze referentie`,
//!    `Ons kenmerk` with their values (the first ones are kept in
//!    [`LetterMeta`]), `Ministerie van ...`, and any short line repeated near
//!    the top or bottom of at least half of the pages (3 or more).
//! 3. **Footnotes** are the tail of a page: the first line (from the top) that
//!    starts with the next expected footnote number (`7 Hierbij`, `1) Kamer`,
//!    glued `2Kamerstukken`) such that everything below it is further
//!    footnotes numbered +1 each, or continuation lines, and no
//!    `Vraag N`/`Antwoord N`/sub-heading. Numbering runs 1, 2, 3, ... through
//!    the document. A bare URL after a blank line in the footnote zone is a PDF
//!    link annotation (it repeats a link target) and is dropped.
//! 4. **Markers** are searched in body lines in reading order. A marker for N
//!    is only accepted if footnote N exists, if it is the next expected marker
//!    (glued forms may skip up to two missed markers), and, when pages are
//!    known, if it sits on the footnote's page or the page before. Accepted
//!    forms: glued to a word or punctuation (`iedereen1`, `geven2.`,
//!    `omgevingslucht)3.`, `artikel?1`, `AI10.`, but not `CO2`/`G7`: an
//!    acronym of up to 4 capitals plus one digit is a name), glued to a year
//!    range (`2021-20276` = `2021-2027` + marker 6), superscript digits
//!    glued to anything but a unit (`jagen²`, `2022²`, not `m²`; the PDF
//!    reader writes the raised small numbers it sees so), spaced before punctuation
//!    (`aangeboden 1. In`, not after words like `artikel`, `nr`, `vraag`),
//!    `1)` at the end of a line (DOCX style, not inside brackets), and a bare
//!    number (or several: `2 3`) alone on a line, or at the start of the next
//!    line (`2 waarin`, `1, is`, `2 Voor drie ... dat` when not a numbered
//!    heading): superscripts that the extractor moved to their own line; these
//!    are attached to the end of the previous line of the same block. Markers are
//!    rewritten as `[N]` directly after the word (`iedereen[1]`, `geven[2].`).
//!    Real numbers (`in 2030`, `23% en 12%`, `13 mei`, `artikel 3`) are never
//!    the next expected footnote on that page, or fail the form rules.
//! 5. **Headings and paragraphs.** Paragraphs are separated by blank lines.
//!    A page break does not end a paragraph when the next page starts in
//!    lowercase (or the previous text ends with `,`/`-`); a blank line does not
//!    either when the text resumes in lowercase after a non-final line. Every
//!    bullet item (`•`, `-`, `–`, ...) is its own paragraph (with its
//!    continuation lines): a list item is a good search snippet on its own.
//!    Headings:
//!    * `Vraag N` / `Antwoord N` (also `Antwoord op vraag 3 en 4`): level 1.
//!    * numbered `1. Ultrafijn stof`, `1.1 Blootstelling ...`: level = depth,
//!      also when the title wraps onto a second line (a title block, below,
//!      or a short lowercase line followed by a blank line or an `a)` item);
//!      not an item of a numbered list (no blank line before it, or a title
//!      ending in `en`, `van`, `het`, ...: the item wraps on), and at most
//!      2 past the last chapter's number (`26 Kamerbrief ...` after chapter
//!      3 is a stray footnote).
//!    * known sub-heading words (`Inhoud`, `Inbreng Nederland`, `Indicatie
//!      krachtenveld`, `Achtergrond`, ...): one level below the current
//!      non-sub-heading, even without blank lines around them.
//!    * title blocks: one or two lines (joined) between blank lines / page
//!      breaks / headings, each at most 90 characters, starting with a
//!      capital or digit, not a bullet or caption (`Figuur 1. ...`), no
//!      final `.,;:?!`, not right after a `Vraag`/`Antwoord` heading or
//!      after text ending in `,` (a signature name). Level 1.
//!    * run-in titles: a block's first line, after a blank line, when it is
//!      a short title (2 or more words, at most 70 characters, as above)
//!      and the next line is a full line of text (55 characters or more,
//!      15 more than the title) starting with a capital: a bold heading
//!      printed without a blank line under it. Level as a sub-heading.
//!      A heading replaces all headings of its level and deeper.
//! 6. **Hyphenation.** A line ending in `-` glued to a word is joined without
//!    space. The hyphen is kept after an acronym or digit (`AI-verordening`,
//!    `2021-2027`), before a capital or digit, before `en`/`of`/`tot`
//!    (`onderwijs- en opleidingstrajecten`), and when the document elsewhere
//!    writes the same compound with a hyphen mid-line (`evidence-informed`).
//!    Otherwise it is taken to be hyphenation and removed (`onder-wijs`).
//!
//! Known limits: footnotes continued on the next page are not re-attached
//! (the continuation stays in the next page's text or footnote), and the
//! extractor's glued words (`nietwordt`) are not split.

use serde::Serialize;
use std::collections::{HashMap, HashSet};

mod footnotes;
mod furniture;
mod headings;
mod hyphenation;
mod markers;
mod pages;

use footnotes::*;
pub use furniture::margin_meta;
use furniture::*;
use headings::*;
use hyphenation::*;
use markers::*;
use pages::*;

/// A paragraph with the headings above it and its page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Paragraph {
    /// Heading path, outermost first; empty before the first heading.
    pub section: Vec<String>,
    /// 1-based page where the paragraph starts, when pages are known.
    pub page: Option<u32>,
    /// Re-joined text with footnote markers written as `[N]`.
    pub text: String,
    /// Footnote numbers whose marker is in this paragraph, in order.
    pub footnotes: Vec<u32>,
}

pub use crate::model::Footnote;

/// A reference the source attaches to words of a paragraph instead of writing
/// it out: a Markdown link's target (`[artikel 8.40 van de Wet
/// milieubeheer](../wet/milieubeheer/BWBR0003245/README.md)`). The passage
/// holding those words carries the reference.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Link {
    /// Index of the paragraph in [`Layout::paragraphs`].
    pub paragraph: usize,
    /// Byte offset in that paragraph's text where the linked words start.
    pub at: usize,
    /// The reference, its `text` being the linked words.
    pub reference: crate::references::CitedReference,
}

/// What a letter's margin column and labels say about it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct LetterMeta {
    /// "Datum", as written.
    pub date: Option<String>,
    /// "Betreft".
    pub subject: Option<String>,
    /// "Ons kenmerk" / "Onze referentie".
    pub reference: Option<String>,
    /// The sending ministry.
    pub ministry: Option<String>,
}

/// A document as a reader sees it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Layout {
    /// Paragraphs in reading order, furniture removed.
    pub paragraphs: Vec<Paragraph>,
    /// Footnotes, by number.
    pub footnotes: Vec<Footnote>,
    /// Letter metadata.
    pub meta: LetterMeta,
    /// References attached to words of the paragraphs, by paragraph.
    pub links: Vec<Link>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Blank,
    Furniture,
    Body,
    Footnote,
    /// PDF link annotation (bare URL repeated under the footnotes).
    Annotation,
}

#[derive(Debug, Clone)]
struct Line {
    text: String,
    /// Raw line began with exactly one space (page start in our extractor).
    lead_space: bool,
    seg: usize,
    kind: Kind,
    /// Footnote number when this line starts a footnote.
    fn_start: Option<u32>,
    markers: Vec<u32>,
}

fn make_line(raw: &str) -> Line {
    let mut chars = raw.chars();
    let lead_space = chars.next() == Some(' ') && chars.next().is_some_and(|c| !c.is_whitespace());
    let mut text = String::with_capacity(raw.len());
    let mut last_space = true;
    for c in raw.chars() {
        let c = match c {
            '\u{a0}' | '\t' | '\u{2007}' | '\u{202f}' | '\r' | '\x0c' | '\u{2009}' => ' ',
            '\u{ad}' => '-',
            c if c.is_control() => continue,
            c => c,
        };
        if c == ' ' {
            if !last_space {
                text.push(' ');
            }
            last_space = true;
        } else {
            text.push(c);
            last_space = false;
        }
    }
    let text = text.trim_end().to_string();
    let kind = if text.is_empty() {
        Kind::Blank
    } else {
        Kind::Body
    };
    Line {
        text,
        lead_space,
        seg: 0,
        kind,
        fn_start: None,
        markers: Vec::new(),
    }
}

/// Read the layout of a document. `pages`: one `&str` per page when the
/// source has pages; a plain text is passed as one element (form feeds and
/// `Pagina N van M` lines in it are used to find the pages).
pub fn read_layout(pages: &[&str]) -> Layout {
    let (lines, seg_pages) = split_pages(pages);
    layout_of(lines, &seg_pages)
}

/// Read the layout of a document whose pages are known and may each be read
/// in parts: `pages[i]` holds the parts of page `i + 1` in reading order (the
/// columns of a brochure page, a band across them). A part is read like a
/// page of its own: footnotes stand at its foot, and a paragraph runs on
/// into the next part when that starts in lowercase.
pub fn read_layout_parts(pages: &[Vec<&str>]) -> Layout {
    let mut lines = Vec::new();
    let mut seg_pages = Vec::new();
    for (p, parts) in pages.iter().enumerate() {
        for part in parts {
            let seg = seg_pages.len();
            for raw in part.split('\n') {
                let mut l = make_line(raw);
                l.seg = seg;
                lines.push(l);
            }
            seg_pages.push(Some(p as u32 + 1));
        }
    }
    layout_of(lines, &seg_pages)
}

/// Steps 2 to 6 over lines whose page segments are known.
fn layout_of(mut lines: Vec<Line>, seg_pages: &[Option<u32>]) -> Layout {
    let mut meta = LetterMeta::default();
    mark_furniture(&mut lines, &mut meta);
    let found = find_footnotes(&mut lines);
    let page_of = |i: usize, lines: &[Line]| seg_pages.get(lines[i].seg).copied().flatten();
    let fn_pages: HashMap<u32, Option<u32>> = found
        .iter()
        .map(|(n, m)| (*n, m.first().and_then(|&i| page_of(i, &lines))))
        .collect();
    link_markers(&mut lines, &fn_pages, seg_pages);
    let hyph = hyphen_lexicon(&lines);

    let footnotes = found
        .iter()
        .map(|(n, members)| {
            let texts: Vec<String> = members
                .iter()
                .enumerate()
                .map(|(k, &i)| {
                    if k == 0 {
                        parse_fn_start(&lines[i].text, *n, true).unwrap_or_default()
                    } else {
                        lines[i].text.clone()
                    }
                })
                .collect();
            let refs: Vec<&str> = texts.iter().map(|s| s.as_str()).collect();
            Footnote {
                number: *n,
                text: join_lines(&refs, &hyph),
                page: members.first().and_then(|&i| page_of(i, &lines)),
            }
        })
        .collect();

    let mut paragraphs = Vec::new();
    let mut stack: Vec<(usize, bool, String)> = Vec::new();
    for ev in build_events(&lines, &hyph) {
        match ev {
            Event::Heading(kind, title) => {
                let (level, sub) = match kind {
                    HKind::Title | HKind::Qa => (1, false),
                    HKind::Numbered(d) => (d, false),
                    HKind::Sub => (
                        stack
                            .iter()
                            .filter(|e| !e.1)
                            .map(|e| e.0)
                            .max()
                            .unwrap_or(0)
                            + 1,
                        true,
                    ),
                };
                stack.retain(|e| e.0 < level);
                stack.push((level, sub, title));
            }
            Event::Para(block) => {
                let texts: Vec<&str> = block.iter().map(|&i| lines[i].text.as_str()).collect();
                paragraphs.push(Paragraph {
                    section: stack.iter().map(|e| e.2.clone()).collect(),
                    page: page_of(block[0], &lines),
                    text: join_lines(&texts, &hyph),
                    footnotes: block
                        .iter()
                        .flat_map(|&i| lines[i].markers.iter().copied())
                        .collect(),
                });
            }
        }
    }
    Layout {
        paragraphs,
        footnotes,
        meta,
        links: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Directory of the shared corpus: the one place to change when the crate
    /// moves. In /work/main this becomes
    /// `concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus")`.
    const CORPUS_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus");
    const AGENDA: &str = "kamerbrieven/geannoteerde-agenda-ojcs-raad-mei-2024.txt";

    fn read(rel: &str) -> String {
        std::fs::read_to_string(format!("{CORPUS_DIR}/{rel}")).expect("corpus file")
    }

    fn agenda() -> Layout {
        read_layout(&[read(AGENDA).as_str()])
    }

    fn kamervragen() -> Vec<(String, String)> {
        let dir = format!("{CORPUS_DIR}/kamervragen");
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .expect("kamervragen dir")
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .collect();
        files.sort();
        files
            .into_iter()
            .map(|p| {
                (
                    p.file_name()
                        .unwrap_or_default()
                        .to_string_lossy()
                        .to_string(),
                    std::fs::read_to_string(&p).expect("read"),
                )
            })
            .collect()
    }

    /// Diagnostic dump: `KV_DUMP=<name part> cargo test kv_stats -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn kv_stats() {
        let (mut with_fn, mut found, mut linked) = (0, 0, 0);
        for (name, text) in kamervragen() {
            let l = read_layout(&[text.as_str()]);
            let nf = l.footnotes.len();
            let nl: usize = l.paragraphs.iter().map(|p| p.footnotes.len()).sum();
            if nf > 0 {
                with_fn += 1;
            }
            found += nf;
            linked += nl;
            let raw_fn = text
                .lines()
                .filter(|t| re!(r"^\d{1,2}(\)|\s?[A-Z«h])").is_match(t))
                .count();
            eprintln!(
                "{name}: paras {} fns {nf} linked {nl} rawcand {raw_fn} pages {:?} meta {:?}",
                l.paragraphs.len(),
                l.paragraphs.last().and_then(|p| p.page),
                l.meta
            );
            if std::env::var("KV_DUMP").is_ok_and(|v| name.contains(&v)) {
                for p in &l.paragraphs {
                    eprintln!(
                        "  {:?} {:?} {:?} | {}",
                        p.page,
                        p.section,
                        p.footnotes,
                        p.text.chars().take(100).collect::<String>()
                    );
                }
                for f in &l.footnotes {
                    eprintln!("  FN {} p{:?}: {}", f.number, f.page, f.text);
                }
            }
        }
        eprintln!("files with footnotes {with_fn}, footnotes {found}, linked {linked}");
    }

    #[test]
    fn agenda_footnotes_found_and_linked() {
        let l = agenda();
        let nums: Vec<u32> = l.footnotes.iter().map(|f| f.number).collect();
        assert_eq!(nums, (1..=12).collect::<Vec<_>>());
        let text = |n: u32| l.footnotes[n as usize - 1].text.as_str();
        assert_eq!(
            text(1),
            "BNC Fiche 2: aanbeveling leermobiliteitsmogelijkheden, 22112-3857."
        );
        assert!(text(2).starts_with("Er is ook overeengekomen dat de Commissie een studie zal uitvoeren naar de kansen, uitdagingen"));
        assert!(text(2).ends_with("rondom gebalanceerde mobiliteit."));
        assert_eq!(
            text(3),
            "https://www.rijksoverheid.nl/documenten/publicaties/2023/12/22/bnc-fiche-2-aanbeveling-leermobiliteit"
        );
        assert_eq!(
            text(4),
            "Learning Lab on Investing in Quality Education and Training, Europese Onderwijsruimte. Link."
        );
        assert_eq!(
            text(5),
            "Tweede Kamer, vergaderjaar 2019–2020, 21 501-34, nr. 32"
        );
        assert!(text(7).starts_with("Hierbij gaat het onder meer om AI-systemen die worden gebruikt voor het bepalen van toegang en toewijzing aan onderwijsinstellingen of -programma’s; AI-systemen"));
        assert!(text(7).ends_with("tijdens toetsen."));
        assert_eq!(
            text(10),
            "Tweede Kamer, vergaderjaar 2023–2024, 26 643, nr. 1125"
        );
        assert_eq!(text(11), "Zoals recent ook aanbevolen in de Rapportage AI- & algoritmerisico's Nederland (RAN) - najaar 2023 | Autoriteit Persoonsgegevens");
        assert_eq!(
            text(12),
            "https://www.slo.nl/publicaties/@23474/conceptkerndoelen-digitale-geletterdheid/"
        );
        let pages: Vec<Option<u32>> = l.footnotes.iter().map(|f| f.page).collect();
        let expect = [2, 3, 3, 4, 5, 5, 5, 5, 5, 5, 6, 6];
        assert_eq!(pages, expect.iter().map(|&p| Some(p)).collect::<Vec<_>>());
        for f in &l.footnotes {
            for bad in [
                "Pagina",
                "Onze referentie",
                "45541772",
                "autoriteitpersoonsgegevens.nl",
            ] {
                assert!(
                    !f.text.contains(bad),
                    "furniture in footnote {}: {}",
                    f.number,
                    f.text
                );
            }
        }
        // Every footnote linked exactly once, in document order, and the
        // marker text sits in the paragraph that lists it.
        let linked: Vec<u32> = l
            .paragraphs
            .iter()
            .flat_map(|p| p.footnotes.iter().copied())
            .collect();
        assert_eq!(linked, (1..=12).collect::<Vec<_>>());
        for p in &l.paragraphs {
            for n in &p.footnotes {
                assert!(p.text.contains(&format!("[{n}]")), "{n} not in {}", p.text);
            }
        }
        for needle in [
            "iedereen[1]",
            "vorm te geven[2].",
            "BNC-fiche[3],",
            "Training’[4]",
            "thema[5].",
            "2021-2027[6] in 2022",
            "Onderwijsraad[8],",
            "Digitaliseren[9]",
            "AI[10].",
            "inspelen[11].",
            "kerndoel[12].",
        ] {
            assert!(
                l.paragraphs.iter().any(|p| p.text.contains(needle)),
                "missing {needle}"
            );
        }
    }

    #[test]
    fn agenda_footnote_7_paragraph_and_sections() {
        let l = agenda();
        let p = l
            .paragraphs
            .iter()
            .find(|p| {
                p.text.contains(
                    "eisen worden gesteld aan de inzet van die toepassingen in het onderwijs.[7]",
                )
            })
            .expect("paragraph with marker 7");
        assert_eq!(
            p.section,
            vec![
                "Beleidsdebat AI en onderwijs".to_string(),
                "Inhoud".to_string()
            ]
        );
        assert_eq!(p.footnotes, vec![6, 7]);
        assert_eq!(p.page, Some(5));
        let p = l
            .paragraphs
            .iter()
            .find(|p| {
                p.text.contains(
                    "Bepaalde toepassingen van AI in het onderwijs zijn als hoog-risico aangemerkt",
                )
            })
            .expect("hoog-risico");
        assert_eq!(
            p.section.first().map(String::as_str),
            Some("Beleidsdebat AI en onderwijs")
        );
        // The two-line item title is joined.
        assert!(l.paragraphs.iter().any(|p| p.section
            == [
                "Raadsaanbeveling Europa in beweging, leermobiliteitsmogelijkheden voor iedereen",
                "Inbreng Nederland"
            ]));
        // Paragraph continued over a page break (and over footnotes 2 and 3).
        assert!(l.paragraphs.iter().any(|p| p
            .text
            .contains("m.b.t. de streefcijfers, de definitie van leermobiliteit")));
        // Hyphens: real compounds are kept.
        let all: String = l
            .paragraphs
            .iter()
            .map(|p| p.text.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        for needle in [
            "evidence-informed onderwijs(beleid)",
            "AI-paraatheid",
            "AI-technologieën en welke",
            "onderwijs- en opleidingstrajecten",
            "en -instellingen",
        ] {
            assert!(all.contains(needle), "missing {needle}");
        }
        assert_eq!(l.meta.reference.as_deref(), Some("45541772"));
        assert_eq!(
            l.meta.ministry.as_deref(),
            Some("Ministerie van Onderwijs, Cultuur en Wetenschap")
        );
    }

    #[test]
    fn agenda_furniture_removed_numbers_kept() {
        let l = agenda();
        let all: String = l
            .paragraphs
            .iter()
            .map(|p| p.text.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        assert!(!re!(r"Pagina \d+ van \d+").is_match(&all));
        assert!(!all.contains("Onze referentie") && !all.contains("45541772"));
        for needle in [
            "op respectievelijk 23% en 12%.",
            "voor 2030.",
            "op 13 mei in Antwerpen",
            "op 12 april 2024 in",
            "tegen 2026 aan",
            "De minister van Onderwijs, Cultuur en Wetenschap, Robbert Dijkgraaf",
        ] {
            assert!(all.contains(needle), "missing {needle}");
        }
        assert!(l.paragraphs.iter().all(|p| p.page.is_some()));
        assert_eq!(l.paragraphs.last().and_then(|p| p.page), Some(10));
    }

    /// One line per paragraph: page | section path | first 60 chars | footnotes.
    fn render(l: &Layout) -> String {
        let mut out = String::new();
        for p in &l.paragraphs {
            let page = p.page.map_or("-".to_string(), |n| n.to_string());
            let head: String = p.text.chars().take(60).collect();
            out.push_str(&format!(
                "{page} | {} | {head} | {:?}\n",
                p.section.join(" > "),
                p.footnotes
            ));
        }
        out
    }

    const AGENDA_SNAPSHOT: &str = r#"1 |  | Hierbij zend ik u, mede namens de minister voor Primair en V | []
1 |  | Het onderwijsdeel van de Raad staat gepland voor 13 mei. Ik  | []
1 |  | Tijdens de Onderwijsraad staat een beleidsdebat over AI en o | []
1 |  | Tijdens een informeel werkdiner van de Ministers van Cultuur | []
1 |  | Tijdens de Cultuurraad van 14 mei vindt een beleidsdebat ove | []
1 |  | De minister van Onderwijs, Cultuur en Wetenschap, Robbert Di | []
2 | Onderwijs – maandag 13 mei 2024 | Voor de Onderwijsraad staan de volgende stukken ter vaststel | []
2 | Onderwijs – maandag 13 mei 2024 | • Raadsaanbeveling Europa in beweging, leermobiliteitsmogeli | [1]
2 | Onderwijs – maandag 13 mei 2024 | • Raadsconclusies over het bevorderen van evidence-informed  | []
2 | Onderwijs – maandag 13 mei 2024 | Tijdens het onderwijsdeel zal beleidsdebat gaan over: | []
2 | Onderwijs – maandag 13 mei 2024 | • Lerarentekort (lunchdebat) | []
2 | Onderwijs – maandag 13 mei 2024 | • AI in het onderwijs | []
2 | Onderwijs – maandag 13 mei 2024 | Op het moment van schrijven is er nog geen officiële agenda  | []
2 | Raadsaanbeveling Europa in beweging, leermobiliteitsmogelijkheden voor iedereen > Inhoud | Op 15 november jl. heeft de Europese Commissie (de Commissie | []
2 | Raadsaanbeveling Europa in beweging, leermobiliteitsmogelijkheden voor iedereen > Inhoud | De voorstellen voor EU streefcijfers in het hoger beroepsond | []
3 | Raadsaanbeveling Europa in beweging, leermobiliteitsmogelijkheden voor iedereen > Inhoud | De voorgestelde definitie van leermobiliteit bevat alle vorm | []
3 | Raadsaanbeveling Europa in beweging, leermobiliteitsmogelijkheden voor iedereen > Inhoud | De negatieve gevolgen van disbalans worden genoemd in de Raa | []
3 | Raadsaanbeveling Europa in beweging, leermobiliteitsmogelijkheden voor iedereen > Inhoud | Lidstaten zijn overeengekomen dat lidstaten actief kennis zu | [2]
3 | Raadsaanbeveling Europa in beweging, leermobiliteitsmogelijkheden voor iedereen > Inbreng Nederland | Conform de afspraken die zijn gemaakt met de Tweede Kamer is | [3]
3 | Raadsaanbeveling Europa in beweging, leermobiliteitsmogelijkheden voor iedereen > Inbreng Nederland | In de onderhandelingen is aangestuurd op het breder definiër | []
3 | Raadsaanbeveling Europa in beweging, leermobiliteitsmogelijkheden voor iedereen > Indicatie krachtenveld | De Raadsaanbeveling werd positief door lidstaten ontvangen,  | []
4 | Raadsconclusies over het bevorderen van evidence-informed beleid in onderwijs en training voor de Europese Onderwijsruimte > Inhoud | Om kwalitatief hoogstaand en inclusief onderwijs(beleid) te  | []
4 | Raadsconclusies over het bevorderen van evidence-informed beleid in onderwijs en training voor de Europese Onderwijsruimte > Inhoud | De Raadsconclusies formuleren vier prioriteiten. Ten eerste  | [4]
4 | Raadsconclusies over het bevorderen van evidence-informed beleid in onderwijs en training voor de Europese Onderwijsruimte > Inbreng Nederland | Nederland heeft een positieve grondhouding ten opzichte van  | []
4 | Raadsconclusies over het bevorderen van evidence-informed beleid in onderwijs en training voor de Europese Onderwijsruimte > Indicatie krachtenveld | Deze Raadsconclusies van het Belgische voorzitterschap werde | []
4 | Beleidsdebat AI en onderwijs > Inhoud | Het Voorzitterschap heeft, in het kader van hun prioriteit d | [5]
5 | Beleidsdebat AI en onderwijs > Inhoud | In de EU en internationaal opzicht is de laatste jaren veel  | [6, 7]
5 | Beleidsdebat AI en onderwijs > Inhoud | Het kabinetsbeleid op dit gebied is aangegeven in reactie op | [8, 9, 10]
6 | Beleidsdebat AI en onderwijs > Inzet Nederland | Gezien de actuele en complexe vragen die op het onderwijs af | [11, 12]
6 | Beleidsdebat AI en onderwijs > Inzet Nederland | Nederland zal wat betreft maatregelen op EU-niveau in relati | []
6 | Beleidsdebat AI en onderwijs > Indicatie krachtenveld | Lidstaten zullen de kansen en risico’s van AI onderkennen. T | []
6 | Informeel werkdiner van de Ministers van Cultuur – maandag 13 mei > Beleidsdebat | Het werkdiner zal bestaan uit een beleidsdebat over: | []
6 | Informeel werkdiner van de Ministers van Cultuur – maandag 13 mei > Beleidsdebat | • De rol van cultuur en cultureel erfgoed bij het bevorderen | []
6 | Informeel werkdiner van de Ministers van Cultuur – maandag 13 mei > Achtergrond | Het Belgische voorzitterschap geeft in zijn voorbereidende n | []
7 | Informeel werkdiner van de Ministers van Cultuur – maandag 13 mei > Achtergrond | Het voorzitterschap vraagt naar de ideeën voor het versterke | []
7 | Informeel werkdiner van de Ministers van Cultuur – maandag 13 mei > Nederlandse inzet | Het Belgische voorzitterschap heeft aangegeven graag een ope | []
7 | Cultuur – dinsdag 14 mei 2024 | Voor deze Raad staan de volgende stukken ter vaststelling ge | []
7 | Cultuur – dinsdag 14 mei 2024 | • Raadsconclusies over het versterken van de culturele en cr | []
7 | Cultuur – dinsdag 14 mei 2024 | • Raadsconclusies over steun aan influencers als onlineconte | []
7 | Cultuur – dinsdag 14 mei 2024 | Het beleidsdebat tijdens deze Raad zal het gaan over: | []
7 | Cultuur – dinsdag 14 mei 2024 | • Het toekomstbestendig maken van de culturele en creatieve  | []
7 | Raadsconclusies over het versterken van de culturele en creatieve sectoren door datagedreven publieksontwikkeling > Achtergrond | Het Belgisch voorzitterschap stelt in de Raadsconclusies ove | []
7 | Raadsconclusies over het versterken van de culturele en creatieve sectoren door datagedreven publieksontwikkeling > Achtergrond | Verder stellen de Raadsconclusies voor dat de Europese Commi | []
8 | Raadsconclusies over het versterken van de culturele en creatieve sectoren door datagedreven publieksontwikkeling > Nederlandse inzet | De eerste aanzet voor de Raadsconclusies was inhoudelijk ste | []
8 | Raadsconclusies over het versterken van de culturele en creatieve sectoren door datagedreven publieksontwikkeling > Nederlandse inzet | Gezien de realistische aanbevelingen, de ruimte die aan lids | []
8 | Raadsconclusies over het versterken van de culturele en creatieve sectoren door datagedreven publieksontwikkeling > Indicatie krachtenveld | Deze Raadsconclusies werden ook door de andere lidstaten pos | []
8 | Raadsconclusies over steun aan influencers als onlinecontentmakers > Achtergrond | Influencers zijn onderdeel van het wereldwijde media-ecosyst | []
8 | Raadsconclusies over steun aan influencers als onlinecontentmakers > Achtergrond | De Raadsconclusies sommen de reeds van toepassing zijnde rec | []
8 | Raadsconclusies over steun aan influencers als onlinecontentmakers > Achtergrond | Daarnaast wordt aan lidstaten aanbevolen om een samenhangend | []
9 | Raadsconclusies over steun aan influencers als onlinecontentmakers > Achtergrond | De conclusies nodigen daarnaast de Europese Commissie uit om | []
9 | Raadsconclusies over steun aan influencers als onlinecontentmakers > Nederlandse inzet | Nederland ondersteunt het onderwerp van de Raadsconclusies e | []
9 | Raadsconclusies over steun aan influencers als onlinecontentmakers > Indicatie krachtenveld | Deze Raadsconclusies van het Belgische voorzitterschap werde | []
9 | Beleidsdebat over het toekomstbestendig maken van de culturele en creatieve sectoren in het tijdperk van AI > Achtergrond | Het Belgisch voorzitterschap stelt in zijn achtergrondnotiti | []
9 | Beleidsdebat over het toekomstbestendig maken van de culturele en creatieve sectoren in het tijdperk van AI > Achtergrond | Gezien dit potentieel stelt het voorzitterschap de vraag hoe | []
9 | Beleidsdebat over het toekomstbestendig maken van de culturele en creatieve sectoren in het tijdperk van AI > Nederlandse inzet | Nederland zal aangeven dat het voor de ontwikkeling van vaar | []
10 | Beleidsdebat over het toekomstbestendig maken van de culturele en creatieve sectoren in het tijdperk van AI > Nederlandse inzet | Daarnaast zal Nederland een korte toelichting geven op het N | []
10 | Beleidsdebat over het toekomstbestendig maken van de culturele en creatieve sectoren in het tijdperk van AI > Nederlandse inzet | DEN, kennisinstituut cultuur en digitale transformatie is de | []
10 | Beleidsdebat over het toekomstbestendig maken van de culturele en creatieve sectoren in het tijdperk van AI > Nederlandse inzet | De achtergrondnotitie van het Belgische voorzitterschap kaar | []
10 | Beleidsdebat over het toekomstbestendig maken van de culturele en creatieve sectoren in het tijdperk van AI > Nederlandse inzet | Verder zal Nederland de datawerkplaatsen voor cultureel erfg | []
10 | Beleidsdebat over het toekomstbestendig maken van de culturele en creatieve sectoren in het tijdperk van AI > Nederlandse inzet | Als reactie op de tweede vraag, hoe het EU-beleid beter kan  | []
"#;

    #[test]
    fn agenda_snapshot() {
        let got = render(&agenda());
        if got != AGENDA_SNAPSHOT {
            // Readable diff: the differing lines.
            let (g, e): (Vec<_>, Vec<_>) =
                (got.lines().collect(), AGENDA_SNAPSHOT.lines().collect());
            for k in 0..g.len().max(e.len()) {
                if g.get(k) != e.get(k) {
                    eprintln!(
                        "line {k}:\n  expected: {:?}\n  got:      {:?}",
                        e.get(k),
                        g.get(k)
                    );
                }
            }
            eprintln!("--- full output (paste into AGENDA_SNAPSHOT) ---\n{got}");
            panic!("agenda snapshot changed");
        }
    }

    #[test]
    fn kamervragen_boomsma() {
        let text = read("kamervragen/ah__Antwoord_op_vragen_van_het_lid_Boomsma_o.txt");
        let l = read_layout(&[text.as_str()]);
        let nums: Vec<u32> = l.footnotes.iter().map(|f| f.number).collect();
        assert_eq!(nums, vec![1, 2, 3]);
        assert!(l.footnotes[0].text.starts_with("RTV Noord, 9 oktober 2024"));
        assert_eq!(
            l.footnotes[1].text,
            "Kamerstukken II 2024/25, 19 637, nr. 3308"
        );
        assert_eq!(l.footnotes[2].text, "2024Z15585/2024D37938");
        let q1 = l
            .paragraphs
            .iter()
            .find(|p| p.section == ["Vraag 1"])
            .expect("Vraag 1");
        assert_eq!(q1.text, "Heeft u kennisgenomen van het artikel?[1]");
        assert_eq!(q1.footnotes, vec![1]);
        let a1 = l
            .paragraphs
            .iter()
            .find(|p| p.section == ["Antwoord 1"])
            .expect("Antwoord 1");
        assert_eq!(a1.text, "Ja");
        let a2 = l
            .paragraphs
            .iter()
            .find(|p| p.section == ["Antwoord 2 t/m 6"])
            .expect("Antwoord 2 t/m 6");
        assert_eq!(a2.footnotes, vec![2, 3]);
        assert!(a2
            .text
            .contains("jl.[2] waarin ik op verzoek van uw Kamer[3] een reactie"));
        assert_eq!(l.meta.date.as_deref(), Some("18 november 2024"));
        assert_eq!(
            l.meta.ministry.as_deref(),
            Some("Ministerie van Asiel en Migratie")
        );
    }

    #[test]
    fn kamervragen_all_files() {
        let (mut with_fn, mut found, mut linked) = (0, 0, 0);
        let files = kamervragen();
        assert_eq!(files.len(), 86);
        for (name, text) in &files {
            let l = read_layout(&[text.as_str()]);
            let nums: Vec<u32> = l.footnotes.iter().map(|f| f.number).collect();
            assert_eq!(nums, (1..=nums.len() as u32).collect::<Vec<_>>(), "{name}");
            let marks: Vec<u32> = l
                .paragraphs
                .iter()
                .flat_map(|p| p.footnotes.iter().copied())
                .collect();
            assert!(
                marks.windows(2).all(|w| w[0] < w[1]),
                "{name}: markers out of order {marks:?}"
            );
            assert!(marks.iter().all(|m| nums.contains(m)), "{name}");
            let texts = l
                .paragraphs
                .iter()
                .map(|p| p.text.as_str())
                .chain(l.footnotes.iter().map(|f| f.text.as_str()));
            for t in texts {
                assert!(
                    !re!(r"(ah|kv)-tk-(\d{8}-\d+|\d{4}Z\d{5})\b").is_match(t),
                    "{name}: footer in {t}"
                );
                for bad in [
                    "ISSN 0921",
                    "Vragen gesteld door de leden der Kamer, met",
                    "Staten-Generaal2",
                ] {
                    assert!(!t.contains(bad), "{name}: furniture {bad:?} in {t}");
                }
                assert!(
                    !t.starts_with("Vergaderjaar 2024–2025 Aanhangsel"),
                    "{name}: masthead in {t}"
                );
                assert!(kv_footer_number(t).is_none(), "{name}: footer in {t}");
            }
            // Question/answer headings become the section, never text.
            assert!(
                !l.paragraphs.iter().any(|p| is_qa_heading(&p.text)),
                "{name}"
            );
            if text.lines().any(|t| t.trim() == "Vraag 1") {
                assert!(
                    l.paragraphs
                        .iter()
                        .any(|p| p.section.first().is_some_and(|s| s == "Vraag 1")),
                    "{name}"
                );
            }
            with_fn += usize::from(!nums.is_empty());
            found += nums.len();
            linked += marks.len();
        }
        eprintln!("kamervragen: {with_fn} files with footnotes, {found} footnotes, {linked} markers linked");
        assert!(
            with_fn >= 55 && linked * 10 >= found * 7,
            "{with_fn} {found} {linked}"
        );
    }

    #[test]
    fn pages_from_slices_form_feeds_and_footers() {
        let l = read_layout(&[
            "Eerste alinea.\n\n1 Voetnoot een.",
            "Tweede alinea met marker1.\n",
        ]);
        // Marker 1 on page 2 cannot point at a footnote on page 1.
        assert_eq!(l.paragraphs[1].page, Some(2));
        assert!(l.paragraphs[1].footnotes.is_empty());
        let l = read_layout(&[
            "Een tekst over iedereen1.\n\n1 De voetnoot.\n\x0cVolgende pagina.\n\x0c",
        ]);
        assert_eq!(l.paragraphs[0].text, "Een tekst over iedereen[1].");
        assert_eq!(l.paragraphs[1].page, Some(2));
        assert_eq!(
            l.footnotes,
            vec![Footnote {
                number: 1,
                text: "De voetnoot.".into(),
                page: Some(1)
            }]
        );
        let l = read_layout(&["Tekst op een.\nmeer tekst\nnog meer\nen meer.\nPagina 1 van 2\nTekst op twee.\n P agina 2 van 2"]);
        assert_eq!(
            l.paragraphs.iter().map(|p| p.page).collect::<Vec<_>>(),
            vec![Some(1), Some(2)]
        );
        let l = read_layout(&["Geen pagina's hier."]);
        assert_eq!(l.paragraphs[0].page, None);
    }

    #[test]
    fn letter_head_and_numbered_headings() {
        let text = "Retouradres Postbus 20901 2500 EX Den Haag\nMinisterie van Infrastructuur en Waterstaat\nDatum\n3 mei 2024\nBetreft Ultrafijn stof en\nluchtvaart\nOns kenmerk IENW/BSK-2022/268034\n\nGeachte voorzitter,\n\n1. Ultrafijn stof\n\nTekst over onder-\nwijs in 2030 en artikel 3. Meer.\n\n1.1 Blootstelling van de omgeving\nvan luchthavens\n\nHet gaat om 74% reductie en 440.000 vliegtuigbewegingen in de omgevingslucht)1.\n\nFiguur 1. Organogram\n\nFoto: Ministerie\n\n2. Tweede hoofdstuk, financiële\ngevolgen\na) Slot.\n\n1 Bron: RIVM.";
        let l = read_layout(&[text]);
        assert_eq!(l.meta.date.as_deref(), Some("3 mei 2024"));
        assert_eq!(l.meta.reference.as_deref(), Some("IENW/BSK-2022/268034"));
        assert_eq!(
            l.meta.ministry.as_deref(),
            Some("Ministerie van Infrastructuur en Waterstaat")
        );
        assert_eq!(
            l.meta.subject.as_deref(),
            Some("Ultrafijn stof en luchtvaart")
        );
        let secs: Vec<Vec<String>> = l.paragraphs.iter().map(|p| p.section.clone()).collect();
        assert_eq!(secs[0], Vec::<String>::new());
        assert_eq!(l.paragraphs[0].text, "Geachte voorzitter,");
        assert_eq!(secs[1], vec!["1. Ultrafijn stof"]);
        assert_eq!(
            l.paragraphs[1].text,
            "Tekst over onderwijs in 2030 en artikel 3. Meer."
        );
        assert_eq!(
            secs[2],
            vec![
                "1. Ultrafijn stof",
                "1.1 Blootstelling van de omgeving van luchthavens"
            ]
        );
        assert_eq!(
            l.paragraphs[2].text,
            "Het gaat om 74% reductie en 440.000 vliegtuigbewegingen in de omgevingslucht)[1]."
        );
        assert_eq!(l.paragraphs[3].text, "Figuur 1. Organogram");
        assert_eq!(secs[3], secs[2]);
        assert_eq!(l.paragraphs[4].text, "Foto: Ministerie");
        assert_eq!(secs[4], secs[2]);
        assert_eq!(secs[5], vec!["2. Tweede hoofdstuk, financiële gevolgen"]);
        assert_eq!(l.footnotes.len(), 1);
    }

    #[test]
    fn run_in_titles_and_numbered_list_items() {
        let text = "1. Water\n\nKennisopbouw over ultrafijn stof\nOver de emissie en effecten van ultrafijn stof is onvoldoende bekend, zegt men.\n\nDe maatregelen langs vier punten:\n1. Vermindering;\n2. Levensduurverlenging en\n3. Verwerking.\n\nGeachte voorzitter,\nDe brief over de emissies van de luchtvaart gaat over meerdere onderwerpen.\n\n26 Kamerbrief over het Landbouwbeleid\n\n2. Tweede hoofdstuk\n\nSlot.";
        let l = read_layout(&[text]);
        let secs: Vec<String> = l.paragraphs.iter().map(|p| p.section.join(" > ")).collect();
        assert_eq!(secs[0], "1. Water > Kennisopbouw over ultrafijn stof");
        assert!(l.paragraphs[0].text.starts_with("Over de emissie"));
        assert_eq!(secs[1], "1. Water > Kennisopbouw over ultrafijn stof");
        assert!(l.paragraphs[1]
            .text
            .ends_with("2. Levensduurverlenging en 3. Verwerking."));
        assert_eq!(secs[2], secs[0]);
        assert!(l.paragraphs[2]
            .text
            .starts_with("Geachte voorzitter, De brief"));
        assert_eq!(
            l.paragraphs[3].text,
            "26 Kamerbrief over het Landbouwbeleid"
        );
        assert_eq!(secs[3], secs[0]);
        assert_eq!(secs[4], "2. Tweede hoofdstuk");
    }

    #[test]
    fn columns_as_parts_of_a_page() {
        let left = "Titel\n\nDe kosten van klimaatverandering.1 Collectief doen de\nlanden van het akkoord2 echter\n\n1 Bijvoorbeeld de ECB.\n2 De overeenkomst van Parijs.";
        let right =
            "nog onvoldoende, zeggen organisaties3\nin 2030.\n\n3 Voor de beleidsnotitie 2022.";
        let l = read_layout_parts(&[vec!["Voorwoord"], vec![left, right]]);
        let nums: Vec<(u32, Option<u32>)> =
            l.footnotes.iter().map(|f| (f.number, f.page)).collect();
        assert_eq!(nums, [(1, Some(2)), (2, Some(2)), (3, Some(2))]);
        assert_eq!(l.paragraphs.last().map(|p| p.page), Some(Some(2)));
        let p = l
            .paragraphs
            .iter()
            .find(|p| p.text.starts_with("De kosten"));
        let p = p.expect("paragraph runs on into the next column");
        assert_eq!(
            p.text,
            "De kosten van klimaatverandering.[1] Collectief doen de landen van het akkoord[2] echter nog onvoldoende, zeggen organisaties[3] in 2030."
        );
        assert_eq!(p.footnotes, [1, 2, 3]);
        assert_eq!(p.section, ["Titel"]);
    }

    #[test]
    fn markers_spaced_and_paren() {
        let l = read_layout(&[
            "De brief is aangeboden 1. In de brief staat meer.\n\nVraag 1\nKlopt dit? 2)\n\n1 Kamerstuk 1.\n2) NOS, bericht.",
        ]);
        assert_eq!(
            l.paragraphs[0].text,
            "De brief is aangeboden[1]. In de brief staat meer."
        );
        assert_eq!(l.paragraphs[1].text, "Klopt dit?[2]");
        assert_eq!(l.paragraphs[1].section, vec!["Vraag 1"]);
    }

    /// Arbitrary input never panics (deterministic pseudo-random strings
    /// built from the pieces the rules look at).
    #[test]
    fn never_panics() {
        const PIECES: &[&str] = LAYOUT_PIECES;
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..3000 {
            let n = (next() % 60) as usize;
            let s: String = (0..n)
                .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                .collect();
            let _ = read_layout(&[s.as_str()]);
            let cut = s
                .char_indices()
                .map(|(i, _)| i)
                .nth((next() % (s.chars().count() as u64 + 1)) as usize)
                .unwrap_or(s.len());
            let _ = read_layout(&[&s[..cut], &s[cut..], ""]);
        }
        let _ = read_layout(&[]);
        let _ = read_layout(&[""]);
    }

    /// The pieces the layout rules look at.
    const LAYOUT_PIECES: &[&str] = &[
        "1",
        "12",
        "3)",
        "\n",
        "\n\n",
        " ",
        "\x0c",
        "Pagina 2 van 3",
        " P agina 1 van 9",
        "•",
        "- ",
        "-",
        "–",
        "é",
        "’",
        "€",
        "\u{a0}",
        "\u{ad}",
        "Vraag 1",
        "Antwoord 2:",
        "Onze referentie",
        "Datum",
        "Betreft",
        "(",
        ")",
        ".",
        ",",
        "AI-",
        "2021-20276",
        "Inhoud",
        "1.1 Titel",
        "x",
        "Woord",
        "woord",
        "http://a.nl",
        "Tweede Kamer, vergaderjaar 2024–2025, Aanhangsel 2",
        "ISSN",
        "[",
        "]",
        "1Kamerstuk",
        "9",
        "🙂",
        "\r",
        "\t",
        "Ministerie van X",
        "De minister van Y,",
        "Vraag 1\n",
        "Antwoord 1\n",
        "iedereen1 ",
        "\n1 Zie Kamerstuk 21 501-34, nr. 32\n",
        "\n2 https://x.nl\n",
        "Ons kenmerk\n",
        "\u{0}",
        "e\u{301}",
        "\u{FEFF}",
    ];

    fn check_layout(pages: Vec<String>) -> proptest::test_runner::TestCaseResult {
        let refs: Vec<&str> = pages.iter().map(String::as_str).collect();
        let layout = read_layout(&refs);
        let numbers: Vec<u32> = layout.footnotes.iter().map(|f| f.number).collect();
        for p in &layout.paragraphs {
            for n in &p.footnotes {
                prop_assert!(numbers.contains(n), "marker [{}] without footnote", n);
            }
        }
        Ok(())
    }

    fn pages(max_pages: usize, max_parts: usize) -> impl Strategy<Value = Vec<String>> {
        prop::collection::vec(crate::fuzz::text_of(LAYOUT_PIECES, max_parts), 0..max_pages)
    }

    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]
        #[test]
        fn footnote_linking_never_panics(pages in pages(4, 40)) {
            check_layout(pages)?;
        }
    }

    #[test]
    #[ignore]
    fn fuzz_layout() {
        crate::fuzz::fuzz_for("fuzz_layout", pages(6, 120), check_layout);
    }
}
