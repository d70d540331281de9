"""reportgen.render.tables: every table kind of the schema has its renderer; cells are escaped;
values read as phrases; the derived table shows inputs and formulas."""

from __future__ import annotations

import typing

import pytest
from reportgen.config import PATHS
from reportgen.i18n.localize import localizer
from reportgen.model.schema import FigureKind, TableKind
from reportgen.model.validate import load_dataset
from reportgen.render import figures, tables


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(PATHS.data)


def test_every_kind_in_the_schema_has_one_renderer() -> None:
    assert set(tables.KINDS) == set(typing.get_args(TableKind))
    assert set(figures.KINDS) == set(typing.get_args(FigureKind))


def test_cell_escapes_html_markdown_and_the_delimiter() -> None:
    assert tables.cell("a | b <i>*c*</i>\nd") == r"a \| b &lt;i&gt;\*c\*&lt;/i&gt; d"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("zh", "高质量工业数据集：200个以上[^sz-datasets]"),
        ("en", "High-quality industrial datasets: at least 200 datasets[^sz-datasets]"),
    ],
)
def test_a_label_and_its_value_read_as_a_phrase(dataset, lang: str, expected: str) -> None:
    assert tables.TableRenderer(localizer(lang, dataset)).labelled("sz-datasets") == expected


def test_the_derived_table_shows_each_multiple_with_its_inputs(dataset) -> None:
    renderer = tables.TableRenderer(localizer("en", dataset))
    spec = next(t for t in dataset.tables if t.kind == "derived")
    rows = renderer.render(spec).splitlines()[2:]
    assert any("CNY 5 trillion[^sz-industrial-output] ÷ CNY 4.89 trillion (estimate)[^sz-industrial-output-2025] = ×1.02" in row for row in rows)
    # Two sources' counts of enabling centres are shown apart: no multiple joins them.
    assert not any("sz-enabling-centres" in row for row in rows)
    assert any("(this report’s reading)" in row and "double-digit growth" in row for row in rows)


def test_the_comparison_shows_the_rows_data_asks_for(dataset) -> None:
    spec = next(t for t in dataset.tables if t.kind == "comparison").model_copy(update={"rows": ["bet"], "entity_groups": [["fund"]]})
    lines = tables.TableRenderer(localizer("en", dataset)).render(spec).splitlines()
    assert [line.split(" | ")[0] for line in lines[2:]] == ["| Main bet", "| Funds"]


def test_a_comparison_without_rows_is_refused(data) -> None:
    from datafix import problems

    with open(data / "tables.yaml", "a", encoding="utf-8") as handle:
        handle.write("  - id: side-by-side\n    kind: comparison\n    title: {zh: 并列, en: Side by side}\n")
    assert problems(data) == [
        "data/tables.yaml:6:5: tables[1]: missing field 'rows' (expected the comparison's rows: site.yaml's attributes, meeting, targets)"
    ]


def test_the_attributes_of_what_a_report_compares_are_its_own(data) -> None:
    """site.yaml's attributes: each city gives each and no other; a comparison's rows name them or a built-in row."""
    from datafix import problems

    cities = data / "cities.yaml"
    cities.write_text(cities.read_text(encoding="utf-8").replace("    bet: {zh: AI+制造", "    bett: {zh: AI+制造", 1), encoding="utf-8")
    with open(data / "tables.yaml", "a", encoding="utf-8") as handle:
        handle.write("  - id: side-by-side\n    kind: comparison\n    rows: [positioning, bets]\n    title: {zh: 并列, en: Side by side}\n")
    found = problems(data)
    unknown = "unknown attribute (expected one of site.yaml's attributes: positioning, bet; got 'bett'); did you mean 'bet'?"
    assert f"data/cities.yaml:4:11: cities[0].bett: {unknown}" in found
    assert any(line.startswith("data/cities.yaml:2:5: cities[0]: missing attribute (expected each of site.yaml's attributes") for line in found)
    row = "unknown row (expected one of site.yaml's attributes and the built-in rows: positioning, bet, meeting, targets; got 'bets')"
    assert any(f"rows[1]: {row}" in line for line in found)
