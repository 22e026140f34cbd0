"""Posts nobody should write, read by the same code as the build and `diary check`:
each is a named problem with its file and line, and costs the rest of the site nothing."""

from __future__ import annotations

import resource
import time

import pytest

from pelican.plugins.running_diary.core import frontmatter, posts
from pelican.plugins.running_diary.core.settings import from_dict

ALIAS_BOMB = ('a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
              + "".join(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]\n" for i in range(1, 9))
              + "training: *a8\n")  # 9^9, about 387 million values once expanded


def opened(tmp_path, text: str | bytes, name: str = "post.md"):
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    logs, metadata = posts.read_post(path, from_dict({}), name=name)
    return logs, metadata, [str(p) for p in logs.problems]


def test_an_alias_bomb_is_refused_in_microseconds(tmp_path):
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    logs, _, problems = opened(tmp_path, f"---\ntitle: Bomb\ndate: 2024-04-18\n{ALIAS_BOMB}---\nBody.\n")
    elapsed = time.perf_counter() - start
    grown_mib = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert problems == ["post.md:9: front matter's YAML aliases expand too far (over 200,000 values): "
                        "write the entries out; the logs are left out"]
    assert elapsed < 2 and grown_mib < 200  # the bound: under 2 s and 200 MiB


@pytest.mark.parametrize("where", ["training", "title"])
def test_ten_thousand_nested_brackets_are_named_not_a_crash(tmp_path, where):
    logs, metadata, problems = opened(tmp_path, f"---\ntitle: Deep\ndate: 2024-04-18\n{where}: "
                                      + "[" * 10_000 + "]" * 10_000 + "\n---\nBody.\n")
    assert len(problems) == 1 and problems[0].startswith("post.md:")
    assert "nested too deeply" in problems[0] or "not valid YAML" in problems[0]
    assert metadata.get("date") == "2024-04-18"  # salvaged: the post is still published


def test_a_nul_byte_in_front_matter_is_named_and_a_later_draft_status_still_holds(tmp_path):
    logs, metadata, problems = opened(tmp_path, b"---\ntitle: Secret\ndate: 2024-04-18\nsummary: a\x00b\n"
                                                b"status: draft\n---\nNot for publishing.\n")
    assert problems == ["post.md:4: front matter has a NUL byte here: the file is damaged or not text; "
                        "the logs are left out"]
    assert metadata["status"] == "draft"  # salvaged past the NUL: the draft stays a draft


def test_front_matter_over_the_size_cap_is_named(tmp_path):
    logs, _, problems = opened(tmp_path, "---\ntitle: Huge\nsummary: " + "x" * 1_100_000 + "\n---\n")
    assert problems[0].startswith("post.md:2: front matter is too large to read (1,100,022 characters")


def test_an_unclosed_fence_keeps_the_body_and_says_so(tmp_path):
    logs, metadata, problems = opened(tmp_path, "---\ntitle: Open\ndate: 2024-04-18\n"
                                      "training:\n  - {distance: 5 km, time: 25:00}\n\nThe body.\n")
    assert problems == ["post.md:1: the front matter's `---` is never closed: add a line `---` after the "
                        "front matter (read up to line 6; what follows is the body)"]
    assert len(logs.entries("training")) == 1


@pytest.mark.parametrize("date", ["2024-02-30", "10000-01-01", "1899-12-31 10:00"])
def test_an_impossible_post_date_is_named(tmp_path, date):
    logs, _, problems = opened(tmp_path, f"---\ntitle: When\ndate: {date}\n---\nBody.\n")
    assert problems == [f"post.md:3: date: not a real date from 1900 to 2100 such as 2024-04-18 21:00; "
                        f"the post is dated by its file's last change instead (got {date!r})"]


def test_not_utf8_text_is_mended_and_named(tmp_path):
    logs, metadata, problems = opened(tmp_path, "---\ntitle: Café\ndate: 2024-04-18\n---\nCafé au lait.\n"
                                      .encode("latin-1"))
    assert problems[0].startswith("post.md:2: is not UTF-8 text here (saved in another encoding?)")
    assert metadata["title"] == "Caf\ufffd"


def test_a_binary_file_is_named_not_read(tmp_path):
    logs, _, problems = opened(tmp_path, bytes(range(256)) * 40)
    assert problems == ["post.md: is not a text file (it looks binary): not read"]


def test_a_colon_in_a_title_suggests_quotes(tmp_path):
    logs, _, problems = opened(tmp_path, "---\ntitle: Massage: the sequel\ndate: 2024-04-18\n---\n")
    assert problems == ['post.md:2: front matter is not valid YAML: mapping values are not allowed in this '
                        'context; a value with \': \' in it needs quotes, as in title: "Massage: the sequel"; '
                        'the logs are left out']


def test_a_comma_inside_braces_suggests_quotes(tmp_path):
    logs, _, problems = opened(tmp_path, "---\ntitle: Holds\ndate: 2024-04-18\nstretches:\n"
                               "  - {name: calf stretch, against a wall, hold: 30s}\n---\n")
    assert problems == ["post.md:5: stretches[0].against a wall: unknown field, ignored; if these words "
                        "belong to the value before them, a comma cut that value short: put the whole "
                        "value in quotes"]


def test_every_problem_names_the_line_of_its_field_or_entry(tmp_path):
    logs, _, problems = opened(tmp_path, "---\ntitle: Lines\ndate: 2024-04-18\ntraining:\n"
                               "  - distance: 5 km\n    time: 25:00\n"
                               "  - distance: 6 km\n    time: '45:72'\n"
                               "  - 5 km\n---\n")
    assert problems == [
        "post.md:8: training[1].time: not a duration: seconds run from 0 to 59 (got '45:72')",
        "post.md:9: training[2]: an entry must be `field: value` lines (got '5 km')"]


def test_a_typo_with_a_close_match_is_an_error_in_the_publish_build(tmp_path):
    path = tmp_path / "typo.md"
    path.write_text("---\ntitle: T\ndate: 2024-04-18\ntraining:\n  - {distnace: 7 km, time: 40:00}\n---\n")
    normal, _ = posts.read_post(path, from_dict({}), name="typo.md")
    strict, _ = posts.read_post(path, from_dict({"strict": True}), name="typo.md")
    assert [p.severity for p in normal.problems] == ["warning"]
    assert [p.severity for p in strict.problems] == ["error"]
    assert str(strict.problems[0]) == "typo.md:5: training[0].distnace: unknown field, ignored; did you mean 'distance'?"


def test_frontmatter_read_gives_each_entry_its_line():
    loaded = frontmatter.read("title: x\ntraining:\n  - {distance: 5 km}\n  - time: 30\n    hr: 150\n")
    assert [(e.line, e.fields) for e in loaded.lines["training"]] == [
        (4, {"distance": 4}), (5, {"time": 5, "hr": 6})]
