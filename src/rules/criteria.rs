//! The statutory criteria: must a review be held, and must the case be notified to Ofsted?
//!
//! A coordinator applies these by hand today and must explain the answer to the panel, the
//! Independent Chair, Ofsted and the National Panel. [`evaluate`] applies the criteria of the
//! case's regime to `case.referral.facts` clause by clause and explains each clause in plain
//! English. A fact recorded as `unknown` is never guessed: a clause that depends on it is
//! `unknown`, and the outcome is `undetermined` unless the other clauses settle it either way.
//!
//! The result ([`Criteria`]) serialises to the shape templates read as `criteria.*`:
//!
//! | field | what it holds |
//! | --- | --- |
//! | `regime`, `guidance`, `title` | which rules were applied |
//! | `met` | `true`, `false`, or `null` when undetermined |
//! | `outcome` | `"met"`, `"not_met"` or `"undetermined"` |
//! | `summary` | one sentence stating the outcome and what follows from it |
//! | `reasons` | the sentences that justify the outcome, ending with `summary` |
//! | `rule` | how the clauses combine, e.g. "1 and (2(i) or 2(ii)), or 3" |
//! | `clauses[]` | `id`, `number`, `text`, `status` (`met`/`not_met`/`unknown`), `met`, `reason`, `unknown_facts` |
//! | `unknown_facts[]` | the facts the outcome waits for: `name`, `field`, `description` |
//! | `alternative_review` | when not met, the note that an alternative review may still be commissioned; else `null` |
//! | `notify_ofsted` | `true`, `false` or `null`: must the case be notified to Ofsted? |
//! | `ofsted` | the same shape as the criteria (`met`, `outcome`, `summary`, `reasons`, `clauses`, `unknown_facts`) for the notification |

use crate::case::{Answer, Case, Outcome as Decided, Regime};
use serde::Serialize;

/// Where a clause stands on the facts recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ClauseStatus {
    /// The facts satisfy the clause.
    Met,
    /// The facts rule the clause out.
    NotMet,
    /// A fact the clause needs is unknown.
    Unknown,
}

/// The answer of a whole test (criteria or Ofsted notification).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The test is satisfied.
    Met,
    /// The test is not satisfied.
    NotMet,
    /// It cannot be decided until the facts in `unknown_facts` are known.
    Undetermined,
}

impl Outcome {
    fn from_tri(v: Option<bool>) -> Self {
        match v {
            Some(true) => Outcome::Met,
            Some(false) => Outcome::NotMet,
            None => Outcome::Undetermined,
        }
    }
}

/// A fact from `referral.facts`, named so that a coordinator knows what to find out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fact {
    /// The field name in `referral.facts`, e.g. `child_died`.
    pub name: &'static str,
    /// Where it is in the case file, e.g. `referral.facts.child_died`.
    pub field: String,
    /// What is to be found out, e.g. "whether the child has died".
    pub description: &'static str,
}

/// One clause of a test, with its status on the facts recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Clause {
    /// A stable key, e.g. `abuse_or_neglect`.
    pub id: &'static str,
    /// The clause's number as the reasons cite it, e.g. "2(ii)".
    pub number: &'static str,
    /// The clause as the guidance words it.
    pub text: &'static str,
    /// Met, not met or unknown.
    pub status: ClauseStatus,
    /// `true`, `false`, or `null` when unknown: for `{{#if}}` in templates.
    pub met: Option<bool>,
    /// Why, in plain English.
    pub reason: String,
    /// The facts of this clause that are unknown (empty unless `status` is `unknown`).
    pub unknown_facts: Vec<Fact>,
}

/// The result of one test: the criteria for a review, or the Ofsted notification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evaluation {
    /// `true`, `false`, or `null` when undetermined.
    pub met: Option<bool>,
    /// Met, not met or undetermined.
    pub outcome: Outcome,
    /// One sentence: the outcome and what follows from it.
    pub summary: String,
    /// The sentences that justify the outcome, clause by clause, ending with `summary`.
    pub reasons: Vec<String>,
    /// How the clauses combine, by number.
    pub rule: &'static str,
    /// Every clause, in the order the guidance gives them.
    pub clauses: Vec<Clause>,
    /// The unknown facts the outcome waits for; empty when the outcome is decided.
    pub unknown_facts: Vec<Fact>,
    /// Where the test comes from: the statute, regulation or guidance, by chapter or section.
    pub source: &'static str,
}

/// The criteria decision for a case, ready for a template as `criteria`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Criteria {
    /// The regime whose criteria were applied.
    pub regime: Regime,
    /// The statutory guidance, by name.
    pub guidance: &'static str,
    /// What the criteria decide, e.g. "Criteria for a Serious Case Review".
    pub title: &'static str,
    /// The criteria themselves.
    #[serde(flatten)]
    pub review: Evaluation,
    /// When the criteria are not met: the board may still commission another form of review.
    pub alternative_review: Option<String>,
    /// Must the case be notified to Ofsted? `null` when undetermined.
    pub notify_ofsted: Option<bool>,
    /// The Ofsted notification test in full. Under the 2018 regime this is the local
    /// authority's duty to notify: a serious incident to the Panel (through the notification
    /// that also reaches Ofsted and the DfE), or a looked-after child's death to the Secretary
    /// of State and Ofsted.
    pub ofsted: Evaluation,
    /// Under the 2018 regime: must the Panel be notified of a serious incident (the part of the
    /// duty that leads to a rapid review)? `null` when undetermined or under the 2015 regime.
    pub notify_panel: Option<bool>,
    /// Under the 2018 regime: the decisions a rapid review ends in (a local review, the view on
    /// a national review), with the partners' answers; `null` under the 2015 regime.
    pub decisions: Option<super::decisions::Decisions>,
}

/// The facts the criteria read, each with how to say it in plain English.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FactId {
    AbuseOrNeglect,
    ChildDied,
    SeriouslyHarmed,
    Concern,
    DiedInCustody,
    LifeThreatening,
    SexualAbuse,
    Impairment,
    LookedAfter,
    HarmedInArea,
    NormallyResident,
    OutsideEngland,
}

