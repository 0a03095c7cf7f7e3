//! The timeline picture of a merged chronology: the SVG read back (well formed, a lane per
//! agency named by its name, the gap shaded, duplicates linked, key dates marked), the PNG's
//! header, the same bytes for the same merge, and legibility with 20 agencies and thousands of
//! entries.

use chrono::NaiveDate;
use scrkit::case::Case;
use scrkit::chronology::timeline::{Keys, Options, PNG_SCALE, Timeline};
use scrkit::chronology::{self, Context, Merged, Scope};
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn sample_case() -> Case {
    scrkit::case::load(&root().join("samples/case.json"))
        .case
        .expect("the sample case loads")
}

/// The sample returns merged against the sample case.
fn sample_merge(case: &Case) -> Merged {
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let cx = Context::for_case(case, today);
    let paths: Vec<PathBuf> = [
        "police.xlsx",
        "csc.xlsx",
        "health-visiting.xlsx",
        "hospital.csv",
        "school.docx",
    ]
    .iter()
    .map(|n| root().join("samples/returns").join(n))
    .collect();
    let mut checked = chronology::check(&paths, &cx, &|_| {});
    chronology::merge(&mut checked, &cx, Default::default()).unwrap()
}

fn sample_timeline() -> (Case, Merged, Timeline) {
    let case = sample_case();
    let merged = sample_merge(&case);
    let t = Timeline::new(
        &merged,
        Scope::of_case(&case),
        &Keys::of_case(&case),
        &Options::default(),
    );
    (case, merged, t)
}

/// Every text node of an SVG, unescaped; panics unless the XML is well formed.
fn texts(svg: &str) -> Vec<String> {
    if let Err(e) = scrkit::docx::xml::Tree::parse(svg) {
        panic!("the SVG is not well formed: {e:?}");
    }
    svg.split('>')
        .filter_map(|s| s.split('<').next())
        .filter(|s| !s.trim().is_empty())
        .map(scrkit::docx::xml::unescape)
        .collect()
}

#[test]
fn the_sample_timeline_is_well_formed_accessible_svg_with_a_lane_per_agency_by_name() {
    let (case, merged, t) = sample_timeline();
    let svg = t.svg();
    let text = texts(&svg);
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(svg.contains("role=\"img\""));
    assert!(svg.contains("<title id=\"timeline-title\">"));
    assert!(svg.contains("<desc id=\"timeline-desc\">"));
    assert!(svg.contains("aria-labelledby=\"timeline-title timeline-desc\""));
    // Standalone: nothing fetched from anywhere (the only URL is the SVG namespace).
    assert_eq!(svg.matches("http").count(), 1, "{svg}");
    for banned in ["href", "@font-face", "<image", "<script", "url(http"] {
        assert!(!svg.contains(banned), "{banned}");
    }

    // Five agencies returned, two did not: seven lanes, each labelled by the agency's name.
    assert_eq!(merged.missing_returns.len(), 2);
    assert_eq!(t.lanes(), 7);
    assert_eq!(svg.matches("<g class=\"lane\">").count(), 7);
    // A lane's label: its lines joined (a long name takes two).
    let labels: Vec<String> = svg
        .split("<g class=\"lane\">")
        .skip(1)
        .map(|s| {
            let g = &s[..s.find("</g>").unwrap()];
            let label = &g[g.find("<text").unwrap()..];
            texts(&format!("<g>{label}</g>")).join(" ")
        })
        .collect();
    for a in &case.agencies {
        assert!(
            labels.contains(&a.name),
            "no lane is labelled {:?}: {labels:?}",
            a.name
        );
        assert!(
            !text.iter().any(|s| s == &a.id),
            "an agency's id {:?} is shown",
            a.id
        );
    }
    for id in ["csc", "health-visiting", "gp"] {
        assert!(
            !text.iter().any(|s| s.split_whitespace().any(|w| w == id)),
            "id {id} shown"
        );
    }
    assert_eq!(
        text.iter()
            .filter(|s| *s == "No chronology returned")
            .count(),
        2
    );
    // Every entry is drawn: the marks' counts add up to the rows.
    let drawn: usize = svg
        .split("<g class=\"entry\"><title>")
        .skip(1)
        .map(|s| {
            let title = &s[..s.find("</title>").unwrap()];
            let n = title.rsplit(": ").next().unwrap();
            n.split(' ').next().unwrap().parse::<usize>().unwrap()
        })
        .sum();
    assert_eq!(drawn, merged.rows.len());
    // Months along the axis, UK style.
    assert!(text.iter().any(|s| s == "Mar 2015"), "{text:?}");
}

