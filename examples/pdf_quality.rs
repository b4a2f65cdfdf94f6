//! Measures PDF text extraction quality on the Kamerbrieven PDFs, to choose an
//! extractor (the numbers are in `src/read/pdf.rs` and the README).
//!
//! ```sh
//! cargo run --example pdf_quality -- ../shared/corpus [NAME=DIR ...]
//! ```
//!
//! For every PDF in `CORPUS/kamerbrieven` it runs `pdftotext` in its three modes
//! (default, `-raw`, `-layout`) and reads any further extractions given as
//! `NAME=DIR` (`DIR/<stem>.txt`, e.g. the output of a pure-Rust crate), and
//! counts per approach:
//!
//! * **split**: two neighbouring tokens that are a known word when joined while
//!   one of them is not a word on its own (`Inf rastructuur`, `P agina`,
//!   `D en Haag`), plus digit runs split apart (`2 5 15 XP`, `0 7 0-456`);
//! * **glued**: tokens that are not words but are two known words of 3+
//!   letters run together (`Retouradres` + `Postbus`), or a lowercase letter
//!   followed by a capital (`RetouradresPostbus`);
//! * **mixed**: lines holding both margin-column text (`Ons kenmerk`, `Ministerie
//!   van`, `Postbus`, postcodes) and 40+ characters of other text;
//! * **cut**: margin-column lines placed between two lines of one body sentence
//!   (the previous body line does not end a sentence and the next one starts
//!   in lowercase).
//!
//! The vocabulary is every word of the non-PDF shared corpus (Kamervragen,
//! Handelingen, moties, the annotated agenda) plus the words that every
//! approach extracts from the same PDF (so rare but real words count as known).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use regex::Regex;

fn words_of(text: &str, vocab: &mut HashSet<String>) {
    for w in text.split(|c: char| !c.is_alphabetic()) {
        if !w.is_empty() {
            vocab.insert(w.to_lowercase());
        }
    }
}

fn corpus_vocabulary(corpus: &Path) -> HashSet<String> {
    let mut vocab = HashSet::new();
    let tag = Regex::new(r"<[^>]*>").unwrap();
    for (dir, limit) in [
        ("kamervragen", usize::MAX),
        ("handelingen", usize::MAX),
        ("moties", 3000),
        ("kamerbrieven", usize::MAX),
    ] {
        let Ok(rd) = std::fs::read_dir(corpus.join(dir)) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
        paths.sort();
        for p in paths
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "xml"))
            .take(limit)
        {
            if let Ok(t) = std::fs::read_to_string(&p) {
                words_of(&tag.replace_all(&t, " "), &mut vocab);
            }
        }
    }
    vocab
}

#[derive(Default, Debug)]
struct Counts {
    /// The split pairs seen, for `--show`.
    pairs: Vec<String>,
    split: usize,
    glued: usize,
    mixed: usize,
    cut: usize,
}

fn known(vocab: &HashSet<String>, w: &str) -> bool {
    let l = w.to_lowercase();
    // Single letters are words only when Dutch uses them alone.
    if l.chars().count() == 1 {
        return matches!(l.as_str(), "u" | "a" | "e" | "x" | "s");
    }
    vocab.contains(&l)
}

fn measure(text: &str, vocab: &HashSet<String>) -> Counts {
    let mut c = Counts::default();
    let digit_split = Regex::new(r"\b\d \d(?: \d+)+\b|\b\d \d+ ?[A-Z] ?[A-Z]\b").unwrap();
    let margin = Regex::new(
        r"Ons kenmerk|Onze referentie|Ministerie van|Postbus \d|\b\d{4} ?[A-Z]{2} \p{Lu}|Rijnstraat|Bezoekadres",
    )
    .unwrap();
    let lines: Vec<&str> = text.lines().collect();
    for line in &lines {
        let toks: Vec<&str> = line
            .split(|ch: char| !ch.is_alphabetic())
            .filter(|t| !t.is_empty())
            .collect();
        // Only neighbours separated by a single space count as a split word.
        for pair in line.split(' ').collect::<Vec<_>>().windows(2) {
            let (a, b) = (pair[0], pair[1]);
            let alpha = |s: &str| !s.is_empty() && s.chars().all(char::is_alphabetic);
            if alpha(a)
                && alpha(b)
                && (!known(vocab, a) || !known(vocab, b))
                && known(vocab, &format!("{a}{b}"))
            {
                c.split += 1;
                c.pairs.push(format!("{a} {b}"));
            }
        }
        for m in digit_split.find_iter(line) {
            c.split += 1;
            c.pairs.push(m.as_str().to_owned());
        }
        for t in toks {
            if known(vocab, t) {
                continue;
            }
            let cs: Vec<char> = t.chars().collect();
            let camel = cs
                .windows(2)
                .any(|w| w[0].is_lowercase() && w[1].is_uppercase());
            let two_words = (3..cs.len().saturating_sub(2)).any(|k| {
                let a: String = cs[..k].iter().collect();
                let b: String = cs[k..].iter().collect();
                known(vocab, &a) && known(vocab, &b)
            });
            if camel || two_words {
                c.glued += 1;
            }
        }
        if let Some(m) = margin.find(line) {
            let rest = line.len() - m.as_str().len();
            if line.trim().len() > m.as_str().len() && rest >= 40 + (line.len() - line.trim().len())
            {
                c.mixed += 1;
            }
        }
    }
    // Margin lines cutting a sentence in two.
    let nonblank: Vec<&str> = lines
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .collect();
    let mut i = 0;
    while i < nonblank.len() {
        if margin.is_match(nonblank[i]) && nonblank[i].len() < 45 {
            let mut j = i;
            while j + 1 < nonblank.len() && nonblank[j + 1].len() < 45 {
                j += 1;
            }
            let before = i.checked_sub(1).map(|k| nonblank[k]);
            let after = nonblank.get(j + 1);
            if let (Some(b), Some(a)) = (before, after) {
                let open = b.len() >= 45 && !b.ends_with(['.', ':', ';', '?', '!']);
                if open && a.chars().next().is_some_and(char::is_lowercase) {
                    c.cut += 1;
                }
            }
            i = j + 1;
        } else {
            i += 1;
        }
    }
    c
}

