//! Files to documents: every supported format is read into a [`Source`]:
//! metadata plus a [`Layout`] of paragraphs, sections and footnotes.

mod decode;
mod markdown;
mod officiele;
mod pdf;
mod rechtspraak;
mod skip;
mod text;
mod xml;

use std::io::Read;
use std::path::Path;

use crate::layout::Layout;
use crate::model::DocMeta;
pub use skip::{SkipReason, MISSING_PDFTOTEXT};

/// A file read into metadata and structure, before it is cut into passages.
#[derive(Debug, Clone)]
pub struct Source {
    /// Metadata.
    pub meta: DocMeta,
    /// Paragraphs, sections, footnotes.
    pub layout: Layout,
}

/// The formats docsearch reads, by file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `.txt`
    Text,
    /// `.xml`: officiële-publicaties or open-rechtspraak.
    Xml,
    /// `.md`
    Markdown,
    /// `.pdf`: the text layer, through poppler's `pdftotext`.
    Pdf,
}

impl Format {
    /// The format of a file, from its extension; `None` for files docsearch ignores.
    pub fn of(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(Format::Text),
            "xml" => Some(Format::Xml),
            "md" | "markdown" => Some(Format::Markdown),
            "pdf" => Some(Format::Pdf),
            _ => None,
        }
    }

    /// Why a file whose [`Format::of`] is `None` is not read.
    pub fn not_read_because(path: &Path) -> String {
        const READ: &str = "it reads .txt, .md, .xml and .pdf";
        match path.extension() {
            Some(ext) => format!(
                "docsearch does not read .{} files ({READ})",
                ext.to_string_lossy()
            ),
            None => format!("no file extension: docsearch does not know its format ({READ})"),
        }
    }
}

/// Reads one file. `rel` is its path relative to the corpus root (with `/`).
/// Returns the source and warnings, or the reason the file is skipped.
pub fn read_file(
    path: &Path,
    rel: &str,
    max_bytes: u64,
) -> Result<(Source, Vec<String>), SkipReason> {
    read_file_expecting(path, rel, max_bytes, None)
}

/// [`read_file`] for a file that had `expected_size` bytes when the folder was
/// walked: a file that changes size between the walk and the end of the read is
/// skipped (the next run reads it again), so the index never holds half a file.
pub(crate) fn read_file_expecting(
    path: &Path,
    rel: &str,
    max_bytes: u64,
    expected_size: Option<u64>,
) -> Result<(Source, Vec<String>), SkipReason> {
    let format =
        Format::of(path).ok_or_else(|| SkipReason::Content("unsupported file type".to_owned()))?;
    let file = std::fs::File::open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => SkipReason::Disappeared,
        _ => SkipReason::Unreadable(format!("cannot open: {e}")),
    })?;
    let stat_failed =
        |e: std::io::Error| SkipReason::Unreadable(format!("cannot read file information: {e}"));
    let before = file.metadata().map_err(stat_failed)?;
    if !before.is_file() {
        return Err(SkipReason::Content("not a regular file".into()));
    }
    if before.len() > max_bytes {
        return Err(SkipReason::TooLarge {
            size: before.len(),
            max: max_bytes,
        });
    }
    let mut bytes = Vec::new();
    (&file)
        .take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| SkipReason::Unreadable(format!("cannot read: {e}")))?;
    if bytes.len() as u64 > max_bytes {
        return Err(SkipReason::TooLarge {
            size: bytes.len() as u64,
            max: max_bytes,
        });
    }
    let after = file.metadata().map_err(stat_failed)?;
    let read = bytes.len() as u64;
    let changed = after.len() != read
        || before.modified().ok() != after.modified().ok()
        || expected_size.is_some_and(|n| n != read);
    if changed {
        return Err(SkipReason::Changed {
            listed: expected_size.unwrap_or(before.len()),
            read,
            now: after.len(),
        });
    }
    read_bytes(&bytes, format, rel)
}

