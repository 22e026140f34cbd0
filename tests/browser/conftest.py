"""A real Chromium (Debian's, through Playwright) over the three test sites.

The sites are the shared fixtures of tests/conftest.py, each `make publish`
into a temporary folder, served on 127.0.0.1 under /diary/ the way GitHub
Pages serves a project page: `sample_site_published` (the real content/),
`stress_site_published` (the stress diary, tests/browser/content/, and
`stress_site_html`, its `make html` build, for the draft) and `pelican_samples_published`
(Pelican's own samples). One browser for the whole session. Here: one address
per kind of page of each site (`urls`, `stress_urls`, `samples_urls`).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from bs4 import BeautifulSoup

from pelican.plugins.running_diary.core import specs

from tests.browser.pages import SAMPLES_PAGES, STRESS_PAGES

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


def read(site, url: str) -> BeautifulSoup:
    """The built page behind a URL of a served site, parsed."""
    path = urlparse(url).path[len(site.prefix):]
    file = site.output / path
    if path == "" or path.endswith("/"):
        file = file / "index.html"
    return BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="session")
def urls(sample_site_published) -> dict[str, str]:
    """The real site: one address per kind of page, found by following the site's own links."""
    site = sample_site_published
    root = site.root_url
    home = read(site, root)
    nav = {a.get_text(strip=True): urljoin(root, a["href"]) for a in home.select(".site-nav a")}
    footer = {a.get_text(strip=True): urljoin(root, a["href"]) for a in home.select(".site-footer a")}
    data = json.loads((site.output / "diary.json").read_text(encoding="utf-8"))
    # The article with the most log entries: the heaviest page the budget covers.
    counts: dict[str, int] = {}
    for log in specs.names():
        for entry in data[log]:
            counts[entry["post"]] = counts.get(entry["post"], 0) + 1
    heaviest = max(counts, key=counts.get)
    article = urljoin(root, heaviest)
    page = read(site, article)
    archives = read(site, nav["Archives"])
    period = archives.select_one(".archive-month a")
    year = archives.select_one(".archive-year a")
    later = home.select_one('.pagination a[rel="next"]')
    return {
        "index": root,
        "index-page-2": urljoin(root, later["href"]) if later else root,
        "article": article,
        "page": nav["About"],
        "archives": nav["Archives"],
        "year": urljoin(nav["Archives"], year["href"]) if year else nav["Archives"],
        "period": urljoin(nav["Archives"], period["href"]) if period else nav["Archives"],
        "category": urljoin(article, page.select_one('.meta a[href*="/category/"]')["href"]),
        "tag": urljoin(article, page.select_one(".tags a")["href"]),
        "author": urljoin(article, page.select_one('.meta a[href*="/author/"]')["href"]),
        "tags": nav["Tags"],
        "categories": footer["Categories"],
        "authors": footer["Authors"],
        "training": nav["Training"],
        "routes": nav["Routes"],
        "stretching": nav["Stretching"],
        "recovery": nav["Recovery"],
        "search": nav["Search"],
        "404": urljoin(root, "no-such-page/"),
    }


@pytest.fixture(scope="session")
def stress_urls(stress_site_published, stress_site_html) -> dict[str, str]:
    found = {kind: stress_site_published.root_url + path for kind, path in STRESS_PAGES.items()}
    found["draft"] = stress_site_html.root_url + "drafts/a-draft-without-a-date.html"
    return found


@pytest.fixture(scope="session")
def samples_urls(pelican_samples_published) -> dict[str, str]:
    return {kind: pelican_samples_published.root_url + path for kind, path in SAMPLES_PAGES.items()}
