"""A chapter's HTML (as chapters.py reads and rewrites it) as a tree of plain nodes that the
Typst template (report.typ) lays out. Text stays data all the way: the template places
strings as text, so nothing in a page can become Typst code.

A node is a string (text) or {"t": kind, "c": [children], ...}; kinds are listed in KINDS.
"""

from __future__ import annotations

import re

from reportgen.config import PATHS

# HTML tag -> node kind; tags not listed keep their children and drop themselves.
KINDS = {
    **{f"h{n}": "h" for n in range(1, 7)},
    "p": "p",
    "ul": "ul",
    "ol": "ol",
    "li": "li",
    "blockquote": "quote",
    "hr": "hr",
    "br": "br",
    "table": "table",
    "thead": "thead",
    "tbody": "tbody",
    "tr": "tr",
    "th": "th",
    "td": "td",
    "figure": "figure",
    "figcaption": "caption",
    "img": "img",
    "strong": "strong",
    "b": "strong",
    "em": "emph",
    "i": "emph",
    "code": "code",
    "sup": "sup",
    "a": "a",
}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Containers where whitespace between children is layout, not text.
BLOCKS = {"root", "ul", "ol", "table", "thead", "tbody", "tr", "figure", "notes", "group", "quote"}
_SPACE = re.compile(r"\s+")
_CJK = r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]"
_SPACE_BETWEEN_CJK = re.compile(rf"(?<={_CJK}) (?={_CJK})")


def text_languages() -> dict[str, tuple[str, str]]:
    """A span's language (BCP 47, as the site marks it) -> Typst's text language and region, for the report's languages."""
    return {lang.html: lang.text_region for lang in PATHS.languages}


class TreeBuilder:
    """Builds the nodes from start tags, end tags and text, as an HTML parser reports them."""

    def __init__(self) -> None:
        self.root: dict = {"t": "root", "c": []}
        self.stack: list[dict] = [self.root]
        self.languages = text_languages()  # read once, not per span

    def _node(self, tag: str, attrs: dict) -> dict:
        classes = set((attrs.get("class") or "").split())
        if tag == "div" and "footnote" in classes:
            return {"t": "notes", "c": []}
        if tag == "span" and "fig-downloads" in classes:
            return {"t": "downloads", "c": []}
        if tag == "p" and "table-title" in classes:
            return {"t": "tabletitle", "c": []}
        kind = KINDS.get(tag, "group" if tag in ("div", "section", "nav", "picture") else "span")
        node: dict = {"t": kind, "c": []}
        if attrs.get("id"):
            node["id"] = attrs["id"]
        if kind == "h":
            node["level"] = int(tag[1])
        elif kind == "a":
            href = attrs.get("href") or ""
            node.update({"t": "link", "to": href[1:]} if href.startswith("#") else {"t": "url", "href": href} if href else {"t": "span"})
        elif kind == "img":
            node.update(src=attrs.get("src", ""), alt=attrs.get("alt", ""))
        elif kind == "span" and attrs.get("lang") in self.languages:
            lang, region = self.languages[attrs["lang"]]
            node.update(t="lang", lang=lang, region=region)
        return node

    def start(self, tag: str, attrs: dict) -> None:
        node = self._node(tag, attrs)
        self.stack[-1]["c"].append(node)
        if tag not in VOID:
            self.stack.append(node)

    def end(self, tag: str) -> None:
        if tag in VOID or len(self.stack) == 1:
            return
        self.stack.pop()

    def data(self, text: str) -> None:
        self.stack[-1]["c"].append(text)

    def nodes(self) -> list:
        """The chapter's nodes, tidied."""
        return _columns(_figures(_tidy(self.root)))["c"]


