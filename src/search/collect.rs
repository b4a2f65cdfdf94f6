//! Collecting what a query matches: the top hits in relevance or date order,
//! capped per document, or in document order; and the counts of passages,
//! documents, and documents per facet value over the whole result set. All
//! from fast fields: no stored passage is read.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap, HashMap};
use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::collector::{DocSetCollector, TopDocs};
use tantivy::columnar::{Column, StrColumn};
use tantivy::query::{EnableScoring, Query, Scorer, Weight};
use tantivy::{
    DocAddress, DocId, DocSet, Score, Searcher, SeekDangerResult, SegmentOrdinal, SegmentReader,
};

use super::any::AnyTerm;
use super::build::TwoPhase;
use super::{SearchOptions, Sort, MAX_SEARCH_THREADS};

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
    let keys = KeyColumns::of(searcher);
    let all = all_passages(searcher);
    let mut k = want.saturating_mul(4).max(40).min(all);
    loop {
        // (date, score, address): date 0 when sorting by score.
        let top: Vec<(u64, Score, DocAddress)> = match options.sort {
            Sort::Relevance => searcher
                .search(q, &TopDocs::with_limit(k).order_by_score())?
                .into_iter()
                .map(|(score, addr)| (0, score, addr))
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
                .map(|((date, score), addr)| (date, score, addr))
                .collect(),
        };
        let exhausted = top.len() < k || k >= all;
        let picked = keys.pick(top, options.max_per_doc, want);
        if picked.len() == want || exhausted {
            return Ok(picked);
        }
        k = k.saturating_mul(4).min(all);
    }
}

/// The best `want` hits by relevance, at most `options.max_per_doc` of a
/// document, ranked in two phases ([`TwoPhase`]): the first picks
/// `options.candidates` passages, the second scores those with every clause
/// of the query. `None` when they hold fewer than `want` hits: a deep page or
/// a small result set is ranked by scoring every match in full
/// ([`top_capped`]), so paging goes through every match.
pub(crate) fn top_two_phase(
    searcher: &Searcher,
    two: &TwoPhase,
    options: &SearchOptions,
    want: usize,
) -> tantivy::Result<Option<Vec<(Score, DocAddress)>>> {
    let keys = KeyColumns::of(searcher);
    let all = all_passages(searcher);
    let scoring = EnableScoring::enabled_from_searcher(searcher);
    let weights: Vec<Box<dyn Weight>> = two
        .clauses
        .iter()
        .map(|q| q.weight(scoring))
        .collect::<tantivy::Result<_>>()?;
    let k = options.candidates.min(all);
    // Passages that match only where every match scores alike rank below
    // most that hold the words: the first phase takes as many of them as
    // hits are wanted, with room for the cap per document.
    let k_compounds = want.saturating_mul(4).max(40).min(k);
    // Waking a second thread costs more than a short query's whole search
    // (measured on these VMs: keyword p50 1.4 → 1.8 ms at 1×); a query of
    // many clauses, which costs most, is shared out.
    let shared_out = two.clauses.len() >= PARALLEL_CLAUSES;
    let threads = if shared_out {
        options.search_threads()
    } else {
        1
    };
    let matching = |queries: &[Box<dyn Query>]| {
        queries
            .iter()
            .map(|q| q.weight(EnableScoring::disabled_from_searcher(searcher)))
            .collect::<tantivy::Result<Vec<_>>>()
    };
    let limits = Limits {
        filtered: matching(&two.filtered)?,
        excluded: matching(&two.excluded)?,
    };
    let first = two.first.weight(scoring)?;
    // A question's segments are dealt to lanes, one for each two segments
    // (a second thread starts from nothing to beat: it pays for itself
    // when the segments are more than two), up to the threads a search may
    // use on any machine; a short query's make one lane.
    let lanes = if shared_out {
        (searcher.segment_readers().len() / 2).clamp(1, MAX_SEARCH_THREADS)
    } else {
        1
    };
    let exact = options.first_phase_factor <= 1.0;
    let mut candidates = top_pruned(searcher, &*first, &limits, k, threads, lanes, exact)?;
    if let Some(all) = two.first_all.as_ref().filter(|_| candidates.len() < k) {
        // The words that picked the candidates hold fewer passages than
        // candidates are wanted: the common words pick them too.
        candidates = top_pruned(
            searcher,
            &*all.weight(scoring)?,
            &limits,
            k,
            threads,
            lanes,
            exact,
        )?;
    }
    for compound in &two.compounds {
        candidates.extend(first_matches(searcher, compound, &limits, k_compounds)?);
    }
    candidates.sort_unstable();
    candidates.dedup();
    let top = rescore(searcher, &weights, &two.compounds, candidates, threads)?;
    let picked = keys.pick(top, options.max_per_doc, want);
    if picked.len() < want {
        // The candidates hold fewer documents than hits are wanted (or
        // fewer passages match): every match is scored in full.
        return Ok(None);
    }
    Ok(Some(picked))
}

