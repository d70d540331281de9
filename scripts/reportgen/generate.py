"""The generator step: load and validate data/, then render figures, tables,
downloads and the Traditional Chinese pages. Cached by content hash; run by
`make check`/`make site` and by the MkDocs hook on every (re)build."""

from __future__ import annotations

import functools
import json
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from reportgen import stamp
from reportgen.cache import Cache, Store, code_digest, digest, fonts_digest, sha, versions
from reportgen.config import PATHS, Paths
from reportgen.i18n import hant, words
from reportgen.i18n.hant import converter
from reportgen.i18n.localize import localizer
from reportgen.languages import translated
from reportgen.model import dataset as dataset_mod
from reportgen.model import validate
from reportgen.model.dataset import EXTRA_FILES, FILES, Dataset, json_schemas
from reportgen.model.problems import DataError, Problem
from reportgen.model.selection import Selector
from reportgen.model.validate import load_dataset
from reportgen.render import downloads, figures, tables, wrapping
from reportgen.stamp import source_files

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
    in memory (mkdocs serve) and in the cache's `dataset` store (every other run; pydantic
    reads it back in Rust). Parsing the YAML with positions is most of a no-change rebuild
    otherwise. Invalid data is never cached, so its problems are reported every time."""
    files = [(stem, (paths.data / f"{stem}.yaml")) for stem in [*FILES, *EXTRA_FILES]]
    key = digest(code_digest(validate), versions("pydantic", "pyyaml"), [(stem, sha(f.read_bytes()) if f.exists() else None) for stem, f in files])
    if key in _MEMO:
        return _MEMO[key]
    store = Store(paths.cache, "dataset")
    kept, dataset = store.get(key), None
    if kept is not None:
        try:
            dataset = Dataset.model_validate_json(kept)
        except ValueError:  # pydantic's ValidationError is a ValueError: another shape, load again
            dataset = None
    if dataset is None:
        dataset = load_dataset(paths.data)
        store.put(key, dataset.model_dump_json(by_alias=True).encode())
        store.prune()  # only the latest is worth keeping
    _MEMO.clear()
    _MEMO[key] = dataset
    return dataset


def source_pages(paths: Paths, lang: str) -> list[Path]:
    return source_files(paths.lang_docs(lang), "*.md")


def check_translations(paths: Paths, dataset: Dataset) -> list[Problem]:
    """Every original page needs its translation in each translated language: never serve the
    original under another language's folder."""
    problems = []
    for lang in translated(dataset.site.languages):
        original = paths.lang_docs(lang.translates)
        for page in source_pages(paths, lang.translates):
            rel = page.relative_to(original).as_posix()
            if not (paths.lang_docs(lang.code) / rel).exists():
                problems.append(
                    Problem(
                        f"docs/{lang.code}/{rel}", 1, 1, "", f"missing {lang.code} page (expected a translation of docs/{lang.translates}/{rel}, got no file)"
                    )
                )
    return problems


def sync_derived_pages(paths: Paths, dataset: Dataset, cache: Cache) -> None:
    """The pages of a language made from another (docs/zh-Hant/ from docs/zh/) mirror its
    pages through OpenCC; never edited by hand. A page is converted again only when its source,
    the OpenCC settings or the converter changed, or the converted file is not what was written;
    what the source folder no longer has is pruned with the other outputs (generate)."""
    profile, phrases = dataset.site.opencc_profile, tuple(sorted(dataset.site.opencc_phrases.items()))
    settings = digest(code_digest(hant), versions("opencc"), profile, phrases)
    for lang in (lang for lang in dataset.site.languages if not lang.written):
        _convert_pages(paths.lang_docs(lang.derived_from), paths.lang_docs(lang.code), cache, settings, profile, phrases)


def _convert_pages(src: Path, dst: Path, cache: Cache, settings: str, profile: str, phrases: tuple) -> None:
    for path in source_files(src):
        source = path.read_bytes()
        target = dst / path.relative_to(src)
        if path.suffix == ".md":
            # OpenCC takes a while to load: only when a page needs it.
            cache.ensure({target: lambda source=source: converter(profile, phrases)(source.decode("utf-8"))}, digest(settings, sha(source)))
        else:
            cache.ensure({target: lambda source=source: source}, sha(source))


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
    records its kind draws (figures.KINDS) and the lookup tables (cities,
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
        drawn = figures.KINDS[spec.kind].drawn(dataset, rows)
        spec_key = digest(spec.model_dump_json(), [dumps[r.id] for r in rows], [dumps[r.id] for r in drawn], common)
        for lang in dataset.site.languages:
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
    data = sha(dataset.model_dump_json().encode())  # a table may show anything in data/
    for lang in dataset.site.languages:
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
    data = digest(sha(dataset.model_dump_json().encode()), code_digest(dataset_mod))  # downloads' own code is in `code`
    later = []
    for lang in dataset.site.languages:
        loc = localizer(lang.code, dataset)
        folder = paths.lang_docs(lang.code) / "downloads"
        outputs = {
            **{folder / f"{r.name}.csv": lambda r=r, loc=loc: downloads.csv_text(downloads.table(r, loc)) for r in downloads.RESOURCES},
            folder / "datapackage.json": lambda loc=loc: downloads.datapackage(loc),
            folder / "data.xlsx": lambda loc=loc: downloads.workbook(loc),
            folder / "indicators.json": lambda: json.dumps(
                [i.model_dump(mode="json", by_alias=True) for i in dataset.indicators], ensure_ascii=False, indent=1
            ),
            folder / "schema.json": lambda: schema_json("dataset.schema.json"),
        }
        key = digest(code, lang.code, data)
        if defer and not cache.fresh(outputs, key) and all(p.exists() for p in outputs):
            later.append(functools.partial(cache.ensure, outputs, key))
        else:
            cache.ensure(outputs, key)
    return later


def render_outputs(paths: Paths, dataset: Dataset, cache: Cache, timings: dict[str, float] | None = None, defer: bool = False) -> list[Callable[[], None]]:
    """Figures, tables and downloads; returns what `defer` left for later. Their code is the
    import closure of the three renderers (with the word catalogues), the packages they draw
    with and the fonts the figures use."""
    own_words = [sha(path.read_bytes()) for path in words.report_files()]  # a report's own catalogue (data/words/)
    code = digest(
        code_digest(figures, tables, downloads), versions("matplotlib", "babel", "opencc", "jieba", "xlsxwriter", "pydantic"), fonts_digest(), own_words
    )
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
    problems = check_translations(paths, dataset) + words.catalogue_problems(dataset.site.languages)
    if problems:
        raise DataError(problems)
    timings = {"validation": time.perf_counter() - start}
    cache = Cache(paths.cache_manifest, paths.root)
    later = render_outputs(paths, dataset, cache, timings, defer)
    start = time.perf_counter()
    sync_derived_pages(paths, dataset, cache)
    timings["derived pages"] = time.perf_counter() - start
    cache.prune(paths.generated() + [paths.build / "tables"])  # what no step produced is no longer published
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
