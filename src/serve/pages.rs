//! The pages: each handler reads the request, calls the workspace (the same functions the CLI
//! uses), and fills a compile-time checked template. Nothing here decides anything about a
//! review; it only shows what the library returns.

use super::{AppState, Session, blocking};
use crate::audit;
use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::rules::Status;
use crate::rules::calendar::long_date;
use crate::rules::{ClauseStatus, Evaluation, Outcome};
use crate::serve::session;
use crate::workspace::{self, Fact, ReviewFolder, WorkspaceError};
use askama::Template;
use axum::Extension;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use serde::Deserialize;
use std::sync::Arc;

type AppStateRef = State<Arc<AppState>>;

/// The stylesheet, compiled in: no asset comes from anywhere else.
const STYLE: &str = include_str!("html/style.css");

fn render(status: StatusCode, t: &impl Template) -> Response {
    match t.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(_) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            "the page could not be made (a bug in scrkit)",
        )
            .into_response(),
    }
}

#[derive(Template)]
#[template(path = "message.html")]
struct MessagePage<'a> {
    title: &'a str,
    message: &'a str,
}

/// A page saying why a request was refused, with its status.
pub(crate) fn refusal(status: StatusCode, message: &str) -> Response {
    let title = match status {
        StatusCode::UNAUTHORIZED => "Open the workspace from its address",
        StatusCode::FORBIDDEN => "Refused",
        StatusCode::NOT_FOUND => "Page not found",
        StatusCode::PAYLOAD_TOO_LARGE => "The file is too large",
        _ => "This could not be done",
    };
    render(status, &MessagePage { title, message })
}

fn not_found() -> Response {
    refusal(
        StatusCode::NOT_FOUND,
        "There is no such review or file in this workspace. Go back to the register.",
    )
}

fn forged() -> Response {
    refusal(
        StatusCode::FORBIDDEN,
        "This form was not sent from the workspace's own page (its security code is missing or \
         wrong), so nothing was done. Reload the page and try again.",
    )
}

fn csrf_ok(session: &Session, offered: &str) -> bool {
    session::same_secret(&session.csrf, offered)
}

/// The stylesheet.
pub(crate) async fn stylesheet() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], STYLE).into_response()
}

#[derive(Deserialize)]
pub(crate) struct LoginQuery {
    token: Option<String>,
    /// A page of this server to open after signing in (a path, never another site).
    next: Option<String>,
}

/// `next` when it is a path on this server: starts with one `/`, no backslash, no scheme.
fn local_path(next: Option<&str>) -> &str {
    match next {
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && !n.contains(['\\', '\r', '\n'])
                && !n.contains("://") =>
        {
            n
        }
        _ => "/",
    }
}

/// Exchanges the one-time token for a session cookie.
pub(crate) async fn login(State(state): AppStateRef, Query(q): Query<LoginQuery>) -> Response {
    match q.token.as_deref().and_then(|t| state.sessions.exchange(t)) {
        Some(id) => (
            [(header::SET_COOKIE, session::set_cookie(&id))],
            Redirect::to(local_path(q.next.as_deref())),
        )
            .into_response(),
        None => refusal(
            StatusCode::UNAUTHORIZED,
            "This address has been used already or its key is wrong. Each address works once: \
             stop scr serve and start it again for a new one.",
        ),
    }
}

// ---------------------------------------------------------------------------------------
// The register

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

