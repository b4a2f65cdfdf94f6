//! officiële-publicaties XML: Kamerstukken (moties) and Handelingen.
//!
//! `<meta name=… content=…>` elements give the metadata; where a file has only an
//! `externMetadataRecord`, the identifier comes from that URL and the rest from
//! the body (`dossiernr`, `stuk/titel`, `datum/@isodatum`, `tekstregel`).
//! Each `<al>` is a paragraph; `<item-titel>`, `<stuk>/<titel>` and `<kop>/<titel>`
//! open a section, and a Handelingen speaker (`<spreker>`) a subsection.
//!
//! A motie is typed `motie` from its `DC.type` (`OVERHEIDop.KamerstukTypen`) or,
//! without that, from its title (`Motie van ...`, `Gewijzigde motie ...`,
//! `Tweede nader gewijzigde motie ...`). Its indieners are the names under the
//! closing `en gaat over tot de orde van de dag` (only about 2,400 of 8,041
//! moties carry `OVERHEIDop.indiener`, and that lists initials and surname in
//! another order); an indiener of the metadata missing from the signature
//! block is added in the signature's form.

use unicode_normalization::UnicodeNormalization;

use super::xml::{attr, squeeze, walk, XmlEvent};
use super::Source;
use crate::layout::{Layout, Paragraph};
use crate::model::DocMeta;

