"""Figures: SVGs per figure and language, in two sizes, with the data as CSV beside them.

The chart rules live here, not in care:
- a bar's length encodes a quantity only on a linear axis that starts at zero;
- values spanning more than LOG_SPAN times go on a log axis as dots, with labelled ticks;
- one unit per axis: rows in different units (yuan, firms, datasets…) get a panel each;
- colour that encodes something (the city; in the money chart also the marker's kind) has a legend.

The wide SVG is the figure (pages on a screen, the PDF, the download link); the narrow one is
drawn for phones, with larger text, so that it stays readable at a phone's width.
Output is byte-for-byte deterministic: fixed hash salt, no date, text kept as text.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reportgen.i18n.localize import Localizer
from reportgen.i18n.words import section
from reportgen.model.schema import Figure, Indicator
from reportgen.model.selection import Selector, unit_key
from reportgen.query.derive import growths
from reportgen.render.chartkit import Row, hang, legend, log_axis, note, panels, pyplot, ticker, titled_marks
from reportgen.render.figure_data import (
    by_quantity,
    csv_of_inventory,
    csv_of_pairs,
    csv_of_rows,
    describe_inventory,
    describe_pairs,
    describe_rows,
    pairs_drawn,
    rows_drawn,
    table_of_inventory,
    table_of_pairs,
    table_of_rows,
)
from reportgen.render.tables import TableRenderer
from reportgen.render.wrapping import wrap_words

# Values whose largest is more than this many times the smallest go on a log axis, as dots.
LOG_SPAN = 30


# Okabe-Ito: distinguishable with every common colour-vision deficiency.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
KIND_MARKERS = {"target": "o", "budget": "s", "cap": "v", "actual": "D", "estimate": "^"}
# One CJK family per script even in English (a font list may fall back to the Japanese face
# of the .ttc for Chinese names); English figures use straight quotes instead, since CJK
# fonts draw curly ones full-width.
STRAIGHT_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})
_LABELS = section("figure")


@dataclass(frozen=True)
class Size:
    """A figure's width (inches, at matplotlib's 72 pt per inch), its smallest text (pt), the
    characters per line of its labels and of its title and source line by script, what joins
    "baseline → target", and the suffix of its file name."""

    width: float
    text_pt: float
    label_chars: dict[str, int]
    line_chars: dict[str, int]
    arrow: str
    suffix: str

    def svg_name(self, figure_id: str) -> str:
        return f"{figure_id}{self.suffix}.svg"


WIDE = Size(7.5, 9, {"cjk": 14, "latin": 30}, {"cjk": 60, "latin": 110}, " → ", "")
# 4.3 in: shown about 358 px wide on a 390 px phone; 10.5 pt text then stays at 11 px or more.
NARROW = Size(4.3, 10.5, {"cjk": 8, "latin": 18}, {"cjk": 20, "latin": 40}, " →\n", ".narrow")
SIZES = (WIDE, NARROW)


def _style(loc: Localizer, size: Size) -> None:
    pyplot().rcParams.update(
        {
            "svg.fonttype": "none",
            # Text from data is text: a '$' never starts mathematical notation.
            "text.parse_math": False,
            "svg.hashsalt": "reportgen",
            # A list (not the generic 'sans-serif') lets matplotlib fall back glyph by glyph.
            "font.family": [loc.lang.fonts.sans, "DejaVu Sans"],
            "font.size": size.text_pt,
            "xtick.labelsize": size.text_pt,
            "ytick.labelsize": size.text_pt,
            "legend.fontsize": size.text_pt,
            "axes.labelsize": size.text_pt,
            "axes.titlesize": size.text_pt,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )


def word(loc: Localizer, key: str) -> str:
    return loc.zh_script(_LABELS[loc.base][key])


def wrap(loc: Localizer, text: str, chars: dict[str, int]) -> str:
    """Break long text so the plot keeps its width, never inside a word."""
    terms = _glossary_terms(loc.lang.code, tuple(filter(None, (t.term_text.get(loc.base) for t in loc.dataset.glossary))), loc) if loc.cjk else ()
    return wrap_words(text, chars[loc.lang.script], cjk=loc.cjk, terms=terms, after_number=unit_characters(loc))


def unit_characters(loc: Localizer) -> str:
    """The characters the report's units write right after a number in this language (元 of
    '{number}元'): a line never breaks between them."""
    after = (unit.written[loc.base].partition("{number}")[2][:1] for unit in loc.dataset.site.units.values())
    return loc.zh_script("".join(sorted({c for c in after if c.isalpha() and not c.isascii()})))


_TERMS: dict[tuple, tuple[str, ...]] = {}


def _glossary_terms(code: str, terms: tuple[str, ...], loc: Localizer) -> tuple[str, ...]:
    """The glossary's terms in this script, converted once (OpenCC per label would be a hot path)."""
    if (code, terms) not in _TERMS:
        _TERMS[(code, terms)] = tuple(loc.zh_script(t) for t in terms)
    return _TERMS[(code, terms)]


