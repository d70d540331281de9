"""Every internal link and anchor of every built page resolves, with the site served under
a sub-path (as on GitHub Pages): the target answers 200 and a #fragment names an id in it.
Also: the per-language extras readers and crawlers get (404 pages, sitemaps, hreflang,
descriptions, navigation without stray sections)."""

from __future__ import annotations

import functools
import gzip
import re
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlparse

import pytest
from siteserve import LANG_DIRS, NOT_FOUND, site_pages, site_url


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.ids.add(attrs["name"])
        for key in ("href", "src"):
            value = attrs.get(key)
            if value and not (tag == "link" and attrs.get("rel") == "alternate"):
                self.links.append(value)


def _fetch(url: str, cache: dict) -> tuple[int, str]:
    if url not in cache:
        try:
            with urllib.request.urlopen(url) as response:
                body = response.read()
                kind = response.headers.get("Content-Type", "")
                cache[url] = (response.status, body.decode("utf-8") if "html" in kind else "")
        except urllib.error.HTTPError as err:
            cache[url] = (err.code, "")
    return cache[url]


@functools.cache
def _ids(html: str) -> frozenset[str]:
    parser = _Links()
    parser.feed(html)
    return frozenset(parser.ids)


@pytest.mark.parametrize("lang", LANG_DIRS)
def test_every_internal_link_and_anchor_resolves(built_site, server, lang: str) -> None:
    cache: dict = {}
    broken: list[str] = []
    checked = 0
    host = urlparse(server).netloc
    for rel in site_pages(built_site.site, lang):
        page_url = server + rel
        status, html = _fetch(page_url, cache)
        assert status == 200, page_url
        parser = _Links()
        parser.feed(html)
        for link in parser.links:
            target = urljoin(page_url, link)
            parsed = urlparse(target)
            if parsed.scheme not in ("http", "https") or parsed.netloc != host:
                continue  # external or javascript:/mailto: links are not ours to check
            checked += 1
            if not target.startswith(server):
                broken.append(f"{rel}: {link} leaves the site's sub-path")
                continue
            url, fragment = urldefrag(target)
            status, body = _fetch(url, cache)
            if status != 200:
                broken.append(f"{rel}: {link} -> {status}")
            elif fragment and body and unquote(fragment) not in _ids(body):
                broken.append(f"{rel}: {link} -> no id {unquote(fragment)!r}")
    assert checked > 100
    assert not broken, "\n".join(broken)


@pytest.mark.parametrize("lang", LANG_DIRS)
def test_404_page_per_language(built_site, lang: str) -> None:
    html = (built_site.site / LANG_DIRS[lang] / "404.html").read_text(encoding="utf-8")
    assert f'<html lang="{lang}"' in html and NOT_FOUND[lang] in html
    assert 'hreflang="' not in html.split("</head>")[0] or 'rel="alternate" href' not in html


@pytest.mark.parametrize("lang", LANG_DIRS)
def test_sitemap_per_language(built_site, lang: str) -> None:
    root = site_url(built_site.site)
    root_locs = re.findall(r"<loc>([^<]+)</loc>", (built_site.site / "sitemap.xml").read_text(encoding="utf-8"))
    pages = site_pages(built_site.site, lang)
    assert {root + p for p in pages} <= set(root_locs)
    if lang != "zh":
        text = (built_site.site / lang / "sitemap.xml").read_text(encoding="utf-8")
        locs = re.findall(r"<loc>([^<]+)</loc>", text)
        assert sorted(locs) == sorted(root + p for p in pages)
        assert gzip.decompress((built_site.site / lang / "sitemap.xml.gz").read_bytes()).decode() == text


@pytest.mark.parametrize("lang", LANG_DIRS)
def test_hreflang_absolute_and_description_per_page(built_site, lang: str) -> None:
    root = site_url(built_site.site)
    for rel in site_pages(built_site.site, lang):
        html = (built_site.site / rel / "index.html").read_text(encoding="utf-8")
        alternates = {h: u for u, h in re.findall(r'<link rel="alternate" href="([^"]+)" hreflang="([^"]+)">', html)}
        assert set(alternates) == {"zh", "zh-Hant", "en", "x-default"}, rel
        page = rel.removeprefix(LANG_DIRS[lang]) if LANG_DIRS[lang] else rel
        for other, prefix in LANG_DIRS.items():
            assert alternates[other] == root + prefix + page
        description = re.search(r'<meta name="description" content="([^"]+)">', html)
        assert description and len(description.group(1)) > 10, rel
        if lang == "en":
            assert not re.search(r"[\u4e00-\u9fff]{4}", description.group(1)), rel
        else:
            assert re.search(r"[\u4e00-\u9fff]", description.group(1)), rel


def test_descriptions_follow_the_script(built_site) -> None:
    def description(prefix: str) -> str:
        html = (built_site.site / prefix / "talent" / "index.html").read_text(encoding="utf-8")
        return re.search(r'<meta name="description" content="([^"]+)">', html).group(1)

    zh, hant, en = description(""), description("zh-Hant"), description("en")
    assert zh != hant and "档" in zh and "檔" in hant and en.isascii()


@pytest.mark.parametrize("lang", LANG_DIRS)
def test_navigation_has_no_stray_sections(built_site, lang: str) -> None:
    def nav_labels(path: Path) -> list[str]:
        html = path.read_text(encoding="utf-8")
        start = html.index("md-nav--primary")
        nav = html[start : html.index("md-sidebar--secondary", start)]
        return [re.sub(r"\s+", " ", t).strip() for t in re.findall(r'<span class="md-ellipsis">(.*?)</span>', nav, re.DOTALL)]

    reference = nav_labels(built_site.site / "talent" / "index.html")
    labels = nav_labels(built_site.site / LANG_DIRS[lang] / "talent" / "index.html")
    assert len(labels) == len(reference)
    assert not [label for label in labels if label.lower().replace(" ", "-") in ("zh-hant", "en", "zh")]


def test_no_link_anywhere_is_protocol_relative(built_site) -> None:
    """ "//reference/" sends a browser to a host called "reference": no page, 404 page included, has one."""
    found = [
        f"{p.relative_to(built_site.site)}: {m}"
        for p in built_site.site.rglob("*.html")
        for m in re.findall(r'(?:href|src|data-root)="(//[^"]*)"', p.read_text(encoding="utf-8"))
    ]
    assert not found, found[:10]


def test_crawlers_find_the_sitemap_dated_by_the_edition(built_site) -> None:
    """robots.txt names the sitemap by its absolute address; every lastmod is the edition's date."""
    from reportgen.model.validate import load_dataset

    edition = load_dataset(built_site.root / "data").site.edition.isoformat()
    root = site_url(built_site.site)
    assert (built_site.site / "robots.txt").read_text(encoding="utf-8").endswith(f"\nSitemap: {root}sitemap.xml\n")
    for path in built_site.site.rglob("sitemap.xml"):
        dates = set(re.findall(r"<lastmod>([^<]+)</lastmod>", path.read_text(encoding="utf-8")))
        assert dates == {edition}, (path, dates)
