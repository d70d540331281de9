"""The report's content rules: facts cited verbatim from the seeds, no hand-typed
numbers in page templates, a new city needs YAML only, the schema stays published."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from reportgen.config import PATHS, Paths
from reportgen.generate import generate
from reportgen.model.dataset import json_schemas
from reportgen.model.validate import load_dataset

SEEDS = PATHS.root / load_dataset(PATHS.data).site.sources_folder  # as the report declares it
# The closing block of source 001 (course advertising, disclaimers) is not report material.
SEED_END_MARKER = "*搶占產業未來"
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
# The front-matter hash written by `make confirm-translation` (reportgen.translations) is not a number.
TRANSLATES = re.compile(r'^translates: "?[0-9a-f]+"?$', re.M)
# Dates may be written out: 2026年1月4日, 4 January 2026, a bare year.
DATE = re.compile(
    r"(20\d\d年)?\d{1,2}月\d{1,2}日|\d{1,2} (January|February|March|April|May|June|July|August|"
    r"September|October|November|December)( 20\d\d)?|(?<!\d)20\d\d(?!\d)"
    # Names that hold a digit are not numbers either: a character set, a standard and its edition.
    r"|\bUTF-8\b|GB/T 7714—2025|gbt7714-bibtex-style"
)


def all_citations(dataset):
    for collection in ("cities", "meetings", "indicators", "entities", "lists"):
        for entry in getattr(dataset, collection):
            for citation in entry.cite:
                yield f"{collection}/{entry.id}", citation.source, citation.quote
    for entry in dataset.discrepancies:
        for variant in entry.variants:
            yield f"discrepancies/{entry.id}", variant.source, variant.quote


def test_every_quote_is_verbatim_in_its_source() -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"source articles not found at {SEEDS}")
    dataset = load_dataset(PATHS.data)
    texts = {}
    for source in dataset.sources:
        text = (SEEDS / source.file).read_text(encoding="utf-8")
        texts[source.id] = text.split(SEED_END_MARKER)[0]
    wrong = [f"{where}: {quote}" for where, source, quote in all_citations(dataset) if quote not in texts[source]]
    assert not wrong, "quotes not found verbatim in their source:\n" + "\n".join(wrong)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pages_type_no_numbers_by_hand(lang: str) -> None:
    """Numbers come from data through the templates; only dates may be written out."""
    offenders = []
    for page in sorted((PATHS.docs / lang).glob("*.md")):
        for n, line in enumerate(JINJA.sub("", TRANSLATES.sub("", page.read_text(encoding="utf-8"))).splitlines(), 1):
            if re.search(r"[0-9０-９]", DATE.sub("", line)):
                offenders.append(f"docs/{lang}/{page.name}:{n}: {line.strip()}")
    assert not offenders, "hand-typed numbers:\n" + "\n".join(offenders)


def test_citation_file_is_current() -> None:
    from reportgen.render.citations import citation_cff

    published = (PATHS.root / "CITATION.cff").read_text(encoding="utf-8")
    assert published == citation_cff(load_dataset(PATHS.data)), "CITATION.cff is stale: run `make schema`"
    cff = yaml.safe_load(published)
    assert cff["cff-version"] == "1.2.0" and cff["authors"][0]["name"] and cff["date-released"]


def test_published_schema_is_current() -> None:
    for name, schema in json_schemas().items():
        published = json.loads((PATHS.data / "schema" / name).read_text(encoding="utf-8"))
        assert published == schema, f"data/schema/{name} is stale: run `make schema`"


FOURTH_CITY = {
    "cities.yaml": """
  - id: testville
    name: {zh: 测试市, en: Testville}
    bet: {zh: 测试用的城市, en: A fixture city for tests}
    positioning: {zh: 只存在于测试中, en: Exists only in tests}
    cite: [{source: xdkb, quote: 新年第一会}]
""",
    "meetings.yaml": """
  - id: testville-2026
    city: testville
    date: 2026-01-04
    name: {zh: 测试会议, en: Test meeting}
    summary: {zh: 仅供测试, en: For tests only}
    cite: [{source: xdkb, quote: 新年第一会}]
""",
    "indicators.yaml": """
  - id: tv-fund
    city: testville
    topic: finance
    label: {zh: 测试基金, en: Test fund}
    value: 7000000000
    unit: yuan
    quantity: new-fund
    kind: budget
    period: "2026"
    cite: [{source: xdkb, quote: 新年第一会}]
""",
    "entities.yaml": """
  - id: tv-platform
    city: testville
    type: platform
    name: {zh: 测试平台, en: Test platform}
    cite: [{source: xdkb, quote: 新年第一会}]
""",
}


@pytest.mark.slow  # builds a site or renders every drawing
def test_a_fourth_city_needs_yaml_only(tmp_path: Path) -> None:
    shutil.copytree(PATHS.data, tmp_path / "data")
    for lang in ("zh", "en"):
        shutil.copytree(PATHS.docs / lang, tmp_path / "docs" / lang, ignore=shutil.ignore_patterns("figures", "downloads"))
    for name, entry in FOURTH_CITY.items():
        with open(tmp_path / "data" / name, "a", encoding="utf-8") as handle:
            handle.write(entry)
    paths = Paths(tmp_path)
    generate(paths)
    comparison = (paths.tables("en") / "comparison.md").read_text(encoding="utf-8")
    assert comparison.splitlines()[0].endswith("| Testville |")
    assert "| Testville | Test fund | CNY 7 billion[^tv-fund] |" in (paths.tables("en") / "money.md").read_text(encoding="utf-8")
    assert "tv-fund,testville,Test fund,7000000000" in (paths.figures("en") / "money-all.csv").read_text(encoding="utf-8")
    assert "测试平台[^e-tv-platform]" in (paths.tables("zh") / "comparison.md").read_text(encoding="utf-8")
    assert "測試平臺" in (paths.tables("zh-Hant") / "platforms.md").read_text(encoding="utf-8")
