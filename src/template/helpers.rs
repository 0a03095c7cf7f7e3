//! The helpers a template may call, and the engine's own helpers that write values into Word
//! XML, check for missing data, and hand out fresh ids in repeated content.
//!
//! Handlebars stops at the first error in strict mode; a coordinator fixing a template wants all
//! of them. So rendering runs non-strict, and the engine's helpers record every missing value
//! and every bad argument in a per-thread [`RenderState`], attributed to the tag that asked.
//! That is stricter than strict mode (a missing value inside `{{#if}}` is an error too) and it
//! reports everything at once.

use crate::docx::xml::escape_text;
use chrono::NaiveDate;
use handlebars::{
    Context, Handlebars, Helper, HelperDef, HelperResult, JsonRender, JsonTruthy, Output,
    PathAndJson, RenderContext, RenderError, RenderErrorReason, ScopedJson,
};
use serde_json::Value;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

/// How a value may be written where its tag stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum HostMode {
    /// In a run directly inside a paragraph: a blank line may start a new paragraph.
    Run,
    /// In a run nested in a hyperlink, field or content control: line breaks only.
    NestedRun,
    /// In a property part: plain escaped text.
    Plain,
}

/// What a value tag needs to write a value in place: the formatting of its paragraph and run.
#[derive(Debug, Clone)]
pub(super) struct Host {
    /// How values may be written here.
    pub mode: HostMode,
    /// The paragraph's `<w:pPr>` (without section properties), for paragraphs a value starts.
    pub ppr: String,
    /// The run's `<w:rPr>`, for runs a value starts.
    pub rpr: String,
}

/// A problem found while rendering: the tag it belongs to, what is wrong and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct RenderProblem {
    /// Index of the tag in the compiled template.
    pub tag: usize,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub help: String,
}

/// Per-render state, kept per thread so that one compiled template renders on many threads.
pub(super) struct RenderState {
    /// Hosts by tag index.
    pub hosts: Arc<Vec<Host>>,
    /// Problems attributed to tags.
    pub problems: Vec<RenderProblem>,
    /// Problems raised by helpers inside an expression, until the tag that holds it claims them.
    pending: Vec<(String, String)>,
    /// Next free drawing id.
    pub next_id: u64,
    /// Bookmark ids given in this render: original id to fresh id.
    bookmarks: HashMap<u64, u64>,
    /// What `label` calls a coded value, as the caller's data defines it.
    labels: Option<Labels>,
    /// The part being rendered, for the pictures placed in it.
    pub part: String,
    /// Pictures placed so far, and where pictures go.
    pub pictures: Vec<super::picture::Placed>,
    pub picture_env: Arc<super::picture::Env>,
}

/// The words for coded values (`learning_together` → "SCIE Learning Together"), given by the
/// caller that knows the data: the engine knows no case.
pub type Labels = fn(&str) -> Option<&'static str>;

thread_local! {
    static STATE: RefCell<Option<RenderState>> = const { RefCell::new(None) };
}

/// Runs `f` with a fresh render state on this thread and returns what it recorded.
pub(super) fn with_state<T>(
    hosts: Arc<Vec<Host>>,
    first_free_id: u64,
    labels: Option<Labels>,
    f: impl FnOnce() -> T,
) -> (T, Vec<RenderProblem>) {
    STATE.with(|s| {
        *s.borrow_mut() = Some(RenderState {
            hosts,
            problems: Vec::new(),
            pending: Vec::new(),
            next_id: first_free_id,
            bookmarks: HashMap::new(),
            labels,
            part: String::new(),
            pictures: Vec::new(),
            picture_env: Arc::new(super::picture::Env::new("", "")),
        })
    });
    let out = f();
    let state = STATE.with(|s| s.borrow_mut().take());
    (out, state.map(|s| s.problems).unwrap_or_default())
}

/// Gives the render on this thread where its pictures go.
pub(super) fn set_picture_env(env: Arc<super::picture::Env>) {
    state(|s| s.picture_env = env);
}

/// Names the part about to be rendered.
pub(super) fn set_part(part: &str) {
    state(|s| s.part = part.to_string());
}

/// The pictures placed by the render on this thread.
pub(super) fn take_pictures() -> Vec<super::picture::Placed> {
    state(|s| std::mem::take(&mut s.pictures)).unwrap_or_default()
}

pub(super) fn state<T>(f: impl FnOnce(&mut RenderState) -> T) -> Option<T> {
    STATE.with(|s| s.borrow_mut().as_mut().map(f))
}

