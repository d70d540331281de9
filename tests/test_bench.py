"""scripts/synth.py makes valid, bigger data sets; scripts/bench.py's helpers format and parse
its tables. Nothing here is timed: `make bench` measures, tests only check the tools."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

import bench  # noqa: E402
import synth  # noqa: E402
from reportgen.model.validate import load_dataset  # noqa: E402
from reportgen.query.selection import select  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def real():
    return load_dataset(ROOT / "data")


@pytest.fixture(scope="module")
def tenfold(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("synth") / "data"
    synth.write_data(synth.synthesize(synth.read_data(ROOT / "data"), 10), data_dir)
    return load_dataset(data_dir)  # raises DataError if anything is invalid


def test_synthetic_data_is_valid_and_ten_times_bigger(real, tenfold) -> None:
    assert len(tenfold.indicators) == 10 * len(real.indicators)
    assert len(tenfold.entities) == 10 * len(real.entities)
    assert len(tenfold.cities) == 10 * len(real.cities)
    assert len(tenfold.figures) > 5 * len(real.figures)
    assert len(tenfold.tables) > 5 * len(real.tables)
    assert len({i.id for i in tenfold.indicators}) == len(tenfold.indicators)


def test_synthetic_copies_keep_the_real_data_and_are_clearly_fake(real, tenfold) -> None:
    assert tenfold.indicators[: len(real.indicators)] == real.indicators
    fake = tenfold.cities[len(real.cities):]
    assert all(c.name.en.startswith("Synthetic city ") and c.name.zh.startswith("合成城市 ") for c in fake)
    # A cloned figure shows as many rows as its original, from its own copy only.
    by_id = {f.id: f for f in tenfold.figures}
    for fig in real.figures:
        clone = by_id.get(f"{fig.id}-x3")
        if clone is None:
            continue
        rows = select(clone.select, tenfold.indicators)
        assert len(rows) == len(select(fig.select, real.indicators))
        assert all(r.id.endswith("-x3") for r in rows)


def test_synth_project_is_a_buildable_root(tmp_path: Path) -> None:
    root = synth.make_project(2, tmp_path / "2x")
    assert (root / "data" / "indicators.yaml").is_file()
    assert (root / "docs" / "zh" / "index.md").is_file() and not (root / "docs" / "zh-Hant").exists()
    assert (root / "mkdocs.yml").is_file() and (root / "scripts" / "reportgen" / "site" / "plugin" / "plugin.py").is_file()
    assert len(load_dataset(root / "data").indicators) == 2 * len(load_dataset(ROOT / "data").indicators)


def test_table_round_trip() -> None:
    text = bench.format_table(["Page", "Bytes", "Note"], [["en/index.html", bench.fmt_bytes(2048), "a | b"], ["x", 1, ""]])
    lines = text.splitlines()
    assert lines[0].startswith("| Page") and set(lines[1]) <= {"|", "-"}
    assert len({len(line) for line in lines}) == 1  # padded columns
    assert bench.parse_table("intro\n\n" + text + "\nafter") == [
        {"Page": "en/index.html", "Bytes": "2.0 KB", "Note": "a | b"},
        {"Page": "x", "Bytes": "1", "Note": ""},
    ]
    assert bench.parse_table("no table here") == []


def test_units() -> None:
    assert bench.fmt_seconds(0.0421) == "42 ms"
    assert bench.fmt_seconds(3.14159) == "3.1 s"
    assert bench.fmt_seconds(150) == "2.5 min"
    assert bench.fmt_seconds(None) == "—"
    assert bench.fmt_bytes(512) == "512 B"
    assert bench.fmt_bytes(300 * 1024) == "300.0 KB"
    assert bench.fmt_bytes(3 * 1024 * 1024) == "3.0 MB"
    assert bench.ratio(13, 10) == "1.30x" and bench.ratio(1, None) == "—"


def test_parse_generate_output() -> None:
    line = "generated: 154 file(s) rendered (validation 0.32 s, figures 19.68 s, tables 0.24 s, downloads 0.09 s, zh-Hant 0.01 s)"
    assert bench.parse_generate_output("noise\n" + line + "\n") == (
        154, {"validation": 0.32, "figures": 19.68, "tables": 0.24, "downloads": 0.09, "zh-Hant": 0.01})
    assert bench.parse_generate_output("generated: 0 file(s) rendered (inputs and outputs unchanged since the last run)") == (0, {})
    assert bench.parse_generate_output("nothing") == (None, {})


def test_page_weight_counts_each_kind_once(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "assets").mkdir(parents=True)
    (site / "en" / "figures").mkdir(parents=True)
    (site / "search").mkdir()
    css = "body{background:url(bg.png)} x{background:url(data:image/png;base64,AA)}"
    (site / "assets" / "main.css").write_text(css)
    (site / "assets" / "bg.png").write_bytes(b"p" * 10)
    (site / "assets" / "app.js").write_text("console.log(1)")
    (site / "assets" / "search.js").write_text("w" * 7)
    (site / "search" / "search_index.json").write_text("{}" * 50)
    (site / "en" / "figures" / "a.svg").write_text("<svg/>")
    (site / "en" / "figures" / "a.narrow.svg").write_text("<svg>phone</svg>")  # the alternative: not fetched as well
    html = ('<html><head><link rel="stylesheet" href="../assets/main.css"><link rel="stylesheet" href="../assets/main.css">'
            '<script id="__config" type="application/json">{"base": "..", "search": "../assets/search.js"}</script>'
            '<script src="../assets/app.js"></script></head><body><img src="figures/a.svg">'
            '<picture><source srcset="figures/a.narrow.svg"><img src="figures/a.svg"></picture>'
            '<img src="https://example.org/x.png"></body></html>')
    (site / "en" / "index.html").write_text(html)
    w = bench.page_weight(site, site / "en" / "index.html")
    assert w["page"] == "en/index.html"
    assert (w["html"], w["css"], w["js"], w["img"], w["other"]) == (len(html), len(css), 14, 6, 10)
    assert w["total"] == len(html) + len(css) + 14 + 6 + 10
    assert w["search"] == 7 + 100
    assert w["total_gz"] > 0


def test_lighthouse_reports_the_median_run(monkeypatch, tmp_path: Path) -> None:
    runs = iter([{"scores": {"performance": 95}, "metrics": {"TBT": 300}}, {"error": "chrome crashed"},
                 {"scores": {"performance": 99}, "metrics": {"TBT": 40}}, {"scores": {"performance": 97}, "metrics": {"TBT": 150}}])
    monkeypatch.setattr(bench, "lighthouse", lambda *args: next(runs))
    result = bench.lighthouse_median(["lighthouse"], "http://x/", tmp_path / "lh.json", "chromium", 4)
    assert result["scores"]["performance"] == 97 and result["metrics"]["TBT"] == 150
    assert result["performance_runs"] == [95, 99, 97]


def test_report_prints_check_times_against_their_target() -> None:
    """`make bench` prints `make check` on valid data against one bad value, per scale, with the 2x target."""
    scale = {"factor": 10, "check": "", "data_bytes": 1, "cold": 1.0, "cold_rss_kb": 1, "stages": {}, "nochange_cli": 0.1,
             "inprocess": {}, "check_times": {"valid": 1.5, "invalid": 4.5, "message": ""}}
    text = bench.Report({}, {"scale": [scale]}).markdown()
    table = text[text.index("## `make check`"):]
    assert "| 10x  | 1.5 s | 4.5 s         | 3.00x | ≤ 2.0x | no  |" in table