#[test]
fn the_known_gap_is_shaded_duplicates_are_linked_and_key_dates_marked() {
    let (case, merged, t) = sample_timeline();
    let svg = t.svg();
    let text = texts(&svg);
    assert_eq!(merged.gaps.len(), 1);
    let g = &merged.gaps[0];
    let want = format!(
        "No entry from any agency from {} to {} ({} days)",
        g.from, g.to, g.days
    );
    assert!(text.contains(&want), "no shading titled {want:?}");
    assert_eq!(svg.matches("<g class=\"gap\">").count(), 1);
    assert!(svg.contains("fill=\"url(#timeline-hatch)\""));
    assert!(text.contains(&format!("{} days", g.days)));

    // Three duplicate groups, each linking marks in different lanes.
    assert_eq!(merged.duplicate_groups.len(), 3);
    let links: Vec<&str> = svg
        .split("<polyline class=\"duplicate-link\" points=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    assert_eq!(links.len(), 3, "{links:?}");
    for l in &links {
        let ys: Vec<&str> = l.split(' ').map(|p| p.split(',').nth(1).unwrap()).collect();
        assert!(ys.len() >= 2 && ys.windows(2).all(|w| w[0] != w[1]), "{l}");
    }

    // The referral's key dates, each numbered and listed; the incident and the death are
    // among them, so not listed a second time as "Incident (serious harm)" and "Death".
    let keys = Keys::of_case(&case);
    assert_eq!(keys.dates.len(), case.referral.key_dates.len());
    assert!(!keys.dates.iter().any(|k| k.label == "Death"));
    assert_eq!(
        svg.matches("<g class=\"key-date\">").count(),
        keys.dates.len()
    );
    assert!(text.iter().any(|s| s == "12 February 2016"));
    assert!(!text.iter().any(|s| s == "Incident (serious harm)"));
    // A case whose key dates leave the death out still shows it.
    let mut without = case.clone();
    without
        .referral
        .key_dates
        .retain(|k| k.date != case.child.date_of_death);
    assert!(
        Keys::of_case(&without)
            .dates
            .iter()
            .any(|k| k.label == "Death")
    );
    // The key episodes as bands, and the rows they cite ringed.
    assert_eq!(
        svg.matches("<g class=\"episode\">").count(),
        case.learning.key_episodes.len()
    );
    assert!(text.iter().any(|s| s == "KE1"));
    assert!(svg.contains("stroke=\"#d4351c\" stroke-width=\"2\"/><circle"));
    // The legend names what is drawn.
    for item in [
        "Entry",
        "Likely duplicates, linked",
        "Key entry",
        "Key episode",
        &format!(
            "No entry from any agency for more than {} days",
            merged.gap_days
        ),
    ] {
        assert!(text.iter().any(|s| s == item), "legend lacks {item:?}");
    }
    // The description says it all in words.
    let desc = t.description();
    assert!(desc.contains("24 entries from 5 agencies"), "{desc}");
    assert!(desc.contains(&format!("{} to {} ({} days)", g.from, g.to, g.days)));
    assert!(desc.contains("3 groups of likely duplicate entries are linked"));
    assert!(desc.contains("No chronology returned by Elm Street Surgery and Northbrook Homes"));
}

/// Width and height from a PNG's IHDR chunk, after checking its signature.
fn png_size(png: &[u8]) -> (u32, u32) {
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "PNG signature");
    assert_eq!(&png[12..16], b"IHDR");
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    (be(&png[16..20]), be(&png[20..24]))
}