/// Reads one officiële-publicaties document.
pub fn read(xml: &str, meta: &mut DocMeta) -> Result<Layout, String> {
    let mut layout = Layout::default();
    let mut stack: Vec<String> = Vec::new();
    let mut buf = String::new();
    let mut section: Vec<String> = Vec::new();
    let mut dossiernr = String::new();
    let mut hoofdstuk = String::new();
    let mut stuk_titel = String::new();
    let mut dossier_titel = String::new();
    // Handelingen of a sitting's opening: no item title, but its number and day.
    let mut vergadering = String::new();
    let mut vergaderdatum = String::new();
    let mut opening = false;
    let mut capturing: Option<&'static str> = None;

    walk(xml, |ev| match ev {
        XmlEvent::Start { name, attrs } => {
            match name {
                "meta" => {
                    if let (Some(n), Some(c)) = (attr(attrs, "name"), attr(attrs, "content")) {
                        apply_meta(meta, n, attr(attrs, "scheme").unwrap_or(""), c.trim());
                    }
                }
                "datum" if meta.date.is_none() => {
                    if let Some(iso) = attr(attrs, "isodatum") {
                        meta.date = Some(iso.to_owned());
                    }
                }
                "opening" => opening = true,
                "al"
                | "item-titel"
                | "spreker"
                | "dossiernr"
                | "begrotingshoofdstuk"
                | "tekstregel"
                | "vergadering-nummer"
                | "vergaderdatum" => {
                    buf.clear();
                    capturing = Some(match name {
                        "al" => "al",
                        "item-titel" => "item-titel",
                        "spreker" => "spreker",
                        "dossiernr" => "dossiernr",
                        "begrotingshoofdstuk" => "hoofdstuk",
                        "vergadering-nummer" => "vergadering-nummer",
                        "vergaderdatum" => "vergaderdatum",
                        _ => "tekstregel",
                    });
                }
                "titel" if capturing.is_none() => {
                    buf.clear();
                    capturing = Some("titel");
                }
                _ => {}
            }
            stack.push(name.to_owned());
        }
        XmlEvent::Text(t) => {
            if capturing.is_some() {
                buf.push_str(t);
                buf.push(' ');
            }
        }
        XmlEvent::End(name) => {
            stack.pop();
            let Some(what) = capturing else { return };
            let closes = match what {
                "hoofdstuk" => name == "begrotingshoofdstuk",
                other => other == name,
            };
            if !closes {
                return;
            }
            capturing = None;
            let text = squeeze(&buf);
            if text.is_empty() {
                return;
            }
            let parent = stack.last().map(String::as_str).unwrap_or("");
            match what {
                "al" => layout.paragraphs.push(Paragraph {
                    section: section.clone(),
                    page: None,
                    text,
                    footnotes: Vec::new(),
                }),
                "item-titel" => section = vec![text],
                "spreker" => {
                    section.truncate(1);
                    section.push(text.trim_end_matches(':').trim().to_owned());
                }
                "dossiernr" => dossiernr = text,
                "hoofdstuk" => hoofdstuk = text,
                "vergadering-nummer" => vergadering = text,
                "vergaderdatum" => vergaderdatum = text,
                "titel" if parent == "dossier" => dossier_titel = text,
                "titel" if parent == "stuk" || parent == "kop" => {
                    if stuk_titel.is_empty() && parent == "stuk" {
                        stuk_titel = text.clone();
                    }
                    section = vec![sentence_case(&text)];
                }
                "tekstregel" => {
                    if let Some(year) = text.strip_prefix("Vergaderjaar ") {
                        meta.vergaderjaar
                            .get_or_insert_with(|| year.trim().replace(['–', '/'], "-"));
                    }
                }
                _ => {}
            }
        }
    })?;

    if meta.dossier.is_empty() && !dossiernr.is_empty() {
        let mut d: String = dossiernr.chars().filter(|c| !c.is_whitespace()).collect();
        if !hoofdstuk.is_empty() {
            d = format!("{d}-{hoofdstuk}");
        }
        meta.dossier.push(d);
    }
    if meta.title.is_empty() {
        let mut title = sentence_case(&stuk_titel);
        if !dossier_titel.is_empty() {
            if title.is_empty() {
                title.clone_from(&dossier_titel);
            } else {
                title = format!("{title} ({dossier_titel})");
            }
        }
        meta.title = title;
    }
    if meta.dossier_title.is_none() && !dossier_titel.is_empty() {
        meta.dossier_title = Some(dossier_titel);
    }
    if meta.doc_type.is_none() {
        // Without a `<stuk><titel>`, a Kamerstuk's metadata title.
        let title = if stuk_titel.is_empty() && meta.doc_id.starts_with("kst-") {
            meta.title.as_str()
        } else {
            stuk_titel.as_str()
        };
        meta.doc_type = if is_motie_title(title) {
            Some("motie".into())
        } else if meta.doc_id.starts_with("h-") {
            Some("handelingen".into())
        } else if meta.doc_id.starts_with("kst-") {
            Some("kamerstuk".into())
        } else {
            None
        };
    }
    if opening && meta.doc_id.starts_with("h-") {
        // The opening of a sitting: "70e vergadering", "Donderdag 5 april 2018".
        if meta.title.is_empty() && !vergadering.is_empty() {
            meta.title = match vergaderdatum.as_str() {
                "" => format!("Opening van de {vergadering}"),
                day => format!("Opening van de {vergadering}, {}", day.to_lowercase()),
            };
        }
        if meta.date.is_none() {
            meta.date = super::text::dutch_date(&vergaderdatum);
        }
    }
    if meta.title.is_empty() {
        if let Some(first) = layout.paragraphs.first() {
            meta.title = first.section.first().cloned().unwrap_or_default();
        }
    }
    if meta.doc_type.as_deref() == Some("motie") {
        let title = if stuk_titel.is_empty() {
            meta.title.clone()
        } else {
            sentence_case(&stuk_titel)
        };
        meta.indiener = indieners(&layout, &meta.indiener, &title);
    }
    Ok(layout)
}

/// Whether a Kamerstuk's title names a motie: the words before its first
/// `van`/`het`/`de`/`lid`/... end with `motie` (`Motie van het lid X`,
/// `MOTIE HET LID X`, `Tweede nader gewijzigde motie van ...`, and the typo
/// `Gewijzgide motie`), not a letter or report about one (`Brief ... over de motie`).
pub fn is_motie_title(title: &str) -> bool {
    let stops = ["van", "het", "de", "lid", "leden", "ter", "over", "inzake"];
    let lower = title.to_lowercase();
    let head: Vec<&str> = lower
        .split_whitespace()
        .take_while(|w| !stops.contains(w))
        .collect();
    head.last() == Some(&"motie")
}

