"""Text that looks the same is the same: the one key every grouping of free text uses
(shoes, areas, muscles, stretches, treatment kinds, tags and categories), and the
removal of the invisible characters that reorder text (bidi controls) from imported names.

`Pegasus 40`, `pegasus 40`, and either with a zero-width or a no-break space are one pair:
two spellings a reader cannot tell apart must never split a total.
"""

from __future__ import annotations

import unicodedata

# Zero-width space, non-joiner, joiner, word joiner, and the byte-order mark (a zero-width
# no-break space inside text): none is visible, none survives NFKC on its own.
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
# The embeddings, overrides and isolates (U+202A..U+202E, U+2066..U+2069), the left-to-right
# and right-to-left marks and the Arabic letter mark: they reorder what a reader sees.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"

_NO_ZERO_WIDTH = dict.fromkeys(map(ord, ZERO_WIDTH))
_NO_BIDI = dict.fromkeys(map(ord, BIDI_CONTROLS))


def group_key(text) -> str:
    """The key under which `text` is grouped: Unicode NFKC (a no-break space becomes a
    space, a full-width letter its ASCII one), zero-width characters removed, every run of
    whitespace one space, trimmed, case folded (and NFKC again, as case folding can undo it)."""
    text = unicodedata.normalize("NFKC", str(text).translate(_NO_ZERO_WIDTH))
    return unicodedata.normalize("NFKC", " ".join(text.split()).casefold())


def display_name(text) -> str:
    """`text` as a name is shown and stored: NFKC, no zero-width character, whitespace
    collapsed and trimmed, its case kept (Pelican's tags and categories)."""
    text = unicodedata.normalize("NFKC", str(text).translate(_NO_ZERO_WIDTH))
    return " ".join(text.split())


class FirstSpellings:
    """Names each group by the first spelling given to it: call it on every text in the
    diary's order (date, post, position) and use what it returns as the group's key."""

    def __init__(self) -> None:
        self._first: dict[str, str] = {}

    def __call__(self, text: str) -> str:
        return self._first.setdefault(group_key(text), text)


def without_bidi(text: str) -> str:
    """`text` with no bidi control character: an imported name cannot reorder a title."""
    return text.translate(_NO_BIDI)
