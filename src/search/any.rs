//! A query for passages holding any of many terms, all scoring alike: a short
//! query word's compounds (`stikstof` → 61 words, `werk` → 256).
//!
//! A union of that many term scorers asks each of them about every passage
//! it is moved to, and the second phase of the ranking moves it to each of
//! a few hundred candidates. Here each segment reads the terms' postings
//! once, into one sorted list of passages (a bit set when they are many),
//! which answers a question about a passage by a search in that list.
//!
//! A two-phase ranking asks less: the first `k` passages that hold any of
//! the terms ([`AnyTerm::first_in`]: the first block of each term's
//! postings holds them), and which of a few hundred candidates hold one
//! ([`AnyTerm::add_scores`]: each term's postings are moved to the
//! candidates through their skip list, so a common compound's blocks
//! between candidates are not decoded). Both ask about the same terms in
//! the same segments, so the dictionary entries are looked up once
//! ([`AnyTerm::look_up_in`]).

use std::sync::Arc;

use tantivy::index::SegmentId;
use tantivy::postings::{BlockSegmentPostings, TermInfo};
use tantivy::query::{
    BitSetDocSet, ConstScorer, EnableScoring, Explanation, Query, Scorer, Weight,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{BitSet, DocId, DocSet, Score, Searcher, SegmentReader, Term, TERMINATED};

use super::term::explain_by_scoring;

/// Passages holding any of `terms` (in one field), each scoring `score`.
#[derive(Debug, Clone)]
pub(crate) struct AnyTerm {
    field: Field,
    terms: Vec<Term>,
    score: Score,
    /// The entries of the terms each segment holds, in the searcher the
    /// query was built for ([`AnyTerm::look_up_in`]).
    found: Option<Arc<Found>>,
}

/// The dictionary entries of the terms each segment holds, by segment.
type Found = Vec<(SegmentId, Vec<TermInfo>)>;

impl AnyTerm {
    pub(crate) fn new<'a>(
        field: Field,
        words: impl IntoIterator<Item = &'a str>,
        score: Score,
    ) -> Self {
        let mut terms: Vec<Term> = words
            .into_iter()
            .map(|w| Term::from_field_text(field, w))
            .collect();
        terms.sort();
        terms.dedup();
        AnyTerm {
            field,
            terms,
            score,
            found: None,
        }
    }

    /// Looks up the terms' entries in each segment of `searcher` now, for
    /// every use of the clause on it. After an error the clause looks them
    /// up where it is used, and reports the error there.
    pub(crate) fn look_up_in(&mut self, searcher: &Searcher) -> tantivy::Result<()> {
        let found = searcher
            .segment_readers()
            .iter()
            .map(|reader| Ok((reader.segment_id(), self.look_up(reader)?)))
            .collect::<tantivy::Result<_>>()?;
        self.found = Some(Arc::new(found));
        Ok(())
    }

    /// The entries of the terms the segment holds, from its dictionary.
    fn look_up(&self, reader: &SegmentReader) -> tantivy::Result<Vec<TermInfo>> {
        let index = reader.inverted_index(self.field)?;
        let mut infos = Vec::with_capacity(self.terms.len());
        for term in &self.terms {
            infos.extend(index.get_term_info(term)?);
        }
        Ok(infos)
    }

    /// The postings of the terms the segment holds.
    fn postings(&self, reader: &SegmentReader) -> tantivy::Result<Vec<BlockSegmentPostings>> {
        let id = reader.segment_id();
        let looked_up;
        let infos = match self
            .found
            .as_deref()
            .and_then(|found| found.iter().find(|(s, _)| *s == id))
        {
            Some((_, infos)) => infos,
            // A segment the searcher did not have.
            None => {
                looked_up = self.look_up(reader)?;
                &looked_up
            }
        };
        let index = reader.inverted_index(self.field)?;
        infos
            .iter()
            .map(
                |info| Ok(index.read_block_postings_from_terminfo(info, IndexRecordOption::Basic)?),
            )
            .collect()
    }

    /// The first `k` live passages of the segment that hold any of the
    /// terms, in index order.
    pub(crate) fn first_in(&self, reader: &SegmentReader, k: usize) -> tantivy::Result<Vec<DocId>> {
        let alive = reader.alive_bitset();
        let postings = self.postings(reader)?;
        // Up to here the first blocks hold every passage of the terms: a
        // term with more blocks has its next passages after its first
        // block's last.
        let complete_to = postings
            .iter()
            .filter(|block| block.docs().len() as u32 != block.doc_freq())
            .filter_map(|block| block.docs().last().copied())
            .min()
            .unwrap_or(TERMINATED)
            .min(reader.max_doc().saturating_sub(1));
        // The passages of the first blocks, in index order: a bit set over
        // the passages up to `complete_to` orders them without a sort.
        let mut held = BitSet::with_max_value(complete_to.saturating_add(1));
        for block in &postings {
            for &doc in block.docs() {
                if doc <= complete_to {
                    held.insert(doc);
                }
            }
        }
        let mut docs: Vec<DocId> = Vec::with_capacity(k);
        let mut set = BitSetDocSet::from(held);
        let mut doc = set.doc();
        while doc != TERMINATED && docs.len() < k {
            if alive.is_none_or(|a| a.is_alive(doc)) {
                docs.push(doc);
            }
            doc = set.advance();
        }
        let more = postings
            .iter()
            .any(|block| block.docs().len() as u32 != block.doc_freq());
        if docs.len() < k && more {
            // The first k lie further on: every passage is read.
            let mut all = self.scorer(reader, 1.0)?;
            docs.clear();
            let mut doc = all.doc();
            while doc != TERMINATED && docs.len() < k {
                if alive.is_none_or(|a| a.is_alive(doc)) {
                    docs.push(doc);
                }
                doc = all.advance();
            }
        }
        Ok(docs)
    }

    /// Adds the clause's score to `scores[i]` where passage `docs[i]` (in
    /// index order) holds any of the terms.
    pub(crate) fn add_scores(
        &self,
        reader: &SegmentReader,
        docs: &[DocId],
        scores: &mut [Score],
    ) -> tantivy::Result<()> {
        if docs.is_empty() {
            return Ok(());
        }
        let mut held = vec![false; docs.len()];
        for mut block in self.postings(reader)? {
            // The first candidate not yet passed.
            let mut at = 0;
            'term: loop {
                for &doc in block.docs() {
                    if doc < docs[at] {
                        continue;
                    }
                    at += gallop(&docs[at..], doc);
                    let Some(&candidate) = docs.get(at) else {
                        break 'term;
                    };
                    if candidate == doc {
                        held[at] = true;
                    }
                }
                let (Some(&last), COMPRESSION_BLOCK_SIZE) =
                    (block.docs().last(), block.docs().len())
                else {
                    // The term's last block.
                    break;
                };
                at += gallop(&docs[at..], last.saturating_add(1));
                if at == docs.len() {
                    break;
                }
                // On to the block that may hold the next candidate, past the
                // blocks before it.
                block.seek(docs[at]);
            }
        }
        for (score, held) in scores.iter_mut().zip(held) {
            if held {
                *score += self.score;
            }
        }
        Ok(())
    }
}

