"""reportgen.render.citations: GB/T 7714—2025, APA 7 and BibTeX for a page, a figure or the data,
with the edition date and the canonical address, in the edition's words; on every built page and
figure, with each figure's permalink and its data view (render/pages.py); CITATION.cff."""

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


def test_gbt_7714_2025_names_an_online_resource_with_its_update_and_access_dates(loc, data: Path) -> None:
    """§8.11.3: 责任者.题名[EB/OL].(更新日期)[引用日期].URL. — no space after a point in Chinese, one in English."""
    w = citations.work(loc, "南京", "https://x.example/r/nanjing/", "zh-nanjing")
    assert citations.gbt7714(w, loc) == "编辑组.测试报告：南京[EB/OL].(2026-01-05)[{accessed}].https://x.example/r/nanjing/."
    home = citations.work(loc, "测试报告", "https://x.example/r/", "zh-index")
    assert citations.gbt7714(home, loc) == "编辑组.测试报告[EB/OL].(2026-01-05)[{accessed}].https://x.example/r/."
    en = localizer("en", load_dataset(data))
    assert citations.gbt7714(citations.work(en, "Money", "https://x.example/r/en/money/", "en-money"), en) == (
        "Desk. Test report: Money[EB/OL]. (2026-01-05)[{accessed}]. https://x.example/r/en/money/."
    )


def test_the_data_is_cited_as_a_data_set(loc, data: Path) -> None:
    """§8.14.3: 责任者.题名[DS/OL].发布者(发布日期)[引用日期].URL.; APA's [Data set]; BibTeX @dataset."""
    w = citations.work(loc, "测试报告", "https://x.example/r/data/", "zh-dataset", dataset=True)
    assert citations.gbt7714(w, loc) == "编辑组.测试报告[DS/OL].编辑组(2026-01-05)[{accessed}].https://x.example/r/data/."
    assert citations.apa(w, loc) == "编辑组. (2026). 测试报告 (2026-01-05 版) [数据集]. 编辑组. https://x.example/r/data/"
    assert citations.bibtex(w, loc).startswith("@dataset{zh-dataset-2026,\n")
    en = localizer("en", load_dataset(data))
    w = citations.work(en, "Test report", "https://x.example/r/en/data/", "en-dataset", dataset=True)
    assert citations.apa(w, en) == "Desk. (2026). Test report (Edition of 2026-01-05) [Data set]. Desk. https://x.example/r/en/data/"


def test_apa_7_gives_author_date_title_site_and_address_with_the_editions_date(loc, data: Path) -> None:
    en = localizer("en", load_dataset(data))
    w = citations.work(en, "Money", "https://x.example/r/en/money/", "en-money")
    assert citations.apa(w, en) == "Desk. (2026, January 5). Money. Test report. https://x.example/r/en/money/"
    assert (
        citations.apa(citations.work(loc, "钱", "https://x.example/r/money/", "zh-money"), loc)
        == "编辑组. (2026年1月5日). 钱. 测试报告. https://x.example/r/money/"
    )


def test_bibtex_escapes_what_tex_would_read_as_commands_and_names_the_edition_in_its_language(loc) -> None:
    w = citations.Work("A & B", "50% of {x}_y #1", "R", "https://x.example/r/", loc.dataset.site.edition, "k-2026")
    entry = citations.bibtex(w, loc)
    assert entry.startswith("@online{k-2026,\n")
    assert r"title = {{R: 50\% of \textbraceleft{}x\textbraceright{}\_y \#1}}" in entry and r"author = {{A \& B}}" in entry
    assert "url = {https://x.example/r/}" in entry and "urldate = {{accessed}}" in entry and "note = {2026-01-05 版}" in entry


def test_the_block_is_closed_escaped_and_leaves_the_access_date_to_the_reader(loc) -> None:
    w = citations.work(loc, "<b>x</b>", "https://x.example/r/?a=1&b=2", "zh-x")
    html = citations.block(loc, w, "page")
    assert html.strip().startswith('<details class="cite-this"><summary>引用本页</summary>')
    assert "<b>" not in html and "&lt;b&gt;" in html and "a=1&amp;b=2" in html
    # The field to fill, named, in the GB/T form and BibTeX's urldate, and what to write there without a script.
    assert html.count('<var class="cite-accessed">引用日期</var>') == 2 and '[<var class="cite-accessed">' in html
    assert '<p class="cite-note">请在“引用日期”处填写您阅读的日期（YYYY-MM-DD）。</p>' in html
    assert [m for m in re.findall(r"<dt>(.*?)</dt>", html)] == ["GB/T 7714—2025", "APA 7", "BibTeX"]


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
            assert keys.setdefault(figure_id, re.search(r"@online\{([^,]+),", block).group(1)) in block
        assert f"{address}." in blocks[-1] and "[EB/OL]" in blocks[-1] and "@online{" in blocks[-1]


def test_bibtex_keys_name_one_entry_site_wide_and_parse(built_site) -> None:
    """Every BibTeX entry of the site through pybtex: one key, one entry (a figure shown on two
    pages is the same entry on both); every entry has its url and urldate; the Data page cites the data."""
    import html as html_lib

    from pybtex.database import parse_string

    entries: dict[str, str] = {}
    clashes = []
    for page in sorted(built_site.site.rglob("index.html")):
        text = page.read_text(encoding="utf-8")
        for raw in re.findall(r"<code>(@(?:online|dataset)\{.*?)</code>", text, re.DOTALL):
            entry = html_lib.unescape(re.sub(r"<[^>]+>", "", raw))
            key = re.match(r"@\w+\{([^,]+),", entry).group(1)
            if entries.setdefault(key, entry) != entry:
                clashes.append(f"{page.relative_to(built_site.site)}: {key}")
            fields = parse_string(entry, "bibtex").entries[key].fields
            assert fields["url"].startswith("http") and fields["urldate"], entry
    assert not clashes, clashes[:5]
    year = load_dataset(built_site.root / "data").site.edition.year
    assert sorted(k for k in entries if "-dataset-" in k) == sorted(f"{lang}-dataset-{year}" for lang in LANG_DIRS)


def test_citation_cff_is_published_with_the_site(built_site) -> None:
    assert (built_site.site / "CITATION.cff").read_text(encoding="utf-8") == citations.citation_cff(load_dataset(built_site.root / "data"))


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
    entries = parse_string(citations.bibtex(w, loc), "bibtex").entries
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
        update={
            "title": type(dataset.site.title).model_construct(dataset.site.title.root | {"en": hostile}),
            "author": type(dataset.site.author).model_construct(dataset.site.author.root | {"en": hostile}),
        }
    )
    cff = yaml.safe_load(citations.citation_cff(dataset.model_copy(update={"site": site})))
    assert cff["title"] == hostile and cff["authors"] == [{"name": hostile}] and cff["cff-version"] == "1.2.0"
