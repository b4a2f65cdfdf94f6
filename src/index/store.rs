//! The index on disk: marker, lock, files written atomically and synced,
//! the compound list of each commit, a rebuild beside the old index and the
//! swap, and the errors of a damaged index.

use super::*;

pub(super) const MARKER_FILE: &str = "docsearch.json";

pub(super) const LOCK_FILE: &str = "docsearch.lock";

/// tantivy's list of committed segments, written atomically on each commit.
pub(super) const TANTIVY_META: &str = "meta.json";

#[derive(Serialize, Deserialize)]
pub(super) struct Marker {
    pub(super) tool: String,
    pub(super) format: u32,
}

pub(super) fn io_err<'a>(
    action: &'static str,
    path: &'a Path,
) -> impl FnOnce(std::io::Error) -> Error + 'a {
    move |source| Error::Io {
        action,
        path: path.to_path_buf(),
        source,
    }
}

pub(super) fn tantivy_err<'a>(
    action: &'static str,
    path: &'a Path,
) -> impl FnOnce(tantivy::TantivyError) -> Error + 'a {
    move |source| Error::Index {
        action,
        path: path.to_path_buf(),
        source,
    }
}

/// True when `path` holds no index yet: missing, empty, or only the lock and
/// marker of a creation that was interrupted before the first commit.
pub(super) fn is_unfinished(path: &Path) -> bool {
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
pub(super) fn lock_folder(path: &Path) -> Result<std::fs::File> {
    let lock_path = path.join(LOCK_FILE);
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&lock_path)
        .map_err(io_err("cannot open lock file", &lock_path))?;
    if !try_lock_patiently(&file) {
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

/// How long a lock that is taken is tried again before it counts as held.
const LOCK_PATIENCE: std::time::Duration = std::time::Duration::from_millis(1500);

/// `flock` belongs to an open file description, and a process that forks
/// (to run `pdftotext`, or any other program an embedder runs) copies its
/// descriptors: for the moment between fork and exec, a lock this process has
/// just released is still held by the child's copy. So a lock that is taken
/// is tried again for a short while; a writer that really holds it holds it
/// for longer.
fn try_lock_patiently(file: &std::fs::File) -> bool {
    let start = std::time::Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => return true,
            Err(std::fs::TryLockError::WouldBlock) if start.elapsed() < LOCK_PATIENCE => {
                std::thread::sleep(std::time::Duration::from_millis(25));
            }
            Err(_) => return false,
        }
    }
}

/// Writes a file so that a reader sees the old content or the new, never a
/// part, also after a power loss: the file's content and then its name
/// (the folder) are on disk before this returns, so before any commit that
/// names the file.
pub(super) fn write_atomically(path: &Path, content: &[u8]) -> Result<()> {
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
pub(super) fn parent(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Puts the names in folder `dir` on disk (after a rename into it).
pub(super) fn sync_folder(dir: &Path) -> Result<()> {
    std::fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(io_err("cannot write", dir))
}

/// `index` + `suffix` beside it: `index.rebuild`, `index.old`.
pub(super) fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}

/// A rebuild moves the old index to `.old`, then the new one from `.rebuild` to
/// the index path. Killed between the two, the new index is complete: move it in.
/// A rebuild that is swapping holds the new index's lock: then this is
/// [`Error::Locked`], and the rebuild finishes its own swap.
pub(super) fn finish_interrupted_swap(path: &Path) -> Result<()> {
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

pub(crate) fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

/// Builds the index at `path` anew from `corpus`. The new index is built beside
/// the old one and only replaces it when complete, so a failed or interrupted
/// rebuild leaves the old index as it was.
pub(super) fn rebuild(
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
        index.index_folder_with_progress(corpus, config, progress)?
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

impl SearchIndex {
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
    pub(super) fn compound_file(&self) -> Option<String> {
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
    pub(super) fn write_compounds(&self) -> Result<()> {
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

    /// Checks the checksums of the index's files before a writer builds on
    /// them: a merge would copy damaged bytes into a new segment with a valid
    /// checksum, and the damage could no longer be found. (Queries do not
    /// check: that would read the whole index for each query.)
    pub(super) fn check_before_writing(&self) -> Result<()> {
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
    pub(super) fn lock(&self) -> Result<std::fs::File> {
        lock_folder(&self.path)
    }
}
