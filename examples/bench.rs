//! Whole-tool benchmark: indexing speed, peak memory, index size, incremental
//! re-runs and query latency, over a corpus and over copies of it.
//!
//! ```sh
//! cargo build --release && cargo run --release --example bench -- ../shared/corpus
//! cargo run --release --example bench -- ../shared/corpus --scales 1,4,16
//! ```
//!
//! `docsearch index` runs as a child process (the release binary next to this
//! example), so its peak RSS is the kernel's account of that one process
//! (`wait4`). Query latency is measured in-process over the moties subject
//! lines, short keyword queries derived from them and from the Kamervragen, and
//! separately over the long Kamervragen questions (`--eval DIR`, default
//! `../shared/eval`): after a warm-up pass, each query is timed three times and
//! its median counts. A scale factor N > 1 indexes N copies of the corpus in a
//! temporary folder: copy 0 is a symlink to the corpus, the others are real
//! copies whose identifiers get a `-cNN` suffix so every document stays distinct.
//! With more than one scale, tantivy alone then indexes the corpus
//! (`common/peer.rs`, as `tantivy_peer` does), and the bench prints issue 17's
//! targets at scale: the 1x query targets at the largest scale, query
//! percentiles growing at most 2x, peak RSS at most 1.25x that of the scale
//! before, and indexing at 0.6x tantivy's rate or more.
//!
//! The environment variable `DOCSEARCH_CANDIDATES` sets the ranking's
//! first-phase depth (`SearchOptions::candidates`; 0 scores every match in
//! full), `DOCSEARCH_FIRST_PHASE_FACTOR` how much sooner its first phase
//! skips (`SearchOptions::first_phase_factor`; 1 picks the exact best), and
//! `DOCSEARCH_SEARCH_THREADS` the threads one search may use
//! (`SearchOptions::threads`; 1 measures a search on one core).
//!
//! Options: `--scales 1,4,16` (default `1`), `--runs N` process-query runs
//! (default 9), `--threads N` passed to `docsearch index`, `--work DIR` (default
//! a temp dir), `--keep` keeps the indexes built (their paths are printed),
//! `--bin PATH` the docsearch binary, `--slowest N` prints the N
//! slowest queries. `--queries INDEX` measures only the in-process query
//! latencies against an existing index, `--runs` times over (for comparing
//! two builds); then no corpus is needed. With `--queries INDEX`, each
//! `--query TEXT` times that one query (median of 10 × `--runs` passes)
//! instead of the query sets. `--queries INDEX` also times queries with
//! operators, three for each of the first 100 moties subject lines, made of
//! its two longest words and a filter (`lang:nl`), an exclusion
//! (`-"tweede kamer"`) or a reference (the next motie's identifier).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use docsearch::{SearchIndex, SearchOptions};

#[path = "common/peer.rs"]
mod peer;

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// The targets of issue 5.
const MIN_MB_PER_S: f64 = 20.0;
const MAX_RSS_MIB: f64 = 1024.0;
/// "Flat": peak RSS at the largest scale at most this many times that at the smallest.
const MAX_RSS_GROWTH: f64 = 1.25;
const MAX_INCREMENTAL_S: f64 = 1.0;
const MAX_KEYWORD_P50_MS: f64 = 1.0;
const MAX_KEYWORD_P99_MS: f64 = 10.0;
const MAX_LONG_P99_MS: f64 = 30.0;
const MAX_PROCESS_QUERY_MS: f64 = 30.0;
/// The targets of issue 17, at the largest scale against the smallest.
/// Keyword and long-question p50 and p99 at most this many times those at 1x.
const MAX_QUERY_GROWTH: f64 = 2.0;
/// Peak RSS at the largest scale at most this many times that at the scale
/// before it (both fill the writer's memory budget; 1x does not).
const MAX_RSS_STEP: f64 = 1.25;
/// Indexing at least this share of tantivy's own rate over the same corpus.
const MIN_PEER_SHARE: f64 = 0.6;
/// The query timed as a `docsearch query` process.
const PROCESS_QUERY: &str = "AI-verordening hoog risico";

struct Args {
    corpus: PathBuf,
    eval: PathBuf,
    scales: Vec<usize>,
    runs: usize,
    threads: Option<usize>,
    work: Option<PathBuf>,
    keep: bool,
    bin: PathBuf,
    slowest: usize,
    /// Only query latencies, against this existing index.
    queries_only: Option<PathBuf>,
    /// With `queries_only`: time only these queries.
    only: Vec<String>,
}

