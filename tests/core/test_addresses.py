"""core/addresses.py: every clash a source file causes, named with what else goes there."""

from __future__ import annotations

from pelican.plugins.running_diary.core.addresses import Address, clashes, direct_templates, feeds, normal, template_pages

SETTINGS = {
    "FEED_ALL_ATOM": "feeds/all.atom.xml", "FEED_ALL_RSS": "feeds/all.rss.xml", "FEED_ATOM": None,
    "CATEGORY_FEED_ATOM": "feeds/{slug}.atom.xml", "TRANSLATION_FEED_ATOM": "feeds/all-{lang}.atom.xml",
    "TAG_FEED_RSS": None,
    "DIRECT_TEMPLATES": ["index", "search", "404", "gone"], "SEARCH_SAVE_AS": "search/index.html",
    "SEARCH_URL": "search/", "GONE_SAVE_AS": "",
    "TEMPLATE_PAGES": {"/site/content/extra/robots.txt": "robots.txt"},
}


def test_feeds_are_made_from_the_settings_and_the_slugs():
    made = feeds(SETTINGS, {"category": ["training", "recovery"], "lang": ["en", "fr"], "tag": ["calves"]})
    assert [(a.path, a.what) for a in made] == [
        ("feeds/all.atom.xml", "the Atom feed of every post (FEED_ALL_ATOM)"),
        ("feeds/all.rss.xml", "the RSS feed of every post (FEED_ALL_RSS)"),
        ("feeds/training.atom.xml", "the Atom feed of category training (CATEGORY_FEED_ATOM)"),
        ("feeds/recovery.atom.xml", "the Atom feed of category recovery (CATEGORY_FEED_ATOM)"),
        ("feeds/all-en.atom.xml", "the Atom feed in en (TRANSLATION_FEED_ATOM)"),
        ("feeds/all-fr.atom.xml", "the Atom feed in fr (TRANSLATION_FEED_ATOM)"),
    ]  # no FEED_ATOM (None), no tag feeds (TAG_FEED_RSS None)


def test_direct_templates_as_pelican_names_them_and_none_with_an_empty_save_as():
    assert direct_templates(SETTINGS) == [("index", "index.html", "index.html"),
                                          ("search", "search/index.html", "search/"),
                                          ("404", "404.html", "404.html")]
    assert [a.path for a in template_pages(SETTINGS)] == ["robots.txt"]


def test_normal_addresses():
    assert normal("./tags//index.html") == normal("/tags/index.html") == "tags/index.html"


SITE = [Address("index.html", "the site's index page"), Address("tags/index.html", "the site's tags page"),
        Address("feeds/all.atom.xml", "the Atom feed of every post"),
        Address("pagefind", "the search index", folder=True)]


def messages(found):
    return [str(p) for p in found]


def test_content_at_a_site_address_is_one_error_naming_the_file_and_the_page():
    found = clashes([*SITE, Address("./index.html", "", "content/home.md"),
                     Address("tags/index.html", "", "content/pages/tags.md")])
    assert messages(found) == [
        "content/home.md: it is written to index.html, where the site's index page goes: one would "
        "replace the other; give it another slug or save_as",
        "content/pages/tags.md: it is written to tags/index.html, where the site's tags page goes: one "
        "would replace the other; give it another slug or save_as",
    ]
    assert all(p.severity == "error" for p in found)


def test_two_posts_at_one_address_are_one_error_naming_both():
    found = clashes([*SITE, Address("2024/03/hills/index.html", "", "content/b.md"),
                     Address("2024/03/hills/index.html", "", "content/a.md")])
    assert messages(found) == [
        "content/b.md: it is written to 2024/03/hills/index.html, the address of content/a.md too: one "
        "would replace the other; give one of them another slug (or lang, or save_as)"]


def test_three_at_one_address_are_two_errors():
    three = [Address("x/index.html", "", f"content/{n}.md") for n in "cba"]
    assert [p.file for p in clashes(three)] == ["content/b.md", "content/c.md"]


def test_a_file_where_a_folder_must_be_inside_a_file_or_inside_a_folder_written_whole():
    found = clashes([*SITE, Address("tags", "", "content/t.md"), Address("pagefind/x.js", "", "content/p.md"),
                     Address("index.html/x", "", "content/i.md")])
    assert messages(found) == [
        "content/i.md: it is written to index.html/x, inside index.html, which is a file: the site's "
        "index page; give it another slug or save_as",
        "content/p.md: it is written to pagefind/x.js, inside pagefind/, which the search index replaces "
        "whole; give it another slug or save_as",
        "content/t.md: it is written to tags as a file, but the site's tags page goes inside it "
        "(tags/index.html); give it another slug or save_as",
    ]


def test_distinct_addresses_and_site_pages_among_themselves_are_no_problem():
    assert clashes([*SITE, Address("2024/03/a/index.html", "", "content/a.md"),
                    Address("2024/03/a/fr/index.html", "", "content/a-fr.md"),
                    Address("tags/calves/index.html", "the tag page")]) == []


REDIRECT = Address("tags.html", "the former address of the list of tags (old_addresses)", yields=True)


def test_a_redirect_steps_aside_for_a_source_file_with_a_warning():
    [warning] = clashes([*SITE, REDIRECT, Address("tags.html", "", "content/old.md")])
    assert warning.severity == "warning"
    assert str(warning) == ("content/old.md: it is written to tags.html, the former address of the list "
                            "of tags (old_addresses): no redirect is written there")


def test_two_source_files_at_a_redirects_address_still_clash():
    found = clashes([REDIRECT, Address("tags.html", "", "content/a.md"), Address("tags.html", "", "content/b.md")])
    assert [(p.file, p.severity) for p in found] == [("content/a.md", "warning"), ("content/b.md", "error")]
    assert "the address of content/a.md too" in found[1].message


def test_a_redirect_at_a_site_page_is_no_excuse():
    index_redirect = Address("index.html", "the former address of the list of posts", yields=True)
    [error] = clashes([*SITE, index_redirect, Address("index.html", "", "content/home.md")])
    assert error.severity == "error" and "where the site's index page goes" in error.message
