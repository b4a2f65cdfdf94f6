//! Command-line interface: clap options → library calls → rendering.

#[cfg(feature = "serve")]
mod page;
mod render;
#[cfg(feature = "serve")]
mod serve;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use docsearch::{IndexConfig, IndexReport, Progress, SearchIndex, SearchOptions};

/// Exit codes, as grep has them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitCode {
    /// Hits found; indexing complete.
    Found = 0,
    /// No hits; or indexing finished but skipped some files.
    NotFound = 1,
    /// Error.
    Error = 2,
}

#[derive(Parser)]
#[command(
    name = "docsearch",
    version,
    about = "Passage search for Dutch parliamentary and government documents"
)]
struct Opts {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Index a folder of documents (incremental: only new and changed files are read).
    Index {
        /// The folder to index.
        corpus: PathBuf,
        /// Where the index lives.
        #[arg(long, default_value = "index")]
        index: PathBuf,
        /// Build the index anew (the old one stays usable until the new one is done).
        #[arg(long)]
        rebuild: bool,
        /// Parsing threads (default: one per core).
        #[arg(long, default_value_t = 0)]
        threads: usize,
        /// Skip files larger than this many MB.
        #[arg(long, default_value_t = 64)]
        max_file_mb: u64,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Search the index; prints the best passages, best first.
    ///
    /// Words are matched stemmed and as parts of compounds (stikstof finds
    /// stikstofuitstoot); "a phrase" word for word; +word is required, -word
    /// excluded; word* finds the words beginning with it. Filters narrow the
    /// words' matches, or list what they match on their own:
    ///
    ///   type:motie            document type (see below)
    ///   dossier:36200-VIII    dossier number ("36 200 VIII" works too)
    ///   doc:kst-34104-439     one document
    ///   path:moties/          files under a path of the corpus
    ///   year:2024             year, or a range year:2023..2024
    ///   date:2024-05          YYYY, YYYY-MM, YYYY-MM-DD, or a range FROM..TO
    ///   lang:en               passage language: nl, en, de, fr
    ///   section:"inbreng"     words of the section headings
    ///   ref:kst-21501-34-32   passages citing a paper
    ///   indiener:Bisschop     a motie's submitter or co-signer
    ///
    /// Types: motie, kamerstuk, handelingen, aanhangsel, brief, bnc-fiche,
    /// uitspraak, conclusie, wet, circulaire, document (an index lists its own
    /// in the error of an unknown type:).
    ///
    /// Text output starts with the totals ("1.234 passages in 310 documents").
    /// Each hit shows its document (title, id, type, date, path), section, page and
    /// address, then a snippet of the passage around the matches; --full prints
    /// the whole passage instead. `docsearch show DOC_ID` prints the whole document.
    #[command(verbatim_doc_comment)]
    Query {
        /// The query: words, "phrases", +required, -excluded, word*, field:value filters.
        query: Option<String>,
        /// Where the index lives.
        #[arg(long, default_value = "index")]
        index: PathBuf,
        /// Number of hits; 0 prints no hits, only the totals (as --count does).
        #[arg(long, short = 'n', default_value_t = 10)]
        limit: usize,
        /// Skip this many hits first (for paging).
        #[arg(long, default_value_t = 0)]
        offset: usize,
        /// At most this many passages per document (0: no cap).
        #[arg(long, default_value_t = 3)]
        per_doc: usize,
        /// Order of the hits: relevance, or date (newest first, undated last).
        #[arg(long, value_enum, default_value_t = render::SortArg::Relevance)]
        sort: render::SortArg,
        /// Count matching documents per value of these facets: type, year, dossier (comma-separated).
        #[arg(long, value_delimiter = ',')]
        facets: Vec<docsearch::Facet>,
        /// Print only the totals (and the facets when asked for), no hits.
        #[arg(long)]
        count: bool,
        /// JSON Lines output, one object per hit.
        #[arg(long)]
        json: bool,
        /// Read queries from a JSON Lines file of {"id": ..., "text": ...}.
        #[arg(long)]
        batch: Option<PathBuf>,
        /// Output format: text, json, or trec (documents ranked, for evaluation).
        #[arg(long, value_enum)]
        format: Option<render::Format>,
        /// Print each hit's whole passage instead of the snippet around the matches
        /// (text output; JSON always has the whole passage in `text`).
        #[arg(long)]
        full: bool,
    },
    /// Print a whole document in reading order.
    ///
    /// Title, id, type, date, address and path, then every passage under its section
    /// headings, with its page, footnotes and references (with their addresses).
    /// Exit code 1 when no document has that id.
    Show {
        /// The document's id, as `doc_id` in query results: `kst-34104-439`,
        /// `ECLI:NL:CBB:1996:ZG0749` or `BWBR0001831` (official ids in any case), or
        /// the path without extension of a document without one.
        doc_id: String,
        /// Where the index lives.
        #[arg(long, default_value = "index")]
        index: PathBuf,
        /// Print one JSON object: doc_id, title, doc_type, date, path, url, passages.
        #[arg(long)]
        json: bool,
    },
    /// Follow references: who cites a paper, what a document cites, or extract references from text.
    ///
    /// `refs kst-34104-439` prints the paper itself (if indexed) and every passage citing it;
    /// `refs --from DOC_ID` lists what a document cites and whether each is indexed;
    /// `refs --extract` reads text on standard input and prints one JSON object per reference.
    Refs {
        /// The cited paper, as a canonical id (`kst-21501-34-32`) or as written (`"21 501-34, nr. 32"`).
        reference: Option<String>,
        /// List what this document cites.
        #[arg(long, conflicts_with = "reference")]
        from: Option<String>,
        /// Read text on standard input and print the references in it as JSON Lines.
        #[arg(long, conflicts_with_all = ["reference", "from"])]
        extract: bool,
        /// Where the index lives.
        #[arg(long, default_value = "index")]
        index: PathBuf,
        /// JSON Lines output.
        #[arg(long)]
        json: bool,
    },
    /// Serve a web page and a JSON API over the index (read-only).
    ///
    /// The page: a search box, results with facets, paging and sort, and each
    /// document whole at /doc/DOC_ID. The API: /api/search?q=..., /api/doc/DOC_ID,
    /// /api/refs/ID, /healthz (see the README). After `docsearch index` updates
    /// the index, the server answers from the new one.
    #[cfg(feature = "serve")]
    Serve {
        /// Where the index lives.
        #[arg(long, default_value = "index")]
        index: PathBuf,
        /// Address and port to listen on; 127.0.0.1 keeps it to this machine,
        /// port 0 picks a free port (the address is printed on stderr).
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
        /// Seconds a request's search may take before it is answered with 503.
        #[arg(long, default_value_t = 10.0)]
        timeout: f64,
    },
    /// Evaluate ranking on a TREC test collection: prints MRR@10, nDCG@10, Recall@10, Recall@100.
    Eval {
        /// Queries as JSON Lines {"id": ..., "text": ...}.
        #[arg(long)]
        queries: PathBuf,
        /// TREC qrels: QUERY_ID 0 DOC_ID GRADE.
        #[arg(long)]
        qrels: PathBuf,
        /// Where the index lives.
        #[arg(long, default_value = "index")]
        index: PathBuf,
        /// Also write the TREC run to this file.
        #[arg(long)]
        run: Option<PathBuf>,
        /// Passages the first phase of the ranking picks for the second to
        /// score in full (0: every match scored in full).
        #[arg(long, default_value_t = docsearch::CANDIDATES)]
        candidates: usize,
        /// How much sooner the first phase skips passages: 1 picks exactly
        /// the best candidates by its score.
        #[arg(long, default_value_t = docsearch::FIRST_PHASE_FACTOR)]
        first_phase_factor: f32,
    },
}

/// Runs the command line and returns the process exit code.
pub fn main() -> i32 {
    let opts = Opts::parse();
    // The library turns panics in its dependencies (tantivy on a damaged index
    // file) into errors; the hook keeps their default message off stderr, and a
    // panic that does reach here is printed once as an internal error.
    static PANIC: std::sync::Mutex<String> = std::sync::Mutex::new(String::new());
    std::panic::set_hook(Box::new(|info| {
        if let Ok(mut last) = PANIC.lock() {
            *last = info.to_string();
        }
    }));
    let result = std::panic::catch_unwind(|| run(opts));
    let Ok(result) = result else {
        let message = PANIC.lock().map(|m| m.clone()).unwrap_or_default();
        eprintln!("docsearch: internal error (please report it): {message}");
        return ExitCode::Error as i32;
    };
    match result {
        Ok(code) => code as i32,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::Found as i32;
            }
            eprintln!("docsearch: {err:#}");
            ExitCode::Error as i32
        }
    }
}

