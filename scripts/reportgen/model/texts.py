"""Every text of data/ in the report's languages (site.yaml's `languages`): each language people
write has its text; a language made from another may give one (an override of OpenCC); no
text names a language the report does not declare. And the declaration itself holds together:
one original first, every `from` and `translates` naming a language people write. The
attributes of what the report compares are its own too (site.yaml's `attributes`): each entry
of cities.yaml gives each, no other, and a comparison's rows name them or the built-in ones."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from reportgen.model.schema import BUILT_IN_ROWS, Text


def _texts(value: Any, loc: tuple) -> Iterator[tuple[tuple, Text]]:
    """(location as YAML keys and indexes, text) for every text inside `value`."""
    if isinstance(value, Text):
        yield loc, value
    elif isinstance(value, BaseModel):
        for name, field in type(value).model_fields.items():
            yield from _texts(getattr(value, name), (*loc, field.alias or name))
        for name, item in (value.__pydantic_extra__ or {}).items():  # a city's declared attributes
            yield from _texts(item, (*loc, name))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _texts(item, (*loc, index))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, (*loc, key))


def declaration_problems(languages: list) -> list[tuple[tuple, str]]:
    """(where in site.yaml, problem) for the languages' declaration."""
    found = []
    codes = [lang.code for lang in languages]
    written = [lang.code for lang in languages if lang.written]
    for index, lang in enumerate(languages):
        where = ("site", "languages", index)
        if lang.code in codes[:index]:
            found.append(((*where, "code"), f"duplicate language (expected each code once, got '{lang.code}' again)"))
        if index == 0 and (lang.derived_from or lang.translates):
            found.append((where, f"the first language is the original (expected neither 'from' nor 'translates', got them on '{lang.code}')"))
        for key, other in (("from", lang.derived_from), ("translates", lang.translates)):
            if other is not None and (other not in written or other == lang.code):
                found.append(((*where, key), f"unknown original (expected another language people write: {', '.join(written)}; got '{other}')"))
    return found


def text_problems(valid: dict[str, Any]) -> list[tuple[str, tuple, str]]:
    """(file stem, location, problem) for every text that misses or names a language."""
    site = valid.get("site")
    languages = getattr(site, "languages", None)
    if not languages:
        return []
    found = [("site", loc, message) for loc, message in declaration_problems(languages)]
    declared = [lang.code for lang in languages]
    required = [lang.code for lang in languages if lang.written]
    for stem, value in valid.items():
        entries = [(("site",), value)] if stem == "site" else [((stem, index), entry) for index, entry in enumerate(value or [])]
        for start, entry in entries:
            for loc, text in _texts(entry, start):
                for code in (code for code in text.root if code not in declared):
                    close = difflib.get_close_matches(code, declared, n=1)
                    hint = f"; did you mean '{close[0]}'?" if close else ""
                    found.append((stem, (*loc, code), f"unknown language (expected one of site.yaml's languages: {', '.join(declared)}; got '{code}'){hint}"))
                missing = [code for code in required if code not in text.root]
                if missing:
                    found.append(
                        (stem, loc, f"missing text (expected one in every language people write: {', '.join(required)}; got none in {', '.join(missing)})")
                    )
    return found


def _unknown(name: str, known: list[str], what: str, where: str) -> str:
    close = difflib.get_close_matches(name, known, n=1)
    return f"unknown {what} (expected one of {where}: {', '.join(known)}; got '{name}')" + (f"; did you mean '{close[0]}'?" if close else "")


def attribute_problems(valid: dict[str, Any]) -> list[tuple[str, tuple, str]]:
    """(file stem, location, problem) for the attributes of cities.yaml and a comparison's rows."""
    site = valid.get("site")
    if site is None or not hasattr(site, "attributes"):
        return []
    declared = list(site.attributes)
    found = []
    for index, city in enumerate(valid.get("cities") or []):
        for name in city.attributes:
            if name not in declared:
                found.append(("cities", ("cities", index, name), _unknown(name, declared, "attribute", "site.yaml's attributes")))
        missing = [name for name in declared if name not in city.attributes]
        if missing:
            found.append(
                (
                    "cities",
                    ("cities", index),
                    f"missing attribute (expected each of site.yaml's attributes: {', '.join(declared)}; got none for {', '.join(missing)})",
                )
            )
    rows = [*declared, *BUILT_IN_ROWS]
    for index, table in enumerate(valid.get("tables") or []):
        for position, row in enumerate(table.rows or []):
            if row not in rows:
                found.append(("tables", ("tables", index, "rows", position), _unknown(row, rows, "row", "site.yaml's attributes and the built-in rows")))
    return found
