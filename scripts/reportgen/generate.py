"""The generator step: load and validate data/, then render figures, tables,
downloads and the Traditional Chinese pages. Cached by content hash; run by
`make check`/`make site` and by the MkDocs hook on every (re)build."""

from __future__ import annotations

import functools
import hashlib
import json
import multiprocessing
import os
import shutil
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pydantic

from reportgen import cache as cache_mod
from reportgen import stamp
from reportgen.cache import Cache, code_digest, digest, write_if_changed
from reportgen.config import LANGS, PATHS, Paths
from reportgen.i18n import hant, localize
from reportgen.i18n.hant import converter
from reportgen.i18n.localize import localizer
from reportgen.model import load, validate, yaml_errors
from reportgen.model import problems as problems_mod
from reportgen.model import schema as schema_mod
from reportgen.model.problems import DataError, Problem
from reportgen.model.schema import FILES, Dataset, json_schemas
from reportgen.model.validate import load_dataset
from reportgen.query.selection import Selector
from reportgen.render import downloads, figures, safe, tables, wrapping
from reportgen.stamp import GENERATED_DIRS, source_files  # folders inside docs/<lang>/ written by this step, never sources

# Figures are rendered in worker processes (one per core) when more than this many need it.
PARALLEL_MIN = 4


@dataclass
class Result:
    dataset: Dataset
    rendered: list[str]
    timings: dict[str, float] = field(default_factory=dict)  # stage -> seconds, in order
    # generate(defer=True): draws what it left, then records the run; returns the paths drawn.
    draw_deferred: Callable[[], list[str]] | None = None


_MEMO: dict[str, Dataset] = {}


def load_dataset_cached(paths: Paths) -> Dataset:
    """load_dataset(), memoised on the bytes of data/*.yaml and the code that loads them:
    in memory (mkdocs serve) and in build/dataset.json (every other run; pydantic reads it
    back in Rust). Parsing the YAML with positions is most of a no-change rebuild otherwise.
    Invalid data is never cached, so its problems are reported every time."""
    files = [(stem, (paths.data / f"{stem}.yaml")) for stem in FILES]
    key = digest(code_digest(load, yaml_errors, safe, validate, schema_mod, problems_mod), pydantic.VERSION,
                 [(stem, hashlib.sha256(f.read_bytes()).hexdigest() if f.exists() else None) for stem, f in files])
    if key in _MEMO:
        return _MEMO[key]
    store = paths.build / "dataset.json"
    dataset = None
    try:
        stored_key, _, body = store.read_bytes().partition(b"\n")
        if stored_key.decode() == key:
            dataset = Dataset.model_validate_json(body)
    except (OSError, ValueError):  # missing or damaged (pydantic's ValidationError is a ValueError): load again
        pass
    if dataset is None:
        dataset = load_dataset(paths.data)
        write_if_changed(store, key.encode() + b"\n" + dataset.model_dump_json(by_alias=True).encode())
    _MEMO.clear()
    _MEMO[key] = dataset
    return dataset


def source_pages(paths: Paths, lang: str) -> list[Path]:
    return source_files(paths.lang_docs(lang), "*.md")


def check_translations(paths: Paths) -> list[Problem]:
    """Every Chinese page needs its English counterpart: never serve Chinese under /en/."""
    problems = []
    for page in source_pages(paths, "zh"):
        rel = page.relative_to(paths.lang_docs("zh"))
        if not (paths.lang_docs("en") / rel).exists():
            problems.append(Problem(f"docs/en/{rel.as_posix()}", 1, 1, "",
                                    f"missing English page (expected a translation of docs/zh/{rel.as_posix()}, got no file)"))
    return problems


def _sha(blob: bytes) -> str:
    return hashlib.sha256(blob).hexdigest()


