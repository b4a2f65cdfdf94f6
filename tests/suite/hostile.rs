//! Issue 6: a folder nobody curated. Real documents beside every kind of bad
//! input; the real ones are all found, every bad one is reported with its
//! reason, nothing panics, and memory stays bounded.

use std::collections::BTreeMap;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use docsearch::{IndexConfig, Progress, SearchIndex, SearchOptions};

use crate::util::sample_corpus;

/// Real documents of every format, from the sample corpus.
const REAL: &[&str] = &[
    "kamerbrieven/geannoteerde-agenda-ojcs-raad-mei-2024.txt",
    "moties/000997f1-f677-4f1a-9be2-7f0faf8479a7.xml",
    "handelingen/h-tk-20172018-70-1.xml",
    "rechtspraak/ECLI.NL.CBB.1996.ZG0749.xml",
    "wetten/wet/BWBR0002361.md",
];

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/hostile")
            .join(name),
    )
    .expect("fixture")
}

fn write(root: &Path, rel: impl AsRef<Path>, content: &[u8]) -> PathBuf {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(&path, content).expect("write");
    path
}

const OFFICIELE_HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

/// Builds the hostile folder. Returns the corpus and, for every bad file, a
/// word its skip reason must contain. Real documents are under `real/` and, once,
/// at the bottom of a deep tree and inside a folder named like a file.
fn hostile_folder() -> (tempfile::TempDir, BTreeMap<String, &'static str>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    let mut expect = BTreeMap::new();
    for rel in REAL {
        let bytes = std::fs::read(sample_corpus().join(rel)).expect("sample");
        write(root, Path::new("real").join(rel), &bytes);
    }
    let motie = std::fs::read(sample_corpus().join(REAL[1])).expect("sample");
    let deep: PathBuf = std::iter::repeat_n("d", 200).collect();
    write(root, deep.join("motie.xml"), &motie);
    write(root, "folder.txt/motie.xml", &motie);

    // Files with bad content.
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend((0..4096u32).map(|i| (i * 7919 % 251) as u8));
    write(root, "bad/image-named.txt", &png);
    expect.insert("bad/image-named.txt".into(), "binary content");
    write(
        root,
        "bad/control-bytes.md",
        &[0x01, 0x02, 0x1b, 0x7f].repeat(500),
    );
    expect.insert("bad/control-bytes.md".into(), "binary content");
    write(root, "bad/empty.txt", b"");
    expect.insert("bad/empty.txt".into(), "empty file");
    write(root, "bad/blank.md", b" \n\n\t \n");
    expect.insert("bad/blank.md".into(), "empty file");
    // 200 MB on one line: refused by size, never read into memory.
    let big = write(root, "bad/one-line-200mb.txt", b"");
    {
        use std::io::Write;
        let mut f = std::io::BufWriter::new(std::fs::File::create(&big).expect("create"));
        let chunk = "stikstof ".repeat(1 << 16);
        while f.get_ref().metadata().expect("md").len() < 200 << 20 {
            f.write_all(chunk.as_bytes()).expect("write");
            f.flush().expect("flush");
        }
    }
    expect.insert(
        "bad/one-line-200mb.txt".into(),
        "larger than the limit of 64 MB",
    );
    // Changed between listing and reading (see the progress hook below).
    write(
        root,
        "bad/vanishes.txt",
        "Deze brief verdwijnt.\n".repeat(50).as_bytes(),
    );
    expect.insert("bad/vanishes.txt".into(), "disappeared");
    write(
        root,
        "bad/shrinks.txt",
        "Deze brief krimpt.\n".repeat(500).as_bytes(),
    );
    expect.insert("bad/shrinks.txt".into(), "changed while it was being read");

    // XML.
    write(
        root,
        "bad/malformed.xml",
        format!("{OFFICIELE_HEAD}<officiele-publicatie><al>tekst</kop></officiele-publicatie>")
            .as_bytes(),
    );
    expect.insert("bad/malformed.xml".into(), "malformed XML");
    let motie_text = String::from_utf8(motie.clone()).expect("utf-8");
    let cut = motie_text[..motie_text.len() / 2]
        .rfind('>')
        .expect("a tag")
        + 1;
    write(root, "bad/truncated.xml", &motie_text.as_bytes()[..cut]);
    expect.insert("bad/truncated.xml".into(), "still open");
    let mut laughs =
        String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n");
    for i in 1..10 {
        let prev = if i == 1 {
            "lol".to_owned()
        } else {
            format!("lol{}", i - 1)
        };
        laughs.push_str(&format!(
            "<!ENTITY lol{i} \"{}\">\n",
            format!("&{prev};").repeat(10)
        ));
    }
    laughs.push_str("]>\n<officiele-publicatie><al>&lol9;</al></officiele-publicatie>\n");
    write(root, "bad/billion-laughs.xml", laughs.as_bytes());
    expect.insert("bad/billion-laughs.xml".into(), "declares its own entities");
    write(
        root,
        "bad/external-entity.xml",
        b"<?xml version=\"1.0\"?>\n<!DOCTYPE foo [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n<officiele-publicatie><al>&xxe;</al></officiele-publicatie>\n",
    );
    expect.insert(
        "bad/external-entity.xml".into(),
        "declares its own entities",
    );
    write(
        root,
        "bad/not-ours.xml",
        b"<?xml version=\"1.0\"?><rss><item>x</item></rss>",
    );
    expect.insert("bad/not-ours.xml".into(), "XML of an unknown kind");

    // PDFs: damaged, locked, or endless to decompress.
    for (name, reason) in [
        ("truncated.pdf", "PDF"),
        ("encrypted.pdf", "encrypted PDF"),
        ("bomb.pdf", "pdftotext took longer than"),
    ] {
        write(root, Path::new("bad").join(name), &fixture(name));
        expect.insert(format!("bad/{name}"), reason);
    }

    // Things in the folder that are not readable files.
    std::os::unix::fs::symlink("..", root.join("bad/loop")).expect("symlink");
    expect.insert("bad/loop".into(), "symbolic link loop");
    std::os::unix::fs::symlink("nowhere.txt", root.join("bad/dangling.txt")).expect("symlink");
    expect.insert("bad/dangling.txt".into(), "does not exist");
    // Even root cannot read /proc/self/mem from offset 0 (EIO).
    std::os::unix::fs::symlink("/proc/self/mem", root.join("bad/unreadable.txt")).expect("symlink");
    expect.insert("bad/unreadable.txt".into(), "cannot read");
    let _socket =
        std::os::unix::net::UnixListener::bind(root.join("bad/socket.txt")).expect("socket");
    expect.insert("bad/socket.txt".into(), "not a regular file");
    if Command::new("mkfifo")
        .arg(root.join("bad/fifo.txt"))
        .status()
        .is_ok_and(|s| s.success())
    {
        expect.insert("bad/fifo.txt".into(), "not a regular file");
    }
    let name = std::ffi::OsStr::from_bytes(b"bad/caf\xe9.txt");
    write(root, name, b"Een brief met een naam in Latin-1.\n");
    expect.insert("bad/caf\u{FFFD}.txt".into(), "file name is not valid UTF-8");

    // Readable but odd: indexed, with a warning.
    write(
        root,
        "odd/latin1.txt",
        b"Co\xf6rdinatie van het be\xefnvloeden van de cultuursector door de overheid.\n",
    );
    let mut mixed = "Coördinatie in UTF-8 en daarna ".as_bytes().to_vec();
    mixed.extend_from_slice(b"be\xefnvloeden in Windows-1252.\n");
    write(root, "odd/mixed.txt", &mixed);
    // A long one-line file under the limit: cut into passages, in bounded time.
    write(
        root,
        "odd/one-line-500kb.txt",
        "Het kabinet neemt maatregelen tegen stikstof. "
            .repeat(11_000)
            .as_bytes(),
    );
    (dir, expect)
}

