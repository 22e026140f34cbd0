"""The publish build served as a project page under a sub-path, as GitHub Pages would."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import feedparser
import pytest

from tests.site.crawl import crawl, fetch

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_locs(server) -> list[str]:
    tree = ET.parse(server.output / "sitemap.xml")
    return [loc.text for loc in tree.getroot().findall("sm:url/sm:loc", SITEMAP_NS)]


def test_every_internal_link_resolves(published_site):
    seeds = [published_site.root_url, *sitemap_locs(published_site),
             # GitHub Pages serves 404.html at any missing address, however deep.
             published_site.root_url + "no/such/post/"]
    pages, broken = crawl(seeds, internal_prefix=published_site.root_url)
    html_pages = [url for url, r in pages.items() if r.content_type == "text/html" and r.status == 200]
    assert len(html_pages) >= 5, f"the crawl found only {html_pages}"
    assert broken == []


def test_unknown_address_gets_the_404_page(published_site):
    response = fetch(published_site.root_url + "no/such/post/")
    assert response.status == 404
    assert b"<html" in response.body.lower()
    assert (published_site.output / "404.html").is_file()


def test_sitemap_lists_every_post_with_absolute_addresses(published_site):
    locs = sitemap_locs(published_site)
    assert locs, "sitemap.xml lists no page"
    assert all(loc.startswith(published_site.root_url) for loc in locs), locs
    assert published_site.root_url in locs, "the home page is missing"
    assert not any(loc.endswith(("404.html", "robots.txt")) for loc in locs)
    for loc in locs:
        assert fetch(loc).status == 200, loc
    tree = ET.parse(published_site.output / "sitemap.xml")
    for lastmod in tree.getroot().findall("sm:url/sm:lastmod", SITEMAP_NS):
        assert lastmod.text[:4].isdigit() and "T" in lastmod.text, lastmod.text


def test_robots_txt_points_to_the_sitemap(published_site):
    robots = (published_site.output / "robots.txt").read_text(encoding="utf-8")
    lines = [line.strip() for line in robots.splitlines() if line.strip()]
    assert "User-agent: *" in lines
    assert f"Sitemap: {published_site.siteurl}/sitemap.xml" in lines
    assert not any("{" in line for line in lines), "robots.txt was not rendered"


@pytest.mark.parametrize("feed", ["feeds/all.atom.xml", "feeds/all.rss.xml"])
def test_feeds_parse_with_absolute_links(published_site, feed):
    parsed = feedparser.parse((published_site.output / feed).read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.entries, f"{feed} has no entries"
    assert parsed.feed.link.startswith(published_site.siteurl)
    for entry in parsed.entries:
        assert entry.link.startswith(published_site.root_url), entry.link
        assert fetch(entry.link).status == 200, entry.link


def test_category_feeds_parse(published_site):
    feeds = sorted((published_site.output / "feeds").glob("*.atom.xml"))
    assert len(feeds) > 1, "no category feeds"
    for feed in feeds:
        parsed = feedparser.parse(feed.read_bytes())
        assert not parsed.bozo, (feed.name, parsed.get("bozo_exception"))
        assert all(e.link.startswith(published_site.root_url) for e in parsed.entries)
