//! Checks on a case that serde cannot make: required fields, dates in a possible order,
//! duplicates, and pseudonyms that would not anonymise anything.

use super::model::*;
use crate::diagnostic::Diagnostic;
use crate::diagnostic::Location;
use chrono::NaiveDate;
use std::collections::HashMap;

/// Every problem with `case`, each located by JSON path. `today` decides what is "future".
pub fn validate(case: &Case, today: NaiveDate) -> Vec<Diagnostic> {
    let mut v = Validator {
        out: Vec::new(),
        today,
    };
    v.board(&case.board);
    v.review(&case.review);
    v.child(&case.child);
    v.family(case);
    v.agencies(&case.agencies);
    v.referral(case);
    v.decision(&case.decision);
    v.publication(case);
    v.rapid_review(case);
    v.out
        .extend(super::learning::validate_learning(case, today));
    v.out.extend(lengths(case));
    v.out
}

/// The longest name, id or pseudonym, in characters: a folder name, a salutation, a table
/// cell. Longer is a paste gone wrong.
pub(crate) const MAX_NAME_CHARS: usize = 150;

/// The longest text of any other field, in characters: under the 32,767 a spreadsheet cell
/// holds (the case workbook, the chronology and the trackers are spreadsheets).
pub(crate) const MAX_TEXT_CHARS: usize = 32_000;

/// Every value longer than its field may be, located, its value never shown.
fn lengths(case: &Case) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if let Ok(value) = serde_json::to_value(case) {
        walk_lengths(&value, "$", false, &mut out);
    }
    out
}

fn walk_lengths(value: &serde_json::Value, path: &str, name_like: bool, out: &mut Vec<Diagnostic>) {
    match value {
        serde_json::Value::String(s) => {
            let limit = if name_like {
                MAX_NAME_CHARS
            } else {
                MAX_TEXT_CHARS
            };
            let n = s.chars().count();
            if n > limit {
                let what = if name_like {
                    "a name or id"
                } else {
                    "this field"
                };
                out.push(
                    Diagnostic::error(
                        json_loc(path),
                        format!("the value is {n} characters long, more than the {limit} {what} may hold"),
                    )
                    .with_help("check that nothing was pasted here by mistake, and shorten it"),
                );
            }
        }
        serde_json::Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk_lengths(item, &format!("{path}[{i}]"), name_like, out);
            }
        }
        serde_json::Value::Object(map) => {
            for (key, item) in map {
                let name_like = key == "id"
                    || key.ends_with("_id")
                    || key.ends_with("name")
                    || key.ends_with("names")
                    || key == "pseudonym";
                walk_lengths(item, &format!("{path}.{key}"), name_like, out);
            }
        }
        _ => {}
    }
}

struct Validator {
    out: Vec<Diagnostic>,
    today: NaiveDate,
}

pub(super) fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

/// What the case's checkers share (this file's and the learning chain's): problems collected
/// at JSON paths, and the one wording of a missing field.
pub(super) trait Problems {
    /// Where the problems go.
    fn problems(&mut self) -> &mut Vec<Diagnostic>;

    fn error(&mut self, path: &str, msg: impl Into<String>, help: impl Into<String>) {
        self.problems()
            .push(Diagnostic::error(json_loc(path), msg).with_help(help));
    }

    fn warn(&mut self, path: &str, msg: impl Into<String>, help: impl Into<String>) {
        self.problems()
            .push(Diagnostic::warning(json_loc(path), msg).with_help(help));
    }

    fn required(&mut self, path: &str, value: &str, what: &str) {
        if blank(value) {
            self.error(
                path,
                format!("{what} is missing"),
                format!("fill in {what}"),
            );
        }
    }
}

impl Problems for Validator {
    fn problems(&mut self) -> &mut Vec<Diagnostic> {
        &mut self.out
    }
}

impl Validator {
    fn required_date(&mut self, path: &str, value: Option<NaiveDate>, what: &str) {
        if value.is_none() {
            self.error(
                path,
                format!("{what} is missing"),
                format!("fill in {what} (YYYY-MM-DD in JSON, dd/mm/yyyy in the workbook)"),
            );
        }
    }

