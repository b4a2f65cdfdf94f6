//! References a passage cites: Kamerstukken, Handelingen, Staatsblad, ECLI, ...
//! [`parse`] recognises and normalises them (its docs give the grammar); this
//! module attaches them to passages and says how they are indexed; [`graph`]
//! follows them through an index (who cites a paper, what a document cites).

pub mod graph;
pub mod official;
pub mod parse;

use serde::{Deserialize, Serialize};

pub use official::official_url;
pub use parse::{RefKind, Reference, ReferenceParser};

/// A reference as carried by a passage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CitedReference {
    /// Canonical id: `kst-21501-34-32`, `ECLI:NL:HR:2020:123`, `stb-2020-123`, ...
    pub canonical: String,
    /// Kind: `kamerstuk`, `dossier`, `handelingen`, `ecli`, ... ([`RefKind`]).
    pub kind: RefKind,
    /// The text as written.
    pub text: String,
    /// Footnote it came from; `None` when it is in the passage's own text.
    pub footnote: Option<u32>,
    /// Where the cited document can be read ([`reference_url`]); `None` when
    /// no address is known. Missing in passages indexed before docsearch
    /// knew addresses: [`CitedReference::with_url`] fills it in.
    #[serde(default)]
    pub url: Option<String>,
}

impl CitedReference {
    /// The reference with its [`url`](CitedReference::url) filled in where it
    /// is missing (passages stored by an older docsearch have none).
    pub fn with_url(mut self) -> Self {
        if self.url.is_none() {
            self.url = reference_url(self.kind, &self.canonical);
        }
        self
    }
}

/// The address of a cited document: a web address cited as such is its own,
/// other references have their [`official_url`].
pub fn reference_url(kind: RefKind, canonical: &str) -> Option<String> {
    if kind == RefKind::Url {
        Some(canonical.to_owned())
    } else {
        official_url(canonical)
    }
}

/// The references in a passage's text and its footnotes, each once per place,
/// after those the reader attached to its words (a Markdown link's target,
/// already in `passage.references`).
pub fn cite(passage: &crate::model::Passage) -> Vec<CitedReference> {
    let parser = parse::shared_parser();
    let mut out: Vec<CitedReference> = Vec::new();
    for r in &passage.references {
        if !out
            .iter()
            .any(|c| c.canonical == r.canonical && c.footnote == r.footnote)
        {
            out.push(r.clone());
        }
    }
    let mut add = |r: Reference, footnote: Option<u32>| {
        if !out
            .iter()
            .any(|c| c.canonical == r.canonical && c.footnote == footnote)
        {
            out.push(CitedReference {
                url: reference_url(r.kind, &r.canonical),
                canonical: r.canonical,
                kind: r.kind,
                text: r.text,
                footnote,
            });
        }
    };
    for r in parser.extract(&passage.text) {
        add(r, None);
    }
    for note in &passage.footnotes {
        for r in parser.extract(&note.text) {
            add(r, Some(note.number));
        }
    }
    out
}

/// The index terms a reference is found by: its canonical id and, for a
/// Kamerstuk, its dossier (`kst-21501-34-32` → also `kst-21501-34`, `kst-21501`),
/// so `ref:kst-21501-34` finds every paper of that dossier.
pub fn search_keys(canonical: &str) -> Vec<String> {
    if canonical.starts_with("kst-") {
        let parts: Vec<&str> = canonical.split('-').collect();
        (2..=parts.len())
            .rev()
            .map(|k| parts[..k].join("-"))
            .collect()
    } else {
        vec![canonical.to_owned()]
    }
}

/// The canonical form of a `ref:` value or a reference typed in a query,
/// however it was written (`kst-21501-34-32`, `21 501-34, nr. 32`).
pub fn canonical_of(text: &str) -> Option<String> {
    let parser = parse::shared_parser();
    let refs = parser.extract(text);
    match refs.as_slice() {
        [one] => Some(one.canonical.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Footnote, Passage};

    #[test]
    fn passage_references_come_from_text_and_footnotes() {
        let passage = Passage {
            section: vec![],
            page: Some(5),
            text: "Zie de motie (Kamerstuk 35 669, nr. 19) en de brief[5].".into(),
            footnotes: vec![Footnote {
                number: 5,
                text: "Tweede Kamer, vergaderjaar 2019–2020, 21 501-34, nr. 32".into(),
                page: None,
            }],
            references: vec![],
            lang: Some(crate::model::Lang::Nl),
        };
        let refs = cite(&passage);
        let got: Vec<(&str, Option<u32>)> = refs
            .iter()
            .map(|r| (r.canonical.as_str(), r.footnote))
            .collect();
        assert_eq!(got, [("kst-35669-19", None), ("kst-21501-34-32", Some(5))]);
        assert_eq!(
            refs[1].url.as_deref(),
            Some("https://zoek.officielebekendmakingen.nl/kst-21501-34-32")
        );
        assert_eq!(
            search_keys("kst-21501-34-32"),
            ["kst-21501-34-32", "kst-21501-34", "kst-21501"]
        );
        assert_eq!(
            canonical_of("21 501-34, nr. 32").as_deref(),
            Some("kst-21501-34-32")
        );
    }

    #[test]
    fn references_stored_without_url_still_read_and_get_one() {
        let old = r#"{"canonical":"stb-2020-123","kind":"staatsblad","text":"Stb. 2020, 123","footnote":null}"#;
        let r: CitedReference = serde_json::from_str(old).expect("old form reads");
        assert_eq!(r.url, None);
        assert_eq!(
            r.with_url().url.as_deref(),
            Some("https://zoek.officielebekendmakingen.nl/stb-2020-123")
        );
        let web = CitedReference {
            canonical: "https://example.org/a".into(),
            kind: RefKind::Url,
            text: "https://example.org/a".into(),
            footnote: Some(2),
            url: None,
        };
        assert_eq!(web.with_url().url.as_deref(), Some("https://example.org/a"));
        let unknown = CitedReference {
            canonical: "2024Z18775".into(),
            kind: RefKind::Zaak,
            text: "2024Z18775".into(),
            footnote: None,
            url: None,
        };
        assert_eq!(unknown.with_url().url, None);
    }
}