#[derive(Deserialize)]
pub(crate) struct CsrfForm {
    #[serde(default)]
    csrf: String,
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

// ---------------------------------------------------------------------------------------
// A review

struct Pair {
    key: String,
    value: String,
}

struct ClauseView {
    number: String,
    text: String,
    status: &'static str,
    tag: &'static str,
    reason: String,
}

struct EvaluationView {
    title: String,
    rule: String,
    summary: String,
    outcome: &'static str,
    tag: &'static str,
    clauses: Vec<ClauseView>,
}

struct DeadlineView {
    step: String,
    period: String,
    runs_from: String,
    due: String,
    done: String,
    status: String,
    tag: &'static str,
    rule: String,
}

struct ReturnLink {
    file: String,
    href: String,
}

struct Missing {
    agency: String,
    contact: String,
    email: String,
}

struct FactOption {
    field: &'static str,
    label: &'static str,
    selected: bool,
}

struct ErrorLink {
    href: String,
    text: String,
}

struct AuditRow {
    seq: u64,
    time: String,
    user: String,
    action: String,
    detail: String,
    files: Vec<String>,
}

#[derive(Template)]
#[template(path = "review.html")]
struct ReviewPage {
    csrf: String,
    name: String,
    reference: String,
    notice: String,
    errors: Vec<ErrorLink>,
    case_errors: Vec<String>,
    summary: Vec<Pair>,
    criteria: Vec<EvaluationView>,
    alternative: String,
    timeline: Vec<DeadlineView>,
    returns: Vec<ReturnLink>,
    missing: Vec<Missing>,
    board_email: String,
    pack_files: Vec<String>,
    facts: Vec<FactOption>,
    fact_error: String,
    step_error: String,
    date_value: String,
    return_error: String,
    audit_ok: bool,
    audit_status: String,
    audit: Vec<AuditRow>,
    audit_more: usize,
}

fn clause_tag(s: ClauseStatus) -> (&'static str, &'static str) {
    match s {
        ClauseStatus::Met => ("Met", "tag tag--green"),
        ClauseStatus::NotMet => ("Not met", "tag tag--grey"),
        ClauseStatus::Unknown => ("Not known", "tag tag--yellow"),
    }
}

fn evaluation(title: &str, e: &Evaluation) -> EvaluationView {
    let (outcome, tag) = match e.outcome {
        Outcome::Met => ("Met", "tag tag--green"),
        Outcome::NotMet => ("Not met", "tag tag--grey"),
        Outcome::Undetermined => ("Undetermined", "tag tag--yellow"),
    };
    EvaluationView {
        title: title.to_string(),
        rule: e.rule.to_string(),
        summary: e.summary.clone(),
        outcome,
        tag,
        clauses: e
            .clauses
            .iter()
            .map(|c| {
                let (status, tag) = clause_tag(c.status);
                ClauseView {
                    number: c.number.to_string(),
                    text: c.text.to_string(),
                    status,
                    tag,
                    reason: c.reason.clone(),
                }
            })
            .collect(),
    }
}

fn status_tag(s: Status) -> &'static str {
    match s {
        Status::DoneOnTime | Status::Satisfied => "tag tag--green",
        Status::DoneLate | Status::EndedEarly => "tag tag--orange",
        Status::Overdue => "tag tag--red",
        Status::Due | Status::InProgress => "tag tag--blue",
        Status::Done | Status::NotStarted | Status::NotApplicable => "tag tag--grey",
    }
}

fn opt_date(d: Option<NaiveDate>) -> String {
    d.map(long_date).unwrap_or_default()
}

/// What the review page shows besides the review itself: a message and form errors.
#[derive(Default)]
struct PageState {
    notice: String,
    fact_field: String,
    date_value: String,
    step_error: String,
    fact_error: String,
    return_error: String,
    problems: Vec<Diagnostic>,
}

/// The last entries of the log the review page shows; the audit page shows them all.
const AUDIT_SHOWN: usize = 10;

