//! The laid-out timeline written as SVG: one standalone document, no external fonts, images
//! or links, numbers written with one decimal so that the same layout gives the same bytes.

use super::layout::{
    CLUSTER_W, KEY_LABEL_X, KEY_ROW, LEGEND_ROW, LEGEND_SIZE, LEGEND_SYMBOL_W, Layout, Symbol,
    text_width,
};
use crate::docx::xml::escape_text;
use std::fmt::Write;

/// The fonts asked for, in order: the one the PNG is drawn with first, then its metric twins.
pub(super) const FONT_FAMILY: &str = "'Liberation Sans', Arial, Helvetica, sans-serif";

// Colours: GOV.UK's palette, so that the picture matches `scr serve`'s pages; contrast of text
// on white at least 4.5:1.
const TEXT: &str = "#0b0c0c";
const SECONDARY: &str = "#505a5f";
const MARK: &str = "#1d70b8";
const LINK: &str = "#f47738";
const KEY: &str = "#d4351c";
const GRID: &str = "#dddddd";
const LANE_ALT: &str = "#f3f2f1";
const LANE_GAP: &str = "#fff4c2";

/// A number as SVG writes it: one decimal at most.
struct N(f64);

impl std::fmt::Display for N {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let v = (self.0 * 10.0).round() / 10.0;
        if v.fract() == 0.0 {
            write!(f, "{}", v as i64)
        } else {
            write!(f, "{v:.1}")
        }
    }
}

fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    escape_text(s, &mut o);
    o
}

/// The radius of a mark of `count` entries.
fn radius(count: usize) -> f64 {
    if count <= 1 {
        4.0
    } else {
        (4.0 + (count as f64).log2()).min(CLUSTER_W / 2.0)
    }
}

/// The SVG of `l`, every id in it (title, description, hatch pattern) starting with `ids`, so
/// that two pictures inline on one page never share an id.
pub(super) fn write(l: &Layout, ids: &str) -> String {
    let mut s = String::with_capacity(64 * 1024);
    let (w, h) = (N(l.width), N(l.height));
    let _ = writeln!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-labelledby=\"{ids}-title {ids}-desc\" font-family=\"{FONT_FAMILY}\" font-size=\"12\">"
    );
    let _ = writeln!(s, "<title id=\"{ids}-title\">{}</title>", esc(&l.title));
    let _ = writeln!(s, "<desc id=\"{ids}-desc\">{}</desc>", esc(&l.description));
    let _ = writeln!(
        s,
        "<defs><pattern id=\"{ids}-hatch\" patternUnits=\"userSpaceOnUse\" width=\"8\" height=\"8\" patternTransform=\"rotate(45)\"><rect width=\"8\" height=\"8\" fill=\"#e5e6e7\"/><rect width=\"3\" height=\"8\" fill=\"#a8abad\"/></pattern></defs>"
    );
    let _ = writeln!(s, "<rect width=\"{w}\" height=\"{h}\" fill=\"#ffffff\"/>");
    let _ = writeln!(
        s,
        "<text x=\"16\" y=\"28\" font-size=\"20\" font-weight=\"bold\" fill=\"{TEXT}\">{}</text>",
        esc(&l.title)
    );
    let _ = writeln!(
        s,
        "<text x=\"16\" y=\"48\" font-size=\"13\" fill=\"{SECONDARY}\">{}</text>",
        esc(&l.subtitle)
    );
    lanes(&mut s, l);
    axis(&mut s, l);
    shades(&mut s, l, ids);
    key_dates(&mut s, l);
    links(&mut s, l);
    marks(&mut s, l);
    legend(&mut s, l, ids);
    key_list(&mut s, l);
    s.push_str("</svg>\n");
    s
}

