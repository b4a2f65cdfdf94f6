//! Ranking regression guard on a CI-sized slice of the Kamervragen relevance set
//! (`../shared/eval/kamervragen`): the first 120 development queries over their
//! answers plus 600 other answers as distractors.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use docsearch::eval::{evaluate, parse_qrels, parse_run, Run};
use docsearch::{IndexConfig, SearchIndex, SearchOptions};

fn eval_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/eval/kamervragen")
}

struct Slice {
    _corpus: tempfile::TempDir,
    _index_dir: tempfile::TempDir,
    index: SearchIndex,
    queries: Vec<(String, String)>,
    qrels_text: String,
}

fn slice() -> Slice {
    let dir = eval_dir();
    let queries: Vec<(String, String)> = std::fs::read_to_string(dir.join("queries.jsonl"))
        .expect("queries.jsonl")
        .lines()
        .take(120)
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (
                v["id"].as_str().unwrap().to_owned(),
                v["text"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let ids: HashSet<&str> = queries.iter().map(|(id, _)| id.as_str()).collect();
    let qrels_text: String = std::fs::read_to_string(dir.join("qrels.txt"))
        .unwrap()
        .lines()
        .filter(|l| l.split_whitespace().next().is_some_and(|q| ids.contains(q)))
        .map(|l| format!("{l}\n"))
        .collect();
    let relevant: HashSet<String> = qrels_text
        .lines()
        .filter_map(|l| l.split_whitespace().nth(2).map(str::to_owned))
        .collect();
    let corpus = tempfile::tempdir().unwrap();
    let mut names: Vec<String> = std::fs::read_dir(dir.join("corpus"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut distractors = 0;
    for name in names {
        let stem = name.trim_end_matches(".txt");
        let keep = relevant.contains(stem) || {
            distractors += 1;
            distractors <= 600
        };
        if keep {
            std::fs::copy(dir.join("corpus").join(&name), corpus.path().join(&name)).unwrap();
        }
    }
    let index_dir = tempfile::tempdir().unwrap();
    let index = SearchIndex::open_or_create(&index_dir.path().join("ix")).unwrap();
    index
        .index_folder(corpus.path(), &IndexConfig::default())
        .unwrap();
    Slice {
        _corpus: corpus,
        _index_dir: index_dir,
        index,
        queries,
        qrels_text,
    }
}

fn trec_run(s: &Slice) -> String {
    let mut out = String::new();
    for (id, text) in &s.queries {
        for (i, d) in s
            .index
            .search(text, &SearchOptions::documents(100))
            .unwrap()
            .iter()
            .enumerate()
        {
            out.push_str(&format!(
                "{id} Q0 {} {} {:.4} docsearch\n",
                d.doc_id,
                i + 1,
                d.score
            ));
        }
    }
    out
}

#[test]
fn ranking_quality_is_pinned_and_metrics_agree_with_metrics_py() {
    let s = slice();
    let run_text = trec_run(&s);
    let run: Run = parse_run(&run_text);
    let m = evaluate(&parse_qrels(&s.qrels_text).unwrap(), &run);
    eprintln!("{m}");
    assert_eq!(m.queries, 120);
    // Pinned figures; a ranking change that moves them must update them knowingly.
    let pinned_ndcg10 = 0.6263;
    let pinned_mrr10 = 0.5940;
    assert!(
        (m.ndcg10 - pinned_ndcg10).abs() < 0.005,
        "nDCG@10 {:.4} moved from {pinned_ndcg10}",
        m.ndcg10
    );
    assert!(
        (m.mrr10 - pinned_mrr10).abs() < 0.005,
        "MRR@10 {:.4} moved from {pinned_mrr10}",
        m.mrr10
    );

    // The same run scored by ../shared/eval/metrics.py gives the same figures.
    let tmp = tempfile::tempdir().unwrap();
    let (qrels_path, run_path) = (tmp.path().join("qrels"), tmp.path().join("run"));
    std::fs::write(&qrels_path, &s.qrels_text).unwrap();
    std::fs::write(&run_path, &run_text).unwrap();
    let py = std::process::Command::new("python3")
        .arg(eval_dir().join("../metrics.py"))
        .arg(&qrels_path)
        .arg(&run_path)
        .output()
        .expect("python3 runs metrics.py");
    assert!(
        py.status.success(),
        "{}",
        String::from_utf8_lossy(&py.stderr)
    );
    assert_eq!(String::from_utf8(py.stdout).unwrap().trim(), m.to_string());
}

/// The ranking of varied queries over `corpus/`, one hit a document: a change
/// in ranking shows here as a diff of document ids.
#[test]
fn rankings_of_varied_queries() {
    let (index, _) = crate::util::sample_index();
    let cases: &[(&str, &[&str])] = &[
        ("AI-verordening hoog risico", &["kamerbrieven/geannoteerde-agenda-ojcs-raad-mei-2024", "kst-36582-63", "kst-29689-1301", "ah-tk-20242025-564", "kamervragen/docx__Antwoord_op_vragen_van_de_leden_Kathmann"]),
        ("stikstof", &["kst-33009-169", "kst-33009-173", "kst-35334-383", "kst-36760-8", "kst-35334-371"]),
        ("klimaat", &["ah-tk-20242025-577", "ah-tk-20242025-576", "kamervragen/kv__De_uitspraken_van_de_minister_van_Infras", "h-tk-20172018-70-1", "h-tk-20172018-70-11"]),
        ("onderwijs", &["kamerbrieven/geannoteerde-agenda-ojcs-raad-mei-2024", "kst-36740-VIII-12", "kst-31497-504", "ah-tk-20242025-559", "BWBR0007060"]),
        ("regionaal budget", &["kst-34104-439", "kst-36800-32", "kst-36800-74", "ah-tk-20242025-563", "kamervragen/docx__Antwoord_op_vragen_van_het_lid_Boswijk_o_2"]),
        ("zorg", &["kst-36666-6", "kst-31765-929", "kst-34104-434", "kst-34104-438", "ah-tk-20242025-594"]),
        ("Kamerstuk 34 104, nr. 439", &["kst-34104-439"]),
        ("type:motie zorg", &["kst-36666-6", "kst-31765-929", "kst-34104-434", "kst-34104-438", "kst-25657-375"]),
        ("\"toegang en toewijzing\"", &["kamerbrieven/geannoteerde-agenda-ojcs-raad-mei-2024"]),
        ("lerarentekort", &["kamerbrieven/geannoteerde-agenda-ojcs-raad-mei-2024", "kst-31293-806"]),
        ("asielzoekers opvang", &["kamervragen/docx__Het_bericht__Geboortezorg_voor_asielzoek", "kst-19637-3417", "kst-19637-3403", "kst-19637-3484", "ah-tk-20242025-583"]),
        ("de het een", &["BWBR0005730", "kamervragen/docx__Antwoord_op_vragen_van_het_lid_Slagt-Tic", "ECLI:NL:CBB:1997:ZG2071", "h-tk-20172018-70-5", "kamervragen/kv__Het_bericht_dat_minister_Faber_terug_is_"]),
        ("pensioen*", &["kamervragen/docx__Antwoord_op_vragen_van_het_lid_Van_Nispe", "kamervragen/docx__Antwoord_op_vragen_van_het_lid_Joseph_ov", "h-tk-20172018-70-4", "kamervragen/docx__Antwoord_op_vragen_van_de_leden_Kathmann", "h-tk-20172018-70-11"]),
        ("woningbouw", &["kst-28325-289", "kst-36512-86", "h-tk-20172018-70-10", "kst-33009-169", "kst-33009-173"]),
        ("Wat is de inzet van Nederland in de Raad over kunstmatige intelligentie in het onderwijs?", &["kamerbrieven/geannoteerde-agenda-ojcs-raad-mei-2024", "h-tk-20172018-70-12", "ah-tk-20242025-581", "h-tk-20172018-70-14", "kst-36740-VIII-12"]),
        ("Kunt u aangeven hoeveel leraren er tekort zijn in het basisonderwijs?", &["h-tk-20172018-70-8", "ah-tk-20242025-559", "kamervragen/kv__Wachttijden_voor_stroomaansluitingen", "ECLI:NL:CBB:1998:AA3434", "kamervragen/docx__Antwoord_op_vragen_van_het_lid_Van_Nispe"]),
        ("energie -kernenergie", &["kamervragen/kv__Het_rapport__Dutch_financial_institutio", "kst-36600-XIII-70", "ah-tk-20242025-577", "ah-tk-20242025-576", "kamervragen/docx__Antwoord_op_vragen_van_lid_Thijssen_over"]),
        ("dossier:34104", &["kst-34104-439", "kst-34104-425", "kst-34104-434", "kst-34104-424", "kst-34104-423"]),
        ("ECLI:NL:CBB:1996:ZG0749", &["ECLI:NL:CBB:1996:ZG0749"]),
        ("Raad van State", &["BWBR0005730", "ah-tk-20242025-564", "kamervragen/kv__Het_niet_naleven_van_de_Wet_politiegegev", "BWBR0012697", "kamervragen/docx__Antwoord_op_vragen_van_de_leden_Kathmann"]),
        ("wet op het basisonderwijs", &["h-tk-20172018-70-8", "ah-tk-20242025-559", "BWBR0005730", "BWBR0008463", "BWBR0031614"]),
        ("indiener:Rikkers-Oosterkamp", &["kst-34104-439", "kst-34104-425", "kst-31765-935", "kst-34104-440", "kst-34104-421"]),
    ];
    let mut diffs = Vec::new();
    for (query, want) in cases {
        let got: Vec<String> = index
            .search(
                query,
                &SearchOptions {
                    limit: 5,
                    max_per_doc: 1,
                    ..SearchOptions::default()
                },
            )
            .unwrap()
            .into_iter()
            .map(|h| h.doc_id)
            .collect();
        if got != *want {
            diffs.push(format!("{query:?}:\n  want {want:?}\n  got  {got:?}"));
        }
    }
    assert!(diffs.is_empty(), "{}", diffs.join("\n"));
}

/// The two-phase ranking: its second phase gives each candidate the score
/// that scoring every match in full gives it; with few candidates, the
/// quality is nearly that of scoring every match.
#[test]
fn two_phase_ranking_scores_as_the_whole_query_does() {
    let s = slice();
    let single = SearchOptions {
        candidates: 0,
        ..SearchOptions::default()
    };
    let mut rescored = 0;
    // The questions, and short queries of their two longest words (whose
    // compounds are ranked too).
    let short: Vec<String> = s
        .queries
        .iter()
        .take(40)
        .map(|(_, text)| {
            let mut words: Vec<&str> = text
                .split(|c: char| !c.is_alphabetic())
                .filter(|w| w.chars().count() >= 5)
                .collect();
            words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
            words.truncate(2);
            words.join(" ")
        })
        .collect();
    let texts: Vec<&str> = s
        .queries
        .iter()
        .take(40)
        .map(|(_, t)| t.as_str())
        .chain(short.iter().map(String::as_str))
        .collect();
    for text in texts {
        let every_match = SearchOptions {
            limit: 1_000_000,
            max_per_doc: 0,
            ..single.clone()
        };
        let full: std::collections::HashMap<(String, String), f32> = s
            .index
            .search(text, &every_match)
            .unwrap()
            .into_iter()
            .map(|h| ((h.doc_id, h.text), h.score))
            .collect();
        let two = s.index.search(text, &SearchOptions::default()).unwrap();
        assert_eq!(two.is_empty(), full.is_empty(), "{text}");
        for hit in two {
            let score = full
                .get(&(hit.doc_id.clone(), hit.text.clone()))
                .unwrap_or_else(|| panic!("{text}: {} is no match", hit.doc_id));
            assert!(
                (score - hit.score).abs() <= 1e-4 * score.max(1.0),
                "{text}: {} scores {} in two phases, {score} in full",
                hit.doc_id,
                hit.score
            );
            rescored += 1;
        }
    }
    assert!(rescored >= 600, "{rescored}");
    let mut runs: [Run; 2] = Default::default();
    for (id, text) in &s.queries {
        for (run, candidates) in runs.iter_mut().zip([0, 40]) {
            let options = SearchOptions {
                candidates,
                ..SearchOptions::documents(10)
            };
            let hits = s.index.search(text, &options).unwrap();
            run.insert(id.clone(), hits.into_iter().map(|h| h.doc_id).collect());
        }
    }
    let qrels = parse_qrels(&s.qrels_text).unwrap();
    let [full, few] = runs.map(|run| evaluate(&qrels, &run).ndcg10);
    assert!(
        few > full - 0.01,
        "nDCG@10 {few} with 40 candidates, {full} in full"
    );
}

/// A search shared among threads (each taking whole segments, with the
/// score to beat passed between them) answers as one thread does.
#[test]
fn a_search_on_several_threads_ranks_as_one_thread_does() {
    let dir = eval_dir();
    let mut names: Vec<std::path::PathBuf> = std::fs::read_dir(dir.join("corpus"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    names.truncate(900);
    let corpus = tempfile::tempdir().unwrap();
    let index_dir = tempfile::tempdir().unwrap();
    let index = SearchIndex::open_or_create(&index_dir.path().join("ix")).unwrap();
    // Three runs, three commits: three segments (a merge takes four).
    for part in names.chunks(300) {
        for path in part {
            std::fs::copy(path, corpus.path().join(path.file_name().unwrap())).unwrap();
        }
        index
            .index_folder(corpus.path(), &IndexConfig::default())
            .unwrap();
    }
    let meta = std::fs::read_to_string(index_dir.path().join("ix/meta.json")).unwrap();
    assert!(meta.matches("\"segment_id\"").count() >= 3, "{meta}");
    let queries: Vec<String> = std::fs::read_to_string(dir.join("queries.jsonl"))
        .unwrap()
        .lines()
        .take(60)
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["text"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .chain(["stikstof", "zorg wachtlijsten", "onderwijs lerarentekort"].map(String::from))
        .collect();
    let hits = |text: &str, threads: usize| -> Vec<(String, String, f32)> {
        let options = SearchOptions {
            threads,
            limit: 20,
            ..SearchOptions::default()
        };
        index
            .search(text, &options)
            .unwrap()
            .into_iter()
            .map(|h| (h.doc_id, h.text, h.score))
            .collect()
    };
    let mut compared = 0;
    for text in &queries {
        let one = hits(text, 1);
        assert!(!one.is_empty(), "{text}");
        assert_eq!(one, hits(text, 3), "{text}");
        compared += one.len();
    }
    assert!(compared >= 600, "{compared}");
}
