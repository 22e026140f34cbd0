"""post_edit: entries are inserted; every other byte of the post stays as it was."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pelican.plugins.running_diary.core import frontmatter
from pelican.plugins.running_diary.ingest import post_edit
from pelican.plugins.running_diary.ingest.post_edit import PostEditError, add_training, training_entry, write_atomic

REPO = Path(__file__).resolve().parents[2]
SAMPLE_POSTS = sorted((REPO / "content").rglob("*.md"))

ENTRY = training_entry({"date": dt.date(2024, 4, 15), "activity": "run", "distance_m": 10020.4,
                        "time_s": 3130.4, "elevation_m": 85.3, "hr": 152,
                        "start": dt.datetime(2024, 4, 15, 7, 2, 11)})
ENTRY2 = {**ENTRY, "start": dt.datetime(2024, 4, 16, 7, 0, 0), "date": dt.date(2024, 4, 16)}

EXPECTED_LINES = [
    "- date: 2024-04-15",
    "activity: run",
    "distance: 10.02 km",
    'time: "0:52:10"',
    "elevation: 85 m",
    "hr: 152",
    "start: 2024-04-15T07:02:11",
]


def only_insertions(old: str, new: str) -> list[str]:
    """The lines inserted in one place, after asserting that nothing else changed."""
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    k = 0
    while k < len(a) and a[k] == b[k]:
        k += 1
    inserted = b[k: k + len(b) - len(a)]
    assert b[:k] + inserted + b[k + len(inserted):] == b
    assert b[:k] + b[k + len(inserted):] == a, "lines other than the inserted ones changed"
    return inserted


def training(text: str) -> list:
    return frontmatter.load(frontmatter.split(text).front_matter).get("training") or []


def body(text: str) -> str:
    return frontmatter.split(text).body


def test_entry_in_the_contract_forms():
    text = post_edit.render_entries([ENTRY])
    assert [line.strip() for line in text.splitlines()] == EXPECTED_LINES
    [loaded] = training("---\ntraining:\n" + text + "---\n")
    assert loaded["time"] == "0:52:10"  # quoted: never read as a number
    assert loaded["start"] == "2024-04-15T07:02:11"  # YAML 1.2: a timestamp is text
    assert loaded["date"] == "2024-04-15"


def test_entry_in_miles_and_without_optional_fields():
    e = training_entry({"date": dt.date(2024, 4, 15), "activity": "run", "distance_m": 16093.44,
                        "time_s": None, "elevation_m": 0.2, "hr": None,
                        "start": dt.datetime(2024, 4, 15, 7, 2, 11)}, units="mi")
    assert e == {"date": dt.date(2024, 4, 15), "activity": "run", "distance": "10.00 mi",
                 "start": dt.datetime(2024, 4, 15, 7, 2, 11)}


@pytest.mark.parametrize("path", [p for p in SAMPLE_POSTS if p.read_text().startswith("---")],
                         ids=lambda p: p.name)
def test_every_sample_post_only_gains_lines(path):
    old = path.read_text(encoding="utf-8")
    new = add_training(old, [ENTRY, ENTRY2])
    inserted = only_insertions(old, new)
    assert len(inserted) == (14 if training(old) else 15)  # 15: with the `training:` key
    assert body(new) == body(old)
    assert new.endswith(body(old))
    assert training(new) == training(old) + training(new)[-2:]
    assert training(new)[-1]["start"] == "2024-04-16T07:00:00"


def test_inserted_after_the_last_entry_before_the_next_key():
    old = """---
title: Hills  # a comment
date: 2024-04-21 20:00
training:
  # the long one
  - date: 2024-04-20
    distance: 21.1 km
    time: 1:52:00
    notes: |
      legs heavy

      but fine
    # after the notes
# about stretches
stretches:
  - name: calf
    hold: 30
