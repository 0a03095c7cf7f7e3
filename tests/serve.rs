//! `scr serve` over real HTTP on 127.0.0.1: the guard (token, cookie, CSRF, origin, host, CSP),
//! upload limits and hostile names, every page, and a return's problem shown with its cell.
//! The client is a few lines over `TcpStream`, so the requests are exactly what is written here.

mod serve_common;

use scrkit::serve::{CSP, MAX_BODY_BYTES, PAGE_ROUTES};
use serve_common::{request, start};
use std::net::Ipv4Addr;

#[test]
fn it_listens_on_127_0_0_1_only() {
    let s = start(false);
    assert_eq!(s.addr.ip(), Ipv4Addr::LOCALHOST);
    assert!(
        s.url
            .starts_with(&format!("http://127.0.0.1:{}/login?token=", s.addr.port()))
    );
    // A request addressed to another host (DNS rebinding) is refused.
    let r = request(
        s.addr,
        "GET / HTTP/1.1\r\nHost: attacker.example\r\nConnection: close\r\n\r\n",
        b"",
    );
    assert_eq!(r.status, 421);
}

#[test]
fn nothing_is_served_without_the_token_and_the_token_works_once() {
    let s = start(true);
    for path in ["/", "/review/northbrook-child-a", "/assets/style.css"] {
        let r = s.get(path, None);
        assert_eq!(r.status, 401, "{path} answered without a session");
        assert!(!r.text().contains("SCR-2016-03"));
    }
    assert_eq!(s.get("/", Some("scr_session=forged")).status, 401);
    assert_eq!(s.get("/login?token=wrong", None).status, 401);
    let path = s.url.split_once(&s.host()).unwrap().1.to_string();
    let r = s.get(&path, None);
    assert_eq!(r.status, 303);
    let cookie = r.header("set-cookie").unwrap();
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Strict"), "{cookie}");
    assert_eq!(s.get(&path, None).status, 401, "the token worked twice");
    let session = cookie.split(';').next().unwrap();
    let page = s.get("/", Some(session));
    assert_eq!(page.status, 200);
    assert!(page.text().contains("SCR-2016-03"));
    // A redirect after signing in never leaves the server.
    let s2 = start(false);
    let path = s2.url.split_once(&s2.host()).unwrap().1.to_string();
    let r = s2.get(&format!("{path}&next=//attacker.example/"), None);
    assert_eq!(r.header("location").as_deref(), Some("/"));
}

#[test]
fn every_response_carries_a_strict_content_security_policy() {
    let s = start(true);
    let (cookie, _) = s.sign_in();
    for (path, cookie) in [
        ("/", Some(cookie.as_str())),
        ("/", None),
        ("/nowhere", None),
    ] {
        let r = s.get(path, cookie);
        assert_eq!(r.header("content-security-policy").as_deref(), Some(CSP));
        assert_eq!(
            r.header("x-content-type-options").as_deref(),
            Some("nosniff")
        );
        assert_eq!(r.header("x-frame-options").as_deref(), Some("DENY"));
    }
    assert!(CSP.contains("default-src 'none'"));
    assert!(!CSP.contains("unsafe"));
    // No page refers to anything on another host.
    let page = s.get("/review/northbrook-child-a", Some(&cookie)).text();
    assert!(!page.contains("http://") && !page.contains("https://"));
    serve_common::assert_no_inline_script(&page);
}

#[test]
fn forged_forms_are_refused_and_change_nothing() {
    let s = start(false);
    let (cookie, csrf) = s.sign_in();
    assert_eq!(csrf.len(), 64);
    assert_eq!(s.form("/samples", &cookie, "").status, 403);
    assert_eq!(
        s.form("/samples", &cookie, &format!("csrf={}", "0".repeat(64)))
            .status,
        403
    );
    // The right token from another origin is refused too.
    let r = s.post(
        "/samples",
        &cookie,
        "Origin: http://attacker.example\r\n",
        "application/x-www-form-urlencoded",
        format!("csrf={csrf}").as_bytes(),
    );
    assert_eq!(r.status, 403);
    let r = s.post(
        "/samples",
        &cookie,
        "Sec-Fetch-Site: cross-site\r\n",
        "application/x-www-form-urlencoded",
        format!("csrf={csrf}").as_bytes(),
    );
    assert_eq!(r.status, 403);
    assert_eq!(std::fs::read_dir(&s.workspace).unwrap().count(), 0);
    // Without a session, even the right token does nothing.
    let r = s.post(
        "/samples",
        "scr_session=none",
        "",
        "application/x-www-form-urlencoded",
        format!("csrf={csrf}").as_bytes(),
    );
    assert_eq!(r.status, 401);
    assert_eq!(std::fs::read_dir(&s.workspace).unwrap().count(), 0);
    // The genuine form works.
    let r = s.form("/samples", &cookie, &format!("csrf={csrf}"));
    assert_eq!(r.status, 303, "{}", r.text());
    assert!(s.workspace.join("northbrook-child-a/case.json").is_file());
}

