//! Reading layout: recover what a careful human reader sees in the plain text
//! of a Kamerbrief, annotated agenda or Kamervragen answer extracted from PDF
//! or DOCX: paragraphs, the heading path above each paragraph, page numbers,
//! and footnotes linked to their markers, with page furniture removed.
//!
//! The pipeline works on lines and runs in fixed steps:
//!
//! 1. **Pages.** Several input pages (one `&str` per PDF page) or form feeds
//!    are authoritative: page = position. A single plain text is split with
//!    heuristics: the extractor of our `.txt` corpus starts the first line of
//!    every page with exactly one space (used only when such lines are rare, at
//!    least 2 and at most 1 in 5 of the non-blank lines), `Pagina N van M`
//!    labels its page (a header when it is among the first 3 lines of a page,
//!    otherwise a footer that ends the page), and the Handelingen footers
//!    (`Tweede Kamer, vergaderjaar 2024–2025, Aanhangsel 2`) end page N.
//!    Unlabelled pages are numbered from their neighbours. Without any page
//!    evidence `page` is `None`. A page may also come in parts (the columns
//!    of a brochure page, [`read_layout_parts`]): each part is read like a
//!    page of its own, with the page number of its page.
//! 2. **Furniture** lines are dropped: page labels, Handelingen footers and
//!    masthead, `Retouradres`, address-column lines (Postbus, postcode + city,
//!    Bezoekadres, ...), the labels `Datum`, `Betreft`, `Onze referentie`,
//!    `Ons kenmerk` with their values (the first ones are kept in
//!    [`LetterMeta`]), `Ministerie van ...`, and any short line repeated near
//!    the top or bottom of at least half of the pages (3 or more).
//! 3. **Footnotes** are the tail of a page: the first line (from the top) that
//!    starts with the next expected footnote number (`7 Hierbij`, `1) Kamer`,
//!    glued `2Kamerstukken`) such that everything below it is further
//!    footnotes numbered +1 each, or continuation lines, and no
//!    `Vraag N`/`Antwoord N`/sub-heading. Numbering runs 1, 2, 3, ... through
//!    the document. A bare URL after a blank line in the footnote zone is a PDF
//!    link annotation (it repeats a link target) and is dropped.
//! 4. **Markers** are searched in body lines in reading order. A marker for N
//!    is only accepted if footnote N exists, if it is the next expected marker
//!    (glued forms may skip up to two missed markers), and, when pages are
//!    known, if it sits on the footnote's page or the page before. Accepted
//!    forms: glued to a word or punctuation (`iedereen1`, `geven2.`,
//!    `omgevingslucht)3.`, `artikel?1`, `AI10.`, but not `CO2`/`G7`: an
//!    acronym of up to 4 capitals plus one digit is a name), glued to a year
//!    range (`2021-20276` = `2021-2027` + marker 6), superscript digits
//!    glued to anything but a unit (`jagen²`, `2022²`, not `m²`; the PDF
//!    reader writes the raised small numbers it sees so), spaced before punctuation
//!    (`aangeboden 1. In`, not after words like `artikel`, `nr`, `vraag`),
//!    `1)` at the end of a line (DOCX style, not inside brackets), and a bare
//!    number (or several: `2 3`) alone on a line, or at the start of the next
//!    line (`2 waarin`, `1, is`, `2 Voor drie ... dat` when not a numbered
//!    heading): superscripts that the extractor moved to their own line; these
//!    are attached to the end of the previous line of the same block. Markers are
//!    rewritten as `[N]` directly after the word (`iedereen[1]`, `geven[2].`).
//!    Real numbers (`in 2030`, `23% en 12%`, `13 mei`, `artikel 3`) are never
//!    the next expected footnote on that page, or fail the form rules.
//! 5. **Headings and paragraphs.** Paragraphs are separated by blank lines.
//!    A page break does not end a paragraph when the next page starts in
//!    lowercase (or the previous text ends with `,`/`-`); a blank line does not
//!    either when the text resumes in lowercase after a non-final line. Every
//!    bullet item (`•`, `-`, `–`, ...) is its own paragraph (with its
//!    continuation lines): a list item is a good search snippet on its own.
//!    Headings:
//!    * `Vraag N` / `Antwoord N` (also `Antwoord op vraag 3 en 4`): level 1.
//!    * numbered `1. Ultrafijn stof`, `1.1 Blootstelling ...`: level = depth,
//!      also when the title wraps onto a second line (a title block, below,
//!      or a short lowercase line followed by a blank line or an `a)` item);
//!      not an item of a numbered list (no blank line before it, or a title
//!      ending in `en`, `van`, `het`, ...: the item wraps on), and at most
//!      2 past the last chapter's number (`26 Kamerbrief ...` after chapter
//!      3 is a stray footnote).
//!    * known sub-heading words (`Inhoud`, `Inbreng Nederland`, `Indicatie
//!      krachtenveld`, `Achtergrond`, ...): one level below the current
//!      non-sub-heading, even without blank lines around them.
//!    * title blocks: one or two lines (joined) between blank lines / page
//!      breaks / headings, each at most 90 characters, starting with a
//!      capital or digit, not a bullet or caption (`Figuur 1. ...`), no
//!      final `.,;:?!`, not right after a `Vraag`/`Antwoord` heading or
//!      after text ending in `,` (a signature name). Level 1.
//!    * run-in titles: a block's first line, after a blank line, when it is
//!      a short title (2 or more words, at most 70 characters, as above)
//!      and the next line is a full line of text (55 characters or more,
//!      15 more than the title) starting with a capital: a bold heading
//!      printed without a blank line under it. Level as a sub-heading.
//!      A heading replaces all headings of its level and deeper.
//! 6. **Hyphenation.** A line ending in `-` glued to a word is joined without
//!    space. The hyphen is kept after an acronym or digit (`AI-verordening`,
//!    `2021-2027`), before a capital or digit, before `en`/`of`/`tot`
//!    (`onderwijs- en opleidingstrajecten`), and when the document elsewhere
//!    writes the same compound with a hyphen mid-line (`evidence-informed`).
//!    Otherwise it is taken to be hyphenation and removed (`onder-wijs`).
//!
//! Known limits: footnotes continued on the next page are not re-attached
//! (the continuation stays in the next page's text or footnote), and the
//! extractor's glued words (`nietwordt`) are not split.

use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// A paragraph with the headings above it and its page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Paragraph {
    /// Heading path, outermost first; empty before the first heading.
    pub section: Vec<String>,
    /// 1-based page where the paragraph starts, when pages are known.
    pub page: Option<u32>,
    /// Re-joined text with footnote markers written as `[N]`.
    pub text: String,
    /// Footnote numbers whose marker is in this paragraph, in order.
    pub footnotes: Vec<u32>,
}

/// A footnote taken from the bottom of a page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Footnote {
    /// Its number; numbering runs through the document.
    pub number: u32,
    /// Its text, continuation lines joined.
    pub text: String,
    /// The page it is printed on.
    pub page: Option<u32>,
}

/// A reference the source attaches to words of a paragraph instead of writing
/// it out: a Markdown link's target (`[artikel 8.40 van de Wet
/// milieubeheer](../wet/milieubeheer/BWBR0003245/README.md)`). The passage
/// holding those words carries the reference.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Link {
    /// Index of the paragraph in [`Layout::paragraphs`].
    pub paragraph: usize,
    /// Byte offset in that paragraph's text where the linked words start.
    pub at: usize,
    /// The reference, its `text` being the linked words.
    pub reference: crate::references::CitedReference,
}

/// What a letter's margin column and labels say about it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct LetterMeta {
    /// "Datum", as written.
    pub date: Option<String>,
    /// "Betreft".
    pub subject: Option<String>,
    /// "Ons kenmerk" / "Onze referentie".
    pub reference: Option<String>,
    /// The sending ministry.
    pub ministry: Option<String>,
}

/// A document as a reader sees it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Layout {
    /// Paragraphs in reading order, furniture removed.
    pub paragraphs: Vec<Paragraph>,
    /// Footnotes, by number.
    pub footnotes: Vec<Footnote>,
    /// Letter metadata.
    pub meta: LetterMeta,
    /// References attached to words of the paragraphs, by paragraph.
    pub links: Vec<Link>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Blank,
    Furniture,
    Body,
    Footnote,
    /// PDF link annotation (bare URL repeated under the footnotes).
    Annotation,
}

#[derive(Debug, Clone)]
struct Line {
    text: String,
    /// Raw line began with exactly one space (page start in our extractor).
    lead_space: bool,
    seg: usize,
    kind: Kind,
    /// Footnote number when this line starts a footnote.
    fn_start: Option<u32>,
    markers: Vec<u32>,
}

