//! Issue 15: nothing lost, nothing stuck. Unreadable folders keep their
//! passages, files skipped for a passing reason are read again, absurd
//! limits are answered, the rebuild swap and the file list are safe.

use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use docsearch::{IndexConfig, SearchIndex, SearchOptions};

use crate::util::{corpus_with, sample_corpus, sample_file};

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
    }
    // The checkout may lie in a folder nobody cannot enter (CI's clone):
    // nobody runs a link to the binary, or a copy, in its own folder.
    // (Linked after the chown, which would hand the build's binary to nobody.)
    let bin = if root {
        chown_all(own);
        let bin = own.join("docsearch-bin");
        std::fs::hard_link(BIN, &bin)
            .or_else(|_| std::fs::copy(BIN, &bin).map(drop))
            .unwrap();
        bin
    } else {
        PathBuf::from(BIN)
    };
    Some(move || {
        if root {
            let mut cmd = Command::new("setpriv");
            cmd.arg(format!("--reuid={NOBODY}"))
                .arg(format!("--regid={NOBODY}"))
                .arg("--clear-groups")
                .arg(&bin);
            cmd
        } else {
            Command::new(&bin)
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

/// The report's skipped files as (path, reason).
fn skipped(report: &serde_json::Value) -> Vec<(String, String)> {
    report["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["path"].as_str().unwrap().to_owned(),
                s["reason"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
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

/// Issue 15: a file the system refuses to read is read again on the next
/// run, though it did not change; a changed file that cannot be read now
/// keeps the passages of what was read before.
#[test]
fn a_file_the_system_refuses_keeps_its_passages_and_is_read_again() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("c");
    std::fs::create_dir_all(&corpus).unwrap();
    let brief = corpus.join("brief.txt");
    let later = corpus.join("later.txt");
    std::fs::write(&brief, "De minister beantwoordt vragen over stikstof.\n").unwrap();
    std::fs::write(
        &later,
        "De staatssecretaris schrijft over dijkversterking.\n",
    )
    .unwrap();
    let ix = tmp.path().join("i");
    let Some(docsearch) = unprivileged(tmp.path()) else {
        return;
    };
    chmod(&later, 0o000);
    let (code, report) = index_json(docsearch(), &corpus, &ix);
    assert_eq!(code, Some(1));
    assert_eq!(
        skipped(&report),
        [(
            "later.txt".to_owned(),
            "cannot open: Permission denied (os error 13)".to_owned()
        )]
    );
    chmod(&later, 0o644);
    let (code, report) = index_json(docsearch(), &corpus, &ix);
    assert_eq!(code, Some(0), "{report}");
    assert_eq!(report["files_indexed"], 1);
    let texts = |ix: &Path| -> Vec<String> {
        passages(docsearch(), ix)
            .into_iter()
            .map(|(_, text)| text)
            .collect()
    };
    assert_eq!(
        texts(&ix),
        [
            "De minister beantwoordt vragen over stikstof.",
            "De staatssecretaris schrijft over dijkversterking."
        ]
    );

    // Changed, and unreadable now: the passages of before stay.
    std::fs::write(
        &brief,
        "De minister beantwoordt vragen over de woningmarkt.\n",
    )
    .unwrap();
    chmod(&brief, 0o000);
    let (code, report) = index_json(docsearch(), &corpus, &ix);
    chmod(&brief, 0o644);
    assert_eq!(code, Some(1));
    assert_eq!(
        skipped(&report),
        [(
            "brief.txt".to_owned(),
            "cannot open: Permission denied (os error 13); the passages indexed before stay in the index"
                .to_owned()
        )]
    );
    assert_eq!(
        texts(&ix),
        [
            "De minister beantwoordt vragen over stikstof.",
            "De staatssecretaris schrijft over dijkversterking."
        ]
    );
    let (code, report) = index_json(docsearch(), &corpus, &ix);
    assert_eq!(code, Some(0), "{report}");
    assert_eq!(
        texts(&ix),
        [
            "De minister beantwoordt vragen over de woningmarkt.",
            "De staatssecretaris schrijft over dijkversterking."
        ]
    );
}

/// Issue 15: a PDF skipped because `pdftotext` was missing is read once it
/// is installed, without the file being touched.
#[test]
fn a_pdf_skipped_for_want_of_pdftotext_is_read_once_it_is_there() {
    if Command::new("pdftotext").arg("-v").output().is_err() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI installs pdftotext (poppler-utils)"
        );
        eprintln!("skipped: no pdftotext");
        return;
    }
    let pdf = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus/kamerbrieven/Kamerbrief_1pag.pdf");
    let corpus = corpus_with(&[("brief.pdf", &std::fs::read(pdf).unwrap())]);
    let tmp = tempfile::tempdir().unwrap();
    let ix = tmp.path().join("i");
    let mut without = Command::new(BIN);
    without.env("PATH", "/nonexistent");
    let (code, report) = index_json(without, corpus.path(), &ix);
    assert_eq!(code, Some(1));
    assert_eq!(
        skipped(&report),
        [(
            "brief.pdf".to_owned(),
            docsearch::read::MISSING_PDFTOTEXT.to_owned()
        )]
    );
    let (code, report) = index_json(Command::new(BIN), corpus.path(), &ix);
    assert_eq!(code, Some(0), "{report}");
    assert_eq!(report["files_indexed"], 1);
    let found = passages(Command::new(BIN), &ix);
    assert!(!found.is_empty());
    assert!(found.iter().all(|(path, _)| path == "brief.pdf"));
}

fn index_in(corpus: &Path, dir: &Path) -> SearchIndex {
    let index = SearchIndex::open_or_create(&dir.join("index")).unwrap();
    index.index_folder(corpus, &IndexConfig::default()).unwrap();
    index
}

fn texts(index: &SearchIndex) -> Vec<String> {
    let all = SearchOptions {
        limit: 1000,
        max_per_doc: 0,
        ..SearchOptions::default()
    };
    index
        .search("-zzqqxxnothing", &all)
        .unwrap()
        .into_iter()
        .map(|h| h.text)
        .collect()
}

/// Issue 15: a changed file that changes again while it is read keeps the
/// passages it had; the next run reads it.
#[test]
fn a_file_that_changes_while_read_keeps_its_earlier_passages() {
    let corpus = corpus_with(&[("brief.txt", b"Eerste versie over stikstof.\n")]);
    let dir = tempfile::tempdir().unwrap();
    let index = index_in(corpus.path(), dir.path());
    assert_eq!(texts(&index), ["Eerste versie over stikstof."]);

    let brief = corpus.path().join("brief.txt");
    std::fs::write(&brief, "Tweede versie over dijken.\n").unwrap();
    let hook = |p: docsearch::Progress| {
        if let docsearch::Progress::Planned { .. } = p {
            std::fs::write(&brief, "Derde versie, langer, over de woningmarkt.\n").unwrap();
        }
    };
    let report = index
        .index_folder_with_progress(corpus.path(), &IndexConfig::default(), &hook)
        .unwrap();
    assert_eq!(report.skipped.len(), 1);
    let reason = &report.skipped[0].reason;
    assert!(
        reason.starts_with(
            "file changed while it was being read (27 bytes when the folder was listed"
        ) && reason.ends_with(
            "it is read again on the next run; the passages indexed before stay in the index"
        ),
        "{reason}"
    );
    assert_eq!(texts(&index), ["Eerste versie over stikstof."]);

    let report = index
        .index_folder(corpus.path(), &IndexConfig::default())
        .unwrap();
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    assert_eq!(
        texts(&index),
        ["Derde versie, langer, over de woningmarkt."]
    );
}

/// Issue 15: a file over the size limit is read once the limit is raised;
/// a file skipped for what it holds waits until it changes.
#[test]
fn passing_reasons_are_retried_and_the_files_own_wait() {
    let motie = sample_file("moties/000997f1-f677-4f1a-9be2-7f0faf8479a7.xml");
    let corpus = corpus_with(&[
        ("motie.xml", &motie),
        (
            "kapot.xml",
            b"<?xml version=\"1.0\"?>\n<officiele-publicatie><al>tekst</kop></officiele-publicatie>",
        ),
    ]);
    let dir = tempfile::tempdir().unwrap();
    let index = SearchIndex::open_or_create(&dir.path().join("index")).unwrap();
    let small = IndexConfig {
        max_file_bytes: 1000,
        ..IndexConfig::default()
    };
    let first = index.index_folder(corpus.path(), &small).unwrap();
    let reasons: Vec<(&str, &str)> = first
        .skipped
        .iter()
        .map(|s| (s.path.as_str(), s.reason.as_str()))
        .collect();
    assert_eq!(reasons.len(), 2, "{reasons:?}");
    assert_eq!(reasons[0].0, "kapot.xml");
    assert!(reasons[1].0 == "motie.xml" && reasons[1].1.contains("larger than the limit"));

    let second = index
        .index_folder(corpus.path(), &IndexConfig::default())
        .unwrap();
    // The motie is read; the broken XML is not read again.
    assert_eq!(
        (second.files_indexed, second.files_unchanged),
        (1, 1),
        "{second:?}"
    );
    assert_eq!(second.skipped.len(), 1);
    assert_eq!(second.skipped[0], first.skipped[0]);
    let hits = index.search("doc:kst-34104-439", &SearchOptions::default());
    assert_eq!(hits.unwrap().len(), 1);
}

/// One system call of an `strace -f` log, in the order it returned.
#[derive(Debug)]
struct Call {
    pid: String,
    text: String,
}

/// The calls of an `strace -f` log; a call another thread interrupted is
/// put together and placed where it returned.
fn calls(log: &str) -> Vec<Call> {
    let mut pending: std::collections::HashMap<String, String> = Default::default();
    let mut out = Vec::new();
    for line in log.lines() {
        let Some((pid, rest)) = line.split_once(' ') else {
            continue;
        };
        let rest = rest.trim_start();
        if let Some(start) = rest.strip_suffix(" <unfinished ...>") {
            pending.insert(pid.to_owned(), start.to_owned());
        } else if rest.starts_with("<... ") {
            let end = rest.split_once("resumed>").map_or("", |(_, e)| e);
            let start = pending.remove(pid).unwrap_or_default();
            out.push(Call {
                pid: pid.to_owned(),
                text: format!("{start}{end}"),
            });
        } else {
            out.push(Call {
                pid: pid.to_owned(),
                text: rest.to_owned(),
            });
        }
    }
    out
}

/// The file descriptor an `openat` call returned.
fn opened_fd(call: &Call) -> Option<String> {
    if !call.text.starts_with("openat(") {
        return None;
    }
    let fd = call.text.rsplit_once("= ")?.1.trim();
    fd.bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| fd.to_owned())
}

/// Whether `calls` open a path ending in `name` and then `fsync` that
/// descriptor (before closing it), on one thread.
fn opens_and_syncs(calls: &[Call], name: &str) -> bool {
    calls.iter().enumerate().any(|(i, open)| {
        open.text.starts_with("openat(")
            && open.text.contains(&format!("{name}\","))
            && opened_fd(open).is_some_and(|fd| {
                calls[i + 1..]
                    .iter()
                    .take_while(|c| {
                        !(c.pid == open.pid && c.text.starts_with(&format!("close({fd})")))
                    })
                    .any(|c| c.pid == open.pid && c.text.starts_with(&format!("fsync({fd})")))
            })
    })
}

/// Issue 15: the format marker, the file list and the compound list reach
/// the disk (file, then its name in the folder) before the commit that
/// names them, so a power loss cannot leave a commit naming an empty file.
/// Read from `strace`: fsync of the temporary file before its rename, fsync
/// of the folder after it, and for the file list both before tantivy
/// renames its new `meta.json` into place.
#[test]
fn what_a_commit_names_is_on_disk_before_it() {
    if Command::new("strace").arg("-V").output().is_err() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI installs strace (.ci/run)"
        );
        eprintln!("skipped: no strace");
        return;
    }
    let corpus = corpus_with(&[("brief.txt", b"De minister schrijft over stikstof.\n")]);
    let tmp = tempfile::tempdir().unwrap();
    let ix = tmp.path().join("ix");
    let log = tmp.path().join("strace.log");
    let out = Command::new("strace")
        .args(["-f", "-qq", "-e", "signal=none", "-e"])
        .arg("trace=openat,close,fsync,fdatasync,rename,renameat,renameat2")
        .arg("-o")
        .arg(&log)
        .arg(BIN)
        .arg("index")
        .arg(corpus.path())
        .arg("--index")
        .arg(&ix)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let calls = calls(&std::fs::read_to_string(&log).unwrap());
    let names: Vec<String> = std::fs::read_dir(&ix)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n == "docsearch.json" || n.starts_with("files-") || n.starts_with("compounds-"))
        .collect();
    assert_eq!(names.len(), 3, "{names:?}");
    let dir = ix.to_string_lossy().into_owned();
    for name in &names {
        let tmp_name = format!("{}.tmp", name.rsplit_once('.').unwrap().0);
        let renamed = calls
            .iter()
            .position(|c| {
                c.text.starts_with("rename")
                    && c.text.contains(&format!("/{tmp_name}\""))
                    && c.text.contains(&format!("/{name}\""))
            })
            .unwrap_or_else(|| panic!("no rename of {tmp_name} to {name}"));
        assert!(
            opens_and_syncs(&calls[..renamed], &tmp_name),
            "{name}: not synced before its rename"
        );
        let after = &calls[renamed + 1..];
        let next_commit = after
            .iter()
            .position(|c| c.text.starts_with("rename") && c.text.contains("/meta.json\""))
            .unwrap_or(after.len());
        let limit = if name.starts_with("files-") {
            assert!(next_commit < after.len(), "no commit after {name}");
            next_commit
        } else {
            after.len()
        };
        assert!(
            opens_and_syncs(&after[..limit], &dir),
            "{name}: folder not synced after its rename (before the commit)"
        );
    }
}

