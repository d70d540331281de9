"""Pages whose Markdown has not changed are not converted again.

MkDocs converts every page's Markdown to HTML on every build; that was most of the time of a
preview rebuild and of a warm `make site`. A page's conversion is kept (JSON) in the build's cache
(the `converted` store, reportgen/cache.py) under the digest of everything it reads: its final
Markdown (after the report's templates; the site's address is in it, in its citations), its
address, the addresses of the site's files (links), mkdocs.yml (extensions and their settings),
the converting code and its versions. On a hit the page gets back what the conversion gave
it: HTML, table of contents, title, anchors and links to anchors. A conversion that logged a
warning is not kept, so a strict build fails again on the same input.

The report plugin calls `before` from on_page_markdown (last of the plugins) and `after` from
on_page_content.
"""

from __future__ import annotations

import functools
import json
import logging
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from mkdocs.structure.toc import get_toc
from mkdocs.utils import CountHandler

from reportgen.cache import Store, code_digest, digest
from reportgen.site import quotes, tablecells

CONVERTERS = ("mkdocs", "markdown", "pymdown-extensions", "mkdocs-material")


@functools.cache  # installed once per process: read once, not per edition and build of the preview
def _converter_versions() -> tuple[str, ...]:
    return tuple(metadata.version(name) for name in CONVERTERS)


def _tokens(items) -> list[dict]:
    """A table of contents as the `toc` extension's tokens (what mkdocs' get_toc reads back)."""
    return [{"level": a.level, "id": a.id, "name": a.title, "children": _tokens(a.children)} for a in items]


def _kept(page, html: str) -> dict:
    """What a conversion gave the page, as JSON: no pickle, nothing that runs when read back."""
    links = None if page.links_to_anchors is None else {f.src_uri: dict(v) for f, v in page.links_to_anchors.items()}
    anchors = None if page.present_anchor_ids is None else sorted(page.present_anchor_ids)
    return {"html": html, "toc": _tokens(page.toc), "title": page._title_from_render, "anchors": anchors, "links": links}


def _restore(page, kept: dict, files) -> str:
    page.toc, page._title_from_render = get_toc(kept["toc"]), kept["title"]
    page.present_anchor_ids = None if kept["anchors"] is None else set(kept["anchors"])
    if kept["links"] is not None:
        found = {uri: files.get_file_from_path(uri) for uri in kept["links"]}
        page.links_to_anchors = {f: kept["links"][uri] for uri, f in found.items() if f is not None}
    return kept["html"]


# What a kept conversion holds; an entry of another shape is converted again.
KEPT_FIELDS = {"html", "toc", "title", "anchors", "links"}


def _read(kept) -> dict | None:
    return kept if isinstance(kept, dict) and set(kept) == KEPT_FIELDS else None


@dataclass
class ConvertedPages:
    store: Store
    config_file: Path
    used: set[str] = field(default_factory=set)  # keys this run read or wrote
    kept: int = 0  # pages whose kept conversion served this run
    _context: tuple = (None, "")  # (the Files of the language being built, digest of what all its pages read)
    _pending: dict = field(default_factory=dict)  # src_uri -> (key, warnings before) | the kept conversion
    _settings: str = field(init=False, default="")  # mkdocs.yml: the extensions and their settings
    # MkDocs' own counter (what --strict counts with), for the warnings a conversion logs.
    _warnings: CountHandler = field(default_factory=lambda: CountHandler(level=logging.WARNING))

    def __post_init__(self) -> None:
        logging.getLogger("mkdocs").addHandler(self._warnings)
        self._settings = self.config_file.read_text(encoding="utf-8")  # once per build, not per language

    def close(self) -> None:
        logging.getLogger("mkdocs").removeHandler(self._warnings)

    def _warning_count(self) -> int:
        return sum(self._warnings.counts.values())

    def _site_digest(self, files, config) -> str:
        # Computed once per language build: the same Files object serves all its pages (held, not
        # its id, which a later object may reuse).
        if self._context[0] is not files:
            addresses = sorted((f.src_uri, f.url) for f in files)
            versions = list(_converter_versions())
            self._context = (
                files,
                digest(addresses, versions, self._settings, code_digest(tablecells, quotes), config["use_directory_urls"]),
            )
        return self._context[1]

    def before(self, markdown: str, page, config, files) -> str:
        """The Markdown MkDocs should convert: empty when the page's conversion is kept."""
        key = digest(self._site_digest(files, config), page.file.src_uri, page.url, markdown)
        self.used.add(key)
        kept = _read(self.store.get_json(key))
        if kept is not None:
            self._pending[page.file.src_uri] = kept
            self.kept += 1
            return ""
        self._pending[page.file.src_uri] = (key, self._warning_count())
        return markdown

    def after(self, html: str, page, files) -> str:
        """The page's HTML: the kept conversion restored onto the page, or this one kept."""
        pending = self._pending.pop(page.file.src_uri)
        if isinstance(pending, dict):
            return _restore(page, pending, files)
        key, warnings_before = pending
        if self._warning_count() == warnings_before:
            self.store.put(key, json.dumps(_kept(page, html), ensure_ascii=False).encode("utf-8"))
        return html

    def prune(self) -> int:
        """Drop what this run did not use (after a full build); returns how many."""
        return self.store.prune(self.used)
