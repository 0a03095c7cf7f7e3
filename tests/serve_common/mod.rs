//! What the `scr serve` tests share: a server on a temporary workspace, and a few lines of
//! HTTP over `TcpStream`, so the requests are exactly what each test writes.
#![allow(dead_code)]

use scrkit::serve::{ServeOptions, bind};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::time::Duration;

pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) head: String,
    pub(crate) body: Vec<u8>,
}

impl Reply {
    pub(crate) fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    pub(crate) fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }
}

pub(crate) struct Server {
    pub(crate) addr: SocketAddr,
    pub(crate) url: String,
    pub(crate) workspace: PathBuf,
    _tmp: tempfile::TempDir,
}

pub(crate) fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 12, 5).unwrap()
}

pub(crate) fn start(with_samples: bool) -> Server {
    let tmp = tempfile::tempdir().unwrap();
    let workspace = tmp.path().join("workspace");
    if with_samples {
        let ws = scrkit::workspace::Workspace::open(&workspace).unwrap();
        ws.add_samples("tester").unwrap();
    }
    let bound = bind(&ServeOptions {
        workspace: workspace.clone(),
        port: 0,
        user: "tester".into(),
        today: Some(today()),
    })
    .unwrap();
    let addr = bound.addr();
    let url = bound.url();
    std::thread::spawn(move || bound.run());
    Server {
        addr,
        url,
        workspace,
        _tmp: tmp,
    }
}

pub(crate) fn request(addr: SocketAddr, raw_head: &str, body: &[u8]) -> Reply {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let mut req = raw_head.as_bytes().to_vec();
    req.extend_from_slice(body);
    // A refused upload may be answered before it is all sent; the reply is what matters.
    let _ = s.write_all(&req);
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    let split = buf
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a reply");
    let head = String::from_utf8_lossy(&buf[..split]).into_owned();
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    let mut body = buf[split + 4..].to_vec();
    if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        body = unchunk(&body);
    }
    Reply { status, head, body }
}

fn unchunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(eol) = b.windows(2).position(|w| w == b"\r\n") else {
            return out;
        };
        let n = usize::from_str_radix(std::str::from_utf8(&b[..eol]).unwrap().trim(), 16).unwrap();
        if n == 0 {
            return out;
        }
        out.extend_from_slice(&b[eol + 2..eol + 2 + n]);
        b = &b[eol + 2 + n + 2..];
    }
}

impl Server {
    pub(crate) fn host(&self) -> String {
        self.addr.to_string()
    }

    pub(crate) fn get(&self, path: &str, cookie: Option<&str>) -> Reply {
        let cookie = cookie
            .map(|c| format!("Cookie: {c}\r\n"))
            .unwrap_or_default();
        request(
            self.addr,
            &format!(
                "GET {path} HTTP/1.1\r\nHost: {}\r\n{cookie}Connection: close\r\n\r\n",
                self.host()
            ),
            b"",
        )
    }

    pub(crate) fn post(
        &self,
        path: &str,
        cookie: &str,
        extra: &str,
        ctype: &str,
        body: &[u8],
    ) -> Reply {
        request(
            self.addr,
            &format!(
                "POST {path} HTTP/1.1\r\nHost: {}\r\nCookie: {cookie}\r\n{extra}Content-Type: \
                 {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                self.host(),
                body.len()
            ),
            body,
        )
    }

    pub(crate) fn form(&self, path: &str, cookie: &str, body: &str) -> Reply {
        self.post(
            path,
            cookie,
            "",
            "application/x-www-form-urlencoded",
            body.as_bytes(),
        )
    }

    pub(crate) fn upload(
        &self,
        path: &str,
        cookie: &str,
        csrf: &str,
        name: &str,
        bytes: &[u8],
    ) -> Reply {
        self.upload_with(path, cookie, &[("csrf", csrf)], name, bytes)
    }

    /// An upload with more fields than the CSRF code (`kind`).
    pub(crate) fn upload_with(
        &self,
        path: &str,
        cookie: &str,
        fields: &[(&str, &str)],
        name: &str,
        bytes: &[u8],
    ) -> Reply {
        let b = "----scrkit-test-boundary";
        let mut body = String::new();
        for (k, v) in fields {
            body.push_str(&format!(
                "--{b}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
            ));
        }
        let mut body = format!(
            "{body}--{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n"
        )
        .into_bytes();
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{b}--\r\n").as_bytes());
        self.post(
            path,
            cookie,
            "",
            &format!("multipart/form-data; boundary={b}"),
            &body,
        )
    }

    /// Signs in with the printed URL; returns the cookie and the page's CSRF token.
    pub(crate) fn sign_in(&self) -> (String, String) {
        let path = self.url.split_once(&self.host()).unwrap().1.to_string();
        let r = self.get(&path, None);
        assert_eq!(r.status, 303, "{}", r.head);
        let set = r.header("set-cookie").unwrap();
        let cookie = set.split(';').next().unwrap().to_string();
        let page = self.get("/", Some(&cookie));
        assert_eq!(page.status, 200);
        let csrf = csrf_of(&page.text()).unwrap_or_else(|| {
            let review = self.get("/review/northbrook-child-a", Some(&cookie));
            csrf_of(&review.text()).unwrap()
        });
        (cookie, csrf)
    }
}

pub(crate) fn csrf_of(html: &str) -> Option<String> {
    let at = html.find("name=\"csrf\" value=\"")? + "name=\"csrf\" value=\"".len();
    Some(html[at..at + 64].to_string())
}

/// The only script a page may carry is the server's own `/assets/working.js`: no inline
/// script, nothing from elsewhere (the CSP forbids both; this holds the pages to it too).
pub(crate) fn assert_no_inline_script(html: &str) {
    let own = "<script src=\"/assets/working.js\" defer></script>";
    assert_eq!(
        html.matches("<script").count(),
        html.matches(own).count(),
        "a script other than working.js"
    );
    for handler in [
        "onclick=",
        "onsubmit=",
        "onload=",
        "onchange=",
        "oninput=",
        "onerror=",
    ] {
        assert!(!html.contains(handler), "an inline handler: {handler}");
    }
    assert!(!html.contains("javascript:"), "a javascript: address");
}
