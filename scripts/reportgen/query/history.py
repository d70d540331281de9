"""The data's history as readers see it: each edition's data read from its git tag, compared with
the edition before it record by record (values, labels, citations, records added or removed),
each change with the reason recorded for it, else the commit message.

Models are compared, not YAML, so a change of layout or schema that reads the same is no change.
`make diff` (tools/diff.py) and the Changes page share this comparison. A tag that the checkout
lacks (no history, a shallow clone) is named in `History.missing`; the build says so and goes on.
"""

from __future__ import annotations

import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from reportgen.model.dataset import FILES, Dataset
from reportgen.model.editions import Edition
from reportgen.model.problems import Problem
from reportgen.model.schema import Text
from reportgen.model.validate import read_and_validate

# Fields whose change shows up as a change of the formatted value.
VALUE_FIELDS = ("value", "unit", "qualifier", "counter")
# What readers see as records, in the order the Changes page lists them.
COLLECTIONS = ("indicators", "entities", "lists", "findings", "discrepancies", "glossary", "cities", "meetings", "sources", "figures", "tables")


def git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    """git's answer; a machine without git answers like a failed command."""
    try:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, check=False)
    except FileNotFoundError:
        return subprocess.CompletedProcess(["git", *args], 127, b"", b"git: not found")


def rev(root: Path, ref: str) -> str | None:
    """The commit `ref` names, or None (no such ref, no repository, no git)."""
    result = git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    return result.stdout.decode().strip() or None if result.returncode == 0 else None


def export_data(root: Path, ref: str, dest: Path) -> None:
    """Write data/<stem>.yaml as of `ref` into `dest` (files absent at `ref` are left out)."""
    dest.mkdir(parents=True, exist_ok=True)
    for stem in FILES:
        shown = git(root, "show", f"{ref}:./data/{stem}.yaml")
        if shown.returncode == 0:
            (dest / f"{stem}.yaml").write_bytes(shown.stdout)


def load_lenient(data_dir: Path) -> tuple[dict[str, Any], list[Problem]]:
    """Every collection by stem, and the problems found; invalid entries are left out."""
    raw, valid = read_and_validate(data_dir)
    if not raw.problems:
        dataset = Dataset(**valid)
        return {stem: getattr(dataset, stem) for stem in FILES}, []
    for stem in FILES:  # a file that does not exist (yet) is empty; one that does not parse is absent
        if not (data_dir / f"{stem}.yaml").exists():
            valid.setdefault(stem, None if stem == "site" else [])
    return valid, raw.problems


def by_id(entries: list | None) -> dict[str, BaseModel]:
    return {entry.id: entry for entry in entries or []}


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """{'label': {'zh': 'x'}, 'cite': [{'quote': 'q'}]} -> {'label.zh': 'x', 'cite[0].quote': 'q'}."""
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            out |= flatten(item, f"{prefix}.{key}" if prefix else str(key))
        return out
    if isinstance(value, list) and any(isinstance(item, (dict, list)) for item in value):
        out = {}
        for index, item in enumerate(value):
            out |= flatten(item, f"{prefix}[{index}]")
        return out
    return {prefix: value}


def fields(entry: BaseModel) -> dict[str, Any]:
    return {k: v for k, v in flatten(entry.model_dump(by_alias=True, mode="json")).items() if v is not None}


def top(key: str) -> str:
    """'cite[0].quote' -> 'cite'."""
    return key.split(".")[0].split("[")[0]


def changed_fields(old: BaseModel, new: BaseModel, skip: tuple[str, ...] = ()) -> list[tuple[str, Any, Any]]:
    before, after = fields(old), fields(new)
    keys = list(dict.fromkeys([*before, *after]))
    return [(key, before.get(key), after.get(key)) for key in keys if before.get(key) != after.get(key) and top(key) not in skip]


@dataclass(frozen=True)
class Change:
    """One record added, removed or changed; `fields` are its changed fields (flattened keys)."""

    collection: str
    id: str
    kind: str  # added, removed, changed
    before: BaseModel | None
    after: BaseModel | None
    fields: tuple[tuple[str, Any, Any], ...] = ()
    reason: Text | None = None

    @property
    def value_changed(self) -> bool:
        return self.collection == "indicators" and self.kind == "changed" and any(top(k) in VALUE_FIELDS for k, _, _ in self.fields)

    @property
    def anchor(self) -> str:
        return f"{self.collection}-{self.id}"


@dataclass(frozen=True)
class EditionChanges:
    """An edition and what changed since the one before it (`first`: there was none)."""

    edition: Edition
    changes: tuple[Change, ...]
    first: bool
    message: str = ""  # the commit message, for changes with no recorded reason
    previous: dict[str, Any] | None = None  # the data of the edition before, by collection


