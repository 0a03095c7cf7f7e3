//! Text out of the parts of a package that are not WordprocessingML: web pages and plain text
//! Word merges on opening (altChunk), RTF, MIME web archives, the text chunks and metadata of
//! images, and the strings inside binary parts. The publication check searches what these
//! return; nothing here judges what is identifying.

use std::io::Read;

/// Largest text inflated from one compressed image chunk (16 MiB): a chunk is metadata, never
/// more; past this it is a bomb and the rest is not inflated.
const MAX_INFLATED: u64 = 16 << 20;

/// What a part's bytes are, judged by their first bytes and then by the part's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PartKind {
    /// XML (parsed as a tree).
    Xml,
    /// A web page or other markup that is not XML (HTML, an altChunk).
    Markup,
    /// A MIME web archive (`.mht`), e.g. an altChunk saved from Word.
    Mime,
    /// Rich Text Format.
    Rtf,
    /// Plain text.
    Text,
    /// An OLE compound file: an embedded object, a VBA project, an ActiveX control.
    Ole,
    /// A zip package: an embedded document, workbook or presentation.
    Zip,
    /// An image.
    Image,
    /// Anything else (fonts, printer settings).
    Binary,
}

/// Judges what a part is.
pub(crate) fn kind_of(name: &str, bytes: &[u8]) -> PartKind {
    let lower = name.to_ascii_lowercase();
    let ext = lower.rsplit('.').next().unwrap_or("");
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return PartKind::Ole;
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return PartKind::Zip;
    }
    if is_image(bytes)
        || matches!(
            ext,
            "png"
                | "jpg"
                | "jpeg"
                | "gif"
                | "bmp"
                | "tif"
                | "tiff"
                | "emf"
                | "wmf"
                | "wdp"
                | "jxr"
                | "ico"
        )
    {
        return PartKind::Image;
    }
    let (text, _) = decode(bytes);
    let head = text.trim_start_matches('\u{FEFF}').trim_start();
    if head.starts_with("{\\rtf") {
        return PartKind::Rtf;
    }
    if matches!(ext, "mht" | "mhtml")
        || head
            .get(..13)
            .is_some_and(|h| h.eq_ignore_ascii_case("mime-version:"))
    {
        return PartKind::Mime;
    }
    let html_head = head.get(..64).unwrap_or(head).to_ascii_lowercase();
    if matches!(ext, "htm" | "html" | "xhtml")
        || html_head.starts_with("<!doctype html")
        || html_head.starts_with("<html")
    {
        return PartKind::Markup;
    }
    if matches!(ext, "xml" | "vml" | "svg") || head.starts_with("<?xml") {
        return PartKind::Xml;
    }
    if head.starts_with('<') {
        return PartKind::Markup;
    }
    if is_text(bytes) {
        return PartKind::Text;
    }
    PartKind::Binary
}

fn is_image(b: &[u8]) -> bool {
    b.starts_with(b"\x89PNG\r\n\x1a\n")
        || b.starts_with(&[0xFF, 0xD8, 0xFF])
        || b.starts_with(b"GIF8")
        || b.starts_with(b"II*\0")
        || b.starts_with(b"MM\0*")
        || b.starts_with(&[0xD7, 0xCD, 0xC6, 0x9A])
        || (b.len() > 44 && b.starts_with(&[1, 0, 0, 0]) && &b[40..44] == b" EMF")
}

/// Text with a byte order mark, or UTF-8 without one, with no control characters but line
/// breaks and tabs.
fn is_text(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return true;
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => !s
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{0C}')),
        Err(_) => false,
    }
}

/// Decodes text: a byte order mark's encoding, UTF-8, or else Windows-1252. The flag says
/// whether characters were lost.
pub(crate) fn decode(bytes: &[u8]) -> (String, bool) {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (t, _, lossy) = enc.decode(&bytes[bom..]);
        return (t.into_owned(), lossy);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_string(), false),
        Err(_) => {
            let (t, _, lossy) = encoding_rs::WINDOWS_1252.decode(bytes);
            (t.into_owned(), lossy)
        }
    }
}

/// Elements that run within a line of text: removing their tags joins what they split
/// ("Mai<b>sie</b>" reads "Maisie"); every other tag separates words.
const INLINE: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "big", "cite", "code", "em", "font", "i", "kbd", "mark", "q",
    "rb", "rp", "rt", "ruby", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "tt",
    "u", "var", "wbr", "ins", "del", "o:p", "w:r", "w:t",
];

/// True when a tag of this name runs within a line of text (see [`INLINE`]).
pub(crate) fn is_inline_tag(name: &str) -> bool {
    INLINE.contains(&name)
}

