"""A language's pages, read from the built site as chapters of one PDF: the page order of the
Material navigation, each page's article, its ids and links rewritten so they are unique and
internal to one document, handed to tree.py as it is read (one pass over the HTML)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from reportgen.config import PATHS
from reportgen.pdf.tree import VOID, TreeBuilder, walk

# Web-only parts: "Cite this" blocks and the Data page's data citation cite the web pages and
# the online data (with the reader's access date), not the PDF; a figure's data view repeats
# what its alternative text and the chapter's tables give the PDF's reader.
SKIP_CLASSES = {
    "headerlink",
    "footnote-backref",
    "report-pdf-link",
    "md-content__button",
    "md-source-file",
    "pdf-exclude",
    "cite-this",
    "cite-data",
    "figure-data",
}
# Elements whose text the PDF leaves out: inline icons, the `<source>` of a `<picture>` (the PDF
# takes the wide drawing of its `<img>`), styles, scripts and the page's controls.
SKIP_TAGS = {"svg", "source", "style", "script", "form", "button", "input", "noscript"}
_ARTICLE = re.compile(r'<article class="md-content__inner[^"]*"[^>]*>(.*?)</article>', re.DOTALL)
_CANONICAL = re.compile(r'<link rel="canonical" href="([^"]+)"')


def pdf_relpath(code: str) -> str:
    return f"{PATHS.lang_dir(code)}downloads/report-{code}.pdf"


# Reading the site ----------------------------------------------------------------------


class _NavLinks(HTMLParser):
    """hrefs and labels of the links in Material's primary navigation, in document order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.hrefs: list[str] = []
        self.labels: list[str] = []
        self.in_link = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "nav" and (self.depth or "md-nav--primary" in classes):
            self.depth += 1
        elif tag == "a" and self.depth and "md-nav__link" in classes and a.get("href"):
            self.hrefs.append(a["href"])
            self.labels.append("")
            self.in_link = True

    def handle_endtag(self, tag):
        if tag == "nav" and self.depth:
            self.depth -= 1
        elif tag == "a" and self.in_link:
            self.labels[-1] = " ".join(self.labels[-1].split())
            self.in_link = False

    def handle_data(self, data):
        if self.in_link:
            self.labels[-1] += data


def _page_file(site_rel_url: str) -> str:
    """Site-relative URL path of a page -> its HTML file ('a/' -> 'a/index.html')."""
    path = site_rel_url.split("#")[0]
    return path + "index.html" if path == "" or path.endswith("/") else path


def _resolve(page_file: str, href: str) -> str:
    """Relative href on page `page_file` -> site-relative path (with any #fragment)."""
    joined = urljoin("http://site/" + page_file, href)
    parts = urlsplit(joined)
    return parts.path.lstrip("/") + (f"#{parts.fragment}" if parts.fragment else "")


def nav_labels(site: Path, code: str) -> dict[str, str]:
    """The language's pages in navigation order, each with its (short) label in the menu."""
    prefix = PATHS.lang_dir(code)
    others = [PATHS.lang_dir(lang.code) for lang in PATHS.languages if PATHS.lang_dir(lang.code)]
    home = f"{prefix}index.html"
    parser = _NavLinks()
    parser.feed((site / home).read_text(encoding="utf-8"))
    pages: dict[str, str] = {}
    for href, label in zip(parser.hrefs, parser.labels, strict=True):
        if urlsplit(href).scheme or href.startswith("//"):
            continue
        target = _page_file(_resolve(home, href))
        if not target.startswith(prefix) or any(target.startswith(o) for o in others if o != prefix):
            continue
        if (site / target).is_file() and target not in pages:
            pages[target] = label
    if home not in pages and (site / home).is_file():
        pages = {home: "", **pages}
    return pages


def chapter_slug(page_file: str, prefix: str) -> str:
    rel = page_file[len(prefix) :]
    rel = rel[: -len("index.html")] if rel.endswith("index.html") else rel.removesuffix(".html")
    return re.sub(r"[^A-Za-z0-9]+", "-", rel).strip("-") or "home"


