//! `docsearch serve`: a web page and a JSON API over an index, read-only.
//!
//! Flags and glue, like the rest of the binary: a handler reads the request
//! into the [`SearchOptions`] the command line builds, calls the library on
//! the blocking pool and serialises what it returns. All endpoints are `GET`:
//!
//! - `/api/search?q=&limit=&offset=&sort=relevance|date&facets=type,year,dossier&per_doc=`:
//!   `{"total": {"passages", "documents"}, "hits": [Hit, ...], "facets": {"type": {"motie": 12}, ...}}`,
//!   each hit an object of `query --json`.
//! - `/api/doc/{doc_id}`: the object of `show --json`.
//! - `/api/refs/{id}`: `{"canonical", "document", "cited_by": [Hit, ...], "cites": [Citation, ...]}`,
//!   what `refs --json ID` and `refs --json --from ID` print.
//! - `/healthz`: `{"status": "ok", "passages": N}`.
//! - `/` and `/doc/{doc_id}`: the page (see [`super::page`]); `/static/style.css`.
//!
//! Errors are `{"error": message, "code": stable-code}` (and `"column"` for a
//! query that does not parse) with status 400 (bad query or parameter), 404
//! (no such document or path), 414 (request or query too long) or 503 (the
//! search took longer than the time limit); [`Failure`] is the one place a
//! library error becomes a status.
//!
//! Searches run on tokio's blocking pool, at most one per core at a time
//! (a semaphore): a burst of requests waits its turn instead of starving the
//! machine. A search that is not answered within the time limit gets 503; it
//! keeps its place in the pool until the library returns, so the pool never
//! grows past its size. The index folder is checked every second: after
//! `docsearch index` commits (its `meta.json` or compound list changes), the
//! index is opened anew and later requests are answered from it.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime};

use anyhow::{Context, Result};
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path as UrlPath, Query, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use docsearch::{Facet, Hit, SearchIndex, SearchOptions, Sort};
use serde::{Deserialize, Serialize};
use tokio::sync::Semaphore;

use super::page;

/// Longest request target (path and query) accepted, in bytes.
pub const MAX_URI_BYTES: usize = 8 * 1024;
/// Longest query, in characters.
pub const MAX_QUERY_CHARS: usize = 1_000;
/// Most hits one request returns.
pub const MAX_LIMIT: usize = 100;
/// Furthest a request may page into the results.
pub const MAX_OFFSET: usize = 10_000;
/// Last page of the search page.
pub const MAX_PAGE: usize = MAX_OFFSET / page::PAGE_SIZE + 1;
/// Cited papers looked up per result page (to link those that are indexed).
const MAX_REFERENCE_LOOKUPS: usize = 100;
/// Passages of one document searched for the words to mark on its page.
const MAX_DOCUMENT_PASSAGES: usize = 20_000;
/// How often the index folder is checked for a new commit.
const WATCH_INTERVAL: Duration = Duration::from_secs(1);

/// What `docsearch serve` was told.
pub struct Config {
    /// The index folder.
    pub index: PathBuf,
    /// Address to listen on.
    pub addr: SocketAddr,
    /// Time limit of one request's searches.
    pub timeout: Duration,
}

/// Serves until interrupted (Ctrl-C or SIGTERM).
pub fn run(config: Config) -> Result<()> {
    let index = SearchIndex::open(&config.index)?;
    let searchers = std::thread::available_parallelism().map_or(2, |n| n.get());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        // The searches' threads, and one for reopening the index.
        .max_blocking_threads(searchers + 1)
        .build()
        .context("cannot start the server's threads")?;
    runtime.block_on(serve(config, index, searchers))
}

