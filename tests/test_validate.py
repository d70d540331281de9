"""Bad input in data/ gives exactly one readable line per problem, with file, line and column."""

from __future__ import annotations

from pathlib import Path

import pytest
from datafix import declare_quantities, edit, problems
from reportgen.model.validate import load_dataset


def test_fixture_is_valid(data: Path) -> None:
    dataset = load_dataset(data)
    assert [i.id for i in dataset.indicators] == ["sz-datasets-2025", "sz-datasets", "sz-fund"]


BAD_INPUTS = [
    pytest.param(
        "glossary.yaml",
        "zh: 揭榜挂帅",
        "zh: [揭榜挂帅",
        "data/glossary.yaml:3:9: YAML syntax error: the [list] opened at 3:9 is not closed with ']', or an item in it holds a ':' "
        "(put that item in quotes) (parser: did not find expected ',' or ']'; while parsing a flow sequence at 4:7)",
        id="yaml-syntax",
    ),
    pytest.param(
        "indicators.yaml",
        "value: 200\n",
        "value: lots\n",
        "data/indicators.yaml:17:12: indicators[1].value: expected a number (digits only: no unit, no quotes), got text 'lots'",
        id="wrong-type",
    ),
    pytest.param(
        "indicators.yaml",
        "value: 200\n",
        "vaule: 200\n",
        "data/indicators.yaml:17:5: indicators[1].vaule: unknown field (expected one of: id, city, topic, label, value, unit, counter, "
        "kind, qualifier, quantity, period, baseline, measure, same_count, interpretation, interpretation_of, note, cite; "
        "got 'vaule'); did you mean 'value'?",
        id="unknown-key",
    ),
    pytest.param(
        "cities.yaml",
        "name: {zh: 苏州, en: Suzhou}",
        "name: {zh: 苏州}",
        "data/cities.yaml:3:11: cities[0].name: missing text (expected one in every language people write: zh, en; got none in en)",
        id="missing-language",
    ),
    pytest.param(
        "cities.yaml",
        "source: src-a, quote: 智造之城",
        "source: src-x, quote: 智造之城",
        "data/cities.yaml:6:21: cities[0].cite[0].source: unknown source id (expected one of sources.yaml ids, got 'src-x'); did you mean 'src-a'?",
        id="dangling-reference",
    ),
    pytest.param(
        "indicators.yaml",
        "id: sz-fund",
        "id: sz-datasets",
        "data/indicators.yaml:26:9: indicators[2].id: duplicate id (expected each id once in indicators, got 'sz-datasets' 2 times)",
        id="duplicate-id",
    ),
    pytest.param(
        "indicators.yaml",
        "value: 20\n",
        "value: -20\n",
        "data/indicators.yaml:6:12: indicators[0].value: expected greater than or equal to 0, got -20",
        id="negative-count",
    ),
    pytest.param(
        "indicators.yaml",
        "unit: yuan",
        "unit: euro",
        "data/indicators.yaml:31:11: indicators[2].unit: unknown unit (expected one of the units in site.yaml, got 'euro')",
        id="unknown-unit",
    ),
    pytest.param(
        "figures.yaml",
        "city: [suzhou]",
        "city: [suzhuo]",
        "data/figures.yaml:7:21: figures[0].select.city[0]: unknown city id (expected one of cities.yaml ids, got 'suzhuo'); did you mean 'suzhou'?",
        id="figure-names-unknown-city",
    ),
    pytest.param(
        "indicators.yaml",
        "topic: finance",
        "topic: finace",
        "data/indicators.yaml:28:12: indicators[2].topic: unknown topic (expected one of the topics in site.yaml, got 'finace'); did you mean 'finance'?",
        id="topic-not-in-vocabulary",
    ),
    pytest.param(
        "entities.yaml",
        "type: document",
        "type: documnet",
        "data/entities.yaml:4:11: entities[0].type: unknown entity type (expected one of the entity_types in site.yaml, got "
        "'documnet'); did you mean 'document'?",
        id="entity-type-not-in-vocabulary",
    ),
    pytest.param(
        "indicators.yaml",
        "baseline: sz-datasets-2025",
        "baseline: sz-fund",
        "data/indicators.yaml:23:15: indicators[1].baseline: a baseline compares a target with an actual or estimated figure in "
        "the same unit (expected a target and an 'actual' or 'estimate' in unit 'count', got 'target' against 'budget' in unit 'yuan')",
        id="baseline-of-wrong-kind",
    ),
    pytest.param(
        "indicators.yaml",
        "    baseline: sz-datasets-2025\n    measure: datasets\n",
        "    baseline: sz-datasets-2025\n    measure: high-quality-datasets\n",
        "data/indicators.yaml:23:15: indicators[1].baseline: a multiple compares like with like (expected the target and its "
        "baseline 'sz-datasets-2025' to give the same measure, got 'high-quality-datasets' and 'datasets')",
        id="multiple-of-unlike-measures",
    ),
    pytest.param(
        "sources.yaml",
        "language: zh-Hans",
        "language: French",
        "data/sources.yaml:6:15: sources[0].language: invalid language (expected a language code such as zh, zh-Hant, en or ja, got 'French')",
        id="bad-enum",
    ),
    pytest.param(
        "indicators.yaml",
        "indicators:",
        "indicator:",
        "data/indicators.yaml:1:1: expected a top-level key 'indicators', got keys ['indicator']",
        id="wrong-top-level-key",
    ),
    pytest.param(
        "site.yaml",
        "    en: A description of the test data package, long enough for dataset search engines to accept it.\n",
        "    en: Too short for a catalogue.\n",
        "data/site.yaml:14:9: site.data_description.en: a description of 50 to 5,000 characters is expected (what dataset search engines ask for); got 26",
        id="catalogue-description-too-short",
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "expected"), BAD_INPUTS)
def test_bad_input_message(data: Path, file: str, old: str, new: str, expected: str) -> None:
    edit(data, file, old, new)
    assert expected in problems(data)


