//! Output: human-readable hits, JSON Lines, TREC runs, and the indexing summary.
//!
//! `--json` prints one JSON object per hit per line: the fields of
//! [`docsearch::Hit`] (`rank`, `score`, `doc_id`, `title`, `path`, `doc_type`,
//! `date`, `url`, `section`, `page`, `text`, `snippet`, `highlights`,
//! `footnotes`, `references`, `lang`). `url` is where the document is
//! published, `null` when no address is known; each reference is
//! `{"canonical", "kind", "text", "footnote", "url"}`. With `--batch`, each
//! object also has `query_id`.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};
use docsearch::{DocumentView, Hit, IndexReport, SearchIndex, SearchOptions};

/// Output formats of `query`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Human-readable.
    Text,
    /// JSON Lines, one hit per line.
    Json,
    /// TREC run lines, documents ranked: `QUERY_ID Q0 DOC_ID RANK SCORE docsearch`.
    Trec,
}

/// Runs one query and prints it; returns whether anything was found.
pub fn single(
    idx: &SearchIndex,
    query: &str,
    options: &SearchOptions,
    format: Format,
    style: TextStyle,
    out: &mut impl Write,
) -> Result<bool> {
    if format == Format::Trec {
        let docs = idx.search(query, &documents(options))?;
        for (i, d) in docs.iter().enumerate() {
            writeln!(out, "q Q0 {} {} {:.4} docsearch", d.doc_id, i + 1, d.score)?;
        }
        return Ok(!docs.is_empty());
    }
    // Text always opens with the totals; JSON ends with them when asked for.
    let summary = format == Format::Json && (options.limit == 0 || !options.facets.is_empty());
    let options = SearchOptions {
        totals: format == Format::Text || summary,
        ..options.clone()
    };
    let results = idx.search_results(query, &options)?;
    let totals = results.totals.unwrap_or_default();
    if format == Format::Text && totals.passages == 0 {
        // As grep: nothing on standard output when nothing matches.
        eprintln!("0 passages in 0 documents");
    } else if format == Format::Text {
        writeln!(
            out,
            "{} in {}",
            plural(totals.passages, "passage", "passages"),
            plural(totals.documents, "document", "documents")
        )?;
        for (facet, values) in &totals.facets {
            writeln!(out, "{}: {}", facet.name(), facet_line(values))?;
        }
        if !results.hits.is_empty() {
            writeln!(out)?;
        }
    }
    for hit in &results.hits {
        match format {
            Format::Json => writeln!(out, "{}", serde_json::to_string(hit)?)?,
            _ => human(hit, style, out)?,
        }
    }
    if summary {
        writeln!(out, "{}", serde_json::json!({ "summary": totals }))?;
    }
    Ok(totals.passages > 0 || !results.hits.is_empty())
}

/// The options of a TREC run: documents ranked by their best passage.
fn documents(options: &SearchOptions) -> SearchOptions {
    SearchOptions {
        weights: options.weights,
        ..SearchOptions::documents(options.limit)
    }
}

/// `--sort` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SortArg {
    /// Best first.
    Relevance,
    /// Newest first; undated documents last.
    Date,
}

impl From<SortArg> for docsearch::Sort {
    fn from(s: SortArg) -> Self {
        match s {
            SortArg::Relevance => docsearch::Sort::Relevance,
            SortArg::Date => docsearch::Sort::Date,
        }
    }
}

/// A count with Dutch thousands separators: `1.234 passages`.
fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", dutch_number(n), if n == 1 { one } else { many })
}

