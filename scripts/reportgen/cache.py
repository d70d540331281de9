"""Content-hash cache: an output is rendered again only when the hash of its inputs
(data it uses, the code that renders it) differs from the one recorded last time."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, Callable


def digest(*parts: Any) -> str:
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str).encode()
    return hashlib.sha256(blob).hexdigest()


def code_digest(*modules) -> str:
    return digest(*[Path(m.__file__).read_text(encoding="utf-8") for m in modules])


def write_if_changed(path: Path, content: str) -> bool:
    """Write only real changes, so `mkdocs serve` does not rebuild in a loop."""
    if path.exists() and path.read_text(encoding="utf-8") == content:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    return True


class Cache:
    def __init__(self, manifest: Path):
        self.manifest = manifest
        self.entries: dict[str, str] = json.loads(manifest.read_text()) if manifest.exists() else {}
        self.rendered: list[str] = []

    def ensure(self, outputs: dict[Path, Callable[[], str]], key: str) -> None:
        """Render `outputs` (path -> renderer) unless all exist with the same key."""
        names = sorted(str(p) for p in outputs)
        if all(self.entries.get(n) == key and Path(n).exists() for n in names):
            return
        for path, render in outputs.items():
            write_if_changed(path, render())
            self.entries[str(path)] = key
            self.rendered.append(str(path))

    def save(self) -> None:
        self.manifest.parent.mkdir(parents=True, exist_ok=True)
        write_if_changed(self.manifest, json.dumps(self.entries, indent=1, sort_keys=True))
