#!/usr/bin/env python3
"""Checks filled documents the way a reader's software would meet them.

    interop_outputs.py DIR [DIR...]

Each DIR holds pairs `<name>.template.docx` (the template) and `<name>.docx` (what scrkit made
from it). For every pair:

- LibreOffice converts the output to PDF (one `soffice --headless --convert-to pdf` per folder,
  with its own profile under .interop/lo-profile): the PDF must exist, be a PDF and not be empty;
  when `pdftotext` is installed, every word of the output's body (read with python-docx, tables
  included) must be in the PDF's text as often as the body has it (words, not lines, because
  table cells that wrap interleave in a PDF's text);
- openxml-audit validates the template and the output; every finding of the output must already
  be a finding of its template (same kind, part, node and description, with numbers compared as
  `#` since counts and ids may change with repetition).

Prints one line per output and a closing `outputs: N passed, N failed`; exits 1 on any problem.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import docx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from interop_templates import all_paragraphs  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PROFILE = ROOT / ".interop" / "lo-profile"
AUDIT = Path(sys.executable).parent / "openxml-audit"


def words(s: str) -> list[str]:
    """The words of a text (letters and digits), as a PDF's text extraction gives them back."""
    return re.findall(r"\w+", unicodedata.normalize("NFKC", s))


def to_pdf(outputs: list[Path], pdf_dir: Path) -> None:
    pdf_dir.mkdir(parents=True, exist_ok=True)
    cmd = [
        "soffice",
        f"-env:UserInstallation=file://{PROFILE}",
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
        str(pdf_dir),
        *map(str, outputs),
    ]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if r.returncode != 0:
        print(r.stdout, r.stderr, file=sys.stderr)


def audit(d: Path, paths: list[Path]) -> dict[Path, list[dict] | str]:
    """openxml-audit's findings for each file of a folder (one run for the folder), or why it
    could not say."""
    r = subprocess.run(
        [str(AUDIT), "-o", "json", "-m", "0", "-r", str(d)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    try:
        results = json.loads(r.stdout)
    except json.JSONDecodeError:
        why = f"openxml-audit gave no JSON (exit {r.returncode}): {r.stderr.strip()[:500]}"
        return {p: why for p in paths}
    by_file: dict[Path, list[dict]] = {}
    for res in results:
        f = Path(res.get("file", ""))
        f = (f if f.is_absolute() else d / f).resolve()
        by_file.setdefault(f, []).extend(res.get("errors", []) + res.get("warnings", []))
    return {p: by_file.get(p.resolve(), "openxml-audit did not report on it") for p in paths}


def key(f: dict) -> tuple:
    norm = lambda s: re.sub(r"\d+", "#", str(s or ""))  # noqa: E731
    return (f.get("type"), f.get("part_uri"), f.get("node"), norm(f.get("description")))


def check_dir(d: Path) -> tuple[int, int, list[str]]:
    pairs = []
    for t in sorted(d.glob("*.template.docx")):
        o = d / (t.name[: -len(".template.docx")] + ".docx")
        pairs.append((t, o))
    problems: list[str] = []
    if not pairs:
        return 0, 1, [f"{d}: no template/output pairs found"]
    missing = [o for _, o in pairs if not o.exists()]
    for o in missing:
        problems.append(f"{o.name}: the output is missing")
    pairs = [(t, o) for t, o in pairs if o.exists()]
    pdf_dir = d / "pdf"
    if pdf_dir.exists():
        shutil.rmtree(pdf_dir)
    to_pdf([o for _, o in pairs], pdf_dir)
    have_pdftotext = shutil.which("pdftotext") is not None
    findings = audit(d, [p for pair in pairs for p in pair])
    failed = len(missing)
    for t, o in pairs:
        mine: list[str] = []
        pdf = pdf_dir / (o.stem + ".pdf")
        if not pdf.exists():
            mine.append("LibreOffice did not convert it to PDF")
        elif pdf.stat().st_size < 500 or not pdf.read_bytes().startswith(b"%PDF"):
            mine.append(f"the PDF is empty or not a PDF ({pdf.stat().st_size} bytes)")
        elif have_pdftotext:
            text = subprocess.run(
                ["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"],
                capture_output=True,
                text=True,
                timeout=120,
            ).stdout
            document = docx.Document(str(o))
            paras = [p.text for p in all_paragraphs(document.element.body, document)]
            have = Counter(words(text))
            if not have:
                mine.append("the PDF has no text")
            # Table cells that wrap interleave in a PDF's text, so words are compared, not
            # lines: every word of the body must be in the PDF as often as the body has it.
            need = Counter(w for p in paras for w in words(p))
            for w, n in (need - have).items():
                where = next(p for p in paras if w in words(p))
                mine.append(f"the PDF lacks {w!r} ({n} of {need[w]}), from the paragraph {where!r}")
        tf, of = findings[t], findings[o]
        if isinstance(of, str):
            mine.append(of)
        elif isinstance(tf, str):
            mine.append(f"template: {tf}")
        else:
            before = {key(f) for f in tf}
            for f in of:
                if key(f) not in before:
                    mine.append(
                        f"openxml-audit finding not in the template: {f.get('part_uri')} "
                        f"{f.get('path')} {f.get('description')}"
                    )
        if mine:
            failed += 1
            print(f"FAIL {o.name}")
            problems += [f"{o.name}: {m}" for m in mine]
        else:
            n = len(of) if isinstance(of, list) else 0
            print(f"ok {o.name} (PDF {pdf.stat().st_size} bytes; {n} audit finding(s), all in its template)")
    return len(pairs) - (failed - len(missing)), failed, problems


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    if shutil.which("soffice") is None:
        print("soffice (LibreOffice) is not installed", file=sys.stderr)
        return 1
    if not AUDIT.exists():
        print(f"openxml-audit is not installed beside {sys.executable}", file=sys.stderr)
        return 1
    if shutil.which("pdftotext") is None:
        print("pdftotext (poppler-utils) is not installed: PDF text is not compared")
    os.environ.setdefault("SAL_USE_VCLPLUGIN", "svp")
    passed = failed = 0
    problems: list[str] = []
    for d in map(Path, argv[1:]):
        p, f, pr = check_dir(d)
        passed += p
        failed += f
        problems += pr
    for p in problems:
        print("problem:", p, file=sys.stderr)
    print(f"outputs: {passed} passed, {failed} failed")
    return 1 if failed or problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
