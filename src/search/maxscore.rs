//! The first phase of a two-phase ranking: a sum of boosted BM25 terms whose
//! best passages are found with MaxScore (Turtle and Flood, 1995), as
//! Lucene ranks a disjunction.
//!
//! The terms are ordered by the most each can add to a score. Given the
//! score a passage must beat, the terms whose maxima together cannot beat
//! it are *non-essential*: a passage holding only those cannot enter the
//! top k. Only the passages of the essential terms are visited; the
//! non-essential terms are asked about each of those passages, the most
//! valuable first, until what they could still add cannot lift it over the
//! score to beat. As that score rises, more terms become non-essential, so
//! a question's common words are soon only looked up, never walked.
//!
//! The essential terms add their scores into a window of passages term by
//! term (Lucene's `MaxScoreBulkScorer` does the same), so no passage is
//! found by asking every term where it stands. tantivy's Block-WAND keeps
//! all of its terms sorted by their next passage instead; with the 10–30
//! terms of a question that bookkeeping cost most of the query's time.
//!
//! The first phase only picks candidates for the second to rescore, so it
//! may skip as if the score to beat were a few times higher than it is
//! (the threshold factor of Broder et al.'s WAND, 2003): a term is
//! non-essential once its maxima together cannot beat that many times the
//! score, and a passage stops asking the other terms once they could not
//! lift it that far, but never further than the best score found so far.
//! A passage scoring more than that many times the final score to beat is
//! still found, with its exact score, and so is the best; the one term that
//! can add most stays essential whenever the plain rule keeps it so, so the
//! walk never ends before the passages are seen.

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{Bm25Weight, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, Score, SegmentReader, Term, TERMINATED};

use super::term::{explain_by_scoring, Entries};

/// The sum of BM25 scores of terms, each times its weight, and of fixed
/// scores for passages that hold other terms (a reference typed in the
/// query: the passages citing it, and the paper itself); its weight ranks
/// with MaxScore in [`Weight::for_each_pruning`].
#[derive(Debug, Clone)]
pub(crate) struct TermSum {
    terms: Vec<(Term, Score)>,
    constants: Vec<(Term, Score)>,
    factor: Score,
}

impl TermSum {
    pub(crate) fn new(terms: Vec<(Term, Score)>) -> Self {
        TermSum {
            terms,
            constants: Vec::new(),
            factor: 1.0,
        }
    }

    /// The same sum, skipping as if the score to beat were `factor` times
    /// what it is (at least 1; see the module's documentation).
    pub(crate) fn with_factor(mut self, factor: Score) -> Self {
        self.factor = if factor >= 1.0 { factor } else { 1.0 };
        self
    }

    /// The same sum, plus `score` for each passage holding `term`, for each
    /// of `constants`.
    pub(crate) fn with_constants(mut self, constants: Vec<(Term, Score)>) -> Self {
        self.constants = constants;
        self
    }
}

