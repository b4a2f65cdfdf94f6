//! Step 5: headings and paragraphs. Turns the body lines into a sequence of
//! heading and paragraph events.

use super::*;

pub(super) const SUBHEADINGS: &[&str] = &[
    "inhoud",
    "inbreng nederland",
    "inzet nederland",
    "nederlandse inzet",
    "inzet kabinet",
    "indicatie krachtenveld",
    "krachtenveld",
    "achtergrond",
    "toelichting",
    "aanleiding",
    "samenvatting",
    "conclusie",
    "inleiding",
    "vervolg",
    "vervolgstappen",
    "tot slot",
    "beleidsdebat",
    "kabinetsappreciatie",
    "appreciatie",
    "stand van zaken",
    "financiële gevolgen",
];

pub(super) fn is_subheading(t: &str) -> bool {
    let t = t.trim().trim_end_matches(':').trim();
    t.chars().count() <= 30 && SUBHEADINGS.contains(&t.to_lowercase().as_str())
}

pub(super) fn is_qa_heading(t: &str) -> bool {
    t.chars().count() <= 50
        && re!(
            r"(?i)^(?:vraag|vragen|antwoord)(?:\s+op)?(?:\s+(?:vraag|vragen))?\s*\d{1,3}(?:\s*(?:,|en|t/m|tot en met|-|–)\s*\d{1,3})*\s*:?$"
        )
        .is_match(t.trim())
}

/// Words a heading does not end with.
pub(super) const DANGLING_WORDS: &[&str] = &[
    "de", "het", "een", "en", "of", "in", "op", "van", "voor", "met", "aan", "bij", "tot", "om",
    "te", "naar", "door", "over", "uit", "dat", "die", "the", "and", "of", "to",
];

/// Numbered heading `1. Ultrafijn stof` / `1.1 Blootstelling ...`: its depth.
pub(super) fn numbered_heading(t: &str) -> Option<usize> {
    let c = re!(r"^(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+(\p{Lu}.*)$").captures(t)?;
    let title = &c[2];
    if title.chars().count() > 110 || ends_terminal(title) || title.ends_with(',') {
        return None;
    }
    // A title does not stop at an article, preposition or conjunction: that
    // is a numbered list item wrapped onto the next line.
    let last = title.rsplit(' ').next().unwrap_or("");
    if DANGLING_WORDS.contains(&last) {
        return None;
    }
    let first: u32 = c[1].split('.').next()?.parse().ok()?;
    if first == 0 || first > 30 {
        return None;
    }
    Some(c[1].split('.').count())
}

pub(super) fn is_bullet(t: &str) -> bool {
    re!(r"^(?:[•·▪●◦■□➢►\u{f0b7}\u{f0a7}*]|[-–—](?:\s|$))").is_match(t)
}

/// A figure or table caption (`Figuur 1. Organogram`) or a picture's credit
/// or source (`Foto: ...`, `Bron: ...`), which is no heading.
pub(super) fn is_caption(t: &str) -> bool {
    re!(r"^(?:(?:Figuur|Tabel|Grafiek|Afbeelding|Kader|Figure|Table) \d{1,3}\b|(?:Foto|Bron|Beeld|Illustratie|Source|Photo)\s?:)")
        .is_match(t)
}

/// An item of a lettered list: `a) Titel voorstel`.
pub(super) fn is_letter_item(t: &str) -> bool {
    re!(r"^[a-z]\) ").is_match(t)
}

pub(super) fn is_url_only(t: &str) -> bool {
    !t.contains(' ') && (t.starts_with("http") || t.starts_with("www."))
}

/// Text ends a sentence (ignoring closing quotes/brackets and `[N]` markers).
pub(super) fn ends_terminal(t: &str) -> bool {
    let mut s = t.trim_end();
    loop {
        let before = s;
        if s.ends_with(']') {
            if let Some(p) = s.rfind('[') {
                if s[p + 1..s.len() - 1].chars().all(|c| c.is_ascii_digit()) {
                    s = s[..p].trim_end();
                }
            }
        }
        s = s
            .trim_end_matches([')', '’', '”', '»', '"', '\''])
            .trim_end();
        if s == before {
            break;
        }
    }
    s.ends_with(['.', '?', '!', ':', ';'])
}

