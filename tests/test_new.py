"""reportgen new: the languages asked for, the first the original; the scaffold's texts, pages and
mkdocs.yml in those only; a clear line for a set it cannot start. (A new report built strict with
its PDFs, from an installed wheel: tests/test_engine_package.py.)"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from reportgen.new import NewReportError, declarations, new_report


def test_the_first_language_is_the_original_and_the_others_translate_it() -> None:
    en, ja = declarations(("en", "ja"))
    assert en["code"] == "en" and "translates" not in en and ja["translates"] == "en"
    zh, hant, japanese = declarations(("zh", "zh-Hant", "ja"))
    assert hant["from"] == "zh" and "translates" not in hant and japanese["translates"] == "zh" and "translates" not in zh


@pytest.mark.parametrize(
    ("languages", "message"),
    [
        (("zh-Hant", "zh"), "--languages: zh-Hant is made from zh, which must come first (got zh-Hant,zh)"),
        (("en", "zh-Hant"), "--languages: zh-Hant is made from zh, which must come first (got en,zh-Hant)"),
        (("fr",), "--languages: each once, of zh, zh-Hant, en, ja (got fr)"),
        (("zh", "zh"), "--languages: each once, of zh, zh-Hant, en, ja (got zh,zh)"),
    ],
)
def test_a_set_it_cannot_start_is_one_line(languages: tuple[str, ...], message: str) -> None:
    with pytest.raises(NewReportError) as caught:
        declarations(languages)
    assert str(caught.value) == message


def test_a_report_in_english_alone_has_its_texts_and_pages_only(tmp_path: Path) -> None:
    report = tmp_path / "report"
    new_report(report, ("en",), engine="reportgen==0")
    assert sorted(p.name for p in (report / "docs").iterdir()) == ["en"]
    site = yaml.safe_load((report / "data" / "site.yaml").read_text(encoding="utf-8"))["site"]
    assert [lang["code"] for lang in site["languages"]] == ["en"] and site["title"] == {"en": "A new report"}
    config = (report / "mkdocs.yml").read_text(encoding="utf-8")
    assert "  language: en\n" in config and "- locale: en\n          default: true\n          name: English\n" in config and "locale: zh" not in config
    env = {**os.environ, "REPORT_ROOT": str(report)}
    done = subprocess.run([sys.executable, "-m", "reportgen", "check"], cwd=report, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