fn review_page(state: &AppState, f: &ReviewFolder, csrf: String, ps: PageState) -> ReviewPage {
    let today = state.today();
    let loaded = f.load(today);
    let case_errors: Vec<String> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(ToString::to_string)
        .collect();
    let mut errors = Vec::new();
    if !ps.step_error.is_empty() {
        errors.push(ErrorLink {
            href: "#fact-step".into(),
            text: ps.step_error.clone(),
        });
    }
    if !ps.fact_error.is_empty() {
        errors.push(ErrorLink {
            href: "#fact-date".into(),
            text: ps.fact_error.clone(),
        });
    }
    if !ps.return_error.is_empty() {
        errors.push(ErrorLink {
            href: "#return-file".into(),
            text: ps.return_error.clone(),
        });
    }
    for d in &ps.problems {
        errors.push(ErrorLink {
            href: "#pack".into(),
            text: format!("{}: {}", d.location, d.message),
        });
    }
    let mut page = ReviewPage {
        csrf,
        name: f.name.clone(),
        reference: f.name.clone(),
        notice: ps.notice,
        errors,
        case_errors: case_errors.clone(),
        summary: Vec::new(),
        criteria: Vec::new(),
        alternative: String::new(),
        timeline: Vec::new(),
        returns: f
            .return_files()
            .iter()
            .filter_map(|p| {
                let file = p.file_name()?.to_str()?.to_string();
                Some(ReturnLink {
                    href: format!("/review/{}/returns/{}", f.name, file),
                    file,
                })
            })
            .collect(),
        missing: Vec::new(),
        board_email: String::new(),
        pack_files: f
            .pack_files()
            .iter()
            .map(|p| p.display().to_string())
            .collect(),
        facts: Fact::ALL
            .iter()
            .map(|x| FactOption {
                field: x.field(),
                label: x.label(),
                selected: x.field() == ps.fact_field,
            })
            .collect(),
        fact_error: ps.fact_error,
        step_error: ps.step_error,
        date_value: ps.date_value,
        return_error: ps.return_error,
        audit_ok: false,
        audit_status: String::new(),
        audit: Vec::new(),
        audit_more: 0,
    };
    if let (Some(c), true) = (&loaded.case, case_errors.is_empty()) {
        page.reference = c.review.reference.clone();
        let word = |v: &dyn erased::Code| v.label();
        page.summary = vec![
            Pair {
                key: "Reference".into(),
                value: c.review.reference.clone(),
            },
            Pair {
                key: "Kind".into(),
                value: word(&c.review.kind),
            },
            Pair {
                key: "Rules".into(),
                value: word(&c.review.regime),
            },
            Pair {
                key: "Stage".into(),
                value: workspace::stage(c).into(),
            },
            Pair {
                key: "Child".into(),
                value: c.child.pseudonym.clone(),
            },
            Pair {
                key: "Case file".into(),
                value: f
                    .case_path
                    .as_ref()
                    .and_then(|p| p.file_name())
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            },
        ];
        let cr = crate::rules::evaluate(c);
        page.criteria = vec![
            evaluation(cr.title, &cr.review),
            evaluation("Ofsted notification", &cr.ofsted),
        ];
        page.alternative = cr.alternative_review.clone().unwrap_or_default();
        let t = crate::rules::timeline(c, today);
        page.timeline = t
            .deadlines
            .iter()
            .map(|d| DeadlineView {
                step: d.step.to_string(),
                period: d.period.to_string(),
                runs_from: match d.runs_from {
                    Some(x) => format!("{} ({})", long_date(x), d.runs_from_event),
                    None => format!("not recorded ({})", d.runs_from_event),
                },
                due: opt_date(d.due),
                done: opt_date(d.done),
                status: d.status_text.clone(),
                tag: status_tag(d.status),
                rule: d.rule.to_string(),
            })
            .collect();
        page.missing = f
            .missing_returns(c)
            .iter()
            .map(|a| Missing {
                agency: a.name.clone(),
                contact: a.contact.name.clone(),
                email: a.contact.email.clone(),
            })
            .collect();
        page.board_email = c.board.secure_email.clone();
    }
    match f.audit() {
        Ok(v) => {
            page.audit_ok = v.is_intact();
            page.audit_status = match &v.broken {
                None => format!(
                    "Intact: {} entries, each chained to the one before.",
                    v.entries.len()
                ),
                Some((line, reason)) => format!("Broken at entry {line}: {reason}."),
            };
            page.audit_more = v.entries.len().saturating_sub(AUDIT_SHOWN);
            page.audit = audit_rows(&v.entries, AUDIT_SHOWN);
        }
        Err(e) => page.audit_status = e.to_string(),
    }
    page
}

