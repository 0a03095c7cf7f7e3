//! The decisions a rapid review ends in (Working Together 2018 and 2023): whether to commission
//! a local child safeguarding practice review, and the partners' view on a national review.
//!
//! Neither decision is a mechanical test: the regulations list what the safeguarding partners
//! and the Panel must take into account, and the partners decide. So nothing here decides.
//! [`evaluate`] lays each consideration beside the partners' recorded answer and reason, says
//! where the answers point, and lists what the Panel would send back: an answer without a
//! reason, a decision that goes against the answers without saying why, a consideration not
//! yet answered. The result ([`Decisions`]) is what templates read as `decisions`.

use super::calendar::long_date;
use crate::case::{Answer, Case, Considered, Outcome};
use serde::Serialize;

/// The local review considerations: regulation 11 of SI 2018/789.
const SOURCE_LOCAL: &str = "Child Safeguarding Practice Review and Relevant Agency (England) \
     Regulations 2018, regulation 11; Working Together to Safeguard Children 2018, chapter 4, and \
     2023, chapter 5 (decisions on local and national reviews)";
/// The Panel's criteria for a national review: regulation 3 of SI 2018/789.
const SOURCE_NATIONAL: &str = "Child Safeguarding Practice Review and Relevant Agency \
     (England) Regulations 2018, regulation 3; Working Together to Safeguard Children 2018, \
     chapter 4, and 2023, chapter 5 (decisions on local and national reviews)";

/// One consideration, as the regulation words it, with the partners' answer and reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Consideration {
    /// A stable key, e.g. `improvements`.
    pub id: &'static str,
    /// Its number in the regulation, e.g. "11(a)".
    pub number: &'static str,
    /// The consideration in the regulation's words.
    pub text: &'static str,
    /// The partners' answer.
    pub answer: Answer,
    /// `true`, `false`, or `null` when not yet answered: for `{{#if}}` in templates.
    pub yes: Option<bool>,
    /// The answer in words: "Yes", "No", "Not yet answered".
    pub answer_text: &'static str,
    /// The partners' reason, as recorded (empty when none is).
    pub reason: String,
    /// The case file field that holds the answer, e.g. `rapid_review.local_review.improvements`.
    pub field: String,
}

/// The decision on a local child safeguarding practice review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LocalReviewDecision {
    /// Where the considerations come from.
    pub source: &'static str,
    /// Regulation 11(a) to (d), answered.
    pub considerations: Vec<Consideration>,
    /// Where the answers point: `true` when any is yes, `false` when all are no, else `null`.
    pub points_to_review: Option<bool>,
    /// The partners' decision as recorded (`decision.chair_decision`).
    pub decision: Outcome,
    /// The decision in words.
    pub decision_text: String,
    /// The partners' reasons as recorded (`decision.decision_reasons`).
    pub reasons: String,
    /// One sentence: where the answers point (for a document that states the decision itself).
    pub pointing: String,
    /// Where the answers point and what was decided.
    pub summary: String,
    /// What the Panel would ask about, each with the field to fill in.
    pub problems: Vec<String>,
}

/// The partners' view on a national review, for the Panel, which decides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NationalReviewPrompt {
    /// Where the criteria come from.
    pub source: &'static str,
    /// What the rapid review must say, for the person writing it.
    pub prompt: &'static str,
    /// Regulation 3(a) to (c), answered.
    pub considerations: Vec<Consideration>,
    /// The partners' view: may the case need a national review?
    pub view: Consideration,
    /// One sentence: the partners' view, or that it is still to be given.
    pub summary: String,
    /// What the Panel would ask about.
    pub problems: Vec<String>,
}

/// Both decisions, ready for a template as `decisions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decisions {
    /// Whether to commission a local review.
    pub local_review: LocalReviewDecision,
    /// The view on a national review.
    pub national_review: NationalReviewPrompt,
}

