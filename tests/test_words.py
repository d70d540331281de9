"""reportgen.i18n.words: one catalogue per language with the same words, Traditional Chinese
through OpenCC with its exceptions."""

from __future__ import annotations

import pytest
import yaml
from reportgen.config import PATHS
from reportgen.i18n.localize import localizer
from reportgen.i18n.words import FOLDER, section
from reportgen.model.validate import load_dataset


def _keys(catalogue: dict) -> set[tuple[str, str]]:
    return {(name, key) for name, words in catalogue.items() for key in words}


def test_every_language_has_every_word() -> None:
    zh, en = (yaml.safe_load((FOLDER / f"{code}.yaml").read_text(encoding="utf-8")) for code in ("zh", "en"))
    assert _keys(zh) == _keys(en)
    exceptions = yaml.safe_load((FOLDER / "zh-Hant.yaml").read_text(encoding="utf-8")) or {}
    assert _keys(exceptions) <= _keys(zh)


@pytest.mark.parametrize(
    ("code", "expected", "without_exception"), [("zh", "在线版", "在线版"), ("zh-Hant", "線上版", "在線版"), ("en", "Online edition", "Online edition")]
)
def test_traditional_words_come_from_opencc_unless_excepted(code: str, expected: str, without_exception: str) -> None:
    loc = localizer(code, load_dataset(PATHS.data))
    words = {"zh": {"online": "在线版"}, "en": {"online": "Online edition"}}
    assert loc.word({**words, "zh-Hant": {"online": "線上版"}}, "online") == expected
    assert loc.word({**words, "zh-Hant": {}}, "online") == without_exception
    assert loc.word(section("pdf"), "contents") == {"zh": "目录", "zh-Hant": "目錄", "en": "Contents"}[code]