fn pend(message: String, help: String) {
    state(|s| s.pending.push((message, help)));
}

pub(super) fn claim(tag: usize) {
    state(|s| {
        for (message, help) in s.pending.drain(..) {
            s.problems.push(RenderProblem { tag, message, help });
        }
    });
}

pub(super) fn record(tag: usize, message: String, help: String) {
    state(|s| s.problems.push(RenderProblem { tag, message, help }));
}

pub(super) fn missing<'rc>(
    path: Option<&String>,
    ctx: &'rc Context,
    rc: &RenderContext<'_, 'rc>,
) -> (String, String) {
    let p = path.map(String::as_str).unwrap_or("?");
    let message = format!("the data has no value for \"{p}\"");
    let default = format!("{{{{default {p} \"...\"}}}}");
    // The block's own scope first (inside {{#each}} a path is read from the item), then the
    // root; a slip of the keyboard is the likeliest cause, so its correction comes first.
    let this = rc.evaluate(ctx, "this").ok().map(|j| j.as_json().clone());
    let root = ctx.data();
    let scopes: Vec<&Value> = this.iter().chain([root]).collect();
    let plain = p.strip_prefix("this.").unwrap_or(p);
    match crate::suggest::data_path(plain, &scopes) {
        Some(s) => (
            message,
            format!(
                "did you mean \"{s}\"? If not, add \"{p}\" to the data or give a default: {default}"
            ),
        ),
        None => (
            message,
            format!("add \"{p}\" to the data, check its spelling, or give a default: {default}"),
        ),
    }
}

pub(super) fn tag_id(h: &Helper<'_>) -> usize {
    h.param(0)
        .and_then(|p| p.value().as_u64())
        .unwrap_or(usize::MAX as u64) as usize
}

/// An engine helper's value (`{{__v TAG x}}`, `{{__shade TAG x}}`, `{{__picture TAG x}}`,
/// `(__p TAG x)`): its tag, its parameter, and whether the data lacks it, which is recorded
/// against the tag before the tag claims its pending problems. `None` when the call has no
/// parameter.
pub(super) fn tagged<'h, 'rc>(
    h: &'h Helper<'rc>,
    ctx: &'rc Context,
    rc: &RenderContext<'_, 'rc>,
) -> Option<(usize, &'h PathAndJson<'rc>, bool)> {
    let tag = tag_id(h);
    let p = h.param(1)?;
    let absent = p.is_value_missing();
    if absent {
        let (m, help) = missing(p.relative_path(), ctx, rc);
        record(tag, m, help);
    }
    claim(tag);
    Some((tag, p, absent))
}

/// Names of the helpers templates may call.
pub const HELPER_NAMES: &[&str] = &[
    "date", "default", "upper", "lower", "capital", "join", "count", "eq", "ne", "and", "or",
    "not", "plural", "age_at", "add_days", "index", "lookup", "label", "shade", "picture",
];

/// Registers every helper on a registry.
pub(super) fn register(reg: &mut Handlebars<'static>) {
    reg.register_helper("__v", Box::new(WriteValue));
    reg.register_helper("__shade", Box::new(WriteShade));
    reg.register_helper("__picture", Box::new(super::picture::WritePicture));
    reg.register_helper("__p", Box::new(BlockValue { truth: false }));
    reg.register_helper("__t", Box::new(BlockValue { truth: true }));
    reg.register_helper("__id", Box::new(IdHelper(fresh_id)));
    reg.register_helper("__bs", Box::new(IdHelper(bookmark_start)));
    reg.register_helper("__be", Box::new(IdHelper(bookmark_end)));
    reg.register_helper("__bn", Box::new(IdHelper(bookmark_name)));
    reg.register_helper("each", Box::new(super::each::Each));
    reg.register_helper("default", Box::new(Default));
    reg.register_helper("index", Box::new(Index));
    for (name, f) in [
        ("date", date as ValueFn),
        ("upper", upper),
        ("lower", lower),
        ("capital", capital),
        ("join", join),
        ("count", count),
        ("eq", eq),
        ("ne", ne),
        ("and", and),
        ("or", or),
        ("not", not),
        ("plural", plural),
        ("age_at", age_at),
        ("add_days", add_days),
        ("label", label),
        ("shade", shade),
        ("picture", picture_inside),
    ] {
        reg.register_helper(name, Box::new(ValueHelper { name, f }));
    }
}