#[test]
fn hostile_folder_is_indexed_and_every_bad_file_is_reported() {
    let (corpus, expect) = hostile_folder();
    let dir = tempfile::tempdir().unwrap();
    let index = SearchIndex::open_or_create(&dir.path().join("index")).unwrap();
    let root = corpus.path().to_path_buf();
    // Between listing the folder and reading it, one file goes and one shrinks.
    let hook = |p: Progress| {
        if let Progress::Planned { .. } = p {
            let _ = std::fs::remove_file(root.join("bad/vanishes.txt"));
            let _ = std::fs::write(root.join("bad/shrinks.txt"), "Kort.\n");
        }
    };
    let started = std::time::Instant::now();
    let report = index
        .index_folder_with_progress(corpus.path(), &IndexConfig::default(), &hook)
        .unwrap();
    let seconds = started.elapsed().as_secs_f64();

    let skipped: BTreeMap<&str, &str> = report
        .skipped
        .iter()
        .map(|s| (s.path.as_str(), s.reason.as_str()))
        .collect();
    for (path, word) in &expect {
        let reason = skipped
            .get(path.as_str())
            .unwrap_or_else(|| panic!("{path} not reported; skipped: {skipped:#?}"));
        assert!(reason.contains(word), "{path}: {reason:?} lacks {word:?}");
        assert!(!reason.contains('\n'), "{path}: reason is not one line");
        assert!(!reason.contains("internal error"), "{path}: {reason}");
    }
    assert_eq!(
        skipped.len(),
        expect.len(),
        "unexpected skips: {skipped:#?}"
    );
    let warned = |path: &str, word: &str| {
        report
            .warnings
            .iter()
            .any(|w| w.path == path && w.reason.contains(word))
    };
    assert!(
        warned("odd/latin1.txt", "Windows-1252"),
        "{:?}",
        report.warnings
    );
    assert!(
        warned("odd/mixed.txt", "mixed encodings"),
        "{:?}",
        report.warnings
    );

    // Every real document is found, also at depth 200 and in `folder.txt/`.
    let all = SearchOptions {
        limit: 100_000,
        max_per_doc: 0,
        ..SearchOptions::default()
    };
    for rel in REAL {
        let hits = index.search(&format!("path:real/{rel}"), &all).unwrap();
        assert!(!hits.is_empty(), "real/{rel} is not searchable");
    }
    let motie = index.search("doc:kst-34104-439", &all).unwrap();
    let paths: std::collections::BTreeSet<&str> = motie.iter().map(|h| h.path.as_str()).collect();
    assert_eq!(paths.len(), 3, "{paths:?}");
    assert!(paths.contains("folder.txt/motie.xml"));
    let mixed = index.search("beinvloeden coordinatie", &all).unwrap();
    assert!(mixed.iter().any(|h| h
        .text
        .contains("Coördinatie in UTF-8 en daarna beïnvloeden")));
    let long = index.search("path:odd/one-line-500kb.txt", &all).unwrap();
    assert!(long.len() > 30, "{} passages", long.len());

    // No entity was expanded and no outside file was read.
    let every = index.search("-zzqqxxnothing", &all).unwrap();
    for hit in &every {
        assert!(
            !hit.text.contains("lollol") && !hit.text.contains("root:"),
            "{}",
            hit.path
        );
    }
    assert!(seconds < 120.0, "took {seconds:.0} s");
}

