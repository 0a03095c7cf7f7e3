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
    })
}

fn row(cells: &[&str]) -> Vec<Vec<Para>> {
    cells.iter().map(|c| cell(c)).collect()
}

fn header(reference: &str) -> Vec<Para> {
    vec![
        Para::runs(vec![Run::bold("OFFICIAL-SENSITIVE")])
            .style("Header")
            .align(Align::Center),
        Para::new(reference).style("Header").align(Align::Center),
    ]
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
    // The merged chronology reads the chronology's own data, whose names are flat.
    let (reference, line) = if kind == DocKind::MergedChronology {
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
        header: header(line),
        footer: footer(kind.title()),
        body,
    }
}

pub(super) fn referral(k: &KindSpec) -> Vec<Block> {
    vec![
        title(k.title),
        p(
            "Part 1 is completed by the referring agency and sent to the Board Business Manager through the Business Office by secure e-mail ({{board.secure_email}}). Part 2 is completed by the Board.",
        ),
        h1("Referrer"),
        fields(&[
            ("Name", "{{referral.referrer.name}}"),
            ("Role", "{{referral.referrer.role}}"),
            ("Agency", "{{referral.referring_agency}}"),
            ("E-mail", "{{referral.referrer.email}}"),
            ("Telephone", "{{referral.referrer.phone}}"),
            ("Date of referral", "{{date referral.made_on}}"),
            (
                "Referral from the Child Death Overview Panel",
                "{{referral.from_cdop}}",
            ),
        ]),
        h1("The child"),
        fields(&[
            ("Name", "{{child.full_name}}"),
            ("Other names", "{{join child.other_names \", \"}}"),
            ("Date of birth", "{{date child.date_of_birth}}"),
            (
                "Date of death",
                "{{default (date child.date_of_death) \"Not applicable\"}}",
            ),
            (
                "Date of the critical incident",
                "{{date child.date_of_incident}}",
            ),
            ("Gender", "{{child.gender}}"),
            ("Ethnicity", "{{child.ethnicity}}"),
            (
                "Address",
                "{{join child.address.lines \", \"}}, {{child.address.town}} {{child.address.postcode}}",
            ),
            ("NHS number", "{{child.nhs_number}}"),
            ("Legal status", "{{child.legal_status}}"),
            (
                "Subject to a child protection plan",
                "{{label child.child_protection_plan}}",
            ),
            (
                "Where, and with whom, at the time",
                "{{child.whereabouts_at_incident}}",
            ),
        ]),
        h1("Family and significant others"),
        grid(
            &[share(26), share(19), DATE, share(27), ANSWER],
            &[
                "Name",
                "Relationship",
                "Date of birth",
                "Address",
                "In household",
            ],
            vec![row(&[
                "{{#each family}}{{full_name}}",
                "{{relationship}}",
                "{{date date_of_birth}}",
                "{{join address.lines \", \"}} {{address.postcode}}",
                "{{label household}}{{/each}}",
            ])],
        ),
        h1("Agencies involved"),
        grid(
            &[share(32), share(39), ANSWER],
            &["Agency", "Contact", "Still involved"],
            vec![row(&[
                "{{#each agencies}}{{name}}",
                "{{contact.name}}, {{contact.role}}",
                "{{label still_involved}}{{/each}}",
            ])],
        ),
        h1("What happened"),
        p("{{referral.incident_summary}}"),
        h1("Criteria"),
        p(
            "The referrer believes the criteria for a Serious Case Review are met for these reasons:",
        ),
        p("{{referral.reason}}"),
        grid(
            &[share(1), ANSWER],
            &["Fact", "Answer"],
            vec![
                row(&[
                    "Abuse or neglect of the child is known or suspected",
                    "{{label referral.facts.abuse_or_neglect}}",
                ]),
                row(&["The child has died", "{{label referral.facts.child_died}}"]),
                row(&[
                    "The child has been seriously harmed",
                    "{{label referral.facts.seriously_harmed}}",
                ]),
                row(&[
                    "There is cause for concern as to the way agencies worked together",
                    "{{label referral.facts.concern_about_working_together}}",
                ]),
                row(&[
                    "The child died in custody or detention",
                    "{{label referral.facts.died_in_custody}}",
                ]),
            ],
        ),
        h1("Key dates"),
        grid(
            &[DATE, share(1)],
            &["Date", "Event"],
            vec![row(&[
                "{{#each referral.key_dates}}{{date date}}",
                "{{event}}{{/each}}",
            ])],
        ),
        h1("Securing records"),
        p(
            "Every agency involved must secure its records about the child and family now, so that nothing is altered or lost before the review asks for it.",
        ),
        h1("Panel recommendation and decision"),
        p("Part 2: completed by the Board."),
        fields(&[
            ("Referral received", "{{date referral.received_on}}"),
            (
                "Panel considered the case",
                "{{date decision.panel_considered_on}}",
            ),
            ("Panel recommendation", "{{label decision.recommendation}}"),
            ("Reasons", "{{decision.recommendation_reasons}}"),
            (
                "Independent Chair's decision",
                "{{label decision.chair_decision}}",
            ),
            ("Date of decision", "{{date decision.decided_on}}"),
            ("Reasons for the decision", "{{decision.decision_reasons}}"),
        ]),
    ]
}

