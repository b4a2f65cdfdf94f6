//! Splits text into words the way Dutch government text needs.
//!
//! - Hyphenated compounds yield their parts (`AI-verordening` → `AI`, `verordening`)
//!   and, when indexing, also the whole word joined (`AIverordening`) at the
//!   position of the first part, so `aiverordening`, `AI verordening` and
//!   `verordening` all find it.
//! - Apostrophe plurals and genitives lose their `'s` (`risico's` → `risico`).
//! - Letters and digits glued together are split (`iedereen1` → `iedereen`, `1`),
//!   so a footnote marker or page number glued by PDF extraction does not hide
//!   the word.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// Longest token kept, in bytes; longer runs are noise (hashes, base64).
const MAX_TOKEN_BYTES: usize = 80;

/// Tokens kept between texts for their text buffers (by a [`WordTokenizer`]
/// and by [`super::shared`]).
pub(crate) const KEPT_TOKENS: usize = 4096;

/// The docsearch word splitter. See the module docs.
#[derive(Clone, Default)]
pub struct WordTokenizer {
    /// Also emit hyphenated compounds as one joined token (index side only).
    pub emit_joined: bool,
    tokens: Vec<Token>,
}

impl WordTokenizer {
    /// A tokenizer for indexing (`emit_joined = true`) or for queries.
    pub fn new(emit_joined: bool) -> Self {
        WordTokenizer {
            emit_joined,
            tokens: Vec::new(),
        }
    }
}

fn is_joiner(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}' | '\'' | '\u{2019}')
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// Appends the tokens of `text` to `out`.
pub fn split_words(text: &str, emit_joined: bool, out: &mut Vec<Token>) {
    let len = out.len();
    let mut sink = Sink { tokens: out, len };
    split_into(text, emit_joined, &mut sink);
}

/// Tokens written over a vector's earlier tokens: their text buffers are
/// reused, so splitting passage after passage allocates next to nothing.
struct Sink<'a> {
    tokens: &'a mut Vec<Token>,
    /// Tokens written so far; those after are left from earlier text.
    len: usize,
}

impl Sink<'_> {
    /// Writes a token for `text`, found at `span` of the split text.
    fn push(&mut self, span: (usize, usize), text: &str, position: usize, position_length: usize) {
        let (offset_from, offset_to) = span;
        if let Some(token) = self.tokens.get_mut(self.len) {
            token.offset_from = offset_from;
            token.offset_to = offset_to;
            token.position = position;
            token.position_length = position_length;
            token.text.clear();
            token.text.push_str(text);
        } else {
            self.tokens.push(Token {
                offset_from,
                offset_to,
                position,
                text: text.to_owned(),
                position_length,
            });
        }
        self.len += 1;
    }
}

fn split_into(text: &str, emit_joined: bool, out: &mut Sink) {
    let mut position = 0usize;
    let mut iter = text.char_indices().peekable();
    while let Some((start, c)) = iter.next() {
        if !c.is_alphanumeric() {
            continue;
        }
        // Extend the word over alphanumerics and inner joiners.
        let mut end = start + c.len_utf8();
        while let Some(&(i, c)) = iter.peek() {
            if c.is_alphanumeric() {
                end = i + c.len_utf8();
                iter.next();
            } else if is_joiner(c) {
                // A joiner counts only when a letter or digit follows it.
                let after = text[i + c.len_utf8()..].chars().next();
                if after.is_some_and(char::is_alphanumeric) {
                    iter.next();
                } else {
                    break;
                }
            } else {
                break;
            }
        }
        word_tokens(text, start, end, emit_joined, &mut position, out);
    }
}

fn word_tokens(
    text: &str,
    start: usize,
    end: usize,
    emit_joined: bool,
    position: &mut usize,
    out: &mut Sink,
) {
    let word = &text[start..end];
    // Fast path: most words are plain letters (or plain digits).
    let first = word.as_bytes()[0].is_ascii_digit();
    if word.len() <= MAX_TOKEN_BYTES
        && word
            .chars()
            .all(|c| c.is_alphanumeric() && c.is_ascii_digit() == first)
    {
        out.push((start, end), word, *position, 1);
        *position += 1;
        return;
    }
    let first_index = out.len;
    let first_position = *position;
    let mut hyphen_parts = 0;
    let mut joined = String::new();
    let mut atoms = 0;
    for (part_start, part) in split_keep_offsets(word, is_hyphen) {
        hyphen_parts += 1;
        // `risico's` → `risico`; `'s-Gravenhage` starts after the apostrophe.
        let mut pieces = split_keep_offsets(part, |c| c == '\'' || c == '\u{2019}');
        let (piece_start, piece) = pieces.next().unwrap_or((0, part));
        let rest: Vec<(usize, &str)> = pieces.collect();
        let mut segments = vec![(piece_start, piece)];
        for (s, p) in rest {
            if p.chars().count() > 1 {
                segments.push((s, p));
            }
        }
        for (seg_start, seg) in segments {
            for (atom_start, atom) in split_letter_digit(seg) {
                if atom.len() > MAX_TOKEN_BYTES {
                    continue;
                }
                let from = start + part_start + seg_start + atom_start;
                out.push((from, from + atom.len()), atom, *position, 1);
                *position += 1;
                atoms += 1;
                joined.push_str(atom);
            }
        }
    }
    if emit_joined && hyphen_parts > 1 && atoms > 1 && joined.len() <= MAX_TOKEN_BYTES {
        // The joined word goes before its parts.
        out.push((start, end), &joined, first_position, atoms);
        out.tokens[first_index..out.len].rotate_right(1);
    }
}

