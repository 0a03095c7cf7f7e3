//! Pictures from data: `{{picture x}}` typed in a paragraph places the PNG that `x` holds
//! there, as Word places an inline picture (a DrawingML `wp:inline` with a `pic:pic`), with
//! its alt text; the image part, its relationship and its content type are added to the
//! package. The tag stands where its run is, so a board's own template puts the picture
//! wherever it likes, with the paragraph's own alignment and spacing.
//!
//! The data's value is an object ([`Picture::to_value`]):
//! `{"png": "<base64>", "descr": "alt text", "width_cm": 25.0}`; without `width_cm` the
//! picture takes the page's text width (of the document's last section), scaled down when it
//! would be taller than the page's text height.

use super::helpers::{self, Host, HostMode};
use crate::docx::xml::escape_text;
use base64::Engine;
use handlebars::{Context, Handlebars, Helper, HelperDef, HelperResult, Output, RenderContext};
use serde_json::Value;

/// The helper a template calls to place a picture.
pub(super) const PICTURE: &str = "picture";

/// A picture to place with `{{picture x}}`.
#[derive(Debug, Clone, PartialEq)]
pub struct Picture {
    /// The PNG's bytes.
    pub png: Vec<u8>,
    /// The alt text: what the picture shows, for someone who cannot see it.
    pub descr: String,
    /// Its width on the page in centimetres; `None`: the page's text width.
    pub width_cm: Option<f64>,
}

impl Picture {
    /// The value to give the template's data.
    pub fn to_value(&self) -> Value {
        let mut v = serde_json::json!({
            "png": base64::engine::general_purpose::STANDARD.encode(&self.png),
            "descr": self.descr,
        });
        if let Some(w) = self.width_cm {
            v["width_cm"] = w.into();
        }
        v
    }
}

/// EMUs (English Metric Units) per twip and per centimetre.
const EMU_PER_TWIP: i64 = 635;
const EMU_PER_CM: f64 = 360_000.0;
/// The largest picture accepted, in bytes of PNG.
const MAX_PNG_BYTES: usize = 32 * 1024 * 1024;

/// What a template's package says about where pictures go: the page's text area and names
/// for the new parts and relationships that no part of the template uses.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Env {
    /// The text width and height of the document's last section, in EMUs.
    pub text_w: i64,
    pub text_h: i64,
    /// The start of each new image part's name and relationship id.
    pub prefix: String,
}

impl Env {
    /// Reads the page from the main document's last `w:sectPr`; picks a prefix no part name
    /// or relationship of `taken` (every part name and every relationship part's text) holds.
    pub(super) fn new(main_document: &str, taken: &str) -> Env {
        let sect = main_document
            .rfind("<w:sectPr")
            .map_or("", |i| &main_document[i..]);
        let attr = |el: &str, name: &str| -> Option<i64> {
            let start = sect.find(&format!("<{el} "))?;
            let tag = &sect[start..start + sect[start..].find('>')?];
            let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
            let v = &tag[at..at + tag[at..].find('"')?];
            v.parse::<f64>().ok().map(|f| f as i64)
        };
        // A4 portrait with 2.54 cm margins when the document says nothing.
        let page_w = attr("w:pgSz", "w:w").unwrap_or(11_906);
        let page_h = attr("w:pgSz", "w:h").unwrap_or(16_838);
        let left = attr("w:pgMar", "w:left").unwrap_or(1_440);
        let right = attr("w:pgMar", "w:right").unwrap_or(1_440);
        let top = attr("w:pgMar", "w:top").unwrap_or(1_440);
        let bottom = attr("w:pgMar", "w:bottom").unwrap_or(1_440);
        let text_w = ((page_w - left - right).max(1_440)) * EMU_PER_TWIP;
        // A line's worth below the text height, for the paragraph the picture stands in.
        let text_h = ((page_h - top - bottom - 600).max(1_440)) * EMU_PER_TWIP;
        let taken = taken.to_ascii_lowercase();
        let prefix = (1..)
            .map(|n| {
                if n == 1 {
                    "scrkitPicture".to_string()
                } else {
                    format!("scrkitPicture{n}x")
                }
            })
            .find(|p| !taken.contains(&p.to_ascii_lowercase()))
            .unwrap_or_default();
        Env {
            text_w,
            text_h,
            prefix,
        }
    }
}

