//! The wording and layout of the built-in templates.
//!
//! Plain UK English, faithful to the review process. Text a person must write reads
//! `[To be completed: …]` (in the Placeholder style) so that `scr check` can find what is
//! still missing. Tags read the pack's data (see the README's "Template data" section).

use super::{DocKind, KindSpec};
use crate::docx::write::{Align, Block, Col, NewDocument, Para, Run, Table};

/// A column of UK long dates: one on a line at its longest.
const DATE: Col = Col::Fit("30 September 2016");
/// A column of UK long dates in a crowded table: the year may go to a second line.
const DATE_WRAPS: Col = Col::Fit("30 September");
/// A column of times of day.
const TIME: Col = Col::Fit("23:59");
/// A column of yes / no / not known answers.
const ANSWER: Col = Col::Fit("Not known");
/// A column as wide as its own words (a short heading over numbers).
const NARROW: Col = Col::Fit("");

/// A share of the width the fitted columns leave.
const fn share(weight: u32) -> Col {
    Col::Share(weight)
}

fn title(t: &str) -> Block {
    Block::Para(Para::new(t).style("Title"))
}

fn h1(t: &str) -> Block {
    Block::Para(Para::new(t).style("Heading1"))
}

fn h2(t: &str) -> Block {
    Block::Para(Para::new(t).style("Heading2"))
}

fn p(t: &str) -> Block {
    Block::Para(Para::new(t))
}

/// A line of an address block; the block's last line is `address_end`, so blocks stand apart
/// as a letter's do without empty paragraphs.
fn address(t: &str) -> Block {
    Block::Para(Para::new(t).style("Address"))
}

fn address_end(t: &str) -> Block {
    Block::Para(Para::new(t).style("AddressEnd"))
}

/// An item of a list (enclosures), indented under its heading.
fn item(t: &str) -> Block {
    Block::Para(Para::new(t).style("ListItem"))
}

fn bold(label: &str, rest: &str) -> Block {
    Block::Para(Para::runs(vec![Run::bold(label), Run::text(rest)]))
}

fn todo(what: &str) -> Block {
    Block::Para(Para::new(format!("[To be completed: {what}]")).style("Placeholder"))
}

fn cell(t: &str) -> Vec<Para> {
    vec![Para::new(t)]
}

fn todo_cell(what: &str) -> Vec<Para> {
    vec![Para::new(format!("[To be completed: {what}]")).style("Placeholder")]
}

/// A two-column table of labels and values.
fn fields(rows: &[(&str, &str)]) -> Block {
    Block::Table(Table {
        columns: vec![share(35), share(65)],
        header_rows: 0,
        formats: Vec::new(),
        rows: rows
            .iter()
            .map(|(l, v)| {
                vec![
                    vec![Para::runs(vec![Run::bold(*l)])],
                    if v.starts_with("[To be completed") {
                        vec![Para::new(*v).style("Placeholder")]
                    } else {
                        cell(v)
                    },
                ]
            })
            .collect(),
    })
}

/// A table with a header row and one template row (usually a row loop).
fn grid(columns: &[Col], header: &[&str], rows: Vec<Vec<Vec<Para>>>) -> Block {
    let mut all = vec![header.iter().map(|h| cell(h)).collect::<Vec<_>>()];
    all.extend(rows);
    Block::Table(Table {
        columns: columns.to_vec(),
        header_rows: 1,
        rows: all,
        formats: Vec::new(),
    })
}

fn row(cells: &[&str]) -> Vec<Vec<Para>> {
    cells.iter().map(|c| cell(c)).collect()
}

/// The header: the protective marking (none on what is written to be published as it
/// stands) and the review's reference.
fn header(reference: &str, marked: bool) -> Vec<Para> {
    let mut h = Vec::new();
    if marked {
        h.push(
            Para::runs(vec![Run::bold("OFFICIAL-SENSITIVE")])
                .style("Header")
                .align(Align::Center),
        );
    }
    h.push(Para::new(reference).style("Header").align(Align::Center));
    h
}

fn footer(name: &str) -> Vec<Para> {
    vec![
        Para::runs(vec![
            Run::text(format!("{name} · ")),
            Run::text("Page "),
            Run::field("PAGE", "1"),
            Run::text(" of "),
            Run::field("NUMPAGES", "1"),
        ])
        .style("Footer")
        .align(Align::Right),
    ]
}

/// The description of a built-in template.
pub(super) fn document(kind: DocKind) -> NewDocument {
    let spec = kind.spec();
    let (landscape, body) = (spec.landscape, (spec.content)(spec));
    // The merged chronology and summaries read their own data, whose names are flat.
    let (reference, line) = if kind == DocKind::MergedChronology || kind == DocKind::AgencySummaries
    {
        ("{{review_reference}}", "{{board}} · {{review_reference}}")
    } else {
        (
            "{{review.reference}}",
            "{{board.short_name}} · {{review.reference}}",
        )
    };
    NewDocument {
        title: format!("{} {reference}", kind.title()),
        custom: vec![
            ("ScrKind".into(), kind.id().into()),
            ("ScrReference".into(), reference.into()),
        ],
        landscape,
        // The published statement of actions goes out as it is; the report draft stays
        // marked until the board has ratified it.
        header: header(line, kind != DocKind::ActionsPublished),
        footer: footer(kind.title()),
        body,
    }
}

mod alternative;
mod commissioning;
mod intake;
mod lcspr;
mod learning;
mod rapid_review;
mod report;

// Every template function of every part, so that a kind's row names it as `content::f`
// whichever file it is in: adding a kind touches its row and its function, nothing here.
pub(super) use alternative::*;
pub(super) use commissioning::*;
pub(super) use intake::*;
pub(super) use lcspr::*;
pub(super) use learning::*;
pub(super) use rapid_review::*;
pub(super) use report::*;
