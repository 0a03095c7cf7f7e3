//! The documents that commission a review: Terms of Reference, the covering letter and the
//! management review template.

use super::*;

pub(in crate::docset) fn terms_of_reference(k: &KindSpec) -> Vec<Block> {
    vec![
        title(k.title),
        fields(&[
            (
                "Review",
                "{{review.reference}}: {{#if regime.rapid_review}}{{regime.review_name_capital}}{{else}}{{label review.kind}}{{/if}} concerning {{child.pseudonym}}",
            ),
            ("Commissioned by", "{{board.name}}"),
            ("Decision to initiate", "{{date decision.decided_on}}"),
        ]),
        h1("Background"),
        p("{{referral.incident_summary}}"),
        h1("Scope"),
        p(
            "The review examines agencies' involvement with {{child.pseudonym}} and the family from {{date review.scope.from}} to {{date review.scope.to}}. Agencies should include significant earlier events as background.",
        ),
        h1("Methodology"),
        p(
            "{{#if (eq review.methodology \"not_agreed\")}}The model the review will use is still to be agreed. {{else}}The review will use the {{label review.methodology}} model. {{/if}}{{review.methodology_notes}}",
        ),
        p(
            "It will focus on learning and not blame, seek to understand practice from the viewpoint of those involved at the time, and be proportionate to the scale and complexity of the issues.",
        ),
        h1("Chair and reviewers"),
        p(
            "{{#if review.independent_chair}}The review panel is chaired by {{review.independent_chair}}.{{else}}[To be completed: who chairs the review panel]{{/if}}",
        ),
        grid(
            &[share(1), share(1), share(1)],
            &["Reviewer", "Role", "Organisation"],
            vec![row(&[
                "{{#each review.reviewers}}{{name}}",
                "{{role}}",
                "{{organisation}}{{/each}}",
            ])],
        ),
        h1("Panel membership"),
        grid(
            &[share(27), share(39), share(34)],
            &["Name", "Role", "Agency"],
            vec![row(&[
                "{{#each review.panel}}{{name}}",
                "{{role}}",
                "{{agency_name}}{{/each}}",
            ])],
        ),
        h1("Agencies and what each returns"),
        grid(
            &[share(38), share(19), share(19), share(20)],
            &[
                "Agency",
                "Chronology",
                "Management review",
                "Background report",
            ],
            vec![row(&[
                "{{#each agencies}}{{name}}",
                "{{returns.chronology}}",
                "{{returns.management_review}}",
                "{{returns.background_report}}{{/each}}",
            ])],
        ),
        p(
            "Chronologies are due by {{#if terms_of_reference.timescales.chronologies_due}}{{date terms_of_reference.timescales.chronologies_due}}{{else}}[To be completed: the date]{{/if}} and management reviews or reports by {{#if terms_of_reference.timescales.management_reviews_due}}{{date terms_of_reference.timescales.management_reviews_due}}{{else}}[To be completed: the date]{{/if}}.",
        ),
        h1("Key lines of enquiry"),
        p("{{#each terms_of_reference.key_lines_of_enquiry}}"),
        p("{{index}}. {{this}}"),
        p("{{/each}}"),
        h1("Involvement of practitioners"),
        p("{{terms_of_reference.practitioner_involvement}}"),
        h1("Involvement of the family"),
        fields(&[
            ("Who", "{{terms_of_reference.family_involvement.who}}"),
            (
                "When they will be told",
                "{{terms_of_reference.family_involvement.when}}",
            ),
            (
                "By whom",
                "{{terms_of_reference.family_involvement.by_whom}}",
            ),
            (
                "Consent and public interest",
                "{{terms_of_reference.family_involvement.consent}}",
            ),
            (
                "Feedback on progress",
                "{{terms_of_reference.family_involvement.feedback}}",
            ),
            (
                "Views on the findings",
                "{{terms_of_reference.family_involvement.views_on_findings}}",
            ),
        ]),
        h1("Information sharing and consent"),
        p("{{terms_of_reference.information_sharing}}"),
        h1("Parallel processes"),
        grid(
            &[share(22), share(26), share(22), share(26)],
            &[
                "Process",
                "Status",
                "Liaison",
                "How the review works around it",
            ],
            vec![row(&[
                "{{#each terms_of_reference.parallel_processes}}{{label kind}}",
                "{{status}}",
                "{{contact}}",
                "{{impact}}{{/each}}",
            ])],
        ),
        h1("Timescales"),
        fields(&[
            (
                "Briefing session for agencies",
                "{{date terms_of_reference.timescales.briefing_on}}",
            ),
            (
                "Chronologies due",
                "{{date terms_of_reference.timescales.chronologies_due}}",
            ),
            (
                "First panel (narrative)",
                "{{date terms_of_reference.timescales.first_panel_on}}",
            ),
            (
                "Management reviews and reports due",
                "{{date terms_of_reference.timescales.management_reviews_due}}",
            ),
            (
                "Second panel (analysis)",
                "{{date terms_of_reference.timescales.second_panel_on}}",
            ),
            (
                "Draft report due",
                "{{date terms_of_reference.timescales.draft_report_due}}",
            ),
        ]),
        p(
            "{{regime.board_capital}} aims to complete the review within six months of its initiation.",
        ),
        h1("Publication"),
        p("{{terms_of_reference.publication_plan}}"),
        p(
            "The report will be written for publication: fully anonymised, in plain English, and suitable for publication without amendment or redaction.",
        ),
    ]
}