---
Body *stays*.
"""
    new = add_training(old, [ENTRY])
    assert only_insertions(old, new)[0] == "  - date: 2024-04-15\n"
    lines = new.splitlines()
    assert lines.index("  - date: 2024-04-15") == lines.index("    # after the notes") + 1
    assert lines.index("# about stretches") == lines.index("    start: 2024-04-15T07:02:11") + 1
    assert training(new)[0]["notes"] == "legs heavy\n\nbut fine\n"
    assert len(training(new)) == 2


@pytest.mark.parametrize("dash,offset", [(0, 2), (2, 2), (4, 2), (2, 4)])
def test_follows_the_lists_own_indentation(dash, offset):
    item = " " * dash + "-" + " " * (offset - 1)
    key = " " * (dash + offset)
    old = f"---\ntitle: T\ntraining:\n{item}date: 2024-01-01\n{key}distance: 5 km\nsoreness: []\n---\nb\n"
    new = add_training(old, [ENTRY])
    inserted = only_insertions(old, new)
    assert inserted[0] == f"{item}date: 2024-04-15\n"
    assert inserted[1] == f"{key}activity: run\n"
    assert len(training(new)) == 2


def test_new_list_at_the_end_in_the_style_of_the_other_logs():
    old = "---\ntitle: T\nstretches:\n- name: calf\n  hold: 30\n# last comment\n---\nbody\n"
    new = add_training(old, [ENTRY])
    inserted = only_insertions(old, new)
    assert inserted[:2] == ["training:\n", "- date: 2024-04-15\n"]
    assert new.index("# last comment") < new.index("training:")


def test_empty_key_gets_items_under_it():
    old = "---\ntitle: T\ntraining:   # to do\nsoreness:\n  - area: calves\n    score: 2\n---\n"
    new = add_training(old, [ENTRY])
    assert only_insertions(old, new)[0] == "  - date: 2024-04-15\n"
    assert new.startswith("---\ntitle: T\ntraining:   # to do\n  - date: 2024-04-15\n")
    assert len(training(new)) == 1 and training(new)[0]["hr"] == 152


@pytest.mark.parametrize("value", ["[]", "~", "null", "[{date: 2024-01-01, time: 45min}]"])
def test_flow_and_null_lists_go_through_ruamel_round_trip(value):
    old = f"---\ntitle: 'Quoted: title'  # kept\ntags: [a, b]\ntraining: {value}\n# tail\n---\nbody\n"
    new = add_training(old, [ENTRY])
    fm = frontmatter.split(new).front_matter
    assert "title: 'Quoted: title'  # kept" in fm
    assert "# tail" in fm
    assert fm.index("title") < fm.index("tags") < fm.index("training")
    assert training(new)[-1]["start"] == "2024-04-15T07:02:11"
    assert training(new)[-1]["time"] == "0:52:10"
    assert body(new) == "body\n"


def test_crlf_and_bom_are_kept():
    old = "\ufeff---\r\ntitle: T\r\ntraining:\r\n  - distance: 5 km\r\n---\r\nbody\r\n"
    new = add_training(old, [ENTRY])
    assert new.startswith("\ufeff---\r\n")
    assert "\r\n  - date: 2024-04-15\r\n    activity: run\r\n" in new
    assert "\n" not in new.replace("\r\n", "")
    assert new.endswith("---\r\nbody\r\n")


def test_body_bytes_are_identical_even_when_they_look_like_yaml():
    body_text = "---\ntraining:\n  - nope\n---\n\n\tTabs, trailing spaces   \n\nno final newline"
    old = "---\ntitle: T\n---\n" + body_text
    new = add_training(old, [ENTRY])
    assert new.endswith("\n---\n" + body_text)
    assert new.encode()[-len(body_text.encode()):] == body_text.encode()


@pytest.mark.parametrize("text,message", [
    ("Title: plain\nDate: 2024-01-01\n\nbody\n", "no YAML front matter"),
    ("---\ntitle: never closed\n", "no closing"),
    ("---\ntitle: [broken\n---\n", "not valid YAML"),
    ("---\ntraining: just words\n---\n", "not a list"),
    ("---\ntraining: {a: 1}\n---\n", "not a list"),
])
def test_refuses_posts_it_cannot_edit_safely(text, message):
    with pytest.raises(PostEditError, match=message):
        add_training(text, [ENTRY])


def test_existing_starts():
    text = ("---\ntraining:\n  - start: 2024-04-15T07:02:11\n  - distance: 5 km\n"
            "  - start: '2024-04-16T06:00:00'\n---\n")
    assert post_edit.existing_starts(text) == ["2024-04-15T07:02:11",
                                               "2024-04-16T06:00:00"]
    assert post_edit.existing_starts("no front matter") == []
    assert post_edit.existing_starts("---\nstart: [\n---\n") == []


# Text that needs quoting comes out as YAML that reads back as the same text.
@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40))
def test_yaml_scalar_reads_back_as_the_same_text(text):
    loaded = frontmatter.load(f"key: {post_edit.yaml_scalar(text)}\n")
    assert loaded["key"] == text


# --- atomic writes -----------------------------------------------------------------

def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_write_atomic_replaces_and_keeps_mode(tmp_path):
    path = tmp_path / "post.md"
    path.write_text("old")
    path.chmod(0o640)
    write_atomic(path, b"new")
    assert path.read_bytes() == b"new"
    assert path.stat().st_mode & 0o777 == 0o640
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("failing", ["write", "fsync", "replace"])
def test_a_failure_mid_write_leaves_the_original_intact(tmp_path, monkeypatch, failing):
    path = tmp_path / "post.md"
    original = b"---\ntitle: T\n---\nbody\n"
    path.write_bytes(original)

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    if failing == "write":
        real_fdopen = os.fdopen

        class HalfWriter:
            def __init__(self, f):
                self.f = f

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                self.f.close()

            def write(self, data):
                self.f.write(data[: len(data) // 2])  # half of it reaches the disk ...
                boom()  # ... then the disk is full

            def __getattr__(self, name):
                return getattr(self.f, name)

        monkeypatch.setattr(post_edit.os, "fdopen", lambda *a, **k: HalfWriter(real_fdopen(*a, **k)))
    else:
        monkeypatch.setattr(post_edit.os, failing, boom)
    with pytest.raises(OSError):
        write_atomic(path, b"---\ntitle: T\ntraining: []\n---\nbody\n" * 100)
    assert path.read_bytes() == original
    assert leftovers(tmp_path) == []


def test_exclusive_write_never_replaces(tmp_path):
    path = tmp_path / "new.md"
    write_atomic(path, b"first", exclusive=True)
    with pytest.raises(FileExistsError):
        write_atomic(path, b"second", exclusive=True)
    assert path.read_bytes() == b"first"
    assert leftovers(tmp_path) == []


def test_a_kept_trailing_blank_line_is_not_eaten():
    """`|+` keeps trailing blank lines: inserting before them would change the notes."""
    old = "---\ntitle: T\ntraining:\n  - distance: 5 km\n    notes: |+\n      tired\n\n---\nbody\n"
    new = add_training(old, [ENTRY])
    assert training(new)[0]["notes"] == training(old)[0]["notes"]
    assert len(training(new)) == 2
    assert body(new) == "body\n"