impl FactId {
    fn name(self) -> &'static str {
        match self {
            FactId::AbuseOrNeglect => "abuse_or_neglect",
            FactId::ChildDied => "child_died",
            FactId::SeriouslyHarmed => "seriously_harmed",
            FactId::Concern => "concern_about_working_together",
            FactId::DiedInCustody => "died_in_custody",
            FactId::LifeThreatening => "life_threatening_injury",
            FactId::SexualAbuse => "serious_sexual_abuse",
            FactId::Impairment => "permanent_impairment",
            FactId::LookedAfter => "looked_after",
            FactId::HarmedInArea => "harmed_in_area",
            FactId::NormallyResident => "normally_resident_in_area",
            FactId::OutsideEngland => "harmed_outside_england",
        }
    }

    fn answer(self, case: &Case) -> Answer {
        let f = &case.referral.facts;
        match self {
            FactId::AbuseOrNeglect => f.abuse_or_neglect,
            FactId::ChildDied => f.child_died,
            FactId::SeriouslyHarmed => f.seriously_harmed,
            FactId::Concern => f.concern_about_working_together,
            FactId::DiedInCustody => f.died_in_custody,
            FactId::LifeThreatening => f.life_threatening_injury,
            FactId::SexualAbuse => f.serious_sexual_abuse,
            FactId::Impairment => f.permanent_impairment,
            FactId::LookedAfter => case.child.looked_after,
            FactId::HarmedInArea => f.harmed_in_area,
            FactId::NormallyResident => f.normally_resident_in_area,
            FactId::OutsideEngland => f.harmed_outside_england,
        }
    }

    fn description(self) -> &'static str {
        match self {
            FactId::AbuseOrNeglect => "whether abuse or neglect of the child is known or suspected",
            FactId::ChildDied => "whether the child has died",
            FactId::SeriouslyHarmed => "whether the child has been seriously harmed",
            FactId::Concern => {
                "whether there is cause for concern about how the authority, its partners or others \
                 worked together to safeguard the child"
            }
            FactId::DiedInCustody => "whether the child died in custody or detention",
            FactId::LifeThreatening => {
                "whether the child suffered a potentially life-threatening injury"
            }
            FactId::SexualAbuse => "whether the child suffered serious sexual abuse",
            FactId::Impairment => {
                "whether the child sustained serious and permanent impairment of health or development"
            }
            FactId::LookedAfter => "whether the child was looked after by a local authority",
            FactId::HarmedInArea => {
                "whether the child died or was seriously harmed in the local authority's area"
            }
            FactId::NormallyResident => {
                "whether the child was normally resident in the local authority's area"
            }
            FactId::OutsideEngland => {
                "whether the child died or was seriously harmed outside England"
            }
        }
    }

    /// The sentence that states the fact as recorded.
    fn sentence(self, a: Answer, case: &Case) -> String {
        let facts = &case.referral.facts;
        use Answer::*;
        let s = match (self, a) {
            (FactId::AbuseOrNeglect, Yes) => "Abuse or neglect of the child is known or suspected.",
            (FactId::AbuseOrNeglect, No) => {
                "Abuse or neglect of the child is neither known nor suspected."
            }
            (FactId::ChildDied, Yes) => "The child has died.",
            (FactId::ChildDied, No) => "The child has not died.",
            (FactId::SeriouslyHarmed, Yes) => "The child has been seriously harmed.",
            (FactId::SeriouslyHarmed, No) => "The child has not been seriously harmed.",
            (FactId::Concern, Yes) => {
                "There is cause for concern about the way the authority, its partners or other \
                 relevant persons worked together to safeguard the child."
            }
            (FactId::Concern, No) => {
                "There is no cause for concern about the way the authority, its partners or other \
                 relevant persons worked together to safeguard the child."
            }
            (FactId::DiedInCustody, Yes) => {
                let setting = facts.custody_setting.trim();
                return if setting.is_empty() {
                    "The child died in custody or detention.".to_string()
                } else {
                    format!("The child died in custody or detention ({setting}).")
                };
            }
            (FactId::DiedInCustody, No) => "The child did not die in custody or detention.",
            (FactId::LifeThreatening, Yes) => {
                "The child suffered a potentially life-threatening injury."
            }
            (FactId::LifeThreatening, No) => {
                "The child did not suffer a potentially life-threatening injury."
            }
            (FactId::SexualAbuse, Yes) => "The child suffered serious sexual abuse.",
            (FactId::SexualAbuse, No) => "The child did not suffer serious sexual abuse.",
            (FactId::Impairment, Yes) => {
                "The child sustained serious and permanent impairment of health or development."
            }
            (FactId::Impairment, No) => {
                "The child did not sustain serious and permanent impairment of health or \
                 development."
            }
            (FactId::LookedAfter, Yes) => "The child was looked after by a local authority.",
            (FactId::LookedAfter, No) => "The child was not looked after by a local authority.",
            (FactId::HarmedInArea, Yes) => {
                "The child died or was seriously harmed in the local authority's area."
            }
            (FactId::HarmedInArea, No) => {
                "The child did not die or come to serious harm in the local authority's area."
            }
            (FactId::NormallyResident, Yes) => {
                "The child was normally resident in the local authority's area."
            }
            (FactId::NormallyResident, No) => {
                "The child was not normally resident in the local authority's area."
            }
            (FactId::OutsideEngland, Yes) => {
                "The child died or was seriously harmed outside England."
            }
            (FactId::OutsideEngland, No) => {
                "The child did not die or come to serious harm outside England."
            }
            (f, Unknown) => {
                return format!("It is not yet known {}.", f.description());
            }
        };
        s.to_string()
    }

    fn fact(self) -> Fact {
        let field = match self {
            FactId::LookedAfter => "child.looked_after".to_string(),
            _ => format!("referral.facts.{}", self.name()),
        };
        Fact {
            name: self.name(),
            field,
            description: self.description(),
        }
    }
}

/// A condition over clauses (or, inside a clause, over facts), in three-valued logic: a value
/// is `Some(true)`, `Some(false)` or `None` (unknown).
enum Expr<T> {
    Leaf(T),
    All(Vec<Expr<T>>),
    Any(Vec<Expr<T>>),
}

