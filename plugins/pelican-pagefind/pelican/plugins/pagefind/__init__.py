"""Pagefind's search index, built while Pelican writes the site.

A `pagefind --service` process (the binary the pagefind package drives) runs
beside each build: every HTML page goes down its stdin as soon as Pelican has
written it, and Pagefind parses it on the other core while Pelican renders the
next. When the build ends Pagefind builds the index and hands its files back,
and they are written to OUTPUT_PATH/pagefind/, replacing the old bundle. (Not
by Pagefind's WriteFiles: the service exits as soon as its stdin closes, and
its last file writes may still be under way when it has replied, which left
files cut short.) Under `pelican -r` each rebuild has its own process.

This speaks the protocol of the pagefind package (pagefind.service: base64
JSON messages, each ended by a comma, with its request types) rather than
calling pagefind.index.PagefindIndex, because that waits 0.1 s before reading
each reply: a call per page caps at ten pages a second, five minutes for 3,000
posts. Here no page waits for its reply; the replies are read at the end.

Only pages with data-pagefind-body (the theme marks article and page bodies)
are sent: once one page has it, Pagefind drops the others, as `pagefind --site`
does. If no page has it, every page is sent at the end, as --site would then
index every <body>.

A failure is one line in the build's log, never a traceback, and the site is
still written. With PAGEFIND_REQUIRED = True (as a publishing settings file should set it) the build
then exits with status 1, so that `make publish` never ships a site whose
search finds nothing.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import shutil
import subprocess
import tempfile
import time

from pelican import signals

log = logging.getLogger(__name__)

MARK = b"data-pagefind-body"
BUNDLE = "pagefind"


class PagefindFailed(Exception):
    """Pagefind could not start, stopped, or refused a request."""


class Service:
    """One `pagefind --service` process holding one index for one build."""

    def __init__(self, output_path: str):
        from pagefind.service import get_executable  # noqa: PLC0415 (only builds need it)

        binary = get_executable()
        if binary is None:
            raise PagefindFailed("no pagefind binary (pip install pagefind[bin])")
        self.output_path = output_path
        self.stderr = tempfile.TemporaryFile()
        self.process = subprocess.Popen(  # a panic's message without a backtrace
            [str(binary), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=self.stderr, env={**os.environ, "RUST_BACKTRACE": "0"})
        self.last_id = 0
        self.pages: dict[int, str] = {}  # message id -> page, to name one Pagefind refused
        self.unmarked: list[str] = []
        self.replies = b""
        try:  # a binary that cannot start fails here, not at the end of the build
            self.read_replies(self.send({"type": "NewIndex", "config": None}), [])
        except Exception:
            self.kill()
            raise

    def send(self, payload: dict) -> int:
        """Write one request to Pagefind's stdin without waiting for its reply."""
        self.last_id += 1
        message = {"message_id": self.last_id, "payload": payload}
        try:
            self.process.stdin.write(base64.b64encode(json.dumps(message).encode()) + b",")
            self.process.stdin.flush()
        except OSError:
            raise PagefindFailed(self.stopped()) from None
        return self.last_id

    def add(self, path: str, anyway: bool = False) -> None:
        """Send one written page; one without data-pagefind-body is only noted, unless anyway."""
        with open(path, "rb") as f:
            html = f.read()
        if MARK not in html and not anyway:
            self.unmarked.append(path)
            return
        name = os.path.relpath(path, self.output_path).replace(os.sep, "/")
        if name.startswith("../"):  # written elsewhere (the devserver's page written first): not this build's
            return
        message_id = self.send({"type": "AddFile", "index_id": 0, "file_path": name,
                                "url": None, "file_contents": html.decode("utf-8")})
        self.pages[message_id] = name

    def write(self) -> tuple[int, list[str]]:
        """Write the bundle, replacing the old one: the pages sent, and those refused."""
        if not self.pages:  # nothing marked: --site would index every page's <body>
            for path in self.unmarked:
                self.add(path, anyway=True)
        refused: list[str] = []
        files = self.read_replies(self.send({"type": "GetFiles", "index_id": 0}), refused)["files"]
        self.close()
        bundle = os.path.join(self.output_path, BUNDLE)
        shutil.rmtree(bundle, ignore_errors=True)
        for file in files:
            path = os.path.join(bundle, file["path"])
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(base64.b64decode(file["content"]))
        return len(self.pages), refused

    def read_replies(self, until: int, refused: list[str]) -> dict:
        """Read Pagefind's replies up to message `until`, noting the pages it refused; its payload."""
        parts = [self.replies]  # joined only once a reply is complete: GetFiles's is megabytes
        while True:
            *complete, self.replies = b"".join(parts).split(b",")
            parts = [self.replies]
            for raw in complete:
                reply = json.loads(base64.b64decode(raw))
                message_id, payload = reply.get("message_id"), reply["payload"]
                if payload["type"] == "Error":
                    if message_id not in self.pages:
                        raise PagefindFailed(payload["message"])
                    refused.append(f"{self.pages[message_id]}: {payload['message']}")
                if message_id == until:
                    return payload
            while True:  # to the end of the next reply
                chunk = self.process.stdout.read1(1 << 20)
                if not chunk:
                    raise PagefindFailed(self.stopped())
                parts.append(chunk)
                if b"," in chunk:
                    break

    def stopped(self) -> str:
        """Why the process stopped: its exit status and what it wrote to stderr, in one line."""
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        self.stderr.seek(0)
        said = [line.strip() for line in self.stderr.read().decode("utf-8", "replace").splitlines()
                if line.strip() and not line.startswith("note:")]
        self.kill()
        return f"it stopped (exit status {self.process.returncode})" + (
            f": {' '.join(said[:2])}" if said else "")

    def close(self) -> None:
        """End the process the gentle way: at the end of its stdin it exits by itself."""
        self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        self.kill()

    def kill(self) -> None:
        """End the process if it still runs, reap it and close its pipes (safe to repeat)."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        for stream in (self.process.stdin, self.process.stdout, self.stderr):
            try:
                stream.close()
            except OSError:  # stdin's last bytes, with no one left to read them
                pass


_service: Service | None = None
_failed = False  # this build's index failed: a build that requires one stops at the end


def _fail(error: Exception, service: Service | None) -> None:
    """Log why the index was not written, in one line, and end the service."""
    global _failed
    _failed = True
    reason = str(error) if isinstance(error, PagefindFailed) else f"{type(error).__name__}: {error}"
    log.error("Pagefind: %s; the search index was not written", reason)
    if service is not None:
        service.kill()


def start(generators) -> None:
    """Start a Pagefind service for this build (ending any a failed build left behind)."""
    global _service, _failed
    if _service is not None:
        _service.kill()
    _service, _failed = None, False
    settings = generators[0].settings
    if settings.get("WRITE_SELECTED"):  # a few pages written: an index of them would lose the rest
        log.info("Pagefind: WRITE_SELECTED is set, the search index is left as it was")
        return
    try:
        _service = Service(settings["OUTPUT_PATH"])
    except Exception as error:  # noqa: BLE001 (the search index must not cost the site)
        _fail(error, None)


def add_page(path, context) -> None:
    """Send a page Pelican has just written to Pagefind."""
    global _service
    if _service is not None and path.endswith(".html"):
        try:
            _service.add(path)
        except Exception as error:  # noqa: BLE001
            _fail(error, _service)
            _service = None


def write_index(pelican) -> None:
    """Have Pagefind write OUTPUT_PATH/pagefind/ and end its process; where the index is
    required and failed, end the build with status 1 once the site is written."""
    global _service
    service, _service = _service, None
    if service is not None:
        _write(service)
    if _failed and pelican.settings.get("PAGEFIND_REQUIRED"):
        # SystemExit, as Pelican prints no traceback for it: the line above says why.
        log.critical("Pagefind: this build requires a search index (PAGEFIND_REQUIRED): it stops here")
        raise SystemExit(1)


def _write(service: Service) -> None:
    global _failed
    started = time.perf_counter()
    try:
        sent, refused = service.write()
    except Exception as error:  # noqa: BLE001
        _fail(error, service)
        return
    if refused:
        _failed = True
        log.error("Pagefind could not index %d page(s), the first %s", len(refused), refused[0])
    log.info("Pagefind indexed %d pages into %s, %.2f s after the last page", sent - len(refused),
             os.path.join(service.output_path, BUNDLE), time.perf_counter() - started)


def register():
    """Connect the plugin to Pelican: start with the build, feed each page, write at the end."""
    signals.all_generators_finalized.connect(start)
    signals.content_written.connect(add_page)
    signals.finalized.connect(write_index)