/// A picture placed while rendering: the part it stands in, its relationship id, the image
/// part's name and bytes.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Placed {
    pub part: String,
    pub rid: String,
    pub target: String,
    pub png: Vec<u8>,
}

/// Width and height in pixels from a PNG's header, when the bytes are a PNG.
fn png_size(png: &[u8]) -> Option<(u32, u32)> {
    if png.len() < 24 || &png[..8] != b"\x89PNG\r\n\x1a\n" || &png[12..16] != b"IHDR" {
        return None;
    }
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    let (w, h) = (be(&png[16..20]), be(&png[20..24]));
    (w > 0 && h > 0).then_some((w, h))
}

/// The picture a value holds, or what is wrong with it.
fn read(v: &Value) -> Result<Picture, (String, String)> {
    let help = "give {{picture}} a value with \"png\" (the PNG's bytes in base64) and \"descr\" \
                (its alt text)";
    let Some(obj) = v.as_object() else {
        return Err(("the value is not a picture".into(), help.into()));
    };
    let png = obj
        .get("png")
        .and_then(Value::as_str)
        .and_then(|s| base64::engine::general_purpose::STANDARD.decode(s).ok())
        .ok_or_else(|| ("the picture has no PNG".to_string(), help.to_string()))?;
    if png.len() > MAX_PNG_BYTES {
        return Err((
            format!("the picture is {} bytes, too large", png.len()),
            "use a PNG under 32 MB".into(),
        ));
    }
    if png_size(&png).is_none() {
        return Err((
            "the picture is not a PNG".into(),
            "only PNG pictures can be placed".into(),
        ));
    }
    let descr = obj
        .get("descr")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    if descr.trim().is_empty() {
        return Err((
            "the picture has no alt text".into(),
            "give it a \"descr\" saying what it shows, for readers who cannot see it".into(),
        ));
    }
    let width_cm = obj
        .get("width_cm")
        .and_then(Value::as_f64)
        .filter(|w| *w > 0.0);
    Ok(Picture {
        png,
        descr,
        width_cm,
    })
}

/// The picture's extent in EMUs: its width (the page's text width unless given), its height
/// by its proportions, both scaled down to the page's text height.
fn extent(p: &Picture, env: &Env) -> (i64, i64) {
    let (pw, ph) = png_size(&p.png).unwrap_or((1, 1));
    let w = p
        .width_cm
        .map_or(env.text_w as f64, |cm| cm * EMU_PER_CM)
        .min(env.text_w as f64);
    let mut h = w * f64::from(ph) / f64::from(pw);
    let mut w = w;
    if h > env.text_h as f64 {
        w *= env.text_h as f64 / h;
        h = env.text_h as f64;
    }
    (w.round() as i64, h.round() as i64)
}

/// The run holding the picture, closing the run the tag stands in and reopening it after.
fn drawing_xml(host: &Host, id: u64, rid: &str, cx: i64, cy: i64, descr: &str) -> String {
    let mut d = String::new();
    escape_text(descr, &mut d);
    format!(
        "</w:t></w:r><w:r>{rpr}<w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\" xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\"><wp:extent cx=\"{cx}\" cy=\"{cy}\"/><wp:effectExtent l=\"0\" t=\"0\" r=\"0\" b=\"0\"/><wp:docPr id=\"{id}\" name=\"Picture {id}\" descr=\"{d}\"/><wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" noChangeAspect=\"1\"/></wp:cNvGraphicFramePr><a:graphic xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\"><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><pic:pic xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><pic:nvPicPr><pic:cNvPr id=\"{id}\" name=\"Picture {id}\" descr=\"{d}\"/><pic:cNvPicPr><a:picLocks noChangeAspect=\"1\" noChangeArrowheads=\"1\"/></pic:cNvPicPr></pic:nvPicPr><pic:blipFill><a:blip r:embed=\"{rid}\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr bwMode=\"auto\"><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"{cx}\" cy=\"{cy}\"/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r><w:r>{rpr}<w:t xml:space=\"preserve\">",
        rpr = host.rpr,
    )
}

