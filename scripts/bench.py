"""`make bench`: how fast the build is, how heavy the pages are, how it scales.

Everything runs in a scratch copy of the working tree (build/bench/repo, sharing .venv),
so the developer's site/, build/ and docs/ are never touched. Measures, in order:

  1. `make site` cold (after `make clean`, build/pdf-cache gone) and warm (nothing changed),
     with the time of each stage: the generator's own (validation, figures, tables,
     downloads, zh-Hant) from `reportgen generate`, then MkDocs and the PDFs;
  2. a no-change rebuild of the generators alone: the CLI and generate() in-process;
  3. plain MkDocs on the same pages (the Markdown our plugin produced, built with a config
     without the plugin) as the floor, against our MkDocs build and our whole build;
  4. bytes per page (HTML, CSS, JS, images; search index separately) for the three home
     pages and the largest page;
  5. Lighthouse (mobile) on the same pages, served locally; installed with npm into
     build/node/ when absent; when it cannot run, the reason is printed instead;
  6. a rebuild after one YAML edit (a value in the scratch copy);
  7. figure rendering on one core against all of them;
  8. scale: synthetic data sets 10x and 100x the real one (scripts/synth.py,
     build/synth/<n>x/): generator time and peak memory, cold and unchanged.

Not a test: nothing fails on a slow number. The report (Markdown) is printed and saved to
build/bench/report.md and build/bench/results.json. Options: --quick (skip Lighthouse and
100x), --scales, --no-lighthouse, --budget MINUTES.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import synth  # scripts/, beside this file
import yaml

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "build" / "bench"
PY = Path(sys.executable)
PACKAGES = ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "pydantic", "PyYAML", "nh3", "Jinja2", "Babel",
            "OpenCC", "matplotlib", "weasyprint", "Markdown", "pymdown-extensions")
LIGHTHOUSE_CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu --disable-background-networking"

# Targets the report is read against (not tests).
TARGET_NOCHANGE_S = 0.3
TARGET_CHECK_RATIO = 2.0  # `make check` with one error, against a valid run
TARGET_PAGE_BYTES = 300 * 1024
TARGET_FLOOR_RATIO = 1.3


# ----------------------------------------------------------------------------- formatting

def fmt_seconds(value: float | None) -> str:
    if value is None:
        return "—"
    if value < 1:
        return f"{value * 1000:.0f} ms"
    if value < 100:
        return f"{value:.1f} s"
    return f"{value / 60:.1f} min"


def fmt_bytes(value: float | None) -> str:
    if value is None:
        return "—"
    if value < 1024:
        return f"{value:.0f} B"
    if value < 1024 * 1024:
        return f"{value / 1024:.1f} KB"
    return f"{value / 1024 / 1024:.1f} MB"


def _cell(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def format_table(headers: list[str], rows: list[list[object]]) -> str:
    """A Markdown table, columns padded so it also reads as plain text."""
    cells = [[_cell(h) for h in headers]] + [[_cell(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]

    def line(r: list[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |"

    return "\n".join([line(cells[0]), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, cells[1:])]) + "\n"


def parse_table(text: str) -> list[dict[str, str]]:
    """Rows of the first Markdown table in `text`, as header -> cell (inverse of format_table)."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip().startswith("|")]
    if len(lines) < 2:
        return []

    def split(line: str) -> list[str]:
        cells = re.split(r"(?<!\\)\|", line.strip()[1:-1])
        return [c.strip().replace("\\|", "|") for c in cells]

    headers = split(lines[0])
    return [dict(zip(headers, split(line), strict=False)) for line in lines[2:]]


_STAGE = re.compile(r"([\w-]+) (\d+(?:\.\d+)?) s")


def parse_generate_output(text: str) -> tuple[int | None, dict[str, float]]:
    """('generated: 12 file(s) rendered (validation 0.01 s, figures 3.20 s)') -> (12, {...})."""
    match = re.search(r"generated: (\d+) file\(s\) rendered(?: \((.*)\))?", text)
    if not match:
        return None, {}
    return int(match.group(1)), {name: float(sec) for name, sec in _STAGE.findall(match.group(2) or "")}


def ratio(value: float | None, base: float | None) -> str:
    return f"{value / base:.2f}x" if value is not None and base else "—"


def verdict(ok: bool | None) -> str:
    return "—" if ok is None else ("yes" if ok else "no")


# ----------------------------------------------------------------------------- running

@dataclass
class Run:
    cmd: list[str]
    seconds: float
    rss_kb: int  # peak resident set of the largest process (the command or a child it waited for)
    returncode: int
    stdout: str
    stderr: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def why(self) -> str:
        if self.returncode < 0:
            return f"stopped by signal {-self.returncode} after {fmt_seconds(self.seconds)} (time limit)"
        lines = [ln for ln in (self.stderr + "\n" + self.stdout).splitlines() if ln.strip()]
        return (lines[-1] if lines else f"exit code {self.returncode}")[:160]


