//! Where everything goes: lanes, the time scale and its ticks, marks clustered per lane, gaps,
//! links, key dates and the legend's place. Pure geometry in SVG units; `svg.rs` writes it.

use super::{Keys, Options, row_is_key};
use crate::chronology::Scope;
use crate::chronology::dates::Certainty;
use crate::chronology::merge::Merged;
use crate::uk_dates::{MONTHS, long_date};
use chrono::{Datelike, NaiveDate};
use std::collections::{BTreeMap, BTreeSet};

/// Left column for the agencies' names.
pub(super) const LABEL_W: f64 = 230.0;
/// Space to the right of the plot.
const RIGHT: f64 = 30.0;
/// Title and subtitle.
const HEADER_H: f64 = 60.0;
/// The strip above the lanes holding the key dates' numbered flags.
const FLAG_H: f64 = 22.0;
/// The strip above the lanes holding the key episodes' bands.
const EPISODE_H: f64 = 22.0;
/// The lanes together aim at this height; each lane stays between the two limits.
const LANES_H: f64 = 560.0;
const LANE_MIN: f64 = 20.0;
const LANE_MAX: f64 = 40.0;
/// The axis below the lanes.
const AXIS_H: f64 = 34.0;
/// One row of the legend, and of the key list.
pub(super) const LEGEND_ROW: f64 = 22.0;
pub(super) const KEY_ROW: f64 = 17.0;
/// Where a key date's words start in the key list (its number and day come first).
pub(super) const KEY_LABEL_X: f64 = 180.0;
/// At most this many key dates are listed under the legend (every one is drawn).
const KEY_LIST_MAX: usize = 12;
/// Marks of a lane closer than this (in SVG units) are drawn as one, with their count.
pub(super) const CLUSTER_W: f64 = 12.0;
/// At most this many items of a list are named in the description.
const DESCRIBE_MAX: usize = 10;

/// The whole picture, laid out.
#[derive(Debug, Clone)]
pub(super) struct Layout {
    pub width: f64,
    pub height: f64,
    pub title: String,
    pub subtitle: String,
    pub description: String,
    /// The plot's left and right edges.
    pub x0: f64,
    pub x1: f64,
    /// The top of the first lane and the bottom of the last.
    pub y0: f64,
    pub y1: f64,
    /// The flags strip's top, when there are key dates.
    pub flags_y: Option<f64>,
    /// The episodes strip's top, when there are key episodes.
    pub episodes_y: Option<f64>,
    pub lanes: Vec<Lane>,
    pub ticks: Vec<Tick>,
    pub gaps: Vec<Shade>,
    pub links: Vec<Vec<(f64, f64)>>,
    pub key_lines: Vec<KeyLine>,
    pub episodes: Vec<Shade>,
    /// The legend's top.
    pub legend_y: f64,
    /// Lines of the key list ("1  12 February 2016  Incident") and how many more were left
    /// out.
    pub key_list: Vec<(usize, String, String)>,
    pub key_list_more: usize,
    /// The merge's gap threshold, for the legend.
    pub gap_days: i64,
    /// The legend, row by row.
    pub legend: Vec<Vec<(Symbol, String)>>,
}

/// What a legend item shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Symbol {
    Exact,
    Uncertain,
    Cluster,
    Period,
    Gap,
    LaneGap,
    Link,
    KeyRow,
    KeyDate,
    Episode,
}

/// The width of a legend item: its symbol, its words, the space after.
pub(super) const LEGEND_SYMBOL_W: f64 = 28.0;
const LEGEND_GAP: f64 = 26.0;
pub(super) const LEGEND_SIZE: f64 = 12.0;

