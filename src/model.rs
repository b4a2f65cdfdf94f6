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
    /// Document type: `motie`, `handelingen`, `uitspraak`, `wet`, `brief`, ...
    pub doc_type: Option<DocType>,
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

/// The type of a document. In JSON and in `type:` filters, the lowercase name
/// (`motie`, `bnc-fiche`); a type the readers do not know by name (a court's
/// own kind of decision, say) is kept as the source writes it, lowercased.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DocType {
    /// A motie, also a gewijzigde or nader gewijzigde one.
    Motie,
    /// Another parliamentary paper.
    Kamerstuk,
    /// The record of a sitting.
    Handelingen,
    /// Kamervragen and the answers to them (Aanhangsel van de Handelingen).
    Aanhangsel,
    /// A letter (Kamerbrief, annotated agenda).
    Brief,
    /// A BNC-fiche on a European proposal.
    BncFiche,
    /// A judgment.
    Uitspraak,
    /// An advocate general's opinion.
    Conclusie,
    /// A statute.
    Wet,
    /// A circular.
    Circulaire,
    /// Any other document (a Markdown file that is no statute).
    Document,
    /// A type by another name.
    Other(String),
}

impl DocType {
    /// The type's name: `motie`, `bnc-fiche`, ...
    pub fn as_str(&self) -> &str {
        match self {
            DocType::Motie => "motie",
            DocType::Kamerstuk => "kamerstuk",
            DocType::Handelingen => "handelingen",
            DocType::Aanhangsel => "aanhangsel",
            DocType::Brief => "brief",
            DocType::BncFiche => "bnc-fiche",
            DocType::Uitspraak => "uitspraak",
            DocType::Conclusie => "conclusie",
            DocType::Wet => "wet",
            DocType::Circulaire => "circulaire",
            DocType::Document => "document",
            DocType::Other(name) => name,
        }
    }
}

impl From<&str> for DocType {
    fn from(name: &str) -> Self {
        let lower = name.trim().to_lowercase();
        match lower.as_str() {
            "motie" => DocType::Motie,
            "kamerstuk" => DocType::Kamerstuk,
            "handelingen" => DocType::Handelingen,
            "aanhangsel" => DocType::Aanhangsel,
            "brief" => DocType::Brief,
            "bnc-fiche" => DocType::BncFiche,
            "uitspraak" => DocType::Uitspraak,
            "conclusie" => DocType::Conclusie,
            "wet" => DocType::Wet,
            "circulaire" => DocType::Circulaire,
            "document" => DocType::Document,
            _ => DocType::Other(lower),
        }
    }
}

impl From<String> for DocType {
    fn from(name: String) -> Self {
        DocType::from(name.as_str())
    }
}

impl std::ops::Deref for DocType {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Display for DocType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for DocType {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for DocType {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(DocType::from(String::deserialize(d)?))
    }
}

/// The language of a passage. In JSON and in `lang:` filters, its ISO 639-1
/// code (`nl`, `en`, `de`, `fr`).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Dutch.
    #[default]
    Nl,
    /// English.
    En,
    /// German.
    De,
    /// French.
    Fr,
}

impl Lang {
    /// The ISO 639-1 code.
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::En => "en",
            Lang::De => "de",
            Lang::Fr => "fr",
        }
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A footnote: taken from the foot of its page by `layout`, and shown with
/// each passage that holds its marker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Footnote {
    /// The footnote's number in its document.
    pub number: u32,
    /// Its text, furniture removed.
    pub text: String,
    /// The page it is printed on, where the source has pages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
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
    /// The passage's language; `None` only between segmentation and the
    /// language stage, which decides every passage.
    pub lang: Option<Lang>,
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

// Normalised metadata values, shared by the readers, the index and the
// query filters.

/// `36 200 viii` → `36200-VIII`; `34104` stays.
pub fn normalize_dossier(value: &str) -> String {
    let mut parts = value
        .split(|c: char| c.is_whitespace() || c == '-' || c == '\u{2013}')
        .filter(|p| !p.is_empty());
    let mut number = String::new();
    let mut rest = Vec::new();
    for p in parts.by_ref() {
        if rest.is_empty() && p.chars().all(|c| c.is_ascii_digit() || c == '.') && number.len() < 5
        {
            number.push_str(&p.replace('.', ""));
        } else {
            rest.push(p.to_uppercase());
        }
    }
    if rest.is_empty() {
        number
    } else {
        format!("{number}-{}", rest.join("-"))
    }
}

/// `YYYY[-MM[-DD]]` as a `YYYYMMDD` number; the lower or upper end of the
/// period it names.
pub(crate) fn date_bound(s: &str, upper: bool) -> Option<u64> {
    let parts: Vec<&str> = s.split('-').collect();
    let num = |p: &str, len: usize| {
        (p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse::<u64>().ok())
            .flatten()
    };
    let year = num(parts.first()?, 4)?;
    let (month, day) = match parts.len() {
        1 => (if upper { 12 } else { 1 }, if upper { 31 } else { 1 }),
        2 => (num(parts[1], 2)?, if upper { 31 } else { 1 }),
        3 => (num(parts[1], 2)?, num(parts[2], 2)?),
        _ => return None,
    };
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        // A period's upper end (`2024-02`) is its last day, named as the 31st.
        if !(upper && parts.len() < 3 && day == 31 && (1..=12).contains(&month)) {
            return None;
        }
    }
    Some(year * 10_000 + month * 100 + day)
}

fn days_in_month(year: u64, month: u64) -> u64 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// An ISO date (`2024-05-13`, or a longer timestamp) as (`20240513`, `2024`).
pub(crate) fn date_number(iso: &str) -> Option<(u64, u64)> {
    let d = date_bound(iso.get(..10)?, false)?;
    Some((d, d / 10_000))
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
