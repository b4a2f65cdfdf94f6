//! Step 2: page furniture. Marks labels, address lines, mastheads and
//! repeated header and footer lines, keeping the letter's metadata.

use super::*;

pub(super) const LABELS_REF: &[&str] = &[
    "Onze referentie",
    "Ons kenmerk",
    "Onze kenmerk",
    "Uw referentie",
    "Uw kenmerk",
    "Kenmerk",
];
pub(super) const LABELS_OTHER: &[&str] = &[
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

pub(super) fn is_address_line(t: &str) -> bool {
    re!(r"^(>?\s*Retouradres\b|Postbus \d+|\d{4} ?[A-Z]{2} \p{Lu}|Bezoekadres\b|Postadres\b|(T|F|M|Tel\.?|Telefoon)\s+\+?[\d ()-]{8,}$|E-?mail\b|www\.[\w.-]+\.nl/?$|[\w.-]+@[\w.-]+\.nl$)")
        .is_match(t)
        || is_addressee(t)
}

pub(super) fn is_addressee(t: &str) -> bool {
    re!(r"^(Aan )?[Dd]e [Vv]oorzitter van de (Tweede|Eerste) Kamer").is_match(t)
}

/// Kamervragen / Handelingen page furniture (footers and masthead lines).
pub(super) fn is_kv_furniture(t: &str) -> bool {
    re!(r"^(ah|kv)-tk-\S+$").is_match(t)
        || t.starts_with("ISSN ")
        || kv_footer_number(t).is_some()
        || re!(r"^Tweede Kamer der Staten-Generaal\s*\d*$").is_match(t)
        || re!(r"^Vergaderjaar \d{4}\s*[–-]\s*\d{4}\b").is_match(t)
        || t.starts_with("Vragen gesteld door de leden der Kamer")
        || t == "regering gegeven antwoorden"
        || re!(r"^AH \d{1,5}$").is_match(t)
}

pub(super) fn is_label_line(t: &str) -> bool {
    let first = t.split_whitespace().next().unwrap_or("");
    LABELS_REF
        .iter()
        .chain(LABELS_OTHER)
        .any(|l| t.starts_with(l) && l.starts_with(first))
        || is_address_line(t)
        || t.starts_with("Ministerie van ")
}

pub(super) fn clean_value(s: &str) -> String {
    s.trim().trim_end_matches(',').trim().to_string()
}

/// Step 2: mark furniture lines and collect the letter metadata.
pub(super) fn mark_furniture(lines: &mut [Line], meta: &mut LetterMeta) {
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

pub(super) fn set_meta(
    meta: &mut LetterMeta,
    label: &str,
    value: &str,
    subject_line: &mut Option<String>,
) {
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
pub(super) const MINISTRIES: &[&str] = &[
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
pub(super) fn letters(s: &str) -> String {
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
pub(super) fn join_split_capitals(v: &str) -> String {
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
pub(super) fn mark_repeated(lines: &mut [Line]) {
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
