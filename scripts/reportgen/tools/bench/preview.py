"""Edit-to-preview latency: with `mkdocs serve` running, the time from saving an edit (a YAML
label, a page sentence) until the served page holds it."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

from reportgen.tools.bench.runs import BENCH, PY

POLL_S = 0.05
# Each edit is timed from a quiet server: after its first build, and after the figures and
# downloads a YAML edit changed, which the preview draws once the page shows, then rebuilds.
SETTLE_S = 6


def get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return ""


def wait_for(url: str, marker: str, timeout: float) -> float | None:
    """Seconds until `url` serves a page containing `marker` (None on timeout)."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if marker in get(url):
            return time.monotonic() - start
        time.sleep(POLL_S)
    return None


def _label_edit(repo: Path) -> tuple[Path, str, str] | None:
    """An indicator label that a built zh page shows: (file, its line, page path)."""
    site = repo / "site"
    pages = [p for p in site.rglob("index.html") if not re.match(r"(en|zh-Hant)/", p.relative_to(site).as_posix())]
    path = repo / "data" / "indicators.yaml"
    text = path.read_text(encoding="utf-8")
    for match in re.finditer(r"^    label:\n      zh: (.+)$", text, re.MULTILINE):
        label = match.group(1).strip()
        page = next((p for p in pages if label in p.read_text(encoding="utf-8")), None)
        if page is not None:
            rel = page.relative_to(site).as_posix().removesuffix("index.html")
            return path, match.group(0), rel
    return None


def preview_latency(repo: Path, env: dict[str, str], only: str | None = None, port: int = 8731, timeout: float = 120) -> dict:
    """Start `mkdocs serve` in the copy (all languages, or `only` one), make each kind of edit,
    and time until the served page shows it. The edits are undone afterwards."""
    serve_env = {**env, "SITE_URL": f"http://127.0.0.1:{port}/"}
    if only:
        serve_env["REPORT_ONLY"] = only
    log = (BENCH / f"serve-{only or 'all'}.log").open("w")
    server = subprocess.Popen(
        [str(PY), "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}"],
        cwd=repo,
        env=serve_env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}/"
    out: dict = {"languages": only or "all"}
    undo: list[tuple[Path, str]] = []
    try:
        if wait_for(base, "</html>", 600) is None:
            return {**out, "error": "mkdocs serve did not start"}
        label = _label_edit(repo)
        home = repo / "docs" / "zh" / "index.md"
        edits = ([("yaml", *label)] if label else []) + [("page", home, None, "")]
        for kind, path, line, page in edits:
            original = path.read_text(encoding="utf-8")
            undo.append((path, original))
            marker = f"预览{kind}{time.time_ns() % 10**6}"  # new text, in the label or as a paragraph
            changed = original.replace(line, line + marker, 1) if line else f"{original}\n\n{marker}\n"
            time.sleep(SETTLE_S)
            path.write_text(changed, encoding="utf-8")
            seconds = wait_for(base + page, marker, timeout)
            out[kind] = seconds if seconds is not None else f"not shown within {timeout:g} s"
    finally:
        for path, original in undo:
            path.write_text(original, encoding="utf-8")
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()
    return out