fn audit_rows(entries: &[audit::Entry], last: usize) -> Vec<AuditRow> {
    entries
        .iter()
        .rev()
        .take(last)
        .map(|e| AuditRow {
            seq: e.seq,
            time: e.time.replace('T', " ").replace('Z', " UTC"),
            user: e.user.clone(),
            action: e.action.clone(),
            detail: e.detail.clone(),
            files: e
                .files
                .iter()
                .map(|f| {
                    if f.sha256.is_empty() {
                        f.name.clone()
                    } else {
                        format!("{} (SHA-256 {})", f.name, &f.sha256)
                    }
                })
                .collect(),
        })
        .collect()
}

/// Labels of the case's coded values, without naming their types here.
mod erased {
    pub(super) trait Code {
        fn label(&self) -> String;
    }
    impl<T: serde::Serialize> Code for T {
        fn label(&self) -> String {
            let code = serde_json::to_value(self)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            crate::case::fields::label_of(&code)
                .map(str::to_string)
                .unwrap_or(code)
        }
    }
}

#[derive(Deserialize, Default)]
pub(crate) struct ReviewQuery {
    done: Option<String>,
}

async fn show_review(
    state: Arc<AppState>,
    name: String,
    csrf: String,
    status: StatusCode,
    ps: PageState,
) -> Response {
    let Some(f) = state.workspace.review(&name) else {
        return not_found();
    };
    match blocking(move || review_page(&state, &f, csrf, ps)).await {
        Ok(page) => render(status, &page),
        Err(resp) => resp,
    }
}

/// A review's page.
pub(crate) async fn review(
    State(state): AppStateRef,
    Extension(session): Extension<Session>,
    Path(name): Path<String>,
    Query(q): Query<ReviewQuery>,
) -> Response {
    let notice = match q.done.as_deref() {
        Some("pack") => "The pack was made. Download it below.",
        Some("fact") => "The date was recorded in the case file.",
        _ => "",
    };
    let ps = PageState {
        notice: notice.into(),
        ..PageState::default()
    };
    show_review(state, name, session.csrf, StatusCode::OK, ps).await
}

/// Makes the pack.
pub(crate) async fn make_pack(
    State(state): AppStateRef,
    Extension(session): Extension<Session>,
    Path(name): Path<String>,
    axum::Form(form): axum::Form<CsrfForm>,
) -> Response {
    if !csrf_ok(&session, &form.csrf) {
        return forged();
    }
    let Some(f) = state.workspace.review(&name) else {
        return not_found();
    };
    let st = state.clone();
    let result = blocking(move || {
        let today = st.today();
        match f.load(today).into_result() {
            Ok(c) => f.make_pack(&c, today, &st.user).map(|_| ()),
            Err(d) => Err(WorkspaceError::Problems(d)),
        }
    })
    .await;
    match result {
        Ok(Ok(())) => Redirect::to(&format!("/review/{name}?done=pack#pack")).into_response(),
        Ok(Err(WorkspaceError::Problems(d))) => {
            let ps = PageState {
                problems: d,
                ..PageState::default()
            };
            show_review(
                state,
                name,
                session.csrf,
                StatusCode::UNPROCESSABLE_ENTITY,
                ps,
            )
            .await
        }
        Ok(Err(e)) => e.into_response(),
        Err(resp) => resp,
    }
}

/// The last pack as one zip.
pub(crate) async fn pack_zip(State(state): AppStateRef, Path(name): Path<String>) -> Response {
    let Some(f) = state.workspace.review(&name) else {
        return not_found();
    };
    let st = state.clone();
    match blocking(move || f.pack_zip(&st.user)).await {
        Ok(Ok(bytes)) => (
            [
                (header::CONTENT_TYPE, "application/zip".to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{name}-pack.zip\""),
                ),
            ],
            bytes,
        )
            .into_response(),
        Ok(Err(e)) => e.into_response(),
        Err(resp) => resp,
    }
}

