"""A small valid dataset (fixtures/data) copied per test, edited, and its problems read back."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportgen.model.problems import DataError
from reportgen.model.validate import load_dataset

FIXTURE = Path(__file__).parent / "fixtures" / "data"


def edit(data: Path, file: str, old: str, new: str) -> None:
    path = data / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture {file} lacks {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems(data: Path) -> list[str]:
    with pytest.raises(DataError) as exc:
        load_dataset(data)
    return [str(p) for p in exc.value.problems]
