//! Query to ranked passages: the query is parsed, turned into a tantivy query over
//! the passage fields ([`build`]), ranked with BM25 or by date, capped per
//! document, counted ([`collect`]), and given snippets.

mod any;
mod build;
mod collect;
mod maxscore;
mod term;

use serde::{Deserialize, Serialize};
use tantivy::{DocAddress, Score};

use crate::error::{Error, Result};
use crate::index::SearchIndex;
use crate::model::Footnote;
use crate::query;
use crate::references::CitedReference;
use crate::snippet::Highlighter;
pub use collect::{Facet, Totals};

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
    /// 3 words), relative to `body`.
    pub proximity: f32,
    /// The first letters of a query word found as the first letters of a
    /// passage word (compounds and inflections the stemmer misses), relative to `body`.
    pub head: f32,
    /// Each letter 5-gram of the query's words found
    /// in a passage, relative to `body`.
    pub grams: f32,
    /// A compound that begins or ends with a short query's word
    /// (`stikstofuitstoot` for `stikstof`): this share of the word's idf, a
    /// fixed score below what the word itself scores in most passages.
    pub compound: f32,
}

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
            grams: 0.15,
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
    /// How many passages the first phase of a ranking picks for the second
    /// to score with every clause of the query. A page deeper than a quarter
    /// of this (`offset + limit`), a cap per document that leaves too few
    /// hits among them, or 0 here: every matching passage is scored with
    /// every clause.
    pub candidates: usize,
    /// How much sooner the first phase skips: it visits only passages that
    /// could beat this many times the score its `candidates` must beat (or
    /// the best score it has found, if that is lower), so a passage scoring
    /// less than that may be left out or picked on part of its score (the
    /// second phase rescores what is picked). 1 picks exactly the best by
    /// the first phase's score, whatever the index's segments; above 1 the
    /// candidates near the score to beat may differ between two indexes of
    /// the same files. Values below 1 count as 1.
    pub first_phase_factor: f32,
    /// Threads one search may use, each taking whole segments (0: one per
    /// core, at most [`MAX_SEARCH_THREADS`]). Only a query ranked in two
    /// phases with many clauses (a question) uses more than one, and its
    /// first phase only over more than two segments; a short query costs
    /// less than waking a thread. A server answering many searches at once
    /// may want 1.
    pub threads: usize,
}

impl SearchOptions {
    /// Options that rank documents by their best passage (one hit a
    /// document): for evaluation and TREC runs.
    pub fn documents(limit: usize) -> Self {
        SearchOptions {
            limit,
            max_per_doc: 1,
            ..SearchOptions::default()
        }
    }

    /// The threads this search may use: [`SearchOptions::threads`], or one
    /// per core up to [`MAX_SEARCH_THREADS`].
    pub(crate) fn search_threads(&self) -> usize {
        match self.threads {
            0 => std::thread::available_parallelism()
                .map_or(1, |n| n.get())
                .min(MAX_SEARCH_THREADS),
            n => n,
        }
    }
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
            candidates: CANDIDATES,
            first_phase_factor: FIRST_PHASE_FACTOR,
            threads: 0,
        }
    }
}

/// Most threads one search uses when [`SearchOptions::threads`] is 0.
pub const MAX_SEARCH_THREADS: usize = 4;

/// The default of [`SearchOptions::candidates`].
pub const CANDIDATES: usize = 500;

/// The default of [`SearchOptions::first_phase_factor`]. The candidates are
/// many times the hits shown, so the best hits mostly score far above the
/// score the candidates must beat: from 1 to 3 the Kamervragen and moties
/// relevance figures did not change, and the 30 slowest keyword queries over
/// 16 times `../shared/corpus` cost a sixth fewer instructions (PERFORMANCE.md).
pub const FIRST_PHASE_FACTOR: f32 = 3.0;

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
    pub doc_type: Option<crate::model::DocType>,
    /// Document date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Where the document is published ([`crate::references::official_url`]
    /// of its id), `None` when no address is known.
    pub url: Option<String>,
    /// Section path, outermost heading first; in JSON one string, the
    /// headings joined by ` > `.
    #[serde(with = "crate::model::section_path")]
    pub section: Vec<String>,
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
    pub lang: crate::model::Lang,
}

