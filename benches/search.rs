//! Queries against an index of the sample corpus, built once before measuring.

use criterion::{criterion_group, criterion_main, Criterion};
use docsearch::{IndexConfig, SearchIndex, SearchOptions};

/// (name, query, expected hits, doc_id expected among them). Limit 10, at most 3
/// passages per document.
const QUERIES: [(&str, &str, usize, &str); 3] = [
    (
        "keywords",
        "AI-verordening hoog risico",
        10,
        "kamerbrieven/geannoteerde-agenda-ojcs-raad-mei-2024",
    ),
    ("filtered", "type:motie stikstof", 10, "kst-36760-8"),
    (
        "question",
        "Welke maatregelen neemt u om het lerarentekort in het primair onderwijs terug te dringen?",
        10,
        "kamerbrieven/geannoteerde-agenda-ojcs-raad-mei-2024",
    ),
];

fn search(c: &mut Criterion) {
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let dir = tempfile::tempdir().expect("temp dir");
    let index = SearchIndex::open_or_create(&dir.path().join("index")).expect("create index");
    index
        .index_folder(&corpus, &IndexConfig::default())
        .expect("index the sample corpus");
    let options = SearchOptions::default();

    let mut group = c.benchmark_group("search");
    for (name, query, expected, doc) in QUERIES {
        let hits = index.search(query, &options).expect("query runs");
        let ids: Vec<&str> = hits.iter().map(|h| h.doc_id.as_str()).collect();
        assert_eq!(hits.len(), expected, "{query}: {ids:?}");
        assert!(ids.contains(&doc), "{query}: {doc} not in {ids:?}");
        group.bench_function(name, |b| {
            b.iter(|| {
                let hits = index
                    .search(std::hint::black_box(query), &options)
                    .expect("query runs");
                assert_eq!(hits.len(), expected);
                hits
            })
        });
    }
    group.finish();
}

criterion_group!(benches, search);
criterion_main!(benches);
