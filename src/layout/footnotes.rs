//! Step 3: footnotes. Finds the footnotes at the foot of each page.

use super::*;

/// If `text` starts footnote `expect`, the footnote text after the number.
pub(super) fn parse_fn_start(text: &str, expect: u32, in_block: bool) -> Option<String> {
    let es = expect.to_string();
    let rest = text.strip_prefix(es.as_str())?;
    let first = rest.chars().next()?;
    let ok_start = |r: &str| {
        let lower = r.to_lowercase();
        starts_upper_or_digit(r)
            || r.starts_with(['«', '“', '‘', '"', '\'', '„', '('])
            || [
                "http", "www", "zie ", "vgl", "o.a.", "idem", "ibid", "e-mail",
            ]
            .iter()
            .any(|p| lower.starts_with(p))
    };
    if first == ')' {
        let r = rest[1..].trim_start();
        return (!r.is_empty()).then(|| r.to_string());
    }
    if first == ' ' {
        // Inside a block of footnotes a footnote may start in lowercase
        // ("10 zoals het Integraal Zorgakkoord").
        let r = rest.trim_start();
        return (!r.is_empty() && (ok_start(r) || (in_block && starts_lower(r))))
            .then(|| r.to_string());
    }
    if first.is_ascii_digit() {
        // "32024Z15585/2024D37938": footnote 3 glued to a Kamer number; only
        // inside a footnote block, where the sequence makes it safe.
        return (in_block && re!(r"^\d{4}[A-Z]\d").is_match(rest)).then(|| rest.to_string());
    }
    if first.is_uppercase() || ok_start(rest) {
        return Some(rest.to_string());
    }
    None
}

/// Step 3: find footnote blocks at the bottom of each page segment.
pub(super) fn find_footnotes(lines: &mut [Line]) -> Vec<(u32, Vec<usize>)> {
    let nsegs = lines.iter().map(|l| l.seg + 1).max().unwrap_or(0);
    let mut by_seg: Vec<Vec<usize>> = vec![Vec::new(); nsegs];
    for (i, l) in lines.iter().enumerate() {
        if l.kind == Kind::Body {
            by_seg[l.seg].push(i);
        }
    }
    let mut out: Vec<(u32, Vec<usize>)> = Vec::new();
    let mut next = 1u32;
    for idx in by_seg {
        'start: for p in 0..idx.len() {
            if parse_fn_start(&lines[idx[p]].text, next, false).is_none() {
                continue;
            }
            // Validate the tail: only footnotes numbered +1 and continuations.
            let mut starts = vec![(p, next)];
            let mut expect = next + 1;
            let mut conts = 0usize;
            for (q, &i) in idx.iter().enumerate().skip(p + 1) {
                let t = &lines[i].text;
                if parse_fn_start(t, expect, true).is_some() {
                    starts.push((q, expect));
                    expect += 1;
                } else if is_qa_heading(t) || is_subheading(t) {
                    continue 'start;
                } else {
                    conts += 1;
                }
            }
            if conts > 8 * starts.len() {
                continue;
            }
            for (k, &(q, num)) in starts.iter().enumerate() {
                let end = starts.get(k + 1).map_or(idx.len(), |s| s.0);
                let mut members = Vec::new();
                for (r, &i) in idx.iter().enumerate().take(end).skip(q) {
                    // Link annotations follow a blank line (or another annotation).
                    let after_blank = r > q
                        && i > 0
                        && matches!(lines[i - 1].kind, Kind::Blank | Kind::Annotation);
                    if r > q && after_blank && is_url_only(&lines[i].text) {
                        lines[i].kind = Kind::Annotation;
                        continue;
                    }
                    lines[i].kind = Kind::Footnote;
                    members.push(i);
                }
                lines[idx[q]].fn_start = Some(num);
                out.push((num, members));
            }
            next = expect;
            break;
        }
    }
    out
}