fn lanes(s: &mut String, l: &Layout) {
    s.push_str("<g class=\"lanes\">\n");
    for (i, lane) in l.lanes.iter().enumerate() {
        let fill = if i % 2 == 1 { LANE_ALT } else { "#ffffff" };
        let what = if lane.missing {
            "no chronology returned".to_string()
        } else if lane.entries == 1 {
            "1 entry".to_string()
        } else {
            format!("{} entries", lane.entries)
        };
        let _ = write!(
            s,
            "<g class=\"lane\"><title>{}: {what}</title><rect x=\"0\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\"/><text font-size=\"{}\" fill=\"{TEXT}\">",
            esc(&lane.name),
            N(lane.y),
            N(l.width),
            N(lane.h),
            N(lane.label_size),
        );
        // Lines centred on the lane, each a tspan.
        let lines = lane.label.len() as f64;
        let line_h = lane.label_size + 2.0;
        let first = lane.y + lane.h / 2.0 - (lines - 1.0) * line_h / 2.0 + lane.label_size * 0.35;
        for (i, line) in lane.label.iter().enumerate() {
            let _ = write!(
                s,
                "<tspan x=\"12\" y=\"{}\">{}</tspan>",
                N(first + i as f64 * line_h),
                esc(line)
            );
        }
        s.push_str("</text></g>\n");
        for &(x0, x1, days) in &lane.quiet {
            let _ = writeln!(
                s,
                "<rect class=\"lane-gap\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{LANE_GAP}\"><title>{}: no entry for {days} days</title></rect>",
                N(x0),
                N(lane.y + 2.0),
                N((x1 - x0).max(1.0)),
                N(lane.h - 4.0),
                esc(&lane.name),
            );
        }
        if lane.missing {
            let _ = writeln!(
                s,
                "<text x=\"{}\" y=\"{}\" font-style=\"italic\" fill=\"{SECONDARY}\">No chronology returned</text>",
                N(l.x0 + 8.0),
                N(lane.y + lane.h / 2.0 + 4.0),
            );
        }
    }
    // The label column's edge and the plot's frame.
    let _ = writeln!(
        s,
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#b1b4b6\"/>",
        N(l.x0),
        N(l.y0),
        N(l.x1 - l.x0),
        N(l.y1 - l.y0)
    );
    s.push_str("</g>\n");
}

fn axis(s: &mut String, l: &Layout) {
    s.push_str("<g class=\"axis\">\n");
    for t in &l.ticks {
        let (top, bottom) = if t.label.is_some() {
            (l.y0, l.y1 + 6.0)
        } else {
            (l.y1, l.y1 + 4.0)
        };
        let _ = writeln!(
            s,
            "<line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\" stroke=\"{}\"/>",
            N(top),
            N(bottom),
            if t.label.is_some() { GRID } else { "#b1b4b6" },
            x = N(t.x),
        );
        if let Some(label) = &t.label {
            let _ = writeln!(
                s,
                "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"11\" fill=\"{TEXT}\">{}</text>",
                N(t.x),
                N(l.y1 + 19.0),
                esc(label)
            );
        }
    }
    s.push_str("</g>\n");
}

