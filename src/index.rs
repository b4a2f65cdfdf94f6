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
use tantivy::indexer::LogMergePolicy;
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, FAST, STORED,
    STRING,
};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

use crate::analyze;
use crate::error::{Error, Result};
use crate::language::LanguageGuesser;
use crate::model::{DocMeta, Document, Passage};
use crate::read::SkipReason;
use crate::walk::{walk, CorpusFile};

/// Version of the on-disk format; bumped whenever schema or analysis change.
pub const FORMAT_VERSION: u32 = 5;
const MARKER_FILE: &str = "docsearch.json";
const LOCK_FILE: &str = "docsearch.lock";
/// Segments with more passages than this are not merged further. A merge
/// maps every segment it reads, and the kernel counts those pages as the
/// process's memory: merging eight segments of 85,000 passages (what the
/// writer flushes from a full memory budget) took the peak RSS of indexing
/// 16 times ../shared/corpus to 1.3 GiB. So the segments the writer flushes
/// stay as they are, and only the small ones of incremental runs are merged.
const MAX_DOCS_BEFORE_MERGE: usize = 10_000;
/// The list of indexed files of a commit is kept in `files-<hash>.json`.
const MANIFEST_PREFIX: &str = "files-";
/// tantivy's list of committed segments, written atomically on each commit.
const TANTIVY_META: &str = "meta.json";

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
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct FileState {
    size: u64,
    mtime_ns: i64,
    /// Why the file was skipped, when it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    skip: Option<SkipReason>,
    /// The reason as text, as file lists kept it before reasons were typed:
    /// it does not say whether the reason passes, so the file is read again.
    #[serde(default, rename = "skipped", skip_serializing)]
    untyped_skip: Option<String>,
}

impl FileState {
    /// True when the file, as `file` finds it, need not be read again: it
    /// is unchanged, and was indexed or skipped for a reason of its own.
    fn is_current(&self, file: &CorpusFile) -> bool {
        self.size == file.size
            && self.mtime_ns as i128 == file.mtime_ns
            && self.untyped_skip.is_none()
            && !self.skip.as_ref().is_some_and(SkipReason::is_passing)
    }

    /// True when the file's passages are in the index.
    fn was_indexed(&self) -> bool {
        self.skip.is_none() && self.untyped_skip.is_none()
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Manifest {
    root: Option<PathBuf>,
    files: BTreeMap<String, FileState>,
    /// The next document key to hand out (see [`SearchIndex::to_tantivy`]).
    #[serde(default)]
    next_key: u64,
}

#[derive(Serialize, Deserialize)]
struct Marker {
    tool: String,
    format: u32,
}

/// The fields of a passage document.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    pub doc_id: Field,
    pub path: Field,
    pub title: Field,
    pub doc_type: Field,
    pub dossier: Field,
    pub dossier_title: Field,
    pub indiener: Field,
    pub date: Field,
    pub year: Field,
    pub lang: Field,
    pub refs: Field,
    pub section: Field,
    pub body: Field,
    pub body_en: Field,
    pub exact: Field,
    pub notes: Field,
    pub notes_exact: Field,
    pub head: Field,
    pub grams: Field,
    pub ord: Field,
    pub doc_key: Field,
    pub data: Field,
}

/// Indexed with term frequencies only: for terms never used in phrases.
fn counted_field(analyzer: &str) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(analyzer)
            .set_index_option(IndexRecordOption::WithFreqs),
    )
}

fn text_field(analyzer: &str) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(analyzer)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    )
}

