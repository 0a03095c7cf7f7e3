//! The bad-input corpus: hostile and broken files, each fed to every command that reads its
//! kind, each with the problem it must report and where.
//!
//! Small inputs are committed in `tests/corpus/bad/` (see its README); large or binary ones
//! (zip bombs, a million-row sheet, a 100 MB case file, encrypted containers) are made here at
//! run time. Every run must end with exit code 1 and a located diagnostic, never a panic
//! ("internal error"), within a watchdog's time (generous: it catches hangs, not slowness)
//! and under a memory ceiling the operating system enforces (`ulimit -v`), and must write
//! nothing. Set `SCRKIT_CORPUS_OUT=dir` to keep the generated files for running by hand.

use std::ffi::OsString;
use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

/// How long one run may take before it is judged to hang. Debug builds are slow; a hang is
/// forever, so this is generous on purpose.
const WATCHDOG: Duration = Duration::from_secs(180);

/// The address space one run may use (KiB): bounded memory, enforced by the kernel.
const MEMORY_KIB: u64 = 1536 * 1024;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn corpus() -> PathBuf {
    root().join("tests/corpus/bad")
}

fn sample_case() -> PathBuf {
    root().join("samples/case.json")
}

/// What one run of `scr` did.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    fn text(&self) -> String {
        format!("{}\n{}", self.stdout, self.stderr)
    }
}

/// Runs `scr` under the memory ceiling, killing it (and failing) if the watchdog fires.
fn scr(args: &[OsString]) -> Run {
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(format!("ulimit -v {MEMORY_KIB} && exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_scr"))
        .args(args)
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let child = cmd.spawn().expect("scr starts");
    let pid = child.id();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    match rx.recv_timeout(WATCHDOG) {
        Ok(out) => {
            let out = out.expect("scr's output is read");
            Run {
                code: out.status.code(),
                stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
                stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            }
        }
        Err(_) => {
            let _ = Command::new("kill").arg("-9").arg(pid.to_string()).status();
            panic!("scr {args:?} ran for more than {WATCHDOG:?}: it hangs");
        }
    }
}

fn os(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Vec<OsString> {
    args.iter().map(|a| a.as_ref().to_os_string()).collect()
}

/// Asserts a run reported problems cleanly: exit 1, no panic, every fragment present.
#[track_caller]
fn assert_reported(run: &Run, what: &str, fragments: &[&str]) {
    let text = run.text();
    assert!(
        !text.contains("internal error") && !text.contains("panicked"),
        "{what}: scr panicked:\n{text}"
    );
    assert_eq!(run.code, Some(1), "{what}: exit code, output:\n{text}");
    for f in fragments {
        assert!(text.contains(f), "{what}: no \"{f}\" in:\n{text}");
    }
}

/// A folder with nothing in it must still have nothing in it.
#[track_caller]
fn assert_empty(dir: &Path, what: &str) {
    let left: Vec<_> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.file_name())).collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "{what} wrote {left:?}");
}

// ------------------------------------------------------------------------------ generators

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

fn document_xml(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}<w:sectPr/></w:body></w:document>"#
    )
}

fn para(text: &str) -> String {
    format!("<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
}

/// A zip of `parts`, deflated.
fn zip(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    let mut z = ZipWriter::new(&mut out);
    let opts = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, bytes) in parts {
        z.start_file(*name, opts).unwrap();
        z.write_all(bytes).unwrap();
    }
    z.finish().unwrap();
    out.into_inner()
}

/// A small, valid Word document.
fn good_docx(body: &str) -> Vec<u8> {
    zip(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("word/document.xml", document_xml(body).as_bytes()),
    ])
}