    fn not_future(&mut self, path: &str, value: Option<NaiveDate>, what: &str) {
        if let Some(d) = value
            && d > self.today
        {
            let message = if identifying(path) {
                format!("{what} is in the future")
            } else {
                format!("{what} ({}) is in the future", d.format("%d/%m/%Y"))
            };
            self.error(
                path,
                message,
                "check the year and the order of day and month",
            );
        }
    }

    fn not_before(
        &mut self,
        path: &str,
        later: Option<NaiveDate>,
        earlier: Option<NaiveDate>,
        what: &str,
        other: &str,
    ) {
        if let (Some(l), Some(e)) = (later, earlier)
            && l < e
        {
            // A date of birth, death or incident identifies: the message names the fields only.
            let message = if identifying(path) || identifying(other) {
                format!("{what} is before {other}")
            } else {
                format!(
                    "{what} ({}) is before {other} ({})",
                    l.format("%d/%m/%Y"),
                    e.format("%d/%m/%Y")
                )
            };
            self.error(path, message, "one of the two dates is wrong: check both");
        }
    }

    fn email(&mut self, path: &str, value: &str) {
        let v = value.trim();
        if v.is_empty() {
            return;
        }
        let ok = v
            .split_once('@')
            .is_some_and(|(a, b)| !a.is_empty() && b.contains('.') && !b.starts_with('.'))
            && !v.contains(char::is_whitespace);
        if !ok {
            self.error(
                path,
                "not an e-mail address",
                "write it as name@organisation.gov.uk",
            );
        }
    }

    fn nhs_number(&mut self, path: &str, value: &str) {
        if blank(value) {
            return;
        }
        if !nhs_number_is_valid(value) {
            self.error(
                path,
                "not a valid NHS number (ten digits with a check digit)",
                "copy the number again from the record; spaces are allowed",
            );
        }
    }

    fn board(&mut self, b: &Board) {
        self.required("$.board.name", &b.name, "the board's name");
        self.email("$.board.secure_email", &b.secure_email);
        self.email("$.board.business_manager.email", &b.business_manager.email);
    }

    fn review(&mut self, r: &Review) {
        self.required("$.review.reference", &r.reference, "the review reference");
        self.required_date(
            "$.review.scope.from",
            r.scope.from,
            "the start of the scope period",
        );
        self.required_date(
            "$.review.scope.to",
            r.scope.to,
            "the end of the scope period",
        );
        self.not_before(
            "$.review.scope.to",
            r.scope.to,
            r.scope.from,
            "the scope period ends",
            "it starts",
        );
        if r.methodology == Methodology::Other && blank(&r.methodology_notes) {
            self.error(
                "$.review.methodology_notes",
                "the methodology is 'other' but not described",
                "describe the model in methodology_notes",
            );
        }
        let mismatch = match (r.kind, r.regime) {
            (ReviewKind::Scr, Regime::Wt2018) => Some("a Serious Case Review is a 2015 review"),
            (ReviewKind::Cspr | ReviewKind::RapidReview, Regime::Wt2015) => {
                Some("practice and rapid reviews belong to the 2018 regime")
            }
            _ => None,
        };
        if let Some(m) = mismatch {
            self.warn(
                "$.review.regime",
                format!("the kind of review and the regime do not match: {m}"),
                "check review.kind and review.regime",
            );
        }
        self.not_before(
            "$.review.completed_on",
            r.completed_on,
            r.initiated_on,
            "the review was completed",
            "it was initiated",
        );
        for (i, p) in r.panel.iter().enumerate() {
            self.required(
                &format!("$.review.panel[{i}].name"),
                &p.name,
                "the panel member's name",
            );
        }
        for (i, p) in r.reviewers.iter().enumerate() {
            self.required(
                &format!("$.review.reviewers[{i}].name"),
                &p.name,
                "the reviewer's name",
            );
        }
    }

