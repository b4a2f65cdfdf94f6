//! Dutch compounds, found at the vocabulary level.
//!
//! Dutch writes compounds as one word: `stikstofuitstoot`, `kernenergie`,
//! `lerarentekort`. A short query for `stikstof` should find them, and a
//! prefix match would also find false compounds of short words (`wet` in
//! `wetenschap`, `arm` in `armoede`). So after each commit the unstemmed
//! vocabulary of the index is split once into known words:
//!
//! - a word is split into a head and a tail, each at least [`MIN_PART`]
//!   letters and each a word of the vocabulary found in at least
//!   [`MIN_PART_DF`] passages, with the linking `-s-` or `-en-` between them
//!   (`wet|s|voorstel`, `boer|en|organisatie`); a tail may itself be two such
//!   words (`stikstof|depositiebank`);
//! - parts that are stop words (`onder|zoek`, `over|heid`) or more often an
//!   affix than a word (`ver|keer`, `klaag|ster`) do not count;
//! - of the possible splits the one whose rarer part is most frequent wins,
//!   and it is kept only when that rarer part is found in at least a share
//!   ([`MIN_PART_SHARE`], larger for short parts) of as many passages as the
//!   whole word: the parts of a real compound are common on their own
//!   (`stikstof` and `uitstoot` against `stikstofuitstoot`), while the false
//!   tail of a common word is rare (`schap` against `wetenschap`).
//!
//! Inflected forms that the stemmer does not join to their word (`zorgt`,
//! `zorgde` of `zorg`; words of at least four letters) are listed with it.
//!
//! The result maps the stem of each part to the words it begins or ends
//! (`stikstof` → `stikstofdepositie stikstofuitstoot …`).
//! It is written beside the index as a sorted text file, one part a line,
//! named after the commit it describes, and looked up by binary search.

use std::collections::HashMap;

use tantivy::schema::Field;
use tantivy::Searcher;

use crate::analyze;

/// Shortest compound part, in letters.
pub const MIN_PART: usize = 3;
/// A part must be a word found in at least this many passages.
pub const MIN_PART_DF: u64 = 2;
/// The rarer part of a split must be found in at least this share of as many
/// passages as the whole word, by the length of the shorter part: short
/// words make most false compounds (`wet|en|schap`, `mini|ster`), while a
/// long part such as `zoekers` in `asielzoekers` is mostly found bound.
pub const MIN_PART_SHARE: [(usize, f64); 3] = [(3, 0.25), (4, 0.05), (usize::MAX, 0.01)];
/// Most words a part is listed with: the most frequent (a query word's
/// compounds are searched as one clause of this many terms at most).
pub const MAX_WORDS: usize = 256;
/// The characters that code how many letters a word shares with the one
/// before it in the list.
const PREFIX_CODES: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";

/// Words that are more often a prefix or suffix than a part: `ver|keer`,
/// `ont|moeting`, `klaag|ster`.
const NOT_PARTS: [&str; 5] = ["her", "mis", "ont", "ster", "ver"];
/// Endings of verb forms and adjectives that the stemmer leaves apart from
/// their word (`zorg` → `zorgt`, `zorgde`, `zorgende`).
const ENDINGS: [&str; 7] = ["t", "de", "te", "den", "ten", "end", "ende"];
/// Shortest word whose inflected forms are looked for: shorter ones meet
/// other words (`wet` + `en` is `weten`).
const MIN_INFLECTED: usize = 4;
/// Linking letters between the parts of a compound.
const LINKS: [&str; 2] = ["s", "en"];

/// File name prefix of the compound list in the index folder
/// (`compounds-OPSTAMP.txt`); a server watching the folder reopens the index
/// when a newer one appears.
pub const FILE_PREFIX: &str = "compounds-";

/// The unstemmed words of `field` (lowercase ASCII letters only, at least
/// [`MIN_PART`] long) with the number of passages holding each.
pub fn vocabulary(searcher: &Searcher, field: Field) -> tantivy::Result<HashMap<String, u64>> {
    let mut df: HashMap<String, u64> = HashMap::new();
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(field)?;
        let mut stream = inverted.terms().stream()?;
        while stream.advance() {
            let key = stream.key();
            if key.len() < MIN_PART || !key.iter().all(u8::is_ascii_lowercase) {
                continue;
            }
            let word = std::str::from_utf8(key).expect("ASCII");
            let n = u64::from(stream.value().doc_freq);
            match df.get_mut(word) {
                Some(total) => *total += n,
                None => {
                    df.insert(word.to_owned(), n);
                }
            }
        }
    }
    Ok(df)
}

