//! Integration tests over real documents.
//!
//! - `util`: building indexes over fixture folders in temporary directories.
//! - `engine`: indexing and searching through the library API (the shipped `corpus/`).
//! - `incremental`: re-indexing a changed folder.
//! - `cli`: the `docsearch` binary: output formats, exit codes, error messages.
//! - `everyday`: short and filtered queries, compounds, totals, facets, sort and paging.
//! - `relevance`: ranking quality pinned on a slice of the Kamervragen relevance set.
//! - `hostile`: a folder of bad files beside real ones (issue 6).
//! - `crash`: `kill -9` during indexing, and a second writer (issue 6).
//! - `metadata`: types, titles, dates, indieners of real documents; statutes' links.
//! - `serve`: `docsearch serve`'s JSON API over HTTP, hostile requests, a burst (issue 16).
//! - `page`: its web page as headless Chromium renders it (issue 16).
//! - `safety`: unreadable folders, passing skip reasons, absurd limits, the file
//!   list and the rebuild swap (issue 15).

#[path = "suite/util.rs"]
mod util;

#[path = "suite/engine.rs"]
mod engine;

#[path = "suite/incremental.rs"]
mod incremental;

#[path = "suite/cli.rs"]
mod cli;

#[path = "suite/everyday.rs"]
mod everyday;

#[path = "suite/hostile.rs"]
mod hostile;
#[path = "suite/relevance.rs"]
mod relevance;

#[path = "suite/crash.rs"]
mod crash;

#[path = "suite/metadata.rs"]
mod metadata;

#[cfg(feature = "serve")]
#[path = "suite/serve.rs"]
mod serve;

#[cfg(feature = "serve")]
#[path = "suite/page.rs"]
mod page;
#[path = "suite/safety.rs"]
mod safety;
