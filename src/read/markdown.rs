//! Markdown statutes (wetten.overheid.nl conversions), named by BWB id.
//!
//! `#`-headings open sections at their level (`### Artikel 2`); the first heading
//! is the title. Paragraphs are split at blank lines; an HTML `<meta>` line is
//! dropped.
//!
//! A link (`[artikel 8.40 van de Wet
//! milieubeheer](../../wet/wet/milieubeheer/BWBR0003245/README.md)`) is read as
//! its words, in text and headings alike, and what its target names (the BWB
//! id, an ECLI, a URL: whatever the reference parser finds there) becomes a
//! [`Link`] on those words, so the passage holding them cites it. A heading's
//! link goes to the first paragraph under the heading. An image
//! (`![256348](http://wetten.overheid.nl/Illustration/256348)`) is dropped
//! from the text, its URL kept as a reference.
//!
//! A file is a statute (`wet`, or `circulaire` under `circulaire/`) when its
//! path names a BWB id (`BWBR0001826.md`, `.../BWBR0003245/README.md`) and it
//! has a title heading; any other Markdown file is a `document`.

use super::Source;
use crate::layout::{Layout, Link, Paragraph};
use crate::model::DocMeta;
use crate::references::CitedReference;

/// Reads one Markdown document.
pub fn source(text: &str, mut meta: DocMeta) -> Source {
    let own_id = bwb_id_in_path(&meta.path);
    let mut layout = Layout::default();
    let mut section: Vec<(usize, String)> = Vec::new();
    let mut para = String::new();
    // References of headings' links, for the next paragraph.
    let mut pending: Vec<CitedReference> = Vec::new();
    let flush = |para: &mut String,
                 section: &[(usize, String)],
                 pending: &mut Vec<CitedReference>,
                 layout: &mut Layout| {
        let joined = para.split_whitespace().collect::<Vec<_>>().join(" ");
        para.clear();
        let (text, links) = unlink(&joined);
        if text.is_empty() {
            return;
        }
        let index = layout.paragraphs.len();
        let from_heading = pending.drain(..).map(|reference| (0, reference));
        for (at, reference) in from_heading.chain(links) {
            if own_id.as_deref() != Some(reference.canonical.as_str()) {
                layout.links.push(Link {
                    paragraph: index,
                    at,
                    reference,
                });
            }
        }
        layout.paragraphs.push(Paragraph {
            section: section.iter().map(|(_, h)| h.clone()).collect(),
            page: None,
            text,
            footnotes: Vec::new(),
        });
    };
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("<meta") {
            continue;
        }
        if trimmed.starts_with('#') {
            flush(&mut para, &section, &mut pending, &mut layout);
            let level = trimmed.chars().take_while(|&c| c == '#').count();
            let written = trimmed[level..]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            let (heading, links) = unlink(&written);
            if heading.is_empty() {
                continue;
            }
            pending.extend(links.into_iter().map(|(_, r)| r));
            if meta.title.is_empty() {
                meta.title = heading;
                continue;
            }
            while section.last().is_some_and(|(l, _)| *l >= level) {
                section.pop();
            }
            section.push((level, heading));
        } else if trimmed.is_empty() {
            flush(&mut para, &section, &mut pending, &mut layout);
        } else {
            para.push(' ');
            para.push_str(trimmed);
        }
    }
    flush(&mut para, &section, &mut pending, &mut layout);
    if meta.doc_type.is_none() {
        let statute = own_id.is_some() && !meta.title.is_empty();
        meta.doc_type = Some(
            if !statute {
                "document"
            } else if meta.path.contains("circulaire/") {
                "circulaire"
            } else {
                "wet"
            }
            .into(),
        );
    }
    Source { meta, layout }
}

/// The BWB id a path is named by: `wetten/wet/BWBR0001826.md`, or the folder
/// of `wet/wet/milieubeheer/BWBR0003245/README.md`.
fn bwb_id_in_path(path: &str) -> Option<String> {
    let mut parts = path.rsplit('/');
    let file = parts.next()?;
    let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
    let folder = parts.next().unwrap_or("");
    [stem, folder]
        .into_iter()
        .find(|name| re!(r"^BWB[RVW]\d{7}$").is_match(name))
        .map(str::to_owned)
}