def city_colors(loc: Localizer) -> dict[str, str]:
    return {c.id: PALETTE[n % len(PALETTE)] for n, c in enumerate(loc.dataset.cities)}


def _city_name(loc: Localizer, city_id: str) -> str:
    return next(loc.text(c.name) for c in loc.dataset.cities if c.id == city_id)


def unit_word(loc: Localizer, ind: Indicator) -> str:
    """What an axis of the indicator's unit counts: its counter, else the unit's name."""
    return loc.text(ind.counter) if ind.counter else loc.text(loc.unit(ind).name)


def _tick(loc: Localizer, value: float, ind: Indicator) -> str:
    """A short tick label on an axis of `ind`'s unit: 1亿 / 100M, 1万 / 10K, 40 / 40%."""
    from babel.numbers import format_compact_decimal, format_percent

    if loc.unit(ind).numbers == "percentage":
        return format_percent(value / 100, locale=loc.lang.babel)
    return loc.zh_script(format_compact_decimal(value, locale=loc.lang.babel, format_type="short", fraction_digits=0))


def _city_legend(fig, loc: Localizer, rows: list[Indicator], size: Size) -> None:
    """A legend for the city colours, when the figure shows more than one city."""
    cities = list(dict.fromkeys(r.city for r in rows))
    if len(cities) < 2:
        return
    from matplotlib.patches import Patch

    colors = city_colors(loc)
    handles = [Patch(color=colors[c], label=_city_name(loc, c)) for c in cities]
    legend(fig, size.text_pt, "left", handles=handles, title=loc.text(loc.dataset.site.compared), ncol=len(cities) if size is WIDE else 1)


def _colors(loc: Localizer, rows: list[Indicator]) -> list[str]:
    """Colour by city only when there is more than one city (otherwise colour would encode nothing)."""
    colors = city_colors(loc)
    several = len({r.city for r in rows}) > 1
    return [colors[r.city] if several else PALETTE[0] for r in rows]


def _row(loc: Localizer, label: str, value_note: str, size: Size) -> Row:
    return Row(wrap(loc, label, size.label_chars), wrap(loc, value_note, size.label_chars))


def _quantities(ax, ys: list[float], loc: Localizer, rows: list[Indicator], size: Size) -> None:
    """One panel of quantities in one unit: bars from zero, or dots on a log axis."""
    values = [r.value for r in rows]
    colors = _colors(loc, rows)
    if min(values) > 0 and max(values) / min(values) > LOG_SPAN:
        ax.scatter(values, ys, color=colors, s=42, zorder=3)
        log_axis(ax, values, lambda x: _tick(loc, x, rows[0]), size.text_pt)
        ax.set_xlabel(f"{word(loc, 'log')} · {unit_word(loc, rows[0])}", color="#444444")
    else:
        ax.barh(ys, values, color=colors, height=1.0)
        ax.set_xlim(0, max(values) * 1.02 or 1)
        ax.set_xticks([])  # every bar carries its value in words; the axis starts at zero
        ax.spines["bottom"].set_visible(False)
        ax.set_xlabel(f"{word(loc, 'unit')}: {unit_word(loc, rows[0])}", color="#444444")
    for y, r in zip(ys, rows, strict=False):
        note(ax, r.value, y, wrap(loc, loc.value(r), size.label_chars), _tip(loc, r))


