//! The on-disk index: schema, creating and opening, and (incremental) indexing.
//!
//! One tantivy document per passage. The list of indexed files with their size
//! and modification time is written to a file of its own before each commit,
//! and the commit's payload names that file, so the list changes in the same
//! atomic step as the passages: after a crash the index and the list agree.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use serde::{Deserialize, Serialize};
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, FAST, STORED,
    STRING,
};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

use crate::analyze;
use crate::error::{Error, Result};
use crate::language::LanguageGuesser;
use crate::model::{DocMeta, Passage};
use crate::read::SkipReason;
use crate::walk::{walk, CorpusFile};

mod manifest;
mod schema;
mod store;
mod update;

use crate::pipeline::build_document;
use manifest::*;
pub(crate) use schema::{schema, Fields, StoredPassage};
use store::*;
pub(crate) use store::{damaged, panic_message};
pub use update::check_corpus;

/// Version of the on-disk format; bumped whenever schema or analysis change.
pub const FORMAT_VERSION: u32 = 6;

/// Settings for indexing.
#[derive(Debug, Clone)]
pub struct IndexConfig {
    /// Files larger than this are skipped.
    pub max_file_bytes: u64,
    /// Parsing threads (0: one per core).
    pub threads: usize,
    /// tantivy's indexing memory budget in bytes.
    pub memory_budget: usize,
}

impl Default for IndexConfig {
    fn default() -> Self {
        IndexConfig {
            max_file_bytes: 64 << 20,
            threads: 0,
            memory_budget: 256 << 20,
        }
    }
}

/// A file that was not indexed, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    /// Path relative to the corpus root.
    pub path: String,
    /// Why it was skipped.
    pub reason: String,
}

/// What an indexing run did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct IndexReport {
    /// Supported files found in the corpus.
    pub files_found: usize,
    /// Files read and indexed in this run (new or changed).
    pub files_indexed: usize,
    /// Files unchanged since the last run, not read again.
    pub files_unchanged: usize,
    /// Files that left the index because they are gone from the corpus.
    pub files_removed: usize,
    /// Passages added in this run.
    pub passages_added: usize,
    /// Passages in the index after the run.
    pub passages_total: u64,
    /// Bytes of the files indexed in this run.
    pub bytes_read: u64,
    /// Files not indexed, with reasons (including those skipped in earlier runs).
    pub skipped: Vec<Skipped>,
    /// Files with a recoverable problem: (path, what happened).
    pub warnings: Vec<Skipped>,
    /// Files with extensions docsearch does not read.
    pub files_ignored: usize,
    /// Those files, each with the reason.
    pub ignored: Vec<Skipped>,
    /// Passages whose language needed lingua.
    pub lingua_calls: usize,
    /// Wall time in seconds.
    pub seconds: f64,
}

/// Progress of an indexing run, for a progress bar.
#[derive(Debug, Clone)]
pub enum Progress {
    /// The corpus was walked: `to_read` of `found` files need reading.
    Planned {
        /// Supported files found.
        found: usize,
        /// Files new or changed.
        to_read: usize,
        /// Bytes to read.
        bytes: u64,
    },
    /// One more file was read.
    FileDone {
        /// Its size.
        bytes: u64,
    },
    /// All files are read; the index is being committed.
    Committing,
    /// The run is committed and merges its small segments (told only when
    /// there are segments to merge).
    Merging,
}

/// A docsearch index on disk.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    /// Snippet analyzers kept warm between searches.
    snippet_analyzers: Mutex<Option<crate::snippet::SnippetAnalyzers>>,
    /// The compound list of the last commit (see [`crate::compound`]), read
    /// when first needed.
    compounds: Mutex<Option<std::sync::Arc<tantivy::directory::OwnedBytes>>>,
    path: PathBuf,
}

