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
//! let report = index.index_folder(corpus.path(), &IndexConfig::default())?;
//! assert_eq!(report.files_indexed, 1);
//!
//! let hits = index.search("AI-verordening hoog risico", &SearchOptions::default())?;
//! assert_eq!(hits[0].section, ["Beleidsdebat AI en onderwijs"]);
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

// The stages of the pipeline. They are public for the benchmarks and
// examples that measure them one by one, but are not the library's API: that
// is what the crate root re-exports below.
#[doc(hidden)]
pub mod analyze;
pub mod compound;
mod document;
pub mod error;
#[cfg(feature = "eval")]
pub mod eval;
#[cfg(test)]
mod fuzz;
#[doc(hidden)]
pub mod index;
#[doc(hidden)]
pub mod language;
#[doc(hidden)]
pub mod layout;
mod model;
#[doc(hidden)]
pub mod pipeline;
pub mod query;
#[doc(hidden)]
pub mod read;
pub mod references;
mod search;
#[doc(hidden)]
pub mod segment;
mod snippet;
#[doc(hidden)]
pub mod walk;

pub use document::{DocumentView, PassageView};
pub use error::{Error, Result};
pub use index::{IndexConfig, IndexReport, Progress, SearchIndex, Skipped};
pub use model::{DocMeta, DocType, Document, Footnote, Lang, Passage};
pub use query::QueryError;
pub use references::graph::{Citation, CitedBy};
pub use references::{official_url, CitedReference, RefKind, Reference, ReferenceParser};
pub use search::{
    Facet, Hit, SearchOptions, SearchResults, Sort, Totals, Weights, CANDIDATES,
    FIRST_PHASE_FACTOR, MAX_SEARCH_THREADS,
};
