//! Who may use the server: the person holding the one-time token printed at start-up, once it
//! has been exchanged for a session cookie, and only from pages the server itself served.
//!
//! The token is in the printed URL (as notebook servers do) so nobody else on the machine can
//! open the workspace by guessing the port. It works once; the browser then holds a session
//! cookie (`HttpOnly`, `SameSite=Strict`, so scripts cannot read it and other sites' pages never
//! send it). Every form carries the session's CSRF token, checked on every POST.

use std::collections::HashMap;
use std::sync::Mutex;

/// The session cookie's name.
pub const COOKIE: &str = "scr_session";

/// Random bytes as hex, from the operating system's generator.
pub fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    // The OS generator failing is not something to carry on from with a guessable token.
    if getrandom::fill(&mut buf).is_err() {
        panic!("the operating system's random number generator is unavailable");
    }
    buf.iter().map(|b| format!("{b:02x}")).collect()
}

/// Compares two secrets in time independent of where they differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The start-up token and the sessions it has opened.
#[derive(Debug)]
pub struct Sessions {
    token: Mutex<Option<String>>,
    /// Session id to its CSRF token.
    open: Mutex<HashMap<String, String>>,
}

impl Sessions {
    /// A fresh token and no sessions.
    pub fn new() -> Sessions {
        Sessions {
            token: Mutex::new(Some(random_hex(24))),
            open: Mutex::new(HashMap::new()),
        }
    }

    /// The start-up token, until it has been used.
    pub fn token(&self) -> Option<String> {
        self.token.lock().ok()?.clone()
    }

    /// Exchanges the token for a new session id; `None` when it is wrong or already used.
    pub fn exchange(&self, offered: &str) -> Option<String> {
        let mut token = self.token.lock().ok()?;
        match token.as_deref() {
            Some(t) if same_secret(t, offered) => {
                *token = None;
                let id = random_hex(32);
                let csrf = random_hex(32);
                self.open.lock().ok()?.insert(id.clone(), csrf);
                Some(id)
            }
            _ => None,
        }
    }

    /// The CSRF token of a session, when the id is one of ours.
    pub fn csrf(&self, session: &str) -> Option<String> {
        let open = self.open.lock().ok()?;
        open.iter()
            .find(|(id, _)| same_secret(id, session))
            .map(|(_, csrf)| csrf.clone())
    }
}

impl Default for Sessions {
    fn default() -> Self {
        Sessions::new()
    }
}

/// The session id in a `Cookie` header, if any.
pub fn session_of(cookie_header: &str) -> Option<&str> {
    cookie_header
        .split(';')
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == COOKIE)
        .map(|(_, v)| v)
}

/// The `Set-Cookie` value for a session.
pub fn set_cookie(session: &str) -> String {
    format!("{COOKIE}={session}; HttpOnly; SameSite=Strict; Path=/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_works_once_and_opens_a_session_with_its_own_csrf_token() {
        let s = Sessions::new();
        let t = s.token().unwrap();
        assert_eq!(t.len(), 48);
        assert!(s.exchange("wrong").is_none());
        let id = s.exchange(&t).unwrap();
        assert!(s.exchange(&t).is_none(), "a token must work once only");
        let csrf = s.csrf(&id).unwrap();
        assert_ne!(csrf, id);
        assert!(s.csrf("someone-else").is_none());
        assert_eq!(
            session_of(&format!("a=b; {COOKIE}={id}")),
            Some(id.as_str())
        );
        assert!(set_cookie(&id).contains("HttpOnly; SameSite=Strict"));
    }
}
