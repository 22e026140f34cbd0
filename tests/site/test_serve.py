"""`make serve` builds and serves; `make devserver` rebuilds when a post changes."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from contextlib import contextmanager
from urllib.error import URLError

import pytest

from tests.conftest import REPO
from tests.site.test_search_index import fragments


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, until, timeout: float = 120) -> bytes:
    """GET url until until(body) holds, or fail after timeout seconds."""
    deadline, last = time.monotonic() + timeout, None
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                body = r.read()
                if until(body):
                    return body
                last = f"status {r.status}, not the expected page yet"
        except (URLError, ConnectionError, OSError) as e:
            last = e
        time.sleep(0.5)
    pytest.fail(f"{url}: {last}")


@contextmanager
def make_in_background(*args: str):
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    child = subprocess.Popen(["make", "--no-print-directory", *args], cwd=REPO, env=env,
                             stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        yield child
    finally:
        os.killpg(child.pid, signal.SIGTERM)  # make, pelican and its workers: this test's own
        try:
            child.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()


def test_make_serve_builds_and_serves(tmp_path):
    port = free_port()
    with make_in_background("serve", f"PORT={port}", f"OUTPUTDIR={tmp_path / 'out'}") as child:
        home = get(f"http://127.0.0.1:{port}/", until=lambda body: b"</html>" in body)
        assert child.poll() is None
    assert b"Tight Calves" in home
    assert (tmp_path / "out" / "pagefind" / "pagefind.js").is_file()


def test_make_devserver_rebuilds_on_change(tmp_path):
    source = tmp_path / "content"
    shutil.copytree(REPO / "content", source)
    port, url = free_port(), None
    with make_in_background("devserver", f"PORT={port}", f"INPUTDIR={source}",
                            f"OUTPUTDIR={tmp_path / 'out'}"):
        url = f"http://127.0.0.1:{port}/"
        get(url, until=lambda body: b"</html>" in body)
        # The watcher may start after the server: write the post again until it is picked up.
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            (source / "a-new-post.md").write_text(
                "Title: Freshly written\nDate: 2030-01-01 08:00\nSlug: freshly-written\n\n"
                f"Written at {time.monotonic()}.\n", encoding="utf-8")
            time.sleep(3)
            if b"Freshly written" in get(url, until=lambda body: True):
                break
        else:
            pytest.fail("devserver did not rebuild after a new post was written")
        # The rebuild indexed its pages for search too: the new post is in the index.
        while time.monotonic() < deadline:
            try:
                if "/2030/01/freshly-written/" in fragments(tmp_path / "out" / "pagefind"):
                    return
            except (OSError, ValueError):  # the bundle is being replaced just now
                pass
            time.sleep(1)
    pytest.fail("the rebuild did not index the new post for search")
