//! How well short queries find Dutch compounds: for each word, the moties
//! that hold it as a whole word or as the first or last part of a compound
//! (in their `<al>` paragraphs), how many of them one query for the word
//! finds (one hit per document), and how many of the top 10 hold the word
//! itself.
//!
//! cargo run --release --example compound_recall -- MOTIES_FOLDER INDEX WORD...
//!
//! INDEX is an index of MOTIES_FOLDER (`docsearch index FOLDER --index INDEX`).

use std::collections::HashSet;
use std::path::Path;

use docsearch::{SearchIndex, SearchOptions};
use regex::Regex;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [folder, index, words @ ..] = args.as_slice() else {
        return Err("usage: compound_recall MOTIES_FOLDER INDEX WORD...".into());
    };
    let paragraph = Regex::new(r"(?s)<al[^>]*>(.*?)</al>")?;
    let mut bodies: Vec<(String, String)> = Vec::new();
    for entry in std::fs::read_dir(folder)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "xml") {
            let xml = String::from_utf8_lossy(&std::fs::read(&path)?).into_owned();
            let body: Vec<&str> = paragraph
                .captures_iter(&xml)
                .filter_map(|c| c.get(1).map(|m| m.as_str()))
                .collect();
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            bodies.push((name.into_owned(), body.join(" ")));
        }
    }
    let index = SearchIndex::open(Path::new(index))?;
    let options = SearchOptions {
        limit: 1_000_000,
        max_per_doc: 1,
        ..SearchOptions::default()
    };
    println!("| word | moties | found | recall | word itself in top 10 |");
    println!("|---|--:|--:|--:|--:|");
    for word in words {
        let w = regex::escape(word);
        let part = Regex::new(&format!(r"(?i)\b{w}\w*|\w{w}\b"))?;
        let whole = Regex::new(&format!(r"(?i)\b{w}\b"))?;
        let want: HashSet<&str> = bodies
            .iter()
            .filter(|(_, body)| part.is_match(body))
            .map(|(name, _)| name.as_str())
            .collect();
        let hits = index.search(word, &options)?;
        let found: HashSet<&str> = hits
            .iter()
            .filter_map(|h| Path::new(&h.path).file_name()?.to_str())
            .collect();
        let got = want.intersection(&found).count();
        let top = hits
            .iter()
            .take(10)
            .filter(|h| whole.is_match(&h.text))
            .count();
        println!(
            "| {word} | {} | {got} | {:.2} | {top} of {} |",
            want.len(),
            got as f64 / want.len().max(1) as f64,
            hits.len().min(10)
        );
    }
    Ok(())
}
