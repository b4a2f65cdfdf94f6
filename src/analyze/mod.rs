//! Text analysis: a [`WordTokenizer`] followed by small filters.
//!
//! | analyzer | used for | chain |
//! |---|---|---|
//! | [`DUTCH`] | Dutch passages, titles, headings, footnotes | words → lowercase → fold diacritics → Dutch stop words → Dutch stem (with [`stem::OVERRIDES`]) |
//! | [`ENGLISH`] | English passages | words → lowercase → fold → English stop words → English stem |
//! | [`EXACT`] | phrases and unstemmed matches | words → lowercase → fold |
//! | [`HEAD`] | passages: compounds and inflections the stemmer misses | words → lowercase → fold → Dutch stop words → first letters ([`head`]) |
//! | [`GRAMS`] | passages: the loosest match | words → lowercase → fold → Dutch stop words → letter n-grams ([`grams`]) |
//!
//! Each has a `_q` twin for queries that does not emit joined compounds.
//! All start with the same words → lowercase → fold, which a passage goes
//! through once for all its fields ([`shared`]).
//! tantivy does not store analyzers in the index: [`register`] must be called on
//! every index that is created or opened.

pub mod grams;
pub mod head;
pub mod shared;
pub mod stem;
pub mod tokenizer;

use std::sync::OnceLock;

use tantivy::tokenizer::{AsciiFoldingFilter, Language, LowerCaser, StopWordFilter, TextAnalyzer};
use tantivy::Index;

pub use grams::Grams;
pub use head::Head;
pub use shared::Shared;
pub use stem::StemFilter;
pub use tokenizer::WordTokenizer;

/// Dutch analyzer name (index side).
pub const DUTCH: &str = "ds_nl";
/// English analyzer name (index side).
pub const ENGLISH: &str = "ds_en";
/// Unstemmed analyzer name (index side).
pub const EXACT: &str = "ds_exact";
/// Word-head analyzer name (index side).
pub const HEAD: &str = "ds_head";
/// Letter n-gram analyzer name (index side).
pub const GRAMS: &str = "ds_grams";

/// Name of the query-side twin of an index analyzer.
pub fn query_side(name: &str) -> String {
    format!("{name}_q")
}

/// Builds the analyzer `name` (one of [`DUTCH`], [`ENGLISH`], [`EXACT`],
/// [`HEAD`], [`GRAMS`], or their `_q` twins).
pub fn build(name: &str) -> Option<TextAnalyzer> {
    let (base, joined) = match name.strip_suffix("_q") {
        Some(base) => (base, false),
        None => (name, true),
    };
    let words = TextAnalyzer::builder(WordTokenizer::new(joined))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(Shared {
            chain: u8::from(joined),
        });
    Some(match base {
        DUTCH => words
            .filter(stop_words(Language::Dutch)?)
            .filter(StemFilter::dutch())
            .build(),
        ENGLISH => words
            .filter(stop_words(Language::English)?)
            .filter(StemFilter::english())
            .build(),
        EXACT => words.build(),
        HEAD => words
            .filter(stop_words(Language::Dutch)?)
            .filter(Head)
            .build(),
        GRAMS => words
            .filter(stop_words(Language::Dutch)?)
            .filter(Grams)
            .build(),
        _ => return None,
    })
}

/// The stop word filter of `language`, built once: a search builds its
/// analyzers anew, and building a word set each time was 3% of a short query.
fn stop_words(language: Language) -> Option<StopWordFilter> {
    static DUTCH_WORDS: OnceLock<Option<StopWordFilter>> = OnceLock::new();
    static ENGLISH_WORDS: OnceLock<Option<StopWordFilter>> = OnceLock::new();
    let cell = match language {
        Language::Dutch => &DUTCH_WORDS,
        Language::English => &ENGLISH_WORDS,
        _ => return StopWordFilter::new(language),
    };
    cell.get_or_init(|| StopWordFilter::new(language)).clone()
}

/// Registers every docsearch analyzer on `index`.
pub fn register(index: &Index) {
    for base in [DUTCH, ENGLISH, EXACT, HEAD, GRAMS] {
        for name in [base.to_owned(), query_side(base)] {
            if let Some(analyzer) = build(&name) {
                index.tokenizers().register(&name, analyzer);
            }
        }
    }
}

/// The terms `analyzer` makes of `text` with their positions, counted from the
/// first term. Removed stop words leave gaps, as they do in the index, so a
/// phrase built from these matches the indexed text.
pub fn positioned_terms(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    analyzer
        .token_stream(text)
        .process(&mut |t| out.push((t.position, t.text.clone())));
    if let Some(first) = out.first().map(|(p, _)| *p) {
        for (p, _) in &mut out {
            *p -= first;
        }
    }
    out
}

/// The terms `analyzer` makes of `text`, in order.
pub fn terms(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    analyzer
        .token_stream(text)
        .process(&mut |t| out.push(t.text.clone()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nl(text: &str) -> Vec<String> {
        terms(&mut build(DUTCH).unwrap(), text)
    }

    #[test]
    fn diacritics_fold_and_plurals_join() {
        assert_eq!(nl("strategieën"), nl("strategieen"));
        assert_eq!(nl("geïnformeerd"), nl("geinformeerd"));
        assert_eq!(nl("moties"), nl("motie"));
        assert_eq!(nl("kamerbrieven"), nl("kamerbrief"));
    }

    #[test]
    fn stop_words_go_and_compounds_stay_findable() {
        assert!(nl("de het een").is_empty());
        let doc = nl("AI-verordening");
        for part in nl("verordening") {
            assert!(doc.contains(&part));
        }
        assert!(doc.contains(&nl("aiverordening")[0]));
    }

    #[test]
    fn glued_footnote_digit_does_not_hide_word() {
        assert_eq!(nl("iedereen1")[0], nl("iedereen")[0]);
    }

    #[test]
    fn exact_keeps_stop_words_and_inflection() {
        let mut exact = build(EXACT).unwrap();
        assert_eq!(terms(&mut exact, "De Moties"), ["de", "moties"]);
    }

    #[test]
    fn fields_sharing_a_split_get_the_terms_of_their_own_text() {
        let texts = [
            "De AI-verordening en strategieën voor gemeenten",
            "Een andere tekst over stikstof en de AI-verordening",
        ];
        let names = [DUTCH, EXACT, HEAD, GRAMS, ENGLISH];
        // Each on a thread of its own: nothing to share.
        let alone = |name: &'static str, text: &'static str| {
            std::thread::spawn(move || terms(&mut build(name).unwrap(), text))
                .join()
                .unwrap()
        };
        // All on this thread, texts and analyzers taking turns.
        let mut analyzers: Vec<TextAnalyzer> = names.iter().map(|n| build(n).unwrap()).collect();
        for round in 0..3 {
            for text in texts {
                for (name, analyzer) in names.iter().zip(&mut analyzers) {
                    assert_eq!(
                        terms(analyzer, text),
                        alone(name, text),
                        "{name} on {text:?}, round {round}"
                    );
                }
            }
        }
        assert_eq!(
            terms(&mut build(EXACT).unwrap(), texts[0]),
            [
                "de",
                "aiverordening",
                "ai",
                "verordening",
                "en",
                "strategieen",
                "voor",
                "gemeenten"
            ]
        );
    }
}