/// The text of markup (HTML, XHTML, an XML fragment) as a reader sees it: tags removed (inline
/// ones joining, others separating), comments' text kept, character references decoded.
pub(crate) fn markup_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if let Some(body) = rest.strip_prefix("<!--") {
            let end = body.find("-->").unwrap_or(body.len());
            out.push(' ');
            out.push_str(&body[..end]);
            out.push(' ');
            rest = body.get(end + 3..).unwrap_or("");
            continue;
        }
        if let Some(body) = rest.strip_prefix("<![CDATA[") {
            let end = body.find("]]>").unwrap_or(body.len());
            out.push_str(&body[..end]);
            rest = body.get(end + 3..).unwrap_or("");
            continue;
        }
        let end = rest.find('>').map(|e| e + 1).unwrap_or(rest.len());
        let tag = &rest[1..end.saturating_sub(1).max(1)];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != '/' && *c != '>')
            .collect::<String>()
            .to_ascii_lowercase();
        if !INLINE.contains(&name.as_str()) {
            out.push(' ');
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    decode_references(&out)
}

/// Decodes `&amp;`, `&#233;`, `&#xE9;` and the common named references.
pub(crate) fn decode_references(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest[1..].find(';').map(|e| e + 1).filter(|&e| e <= 12);
        let Some(end) = end else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..end];
        let c = if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
            u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
        } else if let Some(dec) = name.strip_prefix('#') {
            dec.parse::<u32>().ok().and_then(char::from_u32)
        } else {
            match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{A0}'),
                "shy" => Some('\u{AD}'),
                "zwj" => Some('\u{200D}'),
                "zwnj" => Some('\u{200C}'),
                "eacute" => Some('é'),
                "egrave" => Some('è'),
                "euml" => Some('ë'),
                "iuml" => Some('ï'),
                "ouml" => Some('ö'),
                "uuml" => Some('ü'),
                "pound" => Some('£'),
                _ => None,
            }
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The text of an RTF document: control words dropped (`\par` and `\tab` separate),
/// `\'e9` and `\u233?` decoded, braces removed.
pub(crate) fn rtf_text(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len() / 2);
    let mut bytes8: Vec<u8> = Vec::new();
    let flush = |bytes8: &mut Vec<u8>, out: &mut String| {
        if !bytes8.is_empty() {
            let (t, _, _) = encoding_rs::WINDOWS_1252.decode(bytes8);
            out.push_str(&t);
            bytes8.clear();
        }
    };
    let mut i = 0;
    let mut skip_fallback = 0usize;
    while i < b.len() {
        match b[i] {
            b'\\' if i + 1 < b.len() => {
                let c = b[i + 1];
                if c == b'\'' && i + 3 < b.len() {
                    if let Ok(v) = u8::from_str_radix(&s[i + 2..i + 4], 16) {
                        if skip_fallback > 0 {
                            skip_fallback -= 1;
                        } else {
                            bytes8.push(v);
                        }
                        i += 4;
                        continue;
                    }
                    i += 2;
                    continue;
                }
                flush(&mut bytes8, &mut out);
                if matches!(c, b'\\' | b'{' | b'}') {
                    out.push(c as char);
                    i += 2;
                    continue;
                }
                if !c.is_ascii_alphabetic() {
                    // \~ (non-breaking space), \- (optional hyphen), \_ : a space or nothing.
                    if c == b'~' {
                        out.push(' ');
                    }
                    i += 2;
                    continue;
                }
                let start = i + 1;
                let mut j = start;
                while j < b.len() && b[j].is_ascii_alphabetic() {
                    j += 1;
                }
                let word = &s[start..j];
                let num_start = j;
                if j < b.len() && b[j] == b'-' {
                    j += 1;
                }
                while j < b.len() && b[j].is_ascii_digit() {
                    j += 1;
                }
                let num = s[num_start..j].parse::<i64>().ok();
                if j < b.len() && b[j] == b' ' {
                    j += 1;
                }
                match word {
                    "par" | "line" | "tab" | "cell" | "row" | "sect" | "page" => out.push(' '),
                    "u" => {
                        if let Some(n) = num {
                            let n = if n < 0 { n + 65_536 } else { n };
                            if let Some(ch) = u32::try_from(n).ok().and_then(char::from_u32) {
                                out.push(ch);
                            }
                            skip_fallback = 1;
                        }
                    }
                    _ => {}
                }
                i = j;
            }
            b'{' | b'}' | b'\r' | b'\n' => {
                flush(&mut bytes8, &mut out);
                i += 1;
            }
            _ => {
                flush(&mut bytes8, &mut out);
                let ch = s[i..].chars().next().unwrap_or(' ');
                if skip_fallback > 0 {
                    skip_fallback -= 1;
                } else {
                    out.push(ch);
                }
                i += ch.len_utf8();
            }
        }
    }
    flush(&mut bytes8, &mut out);
    out
}

