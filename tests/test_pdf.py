"""The per-language PDFs made by `python -m reportgen pdf SITE` (scripts/reportgen/pdf/step.py, typeset.py).

Uses the session's `built_site` (tests/conftest.py): the real data/ and docs/, built once.
Needs poppler-utils (pdffonts, pdftotext), pypdf and pikepdf.
"""

from __future__ import annotations

import hashlib
import html
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

pypdf = pytest.importorskip("pypdf")

import pikepdf  # noqa: E402 - after the importorskip above
from conftest import build_env, warm_copy  # noqa: E402 - after the importorskip above
from pdfread import CODES, article, chapters_html, pdf_of, pdftotext, squash, tool  # noqa: E402 - after the importorskip above
from reportgen.config import PATHS  # noqa: E402 - after the importorskip above
from reportgen.i18n.localize import localizer  # noqa: E402 - after the importorskip above
from reportgen.pdf.chapters import pdf_relpath  # noqa: E402 - after the importorskip above
from reportgen.pdf.tree import text_languages  # noqa: E402 - after the importorskip above
from reportgen.render.figures import STRAIGHT_QUOTES  # noqa: E402 - after the importorskip above

# The document's language as the PDF declares it (BCP 47 with a region: Typst's form).
PDF_LANG = {lang.code: "-".join(text_languages()[lang.html]) for lang in PATHS.languages}
FACE = {"zh": "sc", "zh-Hant": "tc", "en": "sc"}
LABEL = {"zh": "下载 PDF", "zh-Hant": "下載 PDF", "en": "Download PDF"}
MAX_BYTES = 5 * 1024 * 1024


def _pages(built_site, code: str) -> list[Path]:
    """Every built HTML page of a language (not the other languages' folders, not 404)."""
    root = built_site.site / PATHS.lang_dir(code)
    others = [built_site.site / PATHS.lang_dir(c) for c in CODES if c != code and PATHS.lang_dir(c)]
    return sorted(p for p in root.rglob("*.html") if p.name != "404.html" and not any(o in p.parents for o in others))


@pytest.mark.parametrize("code", CODES)
def test_pdf_exists_and_is_small(built_site, code):
    path = pdf_of(built_site, code)
    assert path.is_file(), f"{pdf_relpath(code)} missing"
    assert path.read_bytes().startswith(b"%PDF-")
    assert path.stat().st_size < MAX_BYTES, f"{path.name}: {path.stat().st_size} bytes"


@pytest.mark.parametrize("code", CODES)
def test_fonts_embedded_with_right_glyph_forms(built_site, code):
    out = subprocess.run([tool("pdffonts"), str(pdf_of(built_site, code))], capture_output=True, text=True, check=True).stdout
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
    text = squash(pdftotext(pdf_of(built_site, code)))
    site = dataset.site
    for value in (loc.text(site.title), loc.text(site.subtitle), loc.text(site.author)):
        assert squash(value) in text, value
    # Every table title shown on the site is in the PDF.
    shown = "".join(article(p.read_text(encoding="utf-8")) for p in _pages(built_site, code))
    titles = [loc.text(t.title) for t in dataset.tables]
    used = [t for t in titles if f"<strong>{_html_escape(t)}</strong>" in shown]
    for title in used:
        assert squash(title) in text, f"table title {title!r} not in the PDF text"


def _html_escape(text: str) -> str:
    return html.escape(text, quote=False)


@pytest.mark.parametrize("code", CODES)
def test_figures_present_as_vectors(built_site, dataset, code):
    """Each figure on the site appears in the PDF; its title is SVG text, so extractable."""
    loc = localizer(code, dataset)
    text = squash(pdftotext(pdf_of(built_site, code)))
    wanted: dict[str, int] = {}
    for page in _pages(built_site, code):
        for fig_id in re.findall(r'<img [^>]*src="[^"]*figures/([a-z0-9-]+)\.svg"', article(page.read_text(encoding="utf-8"))):
            spec = next(f for f in dataset.figures if f.id == fig_id)
            title = squash(loc.text(spec.title))
            if code == "en":  # English figures draw straight quotes (CJK fonts set curly ones full-width)
                title = title.translate(STRAIGHT_QUOTES)
            wanted[title] = wanted.get(title, 0) + 1
    for title, times in wanted.items():
        assert text.count(title) >= times, f"figure {title!r}: {times} on the site, {text.count(title)} in the PDF"


