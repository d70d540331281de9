"""reportgen/site/reader.py: what is written after the last language is built."""

from __future__ import annotations

from pathlib import Path

from reportgen.site.reader import language_sitemaps

SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <url><loc>https://o.github.io/r/</loc></url>
    <url><loc>https://o.github.io/r/en/</loc></url>
    <url><loc>https://o.github.io/r/en/money/</loc></url>
</urlset>
"""


def test_each_built_language_gets_its_own_sitemap(tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "sitemap.xml").write_text(SITEMAP, encoding="utf-8")
    # zh-Hant was not built (`make serve ONLY=`): no folder, no sitemap, no error.
    language_sitemaps(tmp_path, ["zh", "zh-Hant", "en"], "https://o.github.io/r/")
    en = (tmp_path / "en" / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://o.github.io/r/en/money/</loc>" in en and "<loc>https://o.github.io/r/</loc>" not in en
    assert (tmp_path / "en" / "sitemap.xml.gz").is_file()
    assert not (tmp_path / "zh-Hant").exists()


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