type Args<'a> = [&'a Value];
type ValueFn = fn(&Args<'_>, &HashMap<&str, &Value>) -> Result<Value, (String, String)>;

struct ValueHelper {
    name: &'static str,
    f: ValueFn,
}

impl HelperDef for ValueHelper {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        rc: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let mut args = Vec::with_capacity(h.params().len());
        for p in h.params() {
            if p.is_value_missing() {
                let (m, help) = missing(p.relative_path(), ctx, rc);
                pend(m, help);
                return Ok(ScopedJson::Derived(Value::Null));
            }
            args.push(p.value());
        }
        let hash: HashMap<&str, &Value> = h.hash().iter().map(|(k, v)| (*k, v.value())).collect();
        match (self.f)(&args, &hash) {
            Ok(v) => Ok(ScopedJson::Derived(v)),
            Err((m, help)) => {
                pend(format!("{}: {m}", self.name), help);
                Ok(ScopedJson::Derived(Value::Null))
            }
        }
    }
}

/// `{{__v TAG expr}}`: writes a value as Word XML in the host's formatting.
struct WriteValue;

impl HelperDef for WriteValue {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        rc: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let Some((tag, p, absent)) = tagged(h, ctx, rc) else {
            return Ok(());
        };
        if absent {
            return Ok(());
        }
        let text = match display(p.value()) {
            Ok(t) => t,
            Err((m, help)) => {
                record(tag, m, help);
                return Ok(());
            }
        };
        if text.is_empty() {
            return Ok(());
        }
        let mut buf = String::with_capacity(text.len() + 16);
        // The host's formatting is borrowed, not copied: this runs once per value written.
        let hosts = state(|s| s.hosts.clone());
        write_xml(&text, hosts.as_ref().and_then(|h| h.get(tag)), &mut buf);
        out.write(&buf)?;
        Ok(())
    }
}

/// A colour for cell shading: six hex digits ("C00000", "#c00000"); `None` for no shading
/// (nothing, "", "none", "auto").
fn colour(v: &Value) -> Result<Option<String>, (String, String)> {
    let s = match v {
        Value::Null => return Ok(None),
        Value::String(s) => s.trim().trim_start_matches('#'),
        _ => "?",
    };
    if s.is_empty() || s.eq_ignore_ascii_case("none") || s.eq_ignore_ascii_case("auto") {
        return Ok(None);
    }
    if s.len() == 6 && s.chars().all(|c| c.is_ascii_hexdigit()) {
        return Ok(Some(s.to_ascii_uppercase()));
    }
    Err((
        format!(
            "\"{}\" is not a colour",
            crate::docx::text::shorten(&v.render(), 20)
        ),
        "give the colour as six hex digits, e.g. \"C00000\" for red, or leave it empty for none"
            .into(),
    ))
}

/// `{{shade x}}` used inside another tag: the colour, checked.
fn shade(args: &Args<'_>, _: &HashMap<&str, &Value>) -> Result<Value, (String, String)> {
    let v = args.first().copied().unwrap_or(&Value::Null);
    Ok(colour(v)?.map(Value::String).unwrap_or(Value::Null))
}

/// `{{picture x}}` inside another tag: a picture is placed by a tag of its own.
fn picture_inside(_: &Args<'_>, _: &HashMap<&str, &Value>) -> Result<Value, (String, String)> {
    Err((
        "a picture cannot be part of another tag's value".into(),
        "give the picture a tag of its own: {{picture x}}".into(),
    ))
}

/// `{{__shade TAG x}}`: a table cell's shading (`{{shade x}}` moved into the cell's properties).
struct WriteShade;

impl HelperDef for WriteShade {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        rc: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let Some((tag, p, _)) = tagged(h, ctx, rc) else {
            return Ok(());
        };
        match colour(p.value()) {
            Ok(Some(hex)) => out.write(&format!(
                "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"{hex}\"/>"
            ))?,
            Ok(None) => {}
            Err((m, help)) => record(tag, format!("shade: {m}"), help),
        }
        Ok(())
    }
}

/// How a data value reads in a document: dates in UK style, true/false as Yes/No, lists
/// joined with commas.
pub fn display(v: &Value) -> Result<String, (String, String)> {
    Ok(match v {
        Value::Null => String::new(),
        Value::Bool(b) => if *b { "Yes" } else { "No" }.to_string(),
        Value::String(s) => match iso_date(s) {
            Some(d) if s.len() == 10 => uk_date(d),
            _ => iso_month(s).unwrap_or_else(|| s.clone()),
        },
        Value::Number(_) => v.render(),
        Value::Array(items) => {
            let mut parts = Vec::with_capacity(items.len());
            for i in items {
                parts.push(display(i)?);
            }
            parts.join(", ")
        }
        Value::Object(_) => {
            return Err((
                "the value is a group of fields, not something to print".into(),
                "name one of its fields, e.g. {{contact.name}}, or use {{#with}}".into(),
            ));
        }
    })
}