/// Ranked clauses from which a two-phase search uses more than one thread
/// (a question of eight words has about fifty; a two-word query twenty).
const PARALLEL_CLAUSES: usize = 40;

/// The `k` best passages of a query that can skip (a sum of terms, ranked
/// with MaxScore) within `limits`, in no order, on up to `threads` threads.
///
/// The segments, largest first, are dealt out to `lanes` lanes (segment `i`
/// to lane `i % lanes`); a lane goes through its segments in that order,
/// each starting from the score the lane's best `k` so far must beat, so a
/// later segment skips every passage that cannot enter them, where a top k
/// per segment would score its own first `k` matches in full. A sum that
/// skips only what cannot enter the best `k` (`exact`) also starts from the
/// best `k` of the other lanes, as far as they have come. A sum that skips
/// sooner ([`SearchOptions::first_phase_factor`]) picks candidates that
/// depend on how its score to beat rose, so it keeps to its lane: the
/// candidates then depend on the index and `lanes`, not on the threads or
/// which of them came first.
fn top_pruned(
    searcher: &Searcher,
    weight: &dyn Weight,
    limits: &Limits,
    k: usize,
    threads: usize,
    lanes: usize,
    exact: bool,
) -> tantivy::Result<Vec<DocAddress>> {
    if k == 0 {
        return Ok(Vec::new());
    }
    let mut order: Vec<(usize, &SegmentReader)> =
        searcher.segment_readers().iter().enumerate().collect();
    order.sort_by_key(|(ord, reader)| (Reverse(reader.num_docs()), *ord));
    let lanes = lanes.clamp(1, order.len().max(1));
    // The score to beat over all lanes, as the bits of a non-negative f32
    // (which order as the numbers do): the k-th best score a lane has seen.
    let floor = AtomicU32::new(0);
    let per_lane = in_parallel(threads.min(lanes), lanes, |taken| {
        let mut all = Vec::new();
        for lane in taken {
            // A min-heap of this lane's best k, the worst on top: (score as
            // the bits of a non-negative f32, segment, passage), three
            // integers compared without a branch on a float.
            let mut best: BinaryHeap<Reverse<(u32, u32, DocId)>> = BinaryHeap::with_capacity(k);
            let mut own = 0;
            for &(ord, reader) in order.iter().skip(lane).step_by(lanes) {
                let alive = reader.alive_bitset();
                let mut within = limits.in_segment(reader)?;
                let beat = |own: u32| {
                    if exact {
                        own.max(floor.load(Ordering::Relaxed))
                    } else {
                        own
                    }
                };
                // MaxScore hands over the passages that beat the threshold,
                // in document order; the callback returns the new one.
                weight.for_each_pruning(f32::from_bits(beat(own)), reader, &mut |doc, score| {
                    if alive.is_none_or(|a| a.is_alive(doc)) && within.admits(doc) {
                        let hit = (score.max(0.0).to_bits(), ord as u32, doc);
                        if best.len() < k {
                            best.push(Reverse(hit));
                        } else if let Some(mut worst) = best.peek_mut() {
                            // The worst replaced in place: one sift, not two.
                            if hit > worst.0 {
                                *worst = Reverse(hit);
                            }
                        }
                        if best.len() == k {
                            if let Some(Reverse((worst, _, _))) = best.peek() {
                                own = *worst;
                                if exact {
                                    floor.fetch_max(own, Ordering::Relaxed);
                                }
                            }
                        }
                    }
                    f32::from_bits(beat(own))
                })?;
            }
            all.extend(best.into_iter().map(|Reverse(hit)| hit));
        }
        Ok(all)
    })?;
    let mut all: Vec<(u32, u32, DocId)> = per_lane.into_iter().flatten().collect();
    all.sort_unstable_by(|a, b| b.cmp(a));
    all.truncate(k);
    Ok(all
        .into_iter()
        .map(|(_, ord, doc)| DocAddress::new(ord as SegmentOrdinal, doc))
        .collect())
}

