//! Issue 6: `kill -9` at random moments of `docsearch index`, for real.
//!
//! An index of corpus A is updated to corpus B (files added, changed and
//! removed) by a child process that is killed at a random moment; some runs are
//! `--rebuild`s. Meanwhile and afterwards `query` must answer from A or from B,
//! never from a mixture, and the next `index` must give exactly what a clean
//! build of B gives. Iterations: `CRASH_ITERATIONS` (default 8, about 30 s).
//! The kill moments are drawn from a seed taken from the clock and printed
//! with every failure; `CRASH_SEED=N` replays the draws (the moments are
//! shares of the measured update time, so they replay up to its drift).

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::sample_corpus;

fn docsearch() -> Command {
    Command::new(env!("CARGO_BIN_EXE_docsearch"))
}

/// Every passage in the index, as (path, text), or the error `query` printed.
fn passages(index: &Path) -> Result<BTreeSet<(String, String)>, String> {
    let out = docsearch()
        .args([
            "query",
            "--json",
            "--per-doc",
            "0",
            "--limit",
            "1000000",
            "--index",
        ])
        .arg(index)
        .args(["--", "-zzqqxxnothing"])
        .output()
        .unwrap();
    if out.status.code() == Some(2) {
        return Err(String::from_utf8_lossy(&out.stderr).into_owned());
    }
    Ok(String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("json line");
            (
                v["path"].as_str().unwrap().to_owned(),
                v["text"].as_str().unwrap().to_owned(),
            )
        })
        .collect())
}

