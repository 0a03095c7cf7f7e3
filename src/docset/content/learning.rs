//! The documents of the learning chain: the action plan, the board's progress report on it,
//! and the published statement of actions taken, their impact and what more will be done.
//! All three read `action_plan` (see `pack::learning`): the plan as at the document's date.

use super::*;
use crate::docx::write::CellFormat;

/// The shading of a recommendation's heading row inside a plan table.
const HEADING_ROW: &str = "F2F2F2";

/// A cell of several paragraphs.
fn paras(ts: &[&str]) -> Vec<Para> {
    ts.iter().map(|t| Para::new(*t)).collect()
}

/// A cell whose first paragraph is bold.
fn bold_first(first: &str, rest: &[&str]) -> Vec<Para> {
    let mut v = vec![Para::runs(vec![Run::bold(first)])];
    v.extend(rest.iter().map(|t| Para::new(*t)));
    v
}

/// A table of a header row and the given rows, with cell formats.
fn table(
    columns: &[Col],
    header: &[&str],
    rows: Vec<Vec<Vec<Para>>>,
    formats: Vec<CellFormat>,
) -> Block {
    let mut all = vec![
        header
            .iter()
            .map(|h| vec![Para::new(*h)])
            .collect::<Vec<_>>(),
    ];
    all.extend(rows);
    Block::Table(Table {
        columns: columns.to_vec(),
        header_rows: 1,
        rows: all,
        formats,
    })
}

/// A row of one cell across `span` columns, shaded: a heading inside a table.
fn heading_row(row: usize, span: usize) -> CellFormat {
    CellFormat {
        row,
        cell: 0,
        shading: Some(HEADING_ROW),
        span,
    }
}

/// "Overdue: overdue by 32 days", shaded by the state.
const STATE_CELL: &str = "{{shade state_colour}}{{state_label}}";

/// The latest rating in words, shaded in its colour, and what the update said, in one
/// paragraph: "Green, 22 May 2017: …", or "No update yet" alone (it was followed by "No
/// progress reported yet.", the same thing said twice).
fn latest_update_cell() -> Vec<Para> {
    vec![Para::runs(vec![
        Run::bold("{{shade rag_colour}}{{rag_label}}"),
        Run::text("{{#if last_update_on}}, {{date last_update_on}}: {{last_note}}{{/if}}"),
    ])]
}

pub(in crate::docset) fn action_plan(k: &KindSpec) -> Vec<Block> {
    let columns = [
        Col::Fit("A10"),
        share(30),
        share(18),
        DATE_WRAPS,
        share(22),
        share(24),
        share(24),
    ];
    vec![
        title(k.title),
        p(
            "Review {{review.reference}} concerning {{child.pseudonym}}. For {{regime.board}}, {{date today}}.",
        ),
        h1("Actions"),
        p(
            "Recommendation by recommendation, what each agency will do, who leads it, by when, how {{regime.board}} will know it has worked, and the latest progress reported as at {{date action_plan.as_of}}.",
        ),
        p("{{#if learning.recommendations}}"),
        table(
            &columns,
            &[
                "Ref",
                "Action",
                "Owner and lead",
                "Due",
                "Success measure",
                "Latest update",
                "Evidence of impact",
            ],
            vec![
                vec![vec![
                    Para::runs(vec![
                        Run::bold("{{#each action_plan.recommendations}}Recommendation {{id}}: "),
                        Run::text(
                            "{{recommendation}}{{#unless actions}} No action has been agreed on this recommendation yet.{{/unless}}",
                        ),
                    ]),
                    Para::new(
                        "{{#if addressed_to}}Addressed to: {{addressed_to}}. {{/if}}{{#if findings_text}}Findings: {{findings_text}}.{{/if}}",
                    ),
                ]],
                vec![
                    cell("{{#each actions}}{{id}}"),
                    cell("{{action}}"),
                    paras(&[
                        "{{capital owner_name}}",
                        "{{#if lead}}Lead: {{lead}}{{else}}[To be completed: lead]{{/if}}",
                    ]),
                    cell("{{#if due_on}}{{date due_on}}{{else}}[To be completed: date]{{/if}}"),
                    cell(
                        "{{#if success_measure}}{{success_measure}}{{else}}[To be completed: success measure]{{/if}}",
                    ),
                    latest_update_cell(),
                    cell(
                        "{{#if evidence_of_impact}}{{evidence_of_impact}}{{else}}None recorded yet.{{/if}}{{#if closed_on}} Closed on {{date closed_on}}{{#if closure_agreed_by}}, agreed by {{closure_agreed_by}}{{/if}}.{{/if}}{{/each}}{{/each}}",
                    ),
                ],
            ],
            vec![heading_row(1, columns.len())],
        ),
        p("{{else}}"),
        todo(
            "the recommendations and the actions on each: record them in the case file's learning chain and make the plan again",
        ),
        p("{{/if}}"),
        h1("Monitoring"),
        p(
            "{{regime.review_panel_capital}} monitors progress against this plan and reports to {{regime.board}}. {{regime.board_capital}} publishes what actions were taken, their impact, and what more will be done.",
        ),
        p(
            "{{#if action_plan.agreed_on}}{{regime.board_capital}} agreed the plan on {{date action_plan.agreed_on}}. {{/if}}Each agency reports progress on its open actions at least every {{action_plan.update_interval_days}} days. As at {{date action_plan.as_of}} the plan holds {{action_plan.summary}}",
        ),
    ]
}

