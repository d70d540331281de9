"""`make bench`: the benchmark. Its code is the package reportgen.tools.bench (scripts/reportgen/tools/bench/)."""

import sys

from reportgen.tools.bench.main import main

if __name__ == "__main__":
    sys.exit(main())