fn make_line(raw: &str) -> Line {
    let mut chars = raw.chars();
    let lead_space = chars.next() == Some(' ') && chars.next().is_some_and(|c| !c.is_whitespace());
    let mut text = String::with_capacity(raw.len());
    let mut last_space = true;
    for c in raw.chars() {
        let c = match c {
            '\u{a0}' | '\t' | '\u{2007}' | '\u{202f}' | '\r' | '\x0c' | '\u{2009}' => ' ',
            '\u{ad}' => '-',
            c if c.is_control() => continue,
            c => c,
        };
        if c == ' ' {
            if !last_space {
                text.push(' ');
            }
            last_space = true;
        } else {
            text.push(c);
            last_space = false;
        }
    }
    let text = text.trim_end().to_string();
    let kind = if text.is_empty() {
        Kind::Blank
    } else {
        Kind::Body
    };
    Line {
        text,
        lead_space,
        seg: 0,
        kind,
        fn_start: None,
        markers: Vec::new(),
    }
}

/// `Pagina 6 van 10`, also as split by PDF extraction (`P agina 1 van 9`).
fn pagina_number(t: &str) -> Option<u32> {
    let c = re!(r"^P\s?agina\s+(\d{1,4})\s*(?:van|/)\s*\d{1,4}$").captures(t)?;
    c[1].parse().ok()
}

/// Handelingen / Kamervragen page footer that ends page N.
fn kv_footer_number(t: &str) -> Option<u32> {
    let c =
        re!(r"Tweede Kamer, vergaderjaar \d{4}\s*[–-]\s*\d{4}, (?:Aanhangsel|Vragen)\s+(\d{1,4})$")
            .captures(t)?;
    c[1].parse().ok()
}

/// Split the input into lines and assign each a page segment; returns the
/// lines and the page number of every segment.
fn segment(pages: &[&str]) -> (Vec<Line>, Vec<Option<u32>>) {
    let mut lines = Vec::new();
    let chunks: Vec<&str> = match pages {
        [] => return (lines, Vec::new()),
        [one] if one.contains('\x0c') => {
            let mut v: Vec<&str> = one.split('\x0c').collect();
            if v.len() > 1 && v.last().is_some_and(|l| l.trim().is_empty()) {
                v.pop();
            }
            v
        }
        [_] => Vec::new(),
        many => many.to_vec(),
    };
    if !chunks.is_empty() {
        // Authoritative pages: one chunk per page.
        for (i, chunk) in chunks.iter().enumerate() {
            for raw in chunk.split('\n') {
                let mut l = make_line(raw);
                l.seg = i;
                lines.push(l);
            }
        }
        let segs = (1..=chunks.len() as u32).map(Some).collect();
        return (lines, segs);
    }

    let text = pages[0];
    let raw: Vec<Line> = text.split('\n').map(make_line).collect();
    let nonblank = raw.iter().filter(|l| l.kind != Kind::Blank).count();
    let lead = raw.iter().filter(|l| l.lead_space).count();
    let use_lead = lead >= 2 && lead * 5 <= nonblank;
    let mut labels: Vec<Option<u32>> = vec![None];
    let mut seg = 0usize;
    let mut in_seg = 0usize;
    let mut pending = false;
    let mut any_label = false;
    for mut l in raw {
        if l.kind != Kind::Blank {
            let pag = pagina_number(&l.text);
            let conflicting = pag.is_some() && labels[seg].is_some() && labels[seg] != pag;
            if ((use_lead && l.lead_space) || pending || conflicting) && in_seg > 0 {
                seg += 1;
                labels.push(None);
                in_seg = 0;
            }
            pending = false;
            if let Some(n) = pag {
                any_label = true;
                labels[seg] = Some(n);
                // Among the first lines of a page it is a header; further down
                // it is a footer and the next line starts a new page.
                pending = in_seg > 3;
            } else if let Some(n) = kv_footer_number(&l.text) {
                any_label = true;
                labels[seg] = Some(n);
                pending = true;
            }
            in_seg += 1;
        }
        l.seg = seg;
        lines.push(l);
    }
    if !use_lead && !any_label {
        return (lines, vec![None; labels.len()]);
    }
    let first = labels.iter().position(|l| l.is_some());
    let mut out = Vec::with_capacity(labels.len());
    let mut prev: Option<u32> = None;
    for (i, lab) in labels.iter().enumerate() {
        let p = match (lab, prev, first) {
            (Some(n), _, _) => *n,
            (None, Some(p), _) => p.saturating_add(1),
            (None, None, Some(k)) => {
                let base = labels[k].unwrap_or(1);
                base.saturating_sub((k - i) as u32).max(1)
            }
            (None, None, None) => i as u32 + 1,
        };
        out.push(Some(p));
        prev = Some(p);
    }
    (lines, out)
}

const LABELS_REF: &[&str] = &[
    "Onze referentie",
    "Ons kenmerk",
    "Onze kenmerk",
    "Uw referentie",
    "Uw kenmerk",
    "Kenmerk",
];
const LABELS_OTHER: &[&str] = &[
    "Datum",
    "Betreft",
    "Bijlage(n)",
    "Bijlagen",
    "Bijlage",
    "Uw brief",
    "Uw brief van",
    "Kopie aan",
    "Contactpersoon",
    "Inlichtingen",
    "Bezoekadres",
    "Postadres",
    "Retouradres",
];

fn is_address_line(t: &str) -> bool {
    re!(r"^(>?\s*Retouradres\b|Postbus \d+|\d{4} ?[A-Z]{2} \p{Lu}|Bezoekadres\b|Postadres\b|(T|F|M|Tel\.?|Telefoon)\s+\+?[\d ()-]{8,}$|E-?mail\b|www\.[\w.-]+\.nl/?$|[\w.-]+@[\w.-]+\.nl$)")
        .is_match(t)
        || is_addressee(t)
}

fn is_addressee(t: &str) -> bool {
    re!(r"^(Aan )?[Dd]e [Vv]oorzitter van de (Tweede|Eerste) Kamer").is_match(t)
}

/// Kamervragen / Handelingen page furniture (footers and masthead lines).
fn is_kv_furniture(t: &str) -> bool {
    re!(r"^(ah|kv)-tk-\S+$").is_match(t)
        || t.starts_with("ISSN ")
        || kv_footer_number(t).is_some()
        || re!(r"^Tweede Kamer der Staten-Generaal\s*\d*$").is_match(t)
        || re!(r"^Vergaderjaar \d{4}\s*[–-]\s*\d{4}\b").is_match(t)
        || t.starts_with("Vragen gesteld door de leden der Kamer")
        || t == "regering gegeven antwoorden"
        || re!(r"^AH \d{1,5}$").is_match(t)
}

fn is_label_line(t: &str) -> bool {
    let first = t.split_whitespace().next().unwrap_or("");
    LABELS_REF
        .iter()
        .chain(LABELS_OTHER)
        .any(|l| t.starts_with(l) && l.starts_with(first))
        || is_address_line(t)
        || t.starts_with("Ministerie van ")
}

fn clean_value(s: &str) -> String {
    s.trim().trim_end_matches(',').trim().to_string()
}