/// How a word splits into a head and a tail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// The first part (`stikstof`).
    pub head: &'a str,
    /// The last part (`uitstoot`); for a tail that is two words, both.
    pub tail: &'a str,
}

/// Splits compounds against a vocabulary of words and their passage counts.
pub struct Splitter<'v> {
    df: &'v HashMap<String, u64>,
    stop: tantivy::tokenizer::TextAnalyzer,
}

impl<'v> Splitter<'v> {
    /// A splitter over `df` (word → passages holding it).
    pub fn new(df: &'v HashMap<String, u64>) -> Self {
        Splitter {
            df,
            stop: analyze::build(&analyze::query_side(analyze::DUTCH)).expect("known analyzer"),
        }
    }

    /// Passages holding `word` when it is a usable part, else 0.
    fn part_df(&mut self, word: &str) -> u64 {
        if word.len() < MIN_PART || NOT_PARTS.contains(&word) {
            return 0;
        }
        let n = self.df.get(word).copied().unwrap_or(0);
        if n < MIN_PART_DF || analyze::terms(&mut self.stop, word).is_empty() {
            return 0;
        }
        n
    }

    /// The best split of `rest` into one word, or into two with a link.
    fn tail_df(&mut self, rest: &str, nested: bool) -> u64 {
        let whole = self.part_df(rest);
        if whole > 0 || !nested {
            return whole;
        }
        self.best(rest, false).map_or(0, |(_, split)| {
            self.df
                .get(split.head)
                .copied()
                .unwrap_or(0)
                .min(self.df.get(split.tail).copied().unwrap_or(0))
        })
    }

    /// The best split of `word` and the passage count of its rarer part.
    fn best<'w>(&mut self, word: &'w str, nested: bool) -> Option<(f64, Split<'w>)> {
        let whole = self.df.get(word).copied().unwrap_or(0).max(1) as f64;
        let mut best: Option<(f64, Split<'w>)> = None;
        for (i, _) in word.char_indices().skip(MIN_PART) {
            let (head, rest) = word.split_at(i);
            if rest.len() < MIN_PART {
                break;
            }
            let head_df = self.part_df(head);
            if head_df == 0 {
                continue;
            }
            let tails =
                std::iter::once(rest).chain(LINKS.iter().filter_map(|l| rest.strip_prefix(l)));
            for tail in tails {
                let tail_df = self.tail_df(tail, nested);
                let rarer = head_df.min(tail_df);
                if rarer == 0 {
                    continue;
                }
                let shorter = head.len().min(tail.len());
                let share = MIN_PART_SHARE
                    .iter()
                    .find(|(len, _)| shorter <= *len)
                    .map_or(0.0, |(_, s)| *s);
                // How far the rarer part clears its bar: the best split clears it most.
                let margin = rarer as f64 / (whole * share);
                if best.as_ref().is_none_or(|(m, _)| margin > *m) {
                    best = Some((margin, Split { head, tail }));
                }
            }
        }
        best
    }

    /// The split of `word` into known words, if it is a compound.
    ///
    /// ```
    /// use std::collections::HashMap;
    /// use docsearch::compound::{Split, Splitter};
    ///
    /// let df: HashMap<String, u64> = [
    ///     ("stikstof", 300), ("uitstoot", 200), ("stikstofuitstoot", 40),
    ///     ("wet", 5000), ("schap", 3), ("wetenschap", 400),
    /// ]
    /// .into_iter()
    /// .map(|(w, n)| (w.to_string(), n))
    /// .collect();
    /// let mut splitter = Splitter::new(&df);
    /// assert_eq!(
    ///     splitter.split("stikstofuitstoot"),
    ///     Some(Split { head: "stikstof", tail: "uitstoot" })
    /// );
    /// assert_eq!(splitter.split("wetenschap"), None);
    /// ```
    pub fn split<'w>(&mut self, word: &'w str) -> Option<Split<'w>> {
        let (margin, split) = self.best(word, true)?;
        (margin >= 1.0).then_some(split)
    }
}