pub(super) fn request_for_information(k: &KindSpec) -> Vec<Block> {
    vec![
        title(k.title),
        fields(&[
            (
                "To",
                "{{agency.contact.name}}, {{agency.contact.role}}, {{agency.name}}",
            ),
            (
                "From",
                "{{board.business_manager.name}}, {{board.business_manager.role}}, {{board.short_name}}",
            ),
            ("Date", "{{date today}}"),
            (
                "Please return by",
                "{{date terms_of_reference.timescales.information_due}}",
            ),
            ("Return to", "{{board.secure_email}} (secure e-mail only)"),
        ]),
        h1("Why we are asking"),
        p(
            "{{board.name}} must consider whether this case meets the criteria for a Serious Case Review. To make an informed decision, the Serious Case Review Panel is gathering information from every organisation involved with the child and family. Please answer every question below from your agency's records.",
        ),
        p("{{referral.incident_summary}}"),
        h1("The child and family"),
        fields(&[
            ("Child", "{{child.full_name}}"),
            ("Date of birth", "{{date child.date_of_birth}}"),
            (
                "Date of death",
                "{{default (date child.date_of_death) \"Not applicable\"}}",
            ),
            (
                "Address",
                "{{join child.address.lines \", \"}}, {{child.address.town}} {{child.address.postcode}}",
            ),
        ]),
        grid(
            &[share(32), share(26), DATE, Col::Fit("WW10 10WW")],
            &["Name", "Relationship", "Date of birth", "Postcode"],
            vec![row(&[
                "{{#each family}}{{full_name}}",
                "{{relationship}}",
                "{{date date_of_birth}}",
                "{{address.postcode}}{{/each}}",
            ])],
        ),
        h1("Information sharing"),
        p("{{terms_of_reference.information_sharing}}"),
        h1("Your agency's involvement"),
        h2("Summary of involvement"),
        todo("a short summary of your agency's involvement with the child and family"),
        h2("Background history"),
        todo("relevant history before the period under review"),
        h2("Current involvement"),
        todo("whether your agency is still involved, and how"),
        h1("Practice questions"),
        h2("Risk assessment"),
        todo("how risks to the child were assessed and reviewed"),
        h2("Information sharing between agencies"),
        todo("what was shared, with whom and when"),
        h2("Timeliness"),
        todo("whether actions were taken in time"),
        h2("Multi-agency working"),
        todo("how your agency worked with others"),
        h2("Planning and review"),
        todo("plans made for the child and how they were reviewed"),
        h2("Record keeping"),
        todo("the quality of your agency's records"),
        h2("Good practice"),
        todo("practice that went well"),
        h2("What could have been done differently"),
        todo("what could have improved the outcome"),
        h1("Parallel processes"),
        todo("any criminal investigation, inquest or other review your agency knows of"),
        h1("Declaration"),
        fields(&[
            ("Completed by", "[To be completed: name and role]"),
            ("Date", "[To be completed: date]"),
        ]),
    ]
}

