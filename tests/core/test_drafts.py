"""A draft by every spelling of true and false (the contract's "Drafts and privacy"),
and any other value of `draft:` or `published:` named, the post kept as a draft."""

import pytest

from pelican.plugins.running_diary.core import foreign
from pelican.plugins.running_diary.core.posts import check_paths, draft_links, read_posts
from pelican.plugins.running_diary.core.settings import from_dict

RUN = "training:\n  - {distance: 5 km, time: \"30:00\"}\n"


def post(tmp_path, name, line):
    path = tmp_path / "2024" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitle: {name}\ndate: 2024-04-18\n{line}\n{RUN}---\nBody\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("value", ["true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", "y", "Y",
                                   "1", '"yes"', "'on'", '"1"', '" Y "'])
def test_every_spelling_of_true_makes_a_draft_and_of_false_a_published_post(tmp_path, value):
    opposite = {"true": "false", "yes": "no", "on": "off", "y": "n", "1": "0"}
    word = value.strip("'\" ").lower()
    false = value.replace(value.strip("'\" "), opposite[word].upper() if value.strip("'\" ").isupper()
                          else opposite[word])
    drafts = [post(tmp_path, "a.md", f"draft: {value}"), post(tmp_path, "b.md", f"published: {false}")]
    shown = [post(tmp_path, "c.md", f"draft: {false}"), post(tmp_path, "d.md", f"published: {value}")]
    published = read_posts([tmp_path], from_dict({}), published_only=True)
    assert [p.post.file for p in published] == [str(p) for p in shown]
    assert check_paths([tmp_path], from_dict({})) == []
    assert len(drafts) == 2


@pytest.mark.parametrize("value, got", [("maybe", "'maybe'"), ("2", "2"), ("", "None"), ("[yes]", "['yes']"),
                                        ("nope", "'nope'")])
def test_any_other_value_is_an_error_and_the_post_stays_a_draft(tmp_path, value, got):
    path = post(tmp_path, "odd.md", f"draft: {value}")
    assert [str(p) for p in check_paths([path], from_dict({}))] == [
        f"{path}:4: draft: must be true or false (yes/no, on/off, y/n, 1/0); the post is kept as a draft "
        f"(got {got})"]
    assert read_posts([path], from_dict({}), published_only=True) == []


def test_plain_key_value_metadata_knows_draft_too(tmp_path):
    path = tmp_path / "plain.md"
    path.write_text("Title: Plain\nDate: 2024-04-18\nPublished: off\n\nBody\n", encoding="utf-8")
    assert read_posts([path], from_dict({}), published_only=True) == []
    path.write_text("Title: Plain\nDate: 2024-04-18\nDraft: perhaps\n\nBody\n", encoding="utf-8")
    assert [str(p) for p in check_paths([path], from_dict({}))] == [
        f"{path}: draft: must be true or false (yes/no, on/off, y/n, 1/0); the post is kept as a draft "
        "(got 'perhaps')"]


def test_switch_reads_booleans_and_numbers_as_yaml_gives_them():
    assert [foreign.switch(v) for v in (True, False, 1, 0, "Off", 2, None)] == [True, False, True, False,
                                                                                False, None, None]


def test_check_names_a_link_from_a_published_post_to_a_draft_and_no_other(tmp_path):
    root = tmp_path / "content"
    draft = post(root, "plan.md", "published: no")
    public = post(root, "public.md", "draft: no")
    (root / "2024" / "linking.md").write_text(
        "Title: Linking\nDate: 2024-04-18\n\n[plan]({filename}plan.md) [public]({filename}/2024/public.md)\n"
        "[again](|filename|../2024/plan.md)\n", encoding="utf-8")
    (root / "2024" / "draft-linking.md").write_text(  # a draft may link to a draft
        "Title: Draft\nDate: 2024-04-18\nStatus: draft\n\n[plan]({filename}plan.md)\n", encoding="utf-8")
    metadata = {}
    read_posts([root], from_dict({}), metadata_out=metadata)
    assert [str(p) for p in draft_links(metadata, root)] == [
        f"{root}/2024/linking.md: links to {draft}, a draft: the link would lead nowhere (its address is "
        "never published); publish the draft, or remove the link"]
    assert public.exists()


def test_a_post_pelican_skips_counts_for_nothing(tmp_path):
    """`status: skip` (Pelican skips it on purpose) and a post with no date are not published."""
    post(tmp_path, "skip.md", "status: skip")
    (tmp_path / "2024" / "undated.md").write_text("---\ntitle: Undated\n" + RUN + "---\n", encoding="utf-8")
    kept = post(tmp_path, "kept.md", "status: published")
    assert [p.post.file for p in read_posts([tmp_path], from_dict({}), published_only=True)] == [str(kept)]
