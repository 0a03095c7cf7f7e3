//! Structure-aware fuzz inputs: values built by `arbitrary` from a grammar, so that the fuzzer
//! spends its time on templates and CSV files that are nearly right (nested blocks and
//! sub-expressions, quoted fields with separators and line breaks) rather than rediscovering
//! the syntax from raw bytes. Each input knows what a correct reader must make of it, for the
//! oracles in [`super::oracles`]. Shared with the proptest equivalents in `tests/fuzz_grammar.rs`.

use arbitrary::{Arbitrary, Unstructured};

/// How deep the text of one input may nest, whatever the fuzzer builds: deep enough to pass
/// the engine's limits (sub-expressions 32, blocks 64), shallow enough for the generator's own
/// recursion.
const MAX_DEPTH: usize = 100;

// ------------------------------------------------------------------------------ templates

/// A path into the data the fuzz targets fill templates with.
#[derive(Debug, Clone, Copy, Arbitrary)]
pub enum DataPath {
    S,
    N,
    T,
    No,
    Nil,
    D,
    BadDate,
    Items,
    List,
    Deep,
    Missing,
    This,
    Parent,
    Root,
    Index,
    ChildDob,
}

impl DataPath {
    fn text(self) -> &'static str {
        match self {
            DataPath::S => "x.s",
            DataPath::N => "x.n",
            DataPath::T => "x.t",
            DataPath::No => "x.no",
            DataPath::Nil => "x.nil",
            DataPath::D => "x.d",
            DataPath::BadDate => "x.bad_date",
            DataPath::Items => "x.items",
            DataPath::List => "x.list",
            DataPath::Deep => "x.deep.a.b",
            DataPath::Missing => "x.missing",
            DataPath::This => "this",
            DataPath::Parent => "../name",
            DataPath::Root => "@root.x.n",
            DataPath::Index => "@index",
            DataPath::ChildDob => "child.date_of_birth",
        }
    }
}

/// A helper templates may call.
#[derive(Debug, Clone, Copy, Arbitrary)]
pub enum HelperName {
    Date,
    Default,
    Upper,
    Lower,
    Join,
    Count,
    Eq,
    Not,
    Plural,
    AgeAt,
    AddDays,
    Label,
    /// Not a helper: the engine must say so.
    Unknown,
}

impl HelperName {
    fn text(self) -> &'static str {
        match self {
            HelperName::Date => "date",
            HelperName::Default => "default",
            HelperName::Upper => "upper",
            HelperName::Lower => "lower",
            HelperName::Join => "join",
            HelperName::Count => "count",
            HelperName::Eq => "eq",
            HelperName::Not => "not",
            HelperName::Plural => "plural",
            HelperName::AgeAt => "age_at",
            HelperName::AddDays => "add_days",
            HelperName::Label => "label",
            HelperName::Unknown => "frobnicate",
        }
    }
}

/// An expression: a path, a literal, or a helper called on expressions (a sub-expression in
/// parentheses when it is an argument).
#[derive(Debug, Clone, Arbitrary)]
pub enum Expr {
    Path(DataPath),
    Str(Word),
    Num(i64),
    Call(HelperName, Vec<Expr>),
    /// A helper applied to itself `n` times: sub-expressions nested `n` deep in one tag.
    Nested(HelperName, u8),
}

/// A short text without the template language's own characters.
#[derive(Debug, Clone)]
pub struct Word(pub String);

impl<'a> Arbitrary<'a> for Word {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        const CHARS: &[char] = &[
            'a', 'M', 'z', ' ', '0', '7', '.', '-', 'é', '£', '\'', '<', '&', '“', '”', '\u{AD}',
        ];
        let n = u.int_in_range(0..=8)?;
        let mut s = String::new();
        for _ in 0..n {
            s.push(*u.choose(CHARS)?);
        }
        Ok(Word(s))
    }
}

/// A block helper.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Arbitrary)]
pub enum BlockKind {
    If,
    Unless,
    Each,
    With,
}

impl BlockKind {
    fn text(self) -> &'static str {
        match self {
            BlockKind::If => "if",
            BlockKind::Unless => "unless",
            BlockKind::Each => "each",
            BlockKind::With => "with",
        }
    }
}

