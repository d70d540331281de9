"""How to cite a page, a figure or the data of the report: GB/T 7714—2025 (the Chinese national
standard since 2026-07-01), APA 7 and BibTeX, each naming its edition and canonical address; and
CITATION.cff for the repository and the site.

GB/T 7714—2025 as applied here (the rules are listed on the method page): a web page is
`责任者.题名[EB/OL].(更新日期)[引用日期].获取和访问路径.` (§8.11.3), a data set
`责任者.题名[DS/OL].发布者(发布日期)[引用日期].获取和访问路径.` (§8.14.3); the update date is the
edition's; an online resource takes the reader's access date. Chinese editions write the
separators as the standard's examples do, with no space after them; the English edition with
one (the catalogue's `cite.separator`).

The access date is the reader's: the block holds a marked field (<var>) that the theme fills
with today's date, removing the note that says what to write there (site/theme/main.html);
without JavaScript the field stays, named, and so does the note. Every word and date pattern is the edition's (the word catalogue)."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from babel.dates import format_date

from reportgen.i18n.localize import Localizer
from reportgen.i18n.words import section
from reportgen.languages import for_tools

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
ACCESSED = "{accessed}"  # where the reader's access date goes; block() marks it up


@dataclass(frozen=True)
class Work:
    """What is cited: a page or a figure of one edition of the report, or its data (`dataset`)."""

    author: str
    title: str  # the page's or figure's own title
    report: str  # the report's title (the website)
    url: str
    edition: object  # datetime.date
    key: str  # BibTeX key
    dataset: bool = False


def work(loc: Localizer, title: str, url: str, key: str, dataset: bool = False) -> Work:
    site = loc.dataset.site
    return Work(loc.text(site.author), title, loc.text(site.title), url, site.edition, f"{key}-{site.edition.year}", dataset)


def _title(w: Work, joiner: str) -> str:
    return w.report if w.title == w.report else f"{w.report}{joiner}{w.title}"


def gbt7714(w: Work, loc: Localizer) -> str:
    """GB/T 7714—2025: 责任者.题名[EB/OL].(更新日期)[引用日期].URL. — or, for the data, [DS/OL] with its publisher."""
    dot, title, date = loc.word(_WORDS, "separator"), _title(w, loc.word(_WORDS, "joiner")), w.edition.isoformat()
    if w.dataset:
        return f"{w.author}{dot}{title}[DS/OL]{dot}{w.author}({date})[{ACCESSED}]{dot}{w.url}."
    return f"{w.author}{dot}{title}[EB/OL]{dot}({date})[{ACCESSED}]{dot}{w.url}."


def apa(w: Work, loc: Localizer) -> str:
    """APA 7: a page on a website (Author. (Date). Title. Site. URL); the data as a data set
    (Author. (Year). Title (edition) [Data set]. Publisher. URL); dates in the edition's language."""
    if w.dataset:
        edition = loc.word(_WORDS, "edition").format(date=w.edition.isoformat())
        return f"{w.author}. ({w.edition.year}). {w.title} ({edition}) [{loc.word(_WORDS, 'data_set')}]. {w.author}. {w.url}"
    date = format_date(w.edition, loc.word(_WORDS, "apa_date"), locale=loc.lang.babel)
    if w.title == w.report:
        return f"{w.author}. ({date}). {w.report}. {w.url}"
    return f"{w.author}. ({date}). {w.title}. {w.report}. {w.url}"


def _bib(text: str) -> str:
    """Text as a BibTeX field holds it: every special character a text command, whatever it is."""
    return "".join(_BIBTEX.get(char, char) for char in text)


def bibtex(w: Work, loc: Localizer) -> str:
    """@online for a page or figure, @dataset for the data (biblatex's types, which gbt7714-bibtex
    reads too); `urldate` is the reader's access date; the note names the edition in its language."""
    kind, title = ("dataset" if w.dataset else "online"), _title(w, ": ")
    edition = loc.word(_WORDS, "edition").format(date=w.edition.isoformat())
    return (
        f"@{kind}{{{w.key},\n  author = {{{{{_bib(w.author)}}}}},\n  title = {{{{{_bib(title)}}}}},\n"
        f"  date = {{{w.edition.isoformat()}}},\n  url = {{{w.url}}},\n  urldate = {{{ACCESSED}}},\n  note = {{{_bib(edition)}}},\n}}"
    )


def forms(loc: Localizer, w: Work) -> str:
    """The three forms as a definition list, each in a code block the reader can copy; the access
    date a marked field, with what to write there when no script fills it."""
    field = f'<var class="cite-accessed">{escape(loc.word(_WORDS, "accessed"))}</var>'
    texts = [("GB/T 7714—2025", gbt7714(w, loc)), ("APA 7", apa(w, loc)), ("BibTeX", bibtex(w, loc))]
    items = "".join(f"<dt>{name}</dt><dd><pre><code>{escape(text).replace(ACCESSED, field)}</code></pre></dd>" for name, text in texts)
    return f'<dl>{items}</dl><p class="cite-note">{escape(loc.word(_WORDS, "accessed_note"))}</p>'


def block(loc: Localizer, w: Work, what: str) -> str:
    """A closed <details> with the three forms."""
    return f'\n<details class="cite-this"><summary>{escape(loc.word(_WORDS, what))}</summary>{forms(loc, w)}</details>\n'


def citation_cff(dataset) -> str:
    """CITATION.cff (Citation File Format 1.2.0) for the repository, from data/site.yaml, written
    by a YAML emitter: any title or name reads back as itself."""
    import yaml

    site = dataset.site
    latin = for_tools(site.languages).code  # citation tools (GitHub, Zotero) show one title
    fields = {
        "cff-version": "1.2.0",
        "message": "If you use this report or its data, please cite it as below.",
        "type": "dataset",
        "title": site.title[latin],
        "abstract": site.subtitle[latin],
        "authors": [{"name": site.author[latin]}],
        "version": site.edition.isoformat(),
        "date-released": site.edition,
        "license": site.licence.name,
    }
    body = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, width=1000)
    return "# Generated from data/site.yaml by `make schema`; do not edit.\n" + body