/// The columns of a progress report's table of actions.
const ACTION_COLUMNS: [Col; 7] = [
    Col::Fit("A10 (R10)"),
    Col::Share(30),
    Col::Share(18),
    DATE_WRAPS,
    Col::Fit("No recent update"),
    Col::Share(22),
    Col::Share(26),
];

const ACTION_HEADER: [&str; 7] = [
    "Ref",
    "Action",
    "Owner and lead",
    "Due",
    "Status",
    "What the status means",
    "Latest update",
];

/// A row of the progress report's table for each action in `list`.
fn action_rows(list: &str) -> Vec<Vec<Para>> {
    vec![
        cell(&format!(
            "{{{{#each {list}}}}}{{{{id}}}} ({{{{recommendation}}}})"
        )),
        cell("{{action}}"),
        paras(&[
            "{{capital owner_name}}",
            "{{#if lead}}Lead: {{lead}}{{/if}}",
        ]),
        cell("{{#if due_on}}{{date due_on}}{{else}}No date set{{/if}}"),
        bold_first(STATE_CELL, &[]),
        cell("{{state_text}}"),
        {
            let mut c = latest_update_cell();
            c.last_mut()
                .expect("one paragraph")
                .runs
                .push(Run::text("{{/each}}"));
            c
        },
    ]
}

/// A summary table of counts by agency or by recommendation.
fn counts_table(first: &str, list: &str, name: &str) -> Block {
    table(
        &[
            share(40),
            Col::Fit("Actions"),
            Col::Fit("Overdue"),
            Col::Fit("No recent update"),
            Col::Fit("At risk"),
            Col::Fit("On track"),
            Col::Fit("Complete"),
        ],
        &[
            first,
            "Actions",
            "Overdue",
            "No recent update",
            "At risk",
            "On track",
            "Complete",
        ],
        vec![
            vec![
                cell(&format!("{{{{#each {list}}}}}{name}")),
                cell("{{counts.total}}"),
                cell("{{counts.overdue}}"),
                cell("{{counts.stale}}"),
                cell("{{counts.at_risk}}"),
                cell("{{counts.on_track}}"),
                cell("{{counts.complete}}{{/each}}"),
            ],
            vec![
                vec![Para::runs(vec![Run::bold("All actions")])],
                cell("{{action_plan.counts.total}}"),
                cell("{{action_plan.counts.overdue}}"),
                cell("{{action_plan.counts.stale}}"),
                cell("{{action_plan.counts.at_risk}}"),
                cell("{{action_plan.counts.on_track}}"),
                cell("{{action_plan.counts.complete}}"),
            ],
        ],
        Vec::new(),
    )
}

