"""Numbers per locale through Babel: 万/亿/万亿 in Chinese, million/billion/trillion in English."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportgen.i18n.localize import compact, localizer
from reportgen.model.validate import load_dataset

FIXTURE = Path(__file__).parent / "fixtures" / "data"


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(FIXTURE)


@pytest.mark.parametrize(
    ("value", "zh", "en"),
    [
        (520_000_000, "5.2亿", "520 million"),
        (160_000_000, "1.6亿", "160 million"),
        (4_890_000_000_000, "4.89万亿", "4.89 trillion"),
        (5_000_000_000, "50亿", "5 billion"),
        (20_000_000, "2000万", "20 million"),
        (30_000_000_000, "300亿", "30 billion"),
        (1_234_500_000, "12.345亿", "1,234,500,000"),  # more than 3 decimals: full figure, never rounded
    ],
)
def test_compact_keeps_every_digit(value: float, zh: str, en: str) -> None:
    assert compact(value, "zh_Hans_CN", long=False) == zh
    assert compact(value, "en", long=True) == en


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("zh", ["20个", "200个以上", "1300亿元"]),
        ("zh-Hant", ["20個", "200個以上", "1300億元"]),
        ("en", ["20 datasets", "at least 200 datasets", "CNY 130 billion"]),
    ],
)
def test_indicator_values(dataset, lang: str, expected: list[str]) -> None:
    loc = localizer(lang, dataset)
    assert [loc.value(i) for i in dataset.indicators] == expected


# Each kind of statement reads the same way everywhere a value is shown: (kind, qualifier,
# interpreted?) -> the value and the kind word in zh, zh-Hant and en. A forecast is never an achievement.
STATEMENTS = [
    ("target", "at_least", False, ["4.89万亿元以上", "4.89萬億元以上", "at least CNY 4.89 trillion"], ["目标", "目標", "target"]),
    ("budget", "up_to", False, ["最高4.89万亿元", "最高4.89萬億元", "up to CNY 4.89 trillion"], ["资金安排", "資金安排", "budget"]),
    ("estimate", "exact", False, ["预计4.89万亿元", "預計4.89萬億元", "CNY 4.89 trillion (estimate)"], ["预计", "預計", "estimate"]),
    ("estimate", "over", False, ["预计超4.89万亿元", "預計超4.89萬億元", "over CNY 4.89 trillion (estimate)"], ["预计", "預計", "estimate"]),
    ("actual", "about", False, ["4.89万亿元左右", "4.89萬億元左右", "about CNY 4.89 trillion"], ["已实现", "已實現", "achieved"]),
    (
        "actual",
        "at_least",
        True,
        ["4.89万亿元以上（本报告解读）", "4.89萬億元以上（本報告解讀）", "at least CNY 4.89 trillion (this report’s reading)"],
        ["已实现", "已實現", "achieved"],
    ),
]


@pytest.mark.parametrize(("kind", "qualifier", "interpreted", "values", "words"), STATEMENTS)
def test_statement_kinds_in_three_languages(dataset, kind, qualifier, interpreted, values, words) -> None:
    reading = dataset.site.title if interpreted else None  # any Text: only its presence matters here
    amount = dataset.indicators[2].model_copy(update={"value": 4_890_000_000_000, "kind": kind, "qualifier": qualifier, "interpretation": reading})
    codes = ("zh", "zh-Hant", "en")
    assert [localizer(code, dataset).value(amount) for code in codes] == values
    assert [localizer(code, dataset).kind(kind) for code in codes] == words


def test_large_counts_and_percent(dataset) -> None:
    zh, en = localizer("zh", dataset), localizer("en", dataset)
    """The number styles a unit declares (site.yaml's units): Chinese writes large counts in 万."""
    assert zh.number(14_000, "counted") == "1.4万"
    assert en.number(14_000, "counted") == "14,000"
    assert zh.number(14_000, "digits") == "14,000"
    assert zh.number(90, "percentage") == "90%"
    assert en.number(5e10, "compact") == "50 billion" and zh.number(5e10, "compact") == "500亿"


@pytest.mark.parametrize(
    ("period", "zh", "hant", "en"),
    [
        ("2026", "2026年", "2026年", "2026"),
        ("2026-2030 (annual)", "2026—2030年（每年）", "2026—2030年（每年）", "2026–2030 (a year)"),
        ("cumulative", "累计", "累計", "cumulative"),
        ("unspecified", "未注明", "未註明", "not stated"),
    ],
)
def test_periods_in_words(dataset, period: str, zh: str, hant: str, en: str) -> None:
    assert [localizer(code, dataset).period(period) for code in ("zh", "zh-Hant", "en")] == [zh, hant, en]
