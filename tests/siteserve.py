"""Serve a built site under a sub-path, as GitHub Pages does (`http://127.0.0.1:<port>/REPO/`),
and what tests need to know about a built site: its languages' folders, pages, site_url."""

from __future__ import annotations

import contextlib
import functools
import http.server
import re
import ssl
import threading
from pathlib import Path

from reportgen.config import PATHS

LANG_DIRS = {lang.code: PATHS.lang_dir(lang.code) for lang in PATHS.languages}
NOT_FOUND = {"zh": "页面不存在", "zh-Hant": "頁面不存在", "en": "Page not found"}  # each 404 page's heading
OTHER_DIRS = {folder.rstrip("/") for folder in LANG_DIRS.values() if folder}
SUB_PATH = "REPO"


class _Pages(http.server.SimpleHTTPRequestHandler):
    """Static files; a missing one gets the site's root 404.html with status 404, as on GitHub Pages."""

    mount = SUB_PATH

    def log_message(self, *args) -> None:
        pass

    def send_response(self, code, message=None) -> None:
        super().send_response(code, message)
        if code in (200, 304):
            # Fresh for ten minutes, as GitHub Pages serves a file: the browser takes what every page
            # shares (styles, scripts, axe-core) from its cache instead of asking again on each page.
            # A missing file is never cached: each page that asks for it gets its 404 (and its error).
            self.send_header("Cache-Control", "max-age=600")

    def end_headers(self) -> None:
        self.send_header("Access-Control-Allow-Origin", "*")  # as GitHub Pages sends with every file
        super().end_headers()

    def send_error(self, code, message=None, explain=None) -> None:
        page = Path(self.directory) / self.mount / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        return None


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        pass  # the browser closing a connection early (aborted fetch, closed page) is not a failure


@contextlib.contextmanager
def served_site(site: Path, tmp: Path, mount: str = SUB_PATH, tls: ssl.SSLContext | None = None):
    """Yield the base URL (ending in /<mount>/) of `site` served from a thread (over TLS with `tls`)."""
    (tmp / mount).parent.mkdir(parents=True, exist_ok=True)
    (tmp / mount).symlink_to(site, target_is_directory=True)
    handler = functools.partial(type("Handler", (_Pages,), {"mount": mount}), directory=str(tmp))
    server = _Server(("127.0.0.1", 0), handler)
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"{'https' if tls else 'http'}://127.0.0.1:{server.server_address[1]}/{mount}/"
    finally:
        server.shutdown()
        server.server_close()


def site_pages(site: Path, lang: str) -> list[str]:
    """Every page of one language, as URLs relative to the site root ("en/talent/")."""
    root = site / LANG_DIRS[lang]
    found = []
    for path in sorted(root.rglob("index.html")):
        rel = path.relative_to(site)
        if not LANG_DIRS[lang] and rel.parts[0] in OTHER_DIRS:
            continue  # the default language sits at the root, beside the others
        found.append("/".join(rel.parts[:-1]) + ("/" if len(rel.parts) > 1 else ""))
    return found


def canonical(html: str) -> str:
    """A page's canonical address."""
    return re.search(r'<link rel="canonical" href="([^"]+)"', html).group(1)


def site_url(site: Path) -> str:
    """The site_url the site was built for, read from the home page's canonical link."""
    return canonical((site / "index.html").read_text(encoding="utf-8"))
