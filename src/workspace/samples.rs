//! The fictional sample reviews, compiled in so a fresh workspace can show something real.

use chrono::NaiveDate;

pub(super) const SCR_NAME: &str = "northbrook-child-a";
pub(super) const RAPID_NAME: &str = "northbrook-child-b-rapid-review";
pub(super) const CASE: &[u8] = include_bytes!("../../samples/case.json");
pub(super) const RETURNS: &[(&str, &[u8])] = &[
    (
        "police.xlsx",
        include_bytes!("../../samples/returns/police.xlsx"),
    ),
    ("csc.xlsx", include_bytes!("../../samples/returns/csc.xlsx")),
    (
        "health-visiting.xlsx",
        include_bytes!("../../samples/returns/health-visiting.xlsx"),
    ),
    (
        "hospital.csv",
        include_bytes!("../../samples/returns/hospital.csv"),
    ),
    (
        "school.docx",
        include_bytes!("../../samples/returns/school.docx"),
    ),
];

/// The sample case as a 2018-regime rapid review whose incident was ten days before
/// `today`, so its working-day deadlines are running.
pub(super) fn rapid_review(today: NaiveDate) -> Vec<u8> {
    let mut v: serde_json::Value = serde_json::from_slice(CASE).unwrap_or_default();
    let day = |n: i64| (today - chrono::Duration::days(n)).to_string();
    v["review"]["reference"] = format!("RR-{}-07", today.format("%Y")).into();
    v["review"]["kind"] = "rapid_review".into();
    v["review"]["regime"] = "2018".into();
    v["review"]["initiated_on"] = serde_json::Value::Null;
    v["review"]["completed_on"] = serde_json::Value::Null;
    v["review"]["scope"]["from"] = day(400).into();
    v["review"]["scope"]["to"] = day(12).into();
    v["child"]["pseudonym"] = "Child B".into();
    v["child"]["date_of_death"] = serde_json::Value::Null;
    v["child"]["date_of_incident"] = day(12).into();
    v["referral"]["made_on"] = day(11).into();
    v["referral"]["received_on"] = day(11).into();
    v["referral"]["incident_known_on"] = day(12).into();
    v["referral"]["notified_on"] = day(9).into();
    v["referral"]["key_dates"] = serde_json::json!([]);
    v["referral"]["facts"]["child_died"] = "no".into();
    v["referral"]["facts"]["seriously_harmed"] = "yes".into();
    v["decision"] = serde_json::json!({});
    v["publication"] = serde_json::json!({});
    // Its learning (key episodes, actions) belongs to the other review.
    if let Some(o) = v.as_object_mut() {
        o.remove("learning");
    }
    serde_json::to_vec_pretty(&v).unwrap_or_default()
}