#[test]
fn the_png_is_the_svg_drawn_at_its_scale_and_carries_no_text() {
    let (_, _, t) = sample_timeline();
    let png = t.png().unwrap();
    let (w, h) = png_size(&png);
    let (sw, sh) = t.size();
    assert_eq!(w, (sw * f64::from(PNG_SCALE)).ceil() as u32);
    assert_eq!(h, (sh * f64::from(PNG_SCALE)).ceil() as u32);
    assert!(h > 400 && h < w, "{w}x{h}");
    // No text chunks: nothing in the file but pixels (the publication check reads them).
    for chunk in [b"tEXt", b"zTXt", b"iTXt"] {
        assert!(!png.windows(4).any(|c| c == chunk));
    }
    // Not blank: the picture has ink (the PNG is compressed, so a blank one is tiny).
    assert!(png.len() > 20_000, "{} bytes", png.len());
}

#[test]
fn the_same_merge_gives_the_same_bytes() {
    let (_, _, a) = sample_timeline();
    let (_, _, b) = sample_timeline();
    assert_eq!(a.svg(), b.svg());
    assert_eq!(a.png().unwrap(), b.png().unwrap());
}

/// `agencies` CSV returns of `per_agency` entries each, spread over five years.
fn big_returns(dir: &Path, agencies: usize, per_agency: usize) -> Vec<PathBuf> {
    (0..agencies)
        .map(|a| {
            let mut csv = String::from("Date,Agency,Event\n");
            for i in 0..per_agency {
                let day = NaiveDate::from_ymd_opt(2011, 1, 1).unwrap()
                    + chrono::Days::new(((i * 1800) / per_agency + a * 7) as u64 % 1800);
                csv.push_str(&format!(
                    "{},Agency number {a} of the partnership,Contact {i} recorded by agency {a}\n",
                    day.format("%d/%m/%Y")
                ));
            }
            let p = dir.join(format!("agency-{a}.csv"));
            std::fs::write(&p, csv).unwrap();
            p
        })
        .collect()
}

#[test]
fn twenty_agencies_and_thousands_of_entries_stay_legible() {
    let tmp = tempfile::tempdir().unwrap();
    let paths = big_returns(tmp.path(), 20, 300);
    let cx = Context {
        today: NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
        scope: Scope::default(),
        case: None,
    };
    let mut checked = chronology::check(&paths, &cx, &|_| {});
    let merged = chronology::merge(&mut checked, &cx, Default::default()).unwrap();
    assert_eq!(merged.rows.len(), 6000);
    let t = Timeline::new(&merged, cx.scope, &Keys::default(), &Options::default());
    assert_eq!(t.lanes(), 20);
    let (w, h) = t.size();
    assert!(h <= 900.0, "lanes are capped: {h}");
    let svg = t.svg();
    texts(&svg);
    // Marks are clustered: at most one per 12 units of each lane, not one per entry.
    let marks = svg.matches("<g class=\"entry\">").count();
    let per_lane = ((w - 260.0) / 12.0).ceil() as usize + 1;
    assert!(marks <= 20 * per_lane, "{marks} marks");
    assert!(marks * 2 < 6000, "{marks} marks for 6000 entries");
    assert!(
        svg.contains("font-weight=\"bold\" fill=\"#ffffff\">"),
        "counts shown"
    );
    assert!(svg.len() < 2_000_000, "{} bytes", svg.len());
    // Every lane is tall enough for its label.
    let heights: Vec<f64> = svg
        .split("<g class=\"lane\">")
        .skip(1)
        .map(|s| {
            let h = s.split("height=\"").nth(1).unwrap();
            h[..h.find('"').unwrap()].parse().unwrap()
        })
        .collect();
    assert!(heights.iter().all(|h| *h >= 20.0), "{heights:?}");
    let png = t.png().unwrap();
    assert_eq!(png_size(&png).0, (w * f64::from(PNG_SCALE)).ceil() as u32);
}

