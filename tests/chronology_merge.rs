//! Merging returns: order, provenance, duplicates, gaps, missing returns, refusal and
//! --keep-going, and the files written (read back).

use calamine::{Data, DataType, Reader, Xlsx, open_workbook_from_rs};
use chrono::NaiveDate;
use scrkit::chronology::{self, Checked, Context, MergeOptions, Scope};
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::process::Command;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn ctx() -> Context<'static> {
    Context {
        today: d(2026, 11, 25),
        scope: Scope {
            from: Some(d(2015, 3, 1)),
            to: Some(d(2016, 2, 14)),
        },
        case: None,
    }
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn check(paths: &[PathBuf], cx: &Context) -> Checked {
    chronology::check(paths, cx, &|_| {})
}

#[test]
fn rows_are_ordered_by_date_then_time_with_untimed_first_then_agency_then_row() {
    let tmp = tempfile::tempdir().unwrap();
    let b = write(
        tmp.path(),
        "b.csv",
        "Date,Time,Agency,Event\n\
         10/05/2015,09:00,Beta,b1 nine\n\
         10/05/2015,,Beta,b2 untimed\n\
         01/05/2015,,Beta,b3 first\n\
         10/05/2015,,Beta,b4 untimed second\n",
    );
    let a = write(
        tmp.path(),
        "a.csv",
        "Date,Time,Agency,Event\n\
         10/05/2015,08:00,Alpha,a1 eight\n\
         10/05/2015,,Alpha,a2 untimed\n\
         10/05/2015,09:00,Alpha,a3 nine\n",
    );
    let mut checked = check(&[b.clone(), a.clone()], &ctx());
    let m = chronology::merge(&mut checked, &ctx(), MergeOptions::default()).unwrap();
    let events: Vec<&str> = m.rows.iter().map(|r| r.event.as_str()).collect();
    assert_eq!(
        events,
        vec![
            "b3 first",
            "a2 untimed",
            "b2 untimed",
            "b4 untimed second",
            "a1 eight",
            "a3 nine",
            "b1 nine"
        ]
    );
    let numbers: Vec<usize> = m.rows.iter().map(|r| r.number).collect();
    assert_eq!(numbers, (1..=7).collect::<Vec<_>>());
    let first = &m.rows[0];
    assert_eq!(first.when, "1 May 2015");
    assert_eq!(first.provenance.file, b.display().to_string());
    assert_eq!(first.provenance.sheet, "", "a CSV file has no sheets");
    assert_eq!(first.provenance.row, 4);
    assert_eq!(first.provenance.agency, "Beta");
    assert_eq!(m.rows[4].time, "08:00");
}

#[test]
fn likely_duplicates_across_agencies_are_grouped_never_removed() {
    let tmp = tempfile::tempdir().unwrap();
    let police = write(
        tmp.path(),
        "police.csv",
        "Date,Agency,Event\n\
         16/04/2015,Police,\"Officers attended a domestic incident at the family home; Mother's partner arrested for assault.\"\n\
         16/04/2015,Police,\"Officers attended a domestic incident at the family home; Mother's partner arrested again.\"\n\
         17/04/2015,Police,Statement taken from Mother about the domestic incident and arrest of her partner\n",
    );
    let csc = write(
        tmp.path(),
        "csc.csv",
        "Date,Agency,Event\n\
         16/04/2015,CSC,\"Police notification: domestic incident at the family home, Mother's partner arrested for assault.\"\n\
         16/04/2015,CSC,Health visitor phoned about a missed appointment\n",
    );
    let mut checked = check(&[police, csc], &ctx());
    let m = chronology::merge(&mut checked, &ctx(), MergeOptions::default()).unwrap();
    assert_eq!(m.rows.len(), 5, "nothing removed");
    assert_eq!(m.duplicate_groups.len(), 1);
    let g = &m.duplicate_groups[0];
    // Both police rows match the CSC row, so all three are one group; the two police rows
    // are never compared with each other (same agency), the missed appointment is not in it.
    assert_eq!(g.rows.len(), 3, "{g:?}");
    assert_eq!(g.when, "16 April 2015");
    let grouped: Vec<&str> = m
        .rows
        .iter()
        .filter(|r| r.duplicate_group == Some(1))
        .map(|r| r.agency.as_str())
        .collect();
    assert_eq!(grouped, vec!["CSC", "Police", "Police"]);
    assert!(
        m.rows
            .iter()
            .any(|r| r.event.contains("missed appointment") && r.duplicate_group.is_none())
    );
    // Another day, same words: not a duplicate.
    assert!(
        m.rows
            .iter()
            .any(|r| r.date_iso == "2015-04-17" && r.duplicate_group.is_none())
    );
}

