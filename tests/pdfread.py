"""Reading the built PDFs, for the PDF tests: the file of an edition, its text (pdftotext, or in
the order it is painted), the pages it holds as the site shows them. Needs poppler-utils."""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from reportgen.config import PATHS
from reportgen.pdf.chapters import pdf_relpath

CODES = [lang.code for lang in PATHS.languages]


def tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        pytest.fail(f"`{name}` not found: install poppler-utils (make system-deps)", pytrace=False)
    return path


def squash(text: str) -> str:
    """Text without whitespace, soft hyphens or word joiners (U+2060, which Typst's text layer
    may hold between CJK characters): line breaks and invisible marks in the PDF do not matter."""
    return re.sub(r"[\s\u00ad\u2060]+", "", text)


def pdf_of(built_site, code: str) -> Path:
    return built_site.site / pdf_relpath(code)


@functools.cache  # one run of pdftotext per PDF and order
def pdftotext(path: Path, painted: bool = False, boxes: bool = False) -> str:
    """The PDF's text in reading order, or (`painted`) in the order its content streams paint it:
    a table cell's lines stay together, where the reading order interleaves the columns; or
    (`boxes`) each word with its box, as XHTML."""
    order = ["-raw"] if painted else ["-bbox"] if boxes else []
    return subprocess.run([tool("pdftotext"), "-enc", "UTF-8", *order, str(path), "-"], capture_output=True, text=True, check=True).stdout


def article(source: str) -> str:
    match = re.search(r'<article class="md-content__inner[^"]*"[^>]*>(.*?)</article>', source, re.DOTALL)
    assert match, "no Material article"
    return match.group(1)


def chapters_html(built_site, code: str) -> str:
    """The articles of the pages the PDF holds (the menu's pages), as the PDF shows them."""
    from reportgen.pdf.chapters import nav_labels

    shown = "".join(article((built_site.site / page).read_text(encoding="utf-8")) for page in nav_labels(built_site.site, code))
    # Web-only blocks the PDF leaves out (pdf/chapters.py SKIP_CLASSES): citations, figures' data views.
    shown = re.sub(r'<div class="cite-data">.*?</div>', "", shown, flags=re.DOTALL)
    return re.sub(r'<details class="(?:cite-this|figure-data)">.*?</details>', "", shown, flags=re.DOTALL)
