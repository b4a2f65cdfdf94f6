//! Running poppler's `pdftotext`, bounded in time and output, and the
//! cropper that reads rectangles of a page (halves of spreads, columns).

use super::*;

/// Runs `pdftotext ARGS - -` on `bytes`, killed at `deadline` or when it
/// writes more than [`MAX_OUTPUT`].
pub(super) fn run_pdftotext(
    bytes: &[u8],
    args: &[&str],
    deadline: Instant,
) -> Result<String, SkipReason> {
    if Instant::now() >= deadline {
        return Err(timed_out());
    }
    let spawned = Command::new("pdftotext")
        .args(args)
        .args(["-enc", "UTF-8", "-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match spawned {
        Ok(c) => c,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(SkipReason::NoPdftotext),
        Err(e) => {
            return Err(SkipReason::PdftotextFailed(format!(
                "cannot run pdftotext: {e}"
            )))
        }
    };
    let (Some(mut stdin), Some(mut stdout), Some(mut stderr)) =
        (child.stdin.take(), child.stdout.take(), child.stderr.take())
    else {
        let _ = child.kill();
        let _ = child.wait();
        return Err(SkipReason::PdftotextFailed(
            "cannot talk to pdftotext".into(),
        ));
    };
    let too_much = AtomicBool::new(false);
    let (status, out, err) = std::thread::scope(|s| {
        // A broken pipe (pdftotext gave up early) is reported by its status.
        s.spawn(move || {
            let _ = stdin.write_all(bytes);
        });
        let reader = s.spawn(|| {
            let mut buf = Vec::new();
            let mut chunk = [0u8; 64 * 1024];
            while let Ok(n) = stdout.read(&mut chunk) {
                if n == 0 {
                    break;
                }
                buf.extend_from_slice(&chunk[..n]);
                if buf.len() > MAX_OUTPUT {
                    too_much.store(true, Ordering::Relaxed);
                    break;
                }
            }
            buf
        });
        let err_reader = s.spawn(move || {
            let mut buf = Vec::new();
            let mut chunk = [0u8; 4096];
            while let Ok(n) = stderr.read(&mut chunk) {
                if n == 0 {
                    break;
                }
                if buf.len() < 16 * 1024 {
                    buf.extend_from_slice(&chunk[..n]);
                }
            }
            buf
        });
        // The readers end when the child's pipes close: when it exits, or
        // is killed and reaped.
        let status = wait_bounded(&mut child, deadline, &too_much);
        let out = reader.join().unwrap_or_default();
        let err = err_reader.join().unwrap_or_default();
        (status, out, err)
    });
    let status = status?;
    if too_much.load(Ordering::Relaxed) {
        return Err(wrote_too_much());
    }
    if !status.success() {
        return Err(SkipReason::Content(failure_reason(
            status.code(),
            &String::from_utf8_lossy(&err),
        )));
    }
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// What waiting for `pdftotext` needs of its process: [`std::process::Child`],
/// or a stand-in in the tests.
pub(super) trait Process {
    fn try_wait(&mut self) -> std::io::Result<Option<ExitStatus>>;
    fn kill(&mut self) -> std::io::Result<()>;
    fn wait(&mut self) -> std::io::Result<ExitStatus>;
}

impl Process for std::process::Child {
    fn try_wait(&mut self) -> std::io::Result<Option<ExitStatus>> {
        std::process::Child::try_wait(self)
    }
    fn kill(&mut self) -> std::io::Result<()> {
        std::process::Child::kill(self)
    }
    fn wait(&mut self) -> std::io::Result<ExitStatus> {
        std::process::Child::wait(self)
    }
}

/// Waits for `child` to exit. At `deadline`, when `too_much` is set, or
/// when waiting fails, the child is killed and reaped: then its pipes close
/// and the threads reading them end.
pub(super) fn wait_bounded(
    child: &mut impl Process,
    deadline: Instant,
    too_much: &AtomicBool,
) -> Result<ExitStatus, SkipReason> {
    let failed = loop {
        match child.try_wait() {
            Ok(Some(status)) => return Ok(status),
            Ok(None) => {}
            Err(e) => break SkipReason::PdftotextFailed(format!("pdftotext failed: {e}")),
        }
        if too_much.load(Ordering::Relaxed) {
            break wrote_too_much();
        }
        if Instant::now() >= deadline {
            break timed_out();
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let _ = child.kill();
    let _ = child.wait();
    Err(failed)
}

pub(super) fn timed_out() -> SkipReason {
    SkipReason::Timeout {
        seconds: TIMEOUT.as_secs(),
    }
}

pub(super) fn wrote_too_much() -> SkipReason {
    SkipReason::Content(format!(
        "pdftotext wrote more than {} MB of text",
        MAX_OUTPUT >> 20
    ))
}

/// A skip reason from poppler's exit code and messages.
pub(super) fn failure_reason(code: Option<i32>, stderr: &str) -> String {
    let lower = stderr.to_lowercase();
    if lower.contains("password") || lower.contains("encrypt") {
        return "encrypted PDF (needs a password)".into();
    }
    if code == Some(3) || lower.contains("copying of text") {
        return "PDF does not permit copying its text".into();
    }
    let last = stderr
        .lines()
        .map(str::trim)
        .rfind(|l| !l.is_empty())
        .unwrap_or("no message");
    let last: String = last.chars().take(200).collect();
    match code {
        Some(c) => format!("damaged or unreadable PDF (pdftotext exit {c}: {last})"),
        None => format!("damaged or unreadable PDF (pdftotext killed: {last})"),
    }
}

/// Most extra `pdftotext` runs for one document that read a part of a page
/// (a half of a spread, a column); pages beyond it, or beyond the file's
/// [`TIMEOUT`], are read whole.
pub const MAX_CROP_RUNS: usize = 96;

/// Reads parts of pages with `pdftotext -f N -l N -x -y -W -H`.
pub(super) struct Cropper<'a> {
    pub(super) bytes: &'a [u8],
    pub(super) runs_left: usize,
    /// The end of the file's [`TIMEOUT`].
    pub(super) deadline: Instant,
    /// Parts read ahead, by page and crop box: see [`Cropper::read_ahead`].
    pub(super) ahead: HashMap<(usize, [i64; 4]), String>,
}

/// A crop box in whole points, as passed to `pdftotext`: `[x, y, w, h]`.
pub(super) fn crop_box(rect: Rect) -> [i64; 4] {
    let (x, y) = (rect.x.floor().max(0.0), rect.y.floor().max(0.0));
    let w = (rect.x + rect.w).ceil() - x;
    let h = (rect.y + rect.h).ceil() - y;
    [x, y, w, h].map(|v| v as i64)
}

impl Cropper<'_> {
    /// The text in `rect` of page `page` (1-based), in layout or default
    /// mode; `None` when the run budget is spent or the run failed.
    pub(super) fn text(&mut self, page: usize, rect: Rect, layout: bool) -> Option<String> {
        if layout {
            if let Some(text) = self.ahead.remove(&(page, crop_box(rect))) {
                return Some(text);
            }
        }
        self.run(page, page, rect, layout)
            .and_then(|texts| texts.into_iter().next())
    }

    /// Reads the same part of each page in `first..=last` in one run, for
    /// [`Cropper::text`] to hand out: the two halves of a row of spreads
    /// take two runs instead of two per page.
    pub(super) fn read_ahead(&mut self, first: usize, last: usize, rect: Rect) {
        if first >= last {
            return;
        }
        if let Some(texts) = self.run(first, last, rect, true) {
            if texts.len() == last - first + 1 {
                for (page, text) in (first..=last).zip(texts) {
                    self.ahead.insert((page, crop_box(rect)), text);
                }
            }
        }
    }

    /// The text in `rect` of pages `first..=last` (1-based), one string per
    /// page; `None` when the run budget is spent or the run failed.
    pub(super) fn run(
        &mut self,
        first: usize,
        last: usize,
        rect: Rect,
        layout: bool,
    ) -> Option<Vec<String>> {
        if self.runs_left == 0 || Instant::now() >= self.deadline {
            return None;
        }
        self.runs_left -= 1;
        let (f, l) = (first.to_string(), last.to_string());
        let [x, y, w, h] = crop_box(rect).map(|v| v.to_string());
        let mut args = vec!["-f", &f, "-l", &l, "-x", &x, "-y", &y, "-W", &w, "-H", &h];
        if layout {
            args.insert(0, "-layout");
        }
        match run_pdftotext(self.bytes, &args, self.deadline) {
            Ok(t) => Some(pages(&t)),
            Err(_) => {
                // A run that fails will fail again: read pages whole.
                self.runs_left = 0;
                None
            }
        }
    }
}
