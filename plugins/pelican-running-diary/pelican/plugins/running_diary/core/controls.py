"""Control characters never reach a page or a feed.

XML 1.0 has no place for C0 control characters but tab, newline and carriage
return, and the feed writer stops the build on one; in HTML they are invisible
at best. They come two ways: typed or pasted into a post (a bell, a C1 "next
line" from an old Windows file), or left by Python-Markdown itself, whose
placeholders (`\\x02klzzwxh:0000\\x03`) escape into the page when an image's
text holds a link with a `\\` escape or a code span in it:
`![see [a\\_b](https://example.org)](chart.png)`.

`Cleaner` removes both, whole placeholders first (what is left of one,
"klzzwxh:0000", means nothing to a reader), and remembers what it removed so
that the post can be named.
"""

from __future__ import annotations

import re

from markdown import util

from .model import Problem, count

# Python-Markdown's inline and HTML placeholders (markdown.util), whole.
PLACEHOLDER = re.compile(re.escape(util.STX) + r"(?:klzzwxh|wzxhzdk):[0-9]+" + re.escape(util.ETX))
# C0 but tab, newline and carriage return; DEL; C1.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

LEAK = ("Python-Markdown left {n} of its own in the page, where an image's text holds a "
        "link with a `\\` escape or a code span in it (`![see [a\\_b](url)](chart.png)`): "
        "they were taken out, and the text they stood for with them; write the image's "
        "text without the link")
RAW = "control characters taken out of the post (they cannot be written in a feed): {chars}"


class Cleaner:
    """Cleans the texts of one post, counting what it took out."""

    def __init__(self):
        self.placeholders = 0
        self.controls: set[str] = set()

    def text(self, text: str) -> str:
        if not CONTROL.search(text):  # the usual case, one scan
            return text
        text, self_made = PLACEHOLDER.subn("", text)
        self.placeholders += self_made
        self.controls.update(CONTROL.findall(text))
        return CONTROL.sub("", text)

    def value(self, value):
        """Text, or text in lists, tuples and dicts (a log's entries), cleaned; anything else as it is."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            return [self.value(item) for item in value]
        if isinstance(value, tuple):
            return tuple(self.value(item) for item in value)
        if isinstance(value, dict):
            return {key: self.value(item) for key, item in value.items()}
        return value

    def problems(self, file: str) -> list[Problem]:
        """A leaked placeholder is an error (text was lost); a typed control character a warning."""
        found = []
        if self.placeholders:
            found.append(Problem(file=file, message=LEAK.format(n=count(self.placeholders, "placeholder"))))
        if self.controls:
            chars = ", ".join(f"U+{ord(char):04X}" for char in sorted(self.controls))
            found.append(Problem(file=file, severity="warning", message=RAW.format(chars=chars)))
        return found