#[test]
fn uploads_are_bounded_and_hostile_names_stay_inside_the_returns_folder() {
    let s = start(true);
    let (cookie, csrf) = s.sign_in();
    let path = "/review/northbrook-child-a/returns";
    let returns = s.workspace.join("northbrook-child-a/returns");
    let before = std::fs::read_dir(&returns).unwrap().count();
    let big = vec![b'a'; MAX_BODY_BYTES + 1024];
    let r = s.upload(path, &cookie, &csrf, "big.csv", &big);
    assert_eq!(r.status, 413, "{}", r.head);
    assert_eq!(std::fs::read_dir(&returns).unwrap().count(), before);

    let csv = b"Date,Event,Agency,Source\n01/06/2015,Visit,Northbrook Police,Log\n";
    let r = s.upload(path, &cookie, &csrf, "../../../evil.csv", csv);
    assert_eq!(r.status, 303, "{}", r.text());
    assert_eq!(
        r.header("location").as_deref(),
        Some("/review/northbrook-child-a/returns/evil.csv")
    );
    assert!(returns.join("evil.csv").is_file());
    assert!(!s.workspace.join("evil.csv").exists());

    let r = s.upload(path, &cookie, &csrf, "run-me.exe", b"MZ");
    assert_eq!(r.status, 422);
    let page = r.text();
    assert!(page.contains("There is a problem"));
    assert!(
        page.contains("href=\"#return-file\""),
        "the error summary links to the field"
    );
    assert!(page.contains("id=\"return-file\""));

    // A name that is not one of the received files is never opened.
    for bad in ["..%2f..%2fcase.json", "%2e%2e", "case.json"] {
        let r = s.get(
            &format!("/review/northbrook-child-a/returns/{bad}"),
            Some(&cookie),
        );
        assert_eq!(r.status, 404, "{bad}");
    }
    assert_eq!(s.get("/review/..%2f..%2fetc", Some(&cookie)).status, 404);
}

#[test]
fn a_return_with_a_bad_date_shows_the_problem_at_its_cell() {
    let s = start(true);
    let (cookie, csrf) = s.sign_in();
    let csv = "Date,Time,Agency,Source,Event\n\
               01/06/2015,10:00,Northbrook Police,Log,Officers visit the home\n\
               31/02/2015,,Northbrook Police,Log,Call about a disturbance\n";
    let r = s.upload(
        "/review/northbrook-child-a/returns",
        &cookie,
        &csrf,
        "police-extra.csv",
        csv.as_bytes(),
    );
    assert_eq!(r.status, 303);
    let page = s.get(&r.header("location").unwrap(), Some(&cookie));
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(html.contains(">1 error<"), "{html}");
    assert!(!html.contains("(s)"), "counts are said in English");
    let row = html
        .split("<tr>")
        .find(|t| t.contains("31/02/2015"))
        .expect("the bad date's row in the problems table");
    assert!(row.contains("<td>3</td>"), "{row}");
    assert!(row.contains("<td>A (Date)</td>"), "{row}");
    assert!(row.contains("Error"), "{row}");
}

