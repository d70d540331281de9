"""reportgen/site/sitemaps.py: the sitemaps and robots.txt written after the last language is built."""

from __future__ import annotations

import datetime as dt
import gzip
from pathlib import Path

from reportgen.site import sitemaps

# As mkdocs-static-i18n writes it: every language in one file, dated the build day, "daily".
SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">
    <url><loc>https://o.github.io/r/</loc><lastmod>2026-01-04</lastmod><changefreq>daily</changefreq>
        <xhtml:link rel="alternate" hreflang="zh" href="https://o.github.io/r/"/>
        <xhtml:link rel="alternate" hreflang="en" href="https://o.github.io/r/en/"/></url>
    <url><loc>https://o.github.io/r/en/</loc><lastmod>2026-01-04</lastmod><changefreq>daily</changefreq></url>
    <url><loc>https://o.github.io/r/money/</loc><lastmod>2026-01-04</lastmod><changefreq>daily</changefreq>
        <xhtml:link rel="alternate" hreflang="zh" href="https://o.github.io/r/money/"/>
        <xhtml:link rel="alternate" hreflang="en" href="https://o.github.io/r/en/money/"/></url>
    <url><loc>https://o.github.io/r/en/money/</loc><lastmod>2026-01-04</lastmod><changefreq>daily</changefreq>
        <xhtml:link rel="alternate" hreflang="zh" href="https://o.github.io/r/money/"/>
        <xhtml:link rel="alternate" hreflang="en" href="https://o.github.io/r/en/money/"/></url>
</urlset>
"""
EDITION = dt.date(2026, 11, 22)


def _finish(site: Path, site_url: str = "https://o.github.io/r/") -> None:
    for page in ("", "en", "money", "en/money"):
        (site / page).mkdir(parents=True, exist_ok=True)
        (site / page / "index.html").write_text("<html></html>", encoding="utf-8")
    (site / "sitemap.xml").write_text(SITEMAP, encoding="utf-8")
    # zh-Hant was not built (`make serve ONLY=`): no folder, no sitemap, no error.
    sitemaps.finish(site, ["zh", "zh-Hant", "en"], site_url, EDITION)


def test_each_built_language_gets_its_own_sitemap(tmp_path: Path) -> None:
    _finish(tmp_path)
    en = (tmp_path / "en" / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://o.github.io/r/en/money/</loc>" in en and "<loc>https://o.github.io/r/</loc>" not in en
    assert gzip.decompress((tmp_path / "en" / "sitemap.xml.gz").read_bytes()).decode() == en
    assert not (tmp_path / "zh-Hant").exists()


def test_sitemaps_carry_the_edition_date_and_x_default(tmp_path: Path) -> None:
    """Dated by the edition, not the build; x-default beside the alternates; no "daily"."""
    _finish(tmp_path)
    root = (tmp_path / "sitemap.xml").read_text(encoding="utf-8")
    assert root.count("<lastmod>2026-11-22</lastmod>") == 4 and "2026-01-04" not in root and "changefreq" not in root
    assert root.count('hreflang="x-default" href="https://o.github.io/r/money/"') == 2
    page = (tmp_path / "en" / "money" / "sitemap.xml").read_text(encoding="utf-8")
    assert page.count("<url>") == 1 and "<loc>https://o.github.io/r/en/money/</loc>" in page
    assert root == _text_twice(tmp_path)  # the same bytes when finished again


def _text_twice(site: Path) -> str:
    sitemaps.finish(site, ["zh", "en"], "https://o.github.io/r/", EDITION)
    return (site / "sitemap.xml").read_text(encoding="utf-8")


def test_robots_txt_points_at_the_sitemap_by_its_absolute_address(tmp_path: Path) -> None:
    _finish(tmp_path / "a")
    assert (tmp_path / "a" / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nAllow: /\n\nSitemap: https://o.github.io/r/sitemap.xml\n"
    _finish(tmp_path / "b", site_url="/")  # no address known: no Sitemap line rather than a relative one
    assert "Sitemap" not in (tmp_path / "b" / "robots.txt").read_text(encoding="utf-8")


def test_every_sitemap_the_language_switcher_fetches_is_served(built_site) -> None:
    """Material fetches `sitemap.xml` beside each `<link rel=alternate>` of a page: each such file
    exists in the built site and lists that page (no 404, no change to the theme's code)."""
    import re
    from urllib.parse import urljoin, urlparse

    base = urlparse(built_site.env["SITE_URL"]).path
    missing = []
    for page in sorted(built_site.site.rglob("index.html")):
        for href in re.findall(r'<link rel="alternate" href="([^"]+)" hreflang="[^"]+">', page.read_text(encoding="utf-8")):
            sitemap = built_site.site / urlparse(urljoin(href, "sitemap.xml")).path.removeprefix(base)
            if not sitemap.is_file() or f"<loc>{href}</loc>" not in sitemap.read_text(encoding="utf-8") and href not in sitemap.read_text(encoding="utf-8"):
                missing.append(f"{page.relative_to(built_site.site)}: {href}")
    assert not missing, missing[:10]
    bundle = next((built_site.site / "assets" / "javascripts").glob("bundle.*.min.js")).read_text(encoding="utf-8")
    assert '"link[rel=alternate]"' in bundle  # the theme's own code, as Material ships it


def test_every_sitemap_parses_as_xml(built_site) -> None:
    """Through an XML parser: every sitemap the site serves is well-formed, its addresses absolute http(s)."""
    import xml.etree.ElementTree as ET

    maps = sorted(built_site.site.rglob("sitemap.xml"))
    assert len(maps) > 30
    for path in maps:
        locs = [e.text for e in ET.parse(path).getroot().iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
        assert locs and all(loc.startswith(("https://", "http://")) for loc in locs), path
