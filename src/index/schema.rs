//! The schema: one tantivy document per passage, its fields and what each
//! holds, and the stored passage shown with a hit.

use super::*;

/// The fields of a passage document.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    pub doc_id: Field,
    pub path: Field,
    pub title: Field,
    pub doc_type: Field,
    pub dossier: Field,
    pub dossier_title: Field,
    pub indiener: Field,
    pub date: Field,
    pub year: Field,
    pub lang: Field,
    pub refs: Field,
    pub section: Field,
    pub body: Field,
    pub body_en: Field,
    pub exact: Field,
    pub notes: Field,
    pub notes_exact: Field,
    pub head: Field,
    pub grams: Field,
    pub ord: Field,
    pub doc_key: Field,
    pub data: Field,
}

/// Indexed with term frequencies only: for terms never used in phrases.
pub(super) fn counted_field(analyzer: &str) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(analyzer)
            .set_index_option(IndexRecordOption::WithFreqs),
    )
}

/// Indexed as which passages hold a term, without frequencies: for terms a
/// passage's analyzer emits once ([`crate::analyze::Grams`]).
pub(super) fn held_field(analyzer: &str) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(analyzer)
            .set_index_option(IndexRecordOption::Basic),
    )
}

pub(super) fn text_field(analyzer: &str) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(analyzer)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    )
}

pub(crate) fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let numeric = NumericOptions::default().set_indexed().set_fast();
    let fields = Fields {
        doc_id: b.add_text_field("doc_id", STRING),
        path: b.add_text_field("path", STRING | FAST),
        title: b.add_text_field("title", text_field(analyze::DUTCH)),
        doc_type: b.add_text_field("type", STRING | FAST),
        dossier: b.add_text_field("dossier", STRING | FAST),
        dossier_title: b.add_text_field("dossier_title", text_field(analyze::DUTCH)),
        indiener: b.add_text_field("indiener", text_field(analyze::EXACT)),
        date: b.add_u64_field("date", numeric.clone()),
        year: b.add_u64_field("year", numeric.clone()),
        lang: b.add_text_field("lang", STRING),
        refs: b.add_text_field("refs", STRING),
        section: b.add_text_field("section", text_field(analyze::DUTCH)),
        body: b.add_text_field("body", text_field(analyze::DUTCH)),
        body_en: b.add_text_field("body_en", text_field(analyze::ENGLISH)),
        exact: b.add_text_field("exact", text_field(analyze::EXACT)),
        notes: b.add_text_field("notes", text_field(analyze::DUTCH)),
        notes_exact: b.add_text_field("notes_exact", text_field(analyze::EXACT)),
        head: b.add_text_field("head", counted_field(analyze::HEAD)),
        grams: b.add_text_field("grams", held_field(analyze::GRAMS)),
        ord: b.add_u64_field("ord", FAST),
        doc_key: b.add_u64_field("doc_key", FAST),
        data: b.add_text_field("data", STORED),
    };
    (b.build(), fields)
}

/// What is stored with each passage and shown with a hit.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct StoredPassage {
    pub doc_id: String,
    pub title: String,
    pub path: String,
    pub doc_type: Option<crate::model::DocType>,
    pub date: Option<String>,
    pub passage: Passage,
}

/// Replaces footnote markers `[7]` by a space so the digit is not indexed.
pub(super) fn strip_markers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        out.push_str(&rest[..open]);
        if digits > 0 && after[digits..].starts_with(']') {
            out.push(' ');
            rest = &after[digits + 1..];
        } else {
            out.push('[');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

impl SearchIndex {
    /// The tantivy document for passage `ord` of a document. `key` is the
    /// document's number, unique in the index: hits are capped per document
    /// by it (a column of numbers handed out in order packs into a few bits a
    /// passage and is faster to read than the column of paths).
    pub(super) fn to_tantivy(
        &self,
        meta: &DocMeta,
        passage: &Passage,
        ord: usize,
        key: u64,
    ) -> TantivyDocument {
        let f = &self.fields;
        let mut doc = TantivyDocument::default();
        doc.add_text(f.doc_id, &meta.doc_id);
        doc.add_text(f.path, &meta.path);
        let plain = strip_markers(&passage.text);
        // The title says what the document is about; its first passage carries
        // it, unless the title is only the start of that passage's text (a
        // document without a title line is named by its first words).
        if ord == 0 && !plain.starts_with(meta.title.trim_end_matches('…')) {
            doc.add_text(f.title, &meta.title);
        }
        if ord == 0 {
            if let Some(t) = &meta.dossier_title {
                doc.add_text(f.dossier_title, t);
            }
        }
        for name in &meta.indiener {
            doc.add_text(f.indiener, name);
        }
        if let Some(t) = &meta.doc_type {
            let t = t.as_str();
            doc.add_text(f.doc_type, t);
            if let Some(first) = t.split_whitespace().next().filter(|w| *w != t) {
                doc.add_text(f.doc_type, first);
            }
        }
        for d in &meta.dossier {
            doc.add_text(f.dossier, crate::query::normalize_dossier(d));
            if let Some((base, _)) = d.split_once('-') {
                doc.add_text(f.dossier, base);
            }
        }
        if let Some((date, year)) = meta.date.as_deref().and_then(crate::query::date_number) {
            doc.add_u64(f.date, date);
            doc.add_u64(f.year, year);
        }
        let lang = passage.lang.unwrap_or_default();
        doc.add_text(f.lang, lang.as_str());
        for r in &passage.references {
            for key in crate::references::search_keys(&r.canonical) {
                doc.add_text(f.refs, key);
            }
        }
        let section = passage.section.join(" > ");
        doc.add_text(f.section, &section);
        if lang == crate::model::Lang::En {
            doc.add_text(f.body_en, &plain);
        } else {
            doc.add_text(f.body, &plain);
        }
        doc.add_text(f.exact, &plain);
        doc.add_text(f.head, &plain);
        doc.add_text(f.grams, &plain);
        for note in &passage.footnotes {
            doc.add_text(f.notes, &note.text);
            doc.add_text(f.notes_exact, &note.text);
        }
        doc.add_u64(f.ord, ord as u64);
        doc.add_u64(f.doc_key, key);
        let stored = StoredPassage {
            doc_id: meta.doc_id.clone(),
            title: meta.title.clone(),
            path: meta.path.clone(),
            doc_type: meta.doc_type.clone(),
            date: meta.date.clone(),
            passage: passage.clone(),
        };
        doc.add_text(
            f.data,
            serde_json::to_string(&stored).expect("passage serializes"),
        );
        doc
    }
}
