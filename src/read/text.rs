//! Plain text, including text extracted from PDF letters and Kamervragen answers.
//!
//! Kamervragen and their answers (Aanhangsel van de Handelingen) are typed
//! `aanhangsel`, whether printed with the Aanhangsel's head, as a bare answer
//! (`AH 616` / `Antwoord van minister ... (ontvangen 21 november 2024)`) or as
//! the questions alone (`Vragen van het lid ... (ingezonden 20 november 2024)`).
//! Their title is the `Vragen van ... aan ... over ...` sentence, joined across
//! its line breaks and without `(ingezonden ...)`; where the file does not
//! print that sentence, the `Antwoord van ...` line. Their date is the day the
//! answer was received, else the day the questions were sent in.

use std::sync::OnceLock;

use regex::Regex;

use super::Source;
use crate::layout::{read_layout, Layout};
use crate::model::DocMeta;

/// Reads a plain-text document. Form feeds separate pages.
pub fn source(text: &str, mut meta: DocMeta) -> Source {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let pages: Vec<&str> = text.split('\x0c').collect();
    let layout = read_layout(&pages);
    if let Some(id) = official_id(&text) {
        meta.doc_id = id;
    }
    letter_source(layout, &text, meta)
}

/// Fills the metadata of a letter-like document (type, date, reference,
/// sender, title) from its layout and the start of its text.
pub fn letter_source(layout: Layout, text: &str, mut meta: DocMeta) -> Source {
    let head: String = text.chars().take(3000).collect();
    let kv = kamervragen(text);
    if meta.doc_type.is_none() {
        meta.doc_type = Some(
            if kv.is_some() || head.contains("Aanhangsel van de Handelingen") {
                "aanhangsel".into()
            } else {
                "brief".into()
            },
        );
    }
    let (kv_title, kv_date) = kv.map_or((None, None), |k| (Some(k.title), k.date));
    meta.date = kv_date.or_else(|| {
        layout
            .meta
            .date
            .as_deref()
            .and_then(dutch_date)
            .or_else(|| dutch_date(&head))
    });
    meta.reference = layout.meta.reference.clone();
    meta.creator = layout.meta.ministry.clone();
    meta.title = kv_title
        .filter(|t| !t.is_empty())
        .or_else(|| layout.meta.subject.clone())
        .or_else(|| {
            layout
                .paragraphs
                .iter()
                .find_map(|p| p.section.first().cloned())
        })
        .or_else(|| {
            layout
                .paragraphs
                .first()
                .map(|p| p.text.chars().take(100).collect())
        })
        .unwrap_or_default();
    Source { meta, layout }
}

/// What the head of a Kamervragen document says about it.
#[derive(Debug, PartialEq)]
struct Kamervragen {
    title: String,
    date: Option<String>,
}

/// The title and date of Kamervragen or their answer, or `None` for any other
/// text: one that has neither the Aanhangsel's head nor a `Vragen van ...
/// (ingezonden <date>)` sentence nor an `Antwoord van ... (ontvangen <date>)` line.
fn kamervragen(text: &str) -> Option<Kamervragen> {
    let lines: Vec<&str> = text.lines().take(80).map(str::trim).collect();
    let questions = sentence_at(&lines, |l| {
        re!(r"^(?:Mondelinge\s+vragen|Vragen|Vraag)\s+van\s+(?:(?:de|het)\s+)?(?:leden|lid)\b")
            .is_match(l)
    });
    let answer = sentence_at(&lines, |l| {
        re!(r"^(?:Antwoord|Mededeling)\s+van\b").is_match(l)
    });
    // Questions sent as a document of their own give the day on a line above.
    let sent_in = questions
        .as_deref()
        .and_then(|q| dated(q, "(ingezonden"))
        .or_else(|| {
            sentence_at(&lines, |l| l.starts_with("(ingezonden"))
                .and_then(|l| dated(&l, "(ingezonden"))
        });
    let received = answer.as_deref().and_then(|a| dated(a, "(ontvangen"));
    let head: String = lines.iter().take(12).copied().collect::<Vec<_>>().join(" ");
    let is_kamervragen = head.contains("Aanhangsel van de Handelingen")
        || head.contains("Vragen gesteld door de leden der Kamer")
        || sent_in.is_some()
        || received.is_some();
    if !is_kamervragen {
        return None;
    }
    let title = questions
        .as_deref()
        .map(|q| before(q, "(ingezonden"))
        .filter(|t| !t.is_empty())
        .or_else(|| answer.as_deref().map(|a| before(a, "(ontvangen")))
        .unwrap_or_default();
    let date = received
        .and_then(|(_, d)| d)
        .or_else(|| sent_in.and_then(|(_, d)| d));
    Some(Kamervragen { title, date })
}

