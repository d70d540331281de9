"""Whether `reportgen generate` has anything to do, answered with the standard library and PyYAML.

After a successful run, generate() records a stamp in the build's cache (build/cache/stamp.json):
a digest of every input (the reportgen package with its catalogues and templates, requirements.lock,
the fonts, data/*.yaml and data/words/, the pages people write: the original's in full, the names of the others,
read before the run started) and
the size and modification time of every output. When
neither changed, the command line skips the run without importing pydantic, matplotlib or
OpenCC (most of a second); anything else, a deleted or hand-edited output included, runs
the generator, whose content-hash cache then decides what to render.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path

import yaml

from reportgen.cache import fonts_digest, package_tree_digest, write_if_changed

GENERATED_DIRS = ("figures", "downloads")  # inside docs/<lang>/: written by the generator


def _stamp_path(paths) -> Path:
    return paths.cache / "stamp.json"


def _languages(paths) -> list[tuple[str, bool]]:
    """(code, made from another) of each language data/site.yaml declares, read with PyYAML alone
    (checked in full by the generator, which runs when anything here is off)."""
    try:
        site = yaml.load((paths.data / "site.yaml").read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))["site"]
        return [(str(lang["code"]), "from" in lang) for lang in site["languages"]]
    except (OSError, yaml.YAMLError, TypeError, KeyError):
        return []


def source_files(base: Path, pattern: str = "*") -> list[Path]:
    """Files under a docs/<lang>/ folder that people write (not GENERATED_DIRS), sorted."""
    if not base.is_dir():
        return []
    return sorted(p for p in base.rglob(pattern) if p.is_file() and p.relative_to(base).parts[0] not in GENERATED_DIRS)


def inputs_digest(paths) -> str:
    """Digest of everything generate() reads (file contents; of a translation's pages, their names only)."""
    h = hashlib.sha256()
    h.update(package_tree_digest().encode() + fonts_digest().encode())  # the generator's code, catalogues and templates
    data = sorted([*paths.data.glob("*.yaml"), *paths.data.glob("words/*.yaml")]) if paths.data.is_dir() else []  # with its own catalogue
    lock = [paths.root / "requirements.lock"] if (paths.root / "requirements.lock").is_file() else []
    written = [code for code, made in _languages(paths) if not made]
    for path in [*lock, *data, *(source_files(paths.lang_docs(written[0])) if written else [])]:
        h.update(f"\0{path}\0".encode())
        h.update(path.read_bytes())
    for path in (p for code in written[1:] for p in source_files(paths.lang_docs(code))):
        h.update(f"\0{path}\0".encode())
    return h.hexdigest()


def _state(files: Iterable[str]) -> dict[str, list[int]] | None:
    out = {}
    for name in sorted(set(files)):
        try:
            st = os.stat(name)
        except OSError:
            return None
        out[name] = [st.st_size, st.st_mtime_ns]
    return out


def _derived_files(paths) -> list[str]:
    """The pages the generator makes of languages made from another (docs/zh-Hant/)."""
    return [str(p) for code, made in _languages(paths) if made for p in source_files(paths.lang_docs(code))]


def record(paths, inputs: str, outputs: Iterable[str]) -> None:
    """Write the stamp after a successful run (inputs: the digest taken before it)."""
    state = _state([*outputs, *_derived_files(paths), str(paths.cache_manifest)])
    if state is None:
        return
    write_if_changed(_stamp_path(paths), json.dumps({"inputs": inputs, "outputs": state}))


def up_to_date(paths) -> bool:
    """True when the inputs and outputs are exactly as the last successful run left them."""
    try:
        stamp = json.loads(_stamp_path(paths).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(stamp, dict) or stamp.get("inputs") != inputs_digest(paths) or not isinstance(stamp.get("outputs"), dict):
        return False  # none, damaged, another shape, or other inputs: the generator decides
    recorded = stamp["outputs"]
    if not set(_derived_files(paths)) <= set(recorded):
        return False  # a file appeared in a generated language's folder
    return _state(recorded) == recorded
