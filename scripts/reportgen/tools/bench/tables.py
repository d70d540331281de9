"""Units and Markdown tables of the bench report: format, parse back, ratios and verdicts."""

from __future__ import annotations

import re


def fmt_seconds(value: float | None) -> str:
    if value is None:
        return "—"
    if value < 1:
        return f"{value * 1000:.0f} ms"
    if value < 100:
        return f"{value:.1f} s"
    return f"{value / 60:.1f} min"


def fmt_bytes(value: float | None) -> str:
    if value is None:
        return "—"
    if value < 1024:
        return f"{value:.0f} B"
    if value < 1024 * 1024:
        return f"{value / 1024:.1f} KB"
    return f"{value / 1024 / 1024:.1f} MB"


def _cell(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def format_table(headers: list[str], rows: list[list[object]]) -> str:
    """A Markdown table, columns padded so it also reads as plain text."""
    cells = [[_cell(h) for h in headers]] + [[_cell(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]

    def line(r: list[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |"

    return "\n".join([line(cells[0]), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, cells[1:])]) + "\n"


def parse_table(text: str) -> list[dict[str, str]]:
    """Rows of the first Markdown table in `text`, as header -> cell (inverse of format_table)."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip().startswith("|")]
    if len(lines) < 2:
        return []

    def split(line: str) -> list[str]:
        cells = re.split(r"(?<!\\)\|", line.strip()[1:-1])
        return [c.strip().replace("\\|", "|") for c in cells]

    headers = split(lines[0])
    return [dict(zip(headers, split(line), strict=False)) for line in lines[2:]]


def ratio(value: float | None, base: float | None) -> str:
    return f"{value / base:.2f}x" if value is not None and base else "—"


def verdict(ok: bool | None) -> str:
    return "—" if ok is None else ("yes" if ok else "no")
