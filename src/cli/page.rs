//! The web page of `docsearch serve`: HTML rendered on the server with maud
//! (which escapes every value it is given), Dutch interface text, no scripts.
//!
//! The search page keeps its whole state in the URL (`/?q=stikstof&type=motie
//! &sort=date&page=2`), so a search can be shared and the back button works; a
//! facet value, a sort order and a page are links that change one parameter.
//! The document page (`/doc/ID?q=...`) shows a document in reading order with
//! the searched words marked.

use std::collections::{BTreeMap, HashMap, HashSet};

use docsearch::references::graph::{Citation, CitedBy};
use docsearch::references::CitedReference;
use docsearch::{DocumentView, Facet, Footnote, Hit, PassageView, Sort, Totals};
use maud::{html, Markup, DOCTYPE};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// The page's style sheet, served at `/static/style.css`.
pub const STYLE: &str = include_str!("assets/style.css");

/// Hits on one page of results.
pub const PAGE_SIZE: usize = 10;

/// Facet values listed per facet (the most frequent ones).
const FACET_VALUES_SHOWN: usize = 12;

/// Characters escaped in a URL query value: all but letters, digits and `-_.~`.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Characters escaped in a document id used as a URL path (ids that are corpus
/// paths keep their `/`; ECLI ids their `:`).
const ID_PATH: &AsciiSet = &QUERY_VALUE.remove(b'/').remove(b':');

/// What the search page was asked, read from the URL.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Search {
    /// The query as typed.
    pub q: String,
    /// Filters chosen from the facets: `type`, `year`, `dossier` values.
    pub filters: BTreeMap<Facet, String>,
    /// Relevance or date.
    pub sort: Sort,
    /// 1-based page of results.
    pub page: usize,
}

impl Search {
    /// Whether anything was asked (else the page only shows the search box).
    pub fn is_empty(&self) -> bool {
        self.q.trim().is_empty() && self.filters.is_empty()
    }

    /// The query the library is given: the typed query and the chosen filters
    /// as `type:"motie"` (quoted, so a value cannot add syntax of its own).
    pub fn library_query(&self) -> String {
        let mut query = self.q.trim().to_owned();
        for (facet, value) in &self.filters {
            if !query.is_empty() {
                query.push(' ');
            }
            query.push_str(&format!("{}:\"{}\"", facet.name(), value.replace('"', "")));
        }
        query
    }

    /// This search's address: `/?q=...&type=...&sort=date&page=2`.
    pub fn url(&self) -> String {
        let mut params: Vec<(&str, &str)> = Vec::new();
        if !self.q.is_empty() {
            params.push(("q", &self.q));
        }
        for (facet, value) in &self.filters {
            params.push((facet.name(), value));
        }
        if self.sort == Sort::Date {
            params.push(("sort", "date"));
        }
        let page = self.page.to_string();
        if self.page > 1 {
            params.push(("page", &page));
        }
        if params.is_empty() {
            return "/".to_owned();
        }
        let pairs: Vec<String> = params
            .iter()
            .map(|(k, v)| format!("{k}={}", utf8_percent_encode(v, QUERY_VALUE)))
            .collect();
        format!("/?{}", pairs.join("&"))
    }

    /// The same search with `facet` set to `value` (or lifted with `None`), on its first page.
    fn with_filter(&self, facet: Facet, value: Option<&str>) -> Search {
        let mut s = self.clone();
        match value {
            Some(v) => s.filters.insert(facet, v.to_owned()),
            None => s.filters.remove(&facet),
        };
        s.page = 1;
        s
    }

    fn with_sort(&self, sort: Sort) -> Search {
        Search {
            sort,
            page: 1,
            ..self.clone()
        }
    }

    fn with_page(&self, page: usize) -> Search {
        Search {
            page,
            ..self.clone()
        }
    }
}

/// What a search came to, for [`search_page`].
pub enum Outcome {
    /// Nothing asked yet: the index holds this many passages.
    Start {
        /// Passages in the index.
        passages: u64,
    },
    /// The hits of this page and the totals of the whole result set.
    Found {
        /// Hits of this page.
        hits: Vec<Hit>,
        /// Totals and facet counts.
        totals: Totals,
        /// Canonical ids of the cited papers that are in the index.
        indexed: HashSet<String>,
    },
    /// The query could not be read: the parser's message with its column.
    BadQuery(String),
}

