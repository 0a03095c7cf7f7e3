//! The documents of a rapid review (Working Together 2018, chapter 4; 2023, chapter 5): the
//! record of the serious incident notification, the day-1 letter to each agency, the rapid
//! review report in the shape the Panel asks for, the partners' sign-off and the record of
//! the Panel's response. Filled from the case's `rapid_review` block; a fact the case does not
//! hold is a placeholder, one it holds never is.

use super::*;

/// A fact the case may hold: the value, else a placeholder saying what to write.
fn fact(path: &str, what: &str) -> Vec<Block> {
    vec![
        p(&format!("{{{{#if {path}}}}}")),
        p(&format!("{{{{{path}}}}}")),
        p("{{else}}"),
        todo(what),
        p("{{/if}}"),
    ]
}

/// A date the case may not yet hold, in a table cell or a sentence.
fn date_or(path: &str, otherwise: &str) -> String {
    format!("{{{{#if {path}}}}}{{{{date {path}}}}}{{{{else}}}}{otherwise}{{{{/if}}}}")
}

/// The agencies and what each did, as the case records them.
fn agencies_table() -> Block {
    grid(
        &[share(30), share(52), ANSWER],
        &["Agency", "Involvement", "Still involved"],
        vec![row(&[
            "{{#each agencies}}{{name}}",
            "{{default involvement \"Not recorded\"}}",
            "{{label still_involved}}{{/each}}",
        ])],
    )
}

/// A table of regulation's considerations with the partners' answers and reasons.
fn considerations(path: &str, what: &str) -> Block {
    grid(
        &[Col::Fit("11(a)"), share(50), ANSWER, share(40)],
        &["", what, "Answer", "Reason"],
        vec![row(&[
            &format!("{{{{#each {path}.considerations}}}}{{{{number}}}}"),
            "{{text}}",
            "{{answer_text}}",
            "{{default reason \"No reason recorded\"}}{{/each}}",
        ])],
    )
}

pub(in crate::docset) fn serious_incident_notification(k: &KindSpec) -> Vec<Block> {
    let mut b = vec![
        title(k.title),
        fields(&[
            ("Reference", "{{review.reference}}"),
            ("Notified by", "{{board.name}}"),
            (
                "Notified to",
                "The Child Safeguarding Practice Review Panel",
            ),
            (
                "Date of notification",
                &date_or("referral.notified_on", "Not yet notified"),
            ),
        ]),
        h1("The child"),
        fields(&[
            ("Name", "{{child.full_name}}"),
            (
                "Date of birth",
                &date_or("child.date_of_birth", "Not known"),
            ),
            ("Gender", "{{default child.gender \"Not recorded\"}}"),
            ("Ethnicity", "{{default child.ethnicity \"Not recorded\"}}"),
            (
                "Address",
                "{{join child.address.lines \", \"}}, {{child.address.town}} {{child.address.postcode}}",
            ),
            (
                "Legal status",
                "{{default child.legal_status \"Not recorded\"}}",
            ),
            (
                "Child protection plan",
                "{{label child.child_protection_plan}}",
            ),
            ("Looked after", "{{label child.looked_after}}"),
        ]),
        h1("The incident"),
        fields(&[
            (
                "Date of the incident",
                &date_or("child.date_of_incident", "Not known"),
            ),
            ("The child died", "{{label referral.facts.child_died}}"),
            (
                "The child was seriously harmed",
                "{{label referral.facts.seriously_harmed}}",
            ),
            (
                "Abuse or neglect known or suspected",
                "{{label referral.facts.abuse_or_neglect}}",
            ),
            (
                "Happened in the area",
                "{{label referral.facts.harmed_in_area}}",
            ),
            (
                "Where the child was",
                "{{default child.whereabouts_at_incident \"Not recorded\"}}",
            ),
        ]),
    ];
    b.extend(fact(
        "referral.incident_summary",
        "what happened, as far as it is known",
    ));
    b.extend([
        h1("Agencies involved"),
        agencies_table(),
        h1("When the local authority became aware and when it notified"),
        fields(&[
            (
                "The local authority became aware",
                &date_or("referral.incident_known_on", "Not recorded"),
            ),
            (
                "The Panel was notified",
                &date_or("referral.notified_on", "Not yet notified"),
            ),
            (
                "Due within 5 working days, by",
                &date_or("timeline.by_id.incident_notified.due", "Not known"),
            ),
            (
                "Where it stands",
                "{{timeline.by_id.incident_notified.status_text}}",
            ),
        ]),
        h1("The duty to notify"),
        p("{{criteria.summary}}"),
        grid(
            &[Col::Fit("2(ii)"), share(55), share(40)],
            &["", "What the law asks", "Finding"],
            vec![row(&[
                "{{#each criteria.clauses}}{{number}}",
                "{{text}}",
                "{{reason}}{{/each}}",
            ])],
        ),
        p("Source: {{criteria.source}}."),
    ]);
    b
}