/// `{{__picture TAG x}}`: the picture `x` holds, placed where the tag stands.
pub(super) struct WritePicture;

impl HelperDef for WritePicture {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        rc: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let Some((tag, p, absent)) = helpers::tagged(h, ctx, rc) else {
            return Ok(());
        };
        if absent {
            return Ok(());
        }
        let picture = match read(p.value()) {
            Ok(pic) => pic,
            Err((m, help)) => {
                helpers::record(tag, format!("picture: {m}"), help);
                return Ok(());
            }
        };
        let placed = helpers::state(|s| {
            let host = s.hosts.get(tag).cloned();
            let Some(host) = host.filter(|h| h.mode != HostMode::Plain) else {
                return Err((
                    "picture: a picture can only stand in the text of a paragraph".to_string(),
                    "move the tag into a paragraph of the document's body, a header or a footer"
                        .to_string(),
                ));
            };
            // The same picture twice in one part shares its image part.
            let existing = s
                .pictures
                .iter()
                .find(|x| x.part == s.part && x.png == picture.png)
                .map(|x| x.rid.clone());
            let rid = match existing {
                Some(rid) => rid,
                None => {
                    let n = s.pictures.len() + 1;
                    let rid = format!("{}{n}", s.picture_env.prefix);
                    s.pictures.push(Placed {
                        part: s.part.clone(),
                        rid: rid.clone(),
                        target: format!("media/{}{n}.png", s.picture_env.prefix),
                        png: picture.png.clone(),
                    });
                    rid
                }
            };
            s.next_id += 1;
            let (cx, cy) = extent(&picture, &s.picture_env);
            Ok(drawing_xml(&host, s.next_id, &rid, cx, cy, &picture.descr))
        });
        match placed {
            Some(Ok(xml)) => out.write(&xml)?,
            Some(Err((m, help))) => helpers::record(tag, m, help),
            None => {}
        }
        Ok(())
    }
}

/// A part's name and bytes.
pub(super) type NamedPart = (String, Vec<u8>);

/// The relationships part of `part` ("word/document.xml" -> "word/_rels/document.xml.rels").
fn rels_name(part: &str) -> String {
    match part.rfind('/') {
        Some(i) => format!("{}/_rels/{}.rels", &part[..i], &part[i + 1..]),
        None => format!("_rels/{part}.rels"),
    }
}