/// `1234567` → `1.234.567`.
pub(crate) fn dutch_number(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// `motie 120, brief 31, …`: the values with most documents first.
fn facet_line(values: &std::collections::BTreeMap<String, u64>) -> String {
    let mut sorted: Vec<(&String, &u64)> = values.iter().collect();
    sorted.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    if sorted.is_empty() {
        return "none".to_owned();
    }
    sorted
        .iter()
        .map(|(v, n)| format!("{v} {}", dutch_number(**n)))
        .collect::<Vec<_>>()
        .join(", ")
}

#[derive(serde::Deserialize)]
struct BatchQuery {
    id: serde_json::Value,
    text: String,
}

#[derive(serde::Serialize)]
struct BatchHit<'a> {
    query_id: &'a str,
    #[serde(flatten)]
    hit: &'a Hit,
}

/// What a batch run found.
pub struct BatchOutcome {
    /// Whether any query found anything.
    pub found: bool,
    /// Lines that were not a query object or held a query that was rejected.
    pub rejected: usize,
}

/// Runs every query of a JSON Lines file. A line that is not a query, or a query
/// that cannot be parsed, is reported on stderr with its line number; the other
/// queries are still answered.
pub fn batch(
    idx: &SearchIndex,
    file: &Path,
    options: &SearchOptions,
    format: Format,
    style: TextStyle,
    out: &mut impl Write,
) -> Result<BatchOutcome> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let mut outcome = BatchOutcome {
        found: false,
        rejected: 0,
    };
    let mut reject = |n: usize, what: String| {
        eprintln!("docsearch: {}:{}: {what}", file.display(), n + 1);
        outcome.rejected += 1;
    };
    for (n, line) in bytes.split(|&b| b == b'\n').enumerate() {
        let Ok(line) = std::str::from_utf8(line) else {
            reject(n, "line is not UTF-8".into());
            continue;
        };
        if line.trim().is_empty() {
            continue;
        }
        let q: BatchQuery = match serde_json::from_str(&replace_lone_surrogates(line)) {
            Ok(q) => q,
            Err(e) => {
                reject(
                    n,
                    format!("not a {{\"id\": ..., \"text\": ...}} object: {e}"),
                );
                continue;
            }
        };
        let id = match &q.id {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        match format {
            Format::Trec => {
                let docs = match idx.search(&q.text, &documents(options)) {
                    Ok(docs) => docs,
                    Err(docsearch::Error::Query(e)) => {
                        reject(n, format!("query {id}: {e}"));
                        continue;
                    }
                    Err(e) => return Err(e).context(format!("{}:{}", file.display(), n + 1)),
                };
                outcome.found |= !docs.is_empty();
                for (i, d) in docs.iter().enumerate() {
                    writeln!(
                        out,
                        "{id} Q0 {} {} {:.4} docsearch",
                        d.doc_id,
                        i + 1,
                        d.score
                    )?;
                }
            }
            _ => {
                let hits = match idx.search(&q.text, options) {
                    Ok(hits) => hits,
                    Err(docsearch::Error::Query(e)) => {
                        reject(n, format!("query {id}: {e}"));
                        continue;
                    }
                    Err(e) => return Err(e).context(format!("{}:{}", file.display(), n + 1)),
                };
                outcome.found |= !hits.is_empty();
                for hit in &hits {
                    if format == Format::Json {
                        writeln!(
                            out,
                            "{}",
                            serde_json::to_string(&BatchHit { query_id: &id, hit })?
                        )?;
                    } else {
                        write!(out, "[{id}] ")?;
                        human(
                            hit,
                            TextStyle {
                                color: false,
                                ..style
                            },
                            out,
                        )?;
                    }
                }
            }
        }
    }
    Ok(outcome)
}