/// The search page: the form, and the results when something was asked.
pub fn search_page(search: &Search, outcome: &Outcome) -> Markup {
    let title = if search.is_empty() {
        "docsearch".to_owned()
    } else {
        format!("{} – docsearch", search.library_query())
    };
    let body = html! {
        header.top {
            a.home href="/" { "docsearch" }
            span.tagline { "zoeken in Kamerstukken, moties, Handelingen, uitspraken en wetten" }
        }
        (search_form(search, matches!(outcome, Outcome::Start { .. })))
        @match outcome {
            Outcome::Start { passages } => (start(*passages)),
            Outcome::BadQuery(message) => {
                main #inhoud {
                    p.error role="alert" {
                        "Deze zoekvraag kan niet worden gelezen: " (message)
                    }
                    (query_help(true))
                }
            }
            Outcome::Found { hits, totals, indexed } => (results(search, hits, totals, indexed)),
        }
    };
    layout(&title, body)
}

fn search_form(search: &Search, autofocus: bool) -> Markup {
    html! {
        form.search role="search" action="/" method="get" {
            label for="q" { "Zoekvraag" }
            div.row {
                input #q type="search" name="q" value=(search.q) autofocus[autofocus]
                    placeholder="bijvoorbeeld: stikstof type:motie"
                    autocomplete="off" spellcheck="false";
                @for (facet, value) in &search.filters {
                    input type="hidden" name=(facet.name()) value=(value);
                }
                @if search.sort == Sort::Date {
                    input type="hidden" name="sort" value="date";
                }
                button type="submit" { "Zoeken" }
            }
        }
    }
}

fn start(passages: u64) -> Markup {
    html! {
        main #inhoud {
            p {
                "Zoek in " (super::render::dutch_number(passages))
                " passages. Elke treffer is de passage die iets zegt, met het document, het hoofdstuk, de pagina, voetnoten en de stukken waarnaar het verwijst."
            }
            p {
                "Bijvoorbeeld: "
                @for (i, example) in ["stikstof", "type:motie klimaat", "\"regionaal budget\"", "dossier:34104"].iter().enumerate() {
                    @if i > 0 { ", " }
                    a href=(Search { q: (*example).to_owned(), page: 1, ..Search::default() }.url()) { (example) }
                }
            }
            (query_help(true))
        }
    }
}

/// The query syntax, folded.
fn query_help(open: bool) -> Markup {
    html! {
        details.help open[open] {
            summary { "Zoektips" }
            dl {
                dt { code { "stikstof uitstoot" } } dd { "passages met een of meer van de woorden; meer woorden is hoger in de lijst. Samenstellingen tellen mee (stikstofuitstoot)." }
                dt { code { "\"regionaal budget\"" } } dd { "precies deze woorden, in deze volgorde" }
                dt { code { "+woord -woord" } } dd { "woord moet er in staan, of mag er niet in staan" }
                dt { code { "stikstof*" } } dd { "woorden die zo beginnen" }
                dt { code { "type:motie" } } dd { "soort: motie, kamerstuk, handelingen, aanhangsel, brief, uitspraak, wet, …" }
                dt { code { "year:2024" } ", " code { "date:2024-01..2024-06" } } dd { "jaar of periode" }
                dt { code { "dossier:36200-VIII" } ", " code { "doc:kst-34104-439" } } dd { "een dossier, een document" }
                dt { code { "ref:kst-21501-34-32" } } dd { "passages die naar dit stuk verwijzen" }
                dt { code { "indiener:Bisschop" } } dd { "moties van of mede ondertekend door dit Kamerlid" }
            }
        }
    }
}

