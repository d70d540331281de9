"""The test suite's time, as `make test` and `make test-fast` run it (pytest's own summary),
how busy the CPUs were meanwhile (a suite that keeps them all busy is bound by its work) and,
where the machine lets the bench give the suite a cgroup of its own, the suite's own CPU-seconds:
the measure to compare two commits' suites by, which other load on the machine does not move."""

from __future__ import annotations

import re
from pathlib import Path

from reportgen.tools.bench.machine import cpu_group, cpu_seconds
from reportgen.tools.bench.runs import run

SUITES = ("test", "test-fast")


def suite_times(repo: Path, env: dict[str, str]) -> dict:
    """Wall time, pytest's summary line and the CPUs' busy share of each suite, run in the scratch copy."""
    out = {}
    for target in SUITES:
        with cpu_group("bench-suite") as group:
            before = cpu_seconds()
            result = run(["make", "--no-print-directory", target], repo, env, timeout=1800, group=group)
            after = cpu_seconds()
            own = group.seconds() if group else None
        summary = next((line for line in reversed(result.stdout.splitlines()) if re.search(r"\d+ (passed|failed)", line)), result.why())
        out[f"make {target}"] = {"seconds": result.seconds, "ok": result.ok, "summary": summary.strip("= ")}
        if before and after:
            out[f"make {target}"].update(busy=after[0] - before[0], idle=after[1] - before[1])
        if own is not None:
            out[f"make {target}"]["cpu"] = own
    return out