#[test]
fn a_merge_with_no_entries_still_draws_a_picture_saying_so() {
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("empty.csv");
    std::fs::write(&p, "Date,Agency,Event\n").unwrap();
    let cx = Context {
        today: NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
        scope: Scope::default(),
        case: None,
    };
    let mut checked = chronology::check(&[p], &cx, &|_| {});
    let merged = chronology::merge(
        &mut checked,
        &cx,
        chronology::MergeOptions {
            keep_going: true,
            ..Default::default()
        },
    )
    .unwrap();
    let t = Timeline::new(&merged, cx.scope, &Keys::default(), &Options::default());
    let text = texts(&t.svg());
    assert!(text.iter().any(|s| s == "No entries to show."), "{text:?}");
    assert!(t.description().contains("no entries to show"));
    png_size(&t.png().unwrap());
}

/// A part of a zip package, as text.
fn part(docx: &[u8], name: &str) -> Vec<u8> {
    use std::io::Read;
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut f = z.by_name(name).unwrap_or_else(|_| panic!("no part {name}"));
    let mut out = Vec::new();
    f.read_to_end(&mut out).unwrap();
    out
}

fn text_part(docx: &[u8], name: &str) -> String {
    let t = String::from_utf8(part(docx, name)).unwrap();
    if let Err(e) = scrkit::docx::xml::Tree::parse(&t) {
        panic!("{name} is not well formed: {e:?}");
    }
    t
}

/// The value of `attr` in the first element of `xml` that starts with `open`.
fn attr<'a>(xml: &'a str, open: &str, attr: &str) -> &'a str {
    let el = &xml[xml.find(open).unwrap_or_else(|| panic!("no {open}"))..];
    let el = &el[..el.find('>').unwrap()];
    let v = &el[el
        .find(&format!(" {attr}=\""))
        .unwrap_or_else(|| panic!("no {attr}"))
        + attr.len()
        + 3..];
    &v[..v.find('"').unwrap()]
}