/// Issue 15: a file list that is missing, empty (what a power loss leaves of
/// a file written without fsync) or garbled is an error that names it and
/// says to rebuild, not an empty list; `--rebuild` mends the index, and
/// queries answer meanwhile.
#[test]
fn a_missing_or_damaged_file_list_says_to_rebuild() {
    let corpus = corpus_with(&[("brief.txt", b"De minister schrijft over stikstof.\n")]);
    let tmp = tempfile::tempdir().unwrap();
    let ix = tmp.path().join("ix");
    let index = |extra: &[&str]| {
        let mut cmd = Command::new(BIN);
        cmd.arg("index")
            .arg(corpus.path())
            .arg("--index")
            .arg(&ix)
            .args(extra);
        cmd.output().unwrap()
    };
    assert_eq!(index(&[]).status.code(), Some(0));
    let list = || -> PathBuf {
        std::fs::read_dir(&ix)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| {
                p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with("files-")
            })
            .unwrap()
    };
    let name = list().file_name().unwrap().to_string_lossy().into_owned();
    for (damage, says) in [
        ("missing", "cannot be read"),
        ("empty", "is damaged"),
        ("garbled", "is damaged"),
    ] {
        match damage {
            "missing" => std::fs::remove_file(list()).unwrap(),
            "empty" => std::fs::write(list(), b"").unwrap(),
            _ => std::fs::write(list(), b"{\"root\": [1, 2").unwrap(),
        }
        let out = index(&[]);
        let msg = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{damage}: {msg}");
        assert!(
            msg.contains(&format!(
                "is damaged: {name}, the list of indexed files of its last commit, {says}"
            )) && msg.contains("--rebuild`"),
            "{damage}: {msg}"
        );
        let hits = passages(Command::new(BIN), &ix);
        assert_eq!(hits.len(), 1, "{damage}: queries answer");
        let out = index(&["--rebuild"]);
        assert_eq!(out.status.code(), Some(0), "{damage}: {}", stderr(&out));
        assert_eq!(index(&[]).status.code(), Some(0), "{damage}");
        assert_eq!(passages(Command::new(BIN), &ix), hits);
    }
}

