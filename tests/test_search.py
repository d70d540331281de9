"""Search (reportgen/site/search.py): what is indexed, one index per language, errors."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from reportgen.cache import Store
from reportgen.site import search
from reportgen.site.reader import post_page
from siteserve import LANG_DIRS, site_pages

PAGE = """<html lang="{lang}"><head><title>{title}</title></head><body><nav>menu words</nav>
<article class="md-content__inner md-typeset"><h1>{title}</h1><p>{text}</p>
<a class="report-pdf-link" href="x.pdf">PDFLINKWORD</a><details class="cite-this"><summary>Cite</summary>BIBTEXWORD</details></article>
</body></html>"""


def test_mark_body_marks_the_article_once() -> None:
    html = PAGE.format(lang="en", title="T", text="x")
    marked = search.mark_body(html)
    assert marked.count("data-pagefind-body") == 1
    assert '<article class="md-content__inner md-typeset" data-pagefind-body>' in marked
    assert search.mark_body("<html><body><p>no article</p></body></html>") == "<html><body><p>no article</p></body></html>"


def test_every_built_page_goes_through_mark_body() -> None:
    out = post_page(PAGE.format(lang="en", title="T", text="x"), "en/", "en", "https://o.github.io/r/")
    assert "data-pagefind-body" in out


def _index(tmp_path: Path) -> tuple[Path, dict]:
    site = tmp_path / "site"
    pages = {
        "index.html": ("zh", "首页", "算力总规模"),
        "en/index.html": ("en", "Home", "computing power"),
        "en/money/index.html": ("en", "Money", "open competition"),
        "404.html": ("zh", "404", "无此页"),
    }
    for rel, (lang, title, text) in pages.items():
        path = site / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        html = PAGE.format(lang=lang, title=title, text=text)
        path.write_text(html if rel == "404.html" else search.mark_body(html), encoding="utf-8")
    search.index_site(site)
    return site, json.loads((site / search.BUNDLE / "pagefind-entry.json").read_text(encoding="utf-8"))


def _bundle(site: Path) -> dict[str, bytes]:
    """Every file of the site's search bundle, by its path in the site."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in (site / search.BUNDLE).rglob("*") if p.is_file()}


def test_one_index_per_language_of_the_marked_pages(tmp_path: Path) -> None:
    site, entry = _index(tmp_path)
    # The 404 page has no marked article: not indexed.
    assert {lang: v["page_count"] for lang, v in entry["languages"].items()} == {"zh": 1, "en": 2}
    assert (site / search.BUNDLE / "pagefind-ui.js").is_file()


def test_the_same_site_gives_the_same_index(tmp_path: Path) -> None:
    first, _ = _index(tmp_path / "a")
    second, _ = _index(tmp_path / "b")
    a, b = _bundle(first), _bundle(second)
    assert sorted(a) == sorted(b)
    assert all(a[f] == b[f] for f in a)


def test_unchanged_pages_get_the_last_bundle_back(tmp_path: Path, monkeypatch) -> None:
    site, _ = _index(tmp_path)
    first = _bundle(site)
    shutil.rmtree(site / search.BUNDLE)
    cache = Store(tmp_path, "search")
    search.index_site(site, cache)  # indexed, and kept
    shutil.rmtree(site / search.BUNDLE)
    runs = []

    def run_pagefind(site: Path) -> None:
        runs.append(site)
        (site / search.BUNDLE).mkdir()

    monkeypatch.setattr(search, "_run_pagefind", run_pagefind)
    search.index_site(site, cache)
    assert runs == []  # unpacked, not indexed
    assert _bundle(site) == first
    # One changed page: indexed again.
    page = site / "en" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("computing power", "computing power, edited"), encoding="utf-8")
    shutil.rmtree(site / search.BUNDLE)
    search.index_site(site, cache)
    assert runs == [site]


def test_a_site_without_pages_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(search.SearchError) as err:
        search.index_site(tmp_path / "empty")
    message = str(err.value)
    assert message.startswith(f"search index: pagefind failed on {tmp_path / 'empty'}: ")
    assert "html" in message and "\n" not in message


@pytest.mark.parametrize("lang", LANG_DIRS)
def test_every_page_of_the_built_site_is_in_its_languages_index(built_site, lang: str) -> None:
    site = built_site.site
    entry = json.loads((site / search.BUNDLE / "pagefind-entry.json").read_text(encoding="utf-8"))
    pages = site_pages(site, lang)
    assert pages
    for rel in pages:
        html = (site / rel / "index.html").read_text(encoding="utf-8")
        assert html.count("data-pagefind-body") == 1, rel
    assert "data-pagefind-body" not in (site / LANG_DIRS[lang] / "404.html").read_text(encoding="utf-8")
    # Pagefind names an index after the pages' <html lang>, lower-cased.
    html_lang = re.search(r'<html lang="([^"]+)"', html).group(1)
    assert entry["languages"][html_lang.lower()]["page_count"] == len(pages)
    # Material's own index is gone with its search plugin: one search, not two.
    assert not list(site.rglob("search_index.json"))
