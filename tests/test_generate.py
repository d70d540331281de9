"""The generator step: cache by content hash, deterministic bytes, escaping, zh-Hant pages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from reportgen.config import Paths
from reportgen.generate import generate
from reportgen.model.problems import DataError
from reportgen.render.pages import render_page
from reportgen.render.templates import make_environment

FIXTURE = Path(__file__).parent / "fixtures" / "data"
PAGE = '# {{ t(site.title) }}\n\n{{ v("sz-fund") }}\n\n{{ fig("sz-targets") }}\n\n{{ table("sz-indicators") }}\n'


def make_project(root: Path) -> Paths:
    shutil.copytree(FIXTURE, root / "data")
    for lang in ("zh", "en"):
        (root / "docs" / lang).mkdir(parents=True)
        (root / "docs" / lang / "index.md").write_text(PAGE, encoding="utf-8")
    return Paths(root)


def outputs(paths: Paths) -> dict[str, bytes]:
    files = [p for d in (paths.docs, paths.build / "tables") for p in d.rglob("*") if p.is_file()]
    return {str(p.relative_to(paths.root)): p.read_bytes() for p in files}


def test_second_run_renders_nothing(tmp_path: Path) -> None:
    paths = make_project(tmp_path)
    first = generate(paths)
    assert "docs/zh/figures/sz-targets.svg" in {str(Path(p).relative_to(tmp_path)) for p in first.rendered}
    assert generate(paths).rendered == []


def test_a_copied_project_keeps_its_cache(tmp_path: Path) -> None:
    """Outputs are recorded relative to the project: a copy elsewhere (a test's repository
    copy, a CI workspace) renders nothing again."""
    generate(make_project(tmp_path / "a"))
    shutil.copytree(tmp_path / "a", tmp_path / "b")
    assert generate(Paths(tmp_path / "b")).rendered == []


def test_edit_rerenders_only_what_depends_on_it(tmp_path: Path) -> None:
    paths = make_project(tmp_path)
    generate(paths)
    data = paths.data / "indicators.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace("130000000000", "140000000000"), encoding="utf-8")
    rendered = {str(Path(p).relative_to(tmp_path)) for p in generate(paths).rendered}
    assert "build/tables/en/sz-indicators.md" in rendered
    assert not any("sz-targets" in p for p in rendered)  # the figure does not show the fund
    assert "1400亿元" in (paths.tables("zh") / "sz-indicators.md").read_text(encoding="utf-8")


def test_the_preview_draws_changed_figures_and_downloads_after_the_pages(tmp_path: Path) -> None:
    """generate(defer=True), as under `make serve`: what pages only link to and had files
    (figures, downloads) is left to draw_deferred, which then records the run; a figure with
    no file yet is drawn at once, so a page never points at a missing one."""
    paths = make_project(tmp_path)
    generate(paths)
    figure, package = paths.figures("en") / "sz-targets.svg", paths.lang_docs("en") / "downloads" / "datapackage.json"
    before = figure.read_bytes(), package.read_bytes()
    spec = paths.data / "figures.yaml"
    spec.write_text(spec.read_text(encoding="utf-8").replace("Suzhou targets against baselines", "Suzhou's targets"), encoding="utf-8")
    (paths.figures("zh") / "sz-targets.svg").unlink()

    result = generate(paths, defer=True)
    assert (figure.read_bytes(), package.read_bytes()) == before
    assert "苏州目标与基数" in (paths.figures("zh") / "sz-targets.svg").read_text(encoding="utf-8")  # drawn now
    drawn = {str(Path(p).relative_to(tmp_path)) for p in result.draw_deferred()}
    assert {"docs/en/figures/sz-targets.svg", "docs/en/downloads/datapackage.json"} <= drawn
    assert "docs/zh/figures/sz-targets.svg" not in drawn
    assert "Suzhou's targets" in figure.read_text(encoding="utf-8")
    assert generate(paths).rendered == []  # the deferred drawing recorded the run
    assert generate(paths, defer=True).draw_deferred is None


def test_two_clean_runs_give_identical_bytes(tmp_path: Path) -> None:
    a, b = make_project(tmp_path / "a"), make_project(tmp_path / "b")
    generate(a), generate(b)
    assert outputs(a) == outputs(b)
    assert len(outputs(a)) >= 12


def test_hant_pages_are_generated_and_stale_ones_removed(tmp_path: Path) -> None:
    paths = make_project(tmp_path)
    (paths.lang_docs("zh") / "extra.md").write_text("# 苏州数据\n", encoding="utf-8")
    (paths.lang_docs("en") / "extra.md").write_text("# Suzhou data\n", encoding="utf-8")
    generate(paths)
    assert (paths.lang_docs("zh-Hant") / "extra.md").read_text(encoding="utf-8") == "# 蘇州數據\n"
    (paths.lang_docs("zh") / "extra.md").unlink()
    (paths.lang_docs("en") / "extra.md").unlink()
    generate(paths)
    assert not (paths.lang_docs("zh-Hant") / "extra.md").exists()


def test_missing_english_page_is_an_error(tmp_path: Path) -> None:
    paths = make_project(tmp_path)
    (paths.lang_docs("zh") / "only-zh.md").write_text("# 只有中文\n", encoding="utf-8")
    with pytest.raises(DataError) as exc:
        generate(paths)
    assert str(exc.value) == "docs/en/only-zh.md:1:1: missing en page (expected a translation of docs/zh/only-zh.md, got no file)"


def test_markup_in_yaml_is_refused_before_anything_is_rendered(tmp_path: Path) -> None:
    paths = make_project(tmp_path)
    path = paths.data / "indicators.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("en: Industrial funds", 'en: "<script>alert(1)</script>"'), encoding="utf-8")
    with pytest.raises(DataError) as exc:
        generate(paths)
    assert [p.path for p in exc.value.problems] == ["indicators[2].label.en"]
    assert not paths.figures("en").exists()


def test_markup_like_plain_text_comes_out_as_text(tmp_path: Path) -> None:
    """Plain text that looks like markup reaches the table, the page and the SVG as the
    characters typed: escaped for HTML, and for Markdown where Markdown reads it."""
    paths = make_project(tmp_path)
    for name in ("indicators.yaml", "figures.yaml"):
        path = paths.data / name
        path.write_text(
            path.read_text(encoding="utf-8")
            .replace("en: Industrial funds", 'en: "Funds 5 < 6 & *x* {: #y }"')
            .replace("en: Suzhou targets against baselines", 'en: "Targets > baselines & <3"'),
            encoding="utf-8",
        )
    result = generate(paths)
    table = (paths.tables("en") / "sz-indicators.md").read_text(encoding="utf-8")
    page = render_page(make_environment(), PAGE, result.dataset, paths, "en", "index.md")
    svg = (paths.figures("en") / "sz-targets.svg").read_text(encoding="utf-8")
    assert r"Funds 5 &lt; 6 &amp; \*x\* \{: \#y \}" in table
    assert "Targets &gt; baselines &amp; &lt;3" in svg
    assert "<3" not in svg and "<3" not in page


def test_findings_render_in_each_language_with_their_quotations_verbatim(tmp_path: Path) -> None:
    """A finding from data/findings.yaml: the editor's words as text (escaped, converted for
    zh-Hant), each {id} a cited value; the citation quotes the source verbatim in its own script."""
    paths = make_project(tmp_path)
    (paths.data / "findings.yaml").write_text(
        "findings:\n  - id: f\n    text: {zh: '苏州产业基金为{sz-fund}', en: 'Suzhou funds & more: {sz-fund}'}\n    page: index\n", encoding="utf-8"
    )
    result = generate(paths)
    zh_hant = render_page(make_environment(), "{{ findings() }}\n", result.dataset, paths, "zh-Hant", "index.md")
    assert zh_hant.startswith("- 蘇州產業基金為1300億元[^sz-fund]（詳見[")
    assert '[^sz-fund]: 來源：現代快報：“<span class="quotation" lang="zh-Hans">1300亿元产业基金</span>”' in zh_hant
    cited: list[str] = []
    en = render_page(make_environment(), "{{ findings() }}\n", result.dataset, paths, "en", "index.md", cited=cited)
    assert cited == ["sz-fund"]  # what a share card shows first: the first value the page states, from data
    assert en.startswith("- Suzhou funds &amp; more: CNY 130 billion[^sz-fund] (more: [")
