//! Throughput and latency of a running `docsearch serve`: requests per second
//! and p50/p99 latency of `/api/search` with 1, 8 and 32 concurrent clients.
//!
//! ```sh
//! docsearch index ../shared/corpus --index /tmp/shared-index
//! docsearch serve --index /tmp/shared-index --addr 127.0.0.1:8080 &
//! cargo run --release --example serve_bench -- http://127.0.0.1:8080
//! cargo run --release --example serve_bench -- http://127.0.0.1:8080 --clients 1,8,32 --seconds 10
//! ```
//!
//! The queries are the moties subject lines of `../shared/eval/moties` and
//! their two longest words (`--queries FILE` reads other JSON Lines
//! `{"id", "text"}`), each asked as `/api/search?q=...&limit=10` (totals
//! included, as the API always counts them). Every client keeps one
//! connection open and asks the next query as soon as it has an answer; a
//! client starts at its own place in the list. One warm-up pass over the
//! queries comes first. A request that does not get 200 is counted apart and
//! makes the run fail.

use std::path::PathBuf;
use std::time::{Duration, Instant};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

struct Args {
    base: String,
    clients: Vec<usize>,
    seconds: f64,
    queries: PathBuf,
}

fn parse_args() -> Result<Args> {
    let mut args = Args {
        base: String::new(),
        clients: vec![1, 8, 32],
        seconds: 10.0,
        queries: PathBuf::from("../shared/eval/moties/queries.jsonl"),
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = || it.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--clients" => {
                args.clients = value()?
                    .split(',')
                    .map(|n| n.trim().parse())
                    .collect::<std::result::Result<_, _>>()?
            }
            "--seconds" => args.seconds = value()?.parse()?,
            "--queries" => args.queries = PathBuf::from(value()?),
            url if url.starts_with("http://") => args.base = url.trim_end_matches('/').to_owned(),
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    if args.base.is_empty() {
        return Err("usage: serve_bench http://127.0.0.1:8080 [--clients 1,8,32] [--seconds 10] [--queries FILE]".into());
    }
    Ok(args)
}

/// The query lines and, for each, its two longest words.
fn queries(path: &PathBuf) -> Result<Vec<String>> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut lines = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line)?;
        lines.push(v["text"].as_str().ok_or("query without text")?.to_owned());
    }
    let mut out = lines.clone();
    out.extend(lines.iter().filter_map(|q| {
        let mut words: Vec<(usize, &str)> = q
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| w.chars().count() >= 4)
            .enumerate()
            .collect();
        if words.len() < 2 {
            return None;
        }
        words.sort_by_key(|(i, w)| (std::cmp::Reverse(w.chars().count()), *i));
        words.truncate(2);
        words.sort_by_key(|(i, _)| *i);
        Some(
            words
                .iter()
                .map(|(_, w)| w.to_lowercase())
                .collect::<Vec<_>>()
                .join(" "),
        )
    }));
    Ok(out)
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into()
}

/// `q` as a URL query value.
fn encode(q: &str) -> String {
    let mut out = String::new();
    for b in q.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Asks `url`; returns the latency and whether it was answered with 200.
fn ask(agent: &ureq::Agent, url: &str) -> (Duration, bool) {
    let start = Instant::now();
    let ok = match agent.get(url).call() {
        Ok(response) => {
            let status = response.status().as_u16();
            // The whole body, as a client would read it.
            let body = response.into_body().read_to_string();
            status == 200 && body.is_ok()
        }
        Err(_) => false,
    };
    (start.elapsed(), ok)
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i].as_secs_f64() * 1000.0
}

fn main() -> Result<()> {
    let args = parse_args()?;
    let queries = queries(&args.queries)?;
    let urls: Vec<String> = queries
        .iter()
        .map(|q| format!("{}/api/search?q={}&limit=10", args.base, encode(q)))
        .collect();
    println!(
        "{} queries from {}; {} s per level",
        urls.len(),
        args.queries.display(),
        args.seconds
    );
    let warm = agent();
    let warm_start = Instant::now();
    let failed_warm = urls.iter().filter(|u| !ask(&warm, u).1).count();
    println!(
        "warm-up: {} requests in {:.1} s, {failed_warm} not 200",
        urls.len(),
        warm_start.elapsed().as_secs_f64()
    );
    println!("| clients | requests | req/s | p50 ms | p99 ms | not 200 |");
    println!("|--:|--:|--:|--:|--:|--:|");
    let mut failures = failed_warm;
    for &clients in &args.clients {
        let deadline = Instant::now() + Duration::from_secs_f64(args.seconds);
        let start = Instant::now();
        let results: Vec<(Duration, bool)> = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..clients)
                .map(|c| {
                    let urls = &urls;
                    scope.spawn(move || {
                        let agent = agent();
                        let mut got = Vec::new();
                        let mut i = c * urls.len() / clients.max(1);
                        while Instant::now() < deadline {
                            got.push(ask(&agent, &urls[i % urls.len()]));
                            i += 1;
                        }
                        got
                    })
                })
                .collect();
            workers
                .into_iter()
                .flat_map(|w| w.join().expect("client thread"))
                .collect()
        });
        let elapsed = start.elapsed().as_secs_f64();
        let failed = results.iter().filter(|(_, ok)| !ok).count();
        failures += failed;
        let mut latencies: Vec<Duration> = results.iter().map(|(d, _)| *d).collect();
        latencies.sort_unstable();
        println!(
            "| {clients} | {} | {:.0} | {:.2} | {:.2} | {failed} |",
            results.len(),
            results.len() as f64 / elapsed,
            percentile(&latencies, 0.50),
            percentile(&latencies, 0.99),
        );
    }
    if failures > 0 {
        return Err(format!("{failures} requests were not answered with 200").into());
    }
    Ok(())
}
