"""The benchmark's helpers (reportgen.tools.bench) format and parse its tables, weigh pages and pick
Lighthouse runs. Nothing here is timed: `make bench` measures, tests only check the tools."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest
from reportgen.tools.bench import lighthouse
from reportgen.tools.bench.build import parse_generate_output
from reportgen.tools.bench.floor import plain_config_text
from reportgen.tools.bench.machine import cpu_group, cpu_seconds
from reportgen.tools.bench.report import Report, summary_rows
from reportgen.tools.bench.runs import run
from reportgen.tools.bench.tables import fmt_bytes, fmt_seconds, format_table, parse_table, ratio, verdict
from reportgen.tools.bench.weight import page_types, page_weight

ROOT = Path(__file__).resolve().parents[1]


def test_table_round_trip() -> None:
    text = format_table(["Page", "Bytes", "Note"], [["en/index.html", fmt_bytes(2048), "a | b"], ["x", 1, ""]])
    lines = text.splitlines()
    assert lines[0].startswith("| Page") and set(lines[1]) <= {"|", "-"}
    assert len({len(line) for line in lines}) == 1  # padded columns
    assert parse_table("intro\n\n" + text + "\nafter") == [
        {"Page": "en/index.html", "Bytes": "2.0 KB", "Note": "a | b"},
        {"Page": "x", "Bytes": "1", "Note": ""},
    ]
    assert parse_table("no table here") == []


def test_units() -> None:
    assert fmt_seconds(0.0421) == "42 ms"
    assert fmt_seconds(3.14159) == "3.1 s"
    assert fmt_seconds(150) == "2.5 min"
    assert fmt_seconds(None) == "—"
    assert fmt_bytes(512) == "512 B"
    assert fmt_bytes(300 * 1024) == "300.0 KB"
    assert fmt_bytes(3 * 1024 * 1024) == "3.0 MB"
    assert ratio(13, 10) == "1.30x" and ratio(1, None) == "—"


def test_parse_generate_output() -> None:
    line = "generated: 154 file(s) rendered (validation 0.32 s, figures 19.68 s, tables 0.24 s, downloads 0.09 s, zh-Hant 0.01 s)"
    assert parse_generate_output("noise\n" + line + "\n") == (154, {"validation": 0.32, "figures": 19.68, "tables": 0.24, "downloads": 0.09, "zh-Hant": 0.01})
    assert parse_generate_output("generated: 0 file(s) rendered (inputs and outputs unchanged since the last run)") == (0, {})
    assert parse_generate_output("nothing") == (None, {})


def test_page_weight_counts_each_kind_once(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "assets").mkdir(parents=True)
    (site / "en" / "figures").mkdir(parents=True)
    (site / "pagefind").mkdir()
    css = "body{background:url(bg.png)} x{background:url(data:image/png;base64,AA)}"
    (site / "assets" / "main.css").write_text(css)
    (site / "assets" / "bg.png").write_bytes(b"p" * 10)
    (site / "assets" / "app.js").write_text("console.log(1)")
    entry = '{"languages": {"en": {"hash": "en_1", "wasm": "en"}, "zh": {"hash": "zh_2", "wasm": null}}}'
    search = {
        "pagefind-entry.json": entry,
        "pagefind-ui.js": "u" * 7,
        "pagefind-ui.css": "c" * 5,
        "pagefind.js": "p" * 3,
        "pagefind.en_1.pf_meta": "m" * 11,
        "wasm.en.pagefind": "w" * 13,
    }
    for name, text in {**search, "pagefind.zh_2.pf_meta": "z" * 17, "wasm.unknown.pagefind": "x" * 19}.items():
        (site / "pagefind" / name).write_text(text)  # the other language's files are not fetched
    (site / "en" / "figures" / "a.svg").write_text("<svg/>")
    (site / "en" / "figures" / "a.narrow.svg").write_text("<svg>phone</svg>")  # the alternative: not fetched as well
    html = (
        '<html lang="en"><head><link rel="stylesheet" href="../assets/main.css"><link rel="stylesheet" href="../assets/main.css">'
        '<script src="../assets/app.js"></script></head><body><button class="md-icon report-search-open" data-root="../"></button>'
        '<img src="figures/a.svg">'
        '<picture><source srcset="figures/a.narrow.svg"><img src="figures/a.svg"></picture>'
        '<img src="https://example.org/x.png"></body></html>'
    )
    (site / "en" / "index.html").write_text(html)
    w = page_weight(site, site / "en" / "index.html")
    assert w["page"] == "en/index.html"
    assert (w["html"], w["css"], w["js"], w["img"], w["other"]) == (len(html), len(css), 14, 6, 10)
    assert w["total"] == len(html) + len(css) + 14 + 6 + 10
    assert w["search"] == sum(map(len, search.values()))
    assert w["total_gz"] > 0


def test_lighthouse_runs_on_each_kind_of_page_served_where_the_site_was_built_for(tmp_path: Path) -> None:
    """The kinds of page Lighthouse scores, chosen by what they hold; the site served on the port
    of its own local address (so the language switcher's requests stay on it)."""
    pages = {
        "index.html": '<link rel="canonical" href="http://127.0.0.1:8123/">',
        "a/index.html": '<figure class="report-figure"></figure>' * 2 + "x" * 50,
        "b/index.html": "<table></table>" * 3,
        "en/a/index.html": "x" * 999,  # another edition: its counterparts are scored too, not chosen from
    }
    for name, html in pages.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(html, encoding="utf-8")
    weights = [{"page": name, "total": len(html)} for name, html in pages.items()]
    assert page_types(tmp_path, weights) == {
        "home": "index.html",
        "heaviest": "a/index.html",
        "lightest": "b/index.html",
        "most figures": "a/index.html",
        "most tables": "b/index.html",
    }
    assert lighthouse.site_port(tmp_path) == 8123
    (tmp_path / "index.html").write_text('<link rel="canonical" href="https://o.github.io/r/">', encoding="utf-8")
    assert lighthouse.site_port(tmp_path) == 0


def test_lighthouse_reports_the_median_run(monkeypatch, tmp_path: Path) -> None:
    runs = iter(
        [
            {"scores": {"performance": 95}, "metrics": {"TBT": 300}},
            {"error": "chrome crashed"},
            {"scores": {"performance": 99}, "metrics": {"TBT": 40}},
            {"scores": {"performance": 97}, "metrics": {"TBT": 150}},
        ]
    )
    monkeypatch.setattr(lighthouse, "lighthouse_once", lambda *args: next(runs))
    result = lighthouse.lighthouse_median(["lighthouse"], "http://x/", tmp_path / "lh.json", "chromium", 4)
    assert result["scores"]["performance"] == 97 and result["metrics"]["TBT"] == 150
    assert result["performance_runs"] == [95, 99, 97]


def test_report_prints_check_times_against_their_target() -> None:
    """`make bench` prints `make check` on valid data against one bad value, per scale, with the 2x target."""
    scale = {
        "factor": 10,
        "check": "",
        "data_bytes": 1,
        "cold": 1.0,
        "cold_rss_kb": 1,
        "stages": {},
        "nochange_cli": 0.1,
        "inprocess": {},
        "check_times": {"valid": 1.5, "invalid": 4.5, "message": ""},
    }
    text = Report({}, {"scale": [scale]}).markdown()
    table = text[text.index("## `make check`") :]
    assert "| 10x  | 1.5 s | 4.5 s         | 3.00x | ≤ 2.0x | no  |" in table


def test_summary_reads_the_pdf_step_and_a_page_edit_against_their_targets() -> None:
    results = {
        "site_cold": {"seconds": 30.0, "stages": {"PDF": 4.0}},
        "site_warm": {"seconds": 8.0, "stages": {}},
        "page_edit": {"page": "docs/zh/index.md", "seconds": 20.0, "stages": {"PDF": 3.0}},
    }
    rows = {row[0]: row[1:] for row in summary_rows(results)}
    assert rows["PDF step, cold (three PDFs, empty cache)"] == [fmt_seconds(4.0), "≤ 5 s", verdict(True)]
    edit = next(value for key, value in rows.items() if key.startswith("One-page edit (`docs/zh/index.md`)"))
    assert edit == [f"{fmt_seconds(3.0)} / {fmt_seconds(20.0)} (2.50x)", "≤ 2x", verdict(False)]


def test_summary_gives_each_suite_its_target_and_how_busy_the_cpus_were() -> None:
    results = {
        "suites": {
            "make test": {"seconds": 200.0, "ok": True, "summary": "430 passed in 199.0s", "busy": 380.0, "idle": 20.0, "cpu": 350.4},
            "make test-fast": {"seconds": 25.0, "ok": True, "summary": "297 passed in 24.0s"},
        }
    }
    rows = {row[0]: row[1:] for row in summary_rows(results)}
    assert rows["`make test`: 430 passed in 199.0s"] == [
        f"{fmt_seconds(200.0)}; CPUs busy 95% (380 of 400 CPU-seconds); its own processes 350 CPU-seconds",
        "≤ 120 s",
        verdict(False),
    ]
    assert rows["`make test-fast`: 297 passed in 24.0s"] == [fmt_seconds(25.0), "≤ 30 s", verdict(True)]


def test_cpu_seconds_grow_with_work() -> None:
    before = cpu_seconds()
    if before is None:
        pytest.skip("no /proc/stat on this system")
    sum(i * i for i in range(3_000_000))  # a moment of work, so the busy count moves
    after = cpu_seconds()
    assert after[0] > before[0] and after[1] >= before[1]


def test_a_command_in_its_own_cgroup_counts_its_childrens_cpu_and_nothing_else(tmp_path: Path) -> None:
    """The suite's own CPU-seconds: a command's and those of a child it leaves running in the
    background (as Chromium's processes outlive the driver that started them), not this process's."""
    work = "sum(i * i for i in range(2_000_000))"
    script = f"import subprocess, sys; subprocess.Popen([sys.executable, '-c', {work!r}]); {work}"
    with cpu_group("bench-test") as group:
        if group is None:
            pytest.skip("this machine does not let the bench make a cgroup (v2) of its own")
        folder = group.folder
        ran = run([sys.executable, "-c", script], tmp_path, dict(os.environ), group=group)
        assert ran.ok, ran.stderr
        while (folder / "cgroup.procs").read_text().strip():  # the background child is still drawing
            time.sleep(0.05)
        child_and_command = group.seconds()
        sum(i * i for i in range(500_000))  # this process's work: not counted
        assert group.seconds() == child_and_command
    one = time.process_time()
    sum(i * i for i in range(2_000_000))
    one = time.process_time() - one  # one share of the work, here
    assert child_and_command > 1.5 * one
    assert not folder.exists()  # removed afterwards


def test_the_floor_runs_stock_markdown_extensions() -> None:
    """Plain MkDocs, the floor, runs none of the report's code: mkdocs.yml's own extensions
    become the stock ones they stand in for, settings kept."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    plain = plain_config_text(text)
    assert "reportgen." in text and "reportgen." not in plain
    assert "  - smarty:\n      smart_dashes: false\n      smart_ellipses: false\n" in plain
    assert plain.replace("  - smarty:", "  - reportgen.site.quotes:") == text
