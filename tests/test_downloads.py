"""reportgen.render.downloads: the data package (CSV per collection, datapackage.json, XLSX) that
the Data page offers, checked with Frictionless, in all three languages."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
from datafix import edit
from reportgen.i18n.localize import localizer
from reportgen.model.validate import load_dataset
from reportgen.render import downloads

LANGS = ["zh", "zh-Hant", "en"]


def _write_package(data: Path, out: Path, lang: str) -> Path:
    loc = localizer(lang, load_dataset(data))
    out.mkdir(parents=True, exist_ok=True)
    for resource in downloads.RESOURCES:
        (out / f"{resource.name}.csv").write_bytes(downloads.csv_text(downloads.table(resource, loc)).encode("utf-8"))
    (out / "datapackage.json").write_text(downloads.datapackage(loc), encoding="utf-8")
    (out / "data.xlsx").write_bytes(downloads.workbook(loc))
    for _, path, _ in downloads.OTHER_FILES[1:]:
        (out / path).write_text("{}", encoding="utf-8")
    return out / "datapackage.json"


@pytest.mark.parametrize("lang", LANGS)
def test_frictionless_validates_the_package(data: Path, tmp_path: Path, lang: str) -> None:
    from frictionless import validate

    report = validate(str(_write_package(data, tmp_path / lang, lang)))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "message"])
    package = json.loads((tmp_path / lang / "datapackage.json").read_text(encoding="utf-8"))
    tables = ["indicators", "named_items", "list_items", "discrepancies", "glossary", "sources"]
    assert [r["name"] for r in package["resources"]] == [*tables, "workbook", "indicators-json", "schema"]
    # IANA charset names only (utf-8-sig is a Python codec), and every file the Data page offers.
    assert {r.get("encoding") for r in package["resources"]} == {"utf-8", None}
    assert sorted(r["path"] for r in package["resources"]) == sorted(p.name for p in (tmp_path / lang).iterdir() if p.name != "datapackage.json")
    assert package["licenses"][0]["name"] == "CC-BY-4.0" and package["sources"]
    value = next(f for f in package["resources"][0]["schema"]["fields"] if f["name"] == "value")
    assert value["type"] == "number" and value["description_zh"] and value["description_en"] != value["description_zh"]


@pytest.mark.parametrize("lang", LANGS)
def test_every_csv_opens_in_excel_as_utf8(data: Path, tmp_path: Path, lang: str) -> None:
    """Excel on Chinese Windows reads UTF-8 only after a byte-order mark."""
    _write_package(data, tmp_path, lang)
    for path in sorted(tmp_path.glob("*.csv")):
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), path.name
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
        assert rows[0][0] == "id" or path.name == "list_items.csv", path.name
        assert len({len(r) for r in rows}) == 1, path.name  # one column count throughout


def test_text_in_other_collections_cannot_start_a_formula(data: Path) -> None:
    edit(data, "entities.yaml", "en: Action plan}", "en: '@SUM(1+1)*cmd|A0'}")
    loc = localizer("en", load_dataset(data))
    named = downloads.csv_text(downloads.table(downloads.RESOURCES[1], loc))
    assert "'@SUM(1+1)*cmd|" in named and ",@SUM" not in named


def test_the_workbook_has_a_readme_and_a_sheet_per_table_and_the_same_bytes_twice(data: Path) -> None:
    loc = localizer("zh", load_dataset(data))
    book = downloads.workbook(loc)
    assert book == downloads.workbook(loc)
    with zipfile.ZipFile(io.BytesIO(book)) as archive:
        workbook_xml = archive.read("xl/workbook.xml").decode("utf-8")
        strings = archive.read("xl/sharedStrings.xml").decode("utf-8")
    names = [f'name="{n}"' for n in ["README", *(r.name for r in downloads.RESOURCES)]]
    assert all(n in workbook_xml for n in names)
    assert "指标" in strings  # the README lists the tables in the edition's language


def test_an_indicator_reported_by_both_sources_carries_both_citations(data: Path) -> None:
    """indicators.csv and data.xlsx keep every source and quote of a record, as the pages and
    indicators.json do, not only the first."""
    edit(
        data,
        "sources.yaml",
        "    file: 000.txt\n",
        "    file: 000.txt\n  - id: src-b\n    publisher: {zh: 创客公社, en: Chuangke Gongshe}\n"
        "    byline: {zh: 编辑, en: Desk}\n    language: zh-Hant\n    file: 001.txt\n",
    )
    edit(
        data,
        "indicators.yaml",
        "cite: [{source: src-a, quote: 1300亿元产业基金}]",
        "cite: [{source: src-a, quote: 1300亿元产业基金}, {source: src-b, quote: 1300億元產業基金}]",
    )
    loc = localizer("en", load_dataset(data))
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(downloads.csv_text(downloads.table(downloads.RESOURCES[0], loc)).lstrip("\ufeff")))}
    assert (rows["sz-fund"]["sources"], rows["sz-fund"]["quotes"]) == ("src-a; src-b", "1300亿元产业基金 | 1300億元產業基金")
    with zipfile.ZipFile(io.BytesIO(downloads.workbook(loc))) as archive:
        strings = archive.read("xl/sharedStrings.xml").decode("utf-8")
    assert "<t>src-a; src-b</t>" in strings and "<t>1300亿元产业基金 | 1300億元產業基金</t>" in strings


@pytest.mark.parametrize("lang", LANGS)
def test_the_published_data_package_is_valid_and_lists_every_file_offered(built_site, lang: str) -> None:
    """Frictionless on the built site's package: valid, and every file the downloads folder offers
    (the PDF aside, which the report's pages offer) is one of its resources."""
    from frictionless import validate
    from siteserve import LANG_DIRS

    folder = built_site.site / LANG_DIRS[lang] / "downloads"
    report = validate(str(folder / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "message"])
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    offered = {p.name for p in folder.iterdir() if p.suffix != ".pdf" and p.name != "datapackage.json"}
    assert {r["path"] for r in package["resources"]} == offered
