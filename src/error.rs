//! The library's one error type.

use std::path::PathBuf;

/// Everything that can go wrong in the library.
///
/// Each variant names the path or query it is about; the underlying cause, when
/// there is one, is available through [`std::error::Error::source`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The folder to index does not exist or is not a folder.
    #[error("corpus folder {path} does not exist or is not a folder")]
    CorpusNotFound {
        /// The path given.
        path: PathBuf,
    },
    /// A file was given where the folder to index belongs.
    #[error("{path} is a file, not a folder; give the folder that holds the documents (put a single file in a folder of its own)")]
    CorpusIsFile {
        /// The path given.
        path: PathBuf,
    },
    /// The index path exists but is not a folder.
    #[error("index path {path} is a file, not an index folder")]
    IndexIsFile {
        /// The path given.
        path: PathBuf,
    },
    /// No index has been built at this path yet.
    #[error("no index at {path}; build one with `docsearch index CORPUS --index {path}`")]
    NoIndex {
        /// The path given.
        path: PathBuf,
    },
    /// The folder holds files that docsearch did not write.
    #[error("{path} is not a docsearch index (it holds files written by another program); choose another --index path")]
    NotAnIndex {
        /// The path given.
        path: PathBuf,
    },
    /// The index was written by a docsearch with another index format.
    #[error("index {path} has format {found}, this docsearch reads format {expected}; rebuild it with `docsearch index CORPUS --index {path} --rebuild`")]
    IncompatibleIndex {
        /// The index folder.
        path: PathBuf,
        /// Format found on disk.
        found: u32,
        /// Format this build reads and writes.
        expected: u32,
    },
    /// An index file cannot be read: damaged, truncated, or written by something else.
    #[error("index {path} is damaged: {reason}; rebuild it with `docsearch index CORPUS --index {path} --rebuild`")]
    Damaged {
        /// The index folder.
        path: PathBuf,
        /// What was found wrong, naming the file where tantivy does.
        reason: String,
    },
    /// A bug: a library docsearch uses failed on this query.
    #[error("internal error while searching for {query:?}: {message}; please report it")]
    Internal {
        /// The query.
        query: String,
        /// What failed.
        message: String,
    },
    /// Another process holds the write lock.
    #[error("index {path} is being written by another docsearch process (pid {pid})")]
    Locked {
        /// The index folder.
        path: PathBuf,
        /// The process id recorded in the lock file, if readable.
        pid: String,
    },
    /// The index was built from another folder than the one given.
    #[error(
        "index {path} was built from {indexed}, not {given}; use another --index path or --rebuild"
    )]
    OtherCorpus {
        /// The index folder.
        path: PathBuf,
        /// The corpus root recorded in the index.
        indexed: PathBuf,
        /// The corpus root given now.
        given: PathBuf,
    },
    /// The query could not be parsed.
    #[error(transparent)]
    Query(#[from] crate::query::QueryError),
    /// A file-system operation on the index failed.
    #[error("{action} {path}")]
    Io {
        /// What was being done, e.g. "cannot create index folder".
        action: &'static str,
        /// The path it was done on.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// tantivy reported an error (a damaged index file, a full disk, ...).
    #[error("index {path}: {action}")]
    Index {
        /// What was being done.
        action: &'static str,
        /// The index folder.
        path: PathBuf,
        /// The cause.
        #[source]
        source: tantivy::TantivyError,
    },
}

/// Result with the library's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