/// Colour only on a terminal, and not when `NO_COLOR` is set.
fn color_on_stdout() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn run(opts: Opts) -> Result<ExitCode> {
    match opts.command {
        Command::Index {
            corpus,
            index,
            rebuild,
            threads,
            max_file_mb,
            json,
        } => {
            let config = IndexConfig {
                threads,
                max_file_bytes: max_file_mb << 20,
                ..IndexConfig::default()
            };
            let report = run_index(&corpus, &index, rebuild, &config)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                render::index_summary(&report, &mut std::io::stderr())?;
            }
            Ok(if report.skipped.is_empty() {
                ExitCode::Found
            } else {
                ExitCode::NotFound
            })
        }
        Command::Query {
            query,
            index,
            limit,
            offset,
            per_doc,
            sort,
            facets,
            count,
            json,
            batch,
            format,
            full,
        } => {
            let format = format.unwrap_or(if json {
                render::Format::Json
            } else {
                render::Format::Text
            });
            let idx = SearchIndex::open(&index)?;
            let options = SearchOptions {
                limit: if count { 0 } else { limit },
                offset,
                max_per_doc: per_doc,
                sort: sort.into(),
                facets,
                ..SearchOptions::default()
            };
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            let style = render::TextStyle {
                color: color_on_stdout(),
                full,
            };
            let found = match (batch, query) {
                (Some(file), None) => {
                    let outcome = render::batch(&idx, &file, &options, format, style, &mut out)?;
                    if outcome.rejected > 0 {
                        out.flush()?;
                        return Ok(ExitCode::Error);
                    }
                    outcome.found
                }
                (None, Some(q)) => render::single(&idx, &q, &options, format, style, &mut out)?,
                (Some(_), Some(_)) => {
                    anyhow::bail!("give either a query or --batch FILE, not both")
                }
                (None, None) => anyhow::bail!(
                    "no query given; try: docsearch query \"AI-verordening hoog risico\""
                ),
            };
            out.flush()?;
            Ok(if found {
                ExitCode::Found
            } else {
                ExitCode::NotFound
            })
        }
        Command::Show {
            doc_id,
            index,
            json,
        } => {
            let idx = SearchIndex::open(&index)?;
            let Some(doc) = idx.document(&doc_id)? else {
                eprintln!(
                    "docsearch: no document {} in the index {}; `docsearch query --json` shows the ids (doc_id)",
                    doc_id.trim(),
                    index.display()
                );
                return Ok(ExitCode::NotFound);
            };
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            if json {
                writeln!(out, "{}", serde_json::to_string(&doc)?)?;
            } else {
                render::document(&doc, color_on_stdout(), &mut out)?;
            }
            out.flush()?;
            Ok(ExitCode::Found)
        }
        Command::Refs {
            reference,
            from,
            extract,
            index,
            json,
        } => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            let found = if extract {
                let mut text = String::new();
                std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)
                    .context("cannot read standard input (is it UTF-8 text?)")?;
                render::extracted_references(&text, &mut out)?
            } else {
                let idx = SearchIndex::open(&index)?;
                match (reference, from) {
                    (Some(r), None) => render::cited_by(&idx.cited_by(&r)?, json, &mut out)?,
                    (None, Some(doc)) => render::citations(&doc, &idx.citations_of(&doc)?, json, &mut out)?,
                    _ => anyhow::bail!("give a reference (docsearch refs kst-34104-439), --from DOC_ID, or --extract"),
                }
            };
            out.flush()?;
            Ok(if found {
                ExitCode::Found
            } else {
                ExitCode::NotFound
            })
        }
        #[cfg(feature = "serve")]
        Command::Serve {
            index,
            addr,
            timeout,
        } => {
            let timeout = std::time::Duration::try_from_secs_f64(timeout)
                .ok()
                .filter(|t| !t.is_zero())
                .context("--timeout must be a number of seconds above 0")?;
            serve::run(serve::Config {
                index,
                addr,
                timeout,
            })?;
            Ok(ExitCode::Found)
        }
        Command::Eval {
            queries,
            qrels,
            index,
            run,
            candidates,
            first_phase_factor,
        } => run_eval(
            &index,
            &queries,
            &qrels,
            run.as_deref(),
            candidates,
            first_phase_factor,
        ),
    }
}