impl Query for TermSum {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let mut terms = self
            .terms
            .iter()
            .map(|(term, weight)| {
                // BM25 as tantivy's term query scores it, over the whole index.
                let (entries, bm25) = match scoring {
                    EnableScoring::Enabled {
                        searcher,
                        statistics_provider,
                    } => {
                        let entries = Entries::look_up(searcher, term)?;
                        let bm25 = entries.bm25(statistics_provider, term)?;
                        (Some(entries), bm25)
                    }
                    EnableScoring::Disabled { .. } => (None, Bm25Weight::for_one_term(1, 1, 1.0)),
                };
                Ok(SumTerm {
                    term: term.clone(),
                    entries,
                    score: TermScore::Bm25(bm25.boost_by(*weight)),
                })
            })
            .collect::<tantivy::Result<Vec<_>>>()?;
        for (term, score) in &self.constants {
            let entries = match scoring {
                EnableScoring::Enabled { searcher, .. } => Some(Entries::look_up(searcher, term)?),
                EnableScoring::Disabled { .. } => None,
            };
            terms.push(SumTerm {
                term: term.clone(),
                entries,
                score: TermScore::Constant(*score),
            });
        }
        Ok(Box::new(TermSumWeight {
            terms,
            factor: self.factor,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for (term, _) in self.terms.iter().chain(&self.constants) {
            visitor(term, false);
        }
    }
}

/// What a term adds to the score of a passage holding it.
#[derive(Clone)]
enum TermScore {
    /// Its BM25 score, boosted.
    Bm25(Bm25Weight),
    /// The same score wherever it is held.
    Constant(Score),
}

/// A term of the sum, its dictionary entries (when scoring) and its score.
struct SumTerm {
    term: Term,
    entries: Option<Entries>,
    score: TermScore,
}

struct TermSumWeight {
    terms: Vec<SumTerm>,
    factor: Score,
}

/// How a cursor scores the passage it stands on.
enum CursorScore {
    Bm25 {
        norms: FieldNormReader,
        bm25: Bm25Weight,
    },
    Constant(Score),
}

/// One term in a segment and the most it can add to a score.
struct Cursor {
    postings: SegmentPostings,
    scoring: CursorScore,
    max: Score,
}

impl Cursor {
    fn doc(&self) -> DocId {
        self.postings.doc()
    }

    fn score(&self) -> Score {
        match &self.scoring {
            CursorScore::Bm25 { norms, bm25 } => {
                bm25.score(norms.fieldnorm_id(self.doc()), self.postings.term_freq())
            }
            CursorScore::Constant(score) => *score,
        }
    }

    /// Adds the scores of the passages from `start` to before `end` to
    /// `scores` (by their distance from `start`) and marks them in `held`.
    fn add_window(&mut self, start: DocId, end: DocId, scores: &mut [Score], held: &mut [u64]) {
        let mut doc = self.doc();
        let mut add = |doc: DocId, score: Score| {
            let slot = (doc - start) as usize;
            scores[slot] += score;
            held[slot / 64] |= 1 << (slot % 64);
        };
        // One loop for each way of scoring, so that a passage costs no choice.
        match &self.scoring {
            CursorScore::Bm25 { norms, bm25 } => {
                while doc < end {
                    let score = bm25.score(norms.fieldnorm_id(doc), self.postings.term_freq());
                    add(doc, score);
                    doc = self.postings.advance();
                }
            }
            CursorScore::Constant(score) => {
                while doc < end {
                    add(doc, *score);
                    doc = self.postings.advance();
                }
            }
        }
    }
}

impl TermSumWeight {
    /// The cursors of the terms the segment holds, by the most they can add,
    /// least first.
    fn cursors(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Vec<Cursor>> {
        let mut cursors = Vec::with_capacity(self.terms.len());
        for SumTerm {
            term,
            entries,
            score,
        } in &self.terms
        {
            let field = term.field();
            let index = reader.inverted_index(field)?;
            let info = match entries {
                Some(entries) => entries.get(reader).cloned(),
                None => index.get_term_info(term)?,
            };
            let Some(info) = info else {
                continue;
            };
            let (scoring, max, record) = match score {
                TermScore::Bm25(bm25) => {
                    let bm25 = bm25.boost_by(boost);
                    let max = bm25.max_score();
                    let norms = reader.get_fieldnorms_reader(field)?;
                    (
                        CursorScore::Bm25 { norms, bm25 },
                        max,
                        IndexRecordOption::WithFreqs,
                    )
                }
                TermScore::Constant(score) => (
                    CursorScore::Constant(score * boost),
                    score * boost,
                    IndexRecordOption::Basic,
                ),
            };
            cursors.push(Cursor {
                postings: index.read_postings_from_terminfo(&info, record)?,
                scoring,
                max,
            });
        }
        cursors.sort_by(|a, b| a.max.total_cmp(&b.max));
        Ok(cursors)
    }
}

impl Weight for TermSumWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut sum = Sum {
            cursors: self.cursors(reader, boost)?,
            doc: 0,
        };
        sum.doc = sum.next_doc();
        Ok(Box::new(sum))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        explain_by_scoring(self, reader, doc, "sum of the terms")
    }

    fn for_each_pruning(
        &self,
        threshold: Score,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score) -> Score,
    ) -> tantivy::Result<()> {
        max_score(self.cursors(reader, 1.0)?, threshold, self.factor, callback);
        Ok(())
    }
}