/// Builds the compound list of a vocabulary: lines `STEM\tWORD WORD …`,
/// sorted by stem, words most frequent first.
pub fn build(df: &HashMap<String, u64>) -> Vec<u8> {
    let mut splitter = Splitter::new(df);
    let mut stemmer = analyze::build(&analyze::query_side(analyze::DUTCH)).expect("known analyzer");
    let mut stems: HashMap<String, String> = HashMap::new();
    let mut stem = |part: &str| -> String {
        if let Some(s) = stems.get(part) {
            return s.clone();
        }
        let s = analyze::terms(&mut stemmer, part).concat();
        stems.insert(part.to_owned(), s.clone());
        s
    };
    let mut by_part: HashMap<String, Vec<(u64, &str)>> = HashMap::new();
    let mut words: Vec<(&String, &u64)> =
        df.iter().filter(|(w, _)| w.len() > MIN_INFLECTED).collect();
    words.sort_unstable();
    for (word, &n) in words {
        // An inflected form the stemmer does not join (`zorgt` of `zorg`).
        for ending in ENDINGS {
            let Some(base) = word.strip_suffix(ending) else {
                continue;
            };
            if base.len() >= MIN_INFLECTED && splitter.part_df(base) > 0 {
                let key = stem(base);
                if !key.is_empty() && key != stem(word) {
                    by_part.entry(key).or_default().push((n, word.as_str()));
                }
            }
        }
        if word.len() < 2 * MIN_PART {
            continue;
        }
        let Some(split) = splitter.split(word) else {
            continue;
        };
        for part in [split.head, split.tail] {
            let key = stem(part);
            if !key.is_empty() {
                by_part.entry(key).or_default().push((n, word.as_str()));
            }
        }
    }
    let mut keys: Vec<&String> = by_part.keys().collect();
    keys.sort_unstable();
    let mut out = Vec::new();
    for key in keys {
        // The most frequent words, then in alphabetical order, each written
        // as the length of the prefix it shares with the word before (one
        // character, 0-9a-z) and the rest: compounds of one part share much.
        let mut list = by_part[key].clone();
        list.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
        list.dedup_by(|a, b| a.1 == b.1);
        list.truncate(MAX_WORDS);
        let mut words: Vec<&str> = list.iter().map(|(_, w)| *w).collect();
        words.sort_unstable();
        out.extend_from_slice(key.as_bytes());
        out.push(b'\t');
        let mut previous = "";
        for (i, word) in words.iter().enumerate() {
            if i > 0 {
                out.push(b' ');
            }
            let shared = previous
                .bytes()
                .zip(word.bytes())
                .take_while(|(a, b)| a == b)
                .count()
                .min(PREFIX_CODES.len() - 1);
            out.push(PREFIX_CODES[shared]);
            out.extend_from_slice(&word.as_bytes()[shared..]);
            previous = word;
        }
        out.push(b'\n');
    }
    out
}

