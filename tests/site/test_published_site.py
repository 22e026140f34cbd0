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


def test_every_internal_link_resolves(sample_site_published):
    seeds = [sample_site_published.root_url, *sitemap_locs(sample_site_published),
             # GitHub Pages serves 404.html at any missing address, however deep.
             sample_site_published.root_url + "no/such/post/"]
    pages, broken = crawl(seeds, internal_prefix=sample_site_published.root_url)
    html_pages = [url for url, r in pages.items() if r.content_type == "text/html" and r.status == 200]
    assert len(html_pages) >= 5, f"the crawl found only {html_pages}"
    assert broken == []


def test_unknown_address_gets_the_404_page(sample_site_published):
    response = fetch(sample_site_published.root_url + "no/such/post/")
    assert response.status == 404
    assert b"<html" in response.body.lower()
    assert (sample_site_published.output / "404.html").is_file()


def test_sitemap_lists_every_post_with_absolute_addresses(sample_site_published):
    locs = sitemap_locs(sample_site_published)
    assert locs, "sitemap.xml lists no page"
    assert all(loc.startswith(sample_site_published.root_url) for loc in locs), locs
    assert sample_site_published.root_url in locs, "the home page is missing"
    assert not any(loc.endswith(("404.html", "robots.txt")) for loc in locs)
    for loc in locs:
        assert fetch(loc).status == 200, loc
    tree = ET.parse(sample_site_published.output / "sitemap.xml")
    for lastmod in tree.getroot().findall("sm:url/sm:lastmod", SITEMAP_NS):
        assert lastmod.text[:4].isdigit() and "T" in lastmod.text, lastmod.text


def test_robots_txt_points_to_the_sitemap(sample_site_published):
    robots = (sample_site_published.output / "robots.txt").read_text(encoding="utf-8")
    lines = [line.strip() for line in robots.splitlines() if line.strip()]
    assert "User-agent: *" in lines
    assert f"Sitemap: {sample_site_published.siteurl}/sitemap.xml" in lines
    assert not any("{" in line for line in lines), "robots.txt was not rendered"


@pytest.mark.parametrize("feed", ["feeds/all.atom.xml", "feeds/all.rss.xml"])
def test_feeds_parse_with_absolute_links(sample_site_published, feed):
    parsed = feedparser.parse((sample_site_published.output / feed).read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.entries, f"{feed} has no entries"
    assert parsed.feed.link.startswith(sample_site_published.siteurl)
    for entry in parsed.entries:
        assert entry.link.startswith(sample_site_published.root_url), entry.link
        assert fetch(entry.link).status == 200, entry.link


def test_category_feeds_parse(sample_site_published):
    feeds = sorted((sample_site_published.output / "feeds").glob("*.atom.xml"))
    assert len(feeds) > 1, "no category feeds"
    for feed in feeds:
        parsed = feedparser.parse(feed.read_bytes())
        assert not parsed.bozo, (feed.name, parsed.get("bozo_exception"))
        assert all(e.link.startswith(sample_site_published.root_url) for e in parsed.entries)
