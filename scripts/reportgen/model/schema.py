"""The data model of `data/*.yaml`.

These pydantic models are the contract with contributors: every field carries a
description, the JSON Schema published in `data/schema/` is generated from them
(editors autocomplete and flag errors as one types), and `make check` reports any
deviation with file, line and column.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, RootModel, StringConstraints, model_validator

from reportgen.languages import CODE_PATTERN
from reportgen.model.text import plain_text_problem

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
PERIOD_PATTERN = r"^(\d{4}(-\d{4})?( \(annual\))?|current|cumulative|unspecified)$"
Id = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN, max_length=60),
    Field(description="Stable identifier: lower-case ASCII words joined by '-'."),
]
FILE_NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
HTTPS_PATTERN = r"^https://[^\s\"<>]+$"
# The years a report's dates and periods may name: a year outside is a typo (1900, 20026).
YEAR_MIN, YEAR_MAX = 2000, 2100
# The largest value any indicator may hold, in its canonical unit (10^16: ten thousand
# trillion yuan); beyond it a number is a typo, and formatting it would lose digits.
VALUE_MAX = 1e16


def _plain(text: str) -> str:
    problem = plain_text_problem(text)
    if problem:
        raise ValueError(problem)
    return text


def _plausible_date(value: dt.date) -> dt.date:
    if not YEAR_MIN <= value.year <= YEAR_MAX:
        raise ValueError(f"implausible date (expected a year from {YEAR_MIN} to {YEAR_MAX}, got {value.isoformat()})")
    return value


def _plausible_period(period: str) -> str:
    years = [int(y) for y in re.findall(r"\d{4}", period)]
    if any(not YEAR_MIN <= y <= YEAR_MAX for y in years):
        raise ValueError(f"implausible year (expected years from {YEAR_MIN} to {YEAR_MAX}, got '{period}')")
    if len(years) == 2 and years[0] > years[1]:
        raise ValueError(f"reversed period (expected the earlier year first, e.g. '{years[1]}-{years[0]}', got '{period}')")
    return period


# Text a reader sees: plain text, never markup (see safe.py and CONTRIBUTING.md).
NonEmpty = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True), AfterValidator(_plain)]
Date = Annotated[dt.date, AfterValidator(_plausible_date)]

# What kind of statement a number is: never blurred (a forecast is not an achievement).
Kind = Literal["target", "budget", "cap", "estimate", "actual"]
# How the source bounds it: 超 over, 以上 at least, 左右 about, 最高 up to (a cap); a threshold
# keeps its own words: 突破 passes, 迈上…台阶 reaches (the level of).
Qualifier = Literal["exact", "over", "at_least", "about", "up_to", "passes", "reaches"]


class Strict(BaseModel):
    """Unknown keys are errors: a typo in a field name must not pass silently."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


LangCode = Annotated[str, StringConstraints(pattern=CODE_PATTERN), Field(description="A language the report declares (site.yaml's languages).")]


class _Texts(RootModel):
    """Texts by language code; read like a mapping (text["en"], text.get("zh-Hant"))."""

    model_config = ConfigDict(frozen=True)

    def __getitem__(self, code: str) -> str:
        return self.root[code]

    def get(self, code: str, default: str | None = None) -> str | None:
        return self.root.get(code, default)


class Text(_Texts):
    """A human-readable string, one per language the report declares (site.yaml's languages), keyed
    by its code: every language people write is required; a language made from another with OpenCC
    (zh-Hant) may give one, which overrides the conversion."""

    root: dict[LangCode, NonEmpty]


class Citation(Strict):
    source: Id = Field(description="Id of an entry in sources.yaml.")
    quote: NonEmpty = Field(description="The short original phrase, verbatim, in the source's own script.")


Cite = Annotated[list[Citation], Field(min_length=1, description="At least one citation.")]


class SameCount(Strict):
    """Why two values from different sources count the same thing: the report's statement of it and the words it rests on."""

    reason: Text
    cite: Cite


class Source(Strict):
    id: Id
    publisher: Text = Field(description="Who published the article.")
    byline: Text = Field(description="Authors as credited.")
    platform: Text | None = Field(default=None, description="Where it was carried, if not the publisher's own site.")
    title: Text | None = Field(default=None, description="Headline (zh: original; en: translation); left out when the archived copy has none.")
    language: LangCode = Field(description="Language of the original text, as a BCP 47 tag with its script where it matters (e.g. zh-Hans, zh-Hant, en).")
    published: Date | None = Field(default=None, description="Publication date, if stated.")
    file: Annotated[str, StringConstraints(pattern=FILE_NAME_PATTERN)] | None = Field(
        default=None, description="File name of the archived copy in site.yaml's sources_folder (a name only: no folder, no '..')."
    )
    url: Annotated[str, StringConstraints(pattern=HTTPS_PATTERN)] | None = Field(default=None, description="Where the article is published (https).")
    note: Text | None = None

    @model_validator(mode="after")
    def _found_somewhere(self) -> Source:
        if self.file is None and self.url is None:
            raise ValueError("a source needs its archived copy or its address (expected `file`, `url` or both, got neither)")
        return self