/// The legend's items, those the picture uses, in rows that fit `width`.
fn legend(layout: &Layout, keys: &Keys) -> Vec<Vec<(Symbol, String)>> {
    let marks = || layout.lanes.iter().flat_map(|l| &l.marks);
    let d = layout.gap_days;
    let items = [
        (true, Symbol::Exact, "Entry".to_string()),
        (
            marks().any(|m| !m.exact),
            Symbol::Uncertain,
            "Entry with an approximate date or month only".to_string(),
        ),
        (
            marks().any(|m| m.count > 1),
            Symbol::Cluster,
            "Entries too close to tell apart, with their number".to_string(),
        ),
        (
            layout.lanes.iter().any(|l| !l.periods.is_empty()),
            Symbol::Period,
            "Entry lasting several days".to_string(),
        ),
        (
            true,
            Symbol::Gap,
            format!("No entry from any agency for more than {d} days"),
        ),
        (
            layout.lanes.iter().any(|l| !l.quiet.is_empty()),
            Symbol::LaneGap,
            format!("No entry from this agency for more than {d} days"),
        ),
        (true, Symbol::Link, "Likely duplicates, linked".to_string()),
        (
            marks().any(|m| m.key),
            Symbol::KeyRow,
            "Key entry".to_string(),
        ),
        (
            !keys.dates.is_empty(),
            Symbol::KeyDate,
            "Key date (numbered below)".to_string(),
        ),
        (
            !keys.episodes.is_empty(),
            Symbol::Episode,
            "Key episode".to_string(),
        ),
    ];
    let mut rows: Vec<Vec<(Symbol, String)>> = vec![Vec::new()];
    let mut x = 16.0;
    for (shown, sym, text) in items {
        if !shown {
            continue;
        }
        let w = LEGEND_SYMBOL_W + text_width(&text, LEGEND_SIZE, false) + LEGEND_GAP;
        if x + w > layout.width - 16.0 && rows.last().is_some_and(|r| !r.is_empty()) {
            rows.push(Vec::new());
            x = 16.0;
        }
        x += w;
        if let Some(r) = rows.last_mut() {
            r.push((sym, text));
        }
    }
    rows
}

/// One agency's lane.
#[derive(Debug, Clone)]
pub(super) struct Lane {
    /// The agency's name in full.
    pub name: String,
    /// The name as it fits the label column: one line, or two in a lane tall enough.
    pub label: Vec<String>,
    /// The label's font size.
    pub label_size: f64,
    pub y: f64,
    pub h: f64,
    pub entries: usize,
    /// True for an agency of the case that returned no chronology.
    pub missing: bool,
    pub marks: Vec<Mark>,
    /// Entries lasting several days: (from x, to x).
    pub periods: Vec<(f64, f64)>,
    /// The lane's own quiet periods: (from x, to x, days).
    pub quiet: Vec<(f64, f64, i64)>,
}

/// One mark: an entry, or entries too close to tell apart.
#[derive(Debug, Clone)]
pub(super) struct Mark {
    pub x: f64,
    pub count: usize,
    /// Every entry of the mark has an exact date.
    pub exact: bool,
    /// Some entry of the mark is key.
    pub key: bool,
    /// The first and last day of its entries, for its tooltip.
    pub first: NaiveDate,
    pub last: NaiveDate,
}

/// A tick of the time axis; labelled ticks carry their label.
#[derive(Debug, Clone)]
pub(super) struct Tick {
    pub x: f64,
    pub label: Option<String>,
}

/// A shaded period: from x, to x, a short label, and a tooltip.
#[derive(Debug, Clone)]
pub(super) struct Shade {
    pub x0: f64,
    pub x1: f64,
    pub label: String,
    pub title: String,
}

/// A key date's line with its number.
#[derive(Debug, Clone)]
pub(super) struct KeyLine {
    pub x: f64,
    /// Where its numbered flag sits: over the line, or moved aside from a neighbour's.
    pub flag_x: f64,
    pub number: usize,
    pub title: String,
}

/// Advance widths of ASCII from space to '~' in thousandths of an em: Liberation Sans, whose
/// metrics are Arial's (and Helvetica's), so a label measured here fits in any of them.
const WIDTHS: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667,
    611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
    667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500,
    222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];