/// One piece of a template's text.
#[derive(Debug, Clone, Arbitrary)]
pub enum Piece {
    Text(Word),
    /// Word splitting the text into another run (`^`), as spell-checking does.
    RunBreak,
    /// A new paragraph.
    ParagraphBreak,
    Value(Expr),
    Raw(DataPath),
    Comment(Word),
    Block {
        kind: BlockKind,
        head: Expr,
        body: Vec<Piece>,
        otherwise: Option<Vec<Piece>>,
        /// Closed with another block's name (a mismatch), or never closed.
        close: Close,
    },
    /// One row of a table whose cells hold pieces (a row block when a block spans them).
    TableRow(Vec<Vec<Piece>>),
    /// `inner` inside `depth` blocks of one kind, each closed: nesting past the engine's limit
    /// without waiting for the fuzzer to build it one level at a time.
    Tower {
        kind: BlockKind,
        depth: u8,
        inner: Box<Piece>,
    },
    Stray(Stray),
}

/// How a block ends.
#[derive(Debug, Clone, Copy, Arbitrary)]
pub enum Close {
    Right,
    As(BlockKind),
    Never,
}

/// Broken syntax.
#[derive(Debug, Clone, Copy, Arbitrary)]
pub enum Stray {
    Close(BlockKind),
    Else,
    Open,
    Shut,
    Unterminated,
}

/// A template as text lines for `body_from_text`: `\n` separates paragraphs, `^` runs, and a
/// line starting with `|` is a table row.
#[derive(Debug, Clone)]
pub struct TemplateText {
    pub pieces: Vec<Piece>,
}

impl<'a> Arbitrary<'a> for TemplateText {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        // Many pieces, not the one or two a list's coin-tossed length gives.
        let n = u.int_in_range(0..=16)?;
        let mut pieces = Vec::with_capacity(n);
        for _ in 0..n {
            pieces.push(Piece::arbitrary(u)?);
        }
        // Half the templates are well formed, so that the oracles about nesting and balance
        // have something to judge: strays become text, every block closes as it opened.
        if bool::arbitrary(u)? {
            pieces.iter_mut().for_each(repair);
        }
        Ok(TemplateText { pieces })
    }
}

fn repair(p: &mut Piece) {
    match p {
        Piece::Stray(_) => *p = Piece::Text(Word("stray".into())),
        Piece::Block {
            body,
            otherwise,
            close,
            ..
        } => {
            *close = Close::Right;
            body.iter_mut().for_each(repair);
            otherwise.iter_mut().flatten().for_each(repair);
        }
        Piece::TableRow(cells) => cells.iter_mut().flatten().for_each(repair),
        Piece::Tower { inner, .. } => repair(inner),
        _ => {}
    }
}

/// What a template's text must make the engine say.
#[derive(Debug, Default, Clone, Copy)]
pub struct Expected {
    /// The deepest sub-expression nesting in any tag.
    pub sub_depth: usize,
    /// The deepest block nesting.
    pub block_depth: usize,
    /// Any block mismatched or never closed, or stray syntax.
    pub broken: bool,
}

impl TemplateText {
    /// The text, and what it holds.
    pub fn render(&self) -> (String, Expected) {
        let mut out = String::new();
        let mut exp = Expected::default();
        pieces(&self.pieces, &mut out, &mut exp, 0);
        (out, exp)
    }
}

fn pieces(list: &[Piece], out: &mut String, exp: &mut Expected, depth: usize) {
    for p in list {
        piece(p, out, exp, depth);
    }
}

