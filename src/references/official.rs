//! Where an identifier can be read online: the official publication sites of
//! the Dutch government, one per kind of identifier.
//!
//! | id | site |
//! |---|---|
//! | `kst-34104-439`, `kst-21501-34-32`, `kst-36200-VIII-207`, `kst-35925-A` | `https://zoek.officielebekendmakingen.nl/kst-…` |
//! | dossier `kst-21501-34`, `kst-36410-XV`, `kst-34104` | `https://zoek.officielebekendmakingen.nl/dossier/21501-34` (the list of its papers) |
//! | `h-tk-20172018-70-1`, `ah-tk-20242025-564`, `stb-2020-123`, `stcrt-2021-4567`, `trb-2019-12` (and `-ek-`) | `https://zoek.officielebekendmakingen.nl/…` |
//! | a whole sitting `h-tk-20192020-45` | `https://zoek.officielebekendmakingen.nl/handelingen/TK/2019-2020/45` (its items) |
//! | `ECLI:NL:…` | `https://uitspraken.rechtspraak.nl/details?id=ECLI:NL:…` |
//! | `BWBR0001831`, `BWBV0001000` | `https://wetten.overheid.nl/BWBR0001831` |
//!
//! Other identifiers (a foreign ECLI, a COM number, a Tweede Kamer zaak
//! number, a file path) have no known address.

/// The site of Kamerstukken, Handelingen, Aanhangsel, Staatsblad,
/// Staatscourant and Tractatenblad.
const OFFICIELE_BEKENDMAKINGEN: &str = "https://zoek.officielebekendmakingen.nl";

/// The web address where the document with this identifier is published, or
/// `None` when there is none that docsearch knows.
///
/// Takes canonical ids as the reference parser and the readers make them
/// (see [`crate::references::parse`]); the `kst-`, `h-`, `ah-`, `stb-`,
/// `stcrt-` and `trb-` prefixes, ECLIs and BWB ids are read in any case.
/// A dossier (`kst-21501-34`: no paper number) leads to the list of its papers,
/// a sitting of the Handelingen without an item number to the list of its items.
///
/// ```
/// use docsearch::references::official_url;
///
/// assert_eq!(
///     official_url("kst-34104-439").as_deref(),
///     Some("https://zoek.officielebekendmakingen.nl/kst-34104-439")
/// );
/// assert_eq!(
///     official_url("ECLI:NL:HR:2020:123").as_deref(),
///     Some("https://uitspraken.rechtspraak.nl/details?id=ECLI:NL:HR:2020:123")
/// );
/// assert_eq!(
///     official_url("BWBR0001831").as_deref(),
///     Some("https://wetten.overheid.nl/BWBR0001831")
/// );
/// assert_eq!(official_url("kamerbrieven/brief-2024"), None);
/// ```
pub fn official_url(id: &str) -> Option<String> {
    let id = id.trim();
    if let Some(c) =
        re!(r"^(?i:ecli):([A-Za-z]{2}):([A-Za-z0-9]{1,7}):([0-9]{4}):([A-Za-z0-9.]{1,25})$")
            .captures(id)
    {
        // rechtspraak.nl publishes Dutch judgments only.
        if !c[1].eq_ignore_ascii_case("NL") {
            return None;
        }
        return Some(format!(
            "https://uitspraken.rechtspraak.nl/details?id={}",
            id.to_ascii_uppercase()
        ));
    }
    if re!(r"^(?i:bwb[rv])[0-9]{7}$").is_match(id) {
        return Some(format!(
            "https://wetten.overheid.nl/{}",
            id.to_ascii_uppercase()
        ));
    }
    let (prefix, rest) = id.split_once('-')?;
    let prefix = prefix.to_ascii_lowercase();
    match prefix.as_str() {
        "kst" => kamerstuk(rest),
        "h" | "ah" => handelingen(&prefix, rest),
        "stb" | "stcrt" | "trb" => re!(r"^[0-9]{4}-[0-9]{1,6}$")
            .is_match(rest)
            .then(|| format!("{OFFICIELE_BEKENDMAKINGEN}/{prefix}-{rest}")),
        _ => None,
    }
}

