//! The merged chronology as a picture: one lane per agency, time along the x axis, each entry
//! a mark, periods with no entry shaded, likely duplicates linked, key dates and episodes
//! marked, with a legend.
//!
//! The picture is written once, as SVG ([`Timeline::svg`]); the PNG ([`Timeline::png`]) is that
//! SVG rasterised by resvg with a font compiled into the binary, so the two never disagree and
//! the same merge gives the same bytes on every machine. A panel reads it beside the table in
//! `merged-chronology.docx` (where the PNG is placed by the template's `{{picture timeline}}`),
//! on the review's page in `scr serve` (the SVG), or alone (`scr chronology timeline`,
//! [`timeline_into`]).
//!
//! It stays legible at scale: marks closer than a few pixels in a lane are drawn as one mark
//! with their count, lanes shrink (to a floor) as agencies are added, and the key list is
//! capped.

mod file;
mod layout;
mod png;
mod svg;

use super::Scope;
use super::merge::Merged;
use crate::case::Case;
use chrono::NaiveDate;

pub use file::{PictureFormat, TimelineError, TimelineOutcome, timeline_into};
pub use png::PNG_SCALE;

/// A day the review marks on the picture: the incident, the death, a key date the referral
/// lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyDate {
    /// The day.
    pub date: NaiveDate,
    /// What happened, briefly.
    pub label: String,
}

/// A key practice episode: a period the review examines closely.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyEpisode {
    /// Its id in the case ("KE1"), shown on the band.
    pub id: String,
    /// Its title.
    pub title: String,
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
}

/// What the review holds as key, beside what the returns say: days, episodes, and the rows
/// the episodes cite (by provenance, "FILE, SHEET, row N").
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Keys {
    /// Key days, in date order.
    pub dates: Vec<KeyDate>,
    /// Key episodes, in date order.
    pub episodes: Vec<KeyEpisode>,
    /// Rows cited as key: (file name, sheet, row).
    pub rows: Vec<(String, String, u32)>,
}

impl Keys {
    /// The case's key dates (the incident, the death, the referral's key dates) and key
    /// episodes with the rows they cite.
    pub fn of_case(case: &Case) -> Keys {
        let mut dates = Vec::new();
        for k in &case.referral.key_dates {
            if let Some(d) = k.date {
                dates.push(KeyDate {
                    date: d,
                    label: k.event.trim().to_string(),
                });
            }
        }
        // The incident and the death in the case's own words only when the referral's key
        // dates do not already tell that day: the sample listed "Child A dies in hospital."
        // and "Death" on 14 February 2016, one event said twice.
        for (day, label) in [
            (case.child.date_of_incident, "Incident (serious harm)"),
            (case.child.date_of_death, "Death"),
        ] {
            if let Some(d) = day.filter(|d| !dates.iter().any(|k| k.date == *d)) {
                dates.push(KeyDate {
                    date: d,
                    label: label.into(),
                });
            }
        }
        dates.sort_by(|a, b| (a.date, &a.label).cmp(&(b.date, &b.label)));
        dates.dedup();
        let mut episodes = Vec::new();
        let mut rows = Vec::new();
        for e in &case.learning.key_episodes {
            if let Some(from) = e.from {
                episodes.push(KeyEpisode {
                    id: e.id.clone(),
                    title: e.title.clone(),
                    from,
                    to: e.to.unwrap_or(from).max(from),
                });
            }
            for c in &e.chronology_rows {
                if let Some(c) = crate::case::parse_row_citation(c) {
                    rows.push((c.file, c.sheet, c.row));
                }
            }
        }
        episodes.sort_by(|a, b| (a.from, a.to, &a.id).cmp(&(b.from, b.to, &b.id)));
        rows.sort();
        rows.dedup();
        Keys {
            dates,
            episodes,
            rows,
        }
    }
}

/// The headers of a return's own column that a reviewer uses to mark key entries ("Key",
/// "Key event", "Significant"), normalised: lower case letters and digits only.
const KEY_COLUMNS: &[&str] = &[
    "key",
    "keyentry",
    "keyevent",
    "keyepisode",
    "keypracticeepisode",
    "significant",
    "significantevent",
];

