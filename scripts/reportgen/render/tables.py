"""Tables: Markdown per language. Every value cell carries a footnote reference
to its indicator, which the page hook turns into a citation with the original phrase.
Text from data is HTML-escaped and pipe-escaped, so it can never break out of a cell."""

from __future__ import annotations

from reportgen.i18n.localize import Localizer
from reportgen.i18n.words import section
from reportgen.model.schema import Table
from reportgen.model.selection import EntityPicker, Selector
from reportgen.query.derive import growths, indicator_counts, indicator_map
from reportgen.render.safe import md, quotation

_HEAD = section("table_head")
_ROWS = section("comparison")


_DERIVED = section("derived")


def cell(text: str) -> str:
    """A data text for a Markdown table cell (safe.md escapes the cell delimiter too)."""
    return str(md(text))


def _table(head: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(["---"] * len(head)) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


class TableRenderer:
    def __init__(self, loc: Localizer):
        self.loc = loc
        self.indicators = indicator_map(loc.dataset)
        self.cities = {c.id: c for c in loc.dataset.cities}
        self.choose = Selector.of(loc.dataset.indicators)  # many tables, one pass over the indicators
        self.pick = EntityPicker(loc.dataset.entities)
        self.entities_by_city = self.pick.by_city

    def h(self, key: str) -> str:
        """A column head: what the report compares (site.yaml's `compared`), else the catalogue's word."""
        return self.loc.text(self.loc.dataset.site.compared) if key == "city" else self.loc.word(_HEAD, key)

    def value(self, ind_id: str) -> str:
        """A value with its citation mark; the mark is resolved by the page hook."""
        return f"{cell(self.loc.value(self.indicators[ind_id]))}[^{ind_id}]"

    def labelled(self, ind_id: str) -> str:
        """'High-quality industrial datasets: at least 200 datasets' / '高质量工业数据集：200个以上'."""
        colon = self.loc.punct("colon")
        return f"{cell(self.loc.text(self.indicators[ind_id].label))}{colon}{self.value(ind_id)}"

    def city(self, city_id: str | None) -> str:
        return cell(self.loc.text(self.cities[city_id].name)) if city_id in self.cities else "—"

    def indicators_table(self, spec: Table) -> str:
        return self.indicator_rows(self.choose(spec.select))

    def indicator_rows(self, rows: list, quantity: bool = False) -> str:
        """Indicators as a table: city, what, value with its citation, kind, period (also a figure's
        data view); with `quantity`, what kind of quantity each is first."""
        quantities = self.loc.dataset.site.quantities
        first = (["quantity"], lambda r: [cell(self.loc.text(quantities[r.quantity]))]) if quantity else ([], lambda r: [])
        return _table(
            [self.h(k) for k in (*first[0], "city", "indicator", "value", "kind", "period")],
            [
                [*first[1](r), self.city(r.city), cell(self.loc.text(r.label)), self.value(r.id), cell(self.loc.kind(r.kind)), cell(self.loc.when(r))]
                for r in rows
            ],
        )

    def multiple(self, g, cited: bool = True) -> str:
        """'target ÷ earlier = ×1.02', each input cited (or not, beside cells that cite them)."""
        target, earlier = ((self.value(i.id) if cited else cell(self.loc.value(i))) for i in (g.target, g.baseline))
        return f"{target} ÷ {earlier} = ×{cell(self.loc.number(round(g.multiple, 2)))}"

    def pair_rows(self, pairs: list) -> str:
        """Targets beside the earlier figure of the same measure, and the multiple with its formula
        (a dumbbell's or growth figure's data view)."""
        return _table(
            [self.h(k) for k in ("city", "indicator", "earlier", "target", "how")],
            [
                [
                    self.city(g.target.city),
                    cell(self.loc.text(g.target.label)),
                    f"{self.value(g.baseline.id)} ({cell(self.loc.when(g.baseline))})",
                    f"{self.value(g.target.id)} ({cell(self.loc.when(g.target))})",
                    self.multiple(g, cited=False),
                ]
                for g in pairs
            ],
        )

    def list_table(self, spec: Table) -> str:
        """Items in order; the summary and goals columns appear only when some item has them."""
        lst = next(item for item in self.loc.dataset.lists if item.id == spec.list_id)
        sep = self.loc.punct("separator")
        columns = {"no": lambda n, item: str(n), "item": lambda n, item: cell(self.loc.text(item.name))}
        if any(item.summary for item in lst.items):
            columns["summary"] = lambda n, item: cell(self.loc.text(item.summary)) or "—"
        if any(item.indicators for item in lst.items):
            columns["targets"] = lambda n, item: sep.join(self.labelled(i) for i in item.indicators) or "—"
        rows = [[render(n, item) for render in columns.values()] for n, item in enumerate(lst.items, 1)]
        whole = sep.join(self.labelled(i) for i in lst.indicators)
        return (f"{whole}\n\n" if whole else "") + _table([self.h(k) for k in columns], rows)

    def entities_table(self, spec: Table) -> str:
        rows = self.pick(spec)
        return _table(
            [self.h(k) for k in ("city", "name", "type", "description")],
            [
                [
                    self.city(e.city),
                    f"{cell(self.loc.text(e.name))}[^e-{e.id}]",
                    cell(self.loc.text(self.loc.dataset.site.entity_types[e.type].one)),
                    cell(self.loc.text(e.description or e.role)),
                ]
                for e in rows
            ],
        )

    def comparison_table(self, spec: Table) -> str:
        """Cities side by side, one column each."""
        ds = self.loc.dataset
        counts = indicator_counts(ds)
        meeting = {m.city: m for m in ds.meetings}

        # The rows data/tables.yaml asks for, in its order: each a label and one cell per city.
        built_in = {
            "meeting": lambda c: cell(self.loc.text(meeting[c.id].name)) if c.id in meeting else "—",
            "targets": lambda c: self.loc.number(counts[c.id]["target"]),
        }
        attributes = ds.site.attributes  # the report's own rows: a label and each city's text

        def row(name: str) -> list[str]:
            if name in attributes:
                return [cell(self.loc.text(attributes[name]))] + [cell(self.loc.text(c.attributes[name])) for c in ds.cities]
            return [self.loc.word(_ROWS, name)] + [built_in[name](c) for c in ds.cities]

        body = [row(name) for name in spec.rows or ()]
        # What each city named, by groups of types (e.g. policies, funds, platforms).
        sep = self.loc.punct("separator")
        for kinds in spec.entity_groups or ():
            names = {c.id: [f"{cell(self.loc.text(e.name))}[^e-{e.id}]" for e in self.entities_by_city.get(c.id, ()) if e.type in kinds] for c in ds.cities}
            body.append([cell(self.loc.text(ds.site.entity_types[kinds[-1]].many).capitalize())] + [sep.join(names[c.id]) or "—" for c in ds.cities])
        return _table([self.h("dimension")] + [self.city(c.id) for c in ds.cities], body)

    def glossary_table(self, spec: Table) -> str:
        return _table(
            [self.h(k) for k in ("term", "english", "explanation")],
            [[cell(self.loc.original(t.term_text)), cell(t.en), cell(self.loc.text(t.explanation))] for t in self.loc.dataset.glossary],
        )

    def discrepancies_table(self, spec: Table) -> str:
        names = {s.id: self.loc.text(s.publisher) for s in self.loc.dataset.sources}
        languages = {s.id: s.language for s in self.loc.dataset.sources}
        colon = self.loc.punct("colon")
        return _table(
            [self.h(k) for k in ("subject", "variants", "comment")],
            [
                [
                    cell(self.loc.text(d.subject)),
                    "<br>".join(f"{cell(names[v.source])}{colon}{quotation(v.quote, languages[v.source], self.loc.quote_marks(v.quote))}" for v in d.variants),
                    cell(self.loc.text(d.comment)),
                ]
                for d in self.loc.dataset.discrepancies
            ],
        )

    def sources_table(self, spec: Table) -> str:
        return _table(
            [self.h(k) for k in ("publisher", "byline", "title", "language")],
            [
                [cell(self.loc.text(s.publisher)), cell(self.loc.text(s.byline)), cell(self.loc.text(s.title)) or "—", s.language]
                for s in self.loc.dataset.sources
            ],
        )

    def derived_table(self, spec: Table) -> str:
        """Every number computed from others (inputs and formula) and every reading of the
        sources (what they say and how the report reads it), from data/."""
        loc, rows = self.loc, []
        for g in growths(loc.dataset):
            rows.append([cell(loc.word(_DERIVED, "multiple")), f"{self.city(g.target.city)} · {cell(loc.text(g.target.label))}", self.multiple(g)])
        for ind in loc.dataset.indicators:
            if ind.interpretation is not None:
                read = self.value(ind.id) if ind.interpretation_of == "value" else f"{self.value(ind.id)} ({cell(loc.when(ind))})"
                rows.append(
                    [cell(loc.word(_DERIVED, "reading")), f"{self.city(ind.city)} · {cell(loc.text(ind.label))}: {read}", cell(loc.text(ind.interpretation))]
                )
        return _table([self.h(k) for k in ("kind", "indicator", "how")], rows)

    def render(self, spec: Table) -> str:
        return KINDS[spec.kind](self, spec)


# Each kind of table (the `kind` in data/tables.yaml) and the method that renders it.
KINDS = {
    "indicators": TableRenderer.indicators_table,
    "list": TableRenderer.list_table,
    "entities": TableRenderer.entities_table,
    "comparison": TableRenderer.comparison_table,
    "glossary": TableRenderer.glossary_table,
    "discrepancies": TableRenderer.discrepancies_table,
    "sources": TableRenderer.sources_table,
    "derived": TableRenderer.derived_table,
}