/// Passages scored together: the essential terms add their scores to one
/// window of this many passages, term by term, before the passages they
/// hold are completed one by one.
const WINDOW: usize = 2048;

/// Calls `callback` with passages whose score beats `threshold` (a score
/// that may be missed, not one that may pass), the threshold becoming what
/// the callback returns. With `factor` 1 these are every such passage with
/// its score; above 1, every passage whose score beats `factor` times the
/// threshold or the best score handed over so far, with its score, and
/// others with a score that may fall short of theirs. `cursors` are ordered
/// by `max`, least first.
fn max_score(
    mut cursors: Vec<Cursor>,
    mut threshold: Score,
    factor: Score,
    callback: &mut dyn FnMut(DocId, Score) -> Score,
) {
    // bound[i]: the most the cursors 0..=i can add together.
    let bound: Vec<Score> = cursors
        .iter()
        .scan(0.0, |sum, c| {
            *sum += c.max;
            Some(*sum)
        })
        .collect();
    let mut scores: Vec<Score> = vec![0.0; WINDOW];
    let mut held: Vec<u64> = vec![0; WINDOW / 64];
    // Cursors 0..essential are non-essential.
    let mut essential = 0;
    // The best score handed over, and what a passage must be able to beat
    // not to be skipped: `factor` times the threshold, but never more than
    // the best, so that where the scores lie close together (a query of
    // common words only) little more is skipped than the best k allow.
    let mut best: Score = 0.0;
    let skip_below = |threshold: Score, best: Score| threshold.max((threshold * factor).min(best));
    let mut skip = skip_below(threshold, best);
    loop {
        // The last cursor stays essential unless the plain rule drops it:
        // with none essential the walk would end.
        while essential < cursors.len()
            && (bound[essential] <= threshold
                || (essential + 1 < cursors.len() && bound[essential] <= skip))
        {
            essential += 1;
        }
        let Some(start) = cursors[essential..].iter().map(Cursor::doc).min() else {
            return;
        };
        if start == TERMINATED {
            return;
        }
        let end = start.saturating_add(WINDOW as DocId);
        for c in &mut cursors[essential..] {
            c.add_window(start, end, &mut scores, &mut held);
        }
        let non_essential = essential;
        for (word, held) in held.iter_mut().enumerate() {
            let mut bits = std::mem::take(held);
            while bits != 0 {
                let slot = word * 64 + bits.trailing_zeros() as usize;
                bits &= bits - 1;
                let doc = start + slot as DocId;
                let mut score = std::mem::take(&mut scores[slot]);
                for i in (0..non_essential).rev() {
                    if score + bound[i] <= skip {
                        break;
                    }
                    let c = &mut cursors[i];
                    if c.doc() < doc {
                        c.postings.seek(doc);
                    }
                    if c.doc() == doc {
                        score += c.score();
                    }
                }
                if score > threshold {
                    threshold = callback(doc, score);
                    best = best.max(score);
                    skip = skip_below(threshold, best);
                }
            }
        }
    }
}

/// The plain sum, passage by passage: what [`max_score`] prunes.
struct Sum {
    cursors: Vec<Cursor>,
    doc: DocId,
}

impl Sum {
    fn next_doc(&self) -> DocId {
        self.cursors
            .iter()
            .map(Cursor::doc)
            .min()
            .unwrap_or(TERMINATED)
    }
}

impl DocSet for Sum {
    fn advance(&mut self) -> DocId {
        let doc = self.doc;
        for c in &mut self.cursors {
            if c.doc() == doc {
                c.postings.advance();
            }
        }
        self.doc = self.next_doc();
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        for c in &mut self.cursors {
            if c.doc() < target {
                c.postings.seek(target);
            }
        }
        self.doc = self.next_doc();
        self.doc
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.cursors
            .iter()
            .map(|c| c.postings.size_hint())
            .max()
            .unwrap_or(0)
    }
}