/// The sample merged into a folder as `scr chronology merge` does; the Word document's bytes.
fn merged_docx() -> (Case, Vec<u8>) {
    let case = sample_case();
    let cx = Context::for_case(&case, NaiveDate::from_ymd_opt(2026, 11, 25).unwrap());
    let tmp = tempfile::tempdir().unwrap();
    let paths: Vec<PathBuf> = std::fs::read_dir(root().join("samples/returns"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    let out = tmp.path().join("out");
    let (_, outcome) = chronology::merge_into(
        &out,
        scrkit::output::WritePolicy::new(false, paths.clone()),
        &paths,
        &cx,
        Default::default(),
        None,
        &|_| {},
    )
    .unwrap();
    assert!(
        matches!(outcome, chronology::MergeOutcome::Written { .. }),
        "{outcome:?}"
    );
    let bytes = std::fs::read(out.join("merged-chronology.docx")).unwrap();
    (case, bytes)
}

#[test]
fn the_merged_document_holds_the_timeline_as_an_inline_picture_with_alt_text_before_the_table() {
    let (case, docx) = merged_docx();
    let rels = text_part(&docx, "word/_rels/document.xml.rels");
    let types = text_part(&docx, "[Content_Types].xml");
    let doc = text_part(&docx, "word/document.xml");

    // The relationship, the image part it names, and its content type.
    let rid = attr(&doc, "<a:blip ", "r:embed");
    let rel = &rels[rels
        .find(&format!("Id=\"{rid}\""))
        .expect("the picture's relationship")..];
    let rel = &rel[..rel.find("/>").unwrap()];
    assert!(rel.contains(
        "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/image\""
    ));
    let target = attr(&format!("<r {rel}>"), "<r ", "Target").to_string();
    let png = part(&docx, &format!("word/{target}"));
    let (pw, ph) = png_size(&png);
    assert!(types.contains("<Default Extension=\"png\" ContentType=\"image/png\"/>"));

    // An inline DrawingML picture with its alt text, as wide as the landscape page's text.
    assert!(doc.contains("<wp:inline "));
    assert!(doc.contains("<pic:pic "));
    let descr = scrkit::docx::xml::unescape(attr(&doc, "<wp:docPr ", "descr"));
    assert!(
        descr.starts_with("Timeline of the multi-agency chronology of review"),
        "{descr}"
    );
    for a in case
        .agencies
        .iter()
        .filter(|a| a.id != "gp" && a.id != "housing")
    {
        assert!(descr.contains(&a.name), "{} not in the alt text", a.name);
    }
    let cx: i64 = attr(&doc, "<wp:extent ", "cx").parse().unwrap();
    let cy: i64 = attr(&doc, "<wp:extent ", "cy").parse().unwrap();
    let pg_w: i64 = attr(&doc, "<w:pgSz ", "w:w").parse().unwrap();
    let margins: i64 = attr(&doc, "<w:pgMar ", "w:left").parse::<i64>().unwrap()
        + attr(&doc, "<w:pgMar ", "w:right").parse::<i64>().unwrap();
    assert_eq!(cx, (pg_w - margins) * 635, "the page's text width");
    let ratio = |a: f64, b: f64| a / b;
    assert!((ratio(cx as f64, cy as f64) - ratio(f64::from(pw), f64::from(ph))).abs() < 0.01);

    // Before the table, with its caption after it; no tag left behind.
    let picture = doc.find("<w:drawing>").unwrap();
    let caption = doc.find("Figure 1. The chronology as a timeline").unwrap();
    let table = doc.find("<w:tbl>").unwrap();
    assert!(picture < caption && caption < table);
    assert!(!doc.contains("{{"));

    // The checks read a document with a picture: no leftover, no part left unread, and the
    // alt text is searched like any text.
    let opened = scrkit::check::Document::from_bytes(docx.clone()).unwrap();
    let report = scrkit::check::check_document(
        &opened,
        Path::new("merged-chronology.docx"),
        &scrkit::manifest::Manifest::builtin(),
        None,
    );
    assert!(report.leftovers.is_empty(), "{:?}", report.leftovers);
    assert!(
        !report.diagnostics.iter().any(|d| d.is_error()),
        "{:?}",
        report.diagnostics
    );
    let ids = scrkit::check::Identifiers::from_case(&case);
    let p = scrkit::check::check_publication(&opened, Path::new("m.docx"), &ids);
    assert!(
        !p.diagnostics
            .iter()
            .any(|d| d.is_error() && d.message.contains("could not")),
        "{:?}",
        p.diagnostics
    );
    let in_alt_text: Vec<String> = p
        .hits
        .iter()
        .map(|h| h.location.to_string())
        .filter(|l| l.contains("alternative text of a picture"))
        .collect();
    assert!(
        !in_alt_text.is_empty(),
        "the alt text was not searched: {:?}",
        p.hits
            .iter()
            .map(|h| h.location.to_string())
            .collect::<Vec<_>>()
    );
}

#[test]
fn a_picture_tag_refuses_a_value_that_is_not_a_picture_and_places_one_in_any_template() {
    use scrkit::docx::write::{Block, NewDocument, Para, build};
    let doc = |body: &str| NewDocument {
        title: "t".into(),
        custom: vec![],
        landscape: false,
        header: vec![],
        footer: vec![Para::new("{{picture logo}}")],
        body: vec![Block::Para(Para::new(body))],
    };
    let t =
        scrkit::template::compile_bytes(build(&doc("Before {{picture chart}} after.")), "t.docx")
            .template
            .unwrap();
    let (_, _, timeline) = sample_timeline();
    let pic = timeline.picture().unwrap();
    let small = scrkit::template::Picture {
        width_cm: Some(4.0),
        ..pic.clone()
    };
    let out = t
        .render(&serde_json::json!({"chart": pic.to_value(), "logo": small.to_value()}))
        .unwrap();
    // Two pictures, one in the body and one in the footer, each with its own relationships.
    let doc_xml = text_part(&out, "word/document.xml");
    assert!(doc_xml.contains("Before </w:t></w:r><w:r><w:drawing>"));
    assert!(doc_xml.contains("<w:t xml:space=\"preserve\"> after.</w:t>"));
    let footer_rels = text_part(&out, "word/_rels/footer1.xml.rels");
    let footer = text_part(&out, "word/footer1.xml");
    let rid = attr(&footer, "<a:blip ", "r:embed");
    assert!(footer_rels.contains(&format!("Id=\"{rid}\"")));
    assert_eq!(attr(&footer, "<wp:extent ", "cx"), "1440000", "4 cm");
    let body_rid = attr(&doc_xml, "<a:blip ", "r:embed");
    assert_ne!(rid, body_rid);

    // A value that is not a picture, and a missing one, are refused at their tag.
    let problems = t
        .render(&serde_json::json!({"chart": "a chart", "logo": {"png": "aGVsbG8=", "descr": "x"}}))
        .unwrap_err();
    let messages: Vec<&str> = problems.iter().map(|d| d.message.as_str()).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("picture: the value is not a picture")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("picture: the picture is not a PNG")),
        "{messages:?}"
    );
    let problems = t.render(&serde_json::json!({})).unwrap_err();
    assert!(
        problems.iter().any(|d| d.message.contains("\"chart\"")),
        "{problems:?}"
    );
}