async fn serve(config: Config, index: SearchIndex, searchers: usize) -> Result<()> {
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .with_context(|| format!("cannot listen on {}", config.addr))?;
    let addr = listener
        .local_addr()
        .context("cannot read the bound address")?;
    let passages = index.num_passages();
    let served = Arc::new(Served {
        fingerprint: RwLock::new(fingerprint(&config.index)),
        path: config.index.clone(),
        index: RwLock::new(Arc::new(index)),
        searches: Arc::new(Semaphore::new(searchers)),
        timeout: config.timeout,
    });
    // Tests and scripts read the address (a port of 0 picks a free one) from this line.
    eprintln!(
        "docsearch serve: listening on http://{addr}/ (index {}, {passages} passages; Ctrl-C stops)",
        config.index.display()
    );
    if !addr.ip().is_loopback() {
        eprintln!("docsearch serve: {addr} is reachable from other machines: anyone who can reach it can search this index");
    }
    tokio::spawn(watch(served.clone()));
    axum::serve(listener, router(served))
        .with_graceful_shutdown(stop_signal())
        .await
        .context("the server stopped")
}

async fn stop_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}

fn router(served: Arc<Served>) -> Router {
    Router::new()
        .route("/", get(search_page))
        .route("/doc/{*doc_id}", get(document_page))
        .route("/api/search", get(api_search))
        .route("/api/doc/{*doc_id}", get(api_document))
        .route("/api/refs/{*id}", get(api_refs))
        .route("/healthz", get(health))
        .route("/static/style.css", get(style))
        .fallback(not_found)
        .layer(axum::middleware::from_fn(guard))
        .with_state(served)
}

/// The index being served, and what limits its use.
struct Served {
    path: PathBuf,
    index: RwLock<Arc<SearchIndex>>,
    /// What the index folder looked like when `index` was opened.
    fingerprint: RwLock<Fingerprint>,
    /// One permit per search that may run at once.
    searches: Arc<Semaphore>,
    timeout: Duration,
}

impl Served {
    fn index(&self) -> Arc<SearchIndex> {
        self.index.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Runs `work` on the blocking pool when a permit is free, within the time limit.
    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&SearchIndex) -> Result<T, Failure> + Send + 'static,
    ) -> Result<T, Failure> {
        let index = self.index();
        let searches = self.searches.clone();
        let job = async move {
            let permit = searches
                .acquire_owned()
                .await
                .map_err(|_| Failure::Internal("the server is stopping".into()))?;
            tokio::task::spawn_blocking(move || {
                let _permit = permit;
                work(&index)
            })
            .await
            .map_err(|_| Failure::Internal("the search failed".into()))?
        };
        tokio::time::timeout(self.timeout, job)
            .await
            .map_err(|_| Failure::Timeout(self.timeout))?
    }
}

/// What the index folder looks like: `meta.json` (rewritten by every commit)
/// and the newest compound list (written just after a commit).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Fingerprint {
    meta: Option<(SystemTime, u64)>,
    compounds: Option<String>,
}

fn fingerprint(path: &Path) -> Fingerprint {
    let meta = std::fs::metadata(path.join("meta.json"))
        .ok()
        .and_then(|m| Some((m.modified().ok()?, m.len())));
    let compounds = std::fs::read_dir(path).ok().and_then(|entries| {
        entries
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter_map(|name| {
                let stamp = name
                    .strip_prefix(docsearch::compound::FILE_PREFIX)?
                    .strip_suffix(".txt")?
                    .parse::<u64>()
                    .ok()?;
                Some((stamp, name))
            })
            .max()
            .map(|(_, name)| name)
    });
    Fingerprint { meta, compounds }
}

/// Reopens the index when the folder shows a new commit. An index that cannot
/// be opened (a rebuild half done) leaves the previous one serving.
async fn watch(served: Arc<Served>) {
    let mut failed: Option<Fingerprint> = None;
    loop {
        tokio::time::sleep(WATCH_INTERVAL).await;
        let path = served.path.clone();
        let Ok(now) = tokio::task::spawn_blocking(move || fingerprint(&path)).await else {
            continue;
        };
        let seen = served
            .fingerprint
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        if now == seen || failed.as_ref() == Some(&now) {
            continue;
        }
        let path = served.path.clone();
        match tokio::task::spawn_blocking(move || SearchIndex::open(&path)).await {
            Ok(Ok(index)) => {
                let passages = index.num_passages();
                *served.index.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(index);
                *served
                    .fingerprint
                    .write()
                    .unwrap_or_else(|e| e.into_inner()) = now;
                failed = None;
                eprintln!("docsearch serve: the index changed; now serving {passages} passages");
            }
            Ok(Err(err)) => {
                eprintln!(
                    "docsearch serve: the index changed but cannot be opened ({:#}); still serving the previous one",
                    anyhow::Error::from(err)
                );
                failed = Some(now);
            }
            Err(_) => {}
        }
    }
}