/// Step 2: mark furniture lines and collect the letter metadata.
fn mark_furniture(lines: &mut [Line], meta: &mut LetterMeta) {
    let n = lines.len();
    let mut subject_line: Option<String> = None;
    let mut content_seen = 0usize;
    let mut i = 0;
    while i < n {
        if lines[i].kind != Kind::Body {
            i += 1;
            continue;
        }
        content_seen += 1;
        let t = lines[i].text.clone();
        let next_nb = |from: usize, lines: &[Line]| {
            (from + 1..n.min(from + 4)).find(|&j| lines[j].kind == Kind::Body)
        };

        if pagina_number(&t).is_some() || is_kv_furniture(&t) || is_address_line(&t) {
            lines[i].kind = Kind::Furniture;
            i += 1;
            // The addressee block ("De voorzitter van de Tweede Kamer", "der
            // Staten-Generaal", street, postcode) runs to the next blank line.
            if is_addressee(&t) {
                while i < n && i < lines.len() && lines[i].kind == Kind::Body {
                    let l = &lines[i].text;
                    if l.chars().count() > 45 || ends_terminal(l) || l.ends_with(',') {
                        break;
                    }
                    lines[i].kind = Kind::Furniture;
                    i += 1;
                }
            }
            continue;
        }
        // Masthead number of a Handelingen page ("595") and the Kamer
        // registration number ("2024Z18559") at the top.
        if content_seen <= 8 && re!(r"^\d{1,5}$").is_match(&t) {
            lines[i].kind = Kind::Furniture;
            i += 1;
            continue;
        }
        if content_seen <= 8 && re!(r"^\d{4}Z\d{5}$").is_match(&t) {
            if meta.reference.is_none() {
                meta.reference = Some(t.clone());
            }
            lines[i].kind = Kind::Furniture;
            i += 1;
            continue;
        }
        if let Some(c) = re!(r"^Ministerie van (\p{Lu}[\p{L} ,.&-]{2,80})$").captures(&t) {
            if meta.ministry.is_none() {
                meta.ministry = Some(format!("Ministerie van {}", clean_value(&c[1])));
            }
            lines[i].kind = Kind::Furniture;
            i += 1;
            continue;
        }
        // Labels standing alone, value on the next line(s).
        let label = t.trim_end_matches(':').trim();
        if LABELS_REF.contains(&label) || LABELS_OTHER.contains(&label) {
            lines[i].kind = Kind::Furniture;
            if let Some(j) = next_nb(i, lines) {
                let v = lines[j].text.clone();
                let value_ok = match label {
                    "Datum" => v.chars().count() <= 40 && v.chars().any(|c| c.is_ascii_digit()),
                    "Betreft" => v.chars().count() <= 200,
                    l if LABELS_REF.contains(&l) => {
                        v.chars().count() <= 60 && v.chars().any(|c| c.is_ascii_digit())
                    }
                    _ => false,
                };
                if value_ok {
                    lines[j].kind = Kind::Furniture;
                    let mut value = v.clone();
                    if label == "Betreft" {
                        // The subject may wrap onto following lines until a blank.
                        let mut k = j + 1;
                        while k < n
                            && k < j + 4
                            && lines[k].kind == Kind::Body
                            && !LABELS_OTHER.contains(&lines[k].text.as_str())
                        {
                            value.push(' ');
                            value.push_str(&lines[k].text);
                            lines[k].kind = Kind::Furniture;
                            k += 1;
                        }
                    }
                    set_meta(meta, label, &value, &mut subject_line);
                    i = j + 1;
                    continue;
                }
            }
            i += 1;
            continue;
        }
        // Inline label + value.
        if let Some(c) = re!(r"^(Onze referentie|Ons kenmerk|Onze kenmerk|Uw referentie|Uw kenmerk)\s+(\S+(?: \S+)?)$").captures(&t) {
            if c[2].chars().any(|ch| ch.is_ascii_digit()) {
                set_meta(meta, &c[1], &c[2], &mut subject_line);
                lines[i].kind = Kind::Furniture;
                i += 1;
                continue;
            }
        }
        if let Some(c) = re!(r"^Datum\s+(\d{1,2} \p{L}+ \d{4})$").captures(&t) {
            set_meta(meta, "Datum", &c[1], &mut subject_line);
            lines[i].kind = Kind::Furniture;
            i += 1;
            continue;
        }
        if let Some(c) = re!(r"^Betreft\s+(\S.*)$").captures(&t) {
            // Only in the letter head (first page) or as a repeat of it.
            if (lines[i].seg == 0 && content_seen <= 30 && subject_line.is_none())
                || subject_line.as_deref() == Some(t.as_str())
            {
                lines[i].kind = Kind::Furniture;
                i += 1;
                if subject_line.is_none() {
                    subject_line = Some(t.clone());
                    let mut value = c[1].to_string();
                    // A wrapped subject continues until a blank line or label.
                    while i < n
                        && lines[i].kind == Kind::Body
                        && value.chars().count() < 200
                        && !is_label_line(&lines[i].text)
                    {
                        value.push(' ');
                        value.push_str(&lines[i].text);
                        lines[i].kind = Kind::Furniture;
                        i += 1;
                    }
                    if meta.subject.is_none() {
                        meta.subject = Some(clean_value(&value));
                    }
                }
                continue;
            }
        }
        // Body lines that also tell us something (kept as text).
        if meta.ministry.is_none() {
            if let Some(c) =
                re!(r"^De (?:[Mm]inister|[Ss]taatssecretaris) van (\p{Lu}[\p{L} ,&-]+?),?$")
                    .captures(&t)
            {
                meta.ministry = Some(format!("Ministerie van {}", clean_value(&c[1])));
            } else if let Some(c) =
                re!(r"^Antwoord van (?:de )?(?:[Mm]inister|[Ss]taatssecretaris)[^(]*\(([^()]+)\)")
                    .captures(&t)
            {
                meta.ministry = Some(format!("Ministerie van {}", clean_value(&c[1])));
            }
        }
        if meta.date.is_none() {
            if let Some(c) = re!(r"\(ontvangen (\d{1,2} \p{L}+ \d{4})\)").captures(&t) {
                meta.date = Some(c[1].to_string());
            }
        }
        i += 1;
    }
    mark_repeated(lines);
}

fn set_meta(meta: &mut LetterMeta, label: &str, value: &str, subject_line: &mut Option<String>) {
    let v = clean_value(value);
    match label {
        "Datum" if meta.date.is_none() => meta.date = Some(v),
        "Betreft" if meta.subject.is_none() => {
            *subject_line = Some(format!("Betreft {v}"));
            meta.subject = Some(v);
        }
        "Onze referentie" | "Ons kenmerk" | "Onze kenmerk" | "Kenmerk"
            if meta.reference.is_none() =>
        {
            meta.reference = Some(v)
        }
        _ => {}
    }
}

/// The ministries, to name the sender when PDF extraction split the name in
/// the margin column (`Inf rastructuur en Waterstaat`).
const MINISTRIES: &[&str] = &[
    "Algemene Zaken",
    "Asiel en Migratie",
    "Binnenlandse Zaken en Koninkrijksrelaties",
    "Buitenlandse Zaken",
    "Defensie",
    "Economische Zaken",
    "Economische Zaken en Klimaat",
    "Financiën",
    "Infrastructuur en Waterstaat",
    "Justitie en Veiligheid",
    "Klimaat en Groene Groei",
    "Landbouw, Natuur en Voedselkwaliteit",
    "Landbouw, Visserij, Voedselzekerheid en Natuur",
    "Onderwijs, Cultuur en Wetenschap",
    "Sociale Zaken en Werkgelegenheid",
    "Volkshuisvesting en Ruimtelijke Ordening",
    "Volksgezondheid, Welzijn en Sport",
];

