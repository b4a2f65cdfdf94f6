//! PDF files: the text layer, page by page, read with poppler's `pdftotext`.
//!
//! # Why `pdftotext -layout`, cut by columns
//!
//! Measured on the nine PDFs of `../shared/corpus/kamerbrieven` with
//! `examples/pdf_quality.rs` (split words such as `Inf rastructuur`; words run
//! together such as `RetouradresPostbus`; lines mixing margin column and body;
//! margin blocks cutting a body sentence in two), totals over the nine files:
//!
//! | approach | split | glued | mixed | cut |
//! |---|---:|---:|---:|---:|
//! | `pdftotext` (default) | 174 | 47 | 3 | 0 |
//! | `pdftotext -raw` | 52 | 27 | 3 | 11 |
//! | `pdftotext -layout` | 174 | 25 | 65 | 2 |
//! | `pdf-extract` 0.12 (pure Rust) | 168 | 28 | 3 | 12 |
//! | this reader (`-layout`, margin cut, furniture removed) | 58 | 19 | 5 | 0 |
//!
//! (`cargo run --example pdf_quality -- ../shared/corpus pdf-extract=DIR`;
//! the last row is the indexed text, whose paragraphs are whole lines, so
//! its `mixed` counts body sentences that name a ministry or a Postbus.) `-raw` splits fewest words but runs
//! others together (`van9`, `RetouradresPostbus`, `2515XP`), puts superscript
//! markers after a line break (`aangeboden1` / `. In`), and like
//! `pdf-extract` drops the margin column into the middle of body sentences.
//! `pdf-extract` splits as many words as poppler and was the slowest to
//! build; it would bring no C dependency, but no gain in text either.
//! `-layout` keeps every visual line whole: a letter's `Datum 22 december
//! 2022` label stays beside its value, and the margin column (ministry,
//! address, `Ons kenmerk`, `Pagina 1 van 9`) sits at a fixed column of the
//! page, so it can be cut off by position and read on its own (the default
//! mode moves margin blocks between body paragraphs and tears labels from
//! their values: `Datum`, `Betreft`, then `22 december 2022`). The split
//! words counted for `-layout` are mostly in that margin column (`I E NW`,
//! `D en Haag`), which is furniture; the rest are letter-spaced words in one
//! letter's body (`w ater`) and a brochure's headings. The ministry's name
//! is matched letters-only against the list of ministries. Multi-column pages (a brochure) are unreadable in
//! `-layout`: a page where many lines hold two text columns side by side is
//! taken from the default mode instead, which orders text blocks by column.
//!
//! # What is done here, and what in `layout`
//!
//! Here: run `pdftotext` (bounded: [`TIMEOUT`], [`MAX_OUTPUT`]), split pages on
//! form feeds, cut the margin column (found per page from its cue words:
//! `Ministerie van`, `Ons kenmerk`, `Pagina N van M`, `Bezoekadres`, ... at the
//! right of the page), drop page numbers at the page top or bottom (`7`,
//! `3 | AI Impact Assessment`), re-join a footnote number that the
//! extractor put on its own line above its text, and mark footnote markers:
//! `-layout` prints a raised small `2` as a plain ` 2` (`jagen 2.`,
//! `juni 2022 2 is`), so the word boxes of `pdftotext -bbox` are read for
//! digits at most 0.8 times as tall as the word before them and raised above
//! its baseline, and those are written as superscript digits glued to their
//! word (`jagen².`), which `layout` takes as markers. Then [`read_layout`] finds
//! furniture, footnotes, markers and headings in the body pages, and
//! [`margin_meta`] reads the cut margin column for the reference and ministry.
//!
//! Without `pdftotext` on the machine every PDF is skipped with the reason
//! [`MISSING_PDFTOTEXT`]. Encrypted, truncated or garbage files are skipped
//! with poppler's reason; a PDF without any text is skipped as a scan.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use super::text::letter_source;
use super::Source;
use crate::layout::{margin_meta, read_layout};
use crate::model::DocMeta;

/// Skip reason when poppler's `pdftotext` is not installed.
pub const MISSING_PDFTOTEXT: &str =
    "PDF support needs pdftotext (poppler-utils): apt-get install poppler-utils";

