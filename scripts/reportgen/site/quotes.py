"""Markdown extension: smarty's curly quotes, without its pass over a page that has no
straight quote to curl.

English pages type straight quotes and print curly ones, like the curly quotes of data/ and
of the Chinese pages. smarty does this in a second inline pass over the whole page, which
doubled Python-Markdown's time on every page, Chinese ones included. When quotes are all
smarty is set to educate (no dashes, ellipses or angled quotes), each of its patterns needs a
straight quote, so on a page whose text holds none the pass would change nothing: it is
skipped. Any other page gets smarty's pass as it is.

The quotes are written as characters, not smarty's entities (&rsquo;): a heading's text becomes
the page title, which the theme escapes again in attributes ("it&amp;rsquo;s").
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.extensions.smarty import SmartyExtension
from markdown.treeprocessors import Treeprocessor

PRIORITY = 6  # where smarty registers its pass (after 'inline', before 'unescape')
STOCK = "smarty"  # the stock extension this one stands in for (the bench's plain-MkDocs floor uses it)
STRAIGHT = ("'", '"')
OTHER_SUBSTITUTIONS = ("smart_dashes", "smart_ellipses", "smart_angled_quotes")
CHARACTERS = {"left-single-quote": "‘", "right-single-quote": "’", "left-double-quote": "“", "right-double-quote": "”"}


def has_straight_quote(root: Element) -> bool:
    return any(quote in text for text in root.itertext() for quote in STRAIGHT)


class _OnlyWithQuotes(Treeprocessor):
    """smarty's pass, run only on a page whose text holds a straight quote."""

    def __init__(self, md: Markdown, smarty: Treeprocessor) -> None:
        super().__init__(md)
        self.smarty = smarty

    def run(self, root: Element) -> Element | None:
        return self.smarty.run(root) if has_straight_quote(root) else None


class CurlyQuotes(SmartyExtension):
    def extendMarkdown(self, md: Markdown) -> None:
        super().extendMarkdown(md)
        if not any(self.getConfig(name) for name in OTHER_SUBSTITUTIONS):
            md.treeprocessors.register(_OnlyWithQuotes(md, md.treeprocessors["smarty"]), "smarty", PRIORITY)


def makeExtension(**kwargs) -> CurlyQuotes:  # noqa: N802 (the name Python-Markdown looks for)
    return CurlyQuotes(**{**kwargs, "substitutions": {**CHARACTERS, **kwargs.get("substitutions", {})}})
