//! docsearch: passage search for Dutch parliamentary and government documents.
//!
//! Index a folder of Kamerbrieven, moties, Handelingen, judgments and statutes,
//! then search it: hits are passages with their document, section, page,
//! highlighted snippet, footnotes and references.
//!
//! ```
//! use docsearch::{IndexConfig, SearchIndex, SearchOptions};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let corpus = tempfile::tempdir()?;
//! std::fs::write(
//!     corpus.path().join("brief.txt"),
//!     "Beleidsdebat AI en onderwijs\n\nBepaalde toepassingen van AI in het onderwijs zijn als \
//!      hoog-risico aangemerkt, waardoor eisen worden gesteld aan de inzet ervan.\n",
//! )?;
//! let dir = tempfile::tempdir()?;
//! let index = SearchIndex::open_or_create(&dir.path().join("index"))?;
//! let report = index.index_folder(corpus.path(), &IndexConfig::default(), &|_| {})?;
//! assert_eq!(report.files_indexed, 1);
//!
//! let hits = index.search("AI-verordening hoog risico", &SearchOptions::default())?;
//! assert_eq!(hits[0].section, "Beleidsdebat AI en onderwijs");
//! assert!(hits[0].text.contains("hoog-risico"));
//! # Ok(())
//! # }
//! ```
#![warn(missing_docs)]

/// A regex compiled once per use site (each site caches it in its own static).
macro_rules! re {
    ($pat:expr) => {{
        static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
        RE.get_or_init(|| $crate::compile_regex($pat))
    }};
}

/// Compiles one of the crate's own (constant) patterns.
fn compile_regex(pattern: &str) -> regex::Regex {
    regex::Regex::new(pattern).expect("valid regex")
}

pub mod analyze;
pub mod citations;
pub mod compound;
pub mod document;
pub mod error;
pub mod eval;
#[cfg(test)]
mod fuzz;
pub mod index;
pub mod language;
pub mod layout;
pub mod model;
pub mod query;
pub mod read;
pub mod references;
pub mod search;
pub mod segment;
pub mod snippet;
pub mod walk;

pub use document::{DocumentView, PassageView};
pub use error::{Error, Result};
pub use index::{IndexConfig, IndexReport, Progress, SearchIndex, Skipped};
pub use model::{DocMeta, Document, Footnote, Passage};
pub use search::{Facet, Hit, SearchOptions, SearchResults, Sort, Totals, Weights};
