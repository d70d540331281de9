"""`make serve`: an edit shows on the served page, and a figure it changed follows: the preview
draws changed figures after the page shows, then rebuilds once more (reportgen.generate's
`defer`, the plugin's after-build thread). Its pages cite the published address, as the built
pages do, so the preview starts from the build's page conversions."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

from conftest import build_env, warm_copy
from reportgen.tools.bench.preview import get, wait_for

TITLE = "between millions and a hundred billion yuan"  # the end of money-all's English title, in data/figures.yaml


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_figure_edit_shows_on_the_page_then_in_the_figure(built_site, tmp_path: Path) -> None:
    root = warm_copy(built_site, tmp_path / "repo")
    port = _free_port()
    env = build_env(root)  # the shared build's SITE_URL: served under its path, cited by its address
    base = f"http://127.0.0.1:{port}{urlparse(env['SITE_URL']).path}"
    log = (tmp_path / "serve.log").open("w")
    serve = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}"],
        cwd=root,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        assert wait_for(base + "en/money/", TITLE, 300) is not None, "mkdocs serve did not start"
        assert f"{env['SITE_URL']}en/money/" in get(base + "en/money/")  # its citations name the published address
        spec = root / "data" / "figures.yaml"
        assert TITLE in spec.read_text(encoding="utf-8")
        spec.write_text(spec.read_text(encoding="utf-8").replace(TITLE, f"{TITLE} (edited)"), encoding="utf-8")
        assert wait_for(base + "en/money/", f"{TITLE} (edited)", 120) is not None  # the citation of the figure names it
        assert wait_for(base + "en/figures/money-all.svg", "(edited)", 120) is not None
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(serve.pid, signal.SIGTERM)
        serve.wait(timeout=30)
        log.close()
    text = (tmp_path / "serve.log").read_text(encoding="utf-8")
    assert "figures and downloads drawn after the page showed" in text, text[-2000:]