/// `rest` of `kst-{rest}`: `{dossier}[-{sub}][-{chapter}][-{paper}]`.
fn kamerstuk(rest: &str) -> Option<String> {
    if !re!(r"^[1-9][0-9]{3,5}(?:-[0-9A-Za-z]{1,8}){0,3}$").is_match(rest) {
        return None;
    }
    let parts: Vec<&str> = rest.split('-').collect();
    let mut after_dossier = &parts[1..];
    // Only dossier 21 501 has two-digit sub-dossiers (`21501-34`, the EU
    // councils); elsewhere a two-digit number is the paper.
    if parts[0] == "21501" && after_dossier.first().is_some_and(|p| p.len() == 2) {
        after_dossier = &after_dossier[1..];
    }
    let is_dossier = match after_dossier {
        [] => true,
        // A budget chapter (`VIII`, `XV`, `IXB`) without a paper number; a
        // single letter is an Eerste Kamer paper (`kst-35925-A`).
        [last] => last.len() >= 2 && is_roman_chapter(last),
        _ => false,
    };
    Some(if is_dossier {
        format!("{OFFICIELE_BEKENDMAKINGEN}/dossier/{rest}")
    } else {
        format!("{OFFICIELE_BEKENDMAKINGEN}/kst-{rest}")
    })
}

/// A budget chapter: a Roman number, maybe with a letter A–F (`IXB`).
fn is_roman_chapter(s: &str) -> bool {
    let core = s.trim_end_matches(|c: char| ('A'..='F').contains(&c.to_ascii_uppercase()));
    !core.is_empty()
        && core
            .chars()
            .all(|c| matches!(c.to_ascii_uppercase(), 'I' | 'V' | 'X' | 'L'))
}

