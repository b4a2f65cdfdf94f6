//! From a match of the grammar to a [`Reference`]: canonical identifiers
//! (`kst-30175-414`, `h-tk-20192020-45-12`, `ECLI:NL:HR:2020:123`), dossier
//! numbers, years and Roman chapters normalised, URLs cut at their end.

use super::*;

pub(super) fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// Parses the first `yyyy/yy` pair of a written vergaderjaar into (y1, y2).
pub(super) fn parse_year(s: &str) -> Option<(u32, u32)> {
    let mut runs = s
        .split(|c: char| !c.is_ascii_digit())
        .filter(|r| !r.is_empty());
    let y1: u32 = runs.next().filter(|r| r.len() == 4)?.parse().ok()?;
    let r2 = runs.next()?;
    let y2: u32 = match r2.len() {
        4 => r2.parse().ok()?,
        2 => {
            let short: u32 = r2.parse().ok()?;
            let century = y1 / 100 * 100;
            if short < y1 % 100 {
                century + 100 + short
            } else {
                century + short
            }
        }
        _ => return None,
    };
    (y2 == y1 + 1).then_some((y1, y2))
}

pub(super) fn is_roman(s: &str) -> bool {
    let core = s.trim_end_matches(|c: char| ('A'..='F').contains(&c));
    !core.is_empty() && core.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L'))
}

pub(super) fn make(
    kind: RefKind,
    canonical: String,
    text: &str,
    start: usize,
    end: usize,
    vergaderjaar: Option<String>,
) -> Reference {
    Reference {
        kind,
        canonical,
        text: text[start..end].to_string(),
        start,
        end,
        vergaderjaar,
    }
}

pub(super) fn url(start: usize, raw: &str, text: &str) -> Option<Reference> {
    let mut s = raw;
    loop {
        let t = s.trim_end_matches(['.', ',', ';', ':', '!', '?', '\'', '"', '’', '”']);
        let t = if t.ends_with(')') && t.matches('(').count() < t.matches(')').count() {
            &t[..t.len() - 1]
        } else {
            t
        };
        if t.len() == s.len() {
            break;
        }
        s = t;
    }
    // A scheme alone is no reference.
    if s.len() <= "https://".len() || s.ends_with("://") {
        return None;
    }
    Some(make(
        RefKind::Url,
        s.to_string(),
        text,
        start,
        start + s.len(),
        None,
    ))
}

/// Kind and canonical form of an officielebekendmakingen identifier.
pub(super) fn ob_identifier(s: &str) -> Option<(RefKind, String)> {
    let lower = s.to_ascii_lowercase();
    let (prefix, _) = lower.split_once('-')?;
    let kind = match prefix {
        "kst" => {
            let parts: Vec<&str> = s.split('-').skip(1).collect();
            let mut canon = vec!["kst".to_string(), parts[0].to_string()];
            canon.extend(parts[1..].iter().map(|p| p.to_ascii_uppercase()));
            let mut rest = &parts[1..];
            if parts[0] == "21501" && rest.first().is_some_and(|p| p.len() == 2) {
                rest = &rest[1..];
            }
            let kind = match rest {
                [] => RefKind::Dossier,
                [last] if is_roman(&last.to_ascii_uppercase()) && last.len() >= 2 => {
                    RefKind::Dossier
                }
                _ => RefKind::Kamerstuk,
            };
            return Some((kind, canon.join("-")));
        }
        "h" => RefKind::Handelingen,
        "ah" => RefKind::Aanhangsel,
        "stb" => RefKind::Staatsblad,
        "stcrt" => RefKind::Staatscourant,
        "trb" => RefKind::Tractatenblad,
        _ => return None,
    };
    Some((kind, lower))
}

pub(super) fn handelingen(c: &Captures, label: &str, text: &str) -> Option<Reference> {
    let m = c.get(0)?;
    let (y1, y2) = parse_year(c.name("hy")?.as_str())?;
    let label = label.to_lowercase();
    let ah = label.contains("aanhangsel") || label.contains("kamervragen");
    let ch = match c.name("hch").map(|m| m.as_str().to_lowercase()) {
        Some(ch) if ch == "i" || ch == "ek" || ch.starts_with("eerste") => "ek",
        _ => "tk",
    };
    let nr = &c["hn"];
    let vj = Some(format!("{y1}-{y2}"));
    let (kind, canonical, end) = if ah {
        let end = c.name("hn")?.end();
        (RefKind::Aanhangsel, format!("ah-{ch}-{y1}{y2}-{nr}"), end)
    } else if let Some(item) = c.name("hi") {
        (
            RefKind::Handelingen,
            format!("h-{ch}-{y1}{y2}-{nr}-{}", item.as_str()),
            item.end(),
        )
    } else {
        (
            RefKind::Handelingen,
            format!("h-{ch}-{y1}{y2}-{nr}"),
            m.end(),
        )
    };
    Some(make(kind, canonical, text, m.start(), end, vj))
}

