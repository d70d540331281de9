"""The report itself (data/site.yaml): its names, dates and licence, and what the engine must
not assume: its languages, units, what it compares and the attributes of each, where its sources
are. Split from schema.py, which holds the entries of the other files."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StringConstraints

from reportgen.languages import Language
from reportgen.model.schema import HTTPS_PATTERN, Date, Id, LangCode, NonEmpty, Strict, Text

# How a unit's numbers are written: compact (5000亿 / 500 billion, the shortest exact form),
# counted (grouped digits; in Chinese, from ten thousand on, 5万), digits (always grouped digits),
# percentage (the value is a number of percent: 30%).
NumberStyle = Literal["compact", "counted", "digits", "percentage"]


def _attribute_safe(text: str) -> str:
    if '"' in text:
        raise ValueError(f"a straight double quote is not allowed here (the theme prints this text inside HTML attributes); use “ ” instead (got {text!r})")
    return text


class SiteText(Text):
    """A site-wide name the theme prints unescaped, also inside HTML attributes: plain text
    without straight double quotes."""

    root: dict[LangCode, Annotated[NonEmpty, AfterValidator(_attribute_safe)]]


def _catalogue_length(text: str) -> str:
    if not 50 <= len(text) <= 5000:
        raise ValueError(f"a description of 50 to 5,000 characters is expected (what dataset search engines ask for); got {len(text):,}")
    return text


class CatalogueText(Text):
    """A description that search engines and data catalogues show: 50 to 5,000 characters in each language."""

    root: dict[LangCode, Annotated[NonEmpty, AfterValidator(_catalogue_length)]]


class Licence(Strict):
    name: NonEmpty = Field(description="SPDX identifier, e.g. CC-BY-4.0.")
    url: Annotated[str, StringConstraints(pattern=HTTPS_PATTERN)] = Field(description="Where the licence text is (https).")
    title: Text


class EntityType(Strict):
    one: Text = Field(description="The word for one item (a table row).")
    many: Text = Field(description="The word for several (a heading over a group).")


class UnitSpec(Strict):
    """A unit the report's values are in: how a value is written and named in each language."""

    written: Text = Field(
        description="A value written out: {number} stands for the number, {counter} for an indicator's counter "
        "(e.g. {zh: '{number}元', en: 'CNY {number}'}; {zh: '{number}{counter}', en: '{number} {counter}'})."
    )
    name: Text = Field(description="The unit's name on a figure's axis and legend (e.g. {zh: 元, en: CNY}).")
    numbers: NumberStyle = Field(
        default="digits",
        description="How its numbers are written: compact (5000亿 / 500 billion), counted (grouped digits; in Chinese from "
        "ten thousand on as 万/亿), digits (grouped digits), percentage (the value is a number of percent).",
    )


class Site(Strict):
    title: SiteText
    subtitle: SiteText
    data_description: CatalogueText = Field(description="What the data package holds, as its description and in the Data page's schema.org Dataset.")
    meeting_date: Date = Field(description="Date of the meetings the report covers.")
    cover_date_label: Text | None = Field(default=None, description="What the PDF cover says before meeting_date (e.g. 'Meetings held').")
    edition: Date = Field(description="Date of this edition of the data; used in PDFs.")
    licence: Licence = Field(
        description="Terms of this report's own compilation (tables, figures, text), stated in its data package; quotations remain their publishers'."
    )
    opencc_profile: Literal["s2t", "s2tw", "s2twp", "s2hk"] = Field(
        default="s2tw",
        description="OpenCC profile for Traditional Chinese: s2tw gives Taiwan's standard forms (為, 群); "
        "s2t OpenCC's own (爲, 羣); s2twp also swaps vocabulary and may alter names. Quotations never pass through it.",
    )
    author: Text
    opencc_phrases: dict[NonEmpty, NonEmpty] = Field(
        default_factory=dict,
        description="Simplified phrase -> exact Traditional form, for names OpenCC gets wrong.",
    )
    languages: list[Language] = Field(
        min_length=1,
        description="The editions, the original first, each with its Babel locales, HTML language, region, script and faces; "
        "a language `from` another is made from it with OpenCC, one that `translates` another tracks its original.",
    )
    sources_folder: Annotated[str, StringConstraints(pattern=r"^(\.\./)*[A-Za-z0-9_][A-Za-z0-9._-]*(/[A-Za-z0-9_][A-Za-z0-9._-]*)*$")] | None = Field(
        default=None,
        description="Where the archived copies of the sources (sources.yaml's `file`) are, relative to the report's folder "
        "(e.g. ../shared/seeds): read to check that every quotation is verbatim; the articles themselves are never committed.",
    )
    attributes: dict[Id, Text] = Field(
        default_factory=dict,
        description="What each entry of cities.yaml says besides its name, each a text, with its label as a comparison's row "
        "(e.g. positioning: {zh: 定位, en: Positioning}).",
    )
    compared: Text = Field(
        description="What the report compares, as a table's column head and a figure's legend title (e.g. {zh: 城市, en: City}); "
        "the entries of cities.yaml are these."
    )
    topics: list[Id] = Field(min_length=1, description="The report's subject areas: each indicator names one, and selections pick by them.")
    entity_types: dict[Id, EntityType] = Field(
        min_length=1,
        description="The kinds of named item, each with the words tables show for one and for several "
        "(e.g. fund: {one: {zh: 基金, en: fund}, many: {zh: 基金, en: funds}}).",
    )
    quantities: dict[Id, Text] = Field(
        default_factory=dict,
        description="The kinds of quantity the report compares, each with its name (e.g. new-fund: "
        "{zh: 新设基金, en: new fund}); values are joined (an axis, a multiple, a ranking) only within one.",
    )
    units: dict[Id, UnitSpec] = Field(
        min_length=1,
        description="The units the report's values are in, each with how a value is written and the unit's name "
        "(e.g. yuan: {written: {zh: '{number}元', en: 'CNY {number}'}, name: {zh: 元, en: CNY}, numbers: compact}).",
    )