class City(Strict):
    """One of what the report compares (site.yaml's `compared`): its name, and a text for each of
    the attributes site.yaml declares (e.g. positioning, bet), cited."""

    model_config = ConfigDict(extra="allow", frozen=True, populate_by_name=True)
    __pydantic_extra__: dict[Id, Text] = Field(init=False)  # the declared attributes, each a text

    id: Id
    name: Text
    cite: Cite

    @property
    def attributes(self) -> dict[str, Text]:
        return dict(self.__pydantic_extra__ or {})


class Meeting(Strict):
    id: Id
    city: Id = Field(description="Id of an entry in cities.yaml.")
    date: Date
    name: Text = Field(description="Official name of the meeting.")
    summary: Text = Field(description="What happened, in two or three sentences.")
    cite: Cite


class Indicator(Strict):
    id: Id
    city: Id = Field(description="Id of an entry in cities.yaml.")
    topic: Id = Field(description="Subject area, one of site.yaml's topics; figures and tables select indicators by topic.")
    label: Text = Field(description="What is measured, e.g. 'industrial large models'.")
    value: float = Field(
        ge=0,
        le=VALUE_MAX,
        strict=True,
        allow_inf_nan=False,
        description=f"Value in the canonical unit: yuan in yuan (5.2亿 = 520000000); a finite number from 0 to {VALUE_MAX:.0e}.",
    )
    unit: Id = Field(description="Its unit, one of site.yaml's units (e.g. yuan, count).")
    counter: Text | None = Field(
        default=None, description="For a unit written with {counter}: the measure word/noun after the number, e.g. {zh: 个, en: models}."
    )
    kind: Kind = Field(
        description="What the source states: target (a goal, 目标/力争), budget (money set aside or committed), "
        "cap (the most one grant or person may receive, 最高), estimate (a forecast or projection, 预计/有望), "
        "actual (stated as done or existing)."
    )
    qualifier: Qualifier = Field(
        default="exact",
        description="How the source bounds the number (超 = over, 以上 = at_least, 左右 = about, 最高 = up_to, a cap; "
        "thresholds: 突破 = passes, 迈上…台阶 = reaches).",
    )
    quantity: Id | None = Field(
        default=None,
        description="What kind of quantity the value is, one of site.yaml's quantities (e.g. "
        "new-fund, fund-pool, grant-cap, industry-size): a figure's axis, a multiple, a ranking or a finding "
        "joins only values of one quantity.",
    )
    period: Annotated[str, StringConstraints(pattern=PERIOD_PATTERN), AfterValidator(_plausible_period)] = Field(
        description=f"A year ('2026'), a range ('2026-2030', earlier year first; years {YEAR_MIN}-{YEAR_MAX}), either with ' (annual)' for a yearly rate, "
        "or 'current' (existing stock), 'cumulative' (running total), 'unspecified' (the source gives no year)."
    )
    baseline: Id | None = Field(
        default=None, description="For a target: id of the actual or estimated figure it is compared with; both must give the same `measure`."
    )
    measure: Id | None = Field(
        default=None,
        description="What exactly is counted, as an id shared by a target and its baseline "
        "(e.g. above-size-industrial-output): a multiple is computed only between the same measure.",
    )
    same_count: SameCount | None = Field(
        default=None,
        description="For a target whose baseline no source of its own reports: "
        "the sources' words showing that both count the same thing. Without it the two are shown "
        "apart, never as a multiple.",
    )
    interpretation: Text | None = Field(
        default=None,
        description="Where the number or the year is this report's reading rather than "
        "the source's words: what the source says and how it is read. Shown with the value everywhere.",
    )
    interpretation_of: Literal["value", "period"] = Field(
        default="value",
        description="What the interpretation reads: the value (marked wherever it is shown) or only the period "
        "(e.g. a plan period read as its years: marked wherever the period is shown).",
    )
    note: Text | None = Field(default=None, description="Optional remark shown with the value (context, how the source words it).")
    cite: Cite


class Entity(Strict):
    id: Id
    city: Id | None = Field(default=None, description="Id of a city, or empty for region-wide entities.")
    type: Id = Field(description="What kind of named item this is, one of site.yaml's entity_types; tables of kind 'entities' select by type.")
    name: Text
    description: Text | None = None
    role: Text | None = Field(default=None, description="For a person: position as given in the source.")
    indicators: list[Id] = Field(default_factory=list, description="Ids of related indicators.")
    cite: Cite


