"""matplotlib, imported once and only when something is drawn: the figures, and the share cards,
which find their faces in its font list. The import alone would be most of a rebuild in which
nothing is drawn."""

from __future__ import annotations

import os
from functools import cache


@cache
def load_matplotlib():
    """matplotlib with the Agg backend."""
    # Nothing drawn here does linear algebra: the thread pool OpenBLAS starts when numpy is
    # imported would only spin (a sixth of a CPU-second per process; set it to override this).
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    import matplotlib

    matplotlib.use("Agg")
    return matplotlib
