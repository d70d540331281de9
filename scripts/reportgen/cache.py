"""Content-hash cache: an output is rendered again only when the hash of its inputs
(data it uses, the code that renders it) differs from the one recorded last time."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any


def digest(*parts: Any) -> str:
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str).encode()
    return hashlib.sha256(blob).hexdigest()


def code_digest(*modules) -> str:
    return digest(*[Path(m.__file__).read_text(encoding="utf-8") for m in modules])


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


class Cache:
    """Outputs and the keys they were rendered with, in `manifest`. Paths are recorded relative
    to `root` (the project), so a copied or moved project keeps its cache."""

    def __init__(self, manifest: Path, root: Path):
        self.manifest, self.root = manifest, root
        try:
            self.entries: dict[str, str] = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):  # none yet, or unreadable: everything is rendered again
            self.entries = {}
        self.rendered: list[str] = []

    def name(self, path: Path) -> str:
        return Path(path).relative_to(self.root).as_posix()

    def files(self) -> list[str]:
        """Every recorded output, as a path."""
        return [str(self.root / name) for name in self.entries]

    def fresh(self, paths, key: str) -> bool:
        """True when every path exists and was rendered with this key."""
        return all(self.entries.get(self.name(p)) == key and os.path.exists(p) for p in paths)

    def store(self, path: Path, content: str | bytes, key: str) -> None:
        """Record one rendered output (written only if its bytes changed)."""
        write_if_changed(path, content)
        self.entries[self.name(path)] = key
        self.rendered.append(str(path))

    def ensure(self, outputs: dict[Path, Callable[[], str | bytes]], key: str) -> None:
        """Render `outputs` (path -> renderer) unless all exist with the same key."""
        if self.fresh(outputs, key):
            return
        for path, render in outputs.items():
            self.store(path, render(), key)

    def save(self) -> None:
        write_if_changed(self.manifest, json.dumps(self.entries, indent=1, sort_keys=True))