fn shades(s: &mut String, l: &Layout, ids: &str) {
    s.push_str("<g class=\"gaps\">\n");
    for g in &l.gaps {
        let width = (g.x1 - g.x0).max(1.0);
        let _ = writeln!(
            s,
            "<g class=\"gap\"><title>{}</title><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"url(#{ids}-hatch)\" fill-opacity=\"0.75\"/>",
            esc(&g.title),
            N(g.x0),
            N(l.y0),
            N(width),
            N(l.y1 - l.y0),
        );
        if text_width(&g.label, 11.0, true) + 6.0 <= width {
            let _ = write!(
                s,
                "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"11\" font-weight=\"bold\" fill=\"{TEXT}\">{}</text>",
                N(g.x0 + width / 2.0),
                N(l.y0 - 5.0),
                esc(&g.label)
            );
        }
        s.push_str("</g>\n");
    }
    s.push_str("</g>\n");
    if let Some(top) = l.episodes_y {
        s.push_str("<g class=\"episodes\">\n");
        for e in &l.episodes {
            let width = e.x1 - e.x0;
            let _ = writeln!(
                s,
                "<g class=\"episode\"><title>{}</title><rect x=\"{x}\" y=\"{}\" width=\"{w}\" height=\"{}\" fill=\"{KEY}\" fill-opacity=\"0.06\"/><rect x=\"{x}\" y=\"{}\" width=\"{w}\" height=\"14\" fill=\"#f6d7d2\" stroke=\"{KEY}\"/>",
                esc(&e.title),
                N(l.y0),
                N(l.y1 - l.y0),
                N(top + 4.0),
                x = N(e.x0),
                w = N(width),
            );
            let label_x = e.x0 + width / 2.0;
            if text_width(&e.label, 10.0, true) + 4.0 <= width {
                let _ = write!(
                    s,
                    "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"10\" font-weight=\"bold\" fill=\"{TEXT}\">{}</text>",
                    N(label_x),
                    N(top + 15.0),
                    esc(&e.label)
                );
            }
            s.push_str("</g>\n");
        }
        s.push_str("</g>\n");
    }
}

fn key_dates(s: &mut String, l: &Layout) {
    let Some(top) = l.flags_y else { return };
    s.push_str("<g class=\"key-dates\">\n");
    for k in &l.key_lines {
        // The flag, a leader from it to its day when it was moved aside, and the day's line.
        let _ = writeln!(
            s,
            "<g class=\"key-date\"><title>{}</title><polyline points=\"{},{} {x},{} {x},{}\" fill=\"none\" stroke=\"{KEY}\" stroke-width=\"1.5\"/><circle cx=\"{f}\" cy=\"{}\" r=\"8\" fill=\"{KEY}\"/><text x=\"{f}\" y=\"{}\" text-anchor=\"middle\" font-size=\"10\" font-weight=\"bold\" fill=\"#ffffff\">{}</text></g>",
            esc(&k.title),
            N(k.flag_x),
            N(top + 14.0),
            N(top + 20.0),
            N(l.y1),
            N(top + 10.0),
            N(top + 13.5),
            k.number,
            x = N(k.x),
            f = N(k.flag_x),
        );
    }
    s.push_str("</g>\n");
}

/// Past this many links, each is drawn finer and fainter, so that the marks stay readable.
const MANY_LINKS: usize = 40;

fn links(s: &mut String, l: &Layout) {
    let style = if l.links.len() > MANY_LINKS {
        "stroke-width=\"1\" stroke-opacity=\"0.5\""
    } else {
        "stroke-width=\"2\""
    };
    let _ = writeln!(
        s,
        "<g class=\"duplicates\" fill=\"none\" stroke=\"{LINK}\" {style} stroke-dasharray=\"4 2\">"
    );
    for path in &l.links {
        s.push_str("<polyline class=\"duplicate-link\" points=\"");
        for (i, (x, y)) in path.iter().enumerate() {
            if i > 0 {
                s.push(' ');
            }
            let _ = write!(s, "{},{}", N(*x), N(*y));
        }
        s.push_str("\"/>\n");
    }
    s.push_str("</g>\n");
}

fn marks(s: &mut String, l: &Layout) {
    s.push_str("<g class=\"entries\">\n");
    for lane in &l.lanes {
        let cy = lane.y + lane.h / 2.0;
        for &(x0, x1) in &lane.periods {
            let _ = writeln!(
                s,
                "<rect class=\"period\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"4\" fill=\"{MARK}\" fill-opacity=\"0.45\"/>",
                N(x0),
                N(cy - 2.0),
                N((x1 - x0).max(1.0)),
            );
        }
        for m in &lane.marks {
            let r = radius(m.count);
            let (fill, text) = if m.exact {
                (MARK, "#ffffff")
            } else {
                ("#ffffff", MARK)
            };
            let when = if m.first == m.last {
                crate::uk_dates::long_date(m.first)
            } else {
                format!(
                    "{} to {}",
                    crate::uk_dates::long_date(m.first),
                    crate::uk_dates::long_date(m.last)
                )
            };
            let _ = write!(
                s,
                "<g class=\"entry\"><title>{}: {}, {when}</title>",
                esc(&lane.name),
                if m.count == 1 {
                    "1 entry".to_string()
                } else {
                    format!("{} entries", m.count)
                },
            );
            if m.key {
                let _ = write!(
                    s,
                    "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"none\" stroke=\"{KEY}\" stroke-width=\"2\"/>",
                    N(m.x),
                    N(cy),
                    N(r + 3.0)
                );
            }
            let _ = write!(
                s,
                "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{fill}\" stroke=\"{MARK}\" stroke-width=\"1.5\"/>",
                N(m.x),
                N(cy),
                N(r)
            );
            if m.count > 1 {
                let (label, size) = match m.count {
                    2..=9 => (m.count.to_string(), 8.0),
                    10..=99 => (m.count.to_string(), 7.0),
                    _ => ("99+".to_string(), 5.5),
                };
                let _ = write!(
                    s,
                    "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"{}\" font-weight=\"bold\" fill=\"{text}\">{label}</text>",
                    N(m.x),
                    N(cy + size * 0.36),
                    N(size)
                );
            }
            s.push_str("</g>\n");
        }
    }
    s.push_str("</g>\n");
}

/// A legend symbol at (x, cy), LEGEND_SYMBOL_W wide.
fn symbol(s: &mut String, sym: Symbol, x: f64, cy: f64, ids: &str) {
    let c = x + 10.0;
    let _ = match sym {
        Symbol::Exact => write!(
            s,
            "<circle cx=\"{}\" cy=\"{}\" r=\"4\" fill=\"{MARK}\" stroke=\"{MARK}\" stroke-width=\"1.5\"/>",
            N(c),
            N(cy)
        ),
        Symbol::Uncertain => write!(
            s,
            "<circle cx=\"{}\" cy=\"{}\" r=\"4\" fill=\"#ffffff\" stroke=\"{MARK}\" stroke-width=\"1.5\"/>",
            N(c),
            N(cy)
        ),
        Symbol::Cluster => write!(
            s,
            "<circle cx=\"{c}\" cy=\"{y}\" r=\"6\" fill=\"{MARK}\" stroke=\"{MARK}\" stroke-width=\"1.5\"/><text x=\"{c}\" y=\"{}\" text-anchor=\"middle\" font-size=\"8\" font-weight=\"bold\" fill=\"#ffffff\">4</text>",
            N(cy + 2.9),
            c = N(c),
            y = N(cy)
        ),
        Symbol::Period => write!(
            s,
            "<rect x=\"{}\" y=\"{}\" width=\"20\" height=\"4\" fill=\"{MARK}\" fill-opacity=\"0.45\"/>",
            N(x),
            N(cy - 2.0)
        ),
        Symbol::Gap => write!(
            s,
            "<rect x=\"{}\" y=\"{}\" width=\"20\" height=\"14\" fill=\"url(#{ids}-hatch)\" fill-opacity=\"0.75\" stroke=\"#b1b4b6\"/>",
            N(x),
            N(cy - 7.0)
        ),
        Symbol::LaneGap => write!(
            s,
            "<rect x=\"{}\" y=\"{}\" width=\"20\" height=\"14\" fill=\"{LANE_GAP}\" stroke=\"#b1b4b6\"/>",
            N(x),
            N(cy - 7.0)
        ),
        Symbol::Link => write!(
            s,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{LINK}\" stroke-width=\"2\" stroke-dasharray=\"4 2\"/>",
            N(x),
            N(cy + 6.0),
            N(x + 20.0),
            N(cy - 6.0)
        ),
        Symbol::KeyRow => write!(
            s,
            "<circle cx=\"{c}\" cy=\"{y}\" r=\"7\" fill=\"none\" stroke=\"{KEY}\" stroke-width=\"2\"/><circle cx=\"{c}\" cy=\"{y}\" r=\"4\" fill=\"{MARK}\" stroke=\"{MARK}\" stroke-width=\"1.5\"/>",
            c = N(c),
            y = N(cy)
        ),
        Symbol::KeyDate => write!(
            s,
            "<line x1=\"{c}\" y1=\"{}\" x2=\"{c}\" y2=\"{}\" stroke=\"{KEY}\" stroke-width=\"1.5\"/>",
            N(cy - 8.0),
            N(cy + 8.0),
            c = N(c)
        ),
        Symbol::Episode => write!(
            s,
            "<rect x=\"{}\" y=\"{}\" width=\"20\" height=\"12\" fill=\"#f6d7d2\" stroke=\"{KEY}\"/>",
            N(x),
            N(cy - 6.0)
        ),
    };
}

fn legend(s: &mut String, l: &Layout, ids: &str) {
    s.push_str("<g class=\"legend\">\n");
    for (ri, row) in l.legend.iter().enumerate() {
        let cy = l.legend_y + ri as f64 * LEGEND_ROW + LEGEND_ROW / 2.0;
        let mut x = 16.0;
        for (sym, text) in row {
            symbol(s, *sym, x, cy, ids);
            let _ = writeln!(
                s,
                "<text x=\"{}\" y=\"{}\" font-size=\"{}\" fill=\"{TEXT}\">{}</text>",
                N(x + LEGEND_SYMBOL_W),
                N(cy + 4.0),
                N(LEGEND_SIZE),
                esc(text)
            );
            x += LEGEND_SYMBOL_W + text_width(text, LEGEND_SIZE, false) + 26.0;
        }
    }
    s.push_str("</g>\n");
}

fn key_list(s: &mut String, l: &Layout) {
    if l.key_list.is_empty() {
        return;
    }
    s.push_str("<g class=\"key-list\">\n");
    let top = l.legend_y + l.legend.len() as f64 * LEGEND_ROW + 8.0;
    for (i, (number, date, label)) in l.key_list.iter().enumerate() {
        let cy = top + i as f64 * KEY_ROW + KEY_ROW / 2.0;
        let _ = writeln!(
            s,
            "<circle cx=\"26\" cy=\"{y}\" r=\"7\" fill=\"{KEY}\"/><text x=\"26\" y=\"{}\" text-anchor=\"middle\" font-size=\"9\" font-weight=\"bold\" fill=\"#ffffff\">{number}</text><text x=\"42\" y=\"{}\" font-size=\"12\" font-weight=\"bold\" fill=\"{TEXT}\">{}</text><text x=\"{}\" y=\"{}\" font-size=\"12\" fill=\"{TEXT}\">{}</text>",
            N(cy + 3.2),
            N(cy + 4.0),
            esc(date),
            N(KEY_LABEL_X),
            N(cy + 4.0),
            esc(label),
            y = N(cy),
        );
    }
    if l.key_list_more > 0 {
        let cy = top + l.key_list.len() as f64 * KEY_ROW + KEY_ROW / 2.0;
        let _ = writeln!(
            s,
            "<text x=\"42\" y=\"{}\" font-size=\"12\" font-style=\"italic\" fill=\"{SECONDARY}\">and {} more key dates, each drawn with its number</text>",
            N(cy + 4.0),
            l.key_list_more
        );
    }
    s.push_str("</g>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_with_one_decimal_at_most() {
        assert_eq!(N(12.0).to_string(), "12");
        assert_eq!(N(12.04).to_string(), "12");
        assert_eq!(N(12.25).to_string(), "12.3");
        assert_eq!(N(-0.5).to_string(), "-0.5");
    }
}
