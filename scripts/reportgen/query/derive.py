"""Quantities computed from the data rather than typed in: growth multiples,
totals and counts. Pages and figures use these so nothing derived is hand-written."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from reportgen.model.dataset import Dataset
from reportgen.model.schema import Indicator


@dataclass(frozen=True)
class Growth:
    target: Indicator
    baseline: Indicator

    @property
    def multiple(self) -> float:
        return self.target.value / self.baseline.value if self.baseline.value else float("inf")


def indicator_map(dataset: Dataset) -> dict[str, Indicator]:
    return {i.id: i for i in dataset.indicators}


def growths(dataset: Dataset, indicators: list[Indicator] | None = None) -> list[Growth]:
    """Every target that names its baseline, in data order."""
    by_id = indicator_map(dataset)
    return [Growth(i, by_id[i.baseline]) for i in (indicators or dataset.indicators) if i.baseline]


def indicator_counts(dataset: Dataset) -> dict[str, Counter]:
    """Indicators per city and kind (target, budget, cap, estimate, actual)."""
    counts: dict[str, Counter] = {c.id: Counter() for c in dataset.cities}
    for ind in dataset.indicators:
        counts[ind.city][ind.kind] += 1
    return counts