fn results(search: &Search, hits: &[Hit], totals: &Totals, indexed: &HashSet<String>) -> Markup {
    let first = (search.page - 1) * PAGE_SIZE + 1;
    let last = first + hits.len().max(1) - 1;
    let more = (last as u64) < totals.passages && hits.len() == PAGE_SIZE;
    html! {
        div.layout {
            main #inhoud {
                p #totaal .total {
                    (count(totals.passages, "passage", "passages")) " in "
                    (count(totals.documents, "document", "documenten"))
                    @if !hits.is_empty() {
                        span.range { " · treffers " (first) "–" (last) }
                    }
                    " · " a href="#filters" { "filters" }
                }
                (filters_chosen(search))
                (sort_links(search))
                @if hits.is_empty() {
                    p.none {
                        @if search.page > 1 { "Geen treffers meer op deze pagina. " }
                        @else { "Niets gevonden. " }
                        @if !search.filters.is_empty() { "Haal een filter weg, of zoek met andere of minder woorden." }
                        @else { "Zoek met andere of minder woorden." }
                    }
                }
                ol.hits start=(first) {
                    @for hit in hits { li { (hit_card(search, hit, indexed)) } }
                }
                @if search.page > 1 || more {
                    nav.paging aria-label="Pagina's" {
                        @if search.page > 1 {
                            a rel="prev" href=(search.with_page(search.page - 1).url()) { "← Vorige" }
                        }
                        span { "Pagina " (search.page) }
                        @if more && search.page < super::serve::MAX_PAGE {
                            a rel="next" href=(search.with_page(search.page + 1).url()) { "Volgende →" }
                        }
                    }
                }
            }
            aside #filters aria-label="Filters" {
                @for facet in Facet::ALL {
                    @if let Some(values) = totals.facets.get(&facet) {
                        (facet_box(search, facet, values))
                    }
                }
            }
        }
    }
}

/// `1 passage`, `1.234 passages`.
fn count(n: u64, one: &str, many: &str) -> String {
    format!(
        "{} {}",
        super::render::dutch_number(n),
        if n == 1 { one } else { many }
    )
}

/// The Dutch name of a facet.
fn facet_label(facet: Facet) -> &'static str {
    match facet {
        Facet::Type => "Soort",
        Facet::Year => "Jaar",
        Facet::Dossier => "Dossier",
    }
}

fn filters_chosen(search: &Search) -> Markup {
    html! {
        @if !search.filters.is_empty() {
            ul.chosen aria-label="Gekozen filters" {
                @for (facet, value) in &search.filters {
                    li {
                        (facet_label(*facet)) ": " strong { (value) } " "
                        a href=(search.with_filter(*facet, None).url())
                            aria-label={ "filter " (facet_label(*facet)) " " (value) " weghalen" } { "✕" }
                    }
                }
            }
        }
    }
}

fn sort_links(search: &Search) -> Markup {
    let choice = |sort: Sort, label: &str| {
        html! {
            @if search.sort == sort { strong aria-current="true" { (label) } }
            @else { a href=(search.with_sort(sort).url()) { (label) } }
        }
    };
    html! {
        p.sort {
            "Sorteren: " (choice(Sort::Relevance, "relevantie")) " · "
            (choice(Sort::Date, "datum (nieuwste eerst)"))
        }
    }
}

fn facet_box(search: &Search, facet: Facet, values: &BTreeMap<String, u64>) -> Markup {
    let mut sorted: Vec<(&String, &u64)> = values.iter().collect();
    match facet {
        // Years read best in order, newest first.
        Facet::Year => sorted.sort_by(|a, b| b.0.cmp(a.0)),
        _ => sorted.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0))),
    }
    let chosen = search.filters.get(&facet);
    html! {
        section.facet {
            h2 { (facet_label(facet)) }
            @if values.is_empty() { p.muted { "–" } }
            ul {
                @for (value, n) in sorted.iter().take(FACET_VALUES_SHOWN) {
                    li {
                        @if chosen == Some(*value) {
                            strong { (value) } " " span.n { (super::render::dutch_number(**n)) }
                            " " a href=(search.with_filter(facet, None).url())
                                aria-label={ "filter " (facet_label(facet)) " " (value) " weghalen" } { "✕" }
                        } @else {
                            a.facet-value data-facet=(facet.name()) href=(search.with_filter(facet, Some(value)).url()) {
                                (value)
                            }
                            " " span.n { (super::render::dutch_number(**n)) }
                        }
                    }
                }
            }
            @if sorted.len() > FACET_VALUES_SHOWN {
                p.muted { "en " (sorted.len() - FACET_VALUES_SHOWN) " meer" }
            }
        }
    }
}

