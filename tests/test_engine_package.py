"""The engine as a product: built into a wheel, installed into an environment of its own with
nothing else from this repository (its libraries come from the project's environment, the
engine from the wheel only), it starts a new report with `reportgen new` and builds it strict
in three languages with PDFs, and builds the second report (tests/fixtures/second-report/)
copied out alone, in four languages (Japanese the fourth): no scripts/, no overrides/ of this
repository, nothing symlinked."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from conftest import run_once

ROOT = Path(__file__).resolve().parents[1]
SECOND = Path(__file__).parent / "fixtures" / "second-report"
pytestmark = pytest.mark.slow  # builds sites with PDFs


def _run(args: list, cwd: Path, env: dict) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0 and "Traceback" not in done.stderr, f"{args}:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    return done


@pytest.fixture(scope="module")
def engine(run_folder) -> tuple[Path, Path, dict]:
    """(the wheel, the environment's bin/, its environment variables), made once per run."""
    wheel, bin_dir = map(Path, run_once(run_folder, "engine", _installed_engine))
    return wheel, bin_dir, _env(bin_dir)


def _clean() -> dict:
    """This environment without what points at this repository's report."""
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "REPORT_ROOT", "SITE_URL")}


def _env(bin_dir: Path) -> dict:
    clean = _clean()
    return {**clean, "PATH": f"{bin_dir}{os.pathsep}{clean['PATH']}", "SOURCE_DATE_EPOCH": "1767484800"}


