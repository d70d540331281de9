"""reportgen.render.citations: GB/T 7714-2015, APA 7 and BibTeX for a page or a figure, with the
edition date and the canonical address; on every built page and figure, with each figure's
permalink and its data view (render/pages.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from reportgen.i18n.localize import localizer
from reportgen.model.validate import load_dataset
from reportgen.render import citations
from siteserve import LANG_DIRS, canonical, site_pages


@pytest.fixture
def loc(data: Path):
    return localizer("zh", load_dataset(data))


def test_gbt_7714_names_an_online_resource_with_its_update_and_access_dates(loc) -> None:
    w = citations.work(loc, "南京", "https://x.example/r/nanjing/", "zh-nanjing")
    assert citations.gbt7714(w, loc) == "编辑组. 测试报告：南京[EB/OL]. (2026-01-05)[{accessed}]. https://x.example/r/nanjing/."
    home = citations.work(loc, "测试报告", "https://x.example/r/", "zh-index")
    assert citations.gbt7714(home, loc) == "编辑组. 测试报告[EB/OL]. (2026-01-05)[{accessed}]. https://x.example/r/."


def test_apa_7_gives_author_date_title_site_and_address(data: Path) -> None:
    en = localizer("en", load_dataset(data))
    w = citations.work(en, "Money", "https://x.example/r/en/money/", "en-money")
    assert citations.apa(w) == "Desk. (2026, January 5). Money. Test report. https://x.example/r/en/money/"


def test_bibtex_escapes_what_tex_would_read_as_commands(loc) -> None:
    w = citations.Work("A & B", "50% of {x}_y #1", "R", "https://x.example/r/", loc.dataset.site.edition, "k-2026")
    entry = citations.bibtex(w)
    assert entry.startswith("@misc{k-2026,\n")
    assert r"title = {{R: 50\% of \textbraceleft{}x\textbraceright{}\_y \#1}}" in entry and r"author = {{A \& B}}" in entry
    assert r"howpublished = {\url{https://x.example/r/}}" in entry and "note = {Edition of 2026-01-05}" in entry


def test_the_block_is_closed_escaped_and_leaves_the_access_date_to_the_reader(loc) -> None:
    w = citations.work(loc, "<b>x</b>", "https://x.example/r/?a=1&b=2", "zh-x")
    html = citations.block(loc, w, "page")
    assert html.strip().startswith('<details class="cite-this"><summary>引用本页</summary>')
    assert "<b>" not in html and "&lt;b&gt;" in html and "a=1&amp;b=2" in html
    assert '[<span class="cite-accessed">引用日期</span>]' in html
    assert [m for m in re.findall(r"<dt>(.*?)</dt>", html)] == ["GB/T 7714—2015", "APA 7", "BibTeX"]


@pytest.mark.parametrize("lang", list(LANG_DIRS))
def test_every_page_and_figure_can_be_cited_at_its_address(built_site, lang: str) -> None:
    cited_at: dict[str, str] = {}
    keys: dict[str, str] = {}
    for rel in site_pages(built_site.site, lang):
        html = (built_site.site / rel / "index.html").read_text(encoding="utf-8")
        if "<article" not in html:
            continue
        address = canonical(html)
        blocks = re.findall(r'<details class="cite-this">.*?</details>', html, re.DOTALL)
        figures = re.findall(r'<figure class="report-figure" id="(fig-[a-z0-9-]+)"', html)
        assert len(blocks) == len(figures) + 1, rel
        for figure_id, block in zip(figures, blocks, strict=False):
            # A figure shown on two pages is cited at its first, under one key.
            first = cited_at.setdefault(figure_id, address)
            assert f"{first}#{figure_id}" in block
            assert keys.setdefault(figure_id, re.search(r"@misc\{([^,]+),", block).group(1)) in block
        assert f"{address}." in blocks[-1] and "[EB/OL]" in blocks[-1] and "@misc{" in blocks[-1]


@pytest.mark.parametrize("lang", list(LANG_DIRS))
def test_every_figure_has_a_permalink_and_its_data_as_a_table(built_site, lang: str) -> None:
    import csv

    for rel in site_pages(built_site.site, lang):
        html = (built_site.site / rel / "index.html").read_text(encoding="utf-8")
        for figure_id, after in re.findall(r'<figure class="report-figure" id="fig-([a-z0-9-]+)">(.*?)</details>', html, re.DOTALL):
            assert f'<a class="headerlink" href="#fig-{figure_id}"' in after, (rel, figure_id)
            view = after[after.index('<details class="figure-data">') :]
            data_csv = (built_site.site / LANG_DIRS[lang] / "figures" / f"{figure_id}.csv").read_text(encoding="utf-8-sig")
            head, *rows = list(csv.reader(data_csv.splitlines()))
            assert view.count("<tr>") == len(rows) + 1, (rel, figure_id)  # header + one row per drawn value
            values = sum(name in ("id", "earlier_id", "target_id") for name in head)  # a multiple's row holds two values
            assert view.count('class="footnote-ref"') == len(rows) * values  # each drawn value cites its source


@pytest.mark.parametrize(
    "hostile", ["an { unbalanced brace", "closing } first", r"C:\new\table ~1 x^2", "$5 & 50% #1 a_b", "@misc{evil, title={x}}", "中文“引号”与 it’s"]
)
def test_bibtex_of_hostile_text_parses_back_to_the_same_field(loc, hostile: str) -> None:
    """Through BibTeX's real parser (pybtex): the entry parses, its one title field holds exactly
    what was written, and no character of the text became markup (only text commands)."""
    from pybtex.database import parse_string

    w = citations.Work(hostile, hostile, "R", "https://x.example/r/", loc.dataset.site.edition, "k-2026")
    entries = parse_string(citations.bibtex(w), "bibtex").entries
    assert list(entries) == ["k-2026"]
    fields = entries["k-2026"].fields
    assert fields["title"] == "{R: " + citations._bib(hostile) + "}"
    assert [str(p) for p in entries["k-2026"].persons["author"]] == ["{" + citations._bib(hostile) + "}"]  # one name, kept whole
    assert not re.search(r"(?<!\\)[{}]", citations._bib(hostile).replace("{}", "")), "a brace of the text left as a brace"


@pytest.mark.parametrize("hostile", ["Title: with a colon", '"leading quote', "'single", "- a dash", "# not a comment", "a: b\nc: d", "@at"])
def test_citation_cff_reads_back_as_written(data, hostile: str) -> None:
    """CITATION.cff through a YAML loader: every title and name is itself, never broken YAML."""
    import yaml

    dataset = load_dataset(data)
    site = dataset.site.model_copy(
        update={"title": dataset.site.title.model_copy(update={"en": hostile}), "author": dataset.site.author.model_copy(update={"en": hostile})}
    )
    cff = yaml.safe_load(citations.citation_cff(dataset.model_copy(update={"site": site})))
    assert cff["title"] == hostile and cff["authors"] == [{"name": hostile}] and cff["cff-version"] == "1.2.0"