/// Runs `work` on up to `threads` threads of rayon's pool, which take the
/// slots `0..slots` one by one as they become free; each thread's result, or
/// the first error. One thread runs it on the calling thread.
fn in_parallel<T: Send>(
    threads: usize,
    slots: usize,
    work: impl Fn(&mut dyn Iterator<Item = usize>) -> tantivy::Result<T> + Sync,
) -> tantivy::Result<Vec<T>> {
    let next = AtomicUsize::new(0);
    let run = || {
        let mut taken = std::iter::from_fn(|| {
            let slot = next.fetch_add(1, Ordering::Relaxed);
            (slot < slots).then_some(slot)
        });
        work(&mut taken)
    };
    match threads.clamp(1, slots.max(1)) {
        1 => Ok(vec![run()?]),
        threads => (0..threads).into_par_iter().map(|_| run()).collect(),
    }
}

/// The first `k` passages within `limits` that hold any of the compounds,
/// in index order: as every such match scores alike, any `k` of them (the
/// earliest, as equal scores are ordered), without visiting the others.
fn first_matches(
    searcher: &Searcher,
    compound: &AnyTerm,
    limits: &Limits,
    k: usize,
) -> tantivy::Result<Vec<DocAddress>> {
    let mut out = Vec::new();
    for (ord, reader) in searcher.segment_readers().iter().enumerate() {
        let wanted = k - out.len();
        if wanted == 0 {
            break;
        }
        // Passages outside the limits are passed over: more are asked for
        // until enough are within them or the segment has no more.
        let mut asked = wanted;
        loop {
            let docs = compound.first_in(reader, asked)?;
            let mut within = limits.in_segment(reader)?;
            let mut kept: Vec<DocId> = docs.iter().copied().filter(|&d| within.admits(d)).collect();
            if kept.len() >= wanted || docs.len() < asked || limits.is_empty() {
                kept.truncate(wanted);
                out.extend(kept.into_iter().map(|d| DocAddress::new(ord as u32, d)));
                break;
            }
            asked = asked.saturating_mul(4);
        }
    }
    Ok(out)
}

/// Scores each candidate with the sum of the clauses that match it: each
/// clause's scorer is moved forward from candidate to candidate (skipping,
/// not scoring, the passages between), segment by segment in document
/// order, the segments shared among `threads` threads.
fn rescore(
    searcher: &Searcher,
    weights: &[Box<dyn Weight>],
    compounds: &[AnyTerm],
    mut candidates: Vec<DocAddress>,
    threads: usize,
) -> tantivy::Result<Vec<(u64, Score, DocAddress)>> {
    candidates.sort_unstable();
    let groups: Vec<&[DocAddress]> = candidates
        .chunk_by(|a, b| a.segment_ord == b.segment_ord)
        .collect();
    let scored = in_parallel(threads, groups.len(), |slots| {
        let mut out = Vec::new();
        for slot in slots {
            rescore_segment(searcher, weights, compounds, groups[slot], &mut out)?;
        }
        Ok(out)
    })?;
    Ok(scored.into_iter().flatten().collect())
}