def sync_hant_pages(paths: Paths, dataset: Dataset, cache: Cache | None = None) -> list[str]:
    """docs/zh-Hant/ mirrors docs/zh/ through OpenCC; it is never edited by hand.
    With a cache, a page is converted again only when its source, the OpenCC settings or
    the converter changed, or the converted file is not what was written last time."""
    profile, phrases = dataset.site.opencc_profile, tuple(sorted(dataset.site.opencc_phrases.items()))
    settings = digest(code_digest(hant), profile, phrases)
    convert = None  # OpenCC takes a while to load: only when a page needs it
    entries, name = (cache.entries, cache.name) if cache is not None else ({}, str)
    src, dst = paths.lang_docs("zh"), paths.lang_docs("zh-Hant")
    written, wanted = [], set()
    for path in sorted(src.rglob("*")):
        rel = path.relative_to(src)
        if path.is_dir() or rel.parts[0] in GENERATED_DIRS:
            continue
        target = dst / rel
        wanted.add(target)
        if path.suffix == ".md":
            source = path.read_bytes()
            key = digest(settings, _sha(source))
            if target.exists() and entries.get(name(target)) == digest(key, _sha(target.read_bytes())):
                continue
            convert = convert or converter(profile, phrases)
            text = convert(source.decode("utf-8"))
            if write_if_changed(target, text):
                written.append(str(target))
            entries[name(target)] = digest(key, _sha(text.encode("utf-8")))
        elif not target.exists() or target.read_bytes() != path.read_bytes():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
            written.append(str(target))
    for stale in [p for p in dst.rglob("*") if p.is_file() and p.relative_to(dst).parts[0] not in GENERATED_DIRS and p not in wanted]:
        stale.unlink()
        entries.pop(name(stale), None)
    return written


_WORKER: dict = {}


def _init_worker(dataset: Dataset) -> None:
    _WORKER["dataset"] = dataset


def _render_figure(lang: str, index: int) -> tuple[str, ...]:
    """One figure in one language, every size, then its CSV (the order of `figure_files`);
    a pure function of (spec, localizer), so any process may run it."""
    dataset = _WORKER["dataset"]
    spec, loc = dataset.figures[index], localizer(lang, dataset)
    return *(figures.render_svg(spec, loc, size) for size in figures.SIZES), figures.render_csv(spec, loc)


def figure_files(folder: Path, figure_id: str) -> tuple[Path, ...]:
    """x.svg (wide), x.narrow.svg and x.csv: what _render_figure returns, in its order."""
    return *(folder / size.svg_name(figure_id) for size in figures.SIZES), folder / f"{figure_id}.csv"


def _workers(jobs: int) -> int:
    """Worker processes for `jobs` figures: one per core, forked, so they share the loaded
    modules and data at no cost. Forking is unsafe once other threads run (mkdocs serve
    watching files); clean processes would import everything again, which costs more than
    the few figures an edit re-renders, so those runs stay in this process."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    if jobs <= PARALLEL_MIN or cpus < 2 or threading.active_count() > 1 or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return min(cpus, jobs)


def render_figures(paths: Paths, dataset: Dataset, cache: Cache, code: str, defer: bool = False) -> list[Callable[[], None]]:
    """SVGs + CSV per figure and language. The key of a figure is its spec, its rows, the
    further records its kind declares it reads (figures.KINDS) and the lookup tables (cities,
    sources, site). Stale figures are rendered on every core when there are enough of them;
    files are written and recorded in a fixed order, so the outputs do not depend on it.
    With `defer`, stale figures that have files from an earlier run are left to the returned
    function (new ones are drawn now: a page must never point at a missing file)."""
    dumps = {i.id: i.model_dump_json() for i in dataset.indicators}
    common = digest([c.model_dump_json() for c in dataset.cities], [s.model_dump_json() for s in dataset.sources], dataset.site.model_dump_json())
    choose = Selector.of(dataset.indicators)
    todo = []
    for index, spec in enumerate(dataset.figures):
        rows = choose(spec.select)
        reads = figures.KINDS[spec.kind].reads(dataset, rows)
        spec_key = digest(spec.model_dump_json(), [dumps[r.id] for r in rows], [dumps[r.id] for r in reads], common)
        for lang in LANGS:
            out = paths.figures(lang.code)
            targets = figure_files(out, spec.id)
            key = digest(code, lang.code, spec_key)
            if not cache.fresh(targets, key):
                todo.append((lang.code, index, targets, key))
    now, later = [], []
    for job in todo:
        (later if defer and all(p.exists() for p in job[2]) else now).append(job)
    todo = now
    workers = _workers(len(todo))
    if workers > 1:
        figures.pyplot()  # import matplotlib and load jieba once, before the workers fork
        wrapping.segmenter()
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker, initargs=(dataset,)) as pool:
            _store_figures(cache, todo, pool.map(_render_figure, [t[0] for t in todo], [t[1] for t in todo]))
    else:
        _draw_here(cache, dataset, todo)
    return [functools.partial(_draw_here, cache, dataset, later)] if later else []


def _draw_here(cache: Cache, dataset: Dataset, todo: list) -> None:
    _init_worker(dataset)
    _store_figures(cache, todo, (_render_figure(lang, index) for lang, index, _, _ in todo))


def _store_figures(cache: Cache, todo: list, results) -> None:
    """Write each result as it arrives, in the order of `todo` (map keeps it)."""
    for (_, _, targets, key), contents in zip(todo, results, strict=False):
        for path, content in zip(targets, contents, strict=False):
            cache.store(path, content, key)


def render_tables(paths: Paths, dataset: Dataset, cache: Cache, code: str, defer: bool = False) -> list[Callable[[], None]]:
    """Each table's Markdown per language (pages include them: never deferred)."""
    data = _sha(dataset.model_dump_json().encode())  # a table may show anything in data/
    for lang in LANGS:
        renderer = tables.TableRenderer(localizer(lang.code, dataset))
        table_key = digest(code, lang.code, data)
        for spec in dataset.tables:
            cache.ensure({paths.tables(lang.code) / f"{spec.id}.md": lambda spec=spec, renderer=renderer: renderer.render(spec)}, table_key)
    return []


