"""Read data/*.yaml, with the line and column of every key and value when needed.

The fast path parses with libyaml (PyYAML's C loader); only when a problem is found
is the data read again with ruamel's round-trip loader, which records positions that
pydantic's error paths are mapped back onto, so every message points at the exact spot.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml as pyyaml
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


class _FastLoader(getattr(pyyaml, "CSafeLoader", pyyaml.SafeLoader)):
    """libyaml parser; duplicate keys are an error here as in the precise pass."""

    def construct_mapping(self, node, deep=False):
        keys = [self.construct_object(k, deep=deep) for k, _ in node.value]
        if len(keys) != len(set(map(str, keys))):
            raise pyyaml.constructor.ConstructorError(None, None, "duplicate key", node.start_mark)
        return super().construct_mapping(node, deep=deep)


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    return yaml


def read_file(path: Path, stem: str, raw: RawData, positions: bool) -> None:
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
    if not positions:
        try:
            doc = pyyaml.load(text, Loader=_FastLoader)  # noqa: S506 - a safe loader
        except pyyaml.YAMLError:
            raw.problems.append(Problem(rel, 1, 1, "", "YAML error"))  # located by the precise pass
            return
        if not isinstance(doc, dict) or list(doc) != [stem]:
            raw.problems.append(Problem(rel, 1, 1, "", "unexpected top level"))
            return
        raw.docs[stem] = doc
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


def read_data(root: Path, stems: list[str], positions: bool = True) -> RawData:
    raw = RawData(root)
    for stem in stems:
        read_file(root / f"{stem}.yaml", stem, raw, positions)
    return raw
