//! Writes the fictional returns of the rapid review sample: the agency summaries in
//! `samples/rapid-review/summaries/` and the chronologies in
//! `samples/rapid-review/chronologies/`, each made from the workbook scrkit sends.
//!
//! Run `cargo run --example rapid_review_samples` to regenerate them; `tests/summary.rs`
//! checks the committed files match. Every person and event is invented; entries use the
//! case's pseudonyms, never names. The GP practice's summary has not arrived.

use chrono::NaiveDate;
use scrkit::case::Case;
use scrkit::chronology::{Entry, EntryDate};
use scrkit::summary::{Row, Section};
use std::path::Path;

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%d/%m/%Y").expect("sample dates are valid")
}

/// One summary item: section, date ("" for none), end date, role, summary, analysis.
fn item(section: Section, d: &str, end: &str, role: &str, summary: &str, analysis: &str) -> Row {
    Row {
        section,
        date: (!d.is_empty()).then(|| EntryDate::exact(date(d))),
        end_date: (!end.is_empty()).then(|| date(end)),
        subject: "Child B".into(),
        role: role.into(),
        summary: summary.into(),
        analysis: analysis.into(),
        row: 0,
    }
}

fn summaries() -> Vec<(&'static str, Vec<Row>)> {
    use Section::*;
    vec![
        (
            "csc",
            vec![
                item(
                    Involvement,
                    "22/07/2024",
                    "11/12/2024",
                    "Social worker",
                    "Received the police notification of the domestic incident, assessed the family and supported them under a child in need plan from August 2024.",
                    "",
                ),
                item(
                    KeyPracticeEpisode,
                    "27/08/2024",
                    "",
                    "Social worker",
                    "The child and family assessment recorded the mother's partner as a visitor and did not assess him.",
                    "The assessment relied on the mother's account; the partner's police history was not sought.",
                ),
                item(
                    ImmediateAction,
                    "11/12/2024",
                    "",
                    "Team manager",
                    "Strategy meeting held; Child B and his half-sister placed with their maternal aunt under a safety plan.",
                    "",
                ),
                item(
                    EarlyLearning,
                    "",
                    "",
                    "",
                    "Assessments after a domestic incident must see and assess every adult in the household.",
                    "",
                ),
            ],
        ),
        (
            "police",
            vec![
                item(
                    Involvement,
                    "19/07/2024",
                    "",
                    "Response officer",
                    "Attended a domestic incident at the family home and sent a notification to Children's Services; leads the investigation of Child B's injuries.",
                    "",
                ),
                item(
                    KeyPracticeEpisode,
                    "19/07/2024",
                    "",
                    "Response officer",
                    "The notification described the incident but did not say that a baby lived at the address.",
                    "The risk assessment form does not prompt officers to record children in the home.",
                ),
                item(
                    ImmediateAction,
                    "11/12/2024",
                    "",
                    "Detective sergeant",
                    "The mother's partner was arrested and bailed not to contact the children.",
                    "",
                ),
                item(
                    EarlyLearning,
                    "",
                    "",
                    "",
                    "Domestic abuse notifications should name every child and adult in the household.",
                    "",
                ),
            ],
        ),
        (
            "hospital",
            vec![
                item(
                    Involvement,
                    "05/03/2024",
                    "10/12/2024",
                    "Midwife",
                    "Maternity care, an emergency department attendance in October 2024 and the admission of 10 December 2024.",
                    "",
                ),
                item(
                    KeyPracticeEpisode,
                    "14/10/2024",
                    "",
                    "Emergency department doctor",
                    "A bruise to the cheek of a non-mobile nine-month-old was accepted as accidental and not referred.",
                    "The bruising protocol for non-mobile babies was not followed; the department was busy and the protocol was not prompted by the record.",
                ),
                item(
                    ImmediateAction,
                    "16/12/2024",
                    "",
                    "Named nurse",
                    "Emergency department staff reminded of the bruising protocol; the record now prompts it for babies under one.",
                    "",
                ),
                item(
                    EarlyLearning,
                    "",
                    "",
                    "",
                    "Any bruise to a non-mobile baby needs a referral, whatever the explanation.",
                    "",
                ),
            ],
        ),
        (
            "health-visiting",
            vec![
                item(
                    Involvement,
                    "20/01/2024",
                    "30/09/2024",
                    "Health visitor",
                    "Antenatal contact, new birth visit, then two missed development checks.",
                    "",
                ),
                item(
                    KeyPracticeEpisode,
                    "12/09/2024",
                    "",
                    "Health visitor",
                    "The second missed check was not followed up or shared with the GP or the social worker.",
                    "The service's was-not-brought procedure was not applied because the family was open to Children's Services.",
                ),
                item(
                    ImmediateAction,
                    "18/12/2024",
                    "",
                    "Safeguarding lead",
                    "Was-not-brought procedure reissued; missed checks for children with a social worker now shared the same day.",
                    "",
                ),
                item(
                    EarlyLearning,
                    "",
                    "",
                    "",
                    "A child known to Children's Services who misses a check needs more follow-up, not less.",
                    "",
                ),
            ],
        ),
    ]
}