/// One hit: title, what and when, where in the document, the snippet, its
/// footnotes (folded) and the papers it cites.
fn hit_card(search: &Search, hit: &Hit, indexed: &HashSet<String>) -> Markup {
    let doc_link = format!(
        "{}#{}",
        doc_url(&hit.doc_id, &search.q),
        passage_anchor(&hit.text)
    );
    html! {
        article.hit {
            h3 { a href=(doc_link) { (title_of(&hit.title, &hit.doc_id)) } }
            p.meta {
                @if let Some(t) = &hit.doc_type { span.type { (t) } " · " }
                @if let Some(d) = &hit.date { time datetime=(d) { (dutch_date(d)) } " · " }
                span.id { (hit.doc_id) }
                @if let Some(p) = hit.page { " · " span.page { "pagina " (p) } }
            }
            @if !hit.section.is_empty() { p.section { (hit.section.join(" > ")) } }
            p.snippet { (marked(&hit.snippet, &hit.highlights)) }
            @if !hit.footnotes.is_empty() {
                details.notes {
                    summary { "Voetnoten (" (hit.footnotes.len()) ")" }
                    ol { @for note in &hit.footnotes { li value=(note.number) { (note.text) } } }
                }
            }
            @if !hit.references.is_empty() {
                p.refs { "Verwijst naar: " (reference_links(&hit.references, indexed)) }
            }
            @if let Some(url) = &hit.url {
                p.source { a href=(url) rel="noopener" { "officiële publicatie" } }
            }
        }
    }
}

/// A list of references: to the document here when it is indexed, else to
/// where it is published, else as plain text.
fn reference_links(refs: &[CitedReference], indexed: &HashSet<String>) -> Markup {
    let mut seen = HashSet::new();
    let unique: Vec<&CitedReference> = refs
        .iter()
        .filter(|r| seen.insert(r.canonical.as_str()))
        .collect();
    html! {
        @for (i, r) in unique.iter().enumerate() {
            @if i > 0 { ", " }
            (reference_link(r, indexed.contains(&r.canonical)))
        }
    }
}

fn reference_link(r: &CitedReference, in_index: bool) -> Markup {
    html! {
        @if in_index {
            a.ref.indexed href=(doc_url(&r.canonical, "")) title=(r.text) { (r.canonical) }
        } @else if let Some(url) = &r.url {
            a.ref href=(url) rel="noopener" title=(r.text) { (r.canonical) }
        } @else {
            span.ref title=(r.text) { (r.canonical) }
        }
    }
}

/// `/doc/ID`, with `?q=` when there are words to mark.
pub fn doc_url(doc_id: &str, q: &str) -> String {
    let path = format!("/doc/{}", utf8_percent_encode(doc_id, ID_PATH));
    if q.trim().is_empty() {
        path
    } else {
        format!("{path}?q={}", utf8_percent_encode(q, QUERY_VALUE))
    }
}

/// The anchor of a passage on its document's page, from its text (a hit
/// knows its text, not its place in the document).
fn passage_anchor(text: &str) -> String {
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("t{:08x}", hash as u32)
}

fn title_of<'a>(title: &'a str, doc_id: &'a str) -> &'a str {
    if title.trim().is_empty() {
        doc_id
    } else {
        title
    }
}

/// `2024-05-14` → `14 mei 2024`; `2024-05` → `mei 2024`; anything else as it is.
pub fn dutch_date(iso: &str) -> String {
    const MONTHS: [&str; 12] = [
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
    let parts: Vec<&str> = iso.split('-').collect();
    let month = |m: &str| {
        m.parse::<usize>()
            .ok()
            .and_then(|m| MONTHS.get(m.wrapping_sub(1)))
    };
    match parts.as_slice() {
        [y, m, d] => match (month(m), d.parse::<u32>()) {
            (Some(m), Ok(d)) => format!("{d} {m} {y}"),
            _ => iso.to_owned(),
        },
        [y, m] => match month(m) {
            Some(m) => format!("{m} {y}"),
            None => iso.to_owned(),
        },
        _ => iso.to_owned(),
    }
}

/// Pieces of `text[from..to]`, each marked or not by the byte ranges `marks`
/// (sorted; ranges that overlap an earlier one or cut a character are left out).
fn pieces<'a>(text: &'a str, from: usize, to: usize, marks: &[[usize; 2]]) -> Vec<(&'a str, bool)> {
    let mut out = Vec::new();
    let mut at = from;
    for &[s, e] in marks {
        let (s, e) = (s.max(from), e.min(to));
        if s >= e || s < at || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
            continue;
        }
        out.push((&text[at..s], false));
        out.push((&text[s..e], true));
        at = e;
    }
    out.push((&text[at..to], false));
    out.retain(|(piece, _)| !piece.is_empty());
    out
}

