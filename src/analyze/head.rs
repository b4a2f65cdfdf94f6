//! Word heads: the first few letters of a word as its term.
//!
//! Snowball's suffix stripping leaves apart some inflections and derivations
//! ("verordening", "verordeningen", "verordenen") and never meets the parts of
//! a Dutch compound. The head of a word — its first [`HEAD_CHARS`] letters —
//! joins them coarsely: "stikstof", "stikstofuitstoot" and "stikstofdepositie"
//! share `stiks`. It is far coarser than a stem, so it only adds a little to a
//! match on the word itself (`Weights::head` in the search module).

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Letters kept at the start of a word.
pub const HEAD_CHARS: usize = 5;

/// The head of `word`: its first [`HEAD_CHARS`] letters (shorter words stay whole).
pub fn head(word: &str) -> &str {
    match word.char_indices().nth(HEAD_CHARS) {
        Some((end, _)) => &word[..end],
        None => word,
    }
}

/// Replaces every token by its [`head`].
#[derive(Clone, Copy, Debug, Default)]
pub struct Head;

impl TokenFilter for Head {
    type Tokenizer<T: Tokenizer> = HeadTokenizer<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> HeadTokenizer<T> {
        HeadTokenizer { inner }
    }
}

/// [`Head`] applied to a tokenizer.
#[derive(Clone)]
pub struct HeadTokenizer<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for HeadTokenizer<T> {
    type TokenStream<'a> = HeadTokenStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        HeadTokenStream {
            tail: self.inner.token_stream(text),
        }
    }
}

/// The token stream of [`HeadTokenizer`].
pub struct HeadTokenStream<T> {
    tail: T,
}

impl<T: TokenStream> TokenStream for HeadTokenStream<T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        let len = head(&token.text).len();
        token.text.truncate(len);
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
    fn heads() {
        assert_eq!(head("stikstofuitstoot"), "stiks");
        assert_eq!(head("stikstof"), "stiks");
        assert_eq!(head("wet"), "wet");
        assert_eq!(head("strategieën"), "strat");
        assert_eq!(head("één"), "één");
        assert_eq!(head("ééntjesdag"), "ééntj");
    }
}
