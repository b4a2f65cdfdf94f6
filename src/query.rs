//! The query language.
//!
//! ```text
//! query   = { clause }
//! clause  = [ "+" | "-" ] ( phrase | filter | word )
//! phrase  = '"' { any character but '"' } '"'
//! filter  = name ":" ( value | phrase )
//! name    = "type" | "dossier" | "doc" | "path" | "year" | "date" | "lang" | "section" | "ref" | "indiener"
//! word    = letters and digits [ "*" ]
//! ```
//!
//! Plain words are ranked with BM25 (none is required, a passage must hold
//! at least one); `+` requires a word or phrase, `-` excludes it; `word*` finds
//! the words that begin with `word`. Filters restrict without scoring: with
//! filters, the words must still match. `date:` takes `2024`, `2024-05`,
//! `2024-05-13`, or a range `FROM..TO` of those (either side may be left open);
//! `year:` takes `2024` or a range `2023..2024`. Apostrophes belong to words
//! (`risico's`), not to phrases.
//!
//! Typed text is not syntax: a `-` glued to the word or quote before it is a
//! hyphen (`"comply or explain"-principe`), and so is the `-` of a word in an
//! elliptic list (`nazisymbolen, -groeten en -leuzen`).
//! In a question (a query with a `?` and at least [`QUESTION_MIN_WORDS`]
//! words), `+` and `-` before a word are hyphens, not operators: questions are
//! prose ("nabestaandenpensioenen of -kapitalen").

use std::fmt;

use crate::model::date_bound;
pub(crate) use crate::model::date_number;
pub use crate::model::normalize_dossier;

/// Most clauses a query may have.
pub const MAX_CLAUSES: usize = 1024;

/// Words that make a sentence a question or a request ("Kunt u aangeven",
/// "Bent u bekend met het bericht", "Deelt u de mening") and say nothing about
/// its subject. They are left out of queries of [`QUESTION_MIN_WORDS`] words or
/// more; a short query keeps every word the user typed. The list holds only the
/// formula's own words: words such as "bericht", "maatregelen" or "mogelijk"
/// often do name the subject, and leaving them out cost relevance.
pub const QUESTION_WORDS: &[&str] = &[
    "aangeven",
    "bekend",
    "bent",
    "bereid",
    "deelt",
    "klopt",
    "kunt",
    "mening",
    "opvatting",
    "toelichten",
    "uiteenzetten",
];

/// Queries with at least this many words lose their [`QUESTION_WORDS`].
pub const QUESTION_MIN_WORDS: usize = 8;

/// Field names a filter may use.
pub const FILTER_FIELDS: &[&str] = &[
    "type", "dossier", "doc", "path", "year", "date", "lang", "section", "ref", "indiener",
];

/// Values `lang:` accepts: the languages passages are told apart in.
pub const LANGUAGES: &[&str] = &["nl", "en", "de", "fr"];

/// Words after which a `-word` continues an elliptic list
/// ("nazisymbolen, -groeten en -leuzen") instead of excluding the word.
const LIST_WORDS: &[&str] = &["and", "en", "en/of", "noch", "of", "or", "tot"];

/// A query that cannot be parsed: what is wrong and where (a character column, 1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    /// What is wrong, and how to fix it.
    pub message: String,
    /// 1-based character column where the problem starts.
    pub column: usize,
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "query error at column {}: {}", self.column, self.message)
    }
}

impl std::error::Error for QueryError {}

/// Whether a clause is optional, required or excluded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Occur {
    /// Scores when present.
    Should,
    /// Required (`+`).
    Must,
    /// Excluded (`-`).
    MustNot,
}

/// A filter on a passage's metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filter {
    /// `type:motie`
    Type(String),
    /// `dossier:36200-VIII`
    Dossier(String),
    /// `doc:kst-34104-439`
    Doc(String),
    /// `path:moties/` (a prefix)
    Path(String),
    /// `year:2024`, `year:2023..2024` (inclusive).
    Year(u64, u64),
    /// `date:2024-01-01..2024-06-30` as inclusive `YYYYMMDD` numbers.
    Date(u64, u64),
    /// `lang:en`
    Lang(String),
    /// `section:"inbreng nederland"`
    Section(String),
    /// `ref:kst-21501-34-32`
    Ref(String),
    /// `indiener:Bisschop`: a motie's submitter or co-signer.
    Indiener(String),
}

