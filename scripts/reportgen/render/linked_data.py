"""schema.org JSON-LD for search engines and citation tools: the home page describes the report
(Report), the page that offers the data package describes the data (Dataset, with each download),
and every other page is a part of the report (WebPage, isPartOf the Report)."""

from __future__ import annotations

import html
import json

from reportgen.i18n.localize import Localizer
from reportgen.render.downloads import RESOURCES


def _script(data: dict) -> str:
    # JSON inside <script>: "</" would end the element, so it is escaped.
    return '<script type="application/ld+json">' + json.dumps(data, ensure_ascii=False, sort_keys=True).replace("</", "<\\/") + "</script>"


def _common(loc: Localizer, url: str) -> dict:
    site = loc.dataset.site
    return {
        "@context": "https://schema.org",
        "name": loc.text(site.title),
        "description": loc.text(site.subtitle),
        "url": url,
        "inLanguage": loc.lang.html,
        "author": {"@type": "Organization", "name": loc.text(site.author)},
        "dateModified": site.edition.isoformat(),
        "license": site.licence.url,
    }


def page(loc: Localizer, url: str, title: str, description: str | None, home: str) -> str:
    """Any other page: itself, and the report it belongs to (the edition's home page). `title` and
    `description` come as the theme prints them, escaped (render/safe.escape_meta): JSON holds text."""
    site = loc.dataset.site
    data = {
        **_common(loc, url),
        "@type": "WebPage",
        "name": html.unescape(title),
        "isPartOf": {"@type": "Report", "name": loc.text(site.title), "url": home},
    }
    if description:
        data["description"] = html.unescape(description)
    else:
        del data["description"]
    return _script(data)


def report(loc: Localizer, url: str) -> str:
    """The report, on its home page."""
    return _script({**_common(loc, url), "@type": "Report", "datePublished": loc.dataset.site.edition.isoformat()})


def dataset(loc: Localizer, url: str, downloads: str) -> str:
    """The data, on the page that offers it; `downloads` is the address of the downloads folder."""
    files = [
        ("datapackage.json", "application/json"),
        ("data.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        *((f"{r.name}.csv", "text/csv") for r in RESOURCES),
    ]
    return _script(
        {
            **_common(loc, url),
            "@type": "Dataset",
            "description": loc.text(loc.dataset.site.data_description),
            "creator": {"@type": "Organization", "name": loc.text(loc.dataset.site.author)},
            "distribution": [{"@type": "DataDownload", "contentUrl": downloads + name, "encodingFormat": kind} for name, kind in files],
        }
    )
