#!/usr/bin/env python3
"""Templates written by another writer (python-docx, then LibreOffice), filled by `scr fill`.

scrkit's own tests build their templates with scrkit's own idea of Word XML; a bug that both
the builder and the engine share would hide there. Here python-docx writes the templates the way
a person would leave them in Word (tags split across runs with different formatting, spelling
marks and bookmarks inside tags, rsid churn, smart quotes, a row loop and conditional rows, a
paragraph loop around a table, tags in first-page and default headers and footers and in the
document properties), and LibreOffice saves each again as .docx, so the engine also meets the
XML another writer produces.

    interop_templates.py make DIR        write DIR/<name>.template.docx and DIR/data.json
    interop_templates.py verify DIR      read DIR/<name>.docx back and check the text

`scripts/interop` runs `make`, converts the templates with LibreOffice into DIR/lo-<name>...,
runs `scr fill` on each, then `verify`. All data is the fictional sample case.
"""

from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path

import docx
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.text.paragraph import Paragraph

ROOT = Path(__file__).resolve().parent.parent
LQ, RQ = "\u201c", "\u201d"  # the quotes Word's AutoFormat types
APOS = "\u2019"

# Names of the templates made here; LibreOffice copies get the prefix "lo-".
NAMES = ["letter", "table_rows", "loop_around_table"]


def case() -> dict:
    data = json.loads((ROOT / "samples" / "case.json").read_text(encoding="utf-8"))
    # The letter goes to the first agency; an always-empty list exercises empty loops.
    data["agency"] = data["agencies"][0]
    data["nothing"] = []
    return data


# ---------------------------------------------------------------------------------------------
# Writing templates the way Word leaves them


def mark(p, kind: str) -> None:
    """A spelling mark between runs (Word's w:proofErr)."""
    el = OxmlElement("w:proofErr")
    el.set(qn("w:type"), kind)
    p._p.append(el)


def bookmark(p, bid: int, name: str, start: bool) -> None:
    el = OxmlElement("w:bookmarkStart" if start else "w:bookmarkEnd")
    el.set(qn("w:id"), str(bid))
    if start:
        el.set(qn("w:name"), name)
    p._p.append(el)


def run(p, text: str, *, bold=False, italic=False, colour=None, size=None, rsid=None):
    r = p.add_run(text)
    r.bold = bold or None
    r.italic = italic or None
    if colour:
        r.font.color.rgb = RGBColor.from_string(colour)
    if size:
        r.font.size = Pt(size)
    if rsid:
        r._r.set(qn("w:rsidR"), rsid)
    return r


def page_break_mark(r) -> None:
    """Word's w:lastRenderedPageBreak at the start of a run's text."""
    r._r.insert(len(r._r) - 1, OxmlElement("w:lastRenderedPageBreak"))


def split(p, pieces, rsids=True):
    """Writes `pieces` as runs, each with different formatting and its own rsid."""
    styles = [
        {},
        {"bold": True},
        {"italic": True},
        {"colour": "1F4E79"},
        {"size": 12},
        {"bold": True, "italic": True},
    ]
    for i, text in enumerate(pieces):
        run(p, text, rsid=f"00{i:02d}A{i}F0" if rsids else None, **styles[i % len(styles)])