/// Sets the uncompressed size the zip declares for `name` (in its local header and central
/// directory) to `size`: a zip whose directory lies about how far a part inflates.
fn lie_about_size(bytes: &mut [u8], name: &str, size: u32) {
    let name = name.as_bytes();
    let mut patched = 0;
    for i in 0..bytes.len().saturating_sub(46) {
        let sig = &bytes[i..i + 4];
        let (name_at, size_at) = if sig == b"PK\x03\x04" {
            (i + 30, i + 22)
        } else if sig == b"PK\x01\x02" {
            (i + 46, i + 24)
        } else {
            continue;
        };
        let len_at = if sig == b"PK\x03\x04" { i + 26 } else { i + 28 };
        let len = u16::from_le_bytes([bytes[len_at], bytes[len_at + 1]]) as usize;
        if bytes.get(name_at..name_at + len) == Some(name) {
            bytes[size_at..size_at + 4].copy_from_slice(&size.to_le_bytes());
            patched += 1;
        }
    }
    assert_eq!(patched, 2, "both headers of {name:?} patched");
}

/// An OLE compound file with the streams Office writes when a file is saved with a password
/// to open (the encrypted package itself is random bytes here: nothing can tell them apart).
fn encrypted_office_file() -> Vec<u8> {
    let mut c = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
    c.create_stream("/EncryptionInfo")
        .unwrap()
        .write_all(&[4, 0, 4, 0, 0x40, 0, 0, 0])
        .unwrap();
    let mut s = c.create_stream("/EncryptedPackage").unwrap();
    let mut x: u32 = 12345;
    let noise: Vec<u8> = (0..8192)
        .map(|_| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            (x >> 16) as u8
        })
        .collect();
    s.write_all(&noise).unwrap();
    drop(s);
    c.flush().unwrap();
    c.into_inner().into_inner()
}

/// A minimal xlsx whose one sheet, "Chronology", has a header row and then `rows` rows of
/// data, the sheet written as a stream into the zip (never whole in memory).
fn xlsx_with_rows(path: &Path, rows: u32) {
    xlsx_with_rows_and(path, rows, "")
}

/// As [`xlsx_with_rows`], with `after` written after the sheet's data (merged cells...).
fn xlsx_with_rows_and(path: &Path, rows: u32, after: &str) {
    let file = std::fs::File::create(path).unwrap();
    let mut z = ZipWriter::new(std::io::BufWriter::new(file));
    let opts = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(1));
    let parts: [(&str, &str); 5] = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Chronology" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#,
        ),
        (
            "xl/sharedStrings.xml",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="5" uniqueCount="5"><si><t>Date</t></si><si><t>Agency</t></si><si><t>Event / contact</t></si><si><t>Northbrook Police</t></si><si><t>Call to the family home</t></si></sst>"#,
        ),
    ];
    for (name, text) in parts {
        z.start_file(name, opts).unwrap();
        z.write_all(text.as_bytes()).unwrap();
    }
    z.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
    z.write_all(br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>"#).unwrap();
    let mut chunk = String::new();
    for r in 2..=rows + 1 {
        chunk.push_str(&format!(
            r#"<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>22/05/2015</t></is></c><c r="B{r}" t="s"><v>3</v></c><c r="C{r}" t="s"><v>4</v></c></row>"#
        ));
        if chunk.len() > 1 << 20 {
            z.write_all(chunk.as_bytes()).unwrap();
            chunk.clear();
        }
    }
    z.write_all(chunk.as_bytes()).unwrap();
    z.write_all(b"</sheetData>").unwrap();
    z.write_all(after.as_bytes()).unwrap();
    z.write_all(b"</worksheet>").unwrap();
    z.finish().unwrap().flush().unwrap();
}

/// Where generated inputs go: a temporary folder, or `SCRKIT_CORPUS_OUT` to keep them.
struct Workspace {
    _tmp: tempfile::TempDir,
    inputs: PathBuf,
    out: PathBuf,
}

fn workspace() -> Workspace {
    let tmp = tempfile::tempdir().unwrap();
    let inputs = match std::env::var_os("SCRKIT_CORPUS_OUT") {
        Some(d) => PathBuf::from(d),
        None => tmp.path().join("inputs"),
    };
    std::fs::create_dir_all(&inputs).unwrap();
    let out = tmp.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    Workspace {
        _tmp: tmp,
        inputs,
        out,
    }
}

impl Workspace {
    fn put(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.inputs.join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }
}

// ------------------------------------------------------------------ Word documents, broken

