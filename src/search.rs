//! Query to ranked passages: the query is parsed, turned into a tantivy query over
//! the passage fields, ranked with BM25, capped per document, and given snippets.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};
use tantivy::collector::{DocSetCollector, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, Occur as TOccur, PhraseQuery,
    Query, RangeQuery, RegexQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, Score, Searcher, TantivyDocument, Term};

use crate::analyze;
pub use crate::collect::{Facet, Totals};
use crate::error::{Error, Result};
use crate::index::{SearchIndex, StoredPassage};
use crate::model::Footnote;
use crate::query::{self, Clause, Filter, Occur, ParsedQuery};
use crate::references::CitedReference;
use crate::snippet::Highlighter;

/// Field weights of the ranking. The defaults are what docsearch ships with.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    /// Passage text, stemmed.
    pub body: f32,
    /// Passage text, unstemmed.
    pub exact: f32,
    /// Document title.
    pub title: f32,
    /// Section headings above the passage.
    pub section: f32,
    /// The passage's footnotes.
    pub notes: f32,
    /// The title of the document's dossier ("Problematiek rondom stikstof en
    /// PFAS"), below the passage text.
    pub dossier_title: f32,
    /// Parts of a hyphenated query word found apart, relative to `body`.
    pub compound_part: f32,
    /// Score added when a passage cites (or is) a reference typed in the query.
    pub reference: f32,
    /// Two query words that stand near each other in the passage (within
    /// [`PROXIMITY_SLOP`] words), relative to `body`.
    pub proximity: f32,
    /// The first letters of a query word found as the first letters of a
    /// passage word (see [`analyze::head`]), relative to `body`.
    pub head: f32,
    /// Each letter n-gram (see [`analyze::grams`]) of the query's words found
    /// in a passage, relative to `body`.
    pub grams: f32,
    /// A compound that begins or ends with a short query's word
    /// (`stikstofuitstoot` for `stikstof`): this share of the word's idf, a
    /// fixed score below what the word itself scores in most passages.
    pub compound: f32,
}

/// Most compounds one query word is expanded to (the most frequent first).
pub const MAX_COMPOUNDS: usize = 256;

/// Word heads and n-grams found in more than this share of all passages are
/// not searched (they cost the most to look up and score next to nothing)...
pub const COARSE_MAX_SHARE: f64 = 0.1;
/// ...unless they are in at most this many passages: in a small index every
/// term is cheap.
pub const COARSE_MIN_DF: u64 = 100;

/// How far apart two adjacent query words may be for the proximity bonus.
pub const PROXIMITY_SLOP: u32 = 3;

impl Default for Weights {
    fn default() -> Self {
        Weights {
            body: 1.0,
            exact: 0.3,
            title: 0.3,
            section: 0.5,
            notes: 0.3,
            dossier_title: 0.2,
            compound_part: 0.5,
            reference: 20.0,
            proximity: 0.1,
            head: 0.5,
            grams: 0.1,
            compound: 0.4,
        }
    }
}

/// How to search.
#[derive(Debug, Clone)]
pub struct SearchOptions {
    /// Number of hits to return (0: none, for totals alone).
    pub limit: usize,
    /// Hits to skip first, for paging.
    pub offset: usize,
    /// At most this many passages of one document (0: no cap).
    pub max_per_doc: usize,
    /// The order of the hits.
    pub sort: Sort,
    /// Count passages and documents over the whole result set
    /// ([`SearchResults::totals`]).
    pub totals: bool,
    /// Count documents per value of these facets (implies `totals`).
    pub facets: Vec<Facet>,
    /// Ranking weights.
    pub weights: Weights,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 10,
            offset: 0,
            max_per_doc: 3,
            sort: Sort::Relevance,
            totals: false,
            facets: Vec::new(),
            weights: Weights::default(),
        }
    }
}

/// Most hits one search returns (`limit + offset`): a larger request is
/// answered with this many.
pub const MAX_HITS: usize = 1_000_000;

/// The order of hits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    /// Best first; a query of filters alone in document order.
    #[default]
    Relevance,
    /// Newest document first over the whole result set (best first within a
    /// date); undated documents last.
    Date,
}

/// The hits of a search and, when asked for, what the whole result set holds.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchResults {
    /// The hits of the page asked for.
    pub hits: Vec<Hit>,
    /// Matching passages, documents and facet counts (with
    /// [`SearchOptions::totals`] or [`SearchOptions::facets`]).
    pub totals: Option<Totals>,
}

/// One ranked passage.
///
/// This is also the JSON Lines format of `docsearch query --json`: one object per
/// hit with exactly these fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hit {
    /// 1-based rank.
    pub rank: usize,
    /// BM25 score (0 for filter-only queries).
    pub score: f32,
    /// The document's identifier.
    pub doc_id: String,
    /// The document's title.
    pub title: String,
    /// Path relative to the indexed corpus root.
    pub path: String,
    /// Document type (`motie`, `brief`, ...).
    pub doc_type: Option<String>,
    /// Document date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Where the document is published ([`crate::references::official_url`]
    /// of its id), `None` when no address is known.
    pub url: Option<String>,
    /// Section path, headings joined by ` > `.
    pub section: String,
    /// Page where the passage starts, where known.
    pub page: Option<u32>,
    /// The whole passage; footnote markers as `word[7]`.
    pub text: String,
    /// A part of the passage around the matches.
    pub snippet: String,
    /// Byte ranges `[start, end)` of matched words in `snippet`.
    pub highlights: Vec<[usize; 2]>,
    /// The passage's footnotes.
    pub footnotes: Vec<Footnote>,
    /// References cited in the passage and its footnotes.
    pub references: Vec<CitedReference>,
    /// Language of the passage.
    pub lang: String,
}