/// `rest` of `h-{rest}` or `ah-{rest}`: `{tk|ek}-{yyyyyyyy}-{nr}[-{item}]`.
fn handelingen(prefix: &str, rest: &str) -> Option<String> {
    let c = re!(r"^(?i:(tk|ek))-([0-9]{4})([0-9]{4})-([0-9]{1,5})(?:-([0-9]{1,4}))?$")
        .captures(rest)?;
    let chamber = c[1].to_ascii_lowercase();
    let (from, to, nr) = (&c[2], &c[3], &c[4]);
    match (prefix, c.get(5)) {
        ("ah", None) => Some(format!(
            "{OFFICIELE_BEKENDMAKINGEN}/ah-{chamber}-{from}{to}-{nr}"
        )),
        ("h", Some(item)) => Some(format!(
            "{OFFICIELE_BEKENDMAKINGEN}/h-{chamber}-{from}{to}-{nr}-{}",
            item.as_str()
        )),
        // A whole sitting is no single publication; its items are listed.
        ("h", None) => Some(format!(
            "{OFFICIELE_BEKENDMAKINGEN}/handelingen/{}/{from}-{to}/{nr}",
            chamber.to_ascii_uppercase()
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_prefix_has_its_site() {
        let ob = "https://zoek.officielebekendmakingen.nl";
        let table: &[(&str, &str)] = &[
            ("kst-34104-439", "/kst-34104-439"),
            ("kst-21501-34-32", "/kst-21501-34-32"),
            ("kst-36200-VIII-207", "/kst-36200-VIII-207"),
            ("kst-35925-A", "/kst-35925-A"),
            ("kst-33836-36", "/kst-33836-36"),
            ("KST-34104-439", "/kst-34104-439"),
            ("kst-21501-34", "/dossier/21501-34"),
            ("kst-36410-XV", "/dossier/36410-XV"),
            ("kst-34104", "/dossier/34104"),
            ("h-tk-20172018-70-1", "/h-tk-20172018-70-1"),
            ("h-ek-20192020-5-3", "/h-ek-20192020-5-3"),
            ("h-tk-20192020-45", "/handelingen/TK/2019-2020/45"),
            ("ah-tk-20242025-564", "/ah-tk-20242025-564"),
            ("ah-ek-20192020-12", "/ah-ek-20192020-12"),
            ("stb-2020-123", "/stb-2020-123"),
            ("stcrt-2021-4567", "/stcrt-2021-4567"),
            ("trb-2019-12", "/trb-2019-12"),
        ];
        for (id, path) in table {
            assert_eq!(official_url(id), Some(format!("{ob}{path}")), "{id}");
        }
        assert_eq!(
            official_url("ECLI:NL:CBB:1996:ZG0749").as_deref(),
            Some("https://uitspraken.rechtspraak.nl/details?id=ECLI:NL:CBB:1996:ZG0749")
        );
        assert_eq!(
            official_url("ecli:nl:hr:2020:123").as_deref(),
            Some("https://uitspraken.rechtspraak.nl/details?id=ECLI:NL:HR:2020:123")
        );
        assert_eq!(
            official_url("BWBR0001831").as_deref(),
            Some("https://wetten.overheid.nl/BWBR0001831")
        );
        assert_eq!(
            official_url("bwbv0001000").as_deref(),
            Some("https://wetten.overheid.nl/BWBV0001000")
        );
    }

    #[test]
    fn other_ids_have_no_url() {
        for id in [
            "",
            "kamerbrieven/geannoteerde-agenda-ojcs-raad-mei-2024",
            "Kamerbrief_emissie_luchtvaart",
            "ECLI:EU:C:2014:317",
            "BWBW0001234",
            "BWBR123",
            "COM(2023)715",
            "2024Z18775",
            "2025D19046",
            "kst-",
            "kst-abc-12",
            "kst-0123-4",
            "h-tk-2019-45",
            "ah-tk-20242025-564-2",
            "stb-2020",
            "stb-20-123",
            "xyz-2020-1",
        ] {
            assert_eq!(official_url(id), None, "{id}");
        }
    }

    /// Every id the reference parser makes of the development cases has an
    /// address, and the parser and [`official_url`] agree on which ids are
    /// dossiers.
    #[test]
    fn ids_the_parser_makes_have_addresses() {
        use crate::references::parse::{shared_parser, RefKind};
        let cases = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/references/cases.tsv"
        );
        let data = std::fs::read_to_string(cases).expect("cases.tsv readable");
        let mut texts: Vec<String> = data
            .lines()
            .skip(1)
            .filter_map(|l| l.split('\t').next())
            .map(|input| input.replace("\\n", "\n"))
            .collect();
        texts.extend(
            [
                "Kamerstukken II 2023/24, 36410 XV, nr. 12 en 36 410-XV",
                "Handelingen II 2019/20, nr. 45, item 12 en Handelingen I 2019/20, nr. 5",
                "Aanhangsel Handelingen II 2024/25, nr. 564; Stcrt. 2021, 4567",
                "ECLI:NL:RVS:2019:1603 en BWBV0001000",
            ]
            .map(String::from),
        );
        let mut seen = 0;
        for text in &texts {
            for r in shared_parser().extract(text) {
                let url = official_url(&r.canonical);
                match r.kind {
                    RefKind::EuCom | RefKind::Zaak | RefKind::Document | RefKind::Url => {
                        assert_eq!(url, None, "{}", r.canonical);
                        continue;
                    }
                    _ => seen += 1,
                }
                let url = url.unwrap_or_else(|| panic!("{} has no url", r.canonical));
                assert_eq!(
                    url.contains("/dossier/"),
                    r.kind == RefKind::Dossier,
                    "{} ({:?}): {url}",
                    r.canonical,
                    r.kind
                );
            }
        }
        assert!(seen >= 50, "only {seen} references");
    }
}
