"""reportgen.site.quotes: the same HTML as smarty, with smarty's pass skipped where it has
nothing to do."""

from __future__ import annotations

import markdown
import pytest
from markdown.extensions.smarty import SmartyExtension
from reportgen.site import quotes

EXTENSIONS = ["toc", "footnotes", "attr_list", "md_in_html", "tables", "admonition", "pymdownx.superfences"]
SETTINGS = {"smart_dashes": False, "smart_ellipses": False}

PAGES = [
    # English: apostrophes, quotes in text, a table cell, a footnote, inline code and a link title.
    """# Suzhou's "AI+" plan

The city's target is 'ambitious' -- see [the list](a.md "its 'title'") and `code's "quote"`.

| City | Note |
| --- | --- |
| Nanjing | "open competition"[^a] |

[^a]: The article's words.
""",
    # Chinese: curly quotes only; straight quotes only inside raw HTML attributes.
    """# 苏州“AI+制造”

<div class="grid" markdown>
南京“揭榜挂帅”[^b]，目标 **150** 个。
</div>

[^b]: 原文。
""",
    "The '90s and \"nested 'quotes'\" -- and nothing else.",
]


def convert(text: str, smarty) -> str:
    return markdown.Markdown(extensions=[*EXTENSIONS, smarty]).convert(text)


@pytest.mark.parametrize("page", PAGES)
def test_the_same_html_as_smarty(page: str) -> None:
    assert convert(page, quotes.CurlyQuotes(**SETTINGS)) == convert(page, SmartyExtension(**SETTINGS))


def test_english_quotes_come_out_curly() -> None:
    html = convert(PAGES[0], quotes.CurlyQuotes(**SETTINGS))
    assert "Suzhou&rsquo;s &ldquo;AI+&rdquo; plan" in html and "&lsquo;ambitious&rsquo;" in html
    assert '<code>code\'s "quote"</code>' in html  # code keeps what was typed


def test_the_pass_runs_only_where_a_straight_quote_is(monkeypatch) -> None:
    calls = []
    md = markdown.Markdown(extensions=[*EXTENSIONS, quotes.CurlyQuotes(**SETTINGS)])
    smarty = md.treeprocessors["smarty"].smarty
    monkeypatch.setattr(smarty, "run", lambda root: calls.append(root) and None)
    md.convert(PAGES[1])
    assert calls == []  # the Chinese page: its only straight quotes are in raw HTML, stashed
    md.reset().convert(PAGES[0])
    assert len(calls) == 1


def test_with_other_substitutions_smarty_always_runs() -> None:
    """Dashes do not need a quote: with them on, the pass is never skipped."""
    md = markdown.Markdown(extensions=[quotes.CurlyQuotes(smart_dashes=True)])
    assert not isinstance(md.treeprocessors["smarty"], quotes._OnlyWithQuotes)
    assert md.convert("a --- b") == "<p>a &mdash; b</p>"


def test_loaded_by_name_with_its_settings() -> None:
    """mkdocs.yml names the module; Python-Markdown finds makeExtension there."""
    md = markdown.Markdown(extensions=["reportgen.site.quotes"], extension_configs={"reportgen.site.quotes": SETTINGS})
    assert isinstance(md.treeprocessors["smarty"], quotes._OnlyWithQuotes)
    assert md.convert("It's -- fine") == "<p>It’s -- fine</p>"
