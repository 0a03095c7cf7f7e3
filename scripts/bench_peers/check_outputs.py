#!/usr/bin/env python3
"""Checks that every engine in scripts/bench-template-peers did the whole job, so that no engine
looks fast by doing less: reads outputs back with python-docx.

    check_outputs.py rfi DIR OUT         OUT/rfi-0001.docx ... against DIR/rfi-data.json
    check_outputs.py table DIR ROWS OUT  OUT/table-ROWS.docx against DIR/table-ROWS.json
"""

import json
import re
import sys
import zipfile
from pathlib import Path

import docx

TAG = re.compile(r"\{\{|\{%|\{#|\{/|\{\^")


def body_text(doc) -> str:
    return "\n".join(t.text for t in doc.element.body.iter() if t.tag.endswith("}t") and t.text)


def no_tags(path: Path) -> list[str]:
    problems = []
    with zipfile.ZipFile(path) as z:
        for n in z.namelist():
            if n.endswith(".xml") and TAG.search(
                re.sub(r"<[^>]+>", "", z.read(n).decode("utf-8"))
            ):
                problems.append(f"{path.name}: a tag is left in {n}")
    return problems


def check_rfi(d: Path, out: Path) -> list[str]:
    data = json.loads((d / "rfi-data.json").read_text(encoding="utf-8"))
    problems = []
    files = sorted(out.glob("rfi-*.docx"))
    if len(files) != len(data):
        problems.append(f"{len(files)} letters written, {len(data)} expected")
    for i in sorted({0, 1, 2, len(data) // 2, len(data) - 1}):
        path = out / f"rfi-{i + 1:04}.docx"
        if not path.exists():
            problems.append(f"{path.name} is missing")
            continue
        doc = docx.Document(str(path))
        text = body_text(doc)
        ctx = data[i]
        want = [
            ctx["request"]["number"],
            ctx["agency"]["contact"]["name"],
            ctx["key_lines_of_enquiry"][-1],
            ctx["questions"][-1]["text"],
            ctx["agencies"][-1]["contact"]["role"],
            "an individual management review" if ctx["agency"]["returns"]["management_review"] else "for a chronology.",
            "If any of your staff need support",
        ]
        for w in want:
            if w not in text:
                problems.append(f"{path.name}: {w!r} is missing")
        rows = len(doc.tables[0].rows)
        if rows != 1 + len(ctx["questions"]) + 1:
            problems.append(f"{path.name}: the table has {rows} rows")
        header = "\n".join(p.text for p in doc.sections[0].header.paragraphs)
        if ctx["review"]["reference"] not in header:
            problems.append(f"{path.name}: the header lacks the reference: {header!r}")
        problems += no_tags(path)
    return problems


def check_table(d: Path, rows: int, out: Path) -> list[str]:
    data = json.loads((d / f"table-{rows}.json").read_text(encoding="utf-8"))
    path = out / f"table-{rows}.docx"
    if not path.exists():
        return [f"{path.name} is missing"]
    doc = docx.Document(str(path))
    problems = []
    t = doc.tables[0]
    if len(t.rows) != rows + 1:
        problems.append(f"{path.name}: {len(t.rows)} rows, {rows + 1} expected")
    for i in (0, rows - 1):
        e = data["entries"][i]
        got = [c.text for c in t.rows[i + 1].cells]
        want = [e["on"], e["time"], e["agency"], e["event"], e["source"]]
        if got != want:
            problems.append(f"{path.name}: row {i + 1} is {got}, expected {want}")
    return problems + no_tags(path)


def main(argv: list[str]) -> int:
    if len(argv) == 4 and argv[1] == "rfi":
        problems = check_rfi(Path(argv[2]), Path(argv[3]))
    elif len(argv) == 5 and argv[1] == "table":
        problems = check_table(Path(argv[2]), int(argv[3]), Path(argv[4]))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    for p in problems:
        print(f"problem: {p}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