pub(crate) fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let numeric = NumericOptions::default().set_indexed().set_fast();
    let fields = Fields {
        doc_id: b.add_text_field("doc_id", STRING),
        path: b.add_text_field("path", STRING | FAST),
        title: b.add_text_field("title", text_field(analyze::DUTCH)),
        doc_type: b.add_text_field("type", STRING | FAST),
        dossier: b.add_text_field("dossier", STRING | FAST),
        dossier_title: b.add_text_field("dossier_title", text_field(analyze::DUTCH)),
        indiener: b.add_text_field("indiener", text_field(analyze::EXACT)),
        date: b.add_u64_field("date", numeric.clone()),
        year: b.add_u64_field("year", numeric.clone()),
        lang: b.add_text_field("lang", STRING),
        refs: b.add_text_field("refs", STRING),
        section: b.add_text_field("section", text_field(analyze::DUTCH)),
        body: b.add_text_field("body", text_field(analyze::DUTCH)),
        body_en: b.add_text_field("body_en", text_field(analyze::ENGLISH)),
        exact: b.add_text_field("exact", text_field(analyze::EXACT)),
        notes: b.add_text_field("notes", text_field(analyze::DUTCH)),
        notes_exact: b.add_text_field("notes_exact", text_field(analyze::EXACT)),
        head: b.add_text_field("head", counted_field(analyze::HEAD)),
        grams: b.add_text_field("grams", counted_field(analyze::GRAMS)),
        ord: b.add_u64_field("ord", FAST),
        doc_key: b.add_u64_field("doc_key", FAST),
        data: b.add_text_field("data", STORED),
    };
    (b.build(), fields)
}

/// What is stored with each passage and shown with a hit.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct StoredPassage {
    pub doc_id: String,
    pub title: String,
    pub path: String,
    pub doc_type: Option<String>,
    pub date: Option<String>,
    pub passage: Passage,
}

/// A docsearch index on disk.
pub struct SearchIndex {
    pub(crate) index: Index,
    pub(crate) reader: IndexReader,
    pub(crate) fields: Fields,
    /// Snippet analyzers kept warm between searches.
    pub(crate) snippet_analyzers: Mutex<Option<crate::snippet::SnippetAnalyzers>>,
    /// The compound list of the last commit (see [`crate::compound`]), read
    /// when first needed.
    compounds: Mutex<Option<std::sync::Arc<tantivy::directory::OwnedBytes>>>,
    path: PathBuf,
}

fn io_err<'a>(action: &'static str, path: &'a Path) -> impl FnOnce(std::io::Error) -> Error + 'a {
    move |source| Error::Io {
        action,
        path: path.to_path_buf(),
        source,
    }
}