/// A `DC.type` of the `OVERHEIDop.KamerstukTypen` scheme as a document type:
/// lower case, and every kind of motie (`Gewijzigde motie`) a `motie`.
fn kamerstuk_type(content: &str) -> String {
    let lower = content.to_lowercase();
    if lower.split_whitespace().last() == Some("motie") {
        "motie".into()
    } else {
        lower
    }
}

/// The indieners of a motie: the names under its closing clause (`en gaat over
/// tot de orde van de dag`; without that clause, the run of names that ends
/// the text). The signature block has slips (`Grinwi`, `Dobb`, `Ouwenhand`,
/// `Jetten en Eerdmans.`): a name that is one letter off or cut short of a
/// name in `from_meta` (`M.G.F. Rikkers-Oosterkamp`) or in the `title`
/// (`Motie van de leden Dijk en Bushoff ...`) takes that spelling, and the
/// names of those two missing from the signature are added, in the
/// signature's form (`Rikkers-Oosterkamp`).
fn indieners(layout: &Layout, from_meta: &[String], title: &str) -> Vec<String> {
    let texts: Vec<&str> = layout.paragraphs.iter().map(|p| p.text.as_str()).collect();
    let closing = texts
        .iter()
        .rposition(|t| t.to_lowercase().contains("orde van de dag"));
    let block: Vec<&str> = match closing {
        Some(i) => texts[i + 1..]
            .iter()
            .copied()
            .filter(|t| signature(t).is_some())
            .collect(),
        None => {
            let mut run: Vec<&str> = texts
                .iter()
                .rev()
                .copied()
                .take_while(|t| signature(t).is_some())
                .collect();
            run.reverse();
            run
        }
    };
    let mut names: Vec<String> = block.iter().flat_map(|t| signature(t)).flatten().collect();
    let registered: Vec<String> = from_meta.iter().map(|m| surname(m)).collect();
    // Titles have slips of their own (`Girnwis`): they only complete a cut name.
    let titled = title_names(title);
    for name in &mut names {
        let key = name_key(name);
        if registered.iter().any(|k| name_key(k) == key) {
            continue;
        }
        let better = registered
            .iter()
            .find(|k| same_name(name, k))
            .or_else(|| titled.iter().find(|k| is_cut_short(&key, &name_key(k))));
        if let Some(k) = better {
            name.clone_from(k);
        }
    }
    for k in registered {
        if !names.iter().any(|n| same_name(n, &k)) {
            names.push(k);
        }
    }
    let mut seen: Vec<String> = Vec::new();
    names.retain(|n| {
        let key = name_key(n);
        let new = !seen.contains(&key);
        seen.push(key);
        new
    });
    names
}

/// A paragraph of a signature block as the names in it (`Van der Plas`,
/// `Inge van Dijk`, `Jetten en Eerdmans.` → `Jetten`, `Eerdmans`; a stray
/// `\` before, `,` `.` or a lone letter (`Ceder e`) after dropped), or
/// `None` when it is not a line of names.
fn signature(text: &str) -> Option<Vec<String>> {
    let mut line = text
        .trim()
        .trim_start_matches(|c: char| !c.is_alphabetic())
        .trim_end_matches([',', '.', ';', ':', ' ']);
    if let Some((rest, last)) = line.rsplit_once(' ') {
        if last.chars().count() == 1 && last.chars().all(char::is_lowercase) {
            line = rest.trim_end();
        }
    }
    let looks_like_names = (1..=8).contains(&line.split_whitespace().count())
        && line.chars().count() <= 60
        && line.chars().next().is_some_and(char::is_uppercase)
        && line
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, ' ' | '-' | '\'' | '’' | '.'));
    if !looks_like_names {
        return None;
    }
    let names: Vec<String> = line
        .split(" en ")
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_owned)
        .collect();
    let each_a_name = names.iter().all(|n| {
        n.split_whitespace().count() <= 5 && n.chars().next().is_some_and(char::is_uppercase)
    });
    each_a_name.then_some(names)
}

