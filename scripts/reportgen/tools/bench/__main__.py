"""`python -m reportgen.tools.bench`: run the benchmark (see reportgen/tools/bench/__init__.py)."""

import sys

from reportgen.tools.bench.main import main

sys.exit(main())