/// One section of a MIME web archive, decoded: its content type and bytes.
pub(crate) struct MimeSection {
    pub(crate) content_type: String,
    pub(crate) bytes: Vec<u8>,
}

/// Splits a MIME web archive (`.mht`) into its sections, decoding quoted-printable and base64.
/// A file that is not multipart is one section.
pub(crate) fn mime_sections(text: &str) -> Vec<MimeSection> {
    let boundary = text
        .lines()
        .take(200)
        .find_map(|l| {
            let i = l.to_ascii_lowercase().find("boundary=")?;
            Some(
                l[i + 9..]
                    .trim()
                    .trim_matches(|c| c == '"' || c == ';')
                    .to_string(),
            )
        })
        .filter(|b| !b.is_empty());
    let chunks: Vec<&str> = match &boundary {
        Some(b) => text.split(&format!("--{b}")).skip(1).collect(),
        None => vec![text],
    };
    let mut out = Vec::new();
    for chunk in chunks {
        let chunk = chunk.trim_start_matches(['\r', '\n']);
        let (head, body) = match chunk
            .find("\r\n\r\n")
            .map(|i| (i, 4))
            .or_else(|| chunk.find("\n\n").map(|i| (i, 2)))
        {
            Some((i, n)) => (&chunk[..i], &chunk[i + n..]),
            None => ("", chunk),
        };
        let header = |name: &str| {
            head.lines().find_map(|l| {
                let (k, v) = l.split_once(':')?;
                k.trim()
                    .eq_ignore_ascii_case(name)
                    .then(|| v.trim().to_ascii_lowercase())
            })
        };
        let content_type = header("content-type").unwrap_or_default();
        if content_type.starts_with("multipart/") && boundary.is_some() {
            continue;
        }
        let bytes = match header("content-transfer-encoding").as_deref() {
            Some("quoted-printable") => quoted_printable(body),
            Some("base64") => base64(body),
            _ => body.as_bytes().to_vec(),
        };
        out.push(MimeSection {
            content_type,
            bytes,
        });
    }
    out
}

