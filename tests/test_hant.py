"""Traditional Chinese from OpenCC, with the project's phrase dictionary winning."""

from __future__ import annotations

from reportgen.i18n.hant import HantConverter


def test_s2t_converts_characters_only() -> None:
    convert = HantConverter("s2t")
    assert convert("软件和信息服务 规上工业 揭榜挂帅") == "軟件和信息服務 規上工業 揭榜掛帥"


def test_phrase_dictionary_overrides_opencc() -> None:
    convert = HantConverter("s2t", {"苏州": "SUZHOU-FIXED"})
    assert convert("苏州和南京") == "SUZHOU-FIXED和南京"


def test_longest_phrase_wins() -> None:
    convert = HantConverter("s2t", {"宁科": "A", "宁科荟": "寧科薈"})
    assert convert("宁科荟平台") == "寧科薈平臺"
