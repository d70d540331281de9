"""reportgen.tools.sitediff (tests/test_site.py builds the site with ProperDocs and compares it with it)."""

from __future__ import annotations

from pathlib import Path

from reportgen.tools.sitediff import differences


def test_only_the_generator_tag_may_differ(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    for root, tool in ((a, "mkdocs-1.6.1"), (b, "mkdocs-ProperDocs 1.6.7")):
        (root / "x").mkdir(parents=True)
        (root / "x" / "index.html").write_text(f'<meta name="generator" content="{tool}"><p>same</p>', encoding="utf-8")
    assert differences(a, b) == []
    (b / "x" / "index.html").write_text('<meta name="generator" content="other"><p>changed</p>', encoding="utf-8")
    (b / "extra.txt").write_text("", encoding="utf-8")
    assert differences(a, b) == ["differs: x/index.html", f"only in {b}: extra.txt"]
