"""Bench child process: render every figure of a project root from scratch, on one core or all; prints the timing as JSON.

Run as `python -m reportgen.tools.bench.figures_only ROOT 1|all` by build.figures_cores.
"""

import json
import shutil
import sys
from pathlib import Path

from reportgen import generate as g
from reportgen.config import Paths


def main(root: Path, cores: str) -> None:
    shutil.rmtree(root / "build", ignore_errors=True)
    for d in root.glob("docs/*/figures"):
        shutil.rmtree(d)
    if cores == "1":
        g.PARALLEL_MIN = 10**9
    r = g.generate(Paths(root))
    print(json.dumps({"figures": r.timings["figures"], "rendered": sum(p.endswith(".svg") for p in r.rendered)}))


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2])
