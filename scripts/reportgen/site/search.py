"""Search that shows the passage: Pagefind indexes the built site, one index per `<html lang>`
(zh, zh-hant, en), Chinese segmented into words at index time, English stemmed. Its results are
the matching passages with the words marked, each linked to its section.

What is indexed is each page's article (`data-pagefind-body`, set by `mark_body`), without the
furniture every page repeats (EXCLUDED). The search dialog is overrides/partials/search.html.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

# The article holds what a reader searches; a page without it (404) is not indexed.
ARTICLE = '<article class="md-content__inner md-typeset">'
BODY = '<article class="md-content__inner md-typeset" data-pagefind-body>'

# Repeated on every page or not prose: permalink and back-link signs, the PDF link,
# "Cite this" forms, a figure's download links.
EXCLUDED = (".headerlink", ".footnote-backref", ".report-pdf-link", ".cite-this", ".fig-downloads")

BUNDLE = "pagefind"


class SearchError(RuntimeError):
    """Pagefind failed: its own message."""


def mark_body(html: str) -> str:
    return html.replace(ARTICLE, BODY, 1)


def index_site(site: Path) -> None:
    """Write `<site>/pagefind/`: the indexes, their fragments and Pagefind's UI."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", BUNDLE, "--silent"]
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