fn parse_args() -> Result<Args> {
    let mut corpus = None;
    let mut eval = PathBuf::from("../shared/eval");
    let mut scales = vec![1];
    let mut runs = 9;
    let mut threads = None;
    let mut work = None;
    let mut keep = false;
    let mut slowest = 0;
    let mut queries_only = None;
    let mut only = Vec::new();
    let mut bin = std::env::current_exe()?
        .parent()
        .and_then(Path::parent)
        .ok_or("cannot find the target folder")?
        .join("docsearch");
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--eval" => eval = value()?.into(),
            "--scales" => {
                scales = value()?
                    .split(',')
                    .map(|s| s.trim().parse::<usize>())
                    .collect::<std::result::Result<_, _>>()?;
                scales.sort_unstable();
                scales.dedup();
                if scales.contains(&0) {
                    return Err("scales start at 1".into());
                }
            }
            "--runs" => runs = value()?.parse()?,
            "--threads" => threads = Some(value()?.parse()?),
            "--work" => work = Some(value()?.into()),
            "--keep" => keep = true,
            "--bin" => bin = value()?.into(),
            "--slowest" => slowest = value()?.parse()?,
            "--queries" => queries_only = Some(PathBuf::from(value()?)),
            "--query" => only.push(value()?),
            _ if arg.starts_with("--") => return Err(format!("unknown option {arg}").into()),
            _ => corpus = Some(PathBuf::from(arg)),
        }
    }
    let usage = "usage: bench CORPUS [--scales 1,4,16] [--eval DIR] [--runs N] [--threads N] [--work DIR] [--keep] [--bin PATH] [--slowest N]\n       bench --queries INDEX [--eval DIR] [--runs N] [--slowest N] [--query TEXT]...";
    Ok(Args {
        corpus: match (corpus, &queries_only) {
            (Some(c), _) => c,
            (None, Some(_)) => PathBuf::new(),
            (None, None) => return Err(usage.into()),
        },
        eval,
        scales,
        runs: runs.max(1),
        threads,
        work,
        keep,
        bin,
        slowest,
        queries_only,
        only,
    })
}

fn main() -> Result<()> {
    let args = parse_args()?;
    if let Some(index) = &args.queries_only {
        return query_runs(&args, index);
    }
    if !args.bin.is_file() {
        return Err(format!(
            "{} not found: run `cargo build --release` first (or pass --bin)",
            args.bin.display()
        )
        .into());
    }
    let queries = QuerySets::load(&args.eval)?;
    println!("machine: {}", machine());
    println!("load at start: {}", load_average());
    println!("docsearch: {}", args.bin.display());
    println!(
        "queries: {} keyword ({} moties subjects + {} derived), {} long Kamervragen questions",
        queries.keyword.len(),
        queries.moties,
        queries.keyword.len() - queries.moties,
        queries.long.len()
    );

    let temp = tempfile::Builder::new()
        .prefix("docsearch-bench")
        .disable_cleanup(args.keep)
        .tempdir_in(args.work.clone().unwrap_or_else(std::env::temp_dir))?;
    let mut rows = Vec::new();
    for &scale in &args.scales {
        let corpus = if scale == 1 {
            args.corpus.clone()
        } else {
            let dir = temp.path().join(format!("corpus-x{scale}"));
            let started = Instant::now();
            let bytes = make_copies(&args.corpus, &dir, scale)?;
            eprintln!(
                "scale {scale}: wrote {} copies ({:.0} MB) in {:.1} s",
                scale - 1,
                bytes as f64 / 1e6,
                started.elapsed().as_secs_f64()
            );
            dir
        };
        let index = temp.path().join(format!("index-x{scale}"));
        let row = measure(&args, scale, &corpus, &index, &queries)?;
        row.print();
        rows.push(row);
        // The copies and the index of a large scale take gigabytes: drop them
        // now, unless asked to keep the indexes (for `--queries`).
        if scale > 1 {
            std::fs::remove_dir_all(&corpus)?;
        }
        if args.keep {
            println!("kept {}", index.display());
        } else {
            std::fs::remove_dir_all(&index)?;
        }
    }
    println!("load at end: {}", load_average());
    print_scaling(&rows);
    print_targets(&rows);
    if rows.len() > 1 {
        // tantivy's own rate over the same corpus, the same hour.
        let peer = peer::index_with_tantivy(&args.corpus)?;
        println!(
            "\ntantivy alone (one stemmed field): {} text files, {:.1} MB in {:.2} s, {:.1} MB/s",
            peer.files,
            peer.bytes as f64 / 1e6,
            peer.seconds,
            peer.mb_per_s()
        );
        print_scale_targets(&rows, peer.mb_per_s());
    }
    Ok(())
}

