"""The build's one cache, under build/cache/, with one policy: a result is used only when its
key (a digest of everything its step reads) matches and its bytes match the digest recorded
with them. Anything else (missing, cut short, hand-edited, another shape) is a miss: the step
runs again, never a traceback, never a damaged file published.

Two kinds of entry, one rule:
- outputs a step writes where the site reads them (figures, downloads, tables, zh-Hant pages):
  recorded in build/cache/manifest.json as {path: {key, sha}}; an output no step produced in a
  run is removed with its entry (`Cache.prune`), so nothing removed stays published;
- results kept only for the next run (a page's conversion, a share card, a PDF, the search
  bundle, the loaded dataset, which module of this package imports which): `Store`, one file
  per entry under build/cache/<step>/, its first line the SHA-256 of the rest.

A step's code is the import closure of its module inside this package, computed (`code_digest`),
with the files the package keeps beside its code (word catalogues, templates). One build at a
time uses the cache: `build_lock` (build/cache/build.lock).
"""

from __future__ import annotations

import ast
import contextlib
import fcntl
import functools
import hashlib
import io
import json
import os
import sys
import tarfile
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

PACKAGE = Path(__file__).resolve().parent
CODE_SUFFIXES = {".py", ".yaml", ".typ", ".html", ".css", ".js"}


def digest(*parts: Any) -> str:
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str).encode()
    return hashlib.sha256(blob).hexdigest()


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_if_changed(path: Path, content: str | bytes) -> bool:
    """Write only real changes, so `mkdocs serve` does not rebuild in a loop. Text is UTF-8.
    The file is whole or untouched: a run stopped mid-write (the preview draws in the
    background) leaves no half-written output that a cache would take for a finished one."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    partial.write_bytes(data)
    partial.replace(path)
    return True


# Code ------------------------------------------------------------------------------------


def _module_file(name: str) -> Path | None:
    """The source file of a module of this package ('reportgen.render.figures')."""
    parts = name.split(".")[1:]
    for candidate in (PACKAGE.joinpath(*parts).with_suffix(".py"), PACKAGE.joinpath(*parts, "__init__.py")):
        if candidate.is_file():
            return candidate
    return None


@functools.lru_cache(maxsize=512)
def _imports(path: Path, stat: tuple[int, int]) -> tuple[str, ...]:
    """The package's modules that one file imports (at any depth of its code)."""
    names = []
    for node in ast.walk(ast.parse(path.read_bytes())):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names += [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
    return tuple(n for n in names if n == PACKAGE.name or n.startswith(PACKAGE.name + "."))


class _Package:
    """This package's files as this process last found them: the SHA-256 of each, the package
    folder each file that is not a module belongs to and, when asked, each module's imports of
    the package. Read again only when a file's size or time changed (a preview runs for hours);
    shared by the threads of a build."""

    lock = threading.Lock()
    listing: dict[Path, tuple[int, int]] | None = None  # file -> (size, time)
    shas: dict[Path, str] = {}
    owners: dict[Path, Path] = {}
    imports: dict[Path, tuple[str, ...]] | None = None

    @classmethod
    def read(cls, imports: bool = False) -> tuple[dict[Path, str], dict[Path, Path], dict[Path, tuple[str, ...]]]:
        """Every file of the package (code, catalogues, templates) with its digest; each file
        that is not a module with its package (the nearest folder with an __init__.py); with
        `imports`, each module's imports too. Parsing the modules cost each process that keys
        a step about four times what reading the table costs, so the table is kept in the one
        cache (code/) of the report being built, under a digest of the modules' bytes: an
        edited module is a new key, and the modules are parsed again."""
        found = sorted(p for p in PACKAGE.rglob("*") if p.suffix in CODE_SUFFIXES and "__pycache__" not in p.parts and p.is_file())
        listing = {p: (st.st_size, st.st_mtime_ns) for p in found for st in [p.stat()]}
        with cls.lock:
            if listing != cls.listing:
                packages = {p.parent for p in found if p.name == "__init__.py"} | {PACKAGE}
                cls.listing, cls.shas, cls.imports = listing, {p: sha(p.read_bytes()) for p in found}, None
                cls.owners = {p: next(d for d in p.parents if d in packages) for p in found if p.suffix != ".py"}
            if imports and cls.imports is None:
                cls.imports = _kept_imports({p: h for p, h in cls.shas.items() if p.suffix == ".py"}, listing)
            return cls.shas, cls.owners, cls.imports or {}


def _kept_imports(modules: dict[Path, str], stats: dict[Path, tuple[int, int]]) -> dict[Path, tuple[str, ...]]:
    from reportgen.config import PATHS  # the report this process builds

    names = {p.relative_to(PACKAGE).as_posix(): p for p in modules}
    key = digest(sorted((name, modules[p]) for name, p in names.items()))[:32]
    store = Store(PATHS.cache, "code")
    kept = store.get_json(key)
    if isinstance(kept, dict) and kept.keys() == names.keys() and all(isinstance(v, list) for v in kept.values()):
        return {names[name]: tuple(map(str, found)) for name, found in kept.items()}
    table = {p: _imports(p, stats[p]) for p in modules}
    if PATHS.cache.is_dir():  # only where a build keeps its cache: a command run elsewhere writes nothing
        with contextlib.suppress(OSError):
            store.put(key, json.dumps({p.relative_to(PACKAGE).as_posix(): found for p, found in table.items()}, sort_keys=True).encode())
            store.prune({key})
    return table


def closure(*modules) -> list[Path]:
    """Every source file of this package that `modules` (modules, or their files) import,
    directly or not, and the files kept beside them (a package's word catalogues, templates):
    computed, never listed by hand."""
    _, owners, table = _Package.read(imports=True)
    return _closure(owners, table, modules)


def _closure(owners: dict[Path, Path], table: dict[Path, tuple[str, ...]], modules) -> list[Path]:
    todo = [Path(getattr(m, "__file__", m)).resolve() for m in modules]  # a module, or its file
    seen: set[Path] = set()
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        found = table.get(path)
        if found is None:  # a file the package's listing does not hold
            st = path.stat()
            found = _imports(path, (st.st_size, st.st_mtime_ns))
        todo += [f for f in map(_module_file, found) if f is not None]
    packages = {p.parent for p in seen}
    beside = {f for f, owner in owners.items() if owner in packages}
    return sorted(seen | beside)


def code_digest(*modules) -> str:
    """Digest of the code behind `modules`: their import closure inside this package, with the
    files kept beside it, by content."""
    shas, owners, table = _Package.read(imports=True)
    return digest([(p.relative_to(PACKAGE).as_posix(), shas.get(p) or sha(p.read_bytes())) for p in _closure(owners, table, modules)])


def package_tree_digest() -> str:
    """Digest of every file of this package (code, catalogues, templates), standard library only."""
    return digest([(p.relative_to(PACKAGE).as_posix(), h) for p, h in _Package.read()[0].items()])


def versions(*distributions: str) -> list[str]:
    """Installed versions of the packages a step uses (a new one is a new input)."""
    return [f"{name}=={_version(name)}" for name in distributions]


@functools.cache
def _version(distribution: str) -> str:
    """Read once per process (each reading scans the whole path): a process runs the code it
    imported, whatever is installed over it meanwhile."""
    from importlib import metadata

    return metadata.version(distribution)


def fonts_digest() -> str:
    """The fonts installed where fontconfig and matplotlib find them, by name, size and time (a
    new or updated face draws differently); standard library only."""
    folders = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".local/share/fonts", Path.home() / ".fonts"]
    found = []
    for folder in folders:
        if folder.is_dir():
            for path in sorted(p for p in folder.rglob("*") if p.is_file()):
                st = path.stat()
                found.append((str(path), st.st_size, st.st_mtime_ns))
    return digest(found)


