//! One whole document read back from the index: its metadata and every passage
//! in reading order (`docsearch show`).
//!
//! The passages of a document share its `doc_id` term; the `ord` fast field
//! gives each one's place in the document, and the stored passage holds the
//! rest, so the document is read without the source file.

use serde::{Deserialize, Serialize};
use tantivy::collector::DocSetCollector;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Searcher, Term};

use crate::error::Result;
use crate::index::{SearchIndex, StoredPassage};
use crate::model::Footnote;
use crate::references::{official_url, parse, CitedReference};

/// A document as the index holds it, passages in reading order.
///
/// This is also the JSON format of `docsearch show --json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentView {
    /// The document's identifier (`kst-34104-439`, `ECLI:NL:CBB:1996:ZG0749`,
    /// or its path without extension).
    pub doc_id: String,
    /// The document's title.
    pub title: String,
    /// Document type (`motie`, `brief`, ...).
    pub doc_type: Option<crate::model::DocType>,
    /// Document date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Path relative to the indexed corpus root.
    pub path: String,
    /// Where the document is published ([`official_url`] of its id), `None`
    /// when no address is known.
    pub url: Option<String>,
    /// Every passage, in reading order.
    pub passages: Vec<PassageView>,
}

/// One passage of a [`DocumentView`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PassageView {
    /// Place in the document, from 0.
    pub ord: u64,
    /// Section path, outermost heading first; in JSON one string, the
    /// headings joined by ` > ` (as in a search hit).
    #[serde(with = "crate::model::section_path")]
    pub section: Vec<String>,
    /// 1-based page where the passage starts, where the source has pages.
    pub page: Option<u32>,
    /// The passage text; footnote markers appear as `word[7]`.
    pub text: String,
    /// The footnotes whose markers are in this passage.
    pub footnotes: Vec<Footnote>,
    /// References cited in the passage or its footnotes, each with its url.
    pub references: Vec<CitedReference>,
    /// Language of the passage (`nl`, `en`, `de`, `fr` in JSON).
    pub lang: crate::model::Lang,
}

/// The ids to look `doc_id` up by, most literal first. Official ids are
/// matched in any case: `KST-34104-439`, `ecli:nl:cbb:1996:zg0749` and
/// `bwbr0001831` find the documents whose ids the readers wrote in canonical
/// case. Ids that are paths are matched as given.
fn lookup_ids(doc_id: &str) -> Vec<String> {
    let given = doc_id.trim();
    let mut ids = vec![given.to_owned()];
    let mut add = |id: String| {
        if !ids.contains(&id) {
            ids.push(id);
        }
    };
    // The reference parser writes each kind of official id in its canonical
    // case; only an input that is one whole id counts.
    if let [one] = parse::shared_parser().extract(given).as_slice() {
        if one.start == 0 && one.end == given.len() {
            add(one.canonical.clone());
        }
    }
    if given
        .get(..3)
        .is_some_and(|p| p.eq_ignore_ascii_case("bwb"))
    {
        add(given.to_ascii_uppercase());
    }
    ids
}

