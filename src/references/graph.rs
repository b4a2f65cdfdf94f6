//! Who cites what: the reference graph over the indexed documents.

use serde::Serialize;

use crate::error::Result;
use crate::query::{Clause, Filter, Occur, ParsedQuery};
use crate::references::CitedReference;
use crate::search::{Hit, SearchOptions};
use crate::SearchIndex;

/// A reference a document makes, and whether the cited paper is in the index.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Citation {
    /// The reference as first met in the document.
    #[serde(flatten)]
    pub reference: CitedReference,
    /// How often the document cites it.
    pub count: usize,
    /// Whether a document with this id is in the index.
    pub in_index: bool,
}

/// A cited paper: the document itself (when indexed) and the passages citing it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CitedBy {
    /// The canonical id asked for.
    pub canonical: String,
    /// The first passage of the document that is this paper, if it is indexed.
    pub document: Option<Hit>,
    /// Passages that cite it, in document order.
    pub citing: Vec<Hit>,
}

fn all() -> SearchOptions {
    SearchOptions {
        limit: 100_000,
        max_per_doc: 0,
        ..SearchOptions::default()
    }
}

/// The passages that match one filter, in document order.
fn filtered(index: &SearchIndex, filter: Filter, options: &SearchOptions) -> Result<Vec<Hit>> {
    let parsed = ParsedQuery {
        clauses: vec![(Occur::Should, Clause::Filter(filter))],
        columns: vec![1],
    };
    Ok(index.search_parsed(&parsed, options)?.hits)
}

impl SearchIndex {
    /// Whether a document with this `doc_id` is indexed.
    pub fn has_document(&self, doc_id: &str) -> Result<bool> {
        let one = SearchOptions {
            limit: 1,
            ..SearchOptions::default()
        };
        Ok(!filtered(self, Filter::Doc(doc_id.replace(' ', "")), &one)?.is_empty())
    }

    /// The paper `reference` (a canonical id or any written form the reference
    /// parser reads) and every passage that cites it. A dossier id
    /// (`kst-21501-34`) gathers citations of every paper in it.
    pub fn cited_by(&self, reference: &str) -> Result<CitedBy> {
        let canonical = crate::references::canonical_of(reference)
            .unwrap_or_else(|| reference.trim().to_owned());
        let first = SearchOptions {
            limit: 1,
            ..SearchOptions::default()
        };
        let document = filtered(self, Filter::Doc(canonical.replace(' ', "")), &first)?
            .into_iter()
            .next();
        let citing = filtered(self, Filter::Ref(canonical.clone()), &all())?;
        Ok(CitedBy {
            canonical,
            document,
            citing,
        })
    }

    /// What the document `doc_id` cites, in order of first mention.
    pub fn citations_of(&self, doc_id: &str) -> Result<Vec<Citation>> {
        let passages = filtered(self, Filter::Doc(doc_id.replace(' ', "")), &all())?;
        let mut out: Vec<Citation> = Vec::new();
        for hit in passages {
            for r in hit.references {
                match out
                    .iter_mut()
                    .find(|c| c.reference.canonical == r.canonical)
                {
                    Some(c) => c.count += 1,
                    None => out.push(Citation {
                        reference: r,
                        count: 1,
                        in_index: false,
                    }),
                }
            }
        }
        for c in &mut out {
            c.in_index =
                c.reference.canonical != doc_id && self.has_document(&c.reference.canonical)?;
        }
        Ok(out)
    }
}