pub(super) fn decision(k: &KindSpec) -> Vec<Block> {
    vec![
        title(k.title),
        fields(&[
            ("Review", "{{review.reference}}"),
            ("Child", "{{child.pseudonym}} ({{child.full_name}})"),
            ("Referral received", "{{date referral.received_on}}"),
            ("Referring agency", "{{referral.referring_agency}}"),
        ]),
        h1("The referral"),
        p("{{referral.incident_summary}}"),
        h1("The criteria"),
        p("{{criteria.title}} ({{criteria.guidance}}). The clauses combine as {{criteria.rule}}."),
        grid(
            &[NARROW, share(43), ANSWER, share(32)],
            &["Clause", "Criterion", "Status", "Reason"],
            vec![row(&[
                "{{#each criteria.clauses}}{{number}}",
                "{{text}}",
                "{{label status}}",
                "{{reason}}{{/each}}",
            ])],
        ),
        p("{{criteria.summary}}"),
        p("{{#if criteria.alternative_review}}"),
        p("{{criteria.alternative_review}}"),
        p("{{/if}}"),
        bold("Ofsted notification: ", "{{criteria.ofsted.summary}}"),
        h1("Panel recommendation"),
        fields(&[
            (
                "Panel considered the case",
                "{{date decision.panel_considered_on}}",
            ),
            ("Recommendation", "{{label decision.recommendation}}"),
            (
                "Recommended to the Independent Chair",
                "{{date decision.recommended_on}}",
            ),
            ("Reasons", "{{decision.recommendation_reasons}}"),
        ]),
        h1("Independent Chair's decision"),
        fields(&[
            ("Decision", "{{label decision.chair_decision}}"),
            ("Date", "{{date decision.decided_on}}"),
            ("Reasons", "{{decision.decision_reasons}}"),
            ("Independent Chair", "{{board.independent_chair}}"),
        ]),
        h1("Deadlines"),
        p("As at {{date timeline.as_of}}, under {{timeline.guidance}}:"),
        grid(
            &[share(28), DATE_WRAPS, DATE_WRAPS, DATE_WRAPS, share(17)],
            &["Step", "Runs from", "Due", "Done", "Status"],
            vec![row(&[
                "{{#each timeline.deadlines}}{{step}}",
                "{{date runs_from}}",
                "{{date due}}",
                "{{date done}}",
                "{{status_text}}{{/each}}",
            ])],
        ),
        h1("Notifications"),
        grid(
            &[share(1), DATE],
            &["Notified", "Date sent"],
            vec![row(&[
                "{{#each decision.notifications}}{{label to}}",
                "{{date sent_on}}{{/each}}",
            ])],
        ),
    ]
}

pub(super) fn notification(k: &KindSpec) -> Vec<Block> {
    vec![
        p("{{board.name}}"),
        p("{{join board.address \", \"}}"),
        p("{{date today}}"),
        p("To: {{recipient.name}}"),
        title(k.title),
        bold("Review: ", "{{review.reference}} ({{child.pseudonym}})"),
        h1("Decision"),
        p(
            "On {{date decision.decided_on}} the Independent Chair of {{board.name}} decided: {{label decision.chair_decision}}.",
        ),
        p("{{decision.decision_reasons}}"),
        p("{{#if (eq decision.chair_decision \"initiate\")}}"),
        h1("Reviewers appointed"),
        p("{{#each review.reviewers}}"),
        p("{{name}}, {{role}}{{#if organisation}}, {{organisation}}{{/if}}"),
        p("{{/each}}"),
        p(
            "The review will follow the {{label review.methodology}} model and aims to be completed within six months of its initiation.",
        ),
        p("{{else}}"),
        h1("Why the criteria are not met"),
        p("{{criteria.summary}}"),
        p("{{#each criteria.reasons}}"),
        p("{{this}}"),
        p("{{/each}}"),
        p("{{#if decision.alternative_review}}"),
        p("The Board has commissioned instead: {{decision.alternative_review}}"),
        p("{{/if}}"),
        p("{{/if}}"),
        h1("Contact"),
        p(
            "{{board.business_manager.name}}, {{board.business_manager.role}}, {{board.business_manager.email}}, {{board.business_manager.phone}}",
        ),
    ]
}