def render_downloads(paths: Paths, dataset: Dataset, cache: Cache, code: str, defer: bool = False) -> list[Callable[[], None]]:
    """The data package per language; with `defer`, stale ones that exist are left to the
    returned functions (pages only link to them)."""
    # The data package reads every collection; schema.json is a function of the schema's code
    # and pydantic's version: key on those, render it (slow) only when it is written.
    data = digest(_sha(dataset.model_dump_json().encode()), code_digest(schema_mod), pydantic.VERSION)  # downloads' own code is in `code`
    later = []
    for lang in LANGS:
        loc = localizer(lang.code, dataset)
        folder = paths.lang_docs(lang.code) / "downloads"
        outputs = {
            **{folder / f"{r.name}.csv": lambda r=r, loc=loc: downloads.csv_text(downloads.table(r, loc)) for r in downloads.RESOURCES},
            folder / "datapackage.json": lambda loc=loc: downloads.datapackage(loc),
            folder / "data.xlsx": lambda loc=loc: downloads.workbook(loc),
            folder / "indicators.json": lambda: json.dumps([i.model_dump(mode="json", by_alias=True) for i in dataset.indicators],
                                                           ensure_ascii=False, indent=1),
            folder / "schema.json": lambda: schema_json("dataset.schema.json"),
        }
        key = digest(code, lang.code, data)
        if defer and not cache.fresh(outputs, key) and all(p.exists() for p in outputs):
            later.append(functools.partial(cache.ensure, outputs, key))
        else:
            cache.ensure(outputs, key)
    return later


def render_outputs(paths: Paths, dataset: Dataset, cache: Cache, timings: dict[str, float] | None = None,
                   defer: bool = False) -> list[Callable[[], None]]:
    """Figures, tables and downloads; returns what `defer` left for later."""
    code = code_digest(figures, wrapping, localize, tables, safe, downloads, cache_mod)
    timings = {} if timings is None else timings
    later = []
    for stage, render in (("figures", render_figures), ("tables", render_tables), ("downloads", render_downloads)):
        start = time.perf_counter()
        later += render(paths, dataset, cache, code, defer)
        timings[stage] = time.perf_counter() - start
    return later


@functools.cache
def schema_json(name: str) -> str:
    return json.dumps(json_schemas()[name], ensure_ascii=False, indent=2) + "\n"


def generate(paths: Paths = PATHS, defer: bool = False) -> Result:
    """Validate, then render what changed. Raises DataError with every problem.
    Result.timings has the seconds each stage took. `defer` (the preview): what pages only
    link to (figures, downloads) and had files already is redrawn by Result.draw_deferred,
    after the pages show the new text."""
    start = time.perf_counter()
    inputs = stamp.inputs_digest(paths)  # before reading anything: an edit during the run is seen next time
    dataset = load_dataset_cached(paths)
    problems = check_translations(paths)
    if problems:
        raise DataError(problems)
    timings = {"validation": time.perf_counter() - start}
    cache = Cache(paths.cache_manifest, paths.root)
    later = render_outputs(paths, dataset, cache, timings, defer)
    start = time.perf_counter()
    cache.rendered += sync_hant_pages(paths, dataset, cache)
    timings["zh-Hant"] = time.perf_counter() - start
    cache.save()
    if later:  # the run is recorded once the last of them is drawn
        return Result(dataset, cache.rendered, timings, functools.partial(_finish_deferred, paths, cache, later, inputs))
    stamp.record(paths, inputs, cache.files())
    return Result(dataset, cache.rendered, timings)


def _finish_deferred(paths: Paths, cache: Cache, later: list[Callable[[], None]], inputs: str) -> list[str]:
    drawn = len(cache.rendered)
    for render in later:
        render()
    cache.save()
    stamp.record(paths, inputs, cache.files())
    return cache.rendered[drawn:]
