use std::process::Command;

use serde::Deserialize;

use crate::util::{corpus_with, sample_file};

fn docsearch() -> Command {
    Command::new(env!("CARGO_BIN_EXE_docsearch"))
}

/// The documented `--json` format, field for field.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct JsonHit {
    rank: usize,
    score: f32,
    doc_id: String,
    title: String,
    path: String,
    doc_type: Option<String>,
    date: Option<String>,
    url: Option<String>,
    section: String,
    page: Option<u32>,
    text: String,
    snippet: String,
    highlights: Vec<[usize; 2]>,
    footnotes: Vec<JsonFootnote>,
    references: Vec<JsonReference>,
    lang: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct JsonFootnote {
    number: u32,
    text: String,
    /// The page it is printed on, when known.
    #[serde(default)]
    page: Option<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct JsonReference {
    canonical: String,
    kind: String,
    text: String,
    footnote: Option<u32>,
    url: Option<String>,
}

const AGENDA: &str = "kamerbrieven/geannoteerde-agenda-ojcs-raad-mei-2024.txt";

fn indexed_agenda() -> (tempfile::TempDir, tempfile::TempDir) {
    let corpus = corpus_with(&[(AGENDA, &sample_file(AGENDA))]);
    let dir = tempfile::tempdir().unwrap();
    let out = docsearch()
        .arg("index")
        .arg(corpus.path())
        .arg("--index")
        .arg(dir.path().join("ix"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary = String::from_utf8_lossy(&out.stderr);
    assert!(summary.contains("indexed 1 files"), "{summary}");
    (corpus, dir)
}

#[test]
fn json_lines_follow_the_documented_format() {
    let (_corpus, dir) = indexed_agenda();
    let out = docsearch()
        .args(["query", "\"toegang en toewijzing\"", "--json", "--index"])
        .arg(dir.path().join("ix"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let hits: Vec<JsonHit> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("hit parses"))
        .collect();
    assert!(!hits.is_empty());
    let top = &hits[0];
    assert_eq!(top.rank, 1);
    assert_eq!(top.section, "Beleidsdebat AI en onderwijs > Inhoud");
    assert!(top.text.contains("in het onderwijs.[7]"), "{}", top.text);
    let seven = top
        .footnotes
        .iter()
        .find(|f| f.number == 7)
        .expect("footnote 7");
    assert!(seven
        .text
        .starts_with("Hierbij gaat het onder meer om AI-systemen"));
    for [s, e] in &top.highlights {
        assert!(top.snippet.is_char_boundary(*s) && top.snippet.is_char_boundary(*e));
    }
}

const MOTIE: &str = "moties/000997f1-f677-4f1a-9be2-7f0faf8479a7.xml";
const ANSWER: &str = "kamervragen/ah__Antwoord_op_vragen_van_de_leden_Beckerma.txt";

/// An index of these files of the sample corpus: (corpus, index folder).
fn indexed_sample(files: &[&str]) -> (tempfile::TempDir, tempfile::TempDir, std::path::PathBuf) {
    let contents: Vec<(&str, Vec<u8>)> = files.iter().map(|f| (*f, sample_file(f))).collect();
    let refs: Vec<(&str, &[u8])> = contents.iter().map(|(f, c)| (*f, c.as_slice())).collect();
    let corpus = corpus_with(&refs);
    let dir = tempfile::tempdir().unwrap();
    let ix = dir.path().join("ix");
    let out = docsearch()
        .arg("index")
        .arg(corpus.path())
        .arg("--index")
        .arg(&ix)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (corpus, dir, ix)
}

fn json_lines(out: &std::process::Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

#[test]
fn json_hits_carry_where_documents_and_references_are_published() {
    let (_corpus, _dir, ix) = indexed_sample(&[MOTIE, ANSWER, AGENDA]);
    let query = |q: &str| {
        docsearch()
            .args([
                "query",
                q,
                "--json",
                "--per-doc",
                "0",
                "-n",
                "100",
                "--index",
            ])
            .arg(&ix)
            .output()
            .unwrap()
    };
    let motie = json_lines(&query("doc:kst-34104-439"));
    assert_eq!(motie.len(), 1);
    assert_eq!(
        motie[0]["url"],
        "https://zoek.officielebekendmakingen.nl/kst-34104-439"
    );
    let answer = json_lines(&query("doc:ah-tk-20242025-564"));
    assert!(!answer.is_empty());
    for hit in &answer {
        assert_eq!(
            hit["url"],
            "https://zoek.officielebekendmakingen.nl/ah-tk-20242025-564"
        );
        let _: JsonHit = serde_json::from_value(hit.clone()).expect("documented format");
    }
    let cited: Vec<&serde_json::Value> = answer
        .iter()
        .flat_map(|h| h["references"].as_array().unwrap())
        .filter(|r| r["canonical"] == "kst-36441-24")
        .collect();
    assert!(!cited.is_empty());
    for r in cited {
        assert_eq!(
            r["url"],
            "https://zoek.officielebekendmakingen.nl/kst-36441-24"
        );
    }
    // A document named by its path has no address: the field is there, null.
    let agenda = json_lines(&query("\"toegang en toewijzing\""));
    assert_eq!(
        agenda[0]["doc_id"],
        "kamerbrieven/geannoteerde-agenda-ojcs-raad-mei-2024"
    );
    assert!(agenda[0].as_object().unwrap().contains_key("url"));
    assert!(agenda[0]["url"].is_null());
}

#[test]
fn exit_codes_follow_grep() {
    let (_corpus, dir) = indexed_agenda();
    let ix = dir.path().join("ix");
    let none = docsearch()
        .args(["query", "xylofoonconcert"])
        .arg("--index")
        .arg(&ix)
        .output()
        .unwrap();
    assert_eq!(none.status.code(), Some(1));
    assert!(none.stdout.is_empty());

    let bad = docsearch()
        .args(["query", "onderwijs \"open"])
        .arg("--index")
        .arg(&ix)
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    let msg = String::from_utf8_lossy(&bad.stderr);
    assert!(
        msg.contains("column 11") && msg.contains("unbalanced quote"),
        "{msg}"
    );
    assert_eq!(msg.lines().count(), 1, "{msg}");

    let unknown = docsearch()
        .args(["query", "auteur:dijkgraaf"])
        .arg("--index")
        .arg(&ix)
        .output()
        .unwrap();
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("unknown field 'auteur:'"));
}

#[test]
fn bad_paths_give_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let missing = docsearch()
        .args(["index", "/no/such/folder", "--index"])
        .arg(dir.path().join("ix"))
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("does not exist"));
    // Checked before the index folder is made: nothing is left behind.
    assert!(!dir.path().join("ix").exists());

    let corpus_file = dir.path().join("brief.txt");
    std::fs::write(&corpus_file, "Geachte voorzitter,").unwrap();
    for rebuild in [false, true] {
        let mut cmd = docsearch();
        cmd.arg("index")
            .arg(&corpus_file)
            .arg("--index")
            .arg(dir.path().join("ix"));
        if rebuild {
            cmd.arg("--rebuild");
        }
        let out = cmd.output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("brief.txt is a file, not a folder"),
            "{stderr}"
        );
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(
            left,
            [std::ffi::OsString::from("brief.txt")],
            "rebuild: {rebuild}"
        );
    }
    std::fs::remove_file(&corpus_file).unwrap();

    let file = dir.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    let out = docsearch()
        .args(["query", "x", "--index"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is a file"));

    let foreign = dir.path().join("foreign");
    std::fs::create_dir(&foreign).unwrap();
    std::fs::write(foreign.join("data.db"), "not ours").unwrap();
    let corpus = corpus_with(&[(
        "a.txt",
        b"Een korte tekst over onderwijs en cultuur in Nederland.",
    )]);
    let out = docsearch()
        .arg("index")
        .arg(corpus.path())
        .arg("--index")
        .arg(&foreign)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a docsearch index"));
    assert_eq!(
        std::fs::read_to_string(foreign.join("data.db")).unwrap(),
        "not ours"
    );
}

#[test]
fn files_of_other_formats_are_named_with_the_reason() {
    let corpus = corpus_with(&[
        (
            "brief.txt",
            b"Een korte tekst over onderwijs en cultuur in Nederland.",
        ),
        ("bijlagen/tabel.csv", b"a,b\n1,2\n"),
        ("bijlagen/nota.docx", b"PK\x03\x04"),
        ("Makefile", b"all:\n"),
    ]);
    let dir = tempfile::tempdir().unwrap();
    let out = docsearch()
        .arg("index")
        .arg(corpus.path())
        .arg("--index")
        .arg(dir.path().join("ix"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("3 not read (other formats)"), "{stderr}");
    for line in [
        "not read bijlagen/nota.docx: docsearch does not read .docx files (it reads .txt, .md, .xml and .pdf)",
        "not read bijlagen/tabel.csv: docsearch does not read .csv files",
        "not read Makefile: no file extension",
    ] {
        assert!(stderr.contains(line), "{line:?} not in {stderr}");
    }

    let json = docsearch()
        .arg("index")
        .arg(corpus.path())
        .arg("--index")
        .arg(dir.path().join("ix"))
        .arg("--json")
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(report["files_ignored"], 3);
    let paths: Vec<&str> = report["ignored"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        ["Makefile", "bijlagen/nota.docx", "bijlagen/tabel.csv"]
    );
}

#[test]
fn refs_extract_prints_offsets_into_the_input() {
    use std::io::Write;
    let input = "Zie 2Kamerstukken II 2021–2022, 29 279, nr. 339 en Stb. 2020, 123; niet 2511 CV.";
    let mut child = docsearch()
        .args(["refs", "--extract"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let found: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let ids: Vec<&str> = found
        .iter()
        .map(|v| v["canonical"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["kst-29279-339", "stb-2020-123"]);
    for v in &found {
        let (s, e) = (
            v["start"].as_u64().unwrap() as usize,
            v["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&input[s..e], v["text"].as_str().unwrap());
    }
    assert!(found[0]["text"]
        .as_str()
        .unwrap()
        .starts_with("Kamerstukken"));
}

#[test]
fn refs_from_lists_what_an_answer_cites() {
    let rel = "kamervragen/ah__Antwoord_op_vragen_van_de_leden_Beckerma.txt";
    let motie = "moties/000997f1-f677-4f1a-9be2-7f0faf8479a7.xml";
    let corpus = corpus_with(&[(rel, &sample_file(rel)), (motie, &sample_file(motie))]);
    let dir = tempfile::tempdir().unwrap();
    let ix = dir.path().join("ix");
    let status = docsearch()
        .arg("index")
        .arg(corpus.path())
        .arg("--index")
        .arg(&ix)
        .output()
        .unwrap();
    assert!(status.status.success());
    let out = docsearch()
        .args(["refs", "--json", "--from", "ah-tk-20242025-564", "--index"])
        .arg(&ix)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let cites: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let ids: Vec<&str> = cites
        .iter()
        .map(|v| v["canonical"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"kst-36441-24"), "{ids:?}");
    assert!(ids.contains(&"kst-33529-1219"), "{ids:?}");
    assert!(cites.iter().all(|v| v["in_index"] == false));

    // The motie is in the index: `refs` prints it.
    let out = docsearch()
        .args(["refs", "kst-34104-439", "--index"])
        .arg(&ix)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("kst-34104-439: Motie van het lid Rikkers-Oosterkamp"),
        "{text}"
    );
}

/// Issue 6: every query string is answered (exit 0 or 1) or rejected with a
/// message saying what is wrong (exit 2), never a panic.
#[test]
fn every_query_is_answered_or_rejected() {
    let (_corpus, dir) = indexed_agenda();
    let ix = dir.path().join("ix");
    let long = vec!["onderwijs"; 10_000].join(" ");
    let cases: &[(&str, Option<&str>)] = &[
        ("\"toegang en toewijzing", Some("unbalanced quote")),
        ("(onderwijs [AI) }", None),
        ("auteur:jansen", Some("unknown field 'auteur:'")),
        ("date:2024-02-30..2024-01", Some("bad date")),
        ("date:2024-03-01..2024-01", Some("ends before it starts")),
        ("date:gisteren", Some("bad date")),
        ("year:24", Some("bad year")),
        (&long, Some("more than 1024 words")),
        ("onderwijs\u{1}\u{7}\u{1b}[31m", None),
        ("🦀 onderwijs 👩‍👩‍👧", None),
        ("🦀", Some("nothing to search for")),
        ("\u{FFFD}\u{200B}", Some("nothing to search for")),
        ("", Some("nothing to search for")),
    ];
    for (q, rejected) in cases {
        let out = docsearch()
            .args(["query", q, "--index"])
            .arg(&ix)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{q:?}: {stderr}");
        match rejected {
            Some(what) => {
                assert_eq!(out.status.code(), Some(2), "{q:?}");
                assert!(stderr.contains(what), "{q:?}: {stderr}");
                assert_eq!(stderr.lines().count(), 1, "{q:?}: {stderr}");
            }
            None => assert!(matches!(out.status.code(), Some(0 | 1)), "{q:?}: {stderr}"),
        }
    }

    // In --batch, a bad line is reported with its number and the rest is answered.
    let batch = dir.path().join("q.jsonl");
    std::fs::write(
        &batch,
        concat!(
            "{\"id\": 1, \"text\": \"toegang en toewijzing\"}\n",
            "{\"id\": 2, \"text\": \"toegang \\ud800 toewijzing \\udc00\"}\n",
            "{\"id\": 3, \"text\": \"\\u0000\\u001b \\ud83e\\udd80 onderwijs\"}\n",
            "{\"id\": 4, \"text\": \"auteur:x\"}\n",
            "not json\n",
        ),
    )
    .unwrap();
    let out = docsearch()
        .args(["query", "--json", "--batch"])
        .arg(&batch)
        .arg("--index")
        .arg(&ix)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    // A lone surrogate is no character: it is read as U+FFFD and the query answered.
    assert!(!stderr.contains("q.jsonl:2"), "{stderr}");
    assert!(stderr.contains("q.jsonl:4: query 4: ") && stderr.contains("unknown field"));
    assert!(stderr.contains("q.jsonl:5: not a"), "{stderr}");
    let answered: std::collections::BTreeSet<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["query_id"].to_string())
        .collect();
    assert_eq!(
        answered.into_iter().collect::<Vec<_>>(),
        ["\"1\"", "\"2\"", "\"3\""],
        "{stderr}"
    );
}

/// Issue 6: an index of another format and a damaged index give clear errors.
#[test]
fn incompatible_and_damaged_indexes_say_how_to_recover() {
    let (corpus, dir) = indexed_agenda();
    let ix = dir.path().join("ix");
    let query = |ix: &std::path::Path| {
        docsearch()
            .args(["query", "onderwijs", "--index"])
            .arg(ix)
            .output()
            .unwrap()
    };

    // Another format version.
    std::fs::write(
        ix.join("docsearch.json"),
        r#"{"tool":"docsearch","format":999}"#,
    )
    .unwrap();
    let out = query(&ix);
    let msg = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{msg}");
    assert!(
        msg.contains("has format 999") && msg.contains("--rebuild"),
        "{msg}"
    );
    let out = docsearch()
        .arg("index")
        .arg(corpus.path())
        .arg("--index")
        .arg(&ix)
        .arg("--rebuild")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(query(&ix).status.code(), Some(0));

    // Damaged files: tantivy's list of segments, then each segment file in
    // turn, and the list of indexed files. (The compound list is derived:
    // the next run that commits writes it anew.)
    let pristine = dir.path().join("pristine");
    std::fs::rename(&ix, &pristine).unwrap();
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(&pristine)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name == "meta.json"
                || name.contains('.')
                    && !name.starts_with("docsearch")
                    && !name.starts_with('.')
                    && !name.starts_with("compounds-")
        })
        .collect();
    files.sort();
    assert!(files.len() > 3, "{files:?}");
    // What the undamaged index answers, by query and output format.
    let queries: &[&[&str]] = &[
        &["onderwijs"],
        &[
            "--json",
            "--per-doc",
            "0",
            "--limit",
            "1000",
            "--",
            "-zzqqxxnothing",
        ],
        &["\"van de ministers\"", "--json"],
        &["type:brief", "--json", "--sort", "date"],
    ];
    let ask = |ix: &std::path::Path, q: &[&str]| {
        docsearch()
            .args(["query", "--index"])
            .arg(ix)
            .args(q)
            .output()
            .unwrap()
    };
    let answers: Vec<Vec<u8>> = queries
        .iter()
        .map(|q| {
            let out = ask(&pristine, q);
            assert_eq!(out.status.code(), Some(0), "{q:?}");
            out.stdout
        })
        .collect();
    // A new file: the next `index` writes, building on the damaged files.
    std::fs::write(
        corpus.path().join("nieuw.txt"),
        "Een nieuwe brief over onderwijs.\n",
    )
    .unwrap();
    for (k, file) in files.iter().enumerate() {
        for damage in ["truncate", "garble"] {
            let copy = dir.path().join(format!("damaged-{k}-{damage}"));
            std::fs::create_dir_all(&copy).unwrap();
            for e in std::fs::read_dir(&pristine).unwrap() {
                let e = e.unwrap();
                std::fs::copy(e.path(), copy.join(e.file_name())).unwrap();
            }
            let name = file.file_name().unwrap().to_string_lossy().into_owned();
            let target = copy.join(&name);
            let mut bytes = std::fs::read(&target).unwrap();
            if damage == "truncate" {
                bytes.truncate(bytes.len() / 2);
            } else {
                let n = bytes.len();
                for b in &mut bytes[n / 4..n * 3 / 4] {
                    *b = b.wrapping_mul(31).wrapping_add(7);
                }
            }
            std::fs::write(&target, bytes).unwrap();
            let names_it = |msg: &str| {
                msg.contains(&format!("index {} is damaged: ", copy.display()))
                    && msg.contains(&name)
                    && msg.contains(&format!(
                        "rebuild it with `docsearch index CORPUS --index {} --rebuild`",
                        copy.display()
                    ))
            };
            // A query says the index is damaged when tantivy meets the
            // damage (naming the file, saying to rebuild); a query does not
            // checksum the whole index, so bytes garbled where they still
            // decode can change its answer without an error (the next
            // `index` run finds them, below). It never panics.
            for (q, answer) in queries.iter().zip(&answers) {
                let out = ask(&copy, q);
                let msg = String::from_utf8_lossy(&out.stderr);
                assert!(!msg.contains("panicked"), "{damage} {name}, {q:?}: {msg}");
                match out.status.code() {
                    Some(2) => assert!(names_it(&msg), "{damage} {name}, {q:?}: {msg}"),
                    Some(0 | 1) if damage == "truncate" || name == "meta.json" => {
                        // A cut file or segment list is always met on open.
                        assert_eq!(out.stdout, *answer, "{damage} {name}, {q:?}: {msg}")
                    }
                    code => assert!(
                        matches!(code, Some(0 | 1)),
                        "{damage} {name}, {q:?}: exit {code:?}: {msg}"
                    ),
                }
            }
            // `index` does not build on a damaged index.
            let out = docsearch()
                .arg("index")
                .arg(corpus.path())
                .arg("--index")
                .arg(&copy)
                .output()
                .unwrap();
            let msg = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{damage} {name}: {msg}");
            assert!(names_it(&msg), "{damage} {name}: {msg}");
        }
    }
}

/// The documented `show --json` format, field for field.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct JsonDocument {
    doc_id: String,
    title: String,
    doc_type: Option<String>,
    date: Option<String>,
    path: String,
    url: Option<String>,
    passages: Vec<JsonPassage>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct JsonPassage {
    ord: u64,
    section: String,
    page: Option<u32>,
    text: String,
    footnotes: Vec<JsonFootnote>,
    references: Vec<JsonReference>,
    lang: String,
}

const VERZOEKT: &str = "verzoekt de regering ervoor te zorgen dat verschillende financiers";
const MOTIE_URL: &str = "https://zoek.officielebekendmakingen.nl/kst-34104-439";

#[test]
fn show_prints_a_whole_motie_with_its_address() {
    let (_corpus, _dir, ix) = indexed_sample(&[MOTIE, AGENDA]);
    let out = docsearch()
        .args(["show", "kst-34104-439", "--index"])
        .arg(&ix)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("Motie van het lid Rikkers-Oosterkamp over afspraken over een regionaal budget")
    );
    assert_eq!(lines.next(), Some("kst-34104-439 · motie · 2025-04-24"));
    assert_eq!(lines.next(), Some(MOTIE_URL));
    assert!(
        text.contains("# Motie van het lid Rikkers-Oosterkamp\n"),
        "{text}"
    );
    assert!(
        text.contains("\nDe Kamer,\ngehoord de beraadslaging,\n"),
        "{text}"
    );
    assert!(text.contains(VERZOEKT), "{text}");
    assert!(
        text.contains("en gaat over tot de orde van de dag."),
        "{text}"
    );
    assert!(!text.contains('\x1b'), "no colour when not on a terminal");
}

#[test]
fn show_finds_official_ids_in_any_case_and_says_when_there_is_none() {
    let ecli = "rechtspraak/ECLI.NL.CBB.1996.ZG0749.xml";
    let bwb = "wetten/circulaire/BWBR0005730.md";
    let (_corpus, _dir, ix) = indexed_sample(&[MOTIE, ecli, bwb]);
    let show = |id: &str| {
        docsearch()
            .args(["show", id, "--index"])
            .arg(&ix)
            .output()
            .unwrap()
    };
    for (asked, id, url) in [
        ("KST-34104-439", "kst-34104-439", MOTIE_URL),
        (
            "ecli:nl:cbb:1996:zg0749",
            "ECLI:NL:CBB:1996:ZG0749",
            "https://uitspraken.rechtspraak.nl/details?id=ECLI:NL:CBB:1996:ZG0749",
        ),
        (
            "bwbr0005730",
            "BWBR0005730",
            "https://wetten.overheid.nl/BWBR0005730",
        ),
    ] {
        let out = show(asked);
        assert_eq!(out.status.code(), Some(0), "{asked}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            text.lines().nth(1).unwrap().starts_with(id),
            "{asked}: {text}"
        );
        assert!(text.contains(&format!("\n{url}\n")), "{asked}: {text}");
    }

    let out = show("kst-99999-1");
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let msg = String::from_utf8_lossy(&out.stderr);
    assert!(
        msg.contains("no document kst-99999-1 in the index"),
        "{msg}"
    );
    assert_eq!(msg.lines().count(), 1, "{msg}");
    // A path id is not matched in another case.
    let out = show("MOTIES/000997F1-F677-4F1A-9BE2-7F0FAF8479A7");
    assert_eq!(out.status.code(), Some(1));
    let out = docsearch()
        .args(["show", "kst-99999-1", "--json", "--index"])
        .arg(&ix)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
}

/// A letter read from PDF: `show --json` gives every passage once, in reading
/// order, with its page, footnotes and references.
#[test]
fn show_json_gives_a_pdf_letter_in_reading_order() {
    const LETTER: &str = "Kamerbrief_emissie_luchtvaart.pdf";
    let pdf = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/corpus/kamerbrieven")
            .join(LETTER),
    )
    .expect("the development corpus in ../shared");
    let corpus = corpus_with(&[(&format!("brieven/{LETTER}"), &pdf)]);
    let dir = tempfile::tempdir().unwrap();
    let ix = dir.path().join("ix");
    let out = docsearch()
        .arg("index")
        .arg(corpus.path())
        .arg("--index")
        .arg(&ix)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let id = "brieven/Kamerbrief_emissie_luchtvaart";
    let out = docsearch()
        .args(["show", id, "--json", "--index"])
        .arg(&ix)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.trim_end().lines().count(), 1, "one JSON object");
    let raw: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert!(raw["url"].is_null() && raw.as_object().unwrap().contains_key("url"));
    let doc: JsonDocument = serde_json::from_str(&stdout).expect("documented format");
    assert_eq!(doc.doc_id, id);
    assert_eq!(doc.path, format!("brieven/{LETTER}"));
    assert_eq!(doc.title, "Emissies door de luchtvaart");
    assert!(doc.passages.len() > 10, "{}", doc.passages.len());
    for (i, p) in doc.passages.iter().enumerate() {
        assert_eq!(p.ord, i as u64, "passages in order, each once");
    }
    let pages: Vec<u32> = doc.passages.iter().map(|p| p.page.expect("page")).collect();
    assert_eq!(pages[0], 1);
    assert!(pages.windows(2).all(|w| w[0] <= w[1]), "{pages:?}");
    assert!(*pages.last().unwrap() >= 8, "{pages:?}");
    assert!(doc.passages[1]
        .section
        .starts_with("1. Ultrafijn stof > 1.1 Blootstelling"));
    let first_note = doc
        .passages
        .iter()
        .find(|p| !p.footnotes.is_empty())
        .unwrap();
    assert!(
        first_note.text.contains("aangeboden[1]"),
        "{}",
        first_note.text
    );
    assert_eq!(first_note.footnotes[0].number, 1);
    let r = &first_note.references[0];
    assert_eq!(
        (r.canonical.as_str(), r.footnote, r.url.as_deref()),
        (
            "kst-30175-414",
            Some(1),
            Some("https://zoek.officielebekendmakingen.nl/kst-30175-414")
        )
    );

    // The same passages, in the same order, as a filter-only query lists them.
    let out = docsearch()
        .args(["query", &format!("doc:{id}"), "--json", "--per-doc", "0"])
        .args(["-n", "1000", "--index"])
        .arg(&ix)
        .output()
        .unwrap();
    let listed: Vec<String> = json_lines(&out)
        .iter()
        .map(|h| h["text"].as_str().unwrap().to_owned())
        .collect();
    let shown: Vec<String> = doc.passages.iter().map(|p| p.text.clone()).collect();
    assert_eq!(listed, shown);

    // As text: each heading once where its section starts, each page once.
    let out = docsearch()
        .args(["show", id, "--index"])
        .arg(&ix)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.matches("\n# 1. Ultrafijn stof\n").count(), 1, "{text}");
    assert_eq!(
        text.matches("\n## 1.2 Blootstelling van platformmedewerkers")
            .count(),
        1,
        "{text}"
    );
    assert_eq!(text.matches("\n[p. 2]\n").count(), 1, "{text}");
    assert!(
        text.contains("\n   [1] Kamerstukken II 2021/22, 30175, nr. 414\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "ref kst-30175-414 (footnote 1)  https://zoek.officielebekendmakingen.nl/kst-30175-414"
        ),
        "{text}"
    );
}

#[test]
fn query_prints_the_snippet_or_with_full_the_whole_passage() {
    let (_corpus, _dir, ix) = indexed_sample(&[MOTIE, AGENDA]);
    let query = |args: &[&str]| {
        let out = docsearch()
            .arg("query")
            .args(args)
            .arg("--index")
            .arg(&ix)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        String::from_utf8(out.stdout).unwrap()
    };
    let snippet = query(&["doc:kst-34104-439"]);
    let full = query(&["doc:kst-34104-439", "--full"]);
    for text in [&snippet, &full] {
        // The totals, a blank line, then the hits.
        assert!(text.starts_with("1 passage in 1 document\n\n"), "{text}");
        let lines: Vec<&str> = text.lines().skip(2).collect();
        assert!(lines[0].starts_with(
            "1. Motie van het lid Rikkers-Oosterkamp over afspraken over een regionaal budget  [kst-34104-439]"
        ));
        assert_eq!(
            lines[1],
            "   motie · 2025-04-24 · moties/000997f1-f677-4f1a-9be2-7f0faf8479a7.xml"
        );
        assert_eq!(lines[2], "   Motie van het lid Rikkers-Oosterkamp");
        assert_eq!(lines[3], format!("   {MOTIE_URL}"));
        assert!(text.ends_with("\n\n"));
    }
    // The snippet stops after about 50 words, before the motie's request.
    assert!(snippet.contains("   De Kamer, gehoord de beraadslaging, overwegende"));
    assert!(snippet.trim_end().ends_with('…'), "{snippet}");
    assert!(!snippet.contains("verzoekt"), "{snippet}");
    assert!(full.contains(&format!("\n   {VERZOEKT}")), "{full}");
    assert!(
        full.contains("\n   en gaat over tot de orde van de dag.\n"),
        "{full}"
    );

    // Matches are marked in the whole passage too, also outside the snippet.
    let marked = query(&["regionaal budget zorgwetten", "--full", "-n", "1"]);
    assert!(marked.contains("\n   De Kamer,\n"), "{marked}");
    assert!(
        marked.contains("op *regionaal* niveau afspraken maken over een *regionaal* *budget*"),
        "{marked}"
    );
    assert_eq!(marked.matches("*zorgwetten*").count(), 2, "{marked}");

    // Hits are apart by one blank line; the help names --full.
    let two = query(&["toegang onderwijs", "-n", "2"]);
    assert_eq!(two.matches("\n\n").count(), 3, "{two}");
    assert!(two.contains("\n\n2. "), "{two}");
    let help = docsearch().args(["query", "--help"]).output().unwrap();
    let help = String::from_utf8(help.stdout).unwrap();
    assert!(
        help.contains("--full") && help.contains("whole passage"),
        "{help}"
    );
}
