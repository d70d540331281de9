"""What the theme writes outside any template block that the HTML standard forbids, made valid
in each rendered page (the Nu HTML Checker test, tests/test_html_valid.py, holds every page to it).

Material's base.html gives its drawer and search toggles (checkboxes) `autocomplete="off"`,
allowed only on text-like inputs; no block or partial holds them. The attribute kept Firefox
from restoring them checked on a reload; site/theme/main.html unchecks them instead.
"""

from __future__ import annotations

import re

_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input [^>]*type="checkbox"[^>]*?) autocomplete="off"')


def valid(output: str) -> str:
    return _CHECKBOX_AUTOCOMPLETE.sub(r"\1", output)
