//! tantivy's own indexing rate over a folder: the fair peer of `docsearch
//! index` for issue 17's target (at least 0.6× this rate).
//!
//! Every text file (`.txt`, `.xml`, `.md`) is read as it is, markup and all,
//! one tantivy document a file, into one text field with tantivy's Dutch
//! stemmer, on all cores with the same writer memory budget as docsearch
//! (256 MB). PDF files are left out (tantivy has no text extraction), so rates
//! are per MB of files read. The files are read once before the clock starts.

use std::path::{Path, PathBuf};
use std::time::Instant;

use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions};
use tantivy::tokenizer::{Language, LowerCaser, SimpleTokenizer, Stemmer, TextAnalyzer};
use tantivy::{doc, Index, IndexWriter};

/// One indexing run of the peer.
pub struct PeerRun {
    pub files: usize,
    pub bytes: u64,
    pub seconds: f64,
}

impl PeerRun {
    pub fn mb_per_s(&self) -> f64 {
        self.bytes as f64 / 1e6 / self.seconds
    }
}

/// Indexes the text files under `folder` with tantivy alone, into a
/// temporary folder.
pub fn index_with_tantivy(folder: &Path) -> Result<PeerRun, Box<dyn std::error::Error>> {
    let files: Vec<PathBuf> = walkdir::WalkDir::new(folder)
        .follow_links(true)
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
    Ok(PeerRun {
        files: files.len(),
        bytes,
        seconds: started.elapsed().as_secs_f64(),
    })
}
