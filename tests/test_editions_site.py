"""Done when: a report built from a history of three editions (a git repository made here from the
second report) shows, in every language, each edition and what changed since the one before (a
value corrected with its reason, a label changed with its commit message as the reason, a record
removed), an Atom feed per language with one entry per edition, and the edition in the data
package and the citations."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import build_env, run_once

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).parent / "fixtures" / "second-report"
ATOM = "{http://www.w3.org/2005/Atom}"
TERM = "glossary:\n  - id: school-meals\n    zh: 营养餐\n    en: school meals\n"
TERM += "    explanation: {zh: 学生午餐补助, en: Lunch subsidies for pupils, ja: 児童の昼食補助}\n"
EDITION = "  - date: {date}\n    tag: edition-{date}\n    summary: {{zh: 第{n}版, en: Edition {n}, ja: 第{n}版}}\n"
REASON = "    corrections:\n      - id: a-education-2026\n        field: value\n"
REASON += "        reason: {zh: 预算草案调整后的数字, en: The figure after the draft budget was revised, ja: 予算案修正後の数字}\n"
FINDING = '  - id: new-schools\n    text: {zh: "乙省2026年新建学校{b-schools-2026}。", en: "Province B builds {b-schools-2026} in 2026.",'
FINDING += ' ja: "乙省は2026年に{b-schools-2026}を新設する。"}\n'
CHANGES = "---\ndescription: {d}\n---\n\n# {t}\n\n{{{{ changes() }}}}\n"


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Desk", "-c", "user.email=desk@example.org", *args], cwd=root, check=True, capture_output=True)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path.name} lacks {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _release(root: Path, dates: list[str], message: str) -> None:
    """data/editions.yaml with `dates` (the last is site.edition; the second records why a value changed), then a commit and its tag."""
    lines = ["editions:\n"]
    for n, date in enumerate(dates, 1):
        lines.append(EDITION.format(date=date, n=n) + (REASON if n == 2 else ""))
    (root / "data" / "editions.yaml").write_text("".join(lines), encoding="utf-8")
    site = root / "data" / "site.yaml"
    text = site.read_text(encoding="utf-8")
    current = text.split("  edition: ", 1)[1].split("\n", 1)[0]
    site.write_text(text.replace(f"  edition: {current}", f"  edition: {dates[-1]}", 1), encoding="utf-8")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", message)
    _git(root, "tag", f"edition-{dates[-1]}")


@pytest.fixture(scope="module")
def report(run_folder) -> Path:
    """The report's built site, made once per run (the tests only read it)."""
    return Path(run_once(run_folder, "editions-report", _built_report))