def _tip(loc: Localizer, row: Indicator, value: str = "") -> str:
    """A mark's tooltip: city, what is measured, the value as the report gives it, the source."""
    colon = loc.punct("colon")
    sources = loc.punct("separator").join(loc.text(s.publisher) for s in loc.dataset.sources if s.id in {c.source for c in row.cite})
    aside = loc.punct("aside")
    return f"{_city_name(loc, row.city)} · {loc.text(row.label)}{colon}{value or loc.value(row)}" + aside.format(f"{word(loc, 'source')}{colon}{sources}")


def _hbar(loc: Localizer, spec: Figure, rows: list[Indicator], size: Size):
    """Quantities, one panel per unit."""
    groups: dict[tuple[str, str], list[Indicator]] = {}
    for r in rows:
        groups.setdefault(unit_key(r), []).append(r)
    fig, axes, positions = panels(size.width, size.text_pt, [[_row(loc, loc.text(r.label), loc.value(r), size) for r in g] for g in groups.values()])
    for ax, ys, group in zip(axes, positions, groups.values(), strict=False):
        _quantities(ax, ys, loc, group, size)
        if len(groups) > 1:
            ax.set_title(f"{word(loc, 'unit')}: {unit_word(loc, group[0])}", loc="left", color="#444444")
    _city_legend(fig, loc, rows, size)
    return fig


def _money_scale(loc: Localizer, spec: Figure, rows: list[Indicator], size: Size):
    """Every amount in yuan on one log scale, an inventory: the amounts grouped under the name
    of their quantity (a fund is not an industry's size), dots coloured by city and shaped by
    kind of statement. A group heading is a row of its own, with no mark."""
    groups = by_quantity(loc, rows)
    lines: list[Row] = []
    drawn: list[Indicator | str] = []  # a heading's place holds its name
    for quantity, group in groups.items():
        lines.append(Row(wrap(loc, quantity, size.label_chars), "", heading=True))
        drawn.append(quantity)
        lines += [_row(loc, f"{_city_name(loc, r.city)} · {loc.text(r.label)}", loc.value(r), size) for r in group]
        drawn += group
    fig, (ax,), (ys,) = panels(size.width, size.text_pt, [lines])
    colors = city_colors(loc)
    for y, r in zip(ys, drawn, strict=False):
        if isinstance(r, str):
            continue
        ax.scatter([r.value], [y], color=colors[r.city], marker=KIND_MARKERS[r.kind], s=50, zorder=3)
        note(ax, r.value, y, wrap(loc, loc.value(r), size.label_chars), _tip(loc, r))
    log_axis(ax, [r.value for r in rows], lambda x: _tick(loc, x, rows[0]), size.text_pt)  # one unit (model/comparisons.py)
    ax.set_xlabel(f"{word(loc, 'log')} · {loc.text(loc.unit(rows[0]).name)}", color="#444444")
    from matplotlib.lines import Line2D

    kinds = [k for k in KIND_MARKERS if any(r.kind == k for r in rows)]
    shapes = [Line2D([], [], linestyle="", marker=KIND_MARKERS[k], color="#444444", label=loc.kind(k)) for k in kinds]
    # The kinds under the cities: side by side they would collide where the plot is narrow.
    cities = len({r.city for r in rows})
    city_lines = 0 if cities < 2 else (1 if size is WIDE else cities) * 1.3 + 2
    legend(fig, size.text_pt, "left", lines_above=city_lines, handles=shapes, title=word(loc, "kind"), ncol=len(kinds) if size is WIDE else 2)
    _city_legend(fig, loc, rows, size)
    return fig