/// Writes text into a `<w:t>`: escaped, invalid characters dropped, `\t` a tab, `\n` a line
/// break, and a blank line a new paragraph with the host's paragraph and run formatting.
pub(super) fn write_xml(text: &str, host: Option<&Host>, out: &mut String) {
    let mode = host.map(|h| &h.mode).unwrap_or(&HostMode::NestedRun);
    if *mode == HostMode::Plain {
        escape_text(text, out);
        return;
    }
    if !text.contains(['\n', '\r', '\t']) {
        escape_text(text, out);
        return;
    }
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    for (pi, para) in text.split("\n\n").enumerate() {
        if pi > 0 {
            match (mode, host) {
                (HostMode::Run, Some(h)) => {
                    out.push_str("</w:t></w:r></w:p><w:p>");
                    out.push_str(&h.ppr);
                    out.push_str("<w:r>");
                    out.push_str(&h.rpr);
                    out.push_str("<w:t xml:space=\"preserve\">");
                }
                _ => out.push_str("</w:t><w:br/><w:br/><w:t xml:space=\"preserve\">"),
            }
        }
        for (li, line) in para.split('\n').enumerate() {
            if li > 0 {
                out.push_str("</w:t><w:br/><w:t xml:space=\"preserve\">");
            }
            for (ti, chunk) in line.split('\t').enumerate() {
                if ti > 0 {
                    out.push_str("</w:t><w:tab/><w:t xml:space=\"preserve\">");
                }
                escape_text(chunk, out);
            }
        }
    }
}

/// `(__p TAG x)` for `#each`/`#with`, `(__t TAG x)` for `#if`/`#unless`: the block's argument,
/// with a missing value recorded against the block's tag.
struct BlockValue {
    truth: bool,
}

impl HelperDef for BlockValue {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        rc: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let Some((_, p, absent)) = tagged(h, ctx, rc) else {
            return Ok(ScopedJson::Derived(Value::Null));
        };
        if absent {
            return Ok(ScopedJson::Derived(if self.truth {
                Value::Bool(false)
            } else {
                Value::Null
            }));
        }
        if self.truth {
            return Ok(ScopedJson::Derived(Value::Bool(p.value().is_truthy(false))));
        }
        // A value of the data is passed on by reference, never copied: `{{#each rows}}` over
        // 20,000 rows would otherwise copy them all, and `each` could not stream them.
        if let Some(path) = p.context_path()
            && let Some(v) = super::each::at_path(ctx.data(), path)
        {
            return Ok(ScopedJson::Context(v, path.clone()));
        }
        Ok(ScopedJson::Derived(p.value().clone()))
    }
}

/// The engine's id helpers, one shape: what `f` writes for the original id and name
/// (`{{__bs 3}}`, `{{__bn 3 "_GoBack"}}`) given this render's ids so far.
struct IdHelper(fn(u64, &str) -> String);

impl HelperDef for IdHelper {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let orig = h.param(0).and_then(|p| p.value().as_u64()).unwrap_or(0);
        let name = h.param(1).and_then(|p| p.value().as_str()).unwrap_or("b");
        out.write(&(self.0)(orig, name))?;
        Ok(())
    }
}

/// `{{__id}}`: a drawing id not used anywhere else in the document.
fn fresh_id(_: u64, _: &str) -> String {
    state(|s| {
        s.next_id += 1;
        s.next_id
    })
    .unwrap_or(1)
    .to_string()
}

/// `{{__bs N}}`: a fresh bookmark id for a copy of bookmark N.
fn bookmark_start(orig: u64, _: &str) -> String {
    bookmark_id(orig, true)
}

/// `{{__be N}}`: the id its start was given (a fresh one when the start was not copied).
fn bookmark_end(orig: u64, _: &str) -> String {
    bookmark_id(orig, false)
}

fn bookmark_id(orig: u64, start: bool) -> String {
    state(|s| {
        if start || !s.bookmarks.contains_key(&orig) {
            s.next_id += 1;
            s.bookmarks.insert(orig, s.next_id);
        }
        s.bookmarks[&orig]
    })
    .unwrap_or(orig)
    .to_string()
}