/// In-process query latencies against an existing index, `args.runs` times.
fn query_runs(args: &Args, index: &Path) -> Result<()> {
    let idx = SearchIndex::open(index)?;
    if !args.only.is_empty() {
        for q in &args.only {
            let times = latencies(&idx, std::slice::from_ref(q), 0, 10 * args.runs)?;
            println!("  {:>8.2} ms p50  {q}", ms(times.p50));
        }
        return Ok(());
    }
    let queries = QuerySets::load(&args.eval)?;
    println!("load at start: {}", load_average());
    for run in 1..=args.runs {
        println!("run {run}");
        println!(
            "  keyword queries  {}",
            latencies(&idx, &queries.keyword, args.slowest, TIMED_PASSES)?
        );
        println!(
            "  long questions   {}",
            latencies(&idx, &queries.long, args.slowest, TIMED_PASSES)?
        );
        println!(
            "  with operators   {}",
            latencies(&idx, &queries.operators, args.slowest, TIMED_PASSES)?
        );
    }
    println!("load at end: {}", load_average());
    Ok(())
}

/// Everything measured at one scale.
struct Row {
    scale: usize,
    files: u64,
    /// Bytes of the files docsearch read.
    text_bytes: u64,
    passages: u64,
    build: Duration,
    cpu: Duration,
    peak_rss_kib: u64,
    index_bytes: u64,
    incremental: Duration,
    keyword: Latencies,
    long: Latencies,
    process_query: Duration,
}

impl Row {
    fn mb_per_s(&self) -> f64 {
        self.text_bytes as f64 / 1e6 / self.build.as_secs_f64()
    }

    fn rss_mib(&self) -> f64 {
        self.peak_rss_kib as f64 / 1024.0
    }

    fn print(&self) {
        let secs = self.build.as_secs_f64();
        println!("\n== {}x corpus ==", self.scale);
        println!(
            "index build      {secs:.1} s wall ({:.1} s CPU) for {} files, {:.1} MB read, {} passages",
            self.cpu.as_secs_f64(),
            self.files,
            self.text_bytes as f64 / 1e6,
            self.passages
        );
        println!(
            "throughput       {:.1} MB/s, {:.0} passages/s",
            self.mb_per_s(),
            self.passages as f64 / secs
        );
        println!("peak RSS         {:.0} MiB", self.rss_mib());
        println!(
            "index size       {:.1} MB ({:.2}x the text read)",
            self.index_bytes as f64 / 1e6,
            self.index_bytes as f64 / self.text_bytes as f64
        );
        println!("incremental run  {:.3} s", self.incremental.as_secs_f64());
        println!("keyword queries  {}", self.keyword);
        println!("long questions   {}", self.long);
        println!(
            "process query    {:.1} ms wall (median), `docsearch query \"{PROCESS_QUERY}\"`",
            ms(self.process_query)
        );
    }
}

fn measure(
    args: &Args,
    scale: usize,
    corpus: &Path,
    index: &Path,
    queries: &QuerySets,
) -> Result<Row> {
    // Indexing is measured on a warm page cache: it is CPU-bound, not disk-bound.
    warm_page_cache(corpus)?;
    let mut cmd = Command::new(&args.bin);
    cmd.arg("index")
        .arg(corpus)
        .arg("--index")
        .arg(index)
        .arg("--json");
    if let Some(n) = args.threads {
        cmd.arg("--threads").arg(n.to_string());
    }
    let first = run_child(&mut cmd)?;
    let report = index_report(&first)?;
    let second = run_child(&mut cmd)?;
    let again = index_report(&second)?;
    if again["files_indexed"].as_u64() != Some(0) {
        return Err(format!("the second run re-read files: {again}").into());
    }

    let idx = SearchIndex::open(index)?;
    let keyword = latencies(&idx, &queries.keyword, args.slowest, TIMED_PASSES)?;
    let long = latencies(&idx, &queries.long, args.slowest, TIMED_PASSES)?;
    drop(idx);

    let mut query = Command::new(&args.bin);
    query
        .arg("query")
        .arg(PROCESS_QUERY)
        .arg("--index")
        .arg(index);
    run_child(&mut query)?; // warm-up
    let mut walls = Vec::new();
    for _ in 0..args.runs {
        let run = run_child(&mut query)?;
        if run.status != 0 || run.stdout.is_empty() {
            return Err(format!("`docsearch query` found nothing (exit {})", run.status).into());
        }
        walls.push(run.last_byte);
    }
    walls.sort();

    Ok(Row {
        scale,
        files: report["files_indexed"].as_u64().unwrap_or(0),
        text_bytes: report["bytes_read"].as_u64().unwrap_or(0),
        passages: report["passages_added"].as_u64().unwrap_or(0),
        build: first.wall,
        cpu: first.cpu,
        peak_rss_kib: first.max_rss_kib,
        index_bytes: folder_size(index)?,
        incremental: second.wall,
        keyword,
        long,
        process_query: walls[walls.len() / 2],
    })
}

