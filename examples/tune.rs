//! Relevance experiments: evaluates one index under several ranking weights.
//!
//! cargo run --release --example tune -- INDEX QUERIES QRELS [body,exact,title,section,notes ...]
//!
//! Each weight set is given as five to twelve comma-separated numbers (body, exact,
//! title, section, notes[, compound_part[, reference[, proximity[, head[,
//! grams[, compound[, dossier_title]]]]]]]);
//! without any, the defaults are evaluated.
//!
//! `--candidates 10,50,100` instead evaluates the default weights with these
//! first-phase depths (`SearchOptions::candidates`, 0 for single-phase), each
//! ranking the top 10 documents (MRR@10 and nDCG@10; the recalls need more).

use std::collections::HashMap;

use docsearch::eval::{evaluate, parse_qrels, Run};
use docsearch::{SearchIndex, SearchOptions, Weights};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let depths: Option<Vec<usize>> = match args.iter().position(|a| a == "--candidates") {
        Some(i) if i + 1 < args.len() => {
            let list = args.remove(i + 1);
            args.remove(i);
            Some(
                list.split(',')
                    .map(|x| x.parse().expect("number"))
                    .collect(),
            )
        }
        _ => None,
    };
    let [index, queries, qrels, sets @ ..] = &args[..] else {
        return Err("usage: tune INDEX QUERIES QRELS [w1,w2,w3,w4,w5 ...]".into());
    };
    let index = SearchIndex::open(index.as_ref())?;
    let qrels = parse_qrels(&std::fs::read_to_string(qrels)?)?;
    let queries: Vec<(String, String)> = std::fs::read_to_string(queries)?
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("query line");
            (
                v["id"].as_str().unwrap_or_default().to_owned(),
                v["text"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let mut weight_sets = vec![];
    for set in sets {
        let w: Vec<f32> = set.split(',').map(|x| x.parse().expect("number")).collect();
        weight_sets.push(Weights {
            body: w[0],
            exact: w[1],
            title: w[2],
            section: w[3],
            notes: w[4],
            compound_part: w
                .get(5)
                .copied()
                .unwrap_or(Weights::default().compound_part),
            reference: w.get(6).copied().unwrap_or(Weights::default().reference),
            proximity: w.get(7).copied().unwrap_or(Weights::default().proximity),
            head: w.get(8).copied().unwrap_or(Weights::default().head),
            grams: w.get(9).copied().unwrap_or(Weights::default().grams),
            compound: w.get(10).copied().unwrap_or(Weights::default().compound),
            dossier_title: w
                .get(11)
                .copied()
                .unwrap_or(Weights::default().dossier_title),
        });
    }
    if let Some(depths) = depths {
        println!("| candidates | ms/query | MRR@10 | nDCG@10 |\n|--:|--:|--:|--:|");
        for depth in depths {
            let mut run: Run = HashMap::new();
            let start = std::time::Instant::now();
            for (id, text) in &queries {
                let options = SearchOptions {
                    candidates: depth,
                    ..SearchOptions::documents(10)
                };
                let docs = index.search(text, &options)?;
                run.insert(id.clone(), docs.into_iter().map(|d| d.doc_id).collect());
            }
            let ms = start.elapsed().as_secs_f64() * 1000.0 / queries.len().max(1) as f64;
            let m = evaluate(&qrels, &run);
            println!("| {depth} | {ms:.2} | {:.4} | {:.4} |", m.mrr10, m.ndcg10);
        }
        return Ok(());
    }
    if weight_sets.is_empty() {
        weight_sets.push(Weights::default());
    }
    for w in weight_sets {
        let mut run: Run = HashMap::new();
        for (id, text) in &queries {
            let options = SearchOptions {
                weights: w,
                ..SearchOptions::documents(100)
            };
            let docs = index.search(text, &options)?;
            run.insert(id.clone(), docs.into_iter().map(|d| d.doc_id).collect());
        }
        println!("{:?}\n  {}", w, evaluate(&qrels, &run));
    }
    Ok(())
}