class ListItem(Strict):
    id: Id
    name: Text
    summary: Text | None = None
    indicators: list[Id] = Field(default_factory=list)
    entities: list[Id] = Field(default_factory=list)


class StructuredList(Strict):
    id: Id
    city: Id
    title: Text
    indicators: list[Id] = Field(default_factory=list, description="Indicators about the list as a whole (e.g. its size).")
    items: list[ListItem] = Field(min_length=1)
    cite: Cite


class Variant(Strict):
    source: Id = Field(description="Id of an entry in sources.yaml.")
    quote: NonEmpty = Field(description="How this source states it, verbatim.")


class Discrepancy(Strict):
    id: Id
    subject: Text
    variants: list[Variant] = Field(min_length=2)
    comment: Text


class Term(Strict):
    id: Id
    zh: NonEmpty = Field(description="The term in Simplified Chinese.")
    zh_hant: NonEmpty | None = Field(default=None, alias="zh-Hant", description="Override of the generated Traditional form.")
    en: NonEmpty = Field(description="The one English rendering used everywhere.")
    en_forms: list[NonEmpty] = Field(
        default_factory=list,
        description="Short or adjectival English forms the glossary check also accepts, e.g. 'open-competition' (needs).",
    )
    explanation: Text

    def forms(self, lang: str) -> list[str]:
        """Other forms of its rendering in `lang` the glossary check accepts (en_forms for English)."""
        return {"en": self.en_forms}.get(lang, [])  # the glossary's own fields: its English forms

    @property
    def term_text(self) -> Text:
        """The term as a text of data/: a Chinese–English glossary's own forms, keyed by their languages."""
        return Text.model_construct({"zh": self.zh, "en": self.en} | ({"zh-Hant": self.zh_hant} if self.zh_hant else {}))


class Selection(Strict):
    """Which indicators a figure or table shows; all given criteria must hold.
    Criteria left out match everything, so a new city appears automatically."""

    ids: list[Id] | None = None
    city: list[Id] | None = None
    topic: list[Id] | None = None
    unit: list[Id] | None = None
    kind: list[Kind] | None = None


# {indicator-id} in a finding's text prints that value with its citation.
PLACEHOLDER = r"\{([a-z0-9]+(?:-[a-z0-9]+)*)\}"


class Finding(Strict):
    """A key finding on the home page: an editor's statement, in each language, with the values it rests on."""

    id: Id
    text: Text = Field(
        description="The statement; {indicator-id} prints that indicator's value with its citation, in every language. Every language names the same values."
    )
    compares: list[Id] | None = Field(
        default=None,
        description="When the statement ranks or compares values ('largest', 'more than', a sum or a multiple): "
        "the indicators it joins. They must be at least two and share one quantity and unit, and come from one source "
        "unless a same_count says why they count the same thing.",
    )
    page: Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]+$")] | None = Field(
        default=None, description="The page (name without .md) where the reader finds more; linked after the statement."
    )


FigureKind = Literal["hbar", "dumbbell", "money_scale", "growth"]


class Figure(Strict):
    id: Id
    kind: FigureKind = Field(
        description="Renderer: hbar (quantities, a panel per unit; bars from zero, or dots on a log axis when "
        "values span more than 30 times), dumbbell (the earlier figure → target), money_scale (every amount "
        "of one unit on one log axis), growth (target ÷ the earlier figure of the same measure)."
    )
    title: Text = Field(description="A title that states what the figure shows (its finding), not only its subject.")
    question: Text = Field(description="The reader's question this figure answers.")
    alt: Text = Field(description="Alt text: what the figure shows, for screen readers.")
    select: Selection


TableKind = Literal["indicators", "list", "entities", "comparison", "glossary", "discrepancies", "sources", "derived"]


# Rows of a comparison the engine fills itself, beside the attributes a report declares.
BUILT_IN_ROWS = ("meeting", "targets")


class Table(Strict):
    id: Id
    kind: TableKind = Field(
        description="What the table lists; 'list' needs `list`, 'entities' may set `entity_types`; "
        "'derived' lists every number the report computes and every reading of the sources it makes."
    )
    title: Text
    select: Selection | None = None
    list_id: Id | None = Field(default=None, alias="list", description="For kind 'list': id of a structured list.")
    entity_types: list[Id] | None = Field(default=None, description="For kind 'entities'.")
    rows: list[Id] | None = Field(
        default=None,
        description="For kind 'comparison': its rows, in order: the attributes site.yaml declares, and "
        + ", ".join(BUILT_IN_ROWS)
        + " (the meeting's name; the number of targets).",
    )
    entity_groups: list[list[Id]] | None = Field(
        default=None,
        description="For kind 'comparison': further rows naming each city's items of these types, one row per group, labelled by the group's last type.",
    )
