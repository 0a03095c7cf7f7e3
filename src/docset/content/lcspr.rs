//! The documents of a local child safeguarding practice review that the 2015 templates do not
//! cover: the notice and copy of the report to the Child Safeguarding Practice Review Panel and
//! the Secretary of State before publication. (Terms of Reference, agency letters, the report
//! draft and the action plan are the shared templates, speaking the regime's words.)

use super::*;

pub(in crate::docset) fn publication_notice(_: &KindSpec) -> Vec<Block> {
    vec![
        address("{{board.name}}"),
        address_end("{{join board.address \", \"}}"),
        address_end("{{date today}}"),
        address("The Child Safeguarding Practice Review Panel"),
        address_end("The Secretary of State for Education"),
        bold(
            "Notice of publication: ",
            "local child safeguarding practice review {{review.reference}} concerning {{child.pseudonym}}",
        ),
        p("Dear Panel and Secretary of State,"),
        h1("The report"),
        p(
            "We enclose a copy of the full report of the local child safeguarding practice review concerning {{child.pseudonym}}, commissioned by {{regime.decision_maker}} on {{date decision.decided_on}} after a rapid review.",
        ),
        h1("Publication"),
        p(
            "{{board.name}} intends to publish the report {{#if publication.published_on}}on {{date publication.published_on}}{{else}}on [To be completed: the date of publication]{{/if}}, on its website, where it will stay for at least a year. {{timeline.by_id.report_to_panel.rule}}{{#if timeline.by_id.report_to_panel.due}} To meet that, this copy is sent by {{date timeline.by_id.report_to_panel.due}}.{{/if}}",
        ),
        h1("Enclosures"),
        p("The report, as it will be published."),
        p("The safeguarding partners' response to the findings and the action plan."),
        h1("Contact"),
        p(
            "If you have any questions, please contact {{board.business_manager.name}}, {{board.business_manager.role}}, on {{board.business_manager.phone}} or {{board.business_manager.email}}.",
        ),
        p("Yours faithfully,"),
        p("{{board.business_manager.name}}"),
        p("For {{board.name}}"),
    ]
}
