//! Recognition and normalisation of parliamentary references in Dutch
//! government text.
//!
//! [`ReferenceParser::extract`] finds citations such as
//! `Kamerstukken II 2021/22, 30175, nr. 414` in running text and maps each to
//! the canonical identifier used by officielebekendmakingen.nl
//! (`kst-30175-414`), to an ECLI, a BWB id, a Tweede Kamer zaak/document
//! number, a COM number or a URL.
//!
//! # Grammar
//!
//! Notation: `[x]` optional, `{x}` zero or more, `|` choice, `"…"` literal
//! (labels are case-insensitive). `ws` is any Unicode white space, which
//! includes line breaks, non-breaking (U+00A0), thin (U+2009) and narrow
//! no-break (U+202F) spaces. `dash` is `-` or any of U+2010–U+2015, U+2212.
//!
//! ```text
//! year        = 4digit ws* ("/" | dash) ws* [dash] ws* 2..4digit
//!               [ws* dash ws* 4digit ws* "/" ws* 2..4digit]   (* 2019/20, 2019–2020,
//!                                                              1985/- 86, 1993/94-1996/97 *)
//!
//! (* ---- Kamerstukken ---- *)
//! kamerstuk   = [lead] dossier [sub] [chapter] [rijkswet] [paper]
//! lead        = label [sep chamber] [sep ["11" sep] ["vergaderjaar"] year] {ws | "," | ":"}
//!             | ("Tweede" | "Eerste") ws "Kamer" [ws "der Staten-Generaal"] [","]
//!               ws* "vergaderjaar" year ws* "," ws*
//! label       = "kamerstukdossier" | "kamerstukken" | "kamerstuk" | "kamerdossier" | "dossier"
//!               (* "Kamerstukke⏎n" with a line break inside is accepted too *)
//! chamber     = "II" | "I" | "EK" | "TK" | ("Tweede" | "Eerste") ws "Kamer"
//!               (* the OCR misreading "11" for "II" is accepted before a year *)
//! dossier     = nonzero-digit [digit] [ws | "."] 3digit      (* 36 200, 36200, 22.112, 9 817 *)
//! sub         = (ws* dash ws* | space) 2digit                (* 21 501-34, 21501 34 *)
//! chapter     = (ws* dash ws* | ws "hoofdstuk" ws | space+) (roman [A-F] | letter)
//!                                                            (* VIII, XV, IIB, fund letter A *)
//! rijkswet    = ws* [dash] ws* "(" "R" 3..4digit ")"         (* kept out of the id *)
//! paper       = ["," ws* year] ws* [","] ws* ("nr" | "nrs" | "nummer") ["."] ws* (1..4digit [a-z] | 1..3 A-Z)
//!             | ws* dash ws* 1..4digit [a-z]                 (* compact 29911-226 *)
//!             | ws* "," ws* 1..2 A-Z                         (* Eerste Kamer letter: , A *)
//!             | ws* "," ws* 1..4digit                        (* bare number: , 3 *)
//!
//! (* ---- Handelingen and Aanhangsel ---- *)
//! handelingen = hlabel [sep chamber] sep ["vergaderjaar"] year ws* [","] ws*
//!               ("nr" ["."] | "nummer") ws* 1..5digit [ws* "," ws* "item" ws* 1..3digit]
//! hlabel      = "Aanhangsel" [ws ("van"|"bij") ws "de"] ws* "Handelingen" | "Handelingen"
//!             | "Kamervragen" ws* "(" "Aanhang" ["-"] ws* "sel" ")"
//!
//! (* ---- other kinds ---- *)
//! staatsblad  = ("Stb" | "Staatsblad" | "Stcrt" | "Staatscourant" | "Trb" | "Tractatenblad")
//!               ["."] ws* 4digit ws* [","] ws* ["nr" ["."] | "nummer"] ws* 1..6digit
//! ecli        = "ECLI:" [ws] 2alpha ":" [ws] 1..7alnum ":" [ws] 4digit ":" [ws] alnum {alnum | "."}
//! bwb         = "BWB" ("R" | "V" | "W") 7digit
//! eu_com      = ("COM" | "SEC" | "SWD" | "JOIN") ws* "(" 4digit ")" ws* 1..4digit
//! zaak        = 4digit "Z" 5digit           document = 4digit "D" 5digit
//! url         = ("http://" | "https://") {non-space}      (* trailing .,;:!? and unbalanced ) trimmed *)
//! identifier  = "kst-" … | "h-tk-" … | "h-ek-" … | "ah-tk-" … | "ah-ek-" … | "stb-" … | "stcrt-" … | "trb-" …
//!               (* officielebekendmakingen ids as written; also "ah-tk-2017–2018, nr.2509" *)
//! ```
//!
//! # Canonical forms
//!
//! * Kamerstuk: `kst-{dossier}[-{sub}][-{chapter}]-{paper}` (`kst-21501-34-32`,
//!   `kst-36200-VIII-207`, `kst-35925-A`). Without a paper number the kind is
//!   [`RefKind::Dossier`] (`kst-21501-34`, `kst-36410-XV`). The chamber and the
//!   vergaderjaar are not part of the id (dossier numbers are shared); the
//!   vergaderjaar is reported in [`Reference::vergaderjaar`].
//! * Handelingen: `h-{tk|ek}-{yyyyyyyy}-{nr}[-{item}]`, Aanhangsel:
//!   `ah-{tk|ek}-{yyyyyyyy}-{nr}`; chamber defaults to the Tweede Kamer.
//! * `stb-2020-123`, `stcrt-2021-4567`, `trb-2019-12`, `ECLI:NL:HR:2020:123`
//!   (white space removed, upper case), `BWBR0005537`, `COM(2023)715`,
//!   `2024Z18775`, `2025D19046`, URLs as written minus trailing punctuation.
//!
//! # Rules against false positives
//!
//! A dossier number is 4 or 5 digits without a leading zero, must not be
//! followed by a further digit or letter, and a 4-digit number in 1800–2099
//! (a year) is never a dossier. A Kamerstuk **without a label** (no
//! `Kamerstuk`, `dossier`, `Tweede Kamer, vergaderjaar …` in front) is only
//! accepted when
//!
//! 1. the dossier has exactly 5 digits and lies in 10000–39999 (the range of
//!    dossier numbers in use since about 1970), **and**
//! 2. something that only dossiers have follows it: a paper number introduced
//!    by `nr.`, a compact dash number (`29911-226`), the 21 501 sub-dossier
//!    (`21501-34`) or a multi-letter chapter (`36200-XV`); a bare `, A` or
//!    `, 3` after an unlabelled number is not enough, **and**
//! 3. the word before it is not `€`, `EUR`, `p.`, `blz.`, `pag.`, `pagina`,
//!    `art.`, `artikel`, `nr.`, `nummer`, `kenmerk`, `referentie`, `ISBN`,
//!    `ISSN`, `NUR`, `ISO`, `NEN`, `tel.` or `postbus`, the
//!    character before it is not `/`, `.`, `-`, `:`, `&`, `=`, `€` or a
//!    letter/digit, and the number does not go on after it (`,5`, `.000`,
//!    ` 000` as in `10 001- 15 000`).
//!
//! A cue word (`motie`, `amendement`, `fiche`, `brief`, `kamerstuk`,
//! `dossier`) in the 40 bytes before an unlabelled number relaxes rule 1–2
//! (4-digit dossiers and a dossier alone are accepted). So `4153-4157`,
//! `2021–2027`, `070-3566066`, `€ 21 501`, `2511 CV` and `Onze referentie
//! 45541772` yield nothing. An Eerste Kamer letter after a comma (`, A`) and a
//! bare paper number after a comma (`, 3`) require a label; the bare number
//! also requires a vergaderjaar. A single-letter chapter separated by a space
//! (`36 410 A`) is only kept when a paper number follows. A 2-digit addition
//! is a sub-dossier only for dossier 21 501; otherwise a dash-attached one is
//! the paper number (`33836-36`).
//!
//! Footnote digits glued in front of a label (`2Kamerstukken`, `3Stb.`,
//! `32024Z15585`) are skipped: the reference starts at the label.

