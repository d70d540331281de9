"""reportgen.tools.sitediff, and the site built with ProperDocs: the same bytes as MkDocs'."""

from __future__ import annotations

from pathlib import Path

from conftest import warm_copy
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


def test_properdocs_builds_the_same_site(built_site, tmp_path: Path) -> None:
    """The site under ProperDocs, in a warm copy of the shared build, equals MkDocs' byte for byte
    (the generator tag aside): the end of Material's maintenance finds the project ready."""
    import subprocess
    import sys

    from conftest import build_env

    root = warm_copy(built_site, tmp_path / "repo")
    done = subprocess.run([sys.executable, "-m", "reportgen", "build", "--engine", "properdocs", "--site-dir", str(tmp_path / "site")],
                          cwd=root, env=build_env(root), capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert differences(built_site.site, tmp_path / "site") == []
