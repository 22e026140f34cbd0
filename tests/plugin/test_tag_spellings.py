"""Tags and categories that look the same are one, named as the earliest post wrote them."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.helpers import build_site

# Four posts, oldest first: one tag and one category written four ways a reader cannot tell
# apart (as typed, lower case, with a zero-width space, with a no-break space).
SPELLINGS = [("2024-04-01", "Sore Calves", "Recovery Week"),
             ("2024-04-02", "sore calves", "recovery week"),
             ("2024-04-03", "Sore\u200b Calves", "Recovery\u200b Week"),
             ("2024-04-04", "SORE\u00a0CALVES", "RECOVERY\u00a0WEEK")]


def write_posts(content: Path, front_matter: bool) -> None:
    content.mkdir()
    for n, (day, tag, category) in enumerate(SPELLINGS):
        if front_matter:
            text = f'---\ntitle: Post {n}\ndate: {day}\ncategory: "{category}"\ntags: ["{tag}", hills]\n---\n\nBody.\n'
        else:  # Pelican's plain `Key: value` metadata, through its own Markdown reader
            text = f"Title: Post {n}\nDate: {day}\nCategory: {category}\nTags: {tag}, hills\n\nBody.\n"
        (content / f"post-{n}.md").write_text(text, encoding="utf-8")


def text_of(html: Path, selector: str) -> list[str]:
    page = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
    return [" ".join(element.get_text(" ", strip=True).split()) for element in page.select(selector)]


@pytest.mark.parametrize("front_matter", [True, False], ids=["yaml", "plain"])
@pytest.mark.parametrize("overrides, slug", [
    ({}, "sore-calves"),
    ({"SLUGIFY_USE_UNICODE": True}, "sore-calves"),  # Pelican alone keeps the zero-width space here
    ({"SLUGIFY_PRESERVE_CASE": True}, "Sore-Calves"),  # and here splits by case
], ids=["default slugs", "unicode slugs", "case kept in slugs"])
def test_one_tag_and_one_category_in_the_first_spelling(tmp_path, front_matter, overrides, slug):
    write_posts(tmp_path / "content", front_matter)
    out = build_site(tmp_path / "content", tmp_path / "out", in_process=True, settings=overrides).out
    assert sorted(p.name for p in (out / "tag").iterdir()) == sorted(["hills", slug])
    assert [p.name for p in (out / "category").iterdir()] == [slug.replace("Sore-Calves", "Recovery-Week")
                                                              .replace("sore-calves", "recovery-week")]
    assert sorted(text_of(out / "tags" / "index.html", "main li")) == ["Sore Calves 4", "hills 4"]
    assert text_of(out / "categories" / "index.html", "main li") == ["Recovery Week 4"]
    assert text_of(out / "tag" / slug / "index.html", "main h1") == ["Posts tagged “Sore Calves”"]
    for post in sorted(out.glob("2024/04/post-*/index.html")):  # each post, the first spelling
        assert text_of(post, "ul.tags a") == ["Sore Calves", "hills"]


def test_a_tag_is_read_without_its_zero_width_characters(tmp_path):
    """The earliest spelling itself is cleaned as read: no invisible character reaches an address."""
    content = tmp_path / "content"
    content.mkdir()
    (content / "post.md").write_text('---\ntitle: Post\ndate: 2024-04-01\ncategory: "Recovery\\u2060 Week"\n'
                                     'tags: ["Sore\\u200b  Calves\\ufeff"]\n---\n\nBody.\n', encoding="utf-8")
    out = build_site(content, tmp_path / "out", in_process=True, settings=dict(SLUGIFY_USE_UNICODE=True)).out
    assert [p.name for p in (out / "tag").iterdir()] == ["sore-calves"]
    assert [p.name for p in (out / "category").iterdir()] == ["recovery-week"]
    assert text_of(out / "2024" / "04" / "post" / "index.html", "ul.tags a") == ["Sore Calves"]
