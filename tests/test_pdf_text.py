"""What the PDFs' text holds, as a reader and a screen reader get it: no line that starts with a
closing mark, no text run into other text, running headers naming the page's section, the list
of figures as the site numbers them, and every quotation verbatim (pdf/ with the built site)."""

from __future__ import annotations

import functools
import html
import re
from pathlib import Path

import pytest

pypdf = pytest.importorskip("pypdf")

from pdfread import CODES, article, chapters_html, pdf_of, pdftotext, squash  # noqa: E402 - after the importorskip above
from reportgen.config import PATHS  # noqa: E402 - after the importorskip above
from reportgen.i18n.localize import localizer  # noqa: E402 - after the importorskip above
from reportgen.i18n.words import section  # noqa: E402 - after the importorskip above
from reportgen.model.validate import load_dataset  # noqa: E402 - after the importorskip above

CLOSING, OPENING = "）。，、；：！？」』”’》〉】", "（「『“‘《〈【"


def _lines(pdf: Path) -> list[str]:
    """The PDF's lines as a reader sees them: words from pdftotext's boxes grouped by baseline,
    split into columns at wide gaps (table cells)."""
    out = pdftotext(pdf, boxes=True)
    lines = []
    for page in out.split("<page ")[1:]:
        rows: dict[float, list] = {}
        for x0, x1, base, word in sorted(
            (float(x0), float(x1), float(y1), html.unescape(text))
            for x0, x1, y1, text in re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', page)
        ):
            row = next((r for r in rows if abs(r - base) < 2.5), base)
            rows.setdefault(row, []).append((x0, x1, word))
        for words in rows.values():
            words.sort()
            segment = words[0][2]
            for (_, end, _), (start, _, word) in zip(words, words[1:], strict=False):
                if start - end > 12:
                    lines.append(segment)
                    segment = ""
                segment += word
            lines.append(segment)
    return lines


def _misplaced_punctuation(pdf: Path) -> list[str]:
    return [line for line in _lines(pdf) if line and (line[0] in CLOSING or line[-1] in OPENING)]


def test_the_punctuation_check_finds_a_line_starting_with_a_full_stop(tmp_path):
    import typst

    sample = tmp_path / "sample.pdf"
    sample.write_bytes(typst.compile('#set text(lang: "zh", font: "Noto Serif CJK SC")\n大会（2026年1月4日）#linebreak()。苏州\n'.encode()))
    assert _misplaced_punctuation(sample) == ["。苏州"]


@pytest.mark.parametrize("code", CODES)
def test_no_line_starts_with_closing_or_ends_with_opening_punctuation(built_site, code):
    assert _misplaced_punctuation(pdf_of(built_site, code)) == []


@pytest.mark.parametrize("code", CODES)
def test_running_headers_name_the_chapter_and_figures_are_listed(built_site, dataset, code):
    from reportgen.pdf.chapters import nav_labels

    labels = set(nav_labels(built_site.site, code).values()) - {""}
    pages = pdftotext(pdf_of(built_site, code)).split("\f")
    headed = [page for page in pages[2:] if any(page.startswith(label + "\n") for label in labels)]
    assert len(headed) > len(pages) / 2  # every page but a chapter's first carries its chapter's name
    loc = localizer(code, dataset)
    listing = pages[1] + pages[2]
    assert loc.word(section("pdf"), "figures") in listing
    assert loc.word(section("page"), "figure").format(1) in listing


# What a reader sees on the page (issue: tables that overprint, headers a section late, a figure listed twice) ------


def _words(pdf: Path) -> list[list[tuple[float, float, float, float, str]]]:
    """Each page's words as pdftotext places them: (x0, y0, x1, y1, text), in points from the top left."""
    out = pdftotext(pdf, boxes=True)
    return [
        [
            (float(x0), float(y0), float(x1), float(y1), html.unescape(text))
            for x0, y0, x1, y1, text in re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', page)
        ]
        for page in out.split("<page ")[1:]
    ]


# Full-width punctuation that CJK typesetting squeezes to half its width: its box overlaps a neighbour's by design.
_SQUEEZED = re.compile(r"[\u3000-\u303f\uff00-\uffef\u2018-\u201d\u2060]")