/// The width of `s` set at `size`; bold is about a tenth wider. Characters outside ASCII are
/// taken as wide as the widest lower-case letters, so a measured label never overflows.
pub(super) fn text_width(s: &str, size: f64, bold: bool) -> f64 {
    let em: u32 = s
        .chars()
        .map(|c| match c as u32 {
            32..=126 => u32::from(WIDTHS[c as usize - 32]),
            _ => 722,
        })
        .sum();
    let w = f64::from(em) / 1000.0 * size;
    if bold { w * 1.1 } else { w }
}

/// `s` shortened with an ellipsis to fit `max` at `size`.
pub(super) fn fit(s: &str, max: f64, size: f64, bold: bool) -> String {
    if text_width(s, size, bold) <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().collect();
    while !out.is_empty() && text_width(&format!("{out}\u{2026}"), size, bold) > max {
        out.pop();
    }
    format!("{}\u{2026}", out.trim_end())
}

/// The distance between two flags' centres that keeps them apart.
const FLAG_SPACING: f64 = 18.0;

/// Moves key dates' flags (in date order) apart so that none covers another, within
/// `min..max`: first rightwards, then back leftwards from the right edge.
fn spread_flags(lines: &mut [KeyLine], min: f64, max: f64) {
    let mut prev = f64::NEG_INFINITY;
    for k in lines.iter_mut() {
        k.flag_x = k.x.max(prev + FLAG_SPACING).max(min);
        prev = k.flag_x;
    }
    let mut next = f64::INFINITY;
    for k in lines.iter_mut().rev() {
        k.flag_x = k.flag_x.min(next - FLAG_SPACING).min(max);
        next = k.flag_x;
    }
}

/// A name in the label column: whole on one line when it fits; else on two lines, broken
/// between words, when `two` allows; the rest shortened with an ellipsis.
fn label_lines(name: &str, max: f64, size: f64, two: bool) -> Vec<String> {
    if text_width(name, size, false) <= max || !two {
        return vec![fit(name, max, size, false)];
    }
    // The longest first line that fits, ending at a space.
    let words: Vec<&str> = name.split(' ').collect();
    let mut first = words.len().saturating_sub(1);
    while first > 1 && text_width(&words[..first].join(" "), size, false) > max {
        first -= 1;
    }
    let (a, b) = (words[..first].join(" "), words[first..].join(" "));
    vec![fit(&a, max, size, false), fit(&b, max, size, false)]
}