/// The JSON report of a `docsearch index --json` run; exit 1 (some files skipped,
/// e.g. PDFs) is a normal outcome.
fn index_report(run: &ChildRun) -> Result<serde_json::Value> {
    if run.status != 0 && run.status != 1 {
        return Err(format!(
            "docsearch index failed (exit {}): {}",
            run.status,
            String::from_utf8_lossy(&run.stderr)
        )
        .into());
    }
    Ok(serde_json::from_slice(&run.stdout)?)
}

/// A finished child process and what the kernel counted for it.
struct ChildRun {
    status: i32,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
    /// From spawn to the end of its standard output.
    last_byte: Duration,
    /// From spawn to its exit.
    wall: Duration,
    /// User + system time.
    cpu: Duration,
    max_rss_kib: u64,
}

fn run_child(cmd: &mut Command) -> Result<ChildRun> {
    let started = Instant::now();
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let mut err = child.stderr.take().ok_or("no stderr")?;
    let stderr_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        err.read_to_end(&mut buf).map(|_| buf)
    });
    let mut stdout = Vec::new();
    child
        .stdout
        .take()
        .ok_or("no stdout")?
        .read_to_end(&mut stdout)?;
    let last_byte = started.elapsed();
    let stderr = stderr_reader
        .join()
        .map_err(|_| "stderr reader panicked")??;
    let (status, usage) = wait4(child.id())?;
    let wall = started.elapsed();
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    Ok(ChildRun {
        status,
        stdout,
        stderr,
        last_byte,
        wall,
        cpu: tv(usage.ru_utime) + tv(usage.ru_stime),
        // Linux counts ru_maxrss in KiB.
        max_rss_kib: usage.ru_maxrss as u64,
    })
}

/// Reaps the child `pid` and returns its exit code and resource usage (of that
/// one process, unlike `getrusage(RUSAGE_CHILDREN)`, which keeps the maximum
/// over all children and would hide a smaller peak at a later scale).
fn wait4(pid: u32) -> Result<(i32, libc::rusage)> {
    let mut status = 0;
    // SAFETY: rusage is plain data; all zeroes is a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: both pointers are to live locals; pid is our own unreaped child.
    let r = unsafe { libc::wait4(pid as libc::pid_t, &mut status, 0, &mut usage) };
    if r < 0 {
        return Err(std::io::Error::last_os_error().into());
    }
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    Ok((code, usage))
}

/// Latency percentiles of one query set, in-process, after a warm-up pass:
/// each query's latency is its median over [`TIMED_PASSES`] passes.
struct Latencies {
    p50: Duration,
    p95: Duration,
    p99: Duration,
    max: Duration,
    queries: usize,
    with_hits: usize,
}

impl std::fmt::Display for Latencies {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} ms, max {:.2} ms ({} queries, {} with hits)",
            ms(self.p50),
            ms(self.p95),
            ms(self.p99),
            ms(self.max),
            self.queries,
            self.with_hits
        )
    }
}

