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
//! | this reader (`-layout`, margin cut, furniture removed, spreads and columns cut) | 36 | 15 | 5 | 0 |
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
//! is matched letters-only against the list of ministries.
//!
//! # Spreads and columns
//!
//! A brochure (`Internationale_Klimaatstrategie.pdf`) has two-page spreads
//! (A3 landscape pages of two A4 pages) whose pages hold two or three text
//! columns, each with its own footnotes at its foot. `-layout` interleaves
//! the columns line by line; the default mode orders text blocks by column
//! but prints each footnote's number after its text. So the page geometry
//! from `pdftotext -bbox` decides: a page at least 1.2 times as wide as
//! high is read as its two halves, and a half (or page) where many
//! `-layout` lines hold two wide runs of text side by side is cut along the
//! gutters that the word boxes leave free ([`BoxPage::columns`]). Each part
//! is read with `pdftotext -layout -f N -l N -x -y -W -H` (at most
//! [`MAX_CROP_RUNS`] such runs per document) and handed to `layout` as a
//! part of its page ([`read_layout_parts`]): footnotes are found at the foot
//! of each column and linked across the page. On the nine PDFs this finds
//! all 66 footnotes of the brochure (none before); the other eight PDFs
//! have no such page and read as before. Without a clear gutter a
//! multi-column page is taken from the default mode.
//!
//! # What is done here, and what in `layout`
//!
//! Here: run `pdftotext` (bounded: [`TIMEOUT`] for all runs of a file,
//! [`MAX_OUTPUT`] for each), split pages on
//! form feeds, cut the margin column (found per page from its cue words:
//! `Ministerie van`, `Ons kenmerk`, `Pagina N van M`, `Bezoekadres`, ... at the
//! right of the page), drop page numbers at the page top or bottom (`7`,
//! `3 | AI Impact Assessment`), re-join a footnote number that the
//! extractor put on its own line above its text, and mark footnote markers:
//! `-layout` prints a raised small `2` as a plain ` 2` (`jagen 2.`,
//! `juni 2022 2 is`), so the word boxes of `pdftotext -bbox` are read for
//! digits at most 0.8 times as tall as the word before them and raised above
//! its baseline, and those are written as superscript digits glued to their
//! word (`jagen².`), which `layout` takes as markers. Then [`read_layout_parts`] finds
//! furniture, footnotes, markers and headings in the body pages, and
//! [`margin_meta`] reads the cut margin column for the reference and ministry.
//!
//! Without `pdftotext` on the machine every PDF is skipped with the reason
//! [`super::MISSING_PDFTOTEXT`], and read again once it is there. Encrypted, truncated or garbage files are skipped
//! with poppler's reason; a PDF without any text is skipped as a scan.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use super::text::letter_source;
use super::{SkipReason, Source};
use crate::layout::{margin_meta, read_layout_parts};
use crate::model::DocMeta;

/// Longest time the `pdftotext` runs of one file may take together (the
/// text, the word boxes, and the parts of pages cut into columns).
pub const TIMEOUT: Duration = Duration::from_secs(20);

/// Most text one `pdftotext` run may write.
pub const MAX_OUTPUT: usize = 64 << 20;

/// Reads a PDF document from its bytes, in at most [`TIMEOUT`].
pub fn source(bytes: &[u8], meta: DocMeta) -> Result<Source, SkipReason> {
    source_until(bytes, meta, Instant::now() + TIMEOUT)
}

