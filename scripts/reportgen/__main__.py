"""`python -m reportgen [check|generate|schema]`."""

import sys

from .cli import main

sys.exit(main())
