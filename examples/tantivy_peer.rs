//! A fair peer for indexing speed: tantivy's own Rust API indexing the same
//! files into one text field with tantivy's Dutch stemmer, beside a
//! `docsearch index` of the same folder in the same run.
//!
//! cargo build --release && cargo run --release --example tantivy_peer -- FOLDER
//!
//! How the peer indexes is in `common/peer.rs`; `bench --scales` runs the
//! same peer over its corpus. Both run on a warm page cache.

use std::path::{Path, PathBuf};
use std::time::Instant;

#[path = "common/peer.rs"]
mod peer;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let folder = PathBuf::from(
        std::env::args()
            .nth(1)
            .ok_or("usage: tantivy_peer FOLDER")?,
    );
    let run = peer::index_with_tantivy(&folder)?;
    println!(
        "tantivy (one stemmed field): {} files, {:.1} MB in {:.2} s, {:.1} MB/s",
        run.files,
        run.bytes as f64 / 1e6,
        run.seconds,
        run.mb_per_s()
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
        (read_mb / ours) / run.mb_per_s()
    );
    Ok(())
}