/// Feeds a broken .docx to every command that reads Word documents; each must report
/// `fragments` (with the file's name) and write nothing.
fn every_docx_reader(ws: &Workspace, file: &Path, fragments: &[&str]) {
    let name = file.file_name().unwrap().to_string_lossy().into_owned();
    let data = ws.put("data.json", b"{}");
    let case = sample_case();
    let out_doc = ws.out.join("result.docx");
    let runs: Vec<(&str, Vec<OsString>)> = vec![
        ("template inspect", os(&[&"template", &"inspect", &file])),
        ("template check", os(&[&"template", &"check", &file, &data])),
        ("fill", os(&[&"fill", &file, &data, &"-o", &out_doc])),
        ("check", os(&[&"check", &file])),
        (
            "check publication",
            os(&[&"check", &"publication", &file, &"--case", &case]),
        ),
        (
            "anonymise",
            os(&[&"anonymise", &file, &"--case", &case, &"-o", &out_doc]),
        ),
        ("chronology check", os(&[&"chronology", &"check", &file])),
    ];
    for (what, args) in runs {
        let run = scr(&args);
        let mut expected = fragments.to_vec();
        expected.push(&name);
        assert_reported(&run, &format!("{what} {name}"), &expected);
    }
    assert_empty(&ws.out, &name);
}

#[test]
fn a_truncated_docx_is_damaged_or_incomplete() {
    let ws = workspace();
    let whole = good_docx(&para("Dear {{name}}"));
    let file = ws.put("truncated.docx", &whole[..whole.len() * 2 / 3]);
    every_docx_reader(&ws, &file, &["damaged or incomplete"]);
}

#[test]
fn a_docx_without_word_document_xml_says_so() {
    let ws = workspace();
    let bytes = zip(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("word/styles.xml", b"<w:styles/>"),
    ]);
    let file = ws.put("no-document.docx", &bytes);
    every_docx_reader(&ws, &file, &["word/document.xml"]);
}

#[test]
fn a_part_that_is_not_well_formed_xml_is_located() {
    let ws = workspace();
    let xml = document_xml(&para("Dear {{name}}"));
    let cut = &xml[..xml.len() - 40];
    let bytes = zip(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("word/document.xml", cut.as_bytes()),
    ]);
    let file = ws.put("not-well-formed.docx", &bytes);
    every_docx_reader(
        &ws,
        &file,
        &["document body", "not well-formed XML (line 1, column"],
    );
}

#[test]
fn a_zip_bomb_is_refused_by_its_part_before_inflating() {
    let ws = workspace();
    // 64 MiB of zeros deflate to about 64 KiB: a ratio of 1,000, past the limit of 200.
    let zeros = vec![0u8; 64 << 20];
    let bytes = zip(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("word/document.xml", document_xml(&para("x")).as_bytes()),
        ("word/media/image1.png", &zeros),
    ]);
    let file = ws.put("zip-bomb.docx", &bytes);
    every_docx_reader(
        &ws,
        &file,
        &[
            "word/media/image1.png: the part inflates to 67108864 bytes",
            "looks like a zip bomb",
        ],
    );
}

#[test]
fn a_zip_whose_directory_lies_about_a_size_is_stopped_while_inflating() {
    let ws = workspace();
    // The directory says 100 bytes; the part inflates to 1 MiB. The zip reader stops at the
    // declared size, so the lie cannot get past the limits checked on the directory.
    let body = para(&"x".repeat(1 << 20));
    let mut bytes = zip(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("word/document.xml", document_xml(&body).as_bytes()),
    ]);
    lie_about_size(&mut bytes, "word/document.xml", 100);
    let file = ws.put("lying-size.docx", &bytes);
    every_docx_reader(&ws, &file, &["larger than its declared uncompressed size"]);
}

#[test]
fn a_zip_entry_climbing_out_of_the_package_is_refused() {
    let ws = workspace();
    let bytes = zip(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("word/document.xml", document_xml(&para("x")).as_bytes()),
        ("../../evil.sh", b"echo pwned"),
    ]);
    let file = ws.put("climbing-entry.docx", &bytes);
    every_docx_reader(
        &ws,
        &file,
        &["../../evil.sh: the package has a part whose name leaves the package"],
    );
    // The same inside a spreadsheet, which other libraries would open.
    let xlsx = ws.put("climbing-entry.xlsx", &bytes);
    for args in [
        os(&[&"chronology", &"check", &xlsx]),
        os(&[&"case", &"check", &xlsx]),
    ]
    .into_iter()
    .chain(other_sheet_readers(&xlsx).into_iter().map(|(_, a)| a))
    {
        let run = scr(&args);
        assert_reported(&run, "climbing xlsx", &["leaves the package"]);
    }
    assert!(!ws.inputs.parent().unwrap().join("evil.sh").exists());
}

