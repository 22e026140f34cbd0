"""A local stand-in for GitHub Pages serving a project page.

Only addresses under PREFIX (`/diary/`) exist; they map to the output folder.
A folder is served by its index.html, `/diary/2024` redirects to `/diary/2024/`,
`/diary/x` is x.html where there is no folder x, and anything missing gets the
site's 404.html with status 404. Every request's
path is kept in `requests`, in order (what a page really fetched, favicons too,
which a browser asks for without telling the page).
"""

from __future__ import annotations

import threading
from pathlib import Path
from urllib.parse import urlsplit

from pelican.plugins.running_diary.plugin.preview import PagesHandler, make_server


class _Handler(PagesHandler):
    requests: list[str] = []

    def send_head(self):
        self.requests.append(urlsplit(self.path).path)
        return super().send_head()


class SiteServer:
    """Serve OUTPUT under PREFIX on 127.0.0.1, on a free port, in a thread: the handler
    is the one `make serve` uses (diary/plugin/preview.py), with every request kept."""

    def __init__(self, output: Path, prefix: str = "/diary/"):
        self.output = Path(output)
        self.prefix = prefix
        self.requests: list[str] = []
        handler = type("Handler", (_Handler,), {"requests": self.requests})
        self._httpd = make_server(self.output, "127.0.0.1", 0, prefix, handler)
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
