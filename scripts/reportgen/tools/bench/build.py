"""Timing the project's own build in the scratch copy: `make site` by stage, generate() in-process, one edit, figures by cores."""

from __future__ import annotations

import json
import re
import shutil
import statistics
import sys
from pathlib import Path

import synth  # scripts/, beside reportgen (make bench and scripts/bench.py put it on sys.path)

from reportgen.tools.bench.runs import BENCH, PY, child_env, copy_of, run

# Programs run in a child process (modules of this package).
IN_PROCESS = "reportgen.tools.bench.in_process"
FIGURES_ONLY = "reportgen.tools.bench.figures_only"
TIMED_PYTHON = "timed_python.sh"

_STAGE = re.compile(r"([\w-]+) (\d+(?:\.\d+)?) s")


def parse_generate_output(text: str) -> tuple[int | None, dict[str, float]]:
    """('generated: 12 file(s) rendered (validation 0.01 s, figures 3.20 s)') -> (12, {...})."""
    match = re.search(r"generated: (\d+) file\(s\) rendered(?: \((.*)\))?", text)
    if not match:
        return None, {}
    return int(match.group(1)), {name: float(sec) for name, sec in _STAGE.findall(match.group(2) or "")}


def make_site(repo: Path, label: str) -> dict:
    """`make site` in the copy, with the seconds of each command it ran."""
    log = BENCH / f"make-{label}.log"
    log.unlink(missing_ok=True)
    wrapper = copy_of(repo, TIMED_PYTHON)
    wrapper.chmod(0o755)  # in the scratch copy: a checkout may not have kept the bit
    env = child_env(repo, BENCH_PYTHON=str(repo / ".venv" / "bin" / "python"), BENCH_TIME_LOG=str(log))
    result = run(["make", "--no-print-directory", "site", f"PY={wrapper}"], repo, env)
    stages: dict[str, float] = {}
    for line in log.read_text().splitlines() if log.exists() else []:
        start, end, _, *args = line.replace(",", ".").split(" ")  # EPOCHREALTIME follows the locale
        seconds = float(end) - float(start)
        name = "generate (CLI)" if "generate" in args else "MkDocs" if "mkdocs" in args else "PDF" if "pdf" in args else " ".join(args[:3])
        stages[name] = stages.get(name, 0.0) + seconds
    rendered, generator = parse_generate_output(result.stdout)
    return {
        "seconds": result.seconds,
        "ok": result.ok,
        "why": "" if result.ok else result.why(),
        "stages": stages,
        "generator": generator,
        "rendered": rendered,
        "rss_kb": result.rss_kb,
    }


def generate_in_process(repo: Path, env: dict[str, str], n: int = 5) -> dict:
    """generate() called `n` times in one process (in_process.py): import time, first call, later calls."""
    r = run([str(PY), "-m", IN_PROCESS, str(n)], repo, env)
    if not r.ok:
        return {"error": r.why()}
    data = json.loads(r.stdout.strip().splitlines()[-1])
    seconds = [c[0] for c in data["calls"]]
    return {
        "import": data["import"],
        "first": seconds[0],
        "median_next": statistics.median(seconds[1:]) if n > 1 else None,
        "rendered": [c[1] for c in data["calls"]],
        "timings": data["calls"][0][2],
        "rss_kb": r.rss_kb,
    }


def edit_one_value(repo: Path) -> str:
    """Change one indicator value that a figure and a table show; return its id."""
    sys.path.insert(0, str(repo / "scripts"))
    from reportgen.model.selection import select
    from reportgen.model.validate import load_dataset

    dataset = load_dataset(repo / "data")
    shown = {r.id for f in dataset.figures for r in select(f.select, dataset.indicators)}
    path = repo / "data" / "indicators.yaml"
    text = path.read_text(encoding="utf-8")
    for ind in dataset.indicators:
        entry = re.search(rf"^\s*- id: {re.escape(ind.id)}\s*$", text, re.MULTILINE)
        following = re.search(r"^\s*- id: ", text[entry.end() :], re.MULTILINE) if entry else None
        end = entry.end() + following.start() if following else len(text)
        value = re.compile(r"^\s*value: (\d+)\s*$", re.MULTILINE).search(text, entry.end(), end) if entry else None
        if ind.id in shown and value:
            new = str(int(value.group(1)) + 1)
            path.write_text(text[: value.start(1)] + new + text[value.end(1) :], encoding="utf-8")
            return ind.id
    raise RuntimeError("no indicator shown in a figure has an integer value to edit")


def edit_one_page(repo: Path) -> str:
    """Add a sentence to the default language's home page (every report has one); return its path."""
    page = repo / "docs" / "zh" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n\n（bench：一页的修改。）\n", encoding="utf-8")
    return page.relative_to(repo).as_posix()


def figures_cores(repo: Path, env: dict[str, str]) -> dict:
    """Every figure rendered from scratch (figures_only.py) on one core, then on all of them."""
    root = BENCH / "figures-cores"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(repo / "data", root / "data")
    synth.copy_docs(repo / "docs", root / "docs")
    out = {}
    for mode in ("1", "all"):
        r = run([str(PY), "-m", FIGURES_ONLY, str(root), mode], repo, env)
        out[mode] = json.loads(r.stdout.strip().splitlines()[-1]) if r.ok else {"error": r.why()}
    return out