/// One clause of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Clause {
    /// A word, ranked.
    Word(String),
    /// An exact phrase.
    Phrase(String),
    /// The words that begin with this (`stikstof*`).
    Prefix(String),
    /// A metadata filter.
    Filter(Filter),
}

/// A parsed query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedQuery {
    /// Clauses in the order written.
    pub clauses: Vec<(Occur, Clause)>,
    /// The 1-based character column where each clause starts.
    pub columns: Vec<usize>,
}

impl ParsedQuery {
    /// True when no clause ranks (only filters): results come in document order.
    pub fn is_filter_only(&self) -> bool {
        self.clauses
            .iter()
            .all(|(occur, c)| matches!(c, Clause::Filter(_)) || *occur == Occur::MustNot)
    }
}

impl ParsedQuery {
    /// The ranked (not excluded) words and prefixes, then the ranked phrases,
    /// each in the order written: what a snippet marks.
    pub fn words_and_phrases(&self) -> (Vec<&str>, Vec<&str>) {
        let ranked = self.clauses.iter().filter(|(o, _)| *o != Occur::MustNot);
        let words = ranked
            .clone()
            .filter_map(|(_, c)| match c {
                Clause::Word(w) | Clause::Prefix(w) => Some(w.as_str()),
                _ => None,
            })
            .collect();
        let phrases = ranked
            .filter_map(|(_, c)| match c {
                Clause::Phrase(p) => Some(p.as_str()),
                _ => None,
            })
            .collect();
        (words, phrases)
    }
}

fn err(message: impl Into<String>, column: usize) -> QueryError {
    QueryError {
        message: message.into(),
        column,
    }
}

fn is_open_quote(c: char) -> bool {
    matches!(c, '"' | '\u{201C}' | '\u{201E}')
}

fn is_close_quote(c: char) -> bool {
    matches!(c, '"' | '\u{201D}' | '\u{201C}')
}

