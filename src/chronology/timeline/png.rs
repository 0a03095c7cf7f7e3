//! The timeline's SVG drawn as a PNG by resvg (tiny-skia underneath).
//!
//! Only the fonts compiled in here are used, never the system's, so a PNG made on a laptop and
//! on a server is the same picture, byte for byte. The fonts are Liberation Sans 2 (SIL Open
//! Font License 1.1, `font/LICENSE-OFL.txt`), metric twins of Arial, which the SVG names after
//! them: text measured for the SVG fits the PNG too.

use resvg::tiny_skia::{Pixmap, Transform};
use resvg::usvg;
use std::sync::{Arc, OnceLock};

/// Pixels per SVG unit: 2 puts the 1200-unit-wide picture at about 240 dots per inch across
/// a landscape A4 page, sharp when printed.
pub const PNG_SCALE: f32 = 2.0;

/// The largest picture drawn, in pixels (width times height): 20 agencies' lanes at the
/// default width are far below it; a picture past it is drawn smaller rather than taking
/// memory without bound.
const MAX_PIXELS: f32 = 40_000_000.0;

const REGULAR: &[u8] = include_bytes!("font/LiberationSans-Regular.ttf");
const BOLD: &[u8] = include_bytes!("font/LiberationSans-Bold.ttf");

fn fonts() -> Arc<usvg::fontdb::Database> {
    static FONTS: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = usvg::fontdb::Database::new();
            db.load_font_data(REGULAR.to_vec());
            db.load_font_data(BOLD.to_vec());
            db.set_sans_serif_family("Liberation Sans");
            Arc::new(db)
        })
        .clone()
}

/// Draws `svg` (the timeline's own) as PNG bytes.
pub(super) fn render(svg: &str) -> Result<Vec<u8>, String> {
    let opt = usvg::Options {
        font_family: "Liberation Sans".into(),
        fontdb: fonts(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &opt).map_err(|e| e.to_string())?;
    let size = tree.size();
    let mut scale = PNG_SCALE;
    let pixels = size.width() * size.height() * scale * scale;
    if pixels > MAX_PIXELS {
        scale *= (MAX_PIXELS / pixels).sqrt();
    }
    let (w, h) = (
        (size.width() * scale).ceil() as u32,
        (size.height() * scale).ceil() as u32,
    );
    let mut pixmap = Pixmap::new(w.max(1), h.max(1))
        .ok_or_else(|| format!("a picture of {w} by {h} pixels cannot be made"))?;
    resvg::render(
        &tree,
        Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap.encode_png().map_err(|e| e.to_string())
}