impl SearchIndex {
    /// The whole document `doc_id`, passages in reading order, or `None` when
    /// no document of that id is indexed.
    ///
    /// Official ids are found in any case (`ecli:nl:…`, `bwbr…`, `KST-…`);
    /// ids that are paths as given. Should two files carry the same id, the
    /// one whose path sorts first is returned.
    ///
    /// ```
    /// use docsearch::{IndexConfig, SearchIndex};
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let corpus = tempfile::tempdir()?;
    /// std::fs::write(
    ///     corpus.path().join("brief.txt"),
    ///     "Beleidsdebat AI en onderwijs\n\nBepaalde toepassingen van AI in het onderwijs zijn \
    ///      als hoog-risico aangemerkt, waardoor eisen worden gesteld aan de inzet ervan.\n",
    /// )?;
    /// let dir = tempfile::tempdir()?;
    /// let index = SearchIndex::open_or_create(&dir.path().join("index"))?;
    /// index.index_folder(corpus.path(), &IndexConfig::default())?;
    ///
    /// let doc = index.document("brief")?.expect("indexed");
    /// assert_eq!(doc.path, "brief.txt");
    /// assert_eq!(doc.url, None);
    /// assert_eq!(doc.passages[0].ord, 0);
    /// assert_eq!(doc.passages[0].section, ["Beleidsdebat AI en onderwijs"]);
    /// assert!(index.document("kst-34104-439")?.is_none());
    /// # Ok(())
    /// # }
    /// ```
    pub fn document(&self, doc_id: &str) -> Result<Option<DocumentView>> {
        // tantivy can panic on a damaged file; that is a damaged index here.
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.find_document(doc_id)))
            .unwrap_or_else(|panic| {
                Err(self.damaged_by(tantivy::TantivyError::InternalError(
                    crate::index::panic_message(&panic),
                )))
            })
    }

    fn find_document(&self, doc_id: &str) -> Result<Option<DocumentView>> {
        let searcher = self.searcher();
        for id in lookup_ids(doc_id) {
            let query = TermQuery::new(
                Term::from_field_text(self.fields().doc_id, &id),
                IndexRecordOption::Basic,
            );
            let found = searcher
                .search(&query, &DocSetCollector)
                .map_err(|e| self.damaged_by(e))?;
            if !found.is_empty() {
                return self
                    .assemble(&searcher, found.into_iter().collect())
                    .map(Some);
            }
        }
        Ok(None)
    }

    /// The passages at `found`, put in order, as one document.
    fn assemble(&self, searcher: &Searcher, found: Vec<DocAddress>) -> Result<DocumentView> {
        let ords: Vec<Option<tantivy::columnar::Column<u64>>> = searcher
            .segment_readers()
            .iter()
            .map(|s| s.fast_fields().u64("ord").ok())
            .collect();
        let mut passages: Vec<(String, u64, StoredPassage)> = Vec::with_capacity(found.len());
        for addr in found {
            let ord = ords[addr.segment_ord as usize]
                .as_ref()
                .and_then(|c| c.first(addr.doc_id))
                .unwrap_or(0);
            let stored = self.stored(searcher, addr)?;
            passages.push((stored.path.clone(), ord, stored));
        }
        passages.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
        let first_path = passages[0].0.clone();
        passages.retain(|(path, _, _)| *path == first_path);
        let meta = &passages[0].2;
        let mut view = DocumentView {
            url: official_url(&meta.doc_id),
            doc_id: meta.doc_id.clone(),
            title: meta.title.clone(),
            doc_type: meta.doc_type.clone(),
            date: meta.date.clone(),
            path: meta.path.clone(),
            passages: Vec::with_capacity(passages.len()),
        };
        for (_, ord, stored) in passages {
            let p = stored.passage;
            view.passages.push(PassageView {
                ord,
                section: p.section,
                page: p.page,
                text: p.text,
                footnotes: p.footnotes,
                references: p
                    .references
                    .into_iter()
                    .map(CitedReference::with_url)
                    .collect(),
                lang: p.lang.unwrap_or_default(),
            });
        }
        Ok(view)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn official_ids_are_looked_up_in_their_canonical_case() {
        assert_eq!(
            lookup_ids(" ecli:nl:cbb:1996:zg0749 "),
            ["ecli:nl:cbb:1996:zg0749", "ECLI:NL:CBB:1996:ZG0749"]
        );
        assert_eq!(lookup_ids("bwbr0001831"), ["bwbr0001831", "BWBR0001831"]);
        assert_eq!(
            lookup_ids("KST-34104-439"),
            ["KST-34104-439", "kst-34104-439"]
        );
        assert_eq!(
            lookup_ids("kst-36200-viii-207"),
            ["kst-36200-viii-207", "kst-36200-VIII-207"]
        );
        assert_eq!(lookup_ids("kst-34104-439"), ["kst-34104-439"]);
        // A path is matched as given, even when it holds an id.
        assert_eq!(lookup_ids("moties/kst-34104-439"), ["moties/kst-34104-439"]);
        assert_eq!(lookup_ids("Kamerbrief_1pag"), ["Kamerbrief_1pag"]);
    }

    #[test]
    fn the_section_path_is_one_string_in_json() {
        let p = PassageView {
            ord: 3,
            section: vec!["Beleidsdebat AI en onderwijs".into(), "Inhoud".into()],
            page: Some(4),
            text: "Tekst.".into(),
            footnotes: vec![],
            references: vec![],
            lang: crate::model::Lang::Nl,
        };
        let json = serde_json::to_value(&p).unwrap();
        assert_eq!(json["section"], "Beleidsdebat AI en onderwijs > Inhoud");
        let back: PassageView = serde_json::from_value(json).unwrap();
        assert_eq!(back, p);
        let top = PassageView {
            section: vec![],
            ..p
        };
        let back: PassageView =
            serde_json::from_value(serde_json::to_value(&top).unwrap()).unwrap();
        assert_eq!(back.section, Vec::<String>::new());
    }
}
