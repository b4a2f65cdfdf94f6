//! Everyday search through the `docsearch` binary over the shipped `corpus/`:
//! a table of queries with the hits and exit codes they must give.

use std::process::{Command, Output};
use std::sync::OnceLock;

use serde_json::Value;

use crate::util::sample_corpus;

/// An index of `corpus/` built once by the binary.
fn index() -> &'static std::path::Path {
    static INDEX: OnceLock<tempfile::TempDir> = OnceLock::new();
    INDEX
        .get_or_init(|| {
            let dir = tempfile::tempdir().expect("temp dir");
            let out = Command::new(env!("CARGO_BIN_EXE_docsearch"))
                .arg("index")
                .arg(sample_corpus())
                .arg("--index")
                .arg(dir.path().join("ix"))
                .output()
                .expect("run docsearch index");
            assert!(out.status.code().is_some_and(|c| c <= 1), "{out:?}");
            dir
        })
        .path()
}

/// `docsearch query ARGS... --index IX -- Q`.
fn query(q: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_docsearch"))
        .arg("query")
        .args(args)
        .arg("--index")
        .arg(index().join("ix"))
        .arg("--")
        .arg(q)
        .output()
        .expect("run docsearch query")
}

/// The hits of a `--json` run, and its summary line if any.
fn json(q: &str, args: &[&str]) -> (i32, Vec<Value>, Option<Value>) {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    let out = query(q, &all);
    let mut hits = Vec::new();
    let mut summary = None;
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let v: Value = serde_json::from_str(line).expect("a JSON line");
        if v.get("summary").is_some() {
            summary = Some(v["summary"].clone());
        } else {
            hits.push(v);
        }
    }
    (out.status.code().unwrap_or(-1), hits, summary)
}

fn text(hit: &Value) -> String {
    hit["text"].as_str().unwrap_or_default().to_lowercase()
}

