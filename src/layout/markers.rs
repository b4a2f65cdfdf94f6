//! Step 4: footnote markers. Finds the markers in the body lines and
//! rewrites them as `[N]`.

use super::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum MarkKind {
    Glued,
    Paren,
    Spaced,
    Standalone,
    LineStart,
    LineStartUpper,
}

#[derive(Debug, Clone)]
pub(super) struct Cand {
    n: u32,
    kind: MarkKind,
    /// Char range replaced by `[N]`.
    start: usize,
    end: usize,
}

/// Words after which a number is a real number, not a footnote marker.
pub(super) const NUMBER_WORDS: &[&str] = &[
    "artikel",
    "artikelen",
    "lid",
    "nr",
    "nummer",
    "vraag",
    "vragen",
    "antwoord",
    "pagina",
    "blz",
    "hoofdstuk",
    "paragraaf",
    "bijlage",
    "fase",
    "stap",
    "punt",
    "onderdeel",
    "categorie",
    "groep",
    "niveau",
    "versie",
    "ronde",
    "tranche",
    "week",
    "dag",
    "jaar",
    "van",
    "tot",
    "en",
    "of",
    "op",
    "per",
    "dan",
    "circa",
    "ca",
    "ruim",
    "bijna",
    "sinds",
    "vanaf",
    "in",
    "na",
    "voor",
    "om",
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
    "is",
    "zijn",
    "was",
    "waren",
    "bedraagt",
    "bedroeg",
    "met",
    "aan",
    "uit",
    "over",
    "rond",
    "tussen",
];

pub(super) const AFTER_NUMBER_WORDS: &[&str] = &[
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
    "procent",
    "miljoen",
    "miljard",
    "jaar",
    "jaren",
    "keer",
    "dagen",
    "weken",
    "maanden",
    "uur",
    "minuten",
    "euro",
    "personen",
    "mensen",
    "van",
    "en",
    "tot",
    "of",
    "t/m",
    "aan",
    "per",
    "in",
    "op",
    "bij",
    "voor",
    "uit",
    "met",
    "naar",
    "x",
    "m",
    "km",
    "kg",
    "ton",
    "mln",
    "mld",
    "%",
];