def _overprints(pdf: Path) -> list[tuple[int, str, str]]:
    """Pairs of words whose boxes cover each other (page number, word, word): text run into other text."""
    found = []
    for number, words in enumerate(_words(pdf), 1):
        words.sort()
        for i, a in enumerate(words):
            for b in words[i + 1 :]:
                if b[0] >= a[2] - 1:
                    break
                across, down = min(a[2], b[2]) - max(a[0], b[0]), min(a[3], b[3]) - max(a[1], b[1])
                squeezed = _SQUEEZED.match(a[4][-1]) or _SQUEEZED.match(b[4][0])
                if across > 1 and down > 1 and not (squeezed and across <= down):
                    found.append((number, a[4], b[4]))
    return found


def test_the_overprint_check_finds_a_cell_running_into_the_next(tmp_path):
    import typst

    sample = tmp_path / "sample.pdf"
    sample.write_bytes(typst.compile(b"#table(columns: (1cm, 3cm), box[institutions], [Formally inaugurated])\n"))
    assert _overprints(sample) == [(1, "institutions", "Formally")]


@pytest.mark.parametrize("code", CODES)
def test_no_text_overprints_other_text(built_site, code):
    """Table columns are at least as wide as what cannot wrap in them (a kind, a year, a long word)."""
    assert _overprints(pdf_of(built_site, code)) == []


def _bookmarks(reader, outline=None, level: int = 1):
    """(level, title, page index) of every bookmark, in order."""
    for item in reader.outline if outline is None else outline:
        if isinstance(item, list):
            yield from _bookmarks(reader, item, level + 1)
        else:
            yield level, item.title, reader.get_destination_page_number(item)


def _headers(pdf: Path) -> list[list[str]]:
    """Each page's running header (the words above the text area), as its parts: chapter, section."""
    headers = []
    for words in _words(pdf):
        top = sorted(w for w in words if w[3] < 60)  # the top margin is 24 mm (68 pt)
        parts: list[str] = []
        end = 0.0
        for x0, _, x1, _, text in top:
            if parts and x0 - end <= 12:
                parts[-1] += text
            else:
                parts.append(text)
            end = x1
        headers.append(parts)
    return headers


@pytest.mark.parametrize("code", CODES)
def test_the_running_header_names_the_section_that_begins_on_the_page(built_site, code):
    """A page names the first section that begins on it, else the one it continues; a chapter's
    opening page has no header."""
    pdf = pdf_of(built_site, code)
    marks = list(_bookmarks(pypdf.PdfReader(pdf)))
    headers = _headers(pdf)
    opening = {page for level, _, page in marks if level == 1}
    checked = 0
    for page in range(min(opening), len(headers)):
        if page in opening:
            assert headers[page] == [], f"page {page + 1}: a chapter's first page has a header {headers[page]}"
            continue
        start = max(p for p in opening if p < page)
        sections = [(p, title) for level, title, p in marks if level == 2 and start <= p <= page]
        here = [title for p, title in sections if p == page]
        expected = here[0] if here else sections[-1][1] if sections else None
        if expected is None:
            continue
        assert len(headers[page]) == 2 and headers[page][1] == squash(expected), f"page {page + 1}: {headers[page]}, wanted {expected!r}"
        checked += bool(here)
    assert checked >= 5  # pages that open a section


@pytest.mark.parametrize("code", CODES)
def test_the_home_page_is_not_a_chapter_called_home(built_site, dataset, code):
    """The home page opens the report under its title: no header, contents line or bookmark says
    "Home", and its further pages carry the report's title (up to its colon)."""
    from reportgen.pdf.chapters import nav_labels

    home = nav_labels(built_site.site, code)[f"{PATHS.lang_dir(code)}index.html"]
    assert home  # the menu calls it something ("Home", 首页): that word must not name a chapter
    pdf = pdf_of(built_site, code)
    headers = _headers(pdf)
    assert not [page for page, parts in enumerate(headers, 1) if parts and parts[0] == squash(home)]
    marks = list(_bookmarks(pypdf.PdfReader(pdf)))
    assert home not in [title for _, title, _ in marks]
    loc = localizer(code, dataset)
    title = loc.text(dataset.site.title)
    chapters = [(page, title) for level, title, page in marks if level == 1]
    first, after = next((page, chapters[i + 1][0]) for i, (page, name) in enumerate(chapters) if name == title)
    assert after - first > 1  # the home page runs over more than one page
    short = title.partition(loc.punct("colon"))[0]
    assert all(headers[page][0] == squash(short) for page in range(first + 1, after)), headers[first + 1 : after]