/// JSON from other programs may escape half a UTF-16 pair (`"\ud800"`), which is
/// no character: it becomes U+FFFD so the query is still answered.
fn replace_lone_surrogates(line: &str) -> std::borrow::Cow<'_, str> {
    let unit = |at: usize| {
        line.get(at..at + 6)
            .filter(|s| s.starts_with("\\u"))
            .and_then(|s| u16::from_str_radix(&s[2..], 16).ok())
    };
    let bytes = line.as_bytes();
    let mut out = String::new();
    let mut last = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'\\' {
            i += 1;
            continue;
        }
        match unit(i) {
            Some(0xD800..=0xDBFF)
                if unit(i + 6).is_some_and(|low| (0xDC00..=0xDFFF).contains(&low)) =>
            {
                i += 12;
            }
            Some(0xD800..=0xDFFF) => {
                out.push_str(&line[last..i]);
                out.push_str("\\ufffd");
                i += 6;
                last = i;
            }
            Some(_) => i += 6,
            None => i += 2, // an escaped character such as `\\`
        }
    }
    if last == 0 {
        return std::borrow::Cow::Borrowed(line);
    }
    out.push_str(&line[last..]);
    std::borrow::Cow::Owned(out)
}

/// How hits are printed as text.
#[derive(Debug, Clone, Copy, Default)]
pub struct TextStyle {
    /// ANSI colour: bold titles, dim details, marked matches.
    pub color: bool,
    /// The whole passage instead of the snippet.
    pub full: bool,
}

/// The escape codes of a [`TextStyle`], empty without colour.
struct Palette {
    bold: &'static str,
    dim: &'static str,
    reset: &'static str,
    mark: &'static str,
}

impl Palette {
    fn new(color: bool) -> Palette {
        if color {
            Palette {
                bold: "\x1b[1m",
                dim: "\x1b[2m",
                reset: "\x1b[0m",
                mark: "\x1b[1;31m",
            }
        } else {
            Palette {
                bold: "",
                dim: "",
                reset: "",
                mark: "",
            }
        }
    }

    /// `text` with the byte ranges `marks` shown: in colour, or as `*word*`.
    fn marked(&self, text: &str, marks: &[[usize; 2]]) -> String {
        let mut out = String::with_capacity(text.len());
        let mut last = 0;
        for &[s, e] in marks {
            if s < last || e > text.len() || !text.is_char_boundary(s) || !text.is_char_boundary(e)
            {
                continue;
            }
            out.push_str(&text[last..s]);
            if self.mark.is_empty() {
                out.push_str(&format!("*{}*", &text[s..e]));
            } else {
                out.push_str(&format!("{}{}{}", self.mark, &text[s..e], self.reset));
            }
            last = e;
        }
        out.push_str(&text[last..]);
        out
    }
}

/// Matches to mark in the whole passage: the snippet's highlights, moved to
/// where the snippet lies in the passage (it is a stretch of the passage, line
/// breaks as spaces, between optional `"… "` and `" …"`), and every other
/// occurrence of the words they mark, as whole words or compound parts.
pub(crate) fn passage_highlights(hit: &Hit) -> Vec<[usize; 2]> {
    if hit.highlights.is_empty() {
        return Vec::new();
    }
    let (core, shift) = match hit.snippet.strip_prefix("… ") {
        Some(rest) => (rest, "… ".len()),
        None => (hit.snippet.as_str(), 0),
    };
    let core = core.strip_suffix(" …").unwrap_or(core);
    let flat = hit.text.replace('\n', " ");
    let mut marks: Vec<[usize; 2]> = Vec::new();
    if let Some(at) = flat.find(core) {
        marks.extend(
            hit.highlights
                .iter()
                .filter(|[s, e]| *s >= shift && *e <= shift + core.len())
                .map(|[s, e]| [s - shift + at, e - shift + at]),
        );
    }
    let words: Vec<&str> = hit
        .highlights
        .iter()
        .filter_map(|[s, e]| hit.snippet.get(*s..*e))
        .filter(|w| !w.is_empty())
        .collect();
    let text = hit.text.as_bytes();
    let apart = |i: usize| match hit.text[i..].chars().next() {
        Some(c) => !c.is_alphanumeric(),
        None => true,
    };
    let apart_before = |i: usize| match hit.text[..i].chars().next_back() {
        Some(c) => !c.is_alphanumeric(),
        None => true,
    };
    for word in words {
        let w = word.as_bytes();
        for start in 0..text.len().saturating_sub(w.len() - 1) {
            let end = start + w.len();
            if text[start..end].eq_ignore_ascii_case(w)
                && hit.text.is_char_boundary(start)
                && hit.text.is_char_boundary(end)
                && apart_before(start)
                && apart(end)
            {
                marks.push([start, end]);
            }
        }
    }
    marks.sort_unstable();
    marks.dedup();
    // Overlapping marks become one.
    let mut merged: Vec<[usize; 2]> = Vec::with_capacity(marks.len());
    for [s, e] in marks {
        match merged.last_mut() {
            Some(last) if s <= last[1] => last[1] = last[1].max(e),
            _ => merged.push([s, e]),
        }
    }
    merged
}

