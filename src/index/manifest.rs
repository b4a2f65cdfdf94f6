//! The list of indexed files (size, modification time, skip reason) that
//! each commit names, so that it changes with the passages in one step.

use super::*;

/// The list of indexed files of a commit is kept in `files-<hash>.json`.
pub(super) const MANIFEST_PREFIX: &str = "files-";

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(super) struct FileState {
    pub(super) size: u64,
    pub(super) mtime_ns: i64,
    /// Why the file was skipped, when it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) skip: Option<SkipReason>,
    /// The reason as text, as file lists kept it before reasons were typed:
    /// it does not say whether the reason passes, so the file is read again.
    #[serde(default, rename = "skipped", skip_serializing)]
    pub(super) untyped_skip: Option<String>,
}

impl FileState {
    /// True when the file, as `file` finds it, need not be read again: it
    /// is unchanged, and was indexed or skipped for a reason of its own.
    pub(super) fn is_current(&self, file: &CorpusFile) -> bool {
        self.size == file.size
            && self.mtime_ns as i128 == file.mtime_ns
            && self.untyped_skip.is_none()
            && !self.skip.as_ref().is_some_and(SkipReason::is_passing)
    }

    /// True when the file's passages are in the index.
    pub(super) fn was_indexed(&self) -> bool {
        self.skip.is_none() && self.untyped_skip.is_none()
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(super) struct Manifest {
    pub(super) root: Option<PathBuf>,
    pub(super) files: BTreeMap<String, FileState>,
    /// The next document key to hand out (see [`SearchIndex::to_tantivy`]).
    #[serde(default)]
    pub(super) next_key: u64,
}

/// Adds to the reason of each path the walk could not see into how many
/// indexed files under it stay in the index.
pub(super) fn name_hidden_files(
    report: &mut IndexReport,
    walked: &crate::walk::Walked,
    manifest: &Manifest,
) {
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

pub(super) fn is_manifest_name(name: &str) -> bool {
    name.strip_prefix(MANIFEST_PREFIX)
        .and_then(|rest| rest.strip_suffix(".json"))
        .is_some_and(|hash| !hash.is_empty() && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

impl SearchIndex {
    /// The file list of the last commit: the commit's payload names its file.
    /// An index that was never committed has an empty one. A list that is
    /// missing or cannot be read is an error: taken as empty, it would hand
    /// out document keys anew and forget which corpus the index is of.
    pub(super) fn manifest(&self) -> Result<Manifest> {
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
    pub(super) fn write_manifest(&self, manifest: &Manifest) -> Result<String> {
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
    pub(super) fn remove_old_manifests(&self, current: &str) {
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

    /// Commits `writer` with `manifest` as its file list. The manifest is
    /// written first and dropped: the writer's memory peaks while it writes
    /// out its segments, and the memory freed before (the manifest, its bytes,
    /// whatever else the run no longer needs) goes back to the system first.
    pub(super) fn commit(&self, writer: &mut IndexWriter, manifest: Manifest) -> Result<()> {
        let name = self.write_manifest(&manifest)?;
        drop(manifest);
        super::update::release_freed_memory();
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
}
