//! The documents of an alternative review (seed §2-3): when the Serious Case Review criteria
//! are not met, or the Chair decides against one with reasons, the board may commission an
//! alternative form of case review from the organisations involved; its project plan and its
//! learning and action plan come back to the board for information and monitoring. The notice
//! tells each agency of the decision and the form chosen; the Terms of Reference set the review
//! out in its own shape (no panel of a Serious Case Review, no management reviews).

use super::*;

/// What the decision was, in words every alternative review document shares.
const DECIDED: &str = "On {{date decision.decided_on}} {{regime.decision_maker}} of {{board.name}} decided not to initiate {{regime.a_review}} and to commission an alternative form of case review instead.";

/// The form of review chosen, or the place to write it.
const CHOSEN: &str = "{{#if decision.alternative_review}}{{decision.alternative_review}}{{else}}[To be completed: the form of review chosen and who leads it]{{/if}}";

/// Where the criteria pointed, in words that agree with the decision: the 2015 criteria for a
/// Serious Case Review (met or not, and never "must be initiated" above a decision against it:
/// `rules::criteria`), or the rapid review's answers to regulation 11.
const WHY: &str = "{{#if criteria.decisions}}{{criteria.decisions.local_review.pointing}}{{else}}{{criteria.summary}}{{/if}}";

/// What comes back to the board.
const MONITORING: &str = "The review's project plan is to be sent to {{regime.board}} when it is agreed, and the learning and action plan arising from the review when it is complete, for information and monitoring. {{regime.board_capital}} follows the actions through to completion.";

pub(in crate::docset) fn alternative_review_notice(_: &KindSpec) -> Vec<Block> {
    vec![
        address("{{board.name}}"),
        address_end("{{join board.address \", \"}}"),
        address_end("{{date today}}"),
        address("{{agency.contact.name}}"),
        address("{{agency.contact.role}}"),
        address_end("{{agency.name}}"),
        bold(
            "Alternative review ",
            "{{review.reference}} concerning {{child.pseudonym}}",
        ),
        p("Dear {{agency.contact.salutation}},"),
        p(DECIDED),
        p(&format!("The review chosen: {CHOSEN}")),
        h1("Why an alternative review"),
        p(WHY),
        p("{{#if decision.decision_reasons}}"),
        bold(
            "The reasons for the decision: ",
            "{{decision.decision_reasons}}",
        ),
        p("{{/if}}"),
        h1("What we ask of your agency"),
        p(
            "We ask {{agency.name}} to take part in the review as its Terms of Reference set out, looking at its involvement with the child and family from {{date review.scope.from}} to {{date review.scope.to}}.",
        ),
        p("{{#if agency.returns.chronology}}"),
        p(
            "Please complete a chronology of that involvement on the chronology workbook, without changing its columns, by {{#if terms_of_reference.timescales.chronologies_due}}{{date terms_of_reference.timescales.chronologies_due}}{{else}}[To be completed: the date]{{/if}}.",
        ),
        p("{{/if}}"),
        p(
            "Please secure your agency's records about the child and family now, if you have not done so.",
        ),
        h1("Monitoring by the Board"),
        p(MONITORING),
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

pub(in crate::docset) fn alternative_terms_of_reference(k: &KindSpec) -> Vec<Block> {
    vec![
        title(k.title),
        fields(&[
            (
                "Review",
                "{{review.reference}}: alternative review concerning {{child.pseudonym}}",
            ),
            ("Commissioned by", "{{board.name}}"),
            ("Date of decision", "{{date decision.decided_on}}"),
        ]),
        h1("Why an alternative review"),
        p(DECIDED),
        p(WHY),
        p("{{#if decision.decision_reasons}}"),
        bold(
            "The reasons for the decision: ",
            "{{decision.decision_reasons}}",
        ),
        p("{{/if}}"),
        h1("The review chosen"),
        p(CHOSEN),
        p(
            "{{#unless (eq review.methodology \"not_agreed\")}}The review will use the {{label review.methodology}} model. {{/unless}}It will focus on learning and not blame, and be proportionate to the issues the case raises.",
        ),
        h1("Background"),
        p("{{referral.incident_summary}}"),
        h1("Scope"),
        p(
            "The review examines agencies' involvement with {{child.pseudonym}} and the family from {{date review.scope.from}} to {{date review.scope.to}}.",
        ),
        h1("Agencies taking part"),
        grid(
            &[share(50), share(25), share(25)],
            &["Agency", "Chronology", "Background report"],
            vec![row(&[
                "{{#each agencies}}{{name}}",
                "{{returns.chronology}}",
                "{{returns.background_report}}{{/each}}",
            ])],
        ),
        h1("Key lines of enquiry"),
        p("{{#each terms_of_reference.key_lines_of_enquiry}}"),
        p("{{index}}. {{this}}"),
        p("{{/each}}"),
        h1("Involvement of practitioners and the family"),
        p("{{terms_of_reference.practitioner_involvement}}"),
        p(
            "{{#if terms_of_reference.family_involvement.who}}The family: {{terms_of_reference.family_involvement.who}}{{/if}}",
        ),
        h1("Monitoring by the Board"),
        p(MONITORING),
        h1("Timescales"),
        fields(&[
            (
                "Chronologies due",
                "{{#if terms_of_reference.timescales.chronologies_due}}{{date terms_of_reference.timescales.chronologies_due}}{{else}}[To be completed: the date]{{/if}}",
            ),
            (
                "Draft report due",
                "{{#if terms_of_reference.timescales.draft_report_due}}{{date terms_of_reference.timescales.draft_report_due}}{{else}}[To be completed: the date]{{/if}}",
            ),
        ]),
    ]
}
