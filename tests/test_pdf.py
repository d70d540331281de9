"""The per-language PDFs made by `python -m reportgen pdf SITE` (scripts/reportgen/pdf/typeset.py).

Uses the session's `built_site` (tests/conftest.py): the real data/ and docs/, built once.
Needs poppler-utils (pdffonts, pdftotext), pypdf and pikepdf.
"""

from __future__ import annotations

import functools
import hashlib
import html
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

pypdf = pytest.importorskip("pypdf")

import pikepdf  # noqa: E402 - after the importorskip above
from reportgen.config import LANGS, lang_dir  # noqa: E402 - after the importorskip above
from reportgen.i18n.localize import localizer  # noqa: E402 - after the importorskip above
from reportgen.i18n.words import section  # noqa: E402 - after the importorskip above
from reportgen.model.validate import load_dataset  # noqa: E402 - after the importorskip above
from reportgen.pdf.chapters import pdf_relpath  # noqa: E402 - after the importorskip above
from reportgen.pdf.tree import LANGUAGES  # noqa: E402 - after the importorskip above
from reportgen.render.figures import STRAIGHT_QUOTES  # noqa: E402 - after the importorskip above

CODES = [lang.code for lang in LANGS]
# The document's language as the PDF declares it (BCP 47 with a region: Typst's form).
PDF_LANG = {lang.code: "-".join(LANGUAGES[lang.html]) for lang in LANGS}
FACE = {"zh": "sc", "zh-Hant": "tc", "en": "sc"}
LABEL = {"zh": "下载 PDF", "zh-Hant": "下載 PDF", "en": "Download PDF"}
MAX_BYTES = 5 * 1024 * 1024


def _tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        pytest.fail(f"`{name}` not found: install poppler-utils (make system-deps)", pytrace=False)
    return path


def _squash(text: str) -> str:
    """Text without whitespace, soft hyphens or word joiners (U+2060, which Typst's text layer
    may hold between CJK characters): line breaks and invisible marks in the PDF do not matter."""
    return re.sub(r"[\s\u00ad\u2060]+", "", text)


@pytest.fixture(scope="module")
def dataset(built_site):
    return load_dataset(built_site.root / "data")


def _pdf(built_site, code: str) -> Path:
    return built_site.site / pdf_relpath(code)


def _pages(built_site, code: str) -> list[Path]:
    """Every built HTML page of a language (not the other languages' folders, not 404)."""
    root = built_site.site / lang_dir(code)
    others = [built_site.site / lang_dir(c) for c in CODES if c != code and lang_dir(c)]
    return sorted(p for p in root.rglob("*.html") if p.name != "404.html" and not any(o in p.parents for o in others))


_text_cache: dict[Path, str] = {}


