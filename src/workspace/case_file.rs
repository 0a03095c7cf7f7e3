//! Writing a review's `case.json` back after a change (a fact recorded, a tracker accepted)
//! without disturbing the rest of the file: its key order, indentation, line endings and
//! every untouched value stay byte for byte, and only the values that changed are rewritten
//! in place. A coordinator who formats the file by hand, or compares it with last week's
//! copy, sees just the change. The file is replaced atomically through `output`.

use super::WorkspaceError;
use crate::output::{self, WritePolicy};
use serde_json::Value;
use std::path::Path;

/// The case file's text and its value, refused with the reader's located problem when it is
/// not JSON.
pub(super) fn read(path: &Path) -> Result<(String, Value), WorkspaceError> {
    let value =
        crate::case::read_json_file(path).map_err(|d| WorkspaceError::Problems(vec![*d]))?;
    let text = std::fs::read_to_string(path)
        .map_err(|e| WorkspaceError::Refused(format!("cannot read {}: {e}", path.display())))?;
    Ok((text, value))
}

/// Writes `new` over the case file at `path`, whose text was `old_text`, changing only the
/// values that differ from what `old_text` holds.
pub(super) fn write_json(path: &Path, old_text: &str, new: &Value) -> Result<(), WorkspaceError> {
    let text = edit(old_text, new).map_err(|e| {
        WorkspaceError::Refused(format!(
            "cannot write the change into {}: {e}",
            path.display()
        ))
    })?;
    output::write_file(path, text.as_bytes(), &WritePolicy::new(true, []))?;
    Ok(())
}

/// `file` with the changes from `before` to `after` applied: where the typed case's values
/// differ, the file takes the new value; everything else the file holds (fields the typed
/// case does not know, its own spelling of a value) is left as it is.
pub(super) fn patch(file: &mut Value, before: &Value, after: &Value) {
    if before == after {
        return;
    }
    match (file, before, after) {
        (Value::Object(f), Value::Object(b), Value::Object(a)) => {
            for (k, av) in a {
                match (f.get_mut(k), b.get(k)) {
                    (Some(fv), Some(bv)) => patch(fv, bv, av),
                    (None, Some(bv)) if bv == av => {}
                    _ => {
                        // The file never held it (a default the typed case adds): only a
                        // real value is worth writing.
                        if !av.is_null() {
                            f.insert(k.clone(), without_nulls(av));
                        }
                    }
                }
            }
            for k in b.keys().filter(|k| !a.contains_key(*k)) {
                f.remove(k);
            }
        }
        (Value::Array(f), Value::Array(b), Value::Array(a)) if f.len() == b.len() => {
            let common = b.len().min(a.len());
            for ((fv, bv), av) in f.iter_mut().zip(b).zip(a) {
                patch(fv, bv, av);
            }
            f.truncate(a.len());
            f.extend(a[common..].iter().map(without_nulls));
        }
        (f, _, a) => *f = without_nulls(a),
    }
}

/// `v` without the empty fields a typed value writes (`"end": null`): a case file leaves
/// out what it does not know.
fn without_nulls(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), without_nulls(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(without_nulls).collect()),
        other => other.clone(),
    }
}

/// A JSON value found in the text, with where it is.
struct Spanned {
    start: usize,
    end: usize,
    node: Node,
}

enum Node {
    Scalar,
    Object(Vec<Member>),
    Array(Vec<Spanned>),
}

struct Member {
    key: String,
    key_start: usize,
    value: Spanned,
}

/// How the file lays itself out, learnt from the file, for the values that must be written.
struct Style {
    /// One level of indentation; empty when the file is written on one line.
    unit: String,
    newline: &'static str,
    /// Between a key and its value (`": "`, `":"`).
    colon: String,
}

