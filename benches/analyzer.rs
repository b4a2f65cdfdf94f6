//! The Dutch analyzer over one real passage of a Kamerbrief.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use docsearch::analyze;

/// The opening of the annotated agenda letter in the sample corpus (about 2,600 bytes).
fn passage() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/corpus/kamerbrieven/geannoteerde-agenda-ojcs-raad-mei-2024.txt"
    );
    let text = std::fs::read_to_string(path).expect("sample letter");
    text.chars().take(2600).collect()
}

/// Terms the Dutch analyzer makes of [`passage`]; a change here is a change in analysis.
const EXPECTED_TERMS: usize = 214;

fn dutch_analyzer(c: &mut Criterion) {
    let text = passage();
    let mut analyzer = analyze::build(analyze::DUTCH).expect("Dutch analyzer");
    let terms = analyze::terms(&mut analyzer, &text);
    assert_eq!(terms.len(), EXPECTED_TERMS, "terms of the passage changed");
    assert!(terms.iter().any(|t| t == "onderwijsraad"));

    let mut group = c.benchmark_group("analyze");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("dutch_passage", |b| {
        b.iter(|| {
            let terms = analyze::terms(&mut analyzer, std::hint::black_box(&text));
            assert_eq!(terms.len(), EXPECTED_TERMS);
            terms
        })
    });
    group.finish();
}

criterion_group!(benches, dutch_analyzer);
criterion_main!(benches);