def _pdftotext(path: Path) -> str:
    if path not in _text_cache:
        _text_cache[path] = subprocess.run([_tool("pdftotext"), "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return _text_cache[path]


def _article(source: str) -> str:
    match = re.search(r'<article class="md-content__inner[^"]*"[^>]*>(.*?)</article>', source, re.DOTALL)
    assert match, "no Material article"
    return match.group(1)


@pytest.mark.parametrize("code", CODES)
def test_pdf_exists_and_is_small(built_site, code):
    path = _pdf(built_site, code)
    assert path.is_file(), f"{pdf_relpath(code)} missing"
    assert path.read_bytes().startswith(b"%PDF-")
    assert path.stat().st_size < MAX_BYTES, f"{path.name}: {path.stat().st_size} bytes"


@pytest.mark.parametrize("code", CODES)
def test_fonts_embedded_with_right_glyph_forms(built_site, code):
    out = subprocess.run([_tool("pdffonts"), str(_pdf(built_site, code))], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    assert rows, "no fonts"
    for row in rows:
        name, emb = row[0], row[-5]
        assert emb == "yes", f"font not embedded: {name}"
        face = re.search(r"CJK(sc|tc|jp|kr|hk)", name, re.IGNORECASE)
        if face:
            assert face.group(1).lower() == FACE[code], f"{code}: CJK font {name} is not the {FACE[code]} face"
    assert any(f"CJK{FACE[code]}" in row[0] for row in rows)
    # Latin letters, hyphens and dashes come from a Latin face, not the CJK font's.
    assert any("LibertinusSerif" in row[0] for row in rows)


@pytest.mark.parametrize("code", CODES)
def test_key_facts_extractable(built_site, dataset, code):
    loc = localizer(code, dataset)
    text = _squash(_pdftotext(_pdf(built_site, code)))
    site = dataset.site
    for value in (loc.text(site.title), loc.text(site.subtitle), loc.text(site.author)):
        assert _squash(value) in text, value
    # Every table title shown on the site is in the PDF.
    shown = "".join(_article(p.read_text(encoding="utf-8")) for p in _pages(built_site, code))
    titles = [loc.text(t.title) for t in dataset.tables]
    used = [t for t in titles if f"<strong>{_html_escape(t)}</strong>" in shown]
    for title in used:
        assert _squash(title) in text, f"table title {title!r} not in the PDF text"


def _html_escape(text: str) -> str:
    return html.escape(text, quote=False)


@pytest.mark.parametrize("code", CODES)
def test_figures_present_as_vectors(built_site, dataset, code):
    """Each figure on the site appears in the PDF; its title is SVG text, so extractable."""
    loc = localizer(code, dataset)
    text = _squash(_pdftotext(_pdf(built_site, code)))
    wanted: dict[str, int] = {}
    for page in _pages(built_site, code):
        for fig_id in re.findall(r'<img [^>]*src="[^"]*figures/([a-z0-9-]+)\.svg"', _article(page.read_text(encoding="utf-8"))):
            spec = next(f for f in dataset.figures if f.id == fig_id)
            title = _squash(loc.text(spec.title))
            if code == "en":  # English figures draw straight quotes (CJK fonts set curly ones full-width)
                title = title.translate(STRAIGHT_QUOTES)
            wanted[title] = wanted.get(title, 0) + 1
    for title, times in wanted.items():
        assert text.count(title) >= times, f"figure {title!r}: {times} on the site, {text.count(title)} in the PDF"


@pytest.mark.parametrize("code", CODES)
def test_bookmarks_and_metadata(built_site, dataset, code):
    reader = pypdf.PdfReader(_pdf(built_site, code))

    def titles(outline):
        for item in outline:
            if isinstance(item, list):
                yield from titles(item)
            else:
                yield item.title

    bookmarks = list(titles(reader.outline))
    assert bookmarks, "no bookmarks"
    for page in _pages(built_site, code):
        if page.parent.name in MAINTAINER_PAGES:
            continue  # not in the menu, so not in the PDF
        h1 = re.search(r"<h1[^>]*>(.*?)</h1>", _article(page.read_text(encoding="utf-8")), re.DOTALL)
        if h1:
            heading = html.unescape(re.sub(r"<a class=\"headerlink\".*?</a>|<[^>]+>", "", h1.group(1))).strip()
            assert heading in bookmarks, f"{page}: chapter {heading!r} not bookmarked"
    loc = localizer(code, dataset)
    meta = reader.metadata
    assert meta.title == loc.text(dataset.site.title)
    assert meta.author == loc.text(dataset.site.author)
    assert meta.subject == loc.text(dataset.site.subtitle)
    assert reader.trailer["/Root"]["/Lang"] == PDF_LANG[code]


@pytest.mark.parametrize("code", CODES)
def test_internal_links_stay_in_document(built_site, code):
    """Links between pages of the PDF are named destinations, never file:// URLs."""
    reader = pypdf.PdfReader(_pdf(built_site, code))
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            uri = action.get("/URI") if action else None
            assert not (uri and str(uri).startswith("file:")), uri


@pytest.mark.parametrize("code", CODES)
def test_download_link_on_every_page(built_site, code):
    pages = _pages(built_site, code)
    assert pages
    target = (built_site.site / pdf_relpath(code)).resolve()
    for page in pages:
        source = page.read_text(encoding="utf-8")
        match = re.search(r'<a class="report-pdf-link" href="([^"]+)"[^>]*>(.*?)</a>', source, re.DOTALL)
        assert match, f"{page}: no PDF link"
        href, inner = match.groups()
        assert not urlsplit(href).scheme and not href.startswith("/"), f"{page}: href {href} not relative"
        assert LABEL[code] in re.sub(r"<[^>]+>", "", inner), f"{page}: label"
        rel = page.relative_to(built_site.site).as_posix()
        resolved = urlsplit(urljoin("http://x/" + rel, href)).path.lstrip("/")
        assert (built_site.site / resolved).resolve() == target, f"{page}: {href} -> {resolved}"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_first_build_typeset_every_language(built_site):
    assert f"{len(CODES)} typeset" in built_site.pdf_output, built_site.pdf_output


def test_unchanged_site_is_not_typeset_again(built_site, tmp_path):
    """Second run over the same content (a copy of the site, the same cache): every PDF comes
    from the build's cache, byte for byte."""
    copy = tmp_path / "site"
    shutil.copytree(built_site.site, copy)
    out = built_site.run("-m", "reportgen", "pdf", str(copy)).stdout  # the build's own cache, build/cache/pdf
    assert "0 typeset" in out and f"{len(CODES)} from cache" in out, out
    assert {code: _sha(copy / pdf_relpath(code)) for code in CODES} == {code: _sha(_pdf(built_site, code)) for code in CODES}


# Notes meant for the report's makers, which once reached readers (issue: charts and numbers a reader can trust).
PRODUCTION_NOTES = (
    "新增城市会自动出现为新的一列",
    "appears as a new column",
    "second source",
    "来源二",
    "來源二",
    "存档文本未载标题",
    "存檔文本未載標題",
    "收录指标数",
    "收錄指標數",
    "收录事项数",
    "收錄事項數",
    "Indicators recorded",
    "Named items recorded",
    "What each meeting produced",
    "三场会议各拿出了什么",
    "三場會議各拿出了什麼",
)
MAINTAINER_PAGES = ("reference", "status")


@pytest.mark.parametrize("code", CODES)
def test_maintainers_pages_are_out_of_the_menu_and_the_pdf(built_site, code):
    from reportgen.pdf.chapters import nav_labels

    menu = list(nav_labels(built_site.site, code))
    assert len(menu) >= 10
    assert not [p for p in menu if Path(p).parent.name in MAINTAINER_PAGES]
    home = (built_site.site / lang_dir(code) / "index.html").read_text(encoding="utf-8")
    footer = home[home.index('class="md-copyright"') :]
    assert 'reference/"' in footer and 'status/"' in footer  # the Contribute area still reaches them
    words = {"zh": "数据字段参考", "zh-Hant": "數據字段參考", "en": "Data field reference"}
    assert words[code] not in _pdftotext(_pdf(built_site, code))


@pytest.mark.parametrize("code", CODES)
def test_no_production_note_reaches_a_reader(built_site, code):
    readers = [p for p in _pages(built_site, code) if p.parent.name not in MAINTAINER_PAGES]
    texts = {p: html.unescape(re.sub(r"<[^>]+>", " ", _article(p.read_text(encoding="utf-8")))) for p in readers}
    texts[_pdf(built_site, code)] = _pdftotext(_pdf(built_site, code))
    found = [(str(path), note) for path, text in texts.items() for note in PRODUCTION_NOTES if note in text]
    assert found == []


# Archiving and accessibility (issue: PDFs that libraries archive and screen readers read) -------


def _structure(pdf) -> list[tuple[str, object]]:
    """Every element of the PDF's structure tree: (type, element)."""
    found, stack = [], [pdf.Root.StructTreeRoot]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Array):
            stack.extend(node)
        elif isinstance(node, pikepdf.Dictionary):
            if "/S" in node:
                found.append((str(node.S), node))
            if "/K" in node:
                stack.append(node.K)
    return found


def _chapters_html(built_site, code: str) -> str:
    """The articles of the pages the PDF holds (the menu's pages), as the PDF shows them."""
    from reportgen.pdf.chapters import nav_labels

    shown = "".join(_article((built_site.site / page).read_text(encoding="utf-8")) for page in nav_labels(built_site.site, code))
    # Web-only blocks the PDF leaves out (pdf/chapters.py SKIP_CLASSES): citations, figures' data views.
    return re.sub(r'<details class="(?:cite-this|figure-data)">.*?</details>', "", shown, flags=re.DOTALL)


@pytest.mark.parametrize("code", CODES)
def test_tagged_and_declares_pdf_a_3a_and_pdf_ua_1(built_site, code):
    with pikepdf.open(_pdf(built_site, code)) as pdf:
        assert bool(pdf.Root.MarkInfo.Marked)
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle)  # the viewer's title bar shows the title, not the file name
        meta = pdf.open_metadata()
        assert (meta.get("pdfaid:part"), meta.get("pdfaid:conformance"), meta.get("pdfuaid:part")) == ("3", "A", "1")
        elements = _structure(pdf)
    kinds = [kind for kind, _ in elements]
    shown = _chapters_html(built_site, code)
    # Headings, tables with header cells, figures with their alternative text: as many as the site shows.
    assert kinds.count("/Table") == shown.count("<table")
    assert kinds.count("/TH") == len(re.findall(r"<th[ >]", shown))
    alts = sorted(str(element.get("/Alt", "")) for kind, element in elements if kind == "/Figure")
    assert alts == sorted(html.unescape(a) for a in re.findall(r'<img [^>]*alt="([^"]*)"', shown))
    assert all(alts)
    assert kinds.count("/H1") >= shown.count("<h1") and kinds.count("/H2") >= shown.count("<h2")


def _content_streams(pdf) -> bytes:
    out = b""
    for page in pdf.pages:
        contents = page.obj.Contents
        out += b"".join(c.read_bytes() for c in contents) if isinstance(contents, pikepdf.Array) else contents.read_bytes()
    return out


@pytest.mark.parametrize(("code", "quoted"), [("zh", ["zh-TW"]), ("en", ["zh-CN", "zh-TW"])])
def test_quotes_in_another_language_are_tagged_with_it(built_site, code, quoted):
    """A cited phrase in another script than the edition's is read in its own language."""
    with pikepdf.open(_pdf(built_site, code)) as pdf:
        streams = _content_streams(pdf)
    for lang in quoted:
        assert f"/Lang({lang})".encode() in streams, lang


@pytest.mark.parametrize("code", CODES)
def test_the_data_travels_inside_as_attachments(built_site, code):
    downloads = sorted(p for p in (built_site.site / lang_dir(code) / "downloads").iterdir() if p.suffix != ".pdf")
    assert downloads
    with pikepdf.open(_pdf(built_site, code)) as pdf:
        attached = dict(pdf.attachments.items())
        assert sorted(attached) == [p.name for p in downloads]
        for path in downloads:
            assert attached[path.name].obj.AFRelationship == "/Data"
            assert attached[path.name].get_file().read_bytes() == path.read_bytes()
        assert len(pdf.Root.AF) == len(downloads)  # PDF/A-3 lists associated files in the catalogue


CLOSING, OPENING = "）。，、；：！？」』”’》〉】", "（「『“‘《〈【"


def _lines(pdf: Path) -> list[str]:
    """The PDF's lines as a reader sees them: words from pdftotext's boxes grouped by baseline,
    split into columns at wide gaps (table cells)."""
    out = subprocess.run([_tool("pdftotext"), "-bbox", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
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
    assert _misplaced_punctuation(_pdf(built_site, code)) == []


@pytest.mark.parametrize("code", CODES)
def test_running_headers_name_the_chapter_and_figures_are_listed(built_site, dataset, code):
    from reportgen.pdf.chapters import nav_labels

    labels = set(nav_labels(built_site.site, code).values()) - {""}
    pages = _pdftotext(_pdf(built_site, code)).split("\f")
    headed = [page for page in pages[2:] if any(page.startswith(label + "\n") for label in labels)]
    assert len(headed) > len(pages) / 2  # every page but a chapter's first carries its chapter's name
    loc = localizer(code, dataset)
    listing = pages[1] + pages[2]
    assert loc.word(section("pdf"), "figures") in listing
    assert loc.word(section("page"), "figure").format(1) in listing


# What a reader sees on the page (issue: tables that overprint, headers a section late, a figure listed twice) ------


def _words(pdf: Path) -> list[list[tuple[float, float, float, float, str]]]:
    """Each page's words as pdftotext places them: (x0, y0, x1, y1, text), in points from the top left."""
    out = subprocess.run([_tool("pdftotext"), "-bbox", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
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
    assert _overprints(_pdf(built_site, code)) == []


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
    pdf = _pdf(built_site, code)
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
        assert len(headers[page]) == 2 and headers[page][1] == _squash(expected), f"page {page + 1}: {headers[page]}, wanted {expected!r}"
        checked += bool(here)
    assert checked >= 5  # pages that open a section


@pytest.mark.parametrize("code", CODES)
def test_the_home_page_is_not_a_chapter_called_home(built_site, dataset, code):
    """The home page opens the report under its title: no header, contents line or bookmark says
    "Home", and its further pages carry the report's title (up to its colon)."""
    from reportgen.pdf.chapters import nav_labels

    home = nav_labels(built_site.site, code)[f"{lang_dir(code)}index.html"]
    assert home  # the menu calls it something ("Home", 首页): that word must not name a chapter
    pdf = _pdf(built_site, code)
    headers = _headers(pdf)
    assert not [page for page, parts in enumerate(headers, 1) if parts and parts[0] == _squash(home)]
    marks = list(_bookmarks(pypdf.PdfReader(pdf)))
    assert home not in [title for _, title, _ in marks]
    loc = localizer(code, dataset)
    title = loc.text(dataset.site.title)
    chapters = [(page, title) for level, title, page in marks if level == 1]
    first, after = next((page, chapters[i + 1][0]) for i, (page, name) in enumerate(chapters) if name == title)
    assert after - first > 1  # the home page runs over more than one page
    short = title.partition(loc.punct("colon"))[0]
    assert all(headers[page][0] == _squash(short) for page in range(first + 1, after)), headers[first + 1 : after]


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
    shown = "".join(_article((built_site.site / page).read_text(encoding="utf-8")) for page in nav_labels(built_site.site, code))
    captions = [html.unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<figcaption>\s*<p>(.*?)</p>", shown, re.DOTALL)]
    on_site = _figure_numbers("\n".join(captions), word)
    assert len(on_site) > len(set(on_site))  # a figure shown twice on the site: what this test is about
    first_seen = list(dict.fromkeys(on_site))
    assert first_seen == list(range(1, len(first_seen) + 1))
    pdf = _pdf(built_site, code)
    chapters = sorted(page for level, _, page in _bookmarks(pypdf.PdfReader(pdf)) if level == 1)
    front = "\f".join(_pdftotext(pdf).split("\f")[: chapters[1]])  # the contents and the list of figures
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
    """The PDF's text in the order it is painted (pypdf), without whitespace: a table cell's lines
    stay together, where pdftotext's reading order interleaves the columns."""
    import pypdf

    return _squash("".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages))


SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


@pytest.mark.parametrize("code", CODES)
def test_every_quotation_in_the_pdf_is_verbatim_in_its_source(built_site, dataset, code):
    """Each quotation the PDF's pages hold is in the PDF as the source wrote it (OpenCC never
    touched it, in the Traditional edition neither), and is in its source article."""
    if not SEEDS.is_dir():
        pytest.skip(f"source articles not found at {SEEDS}")
    import html

    articles = {s.language: _squash((SEEDS / s.file).read_text(encoding="utf-8")) for s in dataset.sources}
    quotes = {(lang, _squash(html.unescape(re.sub(r"<[^>]+>|\\", "", words)))) for lang, words in QUOTATION.findall(_chapters_html(built_site, code))}
    assert len(quotes) >= 100
    text = _painted(_pdf(built_site, code))
    missing = [words for _, words in quotes if not _in_order(words, text)]
    unsourced = [words for lang, words in quotes if words not in articles.get(lang, "")]
    assert not missing and not unsourced, (missing[:10], unsourced[:10])


def test_the_traditional_pdf_uses_taiwan_standard_forms_outside_quotations(built_site, dataset):
    """The Traditional PDF's own words: no character OpenCC's t2tw would still change (爲, 羣…)."""
    import html

    import opencc

    text = _painted(_pdf(built_site, "zh-Hant"))
    for _, words in QUOTATION.findall(_chapters_html(built_site, "zh-Hant")):
        text = text.replace(_squash(html.unescape(re.sub(r"<[^>]+>|\\", "", words))), "")
    t2tw = opencc.OpenCC("t2tw.json")
    archaic = sorted({char for char in text if "\u4e00" <= char <= "\u9fff" and t2tw.convert(char) != char})
    assert not archaic, archaic