/// The first-phase depth of the ranking: `DOCSEARCH_CANDIDATES` (0 for
/// single-phase ranking, to compare), else docsearch's default.
fn candidates() -> usize {
    std::env::var("DOCSEARCH_CANDIDATES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(docsearch::CANDIDATES)
}

/// How much sooner the first phase skips: `DOCSEARCH_FIRST_PHASE_FACTOR` (1
/// for the exact best candidates, to compare), else docsearch's default.
fn first_phase_factor() -> f32 {
    std::env::var("DOCSEARCH_FIRST_PHASE_FACTOR")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(docsearch::FIRST_PHASE_FACTOR)
}

/// Threads a search may use: `DOCSEARCH_SEARCH_THREADS` (1 to measure a
/// search on one core), else docsearch's default (one per core).
fn search_threads() -> usize {
    std::env::var("DOCSEARCH_SEARCH_THREADS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// Timed passes over a query set after the warm-up pass.
const TIMED_PASSES: usize = 3;

/// Query latencies over `passes` timed passes; with `slowest` > 0 also
/// prints that many slowest queries.
fn latencies(
    index: &SearchIndex,
    queries: &[String],
    slowest: usize,
    passes: usize,
) -> Result<Latencies> {
    let options = SearchOptions {
        candidates: candidates(),
        first_phase_factor: first_phase_factor(),
        threads: search_threads(),
        ..SearchOptions::default()
    };
    for q in queries {
        index.search(q, &options)?;
    }
    // Each query is timed in TIMED_PASSES passes over the set and its median
    // counts: a pause of the machine in one pass does not make a query slow.
    let mut samples = vec![Vec::with_capacity(passes); queries.len()];
    let mut with_hits = 0;
    for pass in 0..passes {
        for (q, sample) in queries.iter().zip(&mut samples) {
            let started = Instant::now();
            let hits = index.search(std::hint::black_box(q), &options)?;
            sample.push(started.elapsed());
            if pass == 0 {
                with_hits += usize::from(!hits.is_empty());
            }
        }
    }
    let mut times: Vec<Duration> = samples
        .into_iter()
        .map(|mut sample| {
            sample.sort();
            sample[sample.len() / 2]
        })
        .collect();
    // A fast wrong answer must not pass: almost every query finds something.
    if with_hits * 10 < queries.len() * 9 {
        return Err(format!(
            "only {with_hits} of {} queries found anything",
            queries.len()
        )
        .into());
    }
    if slowest > 0 {
        let mut by_time: Vec<(Duration, &String)> = times.iter().copied().zip(queries).collect();
        by_time.sort_by_key(|(t, _)| std::cmp::Reverse(*t));
        for (t, q) in by_time.iter().take(slowest) {
            let short: String = q.chars().take(80).collect();
            println!("  slow {:>8.2} ms  {short}", ms(*t));
        }
    }
    times.sort();
    let pct = |p: f64| times[((times.len() as f64 * p).ceil() as usize).clamp(1, times.len()) - 1];
    Ok(Latencies {
        p50: pct(0.50),
        p95: pct(0.95),
        p99: pct(0.99),
        max: times[times.len() - 1],
        queries: queries.len(),
        with_hits,
    })
}

struct QuerySets {
    /// Short queries: moties subject lines, then keywords derived from them and
    /// from the Kamervragen questions.
    keyword: Vec<String>,
    /// How many of `keyword` are moties subject lines.
    moties: usize,
    /// The Kamervragen questions as asked.
    long: Vec<String>,
    /// Keywords with a filter, an exclusion or a reference.
    operators: Vec<String>,
}

impl QuerySets {
    fn load(eval: &Path) -> Result<QuerySets> {
        let moties = read_queries(&eval.join("moties/queries.jsonl"))?;
        let ids = read_ids(&eval.join("moties/queries.jsonl"))?;
        let mut operators = Vec::new();
        for (i, q) in moties.iter().take(100).enumerate() {
            if let Some(words) = keywords(q, 2) {
                let next = &ids[(i + 1) % ids.len()];
                operators.push(format!("{words} lang:nl"));
                operators.push(format!("{words} -\"tweede kamer\""));
                operators.push(format!("{words} {next}"));
            }
        }
        let long = read_queries(&eval.join("kamervragen/queries.jsonl"))?;
        let mut keyword = moties.clone();
        keyword.extend(moties.iter().filter_map(|q| keywords(q, 2)));
        keyword.extend(long.iter().filter_map(|q| keywords(q, 3)));
        Ok(QuerySets {
            operators,
            moties: moties.len(),
            keyword,
            long,
        })
    }
}

fn read_queries(path: &Path) -> Result<Vec<String>> {
    read_field(path, "text")
}

/// The identifiers of the queries in a JSON Lines file (a motie's
/// identifier is the reference to it).
fn read_ids(path: &Path) -> Result<Vec<String>> {
    read_field(path, "id")
}

/// The string `field` of each line of a JSON Lines file.
fn read_field(path: &Path, field: &str) -> Result<Vec<String>> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l)?;
            Ok(v[field]
                .as_str()
                .ok_or_else(|| format!("{}: a query without {field}", path.display()))?
                .to_owned())
        })
        .collect()
}

