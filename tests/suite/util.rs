use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use docsearch::{IndexConfig, IndexReport, SearchIndex};

/// The repository's sample corpus.
pub fn sample_corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

/// One index over the sample corpus, built once per test run.
pub fn sample_index() -> (&'static SearchIndex, &'static IndexReport) {
    static INDEX: OnceLock<(tempfile::TempDir, SearchIndex, IndexReport)> = OnceLock::new();
    let (_, index, report) = INDEX.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let index = SearchIndex::open_or_create(&dir.path().join("index")).expect("create index");
        let report = index
            .index_folder(&sample_corpus(), &IndexConfig::default())
            .expect("index sample corpus");
        (dir, index, report)
    });
    (index, report)
}

/// A corpus folder in a temp dir, with the given files (relative path, content).
pub fn corpus_with(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (rel, content) in files {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, content).expect("write");
    }
    dir
}

/// Copies a file from the sample corpus.
pub fn sample_file(rel: &str) -> Vec<u8> {
    std::fs::read(sample_corpus().join(rel)).expect("sample file")
}