/// Splits `s` at characters matching `sep`, returning (offset, piece) for
/// non-empty pieces.
fn split_keep_offsets(s: &str, sep: impl Fn(char) -> bool) -> impl Iterator<Item = (usize, &str)> {
    let mut pieces = Vec::new();
    let mut start = 0;
    for (i, c) in s.char_indices() {
        if sep(c) {
            if i > start {
                pieces.push((start, &s[start..i]));
            }
            start = i + c.len_utf8();
        }
    }
    if start < s.len() {
        pieces.push((start, &s[start..]));
    }
    pieces.into_iter()
}

/// Splits at every change between digits and letters.
fn split_letter_digit(s: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut prev_digit: Option<bool> = None;
    for (i, c) in s.char_indices() {
        let digit = c.is_ascii_digit();
        if prev_digit.is_some_and(|p| p != digit) {
            out.push((start, &s[start..i]));
            start = i;
        }
        prev_digit = Some(digit);
    }
    if start < s.len() {
        out.push((start, &s[start..]));
    }
    out
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordTokenStream<'a> {
        let mut sink = Sink {
            tokens: &mut self.tokens,
            len: 0,
        };
        split_into(text, self.emit_joined, &mut sink);
        let len = sink.len;
        // Tokens of a longer earlier text are kept for their buffers, within reason.
        self.tokens.truncate(len.max(KEPT_TOKENS));
        WordTokenStream::over(&mut self.tokens[..len])
    }
}

/// The token stream of [`WordTokenizer`]: tokens split beforehand.
pub struct WordTokenStream<'a> {
    tokens: &'a mut [Token],
    index: Option<usize>,
}

impl<'a> WordTokenStream<'a> {
    /// A stream over `tokens`, in order.
    pub(crate) fn over(tokens: &'a mut [Token]) -> Self {
        WordTokenStream {
            tokens,
            index: None,
        }
    }
}

impl TokenStream for WordTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let next = self.index.map_or(0, |i| i + 1);
        self.index = Some(next);
        next < self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.index.unwrap_or(0)]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.index.unwrap_or(0)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str, joined: bool) -> Vec<(String, usize)> {
        let mut out = Vec::new();
        split_words(text, joined, &mut out);
        out.into_iter().map(|t| (t.text, t.position)).collect()
    }

    #[test]
    fn compounds_give_parts_and_whole() {
        assert_eq!(
            words("de AI-verordening.", true),
            [
                ("de".into(), 0),
                ("AIverordening".into(), 1),
                ("AI".into(), 1),
                ("verordening".into(), 2)
            ]
        );
        assert_eq!(
            words("AI-verordening", false),
            [("AI".into(), 0), ("verordening".into(), 1)]
        );
    }

    #[test]
    fn apostrophe_plural_and_glued_digits() {
        assert_eq!(words("risico's", true), [("risico".into(), 0)]);
        assert_eq!(
            words("voor iedereen1", true),
            [("voor".into(), 0), ("iedereen".into(), 1), ("1".into(), 2)]
        );
        assert_eq!(
            words("’s-Gravenhage", false),
            [("s".into(), 0), ("Gravenhage".into(), 1)]
        );
    }

    #[test]
    fn offsets_point_into_text() {
        let text = "strategieën, AI-verordening";
        let mut out = Vec::new();
        split_words(text, true, &mut out);
        let spans: Vec<&str> = out
            .iter()
            .map(|t| &text[t.offset_from..t.offset_to])
            .collect();
        assert_eq!(
            spans,
            ["strategieën", "AI-verordening", "AI", "verordening"]
        );
    }

    #[test]
    fn a_reused_tokenizer_gives_only_the_new_text() {
        let mut tokenizer = WordTokenizer::new(true);
        let mut texts = |text: &str| {
            let mut out = Vec::new();
            tokenizer
                .token_stream(text)
                .process(&mut |t| out.push((t.text.clone(), t.offset_from, t.offset_to)));
            out
        };
        texts("een lange eerste tekst met een AI-verordening erin");
        assert_eq!(
            texts("EU-plan nu"),
            [
                ("EUplan".to_owned(), 0, 7),
                ("EU".to_owned(), 0, 2),
                ("plan".to_owned(), 3, 7),
                ("nu".to_owned(), 8, 10)
            ]
        );
    }
}