#[test]
fn gaps_include_the_ends_of_the_scope_and_respect_end_dates_and_months() {
    let tmp = tempfile::tempdir().unwrap();
    let p = write(
        tmp.path(),
        "hospital.csv",
        "Date,End date,Agency,Event\n\
         05/05/2015,,Hospital,Seen in clinic\n\
         10/05/2015,30/06/2015,Hospital,Admitted to the ward\n\
         September 2015,,Hospital,Letter about appointment\n\
         20/12/2015,,Hospital,Seen in clinic again\n",
    );
    let mut checked = check(std::slice::from_ref(&p), &ctx());
    let opts = MergeOptions {
        keep_going: false,
        gap_days: 60,
    };
    let m = chronology::merge(&mut checked, &ctx(), opts).unwrap();
    let gaps: Vec<(String, String, i64)> = m
        .gaps
        .iter()
        .map(|g| (g.from.clone(), g.to.clone(), g.days))
        .collect();
    assert_eq!(
        gaps,
        vec![
            // Scope start to the first entry.
            ("1 March 2015".into(), "4 May 2015".into(), 65),
            // The admission covers May and June; the month-only entry covers September.
            ("1 July 2015".into(), "31 August 2015".into(), 62),
            ("1 October 2015".into(), "19 December 2015".into(), 80),
        ]
    );
    // A larger threshold reports nothing; the end stretch (56 days) never exceeded 60.
    let mut checked = check(std::slice::from_ref(&p), &ctx());
    let m = chronology::merge(
        &mut checked,
        &ctx(),
        MergeOptions {
            keep_going: false,
            gap_days: 90,
        },
    )
    .unwrap();
    assert!(m.gaps.is_empty(), "{:?}", m.gaps);
}

#[test]
fn errors_refuse_the_merge_unless_keep_going_which_lists_every_excluded_row() {
    let tmp = tempfile::tempdir().unwrap();
    let good = write(
        tmp.path(),
        "police.csv",
        "Date,Agency,Event\n22/05/2015,Police,Visit\n",
    );
    let bad = write(
        tmp.path(),
        "csc.csv",
        "Date,Agency,Event\n31/02/2015,CSC,Impossible\n23/05/2015,CSC,Fine\n24/05/2015,CSC,\n",
    );
    let unreadable = write(tmp.path(), "gp.csv", "nothing,here\n1,2\n");
    let paths = [good, bad.clone(), unreadable.clone()];
    let mut checked = check(&paths, &ctx());
    let refused = chronology::merge(&mut checked, &ctx(), MergeOptions::default()).unwrap_err();
    assert_eq!(refused.returns.len(), 2);
    let m = chronology::merge(
        &mut checked,
        &ctx(),
        MergeOptions {
            keep_going: true,
            gap_days: 60,
        },
    )
    .unwrap();
    let events: Vec<&str> = m.rows.iter().map(|r| r.event.as_str()).collect();
    assert_eq!(events, vec!["Visit", "Fine"]);
    let excluded: Vec<(String, Option<u32>)> =
        m.excluded.iter().map(|x| (x.file.clone(), x.row)).collect();
    assert_eq!(
        excluded,
        vec![
            (bad.display().to_string(), Some(2)),
            (bad.display().to_string(), Some(4)),
            (unreadable.display().to_string(), None),
        ]
    );
    assert!(m.excluded[0].reasons[0].contains("February 2015 has no day 31"));
    assert!(m.excluded[1].reasons[0].contains("Event is blank"));
    assert!(m.excluded[2].reasons[0].contains("header row"));
}

