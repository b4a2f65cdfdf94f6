//! A fair peer for indexing speed: tantivy's own Rust API indexing the same
//! files into one text field with tantivy's Dutch stemmer, beside a
//! `docsearch index` of the same folder in the same run.
//!
//! cargo build --release && cargo run --release --example tantivy_peer -- FOLDER
//!
//! The peer reads every text file (`.txt`, `.xml`, `.md`) as it is, markup
//! and all, one tantivy document a file, on all cores with the same writer
//! memory budget as docsearch (256 MB); PDF files are left to docsearch (the
//! peer has no text extraction), so the rates are per MB of files read. Both
//! run on a warm page cache: the folder is read once first.

use std::path::{Path, PathBuf};
use std::time::Instant;

use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions};
use tantivy::tokenizer::{Language, LowerCaser, SimpleTokenizer, Stemmer, TextAnalyzer};
use tantivy::{doc, Index, IndexWriter};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let folder = PathBuf::from(
        std::env::args()
            .nth(1)
            .ok_or("usage: tantivy_peer FOLDER")?,
    );
    let files: Vec<PathBuf> = walkdir::WalkDir::new(&folder)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| ["txt", "xml", "md"].contains(&e))
        })
        .collect();
    // Warm the page cache.
    let mut bytes = 0u64;
    for f in &files {
        bytes += std::fs::read(f)?.len() as u64;
    }
    let mb = bytes as f64 / 1e6;

    let dir = tempfile::tempdir()?;
    let mut schema = Schema::builder();
    let body = schema.add_text_field(
        "body",
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("nl")
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        ),
    );
    let index = Index::create_in_dir(dir.path(), schema.build())?;
    index.tokenizers().register(
        "nl",
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(Stemmer::new(Language::Dutch))
            .build(),
    );
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let started = Instant::now();
    let mut writer: IndexWriter = index.writer_with_num_threads(threads, 256 << 20)?;
    for f in &files {
        let text = String::from_utf8_lossy(&std::fs::read(f)?).into_owned();
        writer.add_document(doc!(body => text))?;
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    let peer = started.elapsed().as_secs_f64();
    println!(
        "tantivy (one stemmed field): {} files, {mb:.1} MB in {peer:.2} s, {:.1} MB/s",
        files.len(),
        mb / peer
    );

    let binary = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/docsearch");
    if !binary.is_file() {
        println!(
            "no {}: run cargo build --release for the docsearch figure",
            binary.display()
        );
        return Ok(());
    }
    let ix = tempfile::tempdir()?;
    let started = Instant::now();
    let out = std::process::Command::new(&binary)
        .args(["index", "--json", "--index"])
        .arg(ix.path().join("ix"))
        .arg(&folder)
        .output()?;
    let ours = started.elapsed().as_secs_f64();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout)?;
    let read_mb = report["bytes_read"].as_f64().unwrap_or(0.0) / 1e6;
    println!(
        "docsearch index: {read_mb:.1} MB read in {ours:.2} s, {:.1} MB/s ({:.2}x the peer's rate)",
        read_mb / ours,
        (read_mb / ours) / (mb / peer)
    );
    Ok(())
}
