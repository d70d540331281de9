"""Shared fixtures.

`built_site` builds the whole site once per test run in a temporary copy of the
repository with `reportgen build` (generate, the strict site, the PDFs).
Tests that need built HTML or PDFs reuse it instead of building again; they read it and
never change it. Under pytest-xdist one worker builds it and the others wait for it (a lock
file in the run's shared temporary folder: `run_once`, which modules use for their own costly
fixtures too, since work stealing may run a module's tests on both workers). The build starts
on a thread before the first test, and the tests that do not need it run first, so no worker
sits idle while it builds.

REPORT_TEST_DATA=<dir> builds from another data directory (e.g. tests/fixtures/data
while data/ is being edited) and REPORT_TEST_SOURCE=<dir> copies mkdocs.yml, docs/,
scripts/, overrides/ and data/ from another checkout; by default the repository is used.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from datafix import FIXTURE
from siteserve import served_site

ROOT = Path(os.environ.get("REPORT_TEST_SOURCE") or Path(__file__).resolve().parents[1]).resolve()
# Generated into docs/ by `reportgen generate`; the copy regenerates them.
_GENERATED = ("figures", "downloads")


@dataclass(frozen=True)
class BuiltSite:
    root: Path  # the temporary repository copy (REPORT_ROOT)
    site: Path  # the built site
    env: dict  # environment to run more commands against the copy
    pdf_output: str  # stdout of the first `reportgen pdf` run

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run `python <args>` in the copy, like the build did."""
        result = subprocess.run([sys.executable, *args], check=False, cwd=self.root, env=self.env, capture_output=True, text=True)
        if check and result.returncode:
            pytest.fail(f"`python {' '.join(args)}` failed ({result.returncode}):\n{result.stdout}\n{result.stderr}", pytrace=False)
        return result


def _ignore_generated(directory: str, names: list[str]) -> set[str]:
    path = Path(directory)
    if path == ROOT / "docs":
        return {n for n in names if n == "zh-Hant"}
    if path.parent == ROOT / "docs":
        return {n for n in names if n in _GENERATED}
    return {n for n in names if n in ("__pycache__",)}


def copy_repo(dest: Path) -> Path:
    """Copy what a site build reads (not build outputs) into `dest`."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    for name in ("docs", "scripts", "overrides"):
        shutil.copytree(ROOT / name, dest / name, ignore=_ignore_generated)
    data = Path(os.environ.get("REPORT_TEST_DATA") or ROOT / "data")
    shutil.copytree(data, dest / "data", ignore=_ignore_generated)
    return dest


def warm_copy(built: BuiltSite, dest: Path) -> Path:
    """The shared build's repository copied with what it generated and its caches (build/), its
    site aside: a build there redoes only what a test changed, as on a contributor's machine."""
    shutil.copytree(built.root, dest, ignore=lambda folder, names: {built.site.name} if Path(folder) == built.root else set())
    return dest


