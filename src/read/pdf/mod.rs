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

mod boxes;
mod page_text;
mod poppler;

use boxes::*;
use page_text::*;
use poppler::*;

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
            m.title,
            m.doc_type.as_deref(),
            m.date,
            m.reference,
            m.creator
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
        let readme = include_str!("../../../README.md");
        let limits = format!(
            "{} s per file for all its runs together, {} MB of text per run",
            TIMEOUT.as_secs(),
            MAX_OUTPUT >> 20
        );
        assert!(readme.contains(&limits), "README lacks: {limits}");
    }
}