pub(in crate::docset) fn covering_letter(_: &KindSpec) -> Vec<Block> {
    vec![
        address("{{board.name}}"),
        address_end("{{join board.address \", \"}}"),
        address_end("{{date today}}"),
        address("{{agency.contact.name}}"),
        address("{{agency.contact.role}}"),
        address_end("{{agency.name}}"),
        bold(
            "{{regime.review_name_capital}} ",
            "{{review.reference}} concerning {{child.pseudonym}}",
        ),
        p("Dear {{agency.contact.salutation}},"),
        p(
            "On {{date decision.decided_on}} {{regime.decision_maker}} of {{board.name}} decided to undertake {{#if regime.rapid_review}}{{regime.a_review}}{{else}}a {{label review.kind}}{{/if}}. The review will examine agencies' involvement from {{date review.scope.from}} to {{date review.scope.to}}. Your agency is asked to contribute because of its involvement with the child and family.",
        ),
        p("{{#if agency.involvement}}"),
        bold(
            "What we know of your agency's involvement: ",
            "{{agency.involvement}}",
        ),
        p("{{/if}}"),
        h1("What we ask of your agency"),
        p("We ask {{agency.name}} for {{agency.returns_text}}, following the Terms of Reference."),
        p("{{#if agency.returns.chronology}}"),
        p(
            "The chronology should be completed on the chronology workbook, without changing its columns, covering {{date review.scope.from}} to {{date review.scope.to}}, by {{date terms_of_reference.timescales.chronologies_due}}.",
        ),
        p("{{/if}}"),
        p("{{#if agency.returns.management_review}}"),
        p(
            "The individual management review should be written on the management review template by an author independent of the case and its line management, by {{date terms_of_reference.timescales.management_reviews_due}}.",
        ),
        p("{{/if}}"),
        p("{{#if agency.returns.background_report}}"),
        p(
            "The background report should summarise your agency's involvement with the child and family and any relevant history before it, by {{date terms_of_reference.timescales.management_reviews_due}}.",
        ),
        p("{{/if}}"),
        p(
            "Please secure your agency's records about the child and family now, if you have not done so.",
        ),
        h1("When and how to return it"),
        p(
            "Return documents only by secure e-mail to {{board.secure_email}}. Do not send them to personal addresses or by ordinary e-mail.",
        ),
        h1("Enclosures"),
        p("{{#each agency.enclosures}}"),
        item("{{this}}"),
        p("{{/each}}"),
        p("{{#unless agency.enclosures}}"),
        p("Nothing is enclosed with this letter."),
        p("{{/unless}}"),
        p(
            "If you have any questions, please contact me on {{board.business_manager.phone}} or {{board.business_manager.email}}.",
        ),
        address_end("Yours sincerely,"),
        address("{{board.business_manager.name}}"),
        address("{{board.business_manager.role}}"),
    ]
}

pub(in crate::docset) fn management_review(k: &KindSpec) -> Vec<Block> {
    vec![
        title(k.title),
        fields(&[
            (
                "Review",
                "{{review.reference}} concerning {{child.pseudonym}}",
            ),
            ("Agency", "{{agency.name}}"),
            ("Date requested", "{{date today}}"),
            (
                "Due",
                "{{date terms_of_reference.timescales.management_reviews_due}}",
            ),
        ]),
        h1("Agency and author"),
        fields(&[
            ("Author", "[To be completed: name]"),
            ("Role", "[To be completed: role]"),
        ]),
        h1("Independence of the author"),
        todo(
            "confirm the author had no involvement in the case and does not manage anyone who did",
        ),
        h1("Records secured"),
        todo("the date the agency's records were secured, and how"),
        h1("Timespan of the review"),
        p(
            "This review covers {{date review.scope.from}} to {{date review.scope.to}}, as set by the Terms of Reference.",
        ),
        h1("Sources"),
        todo("records seen, and staff interviewed (by role)"),
        h1("Context"),
        todo("workload, staffing, supervision, training, policy and legal advice at the time"),
        h1("The agency's involvement"),
        todo(
            "a summary of the agency's involvement with the child and family, consistent with its chronology",
        ),
        h1("Analysis against the lines of enquiry"),
        p("{{#each terms_of_reference.key_lines_of_enquiry}}"),
        h2("{{index}}. {{this}}"),
        todo("analysis of this line of enquiry"),
        p("{{/each}}"),
        h1("Good practice"),
        todo("practice that went well"),
        h1("What should have happened"),
        todo("what should have happened and why it did not"),
        h1("Learning"),
        todo("the learning for the agency"),
        h1("Recommendations and action plan"),
        grid(
            &[share(26), share(26), share(15), DATE_WRAPS, share(16)],
            &[
                "Recommendation",
                "Action",
                "Owner",
                "By",
                "Evidence of impact",
            ],
            vec![vec![
                todo_cell("recommendation"),
                todo_cell("action"),
                todo_cell("owner"),
                todo_cell("date"),
                todo_cell("evidence"),
            ]],
        ),
    ]
}