#[test]
fn a_password_protected_docx_is_named_as_such() {
    let ws = workspace();
    let file = ws.put("password.docx", &encrypted_office_file());
    every_docx_reader(&ws, &file, &["password-protected"]);
}

// ------------------------------------------------------------------------- spreadsheets

/// The other readers of a returned workbook, besides the chronology's: the agency summary's
/// (`summary check`) and the action tracker's (`actions check`, against the sample case).
fn other_sheet_readers(file: &Path) -> Vec<(&'static str, Vec<OsString>)> {
    vec![
        ("summary check", os(&[&"summary", &"check", &file])),
        (
            "actions check",
            os(&[&"actions", &"check", &sample_case(), &file]),
        ),
    ]
}

#[test]
fn a_password_protected_xlsx_is_named_as_such() {
    let ws = workspace();
    let file = ws.put("password.xlsx", &encrypted_office_file());
    for (what, args) in [
        ("chronology check", os(&[&"chronology", &"check", &file])),
        ("case check", os(&[&"case", &"check", &file])),
    ]
    .into_iter()
    .chain(other_sheet_readers(&file))
    {
        let run = scr(&args);
        assert_reported(
            &run,
            what,
            &["password.xlsx", "password-protected", "without one"],
        );
    }
    // The same container saved as .xls is read by the Excel 97 reader, and named too.
    let xls = ws.put("password.xls", &encrypted_office_file());
    let run = scr(&os(&[&"chronology", &"check", &xls]));
    assert_reported(
        &run,
        "password xls",
        &["password.xls", "password-protected"],
    );
}

#[test]
fn an_html_file_named_xls_is_called_a_web_page() {
    let file = corpus().join("html-export.xls");
    for (what, args) in [
        ("chronology check", os(&[&"chronology", &"check", &file])),
        ("case check", os(&[&"case", &"check", &file])),
    ]
    .into_iter()
    .chain(other_sheet_readers(&file))
    {
        let run = scr(&args);
        assert_reported(
            &run,
            what,
            &["html-export.xls", "web page (HTML)", "save it as .xlsx"],
        );
    }
}

#[test]
fn a_spreadsheet_zip_bomb_never_reaches_the_spreadsheet_reader() {
    let ws = workspace();
    let zeros = vec![b' '; 64 << 20];
    let bytes = zip(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("xl/sharedStrings.xml", &zeros),
    ]);
    let file = ws.put("zip-bomb.xlsx", &bytes);
    for args in [
        os(&[&"chronology", &"check", &file]),
        os(&[&"case", &"check", &file]),
    ]
    .into_iter()
    .chain(other_sheet_readers(&file).into_iter().map(|(_, a)| a))
    {
        let run = scr(&args);
        assert_reported(
            &run,
            "xlsx bomb",
            &["xl/sharedStrings.xml: the part inflates to", "zip bomb"],
        );
    }
}

#[test]
fn a_sheet_of_a_million_rows_is_read_to_the_row_limit_and_located() {
    let ws = workspace();
    let file = ws.inputs.join("million-rows.xlsx");
    xlsx_with_rows(&file, 1_048_575); // with the header: 1,048,576 rows, Excel's last
    let run = scr(&os(&[
        &"chronology",
        &"check",
        &file,
        &"--from",
        &"01/01/2015",
        &"--to",
        &"31/12/2016",
    ]));
    assert_reported(
        &run,
        "million rows",
        &[
            "million-rows.xlsx: sheet 'Chronology', row 100001, column A: the sheet has more than 100000 rows; reading stopped here",
            "delete the rows below the chronology",
        ],
    );
    // What was read before the limit is still checked.
    assert!(run.stdout.contains("99999 entries"), "{}", run.stdout);
}

