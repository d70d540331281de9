"""The field reference: one Markdown table per data file, generated from the JSON
Schema that editors use (data/schema/), so the published guide and the editor
hints can never disagree. Exposed to pages as `field_reference()`.

Descriptions and type names are the model's English in every edition: on a Chinese page they
are marked `lang="en"` (a span in a cell, an attribute list on a heading or paragraph).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from reportgen.i18n.words import section
from reportgen.model.dataset import FILES, json_schemas
from reportgen.model.schema import ID_PATTERN
from reportgen.render.safe import in_language
from reportgen.render.tables import cell

_WORDS = section("field_reference")


def _anchor(name: str) -> str:
    return f"type-{name.lower()}"


def _ref_name(prop: dict) -> str | None:
    ref = prop.get("$ref")
    return ref.rsplit("/", 1)[-1] if ref else None


def _type(prop: dict, used: set[str]) -> str:
    """A JSON Schema property as a short human description of its type."""
    name = _ref_name(prop)
    if name:
        used.add(name)
        return f"[{name}](#{_anchor(name)})"
    if "anyOf" in prop:
        options = [p for p in prop["anyOf"] if p.get("type") != "null"]
        return " or ".join(_type(p, used) for p in options)
    if "enum" in prop:
        return "one of " + ", ".join(f"`{v}`" for v in prop["enum"])
    kind = prop.get("type")
    if kind == "array":
        text = f"list of {_type(prop.get('items', {}), used)}"
        return text + (f" (at least {prop['minItems']})" if prop.get("minItems") else "")
    if kind == "object":
        return f"mapping of text to {_type(prop.get('additionalProperties', {}), used)}"
    if kind == "string":
        if prop.get("pattern") == ID_PATTERN:
            return "id"
        if prop.get("format") == "date":
            return "date (YYYY-MM-DD)"
        return "text"
    if kind == "number":
        return "number" + (f" ≥ {prop['minimum']}" if "minimum" in prop else "")
    if kind == "boolean":
        return "`true` or `false`"
    return kind or "any"


def _description(prop: dict) -> str:
    text = prop.get("description")
    if text is None:  # an optional field's description may sit in its non-null option
        text = next((p.get("description") for p in prop.get("anyOf", []) if p.get("description")), "")
    return " ".join(str(text).split())


# The language the engine's data model describes its fields in (the schema's descriptions).
SCHEMA_LANGUAGE = "en"


def _english(markdown: str, base: str) -> str:
    """Inline English on a page in `base`; an empty cell stays empty (a phone hides it)."""
    return in_language(markdown, SCHEMA_LANGUAGE) if markdown and base != SCHEMA_LANGUAGE else markdown


def _table(model: dict, words: dict, used: set[str], base: str) -> list[str]:
    required = set(model.get("required", []))
    rows = [
        f"| {words['field']} | {words['type']} | {words['required']} | {words['description']} |",
        "| --- | --- | --- | --- |",
    ]
    for field, prop in model.get("properties", {}).items():
        if field in required:
            need = words["yes"]
        elif prop.get("default") not in (None, {}, []):
            default = prop["default"]
            shown = str(default).lower() if isinstance(default, bool) else default
            need = f"{words['no']} ({words['default']} `{shown}`)"
        else:
            need = words["no"]
        rows.append(f"| `{field}` | {_english(_type(prop, used), base)} | {need} | {_english(cell(_description(prop)), base)} |")
    for prop in model.get("patternProperties", {}).values():  # keyed by language code (Text)
        about = _english(cell(_description(model.get("propertyNames", {}))), base)
        rows.append(f"| `<language>` | {_english(_type(prop, used), base)} | {words['yes']} | {about} |")
    return rows


@cache  # a pure function of `base`: each language build asks again
def field_reference_markdown(base: str = SCHEMA_LANGUAGE) -> str:
    """Markdown: a section per data file, then the structures they share.
    `base` ('zh' or 'en') picks the language of headers; descriptions are English."""
    words = _WORDS[base]
    schemas = json_schemas()
    defs: dict[str, Any] = {}
    # One sentence names every schema: a path per file made the Chinese page read as English to language detectors.
    lines: list[str] = [words["schema"], ""]
    used: set[str] = set()
    for stem, model in FILES.items():
        schema = schemas[f"{stem}.schema.json"]
        defs |= schema.get("$defs", {})
        top = schema["properties"][stem]
        entry = defs[model.__name__]
        lines += [f"## `data/{stem}.yaml` {{ #file-{stem} }}", ""]
        lines += [words["list_file" if top.get("type") == "array" else "map_file"].format(stem=stem), ""]
        lines += _table(entry, words, used, base)
        lines += [""]
    entry_models = {model.__name__ for model in FILES.values()}
    shared = [name for name in defs if name not in entry_models]
    # Shared structures may use further ones (a list item's fields...): render until none is new.
    done: list[str] = []
    body: list[str] = []
    pending = [n for n in shared if n in used]
    while pending:
        name = pending.pop(0)
        if name in done:
            continue
        done.append(name)
        model = defs[name]
        before = set(used)
        english = "" if base == SCHEMA_LANGUAGE else f' lang="{SCHEMA_LANGUAGE}"'  # an attribute list: the heading's, the paragraph's
        body += [f"### {name} {{ #{_anchor(name)}{english} }}", ""]
        if model.get("description"):
            body += [cell(" ".join(model["description"].split())), *([f"{{:{english} }}"] if english else []), ""]
        body += _table(model, words, used, base) + [""]
        pending += sorted(used - before - set(done))
    if body:
        lines += [f"## {words['shared']}", "", words["shared_intro"], "", *body]
    return "\n".join(lines).rstrip("\n") + "\n"
