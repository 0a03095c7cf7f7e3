#!/usr/bin/env python3
"""The docxtpl side of scripts/bench-template-peers: the same work as examples/bench_render.rs.

    docxtpl_render.py rfi DIR OUT        1,000 letters from DIR/rfi.docxtpl.docx
    docxtpl_render.py table DIR ROWS OUT one document with a ROWS-row table loop

OUT is a folder, or `-` to make the documents in memory and drop them. docxtpl renders a
template object once, so each document loads the template afresh (from bytes read once).
Values are escaped (autoescape=True), as scrkit and docxtemplater always do. Prints one JSON
line of its own timings.
"""

import io
import json
import sys
import time
from pathlib import Path

from docxtpl import DocxTemplate


def save(tpl: DocxTemplate, out: str, name: str) -> int:
    if out == "-":
        buf = io.BytesIO()
        tpl.save(buf)
        return buf.tell()
    path = Path(out) / name
    tpl.save(str(path))
    return path.stat().st_size


def main(argv: list[str]) -> int:
    start = time.perf_counter()
    if len(argv) == 4 and argv[1] == "rfi":
        d, out = Path(argv[2]), argv[3]
        data = json.loads((d / "rfi-data.json").read_text(encoding="utf-8"))
        template = (d / "rfi.docxtpl.docx").read_bytes()
        if out != "-":
            Path(out).mkdir(parents=True, exist_ok=True)
        t = time.perf_counter()
        total = 0
        for i, ctx in enumerate(data):
            tpl = DocxTemplate(io.BytesIO(template))
            tpl.render(ctx, autoescape=True)
            total += save(tpl, out, f"rfi-{i + 1:04}.docx")
        result = {"documents": len(data)}
    elif len(argv) == 5 and argv[1] == "table":
        d, rows, out = Path(argv[2]), int(argv[3]), argv[4]
        ctx = json.loads((d / f"table-{rows}.json").read_text(encoding="utf-8"))
        if out != "-":
            Path(out).mkdir(parents=True, exist_ok=True)
        t = time.perf_counter()
        tpl = DocxTemplate(str(d / "table.docxtpl.docx"))
        tpl.render(ctx, autoescape=True)
        total = save(tpl, out, f"table-{rows}.docx")
        result = {"rows": rows}
    else:
        print(__doc__, file=sys.stderr)
        return 2
    result.update(
        engine="docxtpl",
        task=argv[1],
        written=out != "-",
        bytes=total,
        render_s=time.perf_counter() - t,
        total_s=time.perf_counter() - start,
    )
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
