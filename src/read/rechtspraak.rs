//! open-rechtspraak ECLI XML: RDF metadata and the judgment's `<para>`s.
//!
//! The first `dcterms:identifier` is the ECLI, `dcterms:date` the date of the
//! judgment, `dcterms:creator` the court, `dcterms:type` the kind (uitspraak,
//! conclusie). The `<inhoudsindicatie>` summary and the body of `<uitspraak>` or
//! `<conclusie>` give the paragraphs; a short numbered line such as
//! "2. De vaststaande feiten" opens a section.

use super::xml::{squeeze, walk, XmlEvent};
use super::Source;
use crate::layout::{Layout, Paragraph};
use crate::model::DocMeta;

/// Reads one judgment.
pub fn source(xml: &str, mut meta: DocMeta) -> Result<Source, String> {
    let mut layout = Layout::default();
    let mut buf = String::new();
    let mut in_para = false;
    let mut capture_meta: Option<String> = None;
    let mut section: Vec<String> = Vec::new();
    let mut part = String::new();
    let mut in_body = false;

    walk(xml, |ev| match ev {
        XmlEvent::Start { name, .. } => match name {
            "identifier" | "date" | "creator" | "type" | "title" if !in_body => {
                capture_meta = Some(name.to_owned());
                buf.clear();
            }
            "inhoudsindicatie" => {
                in_body = true;
                part = "Inhoudsindicatie".into();
                section = vec![part.clone()];
            }
            "uitspraak" | "conclusie" => {
                in_body = true;
                part = String::new();
                section.clear();
            }
            "para" | "title" => {
                in_para = true;
                buf.clear();
            }
            _ => {}
        },
        XmlEvent::Text(t) => {
            if in_para || capture_meta.is_some() {
                buf.push_str(t);
                buf.push(' ');
            }
        }
        XmlEvent::End(name) => {
            if let Some(field) = capture_meta.as_deref() {
                if field == name {
                    let value = squeeze(&buf);
                    match name {
                        "identifier" if meta.doc_id.is_empty() && value.starts_with("ECLI:") => {
                            meta.doc_id = value
                        }
                        "date" if meta.date.is_none() => meta.date = Some(value),
                        "creator" if meta.creator.is_none() => meta.creator = Some(value),
                        "type" if meta.doc_type.is_none() => meta.doc_type = Some(value.into()),
                        "title" if meta.title.is_empty() => meta.title = value,
                        _ => {}
                    }
                    capture_meta = None;
                }
                return;
            }
            if in_para && (name == "para" || name == "title") {
                in_para = false;
                let text = squeeze(&buf);
                if text.is_empty() {
                    return;
                }
                if name == "title" || is_numbered_heading(&text) {
                    section = if part.is_empty() {
                        vec![text]
                    } else {
                        vec![part.clone(), text]
                    };
                    return;
                }
                layout.paragraphs.push(Paragraph {
                    section: section.clone(),
                    page: None,
                    text,
                    footnotes: Vec::new(),
                });
            }
        }
    })?;
    if meta.title.is_empty() {
        meta.title = [
            meta.creator.as_deref(),
            meta.date.as_deref(),
            Some(meta.doc_id.as_str()),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
    }
    Ok(Source { meta, layout })
}

/// "2. De vaststaande feiten", "4.1 Beoordeling": short, numbered, no final period.
fn is_numbered_heading(text: &str) -> bool {
    let mut chars = text.chars();
    let starts_numbered = chars.next().is_some_and(|c| c.is_ascii_digit());
    starts_numbered
        && text.len() < 90
        && !text.ends_with(['.', ';', ',', ':'])
        && text
            .split_whitespace()
            .nth(1)
            .is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase))
        && text
            .split_whitespace()
            .next()
            .is_some_and(|w| w.chars().all(|c| c.is_ascii_digit() || c == '.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_headings() {
        assert!(is_numbered_heading("2. De vaststaande feiten"));
        assert!(is_numbered_heading("4.1 Beoordeling van het geschil"));
        assert!(!is_numbered_heading(
            "2. Het College is van oordeel dat het beroep slaagt."
        ));
        assert!(!is_numbered_heading("1996 was een goed jaar"));
    }
}
