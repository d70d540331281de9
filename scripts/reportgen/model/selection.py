"""Which indicators a figure or table shows, and which named items an entities table lists:
the selections of data/figures.yaml and data/tables.yaml, in time proportional to what they pick."""

from __future__ import annotations

from typing import Any

from reportgen.model.schema import Indicator, Selection


def select(sel: Selection, indicators: list) -> list:
    """Indicators matching every criterion of a selection, in data order
    (or in the order of `ids` when ids are given)."""
    chosen = [
        i
        for i in indicators
        if (sel.city is None or i.city in sel.city)
        and (sel.topic is None or i.topic in sel.topic)
        and (sel.unit is None or i.unit in sel.unit)
        and (sel.kind is None or i.kind in sel.kind)
        and (sel.ids is None or i.id in sel.ids)
    ]
    if sel.ids:
        order = {k: n for n, k in enumerate(sel.ids)}
        chosen.sort(key=lambda i: order[i.id])
    return chosen


_LAST_SELECTOR: dict[str, Selector] = {}


class Selector:
    """select() for many selections over the same indicators: each looks only at the rows
    it can match (by id, else by city), so the cost follows the rows chosen, not
    selections x indicators. Same results, same order as select()."""

    def __init__(self, indicators: list):
        self.indicators = indicators
        self.by_id = {i.id: i for i in indicators}
        self.position = {i.id: n for n, i in enumerate(indicators)}
        self.by_city: dict[str, list] = {}
        for ind in indicators:
            self.by_city.setdefault(ind.city, []).append(ind)

    @classmethod
    def of(cls, indicators: list) -> Selector:
        """The selector of this very list (the last one asked for is kept)."""
        last = _LAST_SELECTOR.get("selector")
        if last is None or last.indicators is not indicators or len(last.position) != len(indicators):
            last = _LAST_SELECTOR["selector"] = cls(indicators)
        return last

    def __call__(self, sel: Selection) -> list:
        if sel.ids:
            candidates = [self.by_id[i] for i in dict.fromkeys(sel.ids) if i in self.by_id]
        elif sel.city:
            candidates = sorted((i for c in dict.fromkeys(sel.city) for i in self.by_city.get(c, ())), key=lambda i: self.position[i.id])
        else:
            candidates = self.indicators
        return select(sel, candidates)


class EntityPicker:
    """The named items an 'entities' table lists: of its cities (if given) and types (if
    given), in data order; looks only at the entities of the cities asked for."""

    def __init__(self, entities: list):
        self.entities = entities
        self.position = {id(e): n for n, e in enumerate(entities)}
        self.by_city: dict[str | None, list] = {}
        for entity in entities:
            self.by_city.setdefault(entity.city, []).append(entity)

    def __call__(self, spec: Any) -> list:
        cities = spec.select.city if spec.select and spec.select.city else None
        pool = sorted((e for c in dict.fromkeys(cities) for e in self.by_city.get(c, ())), key=lambda e: self.position[id(e)]) if cities else self.entities
        return [e for e in pool if spec.entity_types is None or e.type in spec.entity_types]


def unit_key(ind: Indicator) -> tuple[str, str]:
    """What one axis may hold: a unit, and for counts what is counted (firms are not datasets)."""
    return ind.unit, repr(sorted(ind.counter.root.items())) if ind.counter else ""
