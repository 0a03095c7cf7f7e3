#!/usr/bin/env python3
"""Times scrkit, docxtpl and docxtemplater doing the same work, in the same run, process
against process. Called by scripts/bench-template-peers, which installs the peers first.

    run.py [--repeat N] [--quick]

For each task and engine the whole process runs N times (default 3) under `/usr/bin/time -v`;
the table keeps the fastest wall time and CPU time (the runs least disturbed by anything else
on the machine) and the largest peak resident memory. Each engine also reports its own render
time (without process start-up and data loading), which is what growth is computed from.
Documents written are read back (check_outputs.py) so that no engine looks fast by doing less.

Writes .interop/bench/results.json and results.md, and prints the table.
"""

from __future__ import annotations

import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
WORK = ROOT / ".interop" / "bench"
IN = WORK / "in"
PY = sys.executable
NODE_MODULES = ROOT / ".interop" / "node" / "node_modules"
SCRKIT = ROOT / "target" / "release" / "examples" / "bench_render"
HERE = Path(__file__).resolve().parent


def engines(task: str, out: str) -> list[tuple[str, list[str]]]:
    """(label, command) of each engine for a task; `out` is a folder or `-`."""
    kind, *rest = task.split("-")
    if kind == "rfi":
        args = ["rfi", str(IN), out]
        return [
            ("scrkit", [str(SCRKIT), *args]),
            ("scrkit, 2 threads", [str(SCRKIT), *args, "--threads", "2"]),
            ("docxtpl", [PY, str(HERE / "docxtpl_render.py"), *args]),
            ("docxtemplater", ["node", str(HERE / "docxtemplater_render.js"), *args]),
        ]
    rows = rest[0]
    args = ["table", str(IN), rows, out]
    return [
        ("scrkit", [str(SCRKIT), *args]),
        ("docxtpl", [PY, str(HERE / "docxtpl_render.py"), *args]),
        ("docxtemplater", ["node", str(HERE / "docxtemplater_render.js"), *args]),
    ]


