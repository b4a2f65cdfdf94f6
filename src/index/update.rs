//! An indexing run: walk, plan what to read, read on all cores, record
//! what was read or skipped, commit, merge.

use tantivy::index::SegmentId;
use tantivy::indexer::NoMergePolicy;

use super::*;

/// Segments with more passages than this are not merged further, and a merge
/// takes four segments. Every segment costs each query a lookup of each of its
/// terms, so a large index wants few; but a merge maps every segment it reads,
/// and the kernel counts those pages as the process's memory (merging eight
/// segments of 85,000 passages, what the writer then flushed from a full
/// memory budget, took the peak RSS of indexing 16 times ../shared/corpus to
/// 1.3 GiB). Merges of four segments of at most this size keep that peak under
/// 1 GiB however large the corpus. The writer now flushes segments of about
/// 100,000 passages (fewer terms each since n-grams are indexed once a
/// passage): this bound lets those be merged once (at 100,000, 16 times
/// ../shared/corpus stayed in 16 segments and its queries were half as fast
/// again).
pub(super) const MAX_DOCS_BEFORE_MERGE: usize = 130_000;

/// Segments under [`MAX_DOCS_BEFORE_MERGE`] passages are merged when there
/// are this many of them.
///
/// Merges wait for the end of a run: while the writer indexes, its memory
/// budget is full, and a merge running beside it added the segments it maps
/// (about 300 MB for four of 100,000 passages) to that. After the commit the
/// writer's memory is handed back first. Indexing 16 copies of
/// ../shared/corpus peaked at 868 MiB with merges beside the writer, 555–587
/// MiB with merges after it, in about the same time. tantivy's own policy
/// merges only segments of about one size (within a factor of 2^0.75): it
/// left four small segments beside three merged ones at 16 copies, and merging
/// those four cut the CPU time of the benchmark's queries by a sixth.
const MERGE_SEGMENTS: usize = 4;

/// Hands the memory the run has freed (the writer's buffers, the file lists)
/// back to the system: glibc keeps most of it for reuse.
pub(super) fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free memory of the allocator to the
    // system; it has no preconditions.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// The next segments to merge at the end of a run, of those given with
/// their passages: the [`MERGE_SEGMENTS`] largest of the segments of at most
/// [`MAX_DOCS_BEFORE_MERGE`] passages, whatever their sizes, when there are
/// that many. Merging them until none are left leaves at most three such
/// segments beside merged ones.
fn next_merge(segments: &[(SegmentId, u32)]) -> Option<Vec<SegmentId>> {
    let mut small: Vec<(SegmentId, u32)> = segments
        .iter()
        .filter(|(_, passages)| *passages as usize <= MAX_DOCS_BEFORE_MERGE)
        .copied()
        .collect();
    if small.len() < MERGE_SEGMENTS {
        return None;
    }
    small.sort_by_key(|(id, passages)| (std::cmp::Reverse(*passages), *id));
    Some(small[..MERGE_SEGMENTS].iter().map(|(id, _)| *id).collect())
}

pub(super) enum FileOutcome {
    Indexed {
        passages: usize,
        warnings: Vec<String>,
    },
    Skipped(SkipReason),
}

pub(super) fn threads(config: &IndexConfig) -> usize {
    if config.threads > 0 {
        config.threads
    } else {
        std::thread::available_parallelism().map_or(2, |n| n.get())
    }
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

/// What a run must do: the files to read and the files gone.
pub(super) struct Plan<'w> {
    pub(super) to_read: Vec<&'w CorpusFile>,
    pub(super) gone: Vec<String>,
}

/// Compares the walk with the file list: unchanged files are counted (and
/// their skip reasons reported again), new and changed ones are to be read,
/// and the files the walk saw gone are to leave the index. Files under a
/// folder the walk could not read keep their passages.
pub(super) fn plan<'w>(
    walked: &'w crate::walk::Walked,
    manifest: &Manifest,
) -> (IndexReport, Plan<'w>) {
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
    let gone: Vec<String> = manifest
        .files
        .keys()
        .filter(|k| !present.contains(k.as_str()) && !walked.hides(k))
        .cloned()
        .collect();
    name_hidden_files(&mut report, walked, manifest);
    (report, Plan { to_read, gone })
}