fn human(hit: &Hit, style: TextStyle, out: &mut impl Write) -> Result<()> {
    let p = Palette::new(style.color);
    let (bold, dim, reset) = (p.bold, p.dim, p.reset);
    writeln!(
        out,
        "{bold}{}. {}{reset}  [{}]  {dim}score {:.2}{reset}",
        hit.rank, hit.title, hit.doc_id, hit.score
    )?;
    let document: Vec<&str> = [hit.doc_type.as_deref(), hit.date.as_deref()]
        .into_iter()
        .flatten()
        .chain([hit.path.as_str()])
        .filter(|s| !s.is_empty())
        .collect();
    writeln!(out, "   {dim}{}{reset}", document.join(" · "))?;
    let mut place: Vec<String> = Vec::new();
    if !hit.section.is_empty() {
        place.push(hit.section.join(" > "));
    }
    if let Some(page) = hit.page {
        place.push(format!("p. {page}"));
    }
    if !place.is_empty() {
        writeln!(out, "   {}", place.join(" · "))?;
    }
    if let Some(url) = &hit.url {
        writeln!(out, "   {dim}{url}{reset}")?;
    }
    let passage = if style.full {
        p.marked(&hit.text, &passage_highlights(hit))
    } else {
        p.marked(&hit.snippet, &hit.highlights)
    };
    // Blank lines would blur where one hit ends and the next begins.
    for line in passage.lines().filter(|l| !l.trim().is_empty()) {
        writeln!(out, "   {line}")?;
    }
    notes_and_references(&hit.footnotes, &hit.references, &p, out)?;
    writeln!(out)?;
    Ok(())
}

/// A passage's footnotes and references, indented under it.
fn notes_and_references(
    footnotes: &[docsearch::Footnote],
    references: &[docsearch::references::CitedReference],
    p: &Palette,
    out: &mut impl Write,
) -> Result<()> {
    let (dim, reset) = (p.dim, p.reset);
    for note in footnotes {
        writeln!(out, "   {dim}[{}] {}{reset}", note.number, note.text)?;
    }
    for r in references {
        let place = match r.footnote {
            Some(n) => format!(" (footnote {n})"),
            None => String::new(),
        };
        match &r.url {
            Some(url) if *url != r.canonical => {
                writeln!(out, "   {dim}ref {}{place}  {url}{reset}", r.canonical)?
            }
            _ => writeln!(out, "   {dim}ref {}{place}{reset}", r.canonical)?,
        }
    }
    Ok(())
}