/// The text `old` rewritten to hold `new`, touching only what changed.
pub(crate) fn edit(old: &str, new: &Value) -> Result<String, String> {
    let old_value: Value = serde_json::from_str(old).map_err(|e| e.to_string())?;
    let mut p = Parser {
        s: old.as_bytes(),
        at: 0,
    };
    p.ws();
    let root = p.value()?;
    let style = Style::of(old, &root);
    let mut edits = Vec::new();
    diff(old, &root, &old_value, new, &style, &mut edits);
    edits.sort_by_key(|e| (e.0, e.1));
    let mut out = String::with_capacity(old.len() + 256);
    let mut cursor = 0;
    for (start, end, text) in edits {
        if start < cursor {
            return Err("two changes overlap".into());
        }
        out.push_str(&old[cursor..start]);
        out.push_str(&text);
        cursor = end;
    }
    out.push_str(&old[cursor..]);
    Ok(out)
}

impl Style {
    fn of(text: &str, root: &Spanned) -> Style {
        let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
        let first = match &root.node {
            Node::Object(m) => m.first().map(|m| (m.key_start, m.value.start)),
            _ => None,
        };
        let (unit, colon) = match first {
            Some((key, value)) => {
                let line = text[..key].rfind('\n').map_or(0, |n| n + 1);
                let indent = &text[line..key];
                let unit = if indent.trim().is_empty() && line > root.start {
                    indent.to_string()
                } else {
                    String::new()
                };
                let key_end = key + json_string_len(&text[key..]);
                (unit, text[key_end..value].to_string())
            }
            None => ("  ".into(), ": ".into()),
        };
        Style {
            unit,
            newline,
            colon,
        }
    }

    /// `v` as the file would write it, its inner lines indented from `indent`.
    fn render(&self, v: &Value, indent: &str) -> String {
        if self.unit.is_empty() {
            return compact(v);
        }
        let inner = format!("{indent}{}", self.unit);
        match v {
            Value::Object(m) if !m.is_empty() => {
                let items: Vec<String> = m
                    .iter()
                    .map(|(k, v)| {
                        format!(
                            "{inner}{}{}{}",
                            compact(&Value::String(k.clone())),
                            self.colon,
                            self.render(v, &inner)
                        )
                    })
                    .collect();
                let nl = self.newline;
                format!("{{{nl}{}{nl}{indent}}}", items.join(&format!(",{nl}")))
            }
            Value::Array(a) if !a.is_empty() => {
                let items: Vec<String> = a
                    .iter()
                    .map(|v| format!("{inner}{}", self.render(v, &inner)))
                    .collect();
                let nl = self.newline;
                format!("[{nl}{}{nl}{indent}]", items.join(&format!(",{nl}")))
            }
            _ => compact(v),
        }
    }
}

