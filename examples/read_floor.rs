//! What reading costs before anything is indexed: the floor under `docsearch
//! index`'s rate, against tantivy's own rate over the same folder (issue 17's
//! peer, `examples/common/peer.rs`).
//!
//! Every file the walk finds goes through the stages before indexing (read,
//! layout, segment, references, language) on all cores, and nothing is
//! written. The peer indexes the same folder's text files as they are, one
//! tantivy document a file, into one stemmed field. Both runs report wall
//! time and CPU time (`getrusage`, the `pdftotext` children included), so the
//! figures say how much of the peer's budget reading alone takes.
//!
//! ```text
//! cargo run --release --example read_floor -- ../shared/corpus/wetten
//! ```

#[path = "common/peer.rs"]
mod peer;

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Instant;

use docsearch::language::LanguageGuesser;

/// CPU seconds used so far by this process and by its children that ended.
fn cpu_seconds() -> f64 {
    let mut total = 0.0;
    for who in [libc::RUSAGE_SELF, libc::RUSAGE_CHILDREN] {
        // SAFETY: getrusage fills the struct it is given; a zeroed rusage is
        // a valid value of that plain C struct.
        let usage = unsafe {
            let mut usage: libc::rusage = std::mem::zeroed();
            libc::getrusage(who, &mut usage);
            usage
        };
        for t in [usage.ru_utime, usage.ru_stime] {
            total += t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
        }
    }
    total
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let folder = PathBuf::from(std::env::args().nth(1).ok_or("usage: read_floor FOLDER")?);
    let walked = docsearch::walk::walk(&folder, None);
    // Warm the page cache, as the peer does.
    let mut bytes = 0u64;
    for f in &walked.files {
        bytes += std::fs::read(&f.abs)?.len() as u64;
    }
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let guesser = LanguageGuesser::new();
    // The size limit `docsearch index` reads files under.
    let max_bytes = docsearch::IndexConfig::default().max_file_bytes;
    let next = AtomicUsize::new(0);
    let passages = AtomicU64::new(0);
    let words = AtomicU64::new(0);
    let cpu = cpu_seconds();
    let started = Instant::now();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(file) = walked.files.get(i) else {
                    break;
                };
                if let Ok(doc) =
                    docsearch::pipeline::read_document(&file.abs, &file.rel, max_bytes, &guesser)
                {
                    passages.fetch_add(doc.passages.len() as u64, Ordering::Relaxed);
                    let n: usize = doc
                        .passages
                        .iter()
                        .map(|p| p.text.split_whitespace().count())
                        .sum();
                    words.fetch_add(n as u64, Ordering::Relaxed);
                }
            });
        }
    });
    let read_s = started.elapsed().as_secs_f64();
    let read_cpu = cpu_seconds() - cpu;
    let mb = bytes as f64 / 1e6;
    println!(
        "reading alone: {} files, {mb:.1} MB, {} passages, {} words in {read_s:.2} s \
         ({:.1} MB/s), {read_cpu:.2} CPU s on {threads} threads",
        walked.files.len(),
        passages.into_inner(),
        words.into_inner(),
        mb / read_s,
    );
    let cpu = cpu_seconds();
    let run = peer::index_with_tantivy(&folder)?;
    let peer_cpu = cpu_seconds() - cpu;
    println!(
        "tantivy alone (one stemmed field): {} text files, {:.1} MB in {:.2} s ({:.1} MB/s), \
         {peer_cpu:.2} CPU s (reading the files into the page cache included)",
        run.files,
        run.bytes as f64 / 1e6,
        run.seconds,
        run.mb_per_s()
    );
    let floor = (mb / read_s) / run.mb_per_s();
    println!(
        "reading alone runs at {floor:.2}x the peer's rate; 0.6x needs all of indexing \
         to fit in {:.2} s of wall time",
        mb / (0.6 * run.mb_per_s())
    );
    Ok(())
}
