#!/usr/bin/env python3
"""Writes a copy of a template whose word/styles.xml is the size Word leaves it (about 349 KB:
latent styles and hundreds of styles with formatting), for measuring compile cost.

    big_styles.py IN.docx OUT.docx
"""
import sys
import zipfile


def style(i: int) -> str:
    kind = "paragraph" if i % 3 else "character"
    outline = f'<w:outlineLvl w:val="{i % 9}"/>' if i % 7 == 0 else ""
    return (
        f'<w:style w:type="{kind}" w:customStyle="1" w:styleId="Custom{i}">'
        f'<w:name w:val="Custom style {i}"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>'
        f'<w:uiPriority w:val="{i % 50}"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/>'
        f'<w:spacing w:before="240" w:after="120" w:line="276" w:lineRule="auto"/>{outline}</w:pPr>'
        '<w:rPr><w:rFonts w:asciiTheme="majorHAnsi" w:eastAsiaTheme="majorEastAsia" '
        'w:hAnsiTheme="majorHAnsi" w:cstheme="majorBidi"/><w:b/><w:bCs/>'
        '<w:color w:val="2F5496" w:themeColor="accent1" w:themeShade="BF"/>'
        '<w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style>'
    )


def main(src: str, dst: str) -> None:
    z = zipfile.ZipFile(src)
    styles = z.read("word/styles.xml").decode()
    latent = (
        '<w:latentStyles w:defLockedState="0" w:defUIPriority="99" w:count="376">'
        + "".join(
            f'<w:lsdException w:name="Style name {i}" w:uiPriority="{i % 99}" '
            'w:semiHidden="1" w:unhideWhenUsed="1"/>'
            for i in range(376)
        )
        + "</w:latentStyles>"
    )
    at = styles.index(">", styles.index("<w:styles")) + 1
    big = styles[:at] + latent + "".join(style(i) for i in range(560)) + styles[at:]
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as out:
        for info in z.infolist():
            data = z.read(info.filename)
            if info.filename == "word/styles.xml":
                data = big.encode()
            out.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    print(f"{dst}: styles.xml {len(big) // 1024} KB")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