fn tantivy_err<'a>(
    action: &'static str,
    path: &'a Path,
) -> impl FnOnce(tantivy::TantivyError) -> Error + 'a {
    move |source| Error::Index {
        action,
        path: path.to_path_buf(),
        source,
    }
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
        // Level 5: level 9 makes ../shared/corpus's store 0.7 MB (3%)
        // smaller, and compressing took 6.6% of indexing's CPU time against
        // 5.4% at level 5 (perf).
        let settings = tantivy::IndexSettings {
            docstore_compression: tantivy::store::Compressor::Zstd(
                tantivy::store::ZstdCompressor {
                    compression_level: Some(5),
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

    /// Number of passages in the index.
    pub fn num_passages(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// The corpus folder the index was last built from, if any.
    ///
    /// Errors when the list of indexed files is missing or damaged.
    pub fn corpus_root(&self) -> Result<Option<PathBuf>> {
        Ok(self.manifest()?.root)
    }

    /// The file list of the last commit: the commit's payload names its file.
    /// An index that was never committed has an empty one. A list that is
    /// missing or cannot be read is an error: taken as empty, it would hand
    /// out document keys anew and forget which corpus the index is of.
    fn manifest(&self) -> Result<Manifest> {
        let metas = self
            .index
            .load_metas()
            .map_err(|e| damaged(&self.path, e, None))?;
        let damaged_list = |reason: String| Error::Damaged {
            path: self.path.clone(),
            reason,
        };
        let Some(name) = metas.payload.filter(|name| is_manifest_name(name)) else {
            if metas.segments.is_empty() && metas.opstamp == 0 {
                return Ok(Manifest::default());
            }
            return Err(damaged_list(
                "its last commit names no list of indexed files (files-….json)".into(),
            ));
        };
        let bytes = std::fs::read(self.path.join(&name)).map_err(|e| {
            damaged_list(format!(
                "{name}, the list of indexed files of its last commit, cannot be read ({e})"
            ))
        })?;
        serde_json::from_slice(&bytes).map_err(|e| {
            damaged_list(format!(
                "{name}, the list of indexed files of its last commit, is damaged ({e})"
            ))
        })
    }

    /// Writes `manifest` to a file of its own, whose name is to be the
    /// payload of the next commit. The file list is most of what a commit
    /// records, and tantivy reads its `meta.json` (where the payload goes)
    /// whenever an index is opened: a list of 170,000 files there made
    /// opening for a query take 0.2 s.
    fn write_manifest(&self, manifest: &Manifest) -> Result<String> {
        let json = serde_json::to_vec(manifest).expect("manifest serializes");
        let hash = json.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, &b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        let name = format!("{MANIFEST_PREFIX}{hash:016x}.json");
        write_atomically(&self.path.join(&name), &json)?;
        Ok(name)
    }

    /// Removes the file lists of earlier commits (and of runs that did not
    /// get to commit), keeping `current`.
    fn remove_old_manifests(&self, current: &str) {
        let Ok(entries) = std::fs::read_dir(&self.path) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if is_manifest_name(&name) && name != current {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }

    /// The compound list of the last commit, or an empty one when the index
    /// has none (see [`crate::compound`]).
    pub(crate) fn compounds(&self) -> std::sync::Arc<tantivy::directory::OwnedBytes> {
        let mut kept = self.compounds.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(list) = kept.as_ref() {
            return list.clone();
        }
        let list = self
            .compound_file()
            .and_then(|name| std::fs::read(self.path.join(name)).ok())
            .map(tantivy::directory::OwnedBytes::new)
            .unwrap_or_else(tantivy::directory::OwnedBytes::empty);
        let list = std::sync::Arc::new(list);
        *kept = Some(list.clone());
        list
    }

    /// The name of the newest compound list in the index folder.
    fn compound_file(&self) -> Option<String> {
        let mut best: Option<(u64, String)> = None;
        for entry in std::fs::read_dir(&self.path).ok()?.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let stamp = name
                .strip_prefix(crate::compound::FILE_PREFIX)
                .and_then(|rest| rest.strip_suffix(".txt"))
                .and_then(|n| n.parse::<u64>().ok());
            if let Some(stamp) = stamp {
                if best.as_ref().is_none_or(|(b, _)| stamp > *b) {
                    best = Some((stamp, name));
                }
            }
        }
        best.map(|(_, name)| name)
    }

    /// Writes the compound list of the last commit (named after its opstamp)
    /// and removes older ones. A crash before it is written leaves the list of
    /// an earlier commit, which only misses the compounds new since then.
    fn write_compounds(&self) -> Result<()> {
        let searcher = self.reader.searcher();
        let opstamp = self
            .index
            .load_metas()
            .map_err(tantivy_err("cannot read index", &self.path))?
            .opstamp;
        let name = format!("{}{opstamp}.txt", crate::compound::FILE_PREFIX);
        let vocabulary = crate::compound::vocabulary(&searcher, self.fields.exact)
            .map_err(|e| damaged(&self.path, e, Some(&self.index)))?;
        write_atomically(&self.path.join(&name), &crate::compound::build(&vocabulary))?;
        if let Ok(entries) = std::fs::read_dir(&self.path) {
            for entry in entries.flatten() {
                let other = entry.file_name().to_string_lossy().into_owned();
                if other.starts_with(crate::compound::FILE_PREFIX) && other != name {
                    let _ = std::fs::remove_file(entry.path());
                }
            }
        }
        *self.compounds.lock().unwrap_or_else(|e| e.into_inner()) = None;
        Ok(())
    }

    /// Commits `writer` with `manifest` as its file list.
    fn commit(&self, writer: &mut IndexWriter, manifest: &Manifest) -> Result<()> {
        let name = self.write_manifest(manifest)?;
        let mut prepared = writer
            .prepare_commit()
            .map_err(tantivy_err("cannot commit", &self.path))?;
        prepared.set_payload(&name);
        prepared
            .commit()
            .map_err(tantivy_err("cannot commit", &self.path))?;
        self.remove_old_manifests(&name);
        Ok(())
    }

    /// Checks the checksums of the index's files before a writer builds on
    /// them: a merge would copy damaged bytes into a new segment with a valid
    /// checksum, and the damage could no longer be found. (Queries do not
    /// check: that would read the whole index for each query.)
    fn check_before_writing(&self) -> Result<()> {
        let bad = self
            .index
            .validate_checksum()
            .map_err(|e| damaged(&self.path, e, None))?;
        if bad.is_empty() {
            return Ok(());
        }
        let mut names: Vec<String> = bad.iter().map(|f| f.display().to_string()).collect();
        names.sort();
        Err(Error::Damaged {
            path: self.path.clone(),
            reason: format!("{} fails its checksum", names.join(", ")),
        })
    }

    /// Takes the write lock, or says which process holds it.
    fn lock(&self) -> Result<std::fs::File> {
        lock_folder(&self.path)
    }

    fn writer(&self, config: &IndexConfig) -> Result<IndexWriter> {
        let threads = threads(config).clamp(1, 8);
        let budget = config.memory_budget.max((threads * 20) << 20);
        let writer: IndexWriter = self
            .index
            .writer_with_num_threads(threads, budget)
            .map_err(tantivy_err("cannot open index for writing", &self.path))?;
        let mut merges = LogMergePolicy::default();
        merges.set_max_docs_before_merge(MAX_DOCS_BEFORE_MERGE);
        writer.set_merge_policy(Box::new(merges));
        // A run killed before its commit leaves files the last commit does not
        // know (segments, deletes); the next commit may want the same names.
        writer.garbage_collect_files().wait().map_err(tantivy_err(
            "cannot remove files of an interrupted run",
            &self.path,
        ))?;
        Ok(writer)
    }

    /// Indexes the folder `corpus`: new and changed files are (re)indexed, files
    /// gone from the folder leave the index, unchanged files are not read.
    /// A file that cannot be read is reported in [`IndexReport::skipped`].
    pub fn index_folder(
        &self,
        corpus: &Path,
        config: &IndexConfig,
        progress: &(dyn Fn(Progress) + Sync),
    ) -> Result<IndexReport> {
        let started = Instant::now();
        check_corpus(corpus)?;
        let root = corpus
            .canonicalize()
            .map_err(io_err("cannot resolve corpus folder", corpus))?;
        let _lock = self.lock()?;
        let mut manifest = self.manifest()?;
        if let Some(indexed) = &manifest.root {
            if indexed != &root && !manifest.files.is_empty() {
                return Err(Error::OtherCorpus {
                    path: self.path.clone(),
                    indexed: indexed.clone(),
                    given: root,
                });
            }
        }
        let walked = walk(&root, Some(&self.path));
        let mut report = IndexReport {
            files_found: walked.files.len(),
            files_ignored: walked.ignored.len(),
            ignored: walked
                .ignored
                .iter()
                .map(|(path, reason)| Skipped {
                    path: path.clone(),
                    reason: reason.clone(),
                })
                .collect(),
            ..IndexReport::default()
        };
        report
            .skipped
            .extend(walked.problems.iter().map(|(p, r)| Skipped {
                path: p.clone(),
                reason: r.clone(),
            }));

        let mut to_read: Vec<&CorpusFile> = Vec::new();
        for file in &walked.files {
            match manifest.files.get(&file.rel) {
                Some(state) if state.is_current(file) => {
                    report.files_unchanged += 1;
                    if let Some(reason) = &state.skip {
                        report.skipped.push(Skipped {
                            path: file.rel.clone(),
                            reason: reason.to_string(),
                        });
                    }
                }
                _ => to_read.push(file),
            }
        }
        let present: std::collections::HashSet<&str> =
            walked.files.iter().map(|f| f.rel.as_str()).collect();
        // Only files the walk saw gone leave the index: those under a folder
        // it could not read keep their passages.
        let gone: Vec<String> = manifest
            .files
            .keys()
            .filter(|k| !present.contains(k.as_str()) && !walked.hides(k))
            .cloned()
            .collect();
        name_hidden_files(&mut report, &walked, &manifest);
        progress(Progress::Planned {
            found: walked.files.len(),
            to_read: to_read.len(),
            bytes: to_read.iter().map(|f| f.size).sum(),
        });

        if to_read.is_empty() && gone.is_empty() && manifest.root.as_ref() == Some(&root) {
            if self.compound_file().is_none() && self.num_passages() > 0 {
                // Killed between the last commit and its compound list.
                self.write_compounds()?;
            }
            report.passages_total = self.num_passages();
            report.seconds = started.elapsed().as_secs_f64();
            return Ok(report);
        }

        self.check_before_writing()?;
        let mut writer = self.writer(config)?;
        // In an empty index no file has passages to replace: deleting them
        // would queue one delete per file, checked against every new segment.
        let replacing = self.num_passages() > 0;
        for rel in &gone {
            writer.delete_term(Term::from_field_text(self.fields.path, rel));
            manifest.files.remove(rel);
            report.files_removed += 1;
        }

        let guesser = LanguageGuesser::new();
        // The files read in this run get the next keys, in their order.
        let first_key = manifest.next_key;
        manifest.next_key += to_read.len() as u64;
        let next = AtomicUsize::new(0);
        let results: Mutex<Vec<(usize, FileOutcome)>> = Mutex::new(Vec::new());
        let failure: Mutex<Option<Error>> = Mutex::new(None);
        std::thread::scope(|scope| {
            for _ in 0..threads(config) {
                scope.spawn(|| loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(file) = to_read.get(i) else { break };
                    // A bug in a reader must cost one file, not the run.
                    let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        crate::read::read_file_expecting(
                            &file.abs,
                            &file.rel,
                            config.max_file_bytes,
                            Some(file.size),
                        )
                        .map(|(source, warnings)| build_document(source, warnings, &guesser))
                    }))
                    .unwrap_or_else(|panic| Err(SkipReason::Internal(panic_message(&panic))));
                    // Its earlier passages go, unless the file could not be read
                    // for a passing reason (a file that used to index and now
                    // fails for a reason of its own leaves the index).
                    let passing = read.as_ref().is_err_and(SkipReason::is_passing);
                    if replacing && !passing {
                        writer.delete_term(Term::from_field_text(self.fields.path, &file.rel));
                    }
                    let outcome = match read {
                        Ok(doc) => {
                            let mut added = 0;
                            for (ord, passage) in doc.passages.iter().enumerate() {
                                let key = first_key + i as u64;
                                let tdoc = self.to_tantivy(&doc.meta, passage, ord, key);
                                if let Err(e) = writer.add_document(tdoc) {
                                    failure.lock().expect("lock").get_or_insert(Error::Index {
                                        action: "cannot add document",
                                        path: self.path.clone(),
                                        source: e,
                                    });
                                    break;
                                }
                                added += 1;
                            }
                            FileOutcome::Indexed {
                                passages: added,
                                warnings: doc.warnings,
                            }
                        }
                        Err(reason) => FileOutcome::Skipped(reason),
                    };
                    progress(Progress::FileDone { bytes: file.size });
                    results.lock().expect("lock").push((i, outcome));
                });
            }
        });
        if let Some(e) = failure.into_inner().expect("lock") {
            return Err(e);
        }
        let mut results = results.into_inner().expect("lock");
        results.sort_by_key(|(i, _)| *i);
        for (i, outcome) in results {
            let file = to_read[i];
            let mut state = FileState {
                size: file.size,
                mtime_ns: file.mtime_ns as i64,
                ..FileState::default()
            };
            match outcome {
                FileOutcome::Indexed { passages, warnings } => {
                    report.files_indexed += 1;
                    report.bytes_read += file.size;
                    report.passages_added += passages;
                    report
                        .warnings
                        .extend(warnings.into_iter().map(|w| Skipped {
                            path: file.rel.clone(),
                            reason: w,
                        }));
                }
                FileOutcome::Skipped(reason) => {
                    // For a passing reason the file's earlier state stays as
                    // it was, passages and all: the next run sees the file
                    // changed, or the passing reason, and reads it again.
                    let earlier = manifest.files.get(&file.rel);
                    let keep = reason.is_passing() && earlier.is_some();
                    let mut text = reason.to_string();
                    if keep && earlier.is_some_and(FileState::was_indexed) {
                        text.push_str("; the passages indexed before stay in the index");
                    }
                    report.skipped.push(Skipped {
                        path: file.rel.clone(),
                        reason: text,
                    });
                    if keep {
                        continue;
                    }
                    state.skip = Some(reason);
                }
            }
            manifest.files.insert(file.rel.clone(), state);
        }
        manifest.root = Some(root);
        progress(Progress::Committing);
        self.commit(&mut writer, &manifest)?;
        writer
            .wait_merging_threads()
            .map_err(tantivy_err("cannot merge segments", &self.path))?;
        self.reader
            .reload()
            .map_err(tantivy_err("cannot reload", &self.path))?;
        self.write_compounds()?;
        report.skipped.sort_by(|a, b| a.path.cmp(&b.path));
        report.passages_total = self.num_passages();
        report.lingua_calls = guesser.lingua_calls();
        report.seconds = started.elapsed().as_secs_f64();
        Ok(report)
    }

    /// Adds documents that did not come from a corpus folder (an embedding program's
    /// own texts). A document replaces any earlier one with the same `meta.path`.
    pub fn add_documents(&self, docs: &[Document]) -> Result<()> {
        let _lock = self.lock()?;
        let mut manifest = self.manifest()?;
        self.check_before_writing()?;
        let mut writer = self.writer(&IndexConfig::default())?;
        for doc in docs {
            writer.delete_term(Term::from_field_text(self.fields.path, &doc.meta.path));
            let key = manifest.next_key;
            manifest.next_key += 1;
            for (ord, passage) in doc.passages.iter().enumerate() {
                writer
                    .add_document(self.to_tantivy(&doc.meta, passage, ord, key))
                    .map_err(tantivy_err("cannot add document", &self.path))?;
            }
        }
        self.commit(&mut writer, &manifest)?;
        self.reader
            .reload()
            .map_err(tantivy_err("cannot reload", &self.path))?;
        Ok(())
    }

    /// The tantivy document for passage `ord` of a document. `key` is the
    /// document's number, unique in the index: hits are capped per document
    /// by it (a column of numbers handed out in order packs into a few bits a
    /// passage and is faster to read than the column of paths).
    fn to_tantivy(
        &self,
        meta: &DocMeta,
        passage: &Passage,
        ord: usize,
        key: u64,
    ) -> TantivyDocument {
        let f = &self.fields;
        let mut doc = TantivyDocument::default();
        doc.add_text(f.doc_id, &meta.doc_id);
        doc.add_text(f.path, &meta.path);
        let plain = strip_markers(&passage.text);
        // The title says what the document is about; its first passage carries
        // it, unless the title is only the start of that passage's text (a
        // document without a title line is named by its first words).
        if ord == 0 && !plain.starts_with(meta.title.trim_end_matches('…')) {
            doc.add_text(f.title, &meta.title);
        }
        if ord == 0 {
            if let Some(t) = &meta.dossier_title {
                doc.add_text(f.dossier_title, t);
            }
        }
        for name in &meta.indiener {
            doc.add_text(f.indiener, name);
        }
        if let Some(t) = &meta.doc_type {
            doc.add_text(f.doc_type, t);
            if let Some(first) = t.split_whitespace().next().filter(|w| *w != t) {
                doc.add_text(f.doc_type, first);
            }
        }
        for d in &meta.dossier {
            doc.add_text(f.dossier, crate::query::normalize_dossier(d));
            if let Some((base, _)) = d.split_once('-') {
                doc.add_text(f.dossier, base);
            }
        }
        if let Some((date, year)) = meta.date.as_deref().and_then(crate::query::date_number) {
            doc.add_u64(f.date, date);
            doc.add_u64(f.year, year);
        }
        doc.add_text(f.lang, &passage.lang);
        for r in &passage.references {
            for key in crate::references::search_keys(&r.canonical) {
                doc.add_text(f.refs, key);
            }
        }
        let section = passage.section.join(" > ");
        doc.add_text(f.section, &section);
        if passage.lang == "en" {
            doc.add_text(f.body_en, &plain);
        } else {
            doc.add_text(f.body, &plain);
        }
        doc.add_text(f.exact, &plain);
        doc.add_text(f.head, &plain);
        doc.add_text(f.grams, &plain);
        for note in &passage.footnotes {
            doc.add_text(f.notes, &note.text);
            doc.add_text(f.notes_exact, &note.text);
        }
        doc.add_u64(f.ord, ord as u64);
        doc.add_u64(f.doc_key, key);
        let stored = StoredPassage {
            doc_id: meta.doc_id.clone(),
            title: meta.title.clone(),
            path: meta.path.clone(),
            doc_type: meta.doc_type.clone(),
            date: meta.date.clone(),
            passage: passage.clone(),
        };
        doc.add_text(
            f.data,
            serde_json::to_string(&stored).expect("passage serializes"),
        );
        doc
    }
}

