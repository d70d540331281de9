"""`make bench`: the command line, and the order in which the benchmark measures and reports."""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict

import reportgen.tools.bench as package
from reportgen.tools.bench.build import edit_one_page, edit_one_value, figures_cores, generate_in_process, make_site, parse_generate_output
from reportgen.tools.bench.floor import floor
from reportgen.tools.bench.lighthouse import chrome_path, find_lighthouse, lighthouse_median, site_port
from reportgen.tools.bench.machine import load_average, machine
from reportgen.tools.bench.preview import preview_latency
from reportgen.tools.bench.report import Report
from reportgen.tools.bench.runs import BENCH, PY, child_env, copy_tree, median_run, run
from reportgen.tools.bench.scale import scale
from reportgen.tools.bench.server import serve
from reportgen.tools.bench.suite import suite_times
from reportgen.tools.bench.weight import content_pages, home_pages, page_types, page_weight


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=package.__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="skip Lighthouse and the 100x data set")
    parser.add_argument("--scales", default="1,10,100", help="data set sizes for the scale table (default 1,10,100)")
    parser.add_argument("--mkdocs-scales", default="1,10", help="sizes also built with MkDocs (default 1,10)")
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--lighthouse-runs", type=int, default=3, help="Lighthouse runs per page; the median run is reported (default 3)")
    parser.add_argument("--no-gzip", action="store_true", help="serve uncompressed to Lighthouse (default: gzip, like a static host)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per short measurement (median)")
    parser.add_argument("--budget", type=float, default=45, help="minutes; optional parts are skipped past it")
    parser.add_argument("--report-only", action="store_true", help="print the report of the last run (build/bench/results.json) again")
    args = parser.parse_args(argv)
    if args.report_only:
        print(Report(**json.loads((BENCH / "results.json").read_text(encoding="utf-8"))).markdown())
        return 0
    deadline = time.monotonic() + args.budget * 60
    scales = [int(s) for s in args.scales.split(",") if s]
    if args.quick:
        scales = [s for s in scales if s <= 10]
    report = Report(machine())
    res = report.results
    res["load_start"] = load_average()

    def step(title: str) -> None:
        print(f"bench: {title} ({time.strftime('%H:%M:%S')}, load {load_average()})", file=sys.stderr, flush=True)

    def left() -> float:
        return deadline - time.monotonic()

    BENCH.mkdir(parents=True, exist_ok=True)
    step("copying the working tree to build/bench/repo")
    repo = copy_tree(BENCH / "repo")
    env = child_env(repo)

    step("cold make site (make clean first)")
    run(["make", "--no-print-directory", "clean"], repo, env)
    res["site_cold"] = make_site(repo, "cold")
    step("warm make site")
    res["site_warm"] = make_site(repo, "warm")
    if not res["site_cold"]["ok"] or not res["site_warm"]["ok"]:
        report.notes.append(f"`make site` failed: {res['site_cold']['why'] or res['site_warm']['why']}")

    step("no-change rebuild of the generators")
    cli, last = median_run([str(PY), "-m", "reportgen", "generate"], repo, env, max(5, args.repeat))
    res["nochange"] = {"cli": cli, "cli_output": last.stdout.strip(), "inprocess": generate_in_process(repo, env)}

    step("plain MkDocs floor")
    res["floor"] = floor(repo, env, args.repeat)
    if not res["floor"].get("plain_strict", True):
        report.notes.append(f"plain MkDocs build ran without --strict: {res['floor']['plain_why']}")

    site = repo / "site"
    step("bytes per page")
    weights = [page_weight(site, p) for p in content_pages(site)] if site.is_dir() else []
    res["bytes"] = weights
    homes = {p.relative_to(site).as_posix() for p in home_pages(site)} if site.is_dir() else set()
    shown = [w for w in weights if w["page"] in homes]
    shown.sort(key=lambda w: ["index.html", "zh-Hant/index.html", "en/index.html"].index(w["page"]))
    if weights:
        heaviest = max(weights, key=lambda w: w["total"])
        if heaviest["page"] not in homes:
            shown.append(heaviest)
    res["bytes_shown"] = shown

    if args.no_lighthouse or args.quick:
        res["lighthouse"] = {"error": "skipped (--no-lighthouse/--quick)"}
    elif not site.is_dir():
        res["lighthouse"] = {"error": "no site was built"}
    else:
        step("Lighthouse")
        cmd, why = find_lighthouse(install=True)
        chrome = chrome_path()
        if cmd is None or chrome is None:
            res["lighthouse"] = {"error": why or "no Chromium/Chrome found (set CHROME_PATH)"}
        else:
            server, base = serve(site, compress=not args.no_gzip, port=site_port(site))
            pages = []
            editions = [home.parent.relative_to(site).as_posix().removeprefix(".") for home in home_pages(site)]
            targets = [(kind, f"{edition}/{page}".lstrip("/")) for edition in editions for kind, page in page_types(site, weights).items()]
            try:
                for kind, page in targets:
                    if left() < 5 * 60:
                        pages.append({"page": page, "kind": kind, "error": "skipped (time budget)"})
                        continue
                    url = base + page.removesuffix("index.html")
                    result = lighthouse_median(cmd, url, BENCH / f"lighthouse-{page.replace('/', '_')}.json", chrome, args.lighthouse_runs)
                    pages.append({"page": page, "kind": kind, **result})
            finally:
                server.shutdown()
            res["lighthouse"] = {"pages": pages}

    step("one YAML edit")
    indicator = edit_one_value(repo)
    if left() > 8 * 60:  # the whole `make site`, whose first command regenerates what the edit touched
        edited = make_site(repo, "edit")
        res["edit"] = {
            "indicator": indicator,
            "generate": edited["stages"].get("generate (CLI)"),
            "rendered": edited["rendered"],
            "generator": edited["generator"],
            "site": edited["seconds"],
            "site_stages": edited["stages"],
        }
    else:
        gen = run([str(PY), "-m", "reportgen", "generate"], repo, env)
        rendered, stages = parse_generate_output(gen.stdout)
        res["edit"] = {"indicator": indicator, "generate": gen.seconds, "rendered": rendered, "generator": stages}

    step("one page edit")
    if left() > 6 * 60:
        res["page_edit"] = {"page": edit_one_page(repo), **make_site(repo, "page-edit")}

    step("edit to preview (mkdocs serve)")
    if left() > 8 * 60:
        res["preview"] = [preview_latency(repo, env), preview_latency(repo, env, only="zh")]

    step("test suites")
    if left() > 12 * 60:
        res["suites"] = suite_times(repo, env)

    step("figure rendering: one core against all")
    res["figures_cores"] = figures_cores(repo, env) if left() > 6 * 60 else {}

    res["scale"] = []
    for factor in scales:
        if left() < (3 if factor <= 10 else 15) * 60:
            report.notes.append(f"scale {factor}x skipped: time budget")
            continue
        step(f"scale {factor}x")
        with_mkdocs = str(factor) in args.mkdocs_scales.split(",") and left() > 10 * 60
        res["scale"].append(scale(factor, with_mkdocs, timeout=max(60.0, left())))

    res["load_end"] = load_average()
    report.notes.append(
        "Times are wall-clock on a machine that may be shared; short measurements are medians "
        f"of {args.repeat}-5 runs. Children run without PYTHONDONTWRITEBYTECODE (a developer's default)."
    )
    report.notes.append(
        "Bytes: every file a first visit fetches (lazy images included; for a figure, the wide drawing), uncompressed and gzip -6; "
        "Lighthouse transfer is its total-byte-weight, what the browser actually fetched (lazy images below the fold not "
        f"loaded) from a local server {'without compression' if args.no_gzip else 'that gzips text like a static host'}."
    )
    text = report.markdown()
    (BENCH / "report.md").write_text(text, encoding="utf-8")
    (BENCH / "results.json").write_text(json.dumps(asdict(report), indent=1, default=str), encoding="utf-8")
    print(text)
    return 0