impl SearchIndex {
    /// Opens the index at `path`, or creates an empty one there if the folder does
    /// not exist or is empty.
    ///
    /// Errors if `path` is a file, a folder written by another program, or an
    /// index of another docsearch format.
    pub fn open_or_create(path: &Path) -> Result<SearchIndex> {
        if path.is_file() {
            return Err(Error::IndexIsFile { path: path.into() });
        }
        finish_interrupted_swap(path)?;
        if !is_unfinished(path) {
            return Self::open(path);
        }
        std::fs::create_dir_all(path).map_err(io_err("cannot create index folder", path))?;
        // Two processes creating one index: the second waits for nothing and
        // says who is writing.
        let _lock = lock_folder(path)?;
        if !is_unfinished(path) {
            return Self::open(path);
        }
        // tantivy's files from a creation that was killed belong to no commit.
        for entry in std::fs::read_dir(path)
            .map_err(io_err("cannot read index folder", path))?
            .flatten()
        {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name == ".managed.json" || name.starts_with(".tmp") {
                let _ = std::fs::remove_file(entry.path());
            }
        }
        let marker = serde_json::to_string(&Marker {
            tool: "docsearch".into(),
            format: FORMAT_VERSION,
        })
        .expect("marker serializes");
        write_atomically(&path.join(MARKER_FILE), marker.as_bytes())?;
        let (schema, _) = schema();
        // Stored passages are most of an index; zstd keeps them about a third
        // smaller than tantivy's default lz4, at a small cost per shown hit.
        // Level 1: on a sample of ../shared/corpus/wetten (callgrind), level 5
        // cost indexing 9.5% more instructions for a store 5.6% smaller
        // (1.1 MB of wetten's 68 MB index); level 9 saves 3% more again.
        let settings = tantivy::IndexSettings {
            docstore_compression: tantivy::store::Compressor::Zstd(
                tantivy::store::ZstdCompressor {
                    compression_level: Some(1),
                },
            ),
            ..tantivy::IndexSettings::default()
        };
        let index = Index::builder()
            .schema(schema)
            .settings(settings)
            .create_in_dir(path)
            .map_err(tantivy_err("cannot create index", path))?;
        Self::from_index(index, path)
    }