fn first_of_month(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

fn next_month(d: NaiveDate) -> NaiveDate {
    d.checked_add_months(chrono::Months::new(1))
        .unwrap_or(NaiveDate::MAX)
}

/// "Sep 2015".
fn short_month(d: NaiveDate) -> String {
    format!("{} {}", &MONTHS[d.month0() as usize][..3], d.year())
}

/// "A, B and C", or the first `DESCRIBE_MAX` and how many more.
fn list(items: &[String]) -> String {
    list_with(items, ", ")
}

/// [`list`] with another separator, for items that hold commas.
fn list_with(items: &[String], sep: &str) -> String {
    let shown: Vec<&str> = items
        .iter()
        .take(DESCRIBE_MAX)
        .map(String::as_str)
        .collect();
    let more = items.len().saturating_sub(DESCRIBE_MAX);
    match (shown.len(), more) {
        (0, _) => String::new(),
        (1, 0) => shown[0].to_string(),
        (_, 0) => format!(
            "{} and {}",
            shown[..shown.len() - 1].join(sep),
            shown[shown.len() - 1]
        ),
        _ => format!("{} and {more} more", shown.join(sep)),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The days to draw: the scope widened to every entry, whole months.
fn span(merged: &Merged, scope: Scope, keys: &Keys) -> Option<(NaiveDate, NaiveDate)> {
    let mut days: Vec<NaiveDate> = Vec::new();
    days.extend(scope.from);
    days.extend(scope.to);
    for r in &merged.rows {
        days.push(r.date_value.date);
        days.push(
            r.end_value
                .unwrap_or(r.date_value.date)
                .max(r.date_value.last_day()),
        );
    }
    // Key dates and episodes widen it only when there are entries or a scope to place them in.
    if !days.is_empty() {
        days.extend(keys.dates.iter().map(|k| k.date));
        days.extend(keys.episodes.iter().flat_map(|e| [e.from, e.to]));
    }
    let first = *days.iter().min()?;
    let last = *days.iter().max()?;
    Some((first_of_month(first), next_month(first_of_month(last))))
}

/// The time scale: day to x.
struct Scale {
    start: NaiveDate,
    days: f64,
    x0: f64,
    w: f64,
}

impl Scale {
    /// The left edge of a day.
    fn x(&self, d: NaiveDate) -> f64 {
        self.x0 + (d - self.start).num_days() as f64 / self.days * self.w
    }
    /// The middle of a day.
    fn mid(&self, d: NaiveDate) -> f64 {
        self.x0 + ((d - self.start).num_days() as f64 + 0.5) / self.days * self.w
    }
}

/// Monthly ticks, labelled every `step` months so that labels never collide.
fn ticks(scale: &Scale, start: NaiveDate, end: NaiveDate) -> Vec<Tick> {
    let per_month = scale.w / (scale.days / 30.44);
    let step = [1u32, 2, 3, 6, 12, 24, 60, 120]
        .into_iter()
        .find(|s| f64::from(*s) * per_month >= 64.0)
        .unwrap_or(120);
    let mut out = Vec::new();
    let mut m = start;
    while m <= end {
        let label = if step < 12 {
            m.month0().is_multiple_of(step).then(|| short_month(m))
        } else {
            (m.month0() == 0 && m.year().rem_euclid((step / 12) as i32) == 0)
                .then(|| m.year().to_string())
        };
        // Every month is a tick while months are at least 4 units apart; else only labels.
        if label.is_some() || per_month >= 4.0 {
            out.push(Tick {
                x: scale.x(m),
                label,
            });
        }
        m = next_month(m);
    }
    out
}

impl Layout {
    pub(super) fn new(merged: &Merged, scope: Scope, keys: &Keys, opts: &Options) -> Layout {
        let width = opts.width.max(LABEL_W + RIGHT + 300.0);
        let (x0, x1) = (LABEL_W, width - RIGHT);
        // Lanes: every agency with entries and every agency whose return is missing, by name.
        let mut names: BTreeMap<(String, String), bool> = BTreeMap::new();
        for r in &merged.rows {
            names.insert((r.agency.to_lowercase(), r.agency.clone()), false);
        }
        for m in &merged.missing_returns {
            names
                .entry((m.name.to_lowercase(), m.name.clone()))
                .or_insert(true);
        }
        let n = names.len().max(1);
        let lane_h = (LANES_H / n as f64).clamp(LANE_MIN, LANE_MAX).round();
        let mut y = HEADER_H;
        let flags_y = (!keys.dates.is_empty()).then(|| {
            let t = y;
            y += FLAG_H;
            t
        });
        let episodes_y = (!keys.episodes.is_empty()).then(|| {
            let t = y;
            y += EPISODE_H;
            t
        });
        let y0 = y;
        let label_size = if lane_h < 26.0 { 12.0 } else { 13.0 };
        let two_lines = lane_h >= 2.0 * label_size + 8.0;
        let mut lanes: Vec<Lane> = names
            .into_iter()
            .enumerate()
            .map(|(i, ((_, name), missing))| Lane {
                label: label_lines(&name, LABEL_W - 16.0, label_size, two_lines),
                label_size,
                name,
                y: y0 + i as f64 * lane_h,
                h: lane_h,
                entries: 0,
                missing,
                marks: Vec::new(),
                periods: Vec::new(),
                quiet: Vec::new(),
            })
            .collect();
        let y1 = y0 + lanes.len() as f64 * lane_h;
        let lane_of: BTreeMap<String, usize> = lanes
            .iter()
            .enumerate()
            .map(|(i, l)| (l.name.clone(), i))
            .collect();

        let mut layout = Layout {
            width,
            height: 0.0,
            title: "Multi-agency chronology: timeline".into(),
            subtitle: String::new(),
            description: String::new(),
            x0,
            x1,
            y0,
            y1,
            flags_y,
            episodes_y,
            lanes: Vec::new(),
            ticks: Vec::new(),
            gaps: Vec::new(),
            links: Vec::new(),
            key_lines: Vec::new(),
            episodes: Vec::new(),
            legend_y: y1 + AXIS_H,
            key_list: Vec::new(),
            key_list_more: 0,
            gap_days: merged.gap_days,
            legend: Vec::new(),
        };
        let span = span(merged, scope, keys);
        if let Some((start, end)) = span {
            let scale = Scale {
                start,
                days: ((end - start).num_days().max(1)) as f64,
                x0,
                w: x1 - x0,
            };
            layout.ticks = ticks(&scale, start, end);
            // Marks, clustered per lane by position; where each row landed, for the links.
            let mut landed: Vec<(usize, usize)> = Vec::with_capacity(merged.rows.len());
            let mut quiet_from: Vec<Option<NaiveDate>> = vec![None; lanes.len()];
            for r in &merged.rows {
                let li = lane_of[&r.agency];
                let lane = &mut lanes[li];
                lane.entries += 1;
                let d = r.date_value.date;
                let last = r.end_value.unwrap_or(d).max(r.date_value.last_day());
                let exact = r.date_value.certainty == Certainty::Exact;
                let x = if r.date_value.certainty == Certainty::MonthOnly {
                    (scale.x(d) + scale.x(next_month(d))) / 2.0
                } else {
                    scale.mid(d)
                };
                if r.end_value.is_some_and(|e| e > d) {
                    lane.periods.push((x, scale.x(last) + scale.w / scale.days));
                }
                let key = row_is_key(r, keys);
                let bucket = ((x - x0) / CLUSTER_W).floor();
                let same = lane
                    .marks
                    .last()
                    .is_some_and(|m| ((m.x - x0) / CLUSTER_W).floor() == bucket);
                // Rows come in date order, so a lane's marks do too: a cluster is its last mark.
                if same && let Some(m) = lane.marks.last_mut() {
                    // The cluster sits at its entries' mean position.
                    m.x = (m.x * m.count as f64 + x) / (m.count + 1) as f64;
                    m.count += 1;
                    m.exact &= exact;
                    m.key |= key;
                    m.last = m.last.max(last);
                } else {
                    lane.marks.push(Mark {
                        x,
                        count: 1,
                        exact,
                        key,
                        first: d,
                        last,
                    });
                }
                landed.push((li, lane.marks.len() - 1));
                // The lane's own quiet periods (between its entries, longer than the threshold).
                if opts.lane_gaps {
                    if let Some(c) = quiet_from[li]
                        && d > c
                    {
                        let days = (d - c).num_days() - 1;
                        if days > merged.gap_days {
                            lane.quiet
                                .push((scale.x(c.succ_opt().unwrap_or(c)), scale.x(d), days));
                        }
                    }
                    quiet_from[li] = Some(quiet_from[li].map_or(last, |c| c.max(last)));
                }
            }
            // A cluster's x moved to its mean; clamp into the plot.
            for lane in &mut lanes {
                for m in &mut lane.marks {
                    m.x = m.x.clamp(x0, x1);
                }
            }
            for g in &merged.gaps {
                let to = g.to_value.succ_opt().unwrap_or(g.to_value);
                layout.gaps.push(Shade {
                    x0: scale.x(g.from_value),
                    x1: scale.x(to),
                    label: format!("{} days", g.days),
                    title: format!(
                        "No entry from any agency from {} to {} ({} days)",
                        g.from, g.to, g.days
                    ),
                });
            }
            // Duplicate links: the marks of a group's rows, top to bottom; each path once.
            let index: BTreeMap<usize, usize> = merged
                .rows
                .iter()
                .enumerate()
                .map(|(i, r)| (r.number, i))
                .collect();
            let mut seen: BTreeSet<Vec<(i64, i64)>> = BTreeSet::new();
            for g in &merged.duplicate_groups {
                let mut points: Vec<(usize, usize)> = g
                    .rows
                    .iter()
                    .filter_map(|n| index.get(n).map(|&i| landed[i]))
                    .collect();
                points.sort_unstable();
                points.dedup();
                if points.len() < 2 {
                    continue;
                }
                let path: Vec<(f64, f64)> = points
                    .iter()
                    .map(|&(li, mi)| (lanes[li].marks[mi].x, lanes[li].y + lanes[li].h / 2.0))
                    .collect();
                let key: Vec<(i64, i64)> = path
                    .iter()
                    .map(|(x, y)| ((x * 10.0) as i64, (y * 10.0) as i64))
                    .collect();
                if seen.insert(key) {
                    layout.links.push(path);
                }
            }
            for (i, k) in keys.dates.iter().enumerate() {
                let x = scale.mid(k.date);
                layout.key_lines.push(KeyLine {
                    x,
                    flag_x: x,
                    number: i + 1,
                    title: format!("{}: {}", long_date(k.date), k.label),
                });
            }
            spread_flags(&mut layout.key_lines, 0.0, width - 10.0);
            for e in &keys.episodes {
                let to = e.to.succ_opt().unwrap_or(e.to);
                layout.episodes.push(Shade {
                    x0: scale.x(e.from),
                    x1: scale.x(to).max(scale.x(e.from) + 2.0),
                    label: e.id.clone(),
                    title: format!(
                        "{} {}: {} to {}",
                        e.id,
                        e.title,
                        long_date(e.from),
                        long_date(e.to)
                    ),
                });
            }
            layout.subtitle = subtitle(merged, start, end);
        } else {
            layout.subtitle = "No entries to show.".into();
        }
        layout.lanes = lanes;
        layout.legend = legend(&layout, keys);
        for (i, k) in keys.dates.iter().enumerate().take(KEY_LIST_MAX) {
            layout.key_list.push((
                i + 1,
                long_date(k.date),
                fit(&k.label, width - KEY_LABEL_X - 16.0, 12.0, false),
            ));
        }
        layout.key_list_more = keys.dates.len().saturating_sub(KEY_LIST_MAX);
        let key_rows = layout.key_list.len() + usize::from(layout.key_list_more > 0);
        layout.height = (layout.legend_y
            + layout.legend.len() as f64 * LEGEND_ROW
            + 8.0
            + key_rows as f64 * KEY_ROW
            + if key_rows > 0 { 10.0 } else { 0.0 })
        .ceil();
        layout.description = describe(merged, &layout, keys, span);
        layout
    }
}

fn subtitle(merged: &Merged, start: NaiveDate, end: NaiveDate) -> String {
    let agencies: BTreeSet<&str> = merged.rows.iter().map(|r| r.agency.as_str()).collect();
    let mut s = String::new();
    if !merged.review_reference.is_empty() {
        s.push_str(&format!("Review {}. ", merged.review_reference));
    }
    let last = end.pred_opt().unwrap_or(end);
    s.push_str(&format!(
        "{} from {}, {} to {}.",
        plural(merged.rows.len(), "entry", "entries"),
        plural(agencies.len(), "agency", "agencies"),
        crate::uk_dates::month_year(start),
        crate::uk_dates::month_year(last),
    ));
    s
}

/// The picture in words, for screen readers and the alt text in Word.
fn describe(
    merged: &Merged,
    layout: &Layout,
    keys: &Keys,
    span: Option<(NaiveDate, NaiveDate)>,
) -> String {
    let with_entries: Vec<String> = layout
        .lanes
        .iter()
        .filter(|l| !l.missing)
        .map(|l| format!("{} ({})", l.name, l.entries))
        .collect();
    let mut s = String::from("Timeline of the multi-agency chronology");
    if !merged.review_reference.is_empty() {
        s.push_str(&format!(" of review {}", merged.review_reference));
    }
    let Some((start, end)) = span else {
        s.push_str(": no entries to show.");
        return s;
    };
    let last = end.pred_opt().unwrap_or(end);
    s.push_str(&format!(
        ": {} from {}, {} to {}, one lane per agency: {}.",
        plural(merged.rows.len(), "entry", "entries"),
        plural(with_entries.len(), "agency", "agencies"),
        crate::uk_dates::month_year(start),
        crate::uk_dates::month_year(last),
        list(&with_entries)
    ));
    let missing: Vec<String> = layout
        .lanes
        .iter()
        .filter(|l| l.missing)
        .map(|l| l.name.clone())
        .collect();
    if !missing.is_empty() {
        s.push_str(&format!(" No chronology returned by {}.", list(&missing)));
    }
    if merged.gaps.is_empty() {
        s.push_str(&format!(
            " No period of more than {} days without an entry from any agency.",
            merged.gap_days
        ));
    } else {
        let gaps: Vec<String> = merged
            .gaps
            .iter()
            .map(|g| format!("{} to {} ({} days)", g.from, g.to, g.days))
            .collect();
        s.push_str(&format!(
            " Shaded, {} of more than {} days with no entry from any agency: {}.",
            plural(gaps.len(), "period", "periods"),
            merged.gap_days,
            list(&gaps)
        ));
    }
    if !merged.duplicate_groups.is_empty() {
        s.push_str(&format!(
            " {} linked.",
            plural(
                merged.duplicate_groups.len(),
                "group of likely duplicate entries is",
                "groups of likely duplicate entries are"
            )
        ));
    }
    if !keys.dates.is_empty() {
        let k: Vec<String> = keys
            .dates
            .iter()
            .map(|k| format!("{}, {}", long_date(k.date), k.label.trim_end_matches('.')))
            .collect();
        s.push_str(&format!(" Key dates: {}.", list_with(&k, "; ")));
    }
    if !keys.episodes.is_empty() {
        let k: Vec<String> = keys
            .episodes
            .iter()
            .map(|e| {
                format!(
                    "{} {} ({} to {})",
                    e.id,
                    e.title,
                    long_date(e.from),
                    long_date(e.to)
                )
            })
            .collect();
        s.push_str(&format!(" Key episodes: {}.", list(&k)));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_shortened_to_fit_with_an_ellipsis() {
        assert_eq!(fit("Police", 200.0, 13.0, false), "Police");
        let long = "Northbrook and District Community Health Services NHS Foundation Trust";
        let f = fit(long, 234.0, 13.0, false);
        assert!(f.ends_with('\u{2026}') && f.len() < long.len(), "{f}");
        assert!(text_width(&f, 13.0, false) <= 234.0);
        // "W" is wider than "i": widths are measured, not counted.
        assert!(text_width("WWWW", 10.0, false) > 3.0 * text_width("iiii", 10.0, false));
    }

    #[test]
    fn ticks_thin_out_as_the_span_grows() {
        let start = NaiveDate::from_ymd_opt(2010, 1, 1).unwrap();
        for (years, want) in [(1, "Jan 2010"), (20, "2010")] {
            let end = start.with_year(2010 + years).unwrap();
            let scale = Scale {
                start,
                days: (end - start).num_days() as f64,
                x0: 0.0,
                w: 1300.0,
            };
            let t = ticks(&scale, start, end);
            let labels: Vec<&Tick> = t.iter().filter(|t| t.label.is_some()).collect();
            assert_eq!(labels[0].label.as_deref(), Some(want));
            for w in labels.windows(2) {
                assert!(w[1].x - w[0].x >= 64.0, "labels collide: {w:?}");
            }
        }
    }
}
