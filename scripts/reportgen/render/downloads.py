"""The report's data for download, per language: a Frictionless Data Package (datapackage.json,
a table schema per resource) over one CSV per collection, and the same tables as one XLSX
workbook with a README sheet. CSVs start with a byte-order mark: Excel on Chinese Windows
reads UTF-8 only with it. Every text cell passes safe.csv_cell (no formula can run)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from reportgen.i18n.localize import Localizer, localizer
from reportgen.i18n.words import section
from reportgen.model.dataset import Dataset
from reportgen.render.safe import csv_cell

BOM = "\ufeff"
_WORDS = section("data_package")


def _number(value: float) -> int | float:
    return int(value) if math.isclose(value, round(value)) else value


def _sources(item) -> str:
    return "; ".join(c.source for c in item.cite)


def _quotes(item) -> str:
    return " | ".join(c.quote for c in item.cite)


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # a Table Schema type: string, number, integer, date
    value: Callable[[Localizer, Any], Any]


@dataclass(frozen=True)
class Resource:
    """One table of the package: its rows in data/ and its columns."""

    name: str
    rows: Callable[[Dataset], Iterable]
    columns: tuple[Column, ...]


def _text(field: str) -> Callable[[Localizer, Any], str]:
    return lambda loc, row: loc.text(getattr(row, field))


def _plain(field: str) -> Callable[[Localizer, Any], Any]:
    return lambda loc, row: getattr(row, field)


RESOURCES = (
    Resource(
        "indicators",
        lambda ds: ds.indicators,
        (
            Column("id", "string", _plain("id")),
            Column("city", "string", _plain("city")),
            Column("label", "string", _text("label")),
            Column("value", "number", lambda loc, i: _number(i.value)),
            Column("unit", "string", _plain("unit")),
            Column("kind", "string", _plain("kind")),
            Column("qualifier", "string", _plain("qualifier")),
            Column("period", "string", _plain("period")),
            Column("quantity", "string", lambda loc, i: i.quantity or ""),
            Column("display", "string", lambda loc, i: loc.value(i)),
            Column("sources", "string", lambda loc, i: _sources(i)),
            Column("quotes", "string", lambda loc, i: _quotes(i)),
        ),
    ),
    Resource(
        "named_items",
        lambda ds: ds.entities,
        (
            Column("id", "string", _plain("id")),
            Column("city", "string", lambda loc, e: e.city or ""),
            Column("type", "string", _plain("type")),
            Column("type_label", "string", lambda loc, e: loc.text(loc.dataset.site.entity_types[e.type].one)),
            Column("name", "string", _text("name")),
            Column("description", "string", _text("description")),
            Column("role", "string", _text("role")),
            Column("indicators", "string", lambda loc, e: "; ".join(e.indicators)),
            Column("sources", "string", lambda loc, e: _sources(e)),
            Column("quotes", "string", lambda loc, e: _quotes(e)),
        ),
    ),
    Resource(
        "list_items",
        lambda ds: [(lst, n, item) for lst in ds.lists for n, item in enumerate(lst.items, 1)],
        (
            Column("list_id", "string", lambda loc, r: r[0].id),
            Column("list_title", "string", lambda loc, r: loc.text(r[0].title)),
            Column("city", "string", lambda loc, r: r[0].city),
            Column("position", "integer", lambda loc, r: r[1]),
            Column("id", "string", lambda loc, r: r[2].id),
            Column("name", "string", lambda loc, r: loc.text(r[2].name)),
            Column("summary", "string", lambda loc, r: loc.text(r[2].summary)),
            Column("sources", "string", lambda loc, r: _sources(r[0])),
            Column("quotes", "string", lambda loc, r: _quotes(r[0])),
        ),
    ),
    Resource(
        "discrepancies",
        lambda ds: [(d, v) for d in ds.discrepancies for v in d.variants],
        (
            Column("id", "string", lambda loc, r: r[0].id),
            Column("subject", "string", lambda loc, r: loc.text(r[0].subject)),
            Column("source", "string", lambda loc, r: r[1].source),
            Column("quote", "string", lambda loc, r: r[1].quote),
            Column("comment", "string", lambda loc, r: loc.text(r[0].comment)),
        ),
    ),
    Resource(
        "glossary",
        lambda ds: ds.glossary,
        (
            Column("id", "string", _plain("id")),
            Column("zh", "string", _plain("zh")),
            Column("zh_hant", "string", lambda loc, t: t.zh_hant or loc.hant(t.zh)),
            Column("en", "string", _plain("en")),
            Column("explanation", "string", _text("explanation")),
        ),
    ),
    Resource(
        "sources",
        lambda ds: ds.sources,
        (
            Column("id", "string", _plain("id")),
            Column("publisher", "string", _text("publisher")),
            Column("platform", "string", _text("platform")),
            Column("title", "string", _text("title")),
            Column("language", "string", _plain("language")),
            Column("published", "date", lambda loc, s: s.published.isoformat() if s.published else ""),
            Column("file", "string", _plain("file")),
        ),
    ),
)


def table(resource: Resource, loc: Localizer, rows: Iterable | None = None) -> list[list[Any]]:
    """The resource's header and rows (all of them, or `rows`) in this language."""
    chosen = resource.rows(loc.dataset) if rows is None else rows
    return [[c.name for c in resource.columns]] + [[c.value(loc, row) for c in resource.columns] for row in chosen]