/// A short keyword query: the `n` longest words of `text` (letters only, in
/// their original order), as someone would type into a search box.
fn keywords(text: &str, n: usize) -> Option<String> {
    let mut words: Vec<(usize, &str)> = text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() >= 4)
        .enumerate()
        .collect();
    if words.len() < n {
        return None;
    }
    words.sort_by_key(|(i, w)| (std::cmp::Reverse(w.chars().count()), *i));
    words.truncate(n);
    words.sort_by_key(|(i, _)| *i);
    Some(
        words
            .iter()
            .map(|(_, w)| w.to_lowercase())
            .collect::<Vec<_>>()
            .join(" "),
    )
}

/// Builds `scale` copies of `corpus` in `dir`: `copy-00` links to the corpus,
/// the others are copies with distinct identifiers. Returns the bytes written.
fn make_copies(corpus: &Path, dir: &Path, scale: usize) -> Result<u64> {
    std::fs::create_dir_all(dir)?;
    std::os::unix::fs::symlink(corpus.canonicalize()?, dir.join("copy-00"))?;
    let files = files_under(corpus)?;
    let mut written = 0;
    for rel in &files {
        let bytes = std::fs::read(corpus.join(rel))?;
        for copy in 1..scale {
            let tag = format!("-c{copy:02}");
            let (name, content) = distinct_copy(rel, &bytes, &tag);
            let target = dir.join(format!("copy{tag}")).join(name);
            std::fs::create_dir_all(target.parent().ok_or("no parent")?)?;
            std::fs::write(&target, &content)?;
            written += content.len() as u64;
        }
    }
    Ok(written)
}