/// `show`: a whole document in reading order. A heading is printed where the
/// section path changes (`#` per level), a page number where the page does.
pub fn document(doc: &DocumentView, color: bool, out: &mut impl Write) -> Result<()> {
    let p = Palette::new(color);
    let (bold, dim, reset) = (p.bold, p.dim, p.reset);
    if !doc.title.is_empty() {
        writeln!(out, "{bold}{}{reset}", doc.title)?;
    }
    let about: Vec<&str> = [
        Some(doc.doc_id.as_str()),
        doc.doc_type.as_deref(),
        doc.date.as_deref(),
    ]
    .into_iter()
    .flatten()
    .filter(|s| !s.is_empty())
    .collect();
    writeln!(out, "{}", about.join(" · "))?;
    if let Some(url) = &doc.url {
        writeln!(out, "{url}")?;
    }
    writeln!(out, "{dim}{}{reset}", doc.path)?;
    let mut section: &[String] = &[];
    let mut page = None;
    for passage in &doc.passages {
        writeln!(out)?;
        let new = passage.section.as_slice();
        if new != section {
            let mut from = section.iter().zip(new).take_while(|(a, b)| a == b).count();
            // Back out to an enclosing section: name it again.
            if from == new.len() && from > 0 {
                from -= 1;
            }
            for (level, heading) in new.iter().enumerate().skip(from) {
                writeln!(out, "{bold}{} {heading}{reset}", "#".repeat(level + 1))?;
            }
            if from < new.len() {
                writeln!(out)?;
            }
            section = new;
        }
        if passage.page.is_some() && passage.page != page {
            if let Some(n) = passage.page {
                writeln!(out, "{dim}[p. {n}]{reset}")?;
            }
            page = passage.page;
        }
        writeln!(out, "{}", passage.text.trim_end())?;
        notes_and_references(&passage.footnotes, &passage.references, &p, out)?;
    }
    Ok(())
}

/// `refs --extract`: one JSON object per reference in `text`, with byte offsets.
pub fn extracted_references(text: &str, out: &mut impl Write) -> Result<bool> {
    #[derive(serde::Serialize)]
    struct Found<'a> {
        kind: &'a str,
        canonical: &'a str,
        text: &'a str,
        start: usize,
        end: usize,
        #[serde(skip_serializing_if = "Option::is_none")]
        vergaderjaar: Option<&'a str>,
        url: Option<String>,
    }
    let refs = docsearch::references::parse::shared_parser().extract(text);
    for r in &refs {
        let found = Found {
            kind: r.kind.as_str(),
            canonical: &r.canonical,
            text: &r.text,
            start: r.start,
            end: r.end,
            vergaderjaar: r.vergaderjaar.as_deref(),
            url: docsearch::references::reference_url(r.kind, &r.canonical),
        };
        writeln!(out, "{}", serde_json::to_string(&found)?)?;
    }
    Ok(!refs.is_empty())
}

/// `refs ID`: the paper itself, then the passages citing it.
pub fn cited_by(
    c: &docsearch::references::graph::CitedBy,
    json: bool,
    out: &mut impl Write,
) -> Result<bool> {
    if json {
        writeln!(out, "{}", serde_json::to_string(c)?)?;
        return Ok(c.document.is_some() || !c.citing.is_empty());
    }
    match &c.document {
        Some(doc) => writeln!(out, "{}: {} ({})", c.canonical, doc.title, doc.path)?,
        None => writeln!(out, "{}: not in the index", c.canonical)?,
    }
    writeln!(out, "cited by {} passages:\n", c.citing.len())?;
    for hit in &c.citing {
        let how: Vec<String> = hit
            .references
            .iter()
            .filter(|r| docsearch::references::search_keys(&r.canonical).contains(&c.canonical))
            .map(|r| match r.footnote {
                Some(n) => format!("footnote {n}: {}", r.text),
                None => r.text.clone(),
            })
            .collect();
        human(hit, TextStyle::default(), out)?;
        writeln!(out, "   cites as: {}\n", how.join("; "))?;
    }
    Ok(c.document.is_some() || !c.citing.is_empty())
}

