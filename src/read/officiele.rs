//! officiële-publicaties XML: Kamerstukken (moties) and Handelingen.
//!
//! `<meta name=… content=…>` elements give the metadata; where a file has only an
//! `externMetadataRecord`, the identifier comes from that URL and the rest from
//! the body (`dossiernr`, `stuk/titel`, `datum/@isodatum`, `tekstregel`).
//! Each `<al>` is a paragraph; `<item-titel>`, `<stuk>/<titel>` and `<kop>/<titel>`
//! open a section, and a Handelingen speaker (`<spreker>`) a subsection.

use super::xml::{attr, squeeze, walk, XmlEvent};
use super::Source;
use crate::layout::{Layout, Paragraph};
use crate::model::DocMeta;

/// Reads one officiële-publicaties document.
pub fn read(xml: &str, meta: &mut DocMeta) -> Result<Layout, String> {
    let mut layout = Layout::default();
    let mut stack: Vec<String> = Vec::new();
    let mut buf = String::new();
    let mut section: Vec<String> = Vec::new();
    let mut dossiernr = String::new();
    let mut hoofdstuk = String::new();
    let mut stuk_titel = String::new();
    let mut dossier_titel = String::new();
    let mut capturing: Option<&'static str> = None;

    walk(xml, |ev| match ev {
        XmlEvent::Start { name, attrs } => {
            match name {
                "meta" => {
                    if let (Some(n), Some(c)) = (attr(attrs, "name"), attr(attrs, "content")) {
                        apply_meta(meta, n, attr(attrs, "scheme").unwrap_or(""), c.trim());
                    }
                }
                "datum" if meta.date.is_none() => {
                    if let Some(iso) = attr(attrs, "isodatum") {
                        meta.date = Some(iso.to_owned());
                    }
                }
                "al"
                | "item-titel"
                | "spreker"
                | "dossiernr"
                | "begrotingshoofdstuk"
                | "tekstregel" => {
                    buf.clear();
                    capturing = Some(match name {
                        "al" => "al",
                        "item-titel" => "item-titel",
                        "spreker" => "spreker",
                        "dossiernr" => "dossiernr",
                        "begrotingshoofdstuk" => "hoofdstuk",
                        _ => "tekstregel",
                    });
                }
                "titel" if capturing.is_none() => {
                    buf.clear();
                    capturing = Some("titel");
                }
                _ => {}
            }
            stack.push(name.to_owned());
        }
        XmlEvent::Text(t) => {
            if capturing.is_some() {
                buf.push_str(t);
                buf.push(' ');
            }
        }
        XmlEvent::End(name) => {
            stack.pop();
            let Some(what) = capturing else { return };
            let closes = match what {
                "hoofdstuk" => name == "begrotingshoofdstuk",
                other => other == name,
            };
            if !closes {
                return;
            }
            capturing = None;
            let text = squeeze(&buf);
            if text.is_empty() {
                return;
            }
            let parent = stack.last().map(String::as_str).unwrap_or("");
            match what {
                "al" => layout.paragraphs.push(Paragraph {
                    section: section.clone(),
                    page: None,
                    text,
                    footnotes: Vec::new(),
                }),
                "item-titel" => section = vec![text],
                "spreker" => {
                    section.truncate(1);
                    section.push(text.trim_end_matches(':').trim().to_owned());
                }
                "dossiernr" => dossiernr = text,
                "hoofdstuk" => hoofdstuk = text,
                "titel" if parent == "dossier" => dossier_titel = text,
                "titel" if parent == "stuk" || parent == "kop" => {
                    if stuk_titel.is_empty() && parent == "stuk" {
                        stuk_titel = text.clone();
                    }
                    section = vec![sentence_case(&text)];
                }
                "tekstregel" => {
                    if let Some(year) = text.strip_prefix("Vergaderjaar ") {
                        meta.vergaderjaar
                            .get_or_insert_with(|| year.trim().replace(['–', '/'], "-"));
                    }
                }
                _ => {}
            }
        }
    })?;

    if meta.dossier.is_empty() && !dossiernr.is_empty() {
        let mut d: String = dossiernr.chars().filter(|c| !c.is_whitespace()).collect();
        if !hoofdstuk.is_empty() {
            d = format!("{d}-{hoofdstuk}");
        }
        meta.dossier.push(d);
    }
    if meta.title.is_empty() {
        let mut title = sentence_case(&stuk_titel);
        if !dossier_titel.is_empty() {
            if title.is_empty() {
                title = dossier_titel;
            } else {
                title = format!("{title} ({dossier_titel})");
            }
        }
        meta.title = title;
    }
    if meta.doc_type.is_none() {
        let lower = stuk_titel.to_lowercase();
        meta.doc_type = if lower.starts_with("motie") || lower.starts_with("gewijzigde motie") {
            Some("motie".into())
        } else if meta.doc_id.starts_with("h-") {
            Some("handelingen".into())
        } else if meta.doc_id.starts_with("kst-") {
            Some("kamerstuk".into())
        } else {
            None
        };
    }
    if meta.title.is_empty() {
        if let Some(first) = layout.paragraphs.first() {
            meta.title = first.section.first().cloned().unwrap_or_default();
        }
    }
    Ok(layout)
}