    fn child(&mut self, c: &Child) {
        self.required(
            "$.child.first_name",
            &c.first_name,
            "the child's first name",
        );
        self.required("$.child.last_name", &c.last_name, "the child's last name");
        self.required("$.child.pseudonym", &c.pseudonym, "the child's pseudonym");
        self.required_date(
            "$.child.date_of_birth",
            c.date_of_birth,
            "the child's date of birth",
        );
        self.not_future(
            "$.child.date_of_birth",
            c.date_of_birth,
            "the date of birth",
        );
        self.not_future(
            "$.child.date_of_death",
            c.date_of_death,
            "the date of death",
        );
        self.not_future(
            "$.child.date_of_incident",
            c.date_of_incident,
            "the date of the incident",
        );
        self.not_before(
            "$.child.date_of_death",
            c.date_of_death,
            c.date_of_birth,
            "the date of death",
            "the date of birth",
        );
        self.not_before(
            "$.child.date_of_incident",
            c.date_of_incident,
            c.date_of_birth,
            "the date of the incident",
            "the date of birth",
        );
        self.nhs_number("$.child.nhs_number", &c.nhs_number);
        self.postcode("$.child.address.postcode", &c.address.postcode);
        self.pseudonym_hides(
            "$.child.pseudonym",
            &c.pseudonym,
            &c.first_name,
            &c.last_name,
            &c.other_names,
        );
    }

    fn postcode(&mut self, path: &str, value: &str) {
        if !blank(value) && !postcode_is_plausible(value) {
            self.warn(
                path,
                "does not look like a UK postcode",
                "check it: a postcode is like NB4 7QT",
            );
        }
    }

    fn pseudonym_hides(
        &mut self,
        path: &str,
        pseudonym: &str,
        first: &str,
        last: &str,
        others: &[String],
    ) {
        let p = pseudonym.trim().to_lowercase();
        if p.is_empty() {
            return;
        }
        let full = format!("{} {}", first.trim(), last.trim()).to_lowercase();
        let names = [
            first.trim().to_lowercase(),
            last.trim().to_lowercase(),
            full,
        ];
        let hit = names
            .iter()
            .chain(
                others
                    .iter()
                    .map(|o| o.trim().to_lowercase())
                    .collect::<Vec<_>>()
                    .iter(),
            )
            .any(|n| !n.is_empty() && (*n == p || p.split_whitespace().any(|w| w == n)));
        if hit {
            self.error(
                path,
                "the pseudonym contains the person's real name, so it anonymises nothing",
                "use a name such as \"Child A\", \"Mother\" or \"Sibling 1\"",
            );
        }
    }

    fn family(&mut self, case: &Case) {
        let mut seen: HashMap<String, String> = HashMap::new();
        if !blank(&case.child.pseudonym) {
            seen.insert(
                case.child.pseudonym.trim().to_lowercase(),
                "$.child.pseudonym".into(),
            );
        }
        for (i, m) in case.family.iter().enumerate() {
            let at = |f: &str| format!("$.family[{i}].{f}");
            if blank(&m.first_name) && blank(&m.last_name) {
                self.error(
                    &at("first_name"),
                    "the family member has no name",
                    "fill in first_name and last_name",
                );
            }
            self.required(
                &at("pseudonym"),
                &m.pseudonym,
                "the family member's pseudonym",
            );
            self.required(
                &at("relationship"),
                &m.relationship,
                "the relationship to the child",
            );
            self.not_future(&at("date_of_birth"), m.date_of_birth, "the date of birth");
            self.nhs_number(&at("nhs_number"), &m.nhs_number);
            self.postcode(&at("address.postcode"), &m.address.postcode);
            self.email(&at("email"), &m.email);
            if !blank(&m.ni_number) && !ni_number_is_plausible(&m.ni_number) {
                self.error(
                    &at("ni_number"),
                    "not a National Insurance number",
                    "it has two letters, six digits and a letter A-D, e.g. QQ 12 34 56 C",
                );
            }
            self.pseudonym_hides(
                &at("pseudonym"),
                &m.pseudonym,
                &m.first_name,
                &m.last_name,
                &m.other_names,
            );
            let key = m.pseudonym.trim().to_lowercase();
            if !key.is_empty() {
                if let Some(first) = seen.get(&key) {
                    let msg = format!("the pseudonym is already used at {first}");
                    self.error(
                        &at("pseudonym"),
                        msg,
                        "give each person a different pseudonym",
                    );
                } else {
                    seen.insert(key, at("pseudonym"));
                }
            }
        }
    }

