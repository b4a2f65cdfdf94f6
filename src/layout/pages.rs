//! Step 1: pages. Splits the input into lines with their page numbers.

use super::*;

/// `Pagina 6 van 10`, also as split by PDF extraction (`P agina 1 van 9`).
pub(super) fn pagina_number(t: &str) -> Option<u32> {
    let c = re!(r"^P\s?agina\s+(\d{1,4})\s*(?:van|/)\s*\d{1,4}$").captures(t)?;
    c[1].parse().ok()
}

/// Handelingen / Kamervragen page footer that ends page N.
pub(super) fn kv_footer_number(t: &str) -> Option<u32> {
    let c =
        re!(r"Tweede Kamer, vergaderjaar \d{4}\s*[–-]\s*\d{4}, (?:Aanhangsel|Vragen)\s+(\d{1,4})$")
            .captures(t)?;
    c[1].parse().ok()
}

/// Split the input into lines and assign each a page segment; returns the
/// lines and the page number of every segment.
pub(super) fn split_pages(pages: &[&str]) -> (Vec<Line>, Vec<Option<u32>>) {
    let mut lines = Vec::new();
    let chunks: Vec<&str> = match pages {
        [] => return (lines, Vec::new()),
        [one] if one.contains('\x0c') => {
            let mut v: Vec<&str> = one.split('\x0c').collect();
            if v.len() > 1 && v.last().is_some_and(|l| l.trim().is_empty()) {
                v.pop();
            }
            v
        }
        [_] => Vec::new(),
        many => many.to_vec(),
    };
    if !chunks.is_empty() {
        // Authoritative pages: one chunk per page.
        for (i, chunk) in chunks.iter().enumerate() {
            for raw in chunk.split('\n') {
                let mut l = make_line(raw);
                l.seg = i;
                lines.push(l);
            }
        }
        let segs = (1..=chunks.len() as u32).map(Some).collect();
        return (lines, segs);
    }

    let text = pages[0];
    let raw: Vec<Line> = text.split('\n').map(make_line).collect();
    let nonblank = raw.iter().filter(|l| l.kind != Kind::Blank).count();
    let lead = raw.iter().filter(|l| l.lead_space).count();
    let use_lead = lead >= 2 && lead * 5 <= nonblank;
    let mut labels: Vec<Option<u32>> = vec![None];
    let mut seg = 0usize;
    let mut in_seg = 0usize;
    let mut pending = false;
    let mut any_label = false;
    for mut l in raw {
        if l.kind != Kind::Blank {
            let pag = pagina_number(&l.text);
            let conflicting = pag.is_some() && labels[seg].is_some() && labels[seg] != pag;
            if ((use_lead && l.lead_space) || pending || conflicting) && in_seg > 0 {
                seg += 1;
                labels.push(None);
                in_seg = 0;
            }
            pending = false;
            if let Some(n) = pag {
                any_label = true;
                labels[seg] = Some(n);
                // Among the first lines of a page it is a header; further down
                // it is a footer and the next line starts a new page.
                pending = in_seg > 3;
            } else if let Some(n) = kv_footer_number(&l.text) {
                any_label = true;
                labels[seg] = Some(n);
                pending = true;
            }
            in_seg += 1;
        }
        l.seg = seg;
        lines.push(l);
    }
    if !use_lead && !any_label {
        return (lines, vec![None; labels.len()]);
    }
    let first = labels.iter().position(|l| l.is_some());
    let mut out = Vec::with_capacity(labels.len());
    let mut prev: Option<u32> = None;
    for (i, lab) in labels.iter().enumerate() {
        let p = match (lab, prev, first) {
            (Some(n), _, _) => *n,
            (None, Some(p), _) => p.saturating_add(1),
            (None, None, Some(k)) => {
                let base = labels[k].unwrap_or(1);
                base.saturating_sub((k - i) as u32).max(1)
            }
            (None, None, None) => i as u32 + 1,
        };
        out.push(Some(p));
        prev = Some(p);
    }
    (lines, out)
}
