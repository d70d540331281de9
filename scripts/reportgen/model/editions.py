"""Editions: the dated releases of the report (data/editions.yaml), each tied to a git tag, with
the reasons for what it corrected. Readers see what changed between editions; the reason is data
(in zh and en, zh-Hant through OpenCC) so that it is translated and reviewed like any other text."""

from __future__ import annotations

from collections import Counter
from typing import Annotated

from pydantic import Field, StringConstraints

from reportgen.model.schema import Date, Id, NonEmpty, Strict, Text

TAG_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._/-]*$"
Tag = Annotated[str, StringConstraints(pattern=TAG_PATTERN)]


class Correction(Strict):
    id: Id = Field(description="The id of the record it concerns (an indicator, a named item, a list...).")
    field: NonEmpty | None = Field(
        default=None, description="The field it concerns (value, label, cite...); without it, the reason covers every change of the record."
    )
    reason: Text = Field(description="Why it changed, as readers will read it on the Changes page.")


class Edition(Strict):
    date: Date = Field(description="The date of the release; the latest edition's is site.edition.")
    tag: Tag = Field(description="The git tag of the commit released (e.g. edition-2026-11-22).")
    summary: Text = Field(description="One line: what this edition is or brings.")
    corrections: list[Correction] = Field(default_factory=list, description="Why records changed since the previous edition.")


def edition_problems(editions: list[Edition], site_edition) -> list[tuple[tuple, str]]:
    """(location, message) for what one entry cannot check: the order, the tags, the latest date."""
    problems: list[tuple[tuple, str]] = []
    for index in range(1, len(editions)):
        if editions[index].date <= editions[index - 1].date:
            earlier, date = editions[index - 1].date, editions[index].date
            problems.append((("editions", index, "date"), f"dates not increasing (expected after {earlier}, got {date}); list the oldest edition first"))
    for tag, count in Counter(e.tag for e in editions).items():
        if count > 1:
            last = max(i for i, e in enumerate(editions) if e.tag == tag)
            problems.append((("editions", last, "tag"), f"duplicate tag (expected each tag once, got '{tag}' {count} times)"))
    if editions and site_edition is not None and editions[-1].date != site_edition:
        got = editions[-1].date
        problems.append((("editions", len(editions) - 1, "date"), f"latest edition not site.edition (expected {site_edition} as in site.yaml, got {got})"))
    return problems