/// `{{__bn N "name"}}`: the bookmark's name made unique with its fresh id.
fn bookmark_name(orig: u64, name: &str) -> String {
    let id = state(|s| s.bookmarks.get(&orig).copied())
        .flatten()
        .unwrap_or(orig);
    // Word limits bookmark names to 40 characters.
    let base: String = name.chars().take(28).collect();
    let mut s = String::new();
    escape_text(&format!("{base}_{id}"), &mut s);
    s
}

/// `{{default x "fallback"}}`: x when it has a value, else the fallback. Never an error.
struct Default;

impl HelperDef for Default {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let v = h.param(0);
        let fallback = h.param(1).map(|p| p.value().clone()).unwrap_or(Value::Null);
        let empty = match v {
            None => true,
            Some(p) if p.is_value_missing() => true,
            Some(p) => {
                matches!(p.value(), Value::Null)
                    || p.value().as_str().is_some_and(|s| s.trim().is_empty())
                    || p.value().as_array().is_some_and(|a| a.is_empty())
            }
        };
        Ok(ScopedJson::Derived(if empty {
            fallback
        } else {
            v.map(|p| p.value().clone()).unwrap_or(Value::Null)
        }))
    }
}

/// `{{index}}`: the position in the current loop, counting from 1.
struct Index;

impl HelperDef for Index {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        _: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        rc: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let i = rc
            .block()
            .and_then(|b| b.get_local_var("index"))
            .and_then(Value::as_u64);
        match i {
            Some(i) => Ok(ScopedJson::Derived(Value::from(i + 1))),
            None => {
                pend(
                    "index is used outside a loop".into(),
                    "use {{index}} between {{#each ...}} and {{/each}}".into(),
                );
                Ok(ScopedJson::Derived(Value::Null))
            }
        }
    }
}

fn bad(message: impl Into<String>, help: impl Into<String>) -> (String, String) {
    (message.into(), help.into())
}

/// Reads a date from ISO data (`2016-05-22`, or a date-time starting so).
pub fn iso_date(s: &str) -> Option<NaiveDate> {
    let head = s.get(..10)?;
    if s.len() > 10 && !s[10..].starts_with(['T', ' ']) {
        return None;
    }
    NaiveDate::parse_from_str(head, "%Y-%m-%d").ok()
}

/// A month-precision date (`2016-02`, as anonymised data and month-only chronology entries
/// hold them) as `February 2016`.
pub(super) fn iso_month(s: &str) -> Option<String> {
    if s.len() != 7 || s.as_bytes()[4] != b'-' {
        return None;
    }
    NaiveDate::parse_from_str(&format!("{s}-01"), "%Y-%m-%d")
        .ok()
        .map(crate::uk_dates::month_year)
}

/// A date the way UK documents write it: `25 November 2026`.
pub fn uk_date(d: NaiveDate) -> String {
    crate::uk_dates::long_date(d)
}

fn date_arg(v: &Value, what: &str) -> Result<Option<NaiveDate>, (String, String)> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) if s.trim().is_empty() => Ok(None),
        Value::String(s) => iso_date(s.trim()).map(Some).ok_or_else(|| {
            bad(
                format!("{what} \"{s}\" is not a date"),
                "dates in the data are written YYYY-MM-DD, e.g. 2016-05-22",
            )
        }),
        other => Err(bad(
            format!("{what} {other} is not a date"),
            "dates in the data are written YYYY-MM-DD, e.g. 2016-05-22",
        )),
    }
}

fn date(args: &Args<'_>, _: &HashMap<&str, &Value>) -> Result<Value, (String, String)> {
    let Some(v) = args.first() else {
        return Err(bad(
            "no date given",
            "write {{date field}} or {{date field \"%d/%m/%Y\"}}",
        ));
    };
    // A month-precision date shows as month and year, whatever the format asks.
    if let Some(m) = v.as_str().and_then(iso_month) {
        return Ok(Value::String(m));
    }
    let Some(d) = date_arg(v, "the value")? else {
        return Ok(Value::String(String::new()));
    };
    let Some(fmt) = args.get(1) else {
        return Ok(Value::String(uk_date(d)));
    };
    let fmt = fmt.as_str().unwrap_or("");
    use chrono::format::{Item, StrftimeItems};
    if StrftimeItems::new(fmt).any(|i| matches!(i, Item::Error)) {
        return Err(bad(
            format!("\"{fmt}\" is not a date format"),
            "use strftime codes: %d day, %-d day without 0, %m month, %B month name, %Y year",
        ));
    }
    Ok(Value::String(d.format(fmt).to_string()))
}

fn text_arg(args: &Args<'_>) -> String {
    args.first()
        .map(|v| match v {
            Value::String(s) => s.clone(),
            Value::Null => String::new(),
            other => other.render(),
        })
        .unwrap_or_default()
}