impl Query for AnyTerm {
    fn weight(&self, _scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.clone()))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for term in &self.terms {
            visitor(term, false);
        }
    }
}

/// Passages are read into a bit set rather than a list when the terms'
/// postings hold more than one passage in this many of the segment.
const BITSET_SHARE: u32 = 32;

impl Weight for AnyTerm {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let postings = self.postings(reader)?;
        let total: u64 = postings.iter().map(|p| u64::from(p.doc_freq())).sum();
        let max_doc = reader.max_doc();
        let score = self.score * boost;
        if total * u64::from(BITSET_SHARE) > u64::from(max_doc) {
            let mut set = BitSet::with_max_value(max_doc);
            for mut block in postings {
                while !block.docs().is_empty() {
                    for &doc in block.docs() {
                        set.insert(doc);
                    }
                    block.advance();
                }
            }
            return Ok(Box::new(ConstScorer::new(BitSetDocSet::from(set), score)));
        }
        let mut docs: Vec<DocId> = Vec::with_capacity(total as usize);
        for mut block in postings {
            while !block.docs().is_empty() {
                docs.extend_from_slice(block.docs());
                block.advance();
            }
        }
        docs.sort_unstable();
        docs.dedup();
        Ok(Box::new(ConstScorer::new(DocList { docs, at: 0 }, score)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        explain_by_scoring(self, reader, doc, "any of the terms")
    }
}

/// Passages in a block of postings (all blocks but a term's last).
const COMPRESSION_BLOCK_SIZE: usize = 128;

/// The place in `sorted` of the first value at or after `target`, searched
/// from the start by doubling steps: the target is usually near.
fn gallop(sorted: &[DocId], target: DocId) -> usize {
    let mut step = 1;
    while step < sorted.len() && sorted[step] < target {
        step *= 2;
    }
    let end = (step + 1).min(sorted.len());
    sorted[..end].partition_point(|&d| d < target)
}

/// A sorted list of passages, moved forward by a galloping search.
struct DocList {
    docs: Vec<DocId>,
    at: usize,
}

impl DocSet for DocList {
    fn advance(&mut self) -> DocId {
        self.at = (self.at + 1).min(self.docs.len());
        self.doc()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.at += gallop(&self.docs[self.at..], target);
        self.doc()
    }

