"""Figures: SVGs per figure and language, in two sizes, with the data as CSV beside them.

The wide SVG is the figure (pages on a screen, the PDF, the download link); the narrow one is
drawn for phones, where the wide one would shrink its labels below reading size.

Output is byte-for-byte deterministic: fixed hash salt, no date in the metadata,
text kept as text (selectable, translatable, small).
"""

from __future__ import annotations

import csv
import io
import math
import textwrap
from dataclasses import dataclass
from functools import cache

from .derive import entity_counts, growths
from .localize import Localizer
from .safe import csv_cell
from .schema import Figure, Indicator
from .validate import Selector


@cache
def pyplot():
    """matplotlib.pyplot with the Agg backend, imported on first use: the import alone
    would be most of a rebuild in which no figure changed."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def FuncFormatter(func):  # stands in for matplotlib's, imported lazily
    from matplotlib.ticker import FuncFormatter as formatter

    return formatter(func)


# Okabe-Ito: distinguishable with every common colour-vision deficiency.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
KIND_MARKERS = {"target": "o", "budget": "s", "actual": "D", "baseline": "^"}
# CJK family first: WeasyPrint's SVG text falls back to the Japanese face otherwise.
# CJK family first even in English (WeasyPrint's SVG text otherwise falls back to the
# Japanese face for the Chinese names); English figures use straight quotes instead,
# since CJK fonts draw curly ones full-width.
FONTS = {"zh": ["Noto Sans CJK SC"], "zh-Hant": ["Noto Sans CJK TC"], "en": ["Noto Sans CJK SC"]}
STRAIGHT_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})
_LABELS = {
    "zh": {"share": "占目标的比例", "source": "来源", "multiple": "目标是基数的倍数", "log": "对数刻度", "baseline": "基数", "target": "目标",
           "count": "数量", "type": {}},
    "en": {"share": "share of the target", "source": "Source", "multiple": "Target as a multiple of the baseline", "log": "log scale",
           "baseline": "baseline", "target": "target", "count": "count", "type": {}},
}
ENTITY_TYPES = {
    "zh": {"document": "政策文件", "platform": "平台", "fund": "基金", "project": "项目", "institution": "机构",
           "person": "人物", "company": "企业", "achievement": "成果", "event": "活动", "case": "案例",
           "policy": "政策", "statement": "表态", "mechanism": "机制", "list": "榜单"},
    "en": {"document": "documents", "platform": "platforms", "fund": "funds", "project": "projects",
           "institution": "institutions", "person": "people", "company": "companies", "achievement": "achievements",
           "event": "events", "case": "cases", "policy": "policies", "statement": "statements",
           "mechanism": "mechanisms", "list": "lists"},
}


def _style(loc: Localizer) -> None:
    pyplot().rcParams.update({
        "svg.fonttype": "none",
        # Text from data is text: a '$' never starts mathematical notation.
        "text.parse_math": False,
        "svg.hashsalt": "new-year-first-meeting",
        # A list (not the generic 'sans-serif') lets matplotlib fall back glyph by glyph.
        "font.family": FONTS[loc.lang.code] + ["DejaVu Sans"],
        "font.size": 10,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.titlesize": 12,
        "axes.titleweight": "bold",
        "axes.titlelocation": "left",
    })


@dataclass(frozen=True)
class Size:
    """A figure's width (inches, at matplotlib's 72 pt per inch), the characters per line of
    its labels and of its title and source line by script, what joins "baseline → target",
    and the suffix of its file name."""

    width: float
    label_chars: dict[str, int]
    line_chars: dict[str, int]
    arrow: str
    suffix: str

    def svg_name(self, figure_id: str) -> str:
        return f"{figure_id}{self.suffix}.svg"


WIDE = Size(7.5, {"zh": 14, "en": 30}, {"zh": 60, "en": 110}, " → ", "")
# 4.3 in = 413 px: shown 358 px wide on a 390 px phone, 9 pt labels stay at about 10 px.
# "baseline →" and "target" on two lines, or the pair would squeeze the plot.
NARROW = Size(4.3, {"zh": 8, "en": 16}, {"zh": 24, "en": 46}, " →\n", ".narrow")
SIZES = (WIDE, NARROW)


def word(loc: Localizer, key: str) -> str:
    return loc.zh_script(_LABELS[loc.base][key])


def city_colors(loc: Localizer) -> dict[str, str]:
    return {c.id: PALETTE[n % len(PALETTE)] for n, c in enumerate(loc.dataset.cities)}


def _finish(fig, ax, loc: Localizer, spec: Figure, rows: list[Indicator], size: Size) -> str:
    # Title and source line hang off the figure's left edge; bbox "tight" then grows the
    # canvas to whatever the labels need, so long labels and value notes are never clipped.
    fig.suptitle(wrap(loc, loc.text(spec.title), size.line_chars), x=0.01, ha="left", fontsize=12, fontweight="bold")
    sources = sorted({c.source for r in rows for c in r.cite}) or [s.id for s in loc.dataset.sources]
    names = "; ".join(loc.text(s.publisher) for s in loc.dataset.sources if s.id in sources)
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    fig.text(0.01, 0.005, wrap(loc, f"{word(loc, 'source')}: {names}", size.line_chars), fontsize=8, color="#444444", va="bottom")
    out = io.StringIO()
    fig.savefig(out, format="svg", bbox_inches="tight", pad_inches=0.15, metadata={"Date": None, "Title": loc.text(spec.title), "Description": alt_text(spec, loc)})
    pyplot().close(fig)
    return out.getvalue().translate(STRAIGHT_QUOTES) if loc.base == "en" else out.getvalue()


def wrap(loc: Localizer, text: str, chars: dict[str, int]) -> str:
    """Break long text so the plot keeps its width (CJK breaks anywhere)."""
    width = chars[loc.base]
    return "\n".join(textwrap.wrap(text, width)) if len(text) > width else text


def _canvas(size: Size, labels: list[str]):
    return pyplot().subplots(figsize=(size.width, _height(labels)))


def _height(labels: list[str]) -> float:
    """Half an inch a row, more for a label that wraps onto a third line or further."""
    lines = sum(max(2, label.count("\n") + 1) for label in labels)
    return max(2.6, 0.25 * lines + 1.4)


def _hbar(loc: Localizer, spec: Figure, rows: list[Indicator], size: Size):
    colors = city_colors(loc)
    labels = [wrap(loc, loc.text(r.label), size.label_chars) for r in rows][::-1]
    fig, ax = _canvas(size, labels)
    values = [r.value for r in rows][::-1]
    bars = ax.barh(labels, values, color=[colors[r.city] for r in rows][::-1])
    for bar, r in zip(bars, rows[::-1]):
        ax.annotate(loc.value(r), (bar.get_width(), bar.get_y() + bar.get_height() / 2), xytext=(4, 0),
                    textcoords="offset points", va="center", fontsize=9)
    if spec.log_scale:
        ax.set_xscale("log")
        ax.set_xlabel(word(loc, "log"), loc="right", fontsize=8, color="#444444")
    # Every bar carries its value in words, so tick labels would only repeat them.
    ax.set_xticks([])
    ax.minorticks_off()
    ax.spines["bottom"].set_visible(False)
    return fig, ax


def _dumbbell(loc: Localizer, spec: Figure, rows: list[Indicator], size: Size):
    """Each row runs from the baseline to the target, both as a share of the target,
    so targets in different units sit on one readable 0-100 % axis."""
    pairs = growths(loc.dataset, rows)
    colors = city_colors(loc)
    labels = [wrap(loc, loc.text(g.target.label), size.label_chars) for g in reversed(pairs)]
    fig, ax = _canvas(size, labels)
    for y, g in enumerate(reversed(pairs)):
        color = colors[g.target.city]
        share = 100 / g.multiple
        ax.plot([share, 100], [y, y], color=color, linewidth=2.5, alpha=0.6)
        ax.scatter([share], [y], color="white", edgecolor=color, zorder=3, s=55, label=word(loc, "baseline") if y == 0 else None)
        ax.scatter([100], [y], color=color, zorder=3, s=55, label=word(loc, "target") if y == 0 else None)
        ax.annotate(f"{loc.value(g.baseline)}{size.arrow}{loc.value(g.target)}", (100, y), xytext=(10, 0),
                    textcoords="offset points", va="center", fontsize=9)
    ax.set_yticks(range(len(pairs)), labels)
    ax.set_xlim(0, 105)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: loc.number(x, "percent")))
    ax.set_xlabel(word(loc, "share"), fontsize=8, color="#444444")
    ax.margins(y=0.2)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.32), ncol=2, frameon=False, fontsize=8)
    return fig, ax


def _growth(loc: Localizer, spec: Figure, rows: list[Indicator], size: Size):
    pairs = growths(loc.dataset, rows)
    colors = city_colors(loc)
    labels = [wrap(loc, loc.text(g.target.label), size.label_chars) for g in reversed(pairs)]
    fig, ax = _canvas(size, labels)
    multiples = [g.multiple for g in reversed(pairs)]
    bars = ax.barh(labels, multiples, color=[colors[g.target.city] for g in reversed(pairs)])
    for bar, m in zip(bars, multiples):
        ax.annotate(f"×{loc.number(round(m, 2), 'count')}", (bar.get_width(), bar.get_y() + bar.get_height() / 2),
                    xytext=(4, 0), textcoords="offset points", va="center", fontsize=9)
    ax.axvline(1, color="#444444", linewidth=0.8)
    ax.set_xlabel(word(loc, "multiple"))
    ax.margins(x=0.15)
    return fig, ax


def _money_scale(loc: Localizer, spec: Figure, rows: list[Indicator], size: Size):
    colors = city_colors(loc)
    rows = sorted(rows, key=lambda r: r.value)
    labels = [wrap(loc, f"{loc.text(_city(loc, r.city))} · {loc.text(r.label)}", size.label_chars) for r in rows]
    fig, ax = _canvas(size, labels)
    for y, r in enumerate(rows):
        ax.scatter([r.value], [y], color=colors[r.city], marker=KIND_MARKERS[r.kind], s=55, zorder=3)
        ax.hlines(y, 1e6, r.value, color=colors[r.city], linewidth=1, alpha=0.35)
        ax.annotate(f"{loc.value(r)} · {loc.kind(r.kind)}", (r.value, y), xytext=(7, 0), textcoords="offset points",
                    va="center", fontsize=8.5)
    ax.set_yticks(range(len(rows)), labels)
    ax.set_xscale("log")
    top = max(r.value for r in rows)
    ax.set_xlim(1e6, top * 400)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: loc.number(x, "yuan") if x <= top * 10 else ""))
    ax.set_xlabel(f"{word(loc, 'log')} · {'元' if loc.base == 'zh' else 'CNY'}")
    return fig, ax


def _city(loc: Localizer, city_id: str):
    return next(c.name for c in loc.dataset.cities if c.id == city_id)


def _city_profile(loc: Localizer, spec: Figure, rows: list[Indicator], size: Size):
    counts = entity_counts(loc.dataset)
    # Ties by name: a set's order changes with the hash seed of each process.
    types = sorted({t for c in counts.values() for t in c}, key=lambda t: (-sum(c[t] for c in counts.values()), t))
    colors = city_colors(loc)
    labels = [loc.zh_script(ENTITY_TYPES[loc.base][t]) for t in types]
    fig, ax = _canvas(size, labels)
    height = 0.8 / max(1, len(counts))
    for n, (city_id, counter) in enumerate(counts.items()):
        ys = [i + n * height for i in range(len(types))][::-1]
        ax.barh(ys, [counter[t] for t in types], height=height, color=colors[city_id], label=loc.text(_city(loc, city_id)))
    ax.set_yticks([i + 0.4 - height / 2 for i in range(len(types))][::-1], labels)
    ax.set_xlabel(word(loc, "count"))
    ax.legend(frameon=False, fontsize=8, loc="lower right")
    return fig, ax


RENDERERS = {"hbar": _hbar, "dumbbell": _dumbbell, "growth": _growth, "money_scale": _money_scale, "city_profile": _city_profile}


def figure_rows(spec: Figure, loc: Localizer) -> list[Indicator]:
    return Selector.of(loc.dataset.indicators)(spec.select)


def alt_text(spec: Figure, loc: Localizer) -> str:
    """The data-independent description from data/figures.yaml, then the values
    the figure shows, so screen-reader users get the same numbers."""
    sep, colon = ("；", "：") if loc.base == "zh" else ("; ", ": ")
    city = {c.id: loc.text(c.name) for c in loc.dataset.cities}
    if spec.kind == "city_profile":
        parts = [f"{city[c]} " + ", ".join(f"{loc.zh_script(ENTITY_TYPES[loc.base][t])} {loc.number(n, 'count')}" for t, n in counts.most_common())
                 for c, counts in entity_counts(loc.dataset).items()]
    elif spec.kind in ("dumbbell", "growth"):
        parts = [f"{city[g.target.city]} {loc.text(g.target.label)} {loc.value(g.baseline)} → {loc.value(g.target)} (×{loc.number(round(g.multiple, 2), 'count')})"
                 for g in growths(loc.dataset, figure_rows(spec, loc))]
    else:
        parts = [f"{city[r.city]} {loc.text(r.label)} {loc.value(r)}" for r in figure_rows(spec, loc)]
    return loc.text(spec.alt) + colon + sep.join(parts)


def render_svg(spec: Figure, loc: Localizer, size: Size = WIDE) -> str:
    _style(loc)
    rows = figure_rows(spec, loc)
    fig, ax = RENDERERS[spec.kind](loc, spec, rows, size)
    return _finish(fig, ax, loc, spec, rows, size)


def render_csv(spec: Figure, loc: Localizer) -> str:
    """The figure's data: one row per indicator, with its citation."""
    return indicators_csv(figure_rows(spec, loc), loc)


def indicators_csv(rows: list[Indicator], loc: Localizer) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "city", "label", "value", "unit", "kind", "qualifier", "period", "display", "source", "quote"])
    for r in rows:
        value = int(r.value) if math.isclose(r.value, round(r.value)) else r.value
        writer.writerow([csv_cell(c) for c in (r.id, r.city, loc.text(r.label), value, r.unit, r.kind, r.qualifier, r.period,
                                               loc.value(r), r.cite[0].source, r.cite[0].quote)])
    return out.getvalue()