/// Adds to the reason of each path the walk could not see into how many
/// indexed files under it stay in the index.
fn name_hidden_files(report: &mut IndexReport, walked: &crate::walk::Walked, manifest: &Manifest) {
    for skipped in &mut report.skipped {
        if !walked.unreadable.contains(&skipped.path) {
            continue;
        }
        let kept = manifest
            .files
            .keys()
            .filter(|k| crate::walk::is_under(k, &skipped.path))
            .count();
        match kept {
            0 => {}
            1 => skipped
                .reason
                .push_str("; the file indexed under it stays in the index until it can be read"),
            n => skipped.reason.push_str(&format!(
                "; the {n} files indexed under it stay in the index until it can be read"
            )),
        }
    }
}

fn is_manifest_name(name: &str) -> bool {
    name.strip_prefix(MANIFEST_PREFIX)
        .and_then(|rest| rest.strip_suffix(".json"))
        .is_some_and(|hash| !hash.is_empty() && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// True when `path` holds no index yet: missing, empty, or only the lock and
/// marker of a creation that was interrupted before the first commit.
fn is_unfinished(path: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(path) else {
        return !path.exists();
    };
    let mut marker_ok = true;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name_str = name.to_string_lossy();
        // Our lock and temporary marker; tantivy's locks, file list and temporary
        // files, which a kill during `Index::create_in_dir` leaves behind.
        if name == LOCK_FILE
            || name_str == "docsearch.tmp"
            || name_str == ".managed.json"
            || name_str.starts_with(".tantivy-")
            || name_str.starts_with(".tmp")
        {
            continue;
        }
        if name == MARKER_FILE {
            marker_ok = std::fs::read(entry.path())
                .ok()
                .and_then(|b| serde_json::from_slice::<Marker>(&b).ok())
                .is_some_and(|m| m.tool == "docsearch" && m.format == FORMAT_VERSION);
            continue;
        }
        return false;
    }
    marker_ok
}

/// Takes the write lock of the index folder `path`, or says which process holds it.
/// The lock is released when the file is closed, also when the process is killed.
fn lock_folder(path: &Path) -> Result<std::fs::File> {
    let lock_path = path.join(LOCK_FILE);
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&lock_path)
        .map_err(io_err("cannot open lock file", &lock_path))?;
    if file.try_lock().is_err() {
        let pid = std::fs::read_to_string(&lock_path).unwrap_or_default();
        let pid = pid.trim();
        return Err(Error::Locked {
            path: path.to_path_buf(),
            pid: if pid.is_empty() {
                "unknown".into()
            } else {
                pid.into()
            },
        });
    }
    file.set_len(0)
        .map_err(io_err("cannot write lock file", &lock_path))?;
    write!(file, "{}", std::process::id()).map_err(io_err("cannot write lock file", &lock_path))?;
    Ok(file)
}

