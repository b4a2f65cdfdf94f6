//! Why a file is not indexed, and whether the next run tries it again.

use serde::{Deserialize, Serialize};

/// Skip reason when poppler's `pdftotext` is not installed.
pub const MISSING_PDFTOTEXT: &str =
    "PDF support needs pdftotext (poppler-utils): apt-get install poppler-utils";

/// Why a file was not indexed. Its text ([`std::fmt::Display`]) is the
/// reason the summary prints; [`SkipReason::is_passing`] says whether the
/// next run reads the file again. The index keeps it in its file list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "detail", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum SkipReason {
    /// poppler's `pdftotext` is not installed.
    NoPdftotext,
    /// `pdftotext` could not be started or waited for (the text says why).
    PdftotextFailed(String),
    /// Reading the PDF took longer than this many seconds.
    Timeout {
        /// The limit.
        seconds: u64,
    },
    /// The system refused to open or read the file: permission denied, an
    /// I/O error (the text says which).
    Unreadable(String),
    /// The file was gone when it was to be read.
    Disappeared,
    /// The file changed while it was read.
    Changed {
        /// Its size when the folder was listed.
        listed: u64,
        /// Bytes read.
        read: u64,
        /// Its size after reading.
        now: u64,
    },
    /// The file is larger than the limit (`--max-file-mb`).
    TooLarge {
        /// Its size in bytes.
        size: u64,
        /// The limit in bytes.
        max: u64,
    },
    /// What the file holds cannot be indexed: malformed XML, binary
    /// content, no text, a damaged or encrypted PDF (the text says which).
    Content(String),
    /// A reader failed on the file (a bug, please report it).
    Internal(String),
}

impl SkipReason {
    /// True when the reason comes from the machine rather than the file: no
    /// `pdftotext`, a timeout, permission denied, a file that changed while it
    /// was read. The next run reads such a file again, and a file indexed
    /// earlier keeps its passages meanwhile. Other reasons come from the file
    /// itself; it is read again when it changes.
    ///
    /// A file over the size limit is read again too: the limit may be raised,
    /// and checking costs one `stat`.
    pub fn is_passing(&self) -> bool {
        match self {
            SkipReason::NoPdftotext
            | SkipReason::PdftotextFailed(_)
            | SkipReason::Timeout { .. }
            | SkipReason::Unreadable(_)
            | SkipReason::Disappeared
            | SkipReason::Changed { .. }
            | SkipReason::TooLarge { .. } => true,
            SkipReason::Content(_) | SkipReason::Internal(_) => false,
        }
    }
}

impl std::fmt::Display for SkipReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SkipReason::NoPdftotext => f.write_str(MISSING_PDFTOTEXT),
            SkipReason::PdftotextFailed(text)
            | SkipReason::Unreadable(text)
            | SkipReason::Content(text) => f.write_str(text),
            SkipReason::Timeout { seconds } => write!(f, "pdftotext took longer than {seconds} s"),
            SkipReason::Disappeared => f.write_str("file disappeared before it could be read"),
            SkipReason::Changed { listed, read, now } => write!(
                f,
                "file changed while it was being read ({listed} bytes when the folder was listed, {read} read, {now} now); it is read again on the next run"
            ),
            SkipReason::TooLarge { size, max } => write!(
                f,
                "file of {:.0} MB is larger than the limit of {} MB (raise it with --max-file-mb)",
                *size as f64 / (1 << 20) as f64,
                max >> 20
            ),
            SkipReason::Internal(text) => write!(f, "internal error while reading: {text}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_say_what_they_said_and_round_trip() {
        let reasons = [
            (SkipReason::NoPdftotext, MISSING_PDFTOTEXT, true),
            (
                SkipReason::Timeout { seconds: 60 },
                "pdftotext took longer than 60 s",
                true,
            ),
            (
                SkipReason::Unreadable("cannot open: Permission denied (os error 13)".into()),
                "cannot open: Permission denied (os error 13)",
                true,
            ),
            (
                SkipReason::Changed {
                    listed: 10,
                    read: 8,
                    now: 6,
                },
                "file changed while it was being read (10 bytes when the folder was listed, 8 read, 6 now); it is read again on the next run",
                true,
            ),
            (
                SkipReason::TooLarge {
                    size: 200 << 20,
                    max: 64 << 20,
                },
                "file of 200 MB is larger than the limit of 64 MB (raise it with --max-file-mb)",
                true,
            ),
            (
                SkipReason::Content(
                    "binary content (NUL or control bytes), not a text file".into(),
                ),
                "binary content (NUL or control bytes), not a text file",
                false,
            ),
            (
                SkipReason::Internal("boom".into()),
                "internal error while reading: boom",
                false,
            ),
        ];
        for (reason, text, passing) in reasons {
            assert_eq!(reason.to_string(), text);
            assert_eq!(reason.is_passing(), passing, "{text}");
            let json = serde_json::to_string(&reason).unwrap();
            assert_eq!(serde_json::from_str::<SkipReason>(&json).unwrap(), reason);
        }
        assert_eq!(
            serde_json::to_string(&SkipReason::NoPdftotext).unwrap(),
            r#"{"kind":"no-pdftotext"}"#
        );
    }
}
