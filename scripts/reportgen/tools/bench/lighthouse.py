"""Lighthouse (mobile) scores of a served page: finding or installing Lighthouse and Chromium, the median of several runs."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

from reportgen.node import NODE, NodeToolError, installed
from reportgen.tools.bench.runs import ROOT, child_env, run

LIGHTHOUSE_CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu --disable-background-networking"


def find_lighthouse(install: bool) -> tuple[list[str] | None, str]:
    local = NODE / "node_modules" / ".bin" / "lighthouse"
    if local.exists():
        return [str(local)], ""
    if shutil.which("lighthouse"):
        return [shutil.which("lighthouse")], ""
    if not install:
        return None, "lighthouse not installed"
    try:
        installed("lighthouse")
    except NodeToolError as error:
        return None, str(error)
    return [str(local)], ""


def site_port(site: Path) -> int:
    """The port of the address the site was built for, when that is this machine's root (a local
    build's default): served there, its absolute links (the alternates whose sitemaps the language
    switcher fetches) stay on the served site, as on the real host. Else 0, any free port."""
    found = re.search(r'<link rel="canonical" href="http://127\.0\.0\.1:(\d+)/"', (site / "index.html").read_text(encoding="utf-8"))
    return int(found.group(1)) if found else 0


def chrome_path() -> str | None:
    for candidate in (
        os.environ.get("CHROME_PATH"),
        "/usr/bin/chromium",
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
        shutil.which("google-chrome"),
    ):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def lighthouse_once(cmd: list[str], url: str, out: Path, chrome: str) -> dict:
    """One Lighthouse run on `url`: scores, audits below 1, FCP/LCP/TBT, bytes transferred."""
    r = run(
        [
            *cmd,
            url,
            "--quiet",
            "--output=json",
            f"--output-path={out}",
            "--form-factor=mobile",
            f"--only-categories={','.join(LIGHTHOUSE_CATEGORIES)}",
            f"--chrome-flags={CHROME_FLAGS}",
        ],
        ROOT,
        child_env(CHROME_PATH=chrome),
        timeout=300,
    )
    if not r.ok or not out.exists():
        return {"error": r.why()}
    report = json.loads(out.read_text())
    scores = {c: report["categories"][c]["score"] for c in LIGHTHOUSE_CATEGORIES if c in report["categories"]}
    failed = {
        c: [
            a["id"]
            for a in report["categories"][c]["auditRefs"]
            if a.get("weight") and (report["audits"][a["id"]].get("score") is not None) and report["audits"][a["id"]]["score"] < 1
        ]
        for c in scores
    }
    weight = report["audits"].get("total-byte-weight", {}).get("numericValue")
    metrics = {
        name: report["audits"].get(audit, {}).get("numericValue")
        for name, audit in (("FCP", "first-contentful-paint"), ("LCP", "largest-contentful-paint"), ("TBT", "total-blocking-time"))
    }
    return {
        "scores": {c: None if s is None else round(s * 100) for c, s in scores.items()},
        "failed": failed,
        "metrics": metrics,
        "bytes": weight,
        "version": report.get("lighthouseVersion"),
        "seconds": r.seconds,
    }


def lighthouse_median(cmd: list[str], url: str, out: Path, chrome: str, runs: int) -> dict:
    """Lighthouse `runs` times; the run with the median performance score (Lighthouse's own
    advice for a machine whose CPU time varies), with every run's score kept beside it."""
    results = [lighthouse_once(cmd, url, out.with_suffix(f".{n}.json"), chrome) for n in range(runs)]
    good = sorted((r for r in results if "error" not in r), key=lambda r: (r["scores"].get("performance") or 0, -(r["metrics"]["TBT"] or 0)))
    if not good:
        return results[0]
    return {**good[(len(good) - 1) // 2], "performance_runs": [r["scores"].get("performance") for r in results if "error" not in r]}