/// The same folder through the binary: exit code 1, one `skipped PATH: REASON`
/// line per bad file, and peak memory well below the size of the folder.
#[test]
fn binary_reports_skips_with_exit_code_1_in_bounded_memory() {
    let (corpus, expect) = hostile_folder();
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_docsearch"))
        .arg("index")
        .arg(corpus.path())
        .arg("--index")
        .arg(dir.path().join("ix"))
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak_kb = 0u64;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if let Ok(s) = std::fs::read_to_string(&status_file) {
            if let Some(kb) = s
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            {
                peak_kb = peak_kb.max(kb);
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert_eq!(status.code(), Some(1), "{stderr}");
    for (path, word) in &expect {
        if matches!(path.as_str(), "bad/vanishes.txt" | "bad/shrinks.txt") {
            continue; // only the library test changes them mid-run
        }
        assert!(
            stderr
                .lines()
                .any(|l| l.starts_with(&format!("skipped {path}: ")) && l.contains(word)),
            "no line for {path} in:\n{stderr}"
        );
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
    // The folder holds over 200 MB; the reader caps files at 64 MB.
    assert!(peak_kb > 0 && peak_kb < 400 << 10, "peak RSS {peak_kb} kB");
    eprintln!(
        "docsearch index on the hostile folder: peak RSS {} MB",
        peak_kb >> 10
    );
}
