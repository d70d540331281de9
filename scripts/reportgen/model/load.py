"""Read data/*.yaml into Python values, keeping the node tree for positions.

One pass with libyaml (PyYAML's C parser): the composed node tree gives the line and
column of every key and value, and is kept so that a problem found later costs only
its own lookup, never a second read. Dates stay text (pydantic checks them, with a
position), and a syntax error is told in plain words where the problem starts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from reportgen.model.problems import Problem
from reportgen.model.yaml_errors import SAFE_LOADER, explain

_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class _Loader(SAFE_LOADER):
    """libyaml, safe tags only; a duplicate key is an error; dates are left as text,
    so an impossible one (2026-02-30) becomes a located message, not a crash."""

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP] for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def construct_mapping(self, node, deep=False):
        seen: dict[str, yaml.Node] = {}
        for key_node, _ in node.value:
            key = str(self.construct_object(key_node, deep=deep))
            if key in seen:
                first = seen[key].start_mark
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key '{key}' (first at {first.line + 1}:{first.column + 1})", key_node.start_mark
                )
            seen[key] = key_node
        return super().construct_mapping(node, deep=deep)


# YAML 1.2 reads 1e308 as a number; PyYAML's YAML 1.1 rules would read it as text.
_Loader.add_implicit_resolver("tag:yaml.org,2002:float", re.compile(r"^[-+]?(\d+(\.\d*)?|\.\d+)[eE][-+]?\d+$"), list("-+0123456789."))


@dataclass
class RawData:
    """The parsed YAML documents by file stem, their node trees, and the problems found."""

    root: Path
    docs: dict[str, Any] = field(default_factory=dict)
    nodes: dict[str, yaml.Node] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def rel(self, stem: str) -> str:
        return f"data/{stem}.yaml"

    def locate(self, stem: str, loc: tuple, on_key: bool = False) -> tuple[int, int]:
        """1-based (line, col) of the node at `loc`, or of its nearest existing ancestor."""
        node = self.nodes.get(stem)
        if node is None:
            return 1, 1
        mark = node.start_mark
        for part in loc:
            if isinstance(node, yaml.MappingNode):
                pair = next(((k, v) for k, v in node.value if k.value == str(part)), None)
                if pair is None:
                    break
                mark = (pair[0] if on_key else pair[1]).start_mark
                node = pair[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
                node = node.value[part]
                mark = node.start_mark
            else:
                break
        return mark.line + 1, mark.column + 1


def _decode(blob: bytes, rel: str) -> str | Problem:
    try:
        return blob.decode("utf-8")
    except UnicodeDecodeError as err:
        before = blob[: err.start]
        line = before.count(b"\n") + 1
        col = err.start - (before.rfind(b"\n") + 1) + 1
        return Problem(rel, line, col, "", f"file is not UTF-8 (expected UTF-8 text, got byte 0x{blob[err.start]:02x}); re-save it as UTF-8")


def read_file(path: Path, stem: str, raw: RawData) -> None:
    """Parse one file into `raw`, recording a problem instead of raising."""
    rel = raw.rel(stem)
    if path.is_symlink() and raw.root.resolve().parent not in path.resolve().parents:
        raw.problems.append(Problem(rel, 1, 1, "", f"links to a file outside the repository ({path.resolve()}); data must be files of the repository"))
        return
    if not path.exists():
        raw.problems.append(Problem(rel, 1, 1, "", f"file is missing (expected data/{stem}.yaml with key '{stem}')"))
        return
    text = _decode(path.read_bytes(), rel)
    if isinstance(text, Problem):
        raw.problems.append(text)
        return
    marks = [
        Problem(
            rel,
            text.count("\n", 0, at) + 1,
            at - text.rfind("\n", 0, at),
            "",
            "a byte-order mark (U+FEFF, invisible) inside the file (expected none but at its very start); delete it",
        )
        for at in (m.start() for m in re.finditer("\ufeff", text))
        if at > 0
    ]
    if marks:  # it would read as part of a key or an indentation: named where it is, nothing else guessed
        raw.problems += marks
        return
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        doc = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as err:
        line, col, message = explain(err, text)
        raw.problems.append(Problem(rel, line, col, "", message))
        return
    except yaml.reader.ReaderError as err:  # a character YAML may not hold (NUL, other controls, lone surrogates)
        # libyaml counts bytes of UTF-8, PyYAML characters.
        before = text.encode("utf-8")[: err.position].decode("utf-8", "ignore") if err.encoding != "unicode" else text[: err.position]
        line, col = before.count("\n") + 1, len(before) - before.rfind("\n")
        raw.problems.append(
            Problem(
                rel,
                line,
                col,
                "",
                f"character U+{err.character:04X} is not allowed in YAML (expected printable text, got a control or non-character code); delete it",
            )
        )
        return
    finally:
        loader.dispose()
    if not isinstance(doc, dict) or stem not in doc:
        got = "an empty file" if doc is None else f"keys {sorted(map(str, doc))}" if isinstance(doc, dict) else type(doc).__name__
        raw.problems.append(Problem(rel, 1, 1, "", f"expected a top-level key '{stem}', got {got}"))
        return
    raw.docs[stem], raw.nodes[stem] = doc, node
    for key_node, _ in node.value:
        if key_node.value != stem:
            mark = key_node.start_mark
            raw.problems.append(
                Problem(rel, mark.line + 1, mark.column + 1, key_node.value, f"unknown top-level key (expected only '{stem}', got '{key_node.value}')")
            )


def read_data(root: Path, stems: list[str]) -> RawData:
    raw = RawData(root)
    for stem in stems:
        read_file(root / f"{stem}.yaml", stem, raw)
    return raw
