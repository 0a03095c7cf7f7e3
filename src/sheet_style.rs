//! The look every workbook scrkit writes shares, so a board's returns, trackers and merged
//! sheets read as one set.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder};

/// A header row's cells: bold, wrapped, shaded, ruled below.
pub(crate) fn header() -> Format {
    Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_background_color(Color::RGB(0xD9E2F3))
        .set_border_bottom(FormatBorder::Thin)
}