/// Parses a query string.
///
/// A query with nothing to search for (empty, or only punctuation such as
/// `+` or `*`) is an error. Excluded words alone list every other passage,
/// in document order, as filters alone do.
pub fn parse(input: &str) -> Result<ParsedQuery, QueryError> {
    let chars: Vec<char> = input
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let mut clauses = Vec::new();
    let mut columns = Vec::new();
    // The token before the current one, as typed: a `-word` after a comma or
    // after "en"/"of" continues a list.
    let mut previous = String::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let clause_start = i;
        let mut occur = Occur::Should;
        let glued = i > 0 && !chars[i - 1].is_whitespace();
        if matches!(chars[i], '+' | '-') && chars.get(i + 1).is_some_and(|c| !c.is_whitespace()) {
            let prev = previous.to_lowercase();
            let hyphen = chars[i] == '-'
                && (glued || prev.ends_with(',') || LIST_WORDS.contains(&prev.as_str()));
            occur = if hyphen {
                Occur::Should
            } else if chars[i] == '+' {
                Occur::Must
            } else {
                Occur::MustNot
            };
            i += 1;
        }
        if is_open_quote(chars[i]) {
            let (phrase, next) = read_quoted(&chars, i)?;
            if phrase.split_whitespace().count() > MAX_CLAUSES {
                return Err(err(
                    format!("phrase has more than {MAX_CLAUSES} words; shorten it"),
                    i + 1,
                ));
            }
            i = next;
            previous = format!("\"{phrase}\"");
            if !phrase.trim().is_empty() {
                clauses.push((occur, Clause::Phrase(phrase)));
                columns.push(clause_start + 1);
            }
            continue;
        }
        let start = i;
        while i < chars.len() && !chars[i].is_whitespace() && !is_open_quote(chars[i]) {
            i += 1;
        }
        let word: String = chars[start..i].iter().collect();
        previous.clone_from(&word);
        if let Some((name, value)) = split_field(&word) {
            let lower = name.to_lowercase();
            let value = if value.is_empty() && chars.get(i).is_some_and(|&c| is_open_quote(c)) {
                let (v, next) = read_quoted(&chars, i)?;
                i = next;
                v
            } else {
                value.to_owned()
            };
            if value.trim().is_empty() {
                return Err(err(
                    format!(
                        "field '{lower}:' needs a value, e.g. {lower}:{}",
                        example(&lower)
                    ),
                    clause_start + 1,
                ));
            }
            let filter = make_filter(&lower, value.trim()).map_err(|m| err(m, clause_start + 1))?;
            clauses.push((occur, Clause::Filter(filter)));
            columns.push(clause_start + 1);
            continue;
        }
        // `name:value` with an unknown name is a mistake; "Nederland: ..." in a
        // question is a word followed by punctuation.
        if word.contains(':') && !word.ends_with(':') && looks_like_field(&word) {
            let name = word.split(':').next().unwrap_or_default();
            return Err(err(
                format!(
                    "unknown field '{name}:'; known fields are {}",
                    FILTER_FIELDS.join(", ")
                ),
                clause_start + 1,
            ));
        }
        // A hyphen glued to the word before it is no part of this word.
        let word = if occur == Occur::Should && word.starts_with('-') {
            word.trim_start_matches('-').to_owned()
        } else {
            word
        };
        if let Some(stem) = word.strip_suffix('*') {
            let stem = stem.trim_end_matches('*');
            if stem.chars().filter(|c| c.is_alphanumeric()).count() >= MIN_PREFIX {
                clauses.push((occur, Clause::Prefix(stem.to_owned())));
                columns.push(clause_start + 1);
            } else if stem.chars().any(char::is_alphanumeric) {
                return Err(err(
                    format!(
                        "'{word}': a prefix search needs at least {MIN_PREFIX} letters before '*'"
                    ),
                    clause_start + 1,
                ));
            }
        } else if word.chars().any(char::is_alphanumeric) {
            clauses.push((occur, Clause::Word(word)));
            columns.push(clause_start + 1);
        }
        if clauses.len() > MAX_CLAUSES {
            return Err(err(
                format!("query has more than {MAX_CLAUSES} words; shorten it"),
                clause_start + 1,
            ));
        }
    }
    if clauses.len() > MAX_CLAUSES {
        return Err(err(
            format!("query has more than {MAX_CLAUSES} words; shorten it"),
            1,
        ));
    }
    if clauses.is_empty() {
        return Err(err(
            "nothing to search for: type words, a \"phrase\" or a filter such as type:motie",
            1,
        ));
    }
    if input.contains('?')
        && clauses
            .iter()
            .filter(|(_, c)| matches!(c, Clause::Word(_)))
            .count()
            >= QUESTION_MIN_WORDS
    {
        // A question is prose: a dash before a word there is a hyphen
        // ("pensioenen of -kapitalen", "niet -alcoholische"), not an operator.
        for (occur, clause) in &mut clauses {
            if matches!(clause, Clause::Word(_)) {
                *occur = Occur::Should;
            }
        }
    }
    Ok(ParsedQuery { clauses, columns })
}

/// Fewest letters before the `*` of a prefix search.
pub const MIN_PREFIX: usize = 2;

fn read_quoted(chars: &[char], open: usize) -> Result<(String, usize), QueryError> {
    let mut j = open + 1;
    while j < chars.len() && !is_close_quote(chars[j]) {
        j += 1;
    }
    if j >= chars.len() {
        return Err(err(
            "unbalanced quote: this phrase is not closed with '\"'",
            open + 1,
        ));
    }
    Ok((chars[open + 1..j].iter().collect(), j + 1))
}

/// `name:value` where `name` is a known filter field.
fn split_field(word: &str) -> Option<(&str, &str)> {
    let (name, value) = word.split_once(':')?;
    FILTER_FIELDS
        .iter()
        .any(|f| f.eq_ignore_ascii_case(name))
        .then_some((name, value))
}

/// `foo:bar` with an alphabetic name that is not an identifier scheme
/// (`ECLI:NL:…`, `http://…`) or a time (`12:30`).
fn looks_like_field(word: &str) -> bool {
    let name = word.split(':').next().unwrap_or_default();
    !name.is_empty()
        && name.chars().all(|c| c.is_alphabetic() || c == '_')
        && !["ecli", "http", "https", "urn"].contains(&name.to_lowercase().as_str())
}

