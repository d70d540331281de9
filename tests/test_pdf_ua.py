"""PDF/UA-1 as an independent checker reads it: outloud (PyPI, Matterhorn-based) on each built PDF.

Typst declares PDF/UA-1 and checks what it can at export; outloud checks the files again. A PDF
fails on any error, any finding of outloud's conformance layer (PDF/UA-1 itself) and any
reading-order finding. Two of outloud's rules are skipped where they contradict PDF/UA itself
(SKIPPED, each with the clause it conflicts with); the reading order they would judge is checked here instead.
outloud runs in the test process through its Python API (`outloud.check`, what its command line
calls for each file): its libraries and layout model load once, not once per PDF.
"""

from __future__ import annotations

import pytest

pikepdf = pytest.importorskip("pikepdf")
outloud = pytest.importorskip("outloud")
registry = pytest.importorskip("outloud.registry")

from pdfread import CODES, pdf_of  # noqa: E402 - after the importorskip above
from reportgen.config import PATHS  # noqa: E402 - after the importorskip above
from reportgen.pdf.tree import text_languages  # noqa: E402 - after the importorskip above

SKIPPED = (
    # Prose in an artifact: a running head (chapter and section, ISO 14289-1 7.8: running heads
    # shall be pagination artifacts; Matterhorn 18-001, 18-002) reads to it as a line of prose
    # when it is long and not the same on three pages.
    "TAG-002",
    # Paint order against tag order: it lists an element's own marked content before its
    # children's, so "text <Strong> text" reads to it as "text text Strong", where /K interleaves
    # them (ISO 32000-1 14.7.2); and PDF/UA asks for tags in logical order, not the order content
    # is painted (ISO 14289-1 7.2, Matterhorn 09-001; ISO 32000-1 14.8.2.3).
    "ORD-001",
)
# The editions' languages as the PDFs write them (BCP 47 with a region: Typst's form).
PDF_LANG = {lang.code: "-".join(text_languages()[lang.html]) for lang in PATHS.languages}
LAYER = {rule: meta.layer for rule, meta in registry.load_catalogue().items()}


def _fails(finding) -> bool:
    return finding.severity == "error" or (finding.severity == "warning" and (LAYER[finding.rule] == "conformance" or finding.rule.startswith("ORD-")))


@pytest.mark.parametrize("code", CODES)
def test_outloud_finds_no_pdf_ua_failure(built_site, code):
    result = outloud.check(str(pdf_of(built_site, code)), skip=SKIPPED)
    assert result.error is None, result.error
    assert not [run.rule for run in result.runs if run.status == "crashed"]
    failures = [f for f in result.findings if _fails(f)]
    assert not failures, "\n".join(f"{f.rule} ({LAYER[f.rule]}) p.{f.page}: {f.message}" for f in failures)


def _tag_order(pdf) -> dict[int, list[int]]:
    """Each page's marked content in the order of the structure tree (/K: elements and marked
    content interleaved), leaving out captions: Typst tags a figure's caption before the figure
    it prints under, which is the order a reader hears them in."""
    pages = {page.objgen: i for i, page in enumerate(pdf.pages)}
    order: dict[int, list[int]] = {}

    def walk(node, page):
        if node.get("/S") == "/Caption":
            return
        page = pages[node.Pg.objgen] if "/Pg" in node else page
        kids = node.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [] if kids is None else [kids]:
            if isinstance(kid, int):
                order.setdefault(page, []).append(kid)
            elif kid.get("/Type") == "/MCR":
                order.setdefault(pages[kid.Pg.objgen] if "/Pg" in kid else page, []).append(int(kid.MCID))
            elif kid.get("/Type") != "/OBJR":
                walk(kid, page)

    walk(pdf.Root.StructTreeRoot, None)
    return order


def _marked(page) -> list:
    """The property lists of a page's marked content, in the order it is painted."""
    return [ops[1] for ops, _ in pikepdf.parse_content_stream(page, "BDC") if isinstance(ops[1], pikepdf.Dictionary)]


@pytest.mark.parametrize("code", CODES)
def test_tags_read_in_the_order_the_page_shows(built_site, code):
    """The structure tree reads each page in the order its content is painted: one column, top
    to bottom (what outloud's ORD-001 means to check, with the tree's order as /K gives it)."""
    with pikepdf.open(pdf_of(built_site, code)) as pdf:
        order = _tag_order(pdf)
        for index, page in enumerate(pdf.pages):
            tagged = order.get(index, [])
            wanted = set(tagged)
            painted = [int(props.MCID) for props in _marked(page) if "/MCID" in props and int(props.MCID) in wanted]
            assert painted == tagged, f"page {index + 1}: tags read marked content {tagged[:12]}, the page paints {painted[:12]}"


@pytest.mark.parametrize("code", CODES)
def test_every_language_is_one_the_report_is_written_in(built_site, code):
    """Elements and marked content carry only the editions' languages (zh-CN, zh-TW, en-GB), as
    the site marks them: never a mix such as en-CN, which Typst gives raw text by default."""
    with pikepdf.open(pdf_of(built_site, code)) as pdf:
        tags = {str(node.Lang) for node in pdf.objects if isinstance(node, pikepdf.Dictionary) and "/S" in node and "/Lang" in node}
        tags |= {str(props.Lang) for page in pdf.pages for props in _marked(page) if "/Lang" in props}
    assert tags <= set(PDF_LANG.values()), sorted(tags - set(PDF_LANG.values()))
