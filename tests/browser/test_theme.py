"""The real site in a real browser: a dark scheme that differs, the current
navigation link, the page budget, JavaScript off, search, print. (Every kind
of page of it, at phone and desktop widths in both schemes, with axe-core:
test_sites.py, with the other two test sites.)"""

from __future__ import annotations

from urllib.parse import urljoin, urlparse

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SCHEMES = ("light", "dark")
MAX_PAGE_BYTES = 25 * 1024
MAX_REQUESTS = 3


def _open(browser, url, width, scheme, **options):
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme, **options)
    page = context.new_page()
    page.goto(url, wait_until="load")
    return context, page


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


def test_article_budget_and_requests(browser, urls, sample_site_published):
    """The heaviest article: one stylesheet, nothing from another host, at most 25 KB and 3 requests.

    Requests are counted twice: those the page sees, and those the server gets, which
    include what a browser fetches without telling the page (a favicon: /favicon.ico
    when a page links none). The theme's favicon is inline, so neither counts one.
    """
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
    del sample_site_published.requests[:]
    page.goto(urls["article"], wait_until="load")
    page.wait_for_timeout(1000)  # a favicon is asked for after the load
    served = list(sample_site_published.requests)
    context.close()
    hosts = {urlparse(u).netloc for u in requests}
    assert hosts == {urlparse(sample_site_published.root_url).netloc}, requests
    assert len(requests) <= MAX_REQUESTS, requests
    assert len(served) <= MAX_REQUESTS and len(served) == len(requests), (served, requests)
    assert not any("icon" in path for path in served), served
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


@pytest.mark.parametrize("scheme", SCHEMES)
def test_each_line_chart_label_has_its_lines_colour(browser, urls, scheme):
    """The names at the end of the soreness lines are the legend: each in its line's colour."""
    context, page = _open(browser, urls["recovery"], 1280, scheme)
    pairs = page.evaluate("""() => [...document.querySelectorAll('svg.chart .series-label')].map(label => {
        const series = [...label.classList].find(c => /^s\\d+$/.test(c));
        const line = label.closest('svg').querySelector(`.series.${series} polyline`);
        return [label.textContent, getComputedStyle(label).fill, getComputedStyle(line).stroke];
    })""")
    context.close()
    assert len(pairs) == 4  # calves, feet, hamstrings, quads in the sample diary
    assert all(fill == stroke for _, fill, stroke in pairs), pairs
    assert len({fill for _, fill, _ in pairs}) == 4, pairs  # and the four differ


def test_search_without_javascript_offers_the_archives(browser, urls):
    context, page = _open(browser, urls["search"], 375, "light", java_script_enabled=False)
    fallback = page.locator("#search-fallback")
    assert fallback.is_visible()
    assert fallback.locator("a", has_text="the archives").count() == 1
    context.close()


def test_search_with_javascript_finds_posts_under_the_sub_path(browser, urls, sample_site_published):
    context, page = _open(browser, urls["search"], 1280, "light")
    assert page.locator("#search-fallback").is_hidden()
    page.locator(".pagefind-ui__search-input").fill("massage")
    result = page.locator(".pagefind-ui__result-link").first
    result.wait_for(timeout=10_000)
    # The results line up with the search box: no empty column for images the posts lack.
    lefts = page.evaluate("""() => [document.querySelector('.pagefind-ui__search-input'),
      document.querySelector('.pagefind-ui__result-title')].map(e => e.getBoundingClientRect().left)""")
    assert lefts[1] - lefts[0] <= 40, lefts  # the input's own padding and icon, not a gutter
    href = result.get_attribute("href")
    assert urlparse(urljoin(page.url, href)).path.startswith(sample_site_published.prefix), href
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