impl<T: Copy> Expr<T> {
    fn eval(&self, leaf: &impl Fn(T) -> Option<bool>) -> Option<bool> {
        match self {
            Expr::Leaf(t) => leaf(*t),
            Expr::All(xs) => {
                let vs: Vec<_> = xs.iter().map(|x| x.eval(leaf)).collect();
                if vs.contains(&Some(false)) {
                    Some(false)
                } else if vs.iter().all(|v| *v == Some(true)) {
                    Some(true)
                } else {
                    None
                }
            }
            Expr::Any(xs) => {
                let vs: Vec<_> = xs.iter().map(|x| x.eval(leaf)).collect();
                if vs.contains(&Some(true)) {
                    Some(true)
                } else if vs.iter().all(|v| *v == Some(false)) {
                    Some(false)
                } else {
                    None
                }
            }
        }
    }

    /// The leaves that decide this expression's value: for a true value the leaves that make
    /// it true, for a false value those that make it false, and for an unknown value the
    /// unknown leaves together with the others that bear on them.
    fn deciding(&self, leaf: &impl Fn(T) -> Option<bool>, out: &mut Vec<T>) {
        let v = self.eval(leaf);
        match self {
            Expr::Leaf(t) => out.push(*t),
            Expr::All(xs) | Expr::Any(xs) => {
                let is_all = matches!(self, Expr::All(_));
                for x in xs {
                    let xv = x.eval(leaf);
                    let keep = match v {
                        // All true: every part; Any true: the true parts.
                        Some(true) => is_all || xv == Some(true),
                        // All false: the false parts; Any false: every part.
                        Some(false) => !is_all || xv == Some(false),
                        None => true,
                    };
                    if keep {
                        x.deciding(leaf, out);
                    }
                }
            }
        }
    }

    /// The unknown leaves whose value could still change this expression's value.
    fn open_unknowns(&self, leaf: &impl Fn(T) -> Option<bool>, out: &mut Vec<T>) {
        if self.eval(leaf).is_some() {
            return;
        }
        match self {
            Expr::Leaf(t) => out.push(*t),
            Expr::All(xs) | Expr::Any(xs) => {
                for x in xs {
                    x.open_unknowns(leaf, out);
                }
            }
        }
    }
}

fn answer_value(a: Answer) -> Option<bool> {
    match a {
        Answer::Yes => Some(true),
        Answer::No => Some(false),
        Answer::Unknown => None,
    }
}

/// A clause as the guidance words it, and the facts it needs.
struct ClauseSpec {
    id: &'static str,
    number: &'static str,
    text: &'static str,
    facts: Expr<FactId>,
}

fn clause_leaves(e: &Expr<FactId>, out: &mut Vec<FactId>) {
    match e {
        Expr::Leaf(f) => out.push(*f),
        Expr::All(xs) | Expr::Any(xs) => xs.iter().for_each(|x| clause_leaves(x, out)),
    }
}

/// Phrases that differ between the tests.
struct Wording {
    source: &'static str,
    met: String,
    not_met: String,
    undetermined: &'static str,
}

fn run_test(
    facts: &Case,
    specs: &[ClauseSpec],
    rule: &'static str,
    combine: &Expr<usize>,
    wording: Wording,
) -> Evaluation {
    let fact_value = |f: FactId| answer_value(f.answer(facts));
    let clauses: Vec<Clause> = specs
        .iter()
        .map(|spec| {
            let value = spec.facts.eval(&fact_value);
            let mut used = Vec::new();
            clause_leaves(&spec.facts, &mut used);
            let mut unknown = Vec::new();
            spec.facts.open_unknowns(&fact_value, &mut unknown);
            let reason = used
                .iter()
                .map(|f| f.sentence(f.answer(facts), facts))
                .collect::<Vec<_>>()
                .join(" ");
            Clause {
                id: spec.id,
                number: spec.number,
                text: spec.text,
                status: match value {
                    Some(true) => ClauseStatus::Met,
                    Some(false) => ClauseStatus::NotMet,
                    None => ClauseStatus::Unknown,
                },
                met: value,
                reason,
                unknown_facts: unknown.into_iter().map(FactId::fact).collect(),
            }
        })
        .collect();
    let clause_value = |i: usize| clauses.get(i).and_then(|c| c.met);
    let met = combine.eval(&clause_value);
    let outcome = Outcome::from_tri(met);

    let mut deciding = Vec::new();
    combine.deciding(&clause_value, &mut deciding);
    deciding.sort_unstable();
    deciding.dedup();

    let mut open = Vec::new();
    combine.open_unknowns(&clause_value, &mut open);
    let mut unknown_facts: Vec<Fact> = Vec::new();
    for i in open {
        for f in clauses
            .get(i)
            .map(|c| c.unknown_facts.clone())
            .unwrap_or_default()
        {
            if !unknown_facts.iter().any(|u| u.name == f.name) {
                unknown_facts.push(f);
            }
        }
    }

    let summary = match outcome {
        Outcome::Met => wording.met,
        Outcome::NotMet => wording.not_met,
        Outcome::Undetermined => format!(
            "{} until it is known {}.",
            wording.undetermined,
            join_and(
                &unknown_facts
                    .iter()
                    .map(|f| f.description.to_string())
                    .collect::<Vec<_>>()
            )
        ),
    };
    let mut reasons: Vec<String> = deciding
        .iter()
        .filter_map(|i| clauses.get(*i))
        .map(|c| c.reason.clone())
        .collect();
    reasons.push(summary.clone());
    Evaluation {
        met,
        outcome,
        summary,
        reasons,
        rule,
        clauses,
        unknown_facts,
        source: wording.source,
    }
}