use std::sync::OnceLock;

use regex::{Captures, Regex};
use serde::{Deserialize, Serialize};

mod canonical;

use canonical::*;

/// The kind of a reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefKind {
    /// A parliamentary paper: `kst-21501-34-32`.
    Kamerstuk,
    /// A dossier without a paper number: `kst-21501-34`.
    Dossier,
    /// Handelingen: `h-tk-20192020-45-12`.
    Handelingen,
    /// Aanhangsel van de Handelingen (answers to Kamervragen): `ah-tk-20192020-3212`.
    Aanhangsel,
    /// Staatsblad: `stb-2020-123`.
    Staatsblad,
    /// Staatscourant: `stcrt-2021-4567`.
    Staatscourant,
    /// Tractatenblad: `trb-2019-12`.
    Tractatenblad,
    /// A judgment: `ECLI:NL:HR:2020:123`.
    Ecli,
    /// A statute: `BWBR0005537`.
    Bwb,
    /// An EU document: `COM(2023)715`.
    EuCom,
    /// A Tweede Kamer zaak (Kamervragen): `2024Z18775`.
    Zaak,
    /// A Tweede Kamer document number: `2025D19046`.
    Document,
    /// A web address.
    Url,
}

impl RefKind {
    /// The snake_case name, as used in serialisation.
    pub fn as_str(self) -> &'static str {
        match self {
            RefKind::Kamerstuk => "kamerstuk",
            RefKind::Dossier => "dossier",
            RefKind::Handelingen => "handelingen",
            RefKind::Aanhangsel => "aanhangsel",
            RefKind::Staatsblad => "staatsblad",
            RefKind::Staatscourant => "staatscourant",
            RefKind::Tractatenblad => "tractatenblad",
            RefKind::Ecli => "ecli",
            RefKind::Bwb => "bwb",
            RefKind::EuCom => "eu_com",
            RefKind::Zaak => "zaak",
            RefKind::Document => "document",
            RefKind::Url => "url",
        }
    }
}

