//! Finding `{{tags}}` in a paragraph's text and understanding each one on its own.
//!
//! Word scatters a tag over runs and "corrects" its quotes; by the time text reaches here the
//! runs are joined, so a tag is found whole. Each tag is then checked alone with the handlebars
//! parser, which is what lets a template report *every* syntax error rather than the first.

use handlebars::template::{Parameter, TemplateElement};

/// A tag found in a run of text: its byte range in that text and its normalised source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct FoundTag {
    /// Byte offset of the first `{`.
    pub start: usize,
    /// Byte offset just past the last `}`.
    pub end: usize,
    /// The tag with Word's typography undone (straight quotes, plain spaces).
    pub source: String,
}

/// A `{{` with no `}}` after it, at a byte offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Unclosed {
    /// Byte offset of the `{{`.
    pub start: usize,
}

/// Finds every tag in `text`.
pub(super) fn find_tags(text: &str) -> (Vec<FoundTag>, Vec<Unclosed>) {
    let mut tags = Vec::new();
    let mut unclosed = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(rel) = text[i..].find("{{") {
        let start = i + rel;
        let triple = bytes.get(start + 2) == Some(&b'{');
        let comment = text[start..].starts_with("{{!--");
        let close = if comment {
            "--}}"
        } else if triple {
            "}}}"
        } else {
            "}}"
        };
        let from = start + if triple { 3 } else { 2 };
        match text[from..].find(close) {
            Some(rel_end) => {
                let end = from + rel_end + close.len();
                tags.push(FoundTag {
                    start,
                    end,
                    source: normalise(&text[start..end]),
                });
                i = end;
            }
            None => {
                unclosed.push(Unclosed { start });
                i = from;
            }
        }
    }
    (tags, unclosed)
}

/// Undoes Word's AutoFormat inside a tag: curly quotes, non-breaking and zero-width spaces.
pub(super) fn normalise(tag: &str) -> String {
    tag.chars()
        .filter_map(|c| match c {
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' => Some('"'),
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' => Some('\''),
            '\u{00A0}' | '\u{2007}' | '\u{202F}' => Some(' '),
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}' => None,
            c => Some(c),
        })
        .collect()
}

/// The block helpers a template may use.
pub(super) const BLOCK_HELPERS: &[&str] = &["each", "if", "unless", "with"];

/// What a tag does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TagKind {
    /// Writes a value: `{{child.pseudonym}}`, `{{date x "%d %B %Y"}}`.
    Value {
        /// The expression inside the braces, without `~` or a third brace.
        expr: String,
    },
    /// Opens a block: `{{#each agencies}}`.
    Open {
        /// The block helper.
        helper: String,
        /// Everything after the helper name, e.g. `agencies as |a|`.
        rest: String,
    },
    /// `{{else}}` or `{{else if x}}`.
    Else {
        /// What follows `else`, e.g. `if x`; empty for a plain else.
        rest: String,
    },
    /// Closes a block: `{{/each}}`.
    Close {
        /// The block helper.
        helper: String,
    },
    /// `{{! note }}`: removed from the output.
    Comment,
}

impl TagKind {
    /// True for tags that open, divide or close a block.
    pub fn is_block(&self) -> bool {
        matches!(
            self,
            TagKind::Open { .. } | TagKind::Else { .. } | TagKind::Close { .. }
        )
    }
}

/// Why a tag cannot be used, and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct TagProblem {
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub help: String,
}

fn problem(message: impl Into<String>, help: impl Into<String>) -> TagProblem {
    TagProblem {
        message: message.into(),
        help: help.into(),
    }
}

