"""Each earlier edition's files that build/editions/ lacks, built again from the edition's tag:
its PDFs, and the data package its Data page offered.

The deploy keeps every edition's PDF in an Actions cache (build/editions/<date>/<lang>/), which
the build puts back at /editions/<date>/ (render/archive.py). GitHub drops a cache unused for seven
days: without this, a citation of an older edition's PDF would break on the next deploy. An
edition is rebuilt by its own `make site` in a worktree of its tag: the engine as it was, since
today's would typeset another document (and may not read data written for an older schema; then
the package kept here is the one the archive offers).

    python -m reportgen.tools.edition_files [--make "make site"]

One line per edition rebuilt or lost; it exits 0 whatever happens (the Changes page links only
the PDFs that exist), so the current edition still deploys.
"""

from __future__ import annotations

import argparse
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml
from pydantic import TypeAdapter, ValidationError

from reportgen.config import PATHS
from reportgen.model.editions import Edition


def _editions(data: Path) -> list[Edition]:
    try:
        raw = yaml.safe_load((data / "editions.yaml").read_text(encoding="utf-8"))["editions"]
        return TypeAdapter(list[Edition]).validate_python(raw)
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValidationError):
        return []  # no editions, or none `make check` accepts: nothing to rebuild


def missing(kept: Path, editions: list[Edition], langs: list[str]) -> list[Edition]:
    """The earlier editions (all but the latest, which the build typesets) lacking a PDF in `kept`."""
    return [e for e in editions[:-1] if any(not (kept / e.date.isoformat() / lang / f"report-{lang}.pdf").is_file() for lang in langs)]


def rebuild(root: Path, edition: Edition, kept: Path, make: list[str]) -> str:
    """Check out the edition's tag in a worktree, run `make` there and keep each language's
    downloads it made (PDF and data package) under kept/<date>/<lang>/."""
    git = ["git", "-C", str(root)]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "edition"
        added = subprocess.run([*git, "worktree", "add", "--detach", str(work), edition.tag], capture_output=True, text=True, check=False)
        if added.returncode:
            return f"edition {edition.date}: its tag {edition.tag} cannot be checked out ({added.stderr.strip().splitlines()[-1:]}); its PDFs stay lost"
        try:
            done = subprocess.run(make, cwd=work, capture_output=True, text=True, check=False)
            pdfs = sorted(work.glob("site/**/downloads/report-*.pdf"))
            if done.returncode or not pdfs:
                why = (done.stderr or done.stdout).strip().splitlines()[-1:] or [f"exit status {done.returncode}"]
                return f"edition {edition.date}: `{shlex.join(make)}` at {edition.tag} made no PDF ({why[0]}); its PDFs stay lost"
            for pdf in pdfs:
                target = kept / edition.date.isoformat() / pdf.stem.removeprefix("report-")
                shutil.copytree(pdf.parent, target, dirs_exist_ok=True)
            return f"edition {edition.date}: its files built again from {edition.tag} ({', '.join(p.name for p in pdfs)} and their data packages)"
        finally:
            subprocess.run([*git, "worktree", "remove", "--force", str(work)], capture_output=True, check=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--make", default="make site", help="the command that builds an edition's site in its worktree")
    args = parser.parse_args(argv)
    kept = PATHS.build / "editions"
    for edition in missing(kept, _editions(PATHS.data), [lang.code for lang in PATHS.languages]):
        print(rebuild(PATHS.root, edition, kept, shlex.split(args.make)), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