fn apply_meta(meta: &mut DocMeta, name: &str, scheme: &str, content: &str) {
    if content.is_empty() {
        return;
    }
    match name {
        "DC.identifier" => meta.doc_id = content.to_owned(),
        "OVERHEIDop.externMetadataRecord" if meta.doc_id.is_empty() => {
            // Only files without a DC.identifier carry this alone.
            // https://zoek.officielebekendmakingen.nl/kst-24515-782/metadata.xml
            if let Some(id) = content.trim_end_matches("/metadata.xml").rsplit('/').next() {
                meta.doc_id = id.to_owned();
                if let Some(year) = id.strip_prefix("h-tk-").and_then(|r| r.get(..8)) {
                    meta.vergaderjaar = Some(format!("{}-{}", &year[..4], &year[4..]));
                }
            }
        }
        "OVERHEIDop.documenttitel" => meta.title = content.to_owned(),
        "DC.title" if meta.title.is_empty() => meta.title = content.to_owned(),
        "DC.type" if scheme == "OVERHEIDop.KamerstukTypen" => {
            meta.doc_type = Some(content.to_lowercase())
        }
        "DCTERMS.issued" => meta.date = Some(content.to_owned()),
        "DCTERMS.available" if meta.date.is_none() => meta.date = Some(content.to_owned()),
        "OVERHEIDop.dossiernummer" => meta.dossier.push(content.replace(' ', "")),
        "OVERHEIDop.vergaderjaar" => meta.vergaderjaar = Some(content.to_owned()),
        "OVERHEIDop.indiener" => meta.indiener.push(content.to_owned()),
        "DC.creator" => meta.creator = Some(content.to_owned()),
        _ => {}
    }
}

/// "MOTIE VAN HET LID CEDER" → "Motie van het lid Ceder" (names keep a capital).
fn sentence_case(text: &str) -> String {
    if text.chars().any(char::is_lowercase) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut words = text.split_whitespace();
    let lower_words = [
        "van",
        "het",
        "de",
        "der",
        "den",
        "lid",
        "leden",
        "over",
        "en",
        "te",
        "op",
        "in",
        "tot",
        "ter",
        "voor",
        "c.s.",
        "vervanging",
        "die",
        "gedrukt",
        "onder",
        "nr.",
        "nrs.",
        "motie",
    ];
    if let Some(first) = words.next() {
        out.push_str(&capitalise(first));
    }
    for w in words {
        out.push(' ');
        let lower = w.to_lowercase();
        if lower_words.contains(&lower.as_str()) || w.len() == 1 {
            out.push_str(&lower);
        } else {
            out.push_str(&capitalise(w));
        }
    }
    out
}

/// "RIKKERS-OOSTERKAMP" → "Rikkers-Oosterkamp".
fn capitalise(word: &str) -> String {
    word.split('-')
        .map(|part| {
            let lower = part.to_lowercase();
            let mut chars = lower.chars();
            match chars.next() {
                Some(c) => c.to_uppercase().chain(chars).collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<String>>()
        .join("-")
}

/// Reads the file as an officiële-publicaties document.
pub fn source(xml: &str, mut meta: DocMeta) -> Result<Source, String> {
    let layout = read(xml, &mut meta)?;
    Ok(Source { meta, layout })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentence_case_keeps_names() {
        assert_eq!(
            sentence_case("MOTIE VAN HET LID CEDER"),
            "Motie van het lid Ceder"
        );
        assert_eq!(
            sentence_case("GEWIJZIGDE MOTIE VAN HET LID RIKKERS-OOSTERKAMP TER VERVANGING VAN DIE GEDRUKT ONDER NR. 12"),
            "Gewijzigde motie van het lid Rikkers-Oosterkamp ter vervanging van die gedrukt onder nr. 12"
        );
        assert_eq!(sentence_case("Motie van het lid X"), "Motie van het lid X");
    }
}