#[test]
fn every_page_answers_and_the_work_is_recorded_in_the_audit_log() {
    let s = start(true);
    let (cookie, csrf) = s.sign_in();
    let name = "northbrook-child-a";
    let r = s.form(
        &format!("/review/{name}/pack"),
        &cookie,
        &format!("csrf={csrf}"),
    );
    assert_eq!(r.status, 303, "{}", r.text());
    let r = s.form(
        &format!("/review/{name}/fact"),
        &cookie,
        &format!("csrf={csrf}&step=review.completed_on&date=31%2F02%2F2016"),
    );
    assert_eq!(r.status, 422);
    assert!(r.text().contains("href=\"#fact-date\""));
    let r = s.form(
        "/review/westmere-child-b-rapid-review/fact",
        &cookie,
        &format!("csrf={csrf}&step=review.completed_on&date=04%2F12%2F2026"),
    );
    assert_eq!(r.status, 303, "{}", r.text());
    for route in PAGE_ROUTES {
        let path = route
            .replace("{name}", name)
            .replace("{file}", "police.xlsx")
            .replace("{document}", "01-referral/referral-form.docx")
            .replace(
                "{workbook}",
                "05-commissioning/agencies/northbrook-police/chronology-police.xlsx",
            );
        let r = s.get(&path, Some(&cookie));
        assert_eq!(r.status, 200, "{path}: {}", r.text());
        if r.header("content-type")
            .is_some_and(|t| t.starts_with("text/html"))
        {
            assert_ids_unique(&path, &r.text());
        }
    }
    let zip = s.get(&format!("/review/{name}/pack.zip"), Some(&cookie));
    assert_eq!(
        zip.header("content-type").as_deref(),
        Some("application/zip")
    );
    assert!(zip.body.starts_with(b"PK"));
    let review = s.get(&format!("/review/{name}"), Some(&cookie)).text();
    for text in [
        "Criteria for a Serious Case Review",
        "done 9 days late",
        "Elm Street Surgery",
        "Download every document as one zip",
        "4. Notifications",
        "Intact",
    ] {
        assert!(review.contains(text), "the review page lacks {text:?}");
    }
    let dir = s.workspace.join(name);
    let v = scrkit::audit::verify(&scrkit::audit::log_path(&dir)).unwrap();
    assert!(v.is_intact());
    let actions: Vec<&str> = v.entries.iter().map(|e| e.action.as_str()).collect();
    for a in [
        "review created",
        "return received",
        "pack",
        "chronology check",
        "pack downloaded",
    ] {
        assert!(actions.contains(&a), "{a} not in {actions:?}");
    }
    let pack = v.entries.iter().find(|e| e.action == "pack").unwrap();
    assert!(pack.files.len() > 10);
    assert!(pack.files.iter().all(|f| f.sha256.len() == 64));
    let rapid = s.workspace.join("westmere-child-b-rapid-review");
    let v = scrkit::audit::verify(&scrkit::audit::log_path(&rapid)).unwrap();
    assert_eq!(v.entries.last().unwrap().action, "fact recorded");
    assert!(
        std::fs::read_to_string(rapid.join("case.json"))
            .unwrap()
            .contains("\"completed_on\": \"2026-12-04\"")
    );
}

/// Every `id` on a page is used once: two inline pictures (or two forms) sharing an id would
/// send a label, a skip link or a picture's pattern to the wrong element.
fn assert_ids_unique(path: &str, html: &str) {
    let mut seen = std::collections::BTreeSet::new();
    for part in html.split(" id=\"").skip(1) {
        let id = &part[..part.find('"').unwrap()];
        assert!(
            seen.insert(id.to_string()),
            "{path}: id {id:?} is used twice"
        );
    }
    // Every reference into the page (a link, a label, a picture's pattern) finds its id.
    for (open, close) in [("href=\"#", '"'), ("url(#", ')'), (" for=\"", '"')] {
        for part in html.split(open).skip(1) {
            let id = &part[..part.find(close).unwrap()];
            assert!(
                id.is_empty() || seen.contains(id),
                "{path}: {open}{id} points at no id on the page"
            );
        }
    }
}

/// The references in the register's table, in the order shown.
fn register_order(html: &str) -> Vec<String> {
    let table = &html[html.find("id=\"register\"").unwrap()..];
    let table = &table[..table.find("</table>").unwrap()];
    table
        .split("href=\"/review/")
        .skip(1)
        .map(|s| {
            let s = &s[s.find('>').unwrap() + 1..];
            s[..s.find('<').unwrap()].to_string()
        })
        .collect()
}

