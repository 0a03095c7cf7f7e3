//! The register: every review of the workspace on one page, sortable, filterable and
//! printable, with the numbers a partnership's yearly report needs.

use super::{AppStateRef, CsrfForm, csrf_ok, forged, render};
use crate::rules::calendar::long_date;
use crate::serve::{Session, blocking};
use crate::workspace;
use askama::Template;
use axum::Extension;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub(crate) struct RegisterQuery {
    sort: Option<String>,
    kind: Option<String>,
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
    errors: usize,
}

struct SortLink {
    key: &'static str,
    label: &'static str,
    aria: &'static str,
}

struct KindOption {
    code: &'static str,
    label: &'static str,
    selected: bool,
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
    total: usize,
    sorts: Vec<SortLink>,
    kinds: Vec<KindOption>,
    q: String,
    overdue_only: bool,
    years: Vec<YearView>,
}

fn days_text(n: &workspace::NextDeadline) -> (String, &'static str) {
    let cal = match n.days_left {
        0 => "due today".to_string(),
        d if d > 0 => format!("{d} day{} left", if d == 1 { "" } else { "s" }),
        d => format!("overdue by {} day{}", -d, if d == -1 { "" } else { "s" }),
    };
    let text = match n.working_days_left {
        Some(w) if w >= 0 => format!("{cal} ({w} working day{})", if w == 1 { "" } else { "s" }),
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
    let text = q.q.clone().unwrap_or_default();
    let needle = text.trim().to_lowercase();
    let kind = q.kind.clone().unwrap_or_default();
    let overdue_only = q.overdue.is_some();
    let mut rows: Vec<_> = reg
        .rows
        .into_iter()
        .filter(|r| kind.is_empty() || r.kind_code == kind)
        .filter(|r| !overdue_only || !r.overdue.is_empty())
        .filter(|r| {
            needle.is_empty()
                || r.reference.to_lowercase().contains(&needle)
                || r.name.contains(&needle)
                || r.stage.to_lowercase().contains(&needle)
        })
        .collect();
    let sort = q.sort.clone().unwrap_or_else(|| "deadline".into());
    match sort.as_str() {
        "reference" => rows.sort_by(|a, b| a.reference.cmp(&b.reference)),
        "kind" => rows.sort_by(|a, b| a.kind.cmp(&b.kind).then(a.reference.cmp(&b.reference))),
        "stage" => rows.sort_by(|a, b| a.stage.cmp(&b.stage).then(a.reference.cmp(&b.reference))),
        _ => rows.sort_by_key(|r| {
            (
                r.next_deadline
                    .as_ref()
                    .map(|n| n.due)
                    .unwrap_or(NaiveDate::MAX),
                r.reference.clone(),
            )
        }),
    }
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
                errors: r.case_errors,
            }
        })
        .collect();
    let aria = |k: &str| if sort == k { "ascending" } else { "none" };
    let page = RegisterPage {
        csrf: session.csrf,
        workspace: state.workspace.root().display().to_string(),
        as_of: long_date(reg.as_of),
        empty,
        rows,
        total,
        sorts: vec![
            SortLink {
                key: "reference",
                label: "Reference",
                aria: aria("reference"),
            },
            SortLink {
                key: "kind",
                label: "Kind and rules",
                aria: aria("kind"),
            },
            SortLink {
                key: "stage",
                label: "Stage",
                aria: aria("stage"),
            },
            SortLink {
                key: "deadline",
                label: "Next deadline",
                aria: aria("deadline"),
            },
        ],
        kinds: KINDS
            .iter()
            .map(|(code, label)| KindOption {
                code,
                label,
                selected: *code == kind,
            })
            .collect(),
        q: text,
        overdue_only,
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
                        y.done,
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
    match blocking(move || st.workspace.add_samples(st.today(), &st.user)).await {
        Ok(Ok(_)) => Redirect::to("/").into_response(),
        Ok(Err(e)) => e.into_response(),
        Err(resp) => resp,
    }
}