pub(in crate::docset) fn rapid_review_letter(_: &KindSpec) -> Vec<Block> {
    vec![
        address("{{board.name}}"),
        address_end("{{join board.address \", \"}}"),
        address_end("{{date today}}"),
        address("{{agency.contact.name}}"),
        address("{{agency.contact.role}}"),
        address_end("{{agency.name}}"),
        bold(
            "Rapid review ",
            "{{review.reference}} concerning {{child.pseudonym}}",
        ),
        p("Dear {{agency.contact.salutation}},"),
        p(
            "On {{date referral.notified_on}} the local authority notified {{regime.national_panel}} of a serious incident concerning {{child.full_name}}, born {{date child.date_of_birth}}, of {{join child.address.lines \", \"}}, {{child.address.town}}. {{referral.incident_summary}}",
        ),
        p(
            "{{regime.decision_maker_capital}} must complete a rapid review and send it to the Panel within 15 working days of the notification, by {{date timeline.by_id.rapid_review.due}}. Your agency is asked to contribute because of its involvement with the child and family.",
        ),
        p("{{#if agency.involvement}}"),
        bold(
            "What we know of your agency's involvement: ",
            "{{agency.involvement}}",
        ),
        p("{{/if}}"),
        h1("What we ask of your agency"),
        p(
            "Please send an agency summary of {{agency.name}}'s involvement with the child and family from {{date review.scope.from}} to {{date review.scope.to}}, under these headings:",
        ),
        p("1. Your agency's involvement with the child and family."),
        p(
            "2. Key practice episodes: the moments where practice made, or might have made, a difference.",
        ),
        p("3. Immediate action your agency has taken to keep this child and other children safe."),
        p("4. Early learning for your agency and for agencies working together."),
        p(
            "{{#if agency.enclosures}}Please write it in the enclosed workbook, one item per row, choosing each row's section from its list: the review team reads it back, checks every cell and merges the agencies' summaries for the meeting. Keep the workbook's name and do not change its hidden sheet.{{/if}}",
        ),
        p(
            "Please secure your agency's records about the child and family now, if you have not done so.",
        ),
        h1("When and how to return it"),
        p(
            "{{#if rapid_review.due.summaries_due}}Please return your agency summary by {{date rapid_review.due.summaries_due}}. {{/if}}Return it only by secure e-mail to {{board.secure_email}}. Do not send it to personal addresses or by ordinary e-mail.",
        ),
        h1("The rapid review meeting"),
        p(
            "{{#if rapid_review.due.meeting}}The rapid review meeting is planned for {{date rapid_review.due.meeting}}. {{/if}}Please send someone who knows your agency's involvement and can agree actions on its behalf.",
        ),
        h1("Enclosures"),
        p("{{#each agency.enclosures}}"),
        p("{{this}}"),
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

pub(in crate::docset) fn rapid_review_report(k: &KindSpec) -> Vec<Block> {
    let mut b = vec![
        title(k.title),
        fields(&[
            ("Reference", "{{review.reference}}"),
            ("Safeguarding partnership", "{{board.name}}"),
            ("Child", "{{child.pseudonym}}"),
            (
                "Panel notified",
                &date_or("referral.notified_on", "Not yet notified"),
            ),
            (
                "Rapid review meeting",
                &date_or("rapid_review.meeting_on", "Not yet held"),
            ),
            (
                "Sent to the Panel",
                &date_or("referral.rapid_review_completed_on", "Not yet sent"),
            ),
            (
                "Due within 15 working days, by",
                &date_or("timeline.by_id.rapid_review.due", "Not known"),
            ),
        ]),
        h1("The facts as far as readily established"),
    ];
    b.extend(fact(
        "rapid_review.facts",
        "the facts of the case as far as they can be readily established",
    ));
    b.extend([
        h1("Agency involvement"),
        agencies_table(),
        h1("Key practice episodes"),
        grid(
            &[DATE, share(1)],
            &["Date", "Episode"],
            vec![row(&[
                "{{#each referral.key_dates}}{{date date}}",
                "{{event}}{{/each}}",
            ])],
        ),
        h1("Immediate safety action"),
    ]);
    b.extend(fact(
        "rapid_review.immediate_action",
        "what was done to keep this child and other children safe",
    ));
    b.push(h1("Learning and improvements identified"));
    b.extend(fact(
        "rapid_review.learning",
        "the learning and improvements identified so far",
    ));
    b.extend([
        h1("The child's identity and needs"),
        p(
            "How the child's race, culture, disability and other inequalities shaped what happened and how agencies responded:",
        ),
        fields(&[
            (
                "Race and ethnicity",
                "{{default rapid_review.identity_context.race \"[To be completed: race and ethnicity]\"}}",
            ),
            (
                "Culture, faith and language",
                "{{default rapid_review.identity_context.culture \"[To be completed: culture, faith and language]\"}}",
            ),
            (
                "Disability and additional needs",
                "{{default rapid_review.identity_context.disability \"[To be completed: disability and additional needs]\"}}",
            ),
            (
                "Other inequalities",
                "{{default rapid_review.identity_context.other_inequalities \"[To be completed: other inequalities]\"}}",
            ),
        ]),
        h1("Decision on a local child safeguarding practice review"),
        p("{{criteria.decisions.local_review.decision_text}}"),
        p("{{#if criteria.decisions.local_review.reasons}}Reasons: {{criteria.decisions.local_review.reasons}}{{/if}}"),
        p("The considerations of regulation 11, with the safeguarding partners' answers:"),
        considerations("criteria.decisions.local_review", "Consideration"),
        p("{{criteria.decisions.local_review.pointing}}"),
        h1("View on a national review"),
        p("{{criteria.decisions.national_review.summary}}"),
        considerations("criteria.decisions.national_review", "Criterion"),
        p(
            "The partners' view: {{criteria.decisions.national_review.view.answer_text}}. {{default criteria.decisions.national_review.view.reason \"\"}}",
        ),
        h1("Sign-off"),
        grid(
            &[share(30), share(26), share(26), DATE],
            &["Partner", "Name", "Role", "Signed"],
            vec![row(&[
                "{{#each rapid_review.sign_off}}{{partner}}",
                "{{name}}",
                "{{role}}",
                "{{#if signed_on}}{{date signed_on}}{{else}}Not yet signed{{/if}}{{/each}}",
            ])],
        ),
    ]);
    b
}

pub(in crate::docset) fn partners_sign_off(k: &KindSpec) -> Vec<Block> {
    vec![
        title(k.title),
        fields(&[
            ("Reference", "{{review.reference}}"),
            ("Safeguarding partnership", "{{board.name}}"),
            ("Child", "{{child.pseudonym}}"),
            (
                "Rapid review sent to the Panel",
                &date_or("referral.rapid_review_completed_on", "Not yet sent"),
            ),
        ]),
        h1("The decision"),
        p("{{criteria.decisions.local_review.summary}}"),
        p(
            "{{#if criteria.decisions.local_review.reasons}}Reasons: {{criteria.decisions.local_review.reasons}}{{/if}}",
        ),
        p("{{criteria.decisions.national_review.summary}}"),
        h1("Signed off by the safeguarding partners"),
        p(
            "Under {{regime.guidance}}, {{regime.partners}} are jointly responsible for the rapid review and the decision. Each signs it off:",
        ),
        grid(
            &[share(30), share(26), share(26), DATE],
            &["Partner", "Name", "Role", "Signed"],
            vec![row(&[
                "{{#each rapid_review.sign_off}}{{partner}}",
                "{{name}}",
                "{{role}}",
                "{{#if signed_on}}{{date signed_on}}{{else}}Not yet signed{{/if}}{{/each}}",
            ])],
        ),
    ]
}

pub(in crate::docset) fn panel_response(k: &KindSpec) -> Vec<Block> {
    let mut b = vec![
        title(k.title),
        fields(&[
            ("Reference", "{{review.reference}}"),
            ("Child", "{{child.pseudonym}}"),
            (
                "Rapid review sent to the Panel",
                &date_or("referral.rapid_review_completed_on", "Not yet sent"),
            ),
            (
                "The Panel's response received",
                &date_or(
                    "rapid_review.panel_response.received_on",
                    "Not yet received",
                ),
            ),
        ]),
        h1("The local review"),
        p("{{criteria.decisions.local_review.decision_text}}"),
        fields(&[(
            "The Panel agrees with the decision",
            "{{label rapid_review.panel_response.agrees_with_decision}}",
        )]),
        h1("A national review"),
        fields(&[(
            "The Panel will commission a national review",
            "{{label rapid_review.panel_response.national_review}}",
        )]),
        h1("The Panel's comments"),
    ];
    b.extend(fact(
        "rapid_review.panel_response.comments",
        "what the Panel said, in its own words",
    ));
    b.extend([
        h1("What the partners will do"),
        todo("how the safeguarding partners respond to the Panel's comments, and by when"),
    ]);
    b
}

/// A table of one heading's items in the merged agency summaries.
fn summary_items(list: &str, with_date: bool) -> Vec<Block> {
    let table = if with_date {
        grid(
            &[DATE_WRAPS, share(18), share(44), share(32)],
            &["Date", "Agency", "Summary", "The agency's view"],
            vec![row(&[
                &format!("{{{{#each {list}}}}}{{{{when}}}}"),
                "{{agency}}{{#if role}} ({{role}}){{/if}}",
                "{{summary}}",
                "{{analysis}}{{/each}}",
            ])],
        )
    } else {
        grid(
            &[share(20), DATE_WRAPS, DATE_WRAPS, share(50)],
            &["Agency", "From", "To", "Summary"],
            vec![row(&[
                &format!("{{{{#each {list}}}}}{{{{agency}}}}"),
                "{{when}}",
                "{{end}}",
                "{{summary}}{{#if analysis}} {{analysis}}{{/if}}{{/each}}",
            ])],
        )
    };
    vec![
        table,
        p(&format!("{{{{#unless {list}}}}}")),
        p("No agency has given any."),
        p("{{/unless}}"),
    ]
}

pub(in crate::docset) fn agency_summaries(k: &KindSpec) -> Vec<Block> {
    // Reads the merged summaries' own fields (see `summary::merge`).
    let mut b = vec![
        title(k.title),
        p(
            "Rapid review {{review_reference}} concerning {{child}}, {{board}}. The agencies' summaries as received, merged on {{merged_on}}, for the rapid review meeting.",
        ),
        h1("Agency involvement"),
    ];
    b.extend(summary_items("involvement", false));
    b.push(h1("Key practice episodes"));
    b.extend(summary_items("episodes", true));
    b.push(h1("Immediate action taken"));
    b.extend(summary_items("actions", true));
    b.push(h1("Early learning"));
    b.extend(summary_items("learning", false));
    b.extend([
        h1("Summaries received"),
        p("{{#each received}}"),
        p("{{agency}}: {{rows}} item(s), from {{file}}."),
        p("{{/each}}"),
        p("{{#each missing}}"),
        p("No summary yet from {{name}}{{#if contact}} (contact: {{contact}}){{/if}}."),
        p("{{else}}"),
        p("Every agency of the review has sent its summary."),
        p("{{/each}}"),
    ]);
    b
}