fn example(field: &str) -> &'static str {
    match field {
        "type" => "motie",
        "dossier" => "36200-VIII",
        "doc" => "kst-34104-439",
        "path" => "moties/",
        "year" => "2024",
        "date" => "2024-01-01..2024-06-30",
        "lang" => "en",
        "section" => "\"inbreng nederland\"",
        "indiener" => "Bisschop",
        _ => "kst-21501-34-32",
    }
}

fn make_filter(name: &str, value: &str) -> Result<Filter, String> {
    Ok(match name {
        "type" => Filter::Type(value.to_lowercase()),
        "dossier" => Filter::Dossier(normalize_dossier(value)),
        "doc" => Filter::Doc(value.to_owned()),
        "path" => Filter::Path(value.trim_start_matches("./").to_owned()),
        "year" => {
            let year = |v: &str, open: u64| -> Result<u64, String> {
                if v.is_empty() {
                    return Ok(open);
                }
                v.parse::<u64>()
                    .ok()
                    .filter(|y| (1000..=9999).contains(y))
                    .ok_or_else(|| {
                        format!("bad year '{value}': expected four digits or a range, e.g. year:2024 or year:2023..2024")
                    })
            };
            let (lo, hi) = match value.split_once("..") {
                Some((a, b)) => (year(a, 0)?, year(b, 9999)?),
                None => (year(value, 0)?, year(value, 0)?),
            };
            if value == ".." {
                return Err(format!(
                    "bad year '{value}': give at least one end, e.g. year:2023.."
                ));
            }
            if lo > hi {
                return Err(format!("year range '{value}' ends before it starts"));
            }
            Filter::Year(lo, hi)
        }
        "date" => {
            let bad = || {
                format!("bad date '{value}': expected YYYY, YYYY-MM or YYYY-MM-DD, or a range FROM..TO, e.g. date:2024-01-01..2024-06-30")
            };
            let (from, to) = match value.split_once("..") {
                Some((a, b)) => (a, b),
                None => (value, value),
            };
            let lo = if from.is_empty() {
                0
            } else {
                date_bound(from, false).ok_or_else(bad)?
            };
            let hi = if to.is_empty() {
                99_991_231
            } else {
                date_bound(to, true).ok_or_else(bad)?
            };
            if lo > hi {
                return Err(format!("date range '{value}' ends before it starts"));
            }
            Filter::Date(lo, hi)
        }
        "lang" => {
            let lang = value.to_lowercase();
            if !LANGUAGES.contains(&lang.as_str()) {
                return Err(format!(
                    "unknown language '{value}': lang: takes {}",
                    LANGUAGES.join(", ")
                ));
            }
            Filter::Lang(lang)
        }
        "section" => Filter::Section(value.to_owned()),
        "indiener" => Filter::Indiener(value.to_owned()),
        _ => Filter::Ref(value.to_owned()),
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn words_phrases_and_operators() {
        let q = parse("AI-verordening +hoog -\"laag risico\" risico's").unwrap();
        assert_eq!(
            q.clauses,
            [
                (Occur::Should, Clause::Word("AI-verordening".into())),
                (Occur::Must, Clause::Word("hoog".into())),
                (Occur::MustNot, Clause::Phrase("laag risico".into())),
                (Occur::Should, Clause::Word("risico's".into())),
            ]
        );
    }

    #[test]
    fn dashes_in_questions_are_hyphens() {
        let q = parse(
            "Wie betaalt de opgebouwde nabestaandenpensioenen of -kapitalen bij het invaren?",
        )
        .unwrap();
        assert!(q.clauses.iter().all(|(o, _)| *o == Occur::Should), "{q:?}");
        assert!(q
            .clauses
            .contains(&(Occur::Should, Clause::Word("kapitalen".into()))));
        // Short queries, and long ones that are not questions, keep their operators.
        let q = parse("stikstof -schiphol?").unwrap();
        assert_eq!(q.clauses[1].0, Occur::MustNot);
        let q = parse("stikstof uitstoot landbouw natura gebieden provincies boeren -schiphol")
            .unwrap();
        assert_eq!(q.clauses[7].0, Occur::MustNot);
    }

    #[test]
    fn filters() {
        let q = parse("type:motie dossier:36200-viii section:\"inbreng nederland\" date:2024-01..2024-06-30 year:2024").unwrap();
        assert_eq!(
            q.clauses.iter().map(|(_, c)| c.clone()).collect::<Vec<_>>(),
            [
                Clause::Filter(Filter::Type("motie".into())),
                Clause::Filter(Filter::Dossier("36200-VIII".into())),
                Clause::Filter(Filter::Section("inbreng nederland".into())),
                Clause::Filter(Filter::Date(20240101, 20240630)),
                Clause::Filter(Filter::Year(2024, 2024)),
            ]
        );
        assert!(q.is_filter_only());
    }

    #[test]
    fn errors_say_what_and_where() {
        let e = parse("klimaat \"open phrase").unwrap_err();
        assert_eq!(e.column, 9);
        assert!(e.message.contains("unbalanced quote"));
        let e = parse("foo:bar").unwrap_err();
        assert!(e.message.contains("unknown field 'foo:'"));
        assert!(parse("date:2024-13-01")
            .unwrap_err()
            .message
            .contains("bad date"));
        assert!(parse("year:twenty")
            .unwrap_err()
            .message
            .contains("bad year"));
        assert!(parse("type:")
            .unwrap_err()
            .message
            .contains("needs a value"));
    }

    #[test]
    fn identifiers_with_colons_are_words() {
        let q = parse("ECLI:NL:HR:2020:123 om 12:30").unwrap();
        assert_eq!(q.clauses.len(), 3);
        let q = parse("de situatie in Nederland: wat doet u?").unwrap();
        assert_eq!(
            q.clauses[3],
            (Occur::Should, Clause::Word("Nederland:".into()))
        );
    }

    #[test]
    fn question_words_are_sorted() {
        assert!(QUESTION_WORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn dossier_normalisation() {
        assert_eq!(normalize_dossier("36 200 VIII"), "36200-VIII");
        assert_eq!(normalize_dossier("21501-34"), "21501-34");
        assert_eq!(normalize_dossier("34 104"), "34104");
    }

    pub(crate) const QUERY_PIECES: &[&str] = &[
        "\"",
        "\u{201C}",
        "\u{201D}",
        "\u{201E}",
        "+",
        "-",
        ":",
        "..",
        "'",
        "(",
        ")",
        "[",
        "]",
        "type:",
        "dossier:",
        "doc:",
        "path:",
        "year:",
        "date:",
        "lang:",
        "section:",
        "ref:",
        "foo:",
        "ECLI:NL:HR:",
        "2024",
        "2024-05",
        "-13",
        "13",
        "99999",
        "36 200",
        "VIII",
        "motie",
        "stikstof",
        "risico's",
        "AI-verordening",
        "\u{0}",
        "\t",
        "\u{7}",
        "\u{1b}[1m",
        "🦀",
        "👩‍👩‍👧",
        "\u{FFFD}",
        "\u{200B}",
        "e\u{301}",
        "ß",
        "İ",
    ];

    fn check(q: &str) -> proptest::test_runner::TestCaseResult {
        match parse(q) {
            Ok(parsed) => {
                prop_assert!(parsed.clauses.len() <= MAX_CLAUSES);
            }
            Err(e) => {
                prop_assert!(!e.message.is_empty());
                prop_assert!(e.column >= 1 && e.column <= q.chars().count() + 1, "{e}");
            }
        }
        Ok(())
    }

    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        #[test]
        fn every_query_is_parsed_or_rejected_with_a_column(
            q in crate::fuzz::text_of(QUERY_PIECES, 24)
        ) {
            check(&q)?;
        }
    }

    #[test]
    #[ignore]
    fn fuzz_query() {
        crate::fuzz::fuzz_for("fuzz_query", crate::fuzz::text_of(QUERY_PIECES, 40), |q| {
            check(&q)
        });
    }

    #[test]
    fn huge_queries_are_rejected_quickly() {
        let words = vec!["stikstof"; 10_000].join(" ");
        let t = std::time::Instant::now();
        assert!(parse(&words).unwrap_err().message.contains("more than"));
        let phrase = format!("\"{words}\"");
        assert!(parse(&phrase)
            .unwrap_err()
            .message
            .contains("phrase has more"));
        assert!(t.elapsed().as_secs() < 2);
    }
}