fn sample_case() -> scrkit::case::Case {
    scrkit::case::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/case.json"))
        .case
        .unwrap()
}

#[test]
fn missing_returns_are_listed_and_a_return_for_another_review_is_left_out_whole() {
    let case = sample_case();
    let cx = Context::for_case(&case, d(2026, 11, 25));
    let tmp = tempfile::tempdir().unwrap();
    let police = write(
        tmp.path(),
        "police.csv",
        "Date,Agency,Event\n22/05/2015,Northbrook Police,Visit\n",
    );
    let mut other = case.clone();
    other.review.reference = "SCR-2019-01".into();
    let csc_path = tmp.path().join("csc.xlsx");
    let csc = chronology::workbook::filled(
        &other,
        "csc",
        &[chronology::Entry {
            date: chronology::EntryDate::exact(d(2015, 5, 23)),
            time: None,
            end_date: None,
            reference: String::new(),
            agency: String::new(),
            source: String::new(),
            practitioner_role: String::new(),
            subject: String::new(),
            event: "Another child's visit".into(),
            outcome: String::new(),
            comment: String::new(),
            extra: Vec::new(),
            row: 0,
        }],
    )
    .unwrap();
    std::fs::write(&csc_path, csc).unwrap();
    let mut checked = check(&[police, csc_path.clone()], &cx);
    assert!(chronology::merge(&mut checked, &cx, MergeOptions::default()).is_err());
    let m = chronology::merge(
        &mut checked,
        &cx,
        MergeOptions {
            keep_going: true,
            gap_days: 60,
        },
    )
    .unwrap();
    assert_eq!(m.rows.len(), 1);
    assert_eq!(m.excluded.len(), 1);
    assert_eq!(m.excluded[0].row, Some(2));
    assert!(m.excluded[0].reasons[0].contains("made for review SCR-2019-01"));
    let missing: Vec<&str> = m.missing_returns.iter().map(|x| x.id.as_str()).collect();
    assert_eq!(
        missing,
        vec!["gp", "hospital", "health-visiting", "school", "housing"]
    );
    assert!(m.missing_returns[0].contact.contains("Dr Colin Farrant"));
    assert_eq!(m.review_reference, "SCR-2016-03");
    assert_eq!(m.scope_from, "1 March 2015");
}

