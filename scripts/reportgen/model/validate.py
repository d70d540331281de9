"""Validate the raw YAML against the schema, then check cross-references.

Every problem is collected, never raised early, so one run lists them all.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from reportgen.languages import CODE_PATTERN
from reportgen.model.comparisons import chart_rule_problems, finding_problems, source_problems
from reportgen.model.dataset import EXTRA_FILES, FILES, Dataset
from reportgen.model.editions import edition_problems
from reportgen.model.load import RawData, read_data, read_file
from reportgen.model.problems import DataError, Problem
from reportgen.model.schema import FILE_NAME_PATTERN, HTTPS_PATTERN, ID_PATTERN, PERIOD_PATTERN
from reportgen.model.selection import EntityPicker, Selector
from reportgen.model.texts import attribute_problems, text_problems

_SINGULAR = {
    "sources": "source",
    "cities": "city",
    "indicators": "indicator",
    "entities": "entity",
    "lists": "list",
    "topics": "topic",
    "entity_types": "entity type",
    "quantities": "quantity",
    "units": "unit",
}
# Where the known ids of a reference live: a file's entries, or a vocabulary declared in site.yaml.
_VOCABULARIES = ("topics", "entity_types", "quantities", "units")
# Collections whose ids meet on a page, as footnotes ([^id] and [^e-id]): one namespace.
SHARED_IDS = ("indicators", "entities")
_ID_HINT = "an id of lower-case ASCII words joined by '-' (e.g. fund-size-2026)"
_PERIOD_HINT = "a year '2026' or range '2026-2030', optionally followed by ' (annual)', or current, cumulative, unspecified"
# What a text that fails a schema pattern was meant to be, and how to write it.
_PATTERN_HINTS = {
    ID_PATTERN: ("invalid id", _ID_HINT),
    PERIOD_PATTERN: ("invalid period", _PERIOD_HINT),
    FILE_NAME_PATTERN: ("invalid file name", "the name of a file in site.yaml's sources_folder, with no folder or '..'"),
    CODE_PATTERN: ("invalid language", "a language code such as zh, zh-Hant, en or ja"),
    HTTPS_PATTERN: ("invalid address", "an https:// address"),
}
# What each figure kind can draw of the indicators it selects; a figure with none draws nothing.
_DRAWABLE = {
    "dumbbell": ("targets with a baseline", lambda i: i.baseline is not None),
    "growth": ("targets with a baseline", lambda i: i.baseline is not None),
}


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value if not isinstance(value, str) else str(value))


def _message(err: dict, model: type[BaseModel], loc: tuple) -> str:
    """Turn a pydantic error into 'what is wrong (expected ..., got ...)'."""
    kind, got = err["type"], err.get("input")
    if kind == "missing":
        return "missing required field (expected a value, got nothing)"
    if kind == "extra_forbidden":
        allowed = _allowed_fields(model, loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        return f"unknown field (expected one of: {', '.join(allowed)}; got '{loc[-1]}'){hint}"
    if kind == "string_pattern_mismatch":
        pattern = err.get("ctx", {}).get("pattern")
        what, hint = _PATTERN_HINTS.get(pattern, ("invalid format", f"text matching {pattern}"))
        narrow = unicodedata.normalize("NFKC", got) if isinstance(got, str) else got
        if narrow != got and isinstance(narrow, str) and re.fullmatch(pattern, narrow):  # full-width look-alikes
            return f"{what} (expected {hint}, got {_describe(got)} in full-width characters); type '{narrow}'"
        return f"{what} (expected {hint}, got {_describe(got)})"
    msg = err["msg"]
    if kind == "float_type":
        if isinstance(got, bool):
            return f"expected a number, got a yes/no value ({str(got).lower()})"
        return f"expected a number (digits only: no unit, no quotes), got {'text ' if isinstance(got, str) else ''}{_describe(got)}"
    if kind == "value_error":  # our own validators word their messages in full
        return msg.removeprefix("Value error, ")
    for prefix in ("Input should be ", "Value should be "):
        if msg.startswith(prefix):
            msg = "expected " + msg[len(prefix) :]
            break
    else:
        msg = msg[0].lower() + msg[1:]
    return f"{msg}, got {_describe(got)}" if "got" not in msg else msg


def _allowed_fields(model: type[BaseModel], loc: tuple) -> list[str]:
    """Field names (with aliases) of the sub-model found at `loc`."""
    current: Any = model
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        info = current.model_fields.get(part) or next((f for f in current.model_fields.values() if f.alias == part), None)
        current = _model_in(info.annotation) if info else None
    if current is None:
        return []
    return [f.alias or name for name, f in current.model_fields.items()]


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found:
            return found
    return None


def _path(loc: tuple) -> str:
    """('indicators', 3, 'value') -> 'indicators[3].value'."""
    out = str(loc[0])
    for part in loc[1:]:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def _validate_entries(raw: RawData, files: dict[str, type[BaseModel]] = FILES) -> dict[str, Any]:
    """Validate each entry on its own, so one bad entry does not hide the others."""
    valid: dict[str, Any] = {}
    for stem, model in files.items():
        if stem not in raw.docs:
            continue
        body = raw.docs[stem][stem]
        if stem == "site":
            entries, base = [body], (stem,)
        elif isinstance(body, list):
            entries, base = body, None
        else:
            line, col = raw.locate(stem, (stem,))
            raw.problems.append(Problem(raw.rel(stem), line, col, stem, f"expected a list of entries, got {_describe(body)}"))
            continue
        good = []
        for index, entry in enumerate(entries):
            prefix = base or (stem, index)
            try:
                good.append(model.model_validate(entry))
            except ValidationError as exc:
                for err in exc.errors():
                    loc = prefix + tuple(err["loc"])
                    on_key = err["type"] == "extra_forbidden"
                    line, col = raw.locate(stem, loc, on_key=on_key)
                    raw.problems.append(Problem(raw.rel(stem), line, col, _path(loc), _message(err, model, tuple(err["loc"]))))
        valid[stem] = good[0] if stem == "site" and good else good
    return valid


def _raw_ids(raw: RawData, stem: str) -> set[str]:
    """Ids present in a file even when their entry failed validation, so a
    schema error is not echoed as a dangling reference elsewhere."""
    body = raw.docs.get(stem, {}).get(stem) if stem in raw.docs else None
    return {str(e["id"]) for e in body or [] if isinstance(e, dict) and "id" in e}


def _cross_references(raw: RawData, valid: dict[str, Any]) -> None:
    # A file that failed to parse has no ids to check against: skip references into it.
    ids = {stem: _raw_ids(raw, stem) for stem in FILES if stem != "site" and stem in raw.docs}
    site = raw.docs.get("site", {}).get("site")
    for vocabulary in _VOCABULARIES if isinstance(site, dict) else ():
        if isinstance(site.get(vocabulary), list | dict):
            ids[vocabulary] = {str(word) for word in site[vocabulary]}
        elif vocabulary == "quantities":  # optional: a report that declares none may not name one
            ids[vocabulary] = set()
    entry_index: dict[str, dict[str, int]] = {}
    for stem in valid:
        if stem == "site":
            continue
        body = raw.docs[stem][stem]
        index = {str(e.get("id")): i for i, e in enumerate(body) if isinstance(e, dict)}
        entry_index[stem] = index
        for dup, n in Counter(str(e.get("id")) for e in body if isinstance(e, dict)).items():
            if n > 1:
                positions = [i for i, e in enumerate(body) if isinstance(e, dict) and str(e.get("id")) == dup]
                for i in positions[1:]:
                    _report(raw, stem, (stem, i, "id"), f"duplicate id (expected each id once in {stem}, got '{dup}' {n} times)")

    # One namespace on a page: footnotes ([^id], [^e-id]) and anchors (#fig-id) of these collections.
    seen: dict[str, tuple[str, int]] = {}
    for stem in SHARED_IDS:
        for index, entry in enumerate(raw.docs.get(stem, {}).get(stem) or []):
            if not isinstance(entry, dict) or "id" not in entry:
                continue
            key = str(entry["id"])
            key = key.removeprefix("e-") if stem == "indicators" else key  # [^e-x] cites the named item x
            if key in seen and seen[key][0] != stem:
                other, at = seen[key]
                line, _ = raw.locate(other, (other, at, "id"))
                _report(
                    raw,
                    stem,
                    (stem, index, "id"),
                    f"id shared with another collection (expected indicators and named items "
                    f"to have different ids: they share a page's footnotes; got '{entry['id']}', as in data/{other}.yaml:{line})",
                )
            seen.setdefault(key, (stem, index))

    def ref(stem: str, entry_id: str, loc: tuple, target: str, value: str | None) -> None:
        if value is not None and target in ids and value not in ids[target]:
            known = sorted(i for i in ids[target] if re.fullmatch(ID_PATTERN, i))  # never suggest an invalid id
            close = difflib.get_close_matches(value, known, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            what, where = (_SINGULAR[target], f"the {target} in site.yaml") if target in _VOCABULARIES else (f"{_SINGULAR[target]} id", f"{target}.yaml ids")
            _report(raw, stem, (stem, entry_index[stem][entry_id]) + loc, f"unknown {what} (expected one of {where}, got '{value}'){hint}")

    indicators = {i.id: i for i in valid.get("indicators", [])}
    units = getattr(valid.get("site"), "units", {})  # a site that did not validate (an old edition's) declares none
    for stem, entries in valid.items():
        if stem == "site":
            continue
        for entry in entries:
            for loc, target, value in _references(entry):
                ref(stem, entry.id, loc, target, value)
    for ind in indicators.values():
        base = indicators.get(ind.baseline) if ind.baseline else None
        if base and (base.kind not in ("actual", "estimate") or ind.kind != "target" or base.unit != ind.unit):
            _report(
                raw,
                "indicators",
                ("indicators", entry_index["indicators"][ind.id], "baseline"),
                f"a baseline compares a target with an actual or estimated figure in the same unit (expected a target and an "
                f"'actual' or 'estimate' in unit '{ind.unit}', got '{ind.kind}' against '{base.kind}' in unit '{base.unit}')",
            )
        elif base and (ind.measure is None or ind.measure != base.measure):
            _report(
                raw,
                "indicators",
                ("indicators", entry_index["indicators"][ind.id], "baseline"),
                f"a multiple compares like with like (expected the target and its baseline '{base.id}' to give the same measure, "
                f"got {ind.measure!r} and {base.measure!r})",
            )
        elif base:
            for problem in source_problems([ind, base]):
                _report(raw, "indicators", ("indicators", entry_index["indicators"][ind.id], "baseline"), f"a multiple of its baseline: {problem}")
        counted = sorted(u for u, spec in units.items() if any("{counter}" in text for text in spec.written.root.values()))
        if ind.counter and ind.unit in units and ind.unit not in counted:
            _report(
                raw,
                "indicators",
                ("indicators", entry_index["indicators"][ind.id], "counter"),
                f"a counter applies to a unit written with {{counter}} (expected no counter or one of the units {', '.join(counted)}, got unit '{ind.unit}')",
            )
    # An empty selection is only meaningful once every indicator validated.
    indicators_complete = "indicators" in raw.docs and len(indicators) == len(raw.docs["indicators"]["indicators"] or [])
    entities_complete = "entities" in raw.docs and len(valid.get("entities", [])) == len(raw.docs["entities"]["entities"] or [])
    choose = Selector(valid.get("indicators", []))
    pick = EntityPicker(valid.get("entities", []))
    for stem in ("figures", "tables"):
        for entry in valid.get(stem, []):
            dangling = any(target in ids and value not in ids[target] for _, target, value in _references(entry))
            selects_indicators = stem == "figures" or entry.kind == "indicators"
            if indicators_complete and not dangling and entry.select and selects_indicators and not choose(entry.select):
                _report(raw, stem, (stem, entry_index[stem][entry.id], "select"), "selection matches no indicator (expected at least one, got none)")
            if stem == "figures" and indicators_complete and not dangling:
                chosen = choose(entry.select)
                for problem in chart_rule_problems(entry.kind, chosen):
                    _report(raw, stem, (stem, entry_index[stem][entry.id], "select"), problem)
                what, drawable = _DRAWABLE.get(entry.kind, ("", None))
                if drawable and chosen and not any(map(drawable, chosen)):
                    _report(
                        raw,
                        stem,
                        (stem, entry_index[stem][entry.id], "select"),
                        f"nothing to draw (kind '{entry.kind}' draws {what}; got {len(chosen)} indicator(s) that are not: "
                        f"{', '.join(i.id for i in chosen[:5])})",
                    )
            if stem == "tables" and entry.kind == "entities" and not dangling and entities_complete and not pick(entry):
                # Named at the filters that emptied it, where the contributor edits.
                filters = [f for f in ("entity_types", "select") if getattr(entry, f)]
                _report(
                    raw,
                    stem,
                    (stem, entry_index[stem][entry.id], *filters[:1]),
                    "table matches no named item (expected at least one entity of the given cities and types, got none)",
                )
            if stem == "tables" and entry.kind == "comparison" and not entry.rows:
                _report(
                    raw,
                    stem,
                    (stem, entry_index[stem][entry.id]),
                    "missing field 'rows' (expected the comparison's rows: site.yaml's attributes, meeting, targets)",
                )
            if stem == "tables" and entry.kind == "list" and not entry.list_id:
                _report(raw, stem, (stem, entry_index[stem][entry.id]), "missing field 'list' (expected the id of a structured list for kind 'list')")
    if indicators_complete:
        for finding in valid.get("findings", []):
            for where, problem in finding_problems(finding, indicators):
                _report(raw, "findings", ("findings", entry_index["findings"][finding.id], *where), problem)
    for lst in valid.get("lists", []):
        for dup, n in Counter(item.id for item in lst.items).items():
            if n > 1:
                _report(
                    raw, "lists", ("lists", entry_index["lists"][lst.id], "items"), f"duplicate item id (expected each id once per list, got '{dup}' {n} times)"
                )


def _references(entry: Any) -> Iterator[tuple[tuple, str, str | None]]:
    """(location inside the entry, target collection, referenced id) for every reference."""
    for i, citation in enumerate(getattr(entry, "cite", None) or []):
        yield ("cite", i, "source"), "sources", citation.source
    for i, variant in enumerate(getattr(entry, "variants", None) or []):
        yield ("variants", i, "source"), "sources", variant.source
    if getattr(entry, "city", None) and isinstance(entry.city, str):
        yield ("city",), "cities", entry.city
    if isinstance(getattr(entry, "topic", None), str):
        yield ("topic",), "topics", entry.topic
    if isinstance(getattr(entry, "type", None), str):
        yield ("type",), "entity_types", entry.type
    for i, kind in enumerate(getattr(entry, "entity_types", None) or []):
        yield ("entity_types", i), "entity_types", kind
    for i, group in enumerate(getattr(entry, "entity_groups", None) or []):
        for j, kind in enumerate(group):
            yield ("entity_groups", i, j), "entity_types", kind
    if getattr(entry, "baseline", None):
        yield ("baseline",), "indicators", entry.baseline
    if isinstance(getattr(entry, "quantity", None), str):
        yield ("quantity",), "quantities", entry.quantity
    if isinstance(getattr(entry, "unit", None), str):
        yield ("unit",), "units", entry.unit
    for i, ind in enumerate(getattr(entry, "compares", None) or []):
        yield ("compares", i), "indicators", ind
    same = getattr(entry, "same_count", None)
    for i, citation in enumerate(same.cite if same else []):
        yield ("same_count", "cite", i, "source"), "sources", citation.source
    for i, ind in enumerate(getattr(entry, "indicators", None) or []):
        yield ("indicators", i), "indicators", ind
    for i, item in enumerate(getattr(entry, "items", None) or []):
        for j, ind in enumerate(item.indicators):
            yield ("items", i, "indicators", j), "indicators", ind
        for j, ent in enumerate(item.entities):
            yield ("items", i, "entities", j), "entities", ent
    sel = getattr(entry, "select", None)
    if sel is not None:
        for i, ind in enumerate(sel.ids or []):
            yield ("select", "ids", i), "indicators", ind
        for i, city in enumerate(sel.city or []):
            yield ("select", "city", i), "cities", city
        for i, topic in enumerate(sel.topic or []):
            yield ("select", "topic", i), "topics", topic
        for i, unit in enumerate(sel.unit or []):
            yield ("select", "unit", i), "units", unit
    if getattr(entry, "list_id", None):
        yield ("list",), "lists", entry.list_id


def _report(raw: RawData, stem: str, loc: tuple, message: str) -> None:
    line, col = raw.locate(stem, loc)
    raw.problems.append(Problem(raw.rel(stem), line, col, _path(loc), message))


def read_and_validate(data_dir: Path) -> tuple[RawData, dict[str, Any]]:
    """data/ parsed and checked: the valid entries by stem, every problem in raw.problems.

    One read: the node trees kept from parsing place every problem, so bad data
    costs about what good data does."""
    raw = read_data(data_dir, list(FILES))
    valid = _validate_entries(raw)
    _cross_references(raw, valid)
    for stem in EXTRA_FILES:  # optional files, checked alike when present
        if (data_dir / f"{stem}.yaml").exists():
            read_file(data_dir / f"{stem}.yaml", stem, raw)
    valid |= _validate_entries(raw, {s: m for s, m in EXTRA_FILES.items() if s in raw.docs})
    for stem, loc, message in [*text_problems(valid), *attribute_problems(valid)]:
        _report(raw, stem, loc, message)
    if "editions" in valid:
        site = valid.get("site")
        for loc, message in edition_problems(valid["editions"], getattr(site, "edition", None)):
            _report(raw, "editions", loc, message)
    return raw, valid


def load_dataset(data_dir: Path) -> Dataset:
    """Load and validate data/; raise DataError listing every problem."""
    raw, valid = read_and_validate(data_dir)
    if raw.problems:
        raise DataError(raw.problems)
    return Dataset(**valid)