fn compact(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

/// The indentation of the line `at` is on.
fn indent_at(text: &str, at: usize) -> &str {
    let line = text[..at].rfind('\n').map_or(0, |n| n + 1);
    let rest = &text[line..];
    &rest[..rest.len() - rest.trim_start_matches([' ', '\t']).len()]
}

/// The length in bytes of the JSON string that `s` starts with, quotes included.
fn json_string_len(s: &str) -> usize {
    let b = s.as_bytes();
    let mut i = 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    b.len()
}

type Edit = (usize, usize, String);

fn diff(text: &str, span: &Spanned, old: &Value, new: &Value, st: &Style, edits: &mut Vec<Edit>) {
    if old == new {
        return;
    }
    match (&span.node, old, new) {
        (Node::Object(members), Value::Object(o), Value::Object(n)) => {
            let kept: Vec<&Member> = members.iter().filter(|m| n.contains_key(&m.key)).collect();
            let added: Vec<(&String, &Value)> =
                n.iter().filter(|(k, _)| !o.contains_key(*k)).collect();
            let Some(last_kept) = kept.last() else {
                let indent = indent_at(text, span.start);
                edits.push((span.start, span.end, st.render(new, indent)));
                return;
            };
            for m in &kept {
                if let (Some(ov), Some(nv)) = (o.get(&m.key), n.get(&m.key)) {
                    diff(text, &m.value, ov, nv, st, edits);
                }
            }
            let first_kept = members.iter().position(|m| n.contains_key(&m.key));
            for (i, m) in members.iter().enumerate() {
                if n.contains_key(&m.key) {
                    continue;
                }
                match first_kept {
                    // Before the first kept member: up to it, separator included.
                    Some(f) if i < f => {
                        if i == 0 {
                            edits.push((m.key_start, members[f].key_start, String::new()));
                        }
                    }
                    // After it: from the end of the member before, separator included.
                    _ => edits.push((members[i - 1].value.end, m.value.end, String::new())),
                }
            }
            let indent = indent_at(text, last_kept.key_start);
            let sep = separator(text, members, st, indent);
            for (k, v) in added {
                edits.push((
                    last_kept.value.end,
                    last_kept.value.end,
                    format!(
                        "{sep}{}{}{}",
                        compact(&Value::String(k.clone())),
                        st.colon,
                        st.render(v, indent)
                    ),
                ));
            }
        }
        (Node::Array(items), Value::Array(o), Value::Array(n)) if !items.is_empty() => {
            let common = o.len().min(n.len());
            if common == 0 {
                let indent = indent_at(text, span.start);
                edits.push((span.start, span.end, st.render(new, indent)));
                return;
            }
            for i in 0..common {
                diff(text, &items[i], &o[i], &n[i], st, edits);
            }
            let last = &items[common - 1];
            if n.len() < o.len() {
                edits.push((last.end, items[o.len() - 1].end, String::new()));
            }
            let indent = indent_at(text, last.start);
            let sep = if items.len() > 1 {
                text[items[0].end..items[1].start].to_string()
            } else if st.unit.is_empty() {
                ", ".into()
            } else {
                format!(",{}{indent}", st.newline)
            };
            for v in &n[common..] {
                edits.push((last.end, last.end, format!("{sep}{}", st.render(v, indent))));
            }
        }
        _ => {
            let indent = indent_at(text, span.start);
            edits.push((span.start, span.end, st.render(new, indent)));
        }
    }
}

/// What goes between two members of an object: the file's own, or one in its style.
fn separator(text: &str, members: &[Member], st: &Style, indent: &str) -> String {
    match members {
        [a, b, ..] => text[a.value.end..b.key_start].to_string(),
        _ if st.unit.is_empty() => ", ".into(),
        _ => format!(",{}{indent}", st.newline),
    }
}

/// Finds where each value of a JSON text is (serde_json has already said the text is valid).
struct Parser<'a> {
    s: &'a [u8],
    at: usize,
}

