"""Search that shows the passage: Pagefind indexes the built site, one index per `<html lang>`
(zh, zh-hant, en), Chinese segmented into words at index time (Pagefind 1.6's ICU4X, from npm:
Simplified and Traditional alike), English stemmed. Its results are
the matching passages with the words marked, each linked to its section.

What is indexed is each page's article (`data-pagefind-body`, set by `mark_body`), without the
furniture every page repeats (EXCLUDED). A site whose pages have not changed gets the last
bundle back from the build's cache (the `search` store) instead of being indexed again. The search dialog is
site/theme/partials/search.html.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

from reportgen.cache import Store, digest
from reportgen.node import VERSIONS, NodeToolError, installed

# The article holds what a reader searches; a page without it (404) is not indexed.
ARTICLE = '<article class="md-content__inner md-typeset">'
BODY = '<article class="md-content__inner md-typeset" data-pagefind-body>'

# Repeated on every page or not prose: permalink and back-link signs, the PDF link,
# "Cite this" forms, a figure's download links.
EXCLUDED = (".headerlink", ".footnote-backref", ".report-pdf-link", ".cite-this", ".cite-data", ".fig-downloads")

BUNDLE = "pagefind"


class SearchError(RuntimeError):
    """Pagefind failed: its own message."""


def mark_body(html: str) -> str:
    return html.replace(ARTICLE, BODY, 1)


def index_site(site: Path, store: Store | None = None) -> None:
    """Write `<site>/pagefind/`: the indexes, their fragments and Pagefind's UI. With `store`,
    a site whose pages are the same as last time gets last time's bundle (unpacked, not
    indexed; a damaged one is indexed again)."""
    key = _pages_digest(site)
    if store is not None:
        shutil.rmtree(site / BUNDLE, ignore_errors=True)
        if store.get_tree(key, site / BUNDLE):
            return
        shutil.rmtree(site / BUNDLE, ignore_errors=True)  # what a damaged entry may have left
    _run_pagefind(site)
    if store is not None:
        store.put_tree(key, site / BUNDLE)
        store.prune({key})  # only the latest bundle is worth keeping


def _pages_digest(site: Path) -> str:
    """What the index is made of: every page's bytes, Pagefind's version and its options."""
    pages = hashlib.sha256()
    for page in sorted(site.rglob("*.html")):
        pages.update(page.relative_to(site).as_posix().encode() + b"\0" + hashlib.sha256(page.read_bytes()).digest())
    return digest(pages.hexdigest(), VERSIONS["pagefind"], EXCLUDED)[:20]


def _run_pagefind(site: Path) -> None:
    try:
        runner = installed("pagefind") / "lib" / "runner" / "bin.cjs"
    except NodeToolError as err:
        raise SearchError(f"search index: {err}") from None
    command = ["node", str(runner), "--site", str(site), "--output-subdir", BUNDLE, "--silent"]
    for selector in EXCLUDED:
        command += ["--exclude-selectors", selector]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        # Pagefind repeats its message; each line once.
        said = dict.fromkeys(line.strip() for line in (result.stderr + result.stdout).splitlines() if line.strip())
        raise SearchError(f"search index: pagefind failed on {site}: {' '.join(said) or f'exit status {result.returncode}'}")
    # Pagefind lists the languages in hash order, which changes from run to run: sorted, the same
    # site gives the same bytes.
    entry = site / BUNDLE / "pagefind-entry.json"
    data = json.loads(entry.read_text(encoding="utf-8"))
    data["languages"] = dict(sorted(data["languages"].items()))
    entry.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