#[test]
fn the_register_sorts_filters_and_prints_without_script() {
    let s = start(true);
    let (cookie, _) = s.sign_in();
    let page = |q: &str| {
        let r = s.get(q, Some(&cookie));
        assert_eq!(r.status, 200, "{q}");
        r.text()
    };
    let both = ["RR-2024-11".to_string(), "SCR-2016-03".to_string()];
    let html = page("/?sort=reference");
    assert_eq!(register_order(&html), both);
    assert!(html.contains(r#"aria-sort="ascending"><a class="link sort-link" href="/?sort=reference&#38;dir=desc""#), "the sorted column's link reverses it");
    let html = page("/?sort=reference&dir=desc");
    assert_eq!(register_order(&html), [both[1].clone(), both[0].clone()]);
    assert!(html.contains(r#"aria-sort="descending""#));
    // Stages sort in the order reviews go through them, not alphabetically.
    assert_eq!(register_order(&page("/?sort=stage")), both);
    assert_eq!(
        register_order(&page("/?sort=overdue")),
        [both[1].clone(), both[0].clone()],
        "the review with overdue actions first"
    );

    // Actions sort like every other column: overdue actions first, and the link reverses it.
    let html = page("/?sort=actions");
    assert_eq!(register_order(&html), [both[1].clone(), both[0].clone()]);
    assert!(html.contains(r#"aria-sort="ascending"><a class="link sort-link" href="/?sort=actions&#38;dir=desc">Actions<"#), "{html}");
    assert_eq!(
        register_order(&page("/?sort=actions&dir=desc")),
        [both[0].clone(), both[1].clone()]
    );
    let head = &html[html.find("<thead>").unwrap()..html.find("</thead>").unwrap()];
    assert_eq!(
        head.matches("<th ").count(),
        head.matches("aria-sort=").count(),
        "a register column that does not sort: {head}"
    );

    // Filters, by a GET form; the sort links keep them.
    let html = page("/?kind=rapid_review");
    assert_eq!(register_order(&html), [both[0].clone()]);
    assert!(html.contains("1 review of 2"), "{html}");
    assert!(html.contains("href=\"/?sort=stage&#38;kind=rapid_review\""));
    assert!(html.contains(r#"<option value="rapid_review" selected>"#));
    assert_eq!(register_order(&page("/?regime=2015")), [both[1].clone()]);
    assert_eq!(
        register_order(&page("/?stage=Published&sort=reference")),
        [both[1].clone()]
    );
    assert_eq!(
        register_order(&page("/?q=rr-2024&stage=&kind=")),
        [both[0].clone()]
    );
    assert_eq!(register_order(&page("/?overdue=1")), [both[0].clone()]);
    let html = page("/?overdue=1&regime=2015");
    assert!(register_order(&html).is_empty());
    assert!(html.contains("No review matches these filters"));
    serve_common::assert_no_inline_script(&html);

    // Open and overdue actions, the yearly numbers, counts in English.
    let html = page("/");
    assert!(html.contains("4 actions open, 4 overdue"), "{html}");
    assert!(html.contains("overdue by 515 days"), "{html}");
    assert!(html.contains("6 of 7 steps (86%)"), "{html}");
    assert!(!html.contains("(s)"));

    // Printable: the register alone landscape (a named page on its body), every other page
    // portrait; headings repeated, no filters, buttons or header.
    let css = page("/assets/style.css");
    let print = &css[css.find("@media print").unwrap()..];
    let landscape: Vec<&str> = css
        .split("@page")
        .skip(1)
        .filter(|rule| rule[..rule.find('}').unwrap()].contains("landscape"))
        .collect();
    assert_eq!(landscape.len(), 1, "{css}");
    assert!(landscape[0].starts_with(" register {"), "{}", landscape[0]);
    assert!(css.contains("@page { size: A4 portrait;"));
    assert!(print.contains(".page--register { page: register; }"));
    assert!(page("/").contains(r#"<body class="page--register">"#));
    let review = page("/review/northbrook-child-a");
    assert!(review.contains("<body>"), "the review page prints portrait");
    assert!(!review.contains("page--register"));
    assert!(print.contains("thead { display: table-header-group; }"));
    assert!(print.contains(".no-print, .header, .footer"));
    assert!(print.contains("form, nav"));
    assert!(page("/").contains(r#"class="filters no-print""#));
}

#[test]
fn a_running_rapid_review_shows_its_days_left_in_working_days() {
    let s = start(false);
    // The Westmere rapid review as it stood the day after the referral: nothing decided yet.
    let mut case: serde_json::Value = serde_json::from_slice(
        &std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/rapid-review/case.json"),
        )
        .unwrap(),
    )
    .unwrap();
    for (part, key) in [
        ("referral", "rapid_review_completed_on"),
        ("referral", "notified_on"),
        ("review", "initiated_on"),
    ] {
        case[part].as_object_mut().unwrap().remove(key);
    }
    case["decision"] = serde_json::json!({});
    for key in ["made_on", "received_on", "incident_known_on"] {
        case["referral"][key] = "2026-12-03".into();
    }
    case["child"]["date_of_incident"] = "2026-12-02".into();
    case["review"]["scope"]["to"] = "2026-12-03".into();
    let ws = scrkit::workspace::Workspace::open(&s.workspace).unwrap();
    ws.create_review(
        "westmere-running",
        "case.json",
        &serde_json::to_vec(&case).unwrap(),
        "tester",
    )
    .unwrap();
    let login = s.url.split_once(&s.host()).unwrap().1.to_string();
    let set = s.get(&login, None).header("set-cookie").unwrap();
    let cookie = set.split(';').next().unwrap();
    let html = s.get("/", Some(cookie)).text();
    // Known on Thursday 3 December: the notification's 5 working days run to Thursday 10
    // December, 4 working days after Saturday 5 December.
    assert!(
        html.contains("Serious incident notified<br>10 December 2026<br><strong class=\"tag tag--yellow\">5 days left (4 working days)</strong>"),
        "{html}"
    );
}

/// The merged chronology table's rows on the review page: (date, agency).
fn chronology_rows(html: &str) -> Vec<(String, String)> {
    let table = &html[html.find("id=\"merged-chronology\"").unwrap()..];
    let table = &table[table.find("<tbody>").unwrap()..table.find("</tbody>").unwrap()];
    table
        .split("<tr>")
        .skip(1)
        .map(|r| {
            let cells: Vec<&str> = r
                .split("<td")
                .skip(1)
                .map(|c| &c[c.find('>').unwrap() + 1..c.find("</td>").unwrap()])
                .collect();
            (cells[0].to_string(), cells[1].to_string())
        })
        .collect()
}

#[test]
fn the_merged_chronology_is_a_table_by_date_with_an_agency_filter_and_the_timeline_picture() {
    let s = start(true);
    let (cookie, _) = s.sign_in();
    let page = |q: &str| {
        let r = s.get(&format!("/review/northbrook-child-a{q}"), Some(&cookie));
        assert_eq!(r.status, 200);
        r.text()
    };
    let html = page("");
    // The library's picture, inline, with its text alternative; no script in it.
    let fig = &html[html.find("<figure class=\"timeline\"").unwrap()..];
    let fig = &fig[..fig.find("</figure>").unwrap()];
    assert!(fig.contains("<svg"), "{fig}");
    assert!(fig.contains("<figcaption id=\"timeline-caption\""));
    assert!(fig.contains("one lane per agency"), "{fig}");
    assert!(!fig.contains("<script") && !fig.contains("<?xml"));
    let all = chronology_rows(&html);
    assert_eq!(all.len(), 24, "{all:?}");
    assert!(html.contains("24 entries"));
    let day = |d: &str| {
        let d = d.split(' ').take(3).collect::<Vec<_>>().join(" ");
        chrono::NaiveDate::parse_from_str(&d, "%d %B %Y")
            .or_else(|_| chrono::NaiveDate::parse_from_str(&format!("1 {d}"), "%d %B %Y"))
            .ok()
    };
    let dates: Vec<_> = all.iter().filter_map(|(d, _)| day(d)).collect();
    assert!(dates.len() > 20, "{all:?}");
    assert!(
        dates.windows(2).all(|w| w[0] <= w[1]),
        "not by date: {dates:?}"
    );
    assert!(html.contains(r##"aria-sort="ascending"><a class="link sort-link" href="?order=newest#chronology">Date</a>"##));

    // Newest first, by the Date heading's link.
    let newest = chronology_rows(&page("?order=newest"));
    assert_eq!(newest.first(), all.last());
    assert_eq!(newest.len(), all.len());

    // One agency.
    let html = page("?agency=police");
    let police = chronology_rows(&html);
    assert!(!police.is_empty() && police.len() < all.len());
    assert!(
        police.iter().all(|(_, a)| a == "Northbrook Police"),
        "{police:?}"
    );
    assert!(html.contains(&format!("{} entries of 24", police.len())));
    assert!(html.contains(r#"<option value="police" selected>"#));
    assert!(
        html.contains("href=\"?order=newest&agency=police#chronology\"")
            || html.contains("href=\"?order=newest&#38;agency=police#chronology\"")
    );
}
