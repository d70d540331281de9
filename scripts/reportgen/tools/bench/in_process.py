"""Bench child process: import the generator, then call generate() N times (argv[1]); prints the timings as JSON.

Run as `python -m reportgen.tools.bench.in_process N` by build.generate_in_process.
"""

import json
import sys
import time


def main(n: int) -> None:
    start = time.perf_counter()
    from reportgen.config import PATHS
    from reportgen.generate import generate

    imported = time.perf_counter() - start
    calls = []
    for _ in range(n):
        start = time.perf_counter()
        result = generate(PATHS)
        calls.append((time.perf_counter() - start, len(result.rendered), result.timings))
    print(json.dumps({"import": imported, "calls": calls}))


if __name__ == "__main__":
    main(int(sys.argv[1]))
