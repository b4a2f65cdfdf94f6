//! Embedding docsearch: index a folder, search it, use the typed hits.
//!
//! cargo run --release --example embed -- corpus "AI-verordening hoog risico"

use std::path::PathBuf;

use docsearch::{IndexConfig, SearchIndex, SearchOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let corpus = PathBuf::from(args.next().unwrap_or_else(|| "corpus".into()));
    let query = args
        .next()
        .unwrap_or_else(|| "AI-verordening hoog risico".into());

    // An index of its own, beside the program's other data.
    let dir = std::env::temp_dir().join("docsearch-embed-example");
    let index = SearchIndex::open_or_create(&dir)?;

    // Incremental: a second run reads only new and changed files.
    let report = index.index_folder(&corpus, &IndexConfig::default())?;
    println!(
        "{} files read, {} unchanged, {} skipped; {} passages",
        report.files_indexed,
        report.files_unchanged,
        report.skipped.len(),
        report.passages_total
    );

    let options = SearchOptions {
        limit: 5,
        ..SearchOptions::default()
    };
    for hit in index.search(&query, &options)? {
        println!(
            "{:>2}. {:.2} {} — {}",
            hit.rank,
            hit.score,
            hit.doc_id,
            hit.section.join(" > ")
        );
        println!("    {}", hit.snippet);
        for note in &hit.footnotes {
            println!("    [{}] {}", note.number, note.text);
        }
        // Hits are serde-serializable: hand them to another program as JSON.
        let json = serde_json::to_string(&hit)?;
        assert!(json.contains("\"doc_id\""));
    }
    Ok(())
}