pub(super) fn terms_of_reference(k: &KindSpec) -> Vec<Block> {
    vec![
        title(k.title),
        fields(&[
            (
                "Review",
                "{{review.reference}}: {{label review.kind}} concerning {{child.pseudonym}}",
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
            "The review will use the {{label review.methodology}} model. {{review.methodology_notes}}",
        ),
        p(
            "It will focus on learning and not blame, seek to understand practice from the viewpoint of those involved at the time, and be proportionate to the scale and complexity of the issues.",
        ),
        h1("Independent chair and reviewer"),
        p("The review panel is chaired by {{review.independent_chair}}."),
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
            &[share(32), share(42), share(22)],
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
            "Chronologies are due by {{date terms_of_reference.timescales.chronologies_due}} and management reviews or reports by {{date terms_of_reference.timescales.management_reviews_due}}.",
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
                "Management reviews due",
                "{{date terms_of_reference.timescales.management_reviews_due}}",
            ),
            (
                "First panel (narrative)",
                "{{date terms_of_reference.timescales.first_panel_on}}",
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
        p("The Board aims to complete the review within six months of its initiation."),
        h1("Publication"),
        p("{{terms_of_reference.publication_plan}}"),
        p(
            "The report will be written for publication: fully anonymised, in plain English, and suitable for publication without amendment or redaction.",
        ),
    ]
}

pub(super) fn covering_letter(_: &KindSpec) -> Vec<Block> {
    vec![
        p("{{board.name}}"),
        p("{{join board.address \", \"}}"),
        p("{{date today}}"),
        p("{{agency.contact.name}}"),
        p("{{agency.contact.role}}"),
        p("{{agency.name}}"),
        bold(
            "Serious Case Review ",
            "{{review.reference}} concerning {{child.pseudonym}}",
        ),
        p("Dear {{agency.contact.name}},"),
        p(
            "On {{date decision.decided_on}} the Independent Chair of {{board.name}} decided to undertake a {{label review.kind}}. The review will examine agencies' involvement from {{date review.scope.from}} to {{date review.scope.to}}. Your agency is asked to contribute because of its involvement with the child and family: {{agency.involvement}}",
        ),
        h1("What we ask of your agency"),
        p(
            "We ask {{agency.name}} for {{agency.returns_text}}, following the Terms of Reference enclosed.",
        ),
        p("{{#if agency.returns.chronology}}"),
        p(
            "The chronology should be completed on the enclosed workbook, without changing its columns, covering {{date review.scope.from}} to {{date review.scope.to}}, by {{date terms_of_reference.timescales.chronologies_due}}.",
        ),
        p("{{/if}}"),
        p("{{#if agency.returns.management_review}}"),
        p(
            "The individual management review should be written on the enclosed template by an author independent of the case and its line management, by {{date terms_of_reference.timescales.management_reviews_due}}.",
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
        p("{{this}}"),
        p("{{/each}}"),
        p(
            "If you have any questions, please contact me on {{board.business_manager.phone}} or {{board.business_manager.email}}.",
        ),
        p("Yours sincerely,"),
        p("{{board.business_manager.name}}"),
        p("{{board.business_manager.role}}"),
    ]
}

pub(super) fn management_review(k: &KindSpec) -> Vec<Block> {
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

pub(super) fn merged_chronology(k: &KindSpec) -> Vec<Block> {
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

pub(super) fn final_report(_: &KindSpec) -> Vec<Block> {
    vec![
        title("Serious Case Review: {{child.pseudonym}}"),
        p("{{board.name}}. Review {{review.reference}}. Draft prepared on {{date today}}."),
        h1("Introduction"),
        p(
            "This review was commissioned by {{board.name}} after {{child.pseudonym}}, aged {{child.age_text}}, {{child.event_text}}. {{referral.incident_summary}}",
        ),
        p(
            "On {{date decision.decided_on}} the Independent Chair decided that the criteria for a Serious Case Review were met. {{criteria.summary}}",
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
        todo("recommendations for the Board and its partners"),
        h1("Actions already taken and their impact"),
        todo("actions already taken by agencies, and their impact on services"),
        h1("What more will be done"),
        todo("what more will be done, by whom and when"),
    ]
}

pub(super) fn action_plan(k: &KindSpec) -> Vec<Block> {
    vec![
        title(k.title),
        p(
            "Review {{review.reference}} concerning {{child.pseudonym}}. For the Board, {{date today}}.",
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
            "The Serious Case Review Panel monitors progress against this plan and reports to the Board. The Board publishes what actions were taken, their impact, and what more will be done.",
        ),
    ]
}
