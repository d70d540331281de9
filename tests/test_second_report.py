"""A second report, on another subject (two provinces' education budgets, another mix of units
and figures), builds with the same engine and hook, strict: the engine is apart from this report."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import build_env

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).parent / "fixtures" / "second-report"


@pytest.mark.slow  # builds a site or renders every drawing
def test_a_second_report_builds_strict_with_the_same_engine(tmp_path: Path) -> None:
    root = tmp_path / "report"
    shutil.copytree(FIXTURE, root)
    for name in ("scripts", "overrides"):
        (root / name).symlink_to(ROOT / name)
    env = build_env(root)
    env.pop("SITE_URL")  # its address comes from its git remote
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "remote", "add", "origin", "https://github.com/acme/budgets.git"], check=True)
    result = subprocess.run([sys.executable, "-m", "reportgen", "build", "--no-pdf"], cwd=root, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "site_url: https://acme.github.io/budgets/ (git remote origin https://github.com/acme/budgets.git)" in result.stderr
    zh, hant, en = (root / "site" / sub / "index.html" for sub in ("", "zh-Hant", "en"))
    assert '<link rel="canonical" href="https://acme.github.io/budgets/">' in zh.read_text(encoding="utf-8")
    assert "甲省" in zh.read_text(encoding="utf-8") and "860亿元" in zh.read_text(encoding="utf-8")
    assert "甲省" in hant.read_text(encoding="utf-8") and "860億元" in hant.read_text(encoding="utf-8")
    page = en.read_text(encoding="utf-8")
    assert "Province A" in page and "CNY 86 billion" in page and "Figure 2" in page
    assert "not yet been checked" not in page  # its translations are confirmed like the report's
    assert {p.name for p in (root / "docs" / "en" / "figures").glob("*.svg")} == {
        "spending.svg",
        "spending.narrow.svg",
        "schools.svg",
        "schools.narrow.svg",
        "growth.svg",
        "growth.narrow.svg",
    }