def _figure_numbers(text: str, word: str) -> list[int]:
    """The numbers of the figure captions ("Figure {}" in the language's words) that begin a line of `text`."""
    pattern = re.escape(word).replace(re.escape("{}"), r"(\d+)")
    return [int(n) for n in re.findall(rf"^{pattern}\s", text, re.MULTILINE)]


@pytest.mark.parametrize("code", CODES)
def test_the_list_of_figures_names_each_figure_once_under_its_site_number(built_site, dataset, code):
    """A figure that two pages show (the home page and its own) is one figure: listed once, where
    the reader first meets it, under the number the site gives it; figures are numbered in reading order."""
    from reportgen.pdf.chapters import nav_labels

    loc = localizer(code, dataset)
    word = loc.word(section("page"), "figure")
    shown = "".join(article((built_site.site / page).read_text(encoding="utf-8")) for page in nav_labels(built_site.site, code))
    captions = [html.unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<figcaption>\s*<p>(.*?)</p>", shown, re.DOTALL)]
    on_site = _figure_numbers("\n".join(captions), word)
    assert len(on_site) > len(set(on_site))  # a figure shown twice on the site: what this test is about
    first_seen = list(dict.fromkeys(on_site))
    assert first_seen == list(range(1, len(first_seen) + 1))
    pdf = pdf_of(built_site, code)
    chapters = sorted(page for level, _, page in _bookmarks(pypdf.PdfReader(pdf)) if level == 1)
    front = "\f".join(pdftotext(pdf).split("\f")[: chapters[1]])  # the contents and the list of figures
    listing = front[front.index(loc.word(section("pdf"), "figures")) :]
    assert _figure_numbers(listing, word) == first_seen


QUOTATION = re.compile(r'<span class="quotation" lang="([^"]+)">(.*?)</span>', re.DOTALL)


def _in_order(words: str, text: str) -> bool:
    """`words` in `text` character for character, in order: whole, or (a table cell's lines,
    painted between its neighbours' lines, or split by a page break with its running header and
    repeated table header) interleaved with other text within a short span."""
    if words in text:
        return True
    for start in (m.start() for m in re.finditer(re.escape(words[:3]), text)):
        rest = iter(text[start : start + 8 * len(words) + 400])
        if all(char in rest for char in words):
            return True
    return False


@functools.cache  # read once per PDF, for every test that needs its text
def _painted(pdf: Path) -> str:
    """The PDF's text in the order it is painted, without whitespace."""
    return squash(pdftotext(pdf, painted=True))


SEEDS = PATHS.root / load_dataset(PATHS.data).site.sources_folder  # as the report declares it


@pytest.mark.parametrize("code", CODES)
def test_every_quotation_in_the_pdf_is_verbatim_in_its_source(built_site, dataset, code):
    """Each quotation the PDF's pages hold is in the PDF as the source wrote it (OpenCC never
    touched it, in the Traditional edition neither), and is in its source article."""
    if not SEEDS.is_dir():
        pytest.skip(f"source articles not found at {SEEDS}")
    import html

    articles = {s.language: squash((SEEDS / s.file).read_text(encoding="utf-8")) for s in dataset.sources}
    quotes = {(lang, squash(html.unescape(re.sub(r"<[^>]+>|\\", "", words)))) for lang, words in QUOTATION.findall(chapters_html(built_site, code))}
    assert len(quotes) >= 100
    text = _painted(pdf_of(built_site, code))
    missing = [words for _, words in quotes if not _in_order(words, text)]
    unsourced = [words for lang, words in quotes if words not in articles.get(lang, "")]
    assert not missing and not unsourced, (missing[:10], unsourced[:10])


def test_the_traditional_pdf_uses_taiwan_standard_forms_outside_quotations(built_site, dataset):
    """The Traditional PDF's own words: no character OpenCC's t2tw would still change (爲, 羣…)."""
    import html

    import opencc

    text = _painted(pdf_of(built_site, "zh-Hant"))
    for _, words in QUOTATION.findall(chapters_html(built_site, "zh-Hant")):
        text = text.replace(squash(html.unescape(re.sub(r"<[^>]+>|\\", "", words))), "")
    t2tw = opencc.OpenCC("t2tw.json")
    archaic = sorted({char for char in text if "\u4e00" <= char <= "\u9fff" and t2tw.convert(char) != char})
    assert not archaic, archaic
