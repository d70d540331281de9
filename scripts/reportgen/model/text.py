"""What a YAML text field may hold: plain text, checked by validation (schema.NonEmpty). No
HTML, no Markdown links or images, no citation marks, no control characters: pages (docs/) are
where markup belongs, and render/safe.py is the one path by which data text reaches a page."""

from __future__ import annotations

import re

# Plain text: what a YAML text field may not hold, and what to write instead.
_NOT_PLAIN = (
    (re.compile(r"<[A-Za-z/!?]"), "raw HTML is not allowed"),
    (re.compile(r"!\[|\]\(|\]\["), "Markdown links and images are not allowed"),
    (re.compile(r"\[\^"), "citation marks are not allowed (pages cite; data is cited by its `cite` field)"),
    (re.compile(r"[\x00-\x08\x0b-\x1f\x7f]"), "control characters are not allowed"),
)


def plain_text_problem(text: str) -> str | None:
    """Why `text` is not plain text, or None when it is."""
    for pattern, why in _NOT_PLAIN:
        found = pattern.search(text)
        if found:
            start = max(0, found.start() - 10)
            excerpt = text[start : found.start() + 20]
            return f"{why} in a text field (expected plain text, got {excerpt!r} at character {found.start() + 1})"
    return None
