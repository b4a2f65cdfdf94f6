//! Letter n-grams inside words: the loosest match docsearch scores.
//!
//! Every run of [`GRAM_CHARS`] letters inside a word is a term ("stikstof" →
//! `stiks tikst iksto kstof`); a word of at most [`GRAM_CHARS`] letters has
//! none (the word fields already hold it whole). Two words that share a long stretch of letters share terms, whatever
//! their compound parts, inflection or linking letters: "lerarentekort" meets
//! "tekort aan leraren", "arbeidsmarktdiscriminatie" meets "discriminatie op
//! de arbeidsmarkt". Alone, n-grams rank badly (too many chance matches); as a
//! small addition to the stemmed word they lift relevance on the Kamervragen
//! set (see the README's relevance table).
//!
//! An n-gram counts once per text: whether a passage holds it says what the
//! match needs, and a passage's repeated words (an article's "artikel") would
//! otherwise weigh in again through every one of their n-grams. Indexing each
//! once also feeds the index about a third fewer terms.

use rustc_hash::FxHashSet;
use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Letters per n-gram.
pub const GRAM_CHARS: usize = 5;

/// Splits each token into its letter n-grams, each n-gram once per text.
#[derive(Clone, Copy, Debug, Default)]
pub struct Grams;

impl TokenFilter for Grams {
    type Tokenizer<T: Tokenizer> = GramTokenizer<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> GramTokenizer<T> {
        GramTokenizer {
            inner,
            seen: Seen::default(),
        }
    }
}

/// [`Grams`] applied to a tokenizer.
#[derive(Clone)]
pub struct GramTokenizer<T> {
    inner: T,
    /// The n-grams a text's stream has emitted, kept between texts so
    /// that each passage does not grow a set anew.
    seen: Seen,
}

impl<T: Tokenizer> Tokenizer for GramTokenizer<T> {
    type TokenStream<'a> = GramTokenStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        self.seen.clear();
        GramTokenStream {
            tail: self.inner.token_stream(text),
            word: String::new(),
            starts: Vec::new(),
            next: 0,
            token: Token::default(),
            seen: &mut self.seen,
        }
    }
}

/// The token stream of [`GramTokenizer`].
pub struct GramTokenStream<'a, T> {
    tail: T,
    /// The word being split.
    word: String,
    /// Byte offset of every char of `word`, and its length at the end.
    starts: Vec<usize>,
    /// Index in `starts` of the next n-gram's first char.
    next: usize,
    token: Token,
    /// The n-grams emitted so far.
    seen: &'a mut Seen,
}

/// A set of n-grams. Those of at most 8 bytes (nearly all, letters being
/// folded to ASCII) are kept as their bytes packed into a number: no
/// allocation for each.
#[derive(Clone, Default)]
struct Seen {
    packed: FxHashSet<u64>,
    long: FxHashSet<String>,
}

impl Seen {
    /// Adds `gram`; false if it was there already.
    fn insert(&mut self, gram: &str) -> bool {
        let bytes = gram.as_bytes();
        if bytes.len() <= 8 {
            // UTF-8 text holds no zero bytes: the padding cannot clash.
            let mut key = [0u8; 8];
            key[..bytes.len()].copy_from_slice(bytes);
            self.packed.insert(u64::from_le_bytes(key))
        } else {
            self.long.insert(gram.to_owned())
        }
    }

    fn clear(&mut self) {
        self.packed.clear();
        self.long.clear();
    }
}

impl<T: TokenStream> GramTokenStream<'_, T> {
    /// Emits the next n-gram of the current word not emitted before, if it
    /// has one left.
    fn emit(&mut self) -> bool {
        let chars = self.starts.len() - 1;
        while self.next + GRAM_CHARS <= chars {
            let gram = &self.word[self.starts[self.next]..self.starts[self.next + GRAM_CHARS]];
            self.next += 1;
            if self.seen.insert(gram) {
                self.token.text.clear();
                self.token.text.push_str(gram);
                return true;
            }
        }
        false
    }
}

impl<T: TokenStream> TokenStream for GramTokenStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.starts.is_empty() && self.emit() {
            return true;
        }
        loop {
            if !self.tail.advance() {
                return false;
            }
            let t = self.tail.token();
            if t.text.chars().nth(GRAM_CHARS).is_none() {
                // A short word is its own only n-gram: the word fields have it.
                continue;
            }
            self.word.clear();
            self.word.push_str(&t.text);
            self.starts.clear();
            self.starts.extend(self.word.char_indices().map(|(i, _)| i));
            self.starts.push(self.word.len());
            self.next = 0;
            self.token.offset_from = t.offset_from;
            self.token.offset_to = t.offset_to;
            self.token.position = t.position;
            self.token.position_length = t.position_length;
            if self.emit() {
                return true;
            }
        }
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

#[cfg(test)]
mod tests {
    use tantivy::tokenizer::{TextAnalyzer, WhitespaceTokenizer};

    use super::*;

    fn grams(text: &str) -> Vec<String> {
        let mut a = TextAnalyzer::builder(WhitespaceTokenizer::default())
            .filter(Grams)
            .build();
        let mut out = Vec::new();
        a.token_stream(text)
            .process(&mut |t| out.push(t.text.clone()));
        out
    }

    #[test]
    fn words_become_their_letter_runs() {
        assert_eq!(grams("stikstof"), ["stiks", "tikst", "iksto", "kstof"]);
        assert!(grams("wet motie").is_empty());
        assert_eq!(grams("wet moties"), ["motie", "oties"]);
        assert_eq!(grams("coördinatie")[..2], ["coörd", "oördi"]);
        assert!(grams("").is_empty());
    }

    #[test]
    fn an_n_gram_counts_once_per_text() {
        assert_eq!(
            grams("stikstof stikstofuitstoot"),
            [
                "stiks", "tikst", "iksto", "kstof", "stofu", "tofui", "ofuit", "fuits", "uitst",
                "itsto", "tstoo", "stoot"
            ]
        );
        assert_eq!(
            grams("artikel artikelen"),
            ["artik", "rtike", "tikel", "ikele", "kelen"]
        );
        // Long n-grams (letters not folded to ASCII) too.
        assert_eq!(grams("αβγδεζ αβγδεζ"), ["αβγδε", "βγδεζ"]);
    }

    #[test]
    fn a_compound_shares_grams_with_its_parts() {
        let compound = grams("lerarentekort");
        for part in ["leraren", "tekort"] {
            assert!(grams(part).iter().any(|g| compound.contains(g)), "{part}");
        }
    }
}