pub(super) fn starts_lower(t: &str) -> bool {
    t.chars().next().is_some_and(|c| c.is_lowercase())
}

pub(super) fn starts_upper_or_digit(t: &str) -> bool {
    let t = t.trim_start_matches(['‘', '“', '«', '"', '\'', '(']);
    t.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum HKind {
    Title,
    Qa,
    Numbered(usize),
    Sub,
}

pub(super) enum Event {
    Heading(HKind, String),
    Para(Vec<usize>),
}

/// A numbered heading does not jump ahead of the chapters before it: its
/// first number is at most 2 past the last chapter's (`26 Kamerbrief ...`
/// after chapter 3 is a footnote, not chapter 26).
pub(super) fn in_sequence(t: &str, events: &[Event]) -> bool {
    let number = |t: &str| -> u32 {
        let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
        digits.parse().unwrap_or(0)
    };
    let chapter = events
        .iter()
        .rev()
        .find_map(|e| match e {
            Event::Heading(HKind::Numbered(1), title) => Some(number(title)),
            _ => None,
        })
        .unwrap_or(0);
    number(t) <= chapter + 2
}

/// Step 5: group body lines into headings and paragraphs.
pub(super) fn build_events(lines: &[Line], hyph: &HashSet<String>) -> Vec<Event> {
    let body: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].kind == Kind::Body && !lines[i].text.is_empty())
        .collect();
    let mut events: Vec<Event> = Vec::new();
    let mut cur: Vec<usize> = Vec::new();
    let mut cur_blank_before = true;
    let mut prev: Option<usize> = None;

    // Close the current block; `clean_end` says it was ended by a blank line,
    // page break or heading (a title must be followed by such a boundary).
    let flush =
        |cur: &mut Vec<usize>, blank_before: bool, clean_end: bool, events: &mut Vec<Event>| {
            if cur.is_empty() {
                return;
            }
            let block = std::mem::take(cur);
            let texts: Vec<&str> = block.iter().map(|&i| lines[i].text.as_str()).collect();
            let after_qa = matches!(events.last(), Some(Event::Heading(HKind::Qa, _)));
            let after_comma = match events.last() {
                Some(Event::Para(p)) => p.last().is_some_and(|&i| lines[i].text.ends_with(',')),
                _ => false,
            };
            let joined = join_lines(&texts, hyph);
            let is_title = blank_before
                && clean_end
                && !after_qa
                && !after_comma
                && block.len() <= 2
                && texts.iter().all(|t| t.chars().count() <= 90)
                && starts_upper_or_digit(texts[0])
                && !is_bullet(texts[0])
                && !is_caption(texts[0])
                && !ends_terminal(&joined)
                && !texts.iter().any(|t| t.ends_with(','))
                && !texts
                    .iter()
                    .any(|t| t.contains("://") || t.contains("www."))
                && joined.chars().filter(|c| c.is_alphabetic()).count() >= 3
                && !joined.contains('[');
            if is_title {
                // A numbered heading wrapped onto a second line keeps its depth.
                match numbered_heading(&joined) {
                    None => events.push(Event::Heading(HKind::Title, joined)),
                    Some(d) if in_sequence(&joined, events) => {
                        events.push(Event::Heading(HKind::Numbered(d), joined))
                    }
                    Some(_) => events.push(Event::Para(block)),
                }
                return;
            }
            // A short title line directly above a paragraph (a bold heading
            // without a blank line after it).
            let (first, second) = (texts[0], texts.get(1).copied().unwrap_or(""));
            let (n1, n2) = (first.chars().count(), second.chars().count());
            let run_in = blank_before
                && !after_qa
                && !after_comma
                && block.len() >= 2
                && n1 <= 70
                && n1 + 15 <= n2
                && n2 >= 55
                && starts_upper_or_digit(first)
                && starts_upper_or_digit(second)
                && numbered_heading(first).is_none()
                && !is_bullet(first)
                && !is_bullet(second)
                && !is_caption(first)
                && !ends_terminal(first)
                && !first.ends_with([',', '-'])
                && !first.contains('[')
                && first.chars().filter(|c| c.is_alphabetic()).count() >= 3
                && first.split_whitespace().count() >= 2;
            if run_in {
                events.push(Event::Heading(HKind::Sub, first.to_string()));
                events.push(Event::Para(block[1..].to_vec()));
            } else {
                events.push(Event::Para(block));
            }
        };

    // The second line of a numbered heading taken with its first.
    let mut taken: Option<usize> = None;
    for (bi, &i) in body.iter().enumerate() {
        if taken == Some(i) {
            taken = None;
            prev = Some(i);
            continue;
        }
        let t = lines[i].text.as_str();
        let (gap, page_break) = match prev {
            None => (true, false),
            Some(p) => (
                lines[p + 1..i].iter().any(|l| l.kind == Kind::Blank),
                lines[p].seg != lines[i].seg,
            ),
        };
        let next_line = body.get(bi + 1).map(|&j| lines[j].text.as_str());
        let heading = if is_qa_heading(t) {
            Some(HKind::Qa)
        } else if is_subheading(t) {
            Some(HKind::Sub)
        } else {
            // Not an item of a numbered list (no blank line before it), nor a
            // line that jumps ahead of the chapters (a footnote: `26 Kamerbrief`).
            // A lowercase next line continues the sentence, unless it is an
            // item `a)` of a list under the heading.
            let continues = next_line.is_some_and(|n| starts_lower(n) && !is_letter_item(n));
            // ... or the heading's last word (`geopolitieke` / `aspecten`),
            // with a boundary or a lettered list below it.
            let wrapped = continues
                && next_line.is_some_and(|n| n.chars().count() <= 40 && !ends_terminal(n))
                && match (body.get(bi + 1), body.get(bi + 2)) {
                    (Some(&j), Some(&k)) => {
                        is_letter_item(&lines[k].text)
                            || lines[j].seg != lines[k].seg
                            || lines[j + 1..k].iter().any(|l| l.kind == Kind::Blank)
                    }
                    _ => true,
                };
            taken = body.get(bi + 1).copied().filter(|_| wrapped);
            numbered_heading(t)
                .filter(|_| !continues || wrapped)
                .filter(|_| gap || page_break || prev.is_none())
                .filter(|_| in_sequence(t, &events))
                .map(HKind::Numbered)
        };
        if heading.is_none() {
            taken = None;
        }

        if let Some(kind) = heading {
            flush(&mut cur, cur_blank_before, true, &mut events);
            let title = match taken.filter(|_| matches!(kind, HKind::Numbered(_))) {
                Some(j) => format!("{} {}", t, lines[j].text),
                None => t.to_string(),
            };
            let title = title.trim_end_matches(':').trim().to_string();
            events.push(Event::Heading(kind, title));
            prev = Some(i);
            cur_blank_before = true;
            continue;
        }
        let start_new = match cur.last() {
            None => true,
            Some(&p) => {
                let pt = lines[p].text.as_str();
                if is_bullet(t) {
                    true
                } else if page_break {
                    !(starts_lower(t)
                        || pt.ends_with(',')
                        || (pt.ends_with('-') && !pt.ends_with(" -")))
                } else if gap {
                    let lower_cont = starts_lower(t) && !ends_terminal(pt);
                    let signature = pt.ends_with(',') && t.chars().count() <= 40;
                    !(lower_cont || signature)
                } else {
                    // Extractors that put a whole paragraph on one line.
                    pt.chars().count() > 200 && ends_terminal(pt) && !starts_lower(t)
                }
            }
        };
        if start_new {
            let clean = gap || page_break || is_bullet(t);
            // A bullet after a block is a boundary for paragraphs but a title
            // is never directly followed by a bullet without a blank line.
            flush(
                &mut cur,
                cur_blank_before,
                clean && (gap || page_break),
                &mut events,
            );
            cur_blank_before = gap
                || page_break
                || prev.is_none()
                || matches!(events.last(), Some(Event::Heading(..)));
        }
        cur.push(i);
        prev = Some(i);
    }
    flush(&mut cur, cur_blank_before, false, &mut events);
    events
}
