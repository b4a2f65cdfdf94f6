//! Snowball stemming with a list of protected words.
//!
//! The Dutch Snowball stemmer joins plurals well (moties/motie) but cuts some
//! common government words down to other words: gemeenten → `meen` (as in
//! menen), gezondheid → `zon`, ministers → `mini`, gebied → `bied`. The
//! [`OVERRIDES`] list gives those words a fixed stem shared by their inflections.

use rustc_hash::FxHashMap;
use std::borrow::Cow;

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Words whose stem is fixed, sorted by word (checked by a test).
pub const OVERRIDES: &[(&str, &str)] = &[
    ("antwoord", "antwoord"),
    ("antwoorden", "antwoord"),
    ("beleid", "beleid"),
    ("gebied", "gebied"),
    ("gebieden", "gebied"),
    ("gemeente", "gemeent"),
    ("gemeenten", "gemeent"),
    ("gemeentes", "gemeent"),
    ("gevolg", "gevolg"),
    ("gevolgen", "gevolg"),
    ("gezondheid", "gezondheid"),
    ("minister", "minister"),
    ("ministers", "minister"),
    ("open", "open"),
    ("openbaar", "openbar"),
    ("openbare", "openbar"),
];

/// Stems tokens with Snowball, except words in [`OVERRIDES`].
#[derive(Clone, Copy)]
pub struct StemFilter {
    algorithm: frostem::Algorithm,
    overrides: bool,
}

impl StemFilter {
    /// Dutch stemming with the protected-word list.
    pub fn dutch() -> Self {
        StemFilter {
            algorithm: frostem::Algorithm::Dutch,
            overrides: true,
        }
    }

    /// English stemming.
    pub fn english() -> Self {
        StemFilter {
            algorithm: frostem::Algorithm::English,
            overrides: false,
        }
    }
}

/// The stem of one lowercased word, as the filter computes it.
pub fn stem_word<'a>(stemmer: &frostem::Stemmer, overrides: bool, word: &'a str) -> Cow<'a, str> {
    if overrides {
        if let Ok(i) = OVERRIDES.binary_search_by(|(w, _)| (*w).cmp(word)) {
            return Cow::Borrowed(OVERRIDES[i].1);
        }
    }
    stemmer.stem(word)
}

impl TokenFilter for StemFilter {
    type Tokenizer<T: Tokenizer> = StemTokenizer<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> StemTokenizer<T> {
        StemTokenizer {
            filter: self,
            inner,
            cache: FxHashMap::default(),
        }
    }
}

/// Most distinct words a [`StemTokenizer`] remembers the stem of.
const CACHE_WORDS: usize = 50_000;

/// [`StemFilter`] applied to a tokenizer. It remembers the stems of the words
/// it has seen: text repeats its words, and a lookup is cheaper than Snowball.
#[derive(Clone)]
pub struct StemTokenizer<T> {
    filter: StemFilter,
    inner: T,
    cache: FxHashMap<String, String>,
}

impl<T: Tokenizer> Tokenizer for StemTokenizer<T> {
    type TokenStream<'a> = StemTokenStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        if self.cache.len() > CACHE_WORDS {
            self.cache.clear();
        }
        StemTokenStream {
            tail: self.inner.token_stream(text),
            stemmer: frostem::Stemmer::new(self.filter.algorithm),
            overrides: self.filter.overrides,
            cache: &mut self.cache,
        }
    }
}

/// The token stream of [`StemTokenizer`].
pub struct StemTokenStream<'a, T> {
    tail: T,
    stemmer: frostem::Stemmer,
    overrides: bool,
    cache: &'a mut FxHashMap<String, String>,
}

impl<T: TokenStream> TokenStream for StemTokenStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if let Some(stem) = self.cache.get(&token.text) {
            token.text.clear();
            token.text.push_str(stem);
            return true;
        }
        let stem = stem_word(&self.stemmer, self.overrides, &token.text).into_owned();
        let word = std::mem::replace(&mut token.text, stem.clone());
        self.cache.insert(word, stem);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_are_sorted() {
        assert!(OVERRIDES.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn protected_words_keep_their_meaning() {
        let s = frostem::Stemmer::new(frostem::Algorithm::Dutch);
        let stem = |w| stem_word(&s, true, w).into_owned();
        assert_eq!(stem("gemeenten"), stem("gemeente"));
        assert_ne!(stem("gemeenten"), stem("menen"));
        assert_eq!(stem("ministers"), "minister");
        assert_eq!(stem("antwoorden"), stem("antwoord"));
        assert_eq!(stem("moties"), stem("motie"));
    }
}