    /// Opens an existing index for searching.
    ///
    /// While `docsearch index --rebuild` swaps a new index in, and after a crash
    /// in that moment, the previous index is opened.
    pub fn open(path: &Path) -> Result<SearchIndex> {
        if path.is_file() {
            return Err(Error::IndexIsFile { path: path.into() });
        }
        if !path.is_dir() {
            let old = sibling(path, ".old");
            if old.join(MARKER_FILE).is_file() {
                return Self::open(&old);
            }
            return Err(Error::NoIndex { path: path.into() });
        }
        let marker_path = path.join(MARKER_FILE);
        let marker: Marker = match std::fs::read(&marker_path) {
            Ok(bytes) => serde_json::from_slice(&bytes)
                .map_err(|_| Error::NotAnIndex { path: path.into() })?,
            Err(_) => {
                return Err(if is_unfinished(path) {
                    Error::NoIndex { path: path.into() }
                } else {
                    Error::NotAnIndex { path: path.into() }
                });
            }
        };
        if marker.tool != "docsearch" {
            return Err(Error::NotAnIndex { path: path.into() });
        }
        if marker.format != FORMAT_VERSION {
            return Err(Error::IncompatibleIndex {
                path: path.into(),
                found: marker.format,
                expected: FORMAT_VERSION,
            });
        }
        if !path.join(TANTIVY_META).is_file() {
            return Err(if is_unfinished(path) {
                // Killed between writing the marker and the first commit.
                Error::NoIndex { path: path.into() }
            } else {
                Error::Damaged {
                    path: path.into(),
                    reason: format!("{TANTIVY_META}, the list of its segments, is missing"),
                }
            });
        }
        // A writer in another process may remove the files of the commit just
        // read (after a merge); reading the newer commit then succeeds.
        let mut attempt = 0;
        loop {
            attempt += 1;
            let opened = Index::open_in_dir(path).map_err(|e| damaged(path, e, None));
            let opened = opened.and_then(|index| {
                // tantivy can panic on a damaged file while opening it.
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    Self::from_index(index.clone(), path)
                }))
                .unwrap_or_else(|panic| {
                    Err(Error::Index {
                        action: "cannot read index",
                        path: path.to_path_buf(),
                        source: tantivy::TantivyError::InternalError(panic_message(&panic)),
                    })
                })
                .map_err(|e| match e {
                    Error::Index { source, .. } => damaged(path, source, Some(&index)),
                    other => other,
                })
            });
            match opened {
                Err(_) if attempt < 3 => std::thread::sleep(std::time::Duration::from_millis(50)),
                other => return other,
            }
        }
    }

    fn from_index(index: Index, path: &Path) -> Result<SearchIndex> {
        analyze::register(&index);
        let (_, fields) = schema();
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(tantivy_err("cannot read index", path))?;
        Ok(SearchIndex {
            index,
            reader,
            fields,
            snippet_analyzers: Mutex::new(None),
            compounds: Mutex::new(None),
            path: path.to_path_buf(),
        })
    }

    /// Where the index lives.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Indexes the folder `corpus`: new and changed files are (re)indexed, files
    /// gone from the folder leave the index, unchanged files are not read.
    /// A file that cannot be read is reported in [`IndexReport::skipped`].
    pub fn index_folder(&self, corpus: &Path, config: &IndexConfig) -> Result<IndexReport> {
        self.index_folder_with_progress(corpus, config, &|_| {})
    }

    /// Builds the index at `path` anew from `corpus`, beside the old one, and
    /// swaps it in when it is complete; until then queries read the old one.
    pub fn rebuild(path: &Path, corpus: &Path, config: &IndexConfig) -> Result<IndexReport> {
        rebuild(path, corpus, config, &|_| {})
    }

    /// [`SearchIndex::rebuild`], telling `progress` how the run goes.
    pub fn rebuild_with_progress(
        path: &Path,
        corpus: &Path,
        config: &IndexConfig,
        progress: &(dyn Fn(Progress) + Sync),
    ) -> Result<IndexReport> {
        rebuild(path, corpus, config, progress)
    }

    /// A searcher over the commit the index last loaded.
    pub(crate) fn searcher(&self) -> tantivy::Searcher {
        self.reader.searcher()
    }

    /// The fields of a passage document.
    pub(crate) fn fields(&self) -> &Fields {
        &self.fields
    }

    /// The snippet analyzers kept warm between searches.
    pub(crate) fn snippet_analyzers(&self) -> &Mutex<Option<crate::snippet::SnippetAnalyzers>> {
        &self.snippet_analyzers
    }

    /// The stored passage at `addr`.
    pub(crate) fn stored(
        &self,
        searcher: &tantivy::Searcher,
        addr: tantivy::DocAddress,
    ) -> Result<StoredPassage> {
        let doc: TantivyDocument = searcher.doc(addr).map_err(|e| self.damaged_by(e))?;
        let json = doc
            .get_first(self.fields.data)
            .and_then(|v| tantivy::schema::Value::as_str(&v))
            .unwrap_or("{}");
        serde_json::from_str(json).map_err(|e| Error::Damaged {
            path: self.path.clone(),
            reason: format!("a stored passage is not what docsearch wrote ({e})"),
        })
    }

    /// tantivy fails at search time only on files it cannot read: the error
    /// names the damaged files.
    pub(crate) fn damaged_by(&self, source: tantivy::TantivyError) -> Error {
        damaged(&self.path, source, Some(&self.index))
    }

    /// Whether every file of the index passes its checksum.
    pub(crate) fn checksums_pass(&self) -> bool {
        self.index
            .validate_checksum()
            .is_ok_and(|bad| bad.is_empty())
    }

    /// Number of passages in the index.
    pub fn num_passages(&self) -> u64 {
        self.reader.searcher().num_docs()
    }
}

#[cfg(test)]
mod tests {
    use super::schema::strip_markers;
    use super::*;

    /// Found by killing `docsearch index` on a new index: the leftovers of an
    /// interrupted creation (our marker and lock, tantivy's temporary and lock
    /// files) made the folder look foreign and `index` refused it.
    #[test]
    fn an_interrupted_creation_is_completed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("index");
        std::fs::create_dir(&path).unwrap();
        let marker = format!(r#"{{"tool":"docsearch","format":{FORMAT_VERSION}}}"#);
        std::fs::write(path.join(MARKER_FILE), marker).unwrap();
        for name in [
            LOCK_FILE,
            ".tmpA1b2C3",
            ".managed.json",
            ".tantivy-meta.lock",
        ] {
            std::fs::write(path.join(name), "").unwrap();
        }
        assert!(matches!(
            SearchIndex::open(&path),
            Err(Error::NoIndex { .. })
        ));
        let index = SearchIndex::open_or_create(&path).unwrap();
        assert_eq!(index.num_passages(), 0);
        // With files of its own but no list of segments, it is damaged.
        std::fs::write(path.join("abc.store"), "").unwrap();
        std::fs::remove_file(path.join(TANTIVY_META)).unwrap();
        let e = SearchIndex::open_or_create(&path)
            .err()
            .unwrap()
            .to_string();
        assert!(e.contains("meta.json") && e.contains("--rebuild"), "{e}");
    }