fn answer_text(a: Answer) -> &'static str {
    match a {
        Answer::Yes => "Yes",
        Answer::No => "No",
        Answer::Unknown => "Not yet answered",
    }
}

fn consideration(
    id: &'static str,
    number: &'static str,
    text: &'static str,
    c: &Considered,
    field: String,
) -> Consideration {
    Consideration {
        id,
        number,
        text,
        answer: c.answer,
        yes: match c.answer {
            Answer::Yes => Some(true),
            Answer::No => Some(false),
            Answer::Unknown => None,
        },
        answer_text: answer_text(c.answer),
        reason: c.reason.trim().to_string(),
        field,
    }
}

/// Every answered consideration needs its reason; the Panel reads the reasons, not the ticks.
fn reason_problems(cs: &[Consideration], out: &mut Vec<String>) {
    for c in cs {
        if c.answer != Answer::Unknown && c.reason.is_empty() {
            out.push(format!(
                "{} is answered {} but no reason is recorded: give the partners' reason \
                 ({}.reason).",
                c.number,
                c.answer_text.to_lowercase(),
                c.field
            ));
        }
    }
}

fn numbers(cs: &[&Consideration]) -> String {
    let n: Vec<&str> = cs.iter().map(|c| c.number).collect();
    match n.as_slice() {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Regulations 11(a) and 3(a) ask the same question in the same words.
const IMPROVEMENTS: &str = "The case highlights or may highlight improvements needed to safeguard \
                            and promote the welfare of children, including where those \
                            improvements have been previously identified.";
/// Regulations 11(b) and 3(c) ask the same question in the same words.
const RECURRENT_THEMES: &str = "The case highlights or may highlight recurrent themes in the \
                                safeguarding and promotion of the welfare of children.";

/// The considerations answered so: yes (`Some(true)`), no, or not yet (`None`).
fn answered(considerations: &[Consideration], yes: Option<bool>) -> Vec<&Consideration> {
    considerations.iter().filter(|c| c.yes == yes).collect()
}

/// Lays the recorded answers beside the regulations' considerations and says where they point.
pub fn evaluate(case: &Case) -> Decisions {
    Decisions {
        local_review: local_review(case),
        national_review: national_review(case),
    }
}

fn local_review(case: &Case) -> LocalReviewDecision {
    let l = &case.rapid_review.local_review;
    let at = |k: &str| format!("rapid_review.local_review.{k}");
    let considerations = vec![
        consideration(
            "improvements",
            "11(a)",
            IMPROVEMENTS,
            &l.improvements,
            at("improvements"),
        ),
        consideration(
            "recurrent_themes",
            "11(b)",
            RECURRENT_THEMES,
            &l.recurrent_themes,
            at("recurrent_themes"),
        ),
        consideration(
            "working_together",
            "11(c)",
            "The case highlights or may highlight concerns regarding two or more agencies \
             working together effectively to safeguard and promote the welfare of children.",
            &l.working_together,
            at("working_together"),
        ),
        consideration(
            "panel_suggests_local",
            "11(d)",
            "The case is one which the Child Safeguarding Practice Review Panel have \
             considered and concluded a local review may be more appropriate.",
            &l.panel_suggests_local,
            at("panel_suggests_local"),
        ),
    ];
    let yes = answered(&considerations, Some(true));
    let open = answered(&considerations, None);
    let points_to_review = if !yes.is_empty() {
        Some(true)
    } else if open.is_empty() {
        Some(false)
    } else {
        None
    };
    let d = &case.decision;
    let on = d
        .decided_on
        .map(|x| format!(" on {}", long_date(x)))
        .unwrap_or_default();
    let decision_text = match d.chair_decision {
        Outcome::Pending => "Not yet decided".to_string(),
        Outcome::Initiate => format!(
            "The safeguarding partners decided{on} to commission a local child safeguarding \
             practice review."
        ),
        Outcome::Alternative => format!(
            "The safeguarding partners decided{on} not to commission a local child safeguarding \
             practice review, and to carry out another form of review instead."
        ),
        Outcome::NoReview => format!(
            "The safeguarding partners decided{on} not to commission a local child safeguarding \
             practice review."
        ),
    };
    let pointing = match points_to_review {
        Some(true) => format!(
            "The partners' answers point towards a local child safeguarding practice review \
             ({} answered yes).",
            numbers(&yes)
        ),
        Some(false) => "The partners answered no to every consideration of regulation 11.".into(),
        None => format!(
            "The considerations of regulation 11 are not all answered yet ({} still open).",
            numbers(&open)
        ),
    };
    let summary = if d.chair_decision == Outcome::Pending {
        format!("{pointing} The decision is not yet recorded.")
    } else {
        format!("{pointing} {decision_text}")
    };
    let mut problems = Vec::new();
    reason_problems(&considerations, &mut problems);
    let reasons = d.decision_reasons.trim().to_string();
    let declined = matches!(d.chair_decision, Outcome::NoReview | Outcome::Alternative);
    if declined && points_to_review == Some(true) && reasons.is_empty() {
        problems.push(format!(
            "The partners decided against a local review although {} is answered yes: record \
             why in decision.decision_reasons.",
            numbers(&yes)
        ));
    }
    if d.chair_decision == Outcome::Initiate
        && points_to_review == Some(false)
        && reasons.is_empty()
    {
        problems.push(
            "The partners decided on a local review although every consideration is answered \
             no: record why in decision.decision_reasons."
                .to_string(),
        );
    }
    if d.chair_decision != Outcome::Pending && reasons.is_empty() && problems.is_empty() {
        problems.push(
            "The decision is recorded without its reasons: record them in \
             decision.decision_reasons."
                .to_string(),
        );
    }
    if d.chair_decision != Outcome::Pending && !open.is_empty() {
        let (is, it) = if open.len() == 1 {
            ("is", "it")
        } else {
            ("are", "each")
        };
        problems.push(format!(
            "The decision is recorded but {} {is} not answered: answer {it} with a reason.",
            numbers(&open)
        ));
    }
    LocalReviewDecision {
        source: SOURCE_LOCAL,
        considerations,
        points_to_review,
        decision: d.chair_decision,
        decision_text,
        reasons,
        pointing,
        summary,
        problems,
    }
}

fn national_review(case: &Case) -> NationalReviewPrompt {
    let n = &case.rapid_review.national_review;
    let at = |k: &str| format!("rapid_review.national_review.{k}");
    let considerations = vec![
        consideration(
            "improvements",
            "3(a)",
            IMPROVEMENTS,
            &n.improvements,
            at("improvements"),
        ),
        consideration(
            "legislative_change",
            "3(b)",
            "The case raises or may raise issues requiring legislative change or changes to \
             guidance issued under or further to any enactment.",
            &n.legislative_change,
            at("legislative_change"),
        ),
        consideration(
            "recurrent_themes",
            "3(c)",
            RECURRENT_THEMES,
            &n.recurrent_themes,
            at("recurrent_themes"),
        ),
    ];
    let view = consideration(
        "view",
        "view",
        "In the safeguarding partners' view, the case may raise issues that are complex or of \
         national importance, so that the Panel may wish to commission a national review.",
        &n.view,
        at("view"),
    );
    let summary = match view.answer {
        Answer::Yes => "The safeguarding partners think the case may need a national review; \
                        the Panel decides."
            .to_string(),
        Answer::No => "The safeguarding partners do not think the case needs a national review; \
                       the Panel decides."
            .to_string(),
        Answer::Unknown => "The partners' view on a national review is still to be given.".into(),
    };
    let mut problems = Vec::new();
    reason_problems(&considerations, &mut problems);
    reason_problems(std::slice::from_ref(&view), &mut problems);
    let yes = answered(&considerations, Some(true));
    if view.answer == Answer::No && !yes.is_empty() && view.reason.is_empty() {
        problems.push(format!(
            "{} is answered yes but the partners see no need for a national review: say why \
             in {}.reason.",
            numbers(&yes),
            view.field
        ));
    }
    NationalReviewPrompt {
        source: SOURCE_NATIONAL,
        prompt: "The Panel decides whether to commission a national review. The rapid review \
                 gives the partners' view: whether the case may raise issues that are complex \
                 or of national importance, against the Panel's criteria in regulation 3.",
        considerations,
        view,
        summary,
        problems,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn said(answer: Answer, reason: &str) -> Considered {
        Considered {
            answer,
            reason: reason.into(),
        }
    }

    #[test]
    fn answers_point_to_a_review_and_the_decision_is_said_in_words() {
        let mut c = Case::default();
        c.rapid_review.local_review.improvements = said(Answer::Yes, "Escalation was not used.");
        c.rapid_review.local_review.recurrent_themes = said(Answer::No, "Not a known theme.");
        c.rapid_review.local_review.working_together = said(Answer::Yes, "Health and police.");
        c.rapid_review.local_review.panel_suggests_local = said(Answer::No, "Not yet considered.");
        c.decision.chair_decision = Outcome::Initiate;
        c.decision.decided_on = NaiveDate::from_ymd_opt(2025, 1, 8);
        c.decision.decision_reasons = "Learning about escalation across agencies.".into();
        let d = evaluate(&c).local_review;
        assert_eq!(d.points_to_review, Some(true));
        assert_eq!(
            d.summary,
            "The partners' answers point towards a local child safeguarding practice review \
             (11(a) and 11(c) answered yes). The safeguarding partners decided on 8 January 2025 \
             to commission a local child safeguarding practice review."
        );
        assert!(d.problems.is_empty(), "{:?}", d.problems);
        assert_eq!(d.considerations[2].number, "11(c)");
        assert_eq!(d.considerations[2].answer_text, "Yes");
        assert!(d.source.contains("regulation 11"));
    }

    #[test]
    fn what_the_panel_would_send_back_is_listed() {
        let mut c = Case::default();
        c.rapid_review.local_review.improvements = said(Answer::Yes, "");
        c.decision.chair_decision = Outcome::NoReview;
        c.decision.decided_on = NaiveDate::from_ymd_opt(2025, 1, 8);
        let d = evaluate(&c).local_review;
        assert_eq!(
            d.problems,
            [
                "11(a) is answered yes but no reason is recorded: give the partners' reason \
                 (rapid_review.local_review.improvements.reason).",
                "The partners decided against a local review although 11(a) is answered yes: \
                 record why in decision.decision_reasons.",
                "The decision is recorded but 11(b), 11(c) and 11(d) are not answered: answer \
                 each with a reason."
            ]
        );
        // Nothing answered, nothing decided: the answers are awaited, never guessed.
        let d = evaluate(&Case::default()).local_review;
        assert_eq!(d.points_to_review, None);
        assert!(d.summary.contains("not all answered yet"));
        assert!(d.summary.ends_with("The decision is not yet recorded."));
        assert!(d.problems.is_empty());
    }

    #[test]
    fn the_national_review_view_is_prompted_and_checked() {
        let mut c = Case::default();
        let n = evaluate(&c).national_review;
        assert_eq!(
            n.summary,
            "The partners' view on a national review is still to be given."
        );
        assert!(n.prompt.contains("The Panel decides"));
        assert_eq!(n.considerations.len(), 3);
        c.rapid_review.national_review.legislative_change = said(Answer::Yes, "Guidance gap.");
        c.rapid_review.national_review.view = said(Answer::No, "");
        let n = evaluate(&c).national_review;
        assert!(
            n.summary
                .starts_with("The safeguarding partners do not think")
        );
        assert_eq!(n.problems.len(), 2);
        assert!(n.problems[1].starts_with("3(b) is answered yes"));
    }
}
