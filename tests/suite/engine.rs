use docsearch::SearchOptions;

use crate::util::sample_index;

fn search(q: &str, limit: usize) -> Vec<docsearch::Hit> {
    let (index, _) = sample_index();
    index
        .search(
            q,
            &SearchOptions {
                limit,
                ..SearchOptions::default()
            },
        )
        .unwrap_or_else(|e| panic!("query {q}: {e}"))
}

#[test]
fn sample_corpus_indexes_without_skips() {
    let (_, report) = sample_index();
    assert_eq!(report.files_found, 451);
    assert_eq!(report.files_indexed, 451);
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    assert!(report.passages_total > 1000);
}

#[test]
fn agenda_letter_answers_the_example_query() {
    // Over the whole sample corpus: the letter must beat moties and answers.
    let hits = search("AI-verordening hoog risico", 3);
    let top = &hits[0];
    assert_eq!(
        top.doc_id,
        "kamerbrieven/geannoteerde-agenda-ojcs-raad-mei-2024"
    );
    assert!(
        top.text.contains(
            "Bepaalde toepassingen van AI in het onderwijs zijn als hoog-risico aangemerkt"
        ),
        "{}",
        top.text
    );
    assert!(
        top.section[0].starts_with("Beleidsdebat AI en onderwijs"),
        "{:?}",
        top.section
    );
    assert_eq!(
        top.doc_id,
        "kamerbrieven/geannoteerde-agenda-ojcs-raad-mei-2024"
    );
    assert_eq!(
        top.path,
        "kamerbrieven/geannoteerde-agenda-ojcs-raad-mei-2024.txt"
    );
}

#[test]
fn type_and_dossier_filters_return_only_that_dossier() {
    let hits = search("type:motie dossier:34104", 1000);
    assert!(hits.len() >= 5, "{} hits", hits.len());
    for hit in &hits {
        assert!(hit.doc_id.starts_with("kst-34104-"), "{}", hit.doc_id);
        assert_eq!(hit.doc_type.as_deref(), Some("motie"));
        assert_eq!(hit.score, 0.0);
    }
}

#[test]
fn filters_alone_print_a_whole_document_in_order() {
    let hits = search("doc:kst-34104-439", 1000);
    let text: String = hits
        .iter()
        .map(|h| h.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(text.starts_with("De Kamer,"), "{text}");
    assert!(text.contains("afspraken maken over een regionaal budget"));
    assert!(text.trim_end().ends_with("Rikkers-Oosterkamp"));
    assert_eq!(
        hits[0].title,
        "Motie van het lid Rikkers-Oosterkamp over afspraken over een regionaal budget"
    );
    assert_eq!(hits[0].date.as_deref(), Some("2025-04-24"));
}

#[test]
fn compounds_are_found_by_parts_and_whole() {
    for q in ["AI-verordening", "\"AI verordening\"", "aiverordening"] {
        let hits = search(q, 5);
        assert!(
            hits.iter().any(|h| h.text.contains("AI-verordening")),
            "{q}: {:?}",
            hits.iter().map(|h| &h.doc_id).collect::<Vec<_>>()
        );
    }
    let hits = search("verordening", 20);
    assert!(hits.iter().any(|h| h.text.contains("AI-verordening")));
}

#[test]
fn apostrophe_plurals_and_diacritics() {
    let hits = search("risico's", 5);
    assert!(!hits.is_empty());
    assert!(hits[0].text.to_lowercase().contains("risico"));
    let with = search("strategieën", 3);
    let without = search("strategieen", 3);
    assert!(!with.is_empty());
    assert_eq!(with[0].text, without[0].text);
}

#[test]
fn excluded_and_required_words() {
    let all = search("onderwijs", 50);
    assert!(all.iter().any(|h| h.text.contains("AI")));
    let without_ai = search("onderwijs -AI", 50);
    assert!(!without_ai.is_empty());
    assert!(without_ai.iter().all(|h| !h
        .text
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| w == "AI")));
    let required = search("onderwijs +lerarentekort", 10);
    assert!(!required.is_empty());
    assert!(required
        .iter()
        .all(|h| h.text.to_lowercase().contains("lerarentekort")));
}

#[test]
fn one_document_does_not_flood_the_list() {
    let hits = search("onderwijs", 10);
    let mut counts = std::collections::HashMap::new();
    for h in &hits {
        *counts.entry(h.doc_id.clone()).or_insert(0) += 1;
    }
    assert!(counts.values().all(|&n| n <= 3), "{counts:?}");
}