/// Writes a file so that a reader sees the old content or the new, never a
/// part, also after a power loss: the file's content and then its name
/// (the folder) are on disk before this returns, so before any commit that
/// names the file.
fn write_atomically(path: &Path, content: &[u8]) -> Result<()> {
    let tmp = path.with_extension("tmp");
    let mut file = std::fs::File::create(&tmp).map_err(io_err("cannot write", &tmp))?;
    file.write_all(content)
        .and_then(|()| file.sync_all())
        .map_err(io_err("cannot write", &tmp))?;
    drop(file);
    std::fs::rename(&tmp, path).map_err(io_err("cannot write", path))?;
    sync_folder(parent(path))
}

/// The folder `path` is in.
fn parent(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Puts the names in folder `dir` on disk (after a rename into it).
fn sync_folder(dir: &Path) -> Result<()> {
    std::fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(io_err("cannot write", dir))
}

/// `index` + `suffix` beside it: `index.rebuild`, `index.old`.
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}

/// A rebuild moves the old index to `.old`, then the new one from `.rebuild` to
/// the index path. Killed between the two, the new index is complete: move it in.
/// A rebuild that is swapping holds the new index's lock: then this is
/// [`Error::Locked`], and the rebuild finishes its own swap.
fn finish_interrupted_swap(path: &Path) -> Result<()> {
    let fresh = sibling(path, ".rebuild");
    let interrupted =
        || !path.exists() && sibling(path, ".old").exists() && fresh.join(TANTIVY_META).is_file();
    if !interrupted() {
        return Ok(());
    }
    let _lock = match lock_folder(&fresh) {
        Ok(lock) => lock,
        Err(Error::Locked { pid, .. }) => {
            return Err(Error::Locked {
                path: path.to_path_buf(),
                pid,
            })
        }
        // Moved in place meanwhile, by the rebuild that made it.
        Err(_) => return Ok(()),
    };
    if interrupted() {
        std::fs::rename(&fresh, path).map_err(io_err("cannot move new index in place", &fresh))?;
        sync_folder(parent(path))?;
        // As the rebuild would have (a query reading it keeps its files).
        let _ = std::fs::remove_dir_all(sibling(path, ".old"));
    }
    Ok(())
}

