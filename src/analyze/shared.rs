//! One split of a passage for all its fields.
//!
//! A passage is indexed in several fields (stemmed, exact, heads, n-grams),
//! and each field's analyzer starts the same way: words, lowercase, folded
//! diacritics. [`Shared`] ends that common start: it remembers, per thread,
//! the last text it split and its tokens, and hands a copy to the next
//! analyzer asked for the same text, which is cheaper than splitting again.

use std::cell::RefCell;

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

use super::tokenizer::{WordTokenStream, KEPT_TOKENS};

/// Shares the tokens of the chain before it between analyzers of one thread.
/// Every chain it ends must be the same for the same `chain` number: the
/// tokens of one text are handed out to all of them.
#[derive(Clone, Copy, Debug)]
pub struct Shared {
    /// Which common start this is.
    pub chain: u8,
}

impl TokenFilter for Shared {
    type Tokenizer<T: Tokenizer> = SharedTokenizer<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> SharedTokenizer<T> {
        SharedTokenizer {
            chain: self.chain,
            inner,
            tokens: Vec::new(),
        }
    }
}

/// [`Shared`] applied to a tokenizer.
#[derive(Clone)]
pub struct SharedTokenizer<T> {
    chain: u8,
    inner: T,
    /// This analyzer's copy of the tokens, changed by the filters after it.
    tokens: Vec<Token>,
}

/// The last text split on this thread, and its tokens.
struct Last {
    chain: u8,
    text: String,
    tokens: Vec<Token>,
    len: usize,
}

thread_local! {
    static LAST: RefCell<Last> = const {
        RefCell::new(Last {
            chain: 0,
            text: String::new(),
            tokens: Vec::new(),
            len: 0,
        })
    };
}

/// Writes `token` at `i` in `tokens`, reusing the text buffer there.
fn put(tokens: &mut Vec<Token>, i: usize, token: &Token) {
    match tokens.get_mut(i) {
        Some(slot) => {
            slot.offset_from = token.offset_from;
            slot.offset_to = token.offset_to;
            slot.position = token.position;
            slot.position_length = token.position_length;
            slot.text.clear();
            slot.text.push_str(&token.text);
        }
        None => tokens.push(token.clone()),
    }
}

impl<T: Tokenizer> Tokenizer for SharedTokenizer<T> {
    type TokenStream<'a> = WordTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordTokenStream<'a> {
        let len = LAST.with(|last| {
            let mut last = last.borrow_mut();
            if last.chain != self.chain || last.text != text {
                let last = &mut *last;
                let mut stream = self.inner.token_stream(text);
                let mut n = 0;
                while stream.advance() {
                    put(&mut last.tokens, n, stream.token());
                    n += 1;
                }
                last.len = n;
                last.tokens.truncate(n.max(KEPT_TOKENS));
                last.chain = self.chain;
                last.text.clear();
                last.text.push_str(text);
            }
            for (i, token) in last.tokens[..last.len].iter().enumerate() {
                put(&mut self.tokens, i, token);
            }
            last.len
        });
        self.tokens.truncate(len.max(KEPT_TOKENS));
        WordTokenStream::over(&mut self.tokens[..len])
    }
}
