"""`python -m reportgen [check|generate|schema]`."""

import sys

from reportgen.cli import main

sys.exit(main())
