//! The merged chronology as a Word document, rendered by the template engine.
//!
//! The template is the document set's "Multi-agency chronology"
//! ([`crate::docset::DocKind::MergedChronology`], `templates/merged-chronology.docx`), or a
//! board's own. It is a landscape table whose header row repeats on every page, one row per
//! entry with the agency on each row, then the likely duplicates, gaps and missing returns.
//!
//! Fields a template can use (see [`Merged`]): `review_reference`, `board`, `scope_from`,
//! `scope_to`, `merged_on`, `gap_days`, and the lists `rows` (`number`, `when`, `time`,
//! `certainty`, `end_date`, `agency`, `source`, `practitioner_role`, `subject`, `event`,
//! `outcome`, `comment`, `reference`, `duplicate_group`, `provenance.file`, `.sheet`, `.row`),
//! `duplicate_groups` (`number`, `when`, `rows`, `agencies`), `gaps` (`from`, `to`, `days`),
//! `missing_returns` (`name`, `id`, `contact`), `excluded` (`file`, `sheet`, `row`, `reasons`)
//! and `returns` (`file`, `agency`, `entries`, `excluded`). The date is `when`, not `date`,
//! which templates know as a helper. `timeline` is the timeline picture
//! ([`super::timeline`]), placed with `{{picture timeline}}`.

use super::merge::Merged;
use crate::diagnostic::Diagnostic;
use crate::template::{Streamed, Template, compile_bytes};
use std::sync::{Arc, OnceLock};

/// The built-in template's bytes.
pub fn default_template() -> &'static [u8] {
    crate::docset::DocKind::MergedChronology.builtin()
}

fn compiled_default() -> Result<&'static Template, Vec<Diagnostic>> {
    static DEFAULT: OnceLock<Result<Template, Vec<Diagnostic>>> = OnceLock::new();
    DEFAULT
        .get_or_init(|| {
            compile_bytes(
                default_template().to_vec(),
                "templates/merged-chronology.docx",
            )
            .labelled(crate::case::fields::label_of)
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// Renders the merged chronology with a template (a board's own, or [`default_template`]),
/// with the timeline picture as `timeline`.
pub fn render(
    template: &Template,
    merged: &Merged,
    timeline: &crate::template::Picture,
) -> Result<Vec<u8>, Vec<Diagnostic>> {
    let mut data = serde_json::to_value(merged).unwrap_or_default();
    data["timeline"] = timeline.to_value();
    template.render_owned(data)
}

/// The data a template sees, but for `rows`: taken out for the call and put back, so the
/// rows are never copied.
pub fn data_without_rows(merged: &mut Merged) -> serde_json::Value {
    let rows = std::mem::take(&mut merged.rows);
    let data = serde_json::to_value(&*merged).unwrap_or_default();
    merged.rows = rows;
    data
}

/// Renders the merged chronology into `out` (a staged file) as it is made, with a template (a
/// board's own, or [`default_template`] when `None`): `data` is [`data_without_rows`], and the
/// rows are given to the template one at a time, so that neither their data nor their XML is
/// ever held whole (100,000 rows in a few MiB beyond the rows themselves).
pub fn render_to<W: std::io::Write + std::io::Seek>(
    template: Option<&Template>,
    data: serde_json::Value,
    merged: &Arc<Merged>,
    out: W,
) -> Result<W, Vec<Diagnostic>> {
    let template = match template {
        Some(t) => t,
        None => compiled_default()?,
    };
    let rows = Arc::clone(merged);
    let streamed = Streamed {
        key: "rows".to_string(),
        len: merged.rows.len(),
        item: Arc::new(move |i| serde_json::to_value(&rows.rows[i]).unwrap_or_default()),
    };
    template.render_to(data, Some(&streamed), out)
}

/// Renders the merged chronology with scrkit's own template.
pub fn render_default(
    merged: &Merged,
    timeline: &crate::template::Picture,
) -> Result<Vec<u8>, Vec<Diagnostic>> {
    render(compiled_default()?, merged, timeline)
}

/// The timeline picture of `merged` over `scope` with `keys` marked, ready for a template.
pub fn timeline_picture(
    merged: &Merged,
    scope: super::Scope,
    keys: &super::timeline::Keys,
) -> Result<crate::template::Picture, Vec<Diagnostic>> {
    let t = super::timeline::Timeline::new(merged, scope, keys, &Default::default());
    t.picture().map_err(|e| {
        vec![
            Diagnostic::error(
                crate::diagnostic::Location::File,
                format!("the timeline picture could not be drawn: {e}"),
            )
            .with_help("this is a bug in scrkit; please report it"),
        ]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_template_compiles_without_problems() {
        let c = compile_bytes(default_template().to_vec(), "default");
        assert!(c.diagnostics.is_empty(), "{:?}", c.diagnostics);
        assert!(c.template.is_some());
    }
}