impl Parser<'_> {
    fn ws(&mut self) {
        while self
            .s
            .get(self.at)
            .is_some_and(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\r'))
        {
            self.at += 1;
        }
    }

    fn eat(&mut self, c: u8) -> Result<(), String> {
        self.ws();
        if self.s.get(self.at) == Some(&c) {
            self.at += 1;
            Ok(())
        } else {
            Err(format!("expected '{}' at byte {}", c as char, self.at))
        }
    }

    fn string(&mut self) -> Result<String, String> {
        let start = self.at;
        let text = std::str::from_utf8(&self.s[start..]).map_err(|e| e.to_string())?;
        let len = json_string_len(text);
        self.at += len;
        serde_json::from_str(&text[..len]).map_err(|e| e.to_string())
    }

    fn value(&mut self) -> Result<Spanned, String> {
        self.ws();
        let start = self.at;
        let node = match self.s.get(self.at) {
            Some(b'{') => {
                self.at += 1;
                let mut members = Vec::new();
                self.ws();
                if self.s.get(self.at) == Some(&b'}') {
                    self.at += 1;
                } else {
                    loop {
                        self.ws();
                        let key_start = self.at;
                        let key = self.string()?;
                        self.eat(b':')?;
                        let value = self.value()?;
                        members.push(Member {
                            key,
                            key_start,
                            value,
                        });
                        self.ws();
                        match self.s.get(self.at) {
                            Some(b',') => self.at += 1,
                            _ => {
                                self.eat(b'}')?;
                                break;
                            }
                        }
                    }
                }
                Node::Object(members)
            }
            Some(b'[') => {
                self.at += 1;
                let mut items = Vec::new();
                self.ws();
                if self.s.get(self.at) == Some(&b']') {
                    self.at += 1;
                } else {
                    loop {
                        items.push(self.value()?);
                        self.ws();
                        match self.s.get(self.at) {
                            Some(b',') => self.at += 1,
                            _ => {
                                self.eat(b']')?;
                                break;
                            }
                        }
                    }
                }
                Node::Array(items)
            }
            Some(b'"') => {
                self.string()?;
                Node::Scalar
            }
            Some(_) => {
                while self.s.get(self.at).is_some_and(|c| {
                    !matches!(c, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')
                }) {
                    self.at += 1;
                }
                Node::Scalar
            }
            None => return Err("the file ends where a value should be".into()),
        };
        Ok(Spanned {
            start,
            end: self.at,
            node,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const HAND: &str = "{\r\n\t\"review\" :  {\"reference\": \"X-1\",\r\n\t\t\"kind\": \"scr\"},\r\n\t\"child\": {\r\n\t\t\"pseudonym\": \"Child A\",\r\n\t\t\"date_of_birth\": \"2012-04-03\"\r\n\t},\r\n\t\"agencies\": [ 1, 2 ],\r\n\t\"escaped\": \"caf\\u00e9\"\r\n}\r\n";

    fn changed(f: impl FnOnce(&mut Value)) -> String {
        let mut v: Value = serde_json::from_str(HAND).unwrap();
        f(&mut v);
        let out = edit(HAND, &v).unwrap();
        assert_eq!(serde_json::from_str::<Value>(&out).unwrap(), v, "{out}");
        out
    }

    #[test]
    fn nothing_changed_gives_the_same_bytes() {
        assert_eq!(changed(|_| {}), HAND);
    }

    #[test]
    fn a_changed_value_is_the_only_change() {
        let out = changed(|v| v["child"]["pseudonym"] = "Child B".into());
        assert_eq!(out, HAND.replace("\"Child A\"", "\"Child B\""));
    }

    #[test]
    fn an_added_key_takes_the_indentation_and_line_endings_of_its_neighbours() {
        let out = changed(|v| v["child"]["died_on"] = "2016-01-02".into());
        assert_eq!(
            out,
            HAND.replace(
                "\"2012-04-03\"",
                "\"2012-04-03\",\r\n\t\t\"died_on\" :  \"2016-01-02\""
            )
        );
        let out = changed(|v| v["decision"] = json!({"notifications": [{"to": "dfe"}]}));
        assert!(
            out.ends_with(
                "\"caf\\u00e9\",\r\n\t\"decision\" :  {\r\n\t\t\"notifications\" :  [\r\n\t\t\t{\r\n\t\t\t\t\"to\" :  \"dfe\"\r\n\t\t\t}\r\n\t\t]\r\n\t}\r\n}\r\n"
            ),
            "{out}"
        );
    }

    #[test]
    fn removed_keys_and_items_take_their_separators_with_them() {
        let out = changed(|v| {
            v["review"].as_object_mut().unwrap().remove("reference");
            v["agencies"].as_array_mut().unwrap().pop();
            v["agencies"][0] = 7.into();
        });
        assert_eq!(
            out,
            HAND.replace("{\"reference\": \"X-1\",\r\n\t\t\"kind\"", "{\"kind\"")
                .replace("[ 1, 2 ]", "[ 7 ]")
        );
        let out = changed(|v| v["agencies"].as_array_mut().unwrap().push(3.into()));
        assert_eq!(out, HAND.replace("[ 1, 2 ]", "[ 1, 2, 3 ]"));
    }

    #[test]
    fn patch_carries_only_the_typed_change_into_the_file() {
        let mut file = json!({"a": {"x": "05/01/2020", "unknown": 1}, "list": [{"s": "open"}]});
        let before = json!({"a": {"x": "2020-01-05", "d": null}, "list": [{"s": "open"}]});
        let after = json!({"a": {"x": "2020-01-05", "d": null}, "list": [{"s": "done", "on": "2020-02-01"}, {"s": "new", "end": null}]});
        patch(&mut file, &before, &after);
        assert_eq!(
            file,
            json!({"a": {"x": "05/01/2020", "unknown": 1}, "list": [{"s": "done", "on": "2020-02-01"}, {"s": "new"}]})
        );
    }
}