@pytest.mark.parametrize("code", CODES)
def test_bookmarks_and_metadata(built_site, dataset, code):
    reader = pypdf.PdfReader(pdf_of(built_site, code))

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
        h1 = re.search(r"<h1[^>]*>(.*?)</h1>", article(page.read_text(encoding="utf-8")), re.DOTALL)
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
    reader = pypdf.PdfReader(pdf_of(built_site, code))
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


def test_a_page_is_read_again_only_when_something_the_pdfs_are_made_from_changed(built_site, tmp_path):
    """In a copy of the build, cache and all: nothing changed, the PDFs come from the cache, byte
    for byte, and no page is read; a file of the site changed (here robots.txt, which no PDF
    shows), the pages are read again and each PDF whose document is the same still comes from the
    cache. (A record cut short is read as none: tests/test_build.py's damaged cache.)"""
    root = warm_copy(built_site, tmp_path / "repo")
    site = root / "site"
    shutil.copytree(built_site.site, site)
    record = root / "build" / "cache" / "pdf-inputs"

    def pdf() -> subprocess.CompletedProcess[str]:
        done = subprocess.run([sys.executable, "-m", "reportgen", "pdf", str(site)], cwd=root, env=build_env(root), capture_output=True, text=True)
        assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
        assert f"0 typeset (none), {len(CODES)} from cache" in done.stdout, done.stdout
        return done

    assert "no page read" in pdf().stderr
    (site / "robots.txt").write_text((site / "robots.txt").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    again = pdf().stderr
    assert "no page read" not in again and all(f"pdf: {code}: unchanged, from the cache" in again for code in CODES), again
    assert "no page read" in pdf().stderr and len(list(record.iterdir())) == 1  # recorded for the edited site, in place of the first
    assert {code: _sha(site / pdf_relpath(code)) for code in CODES} == {code: _sha(pdf_of(built_site, code)) for code in CODES}


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
def test_maintainers_pages_are_out_of_the_menu_and_thepdf_of(built_site, code):
    from reportgen.pdf.chapters import nav_labels

    menu = list(nav_labels(built_site.site, code))
    assert len(menu) >= 10
    assert not [p for p in menu if Path(p).parent.name in MAINTAINER_PAGES]
    home = (built_site.site / PATHS.lang_dir(code) / "index.html").read_text(encoding="utf-8")
    footer = home[home.index('class="md-copyright"') :]
    assert 'reference/"' in footer and 'status/"' in footer  # the Contribute area still reaches them
    words = {"zh": "数据字段参考", "zh-Hant": "數據字段參考", "en": "Data field reference"}
    assert words[code] not in pdftotext(pdf_of(built_site, code))


@pytest.mark.parametrize("code", CODES)
def test_no_production_note_reaches_a_reader(built_site, code):
    readers = [p for p in _pages(built_site, code) if p.parent.name not in MAINTAINER_PAGES]
    texts = {p: html.unescape(re.sub(r"<[^>]+>", " ", article(p.read_text(encoding="utf-8")))) for p in readers}
    texts[pdf_of(built_site, code)] = pdftotext(pdf_of(built_site, code))
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


@pytest.mark.parametrize("code", CODES)
def test_tagged_and_declares_pdf_a_3a_and_pdf_ua_1(built_site, code):
    with pikepdf.open(pdf_of(built_site, code)) as pdf:
        assert bool(pdf.Root.MarkInfo.Marked)
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle)  # the viewer's title bar shows the title, not the file name
        meta = pdf.open_metadata()
        assert (meta.get("pdfaid:part"), meta.get("pdfaid:conformance"), meta.get("pdfuaid:part")) == ("3", "A", "1")
        elements = _structure(pdf)
    kinds = [kind for kind, _ in elements]
    shown = chapters_html(built_site, code)
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
    with pikepdf.open(pdf_of(built_site, code)) as pdf:
        streams = _content_streams(pdf)
    for lang in quoted:
        assert f"/Lang({lang})".encode() in streams, lang


@pytest.mark.parametrize("code", CODES)
def test_the_data_travels_inside_as_attachments(built_site, code):
    downloads = sorted(p for p in (built_site.site / PATHS.lang_dir(code) / "downloads").iterdir() if p.suffix != ".pdf")
    assert downloads
    with pikepdf.open(pdf_of(built_site, code)) as pdf:
        attached = dict(pdf.attachments.items())
        assert sorted(attached) == [p.name for p in downloads]
        for path in downloads:
            assert attached[path.name].obj.AFRelationship == "/Data"
            assert attached[path.name].get_file().read_bytes() == path.read_bytes()
        assert len(pdf.Root.AF) == len(downloads)  # PDF/A-3 lists associated files in the catalogue
