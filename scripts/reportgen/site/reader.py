"""What readers get besides the pages themselves: a 404 page per language, absolute hreflang
links, the sitemaps (site/sitemaps.py). Called from the report plugin (site/plugin/), which then indexes the
site for search (site/search.py).

mkdocs-static-i18n (folder mode) builds the default language to the site root, then
rebuilds every other language into `<locale>/`, and writes ONE 404.html (whichever language was
built last) and ONE sitemap. This module, run once after the last language is built:

* writes the 404 page rendered for each language to `<locale>/404.html`;
* finishes the sitemaps and robots.txt (site/sitemaps.py);
* makes `<link rel="alternate" hreflang>` absolute (from `site_url`) and adds x-default.
"""

from __future__ import annotations

import datetime as dt
import functools
import posixpath
import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

from reportgen.config import PATHS
from reportgen.site import search, sitemaps

# --- per page ----------------------------------------------------------------------------

_ALTERNATE = re.compile(r'[ \t]*<link rel="alternate" href="([^"]*)" hreflang="([^"]+)">\n?')
_SWITCHER = re.compile(r'(<a href=")(/[^"]*)(" hreflang="[^"]+" class="md-select__link">)')


def _relative_switcher(output: str, page_url: str, site_url: str) -> str:
    """On home pages static-i18n writes the switcher's links as absolute paths from `site_url`
    (/<repository>/en/), which break wherever the site is served from another
    path (a fork, a preview): make them relative like on every other page."""
    root = urlparse(site_url).path or "/"
    here = posixpath.join(root, page_url)

    def relative(match: re.Match) -> str:
        target = match.group(2)
        if not target.startswith(root):
            return match.group(0)
        rel = posixpath.relpath(target, here) + ("/" if target.endswith("/") else "")
        return f"{match.group(1)}{'./' if rel in ('./', '/') else rel}{match.group(3)}"

    return _SWITCHER.sub(relative, output)


@functools.lru_cache(maxsize=128)  # the preview rebuilds every page; most come back unchanged
def post_page(output: str, page_url: str, lang: str, site_url: str) -> str:
    """Absolute hreflang alternates (plus x-default), relative switcher links and the article
    marked for the search index."""
    output = _relative_switcher(output, page_url, site_url)
    here = urljoin(site_url, page_url)
    links = _ALTERNATE.findall(output)
    if links:
        absolute = [(urljoin(here, href), hreflang) for href, hreflang in links]
        default = next((href for href, hreflang in absolute if hreflang == PATHS.default_lang), None)
        if default:
            absolute.append((default, "x-default"))
        block = "".join(f'<link rel="alternate" href="{href}" hreflang="{hreflang}">\n' for href, hreflang in absolute)
        first = _ALTERNATE.search(output)
        output = output[: first.start()] + block + _ALTERNATE.sub("", output[first.start() :])
    return search.mark_body(output)


def not_found_page(output: str) -> str:
    """The 404 page carries another page's alternates (a static-i18n leftover): drop them."""
    return _ALTERNATE.sub("", output)


# --- after the last language is built ----------------------------------------------------


def finish_site(site: Path, langs: list[str], site_url: str, not_found: dict[str, str], edition: dt.date) -> None:
    for lang, html in not_found.items():
        target = site / PATHS.lang_dir(lang) / "404.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
    sitemaps.finish(site, langs, site_url, edition)