/// Reads a document from memory; `rel` names it (its path relative to the corpus root).
pub fn read_bytes(
    bytes: &[u8],
    format: Format,
    rel: &str,
) -> Result<(Source, Vec<String>), SkipReason> {
    let content = |text: &str| SkipReason::Content(text.to_owned());
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(content("empty file"));
    }
    let meta = DocMeta {
        path: rel.to_owned(),
        ..DocMeta::default()
    };
    let text_of = |bytes: &[u8]| -> Result<(String, Vec<String>), SkipReason> {
        if looks_binary(bytes) {
            return Err(content(
                "binary content (NUL or control bytes), not a text file",
            ));
        }
        let decoded = decode::decode(bytes);
        Ok((decoded.text, decoded.warning.into_iter().collect()))
    };
    let (source, warnings) = match format {
        // Binary: read by pdftotext, not decoded as text.
        Format::Pdf => (pdf::source(bytes, meta)?, Vec::new()),
        Format::Text => {
            let (text, warnings) = text_of(bytes)?;
            (text::source(&text, meta), warnings)
        }
        Format::Markdown => {
            let (text, warnings) = text_of(bytes)?;
            (markdown::source(&text, meta), warnings)
        }
        Format::Xml => {
            let (text, warnings) = text_of(bytes)?;
            let xml = decode::xml_start(&text);
            let mut cut = xml.len().min(2000);
            while !xml.is_char_boundary(cut) {
                cut -= 1;
            }
            let head = &xml[..cut];
            let source =
                if head.contains("<open-rechtspraak") || head.contains("rechtspraak.nl/schema") {
                    rechtspraak::source(xml, meta).map_err(SkipReason::Content)?
                } else if head.contains("<officiele-publicatie") {
                    officiele::source(xml, meta).map_err(SkipReason::Content)?
                } else {
                    return Err(content(
                    "XML of an unknown kind (neither officiële-publicaties nor open-rechtspraak)",
                ));
                };
            (source, warnings)
        }
    };
    finish(source, warnings, rel)
}

/// The checks every format shares: an id, some text, a title.
fn finish(
    mut source: Source,
    mut warnings: Vec<String>,
    rel: &str,
) -> Result<(Source, Vec<String>), SkipReason> {
    if source.meta.doc_id.is_empty() {
        source.meta.doc_id = default_doc_id(rel);
    }
    if source.layout.paragraphs.is_empty() {
        return Err(SkipReason::Content("no text found".into()));
    }
    if source.meta.title.is_empty() {
        warnings.push("no title found".into());
    }
    Ok((source, warnings))
}

/// NUL bytes anywhere, or many control characters at the start: text files
/// have neither (a file in an unknown 8-bit encoding is still text).
fn looks_binary(bytes: &[u8]) -> bool {
    if bytes.contains(&0) {
        return true;
    }
    let probe = &bytes[..bytes.len().min(8192)];
    let control = probe
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    control * 10 > probe.len()
}

/// The path without its extension; for names that are identifiers
/// (`BWBR0001831.md`, `ECLI.NL.CBB.1996.ZG0749.xml`) the identifier.
fn default_doc_id(rel: &str) -> String {
    let without_ext = match rel.rfind('.') {
        Some(dot) if !rel[dot..].contains('/') => &rel[..dot],
        _ => rel,
    };
    let stem = without_ext.rsplit('/').next().unwrap_or(without_ext);
    if stem.starts_with("BWBR") && stem[4..].chars().all(|c| c.is_ascii_digit()) {
        return stem.to_owned();
    }
    if let Some(rest) = stem.strip_prefix("ECLI.") {
        return format!("ECLI:{}", rest.replace('.', ":"));
    }
    without_ext.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_ids() {
        assert_eq!(default_doc_id("wetten/wet/BWBR0001831.md"), "BWBR0001831");
        assert_eq!(
            default_doc_id("rechtspraak/ECLI.NL.CBB.1996.ZG0749.xml"),
            "ECLI:NL:CBB:1996:ZG0749"
        );
        assert_eq!(
            default_doc_id("kamerbrieven/geannoteerde-agenda-ojcs-raad-mei-2024.txt"),
            "kamerbrieven/geannoteerde-agenda-ojcs-raad-mei-2024"
        );
    }

    #[test]
    fn no_size_limit_reads_the_whole_file() {
        let dir = std::env::temp_dir().join(format!("docsearch-read-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("brief.txt");
        std::fs::write(&path, "Geachte voorzitter,\n\nDe motie is uitgevoerd.\n").unwrap();
        let (source, _) = read_file(&path, "brief.txt", u64::MAX).unwrap();
        let text: String = source
            .layout
            .paragraphs
            .iter()
            .map(|p| p.text.as_str())
            .collect();
        assert!(text.contains("motie is uitgevoerd"), "{text}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
