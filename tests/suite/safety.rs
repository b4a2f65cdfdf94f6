//! Issue 15: nothing lost, nothing stuck. Unreadable folders keep their
//! passages, files skipped for a passing reason are read again, absurd
//! limits are answered, the rebuild swap and the file list are safe.

use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::util::sample_corpus;

const BIN: &str = env!("CARGO_BIN_EXE_docsearch");

/// The user the permission tests run `docsearch` as when they run as root.
const NOBODY: u32 = 65534;

/// Runs `docsearch` as a user the permission bits apply to. Root reads every
/// folder, so as root `docsearch` runs through `setpriv` as nobody (the way
/// the acceptance check does) and `own` (the test's temporary folder) is
/// handed to nobody. `None` when that cannot be done: as root without
/// `setpriv`, and then only outside CI (`CI` set makes it a failure).
fn unprivileged(own: &Path) -> Option<impl Fn() -> Command> {
    // SAFETY: geteuid has no preconditions and cannot fail.
    let root = unsafe { libc::geteuid() } == 0;
    if root {
        let setpriv = Command::new("setpriv")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
        if !setpriv {
            assert!(
                std::env::var_os("CI").is_none(),
                "as root, this test needs setpriv (util-linux) to drop privileges"
            );
            eprintln!("skipped: as root without setpriv the permission bits cannot be tested");
            return None;
        }
        chown_all(own);
    }
    Some(move || {
        if root {
            let mut cmd = Command::new("setpriv");
            cmd.arg(format!("--reuid={NOBODY}"))
                .arg(format!("--regid={NOBODY}"))
                .arg("--clear-groups")
                .arg(BIN);
            cmd
        } else {
            Command::new(BIN)
        }
    })
}

fn chown_all(path: &Path) {
    std::os::unix::fs::lchown(path, Some(NOBODY), Some(NOBODY)).unwrap();
    if path.is_dir() && !path.is_symlink() {
        for entry in std::fs::read_dir(path).unwrap() {
            chown_all(&entry.unwrap().path());
        }
    }
}

fn chmod(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn run(mut cmd: Command, args: &[&OsStr]) -> Output {
    cmd.args(args).output().unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// `index CORPUS --index IX --json`: the exit code and the report.
fn index_json(cmd: Command, corpus: &Path, ix: &Path) -> (Option<i32>, serde_json::Value) {
    let out = run(
        cmd,
        &[
            "index".as_ref(),
            corpus.as_os_str(),
            "--index".as_ref(),
            ix.as_os_str(),
            "--json".as_ref(),
        ],
    );
    let report = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("no JSON report ({e}): {}", stderr(&out)));
    (out.status.code(), report)
}

/// Every passage of the index, as (path, text).
fn passages(cmd: Command, ix: &Path) -> BTreeSet<(String, String)> {
    let out = run(
        cmd,
        &[
            "query".as_ref(),
            "--json".as_ref(),
            "--per-doc".as_ref(),
            "0".as_ref(),
            "--limit".as_ref(),
            "100000".as_ref(),
            "--index".as_ref(),
            ix.as_os_str(),
            "--".as_ref(),
            "-zzqqxxnothing".as_ref(),
        ],
    );
    assert!(out.status.code() != Some(2), "{}", stderr(&out));
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (
                v["path"].as_str().unwrap().to_owned(),
                v["text"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// The first `n` files of a folder of the sample corpus.
fn first_files(folder: &str, n: usize) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(sample_corpus().join(folder))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files.truncate(n);
    files
}

/// Issue 15: a folder that `index` may not read is not a deleted folder.
/// Its passages stay, the report names it with the reason, `index` exits 1;
/// a file the walk saw gone still leaves the index.
#[test]
fn an_unreadable_folder_keeps_its_passages() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("c");
    for (folder, sub, n) in [("moties", "a", 3), ("kamervragen", "b", 2)] {
        std::fs::create_dir_all(corpus.join(sub)).unwrap();
        for file in first_files(folder, n) {
            std::fs::copy(&file, corpus.join(sub).join(file.file_name().unwrap())).unwrap();
        }
    }
    let ix = tmp.path().join("i");
    let Some(docsearch) = unprivileged(tmp.path()) else {
        return;
    };
    let (code, _) = index_json(docsearch(), &corpus, &ix);
    assert_eq!(code, Some(0));
    let before = passages(docsearch(), &ix);
    assert!(before.iter().filter(|(p, _)| p.starts_with("a/")).count() >= 3);

    // Folder a/ unreadable; one file of b/ deleted.
    let gone = first_files("kamervragen", 1)[0]
        .file_name()
        .unwrap()
        .to_owned();
    let gone_rel = format!("b/{}", gone.to_string_lossy());
    std::fs::remove_file(corpus.join("b").join(&gone)).unwrap();
    chmod(&corpus.join("a"), 0o000);
    let out = run(
        docsearch(),
        &[
            "index".as_ref(),
            corpus.as_os_str(),
            "--index".as_ref(),
            ix.as_os_str(),
        ],
    );
    chmod(&corpus.join("a"), 0o755);
    let msg = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{msg}");
    assert!(
        msg.lines().any(|l| l
            == "skipped a: cannot visit: Permission denied (os error 13); the 3 files indexed under it stay in the index until it can be read"),
        "{msg}"
    );
    assert!(msg.contains(" 1 unchanged, 1 removed, 1 skipped,"), "{msg}");
    let expected: BTreeSet<(String, String)> = before
        .iter()
        .filter(|(p, _)| *p != gone_rel)
        .cloned()
        .collect();
    assert_ne!(expected, before);
    assert_eq!(passages(docsearch(), &ix), expected);

    // Readable again: nothing to read, nothing skipped.
    let (code, report) = index_json(docsearch(), &corpus, &ix);
    assert_eq!(code, Some(0), "{report}");
    assert_eq!(report["files_indexed"], 0);
    assert_eq!(report["files_unchanged"], 4);
    assert_eq!(passages(docsearch(), &ix), expected);
}
