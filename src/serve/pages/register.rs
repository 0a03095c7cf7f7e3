//! The register: every review of the workspace on one page, sortable, filterable and
//! printable, with the numbers a partnership's yearly report needs.

use super::{AppStateRef, Choice, CsrfForm, csrf_ok, forged, render};
use crate::rules::calendar::long_date;
use crate::serve::{Session, blocking};
use crate::workspace;
use crate::workspace::plural;
use askama::Template;
use axum::Extension;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub(crate) struct RegisterQuery {
    sort: Option<String>,
    dir: Option<String>,
    kind: Option<String>,
    regime: Option<String>,
    stage: Option<String>,
    q: Option<String>,
    overdue: Option<String>,
}

struct RowView {
    name: String,
    reference: String,
    kind: String,
    regime: String,
    stage: String,
    next_step: String,
    next_due: String,
    days: String,
    days_tag: &'static str,
    overdue: Vec<String>,
    missing: Vec<String>,
    actions: String,
    actions_tag: &'static str,
    errors: String,
}

struct SortLink {
    href: String,
    label: &'static str,
    aria: &'static str,
    /// What following the link does, for screen readers.
    hint: &'static str,
}

struct YearView {
    year: i32,
    scr: usize,
    cspr: usize,
    rapid: usize,
    alternative: usize,
    converted: usize,
    on_time: String,
}

#[derive(Template)]
#[template(path = "register.html")]
struct RegisterPage {
    csrf: String,
    workspace: String,
    as_of: String,
    empty: bool,
    rows: Vec<RowView>,
    shown: String,
    sorts: Vec<SortLink>,
    kinds: Vec<Choice>,
    regimes: Vec<Choice>,
    stages: Vec<Choice>,
    q: String,
    overdue_only: bool,
    filtered: bool,
    years: Vec<YearView>,
}

fn days_text(n: &workspace::NextDeadline) -> (String, &'static str) {
    let cal = match n.days_left {
        0 => "due today".to_string(),
        d if d > 0 => format!("{} left", plural(d as usize, "day")),
        d => format!("overdue by {}", plural(-d as usize, "day")),
    };
    let text = match n.working_days_left {
        Some(w) if w > 0 => format!("{cal} ({})", plural(w as usize, "working day")),
        _ => cal,
    };
    let tag = if n.days_left < 0 {
        "tag tag--red"
    } else if n.days_left <= 7 {
        "tag tag--yellow"
    } else {
        "tag tag--blue"
    };
    (text, tag)
}

const KINDS: &[(&str, &str)] = &[
    ("scr", "Serious Case Review"),
    ("cspr", "Local child safeguarding practice review"),
    ("rapid_review", "Rapid review"),
    ("alternative", "Alternative review"),
];

const REGIMES: &[(&str, &str)] = &[
    ("2015", "Working Together 2015"),
    ("2018", "Working Together 2018/2023"),
];

fn choices(options: &[(&str, &str)], chosen: &str) -> Vec<Choice> {
    options
        .iter()
        .map(|(code, label)| Choice {
            code: (*code).to_string(),
            label: (*label).to_string(),
            selected: *code == chosen,
        })
        .collect()
}

/// A query string value, percent-encoded (everything but letters, digits and `-_.~`).
pub(super) fn encode(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The register's address with the filters kept and the sort given.
fn register_href(f: &workspace::RegisterFilter, sort: workspace::SortKey, desc: bool) -> String {
    let mut q = vec![format!("sort={}", sort.id())];
    if desc {
        q.push("dir=desc".into());
    }
    for (k, v) in [
        ("kind", &f.kind),
        ("regime", &f.regime),
        ("stage", &f.stage),
        ("q", &f.text),
    ] {
        if !v.is_empty() {
            q.push(format!("{k}={}", encode(v)));
        }
    }
    if f.overdue_only {
        q.push("overdue=1".into());
    }
    format!("/?{}", q.join("&"))
}

fn sort_label(k: workspace::SortKey) -> &'static str {
    use workspace::SortKey::*;
    match k {
        Reference => "Reference",
        Kind => "Kind and rules",
        Stage => "Stage",
        Deadline => "Next deadline",
        Overdue => "Overdue",
        Missing => "Missing returns",
        Actions => "Actions",
    }
}

