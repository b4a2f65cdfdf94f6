//! Prints what docsearch reads about every document of a folder, one JSON
//! object per line, for checking metadata over a whole corpus:
//!
//! ```sh
//! cargo run --release --example metadata -- ../shared/corpus > meta.jsonl
//! jq -r 'select(.path|startswith("moties/")) | .doc_type' meta.jsonl | sort | uniq -c
//! ```
//!
//! Each file goes through the same stages as `docsearch index` (read →
//! layout → segment → references). Besides the [`docsearch::DocMeta`] fields,
//! each line counts the passages and section names that still hold Markdown
//! link syntax (`](`) and lists the BWB ids among the passages' references. A
//! file that is skipped prints `{"path": ..., "skipped": reason}`.

use std::collections::BTreeSet;
use std::path::PathBuf;

use docsearch::language::LanguageGuesser;

fn main() {
    let root = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "../shared/corpus".into()),
    );
    let walked = docsearch::walk::walk(&root, None);
    let guesser = LanguageGuesser::new();
    for file in &walked.files {
        let line =
            match docsearch::pipeline::read_document(&file.abs, &file.rel, u64::MAX, &guesser) {
                Ok(doc) => {
                    let raw_link = |t: &str| t.contains("](");
                    let bwb: BTreeSet<&str> = doc
                        .passages
                        .iter()
                        .flat_map(|p| &p.references)
                        .filter(|r| r.kind == docsearch::RefKind::Bwb)
                        .map(|r| r.canonical.as_str())
                        .collect();
                    serde_json::json!({
                        "meta": doc.meta,
                        "passages": doc.passages.len(),
                        "passages_with_link_syntax":
                            doc.passages.iter().filter(|p| raw_link(&p.text)).count(),
                        "sections_with_link_syntax": doc
                            .passages
                            .iter()
                            .flat_map(|p| &p.section)
                            .filter(|s| raw_link(s))
                            .collect::<BTreeSet<_>>()
                            .len(),
                        "bwb_references": bwb,
                    })
                }
                Err(reason) => serde_json::json!({ "path": file.rel, "skipped": reason }),
            };
        println!("{line}");
    }
}