def _installed_engine(tmp: Path) -> tuple[str, str]:
    source = tmp / "source"  # what the wheel is built from: the package and its metadata, not the report
    (source / "scripts").mkdir(parents=True)
    shutil.copy2(ROOT / "pyproject.toml", source)
    shutil.copytree(ROOT / "scripts" / "reportgen", source / "scripts" / "reportgen", ignore=shutil.ignore_patterns("__pycache__"))
    clean = _clean()
    # Built by the backend pyproject.toml names, installed in this environment (the lock pins it):
    # an isolated build would first make an environment and install setuptools into it.
    _run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", tmp / "dist", source], tmp, clean)
    wheel = next((tmp / "dist").glob("reportgen-*.whl"))
    venv = tmp / "env"
    _run([sys.executable, "-m", "venv", "--without-pip", venv], tmp, clean)
    site = Path(sysconfig.get_path("purelib", vars={"base": str(venv), "platbase": str(venv)}))
    # The libraries the engine needs, from the project's environment (a path line: its editable
    # install of the engine, a .pth of that folder, is not read from there).
    (site / "libraries.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    _run([sys.executable, "-m", "pip", "--python", venv / "bin" / "python", "install", "-q", "--no-deps", wheel], tmp, clean)
    where = _run([venv / "bin" / "python", "-c", "import reportgen; print(reportgen.__file__)"], tmp, _env(venv / "bin")).stdout
    assert Path(where.strip()).is_relative_to(site), where  # the wheel's engine, not this repository's
    return str(wheel), str(venv / "bin")


def test_the_wheel_carries_the_theme_the_words_the_pdf_template_and_the_scaffold(engine) -> None:
    names = set(zipfile.ZipFile(engine[0]).namelist())
    for name in ("site/theme/main.html", "site/theme/partials/search.html", "site/theme/assets/report.css", "i18n/words/en.yaml", "pdf/report.typ"):
        assert f"reportgen/{name}" in names
    assert {"reportgen/scaffold/github/workflows/deploy.yml", "reportgen/scaffold/data/site.yaml", "reportgen/scaffold/docs/en/index.md"} <= names
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    text = zipfile.ZipFile(engine[0]).read(entry_points).decode()
    assert "reportgen = reportgen.cli:main" in text and "report = reportgen.site.plugin.plugin:ReportPlugin" in text


def _editions(site: Path, langs: tuple[str, ...] = ("zh", "zh-Hant", "en")) -> None:
    for lang, folder in ((lang, "" if lang == langs[0] else f"{lang}/") for lang in langs):
        page = (site / folder / "index.html").read_text(encoding="utf-8")
        assert f'<html lang="{lang}"' in page
        assert (site / folder / "downloads" / f"report-{lang}.pdf").read_bytes().startswith(b"%PDF-")


def test_a_new_report_checks_and_builds_strict_with_its_pdfs(engine, tmp_path: Path) -> None:
    wheel, bin_dir, env = engine
    report = tmp_path / "my-report"
    said = _run([bin_dir / "reportgen", "new", report, "--engine", f"reportgen @ {wheel.as_uri()}"], tmp_path, env).stdout
    assert f"a new report in {report}" in said
    assert (report / "requirements.txt").read_text(encoding="utf-8").endswith(f"reportgen @ {wheel.as_uri()}\n")
    assert {".github/workflows/deploy.yml", ".github/workflows/pr.yml", ".gitignore", "Makefile", "README.md", "CONTRIBUTING.md"} <= {
        p.relative_to(report).as_posix() for p in report.rglob("*") if p.is_file()
    }
    assert "data/ is valid: 2 indicators" in _run([bin_dir / "reportgen", "check"], report, env).stdout
    _run([bin_dir / "reportgen", "translations", "--check"], report, env)  # its English recorded as checked
    _run([bin_dir / "reportgen", "build"], report, env)
    _editions(report / "site")
    page = (report / "site" / "en" / "index.html").read_text(encoding="utf-8")
    assert "Place A" in page and "CNY 50 billion" in page and "Figure 1" in page
    assert (report / "site" / "assets" / "report.css").is_file()  # the engine's styles, from the wheel
    assert '<a href="../en/reference/">Data field reference</a> ·' in page and '<a href="../en/status/">Translation status</a>' in page
    refused = subprocess.run([bin_dir / "reportgen", "new", report], cwd=tmp_path, env=env, capture_output=True, text=True, check=False)
    assert refused.returncode == 1 and refused.stderr.strip() == f"{report}: a new report needs a new or empty folder"


def test_the_second_report_builds_alone_with_the_installed_engine(engine, tmp_path: Path) -> None:
    """Another subject (two provinces' education budgets, another mix of units and figures)."""
    _, bin_dir, env = engine
    root = tmp_path / "report"
    shutil.copytree(SECOND, root)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "remote", "add", "origin", "https://github.com/acme/budgets.git"], check=True)
    result = _run([bin_dir / "reportgen", "build"], root, env)
    assert "site_url: https://acme.github.io/budgets/ (git remote origin https://github.com/acme/budgets.git)" in result.stderr
    site = root / "site"
    _editions(site, ("zh", "zh-Hant", "en", "ja"))  # a fourth language, declared in its data: Japanese
    zh, hant, en, ja = ((site / sub / "index.html").read_text(encoding="utf-8") for sub in ("", "zh-Hant", "en", "ja"))
    assert '<link rel="canonical" href="https://acme.github.io/budgets/">' in zh
    assert "甲省" in zh and "860亿元" in zh and "甲省" in hant and "860億元" in hant
    assert "Province A" in en and "CNY 86 billion" in en and "Figure 2" in en
    assert "not yet been checked" not in en  # its translations are confirmed like the report's
    assert "report-contribute" not in en  # no maintainers' pages: the footer links none
    assert "<th>Province</th>" in en and "<th>省份</th>" in zh  # what it compares, as its data says (site.yaml's compared)
    # Japanese: 億 from Babel, its own quotation marks, its catalogue's words, its faces, its search index and PDF.
    assert "860億元" in ja and "約120校" in ja and '「<span class="quotation" lang="zh-Hans">力争2026年教育支出860亿元</span>」' in ja and "<th>省</th>" in ja
    assert "Noto Sans CJK JP" in (root / "docs" / "ja" / "figures" / "spending.svg").read_text(encoding="utf-8")
    assert json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"]["ja"]["page_count"] == 2
    assert "ja-JP" in subprocess.run(["pdfinfo", "-meta", site / "ja" / "downloads" / "report-ja.pdf"], capture_output=True, text=True).stdout
    names = {p.name for p in (root / "docs" / "en" / "figures").glob("*.svg")}
    assert names == {f"{stem}{kind}.svg" for stem in ("spending", "schools", "growth") for kind in ("", ".narrow")}
