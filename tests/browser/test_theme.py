"""Every kind of page in a real browser: no sideways scrolling at phone and
desktop widths, no axe-core violations in the light and the dark scheme,
a dark scheme that differs, the page budget, JavaScript off, search, print."""

from __future__ import annotations

import json
from urllib.parse import urljoin, urlparse

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from bs4 import BeautifulSoup

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WIDTHS = (375, 1280)
SCHEMES = ("light", "dark")
PAGE_TYPES = (
    "index", "article", "page", "archives", "period", "category", "tag", "tags", "categories",
    "training", "stretching", "recovery", "search", "404",
)
MAX_PAGE_BYTES = 25 * 1024
MAX_REQUESTS = 3


def _read(site, url: str) -> BeautifulSoup:
    path = urlparse(url).path[len(site.prefix):]
    file = site.output / path
    if path == "" or path.endswith("/"):
        file = file / "index.html"
    return BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="session")
def urls(published_site) -> dict[str, str]:
    """One address per kind of page, found by following the site's own links."""
    site = published_site
    root = site.root_url
    home = _read(site, root)
    nav = {a.get_text(strip=True): urljoin(root, a["href"]) for a in home.select(".site-nav a")}
    data = json.loads((site.output / "diary.json").read_text(encoding="utf-8"))
    # The article with the most log entries: the heaviest page the budget covers.
    counts: dict[str, int] = {}
    for log in ("training", "stretches", "treatments", "soreness"):
        for entry in data[log]:
            counts[entry["post"]] = counts.get(entry["post"], 0) + 1
    heaviest = max(counts, key=counts.get)
    article = urljoin(root, heaviest)
    page = _read(site, article)
    archives = _read(site, nav["Archives"])
    period = archives.select_one(".archive-month a")
    return {
        "index": root,
        "article": article,
        "page": nav["About"],
        "archives": nav["Archives"],
        "period": urljoin(nav["Archives"], period["href"]) if period else nav["Archives"],
        "category": urljoin(article, page.select_one(".meta a")["href"]),
        "tag": urljoin(article, page.select_one(".tags a")["href"]),
        "tags": nav["Tags"],
        "categories": urljoin(nav["Tags"], _read(site, nav["Tags"]).find("a", string="Categories")["href"]),
        "training": nav["Training"],
        "stretching": nav["Stretching"],
        "recovery": nav["Recovery"],
        "search": nav["Search"],
        "404": urljoin(root, "no-such-page/"),
    }


def _open(browser, url, width, scheme, **options):
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme, **options)
    page = context.new_page()
    page.goto(url, wait_until="load")
    return context, page


def _axe(page) -> list[dict]:
    page.evaluate(AXE_SCRIPT)
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_page_fits_and_passes_axe(browser, urls, artifacts, kind, width, scheme):
    context, page = _open(browser, urls[kind], width, scheme)
    try:
        page.screenshot(path=str(artifacts / f"{kind}-{width}-{scheme}.png"), full_page=True)
        scroll, client = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert scroll <= client, f"{kind} scrolls sideways at {width}px: {scroll} > {client}"
        assert page.locator("main h1").count() == 1
        violations = _axe(page)
        assert violations == [], json.dumps(violations, indent=1)
    finally:
        context.close()


@pytest.mark.parametrize("kind", ["index", "article", "training"])
def test_dark_scheme_changes_the_colours(browser, urls, kind):
    colours = {}
    for scheme in SCHEMES:
        context, page = _open(browser, urls[kind], 1280, scheme)
        colours[scheme] = page.evaluate(
            "[getComputedStyle(document.documentElement).backgroundColor,"
            " getComputedStyle(document.body).color]")
        context.close()
    assert colours["light"][0] != colours["dark"][0]
    assert colours["light"][1] != colours["dark"][1]


def test_current_nav_link_is_marked(browser, urls):
    for kind, label in [("training", "Training"), ("tags", "Tags"), ("search", "Search"), ("index", "Diary")]:
        context, page = _open(browser, urls[kind], 1280, "light")
        current = page.locator('.site-nav a[aria-current="page"]')
        assert current.count() == 1 and current.inner_text() == label, kind
        context.close()


def test_article_budget_and_requests(browser, urls, published_site):
    """The heaviest article: one stylesheet, nothing from another host, at most 25 KB."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    requests, sizes = [], {}

    def on_response(response):
        requests.append(response.url)
        try:
            sizes[response.url] = len(response.body())
        except Exception:  # noqa: BLE001 (a redirect has no body)
            sizes[response.url] = 0

    page.on("response", on_response)
    page.goto(urls["article"], wait_until="load")
    context.close()
    hosts = {urlparse(u).netloc for u in requests}
    assert hosts == {urlparse(published_site.root_url).netloc}, requests
    assert len(requests) <= MAX_REQUESTS, requests
    assert sum(sizes.values()) <= MAX_PAGE_BYTES, sizes


def test_article_reads_without_javascript(browser, urls):
    context, page = _open(browser, urls["article"], 375, "light", java_script_enabled=False)
    assert page.locator("[data-pagefind-body] p").count() > 0
    assert page.locator(".logs table").count() > 0
    assert page.locator(".logs table").first.is_visible()
    context.close()


def test_charts_render_without_javascript(browser, urls):
    context, page = _open(browser, urls["training"], 1280, "light", java_script_enabled=False)
    svg = page.locator("svg.chart").first
    assert svg.is_visible()
    assert svg.get_attribute("role") == "img"
    assert svg.bounding_box()["width"] > 500
    context.close()


def test_search_without_javascript_offers_the_archives(browser, urls):
    context, page = _open(browser, urls["search"], 375, "light", java_script_enabled=False)
    fallback = page.locator("#search-fallback")
    assert fallback.is_visible()
    assert fallback.locator("a", has_text="the archives").count() == 1
    context.close()


def test_search_with_javascript_finds_posts_under_the_sub_path(browser, urls, published_site):
    context, page = _open(browser, urls["search"], 1280, "light")
    assert page.locator("#search-fallback").is_hidden()
    page.locator(".pagefind-ui__search-input").fill("massage")
    result = page.locator(".pagefind-ui__result-link").first
    result.wait_for(timeout=10_000)
    href = result.get_attribute("href")
    assert urlparse(urljoin(page.url, href)).path.startswith(published_site.prefix), href
    page.goto(urljoin(page.url, href))
    assert page.locator("main h1").count() == 1
    assert "Nothing here" not in page.locator("main h1").inner_text()
    context.close()


def test_print_hides_the_navigation(browser, urls):
    context, page = _open(browser, urls["article"], 1280, "light")
    page.emulate_media(media="print")
    assert page.locator(".site-nav").is_hidden()
    assert page.locator(".logs table").first.is_visible()
    context.close()
