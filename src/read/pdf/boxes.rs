//! Word-box geometry from `pdftotext -bbox`: pages, the gutter between
//! columns and spread halves, raised footnote numbers.

/// A raised small number after a word on the same line, from `-bbox`.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Superscript {
    /// The word before it.
    pub(super) after: String,
    /// Its digits.
    pub(super) digits: String,
    /// Its left and top edge on the page, in points.
    pub(super) x: f64,
    pub(super) y: f64,
}

/// A rectangle on a page, in points from the top left corner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Rect {
    pub(super) x: f64,
    pub(super) y: f64,
    pub(super) w: f64,
    pub(super) h: f64,
}

impl Rect {
    pub(super) fn holds(&self, x: f64, y: f64) -> bool {
        x >= self.x && x < self.x + self.w && y >= self.y && y < self.y + self.h
    }
}

/// A word box of `pdftotext -bbox`.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct WordBox {
    pub(super) x0: f64,
    pub(super) y0: f64,
    pub(super) x1: f64,
    pub(super) y1: f64,
    pub(super) text: String,
}

/// One page of `pdftotext -bbox`: its size and its words in stream order.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct BoxPage {
    pub(super) width: f64,
    pub(super) height: f64,
    pub(super) words: Vec<WordBox>,
}

/// The pages of `pdftotext -bbox` output.
pub(super) fn box_pages(bbox: &str) -> Vec<BoxPage> {
    let size = re!(r#"^width="([\d.]+)" height="([\d.]+)""#);
    let word = re!(
        r#"<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>"#
    );
    let num = |s: &str| s.parse::<f64>().unwrap_or(0.0);
    bbox.split("<page ")
        .skip(1)
        .map(|page| {
            let (width, height) = size
                .captures(page)
                .map_or((0.0, 0.0), |c| (num(&c[1]), num(&c[2])));
            let words = word
                .captures_iter(page)
                .map(|c| WordBox {
                    x0: num(&c[1]),
                    y0: num(&c[2]),
                    x1: num(&c[3]),
                    y1: num(&c[4]),
                    text: c[5]
                        .replace("&lt;", "<")
                        .replace("&gt;", ">")
                        .replace("&quot;", "\"")
                        .replace("&apos;", "'")
                        .replace("&amp;", "&"),
                })
                .collect();
            BoxPage {
                width,
                height,
                words,
            }
        })
        .collect()
}

/// The narrowest gutter between two columns, in points.
pub(super) const MIN_GUTTER: f64 = 6.0;

/// About the space between two words of body text, in points: a line
/// whose words come this close to a column cut runs across it.
pub(super) const WORD_SPACE: f64 = 3.0;

impl BoxPage {
    pub(super) fn rect(&self) -> Rect {
        Rect {
            x: 0.0,
            y: 0.0,
            w: self.width,
            h: self.height,
        }
    }

    /// A landscape page at least 1.2 times as wide as high is a spread of
    /// two pages side by side: its left and right half.
    pub(super) fn halves(&self) -> Option<[Rect; 2]> {
        if self.height <= 0.0 || self.width < 1.2 * self.height {
            return None;
        }
        let w = self.width / 2.0;
        let half = |x| Rect {
            x,
            y: 0.0,
            w,
            h: self.height,
        };
        Some([half(0.0), half(w)])
    }

    /// The footnote markers printed as superscripts: a word of 1–3 digits
    /// at most 0.8 times as tall as the word before it on the same line,
    /// whose bottom is raised above that word's bottom.
    pub(super) fn superscripts(&self) -> Vec<Superscript> {
        let mut marks = Vec::new();
        for pair in self.words.windows(2) {
            let (prev, w) = (&pair[0], &pair[1]);
            let digits: String = w.text.chars().take_while(char::is_ascii_digit).collect();
            let same_line = w.y0 >= prev.y0 - 2.0 && w.y0 < prev.y1;
            if (1..=3).contains(&digits.len())
                && w.text[digits.len()..].chars().all(|c| !c.is_alphanumeric())
                && same_line
                && w.y1 - w.y0 <= 0.8 * (prev.y1 - prev.y0)
                && w.y1 < prev.y1 - 1.0
            {
                marks.push(Superscript {
                    after: prev.text.clone(),
                    digits,
                    x: w.x0,
                    y: w.y0,
                });
            }
        }
        marks
    }

    /// The parts of `region` to read one after another when its text
    /// stands in two columns: a band across both columns at the top (a
    /// title), the left column, the right column, a band at the bottom (a
    /// page label). The gutter is the widest vertical strip in the middle
    /// 40% of the region that few word boxes cross (at most 3 or one in 8
    /// lines: titles and page labels may run across it), at least
    /// [`MIN_GUTTER`] wide, with at least a fifth of the words on either
    /// side. A column that holds two columns again is split again (twice
    /// at most).
    pub(super) fn columns(&self, region: Rect) -> Option<Vec<Rect>> {
        self.columns_within(region, 2)
    }

    pub(super) fn columns_within(&self, region: Rect, depth: usize) -> Option<Vec<Rect>> {
        let words: Vec<&WordBox> = self
            .words
            .iter()
            .filter(|w| region.holds((w.x0 + w.x1) / 2.0, (w.y0 + w.y1) / 2.0))
            .collect();
        if words.len() < 40 {
            return None;
        }
        let mut rows: Vec<i64> = words.iter().map(|w| w.y1.round() as i64).collect();
        rows.sort_unstable();
        rows.dedup();
        let most_across = (rows.len() / 8).max(3);
        let from = region.x + 0.3 * region.w;
        let steps = (0.4 * region.w) as usize;
        // A word crosses `x` when it comes within a space's width of it.
        let crosses = |w: &WordBox, x: f64| w.x0 - WORD_SPACE <= x && w.x1 + WORD_SPACE >= x;
        let crossing = |x: f64| words.iter().filter(|w| crosses(w, x)).count();
        let counts: Vec<usize> = (0..=steps).map(|k| crossing(from + k as f64)).collect();
        // The longest run of columns crossed by few words.
        let (mut best, mut run_start) = ((0, 0), None);
        for (k, &c) in counts.iter().chain([&usize::MAX]).enumerate() {
            match (c <= most_across, run_start) {
                (true, None) => run_start = Some(k),
                (false, Some(s)) => {
                    if k - s > best.1 - best.0 {
                        best = (s, k);
                    }
                    run_start = None;
                }
                _ => {}
            }
        }
        let (a, b) = (from + best.0 as f64, from + best.1 as f64 - 1.0);
        if b - a < MIN_GUTTER {
            return None;
        }
        // The cut: the fewest words across, nearest the strip's middle.
        let middle = (best.0 + best.1) / 2;
        let cut = (best.0..best.1)
            .min_by_key(|&k| (counts[k], k.abs_diff(middle)))
            .unwrap_or(middle);
        let gutter = from + cut as f64;
        // Lines with a word across the cut run across both columns.
        let across: Vec<&WordBox> = words
            .iter()
            .copied()
            .filter(|w| crosses(w, gutter))
            .collect();
        let (wide, beside): (Vec<&WordBox>, Vec<&WordBox>) = words
            .iter()
            .partition(|w| across.iter().any(|c| c.y0 < w.y1 && w.y0 < c.y1));
        let (left, right): (Vec<&WordBox>, Vec<&WordBox>) =
            beside.iter().partition(|w| w.x1 < gutter);
        if left.len() * 5 < words.len() || right.len() * 5 < words.len() {
            return None;
        }
        let first = |ws: &[&WordBox]| ws.iter().map(|w| w.y0).fold(f64::INFINITY, f64::min);
        let last = |ws: &[&WordBox]| ws.iter().map(|w| w.y1).fold(f64::NEG_INFINITY, f64::max);
        // Both columns have begun / not yet ended.
        let both_top = first(&left).max(first(&right));
        let both_bottom = last(&left).min(last(&right));
        // A band across the top (bottom) holds the wide lines above (below)
        // that and ends halfway to the nearest column line.
        let title: Vec<&WordBox> = wide.iter().copied().filter(|w| w.y1 <= both_top).collect();
        let label: Vec<&WordBox> = wide
            .iter()
            .copied()
            .filter(|w| w.y0 >= both_bottom)
            .collect();
        let mut top = region.y;
        if !title.is_empty() {
            let t = last(&title);
            let next = beside
                .iter()
                .map(|w| w.y0)
                .filter(|&y| y >= t)
                .fold(f64::INFINITY, f64::min);
            top = if next.is_finite() {
                (t + next) / 2.0
            } else {
                t
            };
        }
        let mut bottom = region.y + region.h;
        if !label.is_empty() {
            let l = first(&label);
            let prev = beside
                .iter()
                .map(|w| w.y1)
                .filter(|&y| y <= l)
                .fold(f64::NEG_INFINITY, f64::max);
            bottom = if prev.is_finite() {
                (prev + l) / 2.0
            } else {
                l
            };
        }
        if bottom <= top {
            return None;
        }
        let end = region.x + region.w;
        let mut parts = Vec::new();
        if top > region.y {
            parts.push(Rect {
                h: top - region.y,
                ..region
            });
        }
        let band = |x: f64, w: f64| Rect {
            x,
            y: top,
            w,
            h: bottom - top,
        };
        for column in [
            band(region.x, gutter - region.x),
            band(gutter, end - gutter),
        ] {
            // A column may hold two columns again (three on a page).
            match depth
                .checked_sub(1)
                .and_then(|d| self.columns_within(column, d))
            {
                Some(inner) => parts.extend(inner),
                None => parts.push(column),
            }
        }
        if bottom < region.y + region.h {
            parts.push(Rect {
                y: bottom,
                h: region.y + region.h - bottom,
                ..region
            });
        }
        Some(parts)
    }
}