def build_env(root: Path) -> dict:
    env = dict(os.environ)
    env.update(REPORT_ROOT=str(root), PYTHONPATH=str(root / "scripts"), NO_MKDOCS_2_WARNING="1")
    env.setdefault("SOURCE_DATE_EPOCH", "1767484800")
    # Built for a GitHub Pages project address, as the deploy workflow does (SITE_URL).
    env.setdefault("SITE_URL", "https://owner.github.io/report/")
    return env


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A copy of tests/fixtures/data to edit."""
    shutil.copytree(FIXTURE, tmp_path / "data")
    return tmp_path / "data"


def _needs_site(item) -> bool:
    return "built_site" in getattr(item, "fixturenames", ())


def pytest_collection_modifyitems(items) -> None:
    """Whatever needs the built site is slow (`make test-fast` leaves it out), and runs after
    what does not (a stable sort: each module's tests stay together, in their order)."""
    for item in items:
        if _needs_site(item):
            item.add_marker(pytest.mark.slow)
    items.sort(key=_needs_site)


def _build_site(folder: Path) -> dict:
    root = copy_repo(folder)
    built = BuiltSite(root, root / "site", build_env(root), "")
    done = built.run("-m", "reportgen", "build")  # the order of the steps is written once, in reportgen/build.py
    return {"root": str(root), "pdf_output": done.stdout}


def run_once(shared: Path, name: str, make: Callable[[Path], Any]) -> Any:
    """What `make(folder)` returns (JSON), made in `shared`/`name` by whichever process of the run
    takes the lock first and read back from its record by every other one: under xdist's work
    stealing a module's tests may run on both workers, which would each make its fixture."""
    with (shared / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        record = shared / f"{name}.json"
        if record.exists():
            return json.loads(record.read_text(encoding="utf-8"))
        folder = shared / name
        shutil.rmtree(folder, ignore_errors=True)  # what a process that failed left
        folder.mkdir(parents=True)
        value = make(folder)
        record.write_text(json.dumps(value), encoding="utf-8")
        return value


class SharedBuild:
    """The built site of this run (`run_once`). `start` builds on a thread; `get` waits for it."""

    def __init__(self, shared: Path) -> None:
        self.shared = shared  # the same folder for every worker of this run
        self.thread: threading.Thread | None = None
        self.built: BuiltSite | None = None
        self.failure: BaseException | None = None

    def start(self) -> None:
        self.thread = threading.Thread(target=self._build, name="built_site", daemon=True)
        self.thread.start()

    def get(self) -> BuiltSite:
        if self.thread is None:
            self._build()
        else:
            self.thread.join()
        if self.failure is not None:  # a failed build fails every test that needs it, with its reason
            raise self.failure
        return self.built

    def _build(self) -> None:
        try:
            saved = run_once(self.shared, "built_site", _build_site)
            root = Path(saved["root"])
            self.built = BuiltSite(root, root / "site", build_env(root), saved["pdf_output"])
        except BaseException as error:  # pytest.fail raises outside Exception; the thread hands it on
            self.failure = error


def _run_folder(tmp_path_factory) -> Path:
    """The folder every process of this run shares (under xdist, each worker has one inside it)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session", autouse=True)
def _bytecode_kept() -> None:
    """The commands the tests run keep their compiled modules (__pycache__/, ignored by git), even
    where PYTHONDONTWRITEBYTECODE is set, as on the CI machines: a build compiles the engine once,
    not once per process, and a copy of the shared build's checkout reuses its bytecode."""
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)


@pytest.fixture(scope="session")
def run_folder(tmp_path_factory) -> Path:
    return _run_folder(tmp_path_factory)


@pytest.fixture(scope="session")
def shared_build(run_folder) -> SharedBuild:
    return SharedBuild(run_folder)


@pytest.fixture(scope="session", autouse=True)
def _start_shared_build(request, _bytecode_kept, shared_build) -> None:
    """Before the first test: start the build if any test of this process's run needs it."""
    if any(_needs_site(item) for item in request.session.items):
        shared_build.start()


@pytest.fixture(scope="session")
def built_site(shared_build) -> BuiltSite:
    return shared_build.get()


@pytest.fixture(scope="module")
def dataset(built_site):
    """The shared build's data (a module may define its own `dataset` from data/ instead)."""
    from reportgen.model.validate import load_dataset

    return load_dataset(built_site.root / "data")


@pytest.fixture(scope="session")
def served_root(tmp_path_factory) -> Path:
    """The folder the test server serves: the site at its sub-path, and beside it what a test
    loads from the same server (axe-core for the browser tests)."""
    return tmp_path_factory.mktemp("serve")


@pytest.fixture(scope="session")
def server(built_site, served_root):
    """The built site served under a sub-path, as GitHub Pages does (tests/siteserve.py)."""
    with served_site(built_site.site, served_root) as base:
        yield base


@pytest.fixture(scope="session")
def browser(built_site, server):
    """Chromium on the served site, one per test process, shared by the browser test modules
    (tests/browserkit.py): a launch costs about a CPU-second."""
    from browserkit import launched

    with launched(server, built_site.site, built_site.env["SITE_URL"]) as opened:
        yield opened