/// A Kamerstuk reference; `gap` is set when it continues a list of them.
pub(super) fn kamerstuk(c: &Captures, text: &str, gap: Option<&str>) -> Option<Reference> {
    let m = c.get(0)?;
    let start = m.start();
    let d = c.name("d")?;
    let labelled = c.name("kl").is_some() || c.name("kf").is_some() || gap.is_some();
    let dossier = digits(d.as_str());
    let dv: u32 = dossier.parse().ok()?;
    if dossier.len() == 4 && (1800..=2099).contains(&dv) {
        return None;
    }
    let cue = !labelled && has_cue_before(text, start);
    if !labelled {
        if bad_context_before(text, start) {
            return None;
        }
        if !cue && (dossier.len() != 5 || !(10000..40000).contains(&dv)) {
            return None;
        }
        // `14.001–24.000` is an amount range, not a dossier.
        if !cue && d.as_str().contains('.') && c.name("nr").is_none() {
            return None;
        }
    }
    let year = c
        .name("ky")
        .or_else(|| c.name("kfy"))
        .or_else(|| c.name("py"))
        .map(|y| y.as_str())
        .or_else(|| gap.filter(|g| g.bytes().any(|b| b.is_ascii_digit())));
    let has_paper_group = ["nr", "dn", "let", "bn"]
        .iter()
        .any(|n| c.name(n).is_some());

    let mut end = d.end();
    let mut parts: Vec<String> = vec![format!("kst-{dossier}")];
    let mut paper: Option<String> = None;
    let mut strong = false; // something only a Kamerstuk reference has
    let mut go_on = true;

    if let Some(sub) = c.name("sub") {
        let dashed = c.name("ss").is_some_and(|s| s.as_str().contains(is_dash));
        let nothing_after = c.name("ch").is_none() && c.name("rw").is_none() && !has_paper_group;
        if dossier == "21501" {
            parts.push(sub.as_str().to_string());
            strong = true;
            end = sub.end();
        } else if dashed && nothing_after {
            paper = Some(sub.as_str().to_string());
            end = sub.end();
        } else {
            go_on = false;
        }
    }
    if go_on {
        if let Some(ch) = c.name("ch") {
            let sep = c.name("cs").map_or("", |s| s.as_str());
            let attached = sep.contains(is_dash) || sep.to_lowercase().contains("hoofdstuk");
            let single = ch.as_str().len() == 1;
            if single && !attached && !has_paper_group {
                go_on = false;
            } else {
                if !single || has_paper_group {
                    strong = true;
                }
                parts.push(ch.as_str().to_string());
                end = ch.end();
            }
        }
    }
    if go_on {
        if let Some(rw) = c.name("rw") {
            end = rw.end();
        }
        if let Some(nr) = c.name("nr").or_else(|| c.name("dn")) {
            paper = Some(nr.as_str().to_string());
            end = nr.end();
        } else if let Some(l) = c.name("let") {
            if labelled {
                paper = Some(l.as_str().to_string());
                end = l.end();
            }
        } else if let Some(b) = c.name("bn") {
            if labelled && year.is_some() {
                paper = Some(b.as_str().to_string());
                end = b.end();
            }
        }
    }
    if !labelled && !cue && paper.is_none() && !strong {
        return None;
    }
    // A number that goes on (`12345-67.000`, `12345-6,5`, `10 001- 15 000`)
    // is something else.
    if !labelled && number_goes_on(&text[end..]) {
        return None;
    }
    let kind = if let Some(p) = paper {
        parts.push(p);
        RefKind::Kamerstuk
    } else {
        RefKind::Dossier
    };
    let vj = year.and_then(parse_year).map(|(a, b)| format!("{a}-{b}"));
    Some(make(kind, parts.join("-"), text, start, end, vj))
}
