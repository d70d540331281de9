"""Read data/*.yaml keeping the line and column of every key and value.

ruamel's round-trip loader records positions, which pydantic's error paths are
mapped back onto, so every message points at the exact spot in the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.constructor import DuplicateKeyError

from .problems import Problem


@dataclass
class RawData:
    """The parsed YAML documents, by file stem, with their positions."""

    root: Path
    docs: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def rel(self, stem: str) -> str:
        return f"data/{stem}.yaml"

    def locate(self, stem: str, loc: tuple, on_key: bool = False) -> tuple[int, int]:
        """1-based (line, col) of the node at `loc`, or of its nearest existing ancestor."""
        node, line, col = self.docs.get(stem), 1, 1
        for part in loc:
            if isinstance(node, CommentedMap) and part in node:
                line, col = node.lc.key(part) if on_key else node.lc.value(part)
                node = node[part]
            elif isinstance(node, CommentedSeq) and isinstance(part, int) and part < len(node):
                line, col = node.lc.item(part)
                node = node[part]
            else:
                break
            line, col = line + 1, col + 1
        return line, col


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    return yaml


def read_file(path: Path, stem: str, raw: RawData) -> None:
    """Parse one file into `raw`, recording a problem instead of raising."""
    rel = raw.rel(stem)
    if not path.exists():
        raw.problems.append(Problem(rel, 1, 1, "", f"file is missing (expected data/{stem}.yaml with key '{stem}')"))
        return
    blob = path.read_bytes()
    try:
        text = blob.decode("utf-8")
    except UnicodeDecodeError as err:
        before = blob[: err.start]
        line = before.count(b"\n") + 1
        col = err.start - (before.rfind(b"\n") + 1) + 1
        raw.problems.append(Problem(rel, line, col, "", f"file is not UTF-8 (expected UTF-8 text, got byte 0x{blob[err.start]:02x}); re-save it as UTF-8"))
        return
    try:
        doc = _yaml().load(text)
    except (MarkedYAMLError, DuplicateKeyError) as err:
        mark = err.problem_mark or err.context_mark
        what = " ".join(str(err.problem or err.context or "invalid YAML").split())
        context = f" {err.context}" if err.context and err.problem else ""
        raw.problems.append(Problem(rel, mark.line + 1, mark.column + 1, "", f"YAML syntax error: {what}{context}"))
        return
    if not isinstance(doc, CommentedMap) or stem not in doc:
        got = "an empty file" if doc is None else f"keys {sorted(map(str, doc))}" if isinstance(doc, dict) else type(doc).__name__
        raw.problems.append(Problem(rel, 1, 1, "", f"expected a top-level key '{stem}', got {got}"))
        return
    for extra in doc:
        if extra != stem:
            line, col = doc.lc.key(extra)
            raw.problems.append(Problem(rel, line + 1, col + 1, str(extra), f"unknown top-level key (expected only '{stem}', got '{extra}')"))
    raw.docs[stem] = doc


def read_data(root: Path, stems: list[str]) -> RawData:
    raw = RawData(root)
    for stem in stems:
        read_file(root / f"{stem}.yaml", stem, raw)
    return raw