def child_env(root: Path | None = None, **extra: str) -> dict[str, str]:
    """The environment of a build of the project at `root` (its code, its data)."""
    env = dict(os.environ)
    # A developer's Python writes bytecode; without it every run recompiles our modules.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("REPORT_ROOT", None)
    env.setdefault("SOURCE_DATE_EPOCH", "1767484800")
    env["NO_MKDOCS_2_WARNING"] = "1"
    if root is not None:
        env.update(REPORT_ROOT=str(root), PYTHONPATH=str(root / "scripts"))
    env.update(extra)
    return env


def run(cmd: list[str], cwd: Path, env: dict[str, str], timeout: float = 1800) -> Run:
    """Run and time a command; peak RSS from wait4. Killed (its whole group) after `timeout`."""
    out_path, err_path = BENCH / f".out.{os.getpid()}", BENCH / f".err.{os.getpid()}"
    BENCH.mkdir(parents=True, exist_ok=True)
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=err, start_new_session=True)
        timer = threading.Timer(timeout, lambda: _kill_group(proc.pid))
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    result = Run(cmd, seconds, usage.ru_maxrss, proc.returncode, out_path.read_text(errors="replace"), err_path.read_text(errors="replace"))
    out_path.unlink(), err_path.unlink()
    return result


def _kill_group(pid: int) -> None:
    with contextlib.suppress(OSError):
        os.killpg(pid, signal.SIGKILL)


def median_run(cmd: list[str], cwd: Path, env: dict[str, str], times: int) -> tuple[float, Run]:
    runs = [run(cmd, cwd, env) for _ in range(times)]
    return statistics.median(r.seconds for r in runs), runs[-1]


# ----------------------------------------------------------------------------- the scratch copy

def copy_tree(dest: Path) -> Path:
    """The working tree as a developer has it (tracked and new files, not ignored ones)."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    try:
        names = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                               check=True, capture_output=True).stdout.decode().split("\0")
        files = [n for n in names if n and (ROOT / n).is_file()]
    except (OSError, subprocess.CalledProcessError):
        skip = {".git", ".venv", "build", "site", "__pycache__", "node_modules"}
        files = [str(p.relative_to(ROOT)) for p in ROOT.rglob("*")
                 if p.is_file() and not skip & set(p.relative_to(ROOT).parts)]
    for name in files:
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    (dest / ".venv").symlink_to(ROOT / ".venv")
    return dest


TIMED_PY = """#!/usr/bin/env bash
# The venv's Python, logging the wall time of each call (make PY=this).
start=$EPOCHREALTIME
"{python}" "$@"
rc=$?
echo "$start $EPOCHREALTIME $rc $*" >> "{log}"
exit $rc
"""


def make_site(repo: Path, label: str) -> dict:
    """`make site` in the copy, with the seconds of each command it ran."""
    log = BENCH / f"make-{label}.log"
    log.unlink(missing_ok=True)
    wrapper = BENCH / "timed-python"
    wrapper.write_text(TIMED_PY.format(python=repo / ".venv" / "bin" / "python", log=log))
    wrapper.chmod(0o755)
    result = run(["make", "--no-print-directory", "site", f"PY={wrapper}"], repo, child_env(repo))
    stages: dict[str, float] = {}
    for line in log.read_text().splitlines() if log.exists() else []:
        start, end, _, *args = line.replace(",", ".").split(" ")  # EPOCHREALTIME follows the locale
        seconds = float(end) - float(start)
        name = ("generate (CLI)" if "generate" in args else "MkDocs" if "mkdocs" in args else
                "PDF" if "pdf" in args else " ".join(args[:3]))
        stages[name] = stages.get(name, 0.0) + seconds
    rendered, generator = parse_generate_output(result.stdout)
    return {"seconds": result.seconds, "ok": result.ok, "why": "" if result.ok else result.why(), "stages": stages,
            "generator": generator, "rendered": rendered, "rss_kb": result.rss_kb}


# ----------------------------------------------------------------------------- generator alone

IN_PROCESS = """
import json, sys, time
t = time.perf_counter()
from reportgen.config import PATHS
from reportgen.generate import generate
imported = time.perf_counter() - t
calls = []
for _ in range({n}):
    t = time.perf_counter()
    result = generate(PATHS)
    calls.append((time.perf_counter() - t, len(result.rendered), result.timings))
print(json.dumps({{"import": imported, "calls": calls}}))
"""


def generate_in_process(repo: Path, env: dict[str, str], n: int = 5) -> dict:
    r = run([str(PY), "-c", IN_PROCESS.format(n=n)], repo, env)
    if not r.ok:
        return {"error": r.why()}
    data = json.loads(r.stdout.strip().splitlines()[-1])
    seconds = [c[0] for c in data["calls"]]
    return {"import": data["import"], "first": seconds[0], "median_next": statistics.median(seconds[1:]) if n > 1 else None,
            "rendered": [c[1] for c in data["calls"]], "timings": data["calls"][0][2], "rss_kb": r.rss_kb}


# ----------------------------------------------------------------------------- floor: plain MkDocs

CAPTURE_HOOK = '''"""Bench only: write each page's Markdown as MkDocs will convert it (after the report plugin)."""
import os
from pathlib import Path

