"""`reportgen build`: the whole report in one command, in the one order written here.

    generate  data/*.yaml, docs/zh/*.md, the word catalogues, fonts
              -> docs/<lang>/figures/, docs/<lang>/downloads/, build/tables/, docs/zh-Hant/
    site      mkdocs.yml, docs/, the engine's theme and overrides/, the generated files (MkDocs or ProperDocs, which
              runs the `report` plugin: page templates, conversions, share cards, search)
              -> build/site.new/
    pdf       the built pages, report.typ, fonts -> build/site.new/**/report-<lang>.pdf
    publish   build/site.new/ -> site/ (swapped whole, only when every step succeeded)

Each step keeps what it may reuse in the one cache, build/cache/ (reportgen/cache.py). One build
at a time in a checkout: a second waits for the first (build/cache/build.lock) and says so in
one line; the preview's rebuilds take the same lock.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from reportgen.cache import HELD, build_lock
from reportgen.config import Paths


def build(paths: Paths, site: Path | None = None, engine: str = "mkdocs", pdf: bool = True) -> int:
    """Build everything (without the PDFs if not `pdf`) into build/site.new, then swap it in for
    `site` (default: site/). Returns the exit status; on failure `site` is left as it was."""
    site = (site or paths.root / "site").resolve()
    new = paths.build / "site.new"
    with build_lock(paths):
        shutil.rmtree(new, ignore_errors=True)
        env = {**os.environ, HELD: str(paths.root), "REPORT_ROOT": str(paths.root)}
        # --strict without --quiet: a warning (a broken link, a page outside the nav) stops the build.
        done = subprocess.run([sys.executable, "-m", engine, "build", "--strict", "-d", str(new)], cwd=paths.root, env=env, check=False)
        if done.returncode:
            print(f"reportgen build: the site step failed ({engine} exit status {done.returncode}); {site} is unchanged", file=sys.stderr)
            return done.returncode
        if pdf:
            from reportgen.pdf.step import PdfError, build_pdfs

            try:
                build_pdfs(new, paths.cache)
            except PdfError as err:
                print(f"{err}\nreportgen build: the PDF step failed; {site} is unchanged", file=sys.stderr)
                return 1
            from reportgen.render.archive import archive_pdfs

            archive_pdfs(new, paths.build / "editions")  # beside each edition's data package, at /editions/<date>/<lang>/
        old = paths.build / "site.old"
        shutil.rmtree(old, ignore_errors=True)
        if site.exists():
            site.replace(old)
        new.replace(site)
        shutil.rmtree(old, ignore_errors=True)
    pages = sum(1 for _ in site.rglob("*.html"))
    print(f"{site.name}/ is ready: {pages} pages")
    return 0
