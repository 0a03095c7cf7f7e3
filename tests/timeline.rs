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

    // The incident, the death and the referral's key dates, each numbered and listed.
    let keys = Keys::of_case(&case);
    assert!(keys.dates.iter().any(|k| k.label == "Death"));
    assert_eq!(
        svg.matches("<g class=\"key-date\">").count(),
        keys.dates.len()
    );
    assert!(text.iter().any(|s| s == "12 February 2016"));
    assert!(text.iter().any(|s| s == "Incident (serious harm)"));
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
    let per_lane = ((w - 280.0) / 12.0).ceil() as usize + 1;
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
