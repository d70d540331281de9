"""The bench report: its Markdown sections and tables, read against the targets."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reportgen.tools.bench.lighthouse import LIGHTHOUSE_CATEGORIES
from reportgen.tools.bench.tables import fmt_bytes, fmt_seconds, format_table, ratio, verdict

# Targets the report is read against (not tests).
TARGET_NOCHANGE_S = 0.3
TARGET_CHECK_RATIO = 2.0  # `make check` with one error, against a valid run
TARGET_PAGE_BYTES = 300 * 1024
TARGET_FLOOR_WARM = 1.15  # our build without PDF against plain MkDocs on the same pages
TARGET_FLOOR_COLD = 1.5
TARGET_PDF_COLD_S = 5.0  # the three PDFs, no cache
TARGET_PAGE_EDIT_RATIO = 2.0  # `make site` after a one-page edit, against one with nothing changed
TARGET_PREVIEW_S = 2.0  # from saving an edit to the served page showing it
TARGET_SUITE_S = {"make test": 120.0, "make test-fast": 30.0}


@dataclass
class Report:
    machine: dict = field(default_factory=dict)
    results: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def markdown(self) -> str:
        m, r = self.machine, self.results
        parts = [
            "## Machine\n",
            (
                f"{m.get('cpu', '?')}, {m.get('nproc')} CPUs ({m.get('cpus_usable')} usable), {m.get('memory', '?')} RAM; "
                f"{m.get('platform')}; Python {m.get('python')}; Node {m.get('node')}; {m.get('chromium')}.\n"
            ),
            "Packages: "
            + ", ".join(f"{k} {v}" for k, v in m.get("packages", {}).items())
            + "".join(f"; Lighthouse {v}" for v in sorted({p.get("version") for p in r.get("lighthouse", {}).get("pages", []) if p.get("version")}))
            + ".\n",
            f"Load average (1/5/15 min) at start: {r.get('load_start')}; at end: {r.get('load_end')}.\n",
        ]
        parts += ["\n## Summary against the targets\n", format_table(["Measure", "Result", "Target", "Met"], summary_rows(r))]
        parts += ["\n## Build stages\n", format_table(["Stage", "Cold", "Warm", "After one YAML edit", "After one page edit"], stage_rows(r))]
        parts += [
            "\n## Bytes per page (first visit)\n",
            format_table(["Page", "HTML", "CSS", "JS", "Images", "Total", "Total gzip", "Search (when opened)", "Lighthouse transfer"], bytes_rows(r)),
        ]
        parts += [
            "\n## Lighthouse (mobile)\n",
            format_table(["Page", "Performance (all runs)", "Accessibility", "Best practices", "SEO", "FCP / LCP / TBT", "Audits below 1"], lighthouse_rows(r)),
        ]
        if r.get("scale"):
            parts += [
                "\n## Scale (generator; synthetic data from scripts/synth.py)\n",
                format_table(
                    [
                        "Data",
                        "Indicators / figures / tables",
                        "YAML",
                        "Generate cold",
                        "Cold per 1x",
                        "Figures",
                        "Validation",
                        "Peak RSS",
                        "No-change CLI",
                        "No-change generate()",
                        "MkDocs",
                    ],
                    scale_rows(r),
                ),
            ]
            parts += [
                "\n## `make check`: valid data against one bad value\n",
                format_table(["Data", "Valid", "One bad value", "Ratio", "Target", "Met"], check_rows(r)),
            ]
        if self.notes:
            parts += ["\n## Notes\n", *[f"- {n}\n" for n in self.notes]]
        return "".join(parts)


def summary_rows(r: dict) -> list[list[object]]:
    rows = []
    cold, warm = r.get("site_cold", {}), r.get("site_warm", {})
    for label, run_ in (("`make site`, cold (after `make clean`, no PDF cache)", cold), ("`make site`, warm (nothing changed)", warm)):
        failed = "" if run_.get("ok", True) else f" FAILED: {run_.get('why')}"
        rows.append([label, fmt_seconds(run_.get("seconds")) + failed, "—", "—"])
    nc = r.get("nochange", {})
    if nc:
        rows.append(
            [
                "No-change rebuild of the generators, `reportgen generate` (CLI, median of 5)",
                fmt_seconds(nc.get("cli")),
                f"< {TARGET_NOCHANGE_S} s",
                verdict(nc.get("cli") is not None and nc["cli"] < TARGET_NOCHANGE_S),
            ]
        )
        ip = nc.get("inprocess", {})
        if "error" in ip:
            rows.append(["No-change `generate()` in-process", f"failed: {ip['error']}", f"< {TARGET_NOCHANGE_S} s", "—"])
        else:
            rows.append(
                [
                    "No-change `generate()` in-process: first call / later calls (median)",
                    f"{fmt_seconds(ip.get('first'))} / {fmt_seconds(ip.get('median_next'))} (import {fmt_seconds(ip.get('import'))})",
                    f"< {TARGET_NOCHANGE_S} s",
                    verdict(ip.get("first") is not None and ip["first"] < TARGET_NOCHANGE_S),
                ]
            )
    edit = r.get("edit", {})
    if edit:
        rows.append(
            [
                f"Rebuild after one YAML edit (`{edit.get('indicator')}`): generators (CLI) / `make site`",
                f"{fmt_seconds(edit.get('generate'))} ({edit.get('rendered')} files) / {fmt_seconds(edit.get('site'))}",
                "—",
                "—",
            ]
        )
    pdf_cold = cold.get("stages", {}).get("PDF")
    if pdf_cold is not None:
        rows.append(["PDF step, cold (three PDFs, empty cache)", fmt_seconds(pdf_cold), f"≤ {TARGET_PDF_COLD_S:g} s", verdict(pdf_cold <= TARGET_PDF_COLD_S)])
    page_edit = r.get("page_edit", {})
    if page_edit.get("seconds") and warm.get("seconds"):
        edit_ratio = page_edit["seconds"] / warm["seconds"]
        rows.append(
            [
                f"One-page edit (`{page_edit['page']}`): PDF step / `make site`, against `make site` with nothing changed",
                f"{fmt_seconds(page_edit['stages'].get('PDF'))} / {fmt_seconds(page_edit['seconds'])} ({edit_ratio:.2f}x)",
                f"≤ {TARGET_PAGE_EDIT_RATIO:g}x",
                verdict(edit_ratio <= TARGET_PAGE_EDIT_RATIO),
            ]
        )
    for preview in r.get("preview", []):
        for kind, what in (("yaml", "a YAML label"), ("page", "a page sentence")):
            value = preview.get(kind, preview.get("error"))
            ok = isinstance(value, float) and value <= TARGET_PREVIEW_S
            rows.append(
                [
                    f"Edit to preview, `make serve` ({preview['languages']} languages): {what}",
                    fmt_seconds(value) if isinstance(value, float) else str(value),
                    f"≤ {TARGET_PREVIEW_S:g} s",
                    verdict(ok),
                ]
            )
    for name, suite in r.get("suites", {}).items():
        target = TARGET_SUITE_S[name]
        busy = (
            (f"; CPUs busy {suite['busy'] / (suite['busy'] + suite['idle']):.0%} ({suite['busy']:.0f} of {suite['busy'] + suite['idle']:.0f} CPU-seconds)")
            if suite.get("busy")
            else ""
        )
        busy += f"; its own processes {suite['cpu']:.0f} CPU-seconds" if suite.get("cpu") is not None else ""
        rows.append(
            [f"`{name}`: {suite['summary']}", fmt_seconds(suite["seconds"]) + busy, f"≤ {target:g} s", verdict(suite["ok"] and suite["seconds"] <= target)]
        )
    fl = r.get("floor", {})
    if fl and "error" not in fl:
        rows.append([f"Plain MkDocs, same {fl['pages']} pages (floor)", fmt_seconds(fl["plain"]), "—", "—"])
        rows.append(
            [
                "Our MkDocs build (plugin: generator check + page templates + reader fixes)",
                f"{fmt_seconds(fl['ours_mkdocs'])} ({ratio(fl['ours_mkdocs'], fl['plain'])})",
                f"≤ {TARGET_FLOOR_WARM}x",
                "—",
            ]
        )
        total_ratio = fl["ours_total"] / fl["plain"]
        rows.append(
            [
                "Our build, PDF aside (`reportgen generate` + MkDocs), warm",
                f"{fmt_seconds(fl['ours_total'])} ({total_ratio:.2f}x)",
                f"≤ {TARGET_FLOOR_WARM}x",
                verdict(total_ratio <= TARGET_FLOOR_WARM),
            ]
        )
        if cold.get("stages"):
            cold_total = sum(v for k, v in cold["stages"].items() if k != "PDF")
            rows.append(
                [
                    "Our build, PDF aside, cold (figures rendered)",
                    f"{fmt_seconds(cold_total)} ({cold_total / fl['plain']:.2f}x)",
                    f"≤ {TARGET_FLOOR_COLD}x",
                    verdict(cold_total / fl["plain"] <= TARGET_FLOOR_COLD),
                ]
            )
    elif fl:
        rows.append(["Plain MkDocs floor", f"failed: {fl['error']}", f"≤ {TARGET_FLOOR_WARM}x", "—"])
    weights = r.get("bytes", [])
    if weights:
        heaviest = max(weights, key=lambda w: w["total"])
        rows.append(
            [
                f"Heaviest page, transferred with gzip as static hosts serve it, search aside (`{heaviest['page']}`)",
                f"{fmt_bytes(heaviest['total_gz'])} ({fmt_bytes(heaviest['total'])} uncompressed)",
                "< 300 KB",
                verdict(heaviest["total_gz"] < TARGET_PAGE_BYTES),
            ]
        )
    lh = r.get("lighthouse", {})
    if lh.get("error"):
        rows.append(["Lighthouse", f"did not run: {lh['error']}", "100 × 4", "—"])
    elif lh.get("pages"):
        scored = [p for p in lh["pages"] if p.get("scores")]
        errors = [p for p in lh["pages"] if p.get("error")]
        lows = {c: min(p["scores"].get(c) or 0 for p in scored) for c in LIGHTHOUSE_CATEGORIES} if scored else {}
        result = ", ".join(f"{c} {v}" for c, v in lows.items()) if lows else "no scores"
        if errors:
            result += f"; {len(errors)} page(s) failed: {errors[0]['error']}"
        runs = max((len(p.get("performance_runs") or [None]) for p in scored), default=1)
        rows.append(
            [
                f"Lighthouse (mobile), lowest of {len(scored)} pages (each kind of page in each edition), median of {runs} runs each",
                result,
                "performance ≥ 95, the others 100",
                verdict(bool(lows) and lows.get("performance", 0) >= 95 and min(v for c, v in lows.items() if c != "performance") == 100 and not errors),
            ]
        )
    sc = [s for s in r.get("scale", []) if "error" not in s]
    if len(sc) > 1:
        base = sc[0]
        per = [(s["cold"] / base["cold"]) / (s["factor"] / base["factor"]) for s in sc[1:]]
        rows.append(
            [
                "Generator cost per unit of data, largest vs smallest size (cold)",
                ", ".join(f"{s['factor']}x: {p:.2f}" for s, p in zip(sc[1:], per, strict=False)),
                "≈ 1 (linear)",
                verdict(all(p <= 1.25 for p in per)),
            ]
        )
    cores = r.get("figures_cores", {})
    if cores.get("1", {}).get("figures") and cores.get("all", {}).get("figures"):
        one, allc = cores["1"]["figures"], cores["all"]["figures"]
        rows.append(
            [
                f"Figure rendering, {cores['1'].get('rendered')} SVGs: one process / all cores",
                f"{fmt_seconds(one)} / {fmt_seconds(allc)} (speed-up {one / allc:.2f}x)",
                "—",
                "—",
            ]
        )
    return rows


def stage_rows(r: dict) -> list[list[object]]:
    cold, warm, edit = r.get("site_cold", {}), r.get("site_warm", {}), r.get("edit", {}).get("site_stages", {})
    page = r.get("page_edit", {})
    rows = []
    names = ["validation", "figures", "tables", "downloads", "derived pages"]
    for name in names:
        rows.append(
            [
                f"  {name} (inside `reportgen generate`)",
                fmt_seconds(cold.get("generator", {}).get(name)),
                fmt_seconds(warm.get("generator", {}).get(name)) if warm.get("generator") else "skipped (stamp)",
                fmt_seconds(r.get("edit", {}).get("generator", {}).get(name)),
                fmt_seconds(page.get("generator", {}).get(name)),
            ]
        )
    for name in ("generate (CLI)", "MkDocs", "PDF"):
        rows.append(
            [
                f"`{name}`" if name != "generate (CLI)" else "`reportgen generate` (process)",
                fmt_seconds(cold.get("stages", {}).get(name)),
                fmt_seconds(warm.get("stages", {}).get(name)),
                fmt_seconds(edit.get(name)),
                fmt_seconds(page.get("stages", {}).get(name)),
            ]
        )
    rows.append(
        [
            "`make site` total",
            fmt_seconds(cold.get("seconds")),
            fmt_seconds(warm.get("seconds")),
            fmt_seconds(r.get("edit", {}).get("site")),
            fmt_seconds(page.get("seconds")),
        ]
    )
    return rows


def bytes_rows(r: dict) -> list[list[object]]:
    lh = {p["page"]: p for p in r.get("lighthouse", {}).get("pages", [])}
    rows = []
    for w in r.get("bytes_shown", []):
        rows.append(
            [
                w["page"],
                fmt_bytes(w["html"]),
                fmt_bytes(w["css"]),
                fmt_bytes(w["js"]),
                fmt_bytes(w["img"] + w["other"]),
                fmt_bytes(w["total"]),
                fmt_bytes(w["total_gz"]),
                fmt_bytes(w["search"]),
                fmt_bytes(lh.get(w["page"], {}).get("bytes")),
            ]
        )
    return rows


def lighthouse_rows(r: dict) -> list[list[object]]:
    lh = r.get("lighthouse", {})
    if lh.get("error"):
        return [["all", lh["error"], "", "", "", "", ""]]
    rows = []
    for p in lh.get("pages", []):
        if p.get("error"):
            rows.append([_page(p), f"failed: {p['error']}", "", "", "", "", ""])
            continue
        s = p["scores"]
        failed = "; ".join(f"{c}: {', '.join(a)}" for c, a in p.get("failed", {}).items() if a) or "none"
        m = p.get("metrics", {})
        timing = " / ".join(fmt_seconds(m[k] / 1000) if m.get(k) is not None else "—" for k in ("FCP", "LCP", "TBT"))
        runs = p.get("performance_runs", [])
        performance = f"{s.get('performance', '—')} ({', '.join(map(str, sorted(runs)))})" if len(runs) > 1 else s.get("performance", "—")
        rows.append([_page(p), performance, *[s.get(c, "—") for c in LIGHTHOUSE_CATEGORIES[1:]], timing, failed])
    return rows


def _page(p: dict) -> str:
    return f"{p['page']} ({p['kind']})" if p.get("kind") else p["page"]


def scale_rows(r: dict) -> list[list[object]]:
    rows = []
    sc = r.get("scale", [])
    base = next((s for s in sc if "error" not in s), None)
    for s in sc:
        if "error" in s:
            rows.append([f"{s['factor']}x", f"failed: {s['error']}"] + [""] * 9)
            continue
        counts = re.search(r"(\d+) indicators.*?(\d+) figures, (\d+) tables", s.get("check", ""))
        ip = s.get("inprocess", {})
        per = (s["cold"] / base["cold"]) / (s["factor"] / base["factor"]) if base else None
        rows.append(
            [
                f"{s['factor']}x",
                "/".join(counts.groups()) if counts else "?",
                fmt_bytes(s["data_bytes"]),
                fmt_seconds(s["cold"]),
                f"{per:.2f}" if per else "—",
                fmt_seconds(s["stages"].get("figures")),
                fmt_seconds(s["stages"].get("validation")),
                fmt_bytes(s["cold_rss_kb"] * 1024),
                fmt_seconds(s["nochange_cli"]),
                fmt_seconds(ip.get("first")) if "error" not in ip else ip["error"],
                (fmt_seconds(s.get("mkdocs")) if s.get("mkdocs") else s.get("mkdocs_error") or "—") if "mkdocs_rss_kb" in s else "not built",
            ]
        )
    return rows


def check_rows(r: dict) -> list[list[object]]:
    rows = []
    for s in r.get("scale", []):
        c = s.get("check_times")
        if c:
            rows.append(
                [
                    f"{s['factor']}x",
                    fmt_seconds(c["valid"]),
                    fmt_seconds(c["invalid"]),
                    ratio(c["invalid"], c["valid"]),
                    f"≤ {TARGET_CHECK_RATIO}x",
                    verdict(c["invalid"] <= TARGET_CHECK_RATIO * c["valid"]),
                ]
            )
    return rows