/// The path and content of a copy of `rel` whose document identifier ends in `tag`.
fn distinct_copy(rel: &Path, bytes: &[u8], tag: &str) -> (PathBuf, Vec<u8>) {
    let ext = rel.extension().and_then(|e| e.to_str()).unwrap_or("");
    match ext {
        // officiële-publicaties: DC.identifier, or the id in the metadata URL;
        // open-rechtspraak: the ECLI in dcterms:identifier.
        "xml" => {
            let at = find(bytes, b"name=\"DC.identifier\"")
                .and_then(|i| find(&bytes[i..], b"content=\"").map(|j| i + j + 9))
                .and_then(|i| bytes[i..].iter().position(|&b| b == b'"').map(|j| i + j))
                .or_else(|| {
                    find(bytes, b"OVERHEIDop.externMetadataRecord")
                        .and_then(|i| find(&bytes[i..], b"/metadata.xml").map(|j| i + j))
                })
                .or_else(|| {
                    let open = b"<dcterms:identifier>";
                    let i = find(bytes, b"<dcterms:identifier>ECLI:")? + open.len();
                    bytes[i..].iter().position(|&b| b == b'<').map(|j| i + j)
                });
            let mut out = bytes.to_vec();
            if let Some(at) = at {
                out.splice(at..at, tag.bytes());
            }
            (rel.to_path_buf(), out)
        }
        // Statutes are named by their BWB id: a new name is a new id.
        "md" => {
            let stem = rel.file_stem().and_then(|s| s.to_str()).unwrap_or("doc");
            (
                rel.with_file_name(format!("{stem}{tag}.md")),
                bytes.to_vec(),
            )
        }
        // Kamervragen answers carry their id alone on a line.
        "txt" => {
            let text = String::from_utf8_lossy(bytes);
            let mut out = String::with_capacity(text.len() + 16);
            for line in text.split_inclusive('\n') {
                let id = line.trim();
                let is_id =
                    !id.contains(' ') && ["ah-", "h-tk-", "kst-"].iter().any(|p| id.starts_with(p));
                if is_id {
                    out.push_str(id);
                    out.push_str(tag);
                    out.push('\n');
                } else {
                    out.push_str(line);
                }
            }
            if std::str::from_utf8(bytes).is_ok() {
                (rel.to_path_buf(), out.into_bytes())
            } else {
                // Not UTF-8 (Windows-1252): keep the bytes; the path keeps it distinct.
                (rel.to_path_buf(), bytes.to_vec())
            }
        }
        _ => (rel.to_path_buf(), bytes.to_vec()),
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Relative paths of the files under `root` (following symlinks).
fn files_under(root: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        for entry in std::fs::read_dir(root.join(&rel))? {
            let entry = entry?;
            let rel = rel.join(entry.file_name());
            if std::fs::metadata(entry.path())?.is_dir() {
                stack.push(rel);
            } else {
                out.push(rel);
            }
        }
    }
    out.sort();
    Ok(out)
}

fn warm_page_cache(corpus: &Path) -> Result<()> {
    let mut buf = Vec::new();
    for rel in files_under(corpus)? {
        buf.clear();
        std::fs::File::open(corpus.join(rel))?.read_to_end(&mut buf)?;
    }
    Ok(())
}

fn folder_size(path: &Path) -> Result<u64> {
    files_under(path)?
        .iter()
        .map(|rel| Ok(std::fs::metadata(path.join(rel))?.len()))
        .sum()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn machine() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .map(|m| m.trim_start_matches([' ', '\t', ':']).to_owned())
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    format!("{cores} cores, {model}")
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

fn print_scaling(rows: &[Row]) {
    if rows.len() < 2 {
        return;
    }
    println!("\n== scaling ==");
    println!(
        "{:>5} {:>9} {:>8} {:>7} {:>9} {:>9} {:>10} {:>8} {:>8} {:>8} {:>8} {:>8}",
        "scale",
        "text MB",
        "build s",
        "MB/s",
        "RSS MiB",
        "index MB",
        "increm. s",
        "kw p50",
        "kw p99",
        "long p50",
        "long p99",
        "proc ms"
    );
    for r in rows {
        println!(
            "{:>4}x {:>9.0} {:>8.1} {:>7.1} {:>9.0} {:>9.0} {:>10.3} {:>8.2} {:>8.2} {:>8.2} {:>8.2} {:>8.1}",
            r.scale,
            r.text_bytes as f64 / 1e6,
            r.build.as_secs_f64(),
            r.mb_per_s(),
            r.rss_mib(),
            r.index_bytes as f64 / 1e6,
            r.incremental.as_secs_f64(),
            ms(r.keyword.p50),
            ms(r.keyword.p99),
            ms(r.long.p50),
            ms(r.long.p99),
            ms(r.process_query)
        );
    }
}

/// Issue 17's targets: the 1x query targets at the largest scale, query time
/// growing at most [`MAX_QUERY_GROWTH`] times, flat memory between the two
/// largest scales, and indexing at [`MIN_PEER_SHARE`] of tantivy's rate.
fn print_scale_targets(rows: &[Row], peer_mb_per_s: f64) {
    let (Some(small), Some(large)) = (rows.first(), rows.last()) else {
        return;
    };
    let verdict = |ok: bool| if ok { "PASS" } else { "FAIL" };
    let line = |ok: bool, what: String| println!("{}  {what}", verdict(ok));
    println!(
        "\n== targets at scale ({}x against {}x corpus) ==",
        large.scale, small.scale
    );
    for (what, p99, max) in [
        ("keyword", large.keyword.p99, MAX_KEYWORD_P99_MS),
        ("long question", large.long.p99, MAX_LONG_P99_MS),
    ] {
        line(
            ms(p99) <= max,
            format!(
                "{what} p99 {:.2} ms at {}x (<= {max})",
                ms(p99),
                large.scale
            ),
        );
    }
    for (what, at_small, at_large) in [
        ("keyword p50", small.keyword.p50, large.keyword.p50),
        ("keyword p99", small.keyword.p99, large.keyword.p99),
        ("long question p50", small.long.p50, large.long.p50),
        ("long question p99", small.long.p99, large.long.p99),
    ] {
        let growth = ms(at_large) / ms(at_small);
        line(
            growth <= MAX_QUERY_GROWTH,
            format!(
                "{what} {:.2}x from {}x to {}x corpus (<= {MAX_QUERY_GROWTH}x)",
                growth, small.scale, large.scale
            ),
        );
    }
    if let [.., before, last] = rows {
        let step = last.rss_mib() / before.rss_mib();
        line(
            step <= MAX_RSS_STEP && last.rss_mib() < MAX_RSS_MIB,
            format!(
                "peak RSS {:.0} MiB at {}x, {step:.2}x that at {}x (<= {MAX_RSS_STEP}x, < {MAX_RSS_MIB})",
                last.rss_mib(),
                last.scale,
                before.scale
            ),
        );
    }
    let share = small.mb_per_s() / peer_mb_per_s;
    line(
        share >= MIN_PEER_SHARE,
        format!(
            "indexing {:.1} MB/s at {}x, {share:.2}x tantivy's {peer_mb_per_s:.1} MB/s (>= {MIN_PEER_SHARE}x)",
            small.mb_per_s(),
            small.scale
        ),
    );
}

fn print_targets(rows: &[Row]) {
    let Some(base) = rows.iter().find(|r| r.scale == 1).or(rows.first()) else {
        return;
    };
    let verdict = |ok: bool| if ok { "PASS" } else { "FAIL" };
    println!("\n== targets ({}x corpus) ==", base.scale);
    let line = |ok: bool, what: String| println!("{}  {what}", verdict(ok));
    line(
        base.mb_per_s() >= MIN_MB_PER_S,
        format!("indexing {:.1} MB/s (>= {MIN_MB_PER_S})", base.mb_per_s()),
    );
    for r in rows {
        line(
            r.rss_mib() < MAX_RSS_MIB,
            format!(
                "peak RSS {:.0} MiB at {}x (< {MAX_RSS_MIB})",
                r.rss_mib(),
                r.scale
            ),
        );
    }
    if let (Some(small), Some(large)) = (rows.first(), rows.last()) {
        if large.scale > small.scale {
            let growth = large.rss_mib() / small.rss_mib();
            line(
                growth <= MAX_RSS_GROWTH,
                format!(
                    "peak RSS flat: {:.2}x from {}x to {}x corpus (<= {MAX_RSS_GROWTH}x)",
                    growth, small.scale, large.scale
                ),
            );
        }
    }
    line(
        base.incremental.as_secs_f64() < MAX_INCREMENTAL_S,
        format!(
            "incremental re-run {:.3} s (< {MAX_INCREMENTAL_S})",
            base.incremental.as_secs_f64()
        ),
    );
    line(
        ms(base.keyword.p50) <= MAX_KEYWORD_P50_MS,
        format!(
            "keyword p50 {:.2} ms (<= {MAX_KEYWORD_P50_MS})",
            ms(base.keyword.p50)
        ),
    );
    line(
        ms(base.keyword.p99) <= MAX_KEYWORD_P99_MS,
        format!(
            "keyword p99 {:.2} ms (<= {MAX_KEYWORD_P99_MS})",
            ms(base.keyword.p99)
        ),
    );
    line(
        ms(base.long.p99) <= MAX_LONG_P99_MS,
        format!(
            "long question p99 {:.2} ms (<= {MAX_LONG_P99_MS})",
            ms(base.long.p99)
        ),
    );
    line(
        ms(base.process_query) <= MAX_PROCESS_QUERY_MS,
        format!(
            "`docsearch query` process {:.1} ms (<= {MAX_PROCESS_QUERY_MS})",
            ms(base.process_query)
        ),
    );
    line(
        base.index_bytes <= base.text_bytes,
        format!(
            "index {:.1} MB <= text {:.1} MB",
            base.index_bytes as f64 / 1e6,
            base.text_bytes as f64 / 1e6
        ),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn copied(rel: &str, content: &str) -> (String, String) {
        let (path, bytes) = distinct_copy(Path::new(rel), content.as_bytes(), "-c01");
        (
            path.display().to_string(),
            String::from_utf8(bytes).expect("UTF-8"),
        )
    }

    #[test]
    fn copies_get_distinct_identifiers() {
        let (_, dc) = copied(
            "moties/a.xml",
            r#"<meta name="DC.identifier" scheme="OVERHEIDop.ParlID" content="kst-34104-439"/>"#,
        );
        assert!(dc.contains(r#"content="kst-34104-439-c01""#), "{dc}");
        let (_, record) = copied(
            "moties/b.xml",
            r#"<meta name="OVERHEIDop.externMetadataRecord" scheme="" content="https://zoek.officielebekendmakingen.nl/kst-36502-5/metadata.xml"/>"#,
        );
        assert!(record.contains("/kst-36502-5-c01/metadata.xml"), "{record}");
        let (_, ecli) = copied(
            "rechtspraak/ECLI.NL.CBB.1996.ZG0749.xml",
            "<dcterms:identifier>ECLI:NL:CBB:1996:ZG0749</dcterms:identifier>",
        );
        assert!(ecli.contains(">ECLI:NL:CBB:1996:ZG0749-c01<"), "{ecli}");
        let (path, _) = copied("wetten/wet/BWBR0001831.md", "# Wet");
        assert_eq!(path, "wetten/wet/BWBR0001831-c01.md");
        let (_, answer) = copied(
            "kamervragen/a.txt",
            "Antwoord\n\nah-tk-20242025-564 \nEinde\n",
        );
        assert_eq!(answer, "Antwoord\n\nah-tk-20242025-564-c01\nEinde\n");
    }

    #[test]
    fn keyword_queries_are_the_longest_words_in_order() {
        assert_eq!(
            keywords("afspraken over een regionaal budget", 2).as_deref(),
            Some("afspraken regionaal")
        );
        assert_eq!(keywords("te kort", 2), None);
    }
}