def indicators_csv(rows: list, loc: Localizer) -> str:
    """Indicators as the package's CSV has them (a figure's CSV holds the rows it draws)."""
    return csv_text(table(RESOURCES[0], loc, rows))


# A target beside the earlier figure of the same measure: both inputs, the formula and the result.
PAIR_COLUMNS = (
    Column("city", "string", lambda loc, g: g.target.city),
    Column("label", "string", lambda loc, g: loc.text(g.target.label)),
    Column("earlier_id", "string", lambda loc, g: g.baseline.id),
    Column("earlier_value", "number", lambda loc, g: _number(g.baseline.value)),
    Column("earlier_period", "string", lambda loc, g: g.baseline.period),
    Column("earlier_display", "string", lambda loc, g: loc.value(g.baseline)),
    Column("target_id", "string", lambda loc, g: g.target.id),
    Column("target_value", "number", lambda loc, g: _number(g.target.value)),
    Column("target_period", "string", lambda loc, g: g.target.period),
    Column("target_display", "string", lambda loc, g: loc.value(g.target)),
    Column("unit", "string", lambda loc, g: g.target.unit),
    Column("formula", "string", lambda loc, g: "target_value / earlier_value"),
    Column("multiple", "number", lambda loc, g: round(g.multiple, 4)),
    Column("sources", "string", lambda loc, g: "; ".join(dict.fromkeys(c.source for i in (g.baseline, g.target) for c in i.cite))),
    Column("quotes", "string", lambda loc, g: " | ".join(c.quote for i in (g.baseline, g.target) for c in i.cite)),
)


def pairs_csv(pairs: list, loc: Localizer) -> str:
    """A multiple figure's CSV: one row per target and its earlier figure."""
    return csv_text([[c.name for c in PAIR_COLUMNS]] + [[c.value(loc, g) for c in PAIR_COLUMNS] for g in pairs])