fn upper(args: &Args<'_>, _: &HashMap<&str, &Value>) -> Result<Value, (String, String)> {
    Ok(Value::String(text_arg(args).to_uppercase()))
}

/// `{{capital x}}`: the value with a capital first letter, for a value that opens a sentence
/// or a table cell ("the school", as anonymising names a school, reads "The school" there).
fn capital(args: &Args<'_>, _: &HashMap<&str, &Value>) -> Result<Value, (String, String)> {
    let text = text_arg(args);
    let mut chars = text.chars();
    Ok(Value::String(match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }))
}

fn lower(args: &Args<'_>, _: &HashMap<&str, &Value>) -> Result<Value, (String, String)> {
    Ok(Value::String(text_arg(args).to_lowercase()))
}

/// `{{join list ", " " and "}}`, with `key="name"` to join one field of each item.
fn join(args: &Args<'_>, hash: &HashMap<&str, &Value>) -> Result<Value, (String, String)> {
    let items = match args.first() {
        Some(Value::Array(a)) => a,
        Some(Value::Null) | None => return Ok(Value::String(String::new())),
        Some(_) => {
            return Err(bad(
                "join needs a list",
                "e.g. {{join child.other_names \", \"}}",
            ));
        }
    };
    let sep = args.get(1).and_then(|v| v.as_str()).unwrap_or(", ");
    let last = args.get(2).and_then(|v| v.as_str()).unwrap_or(sep);
    let key = hash.get("key").and_then(|v| v.as_str());
    let mut parts = Vec::with_capacity(items.len());
    for it in items {
        let v = match key {
            Some(k) => it.get(k).unwrap_or(&Value::Null),
            None => it,
        };
        let s = display(v)?;
        if !s.is_empty() {
            parts.push(s);
        }
    }
    let n = parts.len();
    let mut out = String::new();
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            out.push_str(if i == n - 1 { last } else { sep });
        }
        out.push_str(p);
    }
    Ok(Value::String(out))
}

fn len_of(v: &Value) -> Option<usize> {
    match v {
        Value::Array(a) => Some(a.len()),
        Value::Object(o) => Some(o.len()),
        Value::String(s) => Some(s.chars().count()),
        Value::Null => Some(0),
        _ => None,
    }
}

fn count(args: &Args<'_>, _: &HashMap<&str, &Value>) -> Result<Value, (String, String)> {
    let v = args.first().copied().unwrap_or(&Value::Null);
    len_of(v)
        .map(Value::from)
        .ok_or_else(|| bad("count needs a list", "e.g. {{count agencies}}"))
}

fn eq(args: &Args<'_>, _: &HashMap<&str, &Value>) -> Result<Value, (String, String)> {
    match args {
        [a, b] => Ok(Value::Bool(loose_eq(a, b))),
        _ => Err(bad(
            "eq compares two values",
            "e.g. (eq review.regime \"2015\")",
        )),
    }
}

fn ne(args: &Args<'_>, h: &HashMap<&str, &Value>) -> Result<Value, (String, String)> {
    eq(args, h).map(|v| Value::Bool(v != Value::Bool(true)))
}

fn loose_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Number(x), Value::String(s)) | (Value::String(s), Value::Number(x)) => {
            s.parse::<f64>().ok() == x.as_f64()
        }
        _ => a == b,
    }
}

fn and(args: &Args<'_>, _: &HashMap<&str, &Value>) -> Result<Value, (String, String)> {
    Ok(Value::Bool(
        !args.is_empty() && args.iter().all(|v| v.is_truthy(false)),
    ))
}

fn or(args: &Args<'_>, _: &HashMap<&str, &Value>) -> Result<Value, (String, String)> {
    Ok(Value::Bool(args.iter().any(|v| v.is_truthy(false))))
}

fn not(args: &Args<'_>, _: &HashMap<&str, &Value>) -> Result<Value, (String, String)> {
    Ok(Value::Bool(
        !args.first().is_some_and(|v| v.is_truthy(false)),
    ))
}

