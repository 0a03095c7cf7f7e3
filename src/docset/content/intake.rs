//! The documents before the decision and of it: the referral, the request for information,
//! the decision record and the notifications.

use super::*;

pub(in crate::docset) fn referral(k: &KindSpec) -> Vec<Block> {
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
                "{{join address.lines \", \"}}, {{address.town}} {{address.postcode}}",
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

pub(in crate::docset) fn request_for_information(k: &KindSpec) -> Vec<Block> {
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

pub(in crate::docset) fn decision(k: &KindSpec) -> Vec<Block> {
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
        // The record is dated the day of the decision: the days the notifications were sent
        // come later, in their own documents, and listing them here contradicted the
        // deadlines above ("due in 14 days" beside "sent 29 March 2016").
        p(
            "Ofsted, the Department for Education and the National Panel are each told of the decision by a notification of its own, by the dates under Deadlines above.",
        ),
    ]
}

/// The Chair's decision in one sentence, the day it was made: a decision against a Serious
/// Case Review says so, and what was chosen instead (the criteria's own summary, which follows
/// it, agrees: `rules::criteria`).
const DECIDED_ON: &str = "On {{date decision.decided_on}} the Independent Chair of {{board.name}} decided {{#if (eq decision.chair_decision \"initiate\")}}to initiate a Serious Case Review{{else}}not to initiate a Serious Case Review{{#if (eq decision.chair_decision \"alternative\")}} and to commission an alternative form of case review instead{{/if}}{{/if}}.";

pub(in crate::docset) fn notification(k: &KindSpec) -> Vec<Block> {
    vec![
        address("{{board.name}}"),
        address_end("{{join board.address \", \"}}"),
        address_end("{{date today}}"),
        address_end("To: {{recipient.name}}"),
        title(k.title),
        bold("Review: ", "{{review.reference}} ({{child.pseudonym}})"),
        h1("Decision"),
        p(DECIDED_ON),
        p("{{#if (eq decision.chair_decision \"alternative\")}}"),
        p("{{#if decision.alternative_review}}"),
        p("The review chosen: {{decision.alternative_review}}"),
        p("{{/if}}"),
        p("{{/if}}"),
        p(
            "{{#if decision.decision_reasons}}The reasons for the decision: {{decision.decision_reasons}}{{else}}{{criteria.summary}}{{/if}}",
        ),
        p("{{#if (eq decision.chair_decision \"initiate\")}}"),
        h1("Reviewers appointed"),
        p("{{#each review.reviewers}}"),
        p("{{name}}, {{role}}{{#if organisation}}, {{organisation}}{{/if}}"),
        p("{{/each}}"),
        p(
            "The review will follow the {{label review.methodology}} model and aims to be completed within six months of its initiation.",
        ),
        p("{{else}}"),
        p("{{#if (eq criteria.outcome \"not_met\")}}"),
        h1("Why the criteria are not met"),
        p("{{else}}"),
        h1("The criteria"),
        p("{{/if}}"),
        p("{{#each criteria.reasons}}"),
        p("{{this}}"),
        p("{{/each}}"),
        p("{{/if}}"),
        h1("Contact"),
        p(
            "{{board.business_manager.name}}, {{board.business_manager.role}}, {{board.business_manager.email}}, {{board.business_manager.phone}}",
        ),
    ]
}
