//! The page of `docsearch serve` as a person sees it: rendered by headless
//! Chromium (`--dump-dom`, the DOM after the page has loaded), over the index
//! of the sample corpus.
//!
//! Without `chromium` these tests are skipped on a developer's machine and
//! fail under CI (`CI` set), where `.ci/run` installs it.

use std::process::Command;

use regex::Regex;

use crate::serve::Server;

/// Whether Chromium can be run; under CI its absence is a failure.
fn chromium_present() -> bool {
    let found = Command::new("chromium")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
    if !found && ci {
        panic!("chromium is needed for the page tests (apt-get install chromium)");
    }
    if !found {
        eprintln!("skipped: chromium is not installed (apt-get install chromium)");
    }
    found
}

/// The DOM of `url` after Chromium has loaded it.
fn dom(url: &str) -> String {
    // A profile of its own: tests run Chromium side by side.
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--virtual-time-budget=8000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(url)
        .output()
        .expect("run chromium");
    let dom = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        dom.contains("</html>"),
        "chromium rendered nothing for {url}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    dom
}

/// What the result list shows: each hit's article.
fn hits(dom: &str) -> Vec<&str> {
    dom.split("<article class=\"hit\">").skip(1).collect()
}

/// The total as the page says it: `91 passages in 33 documenten`.
fn total(dom: &str) -> (u64, u64) {
    let re = Regex::new(r"([\d.]+) passages? in ([\d.]+) document(en)?").unwrap();
    let c = re.captures(dom).expect("a total on the page");
    let n = |i: usize| c[i].replace('.', "").parse::<u64>().unwrap();
    (n(1), n(2))
}

fn unescape(href: &str) -> String {
    href.replace("&amp;", "&")
}

#[test]
fn search_page_shows_results_with_the_words_marked() {
    if !chromium_present() {
        return;
    }
    let server = Server::sample();
    let dom = dom(&format!("{}/?q=stikstof", server.base));
    let hits = hits(&dom);
    // Five moties hold the word (one more has it in its dossier's title).
    assert!(hits.len() >= 5, "{dom}");
    assert_eq!(total(&dom), (hits.len() as u64, hits.len() as u64));
    let mark = Regex::new(r"(?i)<mark>[^<]*stikstof[^<]*</mark>").unwrap();
    assert!(hits.iter().filter(|hit| mark.is_match(hit)).count() >= 5);
    for hit in &hits {
        assert!(hit.contains("<span class=\"type\">motie</span>"));
        assert!(hit.contains("2025</time>"), "a date in Dutch: {hit}");
    }
    // The query stays in the box, so it can be changed.
    assert!(dom.contains("value=\"stikstof\""));
}

#[test]
fn document_page_shows_the_whole_motie() {
    if !chromium_present() {
        return;
    }
    let server = Server::sample();
    let dom = dom(&format!("{}/doc/kst-34104-439", server.base));
    assert!(dom.contains(
        "<h1>Motie van het lid Rikkers-Oosterkamp over afspraken over een regionaal budget</h1>"
    ));
    for words in [
        "De Kamer,",
        "overwegende dat in het regeerprogramma",
        "verzoekt de regering ervoor te zorgen",
        "en gaat over tot de orde van de dag.",
    ] {
        assert!(dom.contains(words), "{words} missing");
    }
    assert!(dom.contains("24 april 2025"));
}

#[test]
fn a_facet_link_narrows_the_results() {
    if !chromium_present() {
        return;
    }
    let server = Server::sample();
    let all = dom(&format!("{}/?q=klimaat", server.base));
    let (passages, documents) = total(&all);
    let link =
        Regex::new(r#"<a class="facet-value" data-facet="type" href="([^"]+)">motie</a>"#).unwrap();
    let href = unescape(&link.captures(&all).expect("a type:motie facet link")[1]);
    assert_eq!(href, "/?q=klimaat&type=motie");
    let narrowed = dom(&format!("{}{href}", server.base));
    let (p, d) = total(&narrowed);
    assert!(
        p < passages && d < documents,
        "{p} < {passages}, {d} < {documents}"
    );
    let hits = hits(&narrowed);
    assert!(!hits.is_empty());
    for hit in &hits {
        assert!(hit.contains("<span class=\"type\">motie</span>"), "{hit}");
    }
    // The chosen filter is shown, with a link that lifts it.
    assert!(narrowed.contains("href=\"/?q=klimaat\" aria-label=\"filter Soort motie weghalen\""));
}

#[test]
fn sort_and_paging_are_links_that_keep_the_query() {
    if !chromium_present() {
        return;
    }
    let server = Server::sample();
    let first = dom(&format!("{}/?q=zorg&sort=date", server.base));
    assert!(first.contains("<strong aria-current=\"true\">datum (nieuwste eerst)</strong>"));
    let next = Regex::new(r#"<a rel="next" href="([^"]+)">"#).unwrap();
    let href = unescape(&next.captures(&first).expect("a next page")[1]);
    assert_eq!(href, "/?q=zorg&sort=date&page=2");
    let second = dom(&format!("{}{href}", server.base));
    assert!(second.contains("treffers 11–20"), "{second}");
    assert_eq!(hits(&second).len(), 10);
    let dates = Regex::new(r#"<time datetime="([^"]+)">"#).unwrap();
    let last_first = dates.captures_iter(&first).last().unwrap()[1].to_owned();
    let first_second = dates.captures(&second).unwrap()[1].to_owned();
    assert!(last_first >= first_second, "newest first across pages");
}

#[test]
fn document_page_marks_the_searched_words_and_shows_notes_and_citations() {
    if !chromium_present() {
        return;
    }
    let server = Server::sample();
    let letter = dom(&format!(
        "{}/doc/kamerbrieven/geannoteerde-agenda-ojcs-raad-mei-2024?q=lerarentekort",
        server.base
    ));
    assert!(Regex::new(r"(?i)<mark>lerarentekort</mark>")
        .unwrap()
        .is_match(&letter));
    // The marked passage is listed at the top, with a link to it.
    assert!(letter.contains("met de zoekwoorden: <a href=\"#p"));
    // Footnotes at their passage, linked from their marker.
    assert!(letter.contains("BNC Fiche 2: aanbeveling leermobiliteitsmogelijkheden"));
    assert!(letter.contains("<sup class=\"fn\"><a href=\"#fn-"));
    // Headings and pages of the letter.
    assert!(letter.contains("<p class=\"pagemark\" id=\"pagina-2\">pagina 2</p>"));
    assert!(letter.contains("<h2>Raadsaanbeveling Europa in beweging"));

    // A paper that is cited: who cites it, linked; and what that one cites, linked here.
    let cited = dom(&format!("{}/doc/kst-36760-40", server.base));
    assert!(cited.contains("Aangehaald door"));
    assert!(cited.contains("href=\"/doc/kst-36800-48\""));
    let citing = dom(&format!("{}/doc/kst-36800-48", server.base));
    assert!(citing.contains("Dit document verwijst naar"));
    assert!(citing.contains("href=\"/doc/kst-36760-40\""));
}