#[test]
fn hits_come_numbered_in_score_order_with_their_own_snippets() {
    let hits = search("onderwijs", 10);
    assert_eq!(hits.len(), 10);
    assert_eq!(
        hits.iter().map(|h| h.rank).collect::<Vec<_>>(),
        (1..=10).collect::<Vec<_>>()
    );
    assert!(hits.windows(2).all(|w| w[0].score >= w[1].score));
    let first = search("onderwijs", 1);
    assert_eq!(
        (first[0].path.as_str(), first[0].rank),
        (hits[0].path.as_str(), 1)
    );
    for h in &hits {
        let flat = h.text.replace('\n', " ");
        let shown = h.snippet.trim_start_matches("… ").trim_end_matches(" …");
        assert!(
            flat.contains(shown),
            "snippet of rank {} not from its text",
            h.rank
        );
        assert!(h
            .highlights
            .iter()
            .any(|[s, e]| h.snippet[*s..*e].to_lowercase().contains("onderwijs")));
    }
}

#[test]
fn highlights_mark_the_matched_words() {
    let hits = search("hoog risico", 1);
    let h = &hits[0];
    assert!(!h.highlights.is_empty());
    for [s, e] in &h.highlights {
        let word = h.snippet[*s..*e].to_lowercase();
        assert!(word.contains("hoog") || word.contains("risico"), "{word}");
    }
}

#[test]
fn date_year_and_path_filters() {
    let hits = search("zorg year:2025 path:moties/", 20);
    assert!(!hits.is_empty());
    assert!(hits
        .iter()
        .all(|h| h.date.as_deref().is_some_and(|d| d.starts_with("2025"))
            && h.path.starts_with("moties/")));
    let hits = search("zorg date:2025-04-01..2025-04-30", 20);
    assert!(!hits.is_empty());
    assert!(hits
        .iter()
        .all(|h| h.date.as_deref().is_some_and(|d| d.starts_with("2025-04"))));
}

#[test]
fn judgments_and_statutes_have_their_ids() {
    let hits = search("path:rechtspraak/", 1000);
    assert!(hits.iter().all(|h| h.doc_id.starts_with("ECLI:NL:")));
    let hits = search("path:wetten/wet/", 1);
    assert!(hits[0].doc_id.starts_with("BWBR"));
    let hits = search("path:handelingen/h-tk-20172018-70-3.xml", 1);
    assert_eq!(hits[0].doc_id, "h-tk-20172018-70-3");
    // The double-encoded UTF-8 of this file is repaired.
    assert!(hits[0].title.contains("ggz-cliënten"), "{}", hits[0].title);
}

#[test]
fn questions_meet_compounds_written_apart_and_keywords_stay_precise() {
    let corpus = crate::util::corpus_with(&[
        (
            "leraren.txt",
            "Het tekort aan leraren in het basisonderwijs loopt op, vooral in de grote \
             steden. Scholen zoeken zij-instromers."
                .as_bytes(),
        ),
        (
            "concert.txt",
            "De gemeente organiseert deze zomer een concert in het park voor alle inwoners."
                .as_bytes(),
        ),
        (
            "sport.txt",
            "De subsidie voor sportverenigingen in de steden wordt volgend jaar verhoogd."
                .as_bytes(),
        ),
    ]);
    let dir = tempfile::tempdir().unwrap();
    let index = docsearch::SearchIndex::open_or_create(&dir.path().join("ix")).unwrap();
    index
        .index_folder(corpus.path(), &docsearch::IndexConfig::default())
        .unwrap();
    let ask = |q: &str| {
        index
            .search(q, &SearchOptions::default())
            .unwrap()
            .into_iter()
            .map(|h| h.doc_id)
            .collect::<Vec<_>>()
    };
    // A question ranks by word heads and letter n-grams too: "lerarentekort"
    // meets "tekort aan leraren".
    let hits = ask("Wat doet u aan het lerarentekort in het primair onderwijs?");
    assert_eq!(
        hits.first().map(String::as_str),
        Some("leraren"),
        "{hits:?}"
    );
    // A short query only returns passages holding its words: neither the
    // compound nor a word merely sharing letters ("xylofoonconcert") matches.
    assert!(ask("lerarentekort").is_empty());
    assert!(ask("xylofoonconcert").is_empty());
    assert_eq!(ask("concert"), ["concert"]);
}

/// The README's library example is `examples/embed.rs`, which `cargo clippy
/// --all-targets` builds: the README shows a program that compiles.
#[test]
fn readme_library_example_is_the_embed_example() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let example = std::fs::read_to_string(root.join("examples/embed.rs")).unwrap();
    let section = readme.split("## The library").nth(1).unwrap();
    let block = section
        .split("```rust\n")
        .nth(1)
        .and_then(|b| b.split("\n```").next())
        .unwrap();
    assert_eq!(block, example.trim_end());
}