fn entry(d: &str, role: &str, event: &str, outcome: &str) -> Entry {
    Entry {
        date: EntryDate::exact(date(d)),
        time: None,
        end_date: None,
        reference: String::new(),
        agency: String::new(),
        source: String::new(),
        practitioner_role: role.into(),
        subject: "Child B".into(),
        event: event.into(),
        outcome: outcome.into(),
        comment: String::new(),
        extra: Vec::new(),
        row: 0,
    }
}

fn chronologies() -> Vec<(&'static str, Vec<Entry>)> {
    vec![
        (
            "csc",
            vec![
                entry(
                    "22/07/2024",
                    "Duty social worker",
                    "Police notification of a domestic incident at the family home received.",
                    "Child and family assessment opened.",
                ),
                entry(
                    "27/08/2024",
                    "Social worker",
                    "Child and family assessment completed.",
                    "Child in need plan agreed.",
                ),
                entry(
                    "11/12/2024",
                    "Team manager",
                    "Strategy meeting after Child B's admission.",
                    "Section 47 enquiry; Child B placed with his maternal aunt.",
                ),
            ],
        ),
        (
            "police",
            vec![
                entry(
                    "19/07/2024",
                    "Response officer",
                    "Attended a report of shouting at the family home; Mother had a bruised arm.",
                    "Domestic abuse notification sent to Children's Services.",
                ),
                entry(
                    "11/12/2024",
                    "Detective sergeant",
                    "Strategy meeting; investigation of Child B's injuries opened.",
                    "Mother's partner arrested and bailed.",
                ),
            ],
        ),
        (
            "hospital",
            vec![
                entry(
                    "05/03/2024",
                    "Midwife",
                    "Child B born at term.",
                    "Discharged home with Mother.",
                ),
                entry(
                    "14/10/2024",
                    "Emergency department doctor",
                    "Child B brought with a bruise to his cheek; Mother said he had rolled against a toy.",
                    "Discharged; no referral.",
                ),
                entry(
                    "10/12/2024",
                    "Paediatric registrar",
                    "Child B admitted with a fractured femur; skeletal survey found older rib fractures.",
                    "Referred to Children's Services and the police.",
                ),
            ],
        ),
        (
            "health-visiting",
            vec![
                entry(
                    "20/01/2024",
                    "Health visitor",
                    "Antenatal contact with Mother.",
                    "Universal service offered.",
                ),
                entry(
                    "14/03/2024",
                    "Health visitor",
                    "New birth visit.",
                    "Universal service.",
                ),
                entry(
                    "12/09/2024",
                    "Health visitor",
                    "Child B not brought to his development check for the second time.",
                    "Letter sent to Mother.",
                ),
            ],
        ),
    ]
}

/// Every sample file: its path under `samples/rapid-review/` and its bytes.
pub(crate) fn files(case: &Case) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for (id, rows) in summaries() {
        let bytes = scrkit::summary::workbook::filled(case, id, &rows).expect("summary builds");
        out.push((format!("summaries/{id}.xlsx"), bytes));
    }
    for (id, entries) in chronologies() {
        let bytes =
            scrkit::chronology::workbook::filled(case, id, &entries).expect("chronology builds");
        out.push((format!("chronologies/{id}.xlsx"), bytes));
    }
    out
}

/// The sample case.
pub(crate) fn sample_case(root: &Path) -> Case {
    scrkit::case::load(&root.join("samples/rapid-review/case.json"))
        .case
        .expect("the rapid review sample loads")
}

#[allow(dead_code)]
fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let case = sample_case(root);
    let dir = scrkit::output::OutputDir::create(
        &root.join("samples/rapid-review"),
        scrkit::output::WritePolicy::new(true, []),
    )
    .expect("samples/rapid-review can be opened");
    for (name, bytes) in files(&case) {
        let p = dir.write(Path::new(&name), &bytes).expect("sample written");
        println!("wrote {}", p.display());
    }
}