    fn doc(&self) -> DocId {
        self.docs.get(self.at).copied().unwrap_or(TERMINATED)
    }

    fn size_hint(&self) -> u32 {
        (self.docs.len() - self.at) as u32
    }
}

#[cfg(test)]
mod tests {
    use tantivy::schema::{Schema, STRING, TEXT};
    use tantivy::{doc, Index, IndexWriter, Searcher};

    use super::*;

    /// 2,000 passages in one segment: `drie` in every third, `zeven` in
    /// every seventh (both over many blocks of postings), `een` in passage
    /// 1,500 alone; passages 0–299 deleted when `delete` is set.
    fn segment(delete: bool) -> (Searcher, Field) {
        let mut schema = Schema::builder();
        let body = schema.add_text_field("body", TEXT);
        let id = schema.add_text_field("id", STRING);
        let index = Index::create_in_ram(schema.build());
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 20_000_000).unwrap();
        for n in 0..2000u32 {
            let mut words = vec!["tekst"];
            if n.is_multiple_of(3) {
                words.push("drie");
            }
            if n.is_multiple_of(7) {
                words.push("zeven");
            }
            if n == 1500 {
                words.push("een");
            }
            let text = words.join(" ");
            writer
                .add_document(doc!(body => text, id => format!("p{n}")))
                .unwrap();
        }
        writer.commit().unwrap();
        if delete {
            for n in 0..300 {
                writer.delete_term(Term::from_field_text(id, &format!("p{n}")));
            }
            writer.commit().unwrap();
        }
        let searcher = index.reader().unwrap().searcher();
        assert_eq!(searcher.segment_readers().len(), 1);
        (searcher, body)
    }

    /// Another index of one segment: `zeven` and `drie` in every other
    /// passage of 700.
    fn other_segment() -> Searcher {
        let mut schema = Schema::builder();
        let body = schema.add_text_field("body", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 20_000_000).unwrap();
        for n in 0..700u32 {
            let text = if n.is_multiple_of(2) {
                "drie zeven"
            } else {
                "tekst"
            };
            writer.add_document(doc!(body => text)).unwrap();
        }
        writer.commit().unwrap();
        index.reader().unwrap().searcher()
    }

