"""reportgen/site/converted.py: a page whose Markdown is unchanged keeps its conversion."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

from mkdocs.structure.toc import get_toc
from reportgen.cache import Store
from reportgen.site.converted import ConvertedPages

CONFIG = {"site_url": "https://o.github.io/r/", "use_directory_urls": True}


@dataclass(frozen=True)
class File:
    src_uri: str
    url: str


class Files(list):
    def get_file_from_path(self, uri: str):
        return next((f for f in self if f.src_uri == uri), None)


def _files() -> Files:
    return Files([File("a.md", "a/"), File("b.md", "b/")])


def _page(uri: str = "a.md") -> SimpleNamespace:
    return SimpleNamespace(
        file=SimpleNamespace(src_uri=uri), url=uri.replace(".md", "/"), toc=None, _title_from_render=None, present_anchor_ids=None, links_to_anchors=None
    )


def _convert(pages: ConvertedPages, markdown: str, files: Files, warn: bool = False) -> tuple[str, SimpleNamespace, str]:
    """What the report plugin and MkDocs do with one page: before, convert (if asked), after."""
    page = _page()
    to_convert = pages.before(markdown, page, CONFIG, files)
    html = ""
    if to_convert:
        html = f"<h1 id='t'>{to_convert}</h1>"
        page.toc = get_toc([{"level": 1, "id": "t", "name": to_convert, "children": [{"level": 2, "id": "u", "name": "U", "children": []}]}])
        page._title_from_render, page.present_anchor_ids = to_convert, {"t", "u"}
        page.links_to_anchors = {files[1]: {"x": "b.md#x"}}
        if warn:
            logging.getLogger("mkdocs.structure.pages").warning("a broken link")
    return to_convert, page, pages.after(html, page, files)


def _pages(tmp_path: Path) -> ConvertedPages:
    (tmp_path / "mkdocs.yml").write_text("markdown_extensions: [toc]\n", encoding="utf-8")
    return ConvertedPages(Store(tmp_path, "converted"), tmp_path / "mkdocs.yml")


def test_an_unchanged_page_gets_its_conversion_back(tmp_path: Path) -> None:
    first = _pages(tmp_path)
    converted, _, html = _convert(first, "Title", _files())
    first.close()
    assert converted == "Title" and first.kept == 0
    again = _pages(tmp_path)
    files = _files()
    converted, page, kept_html = _convert(again, "Title", files)
    again.close()
    assert converted == "" and again.kept == 1  # MkDocs converted nothing
    assert kept_html == html
    assert str(page.toc) == "Title - #t\n    U - #u\n" and page.toc.items[0].active
    assert (page._title_from_render, page.present_anchor_ids) == ("Title", {"t", "u"})
    assert page.links_to_anchors == {files[1]: {"x": "b.md#x"}}  # mapped onto this build's files


def test_what_the_conversion_reads_decides(tmp_path: Path) -> None:
    pages = _pages(tmp_path)
    _convert(pages, "Title", _files())
    assert _convert(pages, "Title, edited", _files())[0] == "Title, edited"
    moved = Files([File("a.md", "a/"), File("b.md", "elsewhere/")])
    assert _convert(pages, "Title", moved)[0] == "Title"  # a linked file moved: links change
    pages.close()
    (tmp_path / "mkdocs.yml").write_text("markdown_extensions: [toc, footnotes]\n", encoding="utf-8")
    other_settings = ConvertedPages(Store(tmp_path, "converted"), tmp_path / "mkdocs.yml")
    assert _convert(other_settings, "Title", _files())[0] == "Title"
    other_settings.close()


def test_a_conversion_that_warned_is_converted_again(tmp_path: Path) -> None:
    pages = _pages(tmp_path)
    _convert(pages, "Title", _files(), warn=True)
    assert _convert(pages, "Title", _files())[0] == "Title"  # so a strict build fails again
    assert _convert(pages, "Title", _files())[0] == ""
    pages.close()


def test_a_full_build_drops_what_it_did_not_use(tmp_path: Path) -> None:
    pages = _pages(tmp_path)
    _convert(pages, "Old", _files())
    pages.close()
    pages = _pages(tmp_path)
    _convert(pages, "New", _files())
    assert pages.prune() == 1
    assert len(Store(tmp_path, "converted").entries()) == 1
    pages.close()