    fn agencies(&mut self, agencies: &[Agency]) {
        if agencies.is_empty() {
            self.error(
                "$.agencies",
                "no agencies are listed",
                "list every agency involved with the child and family",
            );
        }
        let mut ids: HashMap<&str, usize> = HashMap::new();
        let mut names: HashMap<String, usize> = HashMap::new();
        for (i, a) in agencies.iter().enumerate() {
            let at = |f: &str| format!("$.agencies[{i}].{f}");
            self.required(&at("name"), &a.name, "the agency's name");
            // Two agencies of one name cannot be told apart in letters or folders.
            let key = a
                .name
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase();
            if let Some(&first) = names.get(&key).filter(|_| !key.is_empty()) {
                self.error(
                    &at("name"),
                    format!("this agency has the same name as agencies[{first}]"),
                    "give each agency its own name, e.g. add the service or the area",
                );
            } else {
                names.insert(key, i);
            }
            if blank(&a.id) {
                self.error(
                    &at("id"),
                    "the agency id is missing",
                    "give a short id such as \"police\"",
                );
            } else {
                let safe = crate::output::safe_file_name(&a.id);
                if safe != a.id {
                    self.error(
                        &at("id"),
                        "an agency id may use only lower-case letters, digits, - and _",
                        format!("use \"{safe}\""),
                    );
                }
                if let Some(first) = ids.insert(a.id.as_str(), i) {
                    self.error(
                        &at("id"),
                        format!(
                            "agency id \"{}\" is already used by agencies[{first}]",
                            a.id
                        ),
                        "give each agency its own id",
                    );
                }
            }
            self.email(&at("contact.email"), &a.contact.email);
            // Every agency is sent a pack (the request for information at least), by secure
            // e-mail unless the case says how else it goes.
            if blank(&a.contact.email) && blank(&a.delivery) {
                self.error(
                    &at("contact.email"),
                    format!(
                        "{} is to be sent a pack but has no secure e-mail address",
                        if blank(&a.name) { "this agency" } else { a.name.as_str() }
                    ),
                    "give the contact's secure e-mail address, or say how the pack is delivered instead in the agency's \"delivery\" (e.g. \"by hand\")",
                );
            }
            self.email(
                &at("board_representative.email"),
                &a.board_representative.email,
            );
        }
    }

    fn referral(&mut self, case: &Case) {
        let r = &case.referral;
        self.required_date(
            "$.referral.received_on",
            r.received_on,
            "the date the referral was received",
        );
        self.not_future("$.referral.received_on", r.received_on, "the date received");
        self.not_before(
            "$.referral.received_on",
            r.received_on,
            r.made_on,
            "the referral was received",
            "it was made",
        );
        let f = &r.facts;
        if case.child.date_of_death.is_some() && f.child_died == Answer::No {
            self.error(
                "$.referral.facts.child_died",
                "the child has a date of death but child_died says no",
                "correct one of them",
            );
        }
        if f.child_died == Answer::Yes && case.child.date_of_death.is_none() {
            self.warn(
                "$.child.date_of_death",
                "the child died but no date of death is given",
                "fill in the date of death; the timeline and documents need it",
            );
        }
        if f.died_in_custody == Answer::Yes && f.child_died == Answer::No {
            self.error(
                "$.referral.facts.died_in_custody",
                "died_in_custody is yes but child_died is no",
                "correct one of them",
            );
        }
        if f.died_in_custody == Answer::Yes && blank(&f.custody_setting) {
            self.warn(
                "$.referral.facts.custody_setting",
                "the child died in custody but the setting is not given",
                "say where, e.g. \"Young Offender Institution\"",
            );
        }
        for (i, k) in r.key_dates.iter().enumerate() {
            self.required_date(
                &format!("$.referral.key_dates[{i}].date"),
                k.date,
                "the date",
            );
            self.required(
                &format!("$.referral.key_dates[{i}].event"),
                &k.event,
                "what happened",
            );
        }
        if case.review.regime == Regime::Wt2018 {
            self.not_before(
                "$.referral.notified_on",
                r.notified_on,
                r.incident_known_on,
                "the notification",
                "the incident became known",
            );
        }
    }