/// Receives a return: stored under a safe name, then shown with its problems.
pub(crate) async fn upload_return(
    State(state): AppStateRef,
    Extension(session): Extension<Session>,
    Path(name): Path<String>,
    mut form: Multipart,
) -> Response {
    let mut csrf = String::new();
    let mut file: Option<(String, Vec<u8>)> = None;
    loop {
        match form.next_field().await {
            Ok(Some(field)) => match field.name() {
                Some("csrf") => csrf = field.text().await.unwrap_or_default(),
                Some("file") => {
                    let fname = field.file_name().unwrap_or_default().to_string();
                    match field.bytes().await {
                        Ok(b) => file = Some((fname, b.to_vec())),
                        Err(_) => return too_large(),
                    }
                }
                _ => {}
            },
            Ok(None) => break,
            Err(_) => return too_large(),
        }
    }
    if !csrf_ok(&session, &csrf) {
        return forged();
    }
    let Some(f) = state.workspace.review(&name) else {
        return not_found();
    };
    let (fname, bytes) = match file {
        Some((n, b)) if !n.is_empty() && !b.is_empty() => (n, b),
        _ => {
            let ps = PageState {
                return_error: "Choose the return to upload".into(),
                ..PageState::default()
            };
            return show_review(
                state,
                name,
                session.csrf,
                StatusCode::UNPROCESSABLE_ENTITY,
                ps,
            )
            .await;
        }
    };
    let st = state.clone();
    match blocking(move || f.receive_return(&fname, &bytes, &st.user)).await {
        Ok(Ok(path)) => {
            let file = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            Redirect::to(&format!("/review/{name}/returns/{file}")).into_response()
        }
        Ok(Err(WorkspaceError::Refused(msg))) => {
            let ps = PageState {
                return_error: msg,
                ..PageState::default()
            };
            show_review(
                state,
                name,
                session.csrf,
                StatusCode::UNPROCESSABLE_ENTITY,
                ps,
            )
            .await
        }
        Ok(Err(e)) => e.into_response(),
        Err(resp) => resp,
    }
}

fn too_large() -> Response {
    refusal(
        StatusCode::PAYLOAD_TOO_LARGE,
        &format!(
            "The upload could not be read: a return may be at most {} MB. Go back and choose \
             the file again.",
            workspace::MAX_RETURN_BYTES / (1024 * 1024)
        ),
    )
}

struct ProblemRow {
    severity: &'static str,
    tag: &'static str,
    sheet: String,
    row: String,
    column: String,
    place: String,
    message: String,
    value: String,
    help: String,
}

#[derive(Template)]
#[template(path = "return.html")]
struct ReturnPage {
    name: String,
    reference: String,
    file: String,
    agency: String,
    sheet: String,
    rows_read: usize,
    entries: usize,
    errors: usize,
    warnings: usize,
    problems: Vec<ProblemRow>,
}

fn problem_row(d: &Diagnostic) -> ProblemRow {
    let (sheet, row, column) = match &d.location {
        Location::Cell {
            sheet,
            row,
            column,
            header,
        } => (
            sheet.clone(),
            row.to_string(),
            match header {
                Some(h) => format!("{column} ({h})"),
                None => column.clone(),
            },
        ),
        _ => (String::new(), String::new(), String::new()),
    };
    let (severity, tag) = match d.severity {
        Severity::Error => ("Error", "tag tag--red"),
        Severity::Warning => ("Warning", "tag tag--yellow"),
    };
    ProblemRow {
        severity,
        tag,
        sheet,
        row,
        column,
        place: d.location.to_string(),
        message: d.message.clone(),
        value: d.value.clone().unwrap_or_default(),
        help: d.help.clone().unwrap_or_default(),
    }
}

