"""Scale: the generator (and `make check`) on synthetic data sets N times the real one."""

from __future__ import annotations

import re
import time
from pathlib import Path

import synth  # scripts/, beside reportgen (make bench and scripts/bench.py put it on sys.path)

from reportgen.tools.bench.build import generate_in_process, parse_generate_output
from reportgen.tools.bench.runs import PY, ROOT, child_env, median_run, run


def check_times(root: Path, env: dict[str, str]) -> dict:
    """`reportgen check` (what `make check` runs) on valid data, then with one bad value:
    a mistake must not cost much more than a clean run (median of 3 each)."""
    check = [str(PY), "-m", "reportgen", "check"]
    valid, _ = median_run(check, ROOT, env, 3)
    path = root / "data" / "indicators.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"value: [0-9.e+]+", "value: lots", text, count=1), encoding="utf-8")
    try:
        invalid, last = median_run(check, ROOT, env, 3)
    finally:
        path.write_text(text, encoding="utf-8")
    return {"valid": valid, "invalid": invalid, "message": last.stderr.splitlines()[0] if last.stderr else ""}


def scale(factor: int, with_mkdocs: bool, timeout: float = 3600) -> dict:
    start = time.perf_counter()
    root = synth.make_project(factor)
    made = time.perf_counter() - start
    senv = child_env(root)
    counts = run([str(PY), "-m", "reportgen", "check"], ROOT, senv)
    checks = check_times(root, senv)
    cold = run([str(PY), "-m", "reportgen", "generate"], ROOT, senv, timeout=timeout)
    if not cold.ok:
        return {"factor": factor, "error": cold.why()}
    rendered, stages = parse_generate_output(cold.stdout)
    nochange_cli, _ = median_run([str(PY), "-m", "reportgen", "generate"], ROOT, senv, 3)
    inproc = generate_in_process(ROOT, senv, n=3)
    out = {
        "factor": factor,
        "synth_seconds": made,
        "check": counts.stdout.strip(),
        "cold": cold.seconds,
        "cold_rss_kb": cold.rss_kb,
        "rendered": rendered,
        "stages": stages,
        "nochange_cli": nochange_cli,
        "inprocess": inproc,
        "check_times": checks,
        "data_bytes": sum(p.stat().st_size for p in (root / "data").glob("*.yaml")),
    }
    if with_mkdocs:
        mk = run([str(PY), "-m", "mkdocs", "build", "--quiet", "-f", str(root / "mkdocs.yml"), "-d", str(root / "site")], ROOT, senv, timeout=timeout)
        out["mkdocs"] = mk.seconds if mk.ok else None
        out["mkdocs_rss_kb"] = mk.rss_kb
        out["mkdocs_error"] = "" if mk.ok else mk.why()
    return out