/// Reads one file through the pipeline. A bug in a reader costs one file,
/// not the run.
fn read_one(
    file: &CorpusFile,
    config: &IndexConfig,
    guesser: &LanguageGuesser,
) -> std::result::Result<crate::model::Document, SkipReason> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        crate::read::read_file_expecting(
            &file.abs,
            &file.rel,
            config.max_file_bytes,
            Some(file.size),
        )
        .map(|(source, warnings)| build_document(source, warnings, guesser))
    }))
    .unwrap_or_else(|panic| Err(SkipReason::Internal(panic_message(&panic))))
}

/// Records each file's outcome in the file list and the report. A file
/// skipped for a passing reason keeps its earlier state, passages and all:
/// the next run sees the file changed, or the passing reason, and reads it
/// again.
pub(super) fn record(
    to_read: &[&CorpusFile],
    outcomes: Vec<FileOutcome>,
    manifest: &mut Manifest,
    report: &mut IndexReport,
) {
    for (file, outcome) in to_read.iter().zip(outcomes) {
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
}

impl SearchIndex {
    pub(super) fn writer(&self, config: &IndexConfig) -> Result<IndexWriter> {
        let threads = threads(config).clamp(1, 8);
        let budget = config.memory_budget.max((threads * 20) << 20);
        let writer: IndexWriter = self
            .index
            .writer_with_num_threads(threads, budget)
            .map_err(tantivy_err("cannot open index for writing", &self.path))?;
        // Merges wait for the end of the run (`merge_small`).
        writer.set_merge_policy(Box::new(NoMergePolicy));
        // A run killed before its commit leaves files the last commit does not
        // know (segments, deletes); the next commit may want the same names.
        writer.garbage_collect_files().wait().map_err(tantivy_err(
            "cannot remove files of an interrupted run",
            &self.path,
        ))?;
        Ok(writer)
    }

    /// [`SearchIndex::index_folder`], telling `progress` how the run goes
    /// (for a progress bar).
    pub fn index_folder_with_progress(
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
        let walked = self.walk_corpus(&root, &manifest)?;
        let (mut report, plan) = plan(&walked, &manifest);
        progress(Progress::Planned {
            found: walked.files.len(),
            to_read: plan.to_read.len(),
            bytes: plan.to_read.iter().map(|f| f.size).sum(),
        });
        if plan.to_read.is_empty() && plan.gone.is_empty() && manifest.root.as_ref() == Some(&root)
        {
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
        for rel in &plan.gone {
            writer.delete_term(Term::from_field_text(self.fields.path, rel));
            manifest.files.remove(rel);
            report.files_removed += 1;
        }
        // The files read in this run get the next keys, in their order.
        let first_key = manifest.next_key;
        manifest.next_key += plan.to_read.len() as u64;
        let guesser = LanguageGuesser::new();
        let outcomes = self.read_all(
            &plan.to_read,
            first_key,
            &writer,
            &guesser,
            config,
            progress,
        )?;
        record(&plan.to_read, outcomes, &mut manifest, &mut report);
        manifest.root = Some(root);
        // The walk's list of files, a few hundred bytes a file, is not needed
        // any more: the commit, where the writer's memory peaks, goes
        // without it, and without the manifest (see `commit` in manifest.rs).
        drop(plan);
        drop(walked);
        progress(Progress::Committing);
        self.commit(&mut writer, manifest)?;
        self.merge_small(&mut writer, progress)?;
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

    /// Merges the segments [`next_merge`] picks, one merge at a time, after
    /// the run's commit.
    fn merge_small(
        &self,
        writer: &mut IndexWriter,
        progress: &(dyn Fn(Progress) + Sync),
    ) -> Result<()> {
        release_freed_memory();
        let mut merged = false;
        loop {
            let metas = self
                .index
                .searchable_segment_metas()
                .map_err(tantivy_err("cannot read the list of segments", &self.path))?;
            let sizes: Vec<(SegmentId, u32)> =
                metas.iter().map(|m| (m.id(), m.num_docs())).collect();
            let Some(ids) = next_merge(&sizes) else {
                break;
            };
            if !merged {
                progress(Progress::Merging);
            }
            writer
                .merge(&ids)
                .wait()
                .map_err(tantivy_err("cannot merge segments", &self.path))?;
            merged = true;
        }
        if merged {
            // The segments merged away; a commit removes them, a merge does not.
            writer
                .garbage_collect_files()
                .wait()
                .map_err(tantivy_err("cannot remove merged segments", &self.path))?;
        }
        Ok(())
    }

    /// Walks the corpus folder, refusing a folder other than the one the
    /// index was built from.
    fn walk_corpus(&self, root: &Path, manifest: &Manifest) -> Result<crate::walk::Walked> {
        if let Some(indexed) = &manifest.root {
            if indexed != root && !manifest.files.is_empty() {
                return Err(Error::OtherCorpus {
                    path: self.path.clone(),
                    indexed: indexed.clone(),
                    given: root.to_path_buf(),
                });
            }
        }
        Ok(walk(root, Some(&self.path)))
    }

    /// Reads `to_read` on all cores and adds their passages to `writer`; the
    /// outcome of each file, in the order of `to_read`.
    fn read_all(
        &self,
        to_read: &[&CorpusFile],
        first_key: u64,
        writer: &IndexWriter,
        guesser: &LanguageGuesser,
        config: &IndexConfig,
        progress: &(dyn Fn(Progress) + Sync),
    ) -> Result<Vec<FileOutcome>> {
        // In an empty index no file has passages to replace: deleting them
        // would queue one delete per file, checked against every new segment.
        let replacing = self.num_passages() > 0;
        let next = AtomicUsize::new(0);
        let results: Mutex<Vec<(usize, FileOutcome)>> = Mutex::new(Vec::new());
        let failure: Mutex<Option<Error>> = Mutex::new(None);
        std::thread::scope(|scope| {
            for _ in 0..threads(config) {
                scope.spawn(|| loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(file) = to_read.get(i) else { break };
                    let read = read_one(file, config, guesser);
                    // Its earlier passages go, unless the file could not be read
                    // for a passing reason (a file that used to index and now
                    // fails for a reason of its own leaves the index).
                    let passing = read.as_ref().is_err_and(SkipReason::is_passing);
                    if replacing && !passing {
                        writer.delete_term(Term::from_field_text(self.fields.path, &file.rel));
                    }
                    let outcome = match read {
                        Ok(doc) => {
                            let key = first_key + i as u64;
                            match self.add_passages(writer, &doc, key) {
                                Ok(passages) => FileOutcome::Indexed {
                                    passages,
                                    warnings: doc.warnings,
                                },
                                Err(e) => {
                                    failure.lock().expect("lock").get_or_insert(e);
                                    break;
                                }
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
        Ok(results.into_iter().map(|(_, outcome)| outcome).collect())
    }

    /// Adds a document's passages; how many.
    fn add_passages(
        &self,
        writer: &IndexWriter,
        doc: &crate::model::Document,
        key: u64,
    ) -> Result<usize> {
        for (ord, passage) in doc.passages.iter().enumerate() {
            let tdoc = self.to_tantivy(&doc.meta, passage, ord, key);
            writer.add_document(tdoc).map_err(|e| Error::Index {
                action: "cannot add document",
                path: self.path.clone(),
                source: e,
            })?;
        }
        Ok(doc.passages.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_largest_four_small_segments_are_merged_whatever_their_sizes() {
        let ids: Vec<SegmentId> = (0..7).map(|_| SegmentId::generate_random()).collect();
        let with = |sizes: &[u32]| -> Vec<(SegmentId, u32)> {
            ids.iter().copied().zip(sizes.iter().copied()).collect()
        };
        // What 16 times ../shared/corpus left under tantivy's levels.
        let merged = next_merge(&with(&[411_190, 106_490, 405_000, 100_517, 51_765, 38_298]));
        assert_eq!(merged, Some(vec![ids[1], ids[3], ids[4], ids[5]]));
        let merged = next_merge(&with(&[90, 100_000, 80, 99_000, 12, 98_000, 97_000]));
        assert_eq!(merged, Some(vec![ids[1], ids[3], ids[5], ids[6]]));
        // Three small ones wait for a fourth; merged ones are not merged again.
        assert_eq!(next_merge(&with(&[106_490, 100_517, 51_765])), None);
        assert_eq!(
            next_merge(&with(&[411_190, 405_000, 400_452, 130_001, 12])),
            None
        );
        assert_eq!(
            next_merge(&with(&[130_000, 90, 80, 70])).map(|m| m.len()),
            Some(4)
        );
    }
}
