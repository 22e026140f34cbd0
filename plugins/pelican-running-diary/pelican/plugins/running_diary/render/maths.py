"""Maths in a post, turned into MathML when the site is built: no script, no other host.

A Python-Markdown extension (the build's reader adds it to every post):
`$$…$$` and `\\[…\\]` are display maths, `$…$` and `\\(…\\)` inline; `$$…$$`
inside a sentence is inline, as kramdown (Jekyll) reads it. latex2mathml writes
the MathML; MathML Core is drawn by every current browser.

A lone dollar is money, not maths, as in pandoc: `$` opens only before a
character that is not a space, closes only after one and not before a digit, so
"$5 for a gel and $10 for a map" stays text; `\\$` is always a dollar. Code
(spans and blocks) is never read: Python-Markdown has set it apart already.
LaTeX that latex2mathml cannot read stays as written, in a <code> element, and
is listed in `failed` for the build to report.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from latex2mathml.converter import convert
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.util import AtomicString

# Display forms first; each group is the LaTeX. Priority 185: after code spans
# (190), before backslash escapes (180), which would eat `\[` and `\(`.
# Each form's LaTeX cannot hold its own opening, so that a try ends there (linear time).
PATTERN = (r"(?<!\\)\$\$(?P<dd>(?:[^$\\]|\\.|\$(?!\$))+?)\$\$"
           r"|\\\[(?P<db>(?:[^\\]|\\(?![\[\]]))+?)\\\]"
           r"|\\\((?P<ib>(?:[^\\]|\\(?![()]))+?)\\\)"
           r"|(?<![\\$\w])\$(?=[^\s$])(?P<id>(?:[^$\\\n]|\\.)+?)(?<=[^\s\\])\$(?![\d$])")
PRIORITY = 185


class MathsProcessor(InlineProcessor):
    def __init__(self, md, failed: list):
        super().__init__(PATTERN, md)
        self.compiled_re = re.compile(PATTERN, re.S)
        self.failed = failed

    def handleMatch(self, m, data):  # noqa: N802 - Python-Markdown's name
        latex = m.group("dd") or m.group("db") or m.group("ib") or m.group("id")
        display = m.group("db") is not None or (
            m.group("dd") is not None and not data[:m.start()].strip() and not data[m.end():].strip())
        try:
            mathml = convert(latex.strip(), display="block" if display else "inline")
        except Exception as error:  # noqa: BLE001 - latex2mathml raises many kinds; the author hears of it
            self.failed.append((m.group(0), f"{type(error).__name__}: {error}"))
            code = etree.Element("code")
            code.text = AtomicString(m.group(0))
            return code, m.start(0), m.end(0)
        return self.md.htmlStash.store(mathml), m.start(0), m.end(0)


class MathsExtension(Extension):
    """Add to Markdown(extensions=[...]); `failed` collects (LaTeX, why) of what stayed text."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.failed: list[tuple[str, str]] = []

    def extendMarkdown(self, md):  # noqa: N802 - Python-Markdown's name
        md.inlinePatterns.register(MathsProcessor(md, self.failed), "diary_maths", PRIORITY)
