//! The documents of the report stage: the merged chronology, the final report and the action
//! plan.

use super::*;

pub(in crate::docset) fn merged_chronology(k: &KindSpec) -> Vec<Block> {
    // Reads the merged chronology's own fields (see `chronology::document`).
    vec![
        title(k.title),
        p(
            "Review {{review_reference}}, {{board}}. Period {{scope_from}} to {{scope_to}}. Merged on {{merged_on}}.",
        ),
        h1("Entries"),
        grid(
            &[
                Col::Fit("999"),
                DATE_WRAPS,
                TIME,
                share(15),
                share(14),
                share(14),
                share(14),
                share(31),
                share(24),
                NARROW,
            ],
            &[
                "No.",
                "Date",
                "Time",
                "Agency",
                "Source",
                "Practitioner",
                "Subject",
                "Event",
                "Action / outcome",
                "Dup.",
            ],
            vec![row(&[
                "{{#each rows}}{{number}}",
                "{{when}}",
                "{{time}}",
                "{{agency}}",
                "{{source}}",
                "{{practitioner_role}}",
                "{{subject}}",
                "{{event}}",
                "{{outcome}}",
                "{{duplicate_group}}{{/each}}",
            ])],
        ),
        h1("Possible duplicates"),
        p("{{#each duplicate_groups}}"),
        p(
            "Group {{number}}, {{when}}: entries {{join rows \", \" \" and \"}} (the No. column) from {{join agencies \", \" \" and \"}}.",
        ),
        p("{{else}}"),
        p("No entries appear to describe the same event."),
        p("{{/each}}"),
        h1("Gaps"),
        p("{{#each gaps}}"),
        p("No entry from any agency from {{from}} to {{to}} ({{days}} days)."),
        p("{{else}}"),
        p("No period longer than {{gap_days}} days without an entry."),
        p("{{/each}}"),
        h1("Missing returns"),
        p("{{#each missing_returns}}"),
        p("{{name}} ({{id}}): no return received."),
        p("{{else}}"),
        p("Every agency asked for a chronology has returned one."),
        p("{{/each}}"),
    ]
}

pub(in crate::docset) fn final_report(_: &KindSpec) -> Vec<Block> {
    vec![
        title("{{regime.review_name_capital}}: {{child.pseudonym}}"),
        p("{{board.name}}. Review {{review.reference}}. Draft prepared on {{date today}}."),
        h1("Introduction"),
        p(
            "This review was commissioned by {{board.name}} after {{child.pseudonym}}, aged {{child.age_text}}, {{child.event_text}}. {{referral.incident_summary}}",
        ),
        p(
            "{{#if regime.rapid_review}}A rapid review by {{regime.decision_maker}} followed the notification of a serious incident to {{regime.national_panel}}. On {{date decision.decided_on}} {{regime.decision_maker}} decided to commission {{regime.a_review}}. {{criteria.decisions.local_review.reasons}}{{else}}On {{date decision.decided_on}} the Independent Chair decided that the criteria for a Serious Case Review were met. {{criteria.summary}}{{/if}}",
        ),
        h1("Process and methodology"),
        p(
            "The review used the {{label review.methodology}} model. {{review.methodology_notes}} It examined agencies' involvement from {{date review.scope.from}} to {{date review.scope.to}}, against these lines of enquiry:",
        ),
        p("{{#each terms_of_reference.key_lines_of_enquiry}}"),
        p("{{index}}. {{this}}"),
        p("{{/each}}"),
        p(
            "{{plural agencies \"agency\" \"agencies\"}} contributed: {{join agencies \", \" \" and \" key=\"name\"}}.",
        ),
        h1("Panel membership"),
        p(
            "The panel was chaired by {{review.independent_chair}}. The report was written by {{join review.reviewers \" and \" key=\"name\"}}.",
        ),
        grid(
            &[share(32), share(42), share(22)],
            &["Name", "Role", "Agency"],
            vec![row(&[
                "{{#each review.panel}}{{name}}",
                "{{role}}",
                "{{agency_name}}{{/each}}",
            ])],
        ),
        h1("Family involvement"),
        p("{{terms_of_reference.family_involvement.who}}"),
        todo("how the family contributed, and their views on the findings"),
        h1("Parallel processes"),
        p("{{#each terms_of_reference.parallel_processes}}"),
        p("{{label kind}}: {{status}} {{impact}}"),
        p("{{else}}"),
        p("There were no parallel processes."),
        p("{{/each}}"),
        h1("Summary of the case"),
        p("{{#each key_events}}"),
        p("{{date_text}}: {{text}}"),
        p("{{/each}}"),
        todo("a narrative of the case, consistent with the merged chronology"),
        h1("Analysis"),
        p("{{#each terms_of_reference.key_lines_of_enquiry}}"),
        h2("{{index}}. {{this}}"),
        todo("analysis of what happened and why"),
        p("{{/each}}"),
        h1("Findings"),
        todo("the findings and key learning"),
        h1("Good practice"),
        todo("good practice identified"),
        h1("Recommendations"),
        todo("recommendations for the partners and agencies"),
        h1("Actions already taken and their impact"),
        todo("actions already taken by agencies, and their impact on services"),
        h1("What more will be done"),
        todo("what more will be done, by whom and when"),
    ]
}

pub(in crate::docset) fn action_plan(k: &KindSpec) -> Vec<Block> {
    vec![
        title(k.title),
        p(
            "Review {{review.reference}} concerning {{child.pseudonym}}. For {{regime.board}}, {{date today}}.",
        ),
        h1("Actions"),
        grid(
            &[share(30), share(34), share(19), DATE, share(40)],
            &[
                "Recommendation",
                "Action",
                "Owner",
                "Due date",
                "Evidence of impact",
            ],
            vec![
                vec![
                    todo_cell("recommendation 1"),
                    todo_cell("action"),
                    todo_cell("owner"),
                    todo_cell("date"),
                    todo_cell("evidence"),
                ],
                vec![
                    todo_cell("recommendation 2"),
                    todo_cell("action"),
                    todo_cell("owner"),
                    todo_cell("date"),
                    todo_cell("evidence"),
                ],
            ],
        ),
        h1("Monitoring"),
        p(
            "{{regime.review_panel_capital}} monitors progress against this plan and reports to {{regime.board}}. {{regime.board_capital}} publishes what actions were taken, their impact, and what more will be done.",
        ),
    ]
}
