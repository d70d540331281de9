"""Editions (data/editions.yaml): dated releases tied to git tags, checked like the rest of data/,
and the history the Changes page reads: each edition's data from its tag, compared as readers see it."""

from __future__ import annotations

import subprocess
from pathlib import Path

from datafix import edit, problems
from reportgen.model.validate import load_dataset
from reportgen.query.history import history

EDITIONS = """editions:
  - date: 2026-01-01
    tag: edition-a
    summary: {zh: 第一版, en: First}
  - date: 2026-01-05
    tag: edition-b
    summary: {zh: 第二版, en: Second}
    corrections:
      - id: %s
        field: value
        reason: {zh: 原文更正, en: The source corrected it}
"""


def _first_indicator(data: Path) -> tuple[str, str]:
    text = (data / "indicators.yaml").read_text(encoding="utf-8")
    ind_id = text.split("  - id: ", 1)[1].split("\n", 1)[0].strip()
    value = text.split("    value: ", 1)[1].split("\n", 1)[0].strip()
    return ind_id, value


def test_editions_are_optional_and_checked_when_present(data: Path) -> None:
    assert load_dataset(data).editions == []
    ind_id, _ = _first_indicator(data)
    (data / "editions.yaml").write_text(EDITIONS % ind_id, encoding="utf-8")
    dataset = load_dataset(data)
    assert [e.tag for e in dataset.editions] == ["edition-a", "edition-b"]
    assert dataset.editions[-1].date == dataset.site.edition


def test_edition_order_tags_and_latest_date_are_checked(data: Path) -> None:
    ind_id, _ = _first_indicator(data)
    (data / "editions.yaml").write_text((EDITIONS % ind_id).replace("2026-01-01", "2026-02-01").replace("edition-b", "edition-a"), encoding="utf-8")
    found = problems(data)
    assert any("editions[1].date: dates not increasing (expected after 2026-02-01, got 2026-01-05)" in p for p in found), found
    assert any("editions[1].tag: duplicate tag" in p for p in found), found
    edit(data, "site.yaml", "edition: 2026-01-05", "edition: 2026-01-06")
    assert any("latest edition not site.edition (expected 2026-01-06" in p for p in problems(data))


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=root, check=True, capture_output=True)


def test_history_compares_each_edition_with_the_one_before(data: Path) -> None:
    root = data.parent
    ind_id, value = _first_indicator(data)
    (data / "editions.yaml").write_text((EDITIONS % ind_id).split("  - date: 2026-01-05")[0].replace("2026-01-01", "2026-01-05"), encoding="utf-8")
    _git(root, "init", "-q")
    _git(root, "add", "data")
    _git(root, "commit", "-qm", "First edition")
    _git(root, "tag", "edition-a")
    # Edition b: one value corrected (with a reason), the glossary's term removed.
    (data / "editions.yaml").write_text(EDITIONS % ind_id, encoding="utf-8")
    edit(data, "indicators.yaml", f"    value: {value}\n", f"    value: {float(value) + 1}\n")
    (data / "glossary.yaml").write_text("glossary: []\n", encoding="utf-8")
    past = history(root, load_dataset(data))
    assert past.line() is None and [e.edition.tag for e in past.editions] == ["edition-b", "edition-a"]
    latest = past.editions[0]
    kinds = {(c.collection, c.id): c for c in latest.changes}
    assert kinds[("indicators", ind_id)].value_changed and kinds[("indicators", ind_id)].reason["en"] == "The source corrected it"
    assert kinds[("glossary", "jiebang-guashuai")].kind == "removed" and len(kinds) == 2
    assert past.editions[1].first and past.revised().keys() == {ind_id}


def test_without_the_tags_the_history_says_so(data: Path) -> None:
    ind_id, _ = _first_indicator(data)
    (data / "editions.yaml").write_text(EDITIONS % ind_id, encoding="utf-8")
    past = history(data.parent, load_dataset(data))  # not a repository
    assert past.line() == "changes: no git history for edition-a; the Changes page lists none"
    assert all(not e.changes for e in past.editions)
