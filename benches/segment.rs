//! Layout and segmentation of one real PDF-extracted letter.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use docsearch::{layout, segment};

const LETTER: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/corpus/kamerbrieven/geannoteerde-agenda-ojcs-raad-mei-2024.txt"
);

/// Paragraphs and passages the letter becomes; a change here is a change in segmentation.
const EXPECTED_PARAGRAPHS: usize = 60;
const EXPECTED_PASSAGES: usize = 29;

fn layout_and_passages(c: &mut Criterion) {
    let text = std::fs::read_to_string(LETTER).expect("sample letter");
    // As the text reader does: form feeds separate pages.
    let pages: Vec<&str> = text.split('\x0c').collect();
    let layout = layout::read_layout(&pages);
    assert_eq!(layout.paragraphs.len(), EXPECTED_PARAGRAPHS);
    assert_eq!(segment::passages(&layout).len(), EXPECTED_PASSAGES);

    let mut group = c.benchmark_group("segment");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("read_layout", |b| {
        b.iter(|| {
            let layout = layout::read_layout(std::hint::black_box(&pages));
            assert_eq!(layout.paragraphs.len(), EXPECTED_PARAGRAPHS);
            layout
        })
    });
    group.bench_function("passages", |b| {
        b.iter(|| {
            let passages = segment::passages(std::hint::black_box(&layout));
            assert_eq!(passages.len(), EXPECTED_PASSAGES);
            passages
        })
    });
    group.bench_function("layout_and_passages", |b| {
        b.iter(|| {
            let layout = layout::read_layout(std::hint::black_box(&pages));
            let passages = segment::passages(&layout);
            assert_eq!(passages.len(), EXPECTED_PASSAGES);
            passages
        })
    });
    group.finish();
}

criterion_group!(benches, layout_and_passages);
criterion_main!(benches);