def csv_text(rows: list[list[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180, what Excel writes
    writer.writerows([[csv_cell(cell) for cell in row] for row in rows])
    return BOM + out.getvalue()


def _word(loc: Localizer, key: str) -> str:
    """A word of the package in this language; {units} lists the report's units, each with its name,
    and {compared} names what the report compares."""
    units = loc.punct("enumeration").join(f"{unit}{loc.punct('aside').format(loc.text(spec.name))}" for unit, spec in loc.dataset.site.units.items())
    return loc.word(_WORDS, key).replace("{units}", units).replace("{compared}", loc.text(loc.dataset.site.compared))


# The files the Data page offers beside the CSVs, described in the package too: (name, path, IANA media type).
OTHER_FILES = (
    ("workbook", "data.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("indicators_json", "indicators.json", "application/json"),
    ("schema", "schema.json", "application/schema+json"),
)


def datapackage(loc: Localizer) -> str:
    """datapackage.json: every file offered; each CSV a tabular resource with its schema; titles
    and descriptions in the edition's language and in both originals. The CSVs carry a byte-order
    mark (for Excel) and are declared `utf-8`, the IANA name: the spec leaves a BOM to readers."""
    ds, site = loc.dataset, loc.dataset.site
    both = {lang.code: localizer(lang.code, ds) for lang in site.languages if lang.written}

    def described(key: str) -> dict[str, str]:
        """The edition's words, then those of every language people write (a reader of any can read the schema)."""
        return {"description": _word(loc, key), **{f"description_{code}": _word(other, key) for code, other in both.items()}}

    tables = [
        {
            "name": r.name,
            "path": f"{r.name}.csv",
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "title": _word(loc, r.name),
            **described(f"{r.name}.about"),
            "schema": {"fields": [{"name": c.name, "type": c.type, **described(f"{r.name}.{c.name}")} for c in r.columns]},
        }
        for r in RESOURCES
    ]
    files = [
        {
            "name": name.replace("_", "-"),
            "path": path,
            "type": "file",  # Data Package v2: offered whole, not read as a table
            "profile": "data-resource",
            "format": path.rsplit(".", 1)[1],
            "mediatype": mediatype,
            "title": _word(loc, name),
            **described(f"{name}.about"),
        }
        for name, path, mediatype in OTHER_FILES
    ]
    package = {
        "profile": "data-package",
        "name": "report-data",
        "title": loc.text(site.title),
        "description": loc.text(site.data_description),
        "version": site.edition.isoformat(),
        "created": f"{site.edition.isoformat()}T00:00:00Z",
        "licenses": [{"name": site.licence.name, "path": site.licence.url, "title": loc.text(site.licence.title)}],
        "sources": [{"title": loc.text(s.title) if s.title else loc.text(s.publisher), "publisher": loc.text(s.publisher)} for s in ds.sources],
        "resources": tables + files,
    }
    return json.dumps(package, ensure_ascii=False, indent=1) + "\n"


def workbook(loc: Localizer) -> bytes:
    """The package's tables as one XLSX: a README sheet, then a sheet per resource. The same
    bytes for the same data (a fixed creation date; XlsxWriter stamps nothing else)."""
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    created = dt.datetime.combine(loc.dataset.site.edition, dt.time())
    book.set_properties({"title": loc.text(loc.dataset.site.title), "created": created})
    bold = book.add_format({"bold": True})
    readme = book.add_worksheet("README")
    lines = [
        loc.text(loc.dataset.site.title),
        loc.text(loc.dataset.site.subtitle),
        f"{_word(loc, 'edition')}: {loc.dataset.site.edition.isoformat()}",
        _word(loc, "readme"),
        "",
    ]
    lines += [f"{r.name}: {_word(loc, r.name)}" for r in RESOURCES]
    for n, line in enumerate(lines):
        readme.write_string(n, 0, line, bold if n == 0 else None)
    readme.set_column(0, 0, 100)
    for resource in RESOURCES:
        sheet = book.add_worksheet(resource.name)
        for y, row in enumerate(table(resource, loc)):
            for x, cell in enumerate(row):
                if isinstance(cell, int | float) and y:
                    sheet.write_number(y, x, cell)
                else:
                    sheet.write_string(y, x, str(cell), bold if y == 0 else None)
        sheet.freeze_panes(1, 0)
    book.close()
    return out.getvalue()