/// `{{plural n "agency" "agencies"}}` writes "1 agency" or "7 agencies"; n may be a list.
fn plural(args: &Args<'_>, _: &HashMap<&str, &Value>) -> Result<Value, (String, String)> {
    let help = "e.g. {{plural (count agencies) \"agency\" \"agencies\"}}";
    let n = match args.first() {
        Some(Value::Number(n)) => n.as_f64().unwrap_or(0.0),
        Some(v @ Value::Array(_)) => len_of(v).unwrap_or(0) as f64,
        _ => return Err(bad("plural needs a number", help)),
    };
    let one = args
        .get(1)
        .and_then(|v| v.as_str())
        .ok_or_else(|| bad("plural needs a word", help))?;
    let many = args
        .get(2)
        .and_then(|v| v.as_str())
        .map(str::to_string)
        .unwrap_or_else(|| format!("{one}s"));
    let word = if n == 1.0 { one.to_string() } else { many };
    let shown = if n.fract() == 0.0 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    };
    Ok(Value::String(format!("{shown} {word}")))
}

/// `{{age_at child.date_of_birth child.date_of_death}}`: whole years between two dates.
fn age_at(args: &Args<'_>, _: &HashMap<&str, &Value>) -> Result<Value, (String, String)> {
    let help = "e.g. {{age_at child.date_of_birth child.date_of_death}}";
    let (Some(b), Some(at)) = (args.first(), args.get(1)) else {
        return Err(bad("age_at needs a date of birth and a date", help));
    };
    let (Some(b), Some(at)) = (date_arg(b, "the date of birth")?, date_arg(at, "the date")?) else {
        return Ok(Value::String(String::new()));
    };
    if at < b {
        return Err(bad("the date is before the date of birth", help));
    }
    Ok(Value::from(at.years_since(b).unwrap_or(0)))
}

/// The most days `add_days` moves a date: far past any statutory period.
const MAX_DAYS: u64 = 100_000;

/// `{{add_days date 14}}`: a date moved by whole days, as YYYY-MM-DD (so `date` can format it).
fn add_days(args: &Args<'_>, _: &HashMap<&str, &Value>) -> Result<Value, (String, String)> {
    let help = "e.g. {{date (add_days referral.received_on 14)}}";
    let (Some(d), Some(n)) = (args.first(), args.get(1)) else {
        return Err(bad("add_days needs a date and a number of days", help));
    };
    let Some(d) = date_arg(d, "the date")? else {
        return Ok(Value::Null);
    };
    let n = n
        .as_i64()
        .or_else(|| n.as_str().and_then(|s| s.trim().parse().ok()))
        .ok_or_else(|| bad("the number of days is not a whole number", help))?;
    // Bounded before chrono sees it: `Duration::days` panics past about 10^14 days.
    if n.unsigned_abs() > MAX_DAYS {
        return Err(bad(
            format!("the number of days is more than {MAX_DAYS} (about 270 years)"),
            help,
        ));
    }
    chrono::Duration::try_days(n)
        .and_then(|n| d.checked_add_signed(n))
        .map(|x| Value::String(x.format("%Y-%m-%d").to_string()))
        .ok_or_else(|| bad("the date moves out of range", help))
}

/// `{{label x}}`: a coded value as a person reads it: the caller's [`Labels`] first
/// (`learning_together` → "SCIE Learning Together"), else the code in words: `not_met` →
/// "Not met", `yes` → "Yes"; true → "Yes".
fn label(args: &Args<'_>, _: &HashMap<&str, &Value>) -> Result<Value, (String, String)> {
    let Some(v) = args.first() else {
        return Err(bad(
            "label needs a value",
            "e.g. {{label review.methodology}}",
        ));
    };
    let s = match v {
        Value::String(s) => s.as_str(),
        Value::Null => return Ok(Value::String(String::new())),
        other => return display(other).map(Value::String),
    };
    if let Some(l) = state(|st| st.labels).flatten().and_then(|labels| labels(s)) {
        return Ok(Value::String(l.to_string()));
    }
    let words = s.replace('_', " ");
    let mut c = words.chars();
    Ok(Value::String(match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }))
}