def _built_report(folder: Path) -> str:
    root = folder / "report"
    shutil.copytree(FIXTURE, root)
    for name in ("scripts", "overrides"):
        (root / name).symlink_to(ROOT / name)
    (root / ".gitignore").write_text("scripts\noverrides\nsite/\nbuild/\ndocs/zh-Hant/\ndocs/*/figures/\ndocs/*/downloads/\n", encoding="utf-8")
    (root / "docs" / "zh" / "changes.md").write_text(CHANGES.format(d="版本变更", t="版本变更"), encoding="utf-8")
    (root / "docs" / "en" / "changes.md").write_text(CHANGES.format(d="Changes", t="Changes"), encoding="utf-8")
    (root / "docs" / "ja" / "changes.md").write_text(CHANGES.format(d="版の変更", t="版の変更"), encoding="utf-8")
    _edit(root / "mkdocs.yml", "  - method.md\n", "  - method.md\n  - changes.md\n")
    indicators, glossary = root / "data" / "indicators.yaml", root / "data" / "glossary.yaml"
    _git(root, "init", "-q")
    _git(root, "remote", "add", "origin", "https://github.com/owner/report.git")  # its address: https://owner.github.io/report/
    # Edition 1: a value that edition 2 corrects, and a glossary term that edition 3 removes.
    _edit(indicators, "value: 86000000000", "value: 84000000000")
    glossary.write_text(TERM, encoding="utf-8")
    findings = root / "data" / "findings.yaml"
    findings.write_text(findings.read_text(encoding="utf-8").replace("findings:\n", "findings:\n" + FINDING, 1), encoding="utf-8")
    _release(root, ["2026-03-01"], "First edition")
    _edit(indicators, "value: 84000000000", "value: 86000000000")
    _release(root, ["2026-03-01", "2026-03-05"], "Second edition")
    _edit(
        indicators,
        "label: {zh: 职业教育专项, en: Vocational education fund, ja: 職業教育特別資金}",
        "label: {zh: 职业教育专项资金, en: Vocational education grant, ja: 職業教育特別補助金}",
    )
    glossary.write_text("glossary: []\n", encoding="utf-8")
    _edit(findings, FINDING, "")  # a statement removed: a note stands where it stood, for one edition
    _edit(indicators, "value: 52000000000", "value: 54000000000")  # stated on the home page: marked revised there
    _release(root, ["2026-03-01", "2026-03-05", "2026-03-10"], "Vocational fund renamed as in the budget; school meals term dropped")
    env = build_env(root)
    result = subprocess.run([sys.executable, "-m", "reportgen", "build", "--no-pdf"], cwd=root, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "changes: no git history" not in result.stderr and "editions: no data" not in result.stderr
    return str(root / "site")


def _page(site: Path, lang: str, page: str = "changes/") -> str:
    return (site / ("" if lang == "zh" else f"{lang}/") / page / "index.html").read_text(encoding="utf-8")


EXPECTED = {
    "zh": [
        "2026年3月10日版",
        "2026年3月5日版",
        "2026年3月1日版",
        "首个版本",
        "840亿元 → 860亿元",
        "预算草案调整后的数字",
        "名称：职业教育专项 → 职业教育专项资金",
        "school-meals",
        "删除",
    ],
    "zh-Hant": ["2026年3月10日版", "840億元 → 860億元", "預算草案調整後的數字", "名稱：職業教育專項 → 職業教育專項資金", "刪除"],
    "en": [
        "Edition of 10 March 2026",
        "Edition of 1 March 2026",
        "CNY 84 billion → CNY 86 billion",
        "The figure after the draft budget was revised",
        "Name: Vocational education fund → Vocational education grant",
        "Value: CNY 84 billion → CNY 86 billion",
        "Vocational fund renamed as in the budget",  # no recorded reason: the commit message
        "removed",
    ],
}


@pytest.mark.slow  # builds a site
@pytest.mark.parametrize("lang", EXPECTED)
def test_the_changes_page_lists_each_edition_and_its_changes(report: Path, lang: str) -> None:
    page = _page(report, lang)
    missing = [text for text in EXPECTED[lang] if text not in page]
    assert not missing, missing
    assert page.index("2026-03-10") < page.index("2026-03-05") < page.index("2026-03-01")  # newest first (anchors)
    assert 'id="change-2026-03-05-indicators-a-education-2026"' in page
    up = "../" if lang == "zh" else "../../"  # the editions' files are at the site's root
    for date in ("2026-03-01", "2026-03-05", "2026-03-10"):
        assert f'href="{up}editions/{date}/{lang}/datapackage.json"' in page
    assert page.count(f"/report-{lang}.pdf") == 1 + page.count(f"downloads/report-{lang}.pdf")  # the current edition's PDF only


# Every correction of the history above, by its anchor on the Changes page.
CHANGE_ANCHORS = [
    "change-2026-03-05-indicators-a-education-2026",
    "change-2026-03-10-indicators-a-vocational-2026",
    "change-2026-03-10-indicators-b-education-2026",
    "change-2026-03-10-findings-new-schools",
    "change-2026-03-10-glossary-school-meals",
]


@pytest.mark.slow
@pytest.mark.parametrize("lang", EXPECTED)
def test_each_language_has_an_atom_feed_of_the_editions(report: Path, lang: str) -> None:
    folder = "" if lang == "zh" else f"{lang}/"
    feed = ET.parse(report / folder / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    for tag in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{tag}") is not None, tag
    assert feed.findtext(f"{ATOM}updated") == "2026-03-10T00:00:00Z"
    entries = feed.findall(f"{ATOM}entry")
    for entry in entries:
        assert all(entry.find(f"{ATOM}{tag}") is not None for tag in ("id", "title", "updated", "link", "content"))
    links = [entry.find(f"{ATOM}link").get("href").removeprefix(f"https://owner.github.io/report/{folder}changes/#") for entry in entries]
    # An entry per edition, and one per correction it made (the second edition one, the third four).
    assert sum(link.startswith("edition-") for link in links) == 3
    assert sorted(link for link in links if link.startswith("change-")) == sorted(CHANGE_ANCHORS)
    assert len({e.findtext(f"{ATOM}id") for e in entries}) == len(entries)  # ids unique
    home = _page(report, lang, "")
    assert f'<link rel="alternate" type="application/atom+xml" href="{"./" if lang == "zh" else f"../{folder}"}feed.xml"' in home


@pytest.mark.slow
@pytest.mark.parametrize("lang", EXPECTED)
def test_the_data_package_and_citations_name_the_latest_edition(report: Path, lang: str) -> None:
    folder = "" if lang == "zh" else f"{lang}/"
    package = json.loads((report / folder / "downloads" / "datapackage.json").read_text(encoding="utf-8"))
    assert package["version"] == "2026-03-10"
    assert "date = {2026-03-10}" in _page(report, lang)  # the page's BibTeX names its edition


@pytest.mark.slow
@pytest.mark.parametrize("lang", EXPECTED)
def test_a_value_revised_in_this_edition_links_to_its_change(report: Path, lang: str) -> None:
    home = _page(report, lang, "")
    anchor = "changes/#change-2026-03-10-indicators-b-education-2026"
    # Every citation of the revised value is marked: in the finding's text, in the figure's Table view and in a table.
    cited = home.count('<a class="footnote-ref" href="#fn:b-education-2026">')
    assert cited >= 2 and home.count(anchor) == cited, (cited, home.count(anchor))
    assert "indicators-a-education-2026" not in home  # revised in an earlier edition: no mark
    assert {"zh": "已修订", "zh-Hant": "已修訂", "en": "revised"}[lang] in home


@pytest.mark.slow
@pytest.mark.parametrize("lang", EXPECTED)
def test_each_edition_keeps_its_data_package_at_a_stable_address(report: Path, lang: str) -> None:
    versions = {}
    for date in ("2026-03-01", "2026-03-05", "2026-03-10"):
        folder = report / "editions" / date / lang
        versions[date] = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))["version"]
        listed = {r["path"] for r in json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))["resources"]}
        assert listed <= {p.name for p in folder.iterdir()}, f"{date}: the package lists files it lacks"
    assert versions == {date: date for date in versions}
    values = {
        date: {i["id"]: i["value"] for i in json.loads((report / "editions" / date / lang / "indicators.json").read_text(encoding="utf-8"))}
        for date in versions
    }
    assert [values[d]["a-education-2026"] for d in versions] == [84000000000, 86000000000, 86000000000]
    assert [values[d]["b-education-2026"] for d in versions] == [52000000000, 52000000000, 54000000000]