def _tidy(node: dict) -> dict:
    """Collapse whitespace as a browser would; drop it between blocks and between CJK characters."""
    children, out = node.get("c", []), []
    for child in children:
        if isinstance(child, str):
            text = _SPACE_BETWEEN_CJK.sub("", _SPACE.sub(" ", child))
            if node["t"] in BLOCKS and not text.strip():
                continue
            if out and isinstance(out[-1], str):
                out[-1] = _SPACE_BETWEEN_CJK.sub("", out[-1] + text)
            else:
                out.append(text)
        else:
            out.append(_tidy(child))
    if out and isinstance(out[0], str) and node["t"] not in ("span", "lang", "link", "url", "strong", "emph", "code", "sup"):
        out[0] = out[0].lstrip() or None
        if out[-1] and isinstance(out[-1], str):
            out[-1] = out[-1].rstrip()
    node["c"] = [c for c in out if c]
    return node


def walk(node: dict):
    yield node
    for child in node.get("c", []):
        if isinstance(child, dict):
            yield from walk(child)


def _figures(root: dict) -> dict:
    """A figure becomes its drawing (src, alt), its caption's nodes and its download links
    (shown under the drawing, not in the caption that the list of figures repeats): the link
    around the picture is the site's way to the full-size file, which the PDF shows inline."""
    for node in [n for n in walk(root) if n["t"] == "figure"]:
        img = next(n for n in walk(node) if n["t"] == "img")
        caption = next((n["c"] for n in node["c"] if isinstance(n, dict) and n["t"] == "caption"), [])
        downloads = next((n["c"] for n in walk({"c": caption}) if n.get("t") == "downloads"), [])
        caption = _without(caption, "downloads")
        if len(caption) == 1 and isinstance(caption[0], dict) and caption[0]["t"] == "p":
            caption = caption[0]["c"]  # a caption is a line of text, not a paragraph block
        node.update(src=img["src"], alt=img["alt"], c=caption, downloads=downloads)
    return root


def _text(node, notes: bool = False) -> str:
    """A node's text; with `notes`, its note markers too (they stay with the word before them)."""
    if isinstance(node, str):
        return node
    return "".join(_text(c, notes) for c in node.get("c", []) if notes or not (isinstance(c, dict) and c["t"] == "sup"))


def _width(text: str) -> int:
    """Rough width of a text in half-em units: CJK characters are full width."""
    return sum(2 if "\u2e80" <= ch <= "\uffef" else 1 for ch in text)


# What a line cannot break inside: a CJK character, or a run of other characters without a space.
_UNBREAKABLE = re.compile(rf"{_CJK}|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]+")
WORDS_PER_COLUMN = 4  # the longest few unbreakable runs of a column, which report.typ measures


def _columns(root: dict) -> dict:
    """Tables get what report.typ sizes their columns by (it measures the cells in their font):
    short cells stay on one line (`nowrap`); each column says whether it holds longer text that
    may wrap (`fill`: it takes a share of the width left over) and the longest runs of it that
    cannot break (`words`: a column is never narrower than these, so no text spills into the
    next column)."""
    for node in [n for n in walk(root) if n["t"] == "table"]:
        rows = [r for part in node["c"] if isinstance(part, dict) for r in part["c"] if isinstance(r, dict) and r["t"] == "tr"]
        count = max((len(r["c"]) for r in rows), default=0)
        columns = [[r["c"][i] for r in rows if i < len(r["c"])] for i in range(count)]
        for cell in (c for cells in columns for c in cells):
            if len(_text(cell).strip()) <= 10:
                cell["nowrap"] = True  # city names, kinds, years: one line, never a character per line
        node["columns"] = []
        for cells in columns:
            runs = {run for c in cells for run in ([_text(c, notes=True).strip()] if c.get("nowrap") else _UNBREAKABLE.findall(_text(c, notes=True)))}
            longest = sorted(runs, key=lambda run: (-_width(run), run))[:WORDS_PER_COLUMN]
            node["columns"].append({"fill": not all(c.get("nowrap") for c in cells), "words": longest})
    return root


def _without(nodes: list, kind: str) -> list:
    """`nodes` with every node of `kind` left out, at any depth (and trailing space trimmed)."""
    out = [n if isinstance(n, str) else {**n, "c": _without(n.get("c", []), kind)} for n in nodes if not (isinstance(n, dict) and n["t"] == kind)]
    if out and isinstance(out[-1], str):
        out[-1] = out[-1].rstrip()
    return [n for n in out if n != ""]