def test_non_utf8_file(data: Path) -> None:
    path = data / "cities.yaml"
    path.write_bytes(path.read_bytes().replace("苏州".encode(), "苏州".encode("gb18030"), 1))
    assert problems(data) == ["data/cities.yaml:3:16: file is not UTF-8 (expected UTF-8 text, got byte 0xcb); re-save it as UTF-8"]


def test_all_problems_listed_at_once(data: Path) -> None:
    edit(data, "indicators.yaml", "unit: yuan", "unit: euro")
    edit(data, "cities.yaml", "source: src-a, quote: 智造之城", "source: src-x, quote: 智造之城")
    edit(data, "meetings.yaml", "date: 2026-01-04", "date: someday")
    found = problems(data)
    assert len(found) == 3
    assert [p.split(":")[0] for p in found] == ["data/cities.yaml", "data/indicators.yaml", "data/meetings.yaml"]
    assert all(p.count("\n") == 0 for p in found)


def test_missing_file(data: Path) -> None:
    (data / "glossary.yaml").unlink()
    assert "data/glossary.yaml:1:1: file is missing (expected data/glossary.yaml with key 'glossary')" in problems(data)


# Like for like: what make check refuses to join (an axis, a multiple, a ranking, a finding).
SECOND_SOURCE = (
    "  - id: src-b\n    publisher: {zh: 创客公社, en: Chuangke Gongshe}\n    byline: {zh: 编辑, en: Desk}\n    language: zh-Hant\n    file: 001.txt\n"
)


def _finding(data: Path, text_ids: list[str], compares: list[str]) -> None:
    placeholders = "".join(f"{{{i}}}" for i in text_ids)
    (data / "findings.yaml").write_text(
        f"findings:\n  - id: f\n    text: {{zh: '甲{placeholders}', en: 'A {placeholders}'}}\n    compares: [{', '.join(compares)}]\n", encoding="utf-8"
    )