/// `refs --from DOC`: what a document cites.
pub fn citations(
    doc: &str,
    cites: &[docsearch::references::graph::Citation],
    json: bool,
    out: &mut impl Write,
) -> Result<bool> {
    for c in cites {
        if json {
            writeln!(out, "{}", serde_json::to_string(c)?)?;
        } else {
            let place = match c.reference.footnote {
                Some(n) => format!("footnote {n}"),
                None => "text".to_owned(),
            };
            let indexed = if c.in_index { "indexed" } else { "not indexed" };
            write!(
                out,
                "{:<24} {:<12} {:<11} {:>2}x  {}  ({place})",
                c.reference.canonical, c.reference.kind, indexed, c.count, c.reference.text
            )?;
            match &c.reference.url {
                Some(url) if *url != c.reference.canonical => writeln!(out, "  {url}")?,
                _ => writeln!(out)?,
            }
        }
    }
    if cites.is_empty() && !json {
        writeln!(out, "{doc} cites no references (or is not in the index)")?;
    }
    Ok(!cites.is_empty())
}

/// The summary printed at the end of `index`.
pub fn index_summary(r: &IndexReport, out: &mut impl Write) -> Result<()> {
    let mb = r.bytes_read as f64 / 1e6;
    let rate = if r.seconds > 0.0 { mb / r.seconds } else { 0.0 };
    writeln!(
        out,
        "indexed {} files ({} passages, {:.1} MB) in {:.2} s, {:.1} MB/s; {} unchanged, {} removed, {} skipped, {} not read (other formats); {} passages in the index",
        r.files_indexed,
        r.passages_added,
        mb,
        r.seconds,
        rate,
        r.files_unchanged,
        r.files_removed,
        r.skipped.len(),
        r.ignored.len(),
        r.passages_total
    )?;
    if r.lingua_calls > 0 {
        writeln!(out, "language: {} passages needed lingua", r.lingua_calls)?;
    }
    for s in &r.skipped {
        writeln!(out, "skipped {}: {}", s.path, s.reason)?;
    }
    for w in &r.warnings {
        writeln!(out, "warning {}: {}", w.path, w.reason)?;
    }
    // A folder of thousands of images would bury the rest: the first ones
    // here, all of them in --json.
    for i in r.ignored.iter().take(MAX_IGNORED_SHOWN) {
        writeln!(out, "not read {}: {}", i.path, i.reason)?;
    }
    if r.ignored.len() > MAX_IGNORED_SHOWN {
        writeln!(
            out,
            "... and {} more files not read (--json lists them all)",
            r.ignored.len() - MAX_IGNORED_SHOWN
        )?;
    }
    Ok(())
}

/// Files of a format docsearch does not read named in the human summary.
const MAX_IGNORED_SHOWN: usize = 50;

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(text: &str, snippet: &str, highlights: Vec<[usize; 2]>) -> Hit {
        Hit {
            rank: 1,
            score: 1.0,
            doc_id: "kst-1".into(),
            title: String::new(),
            path: String::new(),
            doc_type: None,
            date: None,
            url: None,
            section: Vec::new(),
            page: None,
            text: text.into(),
            snippet: snippet.into(),
            highlights,
            footnotes: vec![],
            references: vec![],
            lang: docsearch::Lang::Nl,
        }
    }

    #[test]
    fn snippet_marks_carry_over_to_the_whole_passage() {
        let text = "Risico's hier.\nDe AI-verordening noemt risico's en risicovolle zaken. Slot.";
        let snippet = "… De AI-verordening noemt risico's en risicovolle …";
        let at = |w: &str| {
            let s = snippet.find(w).unwrap();
            [s, s + w.len()]
        };
        let h = hit(text, snippet, vec![at("verordening"), at("risico")]);
        let marked: Vec<&str> = passage_highlights(&h)
            .iter()
            .map(|&[s, e]| &text[s..e])
            .collect();
        // Also the first "Risico" (outside the snippet), not inside "risicovolle".
        assert_eq!(marked, ["Risico", "verordening", "risico"]);
        assert_eq!(
            Palette::new(false).marked(text, &passage_highlights(&h)),
            "*Risico*'s hier.\nDe AI-*verordening* noemt *risico*'s en risicovolle zaken. Slot."
        );
        assert!(passage_highlights(&hit(text, snippet, vec![])).is_empty());
    }
}