/// Why a request was not answered as asked: the one place where a library
/// error or a bad parameter becomes a status and a body.
#[derive(Debug)]
pub enum Failure {
    /// The query does not parse.
    BadQuery(docsearch::query::QueryError),
    /// A parameter has a value that is not allowed.
    BadParameter(String),
    /// The request or its query is longer than allowed.
    TooLong(String),
    /// No such document or address.
    NotFound(String),
    /// The searches took longer than the time limit.
    Timeout(Duration),
    /// The index could not be read.
    Internal(String),
}

impl From<docsearch::Error> for Failure {
    fn from(err: docsearch::Error) -> Self {
        match err {
            docsearch::Error::Query(q) => Failure::BadQuery(q),
            other => Failure::Internal(format!("{:#}", anyhow::Error::from(other))),
        }
    }
}

impl Failure {
    fn status(&self) -> StatusCode {
        match self {
            Failure::BadQuery(_) | Failure::BadParameter(_) => StatusCode::BAD_REQUEST,
            Failure::TooLong(_) => StatusCode::URI_TOO_LONG,
            Failure::NotFound(_) => StatusCode::NOT_FOUND,
            Failure::Timeout(_) => StatusCode::SERVICE_UNAVAILABLE,
            Failure::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A stable name for programs to branch on.
    fn code(&self) -> &'static str {
        match self {
            Failure::BadQuery(_) => "bad_query",
            Failure::BadParameter(_) => "bad_parameter",
            Failure::TooLong(_) => "too_long",
            Failure::NotFound(_) => "not_found",
            Failure::Timeout(_) => "timeout",
            Failure::Internal(_) => "internal",
        }
    }

    fn message(&self) -> String {
        match self {
            Failure::BadQuery(q) => q.to_string(),
            Failure::BadParameter(m) | Failure::TooLong(m) | Failure::NotFound(m) => m.clone(),
            Failure::Timeout(limit) => format!(
                "the search took longer than {} s; try fewer or rarer words, or a filter",
                limit.as_secs_f32()
            ),
            Failure::Internal(m) => m.clone(),
        }
    }

    fn log(&self) {
        if let Failure::Internal(m) = self {
            eprintln!("docsearch serve: {m}");
        }
    }

    /// `{"error": ..., "code": ...}` with the status.
    fn json(self) -> Response {
        self.log();
        let mut body = serde_json::json!({ "error": self.message(), "code": self.code() });
        if let Failure::BadQuery(q) = &self {
            body["column"] = q.column.into();
        }
        (self.status(), Json(body)).into_response()
    }

    /// A page saying what went wrong, in Dutch where the words are ours.
    fn page(self) -> Response {
        self.log();
        let heading = match &self {
            Failure::BadQuery(_) | Failure::BadParameter(_) => "Dit verzoek klopt niet",
            Failure::TooLong(_) => "Dit verzoek is te lang",
            Failure::NotFound(_) => "Niet gevonden",
            Failure::Timeout(_) => "Het zoeken duurde te lang",
            Failure::Internal(_) => "De index kan niet worden gelezen",
        };
        let message = match &self {
            Failure::NotFound(_) => {
                "Op dit adres staat niets. Zoek het document via het zoekvak.".to_owned()
            }
            Failure::TooLong(_) => {
                format!("Een zoekvraag is hoogstens {MAX_QUERY_CHARS} tekens lang.")
            }
            _ => self.message(),
        };
        (self.status(), html(page::error_page(heading, &message))).into_response()
    }
}

fn html(markup: maud::Markup) -> Html<String> {
    Html(markup.into_string())
}

/// Refuses request targets over [`MAX_URI_BYTES`] and sets the headers every
/// answer carries: no sniffing, no framing, nothing loaded from elsewhere.
async fn guard(request: Request, next: Next) -> Response {
    let target = request
        .uri()
        .path_and_query()
        .map_or(0, |p| p.as_str().len());
    let mut response = if target > MAX_URI_BYTES {
        let failure = Failure::TooLong(format!(
            "the request is {target} bytes long; at most {MAX_URI_BYTES} are read"
        ));
        if request.uri().path().starts_with("/api/") {
            failure.json()
        } else {
            failure.page()
        }
    } else {
        next.run(request).await
    };
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
        ),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    response
}