/// `text` with its links replaced by their words and its images dropped, and
/// the references each link's target names, with the byte offset of the
/// link's words in the returned text. Text that only looks like a link (no
/// `(` right after `]`, white space in the target, no closing bracket) stays
/// as it is.
fn unlink(text: &str) -> (String, Vec<(usize, CitedReference)>) {
    let mut out = String::with_capacity(text.len());
    let mut links = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let image = rest[..open].ends_with('!');
        let Some((words, target, after)) = link_at(&rest[open..]) else {
            out.push_str(&rest[..=open]);
            rest = &rest[open + 1..];
            continue;
        };
        if image {
            out.push_str(&rest[..open - 1]);
            // Drop the image with one of the spaces around it; its target
            // (an illustration's URL) stays a reference.
            links.extend(cited(target, words, out.len()));
            if out.is_empty() || out.ends_with(' ') {
                rest = after.strip_prefix(' ').unwrap_or(after);
            } else {
                rest = after;
            }
            continue;
        }
        out.push_str(&rest[..open]);
        let at = out.len();
        // The words may hold links of their own (`[artikel [1](x)](y)` is
        // not Markdown, but brackets in words are): read them too.
        let (words, inner) = unlink(words);
        out.push_str(&words);
        links.extend(inner.into_iter().map(|(i, r)| (at + i, r)));
        links.extend(cited(target, &words, at));
        rest = after;
    }
    out.push_str(rest);
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    (out, links)
}

/// The references a link's `target` names, written as `words`, at byte `at`.
fn cited(target: &str, words: &str, at: usize) -> Vec<(usize, CitedReference)> {
    crate::references::parse::shared_parser()
        .extract(target)
        .into_iter()
        .map(|r| {
            let reference = CitedReference {
                canonical: r.canonical,
                kind: r.kind,
                text: words.to_owned(),
                footnote: None,
                url: None,
            }
            .with_url();
            (at, reference)
        })
        .collect()
}

/// A link at the start of `s` (which starts with `[`): its words, its target
/// and the text after it. Brackets nest in the words and parentheses in the
/// target (`.../op/de/(re)integratie/.../BWBR0009565/README.md`). The
/// converter cut some folder names short, leaving a `(` unclosed
/// (`.../strafrecht/(verlenging/verjaring/inzake/etc/BWBR0003052/README.md)`):
/// then the target ends at the last `)` before white space.
fn link_at(s: &str) -> Option<(&str, &str, &str)> {
    let close = matching(s, '[', ']')?;
    let after_words = &s[close + 1..];
    if !after_words.starts_with('(') {
        return None;
    }
    let balanced = matching(after_words, '(', ')')
        .filter(|&end| !after_words[..end].contains(char::is_whitespace));
    let end = balanced.or_else(|| {
        let unbroken = after_words
            .find(char::is_whitespace)
            .unwrap_or(after_words.len());
        after_words[..unbroken].rfind(')')
    })?;
    let target = &after_words[1..end];
    if target.is_empty() {
        return None;
    }
    Some((&s[1..close], target, &after_words[end + 1..]))
}