/// Every review of the workspace, sortable and filterable without script.
pub(crate) async fn register(
    State(state): AppStateRef,
    Extension(session): Extension<Session>,
    Query(q): Query<RegisterQuery>,
) -> Response {
    let st = state.clone();
    let reg = match blocking(move || workspace::register(&st.workspace, st.today())).await {
        Ok(r) => r,
        Err(resp) => return resp,
    };
    let empty = reg.rows.is_empty();
    let total = reg.rows.len();
    let filter = workspace::RegisterFilter {
        kind: q.kind.unwrap_or_default(),
        regime: q.regime.unwrap_or_default(),
        stage: q.stage.unwrap_or_default(),
        overdue_only: q.overdue.is_some_and(|v| !v.is_empty()),
        text: q.q.unwrap_or_default(),
    };
    let mut rows: Vec<_> = reg.rows.into_iter().filter(|r| filter.matches(r)).collect();
    let sort = workspace::SortKey::from_id(q.sort.as_deref().unwrap_or_default());
    let desc = q.dir.as_deref() == Some("desc");
    workspace::sort_rows(&mut rows, sort, desc);
    let shown = if rows.len() == total {
        plural(total, "review")
    } else {
        format!("{} of {total}", plural(rows.len(), "review"))
    };
    let rows = rows
        .into_iter()
        .map(|r| {
            let (next_step, next_due, days, days_tag) = match &r.next_deadline {
                Some(n) => {
                    let (t, tag) = days_text(n);
                    (n.step.clone(), long_date(n.due), t, tag)
                }
                None => (String::new(), String::new(), String::new(), ""),
            };
            let (actions, actions_tag) = match (r.actions_open, r.actions_overdue) {
                (0, _) => (String::new(), ""),
                (open, 0) => (format!("{} open", plural(open, "action")), "tag tag--blue"),
                (open, late) => (
                    format!("{} open, {late} overdue", plural(open, "action")),
                    "tag tag--red",
                ),
            };
            RowView {
                name: r.name,
                reference: r.reference,
                kind: r.kind,
                regime: r.regime,
                stage: r.stage,
                next_step,
                next_due,
                days,
                days_tag,
                overdue: r.overdue,
                missing: r.missing_returns,
                actions,
                actions_tag,
                errors: if r.case_errors > 0 {
                    format!("Case file has {}", plural(r.case_errors, "error"))
                } else {
                    String::new()
                },
            }
        })
        .collect();
    let sorts = workspace::SortKey::ALL
        .into_iter()
        .map(|k| {
            let current = k == sort;
            SortLink {
                // Following the current column's link reverses it.
                href: register_href(&filter, k, current && !desc),
                label: sort_label(k),
                aria: match (current, desc) {
                    (false, _) => "none",
                    (true, false) => "ascending",
                    (true, true) => "descending",
                },
                hint: if current && !desc {
                    "sort in reverse"
                } else {
                    "sort by this column"
                },
            }
        })
        .collect();
    let stages: Vec<(&str, &str)> = workspace::STAGES.iter().map(|s| (*s, *s)).collect();
    let page = RegisterPage {
        csrf: session.csrf,
        workspace: state.workspace.root().display().to_string(),
        as_of: long_date(reg.as_of),
        empty,
        rows,
        shown,
        sorts,
        kinds: choices(KINDS, &filter.kind),
        regimes: choices(REGIMES, &filter.regime),
        stages: choices(&stages, &filter.stage),
        q: filter.text.clone(),
        overdue_only: filter.overdue_only,
        filtered: filter != workspace::RegisterFilter::default(),
        years: reg
            .years
            .into_iter()
            .map(|y| YearView {
                year: y.year,
                scr: y.scr,
                cspr: y.cspr,
                rapid: y.rapid,
                alternative: y.alternative,
                converted: y.rapid_converted,
                on_time: if y.done == 0 {
                    "none done yet".into()
                } else {
                    format!(
                        "{} of {} ({}%)",
                        y.on_time,
                        plural(y.done, "step"),
                        (y.on_time * 100 + y.done / 2) / y.done
                    )
                },
            })
            .collect(),
    };
    render(StatusCode::OK, &page)
}

/// Copies the sample reviews into the workspace.
pub(crate) async fn add_samples(
    State(state): AppStateRef,
    Extension(session): Extension<Session>,
    axum::Form(form): axum::Form<CsrfForm>,
) -> Response {
    if !csrf_ok(&session, &form.csrf) {
        return forged();
    }
    let st = state.clone();
    match blocking(move || st.workspace.add_samples(&st.user)).await {
        Ok(Ok(_)) => Redirect::to("/").into_response(),
        Ok(Err(e)) => e.into_response(),
        Err(resp) => resp,
    }
}