def test_each_edition_keeps_its_pdf(tmp_path: Path) -> None:
    from reportgen.render.archive import archive_pdfs, kept_pdfs

    for folder, lang in (("", "zh"), ("en/", "en")):
        (tmp_path / folder / "downloads").mkdir(parents=True)
        (tmp_path / folder / "downloads" / "datapackage.json").write_text('{"version": "2026-03-10"}', encoding="utf-8")
        (tmp_path / folder / "downloads" / f"report-{lang}.pdf").write_bytes(b"%PDF-1.7 " + lang.encode())
        (tmp_path / "editions" / "2026-03-10" / lang).mkdir(parents=True)
    kept = tmp_path / "build" / "editions"
    (kept / "2026-03-05" / "en").mkdir(parents=True)  # an earlier edition's, from a build while it was current
    (kept / "2026-03-05" / "en" / "report-en.pdf").write_bytes(b"%PDF-1.7 earlier")
    (tmp_path / "editions" / "2026-03-05" / "en").mkdir(parents=True)
    archive_pdfs(tmp_path, kept)
    assert (tmp_path / "editions" / "2026-03-10" / "en" / "report-en.pdf").read_bytes() == b"%PDF-1.7 en"
    assert (tmp_path / "editions" / "2026-03-10" / "zh" / "report-zh.pdf").read_bytes() == b"%PDF-1.7 zh"
    assert (kept / "2026-03-10" / "zh" / "report-zh.pdf").read_bytes() == b"%PDF-1.7 zh"  # kept for the builds after it
    assert (tmp_path / "editions" / "2026-03-05" / "en" / "report-en.pdf").read_bytes() == b"%PDF-1.7 earlier"
    assert {d.isoformat() for d in kept_pdfs(kept, "en")} == {"2026-03-05", "2026-03-10"}


