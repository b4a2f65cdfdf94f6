//! A query for passages holding any of many terms, all scoring alike: a short
//! query word's compounds (`stikstof` → 61 words, `werk` → 256).
//!
//! A union of that many term scorers asks each of them about every passage
//! it is moved to, and the second phase of the ranking moves it to each of
//! a few hundred candidates. Here each segment reads the terms' postings
//! once, into one sorted list of passages (a bit set when they are many),
//! which answers a question about a passage by a search in that list.

use tantivy::query::{
    BitSetDocSet, ConstScorer, EnableScoring, Explanation, Query, Scorer, Weight,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{BitSet, DocId, DocSet, Score, SegmentReader, Term, TERMINATED};

use super::term::explain_by_scoring;

/// Passages holding any of `terms` (in one field), each scoring `score`.
#[derive(Debug, Clone)]
pub(crate) struct AnyTerm {
    field: Field,
    terms: Vec<Term>,
    score: Score,
}

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
        }
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
        let index = reader.inverted_index(self.field)?;
        let mut infos = Vec::with_capacity(self.terms.len());
        for term in &self.terms {
            if let Some(info) = index.get_term_info(term)? {
                infos.push(info);
            }
        }
        let total: u64 = infos.iter().map(|i| u64::from(i.doc_freq)).sum();
        let max_doc = reader.max_doc();
        let score = self.score * boost;
        if total * u64::from(BITSET_SHARE) > u64::from(max_doc) {
            let mut set = BitSet::with_max_value(max_doc);
            for info in &infos {
                let mut block =
                    index.read_block_postings_from_terminfo(info, IndexRecordOption::Basic)?;
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
        for info in &infos {
            let mut block =
                index.read_block_postings_from_terminfo(info, IndexRecordOption::Basic)?;
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
        let rest = &self.docs[self.at..];
        // Gallop: the target is usually near.
        let mut step = 1;
        while step < rest.len() && rest[step] < target {
            step *= 2;
        }
        let end = (step + 1).min(rest.len());
        self.at += rest[..end].partition_point(|&d| d < target);
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
    use super::*;

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