/// A document ranked by its passages (for TREC runs and evaluation).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocHit {
    /// The document's identifier.
    pub doc_id: String,
    /// Document score: its best passage's score.
    pub score: f32,
}

struct Analyzers {
    nl: tantivy::tokenizer::TextAnalyzer,
    en: tantivy::tokenizer::TextAnalyzer,
    exact: tantivy::tokenizer::TextAnalyzer,
    head: tantivy::tokenizer::TextAnalyzer,
    grams: tantivy::tokenizer::TextAnalyzer,
}

impl Analyzers {
    fn new() -> Self {
        let get = |n: &str| analyze::build(&analyze::query_side(n)).expect("known analyzer");
        Analyzers {
            nl: get(analyze::DUTCH),
            en: get(analyze::ENGLISH),
            exact: get(analyze::EXACT),
            head: get(analyze::HEAD),
            grams: get(analyze::GRAMS),
        }
    }
}

/// One clause of a tantivy boolean query.
type TClause = (TOccur, Box<dyn Query>);

/// A fast-field column of numbers, where the segment has it.
type NumberColumn = Option<tantivy::columnar::Column<u64>>;

/// A term query for one term, a phrase (with the terms' positions) for several.
fn with_positions(field: Field, terms: &[(usize, String)]) -> Option<Box<dyn Query>> {
    match terms {
        [] => None,
        [(_, one)] => Some(Box::new(TermQuery::new(
            Term::from_field_text(field, one),
            IndexRecordOption::WithFreqs,
        ))),
        many => Some(Box::new(PhraseQuery::new_with_offset(
            many.iter()
                .map(|(p, t)| (*p, Term::from_field_text(field, t)))
                .collect(),
        ))),
    }
}

fn boosted(q: Option<Box<dyn Query>>, weight: f32) -> Option<(TOccur, Box<dyn Query>)> {
    q.filter(|_| weight > 0.0).map(|q| {
        (
            TOccur::Should,
            Box::new(BoostQuery::new(q, weight)) as Box<dyn Query>,
        )
    })
}

impl SearchIndex {
    /// The clauses that score one query word, each a `Should`.
    fn word_clauses(
        &self,
        a: &mut Analyzers,
        w: &Weights,
        word: &str,
        scored: bool,
    ) -> Vec<(TOccur, Box<dyn Query>)> {
        let f = &self.fields;
        let nl = analyze::positioned_terms(&mut a.nl, word);
        let exact = analyze::positioned_terms(&mut a.exact, word);
        if nl.is_empty() && scored {
            // A stop word: it says nothing about the topic.
            return Vec::new();
        }
        let en = analyze::positioned_terms(&mut a.en, word);
        let mut clauses: Vec<(TOccur, Box<dyn Query>)> = [
            boosted(with_positions(f.body, &nl), w.body),
            boosted(with_positions(f.body_en, &en), w.body),
            boosted(with_positions(f.exact, &exact), w.exact),
            boosted(with_positions(f.title, &nl), w.title),
            boosted(with_positions(f.section, &nl), w.section),
            boosted(with_positions(f.notes, &nl), w.notes),
            boosted(with_positions(f.dossier_title, &nl), w.dossier_title),
        ]
        .into_iter()
        .flatten()
        .collect();
        if nl.len() > 1 && scored {
            // A compound typed with a hyphen (AI-verordening) also finds its parts
            // written apart, for less.
            let share = w.body * w.compound_part / nl.len() as f32;
            for part in &nl {
                clauses.extend(boosted(
                    with_positions(f.body, std::slice::from_ref(part)),
                    share,
                ));
            }
        }
        clauses
    }

    fn phrase_query(&self, a: &mut Analyzers, w: &Weights, phrase: &str) -> Option<Box<dyn Query>> {
        let f = &self.fields;
        let exact = analyze::positioned_terms(&mut a.exact, phrase);
        let nl = analyze::positioned_terms(&mut a.nl, phrase);
        let clauses: Vec<(TOccur, Box<dyn Query>)> = [
            boosted(with_positions(f.exact, &exact), w.body),
            boosted(with_positions(f.notes_exact, &exact), w.notes),
            boosted(with_positions(f.section, &nl), w.section),
        ]
        .into_iter()
        .flatten()
        .collect();
        (!clauses.is_empty()).then(|| Box::new(BooleanQuery::new(clauses)) as Box<dyn Query>)
    }

