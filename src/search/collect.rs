//! Collecting what a query matches: the top hits in relevance or date order,
//! capped per document, or in document order; and the counts of passages,
//! documents, and documents per facet value over the whole result set. All
//! from fast fields: no stored passage is read.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::collector::{DocSetCollector, TopDocs};
use tantivy::columnar::{Column, StrColumn};
use tantivy::query::Query;
use tantivy::{DocAddress, DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

use super::{SearchOptions, Sort};

/// A fast-field column of numbers, where the segment has it.
type NumberColumn = Option<Column<u64>>;

/// A metadata field whose values can be counted over a result set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Facet {
    /// Document type (`motie`, `wet`, ...).
    Type,
    /// Year of the document's date.
    Year,
    /// Dossier number (`34104`, `36200-VIII`).
    Dossier,
}

impl Facet {
    /// Every facet, in the order they are listed.
    pub const ALL: [Facet; 3] = [Facet::Type, Facet::Year, Facet::Dossier];

    /// The facet's name, as typed in `--facets`.
    pub fn name(self) -> &'static str {
        match self {
            Facet::Type => "type",
            Facet::Year => "year",
            Facet::Dossier => "dossier",
        }
    }
}

impl std::str::FromStr for Facet {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Facet::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                format!(
                    "unknown facet '{s}': facets are {}",
                    Facet::ALL.map(Facet::name).join(", ")
                )
            })
    }
}

/// How many passages and documents a query matches, and per facet value how
/// many documents.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Totals {
    /// Matching passages.
    pub passages: u64,
    /// Documents with at least one matching passage.
    pub documents: u64,
    /// Per facet asked for: value → matching documents with that value.
    pub facets: BTreeMap<Facet, BTreeMap<String, u64>>,
}

/// Collects [`Totals`]. A document's passages may lie in several segments, so
/// documents are told apart by their key across segments.
pub(crate) struct TotalsCollector {
    pub facets: Vec<Facet>,
}

pub(crate) struct SegmentTotals {
    passages: u64,
    /// Document key → its facet values (read once per document and segment).
    documents: HashMap<u64, Vec<(Facet, String)>>,
}

pub(crate) struct TotalsSegmentCollector {
    facets: Vec<Facet>,
    keys: Option<Column<u64>>,
    types: Option<StrColumn>,
    dossiers: Option<StrColumn>,
    years: Option<Column<u64>>,
    totals: SegmentTotals,
}

impl Collector for TotalsCollector {
    type Fruit = Totals;
    type Child = TotalsSegmentCollector;

    fn for_segment(
        &self,
        _ord: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<TotalsSegmentCollector> {
        let fast = segment.fast_fields();
        Ok(TotalsSegmentCollector {
            facets: self.facets.clone(),
            keys: fast.u64("doc_key").ok(),
            types: fast.str("type").ok().flatten(),
            dossiers: fast.str("dossier").ok().flatten(),
            years: fast.u64("year").ok(),
            totals: SegmentTotals {
                passages: 0,
                documents: HashMap::new(),
            },
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segments: Vec<SegmentTotals>) -> tantivy::Result<Totals> {
        let mut totals = Totals::default();
        let mut documents: HashMap<u64, Vec<(Facet, String)>> = HashMap::new();
        for segment in segments {
            totals.passages += segment.passages;
            for (key, values) in segment.documents {
                documents.entry(key).or_insert(values);
            }
        }
        totals.documents = documents.len() as u64;
        for facet in &self.facets {
            totals.facets.insert(*facet, BTreeMap::new());
        }
        for values in documents.into_values() {
            for (facet, value) in values {
                *totals
                    .facets
                    .entry(facet)
                    .or_default()
                    .entry(value)
                    .or_default() += 1;
            }
        }
        Ok(totals)
    }
}

impl SegmentCollector for TotalsSegmentCollector {
    type Fruit = SegmentTotals;

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.totals.passages += 1;
        let key = self
            .keys
            .as_ref()
            .and_then(|c| c.first(doc))
            .unwrap_or(u64::MAX - u64::from(doc));
        if self.totals.documents.contains_key(&key) {
            return;
        }
        let mut values = Vec::new();
        for facet in &self.facets {
            match facet {
                Facet::Type => strings(self.types.as_ref(), doc, *facet, &mut values),
                Facet::Dossier => strings(self.dossiers.as_ref(), doc, *facet, &mut values),
                Facet::Year => {
                    if let Some(y) = self.years.as_ref().and_then(|c| c.first(doc)) {
                        values.push((Facet::Year, y.to_string()));
                    }
                }
            }
        }
        self.totals.documents.insert(key, values);
    }

    fn harvest(self) -> SegmentTotals {
        self.totals
    }
}

fn strings(column: Option<&StrColumn>, doc: DocId, facet: Facet, out: &mut Vec<(Facet, String)>) {
    let Some(column) = column else { return };
    for ord in column.term_ords(doc) {
        let mut value = String::new();
        if column.ord_to_str(ord, &mut value).unwrap_or(false) {
            out.push((facet, value));
        }
    }
}

/// The best `want` hits in `options.sort` order, at most
/// `options.max_per_doc` of a document: tantivy's top k, with k grown
/// until enough documents are seen (never beyond the passages there are).
pub(crate) fn top_capped(
    searcher: &Searcher,
    q: &dyn Query,
    options: &SearchOptions,
    want: usize,
) -> tantivy::Result<Vec<(Score, DocAddress)>> {
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
        // (date, score, document key, address): date 0 when sorting by score.
        let mut top: Vec<(u64, Score, u64, DocAddress)> = match options.sort {
            Sort::Relevance => searcher
                .search(q, &TopDocs::with_limit(k).order_by_score())?
                .into_iter()
                .map(|(score, addr)| (0, score, 0, addr))
                .collect(),
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
                )?
                .into_iter()
                .map(|((date, score), addr)| (date, score, 0, addr))
                .collect(),
        };
        let exhausted = top.len() < k || k >= all;
        // Equal scores (a motie and its near-identical gewijzigde version) in
        // file order, whatever segment the indexing threads put them in.
        for hit in &mut top {
            hit.2 = keys[hit.3.segment_ord as usize]
                .as_ref()
                .and_then(|c| c.first(hit.3.doc_id))
                .unwrap_or(0);
        }
        top.sort_by(|a, b| {
            b.0.cmp(&a.0)
                .then(b.1.total_cmp(&a.1))
                .then(a.2.cmp(&b.2))
                .then(a.3.cmp(&b.3))
        });
        let top: Vec<(Score, u64, DocAddress)> = top
            .into_iter()
            .map(|(_, score, key, addr)| (score, key, addr))
            .collect();
        if options.max_per_doc == 0 {
            return Ok(top
                .into_iter()
                .take(want)
                .map(|(score, _, addr)| (score, addr))
                .collect());
        }
        let mut per_doc: HashMap<u64, usize> = HashMap::new();
        let mut picked = Vec::new();
        for (score, key, addr) in top {
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
pub(crate) fn in_document_order(
    searcher: &Searcher,
    q: &dyn Query,
    want: usize,
    max_per_doc: usize,
) -> tantivy::Result<Vec<(Score, DocAddress)>> {
    let docs = searcher.search(q, &DocSetCollector)?;
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
