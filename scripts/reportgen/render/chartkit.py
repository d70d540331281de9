"""Layout for the report's charts: rows as tall as their text, the plot between the labels and
the value notes (so nothing overflows and the drawing keeps its width), log axes with every
tick labelled, legends under the plot, the title above and the source line below it all."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from html import escape

from reportgen.render.mpl import load_matplotlib


@cache
def pyplot():
    """matplotlib.pyplot, imported when the first figure is drawn."""
    load_matplotlib()
    import matplotlib.pyplot as plt

    return plt


def ticker():
    from matplotlib import ticker

    return ticker


@dataclass(frozen=True)
class Row:
    """One row of a chart: its label (left of the axis) and its note (right of the mark), both
    wrapped; a heading row names the group of rows under it (bold, no mark, no tick)."""

    label: str
    note: str
    heading: bool = False


# Line spacing of wrapped text, in font sizes: matplotlib measures lines with its own metrics,
# while a browser draws CJK text taller; below about 1.3 the lines of a wrapped label touch.
LINESPACING = 1.35


def line_in(text_pt: float) -> float:
    """Height of one text line, in inches."""
    return text_pt * 1.45 / 72


def text_width(texts: list[str], text_pt: float) -> float:
    """Inches the longest line needs (CJK characters about one em, Latin about half)."""

    def em(line: str) -> float:
        return sum(1.0 if ord(ch) > 0x2E7F else 0.56 for ch in line)

    return max((em(line) for text in texts for line in text.split("\n")), default=0) * text_pt / 72


def _units(row: Row) -> float:
    """A row's height in text lines: its longer text, and a little air (less under a heading)."""
    if row.heading:
        return row.label.count("\n") + 1.5
    return max(1.6, row.label.count("\n") + 1, row.note.count("\n") + 1) + 0.6


def panels(width: float, text_pt: float, groups: list[list[Row]]):
    """A figure with one panel per group of rows (given top to bottom), each as tall as its
    rows need; the plot starts where the longest label ends and stops where the longest note
    must begin. Returns the figure, its axes, and each panel's row positions (top to bottom)."""
    heights = [sum(map(_units, g)) * line_in(text_pt) + 0.25 for g in groups]
    gap = 3.4 * line_in(text_pt)  # tick labels, axis label and the next panel's title
    fig, axes = pyplot().subplots(
        len(groups),
        1,
        figsize=(width, sum(heights) + gap * (len(groups) - 1)),
        squeeze=False,
        gridspec_kw={"height_ratios": heights, "hspace": gap / (sum(heights) / len(heights))},
    )
    rows = [r for g in groups for r in g]
    left = (text_width([r.label for r in rows], text_pt) + 0.15) / width
    right = 1 - (text_width([r.note for r in rows], text_pt) + 0.2) / width
    fig.subplots_adjust(left=min(left, 0.45), right=max(right, min(left, 0.45) + 0.2), top=1, bottom=0)
    positions = []
    for ax, group in zip(axes[:, 0], groups, strict=False):
        ys, at = [], 0.0
        for row in reversed(group):  # drawn from the bottom up: the first row on top
            ys.append(at + _units(row) / 2)
            at += _units(row)
        ax.set_yticks(ys, [r.label for r in reversed(group)])
        ax.set_ylim(0, at)
        for tick, row in zip(ax.yaxis.get_major_ticks(), reversed(group), strict=True):
            tick.label1.set_linespacing(LINESPACING)
            if row.heading:
                tick.tick1line.set_visible(False)
                tick.label1.set_fontweight("bold")
                tick.label1.set_color("#444444")
        positions.append(ys[::-1])
    return fig, list(axes[:, 0]), positions


def note(ax, x: float, y: float, text: str, tip: str = "") -> None:
    """A value note just right of its mark. `tip` (what is measured, the value, the source)
    becomes the mark's SVG <title>: a tooltip, and what a screen reader or the keyboard reaches."""
    label = ax.annotate(text, (x, y), xytext=(6, 0), textcoords="offset points", va="center", linespacing=LINESPACING)
    if tip:
        tips = ax.figure.__dict__.setdefault("report_tips", [])
        label.set_gid(f"mark-{len(tips) + 1}")
        tips.append(tip)