/// tantivy fails to open or search an index only when a file is damaged,
/// truncated or foreign. Names the files whose checksum fails, when it can.
pub(crate) fn damaged(path: &Path, error: tantivy::TantivyError, index: Option<&Index>) -> Error {
    let mut reason = error.to_string();
    if let Some(index) = index {
        match index.validate_checksum() {
            Ok(files) if !files.is_empty() => {
                let mut names: Vec<String> =
                    files.iter().map(|f| f.display().to_string()).collect();
                names.sort();
                reason = format!("{} fails its checksum ({reason})", names.join(", "));
            }
            Ok(_) => {}
            Err(e) => reason = format!("{e} ({reason})"),
        }
    }
    Error::Damaged {
        path: path.to_path_buf(),
        reason,
    }
}

enum FileOutcome {
    Indexed {
        passages: usize,
        warnings: Vec<String>,
    },
    Skipped(SkipReason),
}

pub(crate) fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

fn threads(config: &IndexConfig) -> usize {
    if config.threads > 0 {
        config.threads
    } else {
        std::thread::available_parallelism().map_or(2, |n| n.get())
    }
}

/// Replaces footnote markers `[7]` by a space so the digit is not indexed.
fn strip_markers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        out.push_str(&rest[..open]);
        if digits > 0 && after[digits..].starts_with(']') {
            out.push(' ');
            rest = &after[digits + 1..];
        } else {
            out.push('[');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// Checks that `corpus` is a folder to index, before anything is written:
/// a missing path or a single file is an error.
pub fn check_corpus(corpus: &Path) -> Result<()> {
    if corpus.is_dir() {
        Ok(())
    } else if corpus.is_file() {
        Err(Error::CorpusIsFile {
            path: corpus.into(),
        })
    } else {
        Err(Error::CorpusNotFound {
            path: corpus.into(),
        })
    }
}

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

/// Builds the index at `path` anew from `corpus`. The new index is built beside
/// the old one and only replaces it when complete, so a failed or interrupted
/// rebuild leaves the old index as it was.
pub fn rebuild(
    path: &Path,
    corpus: &Path,
    config: &IndexConfig,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<IndexReport> {
    if path.is_file() {
        return Err(Error::IndexIsFile { path: path.into() });
    }
    // Before the new index's folder is made.
    check_corpus(corpus)?;
    finish_interrupted_swap(path)?;
    let has_marker = path.join(MARKER_FILE).is_file();
    if !has_marker && !is_unfinished(path) {
        return Err(Error::NotAnIndex { path: path.into() });
    }
    // Hold the old index's lock while it is replaced.
    let old_lock = if path.is_dir() {
        Some(lock_folder(path)?)
    } else {
        None
    };
    let fresh = sibling(path, ".rebuild");
    if fresh.exists() {
        // Left by a rebuild that was interrupted; unless one is still running.
        drop(lock_folder(&fresh)?);
        std::fs::remove_dir_all(&fresh)
            .map_err(io_err("cannot remove unfinished rebuild", &fresh))?;
    }
    let report = {
        let index = SearchIndex::open_or_create(&fresh)?;
        index.index_folder(corpus, config, progress)?
    };
    // The swap holds the new index's lock: another `index` that finds the
    // old index moved aside stops at it, instead of finishing the swap.
    let swap_lock = lock_folder(&fresh)?;
    let old = sibling(path, ".old");
    if old.exists() {
        std::fs::remove_dir_all(&old).map_err(io_err("cannot remove", &old))?;
    }
    if path.exists() {
        std::fs::rename(path, &old).map_err(io_err("cannot move old index aside", path))?;
    }
    std::fs::rename(&fresh, path).map_err(io_err("cannot move new index in place", &fresh))?;
    sync_folder(parent(path))?;
    drop(old_lock);
    drop(swap_lock);
    if old.exists() {
        std::fs::remove_dir_all(&old).map_err(io_err("cannot remove old index", &old))?;
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
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
