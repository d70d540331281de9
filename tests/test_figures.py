"""reportgen.figures: the chart rules hold for every figure, in code and in validation, and
the narrow drawing a phone gets keeps its text at reading size without splitting words."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from datafix import declare_quantities, edit, problems
from reportgen.config import PATHS
from reportgen.i18n.localize import localizer
from reportgen.i18n.words import section
from reportgen.model.validate import load_dataset
from reportgen.render import figures

PHONE_CONTENT_PX = 358  # a 390 px phone, less Material's margins
PX_PER_PT = 96 / 72
MIN_PHONE_PX = 11


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(PATHS.data)


def _bars(ax) -> list:
    from matplotlib.patches import Rectangle

    return [p for p in ax.patches if isinstance(p, Rectangle)]


def _collisions(texts) -> list[tuple[str, str]]:
    """Pairs of drawn texts whose boxes overlap."""
    shown = [(t.get_text(), t.get_window_extent()) for t in texts if t.get_text() and t.get_visible()]
    return [(a, b) for i, (a, box) in enumerate(shown) for b, other in shown[i + 1 :] if box.overlaps(other)]


@pytest.mark.parametrize("lang", ["zh", "zh-Hant", "en"])
@pytest.mark.parametrize("size", figures.SIZES, ids=["wide", "narrow"])
def test_every_figure_keeps_the_chart_rules(dataset, lang, size) -> None:
    """A bar only on a linear axis from zero; a log axis has dots, a label on every tick, at
    least three labelled ticks and no mark beyond the last one (phones too); colour that encodes
    the city has a legend."""
    loc = localizer(lang, dataset)
    for spec in dataset.figures:
        fig = figures.draw(spec, loc, size)
        fig.canvas.draw()
        for ax in fig.axes:
            if ax.get_xscale() == "log":
                assert not _bars(ax), f"{spec.id}: bars on a log axis"
                labels = [t.get_text() for t in ax.get_xticklabels()]
                assert labels and all(labels), f"{spec.id}: unlabelled log ticks {labels}"
                assert len(labels) >= 3, f"{spec.id}: only {len(labels)} labelled ticks {labels}"
                drawn = [x for coll in ax.collections for x, _ in coll.get_offsets()]
                ticks = ax.get_xticks()
                assert min(ticks) <= min(drawn) and max(drawn) <= max(ticks), f"{spec.id}: marks beyond the labelled ticks {labels}"
            if _bars(ax):
                assert ax.get_xscale() == "linear" and ax.get_xlim()[0] == 0, f"{spec.id}: bars not from zero"
            for ticks in (ax.get_xticklabels(), ax.get_yticklabels()):
                assert not _collisions(ticks), f"{spec.id}: tick labels collide: {_collisions(ticks)}"
            notes = [t for t in ax.texts]
            assert not _collisions(notes), f"{spec.id}: value notes collide: {_collisions(notes)}"
        cities = {r.city for r in figures.figure_rows(spec, loc)}
        colours = {tuple(c) for ax in fig.axes for coll in ax.collections for c in coll.get_facecolors()} | {
            p.get_facecolor() for ax in fig.axes for p in _bars(ax)
        }
        if len(cities) > 1:
            assert fig.legends, f"{spec.id}: city colours without a legend"
        elif spec.kind != "money_scale":
            assert len({c for c in colours if c[:3] != (1.0, 1.0, 1.0)}) <= 1, f"{spec.id}: colour that encodes nothing"
        figures.pyplot().close(fig)


def _figure(data: Path, kind: str, ids: list[str]) -> None:
    edit(data, "figures.yaml", "kind: dumbbell", f"kind: {kind}")
    edit(data, "figures.yaml", "select: {city: [suzhou], kind: [target]}", f"select: {{ids: [{', '.join(ids)}]}}")


def test_a_scale_chart_draws_one_unit_only(data: Path) -> None:
    _figure(data, "money_scale", ["sz-fund", "sz-datasets"])
    assert problems(data) == [
        "data/figures.yaml:7:13: figures[0].select: one unit per axis (kind 'money_scale' draws amounts of one unit, here 'yuan'; got other units: sz-datasets)"
    ]


def test_a_panel_of_one_row_is_refused(data: Path) -> None:
    _figure(data, "hbar", ["sz-datasets", "sz-datasets-2025", "sz-fund"])
    assert problems(data) == [
        "data/figures.yaml:7:13: figures[0].select: one unit per axis, and each axis compares at least two rows "
        "(a panel per unit; these would stand alone: sz-fund); show single values in a table"
    ]


def test_a_figure_with_nothing_to_draw_is_refused(data: Path) -> None:
    _figure(data, "growth", ["sz-fund"])
    assert problems(data) == [
        "data/figures.yaml:7:13: figures[0].select: nothing to draw (kind 'growth' draws targets with a baseline; got 1 indicator(s) that are not: sz-fund)"
    ]


def test_a_multiple_of_unlike_measures_is_refused(data: Path) -> None:
    edit(data, "indicators.yaml", "    baseline: sz-datasets-2025\n    measure: datasets\n", "    baseline: sz-datasets-2025\n    measure: other\n")
    assert problems(data) == [
        "data/indicators.yaml:23:15: indicators[1].baseline: a multiple compares like with like (expected the target "
        "and its baseline 'sz-datasets-2025' to give the same measure, got 'other' and 'datasets')"
    ]


def test_units_get_a_panel_each(data: Path) -> None:
    _figure(data, "hbar", ["sz-datasets", "sz-datasets-2025"])
    declare_quantities(data, {"sz-datasets": "datasets", "sz-datasets-2025": "datasets"})
    dataset = load_dataset(data)
    fig = figures.draw(dataset.figures[0], localizer("en", dataset))
    assert len(fig.axes) == 1 and [t.get_text().replace("\n", " ") for t in fig.axes[0].get_yticklabels()] == [
        "High-quality industrial datasets",
        "High-quality industrial datasets",
    ]


def _displayed_px(svg: str) -> float:
    """The smallest text of an SVG as a 390 px phone shows it (shrunk to the content width)."""
    width = float(re.search(r'<svg[^>]*\swidth="([0-9.]+)pt"', svg).group(1))
    smallest = min(float(x) for x in re.findall(r"font-size: ([0-9.]+)px", svg))
    return smallest * min(PX_PER_PT, PHONE_CONTENT_PX / width)


@pytest.fixture(scope="module")
def built_dataset(built_site):
    """The data the shared build drew its figures from."""
    return load_dataset(built_site.root / "data")


def _published(built_site, lang: str, name: str) -> str:
    """A figure's file as the built site publishes it (drawn once, by the shared build)."""
    return (built_site.site / PATHS.lang_dir(lang) / "figures" / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["zh", "zh-Hant", "en"])
