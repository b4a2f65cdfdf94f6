//! Building the tantivy query of a parsed query: the ranked clauses of its
//! words, phrases, prefixes, compounds and references, restricted by its
//! filters.

use std::collections::HashSet;

use tantivy::query::{
    AllQuery, BitSetDocSet, BooleanQuery, BoostQuery, ConstScoreQuery, ConstScorer, EmptyQuery,
    EnableScoring, Explanation, Occur as TOccur, PhraseQuery, Query, RangeQuery, RegexQuery,
    Scorer, TermQuery, Weight,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Score, Searcher, SegmentReader, Term, TERMINATED};

use super::any::AnyTerm;
use super::maxscore::TermSum;
use super::term::{Bm25Term, Entries};
use super::{Weights, COARSE_MAX_SHARE, COARSE_MIN_DF, PROXIMITY_SLOP};
use crate::analyze;
use crate::error::{Error, Result};
use crate::index::Fields;
use crate::query::{self, Clause, Filter, Occur, ParsedQuery};

pub(crate) struct Analyzers {
    nl: tantivy::tokenizer::TextAnalyzer,
    en: tantivy::tokenizer::TextAnalyzer,
    exact: tantivy::tokenizer::TextAnalyzer,
    head: tantivy::tokenizer::TextAnalyzer,
    grams: tantivy::tokenizer::TextAnalyzer,
}

impl Analyzers {
    pub(crate) fn new() -> Self {
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

/// An excluded clause, read into the list of its documents in each segment
/// (a bit set) before it excludes anything. tantivy 0.27's phrase scorer, when an
/// exclusion asks it about a document behind the one it stands on (which the
/// exclusion's contract allows), trips its own debug assertion; a set of
/// documents answers any such question.
#[derive(Debug)]
struct Excluded(Box<dyn Query>);

impl Clone for Excluded {
    fn clone(&self) -> Self {
        Excluded(self.0.box_clone())
    }
}

impl Query for Excluded {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(ExcludedWeight(self.0.weight(scoring)?)))
    }
}

struct ExcludedWeight(Box<dyn Weight>);

impl Weight for ExcludedWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut inner = self.0.scorer(reader, boost)?;
        let mut docs = tantivy::BitSet::with_max_value(reader.max_doc());
        let mut doc = inner.doc();
        while doc != TERMINATED {
            docs.insert(doc);
            doc = inner.advance();
        }
        Ok(Box::new(ConstScorer::new(BitSetDocSet::from(docs), 0.0)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.0.explain(reader, doc)
    }
}