async fn not_found(uri: axum::http::Uri) -> Response {
    let failure = Failure::NotFound(format!("nothing at {}", uri.path()));
    if uri.path().starts_with("/api/") {
        failure.json()
    } else {
        failure.page()
    }
}

async fn style() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        page::STYLE,
    )
        .into_response()
}

async fn health(State(served): State<Arc<Served>>) -> Response {
    let passages = served.index().num_passages();
    Json(serde_json::json!({ "status": "ok", "passages": passages })).into_response()
}

/// The parameters of `/api/search`, as given.
#[derive(Deserialize)]
struct ApiSearchParams {
    q: Option<String>,
    limit: Option<String>,
    offset: Option<String>,
    sort: Option<String>,
    facets: Option<String>,
    per_doc: Option<String>,
}

/// `/api/search`: the JSON shape.
#[derive(Serialize)]
struct ApiSearch {
    total: Total,
    hits: Vec<Hit>,
    facets: BTreeMap<&'static str, BTreeMap<String, u64>>,
}

#[derive(Serialize)]
struct Total {
    passages: u64,
    documents: u64,
}

fn bad_params(rejection: QueryRejection) -> Failure {
    Failure::BadParameter(rejection.body_text())
}

/// A query within [`MAX_QUERY_CHARS`].
fn checked_query(q: &str) -> Result<String, Failure> {
    let chars = q.chars().count();
    if chars > MAX_QUERY_CHARS {
        return Err(Failure::TooLong(format!(
            "the query is {chars} characters long; at most {MAX_QUERY_CHARS} are searched"
        )));
    }
    Ok(q.to_owned())
}

/// A whole number parameter between 0 and `max`, `default` when absent.
fn number(name: &str, value: Option<&str>, default: usize, max: usize) -> Result<usize, Failure> {
    let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(default);
    };
    match value.parse::<usize>() {
        Ok(n) if n <= max => Ok(n),
        _ => Err(Failure::BadParameter(format!(
            "{name} must be a whole number from 0 to {max}, not '{}'",
            value.chars().take(40).collect::<String>()
        ))),
    }
}

fn sort(value: Option<&str>) -> Result<Sort, Failure> {
    match value.map(str::trim).unwrap_or("") {
        "" | "relevance" => Ok(Sort::Relevance),
        "date" => Ok(Sort::Date),
        other => Err(Failure::BadParameter(format!(
            "sort is relevance or date, not '{}'",
            other.chars().take(40).collect::<String>()
        ))),
    }
}

async fn api_search(
    State(served): State<Arc<Served>>,
    params: Result<Query<ApiSearchParams>, QueryRejection>,
) -> Response {
    match search_json(&served, params).await {
        Ok(body) => Json(body).into_response(),
        Err(failure) => failure.json(),
    }
}

async fn search_json(
    served: &Served,
    params: Result<Query<ApiSearchParams>, QueryRejection>,
) -> Result<ApiSearch, Failure> {
    let Query(p) = params.map_err(bad_params)?;
    let q = checked_query(p.q.as_deref().unwrap_or(""))?;
    let facets = p
        .facets
        .as_deref()
        .unwrap_or("")
        .split(',')
        .filter(|f| !f.trim().is_empty())
        .map(|f| f.parse::<Facet>().map_err(Failure::BadParameter))
        .collect::<Result<Vec<Facet>, Failure>>()?;
    let options = SearchOptions {
        limit: number("limit", p.limit.as_deref(), 10, MAX_LIMIT)?,
        offset: number("offset", p.offset.as_deref(), 0, MAX_OFFSET)?,
        max_per_doc: number("per_doc", p.per_doc.as_deref(), 3, usize::MAX)?,
        sort: sort(p.sort.as_deref())?,
        totals: true,
        facets,
        ..SearchOptions::default()
    };
    let results = served
        .run(move |idx| Ok(idx.search_results(&q, &options)?))
        .await?;
    let totals = results.totals.unwrap_or_default();
    Ok(ApiSearch {
        total: Total {
            passages: totals.passages,
            documents: totals.documents,
        },
        hits: results.hits,
        facets: totals
            .facets
            .into_iter()
            .map(|(facet, values)| (facet.name(), values))
            .collect(),
    })
}

