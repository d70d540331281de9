"""Share cards: a 1200x630 PNG per page for link previews (Open Graph, Twitter), drawn locally
with matplotlib: the report's name, the page's title, its key number and the edition. The same
words give the same bytes (no timestamp, no software tag)."""

from __future__ import annotations

import io
import shutil
import sys
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path

from reportgen.cache import code_digest, digest
from reportgen.i18n.localize import Localizer
from reportgen.i18n.words import section
from reportgen.query.derive import indicator_map
from reportgen.render.chartkit import pyplot
from reportgen.render.figures import FONTS
from reportgen.render.pages import FOOTNOTE_REF, page_title
from reportgen.render.wrapping import wrap_words

WIDTH, HEIGHT, DPI = 1200, 630, 100
ACCENT, INK, MUTED = "#2c3e8c", "#1d1f24", "#5b5f6a"
_WORDS = section("pdf")  # the edition's label, as on the PDF cover


@dataclass(frozen=True)
class Card:
    lang: str
    report: str
    title: str
    number: str  # the page's key number as the report shows it, or ""
    label: str  # what that number is
    edition: str  # "Edition: 22 November 2026"


def _wrapped(text: str, cjk: bool, cjk_width: int, latin_width: int, lines: int) -> str:
    """At most `lines` lines, cut with an ellipsis."""
    out = wrap_words(text, cjk_width if cjk else latin_width, cjk=cjk).split("\n")
    return "\n".join(out[:lines - 1] + [out[lines - 1] + "…"]) if len(out) > lines else "\n".join(out)


def card_png(card: Card) -> bytes:
    plt = pyplot()
    cjk = card.lang != "en"
    with plt.rc_context({"font.family": FONTS[card.lang] + ["DejaVu Sans"], "text.parse_math": False}):
        fig = plt.figure(figsize=(WIDTH / DPI, HEIGHT / DPI), dpi=DPI)
        fig.patch.set_facecolor("white")
        fig.add_artist(plt.Rectangle((0, 0), 0.022, 1, transform=fig.transFigure, color=ACCENT))
        fig.text(0.07, 0.88, _wrapped(card.report, cjk, 34, 64, 2), fontsize=17, color=ACCENT, weight="bold", va="top", linespacing=1.3)
        fig.text(0.07, 0.64, _wrapped(card.title, cjk, 20, 36, 2), fontsize=34, color=INK, weight="bold", va="top", linespacing=1.25)
        if card.number:
            fig.text(0.07, 0.30, card.number, fontsize=44, color=ACCENT, weight="bold", va="baseline")
            fig.text(0.07, 0.19, _wrapped(card.label, cjk, 40, 80, 1), fontsize=17, color=MUTED, va="baseline")
        fig.text(0.07, 0.07, card.edition, fontsize=14, color=MUTED, va="baseline")
        out = io.BytesIO()
        fig.savefig(out, format="png", dpi=DPI, metadata={"Software": None})
        plt.close(fig)
    return out.getvalue()


def page_card(loc: Localizer, markdown: str) -> Card:
    """A page's card from its rendered Markdown: its title and the first number it cites, with
    its city and label (a page that cites none shows the report's subtitle)."""
    site = loc.dataset.site
    indicators = indicator_map(loc.dataset)
    cities = {c.id: c for c in loc.dataset.cities}
    first = next((indicators[ref] for ref in FOOTNOTE_REF.findall(markdown) if ref in indicators), None)
    colon = loc.punct("colon")
    number, label = (loc.value(first), f"{loc.text(cities[first.city].name)}{colon}{loc.text(first.label)}") if first else ("", loc.text(site.subtitle))
    return Card(loc.lang.code, loc.text(site.title), page_title(markdown, loc), number, label, f"{loc.word(_WORDS, 'edition')}{colon}{loc.date(site.edition)}")


def write_cards(cards: dict[Path, Card], cache: Path) -> int:
    """Each card's PNG at its path, drawn only when its words are new (kept in `cache` by
    their hash); returns how many were drawn."""
    cache.mkdir(parents=True, exist_ok=True)
    # A new drawing or matplotlib draws again (its version read without importing it: a warm build draws nothing).
    code = code_digest(sys.modules[__name__]) + metadata.version("matplotlib")
    drawn = 0
    for target, card in cards.items():
        stored = cache / f"{digest(asdict(card), code)[:24]}.png"
        if not stored.exists():
            stored.write_bytes(card_png(card))
            drawn += 1
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(stored, target)
    return drawn
