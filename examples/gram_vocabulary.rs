//! What letter n-grams at the vocabulary level would cost, against the n-gram
//! field docsearch indexes.
//!
//! Today every passage's letter 5-grams are indexed in a field of their own
//! (each once a passage). The other design keeps no such field: at query time
//! a 5-gram is expanded to the words of the unstemmed field that hold it, and
//! a passage matches the 5-gram when it holds one of those words. This
//! measures both sides on an existing index:
//!
//! - indexing: the tokens each field of the passage text feeds the index;
//! - querying: for each question of a query set, the 5-grams a question
//!   scores (those held by at most a tenth of the passages, as the ranking
//!   takes them), how many words of the vocabulary each expands to, and how
//!   many postings those words hold, against the one term and its postings
//!   the n-gram field looks up.
//!
//! ```sh
//! cargo run --release --example gram_vocabulary -- INDEX ../shared/eval/kamervragen/queries.jsonl
//! ```

use std::collections::HashMap;
use std::error::Error;

use tantivy::{Index, Term};

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [index_dir, queries] = args.as_slice() else {
        return Err("usage: gram_vocabulary INDEX QUERIES.jsonl".into());
    };
    let index = Index::open_in_dir(index_dir)?;
    docsearch::analyze::register(&index);
    let schema = index.schema();
    let searcher = index.reader()?.searcher();
    let passages = searcher.num_docs();

    println!(
        "index: {passages} passages, {} segments",
        searcher.segment_readers().len()
    );
    for name in ["body", "exact", "head", "grams"] {
        let field = schema.get_field(name)?;
        let mut tokens = 0;
        for reader in searcher.segment_readers() {
            tokens += reader.inverted_index(field)?.total_num_tokens();
        }
        println!(
            "field {name:<6} {:>6.1} million tokens indexed",
            tokens as f64 / 1e6
        );
    }

    // The vocabulary of the unstemmed field, each word with the passages
    // holding it (summed over segments, as a union would read them).
    let exact = schema.get_field("exact")?;
    let mut vocabulary: HashMap<String, u64> = HashMap::new();
    for reader in searcher.segment_readers() {
        let index = reader.inverted_index(exact)?;
        let mut stream = index.terms().stream()?;
        while stream.advance() {
            let word = String::from_utf8_lossy(stream.key()).into_owned();
            *vocabulary.entry(word).or_default() += u64::from(stream.value().doc_freq);
        }
    }
    // Each 5-gram: the words holding it and their postings.
    let mut grams_of =
        docsearch::analyze::build(docsearch::analyze::GRAMS).ok_or("no n-gram analyzer")?;
    let mut expansion: HashMap<String, (u64, u64)> = HashMap::new();
    let mut entries = 0u64;
    for (word, df) in &vocabulary {
        let mut grams = docsearch::analyze::terms(&mut grams_of, word);
        grams.sort_unstable();
        grams.dedup();
        for g in grams {
            let e = expansion.entry(g).or_default();
            e.0 += 1;
            e.1 += df;
            entries += 1;
        }
    }
    println!(
        "vocabulary: {} words, {} distinct 5-grams, {entries} gram → word entries",
        vocabulary.len(),
        expansion.len()
    );

    let grams_field = schema.get_field("grams")?;
    let max_df = ((passages as f64 * 0.1) as u64).max(100);
    let mut grams_q =
        docsearch::analyze::build(&docsearch::analyze::query_side(docsearch::analyze::GRAMS))
            .ok_or("no n-gram analyzer")?;
    // Per question: scored 5-grams, words they expand to, postings of those
    // words, postings of the 5-grams in the n-gram field.
    let mut rows: Vec<[u64; 4]> = Vec::new();
    for line in std::fs::read_to_string(queries)?.lines() {
        let Some(text) = json_text(line) else {
            continue;
        };
        let mut grams = docsearch::analyze::terms(&mut grams_q, &text);
        grams.sort_unstable();
        grams.dedup();
        let mut row = [0u64; 4];
        for g in grams {
            let df = searcher.doc_freq(&Term::from_field_text(grams_field, &g))?;
            if df == 0 || df > max_df {
                continue;
            }
            let (words, postings) = expansion.get(&g).copied().unwrap_or_default();
            row[0] += 1;
            row[1] += words;
            row[2] += postings;
            row[3] += df;
        }
        rows.push(row);
    }
    println!(
        "{} questions; per question, median / p90 / max:",
        rows.len()
    );
    for (i, what) in [
        "5-grams scored",
        "words they expand to (dictionary lookups)",
        "postings of those words",
        "postings of the 5-grams in the n-gram field",
    ]
    .iter()
    .enumerate()
    {
        let mut v: Vec<u64> = rows.iter().map(|r| r[i]).collect();
        v.sort_unstable();
        let at = |q: f64| v[((v.len() - 1) as f64 * q) as usize];
        println!("  {what:<45} {:>9} {:>9} {:>9}", at(0.5), at(0.9), at(1.0));
    }
    Ok(())
}

/// The `text` of a query line `{"id": …, "text": …}`.
fn json_text(line: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(line).ok()?;
    value.get("text")?.as_str().map(str::to_owned)
}
