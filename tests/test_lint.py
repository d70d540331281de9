"""The code keeps the ruff rule set chosen in pyproject.toml (pyflakes, pycodestyle, isort,
bugbear, pyupgrade, simplify)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_ruff_is_clean() -> None:
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--output-format", "concise", "scripts", "tests"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_clean() -> None:
    """`ruff format` as well as `ruff check`: one layout for all the code."""
    result = subprocess.run([sys.executable, "-m", "ruff", "format", "--check", "scripts", "tests"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