/// A document id from the path: a lookup key only, never a file name.
fn doc_id_of(path: Result<UrlPath<String>, PathRejection>) -> Result<String, Failure> {
    let UrlPath(id) = path.map_err(|_| Failure::NotFound("no document has this id".to_owned()))?;
    if id.trim().is_empty() {
        return Err(Failure::NotFound("give a document id".to_owned()));
    }
    Ok(id)
}

fn no_document(id: &str) -> Failure {
    Failure::NotFound(format!(
        "no document {} in the index; the doc_id of a search hit names one",
        id.chars().take(200).collect::<String>()
    ))
}

async fn api_document(
    State(served): State<Arc<Served>>,
    path: Result<UrlPath<String>, PathRejection>,
) -> Response {
    let answer = async {
        let id = doc_id_of(path)?;
        served
            .run(move |idx| idx.document(&id)?.ok_or_else(|| no_document(&id)))
            .await
    };
    match answer.await {
        Ok(doc) => Json(doc).into_response(),
        Err(failure) => failure.json(),
    }
}

async fn api_refs(
    State(served): State<Arc<Served>>,
    path: Result<UrlPath<String>, PathRejection>,
) -> Response {
    #[derive(Serialize)]
    struct Refs {
        canonical: String,
        document: Option<Hit>,
        cited_by: Vec<Hit>,
        cites: Vec<docsearch::references::graph::Citation>,
    }
    let answer = async {
        let id = doc_id_of(path)?;
        served
            .run(move |idx| {
                let cited = idx.cited_by(&id)?;
                let cites = match &cited.document {
                    Some(doc) => idx.citations_of(&doc.doc_id)?,
                    None => Vec::new(),
                };
                if cited.document.is_none() && cited.citing.is_empty() {
                    return Err(Failure::NotFound(format!(
                        "{} is not in the index and no passage cites it",
                        cited.canonical.chars().take(200).collect::<String>()
                    )));
                }
                Ok(Refs {
                    canonical: cited.canonical,
                    document: cited.document,
                    cited_by: cited.citing,
                    cites,
                })
            })
            .await
    };
    match answer.await {
        Ok(refs) => Json(refs).into_response(),
        Err(failure) => failure.json(),
    }
}

/// The parameters of the search page, as given.
#[derive(Deserialize)]
struct PageParams {
    q: Option<String>,
    #[serde(rename = "type")]
    doc_type: Option<String>,
    year: Option<String>,
    dossier: Option<String>,
    sort: Option<String>,
    page: Option<String>,
}

fn page_search(params: Result<Query<PageParams>, QueryRejection>) -> Result<page::Search, Failure> {
    let Query(p) = params.map_err(bad_params)?;
    let mut filters = BTreeMap::new();
    for (facet, value) in [
        (Facet::Type, p.doc_type),
        (Facet::Year, p.year),
        (Facet::Dossier, p.dossier),
    ] {
        if let Some(v) = value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty()) {
            filters.insert(facet, checked_query(&v)?);
        }
    }
    let page_number = number("page", p.page.as_deref(), 1, MAX_PAGE)?.max(1);
    let search = page::Search {
        q: checked_query(p.q.as_deref().unwrap_or(""))?,
        filters,
        sort: sort(p.sort.as_deref())?,
        page: page_number,
    };
    checked_query(&search.library_query())?;
    Ok(search)
}