# Outputs -----------------------------------------------------------------------------------


class Cache:
    """Outputs written where the site reads them, each recorded with the key it was made with
    and the digest of its bytes, in one manifest. Paths are recorded relative to `root` (the
    project), so a copied or moved project keeps its cache."""

    def __init__(self, manifest: Path, root: Path):
        self.manifest, self.root = manifest, root
        try:
            entries = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):  # none yet, or unreadable: everything is made again
            entries = {}
        valid = isinstance(entries, dict)
        self.entries: dict[str, dict] = {k: v for k, v in entries.items() if isinstance(v, dict)} if valid else {}
        self.rendered: list[str] = []
        self.produced: set[str] = set()  # outputs this run wanted (made or found fresh)

    def name(self, path: Path) -> str:
        return Path(path).resolve().relative_to(self.root.resolve()).as_posix()

    def files(self) -> list[str]:
        """Every recorded output, as a path."""
        return [str(self.root / name) for name in self.entries]

    def _intact(self, name: str, key: str) -> bool:
        entry = self.entries.get(name)
        if not entry or entry.get("key") != key:
            return False
        try:
            return sha((self.root / name).read_bytes()) == entry.get("sha")
        except OSError:
            return False

    def fresh(self, paths: Iterable[Path], key: str) -> bool:
        """True when every path was made with this key and still holds the bytes then written."""
        names = [self.name(p) for p in paths]
        self.produced.update(names)
        return all(self._intact(name, key) for name in names)

    def store(self, path: Path, content: str | bytes, key: str) -> None:
        """Record one output (written only if its bytes changed)."""
        data = content.encode("utf-8") if isinstance(content, str) else content
        write_if_changed(path, data)
        name = self.name(path)
        self.entries[name] = {"key": key, "sha": sha(data)}
        self.produced.add(name)
        self.rendered.append(str(path))

    def ensure(self, outputs: dict[Path, Callable[[], str | bytes]], key: str) -> None:
        """Make `outputs` (path -> maker) unless all are intact with the same key."""
        if self.fresh(outputs, key):
            return
        for path, render in outputs.items():
            self.store(path, render(), key)

    def prune(self, folders: Iterable[Path]) -> list[str]:
        """Remove what no step produced in this run: recorded outputs it did not want, and files
        in the steps' own `folders` that nothing recorded. Returns the removed paths."""
        removed = {self.root / name for name in self.entries if name not in self.produced}
        self.entries = {name: entry for name, entry in self.entries.items() if name in self.produced}
        for folder in folders:
            if folder.is_dir():
                removed |= {p for p in folder.rglob("*") if p.is_file() and self.name(p) not in self.entries}
        for path in removed:
            path.unlink(missing_ok=True)
        return sorted(map(str, removed))

    def save(self) -> None:
        write_if_changed(self.manifest, json.dumps(self.entries, indent=1, sort_keys=True))


