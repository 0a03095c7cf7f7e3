//! `scr serve`: the coordinator's workspace in the browser, on this machine only.
//!
//! The pages call the same library functions as the CLI ([`crate::workspace`], the rules, the
//! chronology readers, the pack); nothing here decides anything about a review. What is here is
//! the guard around them:
//! - the server listens on 127.0.0.1 only, whatever port is asked for, and answers only requests
//!   addressed to that host and port (so a page elsewhere cannot reach it by DNS rebinding);
//! - a one-time token in the printed URL is exchanged for a session cookie ([`session`]);
//!   without the cookie every page is refused;
//! - every POST carries the session's CSRF token, and a request from another origin is refused;
//! - every response has a strict Content-Security-Policy (scripts, styles and images from the
//!   server only, never inline: the one script only says that long work is going on),
//!   `nosniff`, no framing, no referrer and no caching;
//! - uploads are bounded in size and read by the CLI's own readers; files are written only
//!   inside the workspace, through [`crate::output`].

mod pages;
pub mod session;

use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderValue, Request, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::Arc;

use crate::workspace::{MAX_RETURN_BYTES, Workspace, WorkspaceError};
use session::Sessions;

/// The Content-Security-Policy of every response: nothing from anywhere but this server, no
/// inline script (the one script is `/assets/working.js`), no framing, forms posted only here.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
     form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The largest request body accepted: one return and the form around it.
pub const MAX_BODY_BYTES: usize = MAX_RETURN_BYTES + 64 * 1024;

/// How the server is started.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The workspace folder.
    pub workspace: PathBuf,
    /// The port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// Who is working, for the audit log.
    pub user: String,
    /// The day deadlines are judged on; today when `None`.
    pub today: Option<chrono::NaiveDate>,
}

/// What the handlers share.
#[derive(Debug)]
pub(crate) struct AppState {
    pub workspace: Workspace,
    pub sessions: Sessions,
    pub user: String,
    pub today: Option<chrono::NaiveDate>,
    /// `127.0.0.1:PORT`: the only Host the server answers.
    pub host: String,
    /// `localhost:PORT`, the same place by name.
    pub alt_host: String,
}

impl AppState {
    pub(crate) fn today(&self) -> chrono::NaiveDate {
        self.today
            .unwrap_or_else(|| chrono::Local::now().date_naive())
    }
}

/// A server bound to its port, not yet serving.
pub struct Bound {
    listener: TcpListener,
    state: Arc<AppState>,
    addr: SocketAddr,
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The workspace folder could not be opened.
    #[error(transparent)]
    Workspace(#[from] WorkspaceError),
    /// The port could not be bound or served.
    #[error("cannot listen on 127.0.0.1:{port}: {source}")]
    Listen {
        /// The port asked for.
        port: u16,
        /// The underlying error.
        source: std::io::Error,
    },
}

/// Opens the workspace and binds 127.0.0.1 (never another address) on the port asked for.
pub fn bind(opts: &ServeOptions) -> Result<Bound, ServeError> {
    let workspace = Workspace::open(&opts.workspace)?;
    let listen = |source| ServeError::Listen {
        port: opts.port,
        source,
    };
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, opts.port)).map_err(listen)?;
    let addr = listener.local_addr().map_err(listen)?;
    listener.set_nonblocking(true).map_err(listen)?;
    let state = Arc::new(AppState {
        workspace,
        sessions: Sessions::new(),
        user: opts.user.clone(),
        today: opts.today,
        host: addr.to_string(),
        alt_host: format!("localhost:{}", addr.port()),
    });
    Ok(Bound {
        listener,
        state,
        addr,
    })
}

impl Bound {
    /// The address listened on (always 127.0.0.1).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The URL to open, with the one-time token.
    pub fn url(&self) -> String {
        format!(
            "http://{}/login?token={}",
            self.addr,
            self.state.sessions.token().unwrap_or_default()
        )
    }

    /// The workspace folder served.
    pub fn workspace(&self) -> &std::path::Path {
        self.state.workspace.root()
    }

    /// Serves until the process ends. Blocking work (reading returns, making packs) runs on
    /// tokio's blocking threads so pages keep answering.
    pub fn run(self) -> Result<(), ServeError> {
        let port = self.addr.port();
        let listen = |source| ServeError::Listen { port, source };
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .build()
            .map_err(listen)?;
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(self.listener).map_err(listen)?;
            axum::serve(listener, router(self.state))
                .await
                .map_err(listen)
        })
    }
}

