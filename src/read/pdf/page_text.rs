//! Text surgery on `pdftotext -layout` pages: superscripts marked, the
//! margin column cut off, pages tidied and dedented.

use super::*;

/// Writes each superscript found in the word boxes as superscript digits
/// glued to its word (`jagen 2.` → `jagen².`), in page order.
pub(super) fn mark_superscripts(page: &str, marks: &[Superscript]) -> String {
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

pub(super) fn superscript_digit(d: char) -> char {
    match d {
        '1' => '¹',
        '2' => '²',
        '3' => '³',
        d => char::from_u32(0x2070 + d.to_digit(10).unwrap_or(0)).unwrap_or(d),
    }
}

/// Runs of text in a `-layout` line separated by 3 or more spaces:
/// `(start column in chars, start byte, end byte)`.
pub(super) fn runs(line: &str) -> Vec<(usize, usize, usize)> {
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
pub(super) fn is_margin_cue(t: &str) -> bool {
    re!(r"^(?:Ministerie van|Ons kenmerk|Onze referentie|Kenmerk$|Uw kenmerk|Uw brief|Bezoekadres|Postadres|Directoraat|Contactpersoon|Inlichtingen|P ?agina \d+ van \d+$|Datum$|Bijlage\(n\)$)")
        .is_match(t)
}

/// Cuts the margin column off a `-layout` page: the column starts where the
/// leftmost cue word stands (at least 40 columns in); everything from there
/// to the right is margin. Lines that held only margin text are removed.
pub(super) fn split_margin(page: &str) -> (Vec<String>, Vec<String>) {
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
pub(super) fn is_multi_column(lines: &[String]) -> bool {
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
pub(super) fn dedent(text: &str) -> Vec<String> {
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
pub(super) fn is_letter_soup(t: &str) -> bool {
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
pub(super) fn tidy_page(mut lines: Vec<String>) -> Vec<String> {
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