#[test]
fn a_merged_region_as_large_as_the_sheet_is_reported_without_walking_it() {
    let ws = workspace();
    let file = ws.inputs.join("merged-everything.xlsx");
    xlsx_with_rows_and(
        &file,
        3,
        r#"<mergeCells count="1"><mergeCell ref="A2:XFD1048576"/></mergeCells>"#,
    );
    let run = scr(&os(&[
        &"chronology",
        &"check",
        &file,
        &"--from",
        &"01/01/2015",
        &"--to",
        &"31/12/2016",
    ]));
    assert_reported(
        &run,
        "merged region",
        &["merged-everything.xlsx: sheet 'Chronology', row 2, column A (Date): cells A2:"],
    );
}

#[test]
fn an_ods_whose_repeats_stand_for_a_billion_cells_is_refused_before_expanding() {
    let ws = workspace();
    let content = r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Chronology"><table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="1000" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#;
    let bytes = zip(&[
        (
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet",
        ),
        (
            "META-INF/manifest.xml",
            br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#,
        ),
        ("content.xml", content.as_bytes()),
    ]);
    let file = ws.put("repeat-bomb.ods", &bytes);
    for args in [
        os(&[&"chronology", &"check", &file]),
        os(&[&"summary", &"check", &file]),
    ] {
        let run = scr(&args);
        assert_reported(
            &run,
            "ods repeats",
            &[
                "repeat-bomb.ods: sheet 'Chronology' holds more than 4000000 cells with content",
                "counting repeated rows and columns",
            ],
        );
    }
    // The tracker's reader (calamine's own cell limit) refuses it too, within the ceiling.
    let run = scr(&other_sheet_readers(&file)[1].1);
    assert_reported(
        &run,
        "ods repeats, tracker",
        &["repeat-bomb.ods", "Cell limit exceeded"],
    );
}

// --------------------------------------------------------------------------- CSV encodings

/// Checks a CSV return with `scr` (exit 0: read, no error) and reads it with the library to
/// see what was read: its entries' events and outcomes, and its warnings.
fn csv_events(file: &Path) -> (Vec<String>, Vec<String>) {
    let run = scr(&os(&[
        &"chronology",
        &"check",
        &file,
        &"--from",
        &"01/01/2015",
        &"--to",
        &"31/12/2016",
    ]));
    assert_eq!(run.code, Some(0), "{}", run.text());
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let ctx = scrkit::chronology::Context {
        today: day,
        scope: scrkit::chronology::Scope::default(),
        case: None,
    };
    let ret = scrkit::chronology::read_return(file, &ctx);
    let events = ret
        .entries
        .iter()
        .map(|e| format!("{} / {}", e.event, e.outcome))
        .collect();
    let warnings = ret.diagnostics.iter().map(|d| d.message.clone()).collect();
    (events, warnings)
}

#[test]
fn csv_in_utf16_and_windows_1252_are_read_correctly_and_the_guess_is_said() {
    for (name, note) in [
        ("utf-16.csv", None),
        ("utf-16-no-bom.csv", Some("UTF-16LE")),
        ("windows-1252.csv", Some("Windows-1252")),
    ] {
        let (events, warnings) = csv_events(&corpus().join(name));
        assert_eq!(
            events,
            [
                "Café owner reported a disturbance / Advice given; £5 fine",
                "Follow-up visit / No further action"
            ],
            "{name}"
        );
        match note {
            Some(n) => assert!(
                warnings.len() == 1 && warnings[0].contains(n),
                "{name}: {warnings:?}"
            ),
            None => assert!(warnings.is_empty(), "{name}: {warnings:?}"),
        }
    }
}

// ------------------------------------------------------------------------------ CSV, hostile

/// The commands that read a CSV file as a table, each with `file` in its place: the
/// chronology, the agency summary and a mail merge's rows.
fn every_csv_reader(ws: &Workspace, file: &Path) -> Vec<(&'static str, Vec<OsString>)> {
    let template = root().join("templates/covering-letter.docx");
    vec![
        (
            "chronology check",
            os(&[
                &"chronology",
                &"check",
                &file,
                &"--from",
                &"01/01/2015",
                &"--to",
                &"31/12/2016",
            ]),
        ),
        ("summary check", os(&[&"summary", &"check", &file])),
        (
            "fill --rows",
            os(&[
                &"fill",
                &template,
                &"--rows",
                &file,
                &"-o",
                &ws.out.join("letters"),
            ]),
        ),
    ]
}

