"""A local static server for the built site that gzips text like the hosts it is deployed to."""

from __future__ import annotations

import functools
import gzip
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


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


def serve(site: Path, compress: bool = True, port: int = 0) -> tuple[ThreadingHTTPServer, str]:
    """`site` served from a thread on `port` (any free one if 0)."""
    handler = type("Handler", (_Handler,), {"compress": compress})
    server = ThreadingHTTPServer(("127.0.0.1", port), functools.partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"