impl std::fmt::Display for RefKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One reference found in a text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reference {
    /// What is referred to.
    pub kind: RefKind,
    /// Canonical id, e.g. `kst-21501-34-32`.
    pub canonical: String,
    /// The text as written (`&input[start..end]`).
    pub text: String,
    /// Byte offset into the input, on a char boundary.
    pub start: usize,
    /// Byte offset, exclusive, on a char boundary.
    pub end: usize,
    /// `"2019-2020"` when the citation states the vergaderjaar.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub vergaderjaar: Option<String>,
}

/// Dash-like characters accepted as separators.
const DASH: &str = r"[\-\x{2010}-\x{2015}\x{2212}]";
/// Horizontal spaces (including non-breaking and thin ones).
const HSPACE: &str = r"[ \t\x{A0}\x{2007}\x{2009}\x{202F}]";
/// A vergaderjaar, possibly a range of them.
const YEAR: &str = r"(?:1[89]|20)[0-9]{2}\s*[/~]\s*~?\s*[0-9]{2,4}(?:\s*~\s*(?:1[89]|20)[0-9]{2}\s*/\s*[0-9]{2,4})?";

const URL: &str = r#"(?P<url>https?://[^\s<>"'«»\[\]{}|\\^`]+)"#;
const ECLI: &str = r"(?P<ecli>(?i:ecli):\s?(?P<ec1>[A-Za-z]{2}):\s?(?P<ec2>[A-Za-z0-9]{1,7}):\s?(?P<ec3>[0-9]{4}):\s?(?P<ec4>[A-Za-z0-9](?:[A-Za-z0-9.]{0,23}[A-Za-z0-9])?)(?-u:\b))";
const OB: &str = r"(?P<ob>(?i:kst)-[0-9]{4,6}(?:-[0-9A-Za-z]{1,8}){0,3}(?-u:\b)|(?i:a?h)-(?i:tk|ek)-[0-9]{8}-[0-9]{1,5}(?:-[0-9]{1,4})?(?-u:\b)|(?i:stb|stcrt|trb)-[0-9]{4}-[0-9]{1,6}(?-u:\b))|(?P<obh>(?P<obhp>(?i:a?h))-(?P<obhc>(?i:tk|ek))-(?P<obhy>[0-9]{4}\s*~\s*[0-9]{4})\s*,?\s*(?i:nr\.?)\s*(?P<obhn>[0-9]{1,5})(?-u:\b))";
const BWB: &str = r"(?P<bwb>BWB[RVW][0-9]{7})(?-u:\b)";
const EU: &str = r"(?P<eu>COM|SEC|SWD|JOIN)\s*\(\s*(?P<euy>(?:19|20)[0-9]{2})\s*\)\s*(?P<eun>[0-9]{1,4})(?-u:\b)";
const HAND: &str = r"(?P<hl>(?i:aanhangsel(?:\s+(?:van|bij)\s+de)?\s*handelingen|handelingen|kamervragen\s*\(\s*aanhang-?\s*sel\s*\)))(?:[\s,]*(?P<hch>II|I|EK|TK|(?i:tweede|eerste)\s+(?i:kamer))(?-u:\b))?[\s,]*(?i:vergaderjaar)?\s*(?P<hy>YEAR)\s*,?\s*(?i:nr\.?|nummer)\s*(?P<hn>[0-9]{1,5})(?-u:\b)(?:\s*,\s*(?i:item)\s*(?P<hi>[0-9]{1,3})(?-u:\b))?";
const HANDF: &str = r"(?P<hfch>(?i:tweede|eerste))\s+(?i:kamer)\s*,\s*(?i:vergaderjaar)\s*(?P<hfy>YEAR)\s*,\s*(?P<hfl>(?i:aanhangsel(?:\s+(?:van|bij)\s+de)?\s*handelingen|handelingen))\s*,?\s*(?i:nr\.?|nummer)\s*(?P<hfn>[0-9]{1,5})(?-u:\b)";
const STB: &str = r"(?P<sl>(?i:staatsblad|stb|staatscourant|stcrt|tractatenblad|trb))\.?\s*(?P<sy>(?:1[89]|20)[0-9]{2})\s*,?\s*(?i:nr\.?|nummer)?\s*(?P<sn>[0-9]{1,6})(?-u:\b)";
const ZAAK: &str = r"(?P<tz>(?:19|20)[0-9]{2})(?P<tzk>[ZD])(?P<tzn>[0-9]{5})(?-u:\b)";
const KST: &str = concat!(
    // lead: a label, or the page footer "Tweede Kamer, vergaderjaar …,"; or a word boundary.
    r"(?:(?P<kl>(?i:kamerstukdossier|kamerstukke\s?n|kamerstuk|kamerdossier|dossier))",
    r"(?:[\s,]*(?P<kch>II|I|EK|TK|(?i:tweede|eerste)\s+(?i:kamer))(?-u:\b))?",
    r"(?:[\s,]*(?:11\s*,?\s*)?(?i:vergaderjaar\s*)?(?P<ky>YEAR))?[\s,:]*",
    r"|(?P<kf>(?i:tweede|eerste)\s+(?i:kamer)(?:\s+der\s+(?i:staten-generaal))?\s*,\s*(?:(?i:vergaderjaar)\s*(?P<kfy>YEAR)\s*,\s*)?)",
    r"|(?-u:\b))",
    // dossier
    // (a 4-digit number written like a year 1800–2099 is never a dossier)
    r"(?P<d>[1-9][0-9](?:HSPACE|\.)?[0-9]{3}|[1-9](?:HSPACE|\.)[0-9]{3}|(?:1[0-7]|2[1-9]|[3-9][0-9])[0-9]{2})(?-u:\b)",
    // sub-dossier (21 501-34)
    r"(?:(?P<ss>\s*~\s*|HSPACE)(?P<sub>[0-9]{2})(?-u:\b))?",
    // chapter or fund letter
    r"(?:(?P<cs>\s*~\s*|\s+(?i:hoofdstuk)\s+|HSPACE+)(?P<ch>[IVXL]{1,6}[A-F]?|[A-Z])(?-u:\b))?",
    // rijkswet number
    r"(?P<rw>\s*~?\s*\(\s*R\s*[0-9]{3,4}\s*\))?",
    // paper
    // (a vergaderjaar may stand before the number: `28 457, 2002–2003, nr. 6`)
    r"(?:(?:\s*,\s*(?P<py>YEAR))?\s*,?\s*(?i:nrs?\.?|nummers?)\s*(?P<nr>[0-9]{1,4}[a-z]?|[A-Z]{1,3})(?-u:\b)",
    r"|\s*~\s*(?P<dn>[0-9]{1,4}[a-z]?)(?-u:\b)",
    r"|\s*,\s*(?P<let>[A-Z]{1,2})(?-u:\b)",
    r"|\s*,\s*(?P<bn>[0-9]{1,4})(?-u:\b))?",
);

