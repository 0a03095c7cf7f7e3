//! Listing a template's tags with where they are and which data they need, so a coordinator
//! editing a template in Word can see what the engine sees.

use super::compile::{Extent, TagInfo};
use super::helpers::HELPER_NAMES;
use super::tags::{TagKind, block_paths, paths_in};
use crate::diagnostic::Location;
use serde::Serialize;

/// One tag as `scr template inspect` reports it.
#[derive(Debug, Clone, Serialize)]
pub struct TagReport {
    /// The tag as written.
    pub tag: String,
    /// "value", "block", "else", "end" or "comment".
    pub role: &'static str,
    /// What a block repeats or hides.
    pub extent: Extent,
    /// Where it is.
    pub location: Location,
    /// Where it is, in words.
    pub place: String,
    /// Data paths it reads, from the top of the data (`agencies[].name` inside a loop).
    pub needs: Vec<String>,
}

/// Reports every tag with the data paths it needs, resolving paths inside `#each`/`#with`.
pub fn inspect(tags: &[TagInfo]) -> Vec<TagReport> {
    // Scopes per part: (prefix, block param names), innermost last.
    let mut scopes: Vec<(String, Vec<String>)> = Vec::new();
    let mut current_part = String::new();
    let mut out = Vec::with_capacity(tags.len());
    for t in tags {
        let part = match &t.location {
            Location::Docx { part, .. } => part.clone(),
            _ => String::new(),
        };
        if part != current_part {
            scopes.clear();
            current_part = part;
        }
        let raw = match &t.kind {
            TagKind::Value { expr } => paths_in(expr),
            TagKind::Open { helper, rest } => block_paths(helper, rest),
            TagKind::Else { rest } if !rest.is_empty() => {
                let (h, r) = rest.split_once(' ').unwrap_or((rest, ""));
                block_paths(h, r)
            }
            _ => Vec::new(),
        };
        let needs: Vec<String> = raw
            .iter()
            .filter(|p| !HELPER_NAMES.contains(&p.as_str()))
            .filter_map(|p| resolve(p, &scopes))
            .collect();
        match &t.kind {
            TagKind::Open { helper, rest } => {
                let params = block_params(rest);
                let prefix = match (helper.as_str(), needs.first()) {
                    ("each", Some(p)) => format!("{p}[]"),
                    ("with", Some(p)) => p.clone(),
                    _ => scopes.last().map(|s| s.0.clone()).unwrap_or_default(),
                };
                scopes.push((prefix, params));
            }
            TagKind::Close { .. } => {
                scopes.pop();
            }
            _ => {}
        }
        out.push(TagReport {
            tag: t.source.clone(),
            role: t.role,
            extent: t.extent,
            place: t.location.to_string(),
            location: t.location.clone(),
            needs,
        });
    }
    out
}

fn block_params(rest: &str) -> Vec<String> {
    match rest.split_once("as |") {
        Some((_, names)) => names
            .trim_end_matches('|')
            .split_whitespace()
            .map(|s| s.trim_matches('|').to_string())
            .collect(),
        None => Vec::new(),
    }
}

/// Resolves a path written inside blocks to a path from the top of the data.
fn resolve(path: &str, scopes: &[(String, Vec<String>)]) -> Option<String> {
    if path.starts_with('@') && !path.starts_with("@root") {
        return None; // @index, @first...: loop variables, not data
    }
    if let Some(rest) = path.strip_prefix("@root") {
        let rest = rest.trim_start_matches(['.', '/']);
        return Some(rest.to_string()).filter(|r| !r.is_empty());
    }
    let mut depth = scopes.len();
    let mut rest = path;
    while let Some(r) = rest.strip_prefix("../") {
        depth = depth.saturating_sub(1);
        rest = r;
    }
    let rest = rest
        .strip_prefix("this.")
        .or_else(|| rest.strip_prefix("./"))
        .unwrap_or(rest);
    let rest = if rest == "this" || rest == "." {
        ""
    } else {
        rest
    };
    // A block parameter (`as |a|`) names the item of its loop.
    let first = rest.split(['.', '/']).next().unwrap_or("");
    for (i, (prefix, params)) in scopes[..depth].iter().enumerate().rev() {
        if let Some(pos) = params.iter().position(|p| p == first) {
            let tail = &rest[first.len()..];
            return Some(if pos == 0 {
                format!("{prefix}{tail}")
            } else {
                // The second block parameter is the index or key.
                let _ = i;
                return None;
            });
        }
    }
    let base = if depth == 0 {
        String::new()
    } else {
        scopes[depth - 1].0.clone()
    };
    let joined = match (base.is_empty(), rest.is_empty()) {
        (true, _) => rest.to_string(),
        (false, true) => base,
        (false, false) => format!("{base}.{rest}"),
    };
    Some(joined.replace('/', ".")).filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sc(v: &[(&str, &[&str])]) -> Vec<(String, Vec<String>)> {
        v.iter()
            .map(|(p, ps)| (p.to_string(), ps.iter().map(|s| s.to_string()).collect()))
            .collect()
    }

    #[test]
    fn paths_resolve_through_scopes() {
        let s = sc(&[("agencies[]", &[]), ("agencies[].contacts[]", &[])]);
        assert_eq!(
            resolve("name", &s).as_deref(),
            Some("agencies[].contacts[].name")
        );
        assert_eq!(resolve("../name", &s).as_deref(), Some("agencies[].name"));
        assert_eq!(
            resolve("@root.review.reference", &s).as_deref(),
            Some("review.reference")
        );
        assert_eq!(resolve("@index", &s), None);
        assert_eq!(resolve("this", &s[..1]).as_deref(), Some("agencies[]"));
        let s = sc(&[("agencies[]", &["a", "i"])]);
        assert_eq!(resolve("a.name", &s).as_deref(), Some("agencies[].name"));
    }
}
