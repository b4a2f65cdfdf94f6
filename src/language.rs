//! Which language a passage is in.
//!
//! lingua decides about 1 MB of text per second per core, too slow to run on
//! every passage. A stop-word count decides first: most passages carry many
//! Dutch function words (de, het, van, een) or many English ones (the, of, and),
//! and only passages where the counts are close or few go to lingua. The
//! detector is built on first use, so a process that never meets an unsure
//! passage (every query) never loads the language models.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use lingua::{Language, LanguageDetector, LanguageDetectorBuilder};

use crate::model::Lang;

const DUTCH_MARKERS: &[&str] = &[
    "aan", "als", "bij", "dat", "de", "den", "der", "deze", "dezer", "die", "dit", "door", "een",
    "en", "er", "geen", "hebben", "heeft", "het", "hetwelk", "hun", "in", "indien", "is", "kan",
    "met", "mits", "naar", "niet", "nog", "of", "om", "onder", "ons", "ook", "op", "over", "te",
    "tot", "uit", "van", "voor", "wel", "welke", "wij", "worden", "wordt", "zal", "zich", "zijn",
    "zoo",
];
/// German and French function words that are not Dutch or English words.
const OTHER_MARKERS: &[&str] = &[
    "au", "auch", "avec", "dans", "das", "dem", "du", "eine", "einer", "est", "im", "ist", "le",
    "les", "mit", "nicht", "par", "pour", "qui", "sich", "sur", "und", "une", "von", "wird", "zum",
    "zur",
];
const ENGLISH_MARKERS: &[&str] = &[
    "an", "and", "are", "as", "at", "be", "been", "by", "can", "for", "from", "has", "have", "in",
    "is", "it", "its", "not", "of", "on", "or", "should", "such", "that", "the", "their", "these",
    "this", "to", "was", "were", "which", "will", "with", "would",
];

/// Decides passage languages; shared by the indexing threads.
#[derive(Default)]
pub struct LanguageGuesser {
    lingua: OnceLock<LanguageDetector>,
    lingua_calls: AtomicUsize,
}

impl LanguageGuesser {
    /// A guesser; lingua's models are loaded only when first needed.
    pub fn new() -> Self {
        Self::default()
    }

    /// How many passages needed lingua so far.
    pub fn lingua_calls(&self) -> usize {
        self.lingua_calls.load(Ordering::Relaxed)
    }

    /// The language of `text`, or `None` when the text is too short to tell
    /// (the caller then uses the document's language).
    pub fn guess(&self, text: &str) -> Option<Lang> {
        match quick_guess(text) {
            Quick::Sure(lang) => Some(lang),
            Quick::TooShort => None,
            Quick::Unsure => self.ask_lingua(text),
        }
    }

    fn ask_lingua(&self, text: &str) -> Option<Lang> {
        self.lingua_calls.fetch_add(1, Ordering::Relaxed);
        let detector = self.lingua.get_or_init(|| {
            LanguageDetectorBuilder::from_languages(&[
                Language::Dutch,
                Language::English,
                Language::German,
                Language::French,
            ])
            .build()
        });
        detector.detect_language_of(text).map(|l| match l {
            Language::English => Lang::En,
            Language::German => Lang::De,
            Language::French => Lang::Fr,
            _ => Lang::Nl,
        })
    }
}

/// What the stop-word count alone says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quick {
    /// Clearly this language.
    Sure(Lang),
    /// Too few words to tell, or to be worth asking lingua.
    TooShort,
    /// The counts are close: ask lingua.
    Unsure,
}

/// Words looked at by [`quick_guess`]: enough to tell, and a bound on the cost.
pub const SAMPLE_WORDS: usize = 80;

/// An unsure passage of fewer words than this (a statute's "Wijzigt de Wet
/// belastingen zware motorrijtuigen.") is not worth asking lingua: it spends
/// about as long on it as on a long passage, and tells less. It takes its
/// document's language, as a passage too short to tell does.
pub const LINGUA_MIN_WORDS: usize = 12;

/// A word of up to 8 ASCII letters packed into an integer, lowercased.
fn pack(word: &[u8]) -> Option<u64> {
    if word.len() > 8 || !word.iter().all(u8::is_ascii_alphabetic) {
        return None;
    }
    Some(word.iter().fold(0u64, |acc, b| {
        (acc << 8) | u64::from(b.to_ascii_lowercase())
    }))
}

/// The marker lists, packed and sorted, built once.
fn packed_markers() -> &'static [Vec<u64>; 3] {
    static PACKED: OnceLock<[Vec<u64>; 3]> = OnceLock::new();
    PACKED.get_or_init(|| {
        let pack_all = |list: &[&str]| {
            let mut v: Vec<u64> = list.iter().filter_map(|w| pack(w.as_bytes())).collect();
            v.sort_unstable();
            v
        };
        [
            pack_all(DUTCH_MARKERS),
            pack_all(ENGLISH_MARKERS),
            pack_all(OTHER_MARKERS),
        ]
    })
}