fn quoted_printable(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'=' {
            if b.get(i + 1) == Some(&b'\r') && b.get(i + 2) == Some(&b'\n') {
                i += 3;
                continue;
            }
            if b.get(i + 1) == Some(&b'\n') {
                i += 2;
                continue;
            }
            if let Some(v) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    out
}

fn base64(s: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut acc = 0u32;
    let mut bits = 0;
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => continue,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

/// Inflates zlib data up to [`MAX_INFLATED`].
fn inflate(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let _ = flate2::read::ZlibDecoder::new(data)
        .take(MAX_INFLATED)
        .read_to_end(&mut out);
    out
}

/// One piece of text an image carries, and where ("PNG text chunk 'Comment'").
#[derive(Debug)]
pub(crate) struct ImageText {
    pub(crate) place: String,
    pub(crate) text: String,
}

/// The text an image carries for people and programs: PNG `tEXt`, `zTXt` and `iTXt` chunks
/// (keyword and text), JPEG comments and XMP packets. EXIF and other binary metadata are left to
/// [`strings`].
pub(crate) fn image_text(bytes: &[u8]) -> Vec<ImageText> {
    let mut out = Vec::new();
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        let mut pos = 8;
        while pos + 12 <= bytes.len() {
            let len =
                u32::from_be_bytes([bytes[pos], bytes[pos + 1], bytes[pos + 2], bytes[pos + 3]])
                    as usize;
            let kind = &bytes[pos + 4..pos + 8];
            let Some(data) = bytes.get(pos + 8..(pos + 8).saturating_add(len)) else {
                break;
            };
            let latin1 = |b: &[u8]| encoding_rs::mem::decode_latin1(b).into_owned();
            let (keyword, rest) = match data.iter().position(|&b| b == 0) {
                Some(i) => (latin1(&data[..i]), &data[i + 1..]),
                None => (latin1(data), &data[data.len()..]),
            };
            let text = match kind {
                b"tEXt" => Some(latin1(rest)),
                b"zTXt" => Some(latin1(&inflate(rest.get(1..).unwrap_or(&[])))),
                b"iTXt" => {
                    let compressed = rest.first() == Some(&1);
                    let after = rest.get(2..).unwrap_or(&[]);
                    let mut fields = after.splitn(3, |&b| b == 0);
                    let lang = fields.next().unwrap_or(&[]);
                    let translated = fields.next().unwrap_or(&[]);
                    let body = fields.next().unwrap_or(&[]);
                    let body = if compressed {
                        inflate(body)
                    } else {
                        body.to_vec()
                    };
                    Some(format!(
                        "{} {} {}",
                        String::from_utf8_lossy(lang),
                        String::from_utf8_lossy(translated),
                        String::from_utf8_lossy(&body)
                    ))
                }
                _ => None,
            };
            if let Some(text) = text {
                out.push(ImageText {
                    place: format!(
                        "PNG text chunk '{}'",
                        keyword.chars().take(79).collect::<String>()
                    ),
                    text: format!("{keyword}: {text}"),
                });
            }
            pos = pos + 12 + len;
        }
    } else if bytes.starts_with(&[0xFF, 0xD8]) {
        let mut pos = 2;
        while pos + 4 <= bytes.len() && bytes[pos] == 0xFF {
            let marker = bytes[pos + 1];
            if marker == 0xFF {
                pos += 1;
                continue;
            }
            if marker == 0x01 || (0xD0..=0xD8).contains(&marker) {
                pos += 2;
                continue;
            }
            if marker == 0xDA || marker == 0xD9 {
                break;
            }
            let len = u16::from_be_bytes([bytes[pos + 2], bytes[pos + 3]]) as usize;
            let Some(data) = bytes.get(pos + 4..(pos + 2 + len).max(pos + 4)) else {
                break;
            };
            const XMP: &[u8] = b"http://ns.adobe.com/xap/1.0/\0";
            if marker == 0xFE {
                out.push(ImageText {
                    place: "JPEG comment".into(),
                    text: decode(data).0,
                });
            } else if marker == 0xE1 && data.starts_with(XMP) {
                out.push(ImageText {
                    place: "XMP metadata".into(),
                    text: markup_text(&decode(&data[XMP.len()..]).0),
                });
            }
            pos += 2 + len;
        }
    }
    out
}

/// Runs of at least four readable characters in binary data, as single bytes (ASCII and
/// Windows-1252 letters) and as UTF-16 in both byte orders, one run a line: where an embedded
/// object, a font or EXIF metadata keeps text.
pub(crate) fn strings(bytes: &[u8]) -> String {
    const MIN: usize = 4;
    let mut out = String::new();
    let readable = |c: char| {
        !c.is_control()
            && c != '\u{FFFD}'
            && (c.is_alphanumeric()
                || c.is_whitespace()
                || c.is_ascii_punctuation()
                || matches!(c, '£' | '–' | '’' | '‘' | '\u{A0}'))
    };
    let mut run = String::new();
    let mut count = 0;
    fn end_run(run: &mut String, count: &mut usize, out: &mut String) {
        if *count >= MIN {
            out.push_str(run);
            out.push('\n');
        }
        run.clear();
        *count = 0;
    }
    for &b in bytes {
        let c = if b < 0x80 {
            b as char
        } else {
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(&[b])
                .0
                .chars()
                .next()
                .unwrap_or('\u{FFFD}')
        };
        if readable(c) {
            run.push(c);
            count += 1;
        } else {
            end_run(&mut run, &mut count, &mut out);
        }
    }
    end_run(&mut run, &mut count, &mut out);
    for big_endian in [false, true] {
        for offset in 0..2 {
            let units = bytes[offset.min(bytes.len())..].chunks_exact(2).map(|p| {
                if big_endian {
                    u16::from_be_bytes([p[0], p[1]])
                } else {
                    u16::from_le_bytes([p[0], p[1]])
                }
            });
            for u in units {
                match char::from_u32(u32::from(u)) {
                    Some(c) if readable(c) => {
                        run.push(c);
                        count += 1;
                    }
                    _ => end_run(&mut run, &mut count, &mut out),
                }
            }
            end_run(&mut run, &mut count, &mut out);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_text_joins_inline_tags_and_decodes_references() {
        assert_eq!(
            markup_text("<p>Mai<b>sie</b> &amp; Thorn&#98;ury</p>").trim(),
            "Maisie & Thornbury"
        );
        assert!(markup_text("<div>a</div><div>b</div>").contains("a  b"));
        assert!(markup_text("<!-- Maisie --><p>x</p>").contains("Maisie"));
        assert_eq!(markup_text("<![CDATA[Maisie]]>"), "Maisie");
    }

    #[test]
    fn rtf_text_drops_control_words_and_decodes_escapes() {
        let t =
            rtf_text(r"{\rtf1\ansi{\fonttbl\f0 Arial;}\f0\fs24 Mai\'73ie Zo\u235?\par Thornbury}");
        assert!(t.contains("Maisie Zoë"), "{t}");
        assert!(t.contains("Thornbury"), "{t}");
        assert!(!t.contains("fs24"), "{t}");
    }

    #[test]
    fn mime_sections_are_decoded() {
        let mht = "MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"XX\"\r\n\r\n--XX\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n<p>Mai=\r\nsie =3D Thornbury</p>\r\n--XX\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\nTkI0IDdRVA==\r\n--XX--\r\n";
        let s = mime_sections(mht);
        assert_eq!(s.len(), 3, "two sections and the closing one");
        assert_eq!(
            String::from_utf8_lossy(&s[0].bytes).trim(),
            "<p>Maisie = Thornbury</p>"
        );
        assert_eq!(String::from_utf8_lossy(&s[1].bytes).trim(), "NB4 7QT");
    }

    fn png_chunk(kind: &[u8], data: &[u8]) -> Vec<u8> {
        let mut c = (data.len() as u32).to_be_bytes().to_vec();
        c.extend_from_slice(kind);
        c.extend_from_slice(data);
        c.extend_from_slice(&[0, 0, 0, 0]);
        c
    }

    #[test]
    fn png_and_jpeg_text_is_found() {
        use std::io::Write;
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(b"NB4 7QT").unwrap();
        let compressed = z.finish().unwrap();
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        png.extend(png_chunk(b"tEXt", b"Author\0Maisie"));
        png.extend(png_chunk(
            b"zTXt",
            &[b"Comment\0\0".as_slice(), &compressed].concat(),
        ));
        png.extend(png_chunk(
            b"iTXt",
            &[b"Title\0\0\0en\0\0".as_slice(), "Zoë".as_bytes()].concat(),
        ));
        png.extend(png_chunk(b"IEND", b""));
        let t = image_text(&png);
        assert_eq!(t.len(), 3);
        assert_eq!(t[0].text, "Author: Maisie");
        assert!(t[1].text.contains("NB4 7QT"));
        assert!(t[2].text.contains("Zoë"));
        let mut jpg = vec![0xFF, 0xD8, 0xFF, 0xFE, 0, 8];
        jpg.extend_from_slice(b"Maisie");
        jpg.extend_from_slice(&[0xFF, 0xD9]);
        assert_eq!(image_text(&jpg)[0].text, "Maisie");
        assert_eq!(kind_of("word/media/x.bin", &png), PartKind::Image);
    }

    #[test]
    fn strings_finds_single_byte_and_utf16_text() {
        let mut b = vec![0u8, 1, 2, 0xFF];
        b.extend_from_slice(b"Maisie");
        b.extend_from_slice(&[0, 3]);
        b.extend("Thornbury".encode_utf16().flat_map(|u| u.to_le_bytes()));
        b.push(7);
        b.extend("Zoë".encode_utf16().flat_map(|u| u.to_be_bytes()));
        b.extend("Ann".encode_utf16().flat_map(|u| u.to_be_bytes()));
        let s = strings(&b);
        assert!(s.contains("Maisie"), "{s}");
        assert!(s.contains("Thornbury"), "{s}");
        assert!(s.contains("ZoëAnn"), "{s}");
    }

    #[test]
    fn parts_are_told_apart() {
        assert_eq!(
            kind_of("word/afchunk.htm", b"<html><p>x</p></html>"),
            PartKind::Markup
        );
        assert_eq!(
            kind_of("word/afchunk.dat", b"<!DOCTYPE html><p>x"),
            PartKind::Markup
        );
        assert_eq!(kind_of("word/a.rtf", b"{\\rtf1 x}"), PartKind::Rtf);
        assert_eq!(
            kind_of("word/a.mht", b"MIME-Version: 1.0\r\n"),
            PartKind::Mime
        );
        assert_eq!(kind_of("notes.txt", b"Maisie"), PartKind::Text);
        assert_eq!(
            kind_of("x.bin", &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]),
            PartKind::Ole
        );
        assert_eq!(kind_of("x.docx", b"PK\x03\x04"), PartKind::Zip);
        assert_eq!(kind_of("font.odttf", &[0, 1, 2, 3, 0x80]), PartKind::Binary);
        assert_eq!(
            kind_of("custom.xml", b"<?xml version=\"1.0\"?><a/>"),
            PartKind::Xml
        );
    }
}
