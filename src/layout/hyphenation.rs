//! Step 6: hyphenation. Joins a paragraph's lines, removing the hyphens of
//! words broken at a line end.

use super::*;

/// Join wrapped lines, undoing end-of-line hyphenation (see module docs).
pub(super) fn join_lines(parts: &[&str], hyphenated: &HashSet<String>) -> String {
    let mut out = String::new();
    for part in parts {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        if out.is_empty() {
            out.push_str(part);
            continue;
        }
        // A URL broken at a slash, dot, dash or `%` continues without a space.
        let last_token = out.rsplit(' ').next().unwrap_or("");
        if (last_token.contains("://") || last_token.starts_with("www."))
            && last_token.ends_with(['/', '-', '.', '_', '?', '=', '&', '%'])
        {
            out.push_str(part);
            continue;
        }
        let ends_hyphen = out.ends_with('-') && !out.ends_with(" -") && out.chars().count() > 1;
        if !ends_hyphen {
            // Punctuation left behind by a marker moved to the previous line.
            if !part.starts_with([',', '.', ';', ':']) {
                out.push(' ');
            }
            out.push_str(part);
            continue;
        }
        let stem = &out[..out.len() - 1];
        let frag: String = stem
            .rsplit(' ')
            .next()
            .unwrap_or("")
            .trim_start_matches(|c: char| !c.is_alphanumeric())
            .to_string();
        let next_word: String = part.chars().take_while(|c| c.is_alphabetic()).collect();
        let keep_space = ["en ", "of ", "tot ", "and ", "or "]
            .iter()
            .any(|w| part.starts_with(w))
            || part == "en";
        let acronym_or_digit = frag.chars().last().is_some_and(|c| c.is_ascii_digit())
            || (frag.chars().filter(|c| c.is_uppercase()).count() >= 2
                && !frag.chars().any(|c| c.is_lowercase()))
            || frag.chars().skip(1).any(|c| c.is_uppercase());
        if keep_space {
            out.push(' ');
        } else if !starts_lower(part) || frag.is_empty() || acronym_or_digit {
            // keep the hyphen, no space
        } else if hyphenated.contains(&format!(
            "{}-{}",
            frag.to_lowercase(),
            next_word.to_lowercase()
        )) {
            // compound written with a hyphen elsewhere in the document
        } else {
            out.pop();
        }
        out.push_str(part);
    }
    out
}

/// Lowercased hyphenated compounds that occur mid-line in the document.
pub(super) fn hyphen_lexicon(lines: &[Line]) -> HashSet<String> {
    let mut set = HashSet::new();
    for l in lines
        .iter()
        .filter(|l| matches!(l.kind, Kind::Body | Kind::Footnote))
    {
        for w in l.text.split_whitespace() {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
            if w.contains('-') && !w.starts_with('-') && !w.ends_with('-') {
                set.insert(w.to_lowercase());
            }
        }
    }
    set
}
