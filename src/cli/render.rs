//! Output: human-readable hits, JSON Lines, TREC runs, and the indexing summary.
//!
//! `--json` prints one JSON object per hit per line: the fields of
//! [`docsearch::Hit`] (`rank`, `score`, `doc_id`, `title`, `path`, `doc_type`,
//! `date`, `section`, `page`, `text`, `snippet`, `highlights`, `footnotes`,
//! `references`, `lang`). With `--batch`, each object also has `query_id`.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};
use docsearch::{Hit, IndexReport, SearchIndex, SearchOptions};

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
    color: bool,
    out: &mut impl Write,
) -> Result<bool> {
    if format == Format::Trec {
        let docs = idx.search_documents(query, options.limit, &options.weights)?;
        for (i, d) in docs.iter().enumerate() {
            writeln!(out, "q Q0 {} {} {:.4} docsearch", d.doc_id, i + 1, d.score)?;
        }
        return Ok(!docs.is_empty());
    }
    let hits = idx.search(query, options)?;
    for hit in &hits {
        match format {
            Format::Json => writeln!(out, "{}", serde_json::to_string(hit)?)?,
            _ => human(hit, color, out)?,
        }
    }
    Ok(!hits.is_empty())
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
                let docs = match idx.search_documents(&q.text, options.limit, &options.weights) {
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
                        human(hit, false, out)?;
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

fn human(hit: &Hit, color: bool, out: &mut impl Write) -> Result<()> {
    let (bold, dim, reset, mark) = if color {
        ("\x1b[1m", "\x1b[2m", "\x1b[0m", "\x1b[1;31m")
    } else {
        ("", "", "", "")
    };
    writeln!(
        out,
        "{bold}{}. {}{reset}  [{}]  {dim}score {:.2}{reset}",
        hit.rank, hit.title, hit.doc_id, hit.score
    )?;
    let mut place = hit.path.clone();
    if !hit.section.is_empty() {
        place.push_str(" · ");
        place.push_str(&hit.section);
    }
    if let Some(page) = hit.page {
        place.push_str(&format!(" · p. {page}"));
    }
    writeln!(out, "   {dim}{place}{reset}")?;
    let mut snippet = String::new();
    let mut last = 0;
    for [s, e] in &hit.highlights {
        snippet.push_str(&hit.snippet[last..*s]);
        if color {
            snippet.push_str(&format!("{mark}{}{reset}", &hit.snippet[*s..*e]));
        } else {
            snippet.push_str(&format!("*{}*", &hit.snippet[*s..*e]));
        }
        last = *e;
    }
    snippet.push_str(&hit.snippet[last..]);
    writeln!(out, "   {snippet}")?;
    for note in &hit.footnotes {
        writeln!(out, "   {dim}[{}] {}{reset}", note.number, note.text)?;
    }
    if !hit.references.is_empty() {
        let refs: Vec<&str> = hit
            .references
            .iter()
            .map(|r| r.canonical.as_str())
            .collect();
        writeln!(out, "   {dim}refs: {}{reset}", refs.join(", "))?;
    }
    writeln!(out)?;
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
        };
        writeln!(out, "{}", serde_json::to_string(&found)?)?;
    }
    Ok(!refs.is_empty())
}

/// `refs ID`: the paper itself, then the passages citing it.
pub fn cited_by(
    c: &docsearch::citations::CitedBy,
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
        human(hit, false, out)?;
        writeln!(out, "   cites as: {}\n", how.join("; "))?;
    }
    Ok(c.document.is_some() || !c.citing.is_empty())
}

/// `refs --from DOC`: what a document cites.
pub fn citations(
    doc: &str,
    cites: &[docsearch::citations::Citation],
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
            writeln!(
                out,
                "{:<24} {:<12} {:<11} {:>2}x  {}  ({place})",
                c.reference.canonical, c.reference.kind, indexed, c.count, c.reference.text
            )?;
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