    fn decision(&mut self, d: &Decision) {
        if d.recommendation != Outcome::Pending && d.recommended_on.is_none() {
            self.error(
                "$.decision.recommended_on",
                "a recommendation is recorded without its date",
                "fill in recommended_on",
            );
        }
        if d.chair_decision != Outcome::Pending && d.decided_on.is_none() {
            self.error(
                "$.decision.decided_on",
                "a decision is recorded without its date",
                "fill in decided_on",
            );
        }
        if d.chair_decision == Outcome::Pending && d.decided_on.is_some() {
            self.error(
                "$.decision.chair_decision",
                "a decision date is given but the decision is pending",
                "record the Chair's decision",
            );
        }
        self.not_before(
            "$.decision.decided_on",
            d.decided_on,
            d.recommended_on,
            "the Chair's decision",
            "the panel's recommendation",
        );
        self.not_before(
            "$.decision.recommended_on",
            d.recommended_on,
            d.panel_considered_on,
            "the recommendation",
            "the panel considered the case",
        );
        for (i, n) in d.notifications.iter().enumerate() {
            self.not_before(
                &format!("$.decision.notifications[{i}].sent_on"),
                n.sent_on,
                d.decided_on,
                "the notification",
                "the decision",
            );
        }
    }

    fn publication(&mut self, case: &Case) {
        let p = &case.publication;
        self.not_before(
            "$.publication.published_on",
            p.published_on,
            p.sent_to_national_panel_on,
            "publication",
            "the report was sent to the National Panel",
        );
        self.not_before(
            "$.publication.removed_on",
            p.removed_on,
            p.published_on,
            "removal from the website",
            "publication",
        );
    }
}

impl Validator {
    /// The rapid review's own dates and plan (2018 regime): steps in order, nothing dated in
    /// the future, every sign-off naming its partner.
    fn rapid_review(&mut self, case: &Case) {
        let rr = &case.rapid_review;
        let notified = case.referral.notified_on;
        for (path, date, what) in [
            ("letters_sent_on", rr.letters_sent_on, "the letters"),
            (
                "summaries_received_on",
                rr.summaries_received_on,
                "the last summary",
            ),
            ("meeting_on", rr.meeting_on, "the meeting"),
            ("report_drafted_on", rr.report_drafted_on, "the report"),
            ("signed_off_on", rr.signed_off_on, "the sign-off"),
        ] {
            let at = format!("$.rapid_review.{path}");
            self.not_future(&at, date, what);
            self.not_before(&at, date, notified, what, "the notification");
        }
        let p = &rr.plan;
        let steps = [
            ("letters", "the letters", p.letters),
            ("summaries_due", "the summaries due", p.summaries_due),
            ("meeting", "the meeting", p.meeting),
            ("report", "the report", p.report),
            ("sign_off", "the sign-off", p.sign_off),
            ("sent", "sending to the Panel", p.sent),
        ];
        let mut last: Option<(&str, u32)> = None;
        for (field, name, day) in steps {
            let Some(day) = day else { continue };
            if let Some((before, d)) = last
                && day < d
            {
                self.error(
                    &format!("$.rapid_review.plan.{field}"),
                    format!("the plan puts {name} on working day {day}, before {before} (day {d})"),
                    "put the steps in order: letters, summaries due, meeting, report, sign-off, sent",
                );
            }
            last = Some((name, day));
        }
        for (i, s) in rr.sign_off.iter().enumerate() {
            self.required(
                &format!("$.rapid_review.sign_off[{i}].partner"),
                &s.partner,
                "the safeguarding partner",
            );
            self.not_future(
                &format!("$.rapid_review.sign_off[{i}].signed_on"),
                s.signed_on,
                "the sign-off",
            );
        }
        self.not_before(
            "$.rapid_review.panel_response.received_on",
            rr.panel_response.received_on,
            case.referral.rapid_review_completed_on,
            "the Panel's response",
            "the rapid review was sent",
        );
    }
}