/// Parser holding the compiled regular expression.
#[derive(Debug, Clone)]
pub struct ReferenceParser {
    re: Regex,
    /// The text between two Kamerstukken in a list (`; I 2022/23, `, ` en `).
    cont: Regex,
}

impl Default for ReferenceParser {
    fn default() -> Self {
        Self::new()
    }
}

fn expand(p: &str) -> String {
    p.replace("YEAR", YEAR)
        .replace("HSPACE", HSPACE)
        .replace('~', DASH)
}

fn is_dash(c: char) -> bool {
    c == '-' || ('\u{2010}'..='\u{2015}').contains(&c) || c == '\u{2212}'
}

/// The text before `pos`, at most `n` bytes, starting on a char boundary.
fn before(text: &str, pos: usize, n: usize) -> &str {
    let mut s = pos.saturating_sub(n);
    while !text.is_char_boundary(s) {
        s += 1;
    }
    &text[s..pos]
}

fn prev_char(text: &str, pos: usize) -> Option<char> {
    text[..pos].chars().next_back()
}

fn has_cue_before(text: &str, pos: usize) -> bool {
    let w = before(text, pos, 40).to_lowercase();
    [
        "motie",
        "amendement",
        "fiche",
        "brief",
        "kamerstuk",
        "dossier",
    ]
    .iter()
    .any(|c| w.contains(c))
}

/// Context that makes an unlabelled number something else than a dossier.
fn bad_context_before(text: &str, pos: usize) -> bool {
    if let Some(c) = prev_char(text, pos) {
        if c.is_alphanumeric() || matches!(c, '/' | '.' | ':' | '&' | '=' | '€') || is_dash(c) {
            return true;
        }
    }
    let w = before(text, pos, 24).to_lowercase();
    let Some(word) = w.split_whitespace().next_back() else {
        return false;
    };
    let word = word.trim_start_matches(|c: char| !c.is_alphanumeric() && c != '€');
    [
        "€",
        "eur",
        "euro",
        "p.",
        "pp.",
        "blz.",
        "blz",
        "pag.",
        "pagina",
        "bladzijde",
        "art.",
        "artikel",
        "nr.",
        "nr",
        "nummer",
        "kenmerk",
        "referentie",
        "isbn",
        "issn",
        "nur",
        "iso",
        "nen",
        "nen-en",
        "iec",
        "din",
        "tel.",
        "telefoon",
        "postbus",
        "van",
        "tot",
    ]
    .contains(&word)
}

/// Whether `rest` continues a number: `.5`, `,25` or ` 000` (thousands).
fn number_goes_on(rest: &str) -> bool {
    let mut it = rest.chars();
    match it.next() {
        Some('.' | ',') => it.next().is_some_and(|c| c.is_ascii_digit()),
        Some(' ' | '\u{a0}' | '\u{202f}' | '\u{2009}') => {
            let digits = it.by_ref().take_while(char::is_ascii_digit).count();
            digits == 3
        }
        _ => false,
    }
}

