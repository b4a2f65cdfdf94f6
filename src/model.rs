//! The document model every stage passes along: a [`Document`] read from a file is
//! cut into [`Passage`]s, the unit that is indexed, ranked and shown.

use serde::{Deserialize, Serialize};

/// Metadata of one source document, as far as the file states it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DocMeta {
    /// Official identifier (`kst-34104-439`, `h-tk-20172018-70-1`,
    /// `ECLI:NL:CBB:1996:ZG0749`, `BWBR0001831`) or else the path relative to the
    /// corpus root without extension.
    pub doc_id: String,
    /// Path relative to the corpus root, with `/` separators.
    pub path: String,
    /// Title of the document.
    pub title: String,
    /// Lowercase document type: `motie`, `handelingen`, `uitspraak`, `wet`, `brief`, ...
    pub doc_type: Option<String>,
    /// Date in ISO form `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Dossier numbers, normalised (`36200-VIII`, `34104`).
    pub dossier: Vec<String>,
    /// Parliamentary year, `2024-2025`.
    pub vergaderjaar: Option<String>,
    /// Who submitted or co-signed it (moties), as written (`M.G.F. Rikkers-Oosterkamp`).
    pub indiener: Vec<String>,
    /// Title of the dossier the paper belongs to (`Problematiek rondom stikstof en PFAS`).
    pub dossier_title: Option<String>,
    /// Court (judgments) or sending ministry (letters).
    pub creator: Option<String>,
    /// Letter reference number ("Ons kenmerk").
    pub reference: Option<String>,
}

/// A footnote as shown with a hit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Footnote {
    /// The footnote's number in its document.
    pub number: u32,
    /// Its text, furniture removed.
    pub text: String,
}

/// A paragraph-sized piece of one document: the unit of retrieval.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Passage {
    /// Section path, outermost heading first.
    pub section: Vec<String>,
    /// 1-based page where the passage starts, where the source has pages.
    pub page: Option<u32>,
    /// The passage text; footnote markers appear as `word[7]`.
    pub text: String,
    /// The footnotes whose markers are in this passage.
    pub footnotes: Vec<Footnote>,
    /// References cited in the passage or its footnotes.
    pub references: Vec<crate::references::CitedReference>,
    /// ISO 639-1 language code (`nl`, `en`, `de`, `fr`).
    pub lang: String,
}

/// A document read from a file, ready to index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// What the file says about itself.
    pub meta: DocMeta,
    /// Its passages in reading order.
    pub passages: Vec<Passage>,
    /// Things the reader noticed but recovered from (e.g. a non-UTF-8 encoding).
    pub warnings: Vec<String>,
}

/// A section path (outermost heading first) in JSON: one string, the
/// headings joined by ` > ` (`"1. Ultrafijn stof > 1.1 Blootstelling"`).
pub(crate) mod section_path {
    use serde::{Deserialize, Deserializer, Serializer};

    const SEPARATOR: &str = " > ";

    pub fn serialize<S: Serializer>(section: &[String], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&section.join(SEPARATOR))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
        let joined = String::deserialize(d)?;
        Ok(if joined.is_empty() {
            Vec::new()
        } else {
            joined.split(SEPARATOR).map(str::to_owned).collect()
        })
    }
}
