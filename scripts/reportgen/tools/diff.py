"""`make diff BASE=<ref>`: what a change to data/ does, in Markdown, for reviewers.

data/ at a git ref (read with `git show <ref>:./data/<stem>.yaml` into a temporary
directory) is compared with data/ in the working tree. Indicators get one entry each:
added, removed, or changed, with the old and new value as readers will see it in
every language, plus the raw value and unit, and every other changed field (labels,
quotes, sources...). The other collections get a count of added/removed/changed ids.

A side that does not validate is reported and diffed as far as its entries parse.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from reportgen.config import Paths
from reportgen.i18n.localize import localizer
from reportgen.languages import for_tools
from reportgen.model.dataset import FILES, Dataset
from reportgen.model.problems import Problem
from reportgen.model.schema import Indicator
from reportgen.model.site import Site
from reportgen.query.history import VALUE_FIELDS, export_data, load_lenient
from reportgen.query.history import by_id as _by_id
from reportgen.query.history import changed_fields as _changed_fields
from reportgen.query.history import rev as _rev

MAX_IDS = 12  # ids listed per collection in the summary table
COLLECTIONS = ("sources", "cities", "meetings", "entities", "lists", "discrepancies", "glossary", "figures", "tables")


class UnknownRef(Exception):
    """The base ref does not name a commit of the repository."""


def default_base(root: Path) -> str:
    """`origin/main` when the repository has it, else `HEAD`."""
    return "origin/main" if _rev(root, "origin/main") else "HEAD"


def _unparsed(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Stems that cannot be compared because one side does not parse."""
    return [stem for stem in FILES if stem not in old or stem not in new]


def _md(text: Any) -> str:
    """A data value as inline Markdown: text quoted, markup neutralised."""
    if text is None:
        return "(none)"
    if isinstance(text, str):
        return "“" + text.replace("<", "&lt;").replace("\n", " ") + "”"
    if isinstance(text, list):
        return ", ".join(map(str, text)) or "(empty)"
    return str(text)


def raw_value(ind: Indicator) -> str:
    """The stored value in its canonical unit: '1000000000000 yuan'."""
    number = int(ind.value) if float(ind.value).is_integer() else ind.value
    return f"{number} {ind.unit}"


def _formatted(locs: dict, ind: Indicator) -> dict[str, str]:
    return {code: loc.value(ind) for code, loc in locs.items()}


def _label(ind: Indicator) -> str:
    return " / ".join(ind.label.root.values())


def _indicator_section(old: dict[str, Indicator], new: dict[str, Indicator], locs: dict) -> list[str]:
    added = [i for k, i in new.items() if k not in old]
    removed = [i for k, i in old.items() if k not in new]
    changed = [(old[k], i) for k, i in new.items() if k in old and old[k] != i]
    lines = ["## Indicators", "", f"{len(added)} added, {len(removed)} removed, {len(changed)} changed."]
    if added:
        lines += ["", "### Added", ""]
        for ind in added:
            shown = _formatted(locs, ind)
            values = " · ".join(f"{shown[code]} ({code})" for code in locs)
            lines.append(f"- `{ind.id}` ({ind.city}, {ind.kind}, {ind.period}) {_label(ind)}: {values}; raw {raw_value(ind)}")
    if removed:
        lines += ["", "### Removed", ""]
        for ind in removed:
            was = _formatted(locs, ind)[for_tools([loc.lang for loc in locs.values()]).code]
            lines.append(f"- `{ind.id}` ({ind.city}) {_label(ind)}: was {was}; raw {raw_value(ind)}")
    if changed:
        lines += ["", "### Changed", ""]
        for before, after in changed:
            lines.append(f"- `{after.id}` {_label(after)}")
            if any(getattr(before, f) != getattr(after, f) for f in VALUE_FIELDS):
                was, now = _formatted(locs, before), _formatted(locs, after)
                for code in locs:
                    lines.append(f"  - value ({code}): {was[code]} -> {now[code]}")
                lines.append(f"  - value (raw): {raw_value(before)} -> {raw_value(after)}")
            for key, was_field, now_field in _changed_fields(before, after, skip=VALUE_FIELDS):
                lines.append(f"  - {key}: {_md(was_field)} -> {_md(now_field)}")
    return lines


