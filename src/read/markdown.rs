//! Markdown statutes (wetten.overheid.nl conversions), named by BWB id.
//!
//! `#`-headings open sections at their level (`### Artikel 2`); the first heading
//! is the title. Paragraphs are split at blank lines; an HTML `<meta>` line is
//! dropped.

use super::Source;
use crate::layout::{Layout, Paragraph};
use crate::model::DocMeta;

/// Reads one Markdown document.
pub fn source(text: &str, mut meta: DocMeta) -> Source {
    let mut layout = Layout::default();
    let mut section: Vec<(usize, String)> = Vec::new();
    let mut para = String::new();
    let flush = |para: &mut String, section: &[(usize, String)], layout: &mut Layout| {
        let text = para.split_whitespace().collect::<Vec<_>>().join(" ");
        para.clear();
        if !text.is_empty() {
            layout.paragraphs.push(Paragraph {
                section: section.iter().map(|(_, h)| h.clone()).collect(),
                page: None,
                text,
                footnotes: Vec::new(),
            });
        }
    };
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("<meta") {
            continue;
        }
        if trimmed.starts_with('#') {
            flush(&mut para, &section, &mut layout);
            let level = trimmed.chars().take_while(|&c| c == '#').count();
            let heading = trimmed[level..]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            if heading.is_empty() {
                continue;
            }
            if meta.title.is_empty() {
                meta.title = heading;
                continue;
            }
            while section.last().is_some_and(|(l, _)| *l >= level) {
                section.pop();
            }
            section.push((level, heading));
        } else if trimmed.is_empty() {
            flush(&mut para, &section, &mut layout);
        } else {
            para.push(' ');
            para.push_str(trimmed);
        }
    }
    flush(&mut para, &section, &mut layout);
    if meta.doc_type.is_none() {
        meta.doc_type = Some(
            if meta.path.contains("circulaire/") {
                "circulaire"
            } else {
                "wet"
            }
            .to_owned(),
        );
    }
    Source { meta, layout }
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
}