@dataclass
class History:
    editions: list[EditionChanges] = field(default_factory=list)  # newest first
    missing: list[str] = field(default_factory=list)  # tags the repository lacks

    def line(self) -> str | None:
        """The build's one line when it lacks history, else None."""
        if not self.missing:
            return None
        return f"changes: no git history for {', '.join(self.missing)}; the Changes page lists none"

    def removed(self, collection: str) -> list[tuple[int, Change]]:
        """Records of `collection` removed in the latest edition, each with the place it stood: how
        many of the records before it remain (the pages' notes, for one edition)."""
        latest = self.editions[0] if self.editions and not self.editions[0].first else None
        if latest is None or latest.previous is None:
            return []
        gone = {c.id: c for c in latest.changes if c.collection == collection and c.kind == "removed"}
        order = [entry.id for entry in latest.previous.get(collection) or []]
        return [(sum(1 for other in order[:index] if other not in gone), gone[key]) for index, key in enumerate(order) if key in gone]

    def revised(self) -> dict[str, Change]:
        """Indicator id -> its value change in the latest edition (the pages' revised marks)."""
        latest = self.editions[0] if self.editions and not self.editions[0].first else None
        return {c.id: c for c in latest.changes if c.value_changed} if latest else {}


def diff(old: dict[str, Any], new: dict[str, Any], edition: Edition) -> tuple[Change, ...]:
    """Every record of COLLECTIONS added, removed or changed from `old` to `new`."""
    out = []
    for stem in COLLECTIONS:
        before, after = by_id(old.get(stem)), by_id(new.get(stem))
        for key in [*after, *(k for k in before if k not in after)]:
            was, now = before.get(key), after.get(key)
            if was is None or now is None:
                out.append(Change(stem, key, "added" if was is None else "removed", was, now, (), _reason(edition, key, ())))
            elif was != now:
                found = tuple(changed_fields(was, now))
                if found:
                    out.append(Change(stem, key, "changed", was, now, found, _reason(edition, key, found)))
    return tuple(out)


def _reason(edition: Edition, record: str, found: tuple) -> Text | None:
    for correction in edition.corrections:
        if correction.id == record and (correction.field is None or not found or any(top(k) == correction.field for k, _, _ in found)):
            return correction.reason
    return None


_LOADED: dict[str, tuple[dict[str, Any], list[Problem]]] = {}  # commit -> its data and problems, once per process (the preview rebuilds)


def _loaded(root: Path, commit: str) -> tuple[dict[str, Any], list[Problem]]:
    if commit not in _LOADED:
        with tempfile.TemporaryDirectory(prefix="reportgen-edition-") as tmp:
            export_data(root, commit, Path(tmp))
            _LOADED[commit] = load_lenient(Path(tmp))
    return _LOADED[commit]


def data_at(root: Path, commit: str) -> dict[str, Any]:
    """The data at `commit`, as far as it validates."""
    return _loaded(root, commit)[0]


def dataset_at(root: Path, commit: str) -> Dataset | None:
    """The whole data at `commit` when it validates, else None."""
    data, problems = _loaded(root, commit)
    return None if problems else Dataset(**data)


def missing_line(root: Path, data: Path) -> str | None:
    """The line a build starts with when the repository lacks an earlier edition's tag, read from
    data/editions.yaml before data/ is validated (History.line says the same after)."""
    try:
        editions = yaml.safe_load((data / "editions.yaml").read_text(encoding="utf-8"))["editions"]
    except (OSError, yaml.YAMLError, KeyError, TypeError):
        return None
    tags = [str(e.get("tag")) for e in editions[:-1] if isinstance(e, dict)] if isinstance(editions, list) else []
    return History(missing=[tag for tag in tags if rev(root, tag) is None]).line()


_LAST: list = []  # (root, dataset, History): the one build's, asked for by every page and language


def history(root: Path, dataset: Dataset) -> History:
    """history_of(), once per build (the same dataset object)."""
    if not (_LAST and _LAST[0] == root and _LAST[1] is dataset):
        _LAST[:] = [root, dataset, history_of(root, dataset)]
    return _LAST[2]


def history_of(root: Path, dataset: Dataset) -> History:
    """Each edition of `dataset.editions` against the one before: the latest is the data being
    built (data/), the others are read from their tags."""
    editions, out = dataset.editions, History()
    commits = {e.tag: rev(root, e.tag) for e in editions[:-1]}
    out.missing = [tag for tag, commit in commits.items() if commit is None]
    if out.missing:
        return History([EditionChanges(e, (), first=i == 0) for i, e in enumerate(editions)][::-1], out.missing)
    current = {stem: getattr(dataset, stem) for stem in FILES}
    previous: dict[str, Any] | None = None
    for index, edition in enumerate(editions):
        data = current if index == len(editions) - 1 else data_at(root, commits[edition.tag])
        message = ""
        if previous is not None:
            ref = commits.get(edition.tag) or ("HEAD" if rev(root, edition.tag) is None else edition.tag)
            message = git(root, "log", "-1", "--format=%s", ref, "--", "data").stdout.decode(errors="replace").strip()
        changes = diff(previous, data, edition) if previous is not None else ()
        out.editions.append(EditionChanges(edition, changes, previous is None, message, previous))
        previous = data
    out.editions.reverse()
    return out