#[test]
fn scr_chronology_timeline_writes_the_picture_alone_as_svg_or_png_privately() {
    let tmp = tempfile::tempdir().unwrap();
    let returns: Vec<PathBuf> = std::fs::read_dir(root().join("samples/returns"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    let run = |out: &Path, extra: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_scr"))
            .args(["chronology", "timeline"])
            .args(&returns)
            .arg("--case")
            .arg(root().join("samples/case.json"))
            .arg("-o")
            .arg(out)
            .args(extra)
            .output()
            .unwrap()
    };
    let svg_path = tmp.path().join("timeline.svg");
    let o = run(&svg_path, &[]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.contains("drew 24 entries from 5 return(s)"),
        "{stdout}"
    );
    let svg = std::fs::read_to_string(&svg_path).unwrap();
    let (_, _, t) = sample_timeline();
    assert_eq!(svg, t.svg(), "the file is the library's picture");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&svg_path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // Not replaced without --force; replaced with it.
    let o = run(&svg_path, &[]);
    assert_ne!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stderr).contains("already exists"));
    assert_eq!(run(&svg_path, &["--force"]).status.code(), Some(0));

    let png_path = tmp.path().join("timeline.PNG");
    let o = run(&png_path, &[]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let png = std::fs::read(&png_path).unwrap();
    assert_eq!(
        png_size(&png).0,
        (t.size().0 * f64::from(PNG_SCALE)).ceil() as u32
    );

    let o = run(&tmp.path().join("timeline.pdf"), &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains(".svg or .png"));
    assert!(!tmp.path().join("timeline.pdf").exists());
}

/// The ids an SVG defines, and the ids it refers to (`url(#x)`, `aria-labelledby`).
fn ids_of(svg: &str) -> (Vec<String>, Vec<String>) {
    let defined = svg
        .split(" id=\"")
        .skip(1)
        .map(|p| p[..p.find('"').unwrap()].to_string())
        .collect();
    let mut used: Vec<String> = svg
        .split("url(#")
        .skip(1)
        .map(|p| p[..p.find(')').unwrap()].to_string())
        .collect();
    for p in svg.split("aria-labelledby=\"").skip(1) {
        used.extend(p[..p.find('"').unwrap()].split(' ').map(str::to_string));
    }
    (defined, used)
}

#[test]
fn two_pictures_on_one_page_share_no_id_and_each_refers_only_to_its_own() {
    let (_, _, t) = sample_timeline();
    let a = t.svg_with_ids("merged");
    let b = t.svg_with_ids("police-only");
    let (a_ids, a_used) = ids_of(&a);
    let (b_ids, b_used) = ids_of(&b);
    assert_eq!(a_ids, ["merged-title", "merged-desc", "merged-hatch"]);
    assert!(
        a_ids.iter().all(|i| !b_ids.contains(i)),
        "{a_ids:?} {b_ids:?}"
    );
    assert!(
        !a_used.is_empty() && a_used.iter().all(|u| a_ids.contains(u)),
        "{a_used:?}"
    );
    assert!(
        !b_used.is_empty() && b_used.iter().all(|u| b_ids.contains(u)),
        "{b_used:?}"
    );
    // The standalone picture keeps its own names.
    assert_eq!(
        ids_of(&t.svg()).0,
        ["timeline-title", "timeline-desc", "timeline-hatch"]
    );
}