#[test]
fn an_unclosed_quote_is_reported_where_it_begins_and_the_rows_after_it_are_read() {
    // It used to swallow the rest of the file into one cell: "1 entry, no problems".
    let ws = workspace();
    let file = corpus().join("unclosed-quote.csv");
    for (what, args) in every_csv_reader(&ws, &file) {
        let run = scr(&args);
        assert_reported(
            &run,
            what,
            &[
                "unclosed-quote.csv: row 2, column C: a quoted value begins here and is never closed: the rest of the file (to line 4)",
                "put a quote (\") at the end of the value",
            ],
        );
    }
    // The rows after it are still read and checked.
    let run = scr(&every_csv_reader(&ws, &file)[0].1);
    assert!(run.stdout.contains("3 entries"), "{}", run.stdout);
    // A stray quote pairing with the next one is malformed too.
    let file = ws.put(
        "stray-quote.csv",
        b"Date,Agency,Event / contact\n01/03/2015,Police,\"Visit\n02/03/2015,Police,\"Second, visit\"\n",
    );
    let run = scr(&every_csv_reader(&ws, &file)[0].1);
    assert_reported(
        &run,
        "stray quote",
        &[
            "row 2, column C: a quoted value begins here and text follows its closing quote (on line 3)",
        ],
    );
    assert!(run.stdout.contains("2 entries"), "{}", run.stdout);
    assert_empty(&ws.out, "unclosed quote");
}

#[test]
fn a_10_mb_field_is_a_located_error_at_check_time_and_left_out_of_a_merge() {
    let ws = workspace();
    let mut csv =
        b"Section,Date,Agency,Event / contact,Summary\nInvolvement,01/03/2015,Police,".to_vec();
    csv.extend(std::iter::repeat_n(b'a', 10 << 20));
    csv.extend_from_slice(b",x\nInvolvement,02/03/2015,Police,Second visit,y\n");
    let file = ws.put("ten-mb-field.csv", &csv);
    for (what, args) in every_csv_reader(&ws, &file) {
        let run = scr(&args);
        assert_reported(
            &run,
            what,
            &["ten-mb-field.csv: row 2, column D: the cell holds more than 32767 characters"],
        );
        // Said once, and never the value.
        assert_eq!(run.text().matches("32767 characters").count(), 1, "{what}");
        assert!(!run.text().contains("aaaaaaaa"), "{what}");
    }
    assert_empty(&ws.out, "ten MB field");
    // It was a merge failure without a place ("String exceeds Excel's limit"): the row is
    // now left out, with its reason, and the merged workbook written.
    let merged = ws.out.join("merged");
    let run = scr(&os(&[
        &"chronology",
        &"merge",
        &file,
        &"--from",
        &"01/01/2015",
        &"--to",
        &"31/12/2016",
        &"--keep-going",
        &"-o",
        &merged,
    ]));
    assert!(!run.text().contains("Excel's limit"), "{}", run.text());
    assert!(
        merged.join("merged-chronology.xlsx").exists(),
        "{}",
        run.text()
    );
    let problems = std::fs::read_to_string(merged.join("problems.txt")).unwrap();
    assert!(
        problems.contains("row 2") && problems.contains("more than 32767 characters"),
        "{problems}"
    );
}

#[test]
fn sixty_megabytes_of_commas_are_read_in_bounded_memory() {
    // 15 MB of commas peaked at 898 MB, 60 MB ran out of memory: every field of the one row
    // was held. Now a row holds its first 256 columns; the ceiling below (1.5 GB of address
    // space) is far under what the old reader took.
    let ws = workspace();
    let mut commas = vec![b','; 60 << 20];
    commas.push(b'\n');
    let file = ws.put("sixty-mb-of-commas.csv", &commas);
    for (what, args) in every_csv_reader(&ws, &file).into_iter().take(2) {
        let run = scr(&args);
        assert_reported(
            &run,
            what,
            &["sixty-mb-of-commas.csv", "no recognisable header row"],
        );
    }
    // A file past the CSV limit is refused by its size, before it is read.
    let mut more = vec![b','; 65 << 20];
    more.push(b'\n');
    let file = ws.put("sixty-five-mb-of-commas.csv", &more);
    let run = scr(&every_csv_reader(&ws, &file)[0].1);
    assert_reported(&run, "65 MB", &["the file is larger than 64 MB"]);
}