pub(super) fn marker_candidates(text: &str) -> Vec<Cand> {
    let cs: Vec<char> = text.chars().collect();
    let len = cs.len();
    let mut out = Vec::new();
    if len == 0 {
        return out;
    }
    // Superscripts the extractor put on their own line: "1", "1 2", "5.".
    if re!(r"^\d{1,3}(?: \d{1,3})*[.,;:]?$").is_match(text) {
        let mut k = 0;
        while k < len {
            if cs[k].is_ascii_digit() {
                let s = k;
                while k < len && cs[k].is_ascii_digit() {
                    k += 1;
                }
                let run: String = cs[s..k].iter().collect();
                let end = if k < len && cs[k] == ' ' { k + 1 } else { k };
                if let Ok(n) = run.parse() {
                    out.push(Cand {
                        n,
                        kind: MarkKind::Standalone,
                        start: s,
                        end,
                    });
                }
            } else {
                k += 1;
            }
        }
        return out;
    }
    // A superscript pushed to the start of the next line: "2 waarin ik",
    // "1, is onder meer", "2 Voor drie".
    if let Some(c) = re!(r"^(\d{1,3})(?: (\p{L}[\p{L}/]*)|[,;:](?: |$))").captures(text) {
        let word = c.get(2).map_or("", |m| m.as_str());
        if !AFTER_NUMBER_WORDS.contains(&word.to_lowercase().as_str()) {
            if let Ok(n) = c[1].parse() {
                let dl = c[1].len();
                let end = if word.is_empty() { dl } else { dl + 1 };
                let kind = if word.chars().next().is_some_and(|w| w.is_uppercase()) {
                    MarkKind::LineStartUpper
                } else {
                    MarkKind::LineStart
                };
                out.push(Cand {
                    n,
                    kind,
                    start: 0,
                    end,
                });
            }
        }
    }
    // Superscript digits glued to a word (`jagen²`, `2022²`): the PDF reader
    // writes raised small numbers so; not a unit's square (`m²`, `km²`).
    let mut i = 1;
    while i < len {
        if superscript_value(cs[i]).is_none() || superscript_value(cs[i - 1]).is_some() {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < len && superscript_value(cs[j]).is_some() {
            j += 1;
        }
        let mut k = i;
        while k > 0 && cs[k - 1].is_alphabetic() {
            k -= 1;
        }
        let unit = matches!(
            cs[k..i].iter().collect::<String>().as_str(),
            "m" | "cm" | "dm" | "km" | "mm" | "ha"
        );
        let value = cs[i..j]
            .iter()
            .try_fold(0u32, |v, &c| Some(v * 10 + superscript_value(c)?));
        if let (Some(n), false, false) = (value, unit, cs[i - 1] == ' ') {
            if j - i <= 3 {
                out.push(Cand {
                    n,
                    kind: MarkKind::Glued,
                    start: i,
                    end: j,
                });
            }
        }
        i = j;
    }
    let mut i = 1;
    while i < len {
        if !cs[i].is_ascii_digit() || cs[i - 1].is_ascii_digit() {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < len && cs[j].is_ascii_digit() {
            j += 1;
        }
        let run: String = cs[i..j].iter().collect();
        let rl = j - i;
        let c = cs[i - 1];
        let d = cs.get(j).copied();
        let after_d = cs.get(j + 1).copied();
        let num: Option<u32> = if rl <= 3 { run.parse().ok() } else { None };
        if let Some(n) = num {
            // "voldoen? 1)" at the end of a line, not closing "(bijlage 1)".
            if d == Some(')') && cs[j + 1..].iter().all(|c| c.is_whitespace()) {
                let opens = cs[..i].iter().filter(|&&c| c == '(').count();
                let closes = cs[..i].iter().filter(|&&c| c == ')').count();
                if opens <= closes {
                    let start = if c == ' ' { i - 1 } else { i };
                    out.push(Cand {
                        n,
                        kind: MarkKind::Paren,
                        start,
                        end: j + 1,
                    });
                }
            } else if !d.is_some_and(|d| d.is_alphanumeric()) {
                if c.is_alphabetic() {
                    let mut k = i;
                    while k > 0 && cs[k - 1].is_alphabetic() {
                        k -= 1;
                    }
                    let word = &cs[k..i];
                    let acronym =
                        word.iter().all(|c| c.is_uppercase()) && word.len() <= 4 && rl == 1;
                    let digit_in_word = k > 0 && cs[k - 1].is_ascii_digit();
                    if word.len() >= 2 && !acronym && !digit_in_word {
                        out.push(Cand {
                            n,
                            kind: MarkKind::Glued,
                            start: i,
                            end: j,
                        });
                    }
                } else if ")?!;:’”»'\"%".contains(c)
                    || ((c == '.' || c == ',') && i >= 2 && !cs[i - 2].is_ascii_digit())
                {
                    // Not after an ellipsis ("..5") or a lone punctuation
                    // mark (" ,5"): a marker follows the end of a word.
                    let prev2 = if i >= 2 { Some(cs[i - 2]) } else { None };
                    let ellipsis = c == '.' && prev2 == Some('.');
                    let lone_punct = prev2 == Some(' ') && c != ')';
                    if !ellipsis && !lone_punct {
                        out.push(Cand {
                            n,
                            kind: MarkKind::Glued,
                            start: i,
                            end: j,
                        });
                    }
                } else if c == ' '
                    && rl <= 2
                    && d.is_some_and(|d| ".,;:".contains(d))
                    && after_d.is_none_or(|a| a == ' ')
                {
                    let mut k = i - 1;
                    while k > 0 && cs[k - 1].is_alphabetic() {
                        k -= 1;
                    }
                    let word: String = cs[k..i - 1].iter().collect();
                    let wl = word.to_lowercase();
                    if word.chars().count() >= 3
                        && starts_lower(&word)
                        && !NUMBER_WORDS.contains(&wl.as_str())
                    {
                        out.push(Cand {
                            n,
                            kind: MarkKind::Spaced,
                            start: i - 1,
                            end: j,
                        });
                    }
                }
            }
        } else if (c == '-' || c == '–')
            && (5..=7).contains(&rl)
            && i >= 5
            && cs[i - 5..i - 1].iter().all(|c| c.is_ascii_digit())
        {
            // "2021-20276": a year range with marker 6 glued to it.
            let year = &run[..4];
            if (year.starts_with("19") || year.starts_with("20"))
                && !run[4..].starts_with('0')
                && !d.is_some_and(|d| d.is_alphanumeric())
            {
                if let Ok(n) = run[4..].parse() {
                    out.push(Cand {
                        n,
                        kind: MarkKind::Glued,
                        start: i + 4,
                        end: j,
                    });
                }
            }
        }
        i = j;
    }
    out.sort_by_key(|c| c.start);
    out
}

/// The value of a superscript digit (`²` = 2).
pub(super) fn superscript_value(c: char) -> Option<u32> {
    match c {
        '⁰' => Some(0),
        '¹' => Some(1),
        '²' => Some(2),
        '³' => Some(3),
        '⁴'..='⁹' => Some(c as u32 - '⁴' as u32 + 4),
        _ => None,
    }
}

/// Step 4: link markers in body lines to footnotes and rewrite them as `[N]`.
pub(super) fn link_markers(
    lines: &mut [Line],
    fn_pages: &HashMap<u32, Option<u32>>,
    seg_pages: &[Option<u32>],
) {
    let max = fn_pages.keys().copied().max().unwrap_or(0);
    if max == 0 {
        return;
    }
    let mut expect = 1u32;
    let mut prev_body: Option<usize> = None;
    let mut gap = false;
    for i in 0..lines.len() {
        if lines[i].kind == Kind::Blank {
            gap = true;
        }
        if lines[i].kind != Kind::Body {
            continue;
        }
        if expect > max {
            break;
        }
        let page = seg_pages.get(lines[i].seg).copied().flatten();
        let mut accepted: Vec<Cand> = Vec::new();
        for c in marker_candidates(&lines[i].text) {
            let strong = matches!(c.kind, MarkKind::Glued | MarkKind::Paren);
            let in_range = if strong {
                c.n >= expect && c.n <= expect + 2
            } else {
                c.n == expect
            };
            if !in_range || c.n > max {
                continue;
            }
            if let (Some(lp), Some(Some(fp))) = (page, fn_pages.get(&c.n)) {
                // Weak forms must sit on the footnote's own page; glued ones
                // may sit on the page before (footnote pushed down).
                if lp > *fp || lp + 1 < *fp || (!strong && lp != *fp) {
                    continue;
                }
            }
            let moves_back = matches!(
                c.kind,
                MarkKind::Standalone | MarkKind::LineStart | MarkKind::LineStartUpper
            );
            // A superscript moved to the next line stays in the same block.
            if moves_back && (prev_body.is_none() || gap) {
                continue;
            }
            // "2 Voor drie tussenuitspraken geldt dat" is a marker moved to
            // the next line only if the line is not a numbered heading, i.e.
            // the sentence goes on (next line lowercase), and it does not
            // follow a Vraag/Antwoord heading.
            if c.kind == MarkKind::LineStartUpper {
                let next_lower = lines[i + 1..]
                    .iter()
                    .find(|l| l.kind == Kind::Body)
                    .is_some_and(|l| starts_lower(&l.text));
                let after_qa = prev_body.is_some_and(|p| is_qa_heading(&lines[p].text));
                if after_qa || (numbered_heading(&lines[i].text).is_some() && !next_lower) {
                    continue;
                }
            }
            expect = c.n + 1;
            accepted.push(c);
        }
        let mut cs: Vec<char> = lines[i].text.chars().collect();
        let mut own: Vec<u32> = Vec::new();
        let mut to_prev: Vec<u32> = Vec::new();
        for c in accepted.iter().rev() {
            match c.kind {
                MarkKind::Standalone | MarkKind::LineStart | MarkKind::LineStartUpper => {
                    cs.splice(c.start..c.end, std::iter::empty());
                    to_prev.push(c.n);
                }
                _ => {
                    let rep: Vec<char> = format!("[{}]", c.n).chars().collect();
                    cs.splice(c.start..c.end, rep);
                    own.push(c.n);
                }
            }
        }
        own.reverse();
        to_prev.reverse();
        if let Some(p) = prev_body {
            for n in to_prev {
                lines[p].text.push_str(&format!("[{n}]"));
                lines[p].markers.push(n);
            }
        }
        lines[i].text = cs.into_iter().collect::<String>().trim().to_string();
        lines[i].markers.extend(own);
        if !lines[i].text.is_empty() {
            prev_body = Some(i);
            gap = false;
        }
    }
}