/// What a query must give.
enum Want {
    /// Exit 0, and every hit passes the check.
    Hits(fn(&Value) -> bool),
    /// Exit 0, and some hit passes the check.
    Any(fn(&Value) -> bool),
    /// Exit 0, and the first hit is this document.
    First(&'static str),
    /// Exit 1, no hits.
    Nothing,
    /// Exit 2, and the message holds this.
    Error(&'static str),
}

#[test]
fn queries_give_their_hits_and_exit_codes() {
    let table: &[(&str, Want)] = &[
        // Filters narrow what the words match.
        (
            "type:motie dossier:34104 zorg",
            Want::Hits(|h| {
                h["doc_type"] == "motie"
                    && h["doc_id"].as_str().unwrap().starts_with("kst-34104-")
                    && text(h).contains("zorg")
            }),
        ),
        ("type:motie xyzzyqwerty", Want::Nothing),
        ("dossier:34104 xyzzyqwerty", Want::Nothing),
        // Nothing to search for.
        ("", Want::Error("nothing to search for")),
        ("+", Want::Error("nothing to search for")),
        ("*", Want::Error("nothing to search for")),
        (
            "-zorg",
            Want::Hits(|h| {
                !text(h)
                    .split(|c: char| !c.is_alphanumeric())
                    .any(|w| w == "zorg")
            }),
        ),
        // Stop words alone are searched word for word.
        (
            "de het een",
            Want::Hits(|h| {
                let t = text(h);
                t.split(|c: char| !c.is_alphanumeric())
                    .any(|w| ["de", "het", "een"].contains(&w))
            }),
        ),
        // With a word that is not a stop word, the stop words rank nothing.
        ("het een de xyzzyqwerty", Want::Nothing),
        // Compounds and prefixes.
        // Passages holding the word or a compound of it, or in a dossier whose
        // title holds it ("Problematiek rondom stikstof en PFAS").
        (
            "stikstof",
            Want::Hits(|h| {
                text(h).contains("stikstof")
                    || h["doc_id"].as_str().unwrap().starts_with("kst-35334-")
            }),
        ),
        ("pfas", Want::Any(|h| !text(h).contains("pfas"))),
        (
            "stikstof*",
            Want::Hits(|h| {
                text(h)
                    .split(|c: char| !c.is_alphanumeric())
                    .any(|w| w.starts_with("stikstof"))
            }),
        ),
        ("s*", Want::Error("at least 2 letters")),
        // References typed without quotes find the paper itself first.
        ("kst-34104-439", Want::First("kst-34104-439")),
        ("Kamerstuk 34 104, nr. 439", Want::First("kst-34104-439")),
        ("34104-439", Want::First("kst-34104-439")),
        // Invalid filter values say what is valid.
        ("type:moties zorg", Want::Error("did you mean 'motie'")),
        ("type:kamerbrief", Want::Error("types in this index: ")),
        ("lang:xx", Want::Error("nl, en, de, fr")),
        ("date:2024-02-30", Want::Error("bad date")),
        ("date:2023-02-29", Want::Error("bad date")),
        ("year:2025..2023", Want::Error("ends before it starts")),
        ("year:twenty", Want::Error("bad year")),
        // Valid ones.
        (
            "date:2024-02-29..2025-12-31 type:motie",
            Want::Hits(|h| h["doc_type"] == "motie"),
        ),
        (
            "year:2024..2025 type:motie",
            Want::Hits(|h| {
                h["date"]
                    .as_str()
                    .is_some_and(|d| d.starts_with("2025") || d.starts_with("2024"))
            }),
        ),
        ("year:..2020 type:motie", Want::Nothing),
        (
            "indiener:Rikkers-Oosterkamp",
            Want::Hits(|h| text(h).contains("rikkers-oosterkamp")),
        ),
        ("indiener:xyzzyqwerty", Want::Nothing),
        // Typed text is not syntax: a glued hyphen and a listed one do not exclude.
        ("langdurige zorg, -wetten", Want::Hits(|_| true)),
        (
            "\"langdurige zorg\"-budget",
            Want::Any(|h| text(h).contains("budget")),
        ),
    ];
    let mut failures = Vec::new();
    for (q, want) in table {
        let (code, hits, _) = json(q, &["--limit", "50"]);
        let stderr = String::from_utf8_lossy(&query(q, &[]).stderr).into_owned();
        let ok = match want {
            Want::Hits(check) => code == 0 && !hits.is_empty() && hits.iter().all(check),
            Want::Any(check) => code == 0 && hits.iter().any(check),
            Want::First(id) => code == 0 && hits.first().is_some_and(|h| h["doc_id"] == *id),
            Want::Nothing => code == 1 && hits.is_empty(),
            Want::Error(message) => code == 2 && stderr.contains(message),
        };
        if !ok {
            let ids: Vec<&Value> = hits.iter().take(5).map(|h| &h["doc_id"]).collect();
            failures.push(format!(
                "{q:?}: exit {code}, {} hits {ids:?}; {stderr}",
                hits.len()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_filter_with_words_counts_only_passages_holding_them() {
    let (_, _, with_word) = json("type:motie zorg", &["--count"]);
    let (_, _, filter) = json("type:motie", &["--count"]);
    let (_, _, word) = json("zorg", &["--count"]);
    let n = |s: &Option<Value>| s.as_ref().unwrap()["passages"].as_u64().unwrap();
    assert!(n(&with_word) < n(&filter), "{with_word:?} {filter:?}");
    assert!(n(&with_word) < n(&word), "{with_word:?} {word:?}");
    assert!(n(&with_word) > 0);
}

#[test]
fn compounds_are_found_and_the_word_itself_ranks_first() {
    // The `<al>` paragraphs of every motie, lowercased, as words.
    let mut moties: Vec<(String, Vec<String>)> = Vec::new();
    for entry in std::fs::read_dir(sample_corpus().join("moties")).unwrap() {
        let path = entry.unwrap().path();
        let xml = std::fs::read_to_string(&path).unwrap().to_lowercase();
        let body: Vec<&str> = xml
            .split("<al")
            .skip(1)
            .filter_map(|p| p.split_once('>').map(|(_, rest)| rest))
            .filter_map(|p| p.split("</al>").next())
            .collect();
        let words = body
            .join(" ")
            .split(|c: char| !c.is_alphanumeric())
            .map(str::to_owned)
            .collect();
        moties.push((
            path.file_name().unwrap().to_string_lossy().into_owned(),
            words,
        ));
    }
    // Moties holding a compound and not the word itself, over all words.
    let mut compounds = 0;
    for word in ["onderwijs", "stikstof", "jeugd"] {
        // Moties holding the word, or a word that begins or ends with it
        // (stikstofuitstoot, basisonderwijs).
        let want: std::collections::HashSet<&str> = moties
            .iter()
            .filter(|(_, words)| {
                words
                    .iter()
                    .any(|w| w.starts_with(word) || w.ends_with(word))
            })
            .map(|(name, _)| name.as_str())
            .collect();
        let whole = moties
            .iter()
            .filter(|(_, words)| words.iter().any(|w| w == word))
            .count();
        compounds += want.len() - whole;
        let (code, hits, _) = json(
            &format!("{word} path:moties/"),
            &["--per-doc", "1", "--limit", "100000"],
        );
        assert_eq!(code, 0);
        let found: std::collections::HashSet<&str> = hits
            .iter()
            .map(|h| h["path"].as_str().unwrap().trim_start_matches("moties/"))
            .collect();
        let recall = want.intersection(&found).count() as f64 / want.len() as f64;
        assert!(
            recall >= 0.9,
            "{word}: recall {recall:.2} of {}",
            want.len()
        );
        let top = hits
            .iter()
            .take(10)
            .filter(|h| {
                text(h)
                    .split(|c: char| !c.is_alphanumeric())
                    .any(|w| w == word)
            })
            .count();
        assert!(
            top >= whole.min(8),
            "{word}: {top} of the top 10 hold the word itself"
        );
    }
    assert!(compounds >= 3, "{compounds}");
}

#[test]
fn date_sort_is_newest_first_over_the_whole_result_set() {
    let (code, hits, _) = json(
        "zorg",
        &["--sort", "date", "--limit", "100000", "--per-doc", "1"],
    );
    assert_eq!(code, 0);
    let dates: Vec<Option<&str>> = hits.iter().map(|h| h["date"].as_str()).collect();
    let dated: Vec<&str> = dates.iter().map_while(|d| *d).collect();
    assert!(dated.len() > 20, "{dates:?}");
    assert!(dated.windows(2).all(|w| w[0] >= w[1]), "{dated:?}");
    // Undated documents last.
    assert!(dates[dated.len()..].iter().all(Option::is_none));
    // The first page of a date sort is the newest of all, not of the best few.
    let (_, page, _) = json(
        "zorg",
        &["--sort", "date", "--limit", "3", "--per-doc", "1"],
    );
    let first: Vec<&Value> = page.iter().map(|h| &h["date"]).collect();
    assert_eq!(
        first,
        hits[..3].iter().map(|h| &h["date"]).collect::<Vec<_>>()
    );
}

#[test]
fn facets_count_documents_over_the_whole_result_set() {
    let (code, hits, summary) = json("zorg", &["--facets", "type,year,dossier"]);
    assert_eq!(code, 0);
    assert_eq!(hits.len(), 10);
    let summary = summary.expect("a summary line");
    let types = summary["facets"]["type"].as_object().unwrap();
    let moties = types["motie"].as_u64().unwrap();
    let (_, _, only) = json("zorg type:motie", &["--count"]);
    assert_eq!(moties, only.unwrap()["documents"].as_u64().unwrap());
    assert!(summary["facets"]["year"]["2025"].as_u64().unwrap() > 0);
    assert!(summary["facets"]["dossier"]["34104"].as_u64().unwrap() > 0);
    let documents = summary["documents"].as_u64().unwrap();
    assert!(types.values().map(|v| v.as_u64().unwrap()).sum::<u64>() >= documents);
    assert!(summary["passages"].as_u64().unwrap() >= documents);
    assert!(json("zorg", &["--facets", "colour"]).0 == 2);
}

#[test]
fn offset_pages_through_the_same_ranking() {
    let (_, all, _) = json("zorg", &["--limit", "10"]);
    let (_, second, _) = json("zorg", &["--limit", "5", "--offset", "5"]);
    let ids = |h: &[Value]| h.iter().map(|h| h["doc_id"].clone()).collect::<Vec<_>>();
    assert_eq!(ids(&second), ids(&all[5..]));
    assert_eq!(second[0]["rank"], 6);
}

#[test]
fn text_output_opens_with_the_totals() {
    let out = query("zorg", &["--limit", "2"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let first = stdout.lines().next().unwrap();
    let (_, _, summary) = json("zorg", &["--count"]);
    let summary = summary.unwrap();
    let dutch = |n: u64| {
        let s = n.to_string();
        let mut out = String::new();
        for (i, c) in s.chars().enumerate() {
            if i > 0 && (s.len() - i).is_multiple_of(3) {
                out.push('.');
            }
            out.push(c);
        }
        out
    };
    assert_eq!(
        first,
        format!(
            "{} passages in {} documents",
            dutch(summary["passages"].as_u64().unwrap()),
            dutch(summary["documents"].as_u64().unwrap())
        )
    );
    // --limit 0 and --count print the totals alone.
    for args in [&["--limit", "0"][..], &["--count"]] {
        let out = query("zorg", args);
        assert_eq!(
            String::from_utf8_lossy(&out.stdout).trim(),
            first,
            "{args:?}"
        );
    }
}
