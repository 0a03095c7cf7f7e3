//! A review's page: the case summary, the criteria clause by clause, the statutory timescales,
//! the forms to record a step and upload a return, the documents and the audit trail.

use super::audit_log::{AuditRow, audit_rows};
use super::{AppStateRef, not_found, render};
use crate::diagnostic::Diagnostic;
use crate::rules::Status;
use crate::rules::calendar::long_date;
use crate::rules::{ClauseStatus, Evaluation, Outcome};
use crate::serve::{AppState, Session, blocking};
use crate::workspace::{self, Fact, Made, ReviewFolder};
use askama::Template;
use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::NaiveDate;
use serde::Deserialize;
use std::sync::Arc;

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
    kind: &'static str,
}

struct Missing {
    agency: String,
    contact: String,
    email: String,
    /// How the agency's post goes when it has no secure e-mail ("by hand").
    delivery: String,
}

struct FactOption {
    field: &'static str,
    label: &'static str,
    selected: bool,
}

struct FileLink {
    path: String,
    file: String,
    /// Who it is for: the coordinator, or the agency's folder.
    whose: String,
    preview: bool,
}

struct StageView {
    id: &'static str,
    number: usize,
    name: String,
    /// "1 file", "7 files".
    count: String,
    status: String,
    tag: &'static str,
    files: Vec<FileLink>,
    selected: bool,
}

struct ChronRow {
    when: String,
    agency: String,
    event: String,
    outcome: String,
    source: String,
}

/// The merged chronology on the page: the picture, its text alternative, the table.
#[derive(Default)]
struct ChronologyView {
    shown: bool,
    svg: String,
    title: String,
    description: String,
    rows: Vec<ChronRow>,
    count: String,
    agencies: Vec<super::Choice>,
    date_aria: &'static str,
    date_href: String,
    with_errors: Vec<String>,
}

/// An action of the plan as it stands on the day.
struct ActionRow {
    id: String,
    action: String,
    owner: String,
    due: String,
    state: &'static str,
    tag: &'static str,
    detail: String,
    last_update: String,
}

fn action_rows(r: &crate::actions::ActionReport) -> Vec<ActionRow> {
    use crate::actions::State;
    r.actions
        .iter()
        .map(|a| ActionRow {
            id: a.id.clone(),
            action: a.action.clone(),
            owner: a.owner_name.clone(),
            due: opt_date(a.due_on),
            state: a.state_label,
            tag: match a.state {
                State::Overdue => "tag tag--red",
                State::Stale | State::AtRisk => "tag tag--orange",
                State::OnTrack => "tag tag--blue",
                State::Complete => "tag tag--green",
            },
            detail: a.state_text.clone(),
            last_update: opt_date(a.last_update_on),
        })
        .collect()
}

/// A file the page made, for a download link.
struct MadeLink {
    file: String,
    href: String,
}

fn made_links(f: &ReviewFolder, m: Made) -> Vec<MadeLink> {
    f.made_files(m)
        .iter()
        .filter_map(|p| {
            let file = p.file_name()?.to_str()?.to_string();
            Some(MadeLink {
                href: format!("/review/{}/made/{}/{file}", f.name, m.id()),
                file,
            })
        })
        .collect()
}