/// Reads a PDF document from its bytes; no `pdftotext` run goes on past `deadline`.
fn source_until(bytes: &[u8], meta: DocMeta, deadline: Instant) -> Result<Source, SkipReason> {
    let start = &bytes[..bytes.len().min(1024)];
    if !start.windows(5).any(|w| w == b"%PDF-") {
        return Err(SkipReason::Content(
            "not a PDF file (no %PDF- header)".into(),
        ));
    }
    let layout_pages = pages(&run_pdftotext(bytes, &["-layout"], deadline)?);
    if layout_pages.iter().all(|p| p.trim().is_empty()) {
        return Err(SkipReason::Content("no text layer (scanned PDF?)".into()));
    }
    // The word boxes give page sizes, column gutters and raised small
    // numbers (footnote markers, which the text modes print as plain
    // digits: `jagen 2.`).
    let boxes = box_pages(&run_pdftotext(bytes, &["-bbox"], deadline)?);
    let mut crops = Cropper {
        bytes,
        runs_left: MAX_CROP_RUNS,
        deadline,
        ahead: HashMap::new(),
    };
    // Runs of spreads of one size are cut into halves in one run per half.
    let halves: Vec<Option<[Rect; 2]>> = (0..layout_pages.len())
        .map(|i| boxes.get(i).and_then(BoxPage::halves))
        .collect();
    let mut start = 0;
    while start < halves.len() {
        let end = (start..halves.len())
            .take_while(|&i| halves[i].is_some() && halves[i] == halves[start])
            .last()
            .unwrap_or(start);
        if let Some(pair) = halves[start] {
            for half in pair {
                crops.read_ahead(start + 1, end + 1, half);
            }
        }
        start = end + 1;
    }
    let mut body_pages: Vec<Vec<String>> = Vec::with_capacity(layout_pages.len());
    let mut margin = Vec::new();
    for (i, whole) in layout_pages.iter().enumerate() {
        let page = Page {
            number: i + 1,
            whole,
            geometry: boxes.get(i),
        };
        body_pages.push(page.read(&mut crops, &mut margin));
    }
    let refs: Vec<Vec<&str>> = body_pages
        .iter()
        .map(|parts| parts.iter().map(String::as_str).collect())
        .collect();
    let mut layout = read_layout_parts(&refs);
    let side: Vec<&str> = margin.iter().map(String::as_str).collect();
    let from_margin = margin_meta(&side);
    let m = &mut layout.meta;
    m.reference = m.reference.take().or(from_margin.reference);
    m.ministry = m.ministry.take().or(from_margin.ministry);
    m.date = m.date.take().or(from_margin.date);
    m.subject = m.subject.take().or(from_margin.subject);
    let text = body_pages
        .iter()
        .map(|parts| parts.join("\n"))
        .collect::<Vec<_>>()
        .join("\x0c");
    let has_subject = layout.meta.subject.is_some();
    let mut source = letter_source(layout, &text, meta);
    if let Some(title) = bnc_fiche_title(&text) {
        source.meta.doc_type = Some("bnc-fiche".into());
        source.meta.title = title;
    } else if let Some(running) = running_title(&layout_pages).filter(|_| !has_subject) {
        // A brochure's first heading (`Samenvatting`) is not its title; the
        // title it prints on every page is, unless the first heading is that
        // title with more words (`AI Impact Assessment Het hulpmiddel ...`).
        let title = source.meta.title.to_lowercase();
        if !title.starts_with(&running.to_lowercase()) {
            source.meta.title = running;
        }
    }
    Ok(source)
}

/// One page of a PDF: its `-layout` text and its word boxes.
struct Page<'a> {
    /// 1-based.
    number: usize,
    whole: &'a str,
    geometry: Option<&'a BoxPage>,
}

impl Page<'_> {
    /// The page's body text in parts read one after another (one part, or
    /// the halves of a spread, or columns), superscript markers written as
    /// such; the cut-off margin column goes to `margin`.
    fn read(&self, crops: &mut Cropper, margin: &mut Vec<String>) -> Vec<String> {
        let raised = self.geometry.map(BoxPage::superscripts).unwrap_or_default();
        let marks_in = |r: Option<Rect>| -> Vec<Superscript> {
            raised
                .iter()
                .filter(|m| r.is_none_or(|r| r.holds(m.x, m.y)))
                .cloned()
                .collect()
        };
        let whole_page = || vec![(None, self.whole.to_string())];
        // A two-page spread is read as its left and right page.
        let halves: Vec<(Option<Rect>, String)> = match self.geometry.and_then(BoxPage::halves) {
            Some(halves) => halves
                .iter()
                .map(|&h| crops.text(self.number, h, true).map(|t| (Some(h), t)))
                .collect::<Option<_>>()
                .unwrap_or_else(whole_page),
            None => whole_page(),
        };
        let mut parts = Vec::new();
        for (rect, text) in halves {
            let (body, side) = split_margin(&text);
            margin.extend(side.iter().cloned());
            margin.push(String::new());
            let region = rect.or(self.geometry.map(BoxPage::rect));
            if !is_multi_column(&body) {
                parts.push((tidy_page(body), marks_in(region)));
                continue;
            }
            // Text in columns: each column is cut out and read on its own.
            let columns = self.geometry.zip(region).and_then(|(g, r)| g.columns(r));
            let texts: Option<Vec<(String, Rect)>> = columns.and_then(|cs| {
                cs.into_iter()
                    .map(|c| crops.text(self.number, c, true).map(|t| (t, c)))
                    .collect()
            });
            if let Some(texts) = texts {
                for (t, c) in texts {
                    parts.push((tidy_page(dedent(&t)), marks_in(Some(c))));
                }
                continue;
            }
            // Without a clear gutter the default mode orders text blocks by
            // column (it does not know the margin column: drop its lines).
            let flow = region.and_then(|r| crops.text(self.number, r, false));
            let lines = match flow {
                Some(flow) => flow
                    .split('\n')
                    .filter(|l| !side.iter().any(|m| same_text(m, l)))
                    .map(str::to_owned)
                    .collect(),
                None => body,
            };
            parts.push((tidy_page(lines), marks_in(region)));
        }
        parts
            .into_iter()
            .map(|(lines, marks)| mark_superscripts(&lines.join("\n"), &marks))
            .collect()
    }
}