def test_narrow_drawings_keep_text_readable_on_a_phone(built_site, built_dataset, lang: str) -> None:
    """On a 390 px phone every text of the narrow drawing is 11 px or more; the wide one would not be."""
    for spec in built_dataset.figures:
        assert _displayed_px(_published(built_site, lang, f"{spec.id}.narrow.svg")) >= MIN_PHONE_PX, spec.id
        assert _displayed_px(_published(built_site, lang, f"{spec.id}.svg")) < MIN_PHONE_PX, spec.id


@pytest.mark.parametrize(
    ("text", "chars", "expected"),
    [
        ("制造业重点行业人工智能应用赋能中心", 8, "制造业重点行业\n人工智能应用赋能\n中心"),
        ("累计主导或参与研制“AI+制造”领域各类标准", 10, "累计主导或参与研制\n“AI+制造”领域\n各类标准"),
        ("苏州：赋能中心目标比2025年大幅增加", 8, "苏州：赋能中心\n目标比2025年\n大幅增加"),
    ],
)
def test_chinese_wraps_between_words(dataset, text: str, chars: int, expected: str) -> None:
    assert figures.wrap(localizer("zh", dataset), text, {"cjk": chars, "latin": 0}) == expected


def test_english_wraps_between_words(dataset) -> None:
    en = localizer("en", dataset)
    assert figures.wrap(en, "Total size of the dedicated AI fund", {"cjk": 0, "latin": 16}) == "Total size of\nthe dedicated AI\nfund"
    assert figures.wrap(en, "open-competition projects", {"cjk": 0, "latin": 10}) == "open-\ncompetition\nprojects"


