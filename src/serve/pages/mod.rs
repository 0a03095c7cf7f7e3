//! The pages: each handler reads the request, calls the workspace (the same functions the CLI
//! uses), and fills a compile-time checked template. Nothing here decides anything about a
//! review; it only shows what the library returns. One file per page; what they share (the
//! refusal pages, the CSRF check, the stylesheet, signing in) is here.

mod audit_log;
mod checks;
mod documents;
mod draft;
mod facts;
mod merges;
mod register;
mod review;
mod uploads;

pub(crate) use audit_log::audit_page;
pub(crate) use checks::{anonymise, check_page, upload_document};
pub(crate) use documents::{document, make_pack, pack_zip, preview};
pub(crate) use draft::{draft_page, draft_preview};
pub(crate) use facts::record_fact;
pub(crate) use merges::{made_file, make};
pub(crate) use register::{add_samples, register};
pub(crate) use review::review;
pub(crate) use uploads::{accept_received, received_page, return_page, upload_return};

use super::{AppState, Session};
use crate::serve::session;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use std::sync::Arc;

type AppStateRef = State<Arc<AppState>>;

/// The stylesheet, compiled in: no asset comes from anywhere else.
const STYLE: &str = include_str!("../html/style.css");

/// The one script: a form marked `data-working` says it is working once sent. Compiled in,
/// served from this server only (the CSP's `script-src 'self'`); no page has inline script.
const WORKING_JS: &str = include_str!("../html/working.js");

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

/// The script that shows long work in progress.
pub(crate) async fn working_js() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        WORKING_JS,
    )
        .into_response()
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

/// Words with a capital first letter, as a table cell or a heading opens: the library's
/// "document body" reads "Document body" there.
pub(super) fn sentence_case(words: &str) -> String {
    let mut c = words.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// An option of a select: its value, its words, whether it is chosen.
pub(super) struct Choice {
    pub(super) code: String,
    pub(super) label: String,
    pub(super) selected: bool,
}

/// A form whose only field is its CSRF token.
#[derive(Deserialize)]
pub(crate) struct CsrfForm {
    #[serde(default)]
    csrf: String,
}