/// Every route, behind the guard.
fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/", get(pages::register))
        .route("/samples", post(pages::add_samples))
        .route("/assets/style.css", get(pages::stylesheet))
        .route("/assets/working.js", get(pages::working_js))
        .route("/review/{name}", get(pages::review))
        .route("/review/{name}/pack", post(pages::make_pack))
        .route("/review/{name}/pack.zip", get(pages::pack_zip))
        .route("/review/{name}/documents/{*path}", get(pages::document))
        .route("/review/{name}/preview/{*path}", get(pages::preview))
        .route("/review/{name}/returns", post(pages::upload_return))
        .route("/review/{name}/returns/{file}", get(pages::return_page))
        .route(
            "/review/{name}/received/{kind}/{file}",
            get(pages::received_page),
        )
        .route(
            "/review/{name}/received/{kind}/{file}/accept",
            post(pages::accept_received),
        )
        .route("/review/{name}/fact", post(pages::record_fact))
        .route("/review/{name}/checks", post(pages::upload_document))
        .route("/review/{name}/checks/{file}", get(pages::check_page))
        .route(
            "/review/{name}/checks/{file}/anonymise",
            post(pages::anonymise),
        )
        .route("/review/{name}/draft", get(pages::draft_page))
        .route("/review/{name}/draft/preview", get(pages::draft_preview))
        .route("/review/{name}/make/{kind}", post(pages::make))
        .route("/review/{name}/made/{kind}/{file}", get(pages::made_file))
        .route("/review/{name}/audit", get(pages::audit_page))
        .layer(axum::middleware::from_fn_with_state(state.clone(), guard))
        .route("/login", get(pages::login))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn_with_state(state.clone(), headers))
        .with_state(state)
}

/// The routes a test walks to see that every page answers.
pub const PAGE_ROUTES: &[&str] = &[
    "/",
    "/assets/style.css",
    "/assets/working.js",
    "/review/{name}",
    "/review/{name}/draft",
    "/review/{name}/pack.zip",
    "/review/{name}/pack.zip?stage=notification",
    "/review/{name}/documents/{document}",
    "/review/{name}/preview/{workbook}",
    "/review/{name}/returns/{file}",
    "/review/{name}/audit",
];

/// Refuses requests for another host, then adds the security headers to every response.
async fn headers(State(state): State<Arc<AppState>>, req: Request<Body>, next: Next) -> Response {
    let host_ok = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .is_some_and(|h| h == state.host || h == state.alt_host);
    let mut resp = if host_ok {
        next.run(req).await
    } else {
        pages::refusal(
            StatusCode::MISDIRECTED_REQUEST,
            "This server answers only at the address it printed when it started.",
        )
    };
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        "cross-origin-resource-policy",
        HeaderValue::from_static("same-origin"),
    );
    resp
}

/// The session a request carries, with its CSRF token.
#[derive(Debug, Clone)]
pub(crate) struct Session {
    pub csrf: String,
}

/// Refuses a request without a valid session cookie, and a POST without the session's CSRF
/// token or from another origin. The CSRF token of a form is checked by its handler, which
/// reads the body; the origin is checked here.
async fn guard(State(state): State<Arc<AppState>>, mut req: Request<Body>, next: Next) -> Response {
    let session = req
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| session::session_of(c).and_then(|id| state.sessions.csrf(id)));
    let Some(csrf) = session else {
        return pages::refusal(
            StatusCode::UNAUTHORIZED,
            "Open the address that scr serve printed when it started (it holds a one-time key). \
             If you have used it already, stop scr serve and start it again for a new one.",
        );
    };
    if req.method() != axum::http::Method::GET && req.method() != axum::http::Method::HEAD {
        let origin = req
            .headers()
            .get(header::ORIGIN)
            .and_then(|v| v.to_str().ok());
        let expected = format!("http://{}", state.host);
        if let Some(o) = origin
            && o != expected
        {
            return pages::refusal(
                StatusCode::FORBIDDEN,
                "This form did not come from the workspace's own pages, so it was refused.",
            );
        }
        let site = req
            .headers()
            .get("sec-fetch-site")
            .and_then(|v| v.to_str().ok());
        if site.is_some_and(|s| s != "same-origin" && s != "none") {
            return pages::refusal(
                StatusCode::FORBIDDEN,
                "This form did not come from the workspace's own pages, so it was refused.",
            );
        }
    }
    req.extensions_mut().insert(Session { csrf });
    next.run(req).await
}

/// Runs blocking library work off the async threads.
pub(crate) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Response> {
    tokio::task::spawn_blocking(f).await.map_err(|_| {
        pages::refusal(
            StatusCode::INTERNAL_SERVER_ERROR,
            "scrkit stopped this piece of work because of a bug in scrkit. Nothing was left \
             half-written. Please report it, without the case files.",
        )
    })
}

impl IntoResponse for WorkspaceError {
    fn into_response(self) -> Response {
        pages::refusal(StatusCode::UNPROCESSABLE_ENTITY, &self.to_string())
    }
}
