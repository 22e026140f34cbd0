"""The one grouping key of free text, and the bidi controls taken out of imported names."""

import pytest

from pelican.plugins.running_diary.core.spelling import BIDI_CONTROLS, FirstSpellings, display_name, group_key, without_bidi


@pytest.mark.parametrize("text", [
    "Pegasus 40", "pegasus 40", "PEGASUS 40", "  Pegasus 40 ", "Pegasus\t\n 40",
    "Pegasus\u200b 40", "Peg\u200casus\u200d 40", "\ufeffPegasus 40\u2060",  # zero-width characters
    "Pegasus\u00a040", "Pegasus\u2003 40", "Pegasus\u202f40",  # no-break, em and narrow no-break spaces
    "Ｐｅｇａｓｕｓ ４０",  # full width, which NFKC makes ASCII
])
def test_text_that_looks_the_same_has_one_key(text):
    assert group_key(text) == "pegasus 40"


def test_text_that_reads_differently_keeps_its_own_key():
    assert len({group_key(t) for t in ("Pegasus 40", "Pegasus 41", "Pegasus40", "Pégasus 40")}) == 4


def test_case_folding_goes_beyond_lower():
    assert group_key("Straße") == group_key("STRASSE") == "strasse"


def test_each_group_is_named_by_its_first_spelling():
    spelled = FirstSpellings()
    assert [spelled(t) for t in ("pegasus 40", "Pegasus 40", "Ghost", "PEGASUS\u00a040", "ghost")] == [
        "pegasus 40", "pegasus 40", "Ghost", "pegasus 40", "Ghost"]


def test_display_name_keeps_case_and_drops_what_cannot_be_seen():
    assert display_name(" Sports\u200b\u00a0 Massage\ufeff ") == "Sports Massage"


def test_every_bidi_control_is_removed_and_nothing_else():
    assert len(BIDI_CONTROLS) == 12  # U+202A..U+202E (5), U+2066..U+2069 (4), U+200E, U+200F, U+061C
    assert without_bidi(f"Morning{BIDI_CONTROLS}Run \u05e9\u05dc\u05d5\u05dd") == "MorningRun \u05e9\u05dc\u05d5\u05dd"
    assert without_bidi("\u202egnp.exe") == "gnp.exe"
