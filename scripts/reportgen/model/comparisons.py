"""What may be compared: the report's like-for-like rules, as pure functions over validated
records (model/validate.py reports what they find at its file, line and column).

A join is an axis where position compares values, a ranking, a sum, a ratio or a multiple. Its
values must each declare a quantity, share one quantity and unit, and come from one source, unless
a value's `same_count` cites why it counts the same thing. An inventory (a table of different
items, a money_scale figure grouped by quantity) is not a join.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from reportgen.model.schema import PLACEHOLDER
from reportgen.model.selection import unit_key


def chart_rule_problems(kind: str, rows: list) -> list[str]:
    """Why a figure of `kind` over `rows` would mislead: one unit per axis, and an axis
    compares at least two rows (a single value belongs in a table)."""
    if kind == "money_scale":
        others = [i.id for i in rows if i.unit != rows[0].unit]
        if others:
            return [f"one unit per axis (kind 'money_scale' draws amounts of one unit, here '{rows[0].unit}'; got other units: {', '.join(others)})"]
        undeclared = [i.id for i in rows if i.quantity is None]
        return (
            [
                f"an inventory tells its quantities apart (kind 'money_scale' groups amounts by quantity; expected a 'quantity' "
                f"on each, got none on: {', '.join(undeclared)})"
            ]
            if undeclared
            else []
        )
    if kind == "hbar":
        panels: dict[tuple, list] = {}
        for ind in rows:
            panels.setdefault(unit_key(ind), []).append(ind)
        lonely = [inds[0].id for inds in panels.values() if len(inds) == 1]
        if lonely:
            return [
                f"one unit per axis, and each axis compares at least two rows (a panel per unit; these would stand alone: "
                f"{', '.join(lonely)}); show single values in a table"
            ]
        return [problem for inds in panels.values() for problem in join_problems(inds)]
    return []


def join_problems(values: list) -> list[str]:
    """Why joining `values` (one axis where position compares them, a ranking, a sum) would
    compare unlike things: each must declare its quantity, all the same one in one unit, and
    they must come from one source (source_problems)."""
    undeclared = [v.id for v in values if v.quantity is None]
    if undeclared:
        return [f"a comparison joins only values that declare their quantity (expected a 'quantity' on each; got none on: {', '.join(undeclared)})"]
    problems = []
    quantities: dict[tuple, list[str]] = {}
    for v in values:
        quantities.setdefault((v.quantity, *unit_key(v)), []).append(v.id)
    if len(quantities) > 1:
        got = "; ".join(f"{q[0]} ({', '.join(ids)})" for q, ids in quantities.items())
        problems.append(f"unlike quantities joined (expected one quantity in one unit, got {got})")
    return problems + source_problems(values)


def source_problems(values: list) -> list[str]:
    """One source must report all the joined values, except values whose `same_count` cites why
    they count the same thing (an editorial reading is not enough)."""
    sourced = [v for v in values if v.same_count is None]
    if sourced and not set.intersection(*({c.source for c in v.cite} for v in sourced)):
        got = "; ".join(f"{v.id} ({', '.join(c.source for c in v.cite)})" for v in sourced)
        return [
            f"values from different sources joined (expected one source to report them all, or a 'same_count' citing why they count the same thing; got {got})"
        ]
    return []


def finding_problems(finding: Any, indicators: dict) -> list[tuple[tuple, str]]:
    """(where inside the finding, problem): every language names the same values, each an
    indicator; what a finding compares it names, and it compares at least two like values."""
    found: list[tuple[tuple, str]] = []
    named = {}
    for lang, text in finding.text.root.items():
        named[lang] = re.findall(PLACEHOLDER, text)
        for wanted in dict.fromkeys(named[lang]):
            if wanted not in indicators:
                close = difflib.get_close_matches(wanted, list(indicators), n=1)
                hint = f"; did you mean '{close[0]}'?" if close else ""
                found.append((("text", lang), f"unknown indicator id (expected one of indicators.yaml ids, got '{{{wanted}}}'){hint}"))
    first = next(iter(named), None)  # as written first
    for lang, ids in named.items():
        if set(ids) != set(named[first]):
            found.append((("text", lang), f"every language names the same values (expected {sorted(set(named[first]))} as in {first}, got {sorted(set(ids))})"))
    if finding.compares is None:
        return found
    unnamed = [i for i in finding.compares if i not in named.get(first, [])]
    if unnamed:
        found.append((("compares",), f"a finding compares values it states (expected each in its text, got {', '.join(unnamed)} not in it)"))
    values = [indicators[i] for i in finding.compares if i in indicators]
    if len(values) < 2:
        found.append((("compares",), f"a ranking or comparison needs at least two comparable values (expected two or more, got {len(values)})"))
        return found
    return found + [(("compares",), problem) for problem in join_problems(values)]
