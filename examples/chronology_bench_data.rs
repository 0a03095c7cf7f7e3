//! Writes the benchmark's returns: 20 agencies' chronology workbooks of 5,000 rows each
//! (fictional, generated), so that `cargo bench --bench chronology` and the peer script
//! `scripts/bench-chronology-pandas` time the same files.
//!
//! `cargo run --release --example chronology_bench_data -- DIR [RETURNS] [ROWS]`

use chrono::{Duration, NaiveDate, NaiveTime};
use rust_xlsxwriter::{Format, Workbook};
use std::path::{Path, PathBuf};

/// Events an agency might record, combined with a number so rows differ.
const EVENTS: [&str; 12] = [
    "Home visit: Child A seen and spoken to alone; home conditions recorded",
    "Telephone call from Mother asking for help with housing repairs",
    "Missed appointment at the clinic; letter sent offering another date",
    "Strategy discussion about a domestic incident at the family home",
    "School reported Sibling 1 arrived late and hungry on three days",
    "Police attended a report of shouting at the address; no arrests",
    "Child in need review meeting held with partner agencies",
    "Emergency department attendance: minor injury, explanation consistent",
    "Health visitor developmental review; speech delay noted",
    "Referral received from a neighbour worried about the children",
    "Supervision discussion of the case with the team manager",
    "Letter to Mother confirming the outcome of the assessment",
];

const ROLES: [&str; 6] = [
    "Social worker",
    "Health visitor",
    "Police constable",
    "Designated safeguarding lead",
    "Emergency department nurse",
    "Housing officer",
];

const SUBJECTS: [&str; 5] = [
    "Child A",
    "Mother",
    "Mother's partner",
    "Sibling 1",
    "Family",
];

/// Writes `returns` workbooks of `rows` rows into `dir`; returns their paths.
pub(crate) fn write_returns(dir: &Path, returns: usize, rows: usize) -> Vec<PathBuf> {
    scrkit::output::create_private_dir(dir).expect("the benchmark folder can be made");
    let start = NaiveDate::from_ymd_opt(2015, 3, 1).expect("valid");
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let time = Format::new().set_num_format("hh:mm");
    let headers = [
        "Ref",
        "Date",
        "Time",
        "Date certainty",
        "Agency",
        "Source",
        "Practitioner role",
        "Subject",
        "Event / contact",
        "Action taken / outcome",
        "Agency comment",
    ];
    let mut paths = Vec::new();
    for a in 0..returns {
        let agency = format!("Agency {:02}", a + 1);
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name("Chronology").expect("name");
        for (c, h) in headers.iter().enumerate() {
            ws.write_string(0, c as u16, *h).expect("write");
        }
        for i in 0..rows {
            let r = i as u32 + 1;
            // Spread over the scope (351 days), several entries a day, in no order.
            let day = (i * 7919 + a * 31) % 351;
            let d = start + Duration::days(day as i64);
            ws.write_number(r, 0, (i + 1) as f64).expect("write");
            ws.write_datetime_with_format(r, 1, d, &date)
                .expect("write");
            if i % 3 != 0 {
                let t = NaiveTime::from_hms_opt(8 + (i % 10) as u32, (i * 7 % 60) as u32, 0)
                    .expect("valid");
                ws.write_datetime_with_format(r, 2, t, &time)
                    .expect("write");
            }
            if i % 17 == 0 {
                ws.write_string(r, 3, "Approximate").expect("write");
            }
            ws.write_string(r, 4, &agency).expect("write");
            ws.write_string(r, 5, "Case record").expect("write");
            ws.write_string(r, 6, ROLES[(i + a) % ROLES.len()])
                .expect("write");
            ws.write_string(r, 7, SUBJECTS[i % SUBJECTS.len()])
                .expect("write");
            let event = format!(
                "{} (entry {} of {agency}).",
                EVENTS[(i * 5 + a) % EVENTS.len()],
                i + 1
            );
            ws.write_string(r, 8, &event).expect("write");
            ws.write_string(r, 9, "Recorded; no further action at this point.")
                .expect("write");
            if i % 4 == 0 {
                ws.write_string(r, 10, "Good practice: the child's views were recorded.")
                    .expect("write");
            }
        }
        let p = dir.join(format!("agency-{:02}.xlsx", a + 1));
        let bytes = wb.save_to_buffer().expect("the workbook builds");
        scrkit::output::write_file(&p, &bytes, &scrkit::output::WritePolicy::new(true, []))
            .expect("the workbook is written");
        paths.push(p);
    }
    paths
}

#[allow(dead_code)]
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = PathBuf::from(
        args.get(1)
            .map(String::as_str)
            .unwrap_or("target/bench-chronology"),
    );
    let returns = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(20);
    let rows = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(5000);
    for p in write_returns(&dir, returns, rows) {
        println!("{}", p.display());
    }
}