# Kept results ------------------------------------------------------------------------------


class Store:
    """One step's kept results: build/cache/<step>/<key>, each file its payload's SHA-256 on the
    first line, then the payload. `get` returns the payload only when it matches."""

    def __init__(self, root: Path, step: str):
        self.folder = root / step
        self.used: set[str] = set()

    def _path(self, key: str) -> Path:
        return self.folder / key

    def get(self, key: str) -> bytes | None:
        self.used.add(key)
        try:
            blob = self._path(key).read_bytes()
        except OSError:
            return None
        recorded, _, payload = blob.partition(b"\n")
        if recorded.decode("ascii", "replace") != sha(payload):
            self._path(key).unlink(missing_ok=True)  # damaged: made again, never used
            return None
        return payload

    def put(self, key: str, payload: bytes) -> None:
        self.used.add(key)
        write_if_changed(self._path(key), sha(payload).encode("ascii") + b"\n" + payload)

    def get_json(self, key: str) -> Any:
        """A kept JSON value; None when there is none, or it is damaged or not JSON."""
        payload = self.get(key)
        try:
            return json.loads(payload) if payload is not None else None
        except ValueError:
            return None

    def get_tree(self, key: str, dest: Path) -> bool:
        """A kept folder, unpacked into `dest`; False when there is none or it is damaged."""
        payload = self.get(key)
        if payload is None:
            return False
        try:
            with tarfile.open(fileobj=io.BytesIO(payload)) as archive:
                archive.extractall(dest, filter="data")
        except (tarfile.TarError, OSError, ValueError):
            self._path(key).unlink(missing_ok=True)
            return False
        return True

    def put_tree(self, key: str, src: Path) -> None:
        """Keep a folder (its files, sorted, without owners or times)."""
        out = io.BytesIO()
        with tarfile.open(fileobj=out, mode="w") as archive:
            for path in sorted(p for p in src.rglob("*") if p.is_file()):
                info = tarfile.TarInfo(path.relative_to(src).as_posix())
                info.size, info.mode = path.stat().st_size, 0o644
                archive.addfile(info, io.BytesIO(path.read_bytes()))
        self.put(key, out.getvalue())

    def entries(self) -> list[str]:
        return sorted(p.name for p in self.folder.iterdir() if p.is_file()) if self.folder.is_dir() else []

    def prune(self, keep: Iterable[str] | None = None) -> int:
        """Remove entries other than `keep` (default: what this run used); returns how many."""
        wanted = set(self.used if keep is None else keep)
        stale = [p for p in self.folder.iterdir() if p.is_file() and p.name not in wanted] if self.folder.is_dir() else []
        for path in stale:
            path.unlink(missing_ok=True)
        return len(stale)


# One build at a time ----------------------------------------------------------------------

# Set for the site step's process: its parent holds the lock for it.
HELD = "REPORTGEN_BUILD_LOCK_HELD"

_held = threading.local()


@contextlib.contextmanager
def build_lock(paths) -> Iterator[None]:
    """Hold the checkout's build lock (re-entrant in a process; given to a child by HELD)."""
    if getattr(_held, "depth", 0) or os.environ.get(HELD) == str(paths.root):
        _held.depth = getattr(_held, "depth", 0) + 1
        try:
            yield
        finally:
            _held.depth -= 1
        return
    paths.cache.mkdir(parents=True, exist_ok=True)
    with (paths.cache / "build.lock").open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print("reportgen: another build is running in this checkout; waiting for it to finish", file=sys.stderr, flush=True)
            fcntl.flock(handle, fcntl.LOCK_EX)
        _held.depth = 1
        try:
            yield
        finally:
            _held.depth = 0
            fcntl.flock(handle, fcntl.LOCK_UN)