/// [`rescore`] of the candidates of one segment.
fn rescore_segment(
    searcher: &Searcher,
    weights: &[Box<dyn Weight>],
    compounds: &[AnyTerm],
    group: &[DocAddress],
    out: &mut Vec<(u64, Score, DocAddress)>,
) -> tantivy::Result<()> {
    let reader = searcher.segment_reader(group[0].segment_ord);
    // One clause at a time over all the candidates, so that only its
    // postings are being read (a question has a few hundred clauses; their
    // scorers all open at once no longer fit the processor's caches). Each
    // scorer starts at the first candidate, and `next` holds the first
    // passage it may still match. `scorer_danger` and `seek_danger` ask a
    // phrase whether this one passage holds it, where `scorer` and `seek`
    // would read on to the next passage that does (in a large segment, most
    // of the phrase's postings when it is rare).
    let first = group[0].doc_id;
    let mut sums: Vec<Score> = vec![0.0; group.len()];
    for weight in weights {
        let (found, mut scorer) = weight.scorer_danger(reader, first, 1.0)?;
        let mut next = match found {
            SeekDangerResult::Found => first,
            SeekDangerResult::SeekLowerBound(bound) => bound,
        };
        for (addr, sum) in group.iter().zip(&mut sums) {
            if next > addr.doc_id {
                continue;
            }
            match scorer.seek_danger(addr.doc_id) {
                SeekDangerResult::Found => {
                    *sum += scorer.score();
                    next = addr.doc_id + 1;
                }
                SeekDangerResult::SeekLowerBound(bound) => next = bound,
            }
        }
    }
    let docs: Vec<DocId> = group.iter().map(|addr| addr.doc_id).collect();
    let mut compounds_scores: Vec<Score> = vec![0.0; group.len()];
    for compound in compounds {
        compound.add_scores(reader, &docs, &mut compounds_scores)?;
    }
    for ((addr, sum), compounds) in group.iter().zip(sums).zip(compounds_scores) {
        out.push((0, sum + compounds, *addr));
    }
    Ok(())
}

/// Which passages a two-phase search may return: those matching every
/// filter and no excluded clause.
struct Limits {
    filtered: Vec<Box<dyn Weight>>,
    excluded: Vec<Box<dyn Weight>>,
}

impl Limits {
    fn is_empty(&self) -> bool {
        self.filtered.is_empty() && self.excluded.is_empty()
    }

    fn in_segment(&self, reader: &SegmentReader) -> tantivy::Result<SegmentLimits> {
        let scorers = |weights: &[Box<dyn Weight>]| {
            weights
                .iter()
                .map(|w| w.scorer(reader, 1.0))
                .collect::<tantivy::Result<Vec<_>>>()
        };
        Ok(SegmentLimits {
            filtered: scorers(&self.filtered)?,
            excluded: scorers(&self.excluded)?,
            last: 0,
        })
    }
}

/// [`Limits`] in one segment, asked about passages in document order.
struct SegmentLimits {
    filtered: Vec<Box<dyn Scorer>>,
    excluded: Vec<Box<dyn Scorer>>,
    last: DocId,
}

impl SegmentLimits {
    /// Whether `doc`, which follows (or is) the passage asked about before,
    /// is within the limits.
    fn admits(&mut self, doc: DocId) -> bool {
        debug_assert!(doc >= self.last, "passages asked out of order");
        self.last = doc;
        let mut matches = |s: &mut Box<dyn Scorer>| {
            if s.doc() < doc {
                s.seek(doc);
            }
            s.doc() == doc
        };
        self.filtered.iter_mut().all(&mut matches) && !self.excluded.iter_mut().any(matches)
    }
}

/// Passages in the index, at least 1.
fn all_passages(searcher: &Searcher) -> usize {
    usize::try_from(searcher.num_docs())
        .unwrap_or(usize::MAX)
        .max(1)
}

/// The document key column of each segment: hits are capped per document by
/// it, and equal scores are put in file order by it.
struct KeyColumns(Vec<NumberColumn>);

impl KeyColumns {
    fn of(searcher: &Searcher) -> Self {
        KeyColumns(
            searcher
                .segment_readers()
                .iter()
                .map(|s| s.fast_fields().u64("doc_key").ok())
                .collect(),
        )
    }

    fn key(&self, addr: DocAddress) -> u64 {
        self.0[addr.segment_ord as usize]
            .as_ref()
            .and_then(|c| c.first(addr.doc_id))
            .unwrap_or(0)
    }

