//! `docsearch serve` (issue 16): the JSON API over real HTTP, hostile requests,
//! a burst of clients, a time limit, and answering from a re-indexed folder.
//!
//! Each test starts the built binary on a free loopback port (`--addr
//! 127.0.0.1:0`; the address is read from its first line on stderr) and talks
//! to it with ureq.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::util::{corpus_with, sample_file, sample_index};

/// A running `docsearch serve`, stopped when dropped.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
}

impl Server {
    /// Serves the index of the sample corpus.
    pub fn sample() -> Server {
        let (index, _) = sample_index();
        Server::start(index.path(), &[])
    }

    /// Serves `index`, with extra flags.
    pub fn start(index: &Path, flags: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_docsearch"))
            .arg("serve")
            .arg("--index")
            .arg(index)
            .args(["--addr", "127.0.0.1:0"])
            .args(flags)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start docsearch serve");
        let mut lines = BufReader::new(child.stderr.take().expect("stderr"));
        let mut first = String::new();
        lines.read_line(&mut first).expect("read stderr");
        let Some(at) = first.find("http://") else {
            let _ = child.kill();
            panic!("docsearch serve did not start: {first}");
        };
        let base = first[at..]
            .split(['/', ' '])
            .take(3)
            .collect::<Vec<_>>()
            .join("/");
        // The rest of stderr is drained so the server never blocks on it.
        std::thread::spawn(move || {
            let mut rest = String::new();
            let _ = lines.read_to_string(&mut rest);
        });
        Server { child, base }
    }

    /// GET `path`: the status, the content type and the body.
    pub fn get(&self, path: &str) -> (u16, String, String) {
        get(&agent(), &format!("{}{path}", self.base))
    }

    /// GET `path`, expecting JSON.
    pub fn json(&self, path: &str) -> (u16, Value) {
        let (status, kind, body) = self.get(path);
        assert!(kind.starts_with("application/json"), "{path}: {kind}");
        (status, serde_json::from_str(&body).expect("JSON body"))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A client that reports every status instead of turning 4xx into errors.
fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into()
}

fn get(agent: &ureq::Agent, url: &str) -> (u16, String, String) {
    let response = agent.get(url).call().expect("HTTP request");
    let status = response.status().as_u16();
    let kind = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let body = response.into_body().read_to_string().expect("UTF-8 body");
    (status, kind, body)
}

fn docsearch_json(args: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_docsearch"))
        .args(args)
        .output()
        .expect("run docsearch");
    serde_json::from_slice(&out.stdout).expect("JSON output")
}

#[test]
fn search_answers_hits_totals_and_facets() {
    let server = Server::sample();
    let (status, o) = server.json("/api/search?q=stikstof&facets=type,year");
    assert_eq!(status, 200);
    let hits = o["hits"].as_array().expect("hits");
    // Five moties hold the word; one more has it in its dossier's title.
    assert!(hits.len() >= 5, "{o}");
    assert_eq!(o["total"]["passages"], hits.len());
    assert_eq!(o["total"]["documents"], hits.len());
    assert_eq!(o["facets"]["type"]["motie"], hits.len());
    assert_eq!(o["facets"]["year"]["2025"], hits.len());
    let mut marked_hits = 0;
    for hit in hits {
        for field in [
            "doc_id", "title", "section", "snippet", "url", "date", "text",
        ] {
            assert!(!hit[field].is_null(), "{field} missing in {hit}");
        }
        // Highlights are byte ranges of the snippet, on the searched word.
        let snippet = hit["snippet"].as_str().unwrap();
        let marked: Vec<String> = hit["highlights"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                let (s, e) = (r[0].as_u64().unwrap(), r[1].as_u64().unwrap());
                snippet[s as usize..e as usize].to_lowercase()
            })
            .collect();
        if snippet.to_lowercase().contains("stikstof") {
            assert!(
                marked.iter().any(|w| w.contains("stikstof")),
                "{marked:?} in {snippet}"
            );
            marked_hits += 1;
        }
    }
    assert!(marked_hits >= 5);
    // No facets asked: none counted.
    let (_, plain) = server.json("/api/search?q=stikstof");
    assert_eq!(plain["facets"], serde_json::json!({}));
}