/// True when `s` is ten digits (spaces allowed) whose last is the NHS modulus 11 check digit.
pub fn nhs_number_is_valid(s: &str) -> bool {
    let digits: Vec<u32> = s
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_digit(10))
        .collect::<Option<Vec<u32>>>()
        .unwrap_or_default();
    if digits.len() != 10 {
        return false;
    }
    let sum: u32 = digits[..9]
        .iter()
        .enumerate()
        .map(|(i, d)| d * (10 - i as u32))
        .sum();
    let check = 11 - (sum % 11);
    let check = if check == 11 { 0 } else { check };
    check != 10 && check == digits[9]
}

/// True when `s` has the shape of a National Insurance number (spaces allowed).
pub fn ni_number_is_plausible(s: &str) -> bool {
    let c: Vec<char> = s
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    c.len() == 9
        && c[..2].iter().all(|x| x.is_ascii_alphabetic())
        && c[2..8].iter().all(|x| x.is_ascii_digit())
        && ('A'..='D').contains(&c[8])
}

/// True when `s` has the shape of a UK postcode, with or without its space.
pub fn postcode_is_plausible(s: &str) -> bool {
    let c: String = s
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let n = c.len();
    if !(5..=7).contains(&n) || !c.is_ascii() {
        return false;
    }
    let (outward, inward) = c.split_at(n - 3);
    let ib = inward.as_bytes();
    let ob = outward.as_bytes();
    ib[0].is_ascii_digit()
        && ib[1].is_ascii_alphabetic()
        && ib[2].is_ascii_alphabetic()
        && ob[0].is_ascii_alphabetic()
        && ob.iter().all(|b| b.is_ascii_alphanumeric())
        && ob.iter().any(|b| b.is_ascii_digit())
}

/// A location for a JSON path such as `$.child.first_name`.
pub fn json_loc(path: &str) -> Location {
    Location::Json {
        path: path.to_string(),
    }
}

/// True for a field (by path or words) whose value identifies the child or family: its value
/// never goes into a message.
fn identifying(field: &str) -> bool {
    ["birth", "death", "incident"]
        .iter()
        .any(|w| field.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nhs_check_digit() {
        assert!(nhs_number_is_valid("943 476 5919"));
        assert!(nhs_number_is_valid("9434765919"));
        assert!(!nhs_number_is_valid("9434765918"));
        assert!(!nhs_number_is_valid("943476591"));
        assert!(!nhs_number_is_valid("94347659x9"));
    }

    #[test]
    fn postcodes_and_ni_numbers() {
        for ok in ["NB4 7QT", "nb47qt", "M1 1AE", "EC1A 1BB", "W1A 0AX"] {
            assert!(postcode_is_plausible(ok), "{ok}");
        }
        for bad in ["NB4", "12345", "NB4 7Q1", "ABCDEF"] {
            assert!(!postcode_is_plausible(bad), "{bad}");
        }
        assert!(ni_number_is_plausible("QQ 12 34 56 C"));
        assert!(!ni_number_is_plausible("QQ123456E"));
    }

    #[test]
    fn date_messages_never_print_an_identifying_date() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd);
        let mut c = Case::default();
        c.child.date_of_birth = d(2013, 3, 2);
        c.child.date_of_death = d(2012, 2, 14);
        c.child.date_of_incident = d(2030, 1, 1);
        c.family.push(crate::case::FamilyMember {
            date_of_birth: d(2031, 7, 19),
            ..Default::default()
        });
        let today = NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
        let all: Vec<String> = validate(&c, today)
            .iter()
            .map(|x| x.message.clone())
            .collect();
        assert!(
            all.iter()
                .any(|m| m == "the date of death is before the date of birth"),
            "{all:#?}"
        );
        assert!(
            all.iter()
                .any(|m| m == "the date of birth is in the future")
        );
        for m in &all {
            for shown in ["2013", "2012", "2030", "2031", "/03/", "/02/"] {
                assert!(!m.contains(shown), "{m}");
            }
        }
    }
}
