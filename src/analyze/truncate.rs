//! Word truncation: the first or the last few letters of a word as its term.
//!
//! Dutch writes compounds as one word, and its compounds put the head last:
//! "lerarentekort" is a kind of "tekort", "stikstofuitstoot" a kind of
//! "uitstoot". Snowball's suffix stripping never meets those parts. Two cheap
//! terms do much of what a decompounder would, with no lexicon to learn:
//!
//! * the **head** of a word (its first [`HEAD_CHARS`] letters) joins
//!   "stikstof", "stikstofuitstoot" and "stikstofdepositie", and catches
//!   inflections the stemmer leaves apart ("verordening", "verordeningen");
//! * the **tail** of a long word (its last [`TAIL_CHARS`] letters, for words of
//!   more than [`TAIL_MIN_CHARS`] letters) joins compounds with one head:
//!   "lerarentekort" and "personeelstekort", "stikstofuitstoot" and
//!   "CO2-uitstoot".
//!
//! Both are far coarser than a stem, so they only add a little to a match on
//! the word itself (see `Weights::head` and `Weights::tail` in the search
//! module). Measured on the Kamervragen development set, they lift nDCG@10 more
//! than a corpus-learnt decompounder did.

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Letters kept at the start of a word.
pub const HEAD_CHARS: usize = 5;
/// Letters kept at the end of a long word.
pub const TAIL_CHARS: usize = 5;
/// Words of at most this many letters have no tail term.
pub const TAIL_MIN_CHARS: usize = 7;

/// Which end of the word to keep.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Truncate {
    /// The first [`HEAD_CHARS`] letters (shorter words stay whole).
    Head,
    /// The last [`TAIL_CHARS`] letters of words longer than [`TAIL_MIN_CHARS`];
    /// shorter words are dropped.
    Tail,
}

impl Truncate {
    /// The term for `word`, or `None` when the word has none.
    pub fn apply(self, word: &str) -> Option<&str> {
        match self {
            Truncate::Head => Some(match word.char_indices().nth(HEAD_CHARS) {
                Some((end, _)) => &word[..end],
                None => word,
            }),
            Truncate::Tail => {
                let chars = word.chars().count();
                if chars <= TAIL_MIN_CHARS || word.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                let start = word
                    .char_indices()
                    .nth(chars - TAIL_CHARS)
                    .map_or(0, |(i, _)| i);
                Some(&word[start..])
            }
        }
    }
}

impl TokenFilter for Truncate {
    type Tokenizer<T: Tokenizer> = TruncateTokenizer<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> TruncateTokenizer<T> {
        TruncateTokenizer { how: self, inner }
    }
}

/// [`Truncate`] applied to a tokenizer.
#[derive(Clone)]
pub struct TruncateTokenizer<T> {
    how: Truncate,
    inner: T,
}

impl<T: Tokenizer> Tokenizer for TruncateTokenizer<T> {
    type TokenStream<'a> = TruncateTokenStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        TruncateTokenStream {
            how: self.how,
            tail: self.inner.token_stream(text),
        }
    }
}

/// The token stream of [`TruncateTokenizer`].
pub struct TruncateTokenStream<T> {
    how: Truncate,
    tail: T,
}

impl<T: TokenStream> TokenStream for TruncateTokenStream<T> {
    fn advance(&mut self) -> bool {
        while self.tail.advance() {
            let token = self.tail.token_mut();
            let Some(keep) = self.how.apply(&token.text) else {
                continue;
            };
            let (start, len) = (
                keep.as_ptr() as usize - token.text.as_ptr() as usize,
                keep.len(),
            );
            token.text.truncate(start + len);
            token.text.drain(..start);
            return true;
        }
        false
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
    fn heads_and_tails() {
        assert_eq!(Truncate::Head.apply("stikstofuitstoot"), Some("stiks"));
        assert_eq!(Truncate::Head.apply("wet"), Some("wet"));
        assert_eq!(Truncate::Head.apply("strategieën"), Some("strat"));
        assert_eq!(Truncate::Tail.apply("lerarentekort"), Some("ekort"));
        assert_eq!(Truncate::Tail.apply("tekort"), None);
        assert_eq!(Truncate::Tail.apply("personeelstekort"), Some("ekort"));
        assert_eq!(Truncate::Tail.apply("coördinatie"), Some("natie"));
        assert_eq!(Truncate::Head.apply("één"), Some("één"));
        assert_eq!(Truncate::Head.apply("ééntjesdag"), Some("ééntj"));
        assert_eq!(Truncate::Tail.apply("45541772"), None);
    }
}