    /// `top` (date, score, address) sorted newest, then best first, and
    /// capped: the first `want` with at most `max_per_doc` of a document
    /// (0: no cap). Equal scores (a motie and its near-identical gewijzigde
    /// version) come in file order, whatever segment the indexing threads
    /// put them in.
    fn pick(
        &self,
        top: Vec<(u64, Score, DocAddress)>,
        max_per_doc: usize,
        want: usize,
    ) -> Vec<(Score, DocAddress)> {
        let mut top: Vec<(u64, Score, u64, DocAddress)> = top
            .into_iter()
            .map(|(date, score, addr)| (date, score, self.key(addr), addr))
            .collect();
        top.sort_by(|a, b| {
            b.0.cmp(&a.0)
                .then(b.1.total_cmp(&a.1))
                .then(a.2.cmp(&b.2))
                .then(a.3.cmp(&b.3))
        });
        let mut per_doc: HashMap<u64, usize> = HashMap::new();
        let mut picked = Vec::new();
        for (_, score, key, addr) in top {
            if max_per_doc > 0 {
                let n = per_doc.entry(key).or_default();
                if *n >= max_per_doc {
                    continue;
                }
                *n += 1;
            }
            picked.push((score, addr));
            if picked.len() == want {
                break;
            }
        }
        picked
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

#[cfg(test)]
mod tests {
    use tantivy::Term;

    use super::super::maxscore::tests::{every_score, index_of_words};
    use super::super::maxscore::TermSum;
    use super::*;

    /// 6,000 passages over eight words of unequal frequency, in six segments.
    fn searcher() -> (Searcher, tantivy::schema::Field) {
        let words = [
            "de", "wet", "zorg", "regio", "budget", "motie", "kamer", "piek",
        ];
        index_of_words(&words, 6000, 1000, 11)
    }

    fn sum(body: tantivy::schema::Field, factor: f32) -> TermSum {
        TermSum::new(
            [
                ("de", 0.3),
                ("wet", 1.0),
                ("regio", 1.0),
                ("motie", 0.8),
                ("piek", 2.0),
            ]
            .into_iter()
            .map(|(w, weight)| (Term::from_field_text(body, w), weight))
            .collect(),
        )
        .with_factor(factor)
    }

    /// Limits that let every passage through.
    fn no_limits() -> Limits {
        Limits {
            filtered: Vec::new(),
            excluded: Vec::new(),
        }
    }

    fn sorted(mut v: Vec<DocAddress>) -> Vec<DocAddress> {
        v.sort();
        v
    }

    #[test]
    fn the_exact_first_phase_finds_the_best_k_on_any_threads_and_lanes() {
        let (searcher, body) = searcher();
        let weight = sum(body, 1.0)
            .weight(EnableScoring::enabled_from_searcher(&searcher))
            .unwrap();
        let every = every_score(&searcher, &*weight);
        let none = no_limits();
        let k = 100;
        // Scores below the k-th best are not in; scores above it are.
        let kth = every[k - 1].0;
        for (threads, lanes) in [(1, 1), (1, 3), (2, 3), (3, 6)] {
            let got = top_pruned(&searcher, &*weight, &none, k, threads, lanes, true).unwrap();
            assert_eq!(got.len(), k);
            for (score, ord, doc) in &every {
                let found = got.contains(&DocAddress::new(*ord, *doc));
                assert!(
                    (*score < kth && !found) || (*score > kth && found) || *score == kth,
                    "{threads} threads, {lanes} lanes: ({score}, {ord}, {doc}) found {found}, k-th {kth}"
                );
            }
        }
    }

    #[test]
    fn a_first_phase_that_skips_sooner_picks_the_same_on_any_threads() {
        let (searcher, body) = searcher();
        let scoring = EnableScoring::enabled_from_searcher(&searcher);
        let loose = sum(body, 3.0).weight(scoring).unwrap();
        let none = no_limits();
        let k = 100;
        let one = sorted(top_pruned(&searcher, &*loose, &none, k, 1, 3, false).unwrap());
        assert_eq!(one.len(), k);
        for _ in 0..200 {
            let three = top_pruned(&searcher, &*loose, &none, k, 3, 3, false).unwrap();
            assert_eq!(sorted(three), one);
        }
        // It skips: it picks other passages than the exact first phase.
        let exact = sum(body, 1.0).weight(scoring).unwrap();
        let best = sorted(top_pruned(&searcher, &*exact, &none, k, 1, 3, true).unwrap());
        assert_ne!(one, best);
    }
}