/// What placing `pictures` changes in a package: the parts to replace (relationships,
/// content types) and the image parts to add. `read` gives a part's current text, if any.
pub(super) fn package_edits(
    pictures: &[Placed],
    read: impl Fn(&str) -> Option<String>,
) -> (Vec<NamedPart>, Vec<NamedPart>) {
    let mut replaced = Vec::new();
    let mut added = Vec::new();
    if pictures.is_empty() {
        return (replaced, added);
    }
    let mut parts: Vec<&str> = pictures.iter().map(|p| p.part.as_str()).collect();
    parts.dedup();
    for part in parts {
        let name = rels_name(part);
        let mut rels = read(&name).unwrap_or_else(|| {
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"></Relationships>".to_string()
        });
        let mut new = String::new();
        for p in pictures.iter().filter(|p| p.part == part) {
            new.push_str(&format!(
                "<Relationship Id=\"{}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/image\" Target=\"{}\"/>",
                p.rid, p.target
            ));
            let dir = part.rfind('/').map_or("", |i| &part[..=i]);
            added.push((format!("{dir}{}", p.target), p.png.clone()));
        }
        match rels.rfind("</Relationships>") {
            Some(i) => rels.insert_str(i, &new),
            // A self-closed, empty relationships element.
            None => {
                if let Some(i) = rels.rfind("/>") {
                    rels.replace_range(i..i + 2, &format!(">{new}</Relationships>"));
                }
            }
        }
        replaced.push((name, rels.into_bytes()));
    }
    if let Some(mut types) = read("[Content_Types].xml") {
        let lower = types.to_ascii_lowercase();
        if !lower.contains("extension=\"png\"")
            && let Some(open) = lower.find("<types")
            && let Some(end) = types[open..].find('>')
        {
            let at = open + end + 1;
            types.insert_str(at, "<Default Extension=\"png\" ContentType=\"image/png\"/>");
        }
        replaced.push(("[Content_Types].xml".to_string(), types.into_bytes()));
    }
    (replaced, added)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_is_read_from_the_last_section_and_the_prefix_is_free() {
        let doc = "<w:body><w:p/><w:sectPr><w:pgSz w:w=\"16838\" w:h=\"11906\" w:orient=\"landscape\"/><w:pgMar w:top=\"1134\" w:right=\"1134\" w:bottom=\"1134\" w:left=\"1134\"/></w:sectPr></w:body>";
        let env = Env::new(doc, "word/document.xml word/media/scrkitPicture1.png");
        assert_eq!(env.text_w, (16_838 - 2 * 1_134) * EMU_PER_TWIP);
        assert_eq!(env.prefix, "scrkitPicture2x");
        assert_eq!(Env::new("", "").prefix, "scrkitPicture");
    }

    #[test]
    fn a_wide_picture_takes_the_text_width_and_a_tall_one_the_text_height() {
        let env = Env {
            text_w: 1_000,
            text_h: 1_000,
            prefix: "p".into(),
        };
        let png = |w: u32, h: u32| {
            let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
            b.extend(w.to_be_bytes());
            b.extend(h.to_be_bytes());
            b
        };
        let pic = |w, h| Picture {
            png: png(w, h),
            descr: "d".into(),
            width_cm: None,
        };
        assert_eq!(extent(&pic(200, 100), &env), (1_000, 500));
        assert_eq!(extent(&pic(100, 400), &env), (250, 1_000));
        let v = pic(200, 100).to_value();
        assert_eq!(read(&v).unwrap(), pic(200, 100));
        assert!(read(&serde_json::json!({"png": "aGk=", "descr": "x"})).is_err());
        assert!(read(&serde_json::json!({"png": v["png"].clone()})).is_err());
    }

    #[test]
    fn relationships_and_the_png_content_type_are_added_once() {
        let placed = vec![Placed {
            part: "word/document.xml".into(),
            rid: "scrkitPicture1".into(),
            target: "media/scrkitPicture1.png".into(),
            png: vec![1],
        }];
        let (replaced, added) = package_edits(&placed, |name| match name {
            "word/_rels/document.xml.rels" => Some(
                "<Relationships xmlns=\"r\"><Relationship Id=\"rId1\"/></Relationships>".into(),
            ),
            "[Content_Types].xml" => Some(
                "<?xml version=\"1.0\"?><Types xmlns=\"t\"><Default Extension=\"xml\"/></Types>"
                    .into(),
            ),
            _ => None,
        });
        assert_eq!(
            added,
            vec![("word/media/scrkitPicture1.png".to_string(), vec![1])]
        );
        let text = |n: &str| {
            String::from_utf8(replaced.iter().find(|(p, _)| p == n).unwrap().1.clone()).unwrap()
        };
        assert!(text("word/_rels/document.xml.rels").ends_with("<Relationship Id=\"scrkitPicture1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/image\" Target=\"media/scrkitPicture1.png\"/></Relationships>"));
        assert_eq!(
            text("[Content_Types].xml"),
            "<?xml version=\"1.0\"?><Types xmlns=\"t\"><Default Extension=\"png\" ContentType=\"image/png\"/><Default Extension=\"xml\"/></Types>"
        );
    }
}