async fn search_page(
    State(served): State<Arc<Served>>,
    params: Result<Query<PageParams>, QueryRejection>,
) -> Response {
    let search = match page_search(params) {
        Ok(s) => s,
        Err(failure) => return failure.page(),
    };
    if search.is_empty() {
        let passages = served.index().num_passages();
        return html(page::search_page(
            &search,
            &page::Outcome::Start { passages },
        ))
        .into_response();
    }
    let query = search.library_query();
    let options = SearchOptions {
        limit: page::PAGE_SIZE,
        offset: (search.page - 1) * page::PAGE_SIZE,
        sort: search.sort,
        totals: true,
        facets: Facet::ALL.to_vec(),
        ..SearchOptions::default()
    };
    let found = served
        .run(move |idx| {
            let results = idx.search_results(&query, &options)?;
            let indexed = indexed_references(idx, &results.hits);
            Ok((results, indexed))
        })
        .await;
    match found {
        Ok((results, indexed)) => html(page::search_page(
            &search,
            &page::Outcome::Found {
                hits: results.hits,
                totals: results.totals.unwrap_or_default(),
                indexed,
            },
        ))
        .into_response(),
        Err(Failure::BadQuery(q)) => (
            StatusCode::BAD_REQUEST,
            html(page::search_page(
                &search,
                &page::Outcome::BadQuery(q.to_string()),
            )),
        )
            .into_response(),
        Err(failure) => failure.page(),
    }
}

/// Which papers the hits cite are in the index (to link them here).
fn indexed_references(idx: &SearchIndex, hits: &[Hit]) -> HashSet<String> {
    let mut asked = HashSet::new();
    hits.iter()
        .flat_map(|h| &h.references)
        .filter(|r| asked.insert(r.canonical.clone()))
        .take(MAX_REFERENCE_LOOKUPS)
        .filter(|r| idx.has_document(&r.canonical).unwrap_or(false))
        .map(|r| r.canonical.clone())
        .collect()
}

#[derive(Deserialize)]
struct DocParams {
    q: Option<String>,
}

async fn document_page(
    State(served): State<Arc<Served>>,
    path: Result<UrlPath<String>, PathRejection>,
    params: Result<Query<DocParams>, QueryRejection>,
) -> Response {
    let answer = async {
        let id = doc_id_of(path)?;
        let Query(p) = params.map_err(bad_params)?;
        let q = checked_query(p.q.as_deref().unwrap_or("").trim())?;
        served
            .run(move |idx| {
                let doc = idx.document(&id)?.ok_or_else(|| no_document(&id))?;
                let marks = if q.is_empty() {
                    HashMap::new()
                } else {
                    document_marks(idx, &doc, &q)
                };
                // What it cites and who cites it: the document is shown even
                // when these cannot be had.
                let cites = idx.citations_of(&doc.doc_id).unwrap_or_default();
                let cited_by = idx.cited_by(&doc.doc_id).ok();
                let extras = page::DocumentExtras {
                    q,
                    marks,
                    cites,
                    cited_by,
                };
                Ok(page::document_page(&doc, &extras))
            })
            .await
    };
    match answer.await {
        Ok(markup) => html(markup).into_response(),
        Err(failure) => failure.page(),
    }
}

/// The matches of `q` in each passage of `doc`, by `ord`: the library's hits
/// within the document, their highlights carried over to the whole passage.
/// A query that does not parse marks nothing.
fn document_marks(
    idx: &SearchIndex,
    doc: &docsearch::DocumentView,
    q: &str,
) -> HashMap<u64, Vec<[usize; 2]>> {
    let query = format!("{q} doc:\"{}\"", doc.doc_id.replace('"', ""));
    let options = SearchOptions {
        limit: MAX_DOCUMENT_PASSAGES,
        max_per_doc: 0,
        ..SearchOptions::default()
    };
    let Ok(hits) = idx.search(&query, &options) else {
        return HashMap::new();
    };
    let by_text: HashMap<&str, Vec<[usize; 2]>> = hits
        .iter()
        .map(|h| (h.text.as_str(), super::render::passage_highlights(h)))
        .filter(|(_, marks)| !marks.is_empty())
        .collect();
    doc.passages
        .iter()
        .filter_map(|p| Some((p.ord, by_text.get(p.text.as_str())?.clone())))
        .collect()
}
