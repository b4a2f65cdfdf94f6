//! A term scored with BM25, looked up once in each segment's dictionary.
//!
//! tantivy's term query looks its term up in every segment to count the
//! passages holding it (its idf), and again in each segment it scores. A
//! question has a few hundred such terms (its words in each field, their
//! heads and letter n-grams), so at 16 times `../shared/corpus` (six
//! segments) those lookups were a tenth of a question's time. Here the
//! entries found for the count are kept for the scorers.

use tantivy::fieldnorm::FieldNormReader;
use tantivy::index::SegmentId;
use tantivy::postings::{Postings, SegmentPostings, TermInfo};
use tantivy::query::{
    Bm25StatisticsProvider, Bm25Weight, EmptyScorer, EnableScoring, Explanation, Query, Scorer,
    TermQuery, Weight,
};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, Score, SegmentReader, TantivyError, Term};

/// A term's entry in the dictionary of each segment of a searcher, and the
/// passages holding it in all of them.
#[derive(Debug, Clone)]
pub(crate) struct Entries {
    per_segment: Vec<(SegmentId, Option<TermInfo>)>,
    pub doc_freq: u64,
}

impl Entries {
    pub(crate) fn look_up(searcher: &tantivy::Searcher, term: &Term) -> tantivy::Result<Self> {
        let mut per_segment = Vec::with_capacity(searcher.segment_readers().len());
        let mut doc_freq = 0;
        for reader in searcher.segment_readers() {
            let info = reader.inverted_index(term.field())?.get_term_info(term)?;
            doc_freq += info.as_ref().map_or(0, |i| u64::from(i.doc_freq));
            per_segment.push((reader.segment_id(), info));
        }
        Ok(Entries {
            per_segment,
            doc_freq,
        })
    }

    /// The entry in this segment; `None` where the segment does not hold the
    /// term, and also for a segment the searcher did not have.
    pub(crate) fn get(&self, reader: &SegmentReader) -> Option<&TermInfo> {
        let id = reader.segment_id();
        self.per_segment
            .iter()
            .find(|(s, _)| *s == id)
            .and_then(|(_, info)| info.as_ref())
    }

    /// BM25 as tantivy's term query weighs the term.
    pub(crate) fn bm25(
        &self,
        statistics: &dyn Bm25StatisticsProvider,
        term: &Term,
    ) -> tantivy::Result<Bm25Weight> {
        let total_num_tokens = statistics.total_num_tokens(term.field())?;
        let total_num_docs = statistics.total_num_docs()?;
        let average_fieldnorm = total_num_tokens as Score / total_num_docs as Score;
        Ok(Bm25Weight::for_one_term(
            self.doc_freq,
            total_num_docs,
            average_fieldnorm,
        ))
    }
}

/// One term, scored with BM25 (term frequencies, no positions).
#[derive(Debug, Clone)]
pub(crate) struct Bm25Term {
    term: Term,
    /// Its entries, when the query's builder already looked them up in the
    /// searcher the query runs on.
    entries: Option<Entries>,
}

impl Bm25Term {
    pub(crate) fn new(term: Term) -> Self {
        Bm25Term {
            term,
            entries: None,
        }
    }

    /// The term with the entries found for it in the searcher the query will
    /// run on: a segment the entries do not name matches nothing.
    pub(crate) fn found(term: Term, entries: Entries) -> Self {
        Bm25Term {
            term,
            entries: Some(entries),
        }
    }
}

impl Query for Bm25Term {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        match scoring {
            EnableScoring::Enabled {
                searcher,
                statistics_provider,
            } => {
                let entries = match &self.entries {
                    Some(entries) => entries.clone(),
                    None => Entries::look_up(searcher, &self.term)?,
                };
                let bm25 = entries.bm25(statistics_provider, &self.term)?;
                Ok(Box::new(Bm25TermWeight {
                    term: self.term.clone(),
                    entries,
                    bm25,
                }))
            }
            EnableScoring::Disabled { .. } => {
                TermQuery::new(self.term.clone(), IndexRecordOption::Basic).weight(scoring)
            }
        }
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        visitor(&self.term, false);
    }
}

struct Bm25TermWeight {
    term: Term,
    entries: Entries,
    bm25: Bm25Weight,
}

