//! Snippets: the part of a passage that best shows why it matched, with the
//! matched words marked by byte ranges.
//!
//! Matching runs the passage text through the same analyzers as the query, so
//! stemmed, folded and compound matches are marked, not only literal ones.

use rustc_hash::FxHashSet;

use tantivy::tokenizer::TextAnalyzer;

use crate::analyze;

/// Longest snippet, in bytes, before it is cut to a window.
pub const SNIPPET_BYTES: usize = 320;

/// The analyzers a [`Highlighter`] runs passages through. They remember the
/// stems of words they have seen, so one set reused from query to query
/// (see [`Highlighter::into_analyzers`]) highlights faster than a new one.
pub struct SnippetAnalyzers {
    nl: TextAnalyzer,
    en: TextAnalyzer,
    exact: TextAnalyzer,
}

impl Default for SnippetAnalyzers {
    fn default() -> Self {
        let analyzer = |name: &str| analyze::build(name).expect("known analyzer");
        SnippetAnalyzers {
            nl: analyzer(analyze::DUTCH),
            en: analyzer(analyze::ENGLISH),
            exact: analyzer(analyze::EXACT),
        }
    }
}

/// Marks query terms in passage texts.
pub struct Highlighter {
    analyzers: SnippetAnalyzers,
    nl_terms: FxHashSet<String>,
    en_terms: FxHashSet<String>,
    exact_terms: FxHashSet<String>,
}

impl Highlighter {
    /// A highlighter for the given query words and phrases.
    #[cfg(test)]
    pub fn new(words: &[String], phrases: &[String]) -> Self {
        Self::with_analyzers(words, phrases, SnippetAnalyzers::default())
    }

    /// A highlighter for the given query words and phrases that runs passages
    /// through `analyzers`.
    pub fn with_analyzers(
        words: &[String],
        phrases: &[String],
        analyzers: SnippetAnalyzers,
    ) -> Self {
        let analyzer = |name: &str| analyze::build(name).expect("known analyzer");
        let mut nl_q = analyzer(&analyze::query_side(analyze::DUTCH));
        let mut en_q = analyzer(&analyze::query_side(analyze::ENGLISH));
        let mut exact_q = analyzer(&analyze::query_side(analyze::EXACT));
        let mut nl_terms = FxHashSet::default();
        let mut en_terms = FxHashSet::default();
        let mut exact_terms = FxHashSet::default();
        for w in words {
            nl_terms.extend(analyze::terms(&mut nl_q, w));
            en_terms.extend(analyze::terms(&mut en_q, w));
        }
        for p in phrases {
            exact_terms.extend(analyze::terms(&mut exact_q, p));
        }
        Highlighter {
            analyzers,
            nl_terms,
            en_terms,
            exact_terms,
        }
    }

    /// The analyzers, to be reused by the next highlighter.
    pub fn into_analyzers(self) -> SnippetAnalyzers {
        self.analyzers
    }

    /// Byte ranges of matched words in `text`, sorted and merged.
    pub fn matches(&mut self, text: &str, lang: &str) -> Vec<(usize, usize)> {
        let mut spans = Vec::new();
        let (analyzer, terms) = if lang == "en" {
            (&mut self.analyzers.en, &self.en_terms)
        } else {
            (&mut self.analyzers.nl, &self.nl_terms)
        };
        if !terms.is_empty() {
            analyzer.token_stream(text).process(&mut |t| {
                if terms.contains(&t.text) {
                    spans.push((t.offset_from, t.offset_to));
                }
            });
        }
        if !self.exact_terms.is_empty() {
            let terms = &self.exact_terms;
            self.analyzers.exact.token_stream(text).process(&mut |t| {
                if terms.contains(&t.text) {
                    spans.push((t.offset_from, t.offset_to));
                }
            });
        }
        spans.sort_unstable();
        let mut merged: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
        for (s, e) in spans {
            match merged.last_mut() {
                Some(last) if s <= last.1 => last.1 = last.1.max(e),
                _ => merged.push((s, e)),
            }
        }
        merged
    }

    /// A snippet of `text` (at most about [`SNIPPET_BYTES`]) around the densest
    /// cluster of matches, and the byte ranges of matches in the snippet.
    pub fn snippet(&mut self, text: &str, lang: &str) -> (String, Vec<[usize; 2]>) {
        let spans = self.matches(text, lang);
        let flat = text.replace('\n', " ");
        if flat.len() <= SNIPPET_BYTES {
            return (flat, spans.iter().map(|&(s, e)| [s, e]).collect());
        }
        // The window holding the most matches, starting at a match.
        let mut best = (0usize, 0usize);
        for (i, &(s, _)) in spans.iter().enumerate() {
            let count = spans[i..]
                .iter()
                .take_while(|&&(_, e)| e <= s + SNIPPET_BYTES)
                .count();
            if count > best.1 {
                best = (s, count);
            }
        }
        let anchor = best.0;
        // Start a little before the first match, at a word boundary.
        let mut start = floor_char(&flat, anchor.saturating_sub(60));
        if start > 0 {
            start = flat[start..anchor.max(start)]
                .find(' ')
                .map_or(start, |i| start + i + 1);
        }
        let mut end = floor_char(&flat, (start + SNIPPET_BYTES).min(flat.len()));
        if end < flat.len() {
            end = flat[start..end].rfind(' ').map_or(end, |i| start + i);
        }
        let prefix = if start > 0 { "… " } else { "" };
        let suffix = if end < flat.len() { " …" } else { "" };
        let snippet = format!("{prefix}{}{suffix}", &flat[start..end]);
        let shift = prefix.len();
        let highlights = spans
            .iter()
            .filter(|&&(s, e)| s >= start && e <= end)
            .map(|&(s, e)| [s - start + shift, e - start + shift])
            .collect();
        (snippet, highlights)
    }
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stemmed_and_compound_matches_are_marked() {
        let mut h = Highlighter::new(&["verordening".into(), "risico".into()], &[]);
        let text = "De AI-verordening noemt risico's.";
        let marked: Vec<&str> = h
            .matches(text, "nl")
            .iter()
            .map(|&(s, e)| &text[s..e])
            .collect();
        assert_eq!(marked, ["verordening", "risico"]);
    }

    #[test]
    fn long_text_is_cut_around_the_matches() {
        let text = format!(
            "{} stikstofuitstoot is hoog. {}",
            "aanloop ".repeat(80),
            "uitloop ".repeat(80)
        );
        let mut h = Highlighter::new(&["stikstofuitstoot".into()], &[]);
        let (snippet, hl) = h.snippet(&text, "nl");
        assert!(snippet.len() <= SNIPPET_BYTES + 8);
        assert!(snippet.starts_with("… ") && snippet.ends_with(" …"));
        assert_eq!(hl.len(), 1);
        assert_eq!(&snippet[hl[0][0]..hl[0][1]], "stikstofuitstoot");
    }
}