/// The members a motie's title names: `Motie van de leden Inge van Dijk en
/// Dijk over ...` → `Inge van Dijk`, `Dijk`; `Gewijzigde motie van het lid
/// van der Plas c.s. ter vervanging ...` → `Van der Plas`.
fn title_names(title: &str) -> Vec<String> {
    let Some(c) = re!(r"(?i)\bvan\s+(?:het\s+lid|de\s+leden|lid|leden)\s+(.+)").captures(title)
    else {
        return Vec::new();
    };
    let mut rest = &c[1];
    for end in [
        " c.s.",
        " C.S.",
        " ter vervanging",
        " over ",
        " inzake ",
        " (",
        " TER ",
        " OVER ",
    ] {
        if let Some(at) = rest.find(end) {
            rest = &rest[..at];
        }
    }
    rest.split(" en ")
        .flat_map(|part| part.split(", "))
        .map(str::trim)
        .map(|n| {
            let words: Vec<&str> = n.split_whitespace().collect();
            let end = words.len() - usize::from(words.last().is_some_and(|w| is_cs(w)));
            words[..end].join(" ")
        })
        .filter(|n| {
            (1..=5).contains(&n.split_whitespace().count())
                && n.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, ' ' | '-' | '\'' | '’'))
        })
        .map(|n| {
            let mut chars = n.chars();
            match chars.next() {
                Some(f) => f.to_uppercase().chain(chars).collect(),
                None => String::new(),
            }
        })
        .collect()
}

/// `OVERHEIDop.indiener` as the signature writes it: `M.G.F. Rikkers-Oosterkamp`
/// → `Rikkers-Oosterkamp`, `S.R.T. van Baarle` → `Van Baarle`,
/// `D.J.H. (Diederik) van Dijk` → `Diederik van Dijk`.
fn surname(full: &str) -> String {
    if let (Some(open), Some(close)) = (full.find('('), full.find(')')) {
        if open < close {
            let first = full[open + 1..close].trim();
            let rest = full[close + 1..].trim();
            return format!("{first} {rest}");
        }
    }
    let rest: Vec<&str> = full
        .split_whitespace()
        .skip_while(|w| w.ends_with('.') && w.chars().count() <= 8)
        .collect();
    let rest = if rest.is_empty() {
        full.trim().to_owned()
    } else {
        rest.join(" ")
    };
    let mut chars = rest.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => rest,
    }
}