impl SearchIndex {
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
        self.search_parsed(&query::parse(query)?, options)
    }

    /// Searches with a query built in code (no string to parse).
    pub(crate) fn search_parsed(
        &self,
        parsed: &query::ParsedQuery,
        options: &SearchOptions,
    ) -> Result<SearchResults> {
        let searcher = self.searcher();
        let compounds = self.compounds();
        let built = build::Build {
            fields: self.fields(),
            searcher: &searcher,
            compounds: &compounds,
            first_phase_factor: options.first_phase_factor,
        }
        .query(parsed, &options.weights)?;
        let tquery = &*built.query;
        let totals = if options.totals || !options.facets.is_empty() {
            Some(
                searcher
                    .search(
                        tquery,
                        &collect::TotalsCollector {
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
            collect::in_document_order(&searcher, tquery, want, options.max_per_doc)
                .map_err(|e| self.search_err(e))?
        } else {
            let two_phase = match &built.two_phase {
                // Deep pages rank every match in full.
                Some(two)
                    if options.sort == Sort::Relevance
                        && want.saturating_mul(4) <= options.candidates =>
                {
                    collect::top_two_phase(&searcher, two, options, want)
                        .map_err(|e| self.search_err(e))?
                }
                _ => None,
            };
            match two_phase {
                Some(picked) => picked,
                None => collect::top_capped(&searcher, tquery, options, want)
                    .map_err(|e| self.search_err(e))?,
            }
        };
        let expansions = built.expansions;
        let (words, phrases) = parsed.words_and_phrases();
        let words: Vec<String> = words.into_iter().map(str::to_owned).collect();
        let mut phrases: Vec<String> = phrases.into_iter().map(str::to_owned).collect();
        phrases.extend(expansions);
        // Analyzers kept from the last search know the stems of many words.
        let kept = self
            .snippet_analyzers()
            .lock()
            .ok()
            .and_then(|mut kept| kept.take())
            .unwrap_or_default();
        let mut highlighter = Highlighter::with_analyzers(&words, &phrases, kept);
        let mut hits = Vec::with_capacity(picked.len());
        for (i, (score, addr)) in picked.into_iter().enumerate().skip(options.offset) {
            let stored = self.stored(&searcher, addr)?;
            let p = stored.passage;
            let lang = p.lang.unwrap_or_default();
            let (snippet, highlights) = highlighter.snippet(&p.text, lang.as_str());
            hits.push(Hit {
                rank: i + 1,
                score,
                url: crate::references::official_url(&stored.doc_id),
                doc_id: stored.doc_id,
                title: stored.title,
                path: stored.path,
                doc_type: stored.doc_type,
                date: stored.date,
                section: p.section,
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
                lang,
            });
        }
        if let Ok(mut kept) = self.snippet_analyzers().lock() {
            *kept = Some(highlighter.into_analyzers());
        }
        Ok(SearchResults { hits, totals })
    }

    /// tantivy fails at search time only on files it cannot read.
    fn search_err(&self, source: tantivy::TantivyError) -> Error {
        self.damaged_by(source)
    }

    /// Runs `search`, turning a panic in tantivy into an error: a damaged index
    /// when a file fails its checksum, otherwise an internal error.
    fn guarded<T>(&self, query: &str, search: impl FnOnce() -> Result<T>) -> Result<T> {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(search)).unwrap_or_else(|panic| {
            let message = crate::index::panic_message(&panic);
            if self.checksums_pass() {
                Err(Error::Internal {
                    query: query.to_owned(),
                    message,
                })
            } else {
                Err(self.damaged_by(tantivy::TantivyError::InternalError(message)))
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use std::sync::OnceLock;

    use proptest::prelude::*;

    use crate::{IndexConfig, SearchIndex, SearchOptions};

    /// A small index of real documents, built once.
    pub(super) fn index() -> &'static SearchIndex {
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
                .index_folder(&corpus, &IndexConfig::default())
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
            Err(e) => prop_assert!(false, "{q:?}: {e}"),
        }
        for options in [
            SearchOptions::documents(5),
            SearchOptions {
                sort: crate::Sort::Date,
                totals: true,
                facets: crate::Facet::ALL.to_vec(),
                ..SearchOptions::default()
            },
        ] {
            if let Err(e) = index().search_results(&q, &options) {
                prop_assert!(matches!(e, crate::Error::Query(_)), "{q:?}: {e}");
            }
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
    /// tripped a debug assertion in tantivy 0.27 (`PhraseScorer::seek_danger`,
    /// "target should be greater than or equal to doc") under an exclusion.
    /// Excluded clauses are now read into document lists first: the queries
    /// are answered, and the excluded phrase is really excluded.
    #[test]
    fn excluded_phrases_are_answered_and_excluded() {
        let holds = |h: &crate::Hit| h.text.to_lowercase().contains("hoog-risico");
        let all = index()
            .search("risico", &SearchOptions::default())
            .expect("answered");
        assert!(all.iter().any(holds));
        for q in [
            "onderwijs -AI-verordeningé",
            "onderwijs -\"hoog risico\"",
            "onderwijs -\"de kamer\"",
        ] {
            let hits = index().search(q, &SearchOptions::default()).expect(q);
            assert!(!hits.is_empty(), "{q}");
        }
        let hits = index()
            .search("risico -\"hoog risico\"", &SearchOptions::default())
            .unwrap();
        assert!(!hits.is_empty() && !hits.iter().any(holds));
    }

    /// Whether the query is ranked in two phases, and its hits with their
    /// scores in two phases and in full (every match scored, no cap).
    /// `q` built over the test index with the default weights.
    fn built(q: &str) -> super::build::Built {
        let index = index();
        let searcher = index.searcher();
        let compounds = index.compounds();
        super::build::Build {
            fields: index.fields(),
            searcher: &searcher,
            compounds: &compounds,
            first_phase_factor: super::FIRST_PHASE_FACTOR,
        }
        .query(
            &crate::query::parse(q).expect(q),
            &super::Weights::default(),
        )
        .expect(q)
    }

    /// That `hit` of a two-phase search scores what scoring every match of
    /// `q` (`full`) gives it.
    fn assert_scores_as_in_full(q: &str, hit: &crate::Hit, full: &[crate::Hit]) {
        let score = full
            .iter()
            .find(|f| f.doc_id == hit.doc_id && f.text == hit.text)
            .unwrap_or_else(|| panic!("{q}: a hit is no match"))
            .score;
        assert!((score - hit.score).abs() <= 1e-4 * score, "{q}");
    }

    fn ranked_both_ways(q: &str) -> (bool, Vec<crate::Hit>, Vec<crate::Hit>) {
        let index = index();
        let built = built(q);
        // Few hits, so that the candidates of this small index hold them
        // (a search whose candidates hold fewer scores every match).
        let few = SearchOptions {
            limit: 3,
            max_per_doc: 0,
            ..SearchOptions::default()
        };
        let two = index.search(q, &few).expect(q);
        let full = SearchOptions {
            candidates: 0,
            limit: 10_000,
            max_per_doc: 0,
            ..SearchOptions::default()
        };
        (
            built.two_phase.is_some(),
            two,
            index.search(q, &full).expect(q),
        )
    }

    /// An exclusion, a typed reference, and a filter or required word that
    /// lets most passages through leave a query's ranking in two phases: each
    /// hit scores what scoring every match gives it, the best hit is the
    /// same, and no hit holds what is excluded or lies outside the filter. A
    /// filter that lets few through ranks every match in full.
    #[test]
    fn exclusions_and_references_are_ranked_in_two_phases() {
        // Whether the passage has these words one after another.
        let holds = |h: &crate::Hit, s: &str| {
            let words = |t: &str| -> Vec<String> {
                t.to_lowercase()
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .map(str::to_owned)
                    .collect()
            };
            let wanted = words(s);
            words(&h.text).windows(wanted.len()).any(|w| w == wanted)
        };
        // Whether a hit lies within the query's filters.
        let within = |q: &str, h: &crate::Hit| {
            if q.contains("-type:uitspraak") {
                !h.path.starts_with("rechtspraak/")
            } else if q.starts_with("+de ") {
                holds(h, "de")
            } else if q.contains("year:2024") {
                h.date.as_deref().is_some_and(|d| d.starts_with("2024"))
            } else {
                true
            }
        };
        for (q, excluded, cited) in [
            ("risico -\"hoog risico\"", Some("hoog risico"), None),
            ("raad -onderwijs", Some("onderwijs"), None),
            ("21 501-34, nr. 32 raad", None, Some("kst-21501-34-32")),
            ("kst-34104-439 onderwijs", None, Some("kst-34104-439")),
            ("raad lang:nl", None, None),
            (
                "college beroep bedrijfsleven onderwijs -type:uitspraak",
                None,
                None,
            ),
            (
                "college beroep bedrijfsleven onderwijs year:2024",
                None,
                None,
            ),
            ("+de raad onderwijs", None, None),
        ] {
            let (two_phase, two, full) = ranked_both_ways(q);
            if q.contains("college") {
                // Without the filter, the best hit lies outside it.
                let (_, all, _) = ranked_both_ways("college beroep bedrijfsleven onderwijs");
                assert!(!within(q, &all[0]), "{q}");
            }
            assert!(two_phase, "{q}");
            assert!(!two.is_empty(), "{q}");
            assert_eq!(
                (&two[0].doc_id, &two[0].text),
                (&full[0].doc_id, &full[0].text),
                "{q}"
            );
            for hit in &two {
                assert_scores_as_in_full(q, hit, &full);
                assert!(within(q, hit), "{q}: {}", hit.path);
                if let Some(e) = excluded {
                    assert!(!holds(hit, e), "{q}: {}", hit.text);
                }
            }
            if let Some(e) = excluded {
                // Without the exclusion, the best hits hold it.
                let all = index()
                    .search(q.split(" -").next().unwrap(), &SearchOptions::default())
                    .unwrap();
                assert!(all.iter().any(|h| holds(h, e)), "{q}");
            }
            if let Some(r) = cited {
                // The paper itself, or a passage citing it, comes first.
                let top = &two[0];
                assert!(
                    top.doc_id == r || top.references.iter().any(|x| x.canonical == r),
                    "{q}: {}",
                    top.doc_id
                );
            }
        }
        // So does a required word that few passages hold.
        for q in ["budget type:motie", "+budget raad"] {
            let (two_phase, two, _) = ranked_both_ways(q);
            assert!(!two_phase && !two.is_empty(), "{q}");
        }
    }

    /// The terms that pick a query's candidates, `None` when it is not
    /// ranked in two phases.
    fn first_phase_terms(q: &str) -> Option<Vec<tantivy::Term>> {
        let mut terms = Vec::new();
        built(q)
            .two_phase?
            .first
            .query_terms(&mut |term, _| terms.push(term.clone()));
        Some(terms)
    }

    /// In a query of four words or more, the words that more than a
    /// twentieth of the passages hold do not pick its candidates, unless all
    /// its words are that common; a query of fewer words keeps them all. The
    /// ranking of the first hits is what scoring every match gives.
    #[test]
    fn common_words_do_not_pick_candidates() {
        let index = index();
        let searcher = index.searcher();
        let passages = searcher.num_docs() as f32;
        let mut dutch = crate::analyze::build(&crate::analyze::query_side(crate::analyze::DUTCH))
            .expect("analyzer");
        let mut term = |word: &str| {
            let stems = crate::analyze::terms(&mut dutch, word);
            assert_eq!(stems.len(), 1, "{word}");
            tantivy::Term::from_field_text(index.fields().body, &stems[0])
        };
        let share = |t: &tantivy::Term| searcher.doc_freq(t).expect("count") as f32 / passages;
        let (common, rare) = (term("lidstaten"), term("kunstmatige"));
        assert!(share(&common) > super::build::FIRST_PHASE_MAX_SHARE);
        assert!((0.0..=super::build::FIRST_PHASE_MAX_SHARE).contains(&share(&rare)));

        let question =
            "Welke afspraken maken de lidstaten over kunstmatige intelligentie in het onderwijs?";
        let first = first_phase_terms(question).expect("two phases");
        assert!(first.contains(&rare), "{first:?}");
        assert!(!first.contains(&common), "{first:?}");
        assert!(first.contains(&term("afspraken")), "{first:?}");

        // Four words, no question: the same.
        let four =
            first_phase_terms("lidstaten kunstmatige intelligentie afspraken").expect("two phases");
        assert!(four.contains(&rare) && !four.contains(&common), "{four:?}");
        // The first phase with every word is kept for when the others hold
        // too few passages, and only when some word was left out.
        let first_all = |q: &str| built(q).two_phase.expect(q).first_all.is_some();
        assert!(first_all(question));
        assert!(!first_all("kunstmatige intelligentie jeugd uitspraak"));
        // Three: every word picks.
        let three = first_phase_terms("lidstaten kunstmatige afspraken").expect("two phases");
        assert!(
            three.contains(&common) && three.contains(&rare),
            "{three:?}"
        );

        // Nothing but common words: they pick the candidates.
        let all_common = "Wat doen de lidstaten en de raad over het onderwijs en de cultuur?";
        let first = first_phase_terms(all_common).expect("two phases");
        assert!(first.contains(&common), "{first:?}");
        // Their English stems (the English passages are few) go with them.
        let english = tantivy::Term::from_field_text(index.fields().body_en, "lidstaten");
        assert!(first.contains(&english), "{first:?}");
        let first = first_phase_terms(question).expect("two phases");
        assert!(!first.contains(&english), "{first:?}");

        for q in [question, all_common] {
            let (two_phase, two, full) = ranked_both_ways(q);
            assert!(two_phase && !two.is_empty(), "{q}");
            assert_eq!(two[0].text, full[0].text, "{q}");
            for hit in &two {
                assert_scores_as_in_full(q, hit, &full);
            }
        }
    }

    /// When the words that are not common hold fewer passages than
    /// candidates are wanted, the common words pick candidates too: a passage
    /// holding only those can be among the best.
    #[test]
    fn too_few_rare_passages_let_the_common_words_pick() {
        let index = index();
        let q = "jeugd uitspraak media regering lidstaten europese onderwijs voorzitterschap";
        let rare = ["jeugd", "uitspraak", "media", "regering"];
        let mut dutch = crate::analyze::build(&crate::analyze::query_side(crate::analyze::DUTCH))
            .expect("analyzer");
        let mut held = |word: &str| {
            let stem = crate::analyze::terms(&mut dutch, word).remove(0);
            let term = tantivy::Term::from_field_text(index.fields().body, &stem);
            index.searcher().doc_freq(&term).expect("count")
        };
        let first = first_phase_terms(q).expect("two phases");
        let words = |first: &[tantivy::Term]| {
            let mut words: Vec<String> = first
                .iter()
                .filter(|t| t.field() == index.fields().body)
                .filter_map(|t| t.value().as_str().map(str::to_string))
                .collect();
            words.sort();
            words
        };
        assert_eq!(words(&first), ["jeugd", "media", "regeer", "uitspraak"]);
        // Fewer passages hold them than candidates are asked for below.
        assert!(rare.iter().map(|w| held(w)).sum::<u64>() < 20);
        let options = |candidates, limit| SearchOptions {
            candidates,
            limit,
            max_per_doc: 0,
            ..SearchOptions::default()
        };
        let full = index.search(q, &options(0, 3)).expect(q);
        // The best passages include some without any of the rare words.
        assert!(
            full.iter()
                .any(|h| !rare.iter().any(|r| h.text.to_lowercase().contains(r))),
            "{:?}",
            full.iter().map(|h| &h.text[..40]).collect::<Vec<_>>()
        );
        let two = index.search(q, &options(20, 3)).expect(q);
        let texts = |hits: &[crate::Hit]| hits.iter().map(|h| h.text.clone()).collect::<Vec<_>>();
        assert_eq!(texts(&two), texts(&full), "{q}");
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
