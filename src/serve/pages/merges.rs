//! What the review's page merges and sends, as the CLI makes it: the merged chronology's files
//! (`scr chronology merge --keep-going`), the agency summaries merged (`scr summary merge`),
//! each agency's action tracker (`scr actions workbook`); and the download of anything the
//! page made (`out/chronology/`, `out/draft/`, `out/anonymised/`, `out/summaries/`,
//! `out/trackers/`).

use super::documents::{attachment, content_type};
use super::draft::refused_on_review;
use super::{AppStateRef, CsrfForm, csrf_ok, forged, not_found};
use crate::serve::{Session, blocking};
use crate::workspace::{Made, WorkspaceError};
use axum::Extension;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};

/// Makes one of the files the page merges or sends (`chronology`, `summaries`, `trackers`), or
/// the report draft (`draft`, which then shows its own page).
pub(crate) async fn make(
    State(state): AppStateRef,
    Extension(session): Extension<Session>,
    Path((name, kind)): Path<(String, String)>,
    axum::Form(form): axum::Form<CsrfForm>,
) -> Response {
    if !csrf_ok(&session, &form.csrf) {
        return forged();
    }
    let Some(m) = Made::from_id(&kind).filter(|m| *m != Made::Anonymised) else {
        return not_found();
    };
    let Some(f) = state.workspace.review(&name) else {
        return not_found();
    };
    let st = state.clone();
    let result = blocking(move || {
        let today = st.today();
        let c = f.usable_case(today)?;
        match m {
            Made::Chronology => f.make_chronology(&c, today, &st.user),
            Made::Summaries => f.make_summaries(&c, today, &st.user),
            Made::Draft => f.make_draft(&c, today, &st.user).map(|p| Some(vec![p])),
            _ => f
                .make_trackers(&c, &st.user)
                .map(|w| (!w.is_empty()).then_some(w)),
        }
    })
    .await;
    let at = match m {
        Made::Chronology => "#make-chronology",
        Made::Summaries => "#make-summaries",
        Made::Draft => "#make-draft",
        _ => "#make-trackers",
    };
    match result {
        Ok(Ok(Some(_))) if m == Made::Draft => {
            Redirect::to(&format!("/review/{name}/draft?made=1")).into_response()
        }
        Ok(Ok(Some(_))) => {
            Redirect::to(&format!("/review/{name}?done={}#{}-files", m.id(), m.id()))
                .into_response()
        }
        Ok(Ok(None)) => {
            let why = match m {
                Made::Chronology => "No chronology returns have come yet: upload them first",
                Made::Summaries => "No agency summaries have come yet: upload them first",
                _ => "No agency owns an open action: there is no tracker to send",
            };
            let e = WorkspaceError::Refused(why.into());
            refused_on_review(state, name, session.csrf, e, at).await
        }
        Ok(Err(e)) => refused_on_review(state, name, session.csrf, e, at).await,
        Err(resp) => resp,
    }
}

/// A file the page made (the merged chronology's, the draft, an anonymised copy).
pub(crate) async fn made_file(
    State(state): AppStateRef,
    Path((name, kind, file)): Path<(String, String, String)>,
) -> Response {
    let Some(m) = Made::from_id(&kind) else {
        return not_found();
    };
    let Some(f) = state.workspace.review(&name) else {
        return not_found();
    };
    if f.made_file(m, &file).is_none() {
        return not_found();
    }
    let st = state.clone();
    let rel = file.clone();
    match blocking(move || f.made_file_bytes(m, &rel, &st.user)).await {
        Ok(Ok(bytes)) => attachment(&file, content_type(&file), bytes),
        Ok(Err(e)) => e.into_response(),
        Err(resp) => resp,
    }
}
