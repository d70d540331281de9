"""Synthetic data sets N times the size of data/, for the scale benchmark (scripts/bench.py).

    python scripts/synth.py 10 100        # -> build/synth/10x/, build/synth/100x/

Copy 0 is data/ unchanged; copies 1..N-1 clone every city, meeting, indicator, named
item, list, figure and table under suffixed ids (`-x7`) and a clearly fake city name
("合成城市 7 / Synthetic city 7"), with every reference rewired to the clone. Selections
that would match across copies are narrowed to the copy's own cities, so a clone shows
as much as its original and the work per figure/table stays the same. One-of-a-kind
collections (sources, site, glossary, discrepancies) and whole-dataset views
(the city comparison table, the city-profile figure) are not cloned.

Each output directory is a project root the generator and MkDocs can build
(REPORT_ROOT=build/synth/10x): data/ is synthetic, docs/ is a copy of the page
templates, mkdocs.yml, scripts/ and overrides/ point back to the repository.
Never committed (build/ is ignored).
"""

from __future__ import annotations

import argparse
import copy
import os
import shutil
import sys
from pathlib import Path

import yaml
from reportgen.config import PATHS
from reportgen.model import load
from reportgen.model.dataset import FILES
from reportgen.stamp import GENERATED_DIRS

ROOT = Path(__file__).resolve().parents[1]
# Tables and figures that show the whole dataset: one each, never cloned.
SINGLETON = {"tables": {"comparison", "glossary", "discrepancies", "sources"}, "figures": set()}


def read_data(data_dir: Path) -> dict[str, object]:
    """Plain Python values by file stem, read by the project's loader."""
    raw = load.read_data(data_dir, list(FILES))
    return {stem: doc[stem] for stem, doc in raw.docs.items()}


def copy_docs(source: Path, dest: Path) -> None:
    """The page templates of docs/, without what the generator writes."""
    shutil.copytree(source, dest, ignore=shutil.ignore_patterns(*(lang.code for lang in PATHS.languages if not lang.written), *GENERATED_DIRS))


def _sid(value: str, k: int) -> str:
    return value if k == 0 else f"{value}-x{k}"


def _rename(items: list | None, k: int) -> list | None:
    return None if items is None else [_sid(i, k) for i in items]


def _fake_title(title: dict, k: int) -> dict:
    out = dict(title)
    out["zh"] = f"合成 {k} · {title['zh']}"
    out["en"] = f"Synthetic {k} · {title['en']}"
    out.pop("zh-Hant", None)
    return out


def _selection(sel: dict, k: int, city_map: dict[str, str], own_cities: list[str]) -> dict:
    sel = dict(sel)
    if sel.get("ids"):
        sel["ids"] = _rename(sel["ids"], k)
    if sel.get("city"):
        sel["city"] = [city_map[c] for c in sel["city"]]
    elif not sel.get("ids"):
        sel["city"] = list(own_cities)  # keep the clone's rows within its own copy
    return sel


def synthesize(data: dict, n: int) -> dict:
    """The data set `n` times over (see the module docstring)."""
    if n < 1:
        raise ValueError("n must be at least 1")
    out = {stem: copy.deepcopy(data[stem]) for stem in data}
    cities = data["cities"]
    number = 0
    for k in range(1, n):
        city_map = {}
        for city in cities:
            number += 1
            clone = copy.deepcopy(city)
            clone["id"] = f"synthetic-city-{number}"
            clone["name"] = {"zh": f"合成城市 {number}", "en": f"Synthetic city {number}"}
            city_map[city["id"]] = clone["id"]
            out["cities"].append(clone)
        own = list(city_map.values())

        def city(c, city_map=city_map):
            return city_map.get(c, c) if c else c

        for meeting in data.get("meetings", []):
            clone = copy.deepcopy(meeting)
            clone["id"], clone["city"] = _sid(meeting["id"], k), city(meeting["city"])
            out["meetings"].append(clone)
        for ind in data["indicators"]:
            clone = copy.deepcopy(ind)
            clone["id"], clone["city"] = _sid(ind["id"], k), city(ind["city"])
            if ind.get("baseline"):
                clone["baseline"] = _sid(ind["baseline"], k)
            out["indicators"].append(clone)
        for ent in data["entities"]:
            clone = copy.deepcopy(ent)
            clone["id"], clone["city"] = _sid(ent["id"], k), city(ent.get("city"))
            if clone["city"] is None:
                clone.pop("city")
            if ent.get("indicators"):
                clone["indicators"] = _rename(ent["indicators"], k)
            out["entities"].append(clone)
        for lst in data.get("lists", []):
            clone = copy.deepcopy(lst)
            clone["id"], clone["city"] = _sid(lst["id"], k), city(lst["city"])
            for key in ("indicators", "entities"):
                if lst.get(key):
                    clone[key] = _rename(lst[key], k)
            for item in clone["items"]:
                for key in ("indicators", "entities"):
                    if item.get(key):
                        item[key] = _rename(item[key], k)
            out["lists"].append(clone)
        for stem in ("figures", "tables"):
            for spec in data[stem]:
                if spec["kind"] in SINGLETON[stem]:
                    continue
                clone = copy.deepcopy(spec)
                clone["id"], clone["title"] = _sid(spec["id"], k), _fake_title(spec["title"], k)
                if spec.get("list"):
                    clone["list"] = _sid(spec["list"], k)
                if stem == "figures" or spec["kind"] in ("indicators", "entities"):
                    clone["select"] = _selection(spec.get("select") or {}, k, city_map, own)
                out[stem].append(clone)
    return out


def write_data(data: dict, data_dir: Path) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    for stem, body in data.items():
        text = yaml.dump({stem: body}, Dumper=dumper, allow_unicode=True, sort_keys=False, width=10_000)
        (data_dir / f"{stem}.yaml").write_text(f"# Synthetic data (scripts/synth.py); never edit, never commit.\n{text}", encoding="utf-8")


def make_project(n: int, out: Path | None = None, source: Path = ROOT) -> Path:
    """build/synth/<n>x/: a buildable project root around a synthetic data/."""
    root = out or source / "build" / "synth" / f"{n}x"
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    write_data(synthesize(read_data(source / "data"), n), root / "data")
    copy_docs(source / "docs", root / "docs")
    shutil.copy2(source / "mkdocs.yml", root / "mkdocs.yml")
    for name in ("scripts", "overrides"):
        if (source / name).exists():
            os.symlink(source / name, root / name)
    return root


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("factors", nargs="*", type=int, default=[10, 100], help="sizes, as multiples of data/ (default: 10 100)")
    args = parser.parse_args(argv)
    for n in args.factors:
        root = make_project(n)
        print(f"{root.relative_to(ROOT) if root.is_relative_to(ROOT) else root}: {n}x data/", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