pub(in crate::docset) fn progress_report(k: &KindSpec) -> Vec<Block> {
    vec![
        title(k.title),
        p(
            "Review {{review.reference}} concerning {{child.pseudonym}}. For {{regime.board}}, as at {{date action_plan.as_of}}.",
        ),
        h1("Summary"),
        p(
            "{{action_plan.summary}} An open action with no update for more than {{action_plan.update_interval_days}} days has no recent update{{#if action_plan.agreed_on}}; the plan was agreed on {{date action_plan.agreed_on}}{{/if}}.",
        ),
        counts_table("Agency", "action_plan.by_agency", "{{capital name}}"),
        p(""),
        counts_table(
            "Recommendation",
            "action_plan.by_recommendation",
            "{{id}}: {{name}}",
        ),
        h1("Actions needing attention"),
        p("{{#if action_plan.attention}}"),
        p(
            "Overdue actions, and open actions with no recent update, most overdue first. {{regime.board_capital}} is asked to agree what each owner will do.",
        ),
        table(
            &ACTION_COLUMNS,
            &ACTION_HEADER,
            vec![action_rows("action_plan.attention")],
            Vec::new(),
        ),
        p("{{else}}"),
        p("No action is overdue, and every open action has a recent update."),
        p("{{/if}}"),
        h1("Other actions"),
        p("{{#if action_plan.others}}"),
        p("Actions at risk first, then those on track, then those complete."),
        table(
            &ACTION_COLUMNS,
            &ACTION_HEADER,
            vec![action_rows("action_plan.others")],
            Vec::new(),
        ),
        p("{{else}}"),
        p("There are no other actions."),
        p("{{/if}}"),
    ]
}

pub(in crate::docset) fn actions_published(k: &KindSpec) -> Vec<Block> {
    vec![
        title(k.title),
        p(
            "{{board.name}}. {{regime.review_name_capital}} concerning {{child.pseudonym}}: what has been done in response to the review's findings, as at {{date action_plan.as_of}}.",
        ),
        h1("The review's recommendations"),
        p("{{#each learning.recommendations}}"),
        p("{{id}}. {{recommendation}}"),
        p("{{else}}"),
        todo("the review's recommendations"),
        p("{{/each}}"),
        h1("Actions already taken and their impact"),
        p("{{#if action_plan.taken}}"),
        table(
            &[Col::Fit("R10"), share(34), share(20), share(40)],
            &["Rec.", "Action taken", "By", "Impact"],
            vec![vec![
                cell("{{#each action_plan.taken}}{{recommendation}}"),
                cell("{{action}}"),
                cell("{{capital owner_name}}"),
                cell(
                    "{{#if evidence_of_impact}}{{evidence_of_impact}}{{else}}Completed; its impact is still being evaluated.{{/if}}{{/each}}",
                ),
            ]],
            Vec::new(),
        ),
        p("{{else}}"),
        p("No action had yet been completed."),
        p("{{/if}}"),
        h1("What more will be done"),
        p("{{#if action_plan.to_do}}"),
        table(
            &[
                Col::Fit("R10"),
                share(44),
                share(22),
                Col::Fit("September 2017"),
            ],
            &["Rec.", "Action", "By", "By when"],
            vec![vec![
                cell("{{#each action_plan.to_do}}{{recommendation}}"),
                cell("{{action}}"),
                cell("{{capital owner_name}}"),
                cell(
                    "{{#if due_month}}{{due_month}}{{#if (eq state \"overdue\")}} (overdue){{/if}}{{else}}To be agreed{{/if}}{{/each}}",
                ),
            ]],
            Vec::new(),
        ),
        p("{{else}}"),
        p("Every action agreed in response to the review has been completed."),
        p("{{/if}}"),
        h1("How progress is monitored"),
        p(
            "{{regime.board_capital}} monitors every action until it agrees, on evidence of its impact, that the action is complete.",
        ),
    ]
}

#[cfg(test)]
mod tests {
    use crate::docset::DocKind;
    use crate::docx::write::{Block, CELL_PADDING, column_widths, text_twips};

    /// The published statement's "By when" broke "September / 2017" over two lines while the
    /// "By" column beside it stood half empty: the column fits a month and year whole.
    #[test]
    fn the_published_by_when_column_holds_a_month_and_year_on_one_line() {
        let doc = super::super::document(DocKind::ActionsPublished);
        let table = doc
            .body
            .iter()
            .find_map(|b| match b {
                Block::Table(t)
                    if t.rows[0]
                        .iter()
                        .any(|c| c[0].runs.iter().any(|r| r.text == "By when")) =>
                {
                    Some(t)
                }
                _ => None,
            })
            .expect("the table of what more will be done");
        let widths = column_widths(table, doc.text_width());
        let need = text_twips("September 2017", false) + CELL_PADDING;
        assert!(*widths.last().unwrap() >= need, "{widths:?} < {need}");
    }
}
