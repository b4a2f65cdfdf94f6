//! Who cites what: the reference graph over the indexed documents.

use serde::Serialize;

use crate::error::Result;
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

fn quoted(value: &str) -> String {
    format!("\"{}\"", value.replace('"', ""))
}

impl SearchIndex {
    /// Whether a document with this `doc_id` is indexed.
    pub fn has_document(&self, doc_id: &str) -> Result<bool> {
        let one = SearchOptions {
            limit: 1,
            ..SearchOptions::default()
        };
        Ok(!self
            .search(&format!("doc:{}", doc_id.replace(' ', "")), &one)?
            .is_empty())
    }

    /// The paper `reference` (a canonical id or any written form the reference
    /// parser reads) and every passage that cites it. A dossier id
    /// (`kst-21501-34`) gathers citations of every paper in it.
    pub fn cited_by(&self, reference: &str) -> Result<CitedBy> {
        let canonical = crate::references::canonical_of(reference)
            .unwrap_or_else(|| reference.trim().to_owned());
        let document = self
            .search(
                &format!("doc:{}", canonical.replace(' ', "")),
                &SearchOptions {
                    limit: 1,
                    ..SearchOptions::default()
                },
            )?
            .into_iter()
            .next();
        let citing = self.search(&format!("ref:{}", quoted(&canonical)), &all())?;
        Ok(CitedBy {
            canonical,
            document,
            citing,
        })
    }

    /// What the document `doc_id` cites, in order of first mention.
    pub fn citations_of(&self, doc_id: &str) -> Result<Vec<Citation>> {
        let passages = self.search(&format!("doc:{}", doc_id.replace(' ', "")), &all())?;
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
