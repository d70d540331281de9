"""What a figure shows, apart from how it is drawn: which records it draws, how its values are
told in the alt text, and its data as a table (its Table view) and as CSV: exactly the marks it
draws, in the order it draws them (a multiple with both inputs and the formula)."""

from __future__ import annotations

from reportgen.i18n.localize import Localizer
from reportgen.model.schema import Indicator
from reportgen.query.derive import growths
from reportgen.render.downloads import indicators_csv, pairs_csv
from reportgen.render.tables import TableRenderer


def rows_drawn(dataset, rows: list[Indicator]) -> list[Indicator]:
    return rows


def pairs_drawn(dataset, rows: list[Indicator]) -> list[Indicator]:
    """A multiple draws its pairs (each target with a baseline, and that baseline), not every target it selects."""
    return [i for g in growths(dataset, rows) for i in (g.target, g.baseline)]


def by_quantity(loc: Localizer, rows: list[Indicator]) -> dict[str, list[Indicator]]:
    """Rows by quantity (its name in this language), in the order site.yaml declares them,
    largest value first within one; what a money_scale figure draws, panel by panel."""
    order = list(loc.dataset.site.quantities)
    groups: dict[str, list[Indicator]] = {}
    for r in sorted(rows, key=lambda r: (order.index(r.quantity), -r.value)):
        groups.setdefault(loc.text(loc.dataset.site.quantities[r.quantity]), []).append(r)
    return groups


def describe_rows(loc: Localizer, rows: list[Indicator]) -> list[str]:
    city = {c.id: loc.text(c.name) for c in loc.dataset.cities}
    return [f"{city[r.city]} {loc.text(r.label)} {loc.value(r)}" for r in rows]


def describe_pairs(loc: Localizer, rows: list[Indicator]) -> list[str]:
    city = {c.id: loc.text(c.name) for c in loc.dataset.cities}
    return [
        f"{city[g.target.city]} {loc.text(g.target.label)} {loc.value(g.baseline)} → {loc.value(g.target)} (×{loc.number(round(g.multiple, 2))})"
        for g in growths(loc.dataset, rows)
    ]


def describe_inventory(loc: Localizer, rows: list[Indicator]) -> list[str]:
    aside = loc.punct("aside")
    return [f"{told}{aside.format(quantity)}" for quantity, group in by_quantity(loc, rows).items() for told in describe_rows(loc, group)]


def table_of_rows(tables: TableRenderer, rows: list[Indicator]) -> str:
    return tables.indicator_rows(rows)


def table_of_inventory(tables: TableRenderer, rows: list[Indicator]) -> str:
    return tables.indicator_rows([r for group in by_quantity(tables.loc, rows).values() for r in group], quantity=True)


def table_of_pairs(tables: TableRenderer, rows: list[Indicator]) -> str:
    return tables.pair_rows(growths(tables.loc.dataset, rows))


def csv_of_rows(loc: Localizer, rows: list[Indicator]) -> str:
    return indicators_csv(rows, loc)


def csv_of_inventory(loc: Localizer, rows: list[Indicator]) -> str:
    return indicators_csv([r for group in by_quantity(loc, rows).values() for r in group], loc)


def csv_of_pairs(loc: Localizer, rows: list[Indicator]) -> str:
    return pairs_csv(growths(loc.dataset, rows), loc)
