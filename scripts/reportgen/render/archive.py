"""Each edition's files at a stable address, /editions/<date>/<lang>/: its data package (every file
the Data page offers) and, from the build that made it, its PDF. A reader or a citation can point
at an edition and find it unchanged after later corrections.

The current edition's package is the one this build made, copied. An earlier edition's is made
again from the data at its tag (query/history), so it needs no stored artefact: its data are the
tag's, its wording today's engine. PDFs are copied by the build after typesetting (build.py), and
kept in build/editions/: an earlier edition's PDF is the one last built while it was current,
put back by every later build; one the deploy's cache lost is typeset again by its own tag's
engine first (tools/edition_files).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

from reportgen.i18n.localize import localizer
from reportgen.model.dataset import Dataset, json_schemas
from reportgen.query.history import dataset_at, rev
from reportgen.render import downloads

FOLDER = "editions"


def package(dataset: Dataset, lang: str) -> dict[str, bytes]:
    """The files of one language's data package, by name (what the generate step writes to downloads/)."""
    loc = localizer(lang, dataset)
    files = {f"{r.name}.csv": downloads.csv_text(downloads.table(r, loc)).encode("utf-8") for r in downloads.RESOURCES}
    files["datapackage.json"] = downloads.datapackage(loc).encode("utf-8")
    files["data.xlsx"] = downloads.workbook(loc)
    files["indicators.json"] = json.dumps([i.model_dump(mode="json", by_alias=True) for i in dataset.indicators], ensure_ascii=False, indent=1).encode()
    files["schema.json"] = (json.dumps(json_schemas()["dataset.schema.json"], ensure_ascii=False, indent=2) + "\n").encode()
    return files


def _earlier(root: Path, edition) -> Dataset | None:
    commit = rev(root, edition.tag)
    return None if commit is None else dataset_at(root, commit)


def archived(root: Path, dataset: Dataset, kept: Path | None = None) -> set:
    """The dates of the editions whose files this build keeps: the current one, and each earlier
    one whose tag the repository has and whose data validate, or whose own published package
    `kept` holds (the Changes page links them)."""
    *earlier, current = dataset.editions or [None]
    return {e.date for e in earlier if _earlier(root, e) is not None or _published(kept, e)} | ({current.date} if current else set())


def _published(kept: Path | None, edition) -> list[Path]:
    """The package files an edition's own build published, as kept (tools/edition_files), by language folder."""
    folder = kept / edition.date.isoformat() if kept else None
    return sorted(p for p in folder.glob("*/datapackage.json")) if folder and folder.is_dir() else []


def write_archives(site: Path, langs: list[str], root: Path, dataset: Dataset, kept: Path | None = None) -> list[str]:
    """editions/<date>/<lang>/ for every edition; returns the tags whose data could not be read.
    An earlier edition whose data today's engine cannot read (its schema was older) gets the
    package its own build published, when `kept` holds it."""
    lost = []
    for index, edition in enumerate(dataset.editions):
        folder = site / FOLDER / edition.date.isoformat()
        current = index == len(dataset.editions) - 1
        old = None if current else _earlier(root, edition)
        if not current and old is None:
            published = _published(kept, edition)
            for package_file in published:
                shutil.copytree(package_file.parent, folder / package_file.parent.name, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.pdf"))
            if not published:
                lost.append(edition.tag)
            continue
        for n, lang in enumerate(langs):
            target = folder / lang
            if current:  # the files this build made, as the Data page offers them
                shutil.copytree(site / ("" if n == 0 else lang) / "downloads", target, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.pdf"))
                continue
            target.mkdir(parents=True, exist_ok=True)
            for name, content in package(old, lang).items():
                (target / name).write_bytes(content)
    return lost


def archive_pdfs(site: Path, kept: Path | None = None) -> None:
    """Copy each language's PDF into the current edition's folder (its date: the data package's
    version) and into `kept` (build/editions/), whence an earlier edition's PDF, as last built, is
    put back in its folder by every later build (the deploy caches the folder)."""
    for pdf in sorted(site.glob("**/downloads/report-*.pdf")):
        if FOLDER in pdf.relative_to(site).parts[:1]:
            continue
        version = json.loads((pdf.parent / "datapackage.json").read_text(encoding="utf-8"))["version"]
        lang = pdf.stem.removeprefix("report-")
        if (site / FOLDER / version / lang).is_dir():
            shutil.copy2(pdf, site / FOLDER / version / lang / pdf.name)
        if kept is not None:
            (kept / version / lang).mkdir(parents=True, exist_ok=True)
            shutil.copy2(pdf, kept / version / lang / pdf.name)
    for pdf in sorted(kept.glob("*/*/report-*.pdf")) if kept and kept.is_dir() else ():
        target = site / FOLDER / pdf.relative_to(kept)
        if target.parent.is_dir() and not target.exists():  # an edition this build archives
            shutil.copy2(pdf, target)


def kept_pdfs(kept: Path, lang: str) -> set:
    """The dates of the editions whose PDF in `lang` a build keeps (archive_pdfs)."""
    return {dt.date.fromisoformat(p.parent.parent.name) for p in kept.glob(f"*/{lang}/report-{lang}.pdf")}
