"""Every address checked before anything is written: one error per clash, naming both
files, in the normal and the publish build alike, with no traceback and nothing written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers import build_site

REPO = Path(__file__).resolve().parents[2]


def post(title: str, day: int, extra: str = "") -> str:
    return f"---\ntitle: {title}\ndate: 2024-03-{day:02} 10:00\ncategory: Training\ntags: [calves]\n{extra}---\nText.\n"


def page(title: str, extra: str = "") -> str:
    return f"---\ntitle: {title}\n{extra}---\nA page.\n"


# file -> (its text, the address it clashes at, or None: no clash)
FEEDS_ONLY_IN_PUBLISH = {"2024/feed.md", "2024/category-feed.md"}  # pelicanconf.py writes no feeds
CASES = {
    **{f"pages/{t.lower()}.md": (page(t), f"{t.lower()}/index.html")
       for t in ("Search", "Tags", "Categories", "Archives", "Authors")},
    "pages/training.md": (page("Training"), "training/index.html"),
    "pages/routes.md": (page("My routes", "slug: routes\n"), "routes/index.html"),
    "2024/hills-a.md": (post("Hills", 1), None),
    "2024/hills-b.md": (post("Hills", 9), "2024/03/hills/index.html"),
    "2024/tempo.md": (post("Tempo", 2), None),
    "2024/tempo-fr-1.md": (post("Tempo en français", 2, "slug: tempo\nlang: fr\n"), None),
    "2024/tempo-fr-2.md": (post("Tempo encore", 2, "slug: tempo\nlang: fr\n"), "2024/03/tempo/fr/index.html"),
    "2024/home.md": (post("Home", 3, "save_as: index.html\n"), "index.html"),
    "2024/lost.md": (post("Lost", 4, "save_as: 404.html\n"), "404.html"),
    "2024/feed.md": (post("Feed", 5, "save_as: feeds/all.atom.xml\n"), "feeds/all.atom.xml"),
    "2024/category-feed.md": (post("Cf", 5, "save_as: feeds/training.atom.xml\n"), "feeds/training.atom.xml"),
    "2024/json.md": (post("Json", 6, "save_as: diary.json\n"), "diary.json"),
    "2024/csv.md": (post("Csv", 6, "save_as: training.csv\n"), "training.csv"),
    "2024/year.md": (post("Year", 7, "save_as: 2024/index.html\n"), "2024/index.html"),
    "2024/month.md": (post("Month", 7, "save_as: 2024/03/index.html\n"), "2024/03/index.html"),
    "2024/tag.md": (post("Tag", 8, "save_as: tag/calves/index.html\n"), "tag/calves/index.html"),
    "2024/category.md": (post("Cat", 8, "save_as: category/training/index.html\n"), "category/training/index.html"),
    "2024/author.md": (post("Au", 8, "author: Jo Runner\nsave_as: author/jo-runner/index.html\n"),
                       "author/jo-runner/index.html"),
    "2024/page-two.md": (post("Two", 10, "save_as: page/2/index.html\n"), "page/2/index.html"),
    "2024/robots.md": (post("Robots", 11, "save_as: robots.txt\n"), "robots.txt"),
    "2024/sitemap.md": (post("Map", 11, "save_as: sitemap.xml\n"), "sitemap.xml"),
    "2024/theme.md": (post("Css", 12, "save_as: theme/css/main.css\n"), "theme/css/main.css"),
    "2024/search-index.md": (post("Pf", 12, "save_as: pagefind/pagefind.js\n"), "pagefind/pagefind.js"),
    "2024/image.md": (post("Img", 13, "save_as: images/a.svg\n"), None),  # named by the image's error
    "2024/tags-file.md": (post("Tf", 13, "save_as: tag\n"), "tag"),
}


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("clashes") / "content"
    for name, (text, _) in CASES.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "images").mkdir()
    (folder / "images" / "a.svg").write_bytes(b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>")  # not a photo: copied as is
    return folder


@pytest.mark.slow
@pytest.mark.parametrize("conf", ["pelicanconf.py", "publishconf.py"])
def test_every_clash_is_one_error_naming_both_in_both_builds(content, tmp_path, conf):
    result, out = build_site(content, tmp_path / "out", conf=conf, inherit_env=False,
                             env={"SITEURL": "https://example.org"})
    errors = re.findall(r"^content/(\S+): it is written to (\S+?),? ", result.stderr, re.MULTILINE)
    expected = sorted([(name, where) for name, (_, where) in CASES.items()
                       if where and (conf == "publishconf.py" or name not in FEEDS_ONLY_IN_PUBLISH)]
                      + [("images/a.svg", "images/a.svg")])
    assert sorted(errors) == expected, result.stderr[-6000:]
    assert f"{len(expected)} errors in the site's addresses" in result.stderr
    for both in ("hills-b.md: it is written to 2024/03/hills/index.html, the address of content/2024/hills-a.md too",
                 "tempo-fr-2.md: it is written to 2024/03/tempo/fr/index.html, the address of "
                 "content/2024/tempo-fr-1.md too",
                 "images/a.svg: it is written to images/a.svg, the address of content/2024/image.md too"):
        assert both in result.stderr
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert not out.exists() or not any(out.rglob("*.html")), "something was written"


@pytest.mark.slow
def test_a_post_at_a_former_address_takes_it_with_a_warning(tmp_path):
    """old_addresses' redirect from tags.html steps aside for the post, and the build says so."""
    (tmp_path / "content" / "2024").mkdir(parents=True)
    (tmp_path / "content" / "2024" / "old.md").write_text(post("Old tags", 14, "save_as: tags.html\n"),
                                                          encoding="utf-8")
    result, out = build_site(tmp_path / "content", tmp_path / "out", inherit_env=False)
    assert result.returncode == 0, result.stderr[-3000:]
    assert ("content/2024/old.md: it is written to tags.html, the former address of the list of tags "
            "(old_addresses): no redirect is written there") in result.stderr
    assert "Old tags" in (out / "tags.html").read_text(encoding="utf-8")


def test_content_made_by_another_plugin_without_a_source_is_named_by_its_kind():
    from types import SimpleNamespace

    from pelican.plugins.running_diary.plugin.addresses import content

    class Generated:  # a page another plugin put in a generator's list, with no source file
        save_as = "index.html"

    made = content([SimpleNamespace(pages=[Generated()], articles=[SimpleNamespace(
        save_as="", source_path="/x/draft.md")])])
    assert [(a.path, a.source) for a in made] == [("index.html", "a page made by a plugin (Generated)")]