    fn filter_query(
        &self,
        a: &mut Analyzers,
        searcher: &Searcher,
        filter: &Filter,
        column: usize,
    ) -> Result<Box<dyn Query>> {
        let f = &self.fields;
        let term = |field: Field, value: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, value),
                IndexRecordOption::Basic,
            ))
        };
        Ok(match filter {
            Filter::Type(t) => {
                let known = searcher
                    .doc_freq(&Term::from_field_text(f.doc_type, t))
                    .is_ok_and(|n| n > 0);
                if !known {
                    return Err(Error::Query(query::QueryError {
                        message: unknown_type_message(t, &self.doc_types(searcher)),
                        column,
                    }));
                }
                term(f.doc_type, t)
            }
            Filter::Indiener(name) => {
                let terms = analyze::positioned_terms(&mut a.exact, name);
                with_positions(f.indiener, &terms).unwrap_or_else(|| Box::new(EmptyQuery))
            }
            Filter::Dossier(d) => term(f.dossier, d),
            Filter::Doc(id) => {
                let lower = id.to_lowercase();
                if &lower == id {
                    term(f.doc_id, id)
                } else {
                    Box::new(BooleanQuery::new(vec![
                        (TOccur::Should, term(f.doc_id, id)),
                        (TOccur::Should, term(f.doc_id, &lower)),
                    ]))
                }
            }
            Filter::Path(prefix) => {
                let pattern = format!("{}.*", regex_escape(prefix));
                Box::new(RegexQuery::from_pattern(&pattern, f.path).map_err(|e| {
                    Error::Query(query::QueryError {
                        message: format!("bad path prefix '{prefix}': {e}"),
                        column: 1,
                    })
                })?)
            }
            Filter::Year(lo, hi) => Box::new(RangeQuery::new(
                std::ops::Bound::Included(Term::from_field_u64(f.year, *lo)),
                std::ops::Bound::Included(Term::from_field_u64(f.year, *hi)),
            )),
            Filter::Date(lo, hi) => Box::new(RangeQuery::new(
                std::ops::Bound::Included(Term::from_field_u64(f.date, *lo)),
                std::ops::Bound::Included(Term::from_field_u64(f.date, *hi)),
            )),
            Filter::Lang(l) => term(f.lang, l),
            Filter::Section(s) => {
                let terms = analyze::positioned_terms(&mut a.nl, s);
                with_positions(f.section, &terms).unwrap_or_else(|| Box::new(AllQuery))
            }
            Filter::Ref(r) => {
                let canonical = crate::references::canonical_of(r).unwrap_or_else(|| r.clone());
                term(f.refs, &canonical)
            }
        })
    }

    /// The tantivy query for a parsed query.
    ///
    /// The ranked clauses (words, phrases, prefixes, proximity, references,
    /// compounds) form one union. Filters restrict it: with a filter the union
    /// is required, so that a filter never lets in passages without the words.
    /// With a `+word` the rest of the union is optional, as in Lucene.
    fn build_query_and_expansions(
        &self,
        parsed: &ParsedQuery,
        w: &Weights,
    ) -> Result<(Box<dyn Query>, Vec<String>)> {
        let mut a = Analyzers::new();
        let searcher = self.reader.searcher();
        let mut ranked: Vec<(TOccur, Box<dyn Query>)> = Vec::new();
        let mut required: Vec<(TOccur, Box<dyn Query>)> = Vec::new();
        let mut filters: Vec<(TOccur, Box<dyn Query>)> = Vec::new();
        let long = parsed
            .clauses
            .iter()
            .filter(|(_, c)| matches!(c, Clause::Word(_)))
            .count()
            >= query::QUESTION_MIN_WORDS;
        // References typed in the query ("Kamerstuk 36 410 VIII, nr. 60",
        // "BWBR0003420") find the paper and the passages citing it; the words
        // that spell them are not ranked as words.
        let (references, spelled) = self.typed_references(parsed);
        // A word typed twice counts once: a question that repeats its topic word
        // should not drown its other words.
        let mut seen_words: HashSet<String> = HashSet::new();
        let mut scored_words: Vec<&str> = Vec::new();
        let mut stop_words: Vec<&str> = Vec::new();
        let mut expansions: Vec<String> = Vec::new();
        for (i, (occur, clause)) in parsed.clauses.iter().enumerate() {
            let column = parsed.columns.get(i).copied().unwrap_or(1);
            match (occur, clause) {
                (Occur::Should, Clause::Word(word)) => {
                    if (long && is_question_word(word)) || spelled.contains(&i) {
                        continue;
                    }
                    let key = analyze::terms(&mut a.exact, word).join(" ");
                    if !seen_words.insert(key) {
                        continue;
                    }
                    scored_words.push(word);
                    // Its clauses join the top level: a sum of term scores there
                    // is the same sum, and tantivy prunes a flat union best.
                    let scoring = self.word_clauses(&mut a, w, word, true);
                    if scoring.is_empty() {
                        stop_words.push(word);
                    }
                    ranked.extend(scoring);
                    if !long {
                        if let Some((clause, words)) =
                            self.compound_clause(&mut a, &searcher, w, word)
                        {
                            ranked.push(clause);
                            expansions.extend(words);
                        }
                    }
                }
                (Occur::Should, Clause::Phrase(_)) if spelled.contains(&i) => {}
                (_, Clause::Filter(filter)) => {
                    let q = self.filter_query(&mut a, &searcher, filter, column)?;
                    let q: Box<dyn Query> = Box::new(ConstScoreQuery::new(q, 0.0));
                    let o = if *occur == Occur::MustNot {
                        TOccur::MustNot
                    } else {
                        TOccur::Must
                    };
                    filters.push((o, q));
                }
                (occur, clause) => {
                    let q = match clause {
                        Clause::Word(word) => {
                            let scoring = self.word_clauses(&mut a, w, word, false);
                            (!scoring.is_empty())
                                .then(|| Box::new(BooleanQuery::new(scoring)) as Box<dyn Query>)
                        }
                        Clause::Phrase(p) => self.phrase_query(&mut a, w, p),
                        Clause::Prefix(p) => self.prefix_query(&mut a, w, p, column)?,
                        Clause::Filter(_) => None,
                    };
                    let Some(q) = q else { continue };
                    match occur {
                        Occur::Should => ranked.push((TOccur::Should, q)),
                        Occur::Must => required.push((TOccur::Must, q)),
                        Occur::MustNot => required.push((TOccur::MustNot, q)),
                    }
                }
            }
        }
        if ranked.is_empty() && !stop_words.is_empty() {
            // Only stop words: they are what the user looks for, word for word.
            for word in &stop_words {
                let exact = analyze::positioned_terms(&mut a.exact, word);
                ranked.extend(boosted(with_positions(self.fields.exact, &exact), w.body));
            }
        }
        // Adjacent query words found near each other count extra: "hoog risico"
        // means more in "hoog-risico" than in two distant sentences.
        if w.proximity > 0.0 && !ranked.is_empty() {
            // Over the words as typed (repeats included), the neighbours they have.
            let stems: Vec<String> = parsed
                .clauses
                .iter()
                .enumerate()
                .filter(|(i, (o, _))| *o == Occur::Should && !spelled.contains(i))
                .filter_map(|(_, (_, c))| match c {
                    Clause::Word(word) if !(long && is_question_word(word)) => {
                        let terms = analyze::terms(&mut a.nl, word);
                        (terms.len() == 1).then(|| terms[0].clone())
                    }
                    _ => None,
                })
                .collect();
            for pair in stems.windows(2) {
                if pair[0] == pair[1] {
                    continue;
                }
                let terms = vec![
                    (0, Term::from_field_text(self.fields.body, &pair[0])),
                    (1, Term::from_field_text(self.fields.body, &pair[1])),
                ];
                let q: Box<dyn Query> =
                    Box::new(PhraseQuery::new_with_offset_and_slop(terms, PROXIMITY_SLOP));
                ranked.push((
                    TOccur::Should,
                    Box::new(BoostQuery::new(q, w.body * w.proximity)),
                ));
            }
        }
        for r in references {
            let cites: Box<dyn Query> = Box::new(TermQuery::new(
                Term::from_field_text(self.fields.refs, &r),
                IndexRecordOption::Basic,
            ));
            let is: Box<dyn Query> = Box::new(TermQuery::new(
                Term::from_field_text(self.fields.doc_id, &r),
                IndexRecordOption::Basic,
            ));
            // The paper itself before the passages that cite it.
            ranked.push((
                TOccur::Should,
                Box::new(ConstScoreQuery::new(cites, w.reference)),
            ));
            ranked.push((
                TOccur::Should,
                Box::new(ConstScoreQuery::new(is, 2.0 * w.reference)),
            ));
        }
        if long {
            // A question is ranked loosely: a passage may match it on word
            // heads and n-grams alone. A short query is precise: its words.
            ranked.extend(self.coarse_clauses(&mut a, w, &scored_words));
        }
        let has_required = required.iter().any(|(o, _)| *o == TOccur::Must);
        let mut clauses = filters;
        if has_required {
            clauses.extend(ranked);
        } else if !ranked.is_empty() {
            clauses.push((TOccur::Must, Box::new(BooleanQuery::new(ranked))));
        } else if !parsed.is_filter_only() {
            // Words that match nothing the index could hold (all dropped as
            // question words or spelled references without a reference).
            return Ok((Box::new(EmptyQuery), expansions));
        }
        clauses.extend(required);
        if !clauses.iter().any(|(o, _)| *o == TOccur::Must) {
            clauses.push((TOccur::Must, Box::new(AllQuery)));
        }
        Ok((Box::new(BooleanQuery::new(clauses)), expansions))
    }

    /// Every document type in the index, sorted.
    pub(crate) fn doc_types(&self, searcher: &Searcher) -> Vec<String> {
        let mut types: Vec<String> = Vec::new();
        for segment in searcher.segment_readers() {
            let Ok(inverted) = segment.inverted_index(self.fields.doc_type) else {
                continue;
            };
            let Ok(mut stream) = inverted.terms().stream() else {
                continue;
            };
            while stream.advance() {
                if let Ok(t) = std::str::from_utf8(stream.key()) {
                    if !types.iter().any(|k| k == t) {
                        types.push(t.to_owned());
                    }
                }
            }
        }
        types.sort();
        types
    }

    /// The references typed in the query (canonical ids) and the indexes of the
    /// ranked clauses that spell them.
    fn typed_references(&self, parsed: &ParsedQuery) -> (Vec<String>, HashSet<usize>) {
        let mut text = String::new();
        let mut spans: Vec<(usize, usize, usize)> = Vec::new();
        for (i, (occur, clause)) in parsed.clauses.iter().enumerate() {
            if let (Occur::Should, Clause::Word(t) | Clause::Phrase(t)) = (occur, clause) {
                if !text.is_empty() {
                    text.push(' ');
                }
                spans.push((i, text.len(), text.len() + t.len()));
                text.push_str(t);
            }
        }
        // Every reference has a digit (URLs aside); most queries have none, and
        // then the reference grammar is not even compiled.
        if !(text.bytes().any(|b| b.is_ascii_digit()) || text.contains("://")) {
            return (Vec::new(), HashSet::new());
        }
        let mut ids = Vec::new();
        let mut spelled = HashSet::new();
        for r in crate::references::parse::shared_parser().extract(&text) {
            for &(i, start, end) in &spans {
                // A clause inside the reference, or holding it whole (a phrase).
                if (start >= r.start && end <= r.end) || (start <= r.start && end >= r.end) {
                    spelled.insert(i);
                }
            }
            if !ids.contains(&r.canonical) {
                ids.push(r.canonical);
            }
        }
        (ids, spelled)
    }

    /// Compounds that begin or end with a short query's word
    /// (`stikstof` → `stikstofuitstoot`, `tekort` → `lerarentekort`), from the
    /// index's compound list: one clause that scores a fixed share of what the
    /// word itself would, so that passages holding the word come first.
    fn compound_clause(
        &self,
        a: &mut Analyzers,
        searcher: &Searcher,
        w: &Weights,
        word: &str,
    ) -> Option<(TClause, Vec<String>)> {
        if w.compound <= 0.0 {
            return None;
        }
        let stems = analyze::terms(&mut a.nl, word);
        let exact = analyze::terms(&mut a.exact, word);
        let [stem] = stems.as_slice() else {
            return None;
        };
        let list = self.compounds();
        let found = crate::compound::lookup(&list, stem);
        let found: Vec<&str> = found
            .into_iter()
            .filter(|c| !exact.iter().any(|e| e == c))
            .take(MAX_COMPOUNDS)
            .collect();
        let terms: Vec<(TOccur, Box<dyn Query>)> = found
            .iter()
            .map(|c| {
                (
                    TOccur::Should,
                    Box::new(TermQuery::new(
                        Term::from_field_text(self.fields.exact, c),
                        IndexRecordOption::Basic,
                    )) as Box<dyn Query>,
                )
            })
            .collect();
        if terms.is_empty() {
            return None;
        }
        let n = searcher.num_docs() as f32;
        let df = searcher
            .doc_freq(&Term::from_field_text(self.fields.body, stem))
            .unwrap_or(0) as f32;
        let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
        Some((
            (
                TOccur::Should,
                Box::new(ConstScoreQuery::new(
                    Box::new(BooleanQuery::new(terms)),
                    w.body * w.compound * idf,
                )),
            ),
            found.into_iter().map(str::to_owned).collect(),
        ))
    }

    /// `stikstof*`: passages holding a word that begins with the prefix,
    /// ranked by the prefix as a word where it is one.
    fn prefix_query(
        &self,
        a: &mut Analyzers,
        w: &Weights,
        prefix: &str,
        column: usize,
    ) -> Result<Option<Box<dyn Query>>> {
        let exact = analyze::terms(&mut a.exact, prefix);
        let Some(first) = exact.first() else {
            return Ok(None);
        };
        let pattern = format!("{}.*", regex_escape(first));
        let matches = RegexQuery::from_pattern(&pattern, self.fields.exact).map_err(|e| {
            Error::Query(query::QueryError {
                message: format!("bad prefix '{prefix}*': {e}"),
                column,
            })
        })?;
        let mut clauses: Vec<(TOccur, Box<dyn Query>)> = vec![(
            TOccur::Must,
            Box::new(ConstScoreQuery::new(Box::new(matches), w.body)),
        )];
        clauses.extend(self.word_clauses(a, w, prefix, true));
        Ok(Some(Box::new(BooleanQuery::new(clauses))))
    }

    /// Clauses for coarse matches of a question's scored words: their heads
    /// (compounds and inflections the stemmer does not join) and their letter
    /// n-grams, each n-gram counted once per query.
    fn coarse_clauses(
        &self,
        a: &mut Analyzers,
        w: &Weights,
        words: &[&str],
    ) -> Vec<(TOccur, Box<dyn Query>)> {
        let searcher = self.reader.searcher();
        let max_df = ((searcher.num_docs() as f64 * COARSE_MAX_SHARE) as u64).max(COARSE_MIN_DF);
        // A head or n-gram that most passages have scores next to nothing and
        // costs the most to look up: it is left out.
        let term = |field: Field, t: &str, weight: f32| {
            let term = Term::from_field_text(field, t);
            let common = searcher.doc_freq(&term).is_ok_and(|df| df > max_df);
            boosted(
                (!common).then(|| {
                    Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)) as Box<dyn Query>
                }),
                weight,
            )
        };
        let mut out = Vec::new();
        let mut grams: Vec<String> = Vec::new();
        for &word in words {
            if w.head > 0.0 {
                let heads = analyze::terms(&mut a.head, word);
                let share = w.body * w.head / heads.len().max(1) as f32;
                out.extend(
                    heads
                        .iter()
                        .filter_map(|t| term(self.fields.head, t, share)),
                );
            }
            if w.grams > 0.0 {
                grams.extend(analyze::terms(&mut a.grams, word));
            }
        }
        grams.sort_unstable();
        grams.dedup();
        out.extend(
            grams
                .iter()
                .filter_map(|g| term(self.fields.grams, g, w.body * w.grams)),
        );
        out
    }

    /// Searches the index and returns the best passages, best first.
    ///
    /// A query made of filters alone returns the matching passages in document
    /// order. At most `options.max_per_doc` passages of one document are returned.
    pub fn search(&self, query: &str, options: &SearchOptions) -> Result<Vec<Hit>> {
        Ok(self.search_results(query, options)?.hits)
    }

    /// Searches the index: the hits of one page (`options.offset`,
    /// `options.limit`) in `options.sort` order and, when asked for, the
    /// totals and facet counts of the whole result set.
    pub fn search_results(&self, query: &str, options: &SearchOptions) -> Result<SearchResults> {
        self.guarded(query, || self.search_unguarded(query, options))
    }

    fn search_unguarded(&self, query: &str, options: &SearchOptions) -> Result<SearchResults> {
        let parsed = query::parse(query)?;
        let searcher = self.reader.searcher();
        let (tquery, expansions) = self.build_query_and_expansions(&parsed, &options.weights)?;
        let totals = if options.totals || !options.facets.is_empty() {
            Some(
                searcher
                    .search(
                        &*tquery,
                        &crate::collect::TotalsCollector {
                            facets: options.facets.clone(),
                        },
                    )
                    .map_err(|e| self.search_err(e))?,
            )
        } else {
            None
        };
        let want = options.offset.saturating_add(options.limit).min(MAX_HITS);
        let picked: Vec<(Score, DocAddress)> = if want == 0 {
            Vec::new()
        } else if parsed.is_filter_only() && options.sort == Sort::Relevance {
            self.in_document_order(&searcher, &*tquery, want, options.max_per_doc)?
        } else {
            self.top_capped(&searcher, &*tquery, options, want)?
        };
        let words: Vec<String> = parsed
            .clauses
            .iter()
            .filter(|(o, _)| *o != Occur::MustNot)
            .filter_map(|(_, c)| match c {
                Clause::Word(w) | Clause::Prefix(w) => Some(w.clone()),
                _ => None,
            })
            .collect();
        let mut phrases: Vec<String> = parsed
            .clauses
            .iter()
            .filter(|(o, _)| *o != Occur::MustNot)
            .filter_map(|(_, c)| match c {
                Clause::Phrase(p) => Some(p.clone()),
                _ => None,
            })
            .collect();
        phrases.extend(expansions);
        // Analyzers kept from the last search know the stems of many words.
        let kept = self
            .snippet_analyzers
            .lock()
            .ok()
            .and_then(|mut kept| kept.take())
            .unwrap_or_default();
        let mut highlighter = Highlighter::with_analyzers(&words, &phrases, kept);
        let mut hits = Vec::with_capacity(picked.len());
        for (i, (score, addr)) in picked.into_iter().enumerate().skip(options.offset) {
            let stored = self.stored(&searcher, addr)?;
            let p = stored.passage;
            let (snippet, highlights) = highlighter.snippet(&p.text, &p.lang);
            hits.push(Hit {
                rank: i + 1,
                score,
                url: crate::references::official_url(&stored.doc_id),
                doc_id: stored.doc_id,
                title: stored.title,
                path: stored.path,
                doc_type: stored.doc_type,
                date: stored.date,
                section: p.section.join(" > "),
                page: p.page,
                text: p.text,
                snippet,
                highlights,
                footnotes: p.footnotes,
                references: p
                    .references
                    .into_iter()
                    .map(CitedReference::with_url)
                    .collect(),
                lang: p.lang,
            });
        }
        if let Ok(mut kept) = self.snippet_analyzers.lock() {
            *kept = Some(highlighter.into_analyzers());
        }
        Ok(SearchResults { hits, totals })
    }

    /// Ranks documents by their best passage: for evaluation and TREC runs.
    pub fn search_documents(
        &self,
        query: &str,
        limit: usize,
        weights: &Weights,
    ) -> Result<Vec<DocHit>> {
        self.guarded(query, || {
            self.search_documents_unguarded(query, limit, weights)
        })
    }

    fn search_documents_unguarded(
        &self,
        query: &str,
        limit: usize,
        weights: &Weights,
    ) -> Result<Vec<DocHit>> {
        let parsed = query::parse(query)?;
        let searcher = self.reader.searcher();
        let (tquery, _) = self.build_query_and_expansions(&parsed, weights)?;
        let mut k = limit.min(MAX_HITS).saturating_mul(4).max(100);
        loop {
            let top = searcher
                .search(&*tquery, &TopDocs::with_limit(k).order_by_score())
                .map_err(|e| self.search_err(e))?;
            let exhausted = top.len() < k;
            let mut best: Vec<DocHit> = Vec::new();
            let mut seen: HashMap<String, usize> = HashMap::new();
            for (score, addr) in top {
                let id = self.doc_id_of(&searcher, addr)?;
                if !seen.contains_key(&id) {
                    seen.insert(id.clone(), best.len());
                    best.push(DocHit { doc_id: id, score });
                }
            }
            if best.len() >= limit || exhausted || k >= 100_000 {
                best.truncate(limit);
                return Ok(best);
            }
            k *= 4;
        }
    }

    /// tantivy fails at search time only on files it cannot read.
    fn search_err(&self, source: tantivy::TantivyError) -> Error {
        crate::index::damaged(self.path(), source, Some(&self.index))
    }

    /// Runs `search`, turning a panic in tantivy into an error: a damaged index
    /// when a file fails its checksum, otherwise an internal error.
    fn guarded<T>(&self, query: &str, search: impl FnOnce() -> Result<T>) -> Result<T> {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(search)).unwrap_or_else(|panic| {
            let message = crate::index::panic_message(&panic);
            match self.index.validate_checksum() {
                Ok(bad) if bad.is_empty() => Err(Error::Internal {
                    query: query.to_owned(),
                    message,
                }),
                _ => Err(crate::index::damaged(
                    self.path(),
                    tantivy::TantivyError::InternalError(message),
                    Some(&self.index),
                )),
            }
        })
    }

    fn stored(&self, searcher: &Searcher, addr: DocAddress) -> Result<StoredPassage> {
        let doc: TantivyDocument = searcher.doc(addr).map_err(|e| self.search_err(e))?;
        let json = doc
            .get_first(self.fields.data)
            .and_then(|v| tantivy::schema::Value::as_str(&v))
            .unwrap_or("{}");
        serde_json::from_str(json).map_err(|e| Error::Damaged {
            path: self.path().to_path_buf(),
            reason: format!("a stored passage is not what docsearch wrote ({e})"),
        })
    }

    fn doc_id_of(&self, searcher: &Searcher, addr: DocAddress) -> Result<String> {
        Ok(self.stored(searcher, addr)?.doc_id)
    }

    /// The best `want` hits in `options.sort` order, at most
    /// `options.max_per_doc` of a document: tantivy's top k, with k grown
    /// until enough documents are seen (never beyond the passages there are).
    fn top_capped(
        &self,
        searcher: &Searcher,
        q: &dyn Query,
        options: &SearchOptions,
        want: usize,
    ) -> Result<Vec<(Score, DocAddress)>> {
        let keys: Vec<Option<tantivy::columnar::Column<u64>>> = searcher
            .segment_readers()
            .iter()
            .map(|s| s.fast_fields().u64("doc_key").ok())
            .collect();
        let all = usize::try_from(searcher.num_docs())
            .unwrap_or(usize::MAX)
            .max(1);
        let mut k = want.saturating_mul(4).max(40).min(all);
        loop {
            let top: Vec<(Score, DocAddress)> = match options.sort {
                Sort::Relevance => searcher
                    .search(q, &TopDocs::with_limit(k).order_by_score())
                    .map_err(|e| self.search_err(e))?,
                Sort::Date => searcher
                    .search(
                        q,
                        &TopDocs::with_limit(k).tweak_score(|segment: &tantivy::SegmentReader| {
                            let dates = segment.fast_fields().u64("date").ok();
                            move |doc: tantivy::DocId, score: Score| {
                                (
                                    dates.as_ref().and_then(|c| c.first(doc)).unwrap_or(0),
                                    score,
                                )
                            }
                        }),
                    )
                    .map_err(|e| self.search_err(e))?
                    .into_iter()
                    .map(|((_, score), addr)| (score, addr))
                    .collect(),
            };
            let exhausted = top.len() < k || k >= all;
            if options.max_per_doc == 0 {
                return Ok(top.into_iter().take(want).collect());
            }
            let mut per_doc: HashMap<u64, usize> = HashMap::new();
            let mut picked = Vec::new();
            for (score, addr) in top {
                let key = keys[addr.segment_ord as usize]
                    .as_ref()
                    .and_then(|c| c.first(addr.doc_id))
                    .unwrap_or(0);
                let n = per_doc.entry(key).or_default();
                if *n < options.max_per_doc {
                    *n += 1;
                    picked.push((score, addr));
                    if picked.len() == want {
                        return Ok(picked);
                    }
                }
            }
            if exhausted {
                return Ok(picked);
            }
            k = k.saturating_mul(4).min(all);
        }
    }

    /// The matching passages in document order: by document key (handed out
    /// in file order) and passage number, from fast fields; at most
    /// `max_per_doc` of a document (0: all).
    fn in_document_order(
        &self,
        searcher: &Searcher,
        q: &dyn Query,
        want: usize,
        max_per_doc: usize,
    ) -> Result<Vec<(Score, DocAddress)>> {
        let docs = searcher
            .search(q, &DocSetCollector)
            .map_err(|e| self.search_err(e))?;
        let columns: Vec<(NumberColumn, NumberColumn)> = searcher
            .segment_readers()
            .iter()
            .map(|s| {
                (
                    s.fast_fields().u64("doc_key").ok(),
                    s.fast_fields().u64("ord").ok(),
                )
            })
            .collect();
        let mut keyed: Vec<(u64, u64, DocAddress)> = docs
            .into_iter()
            .map(|addr| {
                let (keys, ords) = &columns[addr.segment_ord as usize];
                let value =
                    |c: &NumberColumn| c.as_ref().and_then(|c| c.first(addr.doc_id)).unwrap_or(0);
                (value(keys), value(ords), addr)
            })
            .collect();
        keyed.sort_unstable();
        let mut picked = Vec::with_capacity(want.min(keyed.len()));
        let mut current = (u64::MAX, 0usize);
        for (key, _, addr) in keyed {
            if current.0 != key {
                current = (key, 0);
            }
            current.1 += 1;
            if max_per_doc == 0 || current.1 <= max_per_doc {
                picked.push((0.0, addr));
                if picked.len() == want {
                    break;
                }
            }
        }
        Ok(picked)
    }
}