/// Longest time one `pdftotext` run may take.
pub const TIMEOUT: Duration = Duration::from_secs(20);

/// Most text one `pdftotext` run may write.
pub const MAX_OUTPUT: usize = 64 << 20;

/// Reads a PDF document from its bytes.
pub fn source(bytes: &[u8], meta: DocMeta) -> Result<Source, String> {
    let start = &bytes[..bytes.len().min(1024)];
    if !start.windows(5).any(|w| w == b"%PDF-") {
        return Err("not a PDF file (no %PDF- header)".into());
    }
    let layout_pages = pages(&run_pdftotext(bytes, &["-layout"])?);
    if layout_pages.iter().all(|p| p.trim().is_empty()) {
        return Err("no text layer (scanned PDF?)".into());
    }
    let cut: Vec<(Vec<String>, Vec<String>)> =
        layout_pages.iter().map(|p| split_margin(p)).collect();
    let multi: Vec<bool> = cut.iter().map(|(body, _)| is_multi_column(body)).collect();
    let default_pages = if multi.contains(&true) {
        pages(&run_pdftotext(bytes, &[])?)
    } else {
        Vec::new()
    };
    // Raised small numbers are footnote markers; the text modes print them
    // as plain digits (`jagen 2.`), the word boxes tell them apart.
    let raised = superscripts(&run_pdftotext(bytes, &["-bbox"])?);
    let mut body_pages = Vec::with_capacity(cut.len());
    let mut margin = Vec::new();
    for (i, (body, side)) in cut.into_iter().enumerate() {
        let lines = match default_pages.get(i) {
            // The default mode does not know the margin column: drop the
            // lines the layout mode put there.
            Some(flow) if multi[i] => flow
                .split('\n')
                .filter(|l| !side.iter().any(|m| same_text(m, l)))
                .map(str::to_owned)
                .collect(),
            _ => body,
        };
        let page = tidy_page(lines).join("\n");
        body_pages.push(match raised.get(i) {
            Some(marks) => mark_superscripts(&page, marks),
            None => page,
        });
        margin.extend(side);
        margin.push(String::new());
    }
    if body_pages.len() == 1 {
        // One page: the form feed tells `read_layout` that pages are known.
        body_pages[0].push('\x0c');
    }
    let refs: Vec<&str> = body_pages.iter().map(String::as_str).collect();
    let mut layout = read_layout(&refs);
    let side: Vec<&str> = margin.iter().map(String::as_str).collect();
    let from_margin = margin_meta(&side);
    let m = &mut layout.meta;
    m.reference = m.reference.take().or(from_margin.reference);
    m.ministry = m.ministry.take().or(from_margin.ministry);
    m.date = m.date.take().or(from_margin.date);
    m.subject = m.subject.take().or(from_margin.subject);
    let text = body_pages.join("\x0c");
    let mut source = letter_source(layout, &text, meta);
    if is_bnc_fiche(&text) {
        source.meta.doc_type = Some("bnc-fiche".into());
    }
    Ok(source)
}

/// BNC fiches (the cabinet's assessment of a new Commission proposal) open
/// with `Fiche N: title` and `1. Algemene gegevens`.
fn is_bnc_fiche(text: &str) -> bool {
    let head: String = text.chars().take(2000).collect();
    re!(r"(?m)^\s*Fiche \d+\s*:").is_match(&head) && head.contains("Algemene gegevens")
}