def make_letter(path: Path) -> None:
    """A request for information letter: tags split every way Word splits them."""
    d = docx.Document()
    d.core_properties.title = "Request for information {{review.reference}}"
    d.core_properties.subject = "{{board.short_name}} serious case review"
    sec = d.sections[0]
    sec.different_first_page_header_footer = True
    fp = sec.first_page_header.paragraphs[0]
    split(fp, ["{{board.", "name}}"])
    hp = sec.header.paragraphs[0]
    split(hp, ["OFFICIAL-SENSITIVE \u00b7 {", "{review.refer", "ence}}"])
    sec.footer.paragraphs[0].text = "{{board.short_name}} \u00b7 {{board.secure_email}}"
    sec.first_page_footer.paragraphs[0].text = "Reply to {{board.business_manager.email}}"

    h = d.add_paragraph(style="Heading 1")
    split(h, ["Request for information: ", "{{", "review.reference", "}}"])

    # "Dear {{agency.contact.name}}," typed, spell-checked, bookmarked and edited over sessions.
    p = d.add_paragraph()
    run(p, "Dear {", rsid="00A10001")
    run(p, "{", bold=True, rsid="00B20002")
    mark(p, "spellStart")
    run(p, "agency.", italic=True, rsid="00C30003")
    bookmark(p, 0, "_GoBack", True)
    run(p, "contact.na", colour="C00000")
    bookmark(p, 0, "_GoBack", False)
    r = run(p, "me}", size=13)
    page_break_mark(r)
    mark(p, "spellEnd")
    run(p, "},", rsid="00D40004")

    p = d.add_paragraph()
    split(
        p,
        [
            "The ",
            "{{board.short_name}}",
            f" has decided to hold a serious case review ({LQ}the review{RQ}) about ",
            "{{child.pseu",
            "donym}}",
            ", who was born on {{date child.date_of_birth}} and died on ",
            "{{date child.date_of_death}}.",
        ],
    )
    p = d.add_paragraph()
    split(p, [f"Date of birth in figures: {{{{date child.date_of_birth {LQ}%d/%m/%Y{RQ}}}}}."])
    p = d.add_paragraph()
    split(p, [f"The board{APOS}s request is made under {{{{", f"review.regime}}}} guidance."])
    p = d.add_paragraph("The scope runs from {{date review.scope.from}} to {{date review.scope.to}}.")
    p = d.add_paragraph()
    split(p, ["Please reply by {{date (add_days referral.received_on 28)}}", "."])

    d.add_paragraph("Key lines of enquiry", style="Heading 2")
    d.add_paragraph("{{#each terms_of_reference.key_lines_of_enquiry}}")
    p = d.add_paragraph(style="List Number")
    split(p, ["{{this}}"])
    d.add_paragraph("{{/each}}")

    d.add_paragraph("{{#if agency.returns.management_review}}")
    p = d.add_paragraph()
    split(p, ["Please also provide an individual management review for ", "{{agency.name}}", "."])
    d.add_paragraph("{{else}}")
    d.add_paragraph("A chronology alone is needed from {{agency.name}}.")
    d.add_paragraph("{{/if}}")

    p = d.add_paragraph("Values stay safe: {{default agency.fax \"no fax given\"}}.")
    p = d.add_paragraph()
    r = run(p, "Yours sincerely,")
    r.add_break(WD_BREAK.LINE)
    run(p, "{{board.business_manager.name}}, {{board.business_manager.role}}")
    d.save(path)


def cell_runs(cell, pieces) -> None:
    p = cell.paragraphs[0]
    split(p, pieces)


def make_table_rows(path: Path) -> None:
    """A table with a row loop, a true and a false conditional row, and a total."""
    d = docx.Document()
    d.add_paragraph("Agencies in review {{review.reference}}", style="Heading 1")
    t = d.add_table(rows=5, cols=3)
    t.style = "Table Grid"
    for c, text in zip(t.rows[0].cells, ["Agency", "Contact", "Management review"]):
        c.paragraphs[0].add_run(text).bold = True
    cell_runs(t.rows[1].cells[0], ["{{#each agen", "cies}}", "{{name}}"])
    cell_runs(t.rows[1].cells[1], ["{{contact.name}} (", "{{contact.role}})"])
    cell_runs(
        t.rows[1].cells[2],
        ["{{#if (default returns.management_review false)}}Requested{{else}}Not requested{{/if}}", "{{/each}}"],
    )
    cell_runs(t.rows[2].cells[0], ["{{#if child.date_of_death}}", "Date of death"])
    cell_runs(t.rows[2].cells[1], ["{{date child.date_of_death}}"])
    cell_runs(t.rows[2].cells[2], ["{{/if}}"])
    cell_runs(t.rows[3].cells[0], ["{{#if referral.from_cdop}}Notified by the CDOP"])
    cell_runs(t.rows[3].cells[2], ["Never shown{{/if}}"])
    cell_runs(t.rows[4].cells[0], ["Agencies"])
    cell_runs(t.rows[4].cells[1], ["{{count agencies}}"])
    d.add_paragraph("{{plural agencies \"agency\" \"agencies\"}} asked for information.")
    d.save(path)


