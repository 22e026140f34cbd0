"""A local stand-in for GitHub Pages serving a project page.

Only addresses under PREFIX (`/diary/`) exist; they map to the output folder.
A folder is served by its index.html, `/diary/2024` redirects to `/diary/2024/`,
and anything missing gets the site's 404.html with status 404. Every request's
path is kept in `requests`, in order (what a page really fetched, favicons too,
which a browser asks for without telling the page).
"""

from __future__ import annotations

import functools
import io
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Handler(SimpleHTTPRequestHandler):
    prefix = "/diary/"
    requests: list[str] = []

    def log_message(self, format, *args):  # noqa: A002 (the stdlib's name)
        """Quiet: the tests report what matters."""

    def _under_prefix(self) -> bool:
        path = urlsplit(self.path).path
        return path.startswith(self.prefix) or path == self.prefix.rstrip("/")

    def translate_path(self, path: str) -> str:
        path = unquote(urlsplit(path).path)
        rest = path[len(self.prefix.rstrip("/")):].lstrip("/")
        return super().translate_path("/" + rest)

    def send_head(self):
        self.requests.append(urlsplit(self.path).path)
        if not self._under_prefix() or not Path(self.translate_path(self.path)).exists():
            return self._not_found()
        return super().send_head()  # a folder: redirect to its slash, then its index.html

    def _not_found(self):
        page = Path(self.directory) / "404.html"
        body = page.read_bytes() if page.exists() else b"not found"
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def list_directory(self, path):
        """A folder without index.html does not exist, as on GitHub Pages."""
        return self._not_found()


class SiteServer:
    """Serve OUTPUT under PREFIX on 127.0.0.1, on a free port, in a thread."""

    def __init__(self, output: Path, prefix: str = "/diary/"):
        self.output = Path(output)
        self.prefix = prefix
        self.requests: list[str] = []
        handler = type("Handler", (_Handler,), {"prefix": prefix, "requests": self.requests})
        self._httpd = ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(handler, directory=str(self.output)))
        self.port = self._httpd.server_address[1]
        self.root_url = f"http://127.0.0.1:{self.port}{prefix}"
        self.siteurl = self.root_url.rstrip("/")
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def __enter__(self) -> SiteServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