def titled_marks(svg: str, tips: list[str]) -> str:
    """Each mark's group gets its <title> and a place in the keyboard's tab order."""
    for n, tip in enumerate(tips, 1):
        svg = svg.replace(f'<g id="mark-{n}">', f'<g id="mark-{n}" tabindex="0"><title>{escape(tip)}</title>', 1)
    focus = "<style>g[tabindex]:focus { outline: 2px solid #1f3f8f; outline-offset: 2px; }</style>"
    return svg.replace("</metadata>", "</metadata>\n " + focus, 1) if tips else svg


def log_axis(ax, values: list[float], label: Callable[[float], str], text_pt: float) -> None:
    """A log axis over whole decades around the values, with at least three labelled ticks and
    the last labelled tick at or beyond the largest value (no mark past the last label): every
    decade labelled where the labels fit, else every second, third… decade, the axis then
    extended to the next labelled one; unlabelled ticks mark the decades between. Dots only,
    never bars."""
    low, high = math.floor(math.log10(min(values))), math.ceil(math.log10(max(values)))
    high = max(high, low + 2)
    fig = ax.figure
    axis_in = (fig.subplotpars.right - fig.subplotpars.left) * fig.get_figwidth()
    room = text_width([label(10.0**e) for e in range(low, high + 1)], text_pt) + 0.15
    fits = max(3, int(axis_in / room))
    step = next(s for s in range(1, high - low + 1) if -(-(high - low) // s) + 1 <= fits)
    high = low + -(-(high - low) // step) * step  # the last labelled decade covers the largest value
    ax.set_xscale("log")
    ax.set_xlim(10 ** (low - 0.06), 10 ** (high + 0.06))  # a dot on a whole decade is not cut in half
    tick = ticker()
    ax.xaxis.set_major_locator(tick.FixedLocator([10.0**e for e in range(low, high + 1, step)]))
    ax.xaxis.set_minor_locator(tick.FixedLocator([10.0**e for e in range(low, high + 1)]) if step > 1 else tick.NullLocator())
    ax.xaxis.set_minor_formatter(tick.NullFormatter())
    ax.xaxis.set_major_formatter(tick.FuncFormatter(lambda x, _: label(x)))
    ax.grid(axis="x", which="both", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)


def legend(fig, text_pt: float, side: str, lines_above: float = 0, **kwargs) -> None:
    """A legend under the plot, clear of its tick labels and axis label (and of `lines_above`
    lines of another legend), at the left or the right."""
    below = -(3.0 + lines_above) * line_in(text_pt) / fig.get_figheight()
    x = fig.subplotpars.left if side == "left" else fig.subplotpars.right
    fig.legend(loc=f"upper {side}", bbox_to_anchor=(x, below), frameon=False, borderaxespad=0, **kwargs)


def hang(fig, title: str, source: str, text_pt: float, pad: float):
    """The title above and the source line below everything drawn, from the left edge; returns
    the box (inches) that holds it all with `pad` around it, for savefig (so that savefig does
    not lay the figure out once more to find it)."""
    from matplotlib.transforms import Bbox

    fig.draw_without_rendering()  # lays out the text (its extents) without rasterising it
    renderer = fig.canvas.get_renderer()
    box = fig.get_tightbbox(renderer)
    height, gap = fig.get_figheight(), 0.08
    hung = [
        fig.text(0.01, (box.y1 + gap) / height, title, ha="left", va="bottom", fontsize=text_pt + 2.5, fontweight="bold", linespacing=LINESPACING),
        fig.text(0.01, (box.y0 - gap) / height, source, ha="left", va="top", color="#444444", linespacing=LINESPACING),
    ]
    # Only the two new lines are measured: everything else is where `box` found it.
    inches = fig.dpi_scale_trans.inverted()
    return Bbox.union([box, *(t.get_window_extent(renderer).transformed(inches) for t in hung)]).padded(pad)