fn piece(p: &Piece, out: &mut String, exp: &mut Expected, depth: usize) {
    match p {
        Piece::Text(w) => out.push_str(&w.0),
        Piece::RunBreak => out.push('^'),
        Piece::ParagraphBreak => out.push('\n'),
        Piece::Value(e) => {
            out.push_str("{{");
            expr(e, out, exp, 0, true);
            out.push_str("}}");
        }
        Piece::Raw(path) => {
            out.push_str("{{{");
            out.push_str(path.text());
            out.push_str("}}}");
        }
        Piece::Comment(w) => {
            out.push_str("{{!-- ");
            out.push_str(&w.0.replace("--", "- -"));
            out.push_str(" --}}");
        }
        Piece::Block {
            kind,
            head,
            body,
            otherwise,
            close,
        } => {
            if depth >= MAX_DEPTH {
                return;
            }
            exp.block_depth = exp.block_depth.max(depth + 1);
            out.push_str("{{#");
            out.push_str(kind.text());
            out.push(' ');
            match (kind, head) {
                // `each` and `with` take a path; anything else is a different test.
                (BlockKind::Each | BlockKind::With, _) => out.push_str(DataPath::Items.text()),
                (_, e) => expr(e, out, exp, 0, true),
            }
            out.push_str("}}");
            pieces(body, out, exp, depth + 1);
            if let Some(other) = otherwise {
                out.push_str("{{else}}");
                pieces(other, out, exp, depth + 1);
            }
            match close {
                Close::Right => {
                    out.push_str("{{/");
                    out.push_str(kind.text());
                    out.push_str("}}");
                }
                Close::As(k) => {
                    exp.broken |= k != kind;
                    out.push_str("{{/");
                    out.push_str(k.text());
                    out.push_str("}}");
                }
                Close::Never => exp.broken = true,
            }
        }
        Piece::TableRow(cells) => {
            // A table inside a block: the block starts in the body and ends in the table (or
            // the reverse), which the engine refuses.
            exp.broken |= depth > 0;
            if !out.is_empty() && !out.ends_with('\n') {
                out.push('\n');
            }
            out.push('|');
            for (i, c) in cells.iter().enumerate() {
                if i > 0 {
                    out.push('|');
                }
                let mut cell = String::new();
                pieces(c, &mut cell, exp, depth);
                // A cell is one paragraph here: a line break would end the row.
                out.push_str(&cell.replace(['\n', '|'], " "));
            }
            out.push('\n');
        }
        Piece::Tower {
            kind,
            depth: n,
            inner,
        } => {
            let n = usize::from(*n).min(MAX_DEPTH.saturating_sub(depth));
            exp.block_depth = exp.block_depth.max(depth + n);
            let head = match kind {
                BlockKind::If | BlockKind::Unless => DataPath::T.text(),
                _ => DataPath::Deep.text(),
            };
            for _ in 0..n {
                out.push_str(&format!("{{{{#{} {head}}}}}", kind.text()));
            }
            piece(inner, out, exp, depth + n);
            for _ in 0..n {
                out.push_str(&format!("{{{{/{}}}}}", kind.text()));
            }
        }
        Piece::Stray(s) => {
            exp.broken = true;
            out.push_str(match s {
                Stray::Close(k) => match k {
                    BlockKind::If => "{{/if}}",
                    BlockKind::Unless => "{{/unless}}",
                    BlockKind::Each => "{{/each}}",
                    BlockKind::With => "{{/with}}",
                },
                Stray::Else => "{{else}}",
                Stray::Open => "{{",
                Stray::Shut => "}}",
                Stray::Unterminated => "{{x.s",
            });
        }
    }
}

fn expr(e: &Expr, out: &mut String, exp: &mut Expected, depth: usize, top: bool) {
    match e {
        Expr::Path(p) => out.push_str(p.text()),
        Expr::Str(w) => {
            // Word's curly quotes are straight quotes to the engine (autocorrect): inside a
            // literal they would end it.
            out.push('"');
            out.push_str(&w.0.replace(['"', '“', '”'], "'"));
            out.push('"');
        }
        Expr::Num(n) => out.push_str(&n.to_string()),
        Expr::Call(h, args) if depth < MAX_DEPTH => {
            exp.sub_depth = exp.sub_depth.max(depth);
            if !top {
                out.push('(');
            }
            out.push_str(h.text());
            for a in args {
                out.push(' ');
                expr(a, out, exp, depth + 1, false);
            }
            if !top {
                out.push(')');
            }
        }
        Expr::Call(..) => out.push_str(DataPath::S.text()),
        Expr::Nested(h, n) => {
            // `upper (upper (… x.s))`: the tag's helper, then `n` sub-expressions.
            let n = usize::from(*n).min(MAX_DEPTH);
            exp.sub_depth = exp.sub_depth.max(depth + n);
            if !top {
                out.push('(');
            }
            out.push_str(h.text());
            for _ in 0..n {
                out.push_str(" (");
                out.push_str(h.text());
            }
            out.push(' ');
            out.push_str(DataPath::S.text());
            for _ in 0..n {
                out.push(')');
            }
            if !top {
                out.push(')');
            }
        }
    }
}

// ------------------------------------------------------------------------------------ CSV

/// A CSV field as generated: its text, and how it is written.
#[derive(Debug, Clone)]
pub struct Field {
    pub text: String,
    pub quoted: bool,
}

impl<'a> Arbitrary<'a> for Field {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        const CHARS: &[char] = &[
            'a', 'B', '1', ' ', ',', ';', '\t', '"', '\n', '\r', 'é', '£', '=', '-',
        ];
        let n = u.int_in_range(0..=12)?;
        let mut text = String::new();
        for _ in 0..n {
            text.push(*u.choose(CHARS)?);
        }
        // A field needing quotes always has them; others sometimes.
        let needs = text.contains([',', ';', '\t', '"', '\n', '\r']);
        Ok(Field {
            quoted: needs || bool::arbitrary(u)?,
            text,
        })
    }
}

