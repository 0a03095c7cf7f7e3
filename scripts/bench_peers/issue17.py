#!/usr/bin/env python3
"""Issue 17's table, measured in one run: scrkit's command line and library against docxtemplater
and docxtpl, whole processes, interleaved rounds, medians. Called by scripts/bench-issue17 (which
installs the peers and builds scrkit first).

    issue17.py [--rounds N] [--tasks letters,table-5000,table-20000]

Each round runs every engine of a task once, in a rotating order (so no engine always runs on a
warmer or quieter machine), under /usr/bin/time -v: wall time, CPU time (user + system) and peak
resident memory. The table gives the median of the rounds and the ratio of the medians (peer
over scrkit). Every output is read back (check_outputs.py) after the last round.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
WORK = ROOT / ".interop" / "bench17"
IN = ROOT / ".interop" / "bench" / "in"
IN200 = WORK / "in200"
PY = sys.executable
NODE_MODULES = ROOT / ".interop" / "node" / "node_modules"
SCR = ROOT / "target" / "release" / "scr"
RENDER = ROOT / "target" / "release" / "examples" / "bench_render"
HERE = Path(__file__).resolve().parent
LETTERS = 200


def prepare() -> None:
    """The 200-letter inputs: the first 200 data sets of the benchmark's 1,000, as the peers'
    rfi-data.json, as JSON Lines for `scr fill --rows`, and one file each for `scr fill`."""
    subprocess.run([str(RENDER), "make", str(IN)], check=True, capture_output=True)
    data = json.loads((IN / "rfi-data.json").read_text())[:LETTERS]
    if IN200.exists():
        shutil.rmtree(IN200)
    (IN200 / "one").mkdir(parents=True)
    for f in IN.glob("rfi.*.docx"):
        shutil.copy(f, IN200 / f.name)
    (IN200 / "rfi-data.json").write_text(json.dumps(data))
    (IN200 / "rfi.jsonl").write_text("".join(json.dumps(d) + "\n" for d in data))
    for i, d in enumerate(data):
        (IN200 / "one" / f"rfi-{i + 1:04}.json").write_text(json.dumps(d))


def engines(task: str, out: Path) -> list[tuple[str, list[str]]]:
    if task == "letters":
        t = str(IN200 / "rfi.scrkit.docx")
        loop = (
            f'for f in {IN200}/one/*.json; do n=$(basename "$f" .json); '
            f'{SCR} fill {t} "$f" -o {out}/$n.docx 2>/dev/null || exit 1; done'
        )
        return [
            ("scrkit, scr fill --rows", [str(SCR), "fill", t, "--rows", str(IN200 / "rfi.jsonl"),
                                         "--name", "{{request.number}}", "-o", str(out), "-q"]),
            ("scrkit, scr fill once per letter", ["sh", "-c", f"mkdir -p {out} && {loop}"]),
            ("docxtemplater", ["node", str(HERE / "docxtemplater_render.js"), "rfi", str(IN200), str(out)]),
            ("docxtpl", [PY, str(HERE / "docxtpl_render.py"), "rfi", str(IN200), str(out)]),
        ]
    rows = task.split("-")[1]
    return [
        ("scrkit (library, examples/bench_render)", [str(RENDER), "table", str(IN), rows, str(out)]),
        ("docxtemplater", ["node", str(HERE / "docxtemplater_render.js"), "table", str(IN), rows, str(out)]),
        ("docxtpl", [PY, str(HERE / "docxtpl_render.py"), "table", str(IN), rows, str(out)]),
    ]


def timed(cmd: list[str]) -> dict:
    tfile = WORK / "time.txt"
    env = dict(os.environ, NODE_PATH=str(NODE_MODULES))
    r = subprocess.run(["/usr/bin/time", "-v", "-o", str(tfile), *cmd],
                       capture_output=True, text=True, env=env, timeout=3600)
    if r.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{r.stdout[-2000:]}\n{r.stderr[-2000:]}")
    t = tfile.read_text()

    def field(name: str) -> str:
        m = re.search(rf"^\s*{re.escape(name)}: (.+)$", t, re.M)
        if not m:
            raise SystemExit(f"no {name!r} in /usr/bin/time output:\n{t}")
        return m.group(1).strip()

    wall = 0.0
    for part in field("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":"):
        wall = wall * 60 + float(part)
    return {
        "wall_s": wall,
        "cpu_s": float(field("User time (seconds)")) + float(field("System time (seconds)")),
        "rss_mib": int(field("Maximum resident set size (kbytes)")) / 1024,
    }


def check(task: str, out: Path) -> None:
    if task == "letters":
        cmd = [PY, str(HERE / "check_outputs.py"), "rfi", str(IN200), str(out)]
    else:
        cmd = [PY, str(HERE / "check_outputs.py"), "table", str(IN), task.split("-")[1], str(out)]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"{out.name} did not do the whole job:\n{r.stdout}{r.stderr}")


def main(argv: list[str]) -> int:
    rounds = int(argv[argv.index("--rounds") + 1]) if "--rounds" in argv else 5
    tasks = (argv[argv.index("--tasks") + 1].split(",") if "--tasks" in argv
             else ["letters", "table-5000", "table-20000"])
    WORK.mkdir(parents=True, exist_ok=True)
    prepare()
    load_before = os.getloadavg()
    started = time.time()
    results: dict[str, dict[str, list[dict]]] = {}
    for task in tasks:
        labels = [label for label, _ in engines(task, WORK / "x")]
        runs: dict[str, list[dict]] = {label: [] for label in labels}
        for r in range(rounds):
            order = labels[r % len(labels):] + labels[: r % len(labels)]
            for label in order:
                out = WORK / "out" / re.sub(r"\W+", "-", label)
                if out.exists():
                    shutil.rmtree(out)
                cmd = dict(engines(task, out))[label]
                runs[label].append(timed(cmd))
                if r == rounds - 1:
                    check(task, out)
            print(f"{task}: round {r + 1} of {rounds} done", flush=True)
        results[task] = runs
    load_after = os.getloadavg()
    lines = [
        f"Medians of {rounds} interleaved rounds; load average {load_before[0]:.1f} before, "
        f"{load_after[0]:.1f} after, {round((time.time() - started) / 60, 1)} minutes.",
        "",
        "| task | engine | wall (s) | CPU (s) | peak memory (MiB) | wall ratio | CPU ratio | memory ratio |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for task, runs in results.items():
        med = {label: {k: statistics.median(x[k] for x in rs) for k in ("wall_s", "cpu_s", "rss_mib")}
               for label, rs in runs.items()}
        base = next(iter(med.values()))
        for label, m in med.items():
            first = m is base
            ratio = lambda k: "" if first else f"{m[k] / base[k]:.1f}\u00d7"  # noqa: E731
            lines.append(f"| {task} | {label} | {m['wall_s']:.3f} | {m['cpu_s']:.3f} | "
                         f"{m['rss_mib']:.1f} | {ratio('wall_s')} | {ratio('cpu_s')} | {ratio('rss_mib')} |")
    (WORK / "results.json").write_text(json.dumps(results, indent=1))
    md = "\n".join(lines) + "\n"
    (WORK / "results.md").write_text(md)
    print(md)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
