"""Serve a built site under a sub-path, as GitHub Pages does (`http://127.0.0.1:<port>/REPO/`),
for tests/test_browser.py and tests/test_links.py."""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from pathlib import Path

LANG_DIRS = {"zh": "", "zh-Hant": "zh-Hant/", "en": "en/"}
SUB_PATH = "REPO"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        pass  # the browser closing a connection early (aborted fetch, closed page) is not a failure


@contextlib.contextmanager
def served_site(site: Path, tmp: Path):
    """Yield the base URL (ending in /REPO/) of `site` served from a thread."""
    (tmp / SUB_PATH).symlink_to(site, target_is_directory=True)
    handler = functools.partial(_Quiet, directory=str(tmp))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/{SUB_PATH}/"
    finally:
        server.shutdown()
        server.server_close()


def site_pages(site: Path, lang: str) -> list[str]:
    """Every page of one language, as URLs relative to the site root ("en/talent/")."""
    root = site / LANG_DIRS[lang]
    found = []
    for path in sorted(root.rglob("index.html")):
        rel = path.relative_to(site)
        if lang == "zh" and rel.parts[0] in ("zh-Hant", "en"):
            continue
        found.append("/".join(rel.parts[:-1]) + ("/" if len(rel.parts) > 1 else ""))
    return found