    fn holds(n: DocId) -> bool {
        n.is_multiple_of(3) || n.is_multiple_of(7) || n == 1500
    }

    fn query(body: Field) -> AnyTerm {
        AnyTerm::new(body, ["zeven", "een", "drie", "nergens"], 2.0)
    }

    /// The clause as it looks its terms up where it is used, with them
    /// looked up in `searcher` beforehand, and looked up in another
    /// searcher's segments (which it must not take for this one's).
    fn queries(searcher: &Searcher, body: Field) -> Vec<AnyTerm> {
        let mut found = query(body);
        found.look_up_in(searcher).unwrap();
        assert!(found.found.as_ref().is_some_and(|f| f.len() == 1));
        let mut elsewhere = query(body);
        elsewhere.look_up_in(&other_segment()).unwrap();
        vec![query(body), found, elsewhere]
    }

    #[test]
    fn candidates_holding_any_term_get_its_score_and_no_others() {
        let (searcher, body) = segment(false);
        let reader = &searcher.segment_readers()[0];
        // Candidates far apart (most blocks of `drie` lie between two) and
        // close together, and the passage only `een` holds.
        let mut docs: Vec<DocId> = (0..2000).step_by(389).collect();
        docs.extend(1490..1510);
        // The last passages of the first two blocks of `drie`'s postings.
        docs.extend([381, 765, 1999]);
        docs.sort_unstable();
        docs.dedup();
        for q in queries(&searcher, body) {
            let mut scores = vec![1.0; docs.len()];
            q.add_scores(reader, &docs, &mut scores).unwrap();
            for (doc, score) in docs.iter().zip(&scores) {
                let expected = if holds(*doc) { 3.0 } else { 1.0 };
                assert_eq!(*score, expected, "passage {doc}");
            }
            assert!(scores.contains(&1.0) && scores.contains(&3.0));
        }
    }

    #[test]
    fn the_first_passages_holding_any_term_are_found_in_index_order() {
        let (searcher, body) = segment(false);
        let reader = &searcher.segment_readers()[0];
        // Within the first blocks of the postings (the first of `drie`'s
        // ends at passage 381), and beyond them.
        for q in queries(&searcher, body) {
            for k in [40, 150, 300, 1000] {
                let expected: Vec<DocId> = (0..2000).filter(|&n| holds(n)).take(k).collect();
                assert_eq!(q.first_in(reader, k).unwrap(), expected, "k = {k}");
            }
        }
        // Deleted passages are passed over, though the first blocks of the
        // postings hold nothing else.
        let (searcher, body) = segment(true);
        let reader = &searcher.segment_readers()[0];
        let expected: Vec<DocId> = (300..2000).filter(|&n| holds(n)).take(40).collect();
        for q in queries(&searcher, body) {
            assert_eq!(q.first_in(reader, 40).unwrap(), expected);
        }
    }

    #[test]
    fn a_list_seeks_forward_to_the_first_passage_at_or_after_the_target() {
        let mut list = DocList {
            docs: vec![2, 3, 5, 8, 13, 21, 34, 55, 89],
            at: 0,
        };
        assert_eq!(list.doc(), 2);
        assert_eq!(list.seek(2), 2);
        assert_eq!(list.seek(4), 5);
        assert_eq!(list.advance(), 8);
        assert_eq!(list.seek(50), 55);
        assert_eq!(list.seek(55), 55);
        assert_eq!(list.seek(56), 89);
        assert_eq!(list.seek(90), TERMINATED);
        assert_eq!(list.advance(), TERMINATED);
        let mut empty = DocList {
            docs: Vec::new(),
            at: 0,
        };
        assert_eq!(empty.doc(), TERMINATED);
        assert_eq!(empty.seek(3), TERMINATED);
    }
}
