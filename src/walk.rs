//! Which files a corpus folder holds.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
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
    /// Paths the walk could not see into (a folder it may not read, an I/O
    /// error, a symbolic link whose target is gone): files under them may
    /// still exist, so they are not gone. `""` is the whole corpus.
    pub unreadable: Vec<String>,
    /// Files with extensions docsearch does not read: (path, reason).
    pub ignored: Vec<(String, String)>,
}

impl Walked {
    /// Whether the file `rel` may still be there, unseen, under a path the
    /// walk could not see into: such a file is not gone.
    pub fn hides(&self, rel: &str) -> bool {
        self.unreadable.iter().any(|dir| is_under(rel, dir))
    }
}

/// Whether the relative path `rel` is `dir` or lies under it (`""` holds
/// every path).
pub fn is_under(rel: &str, dir: &str) -> bool {
    dir.is_empty()
        || rel
            .strip_prefix(dir)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// Walks `root`, following symbolic links (loops are reported, not followed),
/// skipping hidden entries and the folder `exclude` (the index, when it lies
/// inside the corpus).
///
/// The folders at the top are walked on all cores: checking that nothing
/// changed is one `stat` per file, and a large corpus has many files. The
/// result is in the same order as one walk by name.
pub fn walk(root: &Path, exclude: Option<&Path>) -> Walked {
    let exclude = exclude.and_then(|p| p.canonicalize().ok());
    let canonical_root = root.canonicalize().ok();
    let walker = Walker {
        root,
        canonical_root: canonical_root.as_deref(),
        exclude: exclude.as_deref(),
    };
    // The top level in name order: files are taken at once, folders are
    // walked by the threads below, each into its own part.
    let mut parts: Vec<(usize, PathBuf)> = Vec::new();
    let mut slots: Vec<Walked> = Vec::new();
    for entry in walker.entries(root, 1) {
        match entry {
            Ok(e) if e.depth() == 1 && e.file_type().is_dir() && !walker.is_loop(&e) => {
                parts.push((slots.len(), e.into_path()));
                slots.push(Walked::default());
            }
            other => {
                let mut one = Walked::default();
                walker.visit(other, &mut one);
                slots.push(one);
            }
        }
    }
    let next = AtomicUsize::new(0);
    let done: Mutex<Vec<(usize, Walked)>> = Mutex::new(Vec::new());
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get().min(8));
    std::thread::scope(|scope| {
        for _ in 0..threads.min(parts.len()) {
            scope.spawn(|| {
                while let Some((slot, dir)) = parts.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let mut part = Walked::default();
                    let mut entries = walker.entries(dir, usize::MAX);
                    while let Some(entry) = entries.next() {
                        if !walker.visit(entry, &mut part) {
                            entries.skip_current_dir();
                        }
                    }
                    done.lock().expect("walk results").push((*slot, part));
                }
            });
        }
    });
    for (slot, part) in done.into_inner().expect("walk results") {
        slots[slot] = part;
    }
    let mut top = Walked::default();
    for part in slots {
        top.files.extend(part.files);
        top.problems.extend(part.problems);
        top.unreadable.extend(part.unreadable);
        top.ignored.extend(part.ignored);
    }
    top
}

/// One walk's settings.
struct Walker<'a> {
    root: &'a Path,
    canonical_root: Option<&'a Path>,
    exclude: Option<&'a Path>,
}

impl Walker<'_> {
    /// The entries under `dir` (itself included when it is the root), sorted
    /// by name, hidden ones and the excluded folder left out.
    fn entries(
        &self,
        dir: &Path,
        max_depth: usize,
    ) -> walkdir::FilterEntry<walkdir::IntoIter, impl FnMut(&walkdir::DirEntry) -> bool + '_> {
        let is_root = dir == self.root;
        walkdir::WalkDir::new(dir)
            .follow_links(true)
            .max_depth(max_depth)
            // Entries of one folder share its path up to their names, so
            // their whole paths sort as their names do. A path's bytes compare
            // at once; `file_name` parses the path on every comparison, and
            // that made the sort a fifth of a re-run over 170,000 files.
            .sort_by(|a, b| a.path().as_os_str().cmp(b.path().as_os_str()))
            .into_iter()
            .filter_entry(move |e| {
                let hidden =
                    (e.depth() > 0 || !is_root) && e.file_name().to_string_lossy().starts_with('.');
                let excluded = self.exclude.is_some_and(|x| {
                    e.file_type().is_dir() && e.path().canonicalize().ok().as_deref() == Some(x)
                });
                !hidden && !excluded
            })
    }

    /// A link to a folder that holds the corpus root: walkdir, walking a
    /// folder below the root, does not know the root as an ancestor.
    fn is_loop(&self, entry: &walkdir::DirEntry) -> bool {
        entry.path_is_symlink()
            && self
                .canonical_root
                .zip(entry.path().canonicalize().ok())
                .is_some_and(|(root, target)| root.starts_with(target))
    }

    /// Adds one walked entry to `out`; false for a folder not to walk into.
    fn visit(&self, entry: walkdir::Result<walkdir::DirEntry>, out: &mut Walked) -> bool {
        let root = self.root;
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
                    LOOP.to_owned()
                } else if dangling {
                    "symbolic link to a file that does not exist".to_owned()
                } else {
                    err.io_error()
                        .map(|e| format!("cannot visit: {e}"))
                        .unwrap_or_else(|| err.to_string())
                };
                // A loop holds nothing new; anything else hides what is
                // under it (a path walkdir does not give hides everything).
                if err.loop_ancestor().is_none() {
                    out.unreadable.push(if err.path().is_some() {
                        path.clone()
                    } else {
                        String::new()
                    });
                }
                out.problems.push((path, reason));
                return true;
            }
        };
        if entry.file_type().is_dir() {
            if self.is_loop(&entry) {
                out.problems
                    .push((relative(root, entry.path()), LOOP.to_owned()));
                return false;
            }
            return true;
        }
        if Format::of(entry.path()).is_none() {
            out.ignored.push((
                relative(root, entry.path()),
                Format::not_read_because(entry.path()),
            ));
            return true;
        }
        if !entry.file_type().is_file() {
            // A named pipe or device would block or never end when read.
            out.problems.push((
                relative(root, entry.path()),
                "not a regular file (a named pipe, socket or device)".into(),
            ));
            return true;
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
            return true;
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
            Err(e) => {
                out.unreadable.push(rel.clone());
                out.problems.push((rel, e.to_string()));
            }
        }
        true
    }
}

