//! Reference extraction over real text: a Kamervragen answer full of citations,
//! and a letter with few.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use docsearch::references::parse::shared_parser;

fn sample(rel: &str) -> String {
    let path = format!("{}/corpus/{rel}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// (file, references `extract` finds in it); a change here is a change in the grammar.
const CASES: [(&str, &str, usize); 2] = [
    (
        "answer",
        "kamervragen/ah__Antwoord_op_vragen_van_de_leden_Van_Nisp.txt",
        4,
    ),
    (
        "letter",
        "kamerbrieven/geannoteerde-agenda-ojcs-raad-mei-2024.txt",
        12,
    ),
];

fn extract(c: &mut Criterion) {
    let parser = shared_parser();
    let mut group = c.benchmark_group("references");
    for (name, rel, expected) in CASES {
        let text = sample(rel);
        let found = parser.extract(&text);
        assert_eq!(found.len(), expected, "references in {rel}");
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| {
                let found = parser.extract(std::hint::black_box(&text));
                assert_eq!(found.len(), expected);
                found
            })
        });
    }
    group.finish();
}

criterion_group!(benches, extract);
criterion_main!(benches);