def test_the_collision_check_sees_an_overlap() -> None:
    fig, ax = figures.pyplot().subplots()
    first, second, apart = ax.text(0.5, 0.5, "1M"), ax.text(0.52, 0.5, "10B"), ax.text(0.1, 0.1, "1T")
    fig.canvas.draw()
    assert _collisions([first, second, apart]) == [("1M", "10B")]
    figures.pyplot().close(fig)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_drawn_value_has_a_title_and_a_place_in_the_tab_order(built_site, built_dataset, lang: str) -> None:
    """Opened full size, each mark's value note carries what is measured, the value and the
    source as an SVG <title> (a tooltip; what a screen reader reads), and is reached with Tab."""
    loc = localizer(lang, built_dataset)
    for spec in built_dataset.figures:
        svg = _published(built_site, lang, f"{spec.id}.svg")
        titles = re.findall(r'<g id="mark-\d+" tabindex="0"><title>([^<]+)</title>', svg)
        described = list(figures.KINDS[spec.kind].describe(loc, figures.figure_rows(spec, loc)))  # one per drawn value
        assert len(titles) == len(described) > 0, spec.id
        assert all(loc.word(section("figure"), "source") in t for t in titles)
        assert "g[tabindex]:focus" in svg


@pytest.mark.parametrize("lang", ["zh", "zh-Hant", "en"])
def test_a_figures_csv_and_table_view_hold_exactly_what_it_draws(built_site, built_dataset, lang: str) -> None:
    """Row for row, in drawing order, the CSV and the Table view hold the drawn marks with the
    drawn values (each mark's tooltip); a multiple's row has both inputs, the formula and the result."""
    import csv
    import io

    from reportgen.render.tables import TableRenderer

    loc = localizer(lang, built_dataset)
    for spec in built_dataset.figures:
        tips = re.findall(r'<g id="mark-\d+" tabindex="0"><title>([^<]+)</title>', _published(built_site, lang, f"{spec.id}.svg"))
        rows = list(csv.DictReader(io.StringIO(_published(built_site, lang, f"{spec.id}.csv").lstrip("\ufeff"))))
        table = [line for line in figures.data_table(spec, TableRenderer(loc)).splitlines()[2:] if line.startswith("|")]
        assert len(tips) == len(rows) == len(table) > 0, spec.id
        for tip, row, line in zip(tips, rows, table, strict=True):
            shown = [row["earlier_display"], row["target_display"]] if "multiple" in row else [row["display"]]
            ids = [row["earlier_id"], row["target_id"]] if "multiple" in row else [row["id"]]
            straight = figures.STRAIGHT_QUOTES  # English drawings use straight quotes (CJK fonts draw curly ones full-width)
            assert all(value.translate(straight) in html.unescape(tip).translate(straight) for value in shown), (spec.id, tip, shown)
            assert [f"[^{i}]" in line for i in ids] == [True] * len(ids), (spec.id, line)
            if "multiple" in row:
                assert row["formula"] == "target_value / earlier_value"
                assert float(row["multiple"]) == round(float(row["target_value"]) / float(row["earlier_value"]), 4)
                assert f"×{loc.number(round(float(row['multiple']), 2), 'count')}" in line
