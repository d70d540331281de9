"""The generator step: load and validate data/, then render figures, tables,
downloads and the Traditional Chinese pages. Cached by content hash; run by
`make check`/`make site` and by the MkDocs hook on every (re)build."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from . import cache as cache_mod, figures, localize, tables
from .cache import Cache, code_digest, digest, write_if_changed
from .config import LANGS, PATHS, Paths
from .hant import converter
from .localize import localizer
from .problems import DataError, Problem
from .schema import Dataset, json_schemas
from .validate import load_dataset, select

# Folders inside docs/<lang>/ written by this step, never sources.
GENERATED_DIRS = ("figures", "downloads")


@dataclass
class Result:
    dataset: Dataset
    rendered: list[str]


def source_pages(paths: Paths, lang: str) -> list[Path]:
    base = paths.lang_docs(lang)
    return sorted(p for p in base.rglob("*.md") if p.relative_to(base).parts[0] not in GENERATED_DIRS)


def check_translations(paths: Paths) -> list[Problem]:
    """Every Chinese page needs its English counterpart: never serve Chinese under /en/."""
    problems = []
    for page in source_pages(paths, "zh"):
        rel = page.relative_to(paths.lang_docs("zh"))
        if not (paths.lang_docs("en") / rel).exists():
            problems.append(Problem(f"docs/en/{rel.as_posix()}", 1, 1, "", f"missing English page (expected a translation of docs/zh/{rel.as_posix()}, got no file)"))
    return problems


def sync_hant_pages(paths: Paths, dataset: Dataset) -> list[str]:
    """docs/zh-Hant/ mirrors docs/zh/ through OpenCC; it is never edited by hand."""
    convert = converter(dataset.site.opencc_profile, tuple(sorted(dataset.site.opencc_phrases.items())))
    src, dst = paths.lang_docs("zh"), paths.lang_docs("zh-Hant")
    written, wanted = [], set()
    for path in sorted(src.rglob("*")):
        rel = path.relative_to(src)
        if path.is_dir() or rel.parts[0] in GENERATED_DIRS:
            continue
        target = dst / rel
        wanted.add(target)
        if path.suffix == ".md":
            if write_if_changed(target, convert(path.read_text(encoding="utf-8"))):
                written.append(str(target))
        elif not target.exists() or target.read_bytes() != path.read_bytes():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
            written.append(str(target))
    for stale in [p for p in dst.rglob("*") if p.is_file() and p.relative_to(dst).parts[0] not in GENERATED_DIRS and p not in wanted]:
        stale.unlink()
    return written


def render_outputs(paths: Paths, dataset: Dataset, cache: Cache) -> None:
    code = code_digest(figures, localize, tables, cache_mod)
    site = dataset.site.model_dump(mode="json")
    for lang in LANGS:
        loc = localizer(lang.code, dataset)
        for spec in dataset.figures:
            rows = select(spec.select, dataset.indicators)
            # The figure depends on its spec, its rows, the baselines they name and the lookup tables.
            key = digest(code, lang.code, spec.model_dump(mode="json"), [r.model_dump(mode="json") for r in rows],
                         [i.model_dump(mode="json") for i in dataset.indicators if i.id in {r.baseline for r in rows}],
                         [c.model_dump(mode="json") for c in dataset.cities], [s.model_dump(mode="json") for s in dataset.sources],
                         [e.model_dump(mode="json") for e in dataset.entities] if spec.kind == "city_profile" else None, site)
            out = paths.figures(lang.code)
            cache.ensure({
                out / f"{spec.id}.svg": lambda spec=spec, loc=loc: figures.render_svg(spec, loc),
                out / f"{spec.id}.csv": lambda spec=spec, loc=loc: figures.render_csv(spec, loc),
            }, key)
        renderer = tables.TableRenderer(loc)
        table_key = digest(code, lang.code, dataset.model_dump(mode="json"))
        for spec in dataset.tables:
            cache.ensure({paths.tables(lang.code) / f"{spec.id}.md": lambda spec=spec: renderer.render(spec)}, table_key)
        downloads = paths.lang_docs(lang.code) / "downloads"
        cache.ensure({
            downloads / "indicators.json": lambda: json.dumps([i.model_dump(mode="json", by_alias=True) for i in dataset.indicators], ensure_ascii=False, indent=1),
            downloads / "indicators.csv": lambda loc=loc: figures.indicators_csv(dataset.indicators, loc),
            downloads / "schema.json": lambda: schema_json("dataset.schema.json"),
        }, digest(code, lang.code, [i.model_dump(mode="json") for i in dataset.indicators], schema_json("dataset.schema.json")))


def schema_json(name: str) -> str:
    return json.dumps(json_schemas()[name], ensure_ascii=False, indent=2) + "\n"


def generate(paths: Paths = PATHS) -> Result:
    """Validate, then render what changed. Raises DataError with every problem."""
    dataset = load_dataset(paths.data)
    problems = check_translations(paths)
    if problems:
        raise DataError(problems)
    cache = Cache(paths.cache_manifest)
    render_outputs(paths, dataset, cache)
    cache.rendered += sync_hant_pages(paths, dataset)
    cache.save()
    return Result(dataset, cache.rendered)