def _when(loc: Localizer, pairs: list) -> str:
    """The period the targets are compared with ('2025年' / '2025'), when they share one."""
    periods = {g.baseline.period for g in pairs}
    return loc.period(periods.pop()) if len(periods) == 1 else word(loc, "earlier")


def _dumbbell(loc: Localizer, spec: Figure, rows: list[Indicator], size: Size):
    """Each row runs from the earlier figure of the same measure to the target, both as a share
    of the target: one 0–100 % axis for targets in different units."""
    pairs = growths(loc.dataset, rows)
    fig, (ax,), (ys,) = panels(
        size.width, size.text_pt, [[_row(loc, loc.text(g.target.label), f"{loc.value(g.baseline)}{size.arrow}{loc.value(g.target)}", size) for g in pairs]]
    )
    colors = _colors(loc, [g.target for g in pairs])
    for n, (y, g, color) in enumerate(zip(ys, pairs, colors, strict=False)):
        share = 100 / g.multiple
        ax.plot([share, 100], [y, y], color=color, linewidth=2.5, alpha=0.6)
        ax.scatter([share], [y], color="white", edgecolor=color, zorder=3, s=55, label=word(loc, "baseline").format(_when(loc, pairs)) if n == 0 else None)
        ax.scatter([100], [y], color=color, zorder=3, s=55, label=word(loc, "target") if n == 0 else None)
        note(
            ax,
            100,
            y,
            wrap(loc, f"{loc.value(g.baseline)}{size.arrow}{loc.value(g.target)}", size.label_chars),
            _tip(loc, g.target, f"{loc.value(g.baseline)} → {loc.value(g.target)}"),
        )
    ax.set_xlim(0, 102)
    ax.xaxis.set_major_locator(ticker().FixedLocator([0, 50, 100]))
    ax.xaxis.set_major_formatter(ticker().FuncFormatter(lambda x, _: loc.number(x, "percentage")))
    ax.set_xlabel(word(loc, "share"), color="#444444")
    legend(fig, size.text_pt, "left", ncol=2)
    return fig


def _growth(loc: Localizer, spec: Figure, rows: list[Indicator], size: Size):
    """Each target divided by the earlier figure of the same measure: bars from zero, with the formula."""
    pairs = growths(loc.dataset, rows)
    multiples = [g.multiple for g in pairs]
    fig, (ax,), (ys,) = panels(
        size.width,
        size.text_pt,
        [[_row(loc, loc.text(g.target.label), f"×{loc.number(round(m, 2))}", size) for g, m in zip(pairs, multiples, strict=False)]],
    )
    ax.barh(ys, multiples, color=_colors(loc, [g.target for g in pairs]), height=1.0)
    aside = loc.punct("aside")
    for y, g, m in zip(ys, pairs, multiples, strict=False):
        times = f"×{loc.number(round(m, 2))}"
        note(ax, m, y, times, _tip(loc, g.target, times + aside.format(f"{loc.value(g.target)} ÷ {loc.value(g.baseline)}")))
    ax.set_xlim(0, max(multiples) * 1.02)
    ax.axvline(1, color="#444444", linewidth=0.8)
    ax.set_xlabel(wrap(loc, word(loc, "multiple").format(_when(loc, pairs)), size.line_chars), color="#444444")
    return fig


@dataclass(frozen=True)
class FigureKind:
    """One kind of figure, declared in one place: its name (the `kind` in data/figures.yaml),
    how it draws, the records it draws (its cache key and its source line), how its values are
    told in the alt text, and its data as a table and as CSV: exactly the marks it
    draws, in the order it draws them (a multiple with both inputs and the formula)."""

    name: str
    draw: Callable  # (Localizer, Figure, rows, Size) -> matplotlib figure
    drawn: Callable[..., list] = rows_drawn  # (Dataset, rows) -> the records drawn
    describe: Callable[[Localizer, list[Indicator]], list[str]] = describe_rows
    table: Callable[[TableRenderer, list[Indicator]], str] = table_of_rows
    csv: Callable[[Localizer, list[Indicator]], str] = csv_of_rows