impl ReferenceParser {
    /// Compiles the grammar (once; reuse the parser).
    pub fn new() -> Self {
        let alts = [URL, ECLI, OB, BWB, EU, HAND, HANDF, STB, ZAAK, KST];
        let pattern = alts
            .iter()
            .map(|a| format!("(?:{})", expand(a)))
            .collect::<Vec<_>>()
            .join("|");
        let re = Regex::new(&pattern).expect("reference grammar compiles");
        let cont = Regex::new(&expand(
            r"^\s*(?:;|,|en|alsmede|and|t/m)\s*(?:(?:II|I|EK|TK)\s*)?(?:YEAR\s*,?\s*)?$",
        ))
        .expect("continuation grammar compiles");
        ReferenceParser { re, cont }
    }

    /// All references in `text`, ordered by start, without overlaps.
    pub fn extract(&self, text: &str) -> Vec<Reference> {
        let mut out = Vec::new();
        // Every reference but a URL contains a digit: skip other text cheaply.
        if !text.bytes().any(|b| b.is_ascii_digit()) && !text.contains("://") {
            return out;
        }
        let mut pos = 0;
        // End of the last Kamerstuk that was labelled or continued a list.
        let mut list_end: Option<usize> = None;
        while pos < text.len() {
            let Some(caps) = self.re.captures_at(text, pos) else {
                break;
            };
            let m = caps.get(0).expect("group 0");
            let gap = list_end
                .filter(|&e| e <= m.start() && m.start() - e <= 40)
                .map(|e| &text[e..m.start()])
                .filter(|g| self.cont.is_match(g));
            match self.interpret(&caps, text, gap) {
                Some(r) if r.end > r.start => {
                    pos = r.end;
                    let listable = matches!(r.kind, RefKind::Kamerstuk | RefKind::Dossier)
                        && (caps.name("kl").is_some()
                            || caps.name("kf").is_some()
                            || gap.is_some());
                    list_end = listable.then_some(r.end);
                    out.push(r);
                }
                _ => {
                    // Not accepted: retry one character further on.
                    let step = text[m.start()..].chars().next().map_or(1, char::len_utf8);
                    pos = m.start() + step;
                }
            }
        }
        out
    }

    fn interpret(&self, c: &Captures, text: &str, gap: Option<&str>) -> Option<Reference> {
        if let Some(m) = c.name("url") {
            return url(m.start(), m.as_str(), text);
        }
        if c.name("ecli").is_some() {
            let g = |n: &str| c.name(n).map_or("", |m| m.as_str()).to_ascii_uppercase();
            let canonical = format!("ECLI:{}:{}:{}:{}", g("ec1"), g("ec2"), g("ec3"), g("ec4"));
            let m = c.get(0)?;
            return Some(make(
                RefKind::Ecli,
                canonical,
                text,
                m.start(),
                m.end(),
                None,
            ));
        }
        if let Some(m) = c.name("ob") {
            if prev_char(text, m.start()).is_some_and(char::is_alphabetic) {
                return None;
            }
            let (kind, canonical) = ob_identifier(m.as_str())?;
            return Some(make(kind, canonical, text, m.start(), m.end(), None));
        }
        if c.name("obh").is_some() {
            let m = c.get(0)?;
            if prev_char(text, m.start()).is_some_and(char::is_alphabetic) {
                return None;
            }
            let (y1, y2) = parse_year(c.name("obhy")?.as_str())?;
            let p = c.name("obhp")?.as_str().to_ascii_lowercase();
            let ch = c.name("obhc")?.as_str().to_ascii_lowercase();
            let nr = c.name("obhn")?.as_str();
            let kind = if p == "ah" {
                RefKind::Aanhangsel
            } else {
                RefKind::Handelingen
            };
            let vj = Some(format!("{y1}-{y2}"));
            let canonical = format!("{p}-{ch}-{y1}{y2}-{nr}");
            return Some(make(kind, canonical, text, m.start(), m.end(), vj));
        }
        if let Some(m) = c.name("bwb") {
            let s = m.as_str().to_string();
            return Some(make(RefKind::Bwb, s, text, m.start(), m.end(), None));
        }
        if let Some(eu) = c.name("eu") {
            let m = c.get(0)?;
            if prev_char(text, m.start()).is_some_and(char::is_alphanumeric) {
                return None;
            }
            let canonical = format!("{}({}){}", eu.as_str(), &c["euy"], &c["eun"]);
            return Some(make(
                RefKind::EuCom,
                canonical,
                text,
                m.start(),
                m.end(),
                None,
            ));
        }
        if let Some(hl) = c.name("hl") {
            return handelingen(c, hl.as_str(), text);
        }
        if let Some(hfl) = c.name("hfl") {
            let m = c.get(0)?;
            let (y1, y2) = parse_year(c.name("hfy")?.as_str())?;
            let ch = if c["hfch"].eq_ignore_ascii_case("eerste") {
                "ek"
            } else {
                "tk"
            };
            let nr = &c["hfn"];
            let (kind, p) = if hfl.as_str().to_lowercase().contains("aanhangsel") {
                (RefKind::Aanhangsel, "ah")
            } else {
                (RefKind::Handelingen, "h")
            };
            let canonical = format!("{p}-{ch}-{y1}{y2}-{nr}");
            let vj = Some(format!("{y1}-{y2}"));
            return Some(make(kind, canonical, text, m.start(), m.end(), vj));
        }
        if let Some(sl) = c.name("sl") {
            let m = c.get(0)?;
            if prev_char(text, m.start()).is_some_and(char::is_alphabetic) {
                return None;
            }
            let l = sl.as_str().to_lowercase();
            let (kind, p) = if l.starts_with("stb") || l.starts_with("staatsb") {
                (RefKind::Staatsblad, "stb")
            } else if l.starts_with("stc") || l.starts_with("staatsc") {
                (RefKind::Staatscourant, "stcrt")
            } else {
                (RefKind::Tractatenblad, "trb")
            };
            let canonical = format!("{p}-{}-{}", &c["sy"], &c["sn"]);
            return Some(make(kind, canonical, text, m.start(), m.end(), None));
        }
        if let Some(k) = c.name("tzk") {
            let m = c.get(0)?;
            if prev_char(text, m.start()).is_some_and(char::is_alphabetic) {
                return None;
            }
            let kind = if k.as_str() == "Z" {
                RefKind::Zaak
            } else {
                RefKind::Document
            };
            let s = m.as_str().to_string();
            return Some(make(kind, s, text, m.start(), m.end(), None));
        }
        if c.name("d").is_some() {
            return kamerstuk(c, text, gap);
        }
        None
    }
}