/// Decides Dutch or English by counting function words in the first
/// [`SAMPLE_WORDS`] words, without lingua.
pub fn quick_guess(text: &str) -> Quick {
    let [dutch, english, other_lists] = packed_markers();
    let (mut words, mut nl, mut en, mut other) = (0usize, 0usize, 0usize, 0usize);
    // Words of both lists ("in", "is", "of"), counted in both shares but
    // weighed by neither language against the other.
    let mut both = 0usize;
    // Words are runs of letters; bytes of non-ASCII characters count as letters.
    for word in text
        .as_bytes()
        .split(|b| !(b.is_ascii_alphabetic() || *b >= 0x80))
        .filter(|w| !w.is_empty())
        .take(SAMPLE_WORDS)
    {
        words += 1;
        if let Some(key) = pack(word) {
            let (is_nl, is_en) = (
                dutch.binary_search(&key).is_ok(),
                english.binary_search(&key).is_ok(),
            );
            nl += usize::from(is_nl);
            en += usize::from(is_en);
            both += usize::from(is_nl && is_en);
            other += usize::from(other_lists.binary_search(&key).is_ok());
        }
    }
    if words < 6 {
        return Quick::TooShort;
    }
    if other >= 1 {
        // A German or French function word: let lingua decide.
        return Quick::Unsure;
    }
    let (nl_share, en_share) = (nl as f64 / words as f64, en as f64 / words as f64);
    let (nl_only, en_only) = (nl - both, en - both);
    // Outweighs three to one, or by two words with none of the other's.
    let outweighs = |a: usize, b: usize| if b == 0 { a >= 2 } else { a >= 3 * b };
    if nl_share >= 0.12 && outweighs(nl_only, en_only) {
        return Quick::Sure(Lang::Nl);
    }
    if en_share >= 0.12 && outweighs(en_only, nl_only) {
        return Quick::Sure(Lang::En);
    }
    if words < LINGUA_MIN_WORDS {
        return Quick::TooShort;
    }
    Quick::Unsure
}

impl LanguageGuesser {
    /// Gives every passage of a document its language. Segmentation already
    /// set it where function words made it clear; the others are guessed, and
    /// a passage that cannot be told gets the language most of the document's
    /// passages have.
    pub fn assign(&self, passages: &mut [crate::model::Passage]) {
        let mut unknown = Vec::new();
        let mut counts: BTreeMap<Lang, usize> = BTreeMap::new();
        for (i, p) in passages.iter_mut().enumerate() {
            // Segmentation already set the language where function words made it clear.
            let lang = match p.lang {
                Some(lang @ (Lang::Nl | Lang::En)) => Some(lang),
                _ => self.guess(&p.text),
            };
            match lang {
                Some(lang) => {
                    p.lang = Some(lang);
                    *counts.entry(lang).or_default() += 1;
                }
                None => unknown.push(i),
            }
        }
        let doc_lang = counts
            .iter()
            .max_by_key(|(_, n)| **n)
            .map_or(Lang::Nl, |(l, _)| *l);
        for i in unknown {
            passages[i].lang = Some(doc_lang);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marker_lists_are_sorted() {
        assert!(DUTCH_MARKERS.windows(2).all(|w| w[0] < w[1]));
        assert!(ENGLISH_MARKERS.windows(2).all(|w| w[0] < w[1]));
        assert!(OTHER_MARKERS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn clear_cases_skip_lingua() {
        let g = LanguageGuesser::new();
        assert_eq!(
            g.guess("Het kabinet is positief over de uitkomsten van de onderhandelingen en de Raadsaanbeveling."),
            Some(Lang::Nl)
        );
        assert_eq!(
            g.guess("The Commission will present a proposal on the future of the European Education Area."),
            Some(Lang::En)
        );
        // Two Dutch words and no English one: a statute's short line.
        assert_eq!(
            g.guess("Wijzigt de Wet belastingen op milieugrondslag."),
            Some(Lang::Nl)
        );
        // "in", "is" and "of" are words of both: they weigh for neither.
        assert_eq!(
            g.guess(
                "Dit is in artikel 3 of artikel 4 geregeld voor de provincie Limburg en Zeeland."
            ),
            Some(Lang::Nl)
        );
        assert_eq!(g.lingua_calls(), 0);
        assert_eq!(g.guess("Learning Lab"), None);
        // Unsure, but too short to ask lingua: the document's language.
        assert_eq!(
            g.guess("Wijzigt de Wet inkomensvoorziening oudere werkloze werknemers."),
            None
        );
        assert_eq!(g.lingua_calls(), 0);
    }

    #[test]
    fn unsure_text_goes_to_lingua() {
        let g = LanguageGuesser::new();
        let lang = g.guess("Standing Group on Indicators van de Europese Onderwijsruimte: learning mobility targets and benchmarks");
        assert_eq!(g.lingua_calls(), 1);
        assert!(lang.is_some());
        assert_eq!(
            g.guess("Die Bundesregierung unterstützt den Vorschlag der Kommission zur Stärkung der Bildung"),
            Some(Lang::De)
        );
    }
}