/// The sentence that starts on the first line matching `starts`, joined
/// across its line breaks: it ends with its `(ingezonden ...)` or
/// `(ontvangen ...)` date, at a full stop or question mark ending a line, or
/// before a blank line, a `Vraag 1` or `Antwoord` line or a numbered question.
fn sentence_at(lines: &[&str], starts: impl Fn(&str) -> bool) -> Option<String> {
    let first = lines.iter().position(|l| starts(l))?;
    let mut sentence = lines[first].to_owned();
    for line in &lines[first + 1..(first + 10).min(lines.len())] {
        let date = ["(ingezonden", "(ontvangen"]
            .iter()
            .find_map(|open| sentence.find(open).map(|at| sentence[at..].contains(')')));
        match date {
            // The date is complete: the sentence ends with it.
            Some(true) => break,
            // `(ontvangen` / `18 november 2024).`: the date goes on.
            Some(false) => {}
            None => {
                let ended = sentence.ends_with('.') || sentence.ends_with('?');
                let next_starts_anew = line.is_empty()
                    || re!(r"^(?:Vraag \d|Vraag$|Antwoord|Mededeling|kv-tk-|ah-tk-|\d)")
                        .is_match(line);
                if ended || next_starts_anew {
                    break;
                }
            }
        }
        // A word broken at the line end (`ontwikkelings-` / `hulp`) is joined.
        let broken = sentence.ends_with('-')
            && sentence[..sentence.len() - 1]
                .chars()
                .last()
                .is_some_and(char::is_lowercase)
            && line.chars().next().is_some_and(char::is_lowercase);
        if broken {
            sentence.pop();
        } else {
            sentence.push(' ');
        }
        sentence.push_str(line);
    }
    Some(sentence.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Where `(ingezonden` / `(ontvangen` opens in `sentence`, and its date.
fn dated(sentence: &str, open: &str) -> Option<(usize, Option<String>)> {
    let at = sentence.find(open)?;
    let rest = &sentence[at..];
    let inside = &rest[..rest.find(')').unwrap_or(rest.len())];
    Some((at, dutch_date(inside)))
}

/// `sentence` up to `marker`, without the punctuation before it.
fn before(sentence: &str, marker: &str) -> String {
    let cut = sentence.find(marker).unwrap_or(sentence.len());
    sentence[..cut]
        .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ',' | ':' | ';'))
        .to_owned()
}

/// An officielebekendmakingen identifier standing alone on a line
/// (`ah-tk-20242025-564`, the footer of Kamervragen answers).
fn official_id(text: &str) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"(?m)^[ \t]*((?:ah|h)-(?:tk|ek)-\d{8}-\d+(?:-\d+)?|kst-\d{4,6}(?:-[0-9A-Z]{1,6})*-\d+)[ \t]*$")
            .expect("valid regex")
    });
    re.captures(text).map(|c| c[1].to_owned())
}

