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