def make_loop_around_table(path: Path) -> None:
    """A paragraph loop whose body holds a heading, a table and a paragraph, then a row loop."""
    d = docx.Document()
    sec = d.sections[0]
    sec.header.paragraphs[0].text = "{{review.reference}} \u2013 agencies"
    d.add_paragraph("Agency contacts", style="Heading 1")
    d.add_paragraph("{{#each agencies}}")
    split(d.add_paragraph(style="Heading 2"), ["{{", "name}}"])
    t = d.add_table(rows=3, cols=2)
    t.style = "Table Grid"
    for row, (label, tag) in zip(
        t.rows,
        [("Contact", "{{contact.name}}"), ("Role", "{{contact.role}}"), ("Email", "{{contact.email}}")],
    ):
        row.cells[0].paragraphs[0].add_run(label).bold = True
        cell_runs(row.cells[1], [tag[:5], tag[5:]])
    split(d.add_paragraph(), ["Involvement: ", "{{involvement}}"])
    d.add_paragraph("{{/each}}")
    d.add_paragraph("{{#each nothing}}")
    d.add_paragraph("Never shown {{this}}")
    d.add_paragraph("{{/each}}")
    d.add_paragraph("Key dates", style="Heading 1")
    t = d.add_table(rows=2, cols=2)
    t.style = "Table Grid"
    t.rows[0].cells[0].paragraphs[0].add_run("Date").bold = True
    t.rows[0].cells[1].paragraphs[0].add_run("What happened").bold = True
    cell_runs(t.rows[1].cells[0], ["{{#each referral.key_dates}}", "{{date date}}"])
    cell_runs(t.rows[1].cells[1], ["{{event}}", "{{/each}}"])
    d.add_paragraph("End of contacts.")
    d.save(path)


MAKERS = {
    "letter": make_letter,
    "table_rows": make_table_rows,
    "loop_around_table": make_loop_around_table,
}


def make(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "data.json").write_text(json.dumps(case(), indent=1), encoding="utf-8")
    for name, maker in MAKERS.items():
        maker(out / f"{name}.template.docx")
        print(f"made {name}.template.docx")


# ---------------------------------------------------------------------------------------------
# Reading outputs back


def all_paragraphs(el, parent):
    """Every paragraph under an element (body, header, cell), in reading order: tables
    (each cell once) and content controls included."""
    for child in el.iterchildren():
        if child.tag == qn("w:p"):
            yield Paragraph(child, parent)
        elif child.tag == qn("w:tbl"):
            for tr in child.iterchildren(qn("w:tr")):
                for tc in tr.iterchildren(qn("w:tc")):
                    yield from all_paragraphs(tc, parent)
        elif child.tag == qn("w:sdt"):
            for content in child.iterchildren(qn("w:sdtContent")):
                yield from all_paragraphs(content, parent)


def story(part) -> list[str]:
    return [p.text for p in all_paragraphs(part._element, part)]


def texts(doc) -> dict[str, list[str]]:
    out = {"body": [p.text for p in all_paragraphs(doc.element.body, doc)]}
    sec = doc.sections[0]
    out["header"] = story(sec.header)
    out["footer"] = story(sec.footer)
    if sec.different_first_page_header_footer:
        out["first_header"] = story(sec.first_page_header)
        out["first_footer"] = story(sec.first_page_footer)
    out["title"] = [doc.core_properties.title or ""]
    out["subject"] = [doc.core_properties.subject or ""]
    return out


def expectations(name: str, data: dict) -> tuple[dict[str, list[str]], list[str], dict]:
    """(text each story must contain in order, text that must not appear anywhere, counts)."""
    ag = data["agency"]
    agencies = data["agencies"]
    loe = data["terms_of_reference"]["key_lines_of_enquiry"]
    if name == "letter":
        return (
            {
                "first_header": ["Northbrook Local Safeguarding Children Board"],
                "header": ["OFFICIAL-SENSITIVE \u00b7 SCR-2016-03"],
                "footer": ["Northbrook LSCB \u00b7 lscb.reviews@northbrook-lscb.example"],
                "first_footer": ["Reply to ruth.okonkwo-hale@northbrook-lscb.example"],
                "title": ["Request for information SCR-2016-03"],
                "subject": ["Northbrook LSCB serious case review"],
                "body": [
                    "Request for information: SCR-2016-03",
                    f"Dear {ag['contact']['name']},",
                    f"The Northbrook LSCB has decided to hold a serious case review ({LQ}the review{RQ})"
                    " about Child A, who was born on 2 March 2013 and died on 14 February 2016.",
                    "Date of birth in figures: 02/03/2013.",
                    f"The board{APOS}s request is made under 2015 guidance.",
                    "The scope runs from 1 March 2015 to 14 February 2016.",
                    "Please reply by 18 March 2016.",
                    "Key lines of enquiry",
                    *loe,
                    f"Please also provide an individual management review for {ag['name']}.",
                    "Values stay safe: no fax given.",
                    "Yours sincerely,\nRuth Okonkwo-Hale, LSCB Business Manager",
                ],
            },
            ["A chronology alone is needed"],
            {"body_paragraphs": 11 + len(loe)},
        )
    if name == "table_rows":
        rows = []
        for a in agencies:
            mr = "Requested" if a["returns"].get("management_review") else "Not requested"
            rows += [a["name"], f"{a['contact']['name']} ({a['contact']['role']})", mr]
        return (
            {
                "body": [
                    "Agencies in review SCR-2016-03",
                    "Agency",
                    "Contact",
                    "Management review",
                    *rows,
                    "Date of death",
                    "14 February 2016",
                    "",
                    "Agencies",
                    str(len(agencies)),
                    "",
                    f"{len(agencies)} agencies asked for information.",
                ]
            },
            ["Never shown", "CDOP"],
            {"table_rows": 1 + len(agencies) + 1 + 1},
        )
    if name == "loop_around_table":
        body = ["Agency contacts"]
        for a in agencies:
            c = a["contact"]
            body += [
                a["name"],
                "Contact", c["name"], "Role", c["role"], "Email", c["email"],
                f"Involvement: {a['involvement']}",
            ]
        body += ["Key dates", "Date", "What happened"]
        from datetime import date

        for k in data["referral"]["key_dates"]:
            d = date.fromisoformat(k["date"])
            body += [f"{d.day} {d.strftime('%B %Y')}", k["event"]]
        body += ["End of contacts."]
        return (
            {"body": body, "header": ["SCR-2016-03 \u2013 agencies"]},
            ["Never shown"],
            {"tables": len(agencies) + 1},
        )
    raise SystemExit(f"no expectations for {name}")


