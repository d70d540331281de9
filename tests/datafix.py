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


def declare_quantities(data: Path, quantities: dict[str, str]) -> None:
    """Give indicators a quantity ({indicator id: quantity}), each declared in site.yaml."""
    site = data / "site.yaml"
    names = "".join(f"    {q}: {{zh: {q}, en: {q}}}\n" for q in dict.fromkeys(quantities.values()))
    site.write_text(site.read_text(encoding="utf-8") + "  quantities:\n" + names, encoding="utf-8")
    path = data / "indicators.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    current = None
    for n, line in enumerate(lines):
        if line.startswith("  - id: "):
            current = line.split(": ", 1)[1].strip()
        if current in quantities and line.startswith("    cite:"):
            lines[n] = line + f"    quantity: {quantities[current]}\n"
    path.write_text("".join(lines), encoding="utf-8")