def _collections_section(base: dict[str, Any], head: dict[str, Any]) -> list[str]:
    """Files that did not parse on one side are already gone from both `base` and `head`."""
    rows, totals = [], [0, 0, 0]
    for stem in COLLECTIONS:
        old, new = _by_id(base.get(stem, [])), _by_id(head.get(stem, []))
        added = [k for k in new if k not in old]
        removed = [k for k in old if k not in new]
        changed = [k for k in new if k in old and old[k] != new[k]]
        for n, found in enumerate((added, removed, changed)):
            totals[n] += len(found)
        if added or removed or changed:
            marked = [f"+`{k}`" for k in added] + [f"−`{k}`" for k in removed] + [f"~`{k}`" for k in changed]
            ids = ", ".join(marked[:MAX_IDS]) + (f", … ({len(marked) - MAX_IDS} more)" if len(marked) > MAX_IDS else "")
            rows.append(f"| `{stem}.yaml` | {len(added)} | {len(removed)} | {len(changed)} | {ids} |")
    lines = ["## Other data", "", f"{totals[0]} added, {totals[1]} removed, {totals[2]} changed ({', '.join(COLLECTIONS)})."]
    if rows:
        lines += ["", "| File | Added | Removed | Changed | Ids (+ added, − removed, ~ changed) |", "| --- | --- | --- | --- | --- |", *rows]
    site_old, site_new = base.get("site"), head.get("site")
    if site_old != site_new:
        if isinstance(site_old, BaseModel) and isinstance(site_new, BaseModel):
            keys = ", ".join(f"`{k}`" for k, _, _ in _changed_fields(site_old, site_new))
        else:
            keys = "(one side does not validate)"
        lines += ["", f"`site.yaml` changed: {keys}."]
    return lines


def _problems_note(side: str, problems: list[Problem]) -> list[str]:
    if not problems:
        return []
    first = "\n".join(f"    {p}" for p in problems[:10])
    more = f"\n    ... and {len(problems) - 10} more" if len(problems) > 10 else ""
    return [
        f"> **Warning:** data/ at {side} does not validate ({len(problems)} problem(s)); only the entries that parse are compared.",
        "",
        first + more,
        "",
    ]


def _localizers(*sides: dict[str, Any]) -> dict:
    """One localizer per language; only `site` (OpenCC settings) is read from the dataset."""
    site = next((s["site"] for s in sides if isinstance(s.get("site"), Site)), None)
    site = site or Site.model_construct(opencc_profile="s2t", opencc_phrases={})
    dataset = Dataset.model_construct(site=site)
    return {lang.code: localizer(lang.code, dataset) for lang in dataset.site.languages}


def diff_markdown(paths: Paths, base: str | None = None) -> str:
    """The Markdown report comparing data/ at `base` with data/ in the working tree."""
    ref = base or default_base(paths.root)
    commit = _rev(paths.root, ref)
    if not commit:
        raise UnknownRef(f"reportgen diff: unknown git ref '{ref}' (expected a branch, tag or commit of the repository at {paths.root})")
    with tempfile.TemporaryDirectory(prefix="reportgen-diff-") as tmp:
        export_data(paths.root, commit, Path(tmp))
        old, old_problems = load_lenient(Path(tmp))
    new, new_problems = load_lenient(paths.data)
    lines = [f"Base: `{ref}` ({commit[:10]}) → working tree.", ""]
    lines += _problems_note(f"`{ref}`", old_problems) + _problems_note("the working tree", new_problems)
    skipped = _unparsed(old, new)
    if skipped:
        lines += [f"Not compared, as they do not parse on one side: {', '.join(f'`data/{s}.yaml`' for s in skipped)}.", ""]
        old = {k: v for k, v in old.items() if k not in skipped}
        new = {k: v for k, v in new.items() if k not in skipped}
    if "indicators" not in skipped:
        lines += _indicator_section(_by_id(old["indicators"]), _by_id(new["indicators"]), _localizers(new, old)) + [""]
    lines += _collections_section(old, new)
    return "\n".join(lines) + "\n"
