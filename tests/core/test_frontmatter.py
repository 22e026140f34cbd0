"""Splitting a post, loading its YAML safely, and naming the line of a YAML error."""

import datetime as dt

import pytest

from pelican.plugins.running_diary.core import frontmatter


def test_split_separates_front_matter_and_body():
    parts = frontmatter.split("---\ntitle: A\n---\n\nBody text.\n")
    assert parts.front_matter == "title: A\n"
    assert parts.body == "\nBody text.\n"
    assert parts.body_line == 4


def test_plain_pelican_metadata_has_no_front_matter():
    parts = frontmatter.split("Title: A\nDate: 2024-04-18\n\nBody")
    assert parts.front_matter is None
    assert parts.body.startswith("Title: A")


def test_unquoted_minutes_and_seconds_stay_text_not_base_60():
    data = frontmatter.load("time: 45:12\nlong: 1:05:30\nhr: 151\npace: 5.5\n")
    assert data == {"time": "45:12", "long": "1:05:30", "hr": 151, "pace": 5.5}


def test_yaml_11_yes_and_no_stay_words_but_true_false_are_booleans():
    data = frontmatter.load("side: no\nnotes: off\nflag: true\n")
    assert data == {"side": "no", "notes": "off", "flag": True}


def test_dates_are_text_as_yaml_12_says_and_read_by_the_diary():
    # YAML 1.2's core schema has no timestamps: the fields' readers parse the text.
    assert frontmatter.load("date: 2024-04-15\n") == {"date": "2024-04-15"}
    assert frontmatter.load("date: '2024-04-15'\n") == {"date": "2024-04-15"}


def test_a_yaml_error_names_the_line_in_the_file():
    text = "---\ntitle: A\ntraining:\n  - date: 2024-04-15\n    time: [45:12\n---\n"
    parts = frontmatter.split(text)
    with pytest.raises(frontmatter.FrontMatterError) as caught:
        frontmatter.load(parts.front_matter)
    assert caught.value.line == 6
    assert "that starts on line 5" in caught.value.message
    assert "not valid YAML" in caught.value.message


def test_front_matter_that_is_not_a_mapping_is_an_error():
    with pytest.raises(frontmatter.FrontMatterError, match="key: value"):
        frontmatter.load("- just\n- a list\n")


def test_salvage_keeps_the_plain_fields_of_broken_front_matter():
    broken = 'title: "Calves, again"\ndate: 2024-04-18 21:00\ntags: [calves, physio]\ntraining:\n  - time: [\n'
    assert frontmatter.salvage(broken) == {
        "title": "Calves, again", "date": "2024-04-18 21:00", "tags": "calves, physio"}


def test_a_key_written_twice_keeps_the_last_and_says_so():
    text = ("title: Two logs\ntraining:\n  - distance: 5 km\nsoreness:\n  - area: calves\n    score: 3\n"
            "training:\n  - distance: 8 km\n    distance: 9 km\n")
    heard = []
    data = frontmatter.load(text, warn=lambda line, message: heard.append((line, message)))
    assert data["training"] == [{"distance": "9 km"}]
    assert heard == [
        (8, "'training' is written again here: this one counts, the earlier one is dropped"),
        (10, "'distance' is written again here: this one counts, the earlier one is dropped"),
    ]


def _nested(depth: int) -> str:
    """`training:` holding lists `depth` deep in all (the mapping itself is one level)."""
    return "training: " + "[" * (depth - 1) + "1" + "]" * (depth - 1) + "\n"


def test_the_depth_bound_is_exact_without_aliases():
    # The mapping is depth 1, `training`'s lists 2..50, their scalar 51: one too deep.
    assert frontmatter.load(_nested(49))["training"]
    with pytest.raises(frontmatter.FrontMatterError, match="nested too deeply") as error:
        frontmatter.load("title: Deep\n" + _nested(50), first_line=2)
    assert error.value.line == 3  # the line of the list that is too deep


def test_a_tree_over_the_value_bound_is_refused_without_aliases_too(monkeypatch):
    monkeypatch.setattr(frontmatter, "MAX_NODES", 100)  # the bound's arithmetic, at a size that is quick
    # The mapping, its key, the list and its values: 3 + values in all.
    assert len(frontmatter.load("training: [" + "1," * 97 + "]\n")["training"]) == 97
    with pytest.raises(frontmatter.FrontMatterError, match="expand too far"):
        frontmatter.load("training: [" + "1," * 98 + "]\n")


def test_the_bounds_hold_the_same_with_an_alias_in_the_text():
    # An asterisk sends the check down the alias-aware path: same answers.
    assert frontmatter.load("notes: '5*400 m'\n" + _nested(49))["training"]
    with pytest.raises(frontmatter.FrontMatterError, match="nested too deeply"):
        frontmatter.load("notes: '5*400 m'\n" + _nested(50))
