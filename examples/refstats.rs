//! Counts the references docsearch finds in a corpus, per kind, and prints a
//! random sample of them with the text around each, for checking by eye.
//!
//! ```sh
//! cargo run --release --example refstats -- ../shared/corpus [SAMPLE] [SEED] [per-kind]
//! ```
//!
//! Every file is read through the same stages as `docsearch index` (read →
//! layout → segment → references), so the counts are what the index holds:
//! a reference cited twice in one passage counts once, one cited in two
//! passages counts twice. SAMPLE (default 20) references are drawn uniformly
//! from all of them with a fixed SEED (default 1), so a sample can be
//! reproduced. With `per-kind`, SAMPLE references are drawn from each kind
//! instead, so that rare kinds are seen too.

use std::collections::BTreeMap;
use std::path::PathBuf;

use docsearch::language::LanguageGuesser;

/// One reference as found, with where it came from.
struct Found {
    path: String,
    canonical: String,
    kind: String,
    written: String,
    context: String,
}

/// About 60 characters either side of the first occurrence of `needle`.
fn context(haystack: &str, needle: &str) -> String {
    let Some(at) = haystack.find(needle) else {
        return String::from("(written form not found verbatim)");
    };
    let mut start = at.saturating_sub(60);
    while !haystack.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (at + needle.len() + 60).min(haystack.len());
    while !haystack.is_char_boundary(end) {
        end += 1;
    }
    haystack[start..end].replace('\n', " ")
}

/// A small deterministic generator (xorshift64*), enough for sampling.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n as u64) as usize
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(args.next().unwrap_or_else(|| "../shared/corpus".into()));
    let sample: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(20);
    let seed: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(1);
    let per_kind_sample = args.next().is_some_and(|a| a == "per-kind");

    let walked = docsearch::walk::walk(&root, None);
    let guesser = LanguageGuesser::new();
    let mut found = Vec::new();
    let mut per_kind: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let (mut files, mut passages) = (0usize, 0usize);
    for file in &walked.files {
        let Ok(doc) = docsearch::pipeline::read_document(&file.abs, &file.rel, u64::MAX, &guesser)
        else {
            continue;
        };
        files += 1;
        for p in &doc.passages {
            passages += 1;
            for r in &p.references {
                let entry = per_kind.entry(r.kind.to_string()).or_default();
                entry.0 += 1;
                let source = match r.footnote {
                    Some(n) => {
                        entry.1 += 1;
                        p.footnotes
                            .iter()
                            .find(|f| f.number == n)
                            .map_or(p.text.as_str(), |f| f.text.as_str())
                    }
                    None => p.text.as_str(),
                };
                found.push(Found {
                    path: file.rel.clone(),
                    canonical: r.canonical.clone(),
                    kind: r.kind.to_string(),
                    written: r.text.clone(),
                    context: context(source, &r.text),
                });
            }
        }
    }

    println!(
        "{files} files, {passages} passages, {} references",
        found.len()
    );
    println!("\n| kind | references | of which in footnotes |\n|---|--:|--:|");
    for (kind, (n, in_notes)) in &per_kind {
        println!("| {kind} | {n} | {in_notes} |");
    }
    if found.is_empty() {
        return;
    }
    let mut rng = Rng(seed.max(1).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let groups: Vec<Vec<&Found>> = if per_kind_sample {
        per_kind
            .keys()
            .map(|k| found.iter().filter(|f| &f.kind == k).collect())
            .collect()
    } else {
        vec![found.iter().collect()]
    };
    println!("\n{sample} drawn at random per group (seed {seed}):\n");
    let mut i = 0;
    for group in &groups {
        for _ in 0..sample.min(group.len()) {
            let f = group[rng.below(group.len())];
            i += 1;
            println!(
                "{i:>2}. {} ({}) in {}\n    written: {:?}\n    context: …{}…",
                f.canonical, f.kind, f.path, f.written, f.context
            );
        }
    }
}
