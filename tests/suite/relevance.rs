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
        .index_folder(corpus.path(), &IndexConfig::default(), &|_| {})
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
    let pinned_ndcg10 = 0.6190;
    let pinned_mrr10 = 0.5844;
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