/// Lower case letters without diacritics: `Kostić` and `Kostic` are one key.
fn name_key(name: &str) -> String {
    name.nfd()
        .filter(|&c| c.is_alphabetic() && !unicode_normalization::char::is_combining_mark(c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether two written names are one person's, allowing one typo in a name of
/// seven letters or more (`Ouwenhand` for `Ouwehand`, not `Jansen` for `Janssen`) or up to two letters lost at its end
/// (`Dobb`, `Grinwi`).
fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (name_key(a), name_key(b));
    if a == b {
        return true;
    }
    let (short, long) = if a.chars().count() <= b.chars().count() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    let (ns, nl) = (short.chars().count(), long.chars().count());
    if ns < 4 {
        return false;
    }
    if is_cut_short(short, long) {
        return true;
    }
    ns >= 7
        && (ns == nl
            && short
                .chars()
                .zip(long.chars())
                .filter(|(x, y)| x != y)
                .count()
                == 1
            || nl == ns + 1 && one_insertion(short, long))
}

/// `c.s.` (cum suis) as titles write it: `c.s.`, `c.s`, `cs.`.
fn is_cs(word: &str) -> bool {
    let letters: String = word.chars().filter(|c| *c != '.').collect();
    letters.eq_ignore_ascii_case("cs")
}

/// Whether the name key `cut` is `full` with one or two letters lost at its end.
fn is_cut_short(cut: &str, full: &str) -> bool {
    let (nc, nf) = (cut.chars().count(), full.chars().count());
    nc >= 4 && nf > nc && nf - nc <= 2 && full.starts_with(cut)
}

/// Whether `long` is `short` with one character inserted somewhere.
fn one_insertion(short: &str, long: &str) -> bool {
    let s: Vec<char> = short.chars().collect();
    let l: Vec<char> = long.chars().collect();
    let first_diff = s.iter().zip(&l).take_while(|(x, y)| x == y).count();
    s[first_diff..] == l[first_diff + 1..]
}

fn apply_meta(meta: &mut DocMeta, name: &str, scheme: &str, content: &str) {
    if content.is_empty() {
        return;
    }
    match name {
        "DC.identifier" => meta.doc_id = content.to_owned(),
        "OVERHEIDop.externMetadataRecord" if meta.doc_id.is_empty() => {
            // Only files without a DC.identifier carry this alone.
            // https://zoek.officielebekendmakingen.nl/kst-24515-782/metadata.xml
            if let Some(id) = content.trim_end_matches("/metadata.xml").rsplit('/').next() {
                meta.doc_id = id.to_owned();
                if let Some(year) = id.strip_prefix("h-tk-").and_then(|r| r.get(..8)) {
                    meta.vergaderjaar = Some(format!("{}-{}", &year[..4], &year[4..]));
                }
            }
        }
        "OVERHEIDop.documenttitel" => meta.title = content.to_owned(),
        "DC.title" if meta.title.is_empty() => meta.title = content.to_owned(),
        "DC.type" if scheme == "OVERHEIDop.KamerstukTypen" => {
            meta.doc_type = Some(kamerstuk_type(content).into())
        }
        "OVERHEIDop.dossiertitel" => meta.dossier_title = Some(content.to_owned()),
        "DCTERMS.issued" => meta.date = Some(content.to_owned()),
        "DCTERMS.available" if meta.date.is_none() => meta.date = Some(content.to_owned()),
        "OVERHEIDop.dossiernummer" => meta.dossier.push(content.replace(' ', "")),
        "OVERHEIDop.vergaderjaar" => meta.vergaderjaar = Some(content.to_owned()),
        "OVERHEIDop.indiener" => meta.indiener.push(content.to_owned()),
        "DC.creator" => meta.creator = Some(content.to_owned()),
        _ => {}
    }
}

/// "MOTIE VAN HET LID CEDER" → "Motie van het lid Ceder" (names keep a capital).
fn sentence_case(text: &str) -> String {
    if text.chars().any(char::is_lowercase) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut words = text.split_whitespace();
    let lower_words = [
        "van",
        "het",
        "de",
        "der",
        "den",
        "lid",
        "leden",
        "over",
        "en",
        "te",
        "op",
        "in",
        "tot",
        "ter",
        "voor",
        "c.s.",
        "vervanging",
        "die",
        "gedrukt",
        "onder",
        "nr.",
        "nrs.",
        "motie",
    ];
    if let Some(first) = words.next() {
        out.push_str(&capitalise(first));
    }
    for w in words {
        out.push(' ');
        let lower = w.to_lowercase();
        if lower_words.contains(&lower.as_str()) || w.len() == 1 {
            out.push_str(&lower);
        } else {
            out.push_str(&capitalise(w));
        }
    }
    out
}

/// "RIKKERS-OOSTERKAMP" → "Rikkers-Oosterkamp".
fn capitalise(word: &str) -> String {
    word.split('-')
        .map(|part| {
            let lower = part.to_lowercase();
            let mut chars = lower.chars();
            match chars.next() {
                Some(c) => c.to_uppercase().chain(chars).collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<String>>()
        .join("-")
}

/// Reads the file as an officiële-publicaties document.
pub fn source(xml: &str, mut meta: DocMeta) -> Result<Source, String> {
    let layout = read(xml, &mut meta)?;
    Ok(Source { meta, layout })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentence_case_keeps_names() {
        assert_eq!(
            sentence_case("MOTIE VAN HET LID CEDER"),
            "Motie van het lid Ceder"
        );
        assert_eq!(
            sentence_case("GEWIJZIGDE MOTIE VAN HET LID RIKKERS-OOSTERKAMP TER VERVANGING VAN DIE GEDRUKT ONDER NR. 12"),
            "Gewijzigde motie van het lid Rikkers-Oosterkamp ter vervanging van die gedrukt onder nr. 12"
        );
        assert_eq!(sentence_case("Motie van het lid X"), "Motie van het lid X");
    }

    fn read_xml(xml: &str) -> DocMeta {
        let mut meta = DocMeta::default();
        read(xml, &mut meta).expect("well-formed");
        meta
    }

    /// A motie without `<meta>` but its identifier, as 5,655 of the 8,041 are.
    fn bare_motie(titel: &str, tail: &str) -> String {
        format!(
            r#"<officiele-publicatie><metadata><meta name="OVERHEIDop.externMetadataRecord" scheme="" content="https://zoek.officielebekendmakingen.nl/kst-36471-31/metadata.xml"/></metadata>
<kamerstuk><dossier><dossiernummer><dossiernr>36 471</dossiernr></dossiernummer><titel>Kabinetsformatie 2023</titel></dossier>
<stuk><titel>{titel}</titel><datumtekst>Voorgesteld <datum isodatum="2024-02-15">15 februari 2024</datum></datumtekst>
<algemeen><vrije-tekst><tekst status="goed"><al>De Kamer,</al><al>gehoord de beraadslaging,</al>
<al>verzoekt de regering een centrum-rechts kabinet te vormen,</al>{tail}</tekst></vrije-tekst></algemeen></stuk></kamerstuk></officiele-publicatie>"#
        )
    }

    #[test]
    fn every_kind_of_motie_is_a_motie() {
        for titel in [
            "MOTIE VAN HET LID EERDMANS",
            "GEWIJZIGDE MOTIE VAN HET LID EERDMANS TER VERVANGING VAN DIE GEDRUKT ONDER NR. 30",
            "NADER GEWIJZIGDE MOTIE VAN HET LID EERDMANS TER VERVANGING VAN DIE GEDRUKT ONDER NR. 30",
            "TWEEDE NADER GEWIJZIGDE MOTIE VAN HET LID EERDMANS TER VERVANGING VAN DIE GEDRUKT ONDER NR. 30",
            "GEWIJZGIDE MOTIE VAN HET LID EERDMANS",
            "MOTIE HET LID EERDMANS",
        ] {
            let meta = read_xml(&bare_motie(titel, "<al>Eerdmans</al>"));
            assert_eq!(meta.doc_type.as_deref(), Some("motie"), "{titel}");
            assert_eq!(meta.date.as_deref(), Some("2024-02-15"));
        }
        let brief = read_xml(&bare_motie(
            "BRIEF VAN DE MINISTER OVER DE UITVOERING VAN DE MOTIE VAN HET LID EERDMANS",
            "",
        ));
        assert_eq!(brief.doc_type.as_deref(), Some("kamerstuk"));
        assert!(!is_motie_title(
            "Verslag van een schriftelijk overleg over de motie"
        ));
        assert_eq!(kamerstuk_type("Motie"), "motie");
        assert_eq!(kamerstuk_type("Gewijzigde motie"), "motie");
        assert_eq!(kamerstuk_type("Amendement"), "amendement");
    }

    #[test]
    fn indieners_come_from_the_signature_block() {
        let tail = "<al>en gaat over tot de orde van de dag.</al>\
            <al-groep><al>Van der Plas</al><al>Inge van Dijk</al><al>Bisschop,</al><al>Grinwi</al></al-groep>";
        let meta = read_xml(&bare_motie(
            "MOTIE VAN DE LEDEN VAN DER PLAS EN GRINWIS",
            tail,
        ));
        // `Grinwi` is completed from the title; the title adds no one itself.
        assert_eq!(
            meta.indiener,
            ["Van der Plas", "Inge van Dijk", "Bisschop", "Grinwis"]
        );
        assert_eq!(meta.dossier_title.as_deref(), Some("Kabinetsformatie 2023"));
        assert_eq!(
            meta.title,
            "Motie van de leden van der Plas en Grinwis (Kabinetsformatie 2023)"
        );

        // Without the closing clause: the names that end the text.
        let tail = "<al>Eerdmans</al><al>Jetten en Bontenbal.</al>";
        let meta = read_xml(&bare_motie("MOTIE VAN HET LID EERDMANS C.S.", tail));
        assert_eq!(meta.indiener, ["Eerdmans", "Jetten", "Bontenbal"]);
    }

    #[test]
    fn registered_indieners_fill_and_correct_the_signature() {
        let xml = r#"<officiele-publicatie><metadata>
<meta name="DC.identifier" scheme="OVERHEIDop.ParlID" content="kst-35334-375"/>
<meta name="DC.type" scheme="OVERHEIDop.KamerstukTypen" content="Motie"/>
<meta name="OVERHEIDop.documenttitel" scheme="" content="Motie van het lid Vedder c.s. over een kabinetsreactie"/>
<meta name="OVERHEIDop.indiener" scheme="" content="H. Holman"/>
<meta name="OVERHEIDop.indiener" scheme="" content="I. Kostic"/>
<meta name="OVERHEIDop.indiener" scheme="" content="S.E.M. Dobbe"/>
<meta name="OVERHEIDop.indiener" scheme="" content="D.J.H. (Diederik) van Dijk"/>
<meta name="OVERHEIDop.indiener" scheme="" content="E.C. Vedder"/>
<meta name="OVERHEIDop.dossiertitel" scheme="" content="Problematiek rondom stikstof en PFAS"/>
</metadata><kamerstuk><dossier><titel>Stikstof</titel></dossier><stuk><titel>MOTIE VAN HET LID VEDDER C.S.</titel>
<algemeen><vrije-tekst><tekst><al>De Kamer,</al><al>en gaat over tot de orde van de dag.</al>
<al-groep><al>Vedder</al><al>Kostić</al><al>Dobb</al><al>Diederik van Dijk</al></al-groep></tekst></vrije-tekst></algemeen></stuk></kamerstuk></officiele-publicatie>"#;
        let meta = read_xml(xml);
        assert_eq!(meta.doc_type.as_deref(), Some("motie"));
        assert_eq!(
            meta.indiener,
            ["Vedder", "Kostić", "Dobbe", "Diederik van Dijk", "Holman"]
        );
        assert_eq!(
            meta.dossier_title.as_deref(),
            Some("Problematiek rondom stikstof en PFAS")
        );
        assert_eq!(
            meta.title,
            "Motie van het lid Vedder c.s. over een kabinetsreactie"
        );
    }

    #[test]
    fn surnames_as_signed() {
        assert_eq!(surname("M.G.F. Rikkers-Oosterkamp"), "Rikkers-Oosterkamp");
        assert_eq!(surname("C.A.M. van der Plas"), "Van der Plas");
        assert_eq!(surname("A. (Aukje) de Vries"), "Aukje de Vries");
        assert_eq!(surname("I. el Abassi"), "El Abassi");
        assert!(same_name("Ouwenhand", "Ouwehand"));
        assert!(same_name("Yeşilgöz-Zegerius", "Yesilgöz-Zegerius"));
        assert!(!same_name("Dijk", "Inge van Dijk"));
        assert!(!same_name("Jansen", "Janssen"));
        assert_eq!(
            title_names("Motie van de leden Inge van Dijk en Dijk over toeslagen"),
            ["Inge van Dijk", "Dijk"]
        );
    }

    #[test]
    fn the_opening_of_a_sitting_has_a_title_and_date() {
        let xml = r#"<officiele-publicatie><metadata><meta content="https://zoek.officielebekendmakingen.nl/h-tk-20172018-70-1/metadata.xml" name="OVERHEIDop.externMetadataRecord" scheme=""/></metadata>
<handelingen><vergadering><vergadering-nummer> 70e vergadering </vergadering-nummer><vergaderdatum> Donderdag 5 april 2018 </vergaderdatum></vergadering>
<opening><nr>1</nr><tekst><al-groep><al>Aanwezig zijn 144 leden der Kamer.</al></al-groep></tekst></opening></handelingen></officiele-publicatie>"#;
        let meta = read_xml(xml);
        assert_eq!(meta.doc_type.as_deref(), Some("handelingen"));
        assert_eq!(
            meta.title,
            "Opening van de 70e vergadering, donderdag 5 april 2018"
        );
        assert_eq!(meta.date.as_deref(), Some("2018-04-05"));
        assert!(meta.indiener.is_empty());
    }
}
