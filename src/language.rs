//! Which language a passage is in.
//!
//! lingua decides about 1 MB of text per second per core, too slow to run on
//! every passage. A stop-word count decides first: most passages carry many
//! Dutch function words (de, het, van, een) or many English ones (the, of, and),
//! and only passages where the counts are close or few go to lingua. The
//! detector is built on first use, so a process that never meets an unsure
//! passage (every query) never loads the language models.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use lingua::{Language, LanguageDetector, LanguageDetectorBuilder};

const DUTCH_MARKERS: &[&str] = &[
    "de", "het", "een", "van", "en", "in", "is", "dat", "op", "te", "zijn", "voor", "met", "niet",
    "aan", "er", "om", "ook", "als", "door", "bij", "wordt", "worden", "naar", "deze", "die",
    "dit", "over", "uit", "nog", "kan", "zal", "hebben", "heeft", "geen", "wel", "of", "tot",
    "onder",
];
const ENGLISH_MARKERS: &[&str] = &[
    "the", "of", "and", "to", "in", "is", "that", "for", "on", "with", "as", "are", "be", "this",
    "by", "from", "it", "not", "or", "an", "which", "at", "have", "has", "was", "were", "will",
    "their", "its", "can", "should", "these", "been", "would", "such",
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

    /// ISO 639-1 code of `text`'s language, or `None` when the text is too short
    /// to tell (the caller then uses the document's language).
    pub fn guess(&self, text: &str) -> Option<&'static str> {
        match quick_guess(text) {
            Quick::Sure(lang) => Some(lang),
            Quick::TooShort => None,
            Quick::Unsure => self.ask_lingua(text),
        }
    }

    fn ask_lingua(&self, text: &str) -> Option<&'static str> {
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
            Language::English => "en",
            Language::German => "de",
            Language::French => "fr",
            _ => "nl",
        })
    }
}

/// What the stop-word count alone says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quick {
    /// Clearly this language.
    Sure(&'static str),
    /// Too few words to tell.
    TooShort,
    /// The counts are close: ask lingua.
    Unsure,
}

/// Decides Dutch or English by counting function words, without lingua.
pub fn quick_guess(text: &str) -> Quick {
    let (mut words, mut nl, mut en) = (0usize, 0usize, 0usize);
    let mut buf = [0u8; 8];
    for word in text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
    {
        words += 1;
        // Function words are short and ASCII: compare them without allocating.
        if word.len() > buf.len() || !word.is_ascii() {
            continue;
        }
        let lower = &mut buf[..word.len()];
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        let lower = std::str::from_utf8(lower).unwrap_or_default();
        nl += usize::from(DUTCH_MARKERS.contains(&lower));
        en += usize::from(ENGLISH_MARKERS.contains(&lower));
    }
    if words < 6 {
        return Quick::TooShort;
    }
    let (nl_share, en_share) = (nl as f64 / words as f64, en as f64 / words as f64);
    if nl_share >= 0.12 && nl >= 3 * en.max(1) {
        return Quick::Sure("nl");
    }
    if en_share >= 0.12 && en >= 3 * nl.max(1) {
        return Quick::Sure("en");
    }
    Quick::Unsure
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clear_cases_skip_lingua() {
        let g = LanguageGuesser::new();
        assert_eq!(
            g.guess("Het kabinet is positief over de uitkomsten van de onderhandelingen en de Raadsaanbeveling."),
            Some("nl")
        );
        assert_eq!(
            g.guess("The Commission will present a proposal on the future of the European Education Area."),
            Some("en")
        );
        assert_eq!(g.lingua_calls(), 0);
        assert_eq!(g.guess("Learning Lab"), None);
    }

    #[test]
    fn unsure_text_goes_to_lingua() {
        let g = LanguageGuesser::new();
        let lang = g.guess("Standing Group on Indicators and Benchmarks Europese Onderwijsruimte learning mobility targets");
        assert_eq!(g.lingua_calls(), 1);
        assert!(lang.is_some());
        assert_eq!(
            g.guess("Die Bundesregierung unterstützt den Vorschlag der Kommission zur Stärkung der Bildung"),
            Some("de")
        );
    }
}