/// The words that `stem` begins or ends (at most [`MAX_WORDS`], the most
/// frequent, in alphabetical order), from a list made by [`build`] (binary
/// search over its lines).
pub fn lookup(list: &[u8], stem: &str) -> Vec<String> {
    let key = stem.as_bytes();
    // Binary search over byte offsets, each moved to the start of its line.
    let line_at = |pos: usize| -> (usize, usize) {
        let start = list[..pos]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        let end = list[start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(list.len(), |p| start + p);
        (start, end)
    };
    let (mut lo, mut hi) = (0usize, list.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let (start, end) = line_at(mid);
        let line = &list[start..end];
        let line_key = line.split(|&b| b == b'\t').next().unwrap_or_default();
        match line_key.cmp(key) {
            std::cmp::Ordering::Less => lo = end + 1,
            std::cmp::Ordering::Greater => hi = start,
            std::cmp::Ordering::Equal => {
                let coded = &line[line_key.len() + 1.min(line.len() - line_key.len())..];
                let mut words: Vec<String> = Vec::new();
                for token in coded.split(|&b| b == b' ').filter(|t| !t.is_empty()) {
                    let shared = PREFIX_CODES
                        .iter()
                        .position(|&c| c == token[0])
                        .unwrap_or(0);
                    let mut word = words
                        .last()
                        .and_then(|w| w.get(..shared))
                        .unwrap_or_default()
                        .to_owned();
                    word.push_str(std::str::from_utf8(&token[1..]).unwrap_or_default());
                    words.push(word);
                }
                return words;
            }
        }
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab(words: &[(&str, u64)]) -> HashMap<String, u64> {
        words.iter().map(|(w, n)| (w.to_string(), *n)).collect()
    }

    #[test]
    fn compounds_split_and_false_compounds_do_not() {
        let df = vocab(&[
            ("stikstof", 900),
            ("uitstoot", 400),
            ("stikstofuitstoot", 120),
            ("depositie", 300),
            ("bank", 200),
            ("stikstofdepositiebank", 3),
            ("wet", 20000),
            ("voorstel", 5000),
            ("wetsvoorstel", 3000),
            ("schap", 4),
            ("wetenschap", 600),
            ("arm", 50),
            ("armoede", 400),
            ("kind", 800),
            ("kinderachtig", 3),
            ("achtig", 5),
            ("onder", 9000),
            ("zoek", 20),
            ("onderzoek", 4000),
            ("boer", 100),
            ("organisatie", 900),
            ("boerenorganisatie", 10),
        ]);
        let mut s = Splitter::new(&df);
        let split = |s: &mut Splitter, w: &'static str| s.split(w).map(|x| (x.head, x.tail));
        assert_eq!(
            split(&mut s, "stikstofuitstoot"),
            Some(("stikstof", "uitstoot"))
        );
        assert_eq!(split(&mut s, "wetsvoorstel"), Some(("wet", "voorstel")));
        assert_eq!(
            split(&mut s, "boerenorganisatie"),
            Some(("boer", "organisatie"))
        );
        assert_eq!(
            split(&mut s, "stikstofdepositiebank"),
            Some(("stikstof", "depositiebank"))
        );
        for false_compound in ["wetenschap", "armoede", "kinderachtig", "onderzoek"] {
            assert_eq!(split(&mut s, false_compound), None, "{false_compound}");
        }
    }

    #[test]
    fn long_lists_keep_their_most_frequent_words_whole() {
        let mut words: Vec<(String, u64)> = vec![("water".into(), 10_000)];
        for (i, tail) in ["bouw", "beheer", "kwaliteit", "schade", "stand"]
            .iter()
            .enumerate()
        {
            words.push(((*tail).into(), 5_000));
            words.push((format!("water{tail}"), 100 + i as u64));
        }
        for i in 0..300u64 {
            let tail = format!(
                "tail{}",
                char::from(b'a' + (i % 26) as u8)
                    .to_string()
                    .repeat(1 + (i / 26) as usize)
            );
            words.push((tail.clone(), 5_000));
            words.push((format!("water{tail}"), 2));
        }
        let df: HashMap<String, u64> = words.into_iter().collect();
        let list = build(&df);
        let found = lookup(&list, "water");
        assert_eq!(found.len(), MAX_WORDS);
        for w in [
            "waterbouw",
            "waterbeheer",
            "waterkwaliteit",
            "waterschade",
            "waterstand",
        ] {
            assert!(found.iter().any(|f| f == w), "{w}");
        }
        assert!(found.iter().all(|f| df.contains_key(f)), "{found:?}");
    }

    #[test]
    fn lookup_finds_each_part() {
        let df = vocab(&[
            ("stikstof", 900),
            ("uitstoot", 400),
            ("stikstofuitstoot", 120),
            ("regels", 700),
            ("stikstofregels", 30),
            ("klimaat", 500),
            ("akkoord", 600),
            ("klimaatakkoord", 90),
        ]);
        let list = build(&df);
        let mut dutch = analyze::build(&analyze::query_side(analyze::DUTCH)).unwrap();
        let mut stem = |w: &str| analyze::terms(&mut dutch, w).concat();
        assert_eq!(
            lookup(&list, &stem("stikstof")),
            ["stikstofregels", "stikstofuitstoot"]
        );
        assert_eq!(lookup(&list, &stem("uitstoot")), ["stikstofuitstoot"]);
        // A part is found by its stem: the singular finds the plural's compound.
        assert_eq!(lookup(&list, &stem("regel")), ["stikstofregels"]);
        assert_eq!(lookup(&list, &stem("klimaat")), ["klimaatakkoord"]);
        assert_eq!(lookup(&list, &stem("akkoord")), ["klimaatakkoord"]);
        assert!(lookup(&list, "akkoordx").is_empty());
        assert!(lookup(&list, "a").is_empty());
        assert!(lookup(&list, "zzz").is_empty());
        assert!(lookup(b"", "stikstof").is_empty());
    }
}