fn run_eval(
    index: &Path,
    queries: &Path,
    qrels: &Path,
    run_file: Option<&Path>,
    candidates: usize,
    first_phase_factor: f32,
) -> Result<ExitCode> {
    let idx = SearchIndex::open(index)?;
    let qrels_text = std::fs::read_to_string(qrels)
        .with_context(|| format!("cannot read {}", qrels.display()))?;
    let judged = docsearch::eval::parse_qrels(&qrels_text)
        .map_err(|e| anyhow::anyhow!("{}: {e}", qrels.display()))?;
    let mut trec = Vec::new();
    render::batch(
        &idx,
        queries,
        &SearchOptions {
            limit: 100,
            candidates,
            first_phase_factor,
            ..SearchOptions::default()
        },
        render::Format::Trec,
        render::TextStyle::default(),
        &mut trec,
    )?;
    let trec = String::from_utf8(trec)?;
    if let Some(path) = run_file {
        std::fs::write(path, &trec).with_context(|| format!("cannot write {}", path.display()))?;
    }
    let metrics = docsearch::eval::evaluate(&judged, &docsearch::eval::parse_run(&trec));
    println!("{metrics}");
    Ok(ExitCode::Found)
}

fn run_index(
    corpus: &Path,
    index: &Path,
    rebuild: bool,
    config: &IndexConfig,
) -> Result<IndexReport> {
    // Before the index folder is made: a mistyped corpus path leaves nothing behind.
    docsearch::index::check_corpus(corpus)
        .with_context(|| format!("indexing {}", corpus.display()))?;
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} {bar:40} {bytes}/{total_bytes} {bytes_per_sec} {msg}",
            )
            .expect("valid template"),
        );
        bar
    });
    let progress = |p: Progress| {
        if let Some(bar) = &bar {
            match p {
                Progress::Planned { bytes, to_read, .. } => {
                    bar.set_length(bytes);
                    bar.set_message(format!("{to_read} files to read"));
                }
                Progress::FileDone { bytes } => bar.inc(bytes),
                Progress::Committing => bar.set_message("committing"),
                Progress::Merging => bar.set_message("merging segments"),
            }
        }
    };
    let report = if rebuild {
        SearchIndex::rebuild_with_progress(index, corpus, config, &progress)
    } else {
        SearchIndex::open_or_create(index)
            .and_then(|idx| idx.index_folder_with_progress(corpus, config, &progress))
    }
    .with_context(|| format!("indexing {}", corpus.display()))?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    Ok(report)
}