/// Turns a handlebars error that escaped the helpers into a problem for the nearest tag.
pub(super) fn describe(e: &RenderError) -> String {
    match e.reason() {
        RenderErrorReason::HelperNotFound(h) => format!("unknown helper \"{h}\""),
        RenderErrorReason::MissingVariable(Some(v)) => format!("the data has no value for \"{v}\""),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn hb() -> Handlebars<'static> {
        let mut r = Handlebars::new();
        register(&mut r);
        r
    }

    #[test]
    fn label_uses_the_callers_words_and_knows_no_case_itself() {
        let r = hb();
        let render = |labels: Option<Labels>| {
            with_state(Arc::new(vec![]), 0, labels, || {
                r.render_template("{{label m}}", &json!({"m": "learning_together"}))
                    .unwrap()
            })
            .0
        };
        assert_eq!(render(None), "Learning together");
        assert_eq!(
            render(Some(
                |v| (v == "learning_together").then_some("SCIE Learning Together")
            )),
            "SCIE Learning Together"
        );
    }

    #[test]
    fn add_days_with_a_huge_number_is_an_error_not_a_panic() {
        let d = json!("2016-03-22");
        for n in [i64::MAX, i64::MIN, 10_i64.pow(15), 100_001] {
            let n = json!(n);
            let e = add_days(&[&d, &n], &HashMap::new()).unwrap_err();
            assert!(e.0.contains("more than 100000"), "{e:?}");
        }
        let n = json!(-100_000);
        assert_eq!(
            add_days(&[&d, &n], &HashMap::new()).unwrap(),
            json!("1742-06-07")
        );
    }

    #[test]
    fn helpers_compute_what_templates_need() {
        let r = hb();
        let d = json!({"dob": "2013-03-02", "dod": "2016-02-14", "xs": ["a", "b", "c"],
            "ags": [{"name": "Police"}, {"name": "School"}], "n": 1, "flag": true});
        let t = |src: &str| r.render_template(src, &d).unwrap();
        assert_eq!(t("{{date dob}}"), "2 March 2013");
        assert_eq!(t("{{date dob \"%d/%m/%Y\"}}"), "02/03/2013");
        assert_eq!(t("{{date \"2016-02\" \"%d/%m/%Y\"}}"), "February 2016");
        assert_eq!(t("{{age_at dob dod}}"), "2");
        assert_eq!(t("{{date (add_days dob 14)}}"), "16 March 2013");
        assert_eq!(t("{{join xs \", \" \" and \"}}"), "a, b and c");
        assert_eq!(t("{{join ags \", \" key=\"name\"}}"), "Police, School");
        assert_eq!(t("{{count xs}}"), "3");
        assert_eq!(
            t("{{plural n \"agency\" \"agencies\"}} {{plural xs \"item\"}}"),
            "1 agency 3 items"
        );
        assert_eq!(
            t("{{#if (and flag (eq n 1))}}y{{/if}}{{#if (not flag)}}n{{/if}}"),
            "y"
        );
        assert_eq!(t("{{upper \"Child A\"}} {{lower \"ABC\"}}"), "CHILD A abc");
        assert_eq!(
            t("{{default missing \"none\"}}|{{default xs.0 \"-\"}}"),
            "none|a"
        );
        assert_eq!(t("{{#each xs}}{{index}}{{/each}}"), "123");
        assert_eq!(
            t(
                "{{label \"learning_together\"}}|{{label \"unknown\"}}|{{label \"not_met\"}}|{{label flag}}"
            ),
            // Without the caller's labels a code is written in words: the engine knows no case.
            "Learning together|Unknown|Not met|Yes"
        );
    }

    #[test]
    fn values_become_word_xml() {
        let host = Host {
            mode: HostMode::Run,
            ppr: "<w:pPr><w:jc w:val=\"center\"/></w:pPr>".into(),
            rpr: "<w:rPr><w:b/></w:rPr>".into(),
        };
        let mut s = String::new();
        write_xml("a & b\tc\nd\n\ne\u{1}", Some(&host), &mut s);
        assert_eq!(
            s,
            "a &amp; b</w:t><w:tab/><w:t xml:space=\"preserve\">c</w:t><w:br/><w:t xml:space=\"preserve\">d\
             </w:t></w:r></w:p><w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr><w:r><w:rPr><w:b/></w:rPr>\
             <w:t xml:space=\"preserve\">e"
        );
    }

    #[test]
    fn display_is_natural_for_a_reader() {
        assert_eq!(display(&json!("2026-11-25")).unwrap(), "25 November 2026");
        assert_eq!(
            display(&json!("2026-11-25 and more")).unwrap(),
            "2026-11-25 and more"
        );
        assert_eq!(display(&json!(true)).unwrap(), "Yes");
        assert_eq!(display(&json!(3.5)).unwrap(), "3.5");
        assert_eq!(display(&json!(["a", 1])).unwrap(), "a, 1");
        assert!(display(&json!({"a": 1})).is_err());
    }

    #[test]
    fn a_bad_date_format_is_reported_not_a_panic() {
        let (_, problems) = with_state(Arc::new(vec![]), 0, None, || {
            let r = hb();
            r.render_template("{{__v 0 (date \"2016-01-01\" \"%Q\")}}", &json!({}))
                .unwrap()
        });
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].message.contains("not a date format"),
            "{problems:?}"
        );
    }
}
