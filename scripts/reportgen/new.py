"""`reportgen new DIR [--languages zh,zh-Hant,en]`: a new report that builds strict at once, from
the scaffold that ships with the engine (reportgen/scaffold/): mkdocs.yml, a small valid data/
(two compared units, one figure, one table), pages in every language asked for (of the scaffold's
zh, zh-Hant, en and ja; the first the original), the deploy and pull-request workflows, a Makefile
with the targets of this repository's, README and CONTRIBUTING. The engine it was made with is
what its requirements.txt installs; its JSON Schemas and translation records are written at once."""

from __future__ import annotations

import functools
import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

SCAFFOLD = Path(__file__).resolve().parent / "scaffold"
# Stored without their dot, so that packaging keeps them.
DOTTED = {"github": ".github", "gitignore": ".gitignore"}
# The declarations `--languages` chooses from (not copied into the report: site.yaml gets the chosen ones).
PRESETS = SCAFFOLD / "languages.yaml"


@functools.cache
def presets() -> dict[str, dict]:
    """{code: {name, declaration}} of the languages a new report may start in."""
    return yaml.safe_load(PRESETS.read_text(encoding="utf-8"))


DEFAULT_LANGUAGES = ("zh", "zh-Hant", "en")


class NewReportError(ValueError):
    pass


def engine_requirement() -> str:
    """The pip requirement of the engine running now: where it was installed from (a wheel, a
    folder, a repository), else its name and version."""
    dist = importlib.metadata.distribution("reportgen")
    direct = dist.read_text("direct_url.json")
    url = json.loads(direct)["url"] if direct else None
    return f"reportgen @ {url}" if url else f"reportgen=={dist.version}"


def declarations(languages: tuple[str, ...]) -> list[dict]:
    """site.yaml's declarations of `languages`: the first the original, each other language people
    write translating it, a language made from another only with that one."""
    known = presets()
    unknown = [code for code in languages if code not in known]
    if unknown or len(set(languages)) != len(languages) or not languages:
        raise NewReportError(f"--languages: each once, of {', '.join(known)} (got {','.join(languages)})")
    chosen = [dict(known[code]["declaration"]) for code in languages]
    for declaration in chosen:
        made_from = declaration.get("from")
        if made_from is not None and (made_from not in languages or declaration is chosen[0]):
            raise NewReportError(f"--languages: {declaration['code']} is made from {made_from}, which must come first (got {','.join(languages)})")
        if made_from is None and declaration is not chosen[0]:
            declaration["translates"] = languages[0]
    return chosen


def _texts_only_in(folder: Path, dropped: set[str]) -> None:
    """The scaffold's texts (one language a line) without the languages not asked for."""
    line = re.compile(rf"^\s+({'|'.join(map(re.escape, sorted(dropped)))}): .*\n", re.MULTILINE) if dropped else None
    for path in folder.glob("*.yaml") if line else ():
        path.write_text(line.sub("", path.read_text(encoding="utf-8")), encoding="utf-8")


def new_report(dest: Path, languages: tuple[str, ...] = DEFAULT_LANGUAGES, engine: str | None = None) -> list[str]:
    """Write the scaffold into `dest` (new or empty) in `languages`; the lines to print."""
    chosen = declarations(languages)
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise NewReportError(f"{dest}: a new report needs a new or empty folder")
    written = {code for code, preset in presets().items() if "from" not in preset["declaration"]}
    dropped = written - set(languages)
    skip = {PRESETS.name, "__pycache__", *dropped}  # the presets, and the pages of languages not asked for (docs/<code>/)
    shutil.copytree(SCAFFOLD, dest, dirs_exist_ok=True, ignore=lambda folder, names: {n for n in names if n in skip})
    for stored, name in DOTTED.items():
        (dest / stored).rename(dest / name)
    _texts_only_in(dest / "data", dropped)
    site = dest / "data" / "site.yaml"
    listed = "\n".join(f"    - {yaml.safe_dump(d, default_flow_style=True, allow_unicode=True, sort_keys=False, width=1000).strip()}" for d in chosen)
    site.write_text(re.sub(r"^  languages: \[\].*$", lambda _: f"  languages:\n{listed}", site.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8")
    config = dest / "mkdocs.yml"
    i18n = "\n".join(
        f"        - locale: {code}\n" + ("          default: true\n" if n == 0 else "") + f"          name: {presets()[code]['name']}\n          build: true"
        for n, code in enumerate(languages)
    )
    config.write_text(config.read_text(encoding="utf-8").replace("__DEFAULT__", languages[0]).replace("__I18N__", i18n), encoding="utf-8")
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
        f"a new report in {dest}: {', '.join(languages)}; the engine from {requirement}",
        f"next: cd {dest} && make site (or: reportgen build); edit data/site.yaml first",
    ]