fn zip_part(bytes: &[u8], name: &str) -> String {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

#[test]
fn the_merge_command_writes_the_workbook_and_reports_and_refuses_to_overwrite() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let returns: Vec<PathBuf> = std::fs::read_dir(root.join("samples/returns"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    let run = |extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_scr"))
            .args(["chronology", "merge", "--case"])
            .arg(root.join("samples/case.json"))
            .arg("--out")
            .arg(&out)
            .args(&returns)
            .args(extra)
            .output()
            .unwrap()
    };
    let o = run(&[]);
    let stdout = String::from_utf8_lossy(&o.stdout).to_string();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        stdout.contains("merged 24 rows from 5 return(s)"),
        "{stdout}"
    );
    // The agency by its name, never its id.
    assert!(
        stdout.contains("missing: Elm Street Surgery\n") && !stdout.contains("(gp)"),
        "{stdout}"
    );

    // The four outputs and nothing else: the workbook's row files and the staging folder,
    // written inside the output folder, are gone.
    let mut listed: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != ".scrkit.lock")
        .collect();
    listed.sort();
    assert_eq!(
        listed,
        [
            "merged-chronology.docx",
            "merged-chronology.xlsx",
            "problems.json",
            "problems.txt"
        ]
    );

    // The workbook, read back: headers, typed cells, provenance, duplicate groups.
    let bytes = std::fs::read(out.join("merged-chronology.xlsx")).unwrap();
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.clone())).unwrap();
    let range = book.worksheet_range("Merged chronology").unwrap();
    let header: Vec<String> = range
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(
        &header[..15],
        &[
            "No.",
            "Date",
            "Time",
            "Date certainty",
            "Agency",
            "Source",
            "Practitioner role",
            "Subject",
            "Event",
            "Action / outcome",
            "Comment",
            "Duplicate group",
            "Key practice episode",
            "Agency as returned",
            "End date",
        ]
    );
    assert_eq!(range.height(), 25);
    let first = &range.rows().nth(1).unwrap();
    assert_eq!(
        first[0],
        Data::Float(1.0),
        "the number the Word document shows"
    );
    assert!(matches!(first[1], Data::DateTime(_)), "{:?}", first[1]);
    assert_eq!(first[1].as_date(), Some(d(2015, 3, 24)));
    assert!(
        matches!(first[2], Data::DateTime(_)),
        "time cell: {:?}",
        first[2]
    );
    // One agency is named one way: the case's name; the return's own wording beside it.
    assert_eq!(
        first[4].to_string(),
        "Northbrook Community Health: Health Visiting"
    );
    assert_eq!(first[13].to_string(), "Health Visiting");
    let agencies: std::collections::BTreeSet<String> =
        range.rows().skip(1).map(|r| r[4].to_string()).collect();
    assert_eq!(agencies.len(), 5, "{agencies:?}");
    let provenance = header.iter().position(|h| h == "Provenance sheet").unwrap();
    assert_eq!(first[provenance].to_string(), "HV chronology");
    assert_eq!(first[provenance + 1], Data::Float(5.0));
    let month_only = range
        .rows()
        .find(|r| r[3] == Data::String("Month only".into()))
        .unwrap();
    assert_eq!(month_only[1].as_date(), Some(d(2015, 5, 1)));
    let grouped: Vec<(String, String)> = range
        .rows()
        .skip(1)
        .filter(|r| !r[11].is_empty())
        .map(|r| (r[11].to_string(), r[0].to_string()))
        .collect();
    let groups: Vec<&str> = grouped.iter().map(|(g, _)| g.as_str()).collect();
    assert_eq!(groups, vec!["1", "1", "2", "2", "3", "3", "3"]);
    let third: Vec<&str> = grouped
        .iter()
        .filter(|(g, _)| g == "3")
        .map(|(_, n)| n.as_str())
        .collect();
    assert_eq!(
        third,
        ["21", "22", "23"],
        "the numbers the Word document shows"
    );
    let sheet = zip_part(&bytes, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains("ySplit=\"1\""), "frozen header");
    assert!(sheet.contains("<autoFilter ref=\"A1:T25\""), "autofilter");
    // It prints: landscape, one page wide, the header on every page, a print area.
    assert!(sheet.contains("<pageSetUpPr fitToPage=\"1\"/>"), "{sheet}");
    assert!(sheet.contains("orientation=\"landscape\"") && sheet.contains("fitToHeight=\"0\""));
    let names = zip_part(&bytes, "xl/workbook.xml");
    assert!(names.contains("'Merged chronology'!$A$1:$M$25"), "{names}");
    assert!(names.contains("'Merged chronology'!$1:$1"), "{names}");
    // The Summary's counts are numbers.
    let summary = book.worksheet_range("Summary").unwrap();
    let counts: Vec<&Data> = summary
        .rows()
        .filter(|r| r[0].to_string().ends_with(".xlsx"))
        .map(|r| &r[2])
        .collect();
    assert!(!counts.is_empty());
    assert!(
        counts.iter().all(|c| matches!(c, Data::Float(_))),
        "{counts:?}"
    );
    let fmt = zip_part(&bytes, "xl/styles.xml");
    assert!(fmt.contains("mmmm yyyy") && fmt.contains("dd/mm/yyyy"));

    // The Word document, read back: a landscape table with a repeating header row, one row
    // per entry with its agency, then the findings; no tag left behind.
    let docx = std::fs::read(out.join("merged-chronology.docx")).unwrap();
    let doc = zip_part(&docx, "word/document.xml");
    assert!(!doc.contains("{{") && !doc.contains("}}"));
    assert!(doc.contains(r#"w:orient="landscape""#));
    assert_eq!(doc.matches("<w:tblHeader/>").count(), 1);
    let rows = doc.matches("<w:tr>").count() + doc.matches("<w:tr ").count();
    assert_eq!(rows, 25, "header + 24 rows");
    let text = doc
        .split('<')
        .filter_map(|t| t.split_once('>').map(|(_, x)| x))
        .collect::<String>();
    assert!(text.contains("SCR-2016-03"));
    assert!(text.matches("Northbrook Police").count() >= 4);
    assert!(
        text.contains("Group 3, 12 February 2016: entries 21, 22 and 23 (the No. column)"),
        "{text}"
    );
    // The No. column: entry 21 is shown where the group points.
    let cells: Vec<String> = doc
        .split("<w:tr>")
        .skip(1)
        .map(|row| {
            let first = row.split("</w:tc>").next().unwrap_or("");
            first
                .split('<')
                .filter_map(|t| t.split_once('>').map(|(_, x)| x))
                .collect()
        })
        .collect();
    assert_eq!(cells[0], "No.");
    assert_eq!(cells[21], "21");
    assert!(text.contains("1 July 2015 to 6 September 2015 (68 days)"));
    // By its name alone: the agency id after it was a code shown to the reader.
    assert!(
        text.contains("Northbrook Homes: no return received.") && !text.contains("(housing)"),
        "{text}"
    );
    let header = zip_part(&docx, "word/header1.xml");
    assert!(header.contains("OFFICIAL-SENSITIVE") && header.contains("SCR-2016-03"));
    assert!(zip_part(&docx, "word/footer1.xml").contains("NUMPAGES"));

    // The reports.
    let text = std::fs::read_to_string(out.join("problems.txt")).unwrap();
    assert!(
        text.contains("5 return(s), 0 error(s), 0 warning(s)"),
        "{text}"
    );
    assert!(text.contains("no chronology was returned by Northbrook Homes"));
    assert!(!text.contains("(housing)"), "{text}");
    assert!(
        text.contains("from 1 July 2015 to 6 September 2015 (68 days)"),
        "{text}"
    );
    assert!(text.contains("(duplicate group 3)"));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("problems.json")).unwrap()).unwrap();
    assert_eq!(json["ok"], true);
    assert_eq!(json["merge"]["rows"], 24);
    assert_eq!(
        json["merge"]["duplicate_groups"].as_array().unwrap().len(),
        3
    );
    assert_eq!(json["merge"]["gaps"][0]["days"], 68);
    assert_eq!(json["merge"]["missing_returns"][1]["id"], "housing");

    // Again: refused without --force, nothing changed; accepted with it.
    let o = run(&[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("already exists"));
    let o = run(&["--force", "--json"]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["rows"], 24);
    assert_eq!(v["written"].as_array().unwrap().len(), 4);
}

#[test]
fn the_merge_command_refuses_on_errors_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let bad = write(
        tmp.path(),
        "police.csv",
        "Date,Agency,Event\n31/02/2015,Police,x\n22/05/2015,Police,y\n",
    );
    let out = tmp.path().join("out");
    let o = Command::new(env!("CARGO_BIN_EXE_scr"))
        .args(["chronology", "merge"])
        .arg(&bad)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("merge refused"));
    assert!(!out.exists());
    let o = Command::new(env!("CARGO_BIN_EXE_scr"))
        .args(["chronology", "merge", "--keep-going", "--gap-days", "400"])
        .arg(&bad)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(1),
        "problems remain, but the merge is written"
    );
    let text = std::fs::read_to_string(out.join("problems.txt")).unwrap();
    assert!(text.contains("Rows left out of the merge"), "{text}");
    assert!(text.contains("row 2: Date: impossible date"), "{text}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(out.join("merged-chronology.xlsx"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}
