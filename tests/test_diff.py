"""`make diff`: the data diff reviewers read in the PR job summary.

Each test works in a temporary git repository holding a copy of data/: the copy is
committed, then a contributor-like edit is scripted (one value changed, one indicator
added) and left in the working tree.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from reportgen.config import PATHS, Paths
from reportgen.tools.diff import UnknownRef, diff_markdown

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

NEW_INDICATOR = """\
  - id: sz-test-fund
    city: suzhou
    topic: finance
    label: {zh: 测试基金, en: Test fund}
    value: 2500000000
    unit: yuan
    quantity: new-fund
    kind: budget
    qualifier: over
    period: "2026"
    cite:
      - source: xdkb
        quote: 新年第一会
"""

EXPECTED_INDICATORS = """\
## Indicators

1 added, 0 removed, 1 changed.

### Added

- `sz-test-fund` (suzhou, budget, 2026) 测试基金 / Test fund: 超25亿元 (zh) · 超25億元 (zh-Hant) · over CNY 2.5 billion (en); raw 2500000000 yuan

### Changed

- `sz-industrial-models` 动态培育工业大模型 / Industrial large models to be cultivated
  - value (zh): 150个 -> 180个
  - value (zh-Hant): 150個 -> 180個
  - value (en): 150 models -> 180 models
  - value (raw): 150 count -> 180 count
"""


def git(root: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false", *args],
        cwd=root,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip()


def in_block(text: str, ind_id: str, old: str, new: str) -> str:
    """Replace the line `old` inside the entry `ind_id` of indicators.yaml."""
    start = text.index(f"  - id: {ind_id}\n")
    at = text.index(old, start)
    assert at < text.index("  - id:", start + 1), f"fixture moved: {ind_id} has no line {old!r}"
    return text[:at] + new + text[at + len(old) :]


def edit(root: Path) -> None:
    """Change sz-industrial-models from 150 to 180 and append sz-test-fund."""
    path = root / "data" / "indicators.yaml"
    text = in_block(path.read_text(encoding="utf-8"), "sz-industrial-models", "    value: 150\n", "    value: 180\n")
    path.write_text(text.rstrip("\n") + "\n" + NEW_INDICATOR, encoding="utf-8")


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    shutil.copytree(PATHS.data, tmp_path / "data")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "data")
    git(tmp_path, "commit", "-q", "-m", "base")
    git(tmp_path, "tag", "base")
    edit(tmp_path)
    return tmp_path


def test_diff_lists_the_changed_value_and_the_added_indicator(repo: Path) -> None:
    out = diff_markdown(Paths(repo), "base")
    commit = git(repo, "rev-parse", "HEAD")[:10]
    assert out.startswith(f"Base: `base` ({commit}) → working tree.\n\n## Indicators")
    assert EXPECTED_INDICATORS + "\n## Other data\n\n0 added, 0 removed, 0 changed (" in out
    assert "Warning" not in out


def test_default_base_is_head_without_origin(repo: Path) -> None:
    assert diff_markdown(Paths(repo)).startswith("Base: `HEAD` (")


def test_committed_change_against_an_older_commit(repo: Path) -> None:
    git(repo, "commit", "-q", "-am", "change")
    assert EXPECTED_INDICATORS in diff_markdown(Paths(repo), "HEAD~1")
    assert "0 added, 0 removed, 0 changed." in diff_markdown(Paths(repo), "HEAD")


def test_changed_quote_and_other_collections(repo: Path) -> None:
    path = repo / "data" / "glossary.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + "\n  - id: test-term\n    zh: 测试\n    en: test\n    explanation: {zh: 测试, en: A test}\n", encoding="utf-8")
    out = diff_markdown(Paths(repo), "base")
    assert "1 added, 0 removed, 0 changed (sources," in out
    assert "| `glossary.yaml` | 1 | 0 | 0 | +`test-term` |" in out


def test_cli_writes_markdown_to_stdout(repo: Path) -> None:
    env = dict(os.environ, REPORT_ROOT=str(repo), PYTHONPATH=str(PATHS.root / "scripts"))
    result = subprocess.run([sys.executable, "-m", "reportgen", "diff", "base"], cwd=repo, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert EXPECTED_INDICATORS in result.stdout
    assert result.stderr == ""


def test_cli_unknown_ref_is_one_line_and_exit_1(repo: Path) -> None:
    env = dict(os.environ, REPORT_ROOT=str(repo), PYTHONPATH=str(PATHS.root / "scripts"))
    result = subprocess.run([sys.executable, "-m", "reportgen", "diff", "no-such-ref"], cwd=repo, env=env, capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith("reportgen diff: unknown git ref 'no-such-ref'")
    assert result.stderr.count("\n") == 1
    with pytest.raises(UnknownRef):
        diff_markdown(Paths(repo), "no-such-ref")


def test_base_that_does_not_validate_is_reported_and_diffed(repo: Path) -> None:
    path = repo / "data" / "indicators.yaml"
    edited = path.read_text(encoding="utf-8")
    git(repo, "checkout", "-q", "base", "--", "data/indicators.yaml")
    path.write_text(in_block(path.read_text(encoding="utf-8"), "sz-industrial-models", "    value: 150\n", "    vaule: 150\n"), encoding="utf-8")
    git(repo, "commit", "-q", "-am", "broken")
    path.write_text(edited, encoding="utf-8")
    out = diff_markdown(Paths(repo), "HEAD")
    assert "> **Warning:** data/ at `HEAD` does not validate (2 problem(s)); only the entries that parse are compared." in out
    assert ".vaule: unknown field (expected one of: id, city, topic, label, value," in out
    assert ".value: missing required field (expected a value, got nothing)" in out
    # sz-industrial-models did not parse at the base, so it counts as added here.
    assert "2 added, 0 removed, 0 changed." in out
    assert "- `sz-industrial-models` (suzhou, target, 2026) 动态培育工业大模型 / Industrial large models to be cultivated: 180个 (zh)" in out


def test_a_file_that_does_not_parse_is_not_compared(repo: Path) -> None:
    path = repo / "data" / "indicators.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "  - id: [unclosed\n", encoding="utf-8")
    out = diff_markdown(Paths(repo), "base")
    assert "> **Warning:** data/ at the working tree does not validate (1 problem(s))" in out
    assert "YAML syntax error" in out
    assert "Not compared, as they do not parse on one side: `data/indicators.yaml`." in out
    assert "## Indicators" not in out and "removed" in out