def verify(out: Path) -> int:
    data = json.loads((out / "data.json").read_text(encoding="utf-8"))
    problems: list[str] = []
    checked = 0
    for template in sorted(out.glob("*.template.docx")):
        stem = template.name[: -len(".template.docx")]
        base = stem[3:] if stem.startswith("lo-") else stem
        output = out / f"{stem}.docx"
        if not output.exists():
            problems.append(f"{stem}: no output {output.name}")
            print(f"FAIL {stem}.docx")
            continue
        doc = docx.Document(str(output))
        got = texts(doc)
        wanted, forbidden, counts = expectations(base, data)
        for story, lines in wanted.items():
            have = [t for t in got.get(story, [])]
            # Each expected line appears, in order (other lines may sit between).
            i = 0
            for line in lines:
                while i < len(have) and have[i] != line:
                    i += 1
                if i == len(have):
                    problems.append(
                        f"{stem}: {story} lacks {line!r} (in order); it has:\n    "
                        + "\n    ".join(repr(h) for h in have)
                    )
                    break
                i += 1
        everything = "\n".join(t for lines in got.values() for t in lines)
        for f in forbidden:
            if f in everything:
                problems.append(f"{stem}: {f!r} should not appear")
        # No tag left in any XML part, in any form.
        with zipfile.ZipFile(output) as z:
            for n in z.namelist():
                if n.endswith(".xml"):
                    xml = z.read(n).decode("utf-8")
                    if "{{" in xml or "}}" in xml:
                        problems.append(f"{stem}: a tag is left in {n}")
        if "body_paragraphs" in counts and len(got["body"]) != counts["body_paragraphs"]:
            problems.append(
                f"{stem}: {len(got['body'])} body paragraphs, expected {counts['body_paragraphs']}"
                " (block tags leave no blank paragraphs)"
            )
        if "table_rows" in counts:
            n = len(doc.tables[0].rows)
            if n != counts["table_rows"]:
                problems.append(f"{stem}: table has {n} rows, expected {counts['table_rows']}")
        if "tables" in counts and len(doc.tables) != counts["tables"]:
            problems.append(f"{stem}: {len(doc.tables)} tables, expected {counts['tables']}")
        checked += 1
        print(f"ok {stem}.docx" if not any(p.startswith(stem + ":") for p in problems) else f"FAIL {stem}.docx")
    expected = len(list(out.glob("*.template.docx")))
    if checked == 0:
        problems.append(f"none: no output checked of {expected} templates")
    for p in problems:
        print("problem:", p, file=sys.stderr)
    failed = len({p.split(":")[0] for p in problems})
    print(f"templates: {expected - failed} passed, {failed} failed")
    return 1 if problems else 0


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[1] not in ("make", "verify"):
        print(__doc__, file=sys.stderr)
        return 2
    out = Path(argv[2])
    if argv[1] == "make":
        make(out)
        return 0
    return verify(out)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