/// A shared parser, compiled on first use.
pub fn shared_parser() -> &'static ReferenceParser {
    static P: OnceLock<ReferenceParser> = OnceLock::new();
    P.get_or_init(ReferenceParser::new)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Development cases; adjust when the file moves (in /work/main it is
    /// `/../shared/references/cases.tsv`).
    const CASES_TSV: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/references/cases.tsv"
    );

    fn ids(p: &ReferenceParser, s: &str) -> Vec<String> {
        p.extract(s).into_iter().map(|r| r.canonical).collect()
    }

    #[test]
    fn table() {
        let p = ReferenceParser::new();
        let table: &[(&str, &[&str])] = &[
            (
                "Tweede Kamer, vergaderjaar 2019–2020, 21 501-34, nr. 32",
                &["kst-21501-34-32"],
            ),
            (
                "Kamerstukken II 2021/22, 30175, nr. 414",
                &["kst-30175-414"],
            ),
            ("Kamerstuk 21 501-20, nr. 2018", &["kst-21501-20-2018"]),
            (
                "Kamerstukken II, 2021–2022, 29 279, nr. 353",
                &["kst-29279-353"],
            ),
            ("(Kamerstuk 35 669, nr. 19)", &["kst-35669-19"]),
            ("36 200 VIII, nr. 207", &["kst-36200-VIII-207"]),
            ("35 570-XVI, nr. 29", &["kst-35570-XVI-29"]),
            ("motie 32 735 nr. 262", &["kst-32735-262"]),
            (
                "BNC Fiche 2: aanbeveling leermobiliteitsmogelijkheden, 22112-3857.",
                &["kst-22112-3857"],
            ),
            ("Kamerstukken I 2020/21, 35 925, A", &["kst-35925-A"]),
            ("dossier 21 501-34", &["kst-21501-34"]),
            ("Kamerstuk 36 410 XV", &["kst-36410-XV"]),
            ("Kamerstuk 36 410 A, nr. 51", &["kst-36410-A-51"]),
            (
                "Handelingen II 2019/20, nr. 45, item 12",
                &["h-tk-20192020-45-12"],
            ),
            (
                "Aanhangsel Handelingen II, vergaderjaar 2019/20, nr. 3212",
                &["ah-tk-20192020-3212"],
            ),
            (
                "(Aanhangsel handelingen, vergaderjaar 2019-2020, nr. 4025)",
                &["ah-tk-20192020-4025"],
            ),
            (
                "Handelingen I 2019/20, nr. 4, item 2",
                &["h-ek-20192020-4-2"],
            ),
            (
                "Kamervragen (Aanhangsel) 2023–2024, nr. 2267",
                &["ah-tk-20232024-2267"],
            ),
            ("Stb. 2020, 123", &["stb-2020-123"]),
            ("Stcrt. 2021, 4567", &["stcrt-2021-4567"]),
            ("Trb. 2019, 12", &["trb-2019-12"]),
            ("2Stb. 2024, 153, het", &["stb-2024-153"]),
            ("ECLI:NL:HR:2020:123", &["ECLI:NL:HR:2020:123"]),
            ("(ECLI:NL:RBMNE:2021:6269, ", &["ECLI:NL:RBMNE:2021:6269"]),
            ("BWBR0005537", &["BWBR0005537"]),
            ("COM(2023) 715", &["COM(2023)715"]),
            ("2024Z18775", &["2024Z18775"]),
            ("2025D19046", &["2025D19046"]),
            ("32024Z15585/2024D37938", &["2024Z15585", "2024D37938"]),
            (
                "zie https://www.eib.org/en/projects/.",
                &["https://www.eib.org/en/projects/"],
            ),
            ("(https://example.org/a)", &["https://example.org/a"]),
            ("kst-35300-4", &["kst-35300-4"]),
            ("kst-21501-34-32", &["kst-21501-34-32"]),
            ("h-tk-20192020-45-12", &["h-tk-20192020-45-12"]),
            ("ah-tk-20192020-1234", &["ah-tk-20192020-1234"]),
            ("stb-2020-123", &["stb-2020-123"]),
            ("stcrt-2021-4567", &["stcrt-2021-4567"]),
            ("ah-tk-2017–2018, nr.2509", &["ah-tk-20172018-2509"]),
            (
                "2Kamerstukken II 2021–2022, 29 279, nr. 339",
                &["kst-29279-339"],
            ),
            ("(zie bv. Kamerstuk23 432, \nnr.502).", &["kst-23432-502"]),
            ("Kamerstuk 21501-20-2128", &["kst-21501-20-2128"]),
            ("36374-(R2187)-5", &["kst-36374-5"]),
            (
                "Kamerstuk\u{a0}36\u{a0}200\u{2009}VIII, nr.\u{a0}207",
                &["kst-36200-VIII-207"],
            ),
            ("(Kamerstuk 2024D28457)", &["2024D28457"]),
            (
                "(Kamerstukken II 2021/22,36 021, nr.6; I 2022/23, 36 021, B).",
                &["kst-36021-6", "kst-36021-B"],
            ),
            ("Kamerstukken 26 294 en 28017, Staatsblad 2005, 254", &["kst-26294", "kst-28017", "stb-2005-254"]),
            ("5Eerste Kamer, 36 373, H", &["kst-36373-H"]),
            ("Tweede Kamer, 28 457, 2002–2003, nr. 6, pp. 7", &["kst-28457-6"]),
            (
                "3Tweede Kamer, vergaderjaar 2023–2024, Aanhangsel van de Handelingen, nr. 2386 (Antwoord",
                &["ah-tk-20232024-2386"],
            ),
            ("(t.v.v. 21501-20-2258)\"/>", &["kst-21501-20-2258"]),
            ("(Kamerstuk 29683–282);", &["kst-29683-282"]),
            // negatives
            ("2511 CV Den Haag", &[]),
            ("070-456 0000", &[]),
            ("070-3566066", &[]),
            ("€ 21 501", &[]),
            ("€ 21 501-34", &[]),
            ("op 12 maart 2024", &[]),
            ("in 2024", &[]),
            ("95% van 35 000 mensen", &[]),
            ("Pagina 6 van 10", &[]),
            ("Onze referentie 45541772", &[]),
            ("artikel 3, tweede lid", &[]),
            ("pagina 4153-4157", &[]),
            ("p. 14153-14157", &[]),
            ("programma 2021–2027", &[]),
            ("Actieplan digitaal onderwijs 2021-20276 in 2022", &[]),
            ("NJ 1999, 386", &[]),
            ("ISSN 0921 - 7398", &[]),
            ("Kamerstukken</tekstregel>", &[]),
            ("Kamerstukken 2019", &[]),
            ("| 8  | 24.001–30.000  | € 655,00  |", &[]),
            ("|4 |10.001 - 12.000 | € 263,78 |", &[]),
            ("in een gemeente van 10 001- 15 000 inwoners", &[]),
            ("van 25 001 - 30 000 inwoners", &[]),
            ("NEN-EN ISO 11138-1: Sterilisatie", &[]),
            ("€21 501-34", &[]),
            ("Tweede Kamer, vergaderjaar 2024–2025, Aanhangsel 2", &[]),
        ];
        let mut failures = Vec::new();
        for (input, expected) in table {
            let got = ids(&p, input);
            if got != *expected {
                failures.push(format!("{input:?}: expected {expected:?}, got {got:?}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn spans_and_fields() {
        let p = ReferenceParser::new();
        let s = "zie 2Kamerstukken II 2021–2022, 29 279, nr. 339 en verder";
        let r = &p.extract(s)[0];
        assert_eq!(r.text, "Kamerstukken II 2021–2022, 29 279, nr. 339");
        assert_eq!(&s[r.start..r.end], r.text);
        assert_eq!(r.vergaderjaar.as_deref(), Some("2021-2022"));
        assert_eq!(r.kind, RefKind::Kamerstuk);
        let r = &p.extract("Tweede Kamer, vergaderjaar 2019–2020, 21 501-34, nr. 32")[0];
        assert_eq!(r.vergaderjaar.as_deref(), Some("2019-2020"));
        assert_eq!(p.extract("dossier 21 501-34")[0].kind, RefKind::Dossier);
        assert_eq!(p.extract("Kamerstuk 36 410 XV")[0].kind, RefKind::Dossier);
        assert_eq!(p.extract("kst-36410-XV")[0].kind, RefKind::Dossier);
        assert_eq!(p.extract("2021Z12567")[0].kind, RefKind::Zaak);
        assert_eq!(RefKind::EuCom.as_str(), "eu_com");
        let json = serde_json::to_string(&p.extract("Stb. 2020, 123")[0]).unwrap();
        assert!(json.contains("\"kind\":\"staatsblad\""), "{json}");
        assert!(!json.contains("vergaderjaar"), "{json}");
        let back: Reference = serde_json::from_str(&json).unwrap();
        assert_eq!(back.canonical, "stb-2020-123");
    }

    #[test]
    fn keys() {
        let p = ReferenceParser::new();
        let key = |s: &str| super::super::search_keys(&p.extract(s)[0].canonical);
        assert_eq!(
            key("kst-21501-34-32"),
            ["kst-21501-34-32", "kst-21501-34", "kst-21501"]
        );
        assert_eq!(
            key("36 200 VIII, nr. 207"),
            ["kst-36200-VIII-207", "kst-36200-VIII", "kst-36200"]
        );
        assert_eq!(key("kst-30175-414"), ["kst-30175-414", "kst-30175"]);
        assert_eq!(key("Stb. 2020, 123"), ["stb-2020-123"]);
        assert_eq!(key("h-tk-20192020-45-12"), ["h-tk-20192020-45-12"]);
    }

    #[test]
    fn cases_tsv() {
        let p = ReferenceParser::new();
        let data = std::fs::read_to_string(CASES_TSV).expect("cases.tsv readable");
        let mut failures = Vec::new();
        let mut n = 0;
        for line in data.lines().skip(1).filter(|l| !l.trim().is_empty()) {
            let mut cols = line.split('\t');
            let input = cols.next().unwrap_or("").replace("\\n", "\n");
            let expected: Vec<&str> = cols.next().unwrap_or("").split_whitespace().collect();
            n += 1;
            let got = ids(&p, &input);
            if got != expected {
                failures.push(format!("{input:?}: expected {expected:?}, got {got:?}"));
            }
        }
        assert!(n >= 68, "only {n} cases read");
        assert!(
            failures.is_empty(),
            "{} of {n} failed:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }

    fn reference_texts(max: usize) -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop_oneof![
                any::<char>().prop_map(String::from),
                prop::sample::select(vec![
                    "Kamerstukken II ",
                    "Kamerstuk",
                    "2019/20, ",
                    "2021–2022",
                    " 21 501",
                    "-34",
                    ", nr. ",
                    "nr.",
                    "32",
                    "\u{a0}",
                    "\u{2009}",
                    "\n",
                    "–",
                    "VIII",
                    " A",
                    ", A",
                    "Handelingen",
                    "Aanhangsel ",
                    "Stb. ",
                    "2020, ",
                    "ECLI:NL:HR:",
                    "2024Z",
                    "18775",
                    "https://",
                    "x.nl/a).",
                    "kst-",
                    "ah-tk-",
                    "2Kamerstuk",
                    "€ ",
                    "(R2048)",
                    "COM(2023) ",
                    "BWBR000553",
                    "é",
                    "🦀",
                    "(",
                    ")",
                    "e\u{301}",
                    "\u{FEFF}",
                    "Tweede Kamer, vergaderjaar ",
                    "; ",
                    " en ",
                ])
                .prop_map(String::from),
            ],
            0..max,
        )
        .prop_map(|parts| parts.concat())
    }

    fn check_references(s: String) -> proptest::test_runner::TestCaseResult {
        let p = shared_parser();
        let refs = p.extract(&s);
        let mut last = 0;
        for r in &refs {
            prop_assert!(s.is_char_boundary(r.start) && s.is_char_boundary(r.end));
            prop_assert!(r.start >= last && r.start < r.end);
            prop_assert_eq!(&s[r.start..r.end], r.text.as_str());
            last = r.end;
        }
        Ok(())
    }

    #[test]
    #[ignore]
    fn fuzz_references() {
        crate::fuzz::fuzz_for("fuzz_references", reference_texts(48), check_references);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]
        #[test]
        fn never_panics_and_spans_are_sound(s in reference_texts(24)) {
            check_references(s)?;
        }

        #[test]
        fn arbitrary_strings(s in "\\PC{0,64}") {
            let p = shared_parser();
            for r in p.extract(&s) {
                prop_assert_eq!(&s[r.start..r.end], r.text.as_str());
            }
        }
    }

    /// Rough throughput over the kamervragen and moties corpora:
    /// `cargo test --release -- --ignored --nocapture throughput`.
    #[test]
    #[ignore]
    fn throughput() {
        let p = ReferenceParser::new();
        let base = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus");
        let mut texts = Vec::new();
        for dir in ["kamervragen", "moties"] {
            for e in std::fs::read_dir(format!("{base}/{dir}")).unwrap() {
                let bytes = std::fs::read(e.unwrap().path()).unwrap();
                texts.push(String::from_utf8_lossy(&bytes).into_owned());
            }
        }
        let total: usize = texts.iter().map(String::len).sum();
        let t = std::time::Instant::now();
        let mut n = 0;
        for text in &texts {
            // The engine calls extract per passage; approximate with paragraphs.
            for para in text.split("\n\n") {
                n += p.extract(para).len();
            }
        }
        let secs = t.elapsed().as_secs_f64();
        println!(
            "{:.1} MB in {secs:.2}s = {:.1} MB/s, {n} references",
            total as f64 / 1e6,
            total as f64 / 1e6 / secs
        );
    }
}