# Rewriting one page --------------------------------------------------------------------


@dataclass
class Chapter:
    slug: str
    nodes: list  # tree.py's nodes
    images: list[str]
    figures: int


class _Rewriter(HTMLParser):
    """Read an article with ids prefixed by the chapter slug, links made internal or absolute,
    image sources made site-relative, and web-only elements dropped; feed it to a TreeBuilder."""

    def __init__(self, page_file: str, slug: str, chapters: dict[str, str], public: str | None):
        super().__init__(convert_charrefs=True)
        self.page_file, self.slug, self.chapters, self.public = page_file, slug, chapters, public
        self.tree = TreeBuilder()
        self.skip = 0  # depth inside a dropped element
        self.images: list[str] = []
        self.figures = 0

    def _href(self, href: str) -> str:
        if href.startswith("#"):
            return f"#{self.slug}--{href[1:]}"
        if urlsplit(href).scheme or href.startswith("//"):
            return href
        target = _resolve(self.page_file, href)
        path, _, frag = target.partition("#")
        page = _page_file(path) if (path.endswith(("/", ".html")) or path == "") else path
        if page in self.chapters:
            slug = self.chapters[page]
            return f"#{slug}--{frag}" if frag else f"#ch-{slug}"
        # Files of the site that are not in the PDF (CSV, SVG, other languages): the public URL.
        return urljoin(self.public, href) if self.public else target

    def _attrs(self, tag: str, attrs: list[tuple[str, str | None]]) -> dict[str, str]:
        out = {}
        for name, value in attrs:
            if value is None:
                continue
            if name in ("id", "for"):
                value = f"{self.slug}--{value}"
            elif name == "href" and tag == "a":
                value = self._href(value)
            elif name == "src" and tag == "img":
                value = _resolve(self.page_file, value)
                self.images.append(value.split("#")[0])
            out[name] = value
        return out

    def _starts_skip(self, tag: str, attrs) -> bool:
        classes = set((dict(attrs).get("class") or "").split())
        return tag in SKIP_TAGS or bool(classes & SKIP_CLASSES)

    def handle_starttag(self, tag, attrs):
        if self.skip:
            self.skip += tag not in VOID
            return
        if self._starts_skip(tag, attrs):
            self.skip = 0 if tag in VOID else 1
            return
        self.figures += tag == "figure"
        self.tree.start(tag, self._attrs(tag, attrs))

    def handle_endtag(self, tag):
        if self.skip:
            self.skip -= tag not in VOID
            return
        self.tree.end(tag)

    def handle_data(self, data):
        if not self.skip:
            self.tree.data(data)


def read_chapter(site: Path, page_file: str, chapters: dict[str, str]) -> Chapter:
    text = (site / page_file).read_text(encoding="utf-8")
    match = _ARTICLE.search(text)
    if not match:
        raise ValueError(f'{page_file}: no <article class="md-content__inner">')
    canonical = _CANONICAL.search(text)
    rewriter = _Rewriter(page_file, chapters[page_file], chapters, html.unescape(canonical.group(1)) if canonical else None)
    rewriter.feed(match.group(1))
    rewriter.close()
    return Chapter(chapters[page_file], rewriter.tree.nodes(), rewriter.images, rewriter.figures)


def mark_repeated_figures(chapters: list[Chapter]) -> None:
    """A figure that several pages show (the same drawing) is one figure of the document, as on
    the site, where it keeps the number of its first appearance: the list of figures names it
    once, where the reader first meets it. Its later appearances are marked `repeat` (report.typ
    shows them captioned alike but leaves them out of the list) and not counted again."""
    seen: set[str] = set()
    for chapter in chapters:
        for node in walk({"c": chapter.nodes}):
            if node.get("t") == "figure":
                if node["src"] in seen:
                    node["repeat"] = True
                    chapter.figures -= 1
                seen.add(node["src"])