def timed(cmd: list[str]) -> dict:
    """Runs a command under /usr/bin/time -v; returns wall, CPU, peak memory and its JSON."""
    tfile = WORK / "time.txt"
    env = dict(os.environ, NODE_PATH=str(NODE_MODULES))
    r = subprocess.run(
        ["/usr/bin/time", "-v", "-o", str(tfile), *cmd],
        capture_output=True,
        text=True,
        env=env,
        timeout=3600,
    )
    if r.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{r.stdout}\n{r.stderr}")
    t = tfile.read_text()

    def field(name: str) -> str:
        m = re.search(rf"^\s*{re.escape(name)}: (.+)$", t, re.M)
        if not m:
            raise SystemExit(f"no {name!r} in /usr/bin/time output:\n{t}")
        return m.group(1).strip()

    wall = 0.0
    for part in field("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":"):
        wall = wall * 60 + float(part)
    own = json.loads(r.stdout.strip().splitlines()[-1])
    return {
        "wall_s": wall,
        "cpu_s": float(field("User time (seconds)")) + float(field("System time (seconds)")),
        "rss_mib": int(field("Maximum resident set size (kbytes)")) / 1024,
        "render_s": own["render_s"],
        "bytes": own["bytes"],
    }


def machine() -> dict:
    def out(cmd: list[str]) -> str:
        try:
            return subprocess.run(cmd, capture_output=True, text=True).stdout.strip()
        except OSError:
            return "not found"

    cpu = ""
    for line in out(["lscpu"]).splitlines():
        if line.startswith("Model name:"):
            cpu = line.split(":", 1)[1].strip()
    mem = ""
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            mem = f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"
    pkg = json.loads((NODE_MODULES / "docxtemplater" / "package.json").read_text())
    pz = json.loads((NODE_MODULES / "pizzip" / "package.json").read_text())
    from importlib.metadata import version

    return {
        "cores": os.cpu_count(),
        "cpu": cpu,
        "memory": mem,
        "os": platform.platform(),
        "rustc": out(["rustc", "--version"]),
        "python": platform.python_version(),
        "node": out(["node", "--version"]),
        "docxtpl": version("docxtpl"),
        "python-docx": version("python-docx"),
        "docxtemplater": pkg["version"],
        "pizzip": pz["version"],
        "load_before": os.getloadavg(),
    }


TASKS = {
    "rfi-memory": "1,000 letters, made in memory",
    "rfi-files": "1,000 letters, written to files",
    "table-1000": "one document, 1,000-row table loop",
    "table-5000": "one document, 5,000-row table loop",
    "table-10000": "one document, 10,000-row table loop",
}


def main(argv: list[str]) -> int:
    repeat = 3
    tasks = list(TASKS)
    if "--repeat" in argv:
        repeat = int(argv[argv.index("--repeat") + 1])
    if "--quick" in argv:
        repeat, tasks = 1, ["rfi-memory", "table-5000"]
    WORK.mkdir(parents=True, exist_ok=True)
    subprocess.run([str(SCRKIT), "make", str(IN)], check=True, capture_output=True)
    facts = machine()
    print(f"machine: {facts['cores']} cores, {facts['cpu']}, {facts['memory']}; "
          f"load average before: {facts['load_before'][0]:.2f}", flush=True)
    results: dict[str, dict[str, dict]] = {}
    started = time.time()
    for task in tasks:
        results[task] = {}
        writes = task != "rfi-memory"
        for label, _ in engines(task, "-"):
            out = WORK / "out" / re.sub(r"\W+", "-", label) if writes else None
            cmd = dict(engines(task, str(out) if out else "-"))[label]
            runs = []
            for _ in range(repeat):
                if out and out.exists():
                    shutil.rmtree(out)
                runs.append(timed(cmd))
            best = {
                "wall_s": min(r["wall_s"] for r in runs),
                "cpu_s": min(r["cpu_s"] for r in runs),
                "render_s": min(r["render_s"] for r in runs),
                "rss_mib": max(r["rss_mib"] for r in runs),
                "bytes": runs[-1]["bytes"],
                "runs": runs,
            }
            if out:
                kind, *rest = task.split("-")
                check = [PY, str(HERE / "check_outputs.py"), kind, str(IN), *rest[:1], str(out)]
                if kind == "rfi":
                    check = [PY, str(HERE / "check_outputs.py"), "rfi", str(IN), str(out)]
                r = subprocess.run(check, capture_output=True, text=True)
                if r.returncode != 0:
                    raise SystemExit(f"{label} did not do the whole job in {task}:\n{r.stderr}")
            results[task][label] = best
            print(f"{task:12} {label:18} wall {best['wall_s']:7.2f} s  cpu {best['cpu_s']:7.2f} s  "
                  f"render {best['render_s']:7.3f} s  peak {best['rss_mib']:6.1f} MiB", flush=True)
    facts["load_after"] = os.getloadavg()
    facts["minutes"] = round((time.time() - started) / 60, 1)
    facts["repeat"] = repeat
    (WORK / "results.json").write_text(json.dumps({"machine": facts, "results": results}, indent=1))
    md = table(results, facts)
    (WORK / "results.md").write_text(md)
    print()
    print(md)
    return 0


def table(results: dict, facts: dict) -> str:
    lines = [
        f"Best of {facts['repeat']} runs; load average {facts['load_before'][0]:.2f} before, "
        f"{facts['load_after'][0]:.2f} after. Ratios are the peer's figure over scrkit's "
        "(single thread): above 1, scrkit is faster or smaller.",
        "",
        "| task | engine | wall (s) | CPU (s) | render (s) | peak memory (MiB) | wall ratio | CPU ratio | memory ratio |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for task, by_engine in results.items():
        base = by_engine["scrkit"]
        for label, r in by_engine.items():
            ratio = lambda k: "" if label == "scrkit" else f"{r[k] / base[k]:.1f}\u00d7"  # noqa: E731
            lines.append(
                f"| {TASKS[task]} | {label} | {r['wall_s']:.2f} | {r['cpu_s']:.2f} | "
                f"{r['render_s']:.3f} | {r['rss_mib']:.1f} | {ratio('wall_s')} | {ratio('cpu_s')} | "
                f"{ratio('rss_mib')} |"
            )
    if "table-5000" in results and "table-10000" in results:
        lines += ["", "Growth from 5,000 to 10,000 rows (render time, 2.0 is linear):", ""]
        for label in results["table-5000"]:
            a = results["table-5000"][label]["render_s"]
            b = results["table-10000"][label]["render_s"]
            per = b / 10000 * 1e6
            lines.append(f"- {label}: {b / a:.2f}\u00d7 ({per:.1f} \u00b5s a row at 10,000 rows)")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main(sys.argv))