/// Issue 15: while `--rebuild` swaps the new index in (the old one moved
/// aside to `.old`, the new one still at `.rebuild`, its lock held), a second
/// `index` stops at the lock instead of finishing the swap itself, and
/// queries answer from the old index. A swap a crash left unfinished (no
/// lock held) is finished by the next run.
#[test]
fn a_second_index_leaves_a_rebuild_its_swap() {
    let corpus = corpus_with(&[("brief.txt", b"De minister schrijft over stikstof.\n")]);
    let tmp = tempfile::tempdir().unwrap();
    let ix = tmp.path().join("ix");
    let fresh = tmp.path().join("ix.rebuild");
    let old = tmp.path().join("ix.old");
    let index = |at: &Path, extra: &[&str]| {
        Command::new(BIN)
            .arg("index")
            .arg(corpus.path())
            .arg("--index")
            .arg(at)
            .args(extra)
            .output()
            .unwrap()
    };
    assert_eq!(index(&ix, &[]).status.code(), Some(0));
    assert_eq!(index(&fresh, &[]).status.code(), Some(0));
    let hits = passages(Command::new(BIN), &ix);
    std::fs::rename(&ix, &old).unwrap();
    // Hold the new index's lock the way the swapping rebuild does.
    let lock = std::fs::OpenOptions::new()
        .write(true)
        .open(fresh.join("docsearch.lock"))
        .unwrap();
    lock.try_lock().unwrap();
    std::fs::write(fresh.join("docsearch.lock"), "4242").unwrap();
    for extra in [&[][..], &["--rebuild"][..]] {
        let out = index(&ix, extra);
        let msg = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{extra:?}: {msg}");
        assert!(
            msg.contains("is being written by another docsearch process (pid 4242)"),
            "{extra:?}: {msg}"
        );
        assert!(!ix.exists() && fresh.exists() && old.exists(), "{extra:?}");
        assert_eq!(passages(Command::new(BIN), &ix), hits);
    }
    // The rebuild was killed: the next run finishes its swap.
    drop(lock);
    let out = index(&ix, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(ix.exists() && !fresh.exists() && !old.exists());
    assert_eq!(passages(Command::new(BIN), &ix), hits);
}

/// Address space `docsearch` may take in the absurd-limit test: ample for
/// these small indexes, far below what allocating by the limit asks for.
const ADDRESS_SPACE: u64 = 1 << 30;

/// Runs `docsearch ARGS` with at most [`ADDRESS_SPACE`] of memory. (The peak
/// RSS that `wait4` reports of a child counts the memory of the process that
/// spawned it, this test binary, so a limit is what bounds it.)
fn run_bounded(args: &[&OsStr]) -> Output {
    use std::os::unix::process::CommandExt;
    let mut cmd = Command::new(BIN);
    cmd.args(args);
    // SAFETY: between fork and exec the closure only calls setrlimit, which
    // is async-signal-safe, on a value on its own stack.
    unsafe {
        cmd.pre_exec(|| {
            let limit = libc::rlimit {
                rlim_cur: ADDRESS_SPACE,
                rlim_max: ADDRESS_SPACE,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &limit) == 0 {
                Ok(())
            } else {
                Err(std::io::Error::last_os_error())
            }
        });
    }
    cmd.output().unwrap()
}

/// Issue 15: absurd limits and offsets are answered (exit 0 or 1, never an
/// abort), with what a sensible limit gives, in memory that follows the
/// matches, not the limit (the process may not take more than 1 GiB).
#[test]
fn absurd_limits_and_offsets_are_answered() {
    let mut files: Vec<(String, Vec<u8>)> = first_files("moties", 40)
        .into_iter()
        .map(|p| {
            let name = format!("moties/{}", p.file_name().unwrap().to_string_lossy());
            (name, std::fs::read(p).unwrap())
        })
        .collect();
    files.push((
        "brief.txt".into(),
        b"Over de motie van het lid Bisschop schrijft de minister een brief.\n".to_vec(),
    ));
    let refs: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (n.as_str(), &b[..])).collect();
    let corpus = corpus_with(&refs);
    let tmp = tempfile::tempdir().unwrap();
    let ix = tmp.path().join("ix");
    let out = Command::new(BIN)
        .arg("index")
        .arg(corpus.path())
        .arg("--index")
        .arg(&ix)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let query = |args: &[&str]| {
        let mut all: Vec<&OsStr> = vec!["query".as_ref(), "--index".as_ref(), ix.as_os_str()];
        all.extend(args.iter().map(OsStr::new));
        let out = run_bounded(&all);
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{args:?}: {:?} {}",
            out.status,
            stderr(&out)
        );
        (out.status.code(), String::from_utf8(out.stdout).unwrap())
    };
    let huge = "4000000000";
    let max = u64::MAX.to_string();
    for (absurd, sensible) in [
        (
            vec!["motie", "--json", "--limit", huge],
            vec!["motie", "--json", "--limit", "10000"],
        ),
        (
            vec!["motie", "--limit", &max],
            vec!["motie", "--limit", "10000"],
        ),
        (
            vec!["motie", "--json", "--per-doc", "0", "--limit", huge],
            vec!["motie", "--json", "--per-doc", "0", "--limit", "10000"],
        ),
        (
            vec!["type:motie", "--json", "--per-doc", "0", "--limit", huge],
            vec!["type:motie", "--json", "--per-doc", "0", "--limit", "10000"],
        ),
        (
            vec!["motie", "--json", "--sort", "date", "--limit", huge],
            vec!["motie", "--json", "--sort", "date", "--limit", "10000"],
        ),
        (
            vec!["motie", "--format", "trec", "--limit", huge],
            vec!["motie", "--format", "trec", "--limit", "10000"],
        ),
        (
            vec!["motie", "--json", "--offset", "5", "--limit", huge],
            vec!["motie", "--json", "--offset", "5", "--limit", "10000"],
        ),
    ] {
        let (code, out) = query(&absurd);
        assert_eq!(code, Some(0), "{absurd:?}");
        let lines = out.lines().count();
        assert!(lines > 30, "{absurd:?}: {lines} lines");
        assert_eq!((code, out), query(&sensible), "{absurd:?}");
    }
    // Offsets past every hit: nothing to show.
    for offset in [huge, &max] {
        for limit in ["10", huge, &max] {
            let (code, out) = query(&["motie", "--json", "--offset", offset, "--limit", limit]);
            assert_eq!(
                (code, out.as_str()),
                (Some(1), ""),
                "--offset {offset} --limit {limit}"
            );
        }
        let (code, out) = query(&["type:motie", "--offset", offset]);
        assert_eq!(code, Some(0));
        assert_eq!(
            out.trim(),
            "40 passages in 40 documents",
            "--offset {offset}"
        );
    }
}
