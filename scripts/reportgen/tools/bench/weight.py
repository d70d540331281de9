"""Page weight: the bytes a first visit to a built page fetches, by kind, raw and gzipped."""

from __future__ import annotations

import gzip
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from reportgen.config import PATHS


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[tuple[str, str]] = []  # (kind, url)
        self.lang = ""
        self.search_root: str | None = None  # the search button's site root (site/theme/partials/search.html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang") or ""
        elif "report-search-open" in (a.get("class") or "").split():
            self.search_root = a.get("data-root")
        if tag == "link" and a.get("href"):
            rel = (a.get("rel") or "").lower()
            if "stylesheet" in rel:
                self.refs.append(("css", a["href"]))
            elif "icon" in rel:
                self.refs.append(("img", a["href"]))
            elif "preload" in rel or "modulepreload" in rel:
                self.refs.append(({"style": "css", "script": "js", "image": "img"}.get(a.get("as", ""), "other"), a["href"]))
        elif tag == "script":
            if a.get("src"):
                self.refs.append(("js", a["src"]))
        # A <picture>'s <source> is an alternative to its <img> (the phone drawing of a
        # figure): a browser fetches one of the two, so the <img> stands for both.
        elif tag == "img" and (a.get("src") or a.get("srcset")):
            self.refs.append(("img", a.get("src") or a["srcset"].split()[0]))


_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


def _local(site: Path, page_url: str, ref: str) -> Path | None:
    url = urljoin(page_url, ref)
    parts = urlsplit(url)
    if parts.scheme not in ("", "http") or parts.netloc not in ("", "site") or ref.startswith("data:"):
        return None
    path = site / unquote(parts.path).lstrip("/")
    if path.is_dir():
        path = path / "index.html"
    return path if path.is_file() else None


def _search_files(site: Path, page_url: str, parser: _Refs) -> list[Path]:
    """What opening the search dialog fetches before the first query: Pagefind's UI, its
    loader, the language list, and the reader's language index and word splitter."""
    if parser.search_root is None:
        return []
    bundle_url = urljoin(page_url, parser.search_root) + "pagefind/"
    entry = _local(site, bundle_url, "pagefind-entry.json")
    if entry is None:
        return []
    language = json.loads(entry.read_text(encoding="utf-8"))["languages"].get(parser.lang.lower(), {})
    names = [
        "pagefind-ui.js",
        "pagefind-ui.css",
        "pagefind.js",
        "pagefind-entry.json",
        f"pagefind.{language.get('hash')}.pf_meta",
        f"wasm.{language.get('wasm') or 'unknown'}.pagefind",
    ]
    return [path for path in (_local(site, bundle_url, name) for name in names) if path]


def page_weight(site: Path, html_file: Path) -> dict:
    """Bytes a first visit to the page fetches, by kind (raw and gzip -6); search separately."""
    page_url = "http://site/" + html_file.relative_to(site).as_posix()
    html = html_file.read_bytes()
    parser = _Refs()
    parser.feed(html.decode("utf-8", errors="replace"))
    files: dict[Path, str] = {html_file: "html"}
    for kind, ref in parser.refs:
        path = _local(site, page_url, ref)
        if path and path not in files:
            files[path] = kind
            if kind == "css":  # fonts and images a stylesheet pulls in
                css_url = "http://site/" + path.relative_to(site).as_posix()
                for sub in _CSS_URL.findall(path.read_text(errors="replace")):
                    sub_path = _local(site, css_url, sub)
                    if sub_path and sub_path not in files:
                        files[sub_path] = "other"
    search = dict.fromkeys(_search_files(site, page_url, parser), "search")
    out = {"page": html_file.relative_to(site).as_posix()}
    for kind in ("html", "css", "js", "img", "other", "search"):
        members = [p for p, k in {**files, **search}.items() if k == kind]
        raw = [p.read_bytes() for p in members]
        out[kind] = sum(map(len, raw))
        out[f"{kind}_gz"] = sum(len(gzip.compress(b, 6, mtime=0)) for b in raw)
    out["total"] = sum(out[k] for k in ("html", "css", "js", "img", "other"))
    out["total_gz"] = sum(out[f"{k}_gz"] for k in ("html", "css", "js", "img", "other"))
    return out


def home_pages(site: Path) -> list[Path]:
    return [p for p in (site / "index.html", site / "zh-Hant" / "index.html", site / "en" / "index.html") if p.is_file()]


def content_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html" and "assets" not in p.relative_to(site).parts)


def page_types(site: Path, weights: list[dict]) -> dict[str, str]:
    """One page of each kind the default edition has, by what it holds: its home page, the heaviest
    and the lightest page, the page with the most figures and the one with the most tables
    (`weights` from page_weight). A kind may name a page already named."""
    home = site / "index.html"
    others = [w for w in weights if "/" in w["page"] and w["page"].split("/")[0] not in {lang.code for lang in PATHS.languages[1:]}]
    if not others:
        return {"home": "index.html"} if home.is_file() else {}

    def most(tag: str) -> str:
        return max(others, key=lambda w: (site / w["page"]).read_text(encoding="utf-8").count(tag))["page"]

    return {
        "home": "index.html",
        "heaviest": max(others, key=lambda w: w["total"])["page"],
        "lightest": min(others, key=lambda w: w["total"])["page"],
        "most figures": most('<figure class="report-figure"'),
        "most tables": most("<table"),
    }