import yaml
from mkdocs.plugins import event_priority

OUT = Path(os.environ["BENCH_CAPTURE"])


@event_priority(-100)
def on_page_markdown(markdown, page, config, files):
    dest = OUT / page.file.src_uri
    dest.parent.mkdir(parents=True, exist_ok=True)
    meta = {k: v for k, v in page.meta.items() if isinstance(v, (str, int, float, bool, list, dict))}
    front = "---\\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\\n\\n" if meta else ""
    dest.write_text(front + markdown, encoding="utf-8")
    return markdown
'''


def floor(repo: Path, env: dict[str, str], times: int) -> dict:
    """Our MkDocs build against plain MkDocs on the Markdown our plugin produced."""
    from mkdocs.utils.yaml import yaml_load

    with open(repo / "mkdocs.yml", encoding="utf-8") as f:
        config = yaml_load(f)
    hooks = list(config.get("hooks") or [])
    captured = BENCH / "floor-captured"
    shutil.rmtree(captured, ignore_errors=True)
    (repo / "bench_capture.py").write_text(CAPTURE_HOOK, encoding="utf-8")
    (repo / "mkdocs.capture.yml").write_text(
        "INHERIT: mkdocs.yml\nhooks:\n" + "".join(f"  - {h}\n" for h in [*hooks, "bench_capture.py"]), encoding="utf-8")
    cap = run([str(PY), "-m", "mkdocs", "build", "--quiet", "-f", "mkdocs.capture.yml", "-d", str(BENCH / "floor-capture-site")],
              repo, {**env, "BENCH_CAPTURE": str(captured)})
    if not cap.ok:
        return {"error": f"capture build failed: {cap.why()}"}
    docs = BENCH / "floor-docs"
    shutil.rmtree(docs, ignore_errors=True)
    shutil.copytree(repo / config.get("docs_dir", "docs"), docs, ignore=shutil.ignore_patterns("*.md"))
    pages = 0
    for md in captured.rglob("*.md"):
        target = docs / md.relative_to(captured)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(md, target)
        pages += 1
    # The same config without the report plugin (and its hooks): plain MkDocs on our Markdown.
    plugins = [p for p in config.get("plugins") or [] if (p if isinstance(p, str) else next(iter(p))) != "report"]
    floor_config = {"docs_dir": str(docs), "hooks": [], "watch": [], "plugins": plugins}
    (repo / "mkdocs.floor.yml").write_text("INHERIT: mkdocs.yml\n" + yaml.safe_dump(floor_config, allow_unicode=True), encoding="utf-8")
    plain_cmd = [str(PY), "-m", "mkdocs", "build", "--quiet", "--strict", "-f", "mkdocs.floor.yml", "-d", str(BENCH / "floor-site")]
    ours_cmd = [str(PY), "-m", "mkdocs", "build", "--quiet", "--strict", "-d", str(BENCH / "ours-site")]
    gen_cmd = [str(PY), "-m", "reportgen", "generate"]
    probe = run(plain_cmd, repo, env)
    strict = probe.ok
    if not strict:  # a warning plain MkDocs raises on our output should not hide the timing
        plain_cmd.remove("--strict")
    plain, ours, gen = [], [], []
    for _ in range(times):  # interleaved, so a busy moment hits both
        plain.append(run(plain_cmd, repo, env))
        ours.append(run(ours_cmd, repo, env))
        gen.append(run(gen_cmd, repo, env))
    bad = next((r for r in plain + ours + gen if not r.ok), None)
    if bad:
        return {"error": f"{' '.join(bad.cmd[2:5])} failed: {bad.why()}"}

    def med(runs: list) -> float:
        return statistics.median(r.seconds for r in runs)

    return {"pages": pages, "plain": med(plain), "ours_mkdocs": med(ours), "generate_cli": med(gen),
            "ours_total": med(ours) + med(gen), "plain_strict": strict, "plain_why": "" if strict else probe.why()}


# ----------------------------------------------------------------------------- bytes per page

class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[tuple[str, str]] = []  # (kind, url)
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and a.get("href"):
            rel = (a.get("rel") or "").lower()
            if "stylesheet" in rel:
                self.refs.append(("css", a["href"]))
            elif "icon" in rel:
                self.refs.append(("img", a["href"]))
            elif "preload" in rel or "modulepreload" in rel:
                self.refs.append(({"style": "css", "script": "js", "image": "img"}.get(a.get("as", ""), "other"), a["href"]))
        elif tag == "script":
            self._in_script = True
            if a.get("src"):
                self.refs.append(("js", a["src"]))
        # A <picture>'s <source> is an alternative to its <img> (the phone drawing of a
        # figure): a browser fetches one of the two, so the <img> stands for both.
        elif tag == "img" and (a.get("src") or a.get("srcset")):
            self.refs.append(("img", a.get("src") or a["srcset"].split()[0]))

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


def _local(site: Path, page_url: str, ref: str) -> Path | None:
    url = urljoin(page_url, ref)
    parts = urlsplit(url)
    if parts.scheme not in ("", "http") or parts.netloc not in ("", "site") or ref.startswith("data:"):
        return None
    path = site / unquote(parts.path).lstrip("/")
    if path.is_dir():
        path = path / "index.html"
    return path if path.is_file() else None


def page_weight(site: Path, html_file: Path) -> dict:
    """Bytes a first visit to the page fetches, by kind (raw and gzip -6); search separately."""
    page_url = "http://site/" + html_file.relative_to(site).as_posix()
    html = html_file.read_bytes()
    parser = _Refs()
    parser.feed(html.decode("utf-8", errors="replace"))
    files: dict[Path, str] = {html_file: "html"}
    for kind, ref in parser.refs:
        path = _local(site, page_url, ref)
        if path and path not in files:
            files[path] = kind
            if kind == "css":  # fonts and images a stylesheet pulls in
                css_url = "http://site/" + path.relative_to(site).as_posix()
                for sub in _CSS_URL.findall(path.read_text(errors="replace")):
                    sub_path = _local(site, css_url, sub)
                    if sub_path and sub_path not in files:
                        files[sub_path] = "other"
    search = {}
    for script in parser.scripts:  # Material: {"search": "assets/javascripts/workers/search.*.js", ...}
        match = re.search(r'"search"\s*:\s*"([^"]+)"', script)
        base = re.search(r'"base"\s*:\s*"([^"]*)"', script)
        if match:
            worker = _local(site, page_url, match.group(1))
            base_url = urljoin(page_url, (base.group(1) if base else ".").rstrip("/") + "/")
            index = _local(site, base_url, "search/search_index.json")
            search = {p: "search" for p in (worker, index) if p}
    out = {"page": html_file.relative_to(site).as_posix()}
    for kind in ("html", "css", "js", "img", "other", "search"):
        members = [p for p, k in {**files, **search}.items() if k == kind]
        raw = [p.read_bytes() for p in members]
        out[kind] = sum(map(len, raw))
        out[f"{kind}_gz"] = sum(len(gzip.compress(b, 6, mtime=0)) for b in raw)
    out["total"] = sum(out[k] for k in ("html", "css", "js", "img", "other"))
    out["total_gz"] = sum(out[f"{k}_gz"] for k in ("html", "css", "js", "img", "other"))
    return out


def home_pages(site: Path) -> list[Path]:
    return [p for p in (site / "index.html", site / "zh-Hant" / "index.html", site / "en" / "index.html") if p.is_file()]


def content_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html" and "assets" not in p.relative_to(site).parts)


# ----------------------------------------------------------------------------- Lighthouse

def find_lighthouse(install: bool) -> tuple[list[str] | None, str]:
    local = ROOT / "build" / "node" / "node_modules" / ".bin" / "lighthouse"
    if local.exists():
        return [str(local)], ""
    if shutil.which("lighthouse"):
        return [shutil.which("lighthouse")], ""
    if not shutil.which("npm"):
        return None, "npm not found (install Node.js to get Lighthouse)"
    if not install:
        return None, "lighthouse not installed"
    r = run(["npm", "install", "--prefix", str(ROOT / "build" / "node"), "--no-audit", "--no-fund", "lighthouse"], ROOT, child_env(),
            timeout=600)
    if not r.ok or not local.exists():
        return None, f"npm install lighthouse failed: {r.why()}"
    return [str(local)], ""


def chrome_path() -> str | None:
    for candidate in (os.environ.get("CHROME_PATH"), "/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser"),
                      shutil.which("google-chrome")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


class _Handler(SimpleHTTPRequestHandler):
    """A static server like the hosts the site is deployed to: text compressed with gzip."""

    COMPRESS = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".csv")
    compress = True

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        if not (self.compress and "gzip" in self.headers.get("Accept-Encoding", "") and path.is_file() and path.suffix in self.COMPRESS):
            return super().do_GET()
        body = gzip.compress(path.read_bytes(), 6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self.wfile.write(body)
        return None


def serve(site: Path, compress: bool = True) -> tuple[ThreadingHTTPServer, str]:
    handler = type("Handler", (_Handler,), {"compress": compress})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def lighthouse(cmd: list[str], url: str, out: Path, chrome: str) -> dict:
    r = run([*cmd, url, "--quiet", "--output=json", f"--output-path={out}", "--form-factor=mobile",
             f"--only-categories={','.join(LIGHTHOUSE_CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"],
            ROOT, child_env(CHROME_PATH=chrome), timeout=300)
    if not r.ok or not out.exists():
        return {"error": r.why()}
    report = json.loads(out.read_text())
    scores = {c: report["categories"][c]["score"] for c in LIGHTHOUSE_CATEGORIES if c in report["categories"]}
    failed = {c: [a["id"] for a in report["categories"][c]["auditRefs"]
                  if a.get("weight") and (report["audits"][a["id"]].get("score") is not None) and report["audits"][a["id"]]["score"] < 1]
              for c in scores}
    weight = report["audits"].get("total-byte-weight", {}).get("numericValue")
    metrics = {name: report["audits"].get(audit, {}).get("numericValue")
               for name, audit in (("FCP", "first-contentful-paint"), ("LCP", "largest-contentful-paint"), ("TBT", "total-blocking-time"))}
    return {"scores": {c: None if s is None else round(s * 100) for c, s in scores.items()}, "failed": failed, "metrics": metrics,
            "bytes": weight, "version": report.get("lighthouseVersion"), "seconds": r.seconds}


def lighthouse_median(cmd: list[str], url: str, out: Path, chrome: str, runs: int) -> dict:
    """Lighthouse `runs` times; the run with the median performance score (Lighthouse's own
    advice for a machine whose CPU time varies), with every run's score kept beside it."""
    results = [lighthouse(cmd, url, out.with_suffix(f".{n}.json"), chrome) for n in range(runs)]
    good = sorted((r for r in results if "error" not in r), key=lambda r: (r["scores"].get("performance") or 0, -(r["metrics"]["TBT"] or 0)))
    if not good:
        return results[0]
    return {**good[(len(good) - 1) // 2], "performance_runs": [r["scores"].get("performance") for r in results if "error" not in r]}


# ----------------------------------------------------------------------------- edits and scale

def edit_one_value(repo: Path) -> str:
    """Change one indicator value that a figure and a table show; return its id."""
    sys.path.insert(0, str(repo / "scripts"))
    from reportgen.model.validate import load_dataset
    from reportgen.query.selection import select

    dataset = load_dataset(repo / "data")
    shown = {r.id for f in dataset.figures for r in select(f.select, dataset.indicators)}
    path = repo / "data" / "indicators.yaml"
    text = path.read_text(encoding="utf-8")
    for ind in dataset.indicators:
        entry = re.search(rf"^\s*- id: {re.escape(ind.id)}\s*$", text, re.MULTILINE)
        following = re.search(r"^\s*- id: ", text[entry.end():], re.MULTILINE) if entry else None
        end = entry.end() + following.start() if following else len(text)
        value = re.compile(r"^\s*value: (\d+)\s*$", re.MULTILINE).search(text, entry.end(), end) if entry else None
        if ind.id in shown and value:
            new = str(int(value.group(1)) + 1)
            path.write_text(text[: value.start(1)] + new + text[value.end(1):], encoding="utf-8")
            return ind.id
    raise RuntimeError("no indicator shown in a figure has an integer value to edit")


FIGURES_ONLY = """
import json, shutil, sys, time
from pathlib import Path
from reportgen import generate as g
from reportgen.config import Paths
root = Path(sys.argv[1])
shutil.rmtree(root / "build", ignore_errors=True)
for d in root.glob("docs/*/figures"):
    shutil.rmtree(d)
if sys.argv[2] == "1":
    g.PARALLEL_MIN = 10 ** 9
r = g.generate(Paths(root))
print(json.dumps({"figures": r.timings["figures"], "rendered": sum(p.endswith(".svg") for p in r.rendered)}))
"""


def figures_cores(repo: Path, env: dict[str, str]) -> dict:
    root = BENCH / "figures-cores"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(repo / "data", root / "data")
    synth.copy_docs(repo / "docs", root / "docs")
    out = {}
    for mode in ("1", "all"):
        r = run([str(PY), "-c", FIGURES_ONLY, str(root), mode], repo, env)
        out[mode] = json.loads(r.stdout.strip().splitlines()[-1]) if r.ok else {"error": r.why()}
    return out


def check_times(root: Path, env: dict[str, str]) -> dict:
    """`reportgen check` (what `make check` runs) on valid data, then with one bad value:
    a mistake must not cost much more than a clean run (median of 3 each)."""
    check = [str(PY), "-m", "reportgen", "check"]
    valid, _ = median_run(check, ROOT, env, 3)
    path = root / "data" / "indicators.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"value: [0-9.e+]+", "value: lots", text, count=1), encoding="utf-8")
    try:
        invalid, last = median_run(check, ROOT, env, 3)
    finally:
        path.write_text(text, encoding="utf-8")
    return {"valid": valid, "invalid": invalid, "message": last.stderr.splitlines()[0] if last.stderr else ""}


def scale(factor: int, with_mkdocs: bool, timeout: float = 3600) -> dict:
    start = time.perf_counter()
    root = synth.make_project(factor)
    made = time.perf_counter() - start
    senv = child_env(root)
    counts = run([str(PY), "-m", "reportgen", "check"], ROOT, senv)
    checks = check_times(root, senv)
    cold = run([str(PY), "-m", "reportgen", "generate"], ROOT, senv, timeout=timeout)
    if not cold.ok:
        return {"factor": factor, "error": cold.why()}
    rendered, stages = parse_generate_output(cold.stdout)
    nochange_cli, _ = median_run([str(PY), "-m", "reportgen", "generate"], ROOT, senv, 3)
    inproc = generate_in_process(ROOT, senv, n=3)
    out = {"factor": factor, "synth_seconds": made, "check": counts.stdout.strip(), "cold": cold.seconds, "cold_rss_kb": cold.rss_kb,
           "rendered": rendered, "stages": stages, "nochange_cli": nochange_cli, "inprocess": inproc, "check_times": checks,
           "data_bytes": sum(p.stat().st_size for p in (root / "data").glob("*.yaml"))}
    if with_mkdocs:
        mk = run([str(PY), "-m", "mkdocs", "build", "--quiet", "-f", str(root / "mkdocs.yml"), "-d", str(root / "site")], ROOT, senv,
                 timeout=timeout)
        out["mkdocs"] = mk.seconds if mk.ok else None
        out["mkdocs_rss_kb"] = mk.rss_kb
        out["mkdocs_error"] = "" if mk.ok else mk.why()
    return out


# ----------------------------------------------------------------------------- machine

def machine() -> dict:
    info = {"nproc": os.cpu_count(), "cpus_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
            "python": platform.python_version(), "platform": platform.platform()}
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text()
        info["cpu"] = re.search(r"model name\s*:\s*(.*)", cpuinfo).group(1).strip()
        mem = re.search(r"MemTotal:\s*(\d+) kB", Path("/proc/meminfo").read_text()).group(1)
        info["memory"] = fmt_bytes(int(mem) * 1024)
    except (OSError, AttributeError):
        pass
    info["packages"] = {}
    for name in PACKAGES:
        with contextlib.suppress(metadata.PackageNotFoundError):
            info["packages"][name] = metadata.version(name)
    for tool, cmd in (("node", ["node", "--version"]), ("chromium", [chrome_path() or "chromium", "--version"])):
        try:
            info[tool] = subprocess.run(cmd, check=False, capture_output=True, text=True, timeout=30).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            info[tool] = "not found"
    return info


def load_average() -> str:
    try:
        return " / ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "?"


# ----------------------------------------------------------------------------- report

@dataclass
class Report:
    machine: dict = field(default_factory=dict)
    results: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def markdown(self) -> str:
        m, r = self.machine, self.results
        parts = ["## Machine\n",
                 (f"{m.get('cpu', '?')}, {m.get('nproc')} CPUs ({m.get('cpus_usable')} usable), {m.get('memory', '?')} RAM; "
                 f"{m.get('platform')}; Python {m.get('python')}; Node {m.get('node')}; {m.get('chromium')}.\n"),
                 "Packages: " + ", ".join(f"{k} {v}" for k, v in m.get("packages", {}).items())
                 + "".join(f"; Lighthouse {v}" for v in sorted({p.get("version") for p in r.get("lighthouse", {}).get("pages", []) if p.get("version")}))
                 + ".\n",
                 f"Load average (1/5/15 min) at start: {r.get('load_start')}; at end: {r.get('load_end')}.\n"]
        parts += ["\n## Summary against the targets\n", format_table(["Measure", "Result", "Target", "Met"], summary_rows(r))]
        parts += ["\n## Build stages\n", format_table(["Stage", "Cold", "Warm", "After one YAML edit"], stage_rows(r))]
        parts += ["\n## Bytes per page (first visit)\n", format_table(
            ["Page", "HTML", "CSS", "JS", "Images", "Total", "Total gzip", "Search (worker + index)", "Lighthouse transfer"], bytes_rows(r))]
        parts += ["\n## Lighthouse (mobile)\n", format_table(
            ["Page", "Performance (all runs)", "Accessibility", "Best practices", "SEO", "FCP / LCP / TBT", "Audits below 1"], lighthouse_rows(r))]
        if r.get("scale"):
            parts += ["\n## Scale (generator; synthetic data from scripts/synth.py)\n", format_table(
                ["Data", "Indicators / figures / tables", "YAML", "Generate cold", "Cold per 1x", "Figures", "Validation",
                 "Peak RSS", "No-change CLI", "No-change generate()", "MkDocs"], scale_rows(r))]
            parts += ["\n## `make check`: valid data against one bad value\n", format_table(
                ["Data", "Valid", "One bad value", "Ratio", "Target", "Met"], check_rows(r))]
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
        rows.append(["No-change rebuild of the generators, `reportgen generate` (CLI, median of 5)", fmt_seconds(nc.get("cli")),
                     f"< {TARGET_NOCHANGE_S} s", verdict(nc.get("cli") is not None and nc["cli"] < TARGET_NOCHANGE_S)])
        ip = nc.get("inprocess", {})
        if "error" in ip:
            rows.append(["No-change `generate()` in-process", f"failed: {ip['error']}", f"< {TARGET_NOCHANGE_S} s", "—"])
        else:
            rows.append(["No-change `generate()` in-process: first call / later calls (median)",
                         f"{fmt_seconds(ip.get('first'))} / {fmt_seconds(ip.get('median_next'))} (import {fmt_seconds(ip.get('import'))})",
                         f"< {TARGET_NOCHANGE_S} s", verdict(ip.get("first") is not None and ip["first"] < TARGET_NOCHANGE_S)])
    edit = r.get("edit", {})
    if edit:
        rows.append([f"Rebuild after one YAML edit (`{edit.get('indicator')}`): generators (CLI) / `make site`",
                     f"{fmt_seconds(edit.get('generate'))} ({edit.get('rendered')} files) / {fmt_seconds(edit.get('site'))}", "—", "—"])
    fl = r.get("floor", {})
    if fl and "error" not in fl:
        rows.append([f"Plain MkDocs, same {fl['pages']} pages (floor)", fmt_seconds(fl["plain"]), "—", "—"])
        rows.append(["Our MkDocs build (plugin: generator check + page templates + reader fixes)",
                     f"{fmt_seconds(fl['ours_mkdocs'])} ({ratio(fl['ours_mkdocs'], fl['plain'])})", f"≤ {TARGET_FLOOR_RATIO}x", "—"])
        total_ratio = fl["ours_total"] / fl["plain"]
        rows.append(["Our build, PDF aside (`reportgen generate` + MkDocs), warm", f"{fmt_seconds(fl['ours_total'])} ({total_ratio:.2f}x)",
                     f"≤ {TARGET_FLOOR_RATIO}x", verdict(total_ratio <= TARGET_FLOOR_RATIO)])
        if cold.get("stages"):
            cold_total = sum(v for k, v in cold["stages"].items() if k != "PDF")
            rows.append(["Our build, PDF aside, cold (figures rendered)", f"{fmt_seconds(cold_total)} ({cold_total / fl['plain']:.2f}x)",
                         f"≤ {TARGET_FLOOR_RATIO}x", verdict(cold_total / fl["plain"] <= TARGET_FLOOR_RATIO)])
    elif fl:
        rows.append(["Plain MkDocs floor", f"failed: {fl['error']}", f"≤ {TARGET_FLOOR_RATIO}x", "—"])
    weights = r.get("bytes", [])
    if weights:
        heaviest = max(weights, key=lambda w: w["total"])
        rows.append([f"Heaviest page, transferred with gzip as static hosts serve it, search aside (`{heaviest['page']}`)",
                     f"{fmt_bytes(heaviest['total_gz'])} ({fmt_bytes(heaviest['total'])} uncompressed)", "< 300 KB",
                     verdict(heaviest["total_gz"] < TARGET_PAGE_BYTES)])
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
        rows.append([f"Lighthouse (mobile), lowest of 4 pages, median of {runs} runs each", result, "100 each",
                     verdict(bool(lows) and min(lows.values()) == 100 and not errors)])
    sc = [s for s in r.get("scale", []) if "error" not in s]
    if len(sc) > 1:
        base = sc[0]
        per = [(s["cold"] / base["cold"]) / (s["factor"] / base["factor"]) for s in sc[1:]]
        rows.append(["Generator cost per unit of data, largest vs smallest size (cold)",
                     ", ".join(f"{s['factor']}x: {p:.2f}" for s, p in zip(sc[1:], per, strict=False)), "≈ 1 (linear)",
                     verdict(all(p <= 1.25 for p in per))])
    cores = r.get("figures_cores", {})
    if cores.get("1", {}).get("figures") and cores.get("all", {}).get("figures"):
        one, allc = cores["1"]["figures"], cores["all"]["figures"]
        rows.append([f"Figure rendering, {cores['1'].get('rendered')} SVGs: one process / all cores",
                     f"{fmt_seconds(one)} / {fmt_seconds(allc)} (speed-up {one / allc:.2f}x)", "—", "—"])
    return rows


def stage_rows(r: dict) -> list[list[object]]:
    cold, warm, edit = r.get("site_cold", {}), r.get("site_warm", {}), r.get("edit", {}).get("site_stages", {})
    rows = []
    names = ["validation", "figures", "tables", "downloads", "zh-Hant"]
    for name in names:
        rows.append([f"  {name} (inside `reportgen generate`)", fmt_seconds(cold.get("generator", {}).get(name)),
                     fmt_seconds(warm.get("generator", {}).get(name)) if warm.get("generator") else "skipped (stamp)",
                     fmt_seconds(r.get("edit", {}).get("generator", {}).get(name))])
    for name in ("generate (CLI)", "MkDocs", "PDF"):
        rows.append([f"`{name}`" if name != "generate (CLI)" else "`reportgen generate` (process)", fmt_seconds(cold.get("stages", {}).get(name)),
                     fmt_seconds(warm.get("stages", {}).get(name)), fmt_seconds(edit.get(name))])
    rows.append(["`make site` total", fmt_seconds(cold.get("seconds")), fmt_seconds(warm.get("seconds")), fmt_seconds(r.get("edit", {}).get("site"))])
    return rows


def bytes_rows(r: dict) -> list[list[object]]:
    lh = {p["page"]: p for p in r.get("lighthouse", {}).get("pages", [])}
    rows = []
    for w in r.get("bytes_shown", []):
        rows.append([w["page"], fmt_bytes(w["html"]), fmt_bytes(w["css"]), fmt_bytes(w["js"]), fmt_bytes(w["img"] + w["other"]),
                     fmt_bytes(w["total"]), fmt_bytes(w["total_gz"]), fmt_bytes(w["search"]),
                     fmt_bytes(lh.get(w["page"], {}).get("bytes"))])
    return rows


def lighthouse_rows(r: dict) -> list[list[object]]:
    lh = r.get("lighthouse", {})
    if lh.get("error"):
        return [["all", lh["error"], "", "", "", "", ""]]
    rows = []
    for p in lh.get("pages", []):
        if p.get("error"):
            rows.append([p["page"], f"failed: {p['error']}", "", "", "", "", ""])
            continue
        s = p["scores"]
        failed = "; ".join(f"{c}: {', '.join(a)}" for c, a in p.get("failed", {}).items() if a) or "none"
        m = p.get("metrics", {})
        timing = " / ".join(fmt_seconds(m[k] / 1000) if m.get(k) is not None else "—" for k in ("FCP", "LCP", "TBT"))
        runs = p.get("performance_runs", [])
        performance = f"{s.get('performance', '—')} ({', '.join(map(str, sorted(runs)))})" if len(runs) > 1 else s.get("performance", "—")
        rows.append([p["page"], performance, *[s.get(c, "—") for c in LIGHTHOUSE_CATEGORIES[1:]], timing, failed])
    return rows


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
        rows.append([f"{s['factor']}x", "/".join(counts.groups()) if counts else "?", fmt_bytes(s["data_bytes"]), fmt_seconds(s["cold"]),
                     f"{per:.2f}" if per else "—", fmt_seconds(s["stages"].get("figures")), fmt_seconds(s["stages"].get("validation")),
                     fmt_bytes(s["cold_rss_kb"] * 1024), fmt_seconds(s["nochange_cli"]),
                     fmt_seconds(ip.get("first")) if "error" not in ip else ip["error"],
                     (fmt_seconds(s.get("mkdocs")) if s.get("mkdocs") else s.get("mkdocs_error") or "—") if "mkdocs_rss_kb" in s else "not built"])
    return rows


def check_rows(r: dict) -> list[list[object]]:
    rows = []
    for s in r.get("scale", []):
        c = s.get("check_times")
        if c:
            rows.append([f"{s['factor']}x", fmt_seconds(c["valid"]), fmt_seconds(c["invalid"]), ratio(c["invalid"], c["valid"]),
                         f"≤ {TARGET_CHECK_RATIO}x", verdict(c["invalid"] <= TARGET_CHECK_RATIO * c["valid"])])
    return rows


# ----------------------------------------------------------------------------- main

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
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
            server, base = serve(site, compress=not args.no_gzip)
            pages = []
            try:
                for w in shown:
                    if left() < 5 * 60:
                        pages.append({"page": w["page"], "error": "skipped (time budget)"})
                        continue
                    url = base + w["page"].removesuffix("index.html")
                    result = lighthouse_median(cmd, url, BENCH / f"lighthouse-{w['page'].replace('/', '_')}.json", chrome, args.lighthouse_runs)
                    pages.append({"page": w["page"], **result})
            finally:
                server.shutdown()
            res["lighthouse"] = {"pages": pages}

    step("one YAML edit")
    indicator = edit_one_value(repo)
    if left() > 8 * 60:  # the whole `make site`, whose first command regenerates what the edit touched
        edited = make_site(repo, "edit")
        res["edit"] = {"indicator": indicator, "generate": edited["stages"].get("generate (CLI)"), "rendered": edited["rendered"],
                       "generator": edited["generator"], "site": edited["seconds"], "site_stages": edited["stages"]}
    else:
        gen = run([str(PY), "-m", "reportgen", "generate"], repo, env)
        rendered, stages = parse_generate_output(gen.stdout)
        res["edit"] = {"indicator": indicator, "generate": gen.seconds, "rendered": rendered, "generator": stages}

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
    report.notes.append("Times are wall-clock on a machine that may be shared; short measurements are medians "
                        f"of {args.repeat}-5 runs. Children run without PYTHONDONTWRITEBYTECODE (a developer's default).")
    report.notes.append("Bytes: every file a first visit fetches (lazy images included; for a figure, the wide drawing), uncompressed and gzip -6; "
                        "Lighthouse transfer is its total-byte-weight, what the browser actually fetched (lazy images below the fold not "
                        f"loaded) from a local server {'without compression' if args.no_gzip else 'that gzips text like a static host'}.")
    text = report.markdown()
    (BENCH / "report.md").write_text(text, encoding="utf-8")
    (BENCH / "results.json").write_text(json.dumps(asdict(report), indent=1, default=str), encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
