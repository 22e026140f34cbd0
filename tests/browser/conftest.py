"""A real Chromium (Debian's, through Playwright) over the published site.

The site is the shared `published_site` fixture: `make publish` into a
temporary folder, served on 127.0.0.1 under /diary/ the way GitHub Pages
serves a project page. One browser for the whole session.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "browser"


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail("/usr/bin/chromium is missing: `make test-deps` installs it (apt-get install chromium)")
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where screenshots go (tests/artifacts/browser, git-ignored)."""
    path = Path(os.environ.get("BROWSER_ARTIFACTS", ARTIFACTS))
    path.mkdir(parents=True, exist_ok=True)
    return path


FIXTURE_CONTENT = Path(__file__).resolve().parent / "content"


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory):
    """tests/browser/content built with `make publish` and served like `published_site`.

    Its posts hold what content/ does not: every field of all four logs in one
    post, and a body wider than a phone (a wide Markdown table, numbered and
    plain highlighted code, a long address and word, a wide image, a video and
    an iframe; reStructuredText's code-block with line numbers and a table).
    """
    from tests.conftest import run_make  # noqa: PLC0415
    from tests.site.server import SiteServer  # noqa: PLC0415

    out = tmp_path_factory.mktemp("fixture-site")
    with SiteServer(out, prefix="/diary/") as server:
        run_make("publish", f"INPUTDIR={FIXTURE_CONTENT}", f"OUTPUTDIR={out}", env={"SITEURL": server.siteurl})
        yield server
