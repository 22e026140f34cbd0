"""What Pelican's own themes show, in this theme, checked in a real browser on the
three test sites: translations linked both ways (hreflang in the head and visible
links), every author in the byline and in the JSON-LD, the inline favicon (no
request), the former .html addresses of tags, categories, authors and lists
answering with a redirect (outside the sitemap and the search), and a draft
without a date showing none."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urljoin

import pytest

from tests.browser.pages import open_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}

HEAD_LINKS_JS = """() => ({
  lang: document.documentElement.lang,
  alternates: Object.fromEntries([...document.querySelectorAll('head link[rel="alternate"][hreflang]')]
    .map(l => [l.hreflang, l.href])),
  visible: [...document.querySelectorAll('main a[hreflang]')].map(a => ({lang: a.hreflang, text: a.textContent,
    href: a.href, textLang: a.lang, shown: a.checkVisibility()})),
})"""


# --- translations -------------------------------------------------------------------------


TRANSLATED = [  # (site fixture, one language's address, its translation's, the two languages)
    ("stress_site_published", "2024/05/stress-week/", "2024/05/stress-week/fr/", "en", "fr"),
    ("stress_site_published", "about/", "about/fr/", "en", "fr"),
    ("pelican_samples_published", "2010/10/oh-yeah/", "2010/10/oh-yeah/fr/", "en", "fr"),
    ("pelican_samples_published", "2012/02/second-article/", "2012/02/second-article/fr/", "en", "fr"),
]


@pytest.mark.parametrize(("site", "one", "other", "lang", "other_lang"), TRANSLATED,
                         ids=[f"{s.split('_')[0]}-{one}" for s, one, *_ in TRANSLATED])
def test_translations_link_both_ways_with_hreflang(browser, request, site, one, other, lang, other_lang):
    server = request.getfixturevalue(site)
    urls = {lang: server.root_url + one, other_lang: server.root_url + other}
    for here, there in ((lang, other_lang), (other_lang, lang)):
        context, page = open_page(browser, urls[here])
        try:
            facts = page.evaluate(HEAD_LINKS_JS)
            assert facts["lang"] == here
            # The head names the whole set, this page included, each at its address.
            assert facts["alternates"] == urls, facts
            # A reader sees a link to the other language, named in it, that leads there.
            assert [(v["lang"], v["href"], v["textLang"], v["shown"]) for v in facts["visible"]] == \
                [(there, urls[there], there, True)], facts["visible"]
            page.locator(f'main a[hreflang="{there}"]').click()
            page.wait_for_url(urls[there])
            assert page.evaluate("document.documentElement.lang") == there
        finally:
            context.close()


def test_a_translation_is_listed_with_its_post(browser, stress_site_published):
    context, page = open_page(browser, stress_site_published.root_url)
    try:
        link = page.locator('.post-summary a[hreflang="fr"]')
        assert link.count() == 1
        assert link.get_attribute("href").endswith("/2024/05/stress-week/fr/")
    finally:
        context.close()


# --- authors --------------------------------------------------------------------------------


AUTHORED = [  # (site fixture, a post's address, all its authors)
    ("stress_site_published", "2024/05/stress-week/", ["Jo Runner", "Sam Okafor-Lindqvist"]),
    ("stress_site_published", "2024/05/everything-logged/", ["Jo Runner"]),
    ("pelican_samples_published", "2010/12/this-is-a-super-article/", ["Alexis Métaireau"]),
]


@pytest.mark.parametrize(("site", "path", "authors"), AUTHORED, ids=[f"{s.split('_')[0]}-{p}" for s, p, _ in AUTHORED])
def test_every_author_in_the_byline_and_the_json_ld(browser, request, site, path, authors):
    server = request.getfixturevalue(site)
    context, page = open_page(browser, server.root_url + path)
    try:
        byline = page.locator('.entry-header .meta a[href*="/author/"]')
        assert byline.all_inner_texts() == authors
        assert byline.first.is_visible()
        data = json.loads(page.locator('script[type="application/ld+json"]').text_content())
        assert data["author"] == [{"@type": "Person", "name": name} for name in authors]
        hrefs = [byline.nth(i).get_attribute("href") for i in range(byline.count())]
        title = page.locator("main h1").inner_text()
    finally:
        context.close()
    for name, href in zip(authors, hrefs):
        assert href.endswith("/"), f"{href}: an author's address is a folder"
        context, page = open_page(browser, urljoin(server.root_url + path, href))
        try:
            assert page.locator("main h1").inner_text() == f"Posts by {name}"
            listed = page.locator(".post-summary h2").all_inner_texts()
            assert title in listed or page.locator(".pagination").count() == 1, listed  # a later page, maybe
        finally:
            context.close()


def test_the_real_site_names_its_author_on_the_heaviest_post(browser, urls):
    context, page = open_page(browser, urls["article"])
    try:
        assert page.locator('.entry-header .meta a[href*="/author/"]').all_inner_texts() == ["Jo Runner"]
        data = json.loads(page.locator('script[type="application/ld+json"]').text_content())
        assert data["author"] == [{"@type": "Person", "name": "Jo Runner"}]
    finally:
        context.close()


# --- the favicon ----------------------------------------------------------------------------


def test_the_favicon_is_the_theme_svg_inline_and_costs_no_request(browser, sample_site_published, urls):
    svg = (REPO / "theme" / "static" / "favicon.svg").read_text(encoding="utf-8")
    assert (sample_site_published.output / "theme" / "favicon.svg").read_text(encoding="utf-8") == svg
    context, page = open_page(browser, urls["index"])
    try:
        del sample_site_published.requests[:]
        page.goto(urls["article"], wait_until="load")
        page.wait_for_timeout(1000)  # Chromium asks for a favicon after the load, if it must
        href = page.locator('link[rel="icon"]').get_attribute("href")
        assert href.startswith("data:image/svg+xml,")
        assert unquote(href.removeprefix("data:image/svg+xml,")) == " ".join(svg.split())
        assert not [p for p in sample_site_published.requests if "icon" in p or p.endswith(".svg")], \
            sample_site_published.requests
        # The browser draws it.
        size = page.evaluate("""href => new Promise(done => { const i = new Image();
            i.onload = () => done([i.naturalWidth, i.naturalHeight]); i.onerror = () => done(null); i.src = href; })""",
                             href)
        assert size and size[0] > 0 and size[1] > 0, size
    finally:
        context.close()


# --- former addresses -----------------------------------------------------------------------


MOVED = [  # (site fixture, the former address, where it leads now)
    ("sample_site_published", "tag/calves.html", "tag/calves/"),
    ("sample_site_published", "category/recovery.html", "category/recovery/"),
    ("sample_site_published", "author/jo-runner.html", "author/jo-runner/"),
    ("sample_site_published", "tags.html", "tags/"),
    ("sample_site_published", "archives.html", "archives/"),
    ("sample_site_published", "index2.html", "page/2/"),
    ("sample_site_published", "tag/calves2.html", "tag/calves/page/2/"),
    ("stress_site_published", "tag/half-marathon.html", "tag/half-marathon/"),
    ("stress_site_published", "author/sam-okafor-lindqvist.html", "author/sam-okafor-lindqvist/"),
    ("stress_site_published", "categories.html", "categories/"),
    ("stress_site_published", "authors.html", "authors/"),
    ("pelican_samples_published", "tag/foo.html", "tag/foo/"),
    ("pelican_samples_published", "author/alexis-metaireau2.html", "author/alexis-metaireau/page/2/"),
]


@pytest.mark.parametrize(("site", "old", "new"), MOVED, ids=[f"{s.split('_')[0]}-{o}" for s, o, _ in MOVED])
def test_a_former_address_redirects_to_the_new_one(browser, request, site, old, new):
    server = request.getfixturevalue(site)
    target = server.root_url + new
    html = (server.output / old).read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{target}">' in html
    assert f'<meta http-equiv="refresh" content="0; url={target}">' in html
    assert f'<a href="{target}">' in html  # and a plain link, for whatever does not follow the refresh
    assert '<meta name="robots" content="noindex">' in html and "data-pagefind-body" not in html
    context, page = open_page(browser, server.root_url + old)
    try:
        page.wait_for_url(target, timeout=5000)
        assert page.locator("main h1").count() == 1
        assert "has moved" not in page.locator("main h1").inner_text()
    finally:
        context.close()


@pytest.mark.parametrize("site", ["sample_site_published", "stress_site_published", "pelican_samples_published"])
def test_no_former_address_is_in_the_sitemap(request, site):
    server = request.getfixturevalue(site)
    redirects = {p.relative_to(server.output).as_posix() for p in server.output.rglob("*.html")
                 if 'http-equiv="refresh"' in p.read_text(encoding="utf-8")}
    assert redirects, "no redirect page was written"
    locs = [loc.text for loc in ET.parse(server.output / "sitemap.xml").getroot().findall("sm:url/sm:loc", SITEMAP_NS)]
    listed = {loc.removeprefix(server.root_url) for loc in locs}
    assert not redirects & listed, sorted(redirects & listed)
    assert {"tags/", "authors/", "categories/", "archives/"} <= listed


def test_a_post_saved_at_a_former_address_keeps_it(browser, pelican_samples_published):
    """Pelican's samples save a post at tag/baz.html and a page at tag/oh.html: no redirect replaces them."""
    for path, title in (("tag/baz.html", "The baz tag"), ("tag/oh.html", "Oh Oh Oh")):
        context, page = open_page(browser, pelican_samples_published.root_url + path)
        try:
            page.wait_for_timeout(300)
            assert page.url == pelican_samples_published.root_url + path
            assert page.locator("main h1").inner_text() == title
        finally:
            context.close()
    listed = (pelican_samples_published.output / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{pelican_samples_published.root_url}tag/baz.html</loc>" in listed


def test_search_never_finds_a_former_address(browser, stress_site_published):
    context, page = open_page(browser, stress_site_published.root_url + "search/")
    try:
        page.locator(".pagefind-ui__search-input").fill("half marathon")
        result = page.locator(".pagefind-ui__result-link").first
        result.wait_for(timeout=10_000)
        page.wait_for_timeout(500)
        hrefs = [a.get_attribute("href") for a in page.locator(".pagefind-ui__result-link").all()]
        assert hrefs and all(href.endswith("/") for href in hrefs), hrefs
    finally:
        context.close()


# --- a draft without a date -----------------------------------------------------------------


def test_a_draft_without_a_date_shows_none(browser, stress_urls, stress_site_html):
    """Pelican 4.12 dates such a draft datetime.max (9999-12-31): the page shows no date at all."""
    html = (stress_site_html.output / "drafts" / "a-draft-without-a-date.html").read_text(encoding="utf-8")
    assert "9999" not in html
    assert "article:published_time" not in html and "datePublished" not in html
    context, page = open_page(browser, stress_urls["draft"])
    try:
        assert page.locator("main h1").inner_text() == "A draft without a date"
        assert page.locator("main time").count() == 0
        assert page.locator(".entry-header .meta").inner_text().startswith("1 min read")
        data = json.loads(page.locator('script[type="application/ld+json"]').text_content())
        assert "datePublished" not in data and "dateModified" not in data
    finally:
        context.close()


def test_a_dated_post_still_shows_its_dates(browser, pelican_samples_published):
    """The samples' super article has a date and a later `modified`: both are on its page."""
    context, page = open_page(browser, pelican_samples_published.root_url + "2010/12/this-is-a-super-article/")
    try:
        times = page.locator(".entry-header .meta time")
        assert [times.nth(i).get_attribute("datetime")[:10] for i in range(times.count())] == \
            ["2010-12-02", "2013-11-17"]
        data = json.loads(page.locator('script[type="application/ld+json"]').text_content())
        assert data["datePublished"].startswith("2010-12-02") and data["dateModified"].startswith("2013-11-17")
    finally:
        context.close()