/// Understands one tag, checking its syntax and the helpers it calls against `helpers`.
pub(super) fn classify(source: &str, helpers: &[&str]) -> Result<TagKind, TagProblem> {
    let inner = source
        .trim_start_matches('{')
        .trim_end_matches('}')
        .trim_start_matches('~')
        .trim_end_matches('~')
        .trim();
    if inner.starts_with('!') {
        return Ok(TagKind::Comment);
    }
    if inner.is_empty() {
        return Err(problem(
            "the tag is empty",
            "write a field name between the braces, e.g. {{child.pseudonym}}",
        ));
    }
    if let Some(depth) = too_deep(inner) {
        return Err(problem(
            format!("sub-expressions are nested {depth} deep, more than {MAX_SUBEXPRESSION_DEPTH}"),
            "write the tag with fewer brackets inside one another",
        ));
    }
    if let Some(rest) = inner.strip_prefix('#') {
        let rest = rest.trim_start_matches(['*', '>']).trim();
        let (helper, args) = split_word(rest);
        if !BLOCK_HELPERS.contains(&helper) {
            return Err(problem(
                format!("unknown block \"#{helper}\""),
                "blocks are #each, #if, #unless and #with",
            ));
        }
        if args.is_empty() {
            return Err(problem(
                format!("#{helper} needs something to work on"),
                format!("e.g. {{{{#{helper} agencies}}}}"),
            ));
        }
        let probe = format!("{{{{#{helper} {args}}}}}{{{{/{helper}}}}}");
        check_syntax(&probe, helpers)?;
        return Ok(TagKind::Open {
            helper: helper.to_string(),
            rest: args.to_string(),
        });
    }
    if let Some(rest) = inner.strip_prefix('/') {
        let helper = rest.trim();
        if !BLOCK_HELPERS.contains(&helper) {
            return Err(problem(
                format!("unknown block end \"/{helper}\""),
                "blocks end with /each, /if, /unless or /with",
            ));
        }
        return Ok(TagKind::Close {
            helper: helper.to_string(),
        });
    }
    if inner == "else" || inner == "^" {
        return Ok(TagKind::Else {
            rest: String::new(),
        });
    }
    if let Some(rest) = inner.strip_prefix("else ") {
        let rest = rest.trim();
        let probe = format!("{{{{#if x}}}}{{{{else {rest}}}}}{{{{/if}}}}");
        check_syntax(&probe, helpers)?;
        return Ok(TagKind::Else {
            rest: rest.to_string(),
        });
    }
    if inner.starts_with('^') {
        return Err(problem(
            "inverted sections ({{^x}}) are not supported",
            "use {{#unless x}} ... {{/unless}}",
        ));
    }
    if inner.starts_with('>') {
        return Err(problem(
            "partials ({{> name}}) are not supported",
            "put the text in the template itself",
        ));
    }
    let expr = inner.trim_start_matches('&').trim();
    check_syntax(&format!("{{{{{expr}}}}}"), helpers)?;
    Ok(TagKind::Value {
        expr: expr.to_string(),
    })
}

/// The deepest sub-expressions may be nested (`(add_days (date x) 3)` is two): the tag
/// parser recurses once per level.
pub(crate) const MAX_SUBEXPRESSION_DEPTH: usize = 32;

/// The nesting depth of brackets outside quotes, when past [`MAX_SUBEXPRESSION_DEPTH`].
fn too_deep(inner: &str) -> Option<usize> {
    let (mut depth, mut deepest, mut quote) = (0usize, 0usize, None);
    for c in inner.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '(') => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            (None, ')') => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    (deepest > MAX_SUBEXPRESSION_DEPTH).then_some(deepest)
}

fn split_word(s: &str) -> (&str, &str) {
    match s.find(char::is_whitespace) {
        Some(i) => (&s[..i], s[i..].trim()),
        None => (s, ""),
    }
}

fn check_syntax(probe: &str, helpers: &[&str]) -> Result<(), TagProblem> {
    let t = handlebars::Template::compile(probe).map_err(|e| {
        let reason = e.reason().to_string();
        problem(
            format!("the tag cannot be read: {reason}"),
            "check the braces, quotes and brackets; field names use dots, e.g. child.date_of_birth",
        )
    })?;
    let mut unknown = Vec::new();
    for el in &t.elements {
        unknown_helpers(el, helpers, &mut unknown);
    }
    if let Some(name) = unknown.first() {
        return Err(problem(
            format!("unknown helper \"{name}\""),
            crate::suggest::help(name, helpers, "helpers are"),
        ));
    }
    Ok(())
}

fn unknown_helpers(el: &TemplateElement, helpers: &[&str], out: &mut Vec<String>) {
    let ht = match el {
        TemplateElement::Expression(ht)
        | TemplateElement::HtmlExpression(ht)
        | TemplateElement::HelperBlock(ht) => ht,
        _ => return,
    };
    let is_call = !ht.params.is_empty() || !ht.hash.is_empty() || ht.block;
    if is_call
        && let Parameter::Name(n) | Parameter::Path(handlebars::Path::Relative((_, n))) = &ht.name
        && !helpers.contains(&n.as_str())
        && !BLOCK_HELPERS.contains(&n.as_str())
    {
        out.push(n.clone());
    }
    for p in ht.params.iter().chain(ht.hash.values()) {
        if let Parameter::Subexpression(s) = p {
            unknown_helpers(&s.element, helpers, out);
        }
    }
    for t in [&ht.template, &ht.inverse].into_iter().flatten() {
        for e in &t.elements {
            unknown_helpers(e, helpers, out);
        }
    }
}

