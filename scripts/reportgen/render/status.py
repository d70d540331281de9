"""The translation status page (docs/<lang>/status.md calls translation_status()): every
translated page with its state, then the data strings by collection, in the reader's language
(the states themselves: reportgen/i18n/translations.py). Every text is HTML-escaped."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from markupsafe import escape

from reportgen.config import Paths
from reportgen.i18n.localize import Localizer
from reportgen.i18n.translations import FRONT_MATTER_BLOCK, STATES, data_states, front_matter, page_states
from reportgen.i18n.words import section

_WORDS = section("translation_status")


def _page_title(path: Path) -> str | None:
    """The page's `title:` or a plain H1 (not a template expression), if any."""
    if not path.exists():
        return None
    text = path.read_text(encoding="utf-8")
    title = front_matter(text).get("title")
    if title and "{" not in str(title):
        return str(title)
    match = re.search(r"^# (.+)$", FRONT_MATTER_BLOCK.sub("", text, count=1), re.MULTILINE)
    if match and "{" not in match.group(1):
        return match.group(1).strip()
    return None


def status_markdown(paths: Paths, loc: Localizer) -> str:
    """The status page's tables in the localizer's language."""
    words = loc.words(_WORDS)
    lines = [f"## {escape(words['pages_heading'])}", "", f"| {escape(words['page'])} | {escape(words['state'])} |", "| --- | --- |"]
    states = page_states(paths)
    several = len({p.lang for p in states}) > 1  # then each row names its language
    for p in states:
        title = (_page_title(paths.lang_docs(loc.lang.code) / p.page) or p.page) + (f" ({p.lang})" if several else "")
        lines.append(f"| [{escape(title)}]({p.page}) | {escape(words[p.state])} |")
    strings = data_states(paths, loc.dataset)
    collections = list(dict.fromkeys(d.collection for d in strings))
    lines += [
        "",
        f"## {escape(words['data_heading'])}",
        "",
        f"| {escape(words['collection'])} | " + " | ".join(escape(words[s]) for s in STATES) + " |",
        "| --- | " + " | ".join("---:" for _ in STATES) + " |",
    ]
    tally = Counter((d.collection, d.state) for d in strings)
    for coll in collections:
        counts = [loc.number(tally[coll, s]) for s in STATES]
        lines.append(f"| `{escape(coll)}` | " + " | ".join(map(str, counts)) + " |")
    pending = [d for d in strings if d.state != "current"]
    listed = ", ".join(f"`{escape(d.key)}` ({escape(words[d.state])})" for d in pending) if pending else escape(words["none"])
    lines += ["", f"**{escape(words['strings'])}:** " + listed]
    return "\n".join(lines) + "\n"
