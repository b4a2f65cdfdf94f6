//! The stages of a document after its file is read, in order:
//! read → layout (done by the reader) → segment → references → language.

use std::path::Path;

use crate::language::LanguageGuesser;
use crate::model::Document;
use crate::read::SkipReason;

/// Runs the indexing stages on one file: read → segment → references →
/// language. Returns the document, or why the file is skipped.
pub fn read_document(
    path: &Path,
    rel: &str,
    max_bytes: u64,
    guesser: &LanguageGuesser,
) -> std::result::Result<Document, SkipReason> {
    let (source, warnings) = crate::read::read_file(path, rel, max_bytes)?;
    Ok(build_document(source, warnings, guesser))
}

/// The stages after reading: segment → references → language.
pub(crate) fn build_document(
    source: crate::read::Source,
    warnings: Vec<String>,
    guesser: &LanguageGuesser,
) -> Document {
    let mut passages = crate::segment::passages(&source.layout);
    for p in &mut passages {
        p.references = crate::references::cite(p);
    }
    guesser.assign(&mut passages);
    Document {
        meta: source.meta,
        passages,
        warnings,
    }
}