/// Letters only, lowercase: how a split or glued name is compared.
fn letters(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The letter metadata in a margin column cut off a PDF page (one line per
/// element, blank lines between blocks): `Ministerie van` and the name on the
/// next lines, `Ons kenmerk` / `Kenmerk` / `Onze referentie` and `Datum`
/// with their value on the next line. Extraction that split the ministry's
/// name is repaired against the list of ministries; letters split apart in
/// the reference (`I E NW/BSK-2022/268034`) are joined.
pub fn margin_meta(lines: &[&str]) -> LetterMeta {
    let mut meta = LetterMeta::default();
    let lines: Vec<String> = lines.iter().map(|l| make_line(l).text).collect();
    let next_value = |i: usize| lines.iter().skip(i + 1).take(2).find(|l| !l.is_empty());
    for (i, t) in lines.iter().enumerate() {
        if meta.ministry.is_none() {
            if let Some(rest) = t.strip_prefix("Ministerie van") {
                let mut name = rest.trim().to_string();
                for l in lines.iter().skip(i + 1).take(3) {
                    if l.is_empty() || is_label_line(l) || l.chars().any(|c| c.is_ascii_digit()) {
                        break;
                    }
                    name.push(' ');
                    name.push_str(l);
                }
                let key = letters(&name);
                let known = MINISTRIES.iter().find(|m| letters(m) == key);
                let name = known.map_or_else(|| clean_value(&name), |m| m.to_string());
                // An unknown name is kept only when it reads as one name.
                if known.is_some() || (!name.is_empty() && !name.contains("Ministerie")) {
                    meta.ministry = Some(format!("Ministerie van {name}"));
                }
            }
        }
        let label = t.trim_end_matches(':').trim();
        if meta.reference.is_none() && LABELS_REF.contains(&label) && !label.starts_with("Uw") {
            if let Some(v) = next_value(i) {
                if v.chars().any(|c| c.is_ascii_digit()) && v.chars().count() <= 60 {
                    meta.reference = Some(join_split_capitals(v));
                }
            }
        }
        if meta.date.is_none() && label == "Datum" {
            if let Some(v) = next_value(i) {
                if v.chars().count() <= 40 && v.chars().any(|c| c.is_ascii_digit()) {
                    meta.date = Some(clean_value(v));
                }
            }
        }
    }
    meta
}

/// `I E NW/BSK-2022/268034` → `IENW/BSK-2022/268034`: single capitals that
/// extraction spaced apart are joined to their capital neighbours.
fn join_split_capitals(v: &str) -> String {
    let words: Vec<&str> = v.split(' ').filter(|w| !w.is_empty()).collect();
    let caps = |w: &str| w.chars().next().is_some_and(|c| c.is_ascii_uppercase());
    let single = |w: &str| w.chars().count() == 1 && caps(w);
    let mut out = String::new();
    for (k, w) in words.iter().enumerate() {
        if k > 0 {
            let prev = words[k - 1];
            let glue = (single(prev) && caps(w)) || (single(w) && caps(prev));
            if !glue {
                out.push(' ');
            }
        }
        out.push_str(w);
    }
    clean_value(&out)
}

/// Running headers/footers and the address column: short lines that recur
/// near the top or bottom of at least half of the pages (and 3 or more).
fn mark_repeated(lines: &mut [Line]) {
    let nsegs = lines.iter().map(|l| l.seg + 1).max().unwrap_or(0);
    if nsegs < 3 {
        return;
    }
    let mut by_seg: Vec<Vec<usize>> = vec![Vec::new(); nsegs];
    for (i, l) in lines.iter().enumerate() {
        if l.kind == Kind::Body {
            by_seg[l.seg].push(i);
        }
    }
    let mut seen: HashMap<&str, HashSet<usize>> = HashMap::new();
    for (s, idx) in by_seg.iter().enumerate() {
        let len = idx.len();
        for (k, &i) in idx.iter().enumerate() {
            if k < 8 || k + 8 >= len {
                let t = lines[i].text.as_str();
                if t.chars().count() <= 60 && !is_subheading(t) && !is_qa_heading(t) {
                    seen.entry(t).or_default().insert(s);
                }
            }
        }
    }
    let repeated: HashSet<String> = seen
        .into_iter()
        .filter(|(_, s)| s.len() >= 3 && s.len() * 2 >= nsegs)
        .map(|(t, _)| t.to_string())
        .collect();
    if repeated.is_empty() {
        return;
    }
    for l in lines.iter_mut() {
        if l.kind == Kind::Body && repeated.contains(&l.text) {
            l.kind = Kind::Furniture;
        }
    }
}

const SUBHEADINGS: &[&str] = &[
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

fn is_subheading(t: &str) -> bool {
    let t = t.trim().trim_end_matches(':').trim();
    t.chars().count() <= 30 && SUBHEADINGS.contains(&t.to_lowercase().as_str())
}

fn is_qa_heading(t: &str) -> bool {
    t.chars().count() <= 50
        && re!(
            r"(?i)^(?:vraag|vragen|antwoord)(?:\s+op)?(?:\s+(?:vraag|vragen))?\s*\d{1,3}(?:\s*(?:,|en|t/m|tot en met|-|–)\s*\d{1,3})*\s*:?$"
        )
        .is_match(t.trim())
}

/// Words a heading does not end with.
const DANGLING_WORDS: &[&str] = &[
    "de", "het", "een", "en", "of", "in", "op", "van", "voor", "met", "aan", "bij", "tot", "om",
    "te", "naar", "door", "over", "uit", "dat", "die", "the", "and", "of", "to",
];

/// Numbered heading `1. Ultrafijn stof` / `1.1 Blootstelling ...`: its depth.
fn numbered_heading(t: &str) -> Option<usize> {
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

fn is_bullet(t: &str) -> bool {
    re!(r"^(?:[•·▪●◦■□➢►\u{f0b7}\u{f0a7}*]|[-–—](?:\s|$))").is_match(t)
}

/// A figure or table caption (`Figuur 1. Organogram`) or a picture's credit
/// or source (`Foto: ...`, `Bron: ...`), which is no heading.
fn is_caption(t: &str) -> bool {
    re!(r"^(?:(?:Figuur|Tabel|Grafiek|Afbeelding|Kader|Figure|Table) \d{1,3}\b|(?:Foto|Bron|Beeld|Illustratie|Source|Photo)\s?:)")
        .is_match(t)
}

/// An item of a lettered list: `a) Titel voorstel`.
fn is_letter_item(t: &str) -> bool {
    re!(r"^[a-z]\) ").is_match(t)
}

fn is_url_only(t: &str) -> bool {
    !t.contains(' ') && (t.starts_with("http") || t.starts_with("www."))
}

/// Text ends a sentence (ignoring closing quotes/brackets and `[N]` markers).
fn ends_terminal(t: &str) -> bool {
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

fn starts_lower(t: &str) -> bool {
    t.chars().next().is_some_and(|c| c.is_lowercase())
}

fn starts_upper_or_digit(t: &str) -> bool {
    let t = t.trim_start_matches(['‘', '“', '«', '"', '\'', '(']);
    t.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// If `text` starts footnote `expect`, the footnote text after the number.
fn parse_fn_start(text: &str, expect: u32, in_block: bool) -> Option<String> {
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
fn find_footnotes(lines: &mut [Line]) -> Vec<(u32, Vec<usize>)> {
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MarkKind {
    Glued,
    Paren,
    Spaced,
    Standalone,
    LineStart,
    LineStartUpper,
}

#[derive(Debug, Clone)]
struct Cand {
    n: u32,
    kind: MarkKind,
    /// Char range replaced by `[N]`.
    start: usize,
    end: usize,
}

/// Words after which a number is a real number, not a footnote marker.
const NUMBER_WORDS: &[&str] = &[
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

const AFTER_NUMBER_WORDS: &[&str] = &[
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

fn marker_candidates(text: &str) -> Vec<Cand> {
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
fn superscript_value(c: char) -> Option<u32> {
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
fn link_markers(
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

/// Join wrapped lines, undoing end-of-line hyphenation (see module docs).
fn join_lines(parts: &[&str], hyphenated: &HashSet<String>) -> String {
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
fn hyphen_lexicon(lines: &[Line]) -> HashSet<String> {
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HKind {
    Title,
    Qa,
    Numbered(usize),
    Sub,
}

enum Event {
    Heading(HKind, String),
    Para(Vec<usize>),
}

/// A numbered heading does not jump ahead of the chapters before it: its
/// first number is at most 2 past the last chapter's (`26 Kamerbrief ...`
/// after chapter 3 is a footnote, not chapter 26).
fn in_sequence(t: &str, events: &[Event]) -> bool {
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
fn build_events(lines: &[Line], hyph: &HashSet<String>) -> Vec<Event> {
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

/// Read the layout of a document. `pages`: one `&str` per page when the
/// source has pages; a plain text is passed as one element (form feeds and
/// `Pagina N van M` lines in it are used to find the pages).
pub fn read_layout(pages: &[&str]) -> Layout {
    let (lines, seg_pages) = segment(pages);
    layout_of(lines, &seg_pages)
}

/// Read the layout of a document whose pages are known and may each be read
/// in parts: `pages[i]` holds the parts of page `i + 1` in reading order (the
/// columns of a brochure page, a band across them). A part is read like a
/// page of its own: footnotes stand at its foot, and a paragraph runs on
/// into the next part when that starts in lowercase.
pub fn read_layout_parts(pages: &[Vec<&str>]) -> Layout {
    let mut lines = Vec::new();
    let mut seg_pages = Vec::new();
    for (p, parts) in pages.iter().enumerate() {
        for part in parts {
            let seg = seg_pages.len();
            for raw in part.split('\n') {
                let mut l = make_line(raw);
                l.seg = seg;
                lines.push(l);
            }
            seg_pages.push(Some(p as u32 + 1));
        }
    }
    layout_of(lines, &seg_pages)
}

/// Steps 2 to 6 over lines whose page segments are known.
fn layout_of(mut lines: Vec<Line>, seg_pages: &[Option<u32>]) -> Layout {
    let mut meta = LetterMeta::default();
    mark_furniture(&mut lines, &mut meta);
    let found = find_footnotes(&mut lines);
    let page_of = |i: usize, lines: &[Line]| seg_pages.get(lines[i].seg).copied().flatten();
    let fn_pages: HashMap<u32, Option<u32>> = found
        .iter()
        .map(|(n, m)| (*n, m.first().and_then(|&i| page_of(i, &lines))))
        .collect();
    link_markers(&mut lines, &fn_pages, seg_pages);
    let hyph = hyphen_lexicon(&lines);

    let footnotes = found
        .iter()
        .map(|(n, members)| {
            let texts: Vec<String> = members
                .iter()
                .enumerate()
                .map(|(k, &i)| {
                    if k == 0 {
                        parse_fn_start(&lines[i].text, *n, true).unwrap_or_default()
                    } else {
                        lines[i].text.clone()
                    }
                })
                .collect();
            let refs: Vec<&str> = texts.iter().map(|s| s.as_str()).collect();
            Footnote {
                number: *n,
                text: join_lines(&refs, &hyph),
                page: members.first().and_then(|&i| page_of(i, &lines)),
            }
        })
        .collect();

    let mut paragraphs = Vec::new();
    let mut stack: Vec<(usize, bool, String)> = Vec::new();
    for ev in build_events(&lines, &hyph) {
        match ev {
            Event::Heading(kind, title) => {
                let (level, sub) = match kind {
                    HKind::Title | HKind::Qa => (1, false),
                    HKind::Numbered(d) => (d, false),
                    HKind::Sub => (
                        stack
                            .iter()
                            .filter(|e| !e.1)
                            .map(|e| e.0)
                            .max()
                            .unwrap_or(0)
                            + 1,
                        true,
                    ),
                };
                stack.retain(|e| e.0 < level);
                stack.push((level, sub, title));
            }
            Event::Para(block) => {
                let texts: Vec<&str> = block.iter().map(|&i| lines[i].text.as_str()).collect();
                paragraphs.push(Paragraph {
                    section: stack.iter().map(|e| e.2.clone()).collect(),
                    page: page_of(block[0], &lines),
                    text: join_lines(&texts, &hyph),
                    footnotes: block
                        .iter()
                        .flat_map(|&i| lines[i].markers.iter().copied())
                        .collect(),
                });
            }
        }
    }
    Layout {
        paragraphs,
        footnotes,
        meta,
        links: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Directory of the shared corpus: the one place to change when the crate
    /// moves. In /work/main this becomes
    /// `concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus")`.
    const CORPUS_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus");
    const AGENDA: &str = "kamerbrieven/geannoteerde-agenda-ojcs-raad-mei-2024.txt";

    fn read(rel: &str) -> String {
        std::fs::read_to_string(format!("{CORPUS_DIR}/{rel}")).expect("corpus file")
    }

    fn agenda() -> Layout {
        read_layout(&[read(AGENDA).as_str()])
    }

    fn kamervragen() -> Vec<(String, String)> {
        let dir = format!("{CORPUS_DIR}/kamervragen");
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .expect("kamervragen dir")
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .collect();
        files.sort();
        files
            .into_iter()
            .map(|p| {
                (
                    p.file_name()
                        .unwrap_or_default()
                        .to_string_lossy()
                        .to_string(),
                    std::fs::read_to_string(&p).expect("read"),
                )
            })
            .collect()
    }

    /// Diagnostic dump: `KV_DUMP=<name part> cargo test kv_stats -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn kv_stats() {
        let (mut with_fn, mut found, mut linked) = (0, 0, 0);
        for (name, text) in kamervragen() {
            let l = read_layout(&[text.as_str()]);
            let nf = l.footnotes.len();
            let nl: usize = l.paragraphs.iter().map(|p| p.footnotes.len()).sum();
            if nf > 0 {
                with_fn += 1;
            }
            found += nf;
            linked += nl;
            let raw_fn = text
                .lines()
                .filter(|t| re!(r"^\d{1,2}(\)|\s?[A-Z«h])").is_match(t))
                .count();
            eprintln!(
                "{name}: paras {} fns {nf} linked {nl} rawcand {raw_fn} pages {:?} meta {:?}",
                l.paragraphs.len(),
                l.paragraphs.last().and_then(|p| p.page),
                l.meta
            );
            if std::env::var("KV_DUMP").is_ok_and(|v| name.contains(&v)) {
                for p in &l.paragraphs {
                    eprintln!(
                        "  {:?} {:?} {:?} | {}",
                        p.page,
                        p.section,
                        p.footnotes,
                        p.text.chars().take(100).collect::<String>()
                    );
                }
                for f in &l.footnotes {
                    eprintln!("  FN {} p{:?}: {}", f.number, f.page, f.text);
                }
            }
        }
        eprintln!("files with footnotes {with_fn}, footnotes {found}, linked {linked}");
    }

    #[test]
    fn agenda_footnotes_found_and_linked() {
        let l = agenda();
        let nums: Vec<u32> = l.footnotes.iter().map(|f| f.number).collect();
        assert_eq!(nums, (1..=12).collect::<Vec<_>>());
        let text = |n: u32| l.footnotes[n as usize - 1].text.as_str();
        assert_eq!(
            text(1),
            "BNC Fiche 2: aanbeveling leermobiliteitsmogelijkheden, 22112-3857."
        );
        assert!(text(2).starts_with("Er is ook overeengekomen dat de Commissie een studie zal uitvoeren naar de kansen, uitdagingen"));
        assert!(text(2).ends_with("rondom gebalanceerde mobiliteit."));
        assert_eq!(
            text(3),
            "https://www.rijksoverheid.nl/documenten/publicaties/2023/12/22/bnc-fiche-2-aanbeveling-leermobiliteit"
        );
        assert_eq!(
            text(4),
            "Learning Lab on Investing in Quality Education and Training, Europese Onderwijsruimte. Link."
        );
        assert_eq!(
            text(5),
            "Tweede Kamer, vergaderjaar 2019–2020, 21 501-34, nr. 32"
        );
        assert!(text(7).starts_with("Hierbij gaat het onder meer om AI-systemen die worden gebruikt voor het bepalen van toegang en toewijzing aan onderwijsinstellingen of -programma’s; AI-systemen"));
        assert!(text(7).ends_with("tijdens toetsen."));
        assert_eq!(
            text(10),
            "Tweede Kamer, vergaderjaar 2023–2024, 26 643, nr. 1125"
        );
        assert_eq!(text(11), "Zoals recent ook aanbevolen in de Rapportage AI- & algoritmerisico's Nederland (RAN) - najaar 2023 | Autoriteit Persoonsgegevens");
        assert_eq!(
            text(12),
            "https://www.slo.nl/publicaties/@23474/conceptkerndoelen-digitale-geletterdheid/"
        );
        let pages: Vec<Option<u32>> = l.footnotes.iter().map(|f| f.page).collect();
        let expect = [2, 3, 3, 4, 5, 5, 5, 5, 5, 5, 6, 6];
        assert_eq!(pages, expect.iter().map(|&p| Some(p)).collect::<Vec<_>>());
        for f in &l.footnotes {
            for bad in [
                "Pagina",
                "Onze referentie",
                "45541772",
                "autoriteitpersoonsgegevens.nl",
            ] {
                assert!(
                    !f.text.contains(bad),
                    "furniture in footnote {}: {}",
                    f.number,
                    f.text
                );
            }
        }
        // Every footnote linked exactly once, in document order, and the
        // marker text sits in the paragraph that lists it.
        let linked: Vec<u32> = l
            .paragraphs
            .iter()
            .flat_map(|p| p.footnotes.iter().copied())
            .collect();
        assert_eq!(linked, (1..=12).collect::<Vec<_>>());
        for p in &l.paragraphs {
            for n in &p.footnotes {
                assert!(p.text.contains(&format!("[{n}]")), "{n} not in {}", p.text);
            }
        }
        for needle in [
            "iedereen[1]",
            "vorm te geven[2].",
            "BNC-fiche[3],",
            "Training’[4]",
            "thema[5].",
            "2021-2027[6] in 2022",
            "Onderwijsraad[8],",
            "Digitaliseren[9]",
            "AI[10].",
            "inspelen[11].",
            "kerndoel[12].",
        ] {
            assert!(
                l.paragraphs.iter().any(|p| p.text.contains(needle)),
                "missing {needle}"
            );
        }
    }

    #[test]
    fn agenda_footnote_7_paragraph_and_sections() {
        let l = agenda();
        let p = l
            .paragraphs
            .iter()
            .find(|p| {
                p.text.contains(
                    "eisen worden gesteld aan de inzet van die toepassingen in het onderwijs.[7]",
                )
            })
            .expect("paragraph with marker 7");
        assert_eq!(
            p.section,
            vec![
                "Beleidsdebat AI en onderwijs".to_string(),
                "Inhoud".to_string()
            ]
        );
        assert_eq!(p.footnotes, vec![6, 7]);
        assert_eq!(p.page, Some(5));
        let p = l
            .paragraphs
            .iter()
            .find(|p| {
                p.text.contains(
                    "Bepaalde toepassingen van AI in het onderwijs zijn als hoog-risico aangemerkt",
                )
            })
            .expect("hoog-risico");
        assert_eq!(
            p.section.first().map(String::as_str),
            Some("Beleidsdebat AI en onderwijs")
        );
        // The two-line item title is joined.
        assert!(l.paragraphs.iter().any(|p| p.section
            == [
                "Raadsaanbeveling Europa in beweging, leermobiliteitsmogelijkheden voor iedereen",
                "Inbreng Nederland"
            ]));
        // Paragraph continued over a page break (and over footnotes 2 and 3).
        assert!(l.paragraphs.iter().any(|p| p
            .text
            .contains("m.b.t. de streefcijfers, de definitie van leermobiliteit")));
        // Hyphens: real compounds are kept.
        let all: String = l
            .paragraphs
            .iter()
            .map(|p| p.text.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        for needle in [
            "evidence-informed onderwijs(beleid)",
            "AI-paraatheid",
            "AI-technologieën en welke",
            "onderwijs- en opleidingstrajecten",
            "en -instellingen",
        ] {
            assert!(all.contains(needle), "missing {needle}");
        }
        assert_eq!(l.meta.reference.as_deref(), Some("45541772"));
        assert_eq!(
            l.meta.ministry.as_deref(),
            Some("Ministerie van Onderwijs, Cultuur en Wetenschap")
        );
    }

    #[test]
    fn agenda_furniture_removed_numbers_kept() {
        let l = agenda();
        let all: String = l
            .paragraphs
            .iter()
            .map(|p| p.text.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        assert!(!re!(r"Pagina \d+ van \d+").is_match(&all));
        assert!(!all.contains("Onze referentie") && !all.contains("45541772"));
        for needle in [
            "op respectievelijk 23% en 12%.",
            "voor 2030.",
            "op 13 mei in Antwerpen",
            "op 12 april 2024 in",
            "tegen 2026 aan",
            "De minister van Onderwijs, Cultuur en Wetenschap, Robbert Dijkgraaf",
        ] {
            assert!(all.contains(needle), "missing {needle}");
        }
        assert!(l.paragraphs.iter().all(|p| p.page.is_some()));
        assert_eq!(l.paragraphs.last().and_then(|p| p.page), Some(10));
    }

    /// One line per paragraph: page | section path | first 60 chars | footnotes.
    fn render(l: &Layout) -> String {
        let mut out = String::new();
        for p in &l.paragraphs {
            let page = p.page.map_or("-".to_string(), |n| n.to_string());
            let head: String = p.text.chars().take(60).collect();
            out.push_str(&format!(
                "{page} | {} | {head} | {:?}\n",
                p.section.join(" > "),
                p.footnotes
            ));
        }
        out
    }

    const AGENDA_SNAPSHOT: &str = r#"1 |  | Hierbij zend ik u, mede namens de minister voor Primair en V | []
1 |  | Het onderwijsdeel van de Raad staat gepland voor 13 mei. Ik  | []
1 |  | Tijdens de Onderwijsraad staat een beleidsdebat over AI en o | []
1 |  | Tijdens een informeel werkdiner van de Ministers van Cultuur | []
1 |  | Tijdens de Cultuurraad van 14 mei vindt een beleidsdebat ove | []
1 |  | De minister van Onderwijs, Cultuur en Wetenschap, Robbert Di | []
2 | Onderwijs – maandag 13 mei 2024 | Voor de Onderwijsraad staan de volgende stukken ter vaststel | []
2 | Onderwijs – maandag 13 mei 2024 | • Raadsaanbeveling Europa in beweging, leermobiliteitsmogeli | [1]
2 | Onderwijs – maandag 13 mei 2024 | • Raadsconclusies over het bevorderen van evidence-informed  | []
2 | Onderwijs – maandag 13 mei 2024 | Tijdens het onderwijsdeel zal beleidsdebat gaan over: | []
2 | Onderwijs – maandag 13 mei 2024 | • Lerarentekort (lunchdebat) | []
2 | Onderwijs – maandag 13 mei 2024 | • AI in het onderwijs | []
2 | Onderwijs – maandag 13 mei 2024 | Op het moment van schrijven is er nog geen officiële agenda  | []
2 | Raadsaanbeveling Europa in beweging, leermobiliteitsmogelijkheden voor iedereen > Inhoud | Op 15 november jl. heeft de Europese Commissie (de Commissie | []
2 | Raadsaanbeveling Europa in beweging, leermobiliteitsmogelijkheden voor iedereen > Inhoud | De voorstellen voor EU streefcijfers in het hoger beroepsond | []
3 | Raadsaanbeveling Europa in beweging, leermobiliteitsmogelijkheden voor iedereen > Inhoud | De voorgestelde definitie van leermobiliteit bevat alle vorm | []
3 | Raadsaanbeveling Europa in beweging, leermobiliteitsmogelijkheden voor iedereen > Inhoud | De negatieve gevolgen van disbalans worden genoemd in de Raa | []
3 | Raadsaanbeveling Europa in beweging, leermobiliteitsmogelijkheden voor iedereen > Inhoud | Lidstaten zijn overeengekomen dat lidstaten actief kennis zu | [2]
3 | Raadsaanbeveling Europa in beweging, leermobiliteitsmogelijkheden voor iedereen > Inbreng Nederland | Conform de afspraken die zijn gemaakt met de Tweede Kamer is | [3]
3 | Raadsaanbeveling Europa in beweging, leermobiliteitsmogelijkheden voor iedereen > Inbreng Nederland | In de onderhandelingen is aangestuurd op het breder definiër | []
3 | Raadsaanbeveling Europa in beweging, leermobiliteitsmogelijkheden voor iedereen > Indicatie krachtenveld | De Raadsaanbeveling werd positief door lidstaten ontvangen,  | []
4 | Raadsconclusies over het bevorderen van evidence-informed beleid in onderwijs en training voor de Europese Onderwijsruimte > Inhoud | Om kwalitatief hoogstaand en inclusief onderwijs(beleid) te  | []
4 | Raadsconclusies over het bevorderen van evidence-informed beleid in onderwijs en training voor de Europese Onderwijsruimte > Inhoud | De Raadsconclusies formuleren vier prioriteiten. Ten eerste  | [4]
4 | Raadsconclusies over het bevorderen van evidence-informed beleid in onderwijs en training voor de Europese Onderwijsruimte > Inbreng Nederland | Nederland heeft een positieve grondhouding ten opzichte van  | []
4 | Raadsconclusies over het bevorderen van evidence-informed beleid in onderwijs en training voor de Europese Onderwijsruimte > Indicatie krachtenveld | Deze Raadsconclusies van het Belgische voorzitterschap werde | []
4 | Beleidsdebat AI en onderwijs > Inhoud | Het Voorzitterschap heeft, in het kader van hun prioriteit d | [5]
5 | Beleidsdebat AI en onderwijs > Inhoud | In de EU en internationaal opzicht is de laatste jaren veel  | [6, 7]
5 | Beleidsdebat AI en onderwijs > Inhoud | Het kabinetsbeleid op dit gebied is aangegeven in reactie op | [8, 9, 10]
6 | Beleidsdebat AI en onderwijs > Inzet Nederland | Gezien de actuele en complexe vragen die op het onderwijs af | [11, 12]
6 | Beleidsdebat AI en onderwijs > Inzet Nederland | Nederland zal wat betreft maatregelen op EU-niveau in relati | []
6 | Beleidsdebat AI en onderwijs > Indicatie krachtenveld | Lidstaten zullen de kansen en risico’s van AI onderkennen. T | []
6 | Informeel werkdiner van de Ministers van Cultuur – maandag 13 mei > Beleidsdebat | Het werkdiner zal bestaan uit een beleidsdebat over: | []
6 | Informeel werkdiner van de Ministers van Cultuur – maandag 13 mei > Beleidsdebat | • De rol van cultuur en cultureel erfgoed bij het bevorderen | []
6 | Informeel werkdiner van de Ministers van Cultuur – maandag 13 mei > Achtergrond | Het Belgische voorzitterschap geeft in zijn voorbereidende n | []
7 | Informeel werkdiner van de Ministers van Cultuur – maandag 13 mei > Achtergrond | Het voorzitterschap vraagt naar de ideeën voor het versterke | []
7 | Informeel werkdiner van de Ministers van Cultuur – maandag 13 mei > Nederlandse inzet | Het Belgische voorzitterschap heeft aangegeven graag een ope | []
7 | Cultuur – dinsdag 14 mei 2024 | Voor deze Raad staan de volgende stukken ter vaststelling ge | []
7 | Cultuur – dinsdag 14 mei 2024 | • Raadsconclusies over het versterken van de culturele en cr | []
7 | Cultuur – dinsdag 14 mei 2024 | • Raadsconclusies over steun aan influencers als onlineconte | []
7 | Cultuur – dinsdag 14 mei 2024 | Het beleidsdebat tijdens deze Raad zal het gaan over: | []
7 | Cultuur – dinsdag 14 mei 2024 | • Het toekomstbestendig maken van de culturele en creatieve  | []
7 | Raadsconclusies over het versterken van de culturele en creatieve sectoren door datagedreven publieksontwikkeling > Achtergrond | Het Belgisch voorzitterschap stelt in de Raadsconclusies ove | []
7 | Raadsconclusies over het versterken van de culturele en creatieve sectoren door datagedreven publieksontwikkeling > Achtergrond | Verder stellen de Raadsconclusies voor dat de Europese Commi | []
8 | Raadsconclusies over het versterken van de culturele en creatieve sectoren door datagedreven publieksontwikkeling > Nederlandse inzet | De eerste aanzet voor de Raadsconclusies was inhoudelijk ste | []
8 | Raadsconclusies over het versterken van de culturele en creatieve sectoren door datagedreven publieksontwikkeling > Nederlandse inzet | Gezien de realistische aanbevelingen, de ruimte die aan lids | []
8 | Raadsconclusies over het versterken van de culturele en creatieve sectoren door datagedreven publieksontwikkeling > Indicatie krachtenveld | Deze Raadsconclusies werden ook door de andere lidstaten pos | []
8 | Raadsconclusies over steun aan influencers als onlinecontentmakers > Achtergrond | Influencers zijn onderdeel van het wereldwijde media-ecosyst | []
8 | Raadsconclusies over steun aan influencers als onlinecontentmakers > Achtergrond | De Raadsconclusies sommen de reeds van toepassing zijnde rec | []
8 | Raadsconclusies over steun aan influencers als onlinecontentmakers > Achtergrond | Daarnaast wordt aan lidstaten aanbevolen om een samenhangend | []
9 | Raadsconclusies over steun aan influencers als onlinecontentmakers > Achtergrond | De conclusies nodigen daarnaast de Europese Commissie uit om | []
9 | Raadsconclusies over steun aan influencers als onlinecontentmakers > Nederlandse inzet | Nederland ondersteunt het onderwerp van de Raadsconclusies e | []
9 | Raadsconclusies over steun aan influencers als onlinecontentmakers > Indicatie krachtenveld | Deze Raadsconclusies van het Belgische voorzitterschap werde | []
9 | Beleidsdebat over het toekomstbestendig maken van de culturele en creatieve sectoren in het tijdperk van AI > Achtergrond | Het Belgisch voorzitterschap stelt in zijn achtergrondnotiti | []
9 | Beleidsdebat over het toekomstbestendig maken van de culturele en creatieve sectoren in het tijdperk van AI > Achtergrond | Gezien dit potentieel stelt het voorzitterschap de vraag hoe | []
9 | Beleidsdebat over het toekomstbestendig maken van de culturele en creatieve sectoren in het tijdperk van AI > Nederlandse inzet | Nederland zal aangeven dat het voor de ontwikkeling van vaar | []
10 | Beleidsdebat over het toekomstbestendig maken van de culturele en creatieve sectoren in het tijdperk van AI > Nederlandse inzet | Daarnaast zal Nederland een korte toelichting geven op het N | []
10 | Beleidsdebat over het toekomstbestendig maken van de culturele en creatieve sectoren in het tijdperk van AI > Nederlandse inzet | DEN, kennisinstituut cultuur en digitale transformatie is de | []
10 | Beleidsdebat over het toekomstbestendig maken van de culturele en creatieve sectoren in het tijdperk van AI > Nederlandse inzet | De achtergrondnotitie van het Belgische voorzitterschap kaar | []
10 | Beleidsdebat over het toekomstbestendig maken van de culturele en creatieve sectoren in het tijdperk van AI > Nederlandse inzet | Verder zal Nederland de datawerkplaatsen voor cultureel erfg | []
10 | Beleidsdebat over het toekomstbestendig maken van de culturele en creatieve sectoren in het tijdperk van AI > Nederlandse inzet | Als reactie op de tweede vraag, hoe het EU-beleid beter kan  | []
"#;

    #[test]
    fn agenda_snapshot() {
        let got = render(&agenda());
        if got != AGENDA_SNAPSHOT {
            // Readable diff: the differing lines.
            let (g, e): (Vec<_>, Vec<_>) =
                (got.lines().collect(), AGENDA_SNAPSHOT.lines().collect());
            for k in 0..g.len().max(e.len()) {
                if g.get(k) != e.get(k) {
                    eprintln!(
                        "line {k}:\n  expected: {:?}\n  got:      {:?}",
                        e.get(k),
                        g.get(k)
                    );
                }
            }
            eprintln!("--- full output (paste into AGENDA_SNAPSHOT) ---\n{got}");
            panic!("agenda snapshot changed");
        }
    }

    #[test]
    fn kamervragen_boomsma() {
        let text = read("kamervragen/ah__Antwoord_op_vragen_van_het_lid_Boomsma_o.txt");
        let l = read_layout(&[text.as_str()]);
        let nums: Vec<u32> = l.footnotes.iter().map(|f| f.number).collect();
        assert_eq!(nums, vec![1, 2, 3]);
        assert!(l.footnotes[0].text.starts_with("RTV Noord, 9 oktober 2024"));
        assert_eq!(
            l.footnotes[1].text,
            "Kamerstukken II 2024/25, 19 637, nr. 3308"
        );
        assert_eq!(l.footnotes[2].text, "2024Z15585/2024D37938");
        let q1 = l
            .paragraphs
            .iter()
            .find(|p| p.section == ["Vraag 1"])
            .expect("Vraag 1");
        assert_eq!(q1.text, "Heeft u kennisgenomen van het artikel?[1]");
        assert_eq!(q1.footnotes, vec![1]);
        let a1 = l
            .paragraphs
            .iter()
            .find(|p| p.section == ["Antwoord 1"])
            .expect("Antwoord 1");
        assert_eq!(a1.text, "Ja");
        let a2 = l
            .paragraphs
            .iter()
            .find(|p| p.section == ["Antwoord 2 t/m 6"])
            .expect("Antwoord 2 t/m 6");
        assert_eq!(a2.footnotes, vec![2, 3]);
        assert!(a2
            .text
            .contains("jl.[2] waarin ik op verzoek van uw Kamer[3] een reactie"));
        assert_eq!(l.meta.date.as_deref(), Some("18 november 2024"));
        assert_eq!(
            l.meta.ministry.as_deref(),
            Some("Ministerie van Asiel en Migratie")
        );
    }

    #[test]
    fn kamervragen_all_files() {
        let (mut with_fn, mut found, mut linked) = (0, 0, 0);
        let files = kamervragen();
        assert_eq!(files.len(), 86);
        for (name, text) in &files {
            let l = read_layout(&[text.as_str()]);
            let nums: Vec<u32> = l.footnotes.iter().map(|f| f.number).collect();
            assert_eq!(nums, (1..=nums.len() as u32).collect::<Vec<_>>(), "{name}");
            let marks: Vec<u32> = l
                .paragraphs
                .iter()
                .flat_map(|p| p.footnotes.iter().copied())
                .collect();
            assert!(
                marks.windows(2).all(|w| w[0] < w[1]),
                "{name}: markers out of order {marks:?}"
            );
            assert!(marks.iter().all(|m| nums.contains(m)), "{name}");
            let texts = l
                .paragraphs
                .iter()
                .map(|p| p.text.as_str())
                .chain(l.footnotes.iter().map(|f| f.text.as_str()));
            for t in texts {
                assert!(
                    !re!(r"(ah|kv)-tk-(\d{8}-\d+|\d{4}Z\d{5})\b").is_match(t),
                    "{name}: footer in {t}"
                );
                for bad in [
                    "ISSN 0921",
                    "Vragen gesteld door de leden der Kamer, met",
                    "Staten-Generaal2",
                ] {
                    assert!(!t.contains(bad), "{name}: furniture {bad:?} in {t}");
                }
                assert!(
                    !t.starts_with("Vergaderjaar 2024–2025 Aanhangsel"),
                    "{name}: masthead in {t}"
                );
                assert!(kv_footer_number(t).is_none(), "{name}: footer in {t}");
            }
            // Question/answer headings become the section, never text.
            assert!(
                !l.paragraphs.iter().any(|p| is_qa_heading(&p.text)),
                "{name}"
            );
            if text.lines().any(|t| t.trim() == "Vraag 1") {
                assert!(
                    l.paragraphs
                        .iter()
                        .any(|p| p.section.first().is_some_and(|s| s == "Vraag 1")),
                    "{name}"
                );
            }
            with_fn += usize::from(!nums.is_empty());
            found += nums.len();
            linked += marks.len();
        }
        eprintln!("kamervragen: {with_fn} files with footnotes, {found} footnotes, {linked} markers linked");
        assert!(
            with_fn >= 55 && linked * 10 >= found * 7,
            "{with_fn} {found} {linked}"
        );
    }

    #[test]
    fn pages_from_slices_form_feeds_and_footers() {
        let l = read_layout(&[
            "Eerste alinea.\n\n1 Voetnoot een.",
            "Tweede alinea met marker1.\n",
        ]);
        // Marker 1 on page 2 cannot point at a footnote on page 1.
        assert_eq!(l.paragraphs[1].page, Some(2));
        assert!(l.paragraphs[1].footnotes.is_empty());
        let l = read_layout(&[
            "Een tekst over iedereen1.\n\n1 De voetnoot.\n\x0cVolgende pagina.\n\x0c",
        ]);
        assert_eq!(l.paragraphs[0].text, "Een tekst over iedereen[1].");
        assert_eq!(l.paragraphs[1].page, Some(2));
        assert_eq!(
            l.footnotes,
            vec![Footnote {
                number: 1,
                text: "De voetnoot.".into(),
                page: Some(1)
            }]
        );
        let l = read_layout(&["Tekst op een.\nmeer tekst\nnog meer\nen meer.\nPagina 1 van 2\nTekst op twee.\n P agina 2 van 2"]);
        assert_eq!(
            l.paragraphs.iter().map(|p| p.page).collect::<Vec<_>>(),
            vec![Some(1), Some(2)]
        );
        let l = read_layout(&["Geen pagina's hier."]);
        assert_eq!(l.paragraphs[0].page, None);
    }

    #[test]
    fn letter_head_and_numbered_headings() {
        let text = "Retouradres Postbus 20901 2500 EX Den Haag\nMinisterie van Infrastructuur en Waterstaat\nDatum\n3 mei 2024\nBetreft Ultrafijn stof en\nluchtvaart\nOns kenmerk IENW/BSK-2022/268034\n\nGeachte voorzitter,\n\n1. Ultrafijn stof\n\nTekst over onder-\nwijs in 2030 en artikel 3. Meer.\n\n1.1 Blootstelling van de omgeving\nvan luchthavens\n\nHet gaat om 74% reductie en 440.000 vliegtuigbewegingen in de omgevingslucht)1.\n\nFiguur 1. Organogram\n\nFoto: Ministerie\n\n2. Tweede hoofdstuk, financiële\ngevolgen\na) Slot.\n\n1 Bron: RIVM.";
        let l = read_layout(&[text]);
        assert_eq!(l.meta.date.as_deref(), Some("3 mei 2024"));
        assert_eq!(l.meta.reference.as_deref(), Some("IENW/BSK-2022/268034"));
        assert_eq!(
            l.meta.ministry.as_deref(),
            Some("Ministerie van Infrastructuur en Waterstaat")
        );
        assert_eq!(
            l.meta.subject.as_deref(),
            Some("Ultrafijn stof en luchtvaart")
        );
        let secs: Vec<Vec<String>> = l.paragraphs.iter().map(|p| p.section.clone()).collect();
        assert_eq!(secs[0], Vec::<String>::new());
        assert_eq!(l.paragraphs[0].text, "Geachte voorzitter,");
        assert_eq!(secs[1], vec!["1. Ultrafijn stof"]);
        assert_eq!(
            l.paragraphs[1].text,
            "Tekst over onderwijs in 2030 en artikel 3. Meer."
        );
        assert_eq!(
            secs[2],
            vec![
                "1. Ultrafijn stof",
                "1.1 Blootstelling van de omgeving van luchthavens"
            ]
        );
        assert_eq!(
            l.paragraphs[2].text,
            "Het gaat om 74% reductie en 440.000 vliegtuigbewegingen in de omgevingslucht)[1]."
        );
        assert_eq!(l.paragraphs[3].text, "Figuur 1. Organogram");
        assert_eq!(secs[3], secs[2]);
        assert_eq!(l.paragraphs[4].text, "Foto: Ministerie");
        assert_eq!(secs[4], secs[2]);
        assert_eq!(secs[5], vec!["2. Tweede hoofdstuk, financiële gevolgen"]);
        assert_eq!(l.footnotes.len(), 1);
    }

    #[test]
    fn run_in_titles_and_numbered_list_items() {
        let text = "1. Water\n\nKennisopbouw over ultrafijn stof\nOver de emissie en effecten van ultrafijn stof is onvoldoende bekend, zegt men.\n\nDe maatregelen langs vier punten:\n1. Vermindering;\n2. Levensduurverlenging en\n3. Verwerking.\n\nGeachte voorzitter,\nDe brief over de emissies van de luchtvaart gaat over meerdere onderwerpen.\n\n26 Kamerbrief over het Landbouwbeleid\n\n2. Tweede hoofdstuk\n\nSlot.";
        let l = read_layout(&[text]);
        let secs: Vec<String> = l.paragraphs.iter().map(|p| p.section.join(" > ")).collect();
        assert_eq!(secs[0], "1. Water > Kennisopbouw over ultrafijn stof");
        assert!(l.paragraphs[0].text.starts_with("Over de emissie"));
        assert_eq!(secs[1], "1. Water > Kennisopbouw over ultrafijn stof");
        assert!(l.paragraphs[1]
            .text
            .ends_with("2. Levensduurverlenging en 3. Verwerking."));
        assert_eq!(secs[2], secs[0]);
        assert!(l.paragraphs[2]
            .text
            .starts_with("Geachte voorzitter, De brief"));
        assert_eq!(
            l.paragraphs[3].text,
            "26 Kamerbrief over het Landbouwbeleid"
        );
        assert_eq!(secs[3], secs[0]);
        assert_eq!(secs[4], "2. Tweede hoofdstuk");
    }

    #[test]
    fn columns_as_parts_of_a_page() {
        let left = "Titel\n\nDe kosten van klimaatverandering.1 Collectief doen de\nlanden van het akkoord2 echter\n\n1 Bijvoorbeeld de ECB.\n2 De overeenkomst van Parijs.";
        let right =
            "nog onvoldoende, zeggen organisaties3\nin 2030.\n\n3 Voor de beleidsnotitie 2022.";
        let l = read_layout_parts(&[vec!["Voorwoord"], vec![left, right]]);
        let nums: Vec<(u32, Option<u32>)> =
            l.footnotes.iter().map(|f| (f.number, f.page)).collect();
        assert_eq!(nums, [(1, Some(2)), (2, Some(2)), (3, Some(2))]);
        assert_eq!(l.paragraphs.last().map(|p| p.page), Some(Some(2)));
        let p = l
            .paragraphs
            .iter()
            .find(|p| p.text.starts_with("De kosten"));
        let p = p.expect("paragraph runs on into the next column");
        assert_eq!(
            p.text,
            "De kosten van klimaatverandering.[1] Collectief doen de landen van het akkoord[2] echter nog onvoldoende, zeggen organisaties[3] in 2030."
        );
        assert_eq!(p.footnotes, [1, 2, 3]);
        assert_eq!(p.section, ["Titel"]);
    }

    #[test]
    fn markers_spaced_and_paren() {
        let l = read_layout(&[
            "De brief is aangeboden 1. In de brief staat meer.\n\nVraag 1\nKlopt dit? 2)\n\n1 Kamerstuk 1.\n2) NOS, bericht.",
        ]);
        assert_eq!(
            l.paragraphs[0].text,
            "De brief is aangeboden[1]. In de brief staat meer."
        );
        assert_eq!(l.paragraphs[1].text, "Klopt dit?[2]");
        assert_eq!(l.paragraphs[1].section, vec!["Vraag 1"]);
    }

    /// Arbitrary input never panics (deterministic pseudo-random strings
    /// built from the pieces the rules look at).
    #[test]
    fn never_panics() {
        const PIECES: &[&str] = LAYOUT_PIECES;
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..3000 {
            let n = (next() % 60) as usize;
            let s: String = (0..n)
                .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                .collect();
            let _ = read_layout(&[s.as_str()]);
            let cut = s
                .char_indices()
                .map(|(i, _)| i)
                .nth((next() % (s.chars().count() as u64 + 1)) as usize)
                .unwrap_or(s.len());
            let _ = read_layout(&[&s[..cut], &s[cut..], ""]);
        }
        let _ = read_layout(&[]);
        let _ = read_layout(&[""]);
    }

    /// The pieces the layout rules look at.
    const LAYOUT_PIECES: &[&str] = &[
        "1",
        "12",
        "3)",
        "\n",
        "\n\n",
        " ",
        "\x0c",
        "Pagina 2 van 3",
        " P agina 1 van 9",
        "•",
        "- ",
        "-",
        "–",
        "é",
        "’",
        "€",
        "\u{a0}",
        "\u{ad}",
        "Vraag 1",
        "Antwoord 2:",
        "Onze referentie",
        "Datum",
        "Betreft",
        "(",
        ")",
        ".",
        ",",
        "AI-",
        "2021-20276",
        "Inhoud",
        "1.1 Titel",
        "x",
        "Woord",
        "woord",
        "http://a.nl",
        "Tweede Kamer, vergaderjaar 2024–2025, Aanhangsel 2",
        "ISSN",
        "[",
        "]",
        "1Kamerstuk",
        "9",
        "🙂",
        "\r",
        "\t",
        "Ministerie van X",
        "De minister van Y,",
        "Vraag 1\n",
        "Antwoord 1\n",
        "iedereen1 ",
        "\n1 Zie Kamerstuk 21 501-34, nr. 32\n",
        "\n2 https://x.nl\n",
        "Ons kenmerk\n",
        "\u{0}",
        "e\u{301}",
        "\u{FEFF}",
    ];

    fn check_layout(pages: Vec<String>) -> proptest::test_runner::TestCaseResult {
        let refs: Vec<&str> = pages.iter().map(String::as_str).collect();
        let layout = read_layout(&refs);
        let numbers: Vec<u32> = layout.footnotes.iter().map(|f| f.number).collect();
        for p in &layout.paragraphs {
            for n in &p.footnotes {
                prop_assert!(numbers.contains(n), "marker [{}] without footnote", n);
            }
        }
        Ok(())
    }

    fn pages(max_pages: usize, max_parts: usize) -> impl Strategy<Value = Vec<String>> {
        prop::collection::vec(crate::fuzz::text_of(LAYOUT_PIECES, max_parts), 0..max_pages)
    }

    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]
        #[test]
        fn footnote_linking_never_panics(pages in pages(4, 40)) {
            check_layout(pages)?;
        }
    }

    #[test]
    #[ignore]
    fn fuzz_layout() {
        crate::fuzz::fuzz_for("fuzz_layout", pages(6, 120), check_layout);
    }
}
