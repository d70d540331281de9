"""`reportgen new DIR`: a new report that builds strict at once, from the scaffold that ships with
the engine (reportgen/scaffold/): mkdocs.yml, a small valid data/ (two compared units, one
figure, one table), pages in every language, the deploy and pull-request workflows, a Makefile
with the targets of this repository's, README and CONTRIBUTING. The engine it was made with is
what its requirements.txt installs; its JSON Schemas and translation records are written at once."""

from __future__ import annotations

import importlib.metadata
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

SCAFFOLD = Path(__file__).resolve().parent / "scaffold"
# Stored without their dot, so that packaging keeps them.
DOTTED = {"github": ".github", "gitignore": ".gitignore"}
# The editions this engine version builds; a report declares its own once languages are data.
LANGUAGES = ("zh", "zh-Hant", "en")


class NewReportError(ValueError):
    pass


def engine_requirement() -> str:
    """The pip requirement of the engine running now: where it was installed from (a wheel, a
    folder, a repository), else its name and version."""
    dist = importlib.metadata.distribution("reportgen")
    direct = dist.read_text("direct_url.json")
    url = json.loads(direct)["url"] if direct else None
    return f"reportgen @ {url}" if url else f"reportgen=={dist.version}"


def new_report(dest: Path, languages: tuple[str, ...] = LANGUAGES, engine: str | None = None) -> list[str]:
    """Write the scaffold into `dest` (new or empty); the lines to print."""
    if languages != LANGUAGES:
        raise NewReportError(f"--languages: this engine builds {','.join(LANGUAGES)} (got {','.join(languages)})")
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise NewReportError(f"{dest}: a new report needs a new or empty folder")
    shutil.copytree(SCAFFOLD, dest, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__"))
    for stored, name in DOTTED.items():
        (dest / stored).rename(dest / name)
    requirement = engine or engine_requirement()
    (dest / "requirements.txt").write_text(
        "# The engine (and, through it, MkDocs, Material, static-i18n, Typst…). On GitHub, name where it\n"
        "# is published, e.g. reportgen @ git+https://github.com/OWNER/REPO@TAG; `make lock` pins it all.\n"
        f"{requirement}\n",
        encoding="utf-8",
    )
    env = {**os.environ, "REPORT_ROOT": str(dest.resolve())}
    for command in (["schema"], ["confirm", "--all"]):  # data/schema/ and CITATION.cff; translations recorded as checked
        done = subprocess.run([sys.executable, "-m", "reportgen", *command], cwd=dest, env=env, capture_output=True, text=True, check=False)
        if done.returncode:
            raise NewReportError(f"reportgen {' '.join(command)} failed in {dest}: {(done.stderr or done.stdout).strip()}")
    return [
        f"a new report in {dest}: {', '.join(LANGUAGES)}; the engine from {requirement}",
        f"next: cd {dest} && make site (or: reportgen build); edit data/site.yaml first",
    ]