/// `text` with the byte ranges `marks` in `<mark>`.
fn marked(text: &str, marks: &[[usize; 2]]) -> Markup {
    html! {
        @for (piece, mark) in pieces(text, 0, text.len(), marks) {
            @if mark { mark { (piece) } } @else { (piece) }
        }
    }
}

/// A stretch of a passage as shown.
enum Piece<'a> {
    Text(&'a str),
    Mark(&'a str),
    /// A footnote marker `[N]`, linked to its note.
    Note(u32),
}

/// A passage's text with its matches in `<mark>` and its footnote markers
/// (`[3]`) linked to the notes below it.
fn passage_text(text: &str, marks: &[[usize; 2]], notes: &[Footnote], ord: u64) -> Markup {
    let numbers: HashSet<u32> = notes.iter().map(|n| n.number).collect();
    let mut shown: Vec<Piece> = Vec::new();
    fn add<'a>(
        text: &'a str,
        marks: &[[usize; 2]],
        from: usize,
        to: usize,
        shown: &mut Vec<Piece<'a>>,
    ) {
        for (piece, mark) in pieces(text, from, to, marks) {
            shown.push(if mark {
                Piece::Mark(piece)
            } else {
                Piece::Text(piece)
            });
        }
    }
    let bytes = text.as_bytes();
    let mut search_from = 0;
    let mut done = 0;
    while let Some(open) = text[search_from..].find('[').map(|o| o + search_from) {
        search_from = open + 1;
        let digits = bytes[open + 1..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        let close = open + 1 + digits;
        if digits == 0 || bytes.get(close) != Some(&b']') {
            continue;
        }
        let Ok(n) = text[open + 1..close].parse::<u32>() else {
            continue;
        };
        if numbers.contains(&n) {
            add(text, marks, done, open, &mut shown);
            shown.push(Piece::Note(n));
            done = close + 1;
            search_from = done;
        }
    }
    add(text, marks, done, text.len(), &mut shown);
    html! {
        @for piece in &shown {
            @match piece {
                Piece::Text(t) => (t),
                Piece::Mark(t) => mark { (t) },
                Piece::Note(n) => sup.fn { a href={ "#fn-" (ord) "-" (n) } aria-label={ "voetnoot " (n) } { "[" (n) "]" } },
            }
        }
    }
}

/// What the document page shows besides the document.
pub struct DocumentExtras {
    /// The query whose words are marked (empty: none).
    pub q: String,
    /// Matches to mark, per passage `ord`.
    pub marks: HashMap<u64, Vec<[usize; 2]>>,
    /// What the document cites.
    pub cites: Vec<Citation>,
    /// Passages of other documents that cite it.
    pub cited_by: Option<CitedBy>,
}

/// A whole document in reading order: headings where the section changes, the
/// page where it changes, every passage with its footnotes and references.
pub fn document_page(doc: &DocumentView, extras: &DocumentExtras) -> Markup {
    let title = title_of(&doc.title, &doc.doc_id);
    let indexed: HashSet<String> = extras
        .cites
        .iter()
        .filter(|c| c.in_index)
        .map(|c| c.reference.canonical.clone())
        .collect();
    let matching: Vec<u64> = doc
        .passages
        .iter()
        .filter(|p| extras.marks.get(&p.ord).is_some_and(|m| !m.is_empty()))
        .map(|p| p.ord)
        .collect();
    let citing: Vec<(&Hit, usize)> = extras
        .cited_by
        .as_ref()
        .map(|c| citing_documents(&c.citing, &doc.doc_id))
        .unwrap_or_default();
    let blocks = reading_order(doc);
    let body = html! {
        header.top {
            a.home href="/" { "docsearch" }
            @if !extras.q.trim().is_empty() {
                a.back href=(Search { q: extras.q.clone(), page: 1, ..Search::default() }.url()) {
                    "← zoekresultaten voor " (extras.q)
                }
            }
        }
        (search_form(&Search { q: extras.q.clone(), page: 1, ..Search::default() }, false))
        main.document #inhoud {
            h1 { (title) }
            p.meta {
                @if let Some(t) = &doc.doc_type { span.type { (t) } " · " }
                @if let Some(d) = &doc.date { time datetime=(d) { (dutch_date(d)) } " · " }
                span.id { (doc.doc_id) }
                @if let Some(url) = &doc.url { " · " a href=(url) rel="noopener" { "officiële publicatie" } }
            }
            p.muted { "bestand " (doc.path) " · " (count(doc.passages.len() as u64, "passage", "passages")) }
            @if !extras.q.trim().is_empty() {
                p.matches {
                    @if matching.is_empty() {
                        "Geen passage van dit document bevat de zoekwoorden."
                    } @else {
                        (count(matching.len() as u64, "passage", "passages")) " met de zoekwoorden: "
                        @for (i, ord) in matching.iter().enumerate() {
                            @if i > 0 { ", " }
                            a href={ "#p" (ord) } { (i + 1) }
                        }
                    }
                }
            }
            @if !citing.is_empty() || !extras.cites.is_empty() {
                p { a href="#verwijzingen" { "verwijzingen" } }
            }
            @for block in &blocks {
                @match block {
                    Block::Heading(level, text) => (heading_tag(*level, text)),
                    Block::Page(n) => p.pagemark id={ "pagina-" (n) } { "pagina " (n) },
                    Block::Passage(passage, anchor) => {
                        @let marks = extras.marks.get(&passage.ord).map(Vec::as_slice).unwrap_or(&[]);
                        div.passage.matched[!marks.is_empty()] id={ "p" (passage.ord) } {
                            @if let Some(anchor) = anchor { span.anchor id=(anchor) {} }
                            div.text { (passage_text(&passage.text, marks, &passage.footnotes, passage.ord)) }
                            @if !passage.footnotes.is_empty() {
                                ol.notes aria-label="Voetnoten" {
                                    @for note in &passage.footnotes {
                                        li value=(note.number) id={ "fn-" (passage.ord) "-" (note.number) } { (note.text) }
                                    }
                                }
                            }
                            @if !passage.references.is_empty() {
                                p.refs { "Verwijst naar: " (reference_links(&passage.references, &indexed)) }
                            }
                        }
                    }
                }
            }
            @if !citing.is_empty() || !extras.cites.is_empty() {
                section #verwijzingen {
                    @if !extras.cites.is_empty() {
                        h2 { "Dit document verwijst naar" }
                        ul.cites {
                            @for c in &extras.cites {
                                li {
                                    (reference_link(&c.reference, c.in_index))
                                    " " span.muted { (c.reference.kind) @if c.count > 1 { ", " (c.count) "×" } }
                                    " – " q { (c.reference.text) }
                                }
                            }
                        }
                    }
                    @if !citing.is_empty() {
                        h2 { "Aangehaald door" }
                        ul.cited-by {
                            @for (hit, n) in &citing {
                                li {
                                    a href=(doc_url(&hit.doc_id, "")) { (title_of(&hit.title, &hit.doc_id)) }
                                    " " span.muted {
                                        @if let Some(t) = &hit.doc_type { (t) ", " }
                                        @if let Some(d) = &hit.date { (dutch_date(d)) ", " }
                                        (count(*n as u64, "passage", "passages"))
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    layout(title, body)
}

/// What the document page shows, in order.
enum Block<'a> {
    /// A section heading at its level (0: the outermost).
    Heading(usize, &'a str),
    /// A new page begins.
    Page(u32),
    /// A passage, with the anchor a hit links to (the first passage of a text only).
    Passage(&'a PassageView, Option<String>),
}

/// A document's headings where the section path changes, page numbers where
/// the page does, and its passages.
fn reading_order(doc: &DocumentView) -> Vec<Block<'_>> {
    let mut blocks = Vec::new();
    let mut anchors = HashSet::new();
    let mut section: &[String] = &[];
    let mut page = None;
    for passage in &doc.passages {
        let new = passage.section.as_slice();
        if new != section {
            for (level, heading) in new.iter().enumerate().skip(heading_from(section, new)) {
                blocks.push(Block::Heading(level, heading.as_str()));
            }
            section = new;
        }
        if let Some(n) = passage.page.filter(|_| passage.page != page) {
            blocks.push(Block::Page(n));
            page = passage.page;
        }
        let anchor = passage_anchor(&passage.text);
        let first = anchors.insert(anchor.clone());
        blocks.push(Block::Passage(passage, first.then_some(anchor)));
    }
    blocks
}

/// The level of the first heading to show when the section path goes from
/// `old` to `new`: the first that differs, or the enclosing one when backing out.
fn heading_from(old: &[String], new: &[String]) -> usize {
    let from = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    if from == new.len() && from > 0 {
        from - 1
    } else {
        from
    }
}

fn heading_tag(level: usize, text: &str) -> Markup {
    match level {
        0 => html! { h2 { (text) } },
        1 => html! { h3 { (text) } },
        2 => html! { h4 { (text) } },
        _ => html! { h5 { (text) } },
    }
}

/// The documents whose passages cite a paper (not the paper itself), each
/// with its number of citing passages, in the order first met.
fn citing_documents<'a>(hits: &'a [Hit], own: &str) -> Vec<(&'a Hit, usize)> {
    let mut out: Vec<(&Hit, usize)> = Vec::new();
    for hit in hits.iter().filter(|h| h.doc_id != own) {
        match out.iter_mut().find(|(h, _)| h.doc_id == hit.doc_id) {
            Some((_, n)) => *n += 1,
            None => out.push((hit, 1)),
        }
    }
    out
}

/// A page saying what went wrong.
pub fn error_page(heading: &str, message: &str) -> Markup {
    layout(
        heading,
        html! {
            header.top { a.home href="/" { "docsearch" } }
            (search_form(&Search::default(), false))
            main #inhoud {
                h1 { (heading) }
                p.error { (message) }
            }
        },
    )
}

fn layout(title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="nl" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                link rel="stylesheet" href="/static/style.css";
            }
            body {
                a.skip href="#inhoud" { "naar de inhoud" }
                (body)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_escape_values_and_keep_filters() {
        let mut s = Search {
            q: "\"regionaal budget\" & zorg".into(),
            page: 1,
            ..Search::default()
        };
        assert_eq!(s.url(), "/?q=%22regionaal%20budget%22%20%26%20zorg");
        s = s
            .with_filter(Facet::Type, Some("motie"))
            .with_sort(Sort::Date);
        assert_eq!(
            s.with_page(2).url(),
            "/?q=%22regionaal%20budget%22%20%26%20zorg&type=motie&sort=date&page=2"
        );
        assert_eq!(
            s.library_query(),
            "\"regionaal budget\" & zorg type:\"motie\""
        );
        // A value cannot close its quotes and add syntax.
        let sneaky = Search::default().with_filter(Facet::Dossier, Some("1\" -x"));
        assert_eq!(sneaky.library_query(), "dossier:\"1 -x\"");
        assert_eq!(doc_url("ECLI:NL:HR:2020:1", ""), "/doc/ECLI:NL:HR:2020:1");
        assert_eq!(
            doc_url("moties/a b?#", "x y"),
            "/doc/moties/a%20b%3F%23?q=x%20y"
        );
    }

    #[test]
    fn marks_and_footnote_markers_are_escaped_html() {
        let text = "Zie <b>stikstof</b>[2] en [3].";
        let s = text.find("stikstof").unwrap();
        let notes = [Footnote {
            number: 2,
            text: "Kamerstuk 1".into(),
            page: None,
        }];
        let html = passage_text(text, &[[s, s + 8]], &notes, 7).into_string();
        assert_eq!(
            html,
            "Zie &lt;b&gt;<mark>stikstof</mark>&lt;/b&gt;<sup class=\"fn\"><a href=\"#fn-7-2\" \
             aria-label=\"voetnoot 2\">[2]</a></sup> en [3]."
        );
        // Ranges that cut a character or overlap are left out, not a panic.
        assert_eq!(
            marked("één", &[[1, 2], [0, 2], [1, 4]]).into_string(),
            "<mark>é</mark>én"
        );
    }

    #[test]
    fn dates_read_in_dutch() {
        assert_eq!(dutch_date("2024-05-14"), "14 mei 2024");
        assert_eq!(dutch_date("2024-12"), "december 2024");
        assert_eq!(dutch_date("2024"), "2024");
        assert_eq!(dutch_date("2024-13-01"), "2024-13-01");
    }
}