#[test]
fn search_pages_sorts_and_caps_per_document() {
    let server = Server::sample();
    let (_, all) = server.json("/api/search?q=zorg&limit=20");
    let (_, second) = server.json("/api/search?q=zorg&limit=10&offset=10");
    let ids = |o: &Value| -> Vec<(String, String)> {
        o["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| {
                (
                    h["doc_id"].as_str().unwrap().to_owned(),
                    h["text"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    assert_eq!(ids(&all)[10..], ids(&second)[..]);
    assert_eq!(second["hits"][0]["rank"], 11);

    let (_, by_date) = server.json("/api/search?q=zorg&sort=date&limit=50");
    let dates: Vec<&str> = by_date["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["date"].as_str().unwrap_or(""))
        .collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1] || w[1].is_empty()));
    assert_ne!(dates.first(), dates.last());

    let per_doc = |path: &str| -> usize {
        let (_, o) = server.json(path);
        let mut counts = std::collections::HashMap::new();
        for h in o["hits"].as_array().unwrap() {
            *counts
                .entry(h["doc_id"].as_str().unwrap().to_owned())
                .or_insert(0) += 1;
        }
        counts.into_values().max().unwrap_or(0)
    };
    assert_eq!(per_doc("/api/search?q=minister&limit=100&per_doc=1"), 1);
    assert!(per_doc("/api/search?q=minister&limit=100&per_doc=0") > 3);
}

#[test]
fn document_and_references_are_what_show_and_refs_print() {
    let server = Server::sample();
    let (index, _) = sample_index();
    let dir = index.path().to_str().unwrap();
    let (status, doc) = server.json("/api/doc/kst-34104-439");
    assert_eq!(status, 200);
    assert_eq!(
        doc,
        docsearch_json(&["show", "kst-34104-439", "--index", dir, "--json"])
    );
    assert!(doc["passages"][0]["text"]
        .as_str()
        .unwrap()
        .contains("verzoekt de regering"));
    // Ids that are corpus paths, with their slashes.
    let (status, letter) =
        server.json("/api/doc/kamerbrieven/geannoteerde-agenda-ojcs-raad-mei-2024");
    assert_eq!(status, 200);
    assert_eq!(letter["doc_type"], "brief");

    let (status, refs) = server.json("/api/refs/kst-36760-40");
    assert_eq!(status, 200);
    let cli = docsearch_json(&["refs", "kst-36760-40", "--index", dir, "--json"]);
    assert_eq!(refs["document"], cli["document"]);
    assert_eq!(refs["cited_by"], cli["citing"]);
    assert!(refs["cited_by"]
        .as_array()
        .unwrap()
        .iter()
        .any(|h| h["doc_id"] == "kst-36800-48"));
    let (_, citing) = server.json("/api/refs/kst-36800-48");
    assert!(citing["cites"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["canonical"] == "kst-36760-40" && c["in_index"] == true));
}

#[test]
fn errors_are_json_with_their_status() {
    let server = Server::sample();
    let (status, o) = server.json("/api/search?q=%22unbalanced");
    assert_eq!(status, 400);
    assert_eq!(o["code"], "bad_query");
    assert_eq!(o["column"], 1);
    assert!(o["error"].as_str().unwrap().contains("column 1"), "{o}");
    let (status, o) = server.json("/api/search?q=type:memo");
    assert_eq!(status, 400);
    assert!(o["error"].as_str().unwrap().contains("motie"), "{o}");
    let (status, _) = server.json("/api/search?q=");
    assert_eq!(status, 400);
    for bad in [
        "limit=1000",
        "limit=-1",
        "offset=99999999",
        "limit=abc",
        "sort=random",
        "facets=type,colour",
    ] {
        let (status, o) = server.json(&format!("/api/search?q=zorg&{bad}"));
        assert_eq!(status, 400, "{bad}: {o}");
        assert_eq!(o["code"], "bad_parameter", "{bad}");
    }
    let (status, o) = server.json("/api/doc/kst-1-1");
    assert_eq!(status, 404);
    assert!(o["error"].as_str().unwrap().contains("kst-1-1"));
    let (status, _) = server.json("/api/refs/nothing-here");
    assert_eq!(status, 404);
    let (status, _) = server.json("/api/nothing");
    assert_eq!(status, 404);
    let (status, o) = server.json("/healthz");
    assert_eq!(status, 200);
    assert_eq!(o["status"], "ok");
    assert_eq!(o["passages"], sample_index().0.num_passages());
}

#[test]
fn hostile_requests_get_4xx_and_no_file() {
    let server = Server::sample();
    for path in [
        "/../../../../etc/passwd",
        "/static/../../../../etc/passwd",
        "/static/..%2f..%2f..%2fetc%2fpasswd",
        "/static/%2e%2e/%2e%2e/etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/doc/..%2f..%2f..%2fetc%2fpasswd",
        "/api/doc/..%2f..%2fetc%2fpasswd",
        "/api/doc/../../etc/passwd",
        "/api/refs/%2fetc%2fpasswd",
        "/static/style.css/../../Cargo.toml",
        "/Cargo.toml",
        "/src/main.rs",
    ] {
        let (status, _, body) = server.get(path);
        assert_eq!(status, 404, "{path}");
        assert!(!body.contains("root:"), "{path} served /etc/passwd");
        assert!(!body.contains("[package]"), "{path} served Cargo.toml");
    }
    // An over-long query is refused before it is searched, as is an over-long request.
    let (status, o) = server.json(&format!("/api/search?q={}", "a".repeat(1_001)));
    assert_eq!(status, 414);
    assert_eq!(o["code"], "too_long");
    let (status, o) = server.json(&format!("/api/search?q={}", "a+".repeat(30_000)));
    assert_eq!(status, 414, "{o}");
    let (status, _, body) = server.get(&format!("/?q={}", "woord+".repeat(5_000)));
    assert_eq!(status, 414);
    assert!(body.contains("te lang"));
    // 200 kB: no client crate builds a URI this long (the `http` crate stops at
    // 64 KiB), so this one request is written by hand; only its status line is read.
    let mut stream =
        std::net::TcpStream::connect(server.base.trim_start_matches("http://")).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let request = format!(
        "GET /api/search?q={} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
        "a".repeat(200_000)
    );
    stream.write_all(request.as_bytes()).expect("send");
    let mut status_line = String::new();
    BufReader::new(stream)
        .read_line(&mut status_line)
        .expect("status line");
    assert!(status_line.starts_with("HTTP/1.1 4"), "{status_line}");
    // And the server is still there.
    assert_eq!(server.json("/healthz").0, 200);
}

#[test]
fn a_burst_of_400_requests_32_at_a_time_is_answered() {
    let server = Server::sample();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let statuses: Vec<u16> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..32)
            .map(|_| {
                scope.spawn(|| {
                    let agent = agent();
                    let mut got = Vec::new();
                    loop {
                        let n = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                        if n >= 400 {
                            return got;
                        }
                        let url = format!("{}/api/search?q=motie+{n}&limit=20", server.base);
                        got.push(get(&agent, &url).0);
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().expect("client thread"))
            .collect()
    });
    assert_eq!(statuses.len(), 400);
    let ok = statuses.iter().filter(|&&s| s == 200).count();
    assert_eq!(ok, 400, "statuses: {statuses:?}");
    assert_eq!(server.json("/healthz").0, 200);
}

#[test]
fn a_search_over_the_time_limit_gets_503_and_the_server_stays_up() {
    let (index, _) = sample_index();
    let server = Server::start(index.path(), &["--timeout", "0.000001"]);
    // The limit is a microsecond: a long question (which also scores word heads
    // and letter n-grams) with a hundred hits and all facets cannot make it.
    let (status, o) = server.json(
        "/api/search?q=wat+doet+de+minister+aan+de+zorg+voor+ouderen+en+het+onderwijs+in+de+regio\
         &limit=100&per_doc=0&facets=type,year,dossier",
    );
    assert_eq!(status, 503, "{o}");
    assert_eq!(o["code"], "timeout");
    assert_eq!(server.json("/healthz").0, 200);
}

#[test]
fn pages_and_style_are_served_with_safe_headers() {
    let server = Server::sample();
    let response = agent()
        .get(format!("{}/?q=stikstof", server.base))
        .call()
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned()
    };
    assert!(header("content-type").starts_with("text/html"));
    assert!(header("content-security-policy").contains("default-src 'none'"));
    assert_eq!(header("x-content-type-options"), "nosniff");
    let (status, kind, css) = server.get("/static/style.css");
    assert_eq!(status, 200);
    assert!(kind.starts_with("text/css"));
    assert!(css.contains("mark"));
    // A query that does not parse is said on the page, with status 400.
    let (status, _, page) = server.get("/?q=%22open");
    assert_eq!(status, 400);
    assert!(page.contains("kan niet worden gelezen"), "{page}");
    // An unknown document: 404, as a page.
    let (status, kind, page) = server.get("/doc/kst-1-1");
    assert_eq!(status, 404);
    assert!(kind.starts_with("text/html") && page.contains("Niet gevonden"));
}

#[test]
fn after_index_commits_the_server_answers_from_the_new_index() {
    let first = "moties/000997f1-f677-4f1a-9be2-7f0faf8479a7.xml";
    let corpus = corpus_with(&[(first, &sample_file(first))]);
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let run_index = || {
        let status = Command::new(env!("CARGO_BIN_EXE_docsearch"))
            .arg("index")
            .arg(corpus.path())
            .arg("--index")
            .arg(&index)
            .stderr(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success());
    };
    run_index();
    let server = Server::start(&index, &[]);
    let found = |q: &str| {
        server.json(&format!("/api/search?q={q}&limit=0")).1["total"]["passages"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(found("stikstofbank"), 0);

    let second = "moties/4fbeb351-3a26-4746-9ff7-9773c3c82a5f.xml";
    std::fs::write(corpus.path().join(second), sample_file(second)).unwrap();
    run_index();
    let start = Instant::now();
    while found("stikstofbank") == 0 {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the server still answers from the old index"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    let (status, doc) = server.json("/api/doc/kst-33009-169");
    assert_eq!(status, 200);
    assert!(doc["title"].as_str().unwrap().contains("stikstofbank"));
    // The first document is still there.
    assert_eq!(found("%22regionaal+budget%22"), 1);
}