/// Why a folder is not walked into.
const LOOP: &str = "symbolic link loop (not followed)";

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

    #[test]
    fn files_of_other_formats_are_listed_with_the_reason() {
        let dir = tempfile::tempdir().unwrap();
        for rel in ["a.txt", "b.html", "sub/c.docx", "README"] {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "tekst").unwrap();
        }
        let walked = walk(dir.path(), None);
        assert_eq!(walked.files.len(), 1);
        let ignored: Vec<(&str, &str)> = walked
            .ignored
            .iter()
            .map(|(p, r)| (p.as_str(), r.as_str()))
            .collect();
        let reads = "(it reads .txt, .md, .xml and .pdf)";
        assert_eq!(
            ignored,
            [
                (
                    "README",
                    &*format!("no file extension: docsearch does not know its format {reads}")
                ),
                (
                    "b.html",
                    &*format!("docsearch does not read .html files {reads}")
                ),
                (
                    "sub/c.docx",
                    &*format!("docsearch does not read .docx files {reads}")
                ),
            ]
        );
    }

    /// Issue 15: a disk that is not mounted leaves a link whose target is
    /// gone; the files under it are not seen, but not gone either.
    #[test]
    fn a_link_to_a_folder_that_is_gone_hides_its_files() {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus");
        let disk = dir.path().join("disk");
        std::fs::create_dir_all(disk.join("sub")).unwrap();
        std::fs::create_dir_all(&corpus).unwrap();
        std::fs::write(disk.join("sub/x.txt"), "tekst").unwrap();
        std::fs::write(corpus.join("y.txt"), "tekst").unwrap();
        std::os::unix::fs::symlink(&disk, corpus.join("schijf")).unwrap();
        let walked = walk(&corpus, None);
        let rels: Vec<&str> = walked.files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(rels, ["schijf/sub/x.txt", "y.txt"]);
        assert!(walked.unreadable.is_empty());

        std::fs::remove_dir_all(&disk).unwrap();
        let walked = walk(&corpus, None);
        let rels: Vec<&str> = walked.files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(rels, ["y.txt"]);
        assert_eq!(
            walked.problems,
            [(
                "schijf".to_owned(),
                "symbolic link to a file that does not exist".to_owned()
            )]
        );
        assert_eq!(walked.unreadable, ["schijf"]);
        assert!(walked.hides("schijf/sub/x.txt"));
        assert!(walked.hides("schijf"));
        assert!(!walked.hides("schijfje/x.txt"));
        assert!(!walked.hides("y.txt"));
    }

    #[test]
    fn links_back_to_the_root_are_loops_at_any_depth() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("a/b")).unwrap();
        std::fs::write(dir.path().join("a/b/x.txt"), "tekst").unwrap();
        std::os::unix::fs::symlink("..", dir.path().join("a/up")).unwrap();
        std::os::unix::fs::symlink("../..", dir.path().join("a/b/top")).unwrap();
        std::os::unix::fs::symlink(".", dir.path().join("self")).unwrap();
        let walked = walk(dir.path(), None);
        let rels: Vec<&str> = walked.files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(rels, ["a/b/x.txt"]);
        let mut problems = walked.problems.clone();
        problems.sort();
        assert_eq!(
            problems,
            [
                ("a/b/top".to_owned(), LOOP.to_owned()),
                ("a/up".to_owned(), LOOP.to_owned()),
                ("self".to_owned(), LOOP.to_owned())
            ]
        );
        assert!(walked.unreadable.is_empty(), "{:?}", walked.unreadable);
    }
}