KINDS = {
    kind.name: kind
    for kind in (
        FigureKind("hbar", _hbar),
        FigureKind("money_scale", _money_scale, describe=describe_inventory, table=table_of_inventory, csv=csv_of_inventory),
        FigureKind("dumbbell", _dumbbell, pairs_drawn, describe_pairs, table_of_pairs, csv_of_pairs),
        FigureKind("growth", _growth, pairs_drawn, describe_pairs, table_of_pairs, csv_of_pairs),
    )
}


def figure_rows(spec: Figure, loc: Localizer) -> list[Indicator]:
    return Selector.of(loc.dataset.indicators)(spec.select)


def _finish(fig, loc: Localizer, spec: Figure, rows: list[Indicator], size: Size) -> str:
    """Title above, the sources of what is drawn below (and nothing else), the SVG's metadata."""
    sources = sorted({c.source for r in KINDS[spec.kind].drawn(loc.dataset, rows) for c in r.cite}) or [s.id for s in loc.dataset.sources]
    names = loc.punct("separator").join(loc.text(s.publisher) for s in loc.dataset.sources if s.id in sources)
    box = hang(
        fig,
        wrap(loc, loc.text(spec.title), size.line_chars),
        wrap(loc, f"{word(loc, 'source')}{loc.punct('colon')}{names}", size.line_chars),
        size.text_pt,
        pad=0.15,
    )
    out = io.StringIO()
    fig.savefig(out, format="svg", bbox_inches=box, metadata={"Date": None, "Title": loc.text(spec.title), "Description": alt_text(spec, loc)})
    pyplot().close(fig)
    svg = titled_marks(out.getvalue(), getattr(fig, "report_tips", []))
    return svg if loc.cjk else svg.translate(STRAIGHT_QUOTES)


def alt_text(spec: Figure, loc: Localizer) -> str:
    """The data-independent description from data/figures.yaml, then the values
    the figure shows, so screen-reader users get the same numbers."""
    sep, colon = loc.punct("separator"), loc.punct("colon")
    return loc.text(spec.alt) + colon + sep.join(KINDS[spec.kind].describe(loc, figure_rows(spec, loc)))


def draw(spec: Figure, loc: Localizer, size: Size = WIDE):
    """The matplotlib figure, before its title and source line (what the chart-rule tests inspect)."""
    _style(loc, size)
    return KINDS[spec.kind].draw(loc, spec, figure_rows(spec, loc), size)


def render_svg(spec: Figure, loc: Localizer, size: Size = WIDE) -> str:
    return _finish(draw(spec, loc, size), loc, spec, figure_rows(spec, loc), size)


def render_csv(spec: Figure, loc: Localizer) -> str:
    """The figure's data as CSV: what it draws, with every citation, in the reader's language."""
    return KINDS[spec.kind].csv(loc, figure_rows(spec, loc))


def data_table(spec: Figure, tables: TableRenderer) -> str:
    """The figure's data as a Markdown table (its Table view): what it draws, cited."""
    return KINDS[spec.kind].table(tables, figure_rows(spec, tables.loc))


_SVG_SIZE = re.compile(rb'<svg\b[^>]*?\bwidth="([0-9.]+)pt" height="([0-9.]+)pt"')


def drawn_size(svg: Path) -> str:
    """width and height attributes (CSS px) of a drawing, read from its SVG: the browser keeps the
    figure's room before the image arrives, so nothing below it moves (no layout shift)."""
    try:
        found = _SVG_SIZE.search(svg.read_bytes()[:2000])
    except OSError:
        return ""
    return f' width="{round(float(found.group(1)) * 4 / 3)}" height="{round(float(found.group(2)) * 4 / 3)}"' if found else ""