/// The data paths an expression reads, as written (`child.pseudonym`, `../name`, `@index`).
pub(super) fn paths_in(expr: &str) -> Vec<String> {
    let Ok(t) = handlebars::Template::compile(&format!("{{{{{expr}}}}}")) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for el in &t.elements {
        collect_paths(el, &mut out);
    }
    out
}

/// The data paths of a block's arguments (`agencies` in `#each agencies as |a|`).
pub(super) fn block_paths(helper: &str, rest: &str) -> Vec<String> {
    let Ok(t) =
        handlebars::Template::compile(&format!("{{{{#{helper} {rest}}}}}{{{{/{helper}}}}}"))
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for el in &t.elements {
        collect_paths(el, &mut out);
    }
    out
}

fn collect_paths(el: &TemplateElement, out: &mut Vec<String>) {
    let ht = match el {
        TemplateElement::Expression(ht)
        | TemplateElement::HtmlExpression(ht)
        | TemplateElement::HelperBlock(ht) => ht,
        _ => return,
    };
    let is_call = !ht.params.is_empty() || !ht.hash.is_empty() || ht.block;
    if !is_call {
        let raw = match &ht.name {
            Parameter::Path(handlebars::Path::Relative((_, raw)))
            | Parameter::Path(handlebars::Path::Local((_, _, raw))) => raw.clone(),
            Parameter::Name(n) => n.clone(),
            _ => String::new(),
        };
        if !raw.is_empty() {
            out.push(raw);
        }
        return;
    }
    for p in ht.params.iter().chain(ht.hash.values()) {
        match p {
            Parameter::Path(handlebars::Path::Relative((_, raw)))
            | Parameter::Path(handlebars::Path::Local((_, _, raw))) => out.push(raw.clone()),
            Parameter::Subexpression(s) => collect_paths(&s.element, out),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: &[&str] = &["date", "default", "upper"];

    #[test]
    fn tags_are_found_with_their_offsets() {
        let (tags, unclosed) =
            find_tags("Dear {{contact.name}}, see {{{raw}}} and {{!-- a }} --}} {{oops");
        let s: Vec<_> = tags.iter().map(|t| t.source.as_str()).collect();
        assert_eq!(s, ["{{contact.name}}", "{{{raw}}}", "{{!-- a }} --}}"]);
        assert_eq!(tags[0].start, 5);
        assert_eq!(unclosed, [Unclosed { start: 57 }]);
    }

    #[test]
    fn smart_quotes_are_straightened() {
        let (tags, _) = find_tags("{{date x \u{201C}%d %B\u{201D}}}");
        assert_eq!(tags[0].source, "{{date x \"%d %B\"}}");
    }

    #[test]
    fn tags_are_classified() {
        assert_eq!(
            classify("{{#each agencies as |a|}}", H).unwrap(),
            TagKind::Open {
                helper: "each".into(),
                rest: "agencies as |a|".into()
            }
        );
        assert_eq!(
            classify("{{/each}}", H).unwrap(),
            TagKind::Close {
                helper: "each".into()
            }
        );
        assert_eq!(
            classify("{{else}}", H).unwrap(),
            TagKind::Else {
                rest: String::new()
            }
        );
        assert_eq!(classify("{{! note}}", H).unwrap(), TagKind::Comment);
        assert_eq!(
            classify("{{~ date x \"%Y\" ~}}", H).unwrap(),
            TagKind::Value {
                expr: "date x \"%Y\"".into()
            }
        );
    }

    #[test]
    fn bad_tags_say_why() {
        assert!(
            classify("{{date x \"%Y}}", H)
                .unwrap_err()
                .message
                .contains("cannot be read")
        );
        assert!(
            classify("{{frobnicate x}}", H)
                .unwrap_err()
                .message
                .contains("unknown helper")
        );
        assert!(
            classify("{{#repeat x}}", H)
                .unwrap_err()
                .message
                .contains("unknown block")
        );
        assert!(
            classify("{{#each}}", H)
                .unwrap_err()
                .message
                .contains("needs")
        );
        assert!(
            classify("{{> part}}", H)
                .unwrap_err()
                .message
                .contains("partials")
        );
        assert!(classify("{{}}", H).unwrap_err().message.contains("empty"));
        assert!(
            classify("{{upper (frob x)}}", H)
                .unwrap_err()
                .message
                .contains("frob"),
            "helpers inside subexpressions are checked too"
        );
    }

    #[test]
    fn paths_are_listed() {
        assert_eq!(paths_in("child.pseudonym"), ["child.pseudonym"]);
        assert_eq!(
            paths_in("date review.scope.from \"%Y\""),
            ["review.scope.from"]
        );
        assert_eq!(block_paths("each", "agencies as |a|"), ["agencies"]);
    }
}
