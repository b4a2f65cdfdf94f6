//! Plain text, including text extracted from PDF letters and Kamervragen answers.

use std::sync::OnceLock;

use regex::Regex;

use super::Source;
use crate::layout::{read_layout, Layout};
use crate::model::DocMeta;

/// Reads a plain-text document. Form feeds separate pages.
pub fn source(text: &str, mut meta: DocMeta) -> Source {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let pages: Vec<&str> = text.split('\x0c').collect();
    let layout = read_layout(&pages);
    if let Some(id) = official_id(&text) {
        meta.doc_id = id;
    }
    letter_source(layout, &text, meta)
}

/// Fills the metadata of a letter-like document (type, date, reference,
/// sender, title) from its layout and the start of its text.
pub fn letter_source(layout: Layout, text: &str, mut meta: DocMeta) -> Source {
    let head: String = text.chars().take(3000).collect();
    if meta.doc_type.is_none() {
        meta.doc_type = Some(if head.contains("Aanhangsel van de Handelingen") {
            "aanhangsel".into()
        } else {
            "brief".into()
        });
    }
    meta.date = layout
        .meta
        .date
        .as_deref()
        .and_then(dutch_date)
        .or_else(|| dutch_date(&head));
    meta.reference = layout.meta.reference.clone();
    meta.creator = layout.meta.ministry.clone();
    meta.title = layout
        .meta
        .subject
        .clone()
        .or_else(|| {
            layout
                .paragraphs
                .iter()
                .find_map(|p| p.section.first().cloned())
        })
        .or_else(|| {
            layout
                .paragraphs
                .first()
                .map(|p| p.text.chars().take(100).collect())
        })
        .unwrap_or_default();
    Source { meta, layout }
}

/// An officielebekendmakingen identifier standing alone on a line
/// (`ah-tk-20242025-564`, the footer of Kamervragen answers).
fn official_id(text: &str) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"(?m)^[ \t]*((?:ah|h)-(?:tk|ek)-\d{8}-\d+(?:-\d+)?|kst-\d{4,6}(?:-[0-9A-Z]{1,6})*-\d+)[ \t]*$")
            .expect("valid regex")
    });
    re.captures(text).map(|c| c[1].to_owned())
}

/// The first Dutch date written out ("18 november 2024") as `2024-11-18`.
pub fn dutch_date(text: &str) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"(?i)\b(\d{1,2})\s+(januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december)\s+((?:19|20)\d{2})\b")
            .expect("valid regex")
    });
    let c = re.captures(text)?;
    let months = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ];
    let month = months.iter().position(|m| m.eq_ignore_ascii_case(&c[2]))? + 1;
    let day: u32 = c[1].parse().ok()?;
    (1..=31)
        .contains(&day)
        .then(|| format!("{}-{:02}-{:02}", &c[3], month, day))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_ids() {
        assert_eq!(
            dutch_date("(ontvangen 18 november 2024)").as_deref(),
            Some("2024-11-18")
        );
        assert_eq!(dutch_date("op 32 mei 2024"), None);
        assert_eq!(
            official_id("tekst\nah-tk-20242025-564\nISSN").as_deref(),
            Some("ah-tk-20242025-564")
        );
        assert_eq!(official_id("zie ah-tk-20242025-564 hier"), None);
    }
}
