"""Share cards: a 1200x630 PNG per page for link previews (Open Graph, Twitter), drawn locally
with Pillow in the figures' typeface: the report's name, the page's title, its key number and
the edition. The same words give the same bytes (no timestamp, no software tag)."""

from __future__ import annotations

import io
import json
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from reportgen.cache import Store, code_digest, digest, fonts_digest, versions, write_if_changed
from reportgen.i18n.localize import Localizer
from reportgen.i18n.words import section
from reportgen.query.derive import indicator_map
from reportgen.render.mpl import load_matplotlib
from reportgen.render.pages import page_title
from reportgen.render.wrapping import wrap_words

WIDTH, HEIGHT = 1200, 630
ACCENT, INK, MUTED = "#2c3e8c", "#1d1f24", "#5b5f6a"
BAR, LEFT = 26, 84  # the accent bar's width and the text's left edge, px
_WORDS = section("pdf")  # the edition's label, as on the PDF cover


@dataclass(frozen=True)
class Card:
    lang: str
    face: str  # its language's sans face
    cjk: bool  # its language's lines break as CJK text does
    report: str
    title: str
    number: str  # the page's key number as the report shows it, or ""
    label: str  # what that number is
    edition: str  # "Edition: 22 November 2026"


@dataclass(frozen=True)
class Line:
    """A block of text: where it starts (px from the top: its first line's top, or with
    `baseline` its baseline), its size (px), weight, colour and line height (times the size)."""

    y: float
    size: float
    bold: bool
    color: str
    leading: float = 1.25
    baseline: bool = False


REPORT = Line(75.6, 23.6, True, ACCENT, 1.3)
TITLE = Line(226.8, 47.2, True, INK)
NUMBER = Line(441, 61.1, True, ACCENT, baseline=True)
LABEL = Line(510.3, 23.6, False, MUTED, baseline=True)
EDITION = Line(585.9, 19.4, False, MUTED, baseline=True)


@cache
def _font(family: str, bold: bool, size: float) -> ImageFont.FreeTypeFont:
    """The figures' face, found as they find it (matplotlib's font list, which names the face
    inside a collection such as Noto's .ttc)."""
    load_matplotlib()
    from matplotlib import font_manager

    found = font_manager.findfont(font_manager.FontProperties(family=family, weight="bold" if bold else "normal"), fallback_to_default=False)
    # Basic layout (FreeType alone): the same bytes whatever text-shaping libraries the machine has.
    return ImageFont.truetype(found.path, size, index=found.face_index, layout_engine=ImageFont.Layout.BASIC)


def _read_charmap(family: str) -> list[list[int]]:
    """The characters `family` can draw, as sorted [first, last] runs of code points."""
    load_matplotlib()
    from matplotlib import font_manager, ft2font

    found = font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
    runs: list[list[int]] = []
    for code in sorted(ft2font.FT2Font(found.path, face_index=found.face_index).get_charmap()):
        if runs and runs[-1][1] == code - 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    return runs


class Faces:
    """What each card face can draw, read once per build: kept in `store` per set of installed
    fonts, since finding a face loads matplotlib's font list and a CJK face's map is large (most of
    what the cards cost a build whose fonts did not change). A damaged record is read from the face
    again."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.codes: dict[str, frozenset[int]] = {}

    def can_draw(self, family: str) -> frozenset[int]:
        if family not in self.codes:
            key = digest(family, versions("matplotlib"), fonts_digest())[:24]
            runs = self.store.get(key)
            if runs is None:
                runs = json.dumps(_read_charmap(family), separators=(",", ":")).encode("ascii")
                self.store.put(key, runs)
            self.codes[family] = frozenset(code for first, last in json.loads(runs) for code in range(first, last + 1))
        return self.codes[family]


def undrawable(card: Card, faces: Faces) -> str:
    """The characters of the card's words its face cannot draw (it would draw empty boxes)."""
    face = faces.can_draw(card.face)
    words = card.report + card.title + card.number + card.label + card.edition
    return "".join(dict.fromkeys(c for c in words if not c.isspace() and ord(c) not in face))


def _wrapped(text: str, cjk: bool, cjk_width: int, latin_width: int, lines: int) -> list[str]:
    """At most `lines` lines, cut with an ellipsis."""
    out = wrap_words(text, cjk_width if cjk else latin_width, cjk=cjk).split("\n")
    return out[: lines - 1] + [out[lines - 1] + "…"] if len(out) > lines else out


def card_png(card: Card) -> bytes:
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, BAR - 1, HEIGHT), fill=ACCENT)
    cjk, family = card.cjk, card.face
    blocks = [(REPORT, _wrapped(card.report, cjk, 34, 64, 2)), (TITLE, _wrapped(card.title, cjk, 20, 36, 2))]
    if card.number:
        blocks += [(NUMBER, [card.number]), (LABEL, _wrapped(card.label, cjk, 40, 80, 1))]
    blocks.append((EDITION, [card.edition]))
    for style, lines in blocks:
        font = _font(family, style.bold, style.size)
        for i, line in enumerate(lines):
            draw.text((LEFT, style.y + i * style.size * style.leading), line, font=font, fill=style.color, anchor="ls" if style.baseline else "la")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def page_card(loc: Localizer, markdown: str, cited: list[str]) -> Card:
    """A page's card: its title (its first heading) and the first value it states (`cited`, the
    ids render_page collected), with its city and label; a page that states none shows the
    report's subtitle."""
    site = loc.dataset.site
    indicators = indicator_map(loc.dataset)
    cities = {c.id: c for c in loc.dataset.cities}
    first = indicators[cited[0]] if cited else None
    colon = loc.punct("colon")
    number, label = (loc.value(first), f"{loc.text(cities[first.city].name)}{colon}{loc.text(first.label)}") if first else ("", loc.text(site.subtitle))
    return Card(
        loc.lang.code,
        loc.lang.fonts.sans,
        loc.cjk,
        loc.text(site.title),
        page_title(markdown, loc),
        number,
        label,
        f"{loc.word(_WORDS, 'edition')}{colon}{loc.date(site.edition)}",
    )


def write_cards(cards: dict[Path, Card], store: Store, prune: bool = True) -> int:
    """Each card's PNG at its path, drawn only when its words are new (kept in `store` by
    their hash; a damaged entry is drawn again); returns how many were drawn. With `prune`,
    the store keeps only this run's cards."""
    # A new drawing, a new Pillow or a new font draws again.
    code = digest(code_digest(sys.modules[__name__]), versions("pillow", "matplotlib"), fonts_digest())
    keys = {target: digest(asdict(card), code)[:24] for target, card in cards.items()}
    by_key = {key: cards[target] for target, key in keys.items()}  # two pages with the same words share one drawing
    pngs = {key: store.get(key) for key in by_key}
    todo = {key: by_key[key] for key, png in pngs.items() if png is None}
    # Threads: PNG compression, most of a card's time, runs outside the GIL (drawing text holds it).
    with ThreadPoolExecutor() as pool:
        for key, png in zip(todo, pool.map(card_png, todo.values()), strict=True):
            store.put(key, png)
            pngs[key] = png
    for target, key in sorted(keys.items()):
        write_if_changed(target, pngs[key])
    if prune:
        store.prune()
    return len(todo)