#[test]
fn escape_codes_in_a_csv_cell_are_shown_never_obeyed() {
    let file = corpus().join("escape-codes.csv");
    let ws = workspace();
    let run = scr(&every_csv_reader(&ws, &file)[0].1);
    assert_reported(
        &run,
        "escape codes",
        &["row 3, column A (Date)", "\\u{1b}[2J\\u{1b}]0;pwned\\u{7}"],
    );
    assert!(!run.text().contains('\u{1b}') && !run.text().contains('\u{7}'));
}

// ---------------------------------------------------------------------------- templates

#[test]
fn ten_thousand_unbalanced_tags_are_all_reported_and_printed_capped() {
    let ws = workspace();
    let body: String = (0..10_000)
        .map(|i| {
            if i % 2 == 0 {
                para("{{#if a}}")
            } else {
                para("{{/each}}")
            }
        })
        .collect();
    let file = ws.put("unbalanced-tags.docx", &good_docx(&body));
    let run = scr(&os(&[&"template", &"inspect", &file, &"--json"]));
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let diagnostics = v["diagnostics"].as_array().unwrap();
    // Each {{/each}} closes the {{#if}} before it: 5,000 mismatches, each reported.
    assert_eq!(diagnostics.len(), 5_000);
    assert!(
        diagnostics[0]["message"]
            .as_str()
            .unwrap()
            .contains("{{/each}} closes {{#if a}} opened at document body, paragraph 1")
    );
    let run = scr(&os(&[&"template", &"inspect", &file]));
    assert_reported(
        &run,
        "unbalanced tags",
        &[
            "unbalanced-tags.docx: document body, paragraph 2: {{/each}} closes {{#if a}}",
            "... and 4900 more problem(s) (4900 error(s), 0 warning(s)) not shown",
        ],
    );
    let printed = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("error:"))
        .count();
    assert_eq!(printed, 100, "the list of problems is capped");
    // Never closed at all.
    let body: String = (0..10_000).map(|_| para("{{#each items}}")).collect();
    let file = ws.put("unclosed-tags.docx", &good_docx(&body));
    let data = ws.put("items.json", br#"{"items": []}"#);
    let out_doc = ws.out.join("filled.docx");
    let run = scr(&os(&[&"fill", &file, &data, &"-o", &out_doc]));
    assert_reported(
        &run,
        "unclosed tags",
        &[
            "unclosed-tags.docx: document body, paragraph 65: blocks are nested more than 64 deep",
            "unclosed-tags.docx: document body, paragraph 1: the block is never closed with {{/each}}",
            "... and 9901 more problem(s)",
        ],
    );
    assert_empty(&ws.out, "fill");
}

#[test]
fn ten_thousand_tags_in_one_paragraph_are_each_reported() {
    // Found by the hardening work: each tag's excerpt used to copy the whole paragraph, so
    // a paragraph of 10,000 tags cost 10,000 copies of it.
    let ws = workspace();
    let file = ws.put(
        "one-paragraph-tags.docx",
        &good_docx(&para(&"{{#if a}}".repeat(10_000))),
    );
    let run = scr(&os(&[&"template", &"inspect", &file, &"--json"]));
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let diagnostics = v["diagnostics"].as_array().unwrap();
    // Each never closed, and the nesting past 64 blocks said once.
    assert_eq!(diagnostics.len(), 10_001);
    assert_eq!(
        diagnostics[0]["message"],
        "blocks are nested more than 64 deep"
    );
    assert!(diagnostics[1..].iter().all(|d| {
        d["message"] == "the block is never closed with {{/if}}" && d["location"]["paragraph"] == 1
    }));
    // The excerpt shows the tag in its place, with a caret under it.
    let last = diagnostics[10_000]["excerpt"].as_str().unwrap();
    assert!(
        last.starts_with('…') && last.ends_with("^^^^^^^^^"),
        "{last}"
    );
}