/// The first Dutch date written out ("18 november 2024", also run together
/// by PDF extraction: "18 november2024") as `2024-11-18`.
pub fn dutch_date(text: &str) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"(?i)\b(\d{1,2})\s*(januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december)\s*((?:19|20)\d{2})\b")
            .expect("valid regex")
    });
    let c = re.captures(text)?;
    let months = [
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
    ];
    let month = months.iter().position(|m| m.eq_ignore_ascii_case(&c[2]))? + 1;
    let day: u32 = c[1].parse().ok()?;
    (1..=31)
        .contains(&day)
        .then(|| format!("{}-{:02}-{:02}", &c[3], month, day))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_ids() {
        assert_eq!(
            dutch_date("(ontvangen 18 november 2024)").as_deref(),
            Some("2024-11-18")
        );
        assert_eq!(dutch_date("op 32 mei 2024"), None);
        assert_eq!(
            official_id("tekst\nah-tk-20242025-564\nISSN").as_deref(),
            Some("ah-tk-20242025-564")
        );
        assert_eq!(official_id("zie ah-tk-20242025-564 hier"), None);
    }

    fn kv(text: &str) -> Source {
        source(text, DocMeta::default())
    }

    #[test]
    fn an_aanhangsel_is_titled_by_its_questions_and_dated_by_its_answer() {
        let s = kv("Tweede Kamer der Staten-Generaal2
Vergaderjaar 2024–2025 Aanhangsel van de Handelingen
Vragen gesteld door de leden der Kamer, met de daarop door de
regering gegeven antwoorden
585
Vraag van het lid Van Houwelingen (FVD) aan de Minister van Justitie en
Veiligheid over correspondentie tussen de NCTV en de NAVO (ingezonden
1 oktober 2024).
Antwoord van Minister Van Weel (Justitie en Veiligheid) (ontvangen
18 november 2024). Zie ook Aanhangsel Handelingen, vergaderjaar 2024–2025,nr. 349.
Vraag 1
Kan de Kamer de correspondentie ontvangen tussen de NCTV en de NAVO sinds 1 januari2020?
Antwoord 1
Deze correspondentie wordt niet in de openbaarheid verstrekt.
");
        assert_eq!(s.meta.doc_type.as_deref(), Some("aanhangsel"));
        assert_eq!(
            s.meta.title,
            "Vraag van het lid Van Houwelingen (FVD) aan de Minister van Justitie en Veiligheid \
             over correspondentie tussen de NCTV en de NAVO"
        );
        assert_eq!(s.meta.date.as_deref(), Some("2024-11-18"));
    }

    #[test]
    fn bare_answers_and_bare_questions_are_aanhangsel_too() {
        // An answer without the questions' sentence: the answer line names it.
        let s = kv("AH 616
2024Z15900
Antwoord van minister Klever (Buitenlandse Handel en Ontwikkelingshulp) (ontvangen 21 november 2024)
Vraag 1
Bent u bekend met de toenemende druk op het maatschappelijk middenveld?

Antwoord
Ja, daar ben ik mee bekend.
");
        assert_eq!(s.meta.doc_type.as_deref(), Some("aanhangsel"));
        assert_eq!(
            s.meta.title,
            "Antwoord van minister Klever (Buitenlandse Handel en Ontwikkelingshulp)"
        );
        assert_eq!(s.meta.date.as_deref(), Some("2024-11-21"));

        // Questions alone, the day sent in on a line above them.
        let s = kv("2024Z18885

(ingezonden 20 november 2024)

Vragen van het lid Podt (D66) aan de staatssecretaris van Landbouw, Visserij, Voedselzekerheid en Natuur over de Ontbossingswet

Hoe kijkt u naar de amendementen die zijn ingediend op de Ontbossingswet?
");
        assert_eq!(s.meta.doc_type.as_deref(), Some("aanhangsel"));
        assert_eq!(
            s.meta.title,
            "Vragen van het lid Podt (D66) aan de staatssecretaris van Landbouw, Visserij, \
             Voedselzekerheid en Natuur over de Ontbossingswet"
        );
        assert_eq!(s.meta.date.as_deref(), Some("2024-11-20"));

        // Oral questions: the date sent in, not the date of the cited article.
        let s = kv("Tweede Kamer der Staten-Generaal2
Vergaderjaar 2024–2025 Vragen gesteld door de leden der Kamer

2024Z18775
Mondelinge vragen van het lid Krul (CDA) aan de Minister voor Economische
Zaken over het bericht «TEMU schendt privacy door telefoon ’s nachts te
ontgrendelen en berichten te lezen» (Hartvannederland.nl, 16 november 2024 )
(ingezonden 19 november 2024)
kv-tk-2024Z18775
");
        assert_eq!(
            s.meta.title,
            "Mondelinge vragen van het lid Krul (CDA) aan de Minister voor Economische Zaken over \
             het bericht «TEMU schendt privacy door telefoon ’s nachts te ontgrendelen en \
             berichten te lezen» (Hartvannederland.nl, 16 november 2024 )"
        );
        assert_eq!(s.meta.date.as_deref(), Some("2024-11-19"));
    }

    #[test]
    fn a_letter_answering_questions_is_still_a_letter() {
        let s = kv("Beleidsdebat AI en onderwijs

Den Haag, 3 februari 2023

Hierbij beantwoord ik de vragen van het lid Kisteman over de inzet van AI in het onderwijs.
");
        assert_eq!(s.meta.doc_type.as_deref(), Some("brief"));
        assert_eq!(s.meta.date.as_deref(), Some("2023-02-03"));
        assert_eq!(
            dutch_date("(ontvangen 18 november2024)").as_deref(),
            Some("2024-11-18")
        );
    }
}