/// A line of a page's error summary, linking to the field it is about.
pub(super) struct ErrorLink {
    pub(super) href: String,
    pub(super) text: String,
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
    chronology: ChronologyView,
    pack_count: usize,
    stages: Vec<StageView>,
    stage_error: String,
    password_error: String,
    min_password: usize,
    /// Why documents cannot be previewed (LibreOffice missing), or empty.
    no_preview: String,
    facts: Vec<FactOption>,
    fact_error: String,
    step_error: String,
    date_value: String,
    return_error: String,
    check_error: String,
    /// The documents uploaded to be checked, by file name.
    checked: Vec<String>,
    has_draft: bool,
    /// The merged chronology's files made (workbook, Word document, problems).
    chronology_files: Vec<MadeLink>,
    /// The agency summaries merged, and whether any has come.
    summary_files: Vec<MadeLink>,
    summaries_received: bool,
    /// The action plan as `scr actions` reports it: every action, most urgent first.
    actions: Vec<ActionRow>,
    /// "2 overdue, 3 on track".
    action_counts: String,
    tracker_files: Vec<MadeLink>,
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
pub(super) struct PageState {
    pub(super) notice: String,
    pub(super) fact_field: String,
    pub(super) date_value: String,
    pub(super) step_error: String,
    pub(super) fact_error: String,
    pub(super) return_error: String,
    pub(super) stage_value: String,
    /// The merged chronology's agency filter (an agency id), and newest first.
    pub(super) chron_agency: String,
    pub(super) chron_desc: bool,
    pub(super) stage_error: String,
    pub(super) password_error: String,
    pub(super) problems: Vec<Diagnostic>,
    /// Why the document to check was refused.
    pub(super) check_error: String,
    /// Why the draft or the merged chronology's files could not be made, and the button
    /// (`#make-draft`) the error summary links to.
    pub(super) made_problems: Vec<Diagnostic>,
    pub(super) made_at: &'static str,
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
    if !ps.stage_error.is_empty() {
        errors.push(ErrorLink {
            href: "#make-stage".into(),
            text: ps.stage_error.clone(),
        });
    }
    if !ps.password_error.is_empty() {
        errors.push(ErrorLink {
            href: "#make-password".into(),
            text: ps.password_error.clone(),
        });
    }
    if !ps.check_error.is_empty() {
        errors.push(ErrorLink {
            href: "#check-file".into(),
            text: ps.check_error.clone(),
        });
    }
    for (d, at) in ps
        .problems
        .iter()
        .map(|d| (d, "#pack"))
        .chain(ps.made_problems.iter().map(|d| (d, ps.made_at)))
    {
        errors.push(ErrorLink {
            href: at.into(),
            text: match d.location.to_string() {
                at if at.is_empty() => d.message.clone(),
                at => format!("{at}: {}", d.message),
            },
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
        returns: workspace::ReturnKind::ALL
            .into_iter()
            .flat_map(|k| f.received(k).into_iter().map(move |p| (k, p)))
            .filter_map(|(k, p)| {
                let file = p.file_name()?.to_str()?.to_string();
                Some(ReturnLink {
                    href: super::uploads::received_href(&f.name, k, &file),
                    kind: k.label(),
                    file,
                })
            })
            .collect(),
        missing: Vec::new(),
        board_email: String::new(),
        chronology: ChronologyView::default(),
        pack_count: f.pack_files().len(),
        stages: Vec::new(),
        stage_error: ps.stage_error,
        password_error: ps.password_error,
        min_password: super::documents::MIN_PASSWORD,
        no_preview: match crate::pdf::find_soffice() {
            Ok(_) => String::new(),
            Err(e) => e.to_string(),
        },
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
        check_error: ps.check_error,
        checked: f
            .checked_documents()
            .iter()
            .filter_map(|p| p.file_name()?.to_str().map(str::to_string))
            .collect(),
        has_draft: f.draft_file().is_some(),
        chronology_files: made_links(f, Made::Chronology),
        summary_files: made_links(f, Made::Summaries),
        summaries_received: !f.received(workspace::ReturnKind::Summary).is_empty(),
        actions: Vec::new(),
        action_counts: String::new(),
        tracker_files: made_links(f, Made::Trackers),
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
                delivery: a.delivery.clone(),
            })
            .collect();
        page.board_email = c.board.secure_email.clone();
        page.stages = stage_views(f, c, today, &ps.stage_value, page.no_preview.is_empty());
        page.chronology = chronology_view(f, c, today, &ps.chron_agency, ps.chron_desc);
        let plan = crate::actions::action_report(c, today);
        page.action_counts = plan.counts.words();
        page.actions = action_rows(&plan);
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

/// The merged chronology of the returns received, filtered to one agency and in the order
/// asked for.
fn chronology_view(
    f: &ReviewFolder,
    c: &crate::case::Case,
    today: NaiveDate,
    agency: &str,
    desc: bool,
) -> ChronologyView {
    let Some(m) = f.merged_chronology(c, today) else {
        return ChronologyView::default();
    };
    let mut rows: Vec<ChronRow> = m
        .merged
        .rows
        .iter()
        .filter(|r| agency.is_empty() || r.agency_id == agency)
        .map(|r| ChronRow {
            when: if r.time.is_empty() {
                r.when.clone()
            } else {
                format!("{} {}", r.when, r.time)
            },
            agency: r.agency.clone(),
            event: r.event.clone(),
            outcome: r.outcome.clone(),
            source: r.source.clone(),
        })
        .collect();
    if desc {
        rows.reverse();
    }
    let mut agencies: Vec<(String, String)> = Vec::new();
    for r in &m.merged.rows {
        if !r.agency_id.is_empty() && !agencies.iter().any(|(id, _)| *id == r.agency_id) {
            agencies.push((r.agency_id.clone(), r.agency.clone()));
        }
    }
    let filter = if agency.is_empty() {
        String::new()
    } else {
        format!("&agency={}", super::register::encode(agency))
    };
    ChronologyView {
        shown: true,
        svg: m.svg,
        title: m.title,
        description: m.description,
        count: if rows.len() == m.merged.rows.len() {
            workspace::plural(rows.len(), "entry")
        } else {
            format!(
                "{} of {}",
                workspace::plural(rows.len(), "entry"),
                m.merged.rows.len()
            )
        },
        rows,
        agencies: agencies
            .into_iter()
            .map(|(id, name)| super::Choice {
                selected: id == agency,
                code: id,
                label: name,
            })
            .collect(),
        date_aria: if desc { "descending" } else { "ascending" },
        date_href: format!(
            "?order={}{filter}#chronology",
            if desc { "oldest" } else { "newest" }
        ),
        with_errors: m
            .with_errors
            .into_iter()
            .map(|(file, n)| format!("{file} ({})", workspace::plural(n, "error")))
            .collect(),
    }
}

/// The documents of each stage of the case's process, from the library's stage model.
fn stage_views(
    f: &ReviewFolder,
    c: &crate::case::Case,
    today: NaiveDate,
    chosen: &str,
    can_preview: bool,
) -> Vec<StageView> {
    let agencies = crate::pack::agency_folders(c);
    f.documents_by_stage(c, today)
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            let (status, tag) = match (&s.happens, s.reached) {
                (Err(why), _) => (format!("Does not happen: {why}"), "tag tag--grey"),
                (Ok(()), true) => ("Reached".to_string(), "tag tag--green"),
                (Ok(()), false) => ("Not reached yet".to_string(), "tag tag--blue"),
            };
            StageView {
                id: s.stage.id(),
                number: i + 1,
                name: super::sentence_case(s.stage.name()),
                count: workspace::plural(s.files.len(), "file"),
                status,
                tag,
                selected: s.stage.id() == chosen,
                files: s
                    .files
                    .iter()
                    .map(|p| {
                        let path = p.to_string_lossy().replace('\\', "/");
                        let parts: Vec<&str> = path.split('/').collect();
                        let whose = match parts.as_slice() {
                            [_, "agencies", folder, ..] => {
                                let folder = folder.trim_end_matches(".zip");
                                agencies
                                    .iter()
                                    .find(|(_, v)| v.as_str() == folder)
                                    .and_then(|(id, _)| c.agency(id))
                                    .map(|a| a.name.clone())
                                    .unwrap_or_else(|| folder.to_string())
                            }
                            _ => "Coordinator".to_string(),
                        };
                        FileLink {
                            file: parts.last().copied().unwrap_or_default().to_string(),
                            preview: can_preview && path.ends_with(".docx"),
                            path,
                            whose,
                        }
                    })
                    .collect(),
            }
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
    /// The merged chronology's agency filter.
    agency: Option<String>,
    /// `newest` for the merged chronology newest first.
    order: Option<String>,
}

/// The review page again, with what a form got wrong in `ps`, as 422: every handler's
/// refusal of a form's content goes through here.
pub(super) async fn show_refused(
    state: Arc<AppState>,
    name: String,
    csrf: String,
    ps: PageState,
) -> Response {
    show_review(state, name, csrf, StatusCode::UNPROCESSABLE_ENTITY, ps).await
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
        Some("pack") => "The documents were made. Download them below.",
        Some("fact") => "The date was recorded in the case file.",
        Some("chronology") => "The merged chronology's files were made. Download them below.",
        Some("summaries") => "The agency summaries were merged. Download them below.",
        Some("trackers") => "The action trackers were made. Download them below.",
        _ => "",
    };
    let ps = PageState {
        notice: notice.into(),
        chron_agency: q.agency.unwrap_or_default(),
        chron_desc: q.order.as_deref() == Some("newest"),
        ..PageState::default()
    };
    show_review(state, name, session.csrf, StatusCode::OK, ps).await
}