/// Byte offset of the `close` that matches the `open` starting `s`.
fn matching(s: &str, open: char, close: char) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in s.char_indices() {
        if c == open {
            depth += 1;
        } else if c == close {
            depth -= 1;
            if depth == 0 {
                return Some(i);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_nest_by_level() {
        let md = "<meta x>\n\n##Wet van 1821\n\nAanhef.\n\n### Artikel  1  \n\n1. Eerste lid.\n\n### Artikel 2\n\nTekst\nover twee regels.\n";
        let s = source(md, DocMeta::default());
        assert_eq!(s.meta.title, "Wet van 1821");
        let sections: Vec<_> = s
            .layout
            .paragraphs
            .iter()
            .map(|p| p.section.join(">"))
            .collect();
        assert_eq!(sections, ["", "Artikel 1", "Artikel 2"]);
        assert_eq!(s.layout.paragraphs[2].text, "Tekst over twee regels.");
    }

    fn statute(md: &str) -> Source {
        source(
            md,
            DocMeta {
                path: "wetten/circulaire/BWBR0011529.md".into(),
                ..DocMeta::default()
            },
        )
    }

    #[test]
    fn links_become_their_words_and_cite_their_target() {
        let md = "##Circulaire opslag van hout\n\n\
            ####Besluit op basis van [artikel 22 Wet ziekenhuisvoorzieningen](../../../../wet/wet/ziekenhuisvoorzieningen/BWBR0002753/README.md)\n\n\
            Inrichtingen als bedoeld in [artikel 8.40 van de Wet milieubeheer](../../../../wet/wet/milieubeheer/BWBR0003245/README.md)\n\
            en in de [Wet op de (re)integratie arbeidsgehandicapten](../../wet/wet/op/de/(re)integratie/arbeidsgehandicapten/BWBR0009565/README.md)\
            [, artikel II](../../wet/wijzigingswet/wetboek/van/strafrecht/(verlenging/etc/BWBR0003052/README.md), \
            zie ![256348](http://wetten.overheid.nl/Illustration/256348) de tekening en \
            [dit besluit](../../AMvB/besluit/BWBR0011529/README.md).\n";
        let s = statute(md);
        assert_eq!(s.meta.doc_type.as_deref(), Some("circulaire"));
        let p = &s.layout.paragraphs[0];
        assert_eq!(
            p.section,
            ["Besluit op basis van artikel 22 Wet ziekenhuisvoorzieningen"]
        );
        assert_eq!(
            p.text,
            "Inrichtingen als bedoeld in artikel 8.40 van de Wet milieubeheer en in de \
             Wet op de (re)integratie arbeidsgehandicapten, artikel II, zie de tekening en dit besluit."
        );
        let links: Vec<(usize, &str, &str)> = s
            .layout
            .links
            .iter()
            .filter(|l| l.reference.kind == crate::references::RefKind::Bwb)
            .map(|l| {
                (
                    l.at,
                    l.reference.canonical.as_str(),
                    l.reference.text.as_str(),
                )
            })
            .collect();
        // The heading's link goes to the paragraph under it; the link to the
        // document itself is no reference.
        assert_eq!(
            links,
            [
                (0, "BWBR0002753", "artikel 22 Wet ziekenhuisvoorzieningen"),
                (28, "BWBR0003245", "artikel 8.40 van de Wet milieubeheer"),
                (
                    74,
                    "BWBR0009565",
                    "Wet op de (re)integratie arbeidsgehandicapten"
                ),
                (119, "BWBR0003052", ", artikel II"),
            ]
        );
        // The image's URL stays a reference, on the words after it.
        let image = s
            .layout
            .links
            .iter()
            .find(|l| l.reference.kind == crate::references::RefKind::Url);
        assert_eq!(
            image.map(|l| (&p.text[l.at..l.at + 3], l.reference.text.as_str())),
            Some(("de ", "256348"))
        );
        let (text, links) =
            unlink("Zie ![256348](http://wetten.overheid.nl/Illustration/256348) hier.");
        assert_eq!(text, "Zie hier.");
        assert_eq!(links.len(), 1);
        assert_eq!(
            (
                links[0].0,
                links[0].1.kind.as_str(),
                links[0].1.canonical.as_str()
            ),
            (4, "url", "http://wetten.overheid.nl/Illustration/256348")
        );
        assert_eq!(&p.text[28..40], "artikel 8.40");
    }

    #[test]
    fn link_lookalikes_stay_text() {
        let (text, links) = unlink("zie [sic] (het origineel) en [a](b c) en [open");
        assert_eq!(text, "zie [sic] (het origineel) en [a](b c) en [open");
        assert!(links.is_empty());
    }

    #[test]
    fn markdown_that_is_no_statute_is_a_document() {
        let readme = "# Real Dutch government documents\n\nAll texts are Dutch.\n";
        let s = source(
            readme,
            DocMeta {
                path: "README.md".into(),
                ..DocMeta::default()
            },
        );
        assert_eq!(s.meta.doc_type.as_deref(), Some("document"));
        let s = source(
            "##Wet van 1821\n\nAanhef.\n",
            DocMeta {
                path: "wet/wet/milieubeheer/BWBR0003245/README.md".into(),
                ..DocMeta::default()
            },
        );
        assert_eq!(s.meta.doc_type.as_deref(), Some("wet"));
        assert_eq!(
            bwb_id_in_path("wetten/wet/BWBR0001826.md").as_deref(),
            Some("BWBR0001826")
        );
        assert_eq!(bwb_id_in_path("notes/BWBR.md"), None);
    }
}
