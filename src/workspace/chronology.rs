//! A review's merged chronology, as the CLI's `scr chronology merge` and `scr chronology
//! timeline` make it from the chronology returns received: the rows for a table and the
//! timeline picture (SVG, with its title and description as the text alternative).

use super::ReviewFolder;
use crate::case::Case;
use crate::chronology::timeline::{Keys, Options, Timeline};
use crate::chronology::{self, Context, MergeOptions, Merged};
use chrono::NaiveDate;

/// The merged chronology of the returns received so far.
#[derive(Debug, Clone)]
pub struct MergedChronology {
    /// The merge: rows by date, agencies, gaps, duplicates, rows left out.
    pub merged: Merged,
    /// The timeline picture as SVG, without an XML declaration, for a page.
    pub svg: String,
    /// The picture's title.
    pub title: String,
    /// What the picture shows, in words: its text alternative.
    pub description: String,
    /// Returns with errors, whose rows with errors are left out: (file name, errors).
    pub with_errors: Vec<(String, usize)>,
}

impl ReviewFolder {
    /// Merges the chronology returns received (rows with errors left out, as
    /// `scr chronology merge --keep-going` does) and draws the timeline; `None` before any
    /// return has come.
    pub fn merged_chronology(&self, case: &Case, today: NaiveDate) -> Option<MergedChronology> {
        let files = self.return_files();
        if files.is_empty() {
            return None;
        }
        let ctx = Context::for_case(case, today);
        let mut checked = chronology::check(&files, &ctx, &|_| {});
        let with_errors = checked
            .returns
            .iter()
            .filter(|r| r.errors() > 0)
            .map(|r| {
                let name = r
                    .path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                (name, r.errors())
            })
            .collect();
        let opts = MergeOptions {
            keep_going: true,
            ..MergeOptions::default()
        };
        let merged = chronology::merge(&mut checked, &ctx, opts).ok()?;
        let t = Timeline::new(
            &merged,
            ctx.scope,
            &Keys::of_case(case),
            &Options::default(),
        );
        let svg = t.svg();
        // Placed in a page, the SVG needs neither the XML declaration nor the namespace (an
        // HTML parser gives inline <svg> its namespace), and the page names no other host.
        let svg = match svg.find("<svg") {
            Some(at) => svg[at..].replacen(" xmlns=\"http://www.w3.org/2000/svg\"", "", 1),
            None => svg,
        };
        Some(MergedChronology {
            title: t.title().to_string(),
            description: t.description().to_string(),
            svg,
            merged,
            with_errors,
        })
    }
}
