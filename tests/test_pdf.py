"""The per-language PDFs made by `python -m reportgen pdf SITE` (scripts/reportgen/pdf/typeset.py).

Uses the session's `built_site` (tests/conftest.py): the real data/ and docs/, built once.
Needs poppler-utils (pdffonts, pdftotext) and pypdf.
"""

from __future__ import annotations

import hashlib
import html
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

pypdf = pytest.importorskip("pypdf")

from reportgen.config import LANGS, lang_dir  # noqa: E402 - after the importorskip above
from reportgen.i18n.localize import localizer  # noqa: E402 - after the importorskip above
from reportgen.model.validate import load_dataset  # noqa: E402 - after the importorskip above
from reportgen.pdf.chapters import pdf_relpath  # noqa: E402 - after the importorskip above
from reportgen.render.figures import STRAIGHT_QUOTES  # noqa: E402 - after the importorskip above

CODES = [lang.code for lang in LANGS]
HTML_LANG = {lang.code: lang.html for lang in LANGS}
FACE = {"zh": "SC", "zh-Hant": "TC", "en": "SC"}
LABEL = {"zh": "下载 PDF", "zh-Hant": "下載 PDF", "en": "Download PDF"}
MAX_BYTES = 5 * 1024 * 1024


def _tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        pytest.fail(f"`{name}` not found: install poppler-utils (make system-deps)", pytrace=False)
    return path


def _squash(text: str) -> str:
    """Text without whitespace or soft hyphens: line breaks in the PDF do not matter."""
    return re.sub(r"[\s\u00ad]+", "", text)


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
        _text_cache[path] = subprocess.run(
            [_tool("pdftotext"), "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
    return _text_cache[path]


def _article(source: str) -> str:
    match = re.search(r'<article class="md-content__inner[^"]*">(.*?)</article>', source, re.DOTALL)
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
        if "CJK" in name:
            assert f"CJK-{FACE[code]}" in name, f"{code}: CJK font {name} is not the {FACE[code]} face"
    assert any(f"CJK-{FACE[code]}" in row[0] for row in rows)
    # English curly quotes come from a Latin face: CJK fonts draw them full-width.
    assert any("Latin-Quotes" in row[0] for row in rows) == (code == "en")


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
    assert reader.trailer["/Root"]["/Lang"] == HTML_LANG[code]


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


def test_unchanged_site_is_not_typeset_again(built_site):
    """Second run over the same content: every PDF comes from build/pdf-cache."""
    before = {code: _sha(_pdf(built_site, code)) for code in CODES}
    out = built_site.run("-m", "reportgen", "pdf", str(built_site.site)).stdout
    assert "0 typeset" in out and f"{len(CODES)} from cache" in out, out
    assert {code: _sha(_pdf(built_site, code)) for code in CODES} == before


def test_same_input_same_bytes(built_site, tmp_path):
    """A fresh typesetting (empty cache) of a copy of the site gives identical bytes."""
    copy = tmp_path / "site"
    shutil.copytree(built_site.site, copy)
    for code in CODES:
        (copy / pdf_relpath(code)).unlink()
    cache = tmp_path / "cache"
    code_line = (
        "from pathlib import Path; from reportgen.pdf.typeset import build_pdfs; "
        f"print(build_pdfs(Path({str(copy)!r}), cache_dir=Path({str(cache)!r})))"
    )
    out = built_site.run("-c", code_line).stdout
    assert "typeset" in out
    for code in CODES:
        assert _sha(copy / pdf_relpath(code)) == _sha(_pdf(built_site, code)), code


# Notes meant for the report's makers, which once reached readers (issue: charts and numbers a reader can trust).
PRODUCTION_NOTES = ("新增城市会自动出现为新的一列", "appears as a new column", "second source", "来源二", "來源二", "存档文本未载标题",
                    "存檔文本未載標題", "收录指标数", "收錄指標數", "收录事项数", "收錄事項數", "Indicators recorded", "Named items recorded",
                    "What each meeting produced", "三场会议各拿出了什么", "三場會議各拿出了什麼")
MAINTAINER_PAGES = ("reference", "status")


@pytest.mark.parametrize("code", CODES)
def test_maintainers_pages_are_out_of_the_menu_and_the_pdf(built_site, code):
    from reportgen.pdf.chapters import nav_pages

    menu = nav_pages(built_site.site, code)
    assert len(menu) >= 10
    assert not [p for p in menu if Path(p).parent.name in MAINTAINER_PAGES]
    home = (built_site.site / lang_dir(code) / "index.html").read_text(encoding="utf-8")
    footer = home[home.index('class="md-copyright"'):]
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