def test_an_edition_todays_engine_cannot_read_keeps_its_own_published_package(tmp_path: Path) -> None:
    """An earlier edition whose data an older schema wrote (here: no tag to read at all) is archived
    with the package its own build published, when build/editions/ keeps it (tools/edition_files)."""
    from reportgen.model.editions import Edition
    from reportgen.render.archive import archived, write_archives

    editions = [Edition(date=f"2026-03-0{n}", tag=f"edition-{n}", summary={"zh": "版", "en": "Edition"}) for n in (1, 2)]
    dataset = type("Data", (), {"editions": editions})()
    kept = tmp_path / "build" / "editions"
    (kept / "2026-03-01" / "en").mkdir(parents=True)
    (kept / "2026-03-01" / "en" / "datapackage.json").write_text('{"version": "2026-03-01"}', encoding="utf-8")
    (kept / "2026-03-01" / "en" / "report-en.pdf").write_bytes(b"%PDF-1.7 earlier")
    site = tmp_path / "site"
    for folder in ("downloads", "en/downloads"):
        (site / folder).mkdir(parents=True)
        (site / folder / "datapackage.json").write_text('{"version": "2026-03-02"}', encoding="utf-8")
    assert write_archives(site, ["zh", "en"], tmp_path, dataset, kept) == []
    assert (site / "editions" / "2026-03-01" / "en" / "datapackage.json").read_text(encoding="utf-8") == '{"version": "2026-03-01"}'
    assert not (site / "editions" / "2026-03-01" / "en" / "report-en.pdf").exists()  # PDFs follow after typesetting (archive_pdfs)
    assert {d.isoformat() for d in archived(tmp_path, dataset, kept)} == {"2026-03-01", "2026-03-02"}
    assert write_archives(site, ["zh", "en"], tmp_path, dataset) == ["edition-1"]  # nothing kept: lost, and said


NOTE = {
    "zh": "本版删除了此处的一条：乙省2026年新建学校",
    "zh-Hant": "本版刪除了此處的一條：乙省2026年新建學校",
    "en": "Removed in this edition: Province B builds ",
}


@pytest.mark.slow
@pytest.mark.parametrize("lang", EXPECTED)
def test_a_removed_statement_leaves_a_note_where_it_stood(report: Path, lang: str) -> None:
    home = _page(report, lang, "")
    assert NOTE[lang] in home
    assert home.index(NOTE[lang]) < home.index("b-education-2026")  # first in the list, where it stood
    assert "changes/#change-2026-03-10-findings-new-schools" in home


@pytest.mark.slow  # builds a site
def test_a_build_without_the_history_says_so_first_and_builds_the_rest(report: Path, tmp_path: Path) -> None:
    """The report above, its history left out (a shallow clone has no tags), built where its
    cache is: only what the missing history changes is made again."""
    root = tmp_path / "report"
    left_out = {report.parent: {".git", "site"}, report.parent / "build": {"editions"}}  # the history, and the archives made from it
    shutil.copytree(report.parent, root, symlinks=True, ignore=lambda folder, names: left_out.get(Path(folder), set()) & set(names))
    lines = ["editions:\n"] + [EDITION.format(date=date, n=n) for n, date in enumerate(("2026-03-01", "2026-03-10"), 1)]
    (root / "data" / "editions.yaml").write_text("".join(lines), encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(root)], check=True)  # a repository without the editions' tags
    result = subprocess.run([sys.executable, "-m", "reportgen", "build", "--no-pdf"], cwd=root, env=build_env(root), capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr.splitlines()[0] == "changes: no git history for edition-2026-03-01; the Changes page lists none"
    page = _page(root / "site", "en")
    assert "This build had no access to the report" in page and "Edition of 10 March 2026" in page and "Changes since the previous edition" not in page
    assert "本次构建未能读取报告的历史" in _page(root / "site", "zh")
    assert (root / "site" / "editions" / "2026-03-10" / "en" / "datapackage.json").exists()
    assert not (root / "site" / "editions" / "2026-03-01").exists()  # no data for it: no archive, and no link to one
    assert "editions/2026-03-01/" not in page