fn index(corpus: &Path, index: &Path, rebuild: bool) -> std::process::Output {
    let mut cmd = docsearch();
    cmd.arg("index").arg(corpus).arg("--index").arg(index);
    if rebuild {
        cmd.arg("--rebuild");
    }
    cmd.output().unwrap()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Corpus A (80 moties, the agenda and some Kamervragen), then B from it.
fn corpora(root: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let a = root.join("a");
    let b = root.join("b");
    let mut moties: Vec<_> = std::fs::read_dir(sample_corpus().join("moties"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    moties.sort();
    let mut vragen: Vec<_> = std::fs::read_dir(sample_corpus().join("kamervragen"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    vragen.sort();
    let put = |dir: &Path, src: &Path, sub: &str| {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
        std::fs::copy(src, dir.join(sub).join(src.file_name().unwrap())).unwrap();
    };
    for m in &moties[..80] {
        put(&a, m, "moties");
    }
    for v in &vragen[..10] {
        put(&a, v, "kamervragen");
    }
    put(
        &a,
        &sample_corpus().join("kamerbrieven/geannoteerde-agenda-ojcs-raad-mei-2024.txt"),
        "kamerbrieven",
    );
    copy_dir(&a, &b);
    // B: 40 moties more, 10 Kamervragen gone, the agenda changed.
    for m in &moties[80..120] {
        put(&b, m, "moties");
    }
    for v in &vragen[..10] {
        std::fs::remove_file(b.join("kamervragen").join(v.file_name().unwrap())).unwrap();
    }
    let agenda = b.join("kamerbrieven/geannoteerde-agenda-ojcs-raad-mei-2024.txt");
    let mut text = std::fs::read_to_string(&agenda).unwrap();
    text.push_str("\nNaschrift\n\nDe minister meldt dat de raad het voorstel over kwantumcomputers heeft aangenomen.\n");
    std::fs::write(&agenda, text).unwrap();
    (a, b)
}

#[test]
fn kill_9_during_index_never_loses_the_index() {
    let iterations: usize = std::env::var("CRASH_ITERATIONS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(8);
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = corpora(tmp.path());

    // Clean builds of A and B, and how long a build of B from A takes.
    let index_a = tmp.path().join("index-a");
    assert_eq!(index(&a, &index_a, false).status.code(), Some(0));
    let clean_b = tmp.path().join("index-b");
    let b_in_a = tmp.path().join("b-in-a");
    assert_eq!(index(&b, &clean_b, false).status.code(), Some(0));
    let state_a = passages(&index_a).unwrap();
    let state_b = passages(&clean_b).unwrap();
    assert_ne!(state_a, state_b);
    // The index remembers its corpus root, so B is indexed at A's path:
    // copy B over a copy of A's folder.
    let work_corpus = tmp.path().join("work");
    let update_time = {
        copy_dir(&a, &work_corpus);
        let ix = tmp.path().join("timing");
        assert_eq!(index(&work_corpus, &ix, false).status.code(), Some(0));
        std::fs::remove_dir_all(&work_corpus).unwrap();
        copy_dir(&b, &work_corpus);
        let t = Instant::now();
        assert_eq!(index(&work_corpus, &ix, false).status.code(), Some(0));
        let elapsed = t.elapsed();
        assert_eq!(
            passages(&ix).unwrap(),
            state_b,
            "an update equals a clean build"
        );
        std::fs::rename(&ix, &b_in_a).unwrap();
        elapsed
    };

    let seed = std::env::var("CRASH_SEED")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
        })
        | 1;
    // Printed before anything can fail; the test harness shows it with a failure.
    eprintln!("kill -9 test: CRASH_SEED={seed} replays this run");
    let replay = format!("(replay with CRASH_SEED={seed})");
    let mut state = seed;
    let mut random = move |n: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % n.max(1)
    };
    let mut outcomes = Vec::new();
    for i in 0..iterations {
        // The index of A, built from the folder that now holds B.
        std::fs::remove_dir_all(&work_corpus).unwrap();
        copy_dir(&a, &work_corpus);
        let ix = tmp.path().join(format!("ix-{i}"));
        assert_eq!(index(&work_corpus, &ix, false).status.code(), Some(0));
        std::fs::remove_dir_all(&work_corpus).unwrap();
        copy_dir(&b, &work_corpus);

        let rebuild = i % 3 == 2;
        let mut cmd = docsearch();
        cmd.arg("index").arg(&work_corpus).arg("--index").arg(&ix);
        if rebuild {
            cmd.arg("--rebuild");
        }
        let mut child = cmd.stderr(Stdio::null()).spawn().unwrap();
        // Kill points spread over the whole run, its commit and a little after.
        let window = update_time.as_millis() as u64 * if rebuild { 3 } else { 1 } * 5 / 4 + 20;
        let delay = Duration::from_millis(random(window));
        std::thread::sleep(delay / 2);
        // A query while the index is being written sees A or B.
        let during = passages(&ix);
        std::thread::sleep(delay / 2);
        let _ = child.kill(); // SIGKILL
        let finished = child.wait().unwrap().success();
        let during = during.unwrap_or_else(|e| panic!("query during index failed: {e} {replay}"));
        assert!(
            during == state_a || during == state_b,
            "iteration {i}: query during index saw a mixture {replay}"
        );
        let after =
            passages(&ix).unwrap_or_else(|e| panic!("query after kill -9 failed: {e} {replay}"));
        let which = if after == state_a {
            "A"
        } else if after == state_b {
            "B"
        } else {
            panic!(
                "iteration {i}: after kill -9 at {delay:?} the index is neither A nor B {replay}"
            )
        };
        outcomes.push(format!(
            "{}{}@{}ms{}",
            if rebuild { "rebuild " } else { "" },
            which,
            delay.as_millis(),
            if finished { " (finished)" } else { "" }
        ));
        let out = index(&work_corpus, &ix, false);
        assert_eq!(
            out.status.code(),
            Some(0),
            "iteration {i}: index after kill -9: {} {replay}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            passages(&ix).unwrap(),
            state_b,
            "iteration {i}: not a clean build {replay}"
        );
        std::fs::remove_dir_all(&ix).unwrap();
    }
    eprintln!(
        "kill -9 (update takes {update_time:?}, CRASH_SEED={seed}): {}",
        outcomes.join(", ")
    );
}

#[test]
fn a_second_writer_is_turned_away_and_queries_go_on() {
    let corpus = crate::util::corpus_with(&[(
        "brief.txt",
        "Het kabinet neemt maatregelen tegen stikstof in natuurgebieden.\n".as_bytes(),
    )]);
    let tmp = tempfile::tempdir().unwrap();
    let ix = tmp.path().join("ix");
    assert_eq!(index(corpus.path(), &ix, false).status.code(), Some(0));
    // Hold the lock the way a running `docsearch index` does.
    let lock = std::fs::OpenOptions::new()
        .write(true)
        .open(ix.join("docsearch.lock"))
        .unwrap();
    lock.try_lock().unwrap();
    std::fs::write(ix.join("docsearch.lock"), "4242").unwrap();
    for rebuild in [false, true] {
        let started = Instant::now();
        let out = index(corpus.path(), &ix, rebuild);
        assert_eq!(out.status.code(), Some(2));
        let msg = String::from_utf8_lossy(&out.stderr);
        assert!(
            msg.contains("is being written by another docsearch process (pid 4242)"),
            "{msg}"
        );
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "did not stop at once"
        );
    }
    let hits = passages(&ix).unwrap();
    assert_eq!(hits.len(), 1);
    drop(lock);
    assert_eq!(index(corpus.path(), &ix, false).status.code(), Some(0));
}