fn pdftotext(pdf: &Path, mode: Option<&str>) -> Option<String> {
    let mut cmd = Command::new("pdftotext");
    cmd.args(["-q", "-enc", "UTF-8"]);
    if let Some(m) = mode {
        cmd.arg(m);
    }
    let out = cmd.arg(pdf).arg("-").output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

fn main() {
    let show = std::env::args().any(|a| a == "--show");
    let mut args = std::env::args().skip(1).filter(|a| a != "--show");
    let corpus = PathBuf::from(args.next().unwrap_or_else(|| "../shared/corpus".into()));
    let extra: Vec<(String, PathBuf)> = args
        .filter_map(|a| {
            let (n, d) = a.split_once('=')?;
            Some((n.to_owned(), PathBuf::from(d)))
        })
        .collect();
    let mut vocab = corpus_vocabulary(&corpus);
    let mut pdfs: Vec<PathBuf> = std::fs::read_dir(corpus.join("kamerbrieven"))
        .expect("kamerbrieven folder")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    pdfs.sort();
    let modes: [(&str, Option<&str>); 3] = [
        ("default", None),
        ("raw", Some("-raw")),
        ("layout", Some("-layout")),
    ];
    let mut totals: HashMap<String, Counts> = HashMap::new();
    println!(
        "{:<36} {:<12} {:>6} {:>6} {:>6} {:>6}",
        "pdf", "approach", "split", "glued", "mixed", "cut"
    );
    for pdf in &pdfs {
        let stem = pdf.file_stem().unwrap().to_string_lossy().into_owned();
        let mut texts: Vec<(String, String)> = Vec::new();
        for (name, mode) in modes {
            if let Some(t) = pdftotext(pdf, mode) {
                texts.push((format!("pdftotext-{name}"), t));
            }
        }
        // What docsearch indexes: paragraphs and footnotes after the margin
        // cut and furniture removal.
        let rel = format!("kamerbrieven/{stem}.pdf");
        if let Ok((source, _)) = docsearch::read::read_file(pdf, &rel, 1 << 30) {
            let mut t = String::new();
            for p in &source.layout.paragraphs {
                t.push_str(&p.text);
                t.push('\n');
            }
            for f in &source.layout.footnotes {
                t.push_str(&f.text);
                t.push('\n');
            }
            texts.push(("docsearch".into(), t));
        }
        for (name, dir) in &extra {
            if let Ok(t) = std::fs::read_to_string(dir.join(format!("{stem}.txt"))) {
                texts.push((name.clone(), t));
            }
        }
        // Words every approach agrees on are real words.
        let mut common: Option<HashSet<String>> = None;
        for (_, t) in &texts {
            let mut w = HashSet::new();
            words_of(t, &mut w);
            common = Some(match common {
                None => w,
                Some(c) => c.intersection(&w).cloned().collect(),
            });
        }
        let mut local = vocab.clone();
        local.extend(common.unwrap_or_default());
        for (name, t) in &texts {
            let c = measure(t, &local);
            if show {
                println!("  {name}: {}", c.pairs.join(" | "));
            }
            println!(
                "{:<36} {:<12} {:>6} {:>6} {:>6} {:>6}",
                stem, name, c.split, c.glued, c.mixed, c.cut
            );
            let tot = totals.entry(name.clone()).or_default();
            tot.split += c.split;
            tot.glued += c.glued;
            tot.mixed += c.mixed;
            tot.cut += c.cut;
        }
    }
    vocab.clear();
    let mut names: Vec<_> = totals.keys().cloned().collect();
    names.sort();
    for n in names {
        let c = &totals[&n];
        println!(
            "{:<36} {:<12} {:>6} {:>6} {:>6} {:>6}",
            "TOTAL", n, c.split, c.glued, c.mixed, c.cut
        );
    }
}