/// BNC fiches (the cabinet's assessment of a new Commission proposal) open
/// with `Fiche N: title` and `1. Algemene gegevens`: the title line.
fn bnc_fiche_title(text: &str) -> Option<String> {
    let head: String = text.chars().take(2000).collect();
    if !head.contains("Algemene gegevens") {
        return None;
    }
    let line = re!(r"(?m)^\s*(Fiche \d+\s*:.*\S)\s*$").captures(&head)?;
    Some(line[1].split_whitespace().collect::<Vec<_>>().join(" "))
}

/// The title a document prints beside its page numbers (`2 | Internationale
/// Klimaatstrategie van ambitie naar transitie`, `AI Impact Assessment | 7`),
/// when one such label recurs on at least a third of the pages (and twice).
/// A spread holds two labels on one line.
fn running_title(pages: &[String]) -> Option<String> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for page in pages {
        let lines: Vec<&str> = page.lines().filter(|l| !l.trim().is_empty()).collect();
        let mut on_page: Vec<String> = Vec::new();
        for line in [lines.first(), lines.last()].into_iter().flatten() {
            for piece in re!(r"\s{3,}").split(line.trim()) {
                let label = re!(r"^\d{1,4} \| (\S.{0,100})$|^(\S.{0,100}) \| \d{1,4}$");
                if let Some(c) = label.captures(piece) {
                    let title = c.get(1).or(c.get(2)).map_or("", |m| m.as_str());
                    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
                    if !on_page.contains(&title) {
                        on_page.push(title);
                    }
                }
            }
        }
        for title in on_page {
            *counts.entry(title).or_default() += 1;
        }
    }
    let (title, n) = counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))?;
    (n >= 2 && n * 3 >= pages.len()).then_some(title)
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