/// A term query for one term, a phrase (with the terms' positions) for several.
fn with_positions(field: Field, terms: &[(usize, String)]) -> Option<Box<dyn Query>> {
    match terms {
        [] => None,
        [(_, one)] => Some(Box::new(Bm25Term::new(Term::from_field_text(field, one)))),
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

/// A query ranked in two phases, as Lucene's rescoring and Vespa's first and
/// second phase rank. The first phase is a sum of boosted terms (the
/// query's words in the stemmed passage text), which MaxScore
/// ([`TermSum`]) ranks without scoring most of the passages that hold a
/// term; beside it, clauses whose matches all score alike (the compounds of
/// a short query's word) give any of theirs. The second phase scores those
/// candidates with every ranked clause of the query (other fields, phrases,
/// proximity, word heads and n-grams): their sum is the score of the whole
/// query.
pub(crate) struct TwoPhase {
    pub first: Box<dyn Query>,
    /// The first phase with the common words it leaves out, if it does: when
    /// the other words hold fewer passages than candidates are wanted, the
    /// passages holding only common words may rank among the best.
    pub first_all: Option<Box<dyn Query>>,
    /// The filters and required words: every candidate matches each.
    pub filtered: Vec<Box<dyn Query>>,
    /// What the excluded clauses and filters match: no candidate may match one.
    pub excluded: Vec<Box<dyn Query>>,
    /// The compounds of a short query's words. Every compound scores the
    /// same, so the first phase takes the first passages that hold any of
    /// them, beside the best of its terms; the second phase adds their
    /// score to the candidates that hold one.
    pub compounds: Vec<AnyTerm>,
    /// The other ranked clauses.
    pub clauses: Vec<Box<dyn Query>>,
}

/// A built query: the query whose matches are the result set and whose score
/// ranks them, the words its compounds added (for highlighting), and, where
/// its ranking allows, the same ranking in two phases.
pub(crate) struct Built {
    pub query: Box<dyn Query>,
    pub expansions: Vec<String>,
    pub two_phase: Option<TwoPhase>,
}

/// An analysed term and its position.
type Positioned = (usize, String);

/// A term the first phase may score: field, text, weight, and the number of
/// the query word it comes from.
type FirstTerm = (Field, String, f32, usize);

/// The terms of at most this many query words make the first phase: the
/// words that can add most to a score (weight × idf). A long question's
/// other words have a part in the second phase's score, not in which
/// passages it sees.
pub const FIRST_PHASE_WORDS: usize = 16;

/// In a query of [`FIRST_PHASE_COMMON_MIN_WORDS`] words or more, the words
/// whose stemmed term more than this share of the passages hold do not pick
/// the first phase's candidates (unless all its words are that common). They
/// add to every candidate's score in the second phase, but walking their
/// postings was most of a question's first phase, and grows with the corpus
/// (see PERFORMANCE.md, 2026-12-04).
pub const FIRST_PHASE_MAX_SHARE: f32 = 0.05;

/// Below this many words, where each word weighs much in a score, every word
/// picks the candidates ([`FIRST_PHASE_MAX_SHARE`]).
pub const FIRST_PHASE_COMMON_MIN_WORDS: usize = 4;

/// A query with filters or required words (`+word`) is ranked in two phases
/// when they are known to let at least this share of the passages through
/// (`lang:nl`, a range of years, `+de`); with fewer, scoring every match
/// costs less.
pub const FILTERED_TWO_PHASE_SHARE: f64 = 0.2;

/// Adds terms to the first phase, unless a clause it cannot rank ended it.
fn first_extend(first: &mut Option<Vec<FirstTerm>>, terms: Vec<FirstTerm>) {
    if let Some(f) = first.as_mut() {
        f.extend(terms);
    }
}

/// What a query is built against: the index's fields, a searcher (for term
/// statistics and the document types), and the compound list.
pub(crate) struct Build<'a> {
    pub fields: &'a Fields,
    pub searcher: &'a Searcher,
    pub compounds: &'a [u8],
    /// [`SearchOptions::first_phase_factor`](super::SearchOptions::first_phase_factor).
    pub first_phase_factor: f32,
}

impl Build<'_> {
    /// The clauses that score one query word, each a `Should`, and those of
    /// them that are boosted terms (what the first phase scores, see
    /// [`TwoPhase`]).
    fn word_clauses(
        &self,
        a: &mut Analyzers,
        w: &Weights,
        word: &str,
        scored: bool,
    ) -> (Vec<TClause>, Vec<FirstTerm>) {
        let f = &self.fields;
        let nl = analyze::positioned_terms(&mut a.nl, word);
        let exact = analyze::positioned_terms(&mut a.exact, word);
        if nl.is_empty() && scored {
            // A stop word: it says nothing about the topic.
            return (Vec::new(), Vec::new());
        }
        let en = analyze::positioned_terms(&mut a.en, word);
        let mut specs: Vec<(Field, &[Positioned], f32)> = vec![
            (f.body, &nl, w.body),
            (f.body_en, &en, w.body),
            (f.exact, &exact, w.exact),
            (f.title, &nl, w.title),
            (f.section, &nl, w.section),
            (f.notes, &nl, w.notes),
            (f.dossier_title, &nl, w.dossier_title),
        ];
        if nl.len() > 1 && scored {
            // A compound typed with a hyphen (AI-verordening) also finds its parts
            // written apart, for less.
            let share = w.body * w.compound_part / nl.len() as f32;
            for part in &nl {
                specs.push((f.body, std::slice::from_ref(part), share));
            }
        }
        let mut clauses = Vec::new();
        let mut terms = Vec::new();
        for (field, positioned, weight) in specs {
            // The stemmed passage text (Dutch or English): the unstemmed text
            // and the other fields add to a score, and the second phase adds
            // them.
            let main = field == f.body || field == f.body_en;
            if let ([(_, one)], true, true) = (positioned, weight > 0.0, main) {
                terms.push((field, one.clone(), weight, 0));
            }
            clauses.extend(boosted(with_positions(field, positioned), weight));
        }
        (clauses, terms)
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

    /// The share of all passages that hold `word` in their text, stemmed or
    /// as typed, whichever is more.
    fn word_share(&self, a: &mut Analyzers, word: &str) -> f64 {
        let f = &self.fields;
        let held = |field: Field, terms: Vec<String>| {
            terms
                .iter()
                .map(|t| {
                    self.searcher
                        .doc_freq(&Term::from_field_text(field, t))
                        .unwrap_or(0)
                })
                .min()
                .unwrap_or(0)
        };
        let most = held(f.body, analyze::terms(&mut a.nl, word))
            .max(held(f.exact, analyze::terms(&mut a.exact, word)));
        most as f64 / self.searcher.num_docs().max(1) as f64
    }

    /// The share of all passages that `filters` (each excluding or not) let
    /// through, as if they were independent; 0 when one of them is not known.
    fn passing_share(&self, filters: &[(&Filter, bool)]) -> f64 {
        let mut share = 1.0;
        for (filter, excludes) in filters {
            let Some(held) = self.filter_share(filter) else {
                return 0.0;
            };
            share *= if *excludes { 1.0 - held } else { held };
            if share < FILTERED_TWO_PHASE_SHARE {
                break;
            }
        }
        share
    }

    /// The share of all passages `filter` holds, where the term dictionary
    /// tells it: a type, dossier, document, language or reference (the
    /// passages holding its term), a range of years or dates (the passages
    /// holding each value in it); `None` for a path, section or submitter.
    fn filter_share(&self, filter: &Filter) -> Option<f64> {
        let f = &self.fields;
        let searcher = self.searcher;
        let held = |field: Field, value: &str| {
            searcher.doc_freq(&Term::from_field_text(field, value)).ok()
        };
        let count = match filter {
            Filter::Type(t) => held(f.doc_type, t)?,
            Filter::Dossier(d) => held(f.dossier, d)?,
            Filter::Doc(id) => held(f.doc_id, id)?,
            Filter::Lang(l) => held(f.lang, l)?,
            Filter::Ref(r) => held(
                f.refs,
                &crate::references::canonical_of(r).unwrap_or_else(|| r.clone()),
            )?,
            Filter::Year(lo, hi) => self.held_in_range(f.year, *lo, *hi)?,
            // Whole years (`date:2020..`) are counted by the year's few
            // values, not the days'.
            Filter::Date(lo, hi) if lo % 10_000 <= 101 && hi % 10_000 == 1231 => {
                self.held_in_range(f.year, lo / 10_000, hi / 10_000)?
            }
            Filter::Date(lo, hi) => self.held_in_range(f.date, *lo, *hi)?,
            Filter::Path(_) | Filter::Section(_) | Filter::Indiener(_) => return None,
        };
        Some(count as f64 / searcher.num_docs().max(1) as f64)
    }

    /// Passages holding a value from `lo` to `hi` in the numeric `field`.
    fn held_in_range(&self, field: Field, lo: u64, hi: u64) -> Option<u64> {
        let mut count = 0;
        for reader in self.searcher.segment_readers() {
            let index = reader.inverted_index(field).ok()?;
            let lo = Term::from_field_u64(field, lo);
            let hi = Term::from_field_u64(field, hi);
            let mut stream = index
                .terms()
                .range()
                .ge(lo.serialized_value_bytes())
                .le(hi.serialized_value_bytes())
                .into_stream()
                .ok()?;
            while stream.advance() {
                count += u64::from(stream.value().doc_freq);
            }
        }
        Some(count)
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
    pub(crate) fn query(&self, parsed: &ParsedQuery, w: &Weights) -> Result<Built> {
        let mut a = Analyzers::new();
        let searcher = self.searcher;
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
        // The first phase's terms; `None` once a clause is met whose matches
        // they may not find (a phrase, a prefix, a required phrase).
        let mut first: Option<Vec<FirstTerm>> = Some(Vec::new());
        // What an excluded clause (`-word`, `-"phrase"`) matches: a candidate
        // of the first phase may not match it.
        let mut excluded: Vec<Box<dyn Query>> = Vec::new();
        // What a filter matches: a candidate must match it.
        let mut filtered: Vec<Box<dyn Query>> = Vec::new();
        // The clauses of required words: a candidate must match each, and
        // each adds its score.
        let mut required_words: Vec<Box<dyn Query>> = Vec::new();
        // The share of passages holding every required word, as if they were
        // independent.
        let mut required_share = 1.0;
        // The filters, and whether each excludes.
        let mut filter_clauses: Vec<(&Filter, bool)> = Vec::new();
        // The compounds of a short query's words: ranked clauses that the
        // two phases treat apart (see `TwoPhase::compounds`).
        let mut compounds: Vec<AnyTerm> = Vec::new();
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
                    let (scoring, terms) = self.word_clauses(&mut a, w, word, true);
                    if scoring.is_empty() {
                        stop_words.push(word);
                    }
                    ranked.extend(scoring);
                    let group = i;
                    first_extend(
                        &mut first,
                        terms.into_iter().map(|t| (t.0, t.1, t.2, group)).collect(),
                    );
                    if !long {
                        if let Some((clause, words)) =
                            self.compound_clause(&mut a, searcher, w, word)
                        {
                            compounds.push(clause);
                            expansions.extend(words);
                        }
                    }
                }
                (Occur::Should, Clause::Phrase(_)) if spelled.contains(&i) => {}
                (_, Clause::Filter(filter)) => {
                    let q = self.filter_query(&mut a, searcher, filter, column)?;
                    let excludes = *occur == Occur::MustNot;
                    filter_clauses.push((filter, excludes));
                    let o = if excludes {
                        excluded.push(q.box_clone());
                        TOccur::MustNot
                    } else {
                        filtered.push(q.box_clone());
                        TOccur::Must
                    };
                    let q: Box<dyn Query> = Box::new(ConstScoreQuery::new(q, 0.0));
                    filters.push((o, q));
                }
                (occur, clause) => {
                    // An exclusion restricts which passages may be
                    // candidates, and so does a required word, whose terms
                    // the first phase ranks; anything else ranks passages
                    // the first phase's terms may not find.
                    let required_word = *occur == Occur::Must && matches!(clause, Clause::Word(_));
                    if *occur != Occur::MustNot && !required_word {
                        first = None;
                    }
                    let q = match clause {
                        Clause::Word(word) => {
                            let (scoring, terms) = self.word_clauses(&mut a, w, word, false);
                            if required_word {
                                required_share *= self.word_share(&mut a, word);
                                first_extend(
                                    &mut first,
                                    terms.into_iter().map(|t| (t.0, t.1, t.2, i)).collect(),
                                );
                            }
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
                        Occur::Must => {
                            if required_word {
                                required_words.push(q.box_clone());
                            }
                            required.push((TOccur::Must, q));
                        }
                        Occur::MustNot => {
                            excluded.push(q.box_clone());
                            required.push((TOccur::MustNot, Box::new(Excluded(q))));
                        }
                    }
                }
            }
        }
        if ranked.is_empty() && !stop_words.is_empty() {
            // Only stop words: they are what the user looks for, word for word.
            for word in &stop_words {
                let exact = analyze::positioned_terms(&mut a.exact, word);
                if let [(_, one)] = exact.as_slice() {
                    first_extend(
                        &mut first,
                        vec![(self.fields.exact, one.clone(), w.body, 0)],
                    );
                }
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
        // A paper typed in the query scores alike in all passages citing it
        // (and more in its own): the first phase adds that score too.
        let mut constants: Vec<(Term, f32)> = Vec::new();
        for r in references {
            constants.push((Term::from_field_text(self.fields.refs, &r), w.reference));
            constants.push((
                Term::from_field_text(self.fields.doc_id, &r),
                2.0 * w.reference,
            ));
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
        let two_phase = first
            // Filters and required words that let few passages through leave
            // few to score in full; the first phase would walk the other
            // words' passages all the same.
            .filter(|t| {
                !t.is_empty()
                    && required_share * self.passing_share(&filter_clauses)
                        >= FILTERED_TWO_PHASE_SHARE
            })
            .map(|terms| {
                let (first, first_all) = self.first_phase(terms, constants);
                TwoPhase {
                    first,
                    first_all,
                    filtered: filtered
                        .into_iter()
                        .chain(required_words.iter().map(|q| q.box_clone()))
                        .collect(),
                    excluded,
                    compounds: compounds.clone(),
                    clauses: ranked
                        .iter()
                        .map(|(_, q)| q.box_clone())
                        .chain(required_words)
                        .collect(),
                }
            });
        ranked.extend(
            compounds
                .into_iter()
                .map(|c| (TOccur::Should, Box::new(c) as Box<dyn Query>)),
        );
        let has_required = required.iter().any(|(o, _)| *o == TOccur::Must);
        let mut clauses = filters;
        if has_required {
            clauses.extend(ranked);
        } else if !ranked.is_empty() {
            clauses.push((TOccur::Must, Box::new(BooleanQuery::new(ranked))));
        } else if !parsed.is_filter_only() {
            // Words that match nothing the index could hold (all dropped as
            // question words or spelled references without a reference).
            return Ok(Built {
                query: Box::new(EmptyQuery),
                expansions,
                two_phase: None,
            });
        }
        clauses.extend(required);
        if !clauses.iter().any(|(o, _)| *o == TOccur::Must) {
            clauses.push((TOccur::Must, Box::new(AllQuery)));
        }
        Ok(Built {
            query: Box::new(BooleanQuery::new(clauses)),
            expansions,
            two_phase,
        })
    }

    /// The first phase's query: a union of the terms of the words that can
    /// add most to a score, each term once at the most it weighs. A word
    /// weighs what its stemmed term in the passage text can add (its idf in
    /// the other fields, such as the few English passages, says little). The
    /// common words of a query of several words are left out
    /// ([`FIRST_PHASE_MAX_SHARE`]); the query with them is returned beside
    /// it, for when the other words hold too few passages.
    fn first_phase(
        &self,
        mut terms: Vec<FirstTerm>,
        constants: Vec<(Term, f32)>,
    ) -> (Box<dyn Query>, Option<Box<dyn Query>>) {
        terms.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)).then(b.2.total_cmp(&a.2)));
        terms.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
        let n = self.searcher.num_docs() as f32;
        let words: HashSet<usize> = terms.iter().map(|t| t.3).collect();
        let many = words.len() > FIRST_PHASE_WORDS;
        let several = words.len() >= FIRST_PHASE_COMMON_MIN_WORDS;
        // A word weighs, and is as common, as its term in the passage text
        // (its English stem, in the few English passages, says nothing about
        // either).
        let in_text = |field: Field| field == self.fields.body || field == self.fields.exact;
        // The passages holding each term, counted where they decide.
        let held: Vec<f32> = terms
            .iter()
            .map(|(field, text, _, _)| {
                if (many || several) && in_text(*field) {
                    let term = Term::from_field_text(*field, text);
                    self.searcher.doc_freq(&term).unwrap_or(0) as f32
                } else {
                    0.0
                }
            })
            .collect();
        let mut terms: Vec<(FirstTerm, f32)> = terms.into_iter().zip(held).collect();
        if many {
            let mut weight_of: std::collections::HashMap<usize, f32> = Default::default();
            for ((field, _, weight, group), df) in &terms {
                if !in_text(*field) {
                    continue;
                }
                // A term no passage holds finds nothing.
                let idf = if *df > 0.0 {
                    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
                } else {
                    0.0
                };
                let best = weight_of.entry(*group).or_default();
                *best = best.max(idf * weight);
            }
            let mut groups: Vec<(f32, usize)> =
                weight_of.into_iter().map(|(g, w)| (w, g)).collect();
            groups.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            let kept: HashSet<usize> = groups
                .into_iter()
                .filter(|(weight, _)| *weight > 0.0)
                .take(FIRST_PHASE_WORDS)
                .map(|(_, group)| group)
                .collect();
            terms.retain(|(t, _)| kept.contains(&t.3));
        }
        let sum = |terms: &[(FirstTerm, f32)]| -> Box<dyn Query> {
            Box::new(
                TermSum::new(
                    terms
                        .iter()
                        .map(|((field, text, weight, _), _)| {
                            (Term::from_field_text(*field, text), *weight)
                        })
                        .collect(),
                )
                .with_constants(constants.clone())
                .with_factor(self.first_phase_factor),
            )
        };
        let mut all = None;
        if several {
            let common: HashSet<usize> = terms
                .iter()
                .filter(|((field, _, _, _), df)| in_text(*field) && *df > FIRST_PHASE_MAX_SHARE * n)
                .map(|((_, _, _, group), _)| *group)
                .collect();
            if !common.is_empty()
                && terms
                    .iter()
                    .any(|((_, _, _, group), _)| !common.contains(group))
            {
                all = Some(sum(&terms));
                terms.retain(|((_, _, _, group), _)| !common.contains(group));
            }
        }
        (sum(&terms), all)
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
    ) -> Option<(AnyTerm, Vec<String>)> {
        if w.compound <= 0.0 {
            return None;
        }
        let stems = analyze::terms(&mut a.nl, word);
        let exact = analyze::terms(&mut a.exact, word);
        let [stem] = stems.as_slice() else {
            return None;
        };
        let list = self.compounds;
        let found = crate::compound::lookup(list, stem);
        let found: Vec<String> = found
            .into_iter()
            .filter(|c| !exact.iter().any(|e| e == c))
            .collect();
        if found.is_empty() {
            return None;
        }
        let n = searcher.num_docs() as f32;
        let df = searcher
            .doc_freq(&Term::from_field_text(self.fields.body, stem))
            .unwrap_or(0) as f32;
        let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
        let mut any = AnyTerm::new(
            self.fields.exact,
            found.iter().map(String::as_str),
            w.body * w.compound * idf,
        );
        // Both phases ask about the same terms in every segment. An error
        // here is reported where the clause is used.
        let _ = any.look_up_in(searcher);
        Some((any, found))
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
        clauses.extend(self.word_clauses(a, w, prefix, true).0);
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
        let searcher = self.searcher;
        let max_df = ((searcher.num_docs() as f64 * COARSE_MAX_SHARE) as u64).max(COARSE_MIN_DF);
        // A head or n-gram that most passages have scores next to nothing and
        // costs the most to look up: it is left out.
        // One that no passage has is left out too. The entries found for the
        // count are handed to the term's query, which need not look again.
        let term = |field: Field, t: &str, weight: f32| {
            let term = Term::from_field_text(field, t);
            let query = match Entries::look_up(searcher, &term) {
                Ok(e) if e.doc_freq == 0 || e.doc_freq > max_df => None,
                Ok(e) => Some(Bm25Term::found(term, e)),
                // Reported when the query runs.
                Err(_) => Some(Bm25Term::new(term)),
            };
            boosted(query.map(|q| Box::new(q) as Box<dyn Query>), weight)
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