impl Weight for Bm25TermWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let Some(info) = self.entries.get(reader) else {
            return Ok(Box::new(EmptyScorer));
        };
        let field = self.term.field();
        Ok(Box::new(TermPostings {
            postings: reader
                .inverted_index(field)?
                .read_postings_from_terminfo(info, IndexRecordOption::WithFreqs)?,
            norms: reader.get_fieldnorms_reader(field)?,
            bm25: self.bm25.boost_by(boost),
        }))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        explain_by_scoring(self, reader, doc, "BM25 of the term")
    }
}

/// Explains a passage's score by scoring it: what the weight's scorer gives
/// it, or an error when the weight does not match it.
pub(crate) fn explain_by_scoring(
    weight: &dyn Weight,
    reader: &SegmentReader,
    doc: DocId,
    what: &'static str,
) -> tantivy::Result<Explanation> {
    let mut scorer = weight.scorer(reader, 1.0)?;
    if scorer.seek(doc) != doc {
        return Err(TantivyError::InvalidArgument(format!(
            "document {doc} is not matched by {what}"
        )));
    }
    Ok(Explanation::new(what, scorer.score()))
}

/// A term's passages in one segment, scored with BM25.
pub(crate) struct TermPostings {
    pub postings: SegmentPostings,
    pub norms: FieldNormReader,
    pub bm25: Bm25Weight,
}

impl DocSet for TermPostings {
    fn advance(&mut self) -> DocId {
        self.postings.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.postings.seek(target)
    }

    fn doc(&self) -> DocId {
        self.postings.doc()
    }

    fn size_hint(&self) -> u32 {
        self.postings.size_hint()
    }
}

impl TermPostings {
    /// The score of the current passage.
    pub(crate) fn current_score(&self) -> Score {
        let doc = self.postings.doc();
        self.bm25
            .score(self.norms.fieldnorm_id(doc), self.postings.term_freq())
    }
}

impl Scorer for TermPostings {
    fn score(&mut self) -> Score {
        self.current_score()
    }
}

#[cfg(test)]
mod tests {
    use tantivy::query::BoostQuery;
    use tantivy::schema::{Schema, TEXT};
    use tantivy::{doc, Index, IndexWriter, TERMINATED};

    use super::*;

    fn every_score(searcher: &tantivy::Searcher, q: &dyn Query) -> Vec<(u32, DocId, Score)> {
        let weight = q
            .weight(EnableScoring::enabled_from_searcher(searcher))
            .unwrap();
        let mut out = Vec::new();
        for (ord, reader) in searcher.segment_readers().iter().enumerate() {
            let mut scorer = weight.scorer(reader, 1.0).unwrap();
            while scorer.doc() != TERMINATED {
                out.push((ord as u32, scorer.doc(), scorer.score()));
                scorer.advance();
            }
        }
        out
    }

    #[test]
    fn a_term_scores_as_tantivys_term_query_in_every_segment() {
        let mut schema = Schema::builder();
        let body = schema.add_text_field("body", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 20_000_000).unwrap();
        let words = ["motie", "stikstof", "wet", "boer", "gemeente"];
        for i in 0..400usize {
            let text: Vec<&str> = (0..(2 + i % 9))
                .map(|j| words[(i * j + i / 7) % 5])
                .collect();
            writer.add_document(doc!(body => text.join(" "))).unwrap();
            if i == 149 {
                writer.commit().unwrap();
            }
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        assert_eq!(searcher.segment_readers().len(), 2);
        for word in ["motie", "stikstof", "gemeente", "afwezig"] {
            let term = Term::from_field_text(body, word);
            let theirs = BoostQuery::new(
                Box::new(TermQuery::new(term.clone(), IndexRecordOption::WithFreqs)),
                0.7,
            );
            let b = every_score(&searcher, &theirs);
            // Looked up by the query, or handed the entries found beforehand.
            let entries = Entries::look_up(&searcher, &term).unwrap();
            for ours in [Bm25Term::new(term.clone()), Bm25Term::found(term, entries)] {
                let a = every_score(&searcher, &BoostQuery::new(Box::new(ours), 0.7));
                assert_eq!(a.len(), b.len(), "{word}");
                assert_eq!(a.is_empty(), word == "afwezig", "{word}");
                for (x, y) in a.iter().zip(&b) {
                    assert_eq!((x.0, x.1), (y.0, y.1), "{word}");
                    assert!((x.2 - y.2).abs() < 1e-5, "{word}: {x:?} against {y:?}");
                }
            }
        }
    }
}
