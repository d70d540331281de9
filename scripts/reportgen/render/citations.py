"""How to cite a page or a figure of the report: GB/T 7714-2015 (the Chinese national standard;
an online resource takes [EB/OL], its update date and the reader's access date), APA 7 and
BibTeX, each with the edition date and the canonical URL; and CITATION.cff for the repository.

The access date of GB/T 7714 is the reader's: the block carries a placeholder that the theme
fills with today's date (overrides/main.html); without JavaScript the placeholder stays."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from babel.dates import format_date

from reportgen.i18n.localize import Localizer
from reportgen.i18n.words import section

_WORDS = section("cite")
# BibTeX's own and TeX's special characters, as text commands: a brace must not count as one
# (BibTeX balances braces whatever precedes them), `\~` and `\^` are accents, `\\` a line break.
_BIBTEX = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "_": r"\_",
    "$": r"\$",
}


@dataclass(frozen=True)
class Work:
    """What is cited: a page or a figure of one edition of the report."""

    author: str
    title: str  # the page's or figure's own title
    report: str  # the report's title (the website)
    url: str
    edition: object  # datetime.date
    key: str  # BibTeX key


def work(loc: Localizer, title: str, url: str, key: str) -> Work:
    site = loc.dataset.site
    return Work(loc.text(site.author), title, loc.text(site.title), url, site.edition, f"{key}-{site.edition.year}")


def gbt7714(w: Work, loc: Localizer) -> str:
    """作者. 题名[EB/OL]. (更新日期)[引用日期]. 获取和访问路径."""
    title = w.report if w.title == w.report else f"{w.report}{loc.word(_WORDS, 'joiner')}{w.title}"
    return f"{w.author}. {title}[EB/OL]. ({w.edition.isoformat()})[{{accessed}}]. {w.url}."


def apa(w: Work) -> str:
    """Author. (Year, Month Day). Title. Site. URL (APA 7, a page on a website)."""
    date = format_date(w.edition, "y, MMMM d", locale="en")
    if w.title == w.report:
        return f"{w.author}. ({date}). {w.report}. {w.url}"
    return f"{w.author}. ({date}). {w.title}. {w.report}. {w.url}"


def _bib(text: str) -> str:
    """Text as a BibTeX field holds it: every special character a text command, whatever it is."""
    return "".join(_BIBTEX.get(char, char) for char in text)


def bibtex(w: Work) -> str:
    title = w.report if w.title == w.report else f"{w.report}: {w.title}"
    return (
        f"@misc{{{w.key},\n  author = {{{{{_bib(w.author)}}}}},\n  title = {{{{{_bib(title)}}}}},\n"
        f"  year = {{{w.edition.year}}},\n  howpublished = {{\\url{{{w.url}}}}},\n  note = {{Edition of {w.edition.isoformat()}}},\n}}"
    )


def block(loc: Localizer, w: Work, what: str) -> str:
    """A closed <details> with the three forms, each in a code block the reader can copy."""
    accessed = f'<span class="cite-accessed">{escape(loc.word(_WORDS, "accessed"))}</span>'
    forms = [("GB/T 7714—2015", escape(gbt7714(w, loc)).replace("{accessed}", accessed)), ("APA 7", escape(apa(w))), ("BibTeX", escape(bibtex(w)))]
    items = "".join(f"<dt>{name}</dt><dd><pre><code>{text}</code></pre></dd>" for name, text in forms)
    return f'\n<details class="cite-this"><summary>{escape(loc.word(_WORDS, what))}</summary><dl>{items}</dl></details>\n'


def citation_cff(dataset) -> str:
    """CITATION.cff (Citation File Format 1.2.0) for the repository, from data/site.yaml, written
    by a YAML emitter: any title or name reads back as itself."""
    import yaml

    site = dataset.site
    fields = {
        "cff-version": "1.2.0",
        "message": "If you use this report or its data, please cite it as below.",
        "type": "dataset",
        "title": site.title.en,
        "abstract": site.subtitle.en,
        "authors": [{"name": site.author.en}],
        "version": site.edition.isoformat(),
        "date-released": site.edition,
        "license": site.licence.name,
    }
    body = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, width=1000)
    return "# Generated from data/site.yaml by `make schema`; do not edit.\n" + body