impl Scorer for Sum {
    fn score(&mut self) -> Score {
        let doc = self.doc;
        self.cursors
            .iter()
            .filter(|c| c.doc() == doc)
            .map(Cursor::score)
            .sum()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::collections::BinaryHeap;

    use tantivy::schema::{Schema, TEXT};
    use tantivy::{doc, Index, IndexWriter, Searcher};

    use super::*;

    /// An index of `passages` passages over `words`, word k picked about
    /// twice as often as word k + 1, committed every `per_segment` passages
    /// (one segment each, below tantivy's merge threshold).
    pub(crate) fn index_of_words(
        words: &[&str],
        passages: usize,
        per_segment: usize,
        mut seed: u64,
    ) -> (Searcher, tantivy::schema::Field) {
        let mut schema = Schema::builder();
        let body = schema.add_text_field("body", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 20_000_000).unwrap();
        for i in 0..passages {
            let mut text = String::new();
            for _ in 0..(3 + i % 17) {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let r = (seed >> 33) as u32;
                let k = (r.trailing_zeros() as usize).min(words.len() - 1);
                text.push_str(words[k]);
                text.push(' ');
            }
            writer.add_document(doc!(body => text)).unwrap();
            if i % per_segment == per_segment - 1 {
                writer.commit().unwrap();
            }
        }
        let searcher = index.reader().unwrap().searcher();
        assert_eq!(searcher.segment_readers().len(), passages / per_segment);
        (searcher, body)
    }

    /// 3,000 passages over eight words of unequal frequency, in three
    /// segments.
    fn searcher() -> (Searcher, tantivy::schema::Field) {
        let words = [
            "de",
            "wet",
            "stikstof",
            "boer",
            "natuur",
            "vergunning",
            "rechter",
            "piek",
        ];
        index_of_words(&words, 3000, 1000, 7)
    }

    fn query(body: tantivy::schema::Field) -> TermSum {
        TermSum::new(
            [
                ("de", 0.3),
                ("wet", 1.0),
                ("stikstof", 1.0),
                ("natuur", 0.8),
                ("piek", 2.0),
            ]
            .into_iter()
            .map(|(w, weight)| (Term::from_field_text(body, w), weight))
            .collect(),
        )
        // A word held by a few passages, scoring alike in each.
        .with_constants(vec![(Term::from_field_text(body, "rechter"), 2.5)])
    }

    /// Every passage's score, from the plain sum, best first.
    pub(crate) fn every_score(
        searcher: &Searcher,
        weight: &dyn Weight,
    ) -> Vec<(Score, u32, DocId)> {
        let mut all = Vec::new();
        for (ord, reader) in searcher.segment_readers().iter().enumerate() {
            let mut scorer = weight.scorer(reader, 1.0).unwrap();
            while scorer.doc() != TERMINATED {
                all.push((scorer.score(), ord as u32, scorer.doc()));
                scorer.advance();
            }
        }
        all.sort_by(|a, b| b.0.total_cmp(&a.0).then((a.1, a.2).cmp(&(b.1, b.2))));
        all
    }

    #[test]
    fn the_plain_sum_scores_as_tantivys_boolean_query_of_boosted_terms() {
        let (searcher, body) = searcher();
        let ours = query(body);
        let term_query = |term: &Term| {
            Box::new(tantivy::query::TermQuery::new(
                term.clone(),
                IndexRecordOption::WithFreqs,
            ))
        };
        let mut clauses: Vec<(tantivy::query::Occur, Box<dyn Query>)> = ours
            .terms
            .iter()
            .map(|(term, weight)| {
                let q: Box<dyn Query> =
                    Box::new(tantivy::query::BoostQuery::new(term_query(term), *weight));
                (tantivy::query::Occur::Should, q)
            })
            .collect();
        assert_eq!(ours.constants.len(), 1);
        for (term, score) in &ours.constants {
            let q: Box<dyn Query> = Box::new(tantivy::query::ConstScoreQuery::new(
                term_query(term),
                *score,
            ));
            clauses.push((tantivy::query::Occur::Should, q));
        }
        let theirs = tantivy::query::BooleanQuery::new(clauses);
        let scoring = EnableScoring::enabled_from_searcher(&searcher);
        let a = every_score(&searcher, &*ours.weight(scoring).unwrap());
        let b = every_score(&searcher, &*theirs.weight(scoring).unwrap());
        assert_eq!(a.len(), b.len());
        assert!(a.len() > 2500, "{} passages match", a.len());
        for (x, y) in a.iter().zip(&b) {
            assert!((x.0 - y.0).abs() < 1e-4, "{x:?} against {y:?}");
        }
    }

    /// The best `k` passages as the first phase collects them, the threshold
    /// carried from one segment to the next: (score, segment, passage) best
    /// first, how many passages were handed over, and the final score to beat.
    fn best_k(
        searcher: &Searcher,
        weight: &dyn Weight,
        k: usize,
    ) -> (Vec<(Score, u32, DocId)>, usize, Score) {
        let mut best: BinaryHeap<std::cmp::Reverse<(u32, u32, DocId)>> = BinaryHeap::new();
        let mut floor: Score = 0.0;
        let mut visited = 0;
        for (ord, reader) in searcher.segment_readers().iter().enumerate() {
            weight
                .for_each_pruning(floor, reader, &mut |doc, score| {
                    visited += 1;
                    best.push(std::cmp::Reverse((score.to_bits(), ord as u32, doc)));
                    if best.len() > k {
                        best.pop();
                    }
                    if best.len() == k {
                        floor = f32::from_bits(best.peek().unwrap().0 .0);
                    }
                    floor
                })
                .unwrap();
        }
        let mut found: Vec<(Score, u32, DocId)> = best
            .into_iter()
            .map(|std::cmp::Reverse((bits, ord, doc))| (f32::from_bits(bits), ord, doc))
            .collect();
        found.sort_by(|a, b| b.0.total_cmp(&a.0));
        (found, visited, floor)
    }

    #[test]
    fn max_score_finds_the_best_k_that_scoring_everything_finds() {
        let (searcher, body) = searcher();
        let weight = query(body)
            .weight(EnableScoring::enabled_from_searcher(&searcher))
            .unwrap();
        let every = every_score(&searcher, &*weight);
        for k in [1, 10, 100] {
            let (found, visited, _) = best_k(&searcher, &*weight, k);
            let expected: Vec<Score> = every[..k].iter().map(|x| x.0).collect();
            assert_eq!(found.len(), k);
            for (x, y) in found.iter().zip(&expected) {
                assert!(
                    (x.0 - y).abs() < 1e-4,
                    "k = {k}: {found:?} against {expected:?}"
                );
            }
            // It skipped passages: fewer were handed over than match.
            if k < 100 {
                assert!(
                    visited < every.len() / 2,
                    "k = {k}: {visited} of {}",
                    every.len()
                );
            }
        }
    }

    #[test]
    fn a_factor_keeps_the_best_and_every_passage_beating_it_times_the_score_to_beat_and_skips_more()
    {
        let (searcher, body) = searcher();
        let scoring = EnableScoring::enabled_from_searcher(&searcher);
        let exact = query(body).weight(scoring).unwrap();
        let every = every_score(&searcher, &*exact);
        let factor = 1.5;
        let loose = query(body).with_factor(factor).weight(scoring).unwrap();
        for k in [100, 400] {
            let (_, visited_exact, _) = best_k(&searcher, &*exact, k);
            let (found, visited, floor) = best_k(&searcher, &*loose, k);
            assert_eq!(found.len(), k);
            // The best, and every passage above factor times the score to beat.
            assert!((found[0].0 - every[0].0).abs() < 1e-4, "k = {k}");
            let sure: Vec<_> = every.iter().filter(|x| x.0 > factor * floor).collect();
            assert!(!sure.is_empty(), "k = {k}: none above {factor} x {floor}");
            for (score, ord, doc) in &sure {
                let hit = found.iter().find(|f| (f.1, f.2) == (*ord, *doc));
                assert!(
                    hit.is_some_and(|f| (f.0 - score).abs() < 1e-4),
                    "k = {k}: ({score}, {ord}, {doc}) above {factor} x {floor}: {hit:?}"
                );
            }
            assert!(
                visited < visited_exact,
                "k = {k}: {visited} against {visited_exact}"
            );
        }
    }
}