/// A received return, checked as `scr chronology check` checks it.
pub(crate) async fn return_page(
    State(state): AppStateRef,
    Path((name, file)): Path<(String, String)>,
) -> Response {
    let Some(f) = state.workspace.review(&name) else {
        return not_found();
    };
    let Some(path) = f.return_file(&file) else {
        return not_found();
    };
    let st = state.clone();
    let result = blocking(move || {
        let today = st.today();
        let c = f
            .load(today)
            .into_result()
            .map_err(WorkspaceError::Problems)?;
        let ret = f.check_return(&path, &c, today, &st.user)?;
        Ok::<_, WorkspaceError>((c.review.reference.clone(), ret))
    })
    .await;
    match result {
        Ok(Ok((reference, ret))) => {
            let errors = ret.errors();
            let page = ReturnPage {
                name,
                reference,
                file,
                agency: ret
                    .agency
                    .as_ref()
                    .map(|a| a.name.clone())
                    .unwrap_or_default(),
                sheet: ret.sheet.clone().unwrap_or_default(),
                rows_read: ret.rows_read,
                entries: ret.entries.len(),
                errors,
                warnings: ret.diagnostics.len() - errors,
                problems: ret.diagnostics.iter().map(problem_row).collect(),
            };
            render(StatusCode::OK, &page)
        }
        Ok(Err(e)) => e.into_response(),
        Err(resp) => resp,
    }
}

#[derive(Deserialize)]
pub(crate) struct FactForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    step: String,
    #[serde(default)]
    date: String,
}

/// Reads a date as typed: `YYYY-MM-DD` (what a date field sends) or `dd/mm/yyyy`.
fn read_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%d/%m/%Y"))
        .ok()
}

/// Records the date of a step in the case file.
pub(crate) async fn record_fact(
    State(state): AppStateRef,
    Extension(session): Extension<Session>,
    Path(name): Path<String>,
    axum::Form(form): axum::Form<FactForm>,
) -> Response {
    if !csrf_ok(&session, &form.csrf) {
        return forged();
    }
    let Some(f) = state.workspace.review(&name) else {
        return not_found();
    };
    let fact = Fact::from_field(&form.step);
    let date = read_date(&form.date);
    let mut ps = PageState {
        fact_field: form.step.clone(),
        date_value: form.date.clone(),
        ..PageState::default()
    };
    if fact.is_none() {
        ps.step_error = "Choose the step that happened".into();
    }
    if form.date.trim().is_empty() {
        ps.fact_error = "Enter the date the step happened".into();
    } else if date.is_none() {
        ps.fact_error = "Enter a real date, for example 27/03/2026".into();
    }
    let (Some(fact), Some(date)) = (fact, date) else {
        return show_review(
            state,
            name,
            session.csrf,
            StatusCode::UNPROCESSABLE_ENTITY,
            ps,
        )
        .await;
    };
    let st = state.clone();
    match blocking(move || f.record_fact(fact, date, st.today(), &st.user)).await {
        Ok(Ok(())) => Redirect::to(&format!("/review/{name}?done=fact#facts")).into_response(),
        Ok(Err(WorkspaceError::Problems(d))) => {
            ps.fact_error = d
                .iter()
                .map(|d| d.message.clone())
                .collect::<Vec<_>>()
                .join("; ");
            show_review(
                state,
                name,
                session.csrf,
                StatusCode::UNPROCESSABLE_ENTITY,
                ps,
            )
            .await
        }
        Ok(Err(WorkspaceError::Refused(msg))) => {
            ps.fact_error = msg;
            show_review(
                state,
                name,
                session.csrf,
                StatusCode::UNPROCESSABLE_ENTITY,
                ps,
            )
            .await
        }
        Ok(Err(e)) => e.into_response(),
        Err(resp) => resp,
    }
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    name: String,
    ok: bool,
    status: String,
    rows: Vec<AuditRow>,
}

/// The whole audit log of a review, checked.
pub(crate) async fn audit_page(State(state): AppStateRef, Path(name): Path<String>) -> Response {
    let Some(f) = state.workspace.review(&name) else {
        return not_found();
    };
    match blocking(move || f.audit()).await {
        Ok(Ok(v)) => {
            let page = AuditPage {
                name,
                ok: v.is_intact(),
                status: match &v.broken {
                    None => format!(
                        "Intact: {} entries, each chained to the one before.",
                        v.entries.len()
                    ),
                    Some((line, reason)) => format!("Broken at entry {line}: {reason}."),
                },
                rows: audit_rows(&v.entries, usize::MAX),
            };
            render(StatusCode::OK, &page)
        }
        Ok(Err(e)) => refusal(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
        Err(resp) => resp,
    }
}