    /// Issue 15: file lists written before skip reasons were typed keep
    /// only the reason's text, which does not say whether it passes: such a
    /// file is read again once, and its reason is then kept typed.
    #[test]
    fn file_lists_with_reasons_as_text_are_read() {
        let file = CorpusFile {
            abs: PathBuf::from("/c/x.pdf"),
            rel: "x.pdf".into(),
            size: 10,
            mtime_ns: 20,
        };
        let old: FileState =
            serde_json::from_str(r#"{"size":10,"mtime_ns":20,"skipped":"empty file"}"#).unwrap();
        assert_eq!(old.untyped_skip.as_deref(), Some("empty file"));
        assert!(!old.is_current(&file) && !old.was_indexed());
        let indexed: FileState = serde_json::from_str(r#"{"size":10,"mtime_ns":20}"#).unwrap();
        assert!(indexed.is_current(&file) && indexed.was_indexed());

        let state = |skip: SkipReason| FileState {
            size: 10,
            mtime_ns: 20,
            skip: Some(skip),
            untyped_skip: None,
        };
        let own = state(SkipReason::Content("empty file".into()));
        assert!(own.is_current(&file));
        let json = serde_json::to_string(&own).unwrap();
        assert_eq!(
            json,
            r#"{"size":10,"mtime_ns":20,"skip":{"kind":"content","detail":"empty file"}}"#
        );
        let back: FileState = serde_json::from_str(&json).unwrap();
        assert_eq!(back.skip, own.skip);
        assert!(!state(SkipReason::NoPdftotext).is_current(&file));
    }

    #[test]
    fn markers_are_not_indexed() {
        assert_eq!(
            strip_markers("iedereen[1] en [a] geven[12]."),
            "iedereen  en [a] geven ."
        );
    }

    const FILE_PIECES: &[&str] = &[
        "<?xml version=\"1.0\"?>",
        "<officiele-publicatie>",
        "</officiele-publicatie>",
        "<open-rechtspraak>",
        "</open-rechtspraak>",
        "<meta name=\"DC.identifier\" content=\"kst-1-2\"/>",
        "<meta name=\"DCTERMS.issued\" content=\"2024-13-45\"/>",
        "<meta name=\"DC.type\" content=\"\"/>",
        "<al>",
        "</al>",
        "<kop>",
        "</kop>",
        "<titel>",
        "</titel>",
        "<para>",
        "</para>",
        "<uitspraak>",
        "</uitspraak>",
        "<!DOCTYPE x [<!ENTITY a \"b\">]>",
        "&a;",
        "&amp;",
        "&#0;",
        "&#x110000;",
        "&#xD800;",
        "<![CDATA[",
        "]]>",
        "<!--",
        "-->",
        "<",
        ">",
        "\"",
        "'",
        "# Artikel 1\n",
        "### ",
        "\n\n",
        "\x0c",
        "Pagina 1 van 2\n",
        "Ã«",
        "\u{FEFF}",
        "\u{0}",
        "Kamerstuk 21 501-34, nr. 32 ",
        "woord ",
        "The of and ",
        "🦀",
        "\r\n",
    ];

    fn files() -> impl proptest::strategy::Strategy<Value = (Vec<u8>, usize)> {
        use proptest::prelude::*;
        (
            prop_oneof![
                4 => crate::fuzz::text_of(FILE_PIECES, 60).prop_map(String::into_bytes),
                1 => prop::collection::vec(any::<u8>(), 0..200),
            ],
            0..3usize,
        )
    }

    fn check_file((bytes, format): (Vec<u8>, usize)) -> proptest::test_runner::TestCaseResult {
        use crate::read::Format;
        let format = [Format::Text, Format::Xml, Format::Markdown][format];
        let guesser = LanguageGuesser::new();
        if let Ok((source, warnings)) = crate::read::read_bytes(&bytes, format, "x/y.txt") {
            let doc = build_document(source, warnings, &guesser);
            for p in &doc.passages {
                proptest::prop_assert!(!p.text.is_empty());
                for r in &p.references {
                    proptest::prop_assert!(!r.canonical.is_empty());
                }
            }
        }
        Ok(())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(128))]
        #[test]
        fn reading_any_bytes_never_panics(file in files()) {
            check_file(file)?;
        }
    }

    #[test]
    #[ignore]
    fn fuzz_read() {
        crate::fuzz::fuzz_for("fuzz_read", files(), check_file);
    }
}
