//! The stages of a document after its file is read, in order:
//! read → layout (done by the reader) → segment → references → language.

use std::collections::BTreeMap;
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

/// The stages after reading, shared by files and in-memory documents.
pub(crate) fn build_document(
    source: crate::read::Source,
    warnings: Vec<String>,
    guesser: &LanguageGuesser,
) -> Document {
    let mut passages = crate::segment::passages(&source.layout);
    for p in &mut passages {
        p.references = crate::references::cite(p);
    }
    let mut unknown = Vec::new();
    let mut counts: BTreeMap<&'static str, usize> = BTreeMap::new();
    for (i, p) in passages.iter_mut().enumerate() {
        // Segmentation already set the language where function words made it clear.
        let lang = match p.lang.as_str() {
            "" => guesser.guess(&p.text),
            "nl" => Some("nl"),
            "en" => Some("en"),
            _ => guesser.guess(&p.text),
        };
        match lang {
            Some(lang) => {
                p.lang = lang.to_owned();
                *counts.entry(lang).or_default() += 1;
            }
            None => unknown.push(i),
        }
    }
    let doc_lang = counts
        .iter()
        .max_by_key(|(_, n)| **n)
        .map_or("nl", |(l, _)| *l);
    for i in unknown {
        passages[i].lang = doc_lang.to_owned();
    }
    Document {
        meta: source.meta,
        passages,
        warnings,
    }
}