/// The separator a CSV file uses.
#[derive(Debug, Clone, Copy, Arbitrary)]
pub enum Separator {
    Comma,
    Semicolon,
    Tab,
}

impl Separator {
    pub fn char(self) -> char {
        match self {
            Separator::Comma => ',',
            Separator::Semicolon => ';',
            Separator::Tab => '\t',
        }
    }
}

/// How a CSV file is broken, if it is.
#[derive(Debug, Clone, Copy, Arbitrary)]
pub enum Fault {
    None,
    /// A quote opened at the start of a field of row `row` (of the data rows) and never closed.
    Unclosed {
        row: u8,
    },
    /// Text after the closing quote of a field of row `row`.
    TextAfterQuote {
        row: u8,
    },
}

/// A CSV file: a heading row `c1…cN`, then rows of fields.
#[derive(Debug, Clone)]
pub struct CsvFile {
    pub separator: Separator,
    pub crlf: bool,
    pub bom: bool,
    pub columns: u8,
    pub rows: Vec<Vec<Field>>,
    pub fault: Fault,
}

impl<'a> Arbitrary<'a> for CsvFile {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        let separator = Separator::arbitrary(u)?;
        let crlf = bool::arbitrary(u)?;
        let bom = bool::arbitrary(u)?;
        let columns = u8::arbitrary(u)?;
        let fault = Fault::arbitrary(u)?;
        let n = u.int_in_range(0..=30)?;
        let mut rows = Vec::with_capacity(n);
        for _ in 0..n {
            let m = u.int_in_range(0..=10)?;
            let mut row = Vec::with_capacity(m);
            for _ in 0..m {
                row.push(Field::arbitrary(u)?);
            }
            rows.push(row);
        }
        Ok(CsvFile {
            separator,
            crlf,
            bom,
            columns,
            rows,
            fault,
        })
    }
}

impl CsvFile {
    /// How many columns the heading names (2 to 9).
    pub fn width(&self) -> usize {
        2 + usize::from(self.columns % 8)
    }

    /// The data rows, each as wide as the heading at most.
    pub fn data(&self) -> Vec<Vec<Field>> {
        self.rows
            .iter()
            .map(|r| r.iter().take(self.width()).cloned().collect())
            .collect()
    }

    /// The file's bytes.
    pub fn bytes(&self) -> Vec<u8> {
        let sep = self.separator.char();
        let eol = if self.crlf { "\r\n" } else { "\n" };
        let mut out = String::new();
        if self.bom {
            out.push('\u{FEFF}');
        }
        let heading: Vec<String> = (1..=self.width()).map(|i| format!("c{i}")).collect();
        out.push_str(&heading.join(&sep.to_string()));
        out.push_str(eol);
        let data = self.data();
        for (i, row) in data.iter().enumerate() {
            let fault_here = match self.fault {
                Fault::Unclosed { row } | Fault::TextAfterQuote { row } => {
                    !data.is_empty() && usize::from(row) % data.len() == i
                }
                Fault::None => false,
            };
            let mut fields: Vec<String> = row.iter().map(write_field).collect();
            if fault_here {
                match self.fault {
                    Fault::Unclosed { .. } => fields.push("\"never closed".to_string()),
                    _ => fields.push("\"closed\"then text".to_string()),
                }
            }
            out.push_str(&fields.join(&sep.to_string()));
            out.push_str(eol);
        }
        out.into_bytes()
    }

    /// True when a quote is broken somewhere (and the file has a data row to break).
    pub fn is_broken(&self) -> bool {
        !matches!(self.fault, Fault::None) && !self.rows.is_empty()
    }

    /// True when the broken quote cannot pair with a later one: text after a closing quote
    /// always shows; a quote never closed only when no other quote follows it (one that does
    /// pairs with the next, and may read as a closed field).
    pub fn break_is_certain(&self) -> bool {
        match self.fault {
            Fault::None => false,
            Fault::TextAfterQuote { .. } => !self.rows.is_empty(),
            Fault::Unclosed { .. } => {
                let bytes = self.bytes();
                let text = String::from_utf8_lossy(&bytes);
                match text.find("\"never closed") {
                    Some(i) => !text[i + 1..].contains('"'),
                    None => false,
                }
            }
        }
    }
}

fn write_field(f: &Field) -> String {
    if f.quoted {
        format!("\"{}\"", f.text.replace('"', "\"\""))
    } else {
        f.text.clone()
    }
}