/// Runs `pdftotext ARGS - -` on `bytes`, killed at `deadline` or when it
/// writes more than [`MAX_OUTPUT`].
fn run_pdftotext(bytes: &[u8], args: &[&str], deadline: Instant) -> Result<String, SkipReason> {
    if Instant::now() >= deadline {
        return Err(timed_out());
    }
    let spawned = Command::new("pdftotext")
        .args(args)
        .args(["-enc", "UTF-8", "-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match spawned {
        Ok(c) => c,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(SkipReason::NoPdftotext),
        Err(e) => {
            return Err(SkipReason::PdftotextFailed(format!(
                "cannot run pdftotext: {e}"
            )))
        }
    };
    let (Some(mut stdin), Some(mut stdout), Some(mut stderr)) =
        (child.stdin.take(), child.stdout.take(), child.stderr.take())
    else {
        let _ = child.kill();
        let _ = child.wait();
        return Err(SkipReason::PdftotextFailed(
            "cannot talk to pdftotext".into(),
        ));
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
        // The readers end when the child's pipes close: when it exits, or
        // is killed and reaped.
        let status = wait_bounded(&mut child, deadline, &too_much);
        let out = reader.join().unwrap_or_default();
        let err = err_reader.join().unwrap_or_default();
        (status, out, err)
    });
    let status = status?;
    if too_much.load(Ordering::Relaxed) {
        return Err(wrote_too_much());
    }
    if !status.success() {
        return Err(SkipReason::Content(failure_reason(
            status.code(),
            &String::from_utf8_lossy(&err),
        )));
    }
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// What waiting for `pdftotext` needs of its process: [`std::process::Child`],
/// or a stand-in in the tests.
trait Process {
    fn try_wait(&mut self) -> std::io::Result<Option<ExitStatus>>;
    fn kill(&mut self) -> std::io::Result<()>;
    fn wait(&mut self) -> std::io::Result<ExitStatus>;
}

impl Process for std::process::Child {
    fn try_wait(&mut self) -> std::io::Result<Option<ExitStatus>> {
        std::process::Child::try_wait(self)
    }
    fn kill(&mut self) -> std::io::Result<()> {
        std::process::Child::kill(self)
    }
    fn wait(&mut self) -> std::io::Result<ExitStatus> {
        std::process::Child::wait(self)
    }
}

/// Waits for `child` to exit. At `deadline`, when `too_much` is set, or
/// when waiting fails, the child is killed and reaped: then its pipes close
/// and the threads reading them end.
fn wait_bounded(
    child: &mut impl Process,
    deadline: Instant,
    too_much: &AtomicBool,
) -> Result<ExitStatus, SkipReason> {
    let failed = loop {
        match child.try_wait() {
            Ok(Some(status)) => return Ok(status),
            Ok(None) => {}
            Err(e) => break SkipReason::PdftotextFailed(format!("pdftotext failed: {e}")),
        }
        if too_much.load(Ordering::Relaxed) {
            break wrote_too_much();
        }
        if Instant::now() >= deadline {
            break timed_out();
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let _ = child.kill();
    let _ = child.wait();
    Err(failed)
}

fn timed_out() -> SkipReason {
    SkipReason::Timeout {
        seconds: TIMEOUT.as_secs(),
    }
}

fn wrote_too_much() -> SkipReason {
    SkipReason::Content(format!(
        "pdftotext wrote more than {} MB of text",
        MAX_OUTPUT >> 20
    ))
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
    /// Its left and top edge on the page, in points.
    x: f64,
    y: f64,
}

/// A rectangle on a page, in points from the top left corner.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Rect {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

impl Rect {
    fn holds(&self, x: f64, y: f64) -> bool {
        x >= self.x && x < self.x + self.w && y >= self.y && y < self.y + self.h
    }
}

/// A word box of `pdftotext -bbox`.
#[derive(Debug, Clone, PartialEq)]
struct WordBox {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
    text: String,
}

/// One page of `pdftotext -bbox`: its size and its words in stream order.
#[derive(Debug, Clone, PartialEq)]
struct BoxPage {
    width: f64,
    height: f64,
    words: Vec<WordBox>,
}

/// The pages of `pdftotext -bbox` output.
fn box_pages(bbox: &str) -> Vec<BoxPage> {
    let size = re!(r#"^width="([\d.]+)" height="([\d.]+)""#);
    let word = re!(
        r#"<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>"#
    );
    let num = |s: &str| s.parse::<f64>().unwrap_or(0.0);
    bbox.split("<page ")
        .skip(1)
        .map(|page| {
            let (width, height) = size
                .captures(page)
                .map_or((0.0, 0.0), |c| (num(&c[1]), num(&c[2])));
            let words = word
                .captures_iter(page)
                .map(|c| WordBox {
                    x0: num(&c[1]),
                    y0: num(&c[2]),
                    x1: num(&c[3]),
                    y1: num(&c[4]),
                    text: c[5]
                        .replace("&lt;", "<")
                        .replace("&gt;", ">")
                        .replace("&quot;", "\"")
                        .replace("&apos;", "'")
                        .replace("&amp;", "&"),
                })
                .collect();
            BoxPage {
                width,
                height,
                words,
            }
        })
        .collect()
}

/// The narrowest gutter between two columns, in points.
const MIN_GUTTER: f64 = 6.0;

/// About the space between two words of body text, in points: a line
/// whose words come this close to a column cut runs across it.
const WORD_SPACE: f64 = 3.0;

impl BoxPage {
    fn rect(&self) -> Rect {
        Rect {
            x: 0.0,
            y: 0.0,
            w: self.width,
            h: self.height,
        }
    }

    /// A landscape page at least 1.2 times as wide as high is a spread of
    /// two pages side by side: its left and right half.
    fn halves(&self) -> Option<[Rect; 2]> {
        if self.height <= 0.0 || self.width < 1.2 * self.height {
            return None;
        }
        let w = self.width / 2.0;
        let half = |x| Rect {
            x,
            y: 0.0,
            w,
            h: self.height,
        };
        Some([half(0.0), half(w)])
    }

    /// The footnote markers printed as superscripts: a word of 1–3 digits
    /// at most 0.8 times as tall as the word before it on the same line,
    /// whose bottom is raised above that word's bottom.
    fn superscripts(&self) -> Vec<Superscript> {
        let mut marks = Vec::new();
        for pair in self.words.windows(2) {
            let (prev, w) = (&pair[0], &pair[1]);
            let digits: String = w.text.chars().take_while(char::is_ascii_digit).collect();
            let same_line = w.y0 >= prev.y0 - 2.0 && w.y0 < prev.y1;
            if (1..=3).contains(&digits.len())
                && w.text[digits.len()..].chars().all(|c| !c.is_alphanumeric())
                && same_line
                && w.y1 - w.y0 <= 0.8 * (prev.y1 - prev.y0)
                && w.y1 < prev.y1 - 1.0
            {
                marks.push(Superscript {
                    after: prev.text.clone(),
                    digits,
                    x: w.x0,
                    y: w.y0,
                });
            }
        }
        marks
    }

    /// The parts of `region` to read one after another when its text
    /// stands in two columns: a band across both columns at the top (a
    /// title), the left column, the right column, a band at the bottom (a
    /// page label). The gutter is the widest vertical strip in the middle
    /// 40% of the region that few word boxes cross (at most 3 or one in 8
    /// lines: titles and page labels may run across it), at least
    /// [`MIN_GUTTER`] wide, with at least a fifth of the words on either
    /// side. A column that holds two columns again is split again (twice
    /// at most).
    fn columns(&self, region: Rect) -> Option<Vec<Rect>> {
        self.columns_within(region, 2)
    }

    fn columns_within(&self, region: Rect, depth: usize) -> Option<Vec<Rect>> {
        let words: Vec<&WordBox> = self
            .words
            .iter()
            .filter(|w| region.holds((w.x0 + w.x1) / 2.0, (w.y0 + w.y1) / 2.0))
            .collect();
        if words.len() < 40 {
            return None;
        }
        let mut rows: Vec<i64> = words.iter().map(|w| w.y1.round() as i64).collect();
        rows.sort_unstable();
        rows.dedup();
        let most_across = (rows.len() / 8).max(3);
        let from = region.x + 0.3 * region.w;
        let steps = (0.4 * region.w) as usize;
        // A word crosses `x` when it comes within a space's width of it.
        let crosses = |w: &WordBox, x: f64| w.x0 - WORD_SPACE <= x && w.x1 + WORD_SPACE >= x;
        let crossing = |x: f64| words.iter().filter(|w| crosses(w, x)).count();
        let counts: Vec<usize> = (0..=steps).map(|k| crossing(from + k as f64)).collect();
        // The longest run of columns crossed by few words.
        let (mut best, mut run_start) = ((0, 0), None);
        for (k, &c) in counts.iter().chain([&usize::MAX]).enumerate() {
            match (c <= most_across, run_start) {
                (true, None) => run_start = Some(k),
                (false, Some(s)) => {
                    if k - s > best.1 - best.0 {
                        best = (s, k);
                    }
                    run_start = None;
                }
                _ => {}
            }
        }
        let (a, b) = (from + best.0 as f64, from + best.1 as f64 - 1.0);
        if b - a < MIN_GUTTER {
            return None;
        }
        // The cut: the fewest words across, nearest the strip's middle.
        let middle = (best.0 + best.1) / 2;
        let cut = (best.0..best.1)
            .min_by_key(|&k| (counts[k], k.abs_diff(middle)))
            .unwrap_or(middle);
        let gutter = from + cut as f64;
        // Lines with a word across the cut run across both columns.
        let across: Vec<&WordBox> = words
            .iter()
            .copied()
            .filter(|w| crosses(w, gutter))
            .collect();
        let (wide, beside): (Vec<&WordBox>, Vec<&WordBox>) = words
            .iter()
            .partition(|w| across.iter().any(|c| c.y0 < w.y1 && w.y0 < c.y1));
        let (left, right): (Vec<&WordBox>, Vec<&WordBox>) =
            beside.iter().partition(|w| w.x1 < gutter);
        if left.len() * 5 < words.len() || right.len() * 5 < words.len() {
            return None;
        }
        let first = |ws: &[&WordBox]| ws.iter().map(|w| w.y0).fold(f64::INFINITY, f64::min);
        let last = |ws: &[&WordBox]| ws.iter().map(|w| w.y1).fold(f64::NEG_INFINITY, f64::max);
        // Both columns have begun / not yet ended.
        let both_top = first(&left).max(first(&right));
        let both_bottom = last(&left).min(last(&right));
        // A band across the top (bottom) holds the wide lines above (below)
        // that and ends halfway to the nearest column line.
        let title: Vec<&WordBox> = wide.iter().copied().filter(|w| w.y1 <= both_top).collect();
        let label: Vec<&WordBox> = wide
            .iter()
            .copied()
            .filter(|w| w.y0 >= both_bottom)
            .collect();
        let mut top = region.y;
        if !title.is_empty() {
            let t = last(&title);
            let next = beside
                .iter()
                .map(|w| w.y0)
                .filter(|&y| y >= t)
                .fold(f64::INFINITY, f64::min);
            top = if next.is_finite() {
                (t + next) / 2.0
            } else {
                t
            };
        }
        let mut bottom = region.y + region.h;
        if !label.is_empty() {
            let l = first(&label);
            let prev = beside
                .iter()
                .map(|w| w.y1)
                .filter(|&y| y <= l)
                .fold(f64::NEG_INFINITY, f64::max);
            bottom = if prev.is_finite() {
                (prev + l) / 2.0
            } else {
                l
            };
        }
        if bottom <= top {
            return None;
        }
        let end = region.x + region.w;
        let mut parts = Vec::new();
        if top > region.y {
            parts.push(Rect {
                h: top - region.y,
                ..region
            });
        }
        let band = |x: f64, w: f64| Rect {
            x,
            y: top,
            w,
            h: bottom - top,
        };
        for column in [
            band(region.x, gutter - region.x),
            band(gutter, end - gutter),
        ] {
            // A column may hold two columns again (three on a page).
            match depth
                .checked_sub(1)
                .and_then(|d| self.columns_within(column, d))
            {
                Some(inner) => parts.extend(inner),
                None => parts.push(column),
            }
        }
        if bottom < region.y + region.h {
            parts.push(Rect {
                y: bottom,
                h: region.y + region.h - bottom,
                ..region
            });
        }
        Some(parts)
    }
}

/// Most extra `pdftotext` runs for one document that read a part of a page
/// (a half of a spread, a column); pages beyond it, or beyond the file's
/// [`TIMEOUT`], are read whole.
pub const MAX_CROP_RUNS: usize = 96;

/// Reads parts of pages with `pdftotext -f N -l N -x -y -W -H`.
struct Cropper<'a> {
    bytes: &'a [u8],
    runs_left: usize,
    /// The end of the file's [`TIMEOUT`].
    deadline: Instant,
    /// Parts read ahead, by page and crop box: see [`Cropper::read_ahead`].
    ahead: HashMap<(usize, [i64; 4]), String>,
}

/// A crop box in whole points, as passed to `pdftotext`: `[x, y, w, h]`.
fn crop_box(rect: Rect) -> [i64; 4] {
    let (x, y) = (rect.x.floor().max(0.0), rect.y.floor().max(0.0));
    let w = (rect.x + rect.w).ceil() - x;
    let h = (rect.y + rect.h).ceil() - y;
    [x, y, w, h].map(|v| v as i64)
}

impl Cropper<'_> {
    /// The text in `rect` of page `page` (1-based), in layout or default
    /// mode; `None` when the run budget is spent or the run failed.
    fn text(&mut self, page: usize, rect: Rect, layout: bool) -> Option<String> {
        if layout {
            if let Some(text) = self.ahead.remove(&(page, crop_box(rect))) {
                return Some(text);
            }
        }
        self.run(page, page, rect, layout)
            .and_then(|texts| texts.into_iter().next())
    }

    /// Reads the same part of each page in `first..=last` in one run, for
    /// [`Cropper::text`] to hand out: the two halves of a row of spreads
    /// take two runs instead of two per page.
    fn read_ahead(&mut self, first: usize, last: usize, rect: Rect) {
        if first >= last {
            return;
        }
        if let Some(texts) = self.run(first, last, rect, true) {
            if texts.len() == last - first + 1 {
                for (page, text) in (first..=last).zip(texts) {
                    self.ahead.insert((page, crop_box(rect)), text);
                }
            }
        }
    }

    /// The text in `rect` of pages `first..=last` (1-based), one string per
    /// page; `None` when the run budget is spent or the run failed.
    fn run(&mut self, first: usize, last: usize, rect: Rect, layout: bool) -> Option<Vec<String>> {
        if self.runs_left == 0 || Instant::now() >= self.deadline {
            return None;
        }
        self.runs_left -= 1;
        let (f, l) = (first.to_string(), last.to_string());
        let [x, y, w, h] = crop_box(rect).map(|v| v.to_string());
        let mut args = vec!["-f", &f, "-l", &l, "-x", &x, "-y", &y, "-W", &w, "-H", &h];
        if layout {
            args.insert(0, "-layout");
        }
        match run_pdftotext(self.bytes, &args, self.deadline) {
            Ok(t) => Some(pages(&t)),
            Err(_) => {
                // A run that fails will fail again: read pages whole.
                self.runs_left = 0;
                None
            }
        }
    }
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

/// The lines of a cut-out column without the indent they all share (the
/// space between the cut and the text).
fn dedent(text: &str) -> Vec<String> {
    let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let shared = text
        .split('\n')
        .filter(|l| !l.trim().is_empty())
        .map(indent)
        .min()
        .unwrap_or(0);
    text.split('\n')
        .map(|l| l.get(shared.min(indent(l))..).unwrap_or("").to_string())
        .collect()
}

/// A line of 4 or more pieces of which at least half are single letters,
/// 3 or more different ones (`E e r li j`, `e n v o e d s els yste m e`;
/// not a table's ticks `X X X X`).
fn is_letter_soup(t: &str) -> bool {
    let pieces: Vec<&str> = t.split_whitespace().collect();
    let singles: Vec<String> = pieces
        .iter()
        .filter(|p| p.chars().count() == 1 && p.chars().all(char::is_alphabetic))
        .map(|p| p.to_lowercase())
        .collect();
    let distinct: std::collections::HashSet<&String> = singles.iter().collect();
    pieces.len() >= 4 && singles.len() * 2 >= pieces.len() && distinct.len() >= 3
}

/// Drops page numbers at the top or bottom of a page (`7`, `- 7 -`,
/// `3 | AI Impact Assessment`) and lines of scattered letters, and joins a
/// footnote number standing alone above its indented text (`1` /
/// `  Communication from ...`).
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
    // Indents count from where most lines of the page start (a column's
    // text may not start at 0).
    let mut starts: HashMap<usize, usize> = HashMap::new();
    for l in lines.iter().filter(|l| !l.trim().is_empty()) {
        *starts.entry(indent(l)).or_default() += 1;
    }
    let edge = starts
        .into_iter()
        .max_by_key(|&(at, n)| (n, std::cmp::Reverse(at)))
        .map_or(0, |(at, _)| at);
    let mut i = 0;
    while i < lines.len() {
        let t = lines[i].trim();
        let at = indent(&lines[i]);
        if re!(r"^\d{1,3}$").is_match(t) && (at < 3 || at.saturating_sub(edge) < 3) {
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
                (Some(n), _)
                    if (1..=6).contains(&indent(n)) || (at + 1..=at + 6).contains(&indent(n)) =>
                {
                    Some(i + 1)
                }
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
        if is_letter_soup(t) {
            // Drawn text (a diagram's curved labels) comes out as scattered
            // letters: no reader sees words there.
            out.push(String::new());
            i += 1;
            continue;
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
    use crate::read::MISSING_PDFTOTEXT;
    use std::collections::HashSet;

    /// The nine real PDFs (CI has `../shared` beside the checkout).
    const KAMERBRIEVEN: &str =
        concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/kamerbrieven");
    /// Snapshots of the segmented PDFs; `UPDATE_SNAPSHOTS=1` rewrites them.
    const SNAPSHOTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshots/pdf");

    /// Whether poppler is here to test with. Under CI (where `.ci/run`
    /// installs it) a missing `pdftotext` fails the test instead of skipping it.
    fn have_pdftotext() -> bool {
        let here = Command::new("pdftotext").arg("-v").output().is_ok();
        assert!(
            here || std::env::var_os("CI").is_none(),
            "CI runs the PDF tests, but: {MISSING_PDFTOTEXT}"
        );
        here
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
        ("Internationale_Klimaatstrategie", 13, 66, 66, 66),
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
        let pages = box_pages(bbox);
        assert_eq!((pages[0].width, pages[0].height), (595.0, 842.0));
        assert_eq!(pages[0].halves(), None);
        let marks = pages[0].superscripts();
        assert_eq!(
            marks,
            [Superscript {
                after: "jagen".into(),
                digits: "2".into(),
                x: 276.8,
                y: 70.4,
            }]
        );
        assert_eq!(
            mark_superscripts("in 2 jaar aan te jagen 2. Een\n2 De", &marks),
            "in 2 jaar aan te jagen². Een\n2 De"
        );
    }

    /// Words of one line: `(x0, x1)` per word, `y` its top.
    fn line_words(y: f64, xs: &[(f64, f64)]) -> Vec<WordBox> {
        xs.iter()
            .map(|&(x0, x1)| WordBox {
                x0,
                y0: y,
                x1,
                y1: y + 10.0,
                text: "woord".into(),
            })
            .collect()
    }

    #[test]
    fn spread_halves_and_columns_from_word_boxes() {
        // A title across the page, 20 lines in two columns (text at
        // 50..280 and 310..540, the gutter between), a page label across.
        let mut words = line_words(40.0, &[(50.0, 200.0), (203.0, 400.0)]);
        for k in 0..20 {
            let y = 80.0 + 14.0 * k as f64;
            words.extend(line_words(y, &[(50.0, 160.0), (163.0, 280.0)]));
            words.extend(line_words(y, &[(310.0, 420.0), (423.0, 540.0)]));
        }
        words.extend(line_words(800.0, &[(250.0, 290.0), (293.0, 350.0)]));
        let page = BoxPage {
            width: 595.0,
            height: 842.0,
            words,
        };
        assert_eq!(page.halves(), None);
        let parts = page.columns(page.rect()).expect("two columns");
        let xs: Vec<(i64, i64, i64, i64)> = parts
            .iter()
            .map(|r| (r.x as i64, r.y as i64, r.w as i64, r.h as i64))
            .collect();
        // Title band, left column, right column, label band.
        assert_eq!(xs.len(), 4, "{xs:?}");
        assert_eq!((xs[0].1, xs[0].2), (0, 595));
        assert!(xs[0].3 > 50 && xs[0].3 < 80, "{xs:?}");
        assert!(xs[1].2 > 230 && xs[1].2 < 310, "{xs:?}");
        assert_eq!(xs[2].0, xs[1].0 + xs[1].2);
        assert!(xs[3].1 > 360 && xs[3].1 < 800, "{xs:?}");
        // One column of running text has no gutter.
        let single = BoxPage {
            width: 595.0,
            height: 842.0,
            words: (0..50)
                .flat_map(|k| line_words(80.0 + 14.0 * k as f64, &[(50.0, 300.0), (303.0, 540.0)]))
                .collect(),
        };
        assert_eq!(single.columns(single.rect()), None);
        let spread = BoxPage {
            width: 1190.0,
            ..single
        };
        let halves = spread.halves().expect("a spread");
        assert_eq!((halves[1].x, halves[1].w), (595.0, 595.0));
    }

    #[test]
    fn column_text_dedented_and_footnote_numbers_joined() {
        let column = "    rijksbrede linie:\n       tekst van de kolom\n       loopt door\n       37\n            Kamerstuk 2020D06643,\n            (februari 2020).";
        let lines = dedent(column);
        assert_eq!(lines[0], "rijksbrede linie:");
        assert_eq!(
            tidy_page(lines),
            [
                "rijksbrede linie:",
                "   tekst van de kolom",
                "   loopt door",
                "37 Kamerstuk 2020D06643,",
                "        (februari 2020)."
            ]
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
            "    E e r li j",
            "projectleider: X X X X",
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
                "",
                "projectleider: X X X X",
                "25 https://example.nl/Raad%20van%",
                "",
                "20State/1",
                ""
            ]
        );
    }

    #[test]
    fn a_title_printed_beside_the_page_numbers_is_the_title() {
        let page = |n: usize, body: &str| {
            format!(
                "{body}\n\n{n} | Internationale Klimaatstrategie van ambitie naar transitie        {} | Internationale Klimaatstrategie van ambitie naar transitie\n",
                n + 1
            )
        };
        let pages = vec![
            "Internationale\nKlimaatstrategie\nvan ambitie naar transitie\n".to_string(),
            page(2, "Samenvatting"),
            page(4, "Inleiding"),
            page(6, "Kompas voor 2050"),
        ];
        assert_eq!(
            running_title(&pages).as_deref(),
            Some("Internationale Klimaatstrategie van ambitie naar transitie")
        );
        // One label is a heading at the foot of a page, not a running title.
        let letter = vec![
            "Geachte voorzitter,\n".to_string(),
            "Tekst.\n2 | Bijlage\n".to_string(),
            "Tekst.\n".to_string(),
            "Hoogachtend,\n".to_string(),
        ];
        assert_eq!(running_title(&letter), None);
    }

    #[test]
    fn the_brochure_is_titled_as_it_prints_its_title() {
        if !have_pdftotext() {
            eprintln!("skipped: {MISSING_PDFTOTEXT}");
            return;
        }
        assert_eq!(
            read_pdf("Internationale_Klimaatstrategie").meta.title,
            "Internationale Klimaatstrategie van ambitie naar transitie"
        );
        // Its first heading already starts with the running title: kept.
        assert_eq!(
            read_pdf("AI_Impact").meta.title,
            "AI Impact Assessment Het hulpmiddel voor een betrouwbaar AI-project"
        );
    }

    #[test]
    fn garbage_is_a_reason_not_a_panic() {
        let meta = DocMeta::default();
        let e = source(b"hello", meta.clone()).unwrap_err();
        assert!(e.to_string().contains("not a PDF"), "{e}");
        assert!(!e.is_passing());
        match source(b"%PDF-1.4\n garbage garbage", meta) {
            Err(SkipReason::NoPdftotext) => {}
            Err(e) => {
                let text = e.to_string();
                assert!(
                    text.contains("damaged") || text.contains("no text"),
                    "{text}"
                );
                // The file says so itself: read again only when it changes.
                assert!(!e.is_passing(), "{text}");
            }
            Ok(_) => panic!("garbage read as a PDF"),
        }
    }

    /// Issue 15: a file whose time is up is skipped for a passing reason,
    /// and no `pdftotext` run starts after its deadline.
    #[test]
    fn a_pdf_out_of_time_is_skipped_to_be_read_again() {
        let bytes = std::fs::read(format!("{KAMERBRIEVEN}/Kamerbrief_1pag.pdf")).unwrap();
        let started = Instant::now();
        let e = source_until(&bytes, DocMeta::default(), Instant::now()).unwrap_err();
        assert_eq!(e, SkipReason::Timeout { seconds: 20 });
        assert_eq!(e.to_string(), "pdftotext took longer than 20 s");
        assert!(e.is_passing());
        assert!(started.elapsed() < Duration::from_secs(1));
    }

    /// A process whose `try_wait` fails; it counts how it is ended.
    #[derive(Default)]
    struct Unwaitable {
        killed: bool,
        reaped: bool,
    }

    impl Process for Unwaitable {
        fn try_wait(&mut self) -> std::io::Result<Option<ExitStatus>> {
            Err(std::io::Error::from_raw_os_error(10)) // ECHILD
        }
        fn kill(&mut self) -> std::io::Result<()> {
            self.killed = true;
            Ok(())
        }
        fn wait(&mut self) -> std::io::Result<ExitStatus> {
            self.reaped = true;
            Err(std::io::Error::from_raw_os_error(10))
        }
    }

    /// Issue 15: when waiting for `pdftotext` fails, it is killed and
    /// reaped (its pipes close, so the threads reading them end), and the
    /// file is skipped for a passing reason.
    #[test]
    fn a_failed_wait_kills_and_reaps_pdftotext() {
        let mut child = Unwaitable::default();
        let far = Instant::now() + Duration::from_secs(3600);
        let e = wait_bounded(&mut child, far, &AtomicBool::new(false)).unwrap_err();
        assert!(child.killed && child.reaped);
        assert!(e.to_string().starts_with("pdftotext failed: "), "{e}");
        assert!(e.is_passing());
    }

    /// Issue 15: the README states the limits as the code has them.
    #[test]
    fn the_readme_states_the_limits() {
        let readme = include_str!("../../README.md");
        let limits = format!(
            "{} s per file for all its runs together, {} MB of text per run",
            TIMEOUT.as_secs(),
            MAX_OUTPUT >> 20
        );
        assert!(readme.contains(&limits), "README lacks: {limits}");
    }
}
