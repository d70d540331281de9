"""reportgen.i18n.words: one catalogue per language with the same words, Traditional Chinese
through OpenCC with its exceptions; a report's own catalogue adds a language or overrides words."""

from __future__ import annotations

import pytest
import yaml
from reportgen.config import PATHS
from reportgen.i18n import words as catalogue
from reportgen.i18n.localize import localizer
from reportgen.i18n.words import ENGINE, section
from reportgen.model.validate import load_dataset


def _keys(catalogue: dict) -> set[tuple[str, str]]:
    return {(name, key) for name, words in catalogue.items() for key in words}


def test_every_language_has_every_word() -> None:
    zh, en, ja = (yaml.safe_load((ENGINE / f"{code}.yaml").read_text(encoding="utf-8")) for code in ("zh", "en", "ja"))
    assert _keys(zh) == _keys(en) == _keys(ja)
    exceptions = yaml.safe_load((ENGINE / "zh-Hant.yaml").read_text(encoding="utf-8")) or {}
    assert _keys(exceptions) <= _keys(zh)


def test_a_report_adds_a_language_and_overrides_words_with_its_own_catalogue(tmp_path, monkeypatch) -> None:
    """data/words/<code>.yaml: a language the engine has no words for, or other words for one it has;
    a language people write without every word is one line naming the file to write."""
    from types import SimpleNamespace

    own = tmp_path / "words"
    own.mkdir()
    (own / "en.yaml").write_text("pdf:\n  contents: Table of contents\n", encoding="utf-8")
    (own / "fr.yaml").write_text("pdf:\n  contents: Sommaire\n", encoding="utf-8")
    monkeypatch.setattr(catalogue, "report_folder", lambda: own)
    catalogue.refresh()
    try:
        words = section("pdf")
        assert words["en"]["contents"] == "Table of contents" and words["en"]["figures"]  # the rest stays the engine's
        assert words["fr"] == {"contents": "Sommaire"} and "fr" in catalogue.codes()
        (own / "fr.yaml").write_text("pdf:\n  contents: Table des matières\n", encoding="utf-8")
        catalogue.refresh()  # what each build does (the preview's too): the edited words, through the same section
        assert words["fr"] == {"contents": "Table des matières"}
        french = SimpleNamespace(code="fr", written=True)
        (problem,) = catalogue.catalogue_problems([SimpleNamespace(code="en", written=True), french])
        assert str(problem).startswith("data/words/fr.yaml:1:1: missing words for fr (expected every word of the engine's catalogue")
        assert catalogue.catalogue_problems([SimpleNamespace(code="zh-Hant", written=False)]) == []
    finally:
        monkeypatch.undo()
        catalogue.refresh()


@pytest.mark.parametrize(
    ("code", "expected", "without_exception"), [("zh", "在线版", "在线版"), ("zh-Hant", "線上版", "在線版"), ("en", "Online edition", "Online edition")]
)
def test_traditional_words_come_from_opencc_unless_excepted(code: str, expected: str, without_exception: str) -> None:
    loc = localizer(code, load_dataset(PATHS.data))
    words = {"zh": {"online": "在线版"}, "en": {"online": "Online edition"}}
    assert loc.word({**words, "zh-Hant": {"online": "線上版"}}, "online") == expected
    assert loc.word({**words, "zh-Hant": {}}, "online") == without_exception
    assert loc.word(section("pdf"), "contents") == {"zh": "目录", "zh-Hant": "目錄", "en": "Contents"}[code]
