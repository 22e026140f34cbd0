"""`make serve` builds and serves; `make devserver` rebuilds when a post changes.

Both serve as GitHub Pages does (running_diary/plugin/preview.py): a crawl of every
link from the home page answers the same under `make serve`, `make devserver` and a
plain static server of `make publish`'s output; a save made during a rebuild is built.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import sys
import urllib.request
from contextlib import contextmanager
from html.parser import HTMLParser
from urllib.error import HTTPError, URLError
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

from tests.conftest import REPO, run_make
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
        time.sleep(0.1)
    pytest.fail(f"{url}: {last}")


@contextmanager
def make_in_background(*args: str, log=None):
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    out = open(log, "w") if log else subprocess.DEVNULL  # noqa: SIM115 (closed below)
    child = subprocess.Popen(["make", "--no-print-directory", *args], cwd=REPO, env=env,
                             stdin=subprocess.DEVNULL, stdout=out,
                             stderr=subprocess.STDOUT if log else subprocess.DEVNULL,
                             start_new_session=True)
    try:
        yield child
    finally:
        os.killpg(child.pid, signal.SIGTERM)  # make, pelican and its workers: this test's own
        try:
            child.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()
        if log:
            out.close()


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
        # The watcher may start after the server: write the post again, every 3 s, until it is
        # picked up (looked for every 0.2 s in between).
        deadline, written = time.monotonic() + 120, 0.0
        while time.monotonic() < deadline:
            if time.monotonic() - written >= 3:
                (source / "a-new-post.md").write_text(
                    "Title: Freshly written\nDate: 2030-01-01 08:00\nSlug: freshly-written\n\n"
                    f"Written at {time.monotonic()}.\n", encoding="utf-8")
                written = time.monotonic()
            time.sleep(0.2)
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
            time.sleep(0.2)
    pytest.fail("the rebuild did not index the new post for search")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def crawl(root: str) -> dict[str, tuple[int, str]]:
    """Every page reachable by links from root's home page on the same server:
    path below root -> (status, the path below root it ended at after redirects)."""
    seen: dict[str, tuple[int, str]] = {}
    queue = [root]
    host = urlsplit(root).netloc
    while queue:
        url = queue.pop()
        path = url[len(root):]
        if path in seen:
            continue
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                status, final, body = response.status, response.url, response.read()
        except HTTPError as error:
            seen[path] = (error.code, path)
            continue
        seen[path] = (status, final[len(root):])
        if "html" not in response.headers.get("Content-Type", ""):
            continue
        links = _Links()
        links.feed(body.decode("utf-8", "replace"))
        for href in links.hrefs:
            target = urldefrag(urljoin(final, href)).url
            if urlsplit(target).netloc == host and target.startswith(root) \
                    and not target[len(root):].startswith(("feeds/", "pagefind/")):
                queue.append(target)
    return seen


@pytest.mark.slow
def test_serve_devserver_and_published_site_answer_every_link_alike(tmp_path):
    """Under `pelican -l`, /tags/ got tags.html (the old address's redirect page), which
    sent the browser on to /tags/tags/: every menu link of the preview looped."""
    crawls = {}
    port = free_port()
    with make_in_background("serve", f"PORT={port}", f"OUTPUTDIR={tmp_path / 'serve'}"):
        get(f"http://127.0.0.1:{port}/", until=lambda body: b"</html>" in body)
        crawls["serve"] = crawl(f"http://127.0.0.1:{port}/")
    port = free_port()
    with make_in_background("devserver", f"PORT={port}", f"OUTPUTDIR={tmp_path / 'dev'}"):
        get(f"http://127.0.0.1:{port}/", until=lambda body: b"</html>" in body)
        crawls["devserver"] = crawl(f"http://127.0.0.1:{port}/")
    port = free_port()
    siteurl = f"http://127.0.0.1:{port}"
    run_make("publish", f"OUTPUTDIR={tmp_path / 'published'}", env={"SITEURL": siteurl})
    plain = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                              "--directory", str(tmp_path / "published")],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        get(siteurl + "/", until=lambda body: b"</html>" in body)
        crawls["published"] = crawl(siteurl + "/")
    finally:
        plain.terminate()
        plain.wait(timeout=10)
    menu = ["tags/", "categories/", "authors/", "archives/", "training/", "stretching/",
            "recovery/", "routes/", "search/"]
    for name, pages in crawls.items():
        assert all(pages.get(path) == (200, path) for path in menu), (name, {p: pages.get(p) for p in menu})
        broken = {path: answer for path, answer in pages.items() if answer != (200, path)}
        assert not broken, (name, broken)
        assert len(pages) > 60, (name, len(pages))  # the whole site, not a page or two
    assert crawls["serve"] == crawls["devserver"] == crawls["published"]


@pytest.mark.slow
def test_a_save_made_during_a_rebuild_is_rebuilt(tmp_path):
    """Pelican's `-lr` starts a new watcher after each build: a second save made while the
    first was being built was not seen (the page showed the first for over 30 s)."""
    source = tmp_path / "content"
    shutil.copytree(REPO / "content", source)
    log = tmp_path / "devserver.log"
    port = free_port()
    post, url = source / "saved-twice.md", f"http://127.0.0.1:{port}/2030/01/saved-twice/"

    def save(title: str) -> None:
        post.write_text(f"Title: {title}\nDate: 2030-01-01 08:00\nSlug: saved-twice\n\n{title}.\n",
                        encoding="utf-8")

    with make_in_background("devserver", f"PORT={port}", f"INPUTDIR={source}",
                            f"OUTPUTDIR={tmp_path / 'out'}", log=log):
        get(f"http://127.0.0.1:{port}/", until=lambda body: b"</html>" in body)
        for attempt in range(5):
            builds = log.read_text().count("Built in")
            save(f"First save {attempt}")
            deadline = time.monotonic() + 60
            while "Changed:" not in log.read_text().split("Built in")[-1] and time.monotonic() < deadline:
                time.sleep(0.01)  # until the rebuild of the first save has started
            save(f"Second save {attempt}")
            if log.read_text().count("Built in") == builds:  # written while that rebuild ran
                break
        else:
            pytest.fail("could not save during a rebuild in five tries")
        get(url, until=lambda body: f"Second save {attempt}".encode() in body, timeout=30)


def tree_of(folder) -> dict[str, bytes]:
    """Every file's bytes, the search index's included."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def problem_lines(text: str) -> list[str]:
    """The problems named, FILE[:LINE]: ... (a file outside the repository by its full path)."""
    import re  # noqa: PLC0415

    return sorted(line for line in text.splitlines() if re.match(r"^\S+\.md(:\d+)?: ", line))


@pytest.mark.slow
def test_after_an_edit_a_new_post_and_a_deletion_the_devserver_s_site_is_a_full_build_s(tmp_path):
    """The devserver reads again only the files that changed (Pelican's reader cache): its
    output, and the problems it names (a cached post keeps its own), are a full build's."""
    source = tmp_path / "content"
    shutil.copytree(REPO / "content", source)
    posts = sorted((source / "2024").glob("*.md"))
    typo = posts[3]
    typo.write_text(typo.read_text(encoding="utf-8").replace("training:", "training:\n  - distnace: 5 km\n", 1),
                    encoding="utf-8")  # a problem in a post the rebuilds will not read again
    log, port = tmp_path / "devserver.log", free_port()
    with make_in_background("devserver", f"PORT={port}", f"INPUTDIR={source}",
                            f"OUTPUTDIR={tmp_path / 'dev'}", log=log):
        get(f"http://127.0.0.1:{port}/", until=lambda body: b"</html>" in body)
        for change in ("edit", "new", "delete"):
            builds = log.read_text().count("Built in")
            if change == "edit":
                posts[0].write_text(posts[0].read_text(encoding="utf-8") + "\nA line added.\n", encoding="utf-8")
            elif change == "new":
                (source / "2024" / "2024-07-20-a-new-one.md").write_text(
                    "---\ntitle: A new one\ndate: 2024-07-20 08:00\ntraining:\n  - {distance: 5 km, time: '25:00'}\n"
                    "---\nNew.\n", encoding="utf-8")
            else:
                posts[1].unlink()
            deadline = time.monotonic() + 120
            while log.read_text().count("Built in") <= builds and time.monotonic() < deadline:
                time.sleep(0.1)
        last_build = log.read_text().rsplit("Changed:", 1)[1]
    run_make("html", f"INPUTDIR={source}", f"OUTPUTDIR={tmp_path / 'full'}")
    full = subprocess.run(["make", "--no-print-directory", "html", f"INPUTDIR={source}",
                           f"OUTPUTDIR={tmp_path / 'full2'}"], cwd=REPO, capture_output=True, text=True,
                          env={k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL")})
    assert tree_of(tmp_path / "dev") == tree_of(tmp_path / "full")
    assert problem_lines(last_build) == problem_lines(full.stderr)
    assert any("distnace" in line for line in problem_lines(last_build))


@pytest.mark.slow
def test_the_page_of_a_post_just_saved_is_written_before_the_rest_of_the_site(tmp_path):
    """The devserver writes the saved post's page into the site it serves as soon as the
    site is read, then builds the whole site into a fresh folder: the page changes while the
    fresh folder is still being written."""
    source = tmp_path / "content"
    shutil.copytree(REPO / "content", source)
    for n in range(150):  # enough posts that writing the site takes a while
        (source / "2024" / f"filler-{n}.md").write_text(
            f"---\ntitle: Filler {n}\ndate: 2024-05-01\nslug: filler-{n}\n---\nText {n}.\n", encoding="utf-8")
    post = sorted((source / "2024").glob("2024-0*.md"))[0]
    log, port, out = tmp_path / "devserver.log", free_port(), tmp_path / "dev"
    with make_in_background("devserver", f"PORT={port}", f"INPUTDIR={source}", f"OUTPUTDIR={out}", log=log):
        get(f"http://127.0.0.1:{port}/", until=lambda body: b"</html>" in body)
        page = next(p for p in out.rglob("index.html") if "calves-like-concrete" in str(p))
        post.write_text(post.read_text(encoding="utf-8") + "\nWritten just now.\n", encoding="utf-8")
        deadline = time.monotonic() + 120
        while b"Written just now." not in page.read_bytes() and time.monotonic() < deadline:
            time.sleep(0.005)
        fresh = tmp_path / "dev.new"
        assert b"Written just now." in page.read_bytes()
        assert fresh.is_dir(), "the page came only with the whole site"