#[test]
fn a_template_too_large_to_compile_is_refused_with_its_part() {
    // Found by the hardening work: 10,000 table rows, each a row block. Table places were
    // counted afresh for every paragraph, and the template parser finds every token's line
    // by counting from the start: hours of work. The table is now indexed once, and a part
    // whose tags times length is past the limit is refused at once.
    let ws = workspace();
    let rows: String = (0..10_000)
        .map(|_| {
            format!(
                "<w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr>",
                para("{{#each items}}{{name}}"),
                para("{{n}}{{/each}}")
            )
        })
        .collect();
    let body = format!("<w:tbl>{rows}</w:tbl>{}", para("end"));
    let file = ws.put("huge-template.docx", &good_docx(&body));
    let data = ws.put("items.json", br#"{"items": [{"name": "a", "n": 1}]}"#);
    let out_doc = ws.out.join("filled.docx");
    for args in [
        os(&[&"template", &"check", &file, &data]),
        os(&[&"fill", &file, &data, &"-o", &out_doc]),
    ] {
        let run = scr(&args);
        assert_reported(
            &run,
            "huge template",
            &[
                "huge-template.docx: document body: the part is too large to compile as a template: 40000 tags in",
                "help: split the template into smaller documents",
            ],
        );
    }
    assert_empty(&ws.out, "huge template");
}

// ------------------------------------------------------------------------------- JSON

#[test]
fn a_case_file_with_a_100_mb_string_is_refused_by_size() {
    let ws = workspace();
    let file = ws.inputs.join("huge-string.json");
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&file).unwrap());
        f.write_all(br#"{"board": {"name": ""#).unwrap();
        let block = vec![b'a'; 1 << 20];
        for _ in 0..100 {
            f.write_all(&block).unwrap();
        }
        f.write_all(b"\"}}\n").unwrap();
    }
    let template = root().join("templates/covering-letter.docx");
    let out_doc = ws.out.join("letter.docx");
    for (what, args) in [
        ("case check", os(&[&"case", &"check", &file])),
        ("criteria", os(&[&"criteria", &file])),
        ("pack", os(&[&"pack", &file, &"--out", &ws.out])),
        ("fill", os(&[&"fill", &template, &file, &"-o", &out_doc])),
    ] {
        let run = scr(&args);
        assert_reported(
            &run,
            what,
            &[
                "huge-string.json: the file is 100.0 MB, larger than the 16.0 MB a case file may be",
                "help: a case file holds facts",
            ],
        );
    }
    assert_empty(&ws.out, "huge case");
}

#[test]
fn deeply_nested_json_is_a_located_error() {
    let ws = workspace();
    let file = corpus().join("deeply-nested.json");
    let template = root().join("templates/covering-letter.docx");
    let out_doc = ws.out.join("letter.docx");
    for (what, args) in [
        ("case check", os(&[&"case", &"check", &file])),
        ("fill", os(&[&"fill", &template, &file, &"-o", &out_doc])),
        (
            "template check",
            os(&[&"template", &"check", &template, &file]),
        ),
    ] {
        let run = scr(&args);
        assert_reported(
            &run,
            what,
            &[
                "deeply-nested.json: line 1, column 137: the JSON is nested too deeply",
                "help: check this is the right file",
            ],
        );
    }
    assert_empty(&ws.out, "nested");
}

// ---------------------------------------------------------------------------- the corpus

#[test]
fn every_committed_input_is_described_and_tested() {
    let readme = std::fs::read_to_string(corpus().join("README.md")).unwrap();
    let me = std::fs::read_to_string(root().join("tests/corpus.rs")).unwrap();
    for entry in std::fs::read_dir(corpus()).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name == "README.md" {
            continue;
        }
        assert!(
            readme.contains(&format!("`{name}`")),
            "{name} not in README"
        );
        assert!(me.contains(&format!("\"{name}\"")), "{name} not tested");
    }
}
