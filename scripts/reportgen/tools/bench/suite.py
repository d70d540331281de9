"""The test suite's time, as `make test` and `make test-fast` run it (pytest's own summary)."""

from __future__ import annotations

import re
from pathlib import Path

from reportgen.tools.bench.runs import PY, run

SUITES = {"make test": [], "make test-fast": ["-m", "not slow"]}


def suite_times(repo: Path, env: dict[str, str]) -> dict:
    """Wall time and pytest's summary line of each suite, run in the scratch copy."""
    out = {}
    for name, extra in SUITES.items():
        result = run([str(PY), "-m", "pytest", "-q", "-n", "auto", "-p", "no:cacheprovider", *extra], repo, env, timeout=1800)
        summary = next((line for line in reversed(result.stdout.splitlines()) if re.search(r"\d+ (passed|failed)", line)), result.why())
        out[name] = {"seconds": result.seconds, "ok": result.ok, "summary": summary.strip("= ")}
    return out