/// "unknown type 'moties'; did you mean 'motie'? Types in this index: …"
fn unknown_type_message(typed: &str, known: &[String]) -> String {
    let closest = known
        .iter()
        .map(|k| (edit_distance(typed, k), k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 4))
        .min();
    let hint = closest.map_or(String::new(), |(_, k)| format!("did you mean '{k}'? "));
    if known.is_empty() {
        return format!("unknown type '{typed}': this index holds no typed documents");
    }
    format!(
        "unknown type '{typed}'; {hint}types in this index: {}",
        known.join(", ")
    )
}

/// Levenshtein distance in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

fn is_question_word(word: &str) -> bool {
    let lower = word
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    query::QUESTION_WORDS.binary_search(&lower.as_str()).is_ok()
}

fn regex_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if "\\.+*?()|[]{}^$#&-~\"<>@".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use std::sync::OnceLock;

    use proptest::prelude::*;

    use crate::{IndexConfig, SearchIndex, SearchOptions};

    /// A small index of real documents, built once.
    fn index() -> &'static SearchIndex {
        static INDEX: OnceLock<(tempfile::TempDir, SearchIndex)> = OnceLock::new();
        let (_, index) = INDEX.get_or_init(|| {
            let dir = tempfile::tempdir().expect("temp dir");
            let corpus = dir.path().join("corpus");
            let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
            for rel in [
                "kamerbrieven/geannoteerde-agenda-ojcs-raad-mei-2024.txt",
                "moties/000997f1-f677-4f1a-9be2-7f0faf8479a7.xml",
                "rechtspraak/ECLI.NL.CBB.1996.ZG0749.xml",
            ] {
                let to = corpus.join(rel);
                std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
                std::fs::copy(root.join(rel), to).expect("copy");
            }
            let index = SearchIndex::open_or_create(&dir.path().join("index")).expect("index");
            index
                .index_folder(&corpus, &IndexConfig::default(), &|_| {})
                .expect("index corpus");
            (dir, index)
        });
        index
    }

    /// Every query is answered or rejected; highlights lie on char boundaries
    /// of their snippet.
    fn check_search(q: String) -> proptest::test_runner::TestCaseResult {
        let options = SearchOptions::default();
        match index().search(&q, &options) {
            Ok(hits) => {
                for hit in &hits {
                    for [s, e] in &hit.highlights {
                        prop_assert!(s < e && *e <= hit.snippet.len());
                        prop_assert!(
                            hit.snippet.is_char_boundary(*s) && hit.snippet.is_char_boundary(*e)
                        );
                    }
                }
            }
            Err(crate::Error::Query(e)) => prop_assert!(!e.message.is_empty()),
            // tantivy's debug assertion on excluded phrases (see above).
            Err(crate::Error::Internal { .. }) if q.contains('-') => {}
            Err(e) => prop_assert!(false, "{q:?}: {e}"),
        }
        if let Err(e) = index().search_documents(&q, 5, &options.weights) {
            prop_assert!(
                matches!(e, crate::Error::Query(_) | crate::Error::Internal { .. }),
                "{q:?}: {e}"
            );
        }
        Ok(())
    }

    fn queries(max: usize) -> BoxedStrategy<String> {
        const MORE: &[&str] = &[
            "onderwijs",
            "AI-verordening",
            "hoog",
            "risico",
            "stikstof",
            "budget",
            "boeren",
            "toegang en toewijzing",
            "kst-34104-439",
            "21 501-34, nr. 32",
            "ECLI:NL:CBB:1996:ZG0749",
            "strategieën",
            "beïnvloeden",
            "İstanbul",
            "ﬁnanciering",
            "ß",
            "é",
            "e\u{301}",
        ];
        prop_oneof![
            crate::fuzz::text_of(crate::query::tests::QUERY_PIECES, max),
            crate::fuzz::text_of(MORE, max),
        ]
        .boxed()
    }

    /// Found by `fuzz_search`: an excluded compound whose parts make a phrase
    /// trips a debug assertion in tantivy 0.27 (`PhraseScorer::seek_danger`,
    /// "target should be greater than or equal to doc") under an exclusion. It
    /// is reported as an internal error, not as a damaged index, and never
    /// panics. Open: the exclusion itself (see the branch notes).
    #[test]
    fn excluded_compound_phrase_is_no_damaged_index() {
        for q in ["onderwijs -AI-verordeningé", "onderwijs -\"hoog risico\""] {
            match index().search(q, &SearchOptions::default()) {
                Ok(_) | Err(crate::Error::Internal { .. }) => {}
                Err(e) => panic!("{q}: {e}"),
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn searching_any_query_answers_or_rejects(q in queries(12)) {
            check_search(q)?;
        }
    }

    #[test]
    #[ignore]
    fn fuzz_search() {
        crate::fuzz::fuzz_for("fuzz_search", queries(24), check_search);
    }
}
