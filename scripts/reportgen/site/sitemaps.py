"""What crawlers read: the sitemaps and robots.txt, finished after the last language is built.

mkdocs-static-i18n writes ONE sitemap for every language, each page with its alternates, dated
the build day (SOURCE_DATE_EPOCH) and marked `daily`. This module rewrites it through an XML
parser: every `lastmod` is the edition's date (the day the content last changed), the
alternates gain `x-default` (the default language's page, as in each page's head), and
`changefreq` goes (an edition does not change daily). From it, it writes:

* `<locale>/sitemap.xml` (+ .gz) for every other built language: its entries only;
* `sitemap.xml` beside every other page: its own entry (what Material's language switcher
  fetches beside each `<link rel=alternate>` to find the same page in another language);
* `robots.txt`, pointing at the sitemap.
"""

from __future__ import annotations

import datetime as dt
import gzip
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin, urlparse

from reportgen.config import PATHS

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
ET.register_namespace("", SITEMAP_NS)
ET.register_namespace("xhtml", XHTML_NS)
_URL, _LOC, _LASTMOD, _CHANGEFREQ = (f"{{{SITEMAP_NS}}}{tag}" for tag in ("url", "loc", "lastmod", "changefreq"))
_LINK = f"{{{XHTML_NS}}}link"


def _dated(url: ET.Element, edition: dt.date) -> ET.Element:
    """The entry with the edition's date, no change frequency, and an x-default alternate."""
    for old in url.findall(_CHANGEFREQ) + url.findall(_LASTMOD):
        url.remove(old)
    lastmod = ET.Element(_LASTMOD)
    lastmod.text = edition.isoformat()
    url.insert(1, lastmod)
    links = url.findall(_LINK)
    default = next((link.get("href") for link in links if link.get("hreflang") == PATHS.default_lang), None)
    if default and not any(link.get("hreflang") == "x-default" for link in links):
        ET.SubElement(url, _LINK, {"rel": "alternate", "hreflang": "x-default", "href": default})
    return url


def _text(urls: list[ET.Element]) -> str:
    urlset = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    urlset.extend(urls)
    ET.indent(urlset, space="    ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(urlset, encoding="unicode") + "\n"


def _write(target: Path, urls: list[ET.Element], gz: bool = False) -> None:
    text = _text(urls)
    target.write_text(text, encoding="utf-8")
    if gz:
        with gzip.GzipFile(target.with_name("sitemap.xml.gz"), "wb", mtime=0) as out:
            out.write(text.encode("utf-8"))


def finish(site: Path, langs: list[str], site_url: str, edition: dt.date) -> None:
    """Rewrite the root sitemap; write the languages', the pages' and robots.txt."""
    root = site / "sitemap.xml"
    if not root.exists():
        return
    urls = [_dated(url, edition) for url in ET.parse(root).getroot().iter(_URL)]
    _write(root, urls, gz=True)
    for lang in langs:
        if lang == PATHS.default_lang or not (site / lang).is_dir():
            continue  # the default language's sitemap is the root's; a language not built (`ONLY=`) has none
        prefix = urljoin(site_url, PATHS.lang_dir(lang))
        _write(site / lang / "sitemap.xml", [url for url in urls if url.findtext(_LOC, "").startswith(prefix)], gz=True)
    base = urlparse(site_url).path or "/"
    roots = {"", *(PATHS.lang_dir(lang.code).strip("/") for lang in PATHS.languages)}
    beside: dict[str, ET.Element] = {}  # page -> the entry its sitemap holds: the last that names it
    for url in urls:
        for href in [url.findtext(_LOC, ""), *(link.get("href", "") for link in url.findall(_LINK))]:
            beside[urlparse(href).path.removeprefix(base)] = url
    for rel, url in beside.items():
        if rel.strip("/") not in roots and (site / rel / "index.html").is_file():
            _write(site / rel / "sitemap.xml", [url])  # a language's root has its language's sitemap
    where = urljoin(site_url, "sitemap.xml")  # robots.txt takes an absolute address only
    (site / "robots.txt").write_text("User-agent: *\nAllow: /\n" + (f"\nSitemap: {where}\n" if urlparse(where).scheme else ""), encoding="utf-8")