/// Pages of `pdftotext` output: it ends every page with a form feed.
fn pages(text: &str) -> Vec<String> {
    let mut pages: Vec<String> = text.split('\x0c').map(str::to_owned).collect();
    if pages.len() > 1 && pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

fn same_text(a: &str, b: &str) -> bool {
    let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let (a, b) = (norm(a), norm(b));
    !a.is_empty() && a == b
}

/// Runs `pdftotext ARGS - -` on `bytes`, bounded in time and output size.
fn run_pdftotext(bytes: &[u8], args: &[&str]) -> Result<String, String> {
    let spawned = Command::new("pdftotext")
        .args(args)
        .args(["-enc", "UTF-8", "-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match spawned {
        Ok(c) => c,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(MISSING_PDFTOTEXT.into()),
        Err(e) => return Err(format!("cannot run pdftotext: {e}")),
    };
    let (Some(mut stdin), Some(mut stdout), Some(mut stderr)) =
        (child.stdin.take(), child.stdout.take(), child.stderr.take())
    else {
        let _ = child.kill();
        let _ = child.wait();
        return Err("cannot talk to pdftotext".into());
    };
    let too_much = AtomicBool::new(false);
    let (status, out, err) = std::thread::scope(|s| {
        // A broken pipe (pdftotext gave up early) is reported by its status.
        s.spawn(move || {
            let _ = stdin.write_all(bytes);
        });
        let reader = s.spawn(|| {
            let mut buf = Vec::new();
            let mut chunk = [0u8; 64 * 1024];
            while let Ok(n) = stdout.read(&mut chunk) {
                if n == 0 {
                    break;
                }
                buf.extend_from_slice(&chunk[..n]);
                if buf.len() > MAX_OUTPUT {
                    too_much.store(true, Ordering::Relaxed);
                    break;
                }
            }
            buf
        });
        let err_reader = s.spawn(move || {
            let mut buf = Vec::new();
            let mut chunk = [0u8; 4096];
            while let Ok(n) = stderr.read(&mut chunk) {
                if n == 0 {
                    break;
                }
                if buf.len() < 16 * 1024 {
                    buf.extend_from_slice(&chunk[..n]);
                }
            }
            buf
        });
        let deadline = Instant::now() + TIMEOUT;
        let status = loop {
            match child.try_wait() {
                Ok(Some(st)) => break Ok(st),
                Ok(None) => {}
                Err(e) => break Err(format!("pdftotext failed: {e}")),
            }
            if too_much.load(Ordering::Relaxed) {
                let _ = child.kill();
                let _ = child.wait();
                break Err(format!(
                    "pdftotext wrote more than {} MB of text",
                    MAX_OUTPUT >> 20
                ));
            }
            if Instant::now() >= deadline {
                let _ = child.kill();
                let _ = child.wait();
                break Err(format!(
                    "pdftotext took longer than {} s",
                    TIMEOUT.as_secs()
                ));
            }
            std::thread::sleep(Duration::from_millis(10));
        };
        let out = reader.join().unwrap_or_default();
        let err = err_reader.join().unwrap_or_default();
        (status, out, err)
    });
    let status = status?;
    if too_much.load(Ordering::Relaxed) {
        return Err(format!(
            "pdftotext wrote more than {} MB of text",
            MAX_OUTPUT >> 20
        ));
    }
    if !status.success() {
        return Err(failure_reason(
            status.code(),
            &String::from_utf8_lossy(&err),
        ));
    }
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// A skip reason from poppler's exit code and messages.
fn failure_reason(code: Option<i32>, stderr: &str) -> String {
    let lower = stderr.to_lowercase();
    if lower.contains("password") || lower.contains("encrypt") {
        return "encrypted PDF (needs a password)".into();
    }
    if code == Some(3) || lower.contains("copying of text") {
        return "PDF does not permit copying its text".into();
    }
    let last = stderr
        .lines()
        .map(str::trim)
        .rfind(|l| !l.is_empty())
        .unwrap_or("no message");
    let last: String = last.chars().take(200).collect();
    match code {
        Some(c) => format!("damaged or unreadable PDF (pdftotext exit {c}: {last})"),
        None => format!("damaged or unreadable PDF (pdftotext killed: {last})"),
    }
}

/// A raised small number after a word on the same line, from `-bbox`.
#[derive(Debug, Clone, PartialEq)]
struct Superscript {
    /// The word before it.
    after: String,
    /// Its digits.
    digits: String,
}

/// Per page, the footnote markers printed as superscripts: a word of 1–3
/// digits at most 0.8 times as tall as the word before it on the same line,
/// whose bottom is raised above that word's bottom.
fn superscripts(bbox: &str) -> Vec<Vec<Superscript>> {
    let word = re!(
        r#"<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>"#
    );
    let mut pages = Vec::new();
    for page in bbox.split("<page ").skip(1) {
        let mut marks = Vec::new();
        let mut prev: Option<(f64, f64, f64, String)> = None;
        for c in word.captures_iter(page) {
            let num = |k: usize| c[k].parse::<f64>().unwrap_or(0.0);
            let (x0, y0, y1) = (num(1), num(2), num(4));
            let _ = x0;
            let text = c[5]
                .replace("&amp;", "&")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'");
            if let Some((py0, py1, _, ptext)) = &prev {
                let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
                let h = y1 - y0;
                let ph = py1 - py0;
                let same_line = y0 >= py0 - 2.0 && y0 < *py1;
                if (1..=3).contains(&digits.len())
                    && text[digits.len()..].chars().all(|c| !c.is_alphanumeric())
                    && same_line
                    && h <= 0.8 * ph
                    && y1 < py1 - 1.0
                {
                    marks.push(Superscript {
                        after: ptext.clone(),
                        digits,
                    });
                }
            }
            prev = Some((y0, y1, x0, text));
        }
        pages.push(marks);
    }
    pages
}

/// Writes each superscript found in the word boxes as superscript digits
/// glued to its word (`jagen 2.` → `jagen².`), in page order.
fn mark_superscripts(page: &str, marks: &[Superscript]) -> String {
    let mut out = String::with_capacity(page.len());
    let mut rest = page;
    for m in marks {
        let mut from = 0;
        let found = loop {
            let Some(k) = rest[from..].find(m.after.as_str()) else {
                break None;
            };
            let end = from + k + m.after.len();
            let tail = &rest[end..];
            let spaces = tail.len() - tail.trim_start_matches(' ').len();
            let after_digits = &tail[spaces..];
            if spaces <= 1
                && after_digits.starts_with(m.digits.as_str())
                && !after_digits[m.digits.len()..].starts_with(|c: char| c.is_ascii_digit())
            {
                break Some((end, end + spaces + m.digits.len()));
            }
            from = end;
        };
        if let Some((start, end)) = found {
            out.push_str(&rest[..start]);
            out.extend(m.digits.chars().map(superscript_digit));
            rest = &rest[end..];
        }
    }
    out.push_str(rest);
    out
}

fn superscript_digit(d: char) -> char {
    match d {
        '1' => '¹',
        '2' => '²',
        '3' => '³',
        d => char::from_u32(0x2070 + d.to_digit(10).unwrap_or(0)).unwrap_or(d),
    }
}

/// Runs of text in a `-layout` line separated by 3 or more spaces:
/// `(start column in chars, start byte, end byte)`.
fn runs(line: &str) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut cur: Option<(usize, usize, usize)> = None;
    let mut spaces = 0usize;
    for (col, (b, c)) in line.char_indices().enumerate() {
        if c == ' ' {
            spaces += 1;
            continue;
        }
        match cur.as_mut() {
            Some(run) if spaces < 3 => run.2 = b + c.len_utf8(),
            _ => {
                if let Some(run) = cur.take() {
                    out.push(run);
                }
                cur = Some((col, b, b + c.len_utf8()));
            }
        }
        spaces = 0;
    }
    out.extend(cur);
    out
}

/// Words that only the margin column of a government letter starts with.
fn is_margin_cue(t: &str) -> bool {
    re!(r"^(?:Ministerie van|Ons kenmerk|Onze referentie|Kenmerk$|Uw kenmerk|Uw brief|Bezoekadres|Postadres|Directoraat|Contactpersoon|Inlichtingen|P ?agina \d+ van \d+$|Datum$|Bijlage\(n\)$)")
        .is_match(t)
}

/// Cuts the margin column off a `-layout` page: the column starts where the
/// leftmost cue word stands (at least 40 columns in); everything from there
/// to the right is margin. Lines that held only margin text are removed.
fn split_margin(page: &str) -> (Vec<String>, Vec<String>) {
    let lines: Vec<&str> = page.split('\n').collect();
    let column = lines
        .iter()
        .flat_map(|l| {
            runs(l)
                .into_iter()
                .filter(|&(col, b, e)| {
                    // A cue in a column of running text is not the margin.
                    col >= 40 && e - b <= 45 && is_margin_cue(&l[b..e])
                })
                .map(|r| r.0)
        })
        .min();
    let Some(column) = column else {
        return (lines.iter().map(|l| l.to_string()).collect(), Vec::new());
    };
    let mut body = Vec::with_capacity(lines.len());
    let mut margin = Vec::new();
    for line in lines {
        let cut = runs(line)
            .into_iter()
            .find(|r| r.0 + 2 >= column)
            .map(|r| r.1);
        match cut {
            Some(b) => {
                margin.push(line[b..].trim().to_string());
                let left = line[..b].trim_end();
                if !left.is_empty() {
                    body.push(left.to_string());
                }
            }
            None => body.push(line.to_string()),
        }
    }
    (body, margin)
}

/// A page whose lines often hold two text columns side by side (a
/// brochure); `-layout` would interleave them line by line.
fn is_multi_column(lines: &[String]) -> bool {
    let mut text_lines = 0usize;
    let mut two = 0usize;
    for l in lines {
        let rs = runs(l);
        if rs.is_empty() {
            continue;
        }
        text_lines += 1;
        let wide = rs
            .iter()
            .filter(|r| l[r.1..r.2].chars().count() >= 15)
            .count();
        if wide >= 2 {
            two += 1;
        }
    }
    two >= 5 && two * 5 >= text_lines
}

/// Drops page numbers at the top or bottom of a page (`7`, `- 7 -`,
/// `3 | AI Impact Assessment`) and joins a footnote number standing alone
/// above its indented text (`1` / `  Communication from ...`).
fn tidy_page(mut lines: Vec<String>) -> Vec<String> {
    let page_label = |t: &str| {
        let t = t.trim();
        re!(r"^(?:-\s*)?\d{1,4}(?:\s*-)?$|^\d{1,4} \| \S.{0,80}$|^\S.{0,80} \| \d{1,4}$")
            .is_match(t)
    };
    for from_top in [true, false] {
        let pos = if from_top {
            lines.iter().position(|l| !l.trim().is_empty())
        } else {
            lines.iter().rposition(|l| !l.trim().is_empty())
        };
        if let Some(i) = pos {
            // A bare number at the top may be a continued footnote or list;
            // at the top only the `N | title` form is a page label.
            let t = lines[i].trim();
            if page_label(t) && (!from_top || t.contains('|')) {
                lines.remove(i);
            }
        }
    }
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let indent = |l: &str| l.len() - l.trim_start().len();
    let mut i = 0;
    while i < lines.len() {
        let t = lines[i].trim();
        if re!(r"^\d{1,3}$").is_match(t) && indent(&lines[i]) < 3 {
            // A long link may stand above its number (`  https://...%` /
            // `25`), its rest after a blank line: the number goes in front.
            if let Some(prev) = out.last_mut() {
                let p = prev.trim();
                let is_link = (p.starts_with("http") || p.starts_with("www.")) && !p.contains(' ');
                if is_link && (1..=6).contains(&indent(prev)) {
                    *prev = format!("{t} {p}");
                    i += 1;
                    continue;
                }
            }
            // Its text follows indented, or (a long link) after a blank line.
            let text_at = match (lines.get(i + 1), lines.get(i + 2)) {
                (Some(n), _) if (1..=6).contains(&indent(n)) => Some(i + 1),
                (Some(n), Some(m))
                    if n.trim().is_empty() && (m.starts_with("http") || m.starts_with("www.")) =>
                {
                    Some(i + 2)
                }
                _ => None,
            };
            if let Some(k) = text_at {
                out.push(format!("{t} {}", lines[k].trim()));
                i = k + 1;
                continue;
            }
        }
        out.push(lines[i].clone());
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::Layout;
    use std::collections::HashSet;

    /// The nine real PDFs (CI has `../shared` beside the checkout).
    const KAMERBRIEVEN: &str =
        concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/kamerbrieven");
    /// Snapshots of the segmented PDFs; `UPDATE_SNAPSHOTS=1` rewrites them.
    const SNAPSHOTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshots/pdf");

    fn have_pdftotext() -> bool {
        Command::new("pdftotext").arg("-v").output().is_ok()
    }

    fn read_pdf(stem: &str) -> Source {
        let path = format!("{KAMERBRIEVEN}/{stem}.pdf");
        let bytes = std::fs::read(&path).expect("shared corpus PDF");
        let meta = DocMeta {
            path: format!("kamerbrieven/{stem}.pdf"),
            ..DocMeta::default()
        };
        source(&bytes, meta).unwrap_or_else(|e| panic!("{stem}: {e}"))
    }

    /// Metadata, then one line per paragraph: page | section path | first
    /// 70 chars | footnotes; then the footnotes.
    fn render(s: &Source) -> String {
        let m = &s.meta;
        let l: &Layout = &s.layout;
        let mut out = format!(
            "title: {}\ntype: {:?}\ndate: {:?}\nreference: {:?}\ncreator: {:?}\n\n",
            m.title, m.doc_type, m.date, m.reference, m.creator
        );
        for p in &l.paragraphs {
            let page = p.page.map_or("-".to_string(), |n| n.to_string());
            let head: String = p.text.chars().take(70).collect();
            out.push_str(&format!(
                "{page} | {} | {head} | {:?}\n",
                p.section.join(" > "),
                p.footnotes
            ));
        }
        out.push('\n');
        for f in &l.footnotes {
            let head: String = f.text.chars().take(70).collect();
            let page = f.page.map_or("-".to_string(), |n| n.to_string());
            out.push_str(&format!("[{}] p{page} {head}\n", f.number));
        }
        out
    }

    /// Per PDF: pages; footnotes printed in it (counted by hand from the
    /// extracted text); footnotes found and markers linked at least (what
    /// the reader achieves today: a drop is a regression).
    const EXPECTED: &[(&str, u32, usize, usize, usize)] = &[
        ("AI_Impact", 31, 25, 25, 25),
        ("BNC_Fiche", 13, 11, 11, 11),
        ("Fiche_1pag", 1, 1, 1, 1),
        ("Internationale_Klimaatstrategie", 13, 66, 0, 0),
        ("Kamerbrief_1pag", 1, 0, 0, 0),
        ("Kamerbrief_circulaire_economie", 7, 6, 6, 6),
        ("Kamerbrief_emissie_luchtvaart", 9, 16, 16, 16),
        ("Kamerbrief_innovatie_missie", 8, 15, 15, 15),
        ("Kamerbrief_water_en_Bodem", 32, 27, 27, 27),
    ];

    #[test]
    fn kamerbrieven_furniture_gone_footnotes_linked() {
        if !have_pdftotext() {
            eprintln!("skipped: {MISSING_PDFTOTEXT}");
            return;
        }
        let pagina = re!(r"P\s?agina\s+\d+\s+van\s+\d+");
        let mut failures = Vec::new();
        for &(stem, pages, present, min_found, min_linked) in EXPECTED {
            let s = read_pdf(stem);
            let l = &s.layout;
            let texts = l
                .paragraphs
                .iter()
                .map(|p| p.text.as_str())
                .chain(l.footnotes.iter().map(|f| f.text.as_str()))
                .chain(
                    l.paragraphs
                        .iter()
                        .flat_map(|p| p.section.iter().map(String::as_str)),
                );
            for t in texts {
                for bad in [
                    "Ons kenmerk",
                    "Onze referentie",
                    "Retouradres",
                    "Postbus 20",
                ] {
                    if t.contains(bad) {
                        failures.push(format!("{stem}: {bad:?} in {t:?}"));
                    }
                }
                if pagina.is_match(t) {
                    failures.push(format!("{stem}: page label in {t:?}"));
                }
            }
            let last_page = l.paragraphs.iter().filter_map(|p| p.page).max();
            if last_page != Some(pages) || l.paragraphs.iter().any(|p| p.page.is_none()) {
                failures.push(format!("{stem}: pages {last_page:?}, expected {pages}"));
            }
            let found = l.footnotes.len();
            let markers: Vec<u32> = l
                .paragraphs
                .iter()
                .flat_map(|p| p.footnotes.clone())
                .collect();
            let linked = l
                .footnotes
                .iter()
                .filter(|f| markers.contains(&f.number))
                .count();
            let sections: HashSet<&Vec<String>> = l.paragraphs.iter().map(|p| &p.section).collect();
            eprintln!(
                "| {stem} | {pages} | {} | {found} / {present} | {linked} |",
                sections.len()
            );
            if found > present || found < min_found || linked < min_linked {
                failures.push(format!(
                    "{stem}: {found} footnotes found (of {present}, at least {min_found}), \
                     {linked} linked (at least {min_linked})"
                ));
            }
            let got = render(&s);
            let file = format!("{SNAPSHOTS}/{stem}.txt");
            if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
                std::fs::create_dir_all(SNAPSHOTS).expect("snapshot dir");
                std::fs::write(&file, &got).expect("write snapshot");
            } else if std::fs::read_to_string(&file).ok().as_deref() != Some(got.as_str()) {
                failures.push(format!(
                    "{stem}: snapshot {file} changed (UPDATE_SNAPSHOTS=1 rewrites it):\n{got}"
                ));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn runs_and_margin_cut() {
        let page = "De voorzitter van de Tweede Kamer                 Ministerie van\n\
                    Postbus 20018                                     Infrastructuur en\n\
                    \n\
                    Geachte voorzitter,\n\
                    \x20                                                 Ons kenmerk\n\
                    tekst van de brief loopt door";
        let (body, margin) = split_margin(page);
        assert_eq!(
            body,
            [
                "De voorzitter van de Tweede Kamer",
                "Postbus 20018",
                "",
                "Geachte voorzitter,",
                "tekst van de brief loopt door"
            ]
        );
        assert_eq!(
            margin,
            ["Ministerie van", "Infrastructuur en", "Ons kenmerk"]
        );
    }

    #[test]
    fn superscripts_from_word_boxes() {
        let bbox = r#"<page width="595" height="842">
    <word xMin="251.1" yMin="70.3" xMax="276.3" yMax="82.5">jagen</word>
    <word xMin="276.8" yMin="70.4" xMax="280.6" yMax="78.6">2</word>
    <word xMin="280.6" yMin="70.3" xMax="283.9" yMax="82.5">.</word>
    <word xMin="70.8" yMin="683.2" xMax="74.0" yMax="690.0">2</word>
    <word xMin="76.9" yMin="683.1" xMax="87.9" yMax="693.9">De</word>
  </page>"#;
        let marks = superscripts(bbox);
        assert_eq!(
            marks,
            [vec![Superscript {
                after: "jagen".into(),
                digits: "2".into()
            }]]
        );
        assert_eq!(
            mark_superscripts("in 2 jaar aan te jagen 2. Een\n2 De", &marks[0]),
            "in 2 jaar aan te jagen². Een\n2 De"
        );
    }

    #[test]
    fn page_labels_and_footnote_numbers() {
        let lines = [
            "3 | AI Impact Assessment",
            "Tekst.",
            "",
            "1",
            "  Communication from",
            "",
            " https://example.nl/Raad%20van%",
            "25",
            "",
            "20State/1",
            "",
            "  7",
        ];
        let got = tidy_page(lines.iter().map(|s| s.to_string()).collect());
        assert_eq!(
            got,
            [
                "Tekst.",
                "",
                "1 Communication from",
                "",
                "25 https://example.nl/Raad%20van%",
                "",
                "20State/1",
                ""
            ]
        );
    }

    #[test]
    fn garbage_is_a_reason_not_a_panic() {
        let meta = DocMeta::default();
        assert!(source(b"hello", meta.clone())
            .unwrap_err()
            .contains("not a PDF"));
        match source(b"%PDF-1.4\n garbage garbage", meta) {
            Err(e) => assert!(
                e.contains("damaged") || e == MISSING_PDFTOTEXT || e.contains("no text"),
                "{e}"
            ),
            Ok(_) => panic!("garbage read as a PDF"),
        }
    }
}
