//! Which files a corpus folder holds.

use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use crate::read::Format;

/// A file docsearch can read, found under the corpus root.
#[derive(Debug, Clone)]
pub struct CorpusFile {
    /// Where it is.
    pub abs: PathBuf,
    /// Path relative to the corpus root, `/`-separated.
    pub rel: String,
    /// Size in bytes.
    pub size: u64,
    /// Modification time in nanoseconds since the epoch.
    pub mtime_ns: i128,
}

/// Result of walking a corpus.
#[derive(Debug, Default)]
pub struct Walked {
    /// Supported files, sorted by path.
    pub files: Vec<CorpusFile>,
    /// Entries that could not be visited: (path, reason).
    pub problems: Vec<(String, String)>,
    /// Files with extensions docsearch does not read.
    pub ignored: usize,
}

/// Walks `root`, following symbolic links (loops are reported, not followed),
/// skipping hidden entries and the folder `exclude` (the index, when it lies
/// inside the corpus).
pub fn walk(root: &Path, exclude: Option<&Path>) -> Walked {
    let mut out = Walked::default();
    let exclude = exclude.and_then(|p| p.canonicalize().ok());
    let walker = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let hidden = e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.');
            let excluded = exclude.as_deref().is_some_and(|x| {
                e.file_type().is_dir() && e.path().canonicalize().ok().as_deref() == Some(x)
            });
            !hidden && !excluded
        });
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let path = err
                    .path()
                    .map(|p| relative(root, p))
                    .unwrap_or_else(|| root.display().to_string());
                let dangling = err.path().is_some_and(|p| {
                    p.symlink_metadata()
                        .is_ok_and(|m| m.file_type().is_symlink())
                        && std::fs::metadata(p).is_err()
                });
                let reason = if err.loop_ancestor().is_some() {
                    "symbolic link loop (not followed)".to_owned()
                } else if dangling {
                    "symbolic link to a file that does not exist".to_owned()
                } else {
                    err.io_error()
                        .map(|e| format!("cannot visit: {e}"))
                        .unwrap_or_else(|| err.to_string())
                };
                out.problems.push((path, reason));
                continue;
            }
        };
        if entry.file_type().is_dir() {
            continue;
        }
        if Format::of(entry.path()).is_none() {
            out.ignored += 1;
            continue;
        }
        if !entry.file_type().is_file() {
            // A named pipe or device would block or never end when read.
            out.problems.push((
                relative(root, entry.path()),
                "not a regular file (a named pipe, socket or device)".into(),
            ));
            continue;
        }
        let Some(rel) = entry
            .path()
            .strip_prefix(root)
            .ok()
            .and_then(|r| r.to_str())
            .map(|r| r.replace('\\', "/"))
        else {
            out.problems.push((
                relative(root, entry.path()),
                "file name is not valid UTF-8".into(),
            ));
            continue;
        };
        match entry.metadata() {
            Ok(md) => {
                let mtime_ns = md
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                    .map_or(0, |d| d.as_nanos() as i128);
                out.files.push(CorpusFile {
                    abs: entry.path().to_path_buf(),
                    rel,
                    size: md.len(),
                    mtime_ns,
                });
            }
            Err(e) => out.problems.push((rel, e.to_string())),
        }
    }
    out
}

fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_sorted_folder_by_folder() {
        let dir = tempfile::tempdir().unwrap();
        for rel in ["dir-2/y.txt", "dir/x.txt", "b.md", "a.txt", "dir/sub/z.xml"] {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "tekst").unwrap();
        }
        let rels: Vec<String> = walk(dir.path(), None)
            .files
            .into_iter()
            .map(|f| f.rel)
            .collect();
        assert_eq!(
            rels,
            ["a.txt", "b.md", "dir/sub/z.xml", "dir/x.txt", "dir-2/y.txt"]
        );
    }
}
