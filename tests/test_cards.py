"""reportgen.render.cards and linked_data: share cards (1200x630 PNG, same bytes for the same
words) with Open Graph and Twitter tags on every page, and schema.org JSON-LD on the home and
data pages, in all three languages."""

from __future__ import annotations

import json
import re
import struct
from pathlib import Path
from urllib.parse import urlparse

import pytest
from reportgen.cache import Store
from reportgen.i18n.localize import localizer
from reportgen.model.validate import load_dataset
from reportgen.render import cards, linked_data
from siteserve import LANG_DIRS, canonical, site_pages, site_url


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_a_card_is_1200_by_630_and_the_same_bytes_each_time(data: Path, tmp_path: Path) -> None:
    loc = localizer("zh-Hant", load_dataset(data))
    card = cards.page_card(loc, "# 蘇州\n\n目标{{x}}[^sz-fund]\n", ["sz-datasets", "sz-fund"])  # the first value it states, not the first mark
    assert (card.title, card.number) == ("蘇州", loc.value(loc.dataset.indicators[1]))
    assert card.label.startswith(loc.text(loc.dataset.cities[0].name))
    png = cards.card_png(card)
    assert _png_size(png) == (1200, 630) and png == cards.card_png(card)
    targets = {tmp_path / "a" / "card.png": card, tmp_path / "b" / "card.png": card}
    assert cards.write_cards(targets, Store(tmp_path, "cards")) == 1  # one drawing, two pages
    assert cards.write_cards(targets, Store(tmp_path, "cards")) == 0
    assert (tmp_path / "b" / "card.png").read_bytes() == png


def test_what_a_face_can_draw_is_read_once_and_a_damaged_record_read_again(data: Path, tmp_path: Path, monkeypatch) -> None:
    loc = localizer("en", load_dataset(data))
    card = cards.page_card(loc, "# Money 👨\n", [])
    faces = Store(tmp_path, "faces")
    assert cards.undrawable(card, cards.Faces(faces)) == "👨"
    (kept,) = faces.entries()
    record = faces.folder / kept
    assert record.stat().st_size > 100  # the face's code points, as runs
    with monkeypatch.context() as patched:  # a later build reads the record, not the face
        patched.setattr(cards, "_read_charmap", lambda family: pytest.fail("the face was read again"))
        assert cards.undrawable(card, cards.Faces(Store(tmp_path, "faces"))) == "👨"
    record.write_bytes(record.read_bytes()[:50])  # cut short: read from the face again, never used
    assert cards.undrawable(card, cards.Faces(Store(tmp_path, "faces"))) == "👨"
    assert Store(tmp_path, "faces").get(kept) is not None


def test_a_page_without_numbers_shows_the_subtitle(data: Path) -> None:
    loc = localizer("en", load_dataset(data))
    card = cards.page_card(loc, "# Glossary\n\nNo numbers here.\n", [])
    assert (card.number, card.label) == ("", loc.text(loc.dataset.site.subtitle))


def test_json_ld_cannot_close_its_script(data: Path) -> None:
    loc = localizer("en", load_dataset(data))
    html = linked_data.report(loc, "https://x.example/</script><script>alert(1)")
    assert html.count("</script>") == 1 and "<\\/script>" in html
    # Through an HTML parser, then a JSON parser: one script element, whose data is what was put in.
    from html.parser import HTMLParser

    class Scripts(HTMLParser):
        found: list[str] = []

        def handle_data(self, data: str) -> None:
            if self.lasttag == "script":
                self.found.append(data)

    parser = Scripts()
    parser.feed(html)
    assert len(parser.found) == 1 and json.loads(parser.found[0])["url"] == "https://x.example/</script><script>alert(1)"


def _meta(html: str, key: str) -> str | None:
    match = re.search(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)"', html)
    return match.group(1) if match else None


@pytest.mark.parametrize("lang", list(LANG_DIRS))
def test_every_page_has_a_share_card_and_describes_itself_as_part_of_the_report(built_site, lang: str) -> None:
    """A share card on every page; schema.org on every page: the home page is the Report, the Data
    page a Dataset (a description of 50+ characters, every download there), every other page a
    WebPage that isPartOf the edition's Report, its words as text (no HTML entities)."""
    from reportgen.config import PATHS

    root = urlparse(site_url(built_site.site)).path
    home = site_url(built_site.site) + LANG_DIRS[lang]
    kinds = []
    for rel in site_pages(built_site.site, lang):
        html = (built_site.site / rel / "index.html").read_text(encoding="utf-8")
        address = canonical(html)
        image = _meta(html, "og:image")
        assert image == address + "card.png" and _meta(html, "twitter:card") == "summary_large_image", rel
        assert _png_size((built_site.site / urlparse(image).path.removeprefix(root)).read_bytes()) == (1200, 630)
        assert _meta(html, "og:title") and _meta(html, "og:description")
        blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
        assert len(blocks) == 1, rel
        data = json.loads(blocks[0])
        kinds.append(data["@type"])
        assert data["url"] == address and data["inLanguage"] == PATHS.language(lang).html, rel
        for download in data.get("distribution", []):
            assert (built_site.site / urlparse(download["contentUrl"]).path.removeprefix(root)).is_file(), download
        if data["@type"] == "Dataset":
            assert 50 <= len(data["description"]) <= 5000, data["description"]
        if data["@type"] == "WebPage":
            assert data["isPartOf"] == {"@type": "Report", "name": data["isPartOf"]["name"], "url": home}, rel
            assert not re.search(r"&(#\d+|[a-z]+);", data["name"] + data.get("description", "")), rel
    assert sorted(set(kinds)) == ["Dataset", "Report", "WebPage"] and kinds.count("Report") == kinds.count("Dataset") == 1
