"""core/controls.py: control characters and Markdown's placeholders never reach the site."""

from __future__ import annotations

from pelican.plugins.running_diary.core.controls import Cleaner


def test_typed_control_characters_go_and_tab_newline_return_stay():
    cleaner = Cleaner()
    assert cleaner.text("a\x07b\tc\nd\re\x85f\x7fg\x00h\x0ci") == "ab\tc\nd\refghi"
    assert cleaner.placeholders == 0
    assert sorted(cleaner.controls) == ["\x00", "\x07", "\x0c", "\x7f", "\x85"]
    [warning] = cleaner.problems("content/a.md")
    assert warning.severity == "warning"
    assert str(warning).startswith("content/a.md: control characters taken out")
    assert "U+0000, U+0007, U+000C, U+007F, U+0085" in str(warning)


def test_markdown_placeholders_go_whole_and_are_an_error():
    cleaner = Cleaner()
    leaked = '<img alt="see $a\x02klzzwxh:0000\x03b$ \x02wzxhzdk:12\x03" src="c.png">'
    assert cleaner.text(leaked) == '<img alt="see $ab$ " src="c.png">'
    [error] = cleaner.problems("content/b.md")
    assert error.severity == "error"
    assert error.message.startswith("Python-Markdown left 2 placeholders of its own in the page")


def test_clean_text_is_returned_as_it_is_and_names_nothing():
    cleaner = Cleaner()
    text = "Pace: 5:10 /km — “easy” 🏃\u00a0\u200b"
    assert cleaner.text(text) is text
    assert cleaner.problems("content/c.md") == []


def test_values_in_lists_and_dicts_are_cleaned_and_others_kept():
    cleaner = Cleaner()
    logs = [{"notes": "tight\x07", "distance": 5, "tags": ("a\x1b",)}]
    assert cleaner.value(logs) == [{"notes": "tight", "distance": 5, "tags": ("a",)}]
    assert cleaner.value(None) is None