/// "a", "a and b", "a, b and c".
fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Applies the criteria of the case's regime, and the Ofsted notification test, to the facts
/// of the referral.
pub fn evaluate(case: &Case) -> Criteria {
    let board = [&case.board.short_name, &case.board.name]
        .into_iter()
        .map(|s| s.trim())
        .find(|s| !s.is_empty())
        .unwrap_or("the board")
        .to_string();
    match case.review.regime {
        Regime::Wt2015 => evaluate_2015(case, &board),
        Regime::Wt2018 => evaluate_2018(case),
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// The 2015 criteria: regulation 5(2) of the LSCB Regulations 2006, as the seed process states
/// them.
const SOURCE_2015: &str = "Local Safeguarding Children Boards Regulations 2006, regulation 5(2); \
                           Working Together to Safeguard Children 2015, chapter 4";
const SOURCE_2015_OFSTED: &str =
    "Working Together to Safeguard Children 2015, chapter 4 (notifiable incidents)";
/// The 2018 definition of a serious child safeguarding case.
const SOURCE_2018_CASE: &str = "Children Act 2004, section 16A; Working Together to Safeguard \
     Children 2018, chapter 4, and 2023, chapter 5 (serious child safeguarding cases)";
/// The local authority's duty to notify.
const SOURCE_2018_NOTIFY: &str = "Children Act 2004, section 16C(1); Working Together to \
     Safeguard Children 2018, chapter 4, and 2023, chapter 5 (the duty on local authorities to \
     notify incidents to the Child Safeguarding Practice Review Panel)";

fn evaluate_2015(case: &Case, board: &str) -> Criteria {
    use Expr::{All, Any, Leaf};
    let specs = [
        ClauseSpec {
            id: "abuse_or_neglect",
            number: "1",
            text: "Abuse or neglect of a child is known or suspected.",
            facts: Leaf(FactId::AbuseOrNeglect),
        },
        ClauseSpec {
            id: "child_died",
            number: "2(i)",
            text: "The child has died.",
            facts: Leaf(FactId::ChildDied),
        },
        ClauseSpec {
            id: "seriously_harmed_with_concern",
            number: "2(ii)",
            text: "The child has been seriously harmed and there is cause for concern as to the \
                   way in which the authority, their Board partners or other relevant persons \
                   have worked together to safeguard the child.",
            facts: All(vec![Leaf(FactId::SeriouslyHarmed), Leaf(FactId::Concern)]),
        },
        ClauseSpec {
            id: "died_in_custody",
            number: "3",
            text: "Even if these criteria are not met, a review is always carried out when a \
                   child dies in custody, in police custody, on remand or following sentencing, \
                   in a Young Offender Institution, in a secure training centre or a secure \
                   children's home, or where the child was detained under the Mental Health Act.",
            facts: Leaf(FactId::DiedInCustody),
        },
    ];
    let combine = Any(vec![
        All(vec![Leaf(0), Any(vec![Leaf(1), Leaf(2)])]),
        Leaf(3),
    ]);
    let alternative = format!(
        "{} may still decide to commission an alternative form of case review.",
        capitalise(board)
    );
    // Once the Chair has decided, the outcome says what followed from it, never "must be
    // initiated" above a decision against it (a decision against it without reasons is refused
    // by the pack, so that wording stays for it), nor "may still decide" once decided.
    let decided = case.decision.chair_decision;
    let against = matches!(decided, Decided::NoReview | Decided::Alternative)
        && !case.decision.decision_reasons.trim().is_empty();
    let met = if against {
        "The criteria for a Serious Case Review are met, but the Independent Chair decided \
         against one, for the reasons given with the decision."
            .into()
    } else {
        "The criteria for a Serious Case Review are met: a Serious Case Review must be initiated."
            .into()
    };
    let undecided = decided == Decided::Pending;
    let review = run_test(
        case,
        &specs,
        "1 and (2(i) or 2(ii)), or 3",
        &combine,
        Wording {
            source: SOURCE_2015,
            met,
            not_met: if undecided {
                format!("The criteria for a Serious Case Review are not met. {alternative}")
            } else {
                "The criteria for a Serious Case Review are not met.".into()
            },
            undetermined: "Whether the criteria for a Serious Case Review are met cannot be decided",
        },
    );
    let ofsted = ofsted_2015(case);
    Criteria {
        regime: Regime::Wt2015,
        guidance: "Working Together to Safeguard Children 2015",
        title: "Criteria for a Serious Case Review",
        alternative_review: (review.outcome == Outcome::NotMet && undecided).then_some(alternative),
        review,
        notify_ofsted: ofsted.met,
        ofsted,
        notify_panel: None,
        decisions: None,
    }
}

fn ofsted_2015(case: &Case) -> Evaluation {
    use Expr::{All, Any, Leaf};
    let specs = [
        ClauseSpec {
            id: "abuse_or_neglect",
            number: "1",
            text: "Abuse or neglect is known or suspected.",
            facts: Leaf(FactId::AbuseOrNeglect),
        },
        ClauseSpec {
            id: "child_died",
            number: "2(i)",
            text: "The child has died.",
            facts: Leaf(FactId::ChildDied),
        },
        ClauseSpec {
            id: "life_threatening_injury",
            number: "2(ii)",
            text: "The child has suffered a potentially life-threatening injury.",
            facts: Leaf(FactId::LifeThreatening),
        },
        ClauseSpec {
            id: "serious_sexual_abuse",
            number: "2(iii)",
            text: "The child has suffered serious sexual abuse.",
            facts: Leaf(FactId::SexualAbuse),
        },
        ClauseSpec {
            id: "permanent_impairment",
            number: "2(iv)",
            text: "The child has sustained serious and permanent impairment of health or \
                   development.",
            facts: Leaf(FactId::Impairment),
        },
    ];
    let combine = All(vec![Leaf(0), Any(vec![Leaf(1), Leaf(2), Leaf(3), Leaf(4)])]);
    run_test(
        case,
        &specs,
        "1 and (2(i), 2(ii), 2(iii) or 2(iv))",
        &combine,
        Wording {
            source: SOURCE_2015_OFSTED,
            met: "The case must be notified to Ofsted through the serious incident notification."
                .into(),
            not_met: "The case does not have to be notified to Ofsted.".into(),
            undetermined: "Whether the case must be notified to Ofsted cannot be decided",
        },
    )
}

/// The Panel's part of the notification duty, on the clause values of [`notification_2018`]:
/// 1 and (2(i) or 2(ii)) and (3(a) or 3(b)).
fn panel_part() -> Expr<usize> {
    use Expr::{All, Any, Leaf};
    All(vec![
        Leaf(0),
        Any(vec![Leaf(1), Leaf(2)]),
        Any(vec![Leaf(3), Leaf(4)]),
    ])
}

/// The local authority's duty to notify under the 2018 regime: section 16C(1) of the Children
/// Act 2004 (abuse or neglect known or suspected, the child died or was seriously harmed, in the
/// area or, while normally resident in it, outside England), and the death of a looked-after
/// child, notified whatever is suspected.
fn notification_2018(case: &Case) -> (Evaluation, Option<bool>) {
    use Expr::{All, Any, Leaf};
    let specs = [
        ClauseSpec {
            id: "abuse_or_neglect",
            number: "1",
            text: "The local authority knows or suspects that the child has been abused or \
                   neglected.",
            facts: Leaf(FactId::AbuseOrNeglect),
        },
        ClauseSpec {
            id: "child_died",
            number: "2(i)",
            text: "The child dies.",
            facts: Leaf(FactId::ChildDied),
        },
        ClauseSpec {
            id: "seriously_harmed",
            number: "2(ii)",
            text: "The child is seriously harmed.",
            facts: Leaf(FactId::SeriouslyHarmed),
        },
        ClauseSpec {
            id: "harmed_in_area",
            number: "3(a)",
            text: "The child dies or is seriously harmed in the local authority's area.",
            facts: Leaf(FactId::HarmedInArea),
        },
        ClauseSpec {
            id: "resident_harmed_outside_england",
            number: "3(b)",
            text: "While normally resident in the local authority's area, the child dies or is \
                   seriously harmed outside England.",
            facts: All(vec![
                Leaf(FactId::NormallyResident),
                Leaf(FactId::OutsideEngland),
            ]),
        },
        ClauseSpec {
            id: "looked_after_child_died",
            number: "4",
            text: "A looked-after child has died: the local authority must notify the Secretary \
                   of State and Ofsted, whether or not abuse or neglect is known or suspected.",
            facts: All(vec![Leaf(FactId::LookedAfter), Leaf(FactId::ChildDied)]),
        },
    ];
    let combine = Any(vec![panel_part(), Leaf(5)]);
    let mut e = run_test(
        case,
        &specs,
        "1 and (2(i) or 2(ii)) and (3(a) or 3(b)), or 4",
        &combine,
        Wording {
            source: SOURCE_2018_NOTIFY,
            met: String::new(),
            not_met: "The local authority does not have to notify this incident: it is not a \
                      serious incident the Panel must be told of, nor the death of a \
                      looked-after child."
                .into(),
            undetermined: "Whether the local authority must notify the incident cannot be decided",
        },
    );
    let clause_value = |i: usize| e.clauses.get(i).and_then(|c| c.met);
    let panel = panel_part().eval(&clause_value);
    let looked_after_death = clause_value(5);
    if e.outcome == Outcome::Met {
        let mut said = Vec::new();
        if panel == Some(true) {
            said.push(
                "The local authority must notify the Child Safeguarding Practice Review Panel of \
                 this serious incident within 5 working days of becoming aware of it, through \
                 the child safeguarding incident notification (which also reaches Ofsted and the \
                 Department for Education), and tell the safeguarding partners.",
            );
        }
        if looked_after_death == Some(true) {
            said.push(
                "The local authority must notify the Secretary of State and Ofsted of the death \
                 of a looked-after child, whether or not abuse or neglect is known or suspected.",
            );
        }
        e.summary = said.join(" ");
        e.reasons.pop();
        e.reasons.push(e.summary.clone());
    }
    (e, panel)
}

fn evaluate_2018(case: &Case) -> Criteria {
    use Expr::{All, Any, Leaf};
    let specs = [
        ClauseSpec {
            id: "abuse_or_neglect",
            number: "1",
            text: "Abuse or neglect of a child is known or suspected.",
            facts: Leaf(FactId::AbuseOrNeglect),
        },
        ClauseSpec {
            id: "child_died",
            number: "2(i)",
            text: "The child has died.",
            facts: Leaf(FactId::ChildDied),
        },
        ClauseSpec {
            id: "seriously_harmed",
            number: "2(ii)",
            text: "The child has been seriously harmed.",
            facts: Leaf(FactId::SeriouslyHarmed),
        },
    ];
    let combine = All(vec![Leaf(0), Any(vec![Leaf(1), Leaf(2)])]);
    let alternative = "The safeguarding partners may still decide to carry out a local child \
                       safeguarding practice review or another form of review."
        .to_string();
    let review = run_test(
        case,
        &specs,
        "1 and (2(i) or 2(ii))",
        &combine,
        Wording {
            source: SOURCE_2018_CASE,
            met: "This is a serious child safeguarding case: it must be notified to the Child \
                  Safeguarding Practice Review Panel and considered in a rapid review."
                .into(),
            not_met: format!("This is not a serious child safeguarding case. {alternative}"),
            undetermined: "Whether this is a serious child safeguarding case cannot be decided",
        },
    );
    let (ofsted, notify_panel) = notification_2018(case);
    Criteria {
        regime: Regime::Wt2018,
        guidance: "Working Together to Safeguard Children 2018 (and 2023)",
        title: "Serious child safeguarding case",
        alternative_review: (review.outcome == Outcome::NotMet).then_some(alternative),
        notify_ofsted: ofsted.met,
        review,
        ofsted,
        notify_panel,
        decisions: Some(super::decisions::evaluate(case)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::CriteriaFacts;
    use Answer::{No, Unknown, Yes};

    /// Facts in the order: abuse_or_neglect, child_died, seriously_harmed,
    /// concern_about_working_together, died_in_custody.
    fn facts(a: Answer, died: Answer, harmed: Answer, concern: Answer, custody: Answer) -> Case {
        let mut c = Case::default();
        c.board.short_name = "Northbrook LSCB".into();
        c.referral.facts = CriteriaFacts {
            abuse_or_neglect: a,
            child_died: died,
            seriously_harmed: harmed,
            concern_about_working_together: concern,
            died_in_custody: custody,
            ..CriteriaFacts::default()
        };
        c
    }

    /// A 2018 case whose incident happened in the local authority's area.
    fn regime_2018(mut c: Case) -> Case {
        c.review.regime = Regime::Wt2018;
        c.referral.facts.harmed_in_area = Yes;
        c
    }

    fn statuses(e: &Evaluation) -> Vec<(&'static str, ClauseStatus)> {
        e.clauses.iter().map(|c| (c.number, c.status)).collect()
    }

    fn unknown_names(facts: &[Fact]) -> Vec<&'static str> {
        facts.iter().map(|f| f.name).collect()
    }

    #[test]
    fn wt2015_met_when_abuse_suspected_and_child_died() {
        let r = evaluate(&facts(Yes, Yes, No, No, No));
        assert_eq!(r.review.met, Some(true));
        assert_eq!(r.review.outcome, Outcome::Met);
        assert_eq!(
            statuses(&r.review),
            [
                ("1", ClauseStatus::Met),
                ("2(i)", ClauseStatus::Met),
                ("2(ii)", ClauseStatus::NotMet),
                ("3", ClauseStatus::NotMet)
            ]
        );
        // The reasons are the clauses that make it met, then the conclusion.
        assert_eq!(
            r.review.reasons,
            [
                "Abuse or neglect of the child is known or suspected.",
                "The child has died.",
                "The criteria for a Serious Case Review are met: a Serious Case Review must be \
                 initiated."
            ]
        );
        assert!(r.review.unknown_facts.is_empty());
        assert_eq!(r.alternative_review, None);
    }

    #[test]
    fn wt2015_met_when_seriously_harmed_with_concern_about_working_together() {
        let r = evaluate(&facts(Yes, No, Yes, Yes, No));
        assert_eq!(r.review.outcome, Outcome::Met);
        assert_eq!(r.review.clauses[2].status, ClauseStatus::Met);
        assert_eq!(
            r.review.reasons[1],
            "The child has been seriously harmed. There is cause for concern about the way the \
             authority, its partners or other relevant persons worked together to safeguard the \
             child."
        );
        assert!(!r.review.reasons.iter().any(|s| s.contains("has not died")));
    }

    #[test]
    fn wt2015_serious_harm_without_concern_about_working_together_is_not_met() {
        let r = evaluate(&facts(Yes, No, Yes, No, No));
        assert_eq!(r.review.met, Some(false));
        assert_eq!(r.review.outcome, Outcome::NotMet);
        assert_eq!(r.review.clauses[2].status, ClauseStatus::NotMet);
        assert!(
            r.review.clauses[2]
                .reason
                .contains("There is no cause for concern")
        );
        // The reasons say why each way in fails; clause 1 was met, so it is not a reason.
        assert!(
            r.review
                .reasons
                .contains(&"The child has not died.".to_string())
        );
        assert!(
            r.review
                .reasons
                .contains(&"The child did not die in custody or detention.".to_string())
        );
        assert!(
            !r.review
                .reasons
                .iter()
                .any(|s| s.starts_with("Abuse or neglect"))
        );
        let alt = r.alternative_review.as_deref().unwrap();
        assert_eq!(
            alt,
            "Northbrook LSCB may still decide to commission an alternative form of case review."
        );
        assert!(r.review.summary.contains(alt));
        assert_eq!(r.review.reasons.last(), Some(&r.review.summary));
    }

    #[test]
    fn wt2015_once_decided_the_outcome_agrees_with_the_decision() {
        let mut c = facts(Yes, Yes, No, No, No);
        let must = "The criteria for a Serious Case Review are met: a Serious Case Review must be initiated.";
        assert_eq!(evaluate(&c).review.summary, must);
        c.decision.chair_decision = Decided::Alternative;
        assert_eq!(
            evaluate(&c).review.summary,
            must,
            "no reasons: refused by the pack"
        );
        c.decision.decision_reasons = "A joint review covers the same events.".into();
        let r = evaluate(&c);
        assert_eq!(
            r.review.summary,
            "The criteria for a Serious Case Review are met, but the Independent Chair decided against one, for the reasons given with the decision."
        );
        assert_eq!(r.review.reasons.last(), Some(&r.review.summary));
        assert!(
            r.review
                .reasons
                .iter()
                .all(|s| !s.contains("must be initiated"))
        );
        c.decision.chair_decision = Decided::NoReview;
        assert_eq!(evaluate(&c).review.summary, r.review.summary);
        c.decision.chair_decision = Decided::Initiate;
        assert_eq!(evaluate(&c).review.summary, must);

        // Not met: "may still decide" only until the Chair has decided.
        let mut c = facts(No, Yes, No, No, No);
        assert!(evaluate(&c).review.summary.contains("may still decide"));
        c.decision.chair_decision = Decided::Alternative;
        let r = evaluate(&c);
        assert_eq!(
            r.review.summary,
            "The criteria for a Serious Case Review are not met."
        );
        assert_eq!(r.alternative_review, None);
    }

    #[test]
    fn wt2015_not_met_when_the_child_neither_died_nor_was_harmed() {
        let r = evaluate(&facts(Yes, No, No, Unknown, No));
        assert_eq!(r.review.outcome, Outcome::NotMet);
        // The unknown concern cannot matter once serious harm is ruled out.
        assert_eq!(r.review.clauses[2].status, ClauseStatus::NotMet);
        assert!(r.review.clauses[2].unknown_facts.is_empty());
        assert!(r.review.unknown_facts.is_empty());
    }

    #[test]
    fn wt2015_not_met_without_known_or_suspected_abuse_even_when_the_child_died() {
        let r = evaluate(&facts(No, Yes, Yes, Yes, No));
        assert_eq!(r.review.outcome, Outcome::NotMet);
        assert_eq!(r.review.clauses[0].status, ClauseStatus::NotMet);
        assert!(r.review.reasons.contains(
            &"Abuse or neglect of the child is neither known nor suspected.".to_string()
        ));
        assert!(r.alternative_review.is_some());
    }

    #[test]
    fn wt2015_death_in_custody_always_meets_the_criteria() {
        let mut c = facts(No, Yes, No, No, Yes);
        c.referral.facts.custody_setting = "Young Offender Institution".into();
        let r = evaluate(&c);
        assert_eq!(r.review.outcome, Outcome::Met);
        assert_eq!(r.review.clauses[3].status, ClauseStatus::Met);
        assert_eq!(
            r.review.reasons[0],
            "The child died in custody or detention (Young Offender Institution)."
        );
        assert_eq!(r.review.reasons.len(), 2);
        // Even with everything else unknown.
        let r = evaluate(&facts(Unknown, Yes, Unknown, Unknown, Yes));
        assert_eq!(r.review.outcome, Outcome::Met);
        assert!(r.review.unknown_facts.is_empty());
        assert_eq!(r.review.clauses[0].status, ClauseStatus::Unknown);
    }

    #[test]
    fn wt2015_unknown_abuse_leaves_the_outcome_undetermined_and_named() {
        let r = evaluate(&facts(Unknown, Yes, No, No, No));
        assert_eq!(r.review.met, None);
        assert_eq!(r.review.outcome, Outcome::Undetermined);
        assert_eq!(unknown_names(&r.review.unknown_facts), ["abuse_or_neglect"]);
        assert_eq!(
            r.review.unknown_facts[0].field,
            "referral.facts.abuse_or_neglect"
        );
        assert_eq!(
            r.review.summary,
            "Whether the criteria for a Serious Case Review are met cannot be decided until it \
             is known whether abuse or neglect of the child is known or suspected."
        );
        assert_eq!(r.alternative_review, None);
        assert!(
            r.review.reasons.contains(
                &"It is not yet known whether abuse or neglect of the child is known or suspected."
                    .to_string()
            )
        );
    }

    #[test]
    fn wt2015_unknown_facts_in_each_limb_are_all_named() {
        let r = evaluate(&facts(Yes, Unknown, Yes, Unknown, No));
        assert_eq!(r.review.outcome, Outcome::Undetermined);
        assert_eq!(
            unknown_names(&r.review.unknown_facts),
            ["child_died", "concern_about_working_together"]
        );
        assert!(
            r.review
                .summary
                .contains("whether the child has died and whether there is cause for concern")
        );
        assert_eq!(r.review.clauses[1].status, ClauseStatus::Unknown);
        assert_eq!(r.review.clauses[2].status, ClauseStatus::Unknown);
        assert_eq!(
            unknown_names(&r.review.clauses[2].unknown_facts),
            ["concern_about_working_together"]
        );
    }

    #[test]
    fn wt2015_only_the_facts_that_could_change_the_outcome_are_asked_for() {
        // Abuse is not suspected, so whether the child died cannot matter; custody can.
        let r = evaluate(&facts(No, Unknown, Unknown, Unknown, Unknown));
        assert_eq!(r.review.outcome, Outcome::Undetermined);
        assert_eq!(unknown_names(&r.review.unknown_facts), ["died_in_custody"]);
        // Everything unknown: every fact is asked for, once, in clause order.
        let r = evaluate(&Case::default());
        assert_eq!(r.review.outcome, Outcome::Undetermined);
        assert_eq!(
            unknown_names(&r.review.unknown_facts),
            [
                "abuse_or_neglect",
                "child_died",
                "seriously_harmed",
                "concern_about_working_together",
                "died_in_custody"
            ]
        );
        // A board with no name is "the board".
        let r = evaluate(&{
            let mut c = facts(No, No, No, No, No);
            c.board.short_name.clear();
            c
        });
        assert_eq!(
            r.alternative_review.as_deref(),
            Some("The board may still decide to commission an alternative form of case review.")
        );
    }

    fn with_ofsted(mut c: Case, lt: Answer, ssa: Answer, imp: Answer) -> Case {
        c.referral.facts.life_threatening_injury = lt;
        c.referral.facts.serious_sexual_abuse = ssa;
        c.referral.facts.permanent_impairment = imp;
        c
    }

    #[test]
    fn ofsted_notification_needs_abuse_and_one_of_the_four_harms() {
        let base = || facts(Yes, No, Yes, No, No);
        for (lt, ssa, imp) in [(Yes, No, No), (No, Yes, No), (No, No, Yes)] {
            let r = evaluate(&with_ofsted(base(), lt, ssa, imp));
            assert_eq!(r.notify_ofsted, Some(true), "{lt:?} {ssa:?} {imp:?}");
            assert_eq!(r.ofsted.outcome, Outcome::Met);
        }
        // Death alone (with abuse suspected) is enough.
        let r = evaluate(&with_ofsted(facts(Yes, Yes, No, No, No), No, No, No));
        assert_eq!(r.notify_ofsted, Some(true));
        assert_eq!(
            r.ofsted.reasons[0],
            "Abuse or neglect of the child is known or suspected."
        );
        assert_eq!(r.ofsted.reasons[1], "The child has died.");
        // Serious harm is not itself on the list.
        let r = evaluate(&with_ofsted(base(), No, No, No));
        assert_eq!(r.notify_ofsted, Some(false));
        assert_eq!(
            r.ofsted.summary,
            "The case does not have to be notified to Ofsted."
        );
        // Without abuse or neglect there is no notification, whatever the harm.
        let r = evaluate(&with_ofsted(facts(No, Yes, Yes, Yes, No), Yes, Yes, Yes));
        assert_eq!(r.notify_ofsted, Some(false));
        // An unknown harm, the others ruled out, leaves it open and says which.
        let r = evaluate(&with_ofsted(base(), Unknown, No, No));
        assert_eq!(r.notify_ofsted, None);
        assert_eq!(
            unknown_names(&r.ofsted.unknown_facts),
            ["life_threatening_injury"]
        );
        assert!(
            r.ofsted
                .summary
                .starts_with("Whether the case must be notified to Ofsted")
        );
        // One known harm settles it despite the unknown ones.
        let r = evaluate(&with_ofsted(base(), Unknown, Yes, Unknown));
        assert_eq!(r.notify_ofsted, Some(true));
        assert!(r.ofsted.unknown_facts.is_empty());
    }

    #[test]
    fn wt2018_serious_child_safeguarding_case_when_abuse_and_death_or_serious_harm() {
        let r = evaluate(&regime_2018(facts(Yes, Yes, No, No, No)));
        assert_eq!(r.regime, Regime::Wt2018);
        assert_eq!(r.review.clauses.len(), 3);
        assert_eq!(r.review.outcome, Outcome::Met);
        assert!(
            r.review
                .summary
                .starts_with("This is a serious child safeguarding case")
        );
        assert_eq!(r.notify_ofsted, Some(true));
        assert_eq!(r.notify_panel, Some(true));
        assert!(r.ofsted.summary.contains("Ofsted"));
        assert!(r.ofsted.summary.contains("within 5 working days"));
        assert_eq!(r.ofsted.reasons.last(), Some(&r.ofsted.summary));
        // Serious harm alone is enough: no concern about working together is needed.
        let r = evaluate(&regime_2018(facts(Yes, No, Yes, No, No)));
        assert_eq!(r.review.outcome, Outcome::Met);
        assert_eq!(
            statuses(&r.review),
            [
                ("1", ClauseStatus::Met),
                ("2(i)", ClauseStatus::NotMet),
                ("2(ii)", ClauseStatus::Met)
            ]
        );
    }

    #[test]
    fn wt2018_not_met_and_undetermined() {
        let r = evaluate(&regime_2018(facts(Yes, No, No, Yes, No)));
        assert_eq!(r.review.outcome, Outcome::NotMet);
        assert_eq!(r.notify_ofsted, Some(false));
        assert!(
            r.alternative_review
                .as_deref()
                .unwrap()
                .contains("safeguarding partners")
        );
        let r = evaluate(&regime_2018(facts(No, Yes, Yes, Yes, No)));
        assert_eq!(r.review.outcome, Outcome::NotMet);
        // Custody is not a separate clause of the 2018 definition.
        let r = evaluate(&regime_2018(facts(No, Yes, No, No, Yes)));
        assert_eq!(r.review.outcome, Outcome::NotMet);
        let r = evaluate(&regime_2018(facts(Unknown, Yes, No, No, No)));
        assert_eq!(r.review.outcome, Outcome::Undetermined);
        assert_eq!(r.notify_ofsted, None);
        assert_eq!(unknown_names(&r.review.unknown_facts), ["abuse_or_neglect"]);
        assert!(
            r.ofsted
                .summary
                .starts_with("Whether the local authority must notify the incident")
        );
        let r = evaluate(&regime_2018(facts(Yes, Unknown, Unknown, No, No)));
        assert_eq!(
            unknown_names(&r.review.unknown_facts),
            ["child_died", "seriously_harmed"]
        );
    }

    #[test]
    fn serialises_to_the_fields_templates_use() {
        let v = serde_json::to_value(evaluate(&facts(Yes, No, Yes, No, No))).unwrap();
        assert_eq!(v["met"], serde_json::json!(false));
        assert_eq!(v["outcome"], "not_met");
        assert_eq!(v["regime"], "2015");
        assert_eq!(v["rule"], "1 and (2(i) or 2(ii)), or 3");
        assert!(
            v["reasons"]
                .as_array()
                .unwrap()
                .iter()
                .all(|r| r.is_string())
        );
        assert_eq!(v["clauses"][2]["id"], "seriously_harmed_with_concern");
        assert_eq!(v["clauses"][2]["status"], "not_met");
        assert_eq!(v["clauses"][2]["met"], serde_json::json!(false));
        assert!(v["alternative_review"].is_string());
        assert_eq!(v["notify_ofsted"], serde_json::Value::Null);
        assert_eq!(v["ofsted"]["outcome"], "undetermined");
        assert_eq!(
            v["ofsted"]["unknown_facts"][0]["name"],
            "life_threatening_injury"
        );
        let v = serde_json::to_value(evaluate(&Case::default())).unwrap();
        assert_eq!(v["met"], serde_json::Value::Null);
        assert_eq!(v["clauses"][0]["status"], "unknown");
        assert_eq!(v["clauses"][0]["met"], serde_json::Value::Null);
        assert_eq!(
            v["unknown_facts"][1]["description"],
            "whether the child has died"
        );
    }

    #[test]
    fn wt2018_notification_needs_the_place_of_the_harm() {
        // Abuse suspected and the child died, but where is not recorded: the duty waits for it.
        let mut c = facts(Yes, Yes, No, No, No);
        c.review.regime = Regime::Wt2018;
        c.child.looked_after = No;
        let r = evaluate(&c);
        assert_eq!(r.review.outcome, Outcome::Met);
        assert_eq!(r.notify_panel, None);
        assert_eq!(r.ofsted.outcome, Outcome::Undetermined);
        assert_eq!(
            unknown_names(&r.ofsted.unknown_facts),
            [
                "harmed_in_area",
                "normally_resident_in_area",
                "harmed_outside_england"
            ]
        );
        assert_eq!(
            r.ofsted.rule,
            "1 and (2(i) or 2(ii)) and (3(a) or 3(b)), or 4"
        );
        assert!(r.ofsted.source.contains("section 16C(1)"));
        // Harmed outside England while normally resident in the area: notified.
        c.referral.facts.harmed_in_area = No;
        c.referral.facts.normally_resident_in_area = Yes;
        c.referral.facts.harmed_outside_england = Yes;
        let r = evaluate(&c);
        assert_eq!(r.notify_panel, Some(true));
        assert_eq!(r.ofsted.clauses[4].status, ClauseStatus::Met);
        assert!(
            r.ofsted
                .reasons
                .contains(&"The child died or was seriously harmed outside England.".to_string())
                || r.ofsted.clauses[4]
                    .reason
                    .contains("The child died or was seriously harmed outside England.")
        );
        // Harmed outside England but not resident here: another authority's duty.
        c.referral.facts.normally_resident_in_area = No;
        let r = evaluate(&c);
        assert_eq!(r.notify_panel, Some(false));
        assert_eq!(r.notify_ofsted, Some(false));
        assert!(
            r.ofsted
                .summary
                .starts_with("The local authority does not have to notify")
        );
    }

    #[test]
    fn wt2018_a_looked_after_childs_death_is_notified_whatever_is_suspected() {
        let mut c = facts(No, Yes, No, No, No);
        c.review.regime = Regime::Wt2018;
        c.referral.facts.harmed_in_area = Yes;
        c.child.looked_after = Yes;
        let r = evaluate(&c);
        // Not a serious child safeguarding case, and not for the Panel...
        assert_eq!(r.review.outcome, Outcome::NotMet);
        assert_eq!(r.notify_panel, Some(false));
        // ...but the death must still be notified to the Secretary of State and Ofsted.
        assert_eq!(r.notify_ofsted, Some(true));
        assert_eq!(r.ofsted.clauses[5].status, ClauseStatus::Met);
        assert_eq!(
            r.ofsted.summary,
            "The local authority must notify the Secretary of State and Ofsted of the death of a \
             looked-after child, whether or not abuse or neglect is known or suspected."
        );
        assert_eq!(
            r.ofsted.reasons,
            [
                "The child was looked after by a local authority. The child has died.",
                r.ofsted.summary.as_str()
            ]
        );
        // Abuse suspected as well: both duties, in one summary.
        c.referral.facts.abuse_or_neglect = Yes;
        let r = evaluate(&c);
        assert_eq!(r.notify_panel, Some(true));
        assert!(
            r.ofsted
                .summary
                .contains("Child Safeguarding Practice Review Panel")
        );
        assert!(r.ofsted.summary.contains("Secretary of State"));
        // Looked-after status unknown and no abuse: what to find out is named.
        c.referral.facts.abuse_or_neglect = No;
        c.child.looked_after = Unknown;
        let r = evaluate(&c);
        assert_eq!(r.notify_ofsted, None);
        assert_eq!(unknown_names(&r.ofsted.unknown_facts), ["looked_after"]);
        assert_eq!(r.ofsted.unknown_facts[0].field, "child.looked_after");
    }
}