def test_a_finding_that_compares_unlike_quantities_is_refused(data: Path) -> None:
    declare_quantities(data, {"sz-datasets": "datasets", "sz-fund": "fund-pool"})
    _finding(data, ["sz-datasets", "sz-fund"], ["sz-datasets", "sz-fund"])
    assert problems(data) == [
        "data/findings.yaml:4:15: findings[0].compares: unlike quantities joined (expected one quantity in one unit, "
        "got datasets (sz-datasets); fund-pool (sz-fund))"
    ]


def test_a_finding_that_compares_undeclared_values_is_refused(data: Path) -> None:
    _finding(data, ["sz-datasets", "sz-datasets-2025"], ["sz-datasets", "sz-datasets-2025"])
    assert problems(data) == [
        "data/findings.yaml:4:15: findings[0].compares: a comparison joins only values that declare their quantity "
        "(expected a 'quantity' on each; got none on: sz-datasets, sz-datasets-2025)"
    ]


def test_a_ranking_of_one_value_is_refused(data: Path) -> None:
    _finding(data, ["sz-fund"], ["sz-fund"])
    assert problems(data) == [
        "data/findings.yaml:4:15: findings[0].compares: a ranking or comparison needs at least two comparable values (expected two or more, got 1)"
    ]


def test_a_finding_names_its_values_in_every_language(data: Path) -> None:
    (data / "findings.yaml").write_text("findings:\n  - id: f\n    text: {zh: '甲{sz-fund}', en: 'A {sz-fnd}'}\n", encoding="utf-8")
    assert problems(data) == [
        "data/findings.yaml:3:34: findings[0].text.en: every language names the same values (expected ['sz-fund'] as in zh, got ['sz-fnd'])",
        "data/findings.yaml:3:34: findings[0].text.en: unknown indicator id (expected one of indicators.yaml ids, got '{sz-fnd}'); did you mean 'sz-fund'?",
    ]


def test_a_comparison_across_sources_needs_a_cited_reason(data: Path) -> None:
    (data / "sources.yaml").write_text((data / "sources.yaml").read_text(encoding="utf-8") + SECOND_SOURCE, encoding="utf-8")
    edit(data, "indicators.yaml", "cite: [{source: src-a, quote: 发布数据集20个}]", "cite: [{source: src-b, quote: 發佈數據集20個}]")
    assert problems(data) == [
        "data/indicators.yaml:23:15: indicators[1].baseline: a multiple of its baseline: values from different sources "
        "joined (expected one source to report them all, or a 'same_count' citing why they count the same thing; "
        "got sz-datasets (src-a); sz-datasets-2025 (src-b))"
    ]
    edit(
        data,
        "indicators.yaml",
        "    baseline: sz-datasets-2025\n",
        "    baseline: sz-datasets-2025\n    same_count:\n      reason: {zh: 两者都数数据集, "
        "en: Both count datasets}\n      cite: [{source: src-b, quote: 發佈數據集20個}]\n",
    )
    assert load_dataset(data).indicators[1].same_count is not None


def test_an_axis_of_unlike_quantities_is_refused(data: Path) -> None:
    edit(data, "figures.yaml", "select: {city: [suzhou], kind: [target]}", "select: {ids: [sz-datasets, sz-datasets-2025]}")
    edit(data, "figures.yaml", "kind: dumbbell", "kind: hbar")
    declare_quantities(data, {"sz-datasets": "datasets", "sz-datasets-2025": "published-datasets"})
    assert problems(data) == [
        "data/figures.yaml:7:13: figures[0].select: unlike quantities joined (expected one quantity in one unit, "
        "got datasets (sz-datasets); published-datasets (sz-datasets-2025))"
    ]


def test_an_inventory_tells_its_quantities_apart(data: Path) -> None:
    edit(data, "figures.yaml", "select: {city: [suzhou], kind: [target]}", "select: {ids: [sz-fund]}")
    edit(data, "figures.yaml", "kind: dumbbell", "kind: money_scale")
    assert problems(data) == [
        "data/figures.yaml:7:13: figures[0].select: an inventory tells its quantities apart (kind 'money_scale' groups "
        "amounts by quantity; expected a 'quantity' on each, got none on: sz-fund)"
    ]
