"""Text from data is text: the rules and the one path by which it reaches readers.

- what a YAML text field may hold is the model's rule (model/text.py), checked by validation.
- `md`: a data text for a Markdown page or table cell, HTML- and Markdown-escaped, so
  that what a contributor typed is what the reader sees.
- `sanitize`: the HTML of every page, whatever wrote it, through nh3 (Ammonia) with an
  allow-list: no script, no event handler, links only http(s), mailto or relative to the
  site, images only from the site itself.
- `csv_cell`: a spreadsheet cell that would run as a formula is neutralised.
- `escape_meta`: a page's title and description, which the theme prints into HTML raw.
"""

from __future__ import annotations

import functools
import html
import re

from markupsafe import Markup, escape

# Characters that start inline Markdown (emphasis, code, links, attribute lists) or
# HTML: escaped so a data text can never become markup in a page.
_MARKDOWN = re.compile(r"([\\`*_{}\[\]!#|])")


# Front-matter fields the theme prints into attributes and <title> without escaping.
THEME_META = ("title", "description")


def escape_meta(meta: dict) -> dict:
    """A page's front matter with the fields the theme prints raw escaped once (as Markup,
    which the theme's own `| e` leaves alone)."""
    return {key: escape(value) if key in THEME_META and isinstance(value, str) else value for key, value in meta.items()}


def md(text: str) -> Markup:
    """A data text, safe to place anywhere in a Markdown page or table cell."""
    return Markup(_MARKDOWN.sub(r"\\\1", html.escape(text, quote=True)).replace("\n", " "))


def quotation(text: str, language: str, marks: str) -> Markup:
    """A source's words between the reader's quotation `marks` ('“{}”'): verbatim, in the source's
    own script in every edition (never through OpenCC), escaped like any data text, and marked
    as a quotation with its language (BCP 47), so screen readers, the PDF's tags and the
    fidelity tests find it."""
    return Markup(marks.format(f'<span class="quotation" lang="{language}">{md(text)}</span>'))


def in_language(markdown: str, language: str) -> Markup:
    """Inline Markdown (already safe) written in another language than its page's, marked with
    that language (BCP 47) so that screen readers read it with the right voice and rules."""
    return Markup(f'<span lang="{language}">{markdown}</span>')


# Tags and attributes the report's Markdown (footnotes, tables, admonitions, figures,
# attribute lists) produces; anything else is dropped.
_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "code",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "picture",
    "pre",
    "q",
    "s",
    "small",
    "source",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
    "var",
}
_ATTRIBUTES = {
    "*": {"class", "id", "title", "role", "lang", "dir"},
    "a": {"href"},
    "img": {"src", "alt", "loading", "width", "height"},
    "source": {"srcset", "media", "type", "width", "height"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "ol": {"start"},
    "details": {"open"},
}
_LOCAL_ONLY = {("img", "src"), ("source", "srcset")}
_REMOTE = re.compile(r"^\s*([a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)


def _local_images(element: str, attribute: str, value: str) -> str | None:
    """Images come from the site itself: a remote one is a foreign load (and a tracker)."""
    if (element, attribute) in _LOCAL_ONLY and _REMOTE.match(value):
        return None
    return value


@functools.lru_cache(maxsize=128)  # the preview rebuilds every page; most come back unchanged
def sanitize(page_html: str) -> str:
    """A page's HTML with everything outside the allow-list removed."""
    import nh3  # only a site build needs it

    return nh3.clean(
        page_html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        generic_attribute_prefixes={"data-", "aria-"},
        url_schemes={"http", "https", "mailto"},
        attribute_filter=_local_images,
        link_rel=None,
        strip_comments=True,
    )


# A cell that starts with one of these runs as a formula in spreadsheet apps (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def csv_cell(value):
    """A value as a spreadsheet may safely read it: text that would start a formula gets a
    leading apostrophe; numbers, negative ones included, stay numbers."""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _NUMBER.match(value):
        return "'" + value
    return value