/// True when the value of a key column marks the row ("Yes", "x", "KE2"); blank, "No", "N",
/// "0", "false" and "-" do not.
fn marks_key(value: &str) -> bool {
    let v = value.trim().to_lowercase();
    !(v.is_empty()
        || matches!(
            v.as_str(),
            "no" | "n" | "0" | "false" | "-" | "none" | "n/a"
        ))
}

fn normalised(header: &str) -> String {
    header
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Whether a merged row is key: marked so in a key column of its return, or cited by a key
/// episode.
fn row_is_key(row: &super::merge::MergedRow, keys: &Keys) -> bool {
    if row
        .extra
        .iter()
        .any(|f| KEY_COLUMNS.contains(&normalised(&f.name).as_str()) && marks_key(&f.value))
    {
        return true;
    }
    let file = std::path::Path::new(&row.provenance.file)
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_else(|| row.provenance.file.clone());
    keys.rows.iter().any(|(f, s, r)| {
        *r == row.provenance.row
            && s.eq_ignore_ascii_case(&row.provenance.sheet)
            && (f.eq_ignore_ascii_case(&file) || f.eq_ignore_ascii_case(&row.provenance.file))
    })
}

/// How to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Shade a lane's own quiet periods longer than the merge's gap threshold too.
    pub lane_gaps: bool,
    /// The picture's width in SVG units (pixels at 96 dpi).
    pub width: f64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            lane_gaps: true,
            width: 1200.0,
        }
    }
}

/// A timeline picture of a merged chronology, laid out and ready to write.
#[derive(Debug, Clone)]
pub struct Timeline {
    layout: layout::Layout,
}

impl Timeline {
    /// Lays out the picture of `merged`: its rows, duplicate groups and gaps (the threshold is
    /// the merge's), over the review's `scope` widened to every entry, with `keys` marked.
    pub fn new(merged: &Merged, scope: Scope, keys: &Keys, opts: &Options) -> Timeline {
        Timeline {
            layout: layout::Layout::new(merged, scope, keys, opts),
        }
    }

    /// The picture's width and height in SVG units.
    pub fn size(&self) -> (f64, f64) {
        (self.layout.width, self.layout.height)
    }

    /// The number of agency lanes.
    pub fn lanes(&self) -> usize {
        self.layout.lanes.len()
    }

    /// What the picture shows, in words: its `<desc>`, and the alt text of the picture in a
    /// Word document.
    pub fn description(&self) -> &str {
        &self.layout.description
    }

    /// The picture's title.
    pub fn title(&self) -> &str {
        &self.layout.title
    }

    /// The picture as an SVG document: standalone, no external fonts or links, with a title
    /// and description for screen readers.
    pub fn svg(&self) -> String {
        self.svg_with_ids("timeline")
    }

    /// The SVG with every id in it starting with `prefix` (`PREFIX-title`, `PREFIX-desc`,
    /// `PREFIX-hatch`): a page holding two pictures inline gives each its own prefix, since
    /// ids are shared by the whole page.
    pub fn svg_with_ids(&self, prefix: &str) -> String {
        svg::write(&self.layout, prefix)
    }

    /// The picture as PNG bytes, [`PNG_SCALE`] pixels per SVG unit.
    pub fn png(&self) -> Result<Vec<u8>, String> {
        png::render(&self.svg())
    }

    /// The PNG with its description as alt text, for a Word template's `{{picture x}}`.
    pub fn picture(&self) -> Result<crate::template::Picture, String> {
        Ok(crate::template::Picture {
            png: self.png()?,
            descr: self.description().to_string(),
            width_cm: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_column_marks_a_row_unless_it_says_no() {
        assert!(marks_key("Yes"));
        assert!(marks_key("x"));
        assert!(marks_key("KE2"));
        for v in ["", " ", "No", "n", "0", "FALSE", "-"] {
            assert!(!marks_key(v), "{v:?}");
        }
        assert!(KEY_COLUMNS.contains(&normalised("Key event?").as_str()));
    }
}
