//! Ids: the largest drawing and bookmark id of a template, and the rewriting that makes
//! each copy of repeated content use fresh ones.

use crate::docx::xml::Tree;
use quick_xml::events::BytesStart;

pub(super) fn max_ids(tree: &Tree, max: &mut u64) {
    for n in tree.descendants(0) {
        let key = match tree.name(n) {
            "wp:docPr" | "pic:cNvPr" => "id",
            "w:bookmarkStart" | "w:bookmarkEnd" => "w:id",
            _ => continue,
        };
        if let Some(v) = tree.attr(n, key).and_then(|v| v.parse::<u64>().ok()) {
            *max = (*max).max(v);
        }
    }
}

/// The largest drawing or bookmark id of a part read as a stream, with no tree: for parts
/// that hold no tags, which are only copied. `None` when the part is not well formed.
pub(super) fn max_ids_streaming(text: &str) -> Option<u64> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut depth = 0usize;
    let mut max = 0u64;
    loop {
        let e = match reader.read_event().ok()? {
            Event::Start(e) => {
                depth += 1;
                e
            }
            Event::Empty(e) => e,
            Event::End(_) => {
                depth = depth.checked_sub(1)?;
                continue;
            }
            Event::Eof => return (depth == 0).then_some(max),
            _ => continue,
        };
        let key: &str = match e.name().as_ref() {
            "wp:docPr" | "pic:cNvPr" => "id",
            "w:bookmarkStart" | "w:bookmarkEnd" => "w:id",
            _ => continue,
        };
        let mut attrs = e.attributes();
        attrs.with_checks(false);
        if let Some(v) = attrs
            .flatten()
            .find(|a| a.key.as_ref() == key)
            .and_then(|a| a.value.trim().parse::<u64>().ok())
        {
            max = max.max(v);
        }
    }
}

/// Rewrites ids in repeated content so each copy is unique: drawing ids, bookmark ids and
/// names; paragraph ids (optional in Word) are dropped.
pub(super) fn fresh_ids(name: &str, raw: &str) -> String {
    let which: &[&str] = match name {
        "wp:docPr" => &["id"],
        "w:bookmarkStart" => &["w:id", "w:name"],
        "w:bookmarkEnd" => &["w:id"],
        "w:p" | "w:tr" => &["w14:paraId", "w14:textId"],
        _ => return raw.to_string(),
    };
    let start = BytesStart::from_content(raw, name.len());
    let mut attrs = start.attributes();
    attrs.with_checks(false);
    let all: Vec<(String, String)> = attrs
        .flatten()
        .map(|a| (a.key.as_ref().to_string(), a.value.clone().into_owned()))
        .collect();
    if !all.iter().any(|(k, _)| which.contains(&k.as_str())) {
        return raw.to_string();
    }
    let orig_id = all
        .iter()
        .find(|(k, _)| k == "w:id")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let mut out = name.to_string();
    for (k, v) in &all {
        let v = match (name, k.as_str()) {
            ("w:p" | "w:tr", _) if which.contains(&k.as_str()) => continue,
            ("wp:docPr", "id") => "{{__id}}".to_string(),
            ("w:bookmarkStart", "w:id") => format!("{{{{__bs {}}}}}", num(v)),
            ("w:bookmarkEnd", "w:id") => format!("{{{{__be {}}}}}", num(v)),
            ("w:bookmarkStart", "w:name") => {
                let mut name_lit = String::new();
                for ch in crate::docx::xml::unescape(v).chars() {
                    if ch.is_alphanumeric() || ch == '_' {
                        name_lit.push(ch);
                    }
                }
                format!("{{{{__bn {} \"{name_lit}\"}}}}", num(&orig_id))
            }
            _ => v.replace("{{", "{&#123;"),
        };
        let q = if v.contains('"') { '\'' } else { '"' };
        out.push(' ');
        out.push_str(k);
        out.push('=');
        out.push(q);
        out.push_str(&v);
        out.push(q);
    }
    out
}

fn num(s: &str) -> u64 {
    s.trim().parse().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_streaming_scan_finds_the_largest_id_or_refuses_broken_xml() {
        let xml = r#"<w:hdr><w:p><w:bookmarkStart w:id="7" w:name="a"/><w:r><w:drawing><wp:inline><wp:docPr id="12" name="x"/></wp:inline></w:drawing></w:r><w:bookmarkEnd w:id="7"/></w:p></w:hdr>"#;
        assert_eq!(max_ids_streaming(xml), Some(12));
        let tree = Tree::parse(xml).unwrap();
        let mut from_tree = 0;
        max_ids(&tree, &mut from_tree);
        assert_eq!(from_tree, 12);
        assert_eq!(max_ids_streaming("<w:hdr><w:p></w:hdr>"), None);
        assert_eq!(max_ids_streaming("<w:hdr><w:p>"), None);
    }

    #[test]
    fn repeated_ids_are_made_fresh() {
        assert_eq!(
            fresh_ids("wp:docPr", "wp:docPr id=\"3\" name=\"Picture 3\""),
            "wp:docPr id=\"{{__id}}\" name=\"Picture 3\""
        );
        assert_eq!(
            fresh_ids(
                "w:bookmarkStart",
                "w:bookmarkStart w:id=\"0\" w:name=\"_GoBack\""
            ),
            "w:bookmarkStart w:id=\"{{__bs 0}}\" w:name='{{__bn 0 \"_GoBack\"}}'"
        );
        assert_eq!(
            fresh_ids("w:p", "w:p w14:paraId=\"1A2B\" w:rsidR=\"00C1\""),
            "w:p w:rsidR=\"00C1\""
        );
        assert_eq!(fresh_ids("w:r", "w:r w:rsidR=\"1\""), "w:r w:rsidR=\"1\"");
    }
}
