"""What converting a Jekyll post and a Hugo post share: edits outside code, pieces
set aside and put back, kramdown's attribute lists and table of contents, the
summary marker, fenced code, and links to the old site's own addresses.

Every function takes and returns plain text; none reads a file.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from ...core.template_syntax import outside_code


def sub_outside_code(pattern: re.Pattern, replace: Callable[[re.Match], str], text: str) -> str:
    """`pattern.sub(replace, text)`, except in code (fenced or indented blocks, code spans,
    <pre> and <code>), where an example of template syntax must stay as written."""
    masked = outside_code(text)
    pieces, last = [], 0
    for match in pattern.finditer(masked):
        pieces.append(text[last:match.start()])
        # The groups as written: a match begun outside code may hold code (a `span` in {% raw %}).
        pieces.append(replace(pattern.fullmatch(text, match.start(), match.end()) or match))
        last = match.end()
    if not pieces:
        return text
    pieces.append(text[last:])
    return "".join(pieces)


class Stash:
    """Text set aside (`{% raw %}` content, a converted block) so that no later edit
    touches it, and put back at the end. Placeholders are letters and digits only."""

    def __init__(self):
        self.pieces: list[str] = []

    def keep(self, text: str) -> str:
        self.pieces.append(text)
        return f"DIARYMIGRATESTASH{len(self.pieces) - 1}X"

    def restore(self, text: str) -> str:
        for _ in range(3):  # a stashed piece may hold another's placeholder
            text = re.sub(r"DIARYMIGRATESTASH(\d+)X", lambda m: self.pieces[int(m.group(1))], text)
        return text


def fence(code: str, language: str = "", options: str = "") -> str:
    """Fenced code (Python-Markdown's fenced_code, with codehilite), long enough a fence
    for code that has backticks of its own; `linenos` as a codehilite option."""
    code = code.strip("\n")
    ticks = "`" * max(3, max((len(run) for run in re.findall(r"`+", code)), default=0) + 1)
    attributes = " linenums=\"1\"" if "linenos" in options else ""
    head = f"{ticks} {{ .{language}{attributes} }}" if attributes and language else f"{ticks}{language}"
    return f"\n{head}\n{code}\n{ticks}\n"


TOC = re.compile(r"^[ \t]*(?:[*-][ \t]+[^\n]*\n)?[ \t]*\{:[ \t]*toc[ \t]*\}[ \t]*$", re.M)
# A kramdown block attribute list on a line of its own: `{: .note}`, `{: class="wide"}`.
BLOCK_IAL = re.compile(r"^[ \t]*\{:(?!\s*toc\b)([^}\n]*)\}[ \t]*$", re.M)
TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")


def kramdown(text: str, done: Counter) -> str:
    """`{:toc}` (and the list item kramdown replaces with it) becomes `[TOC]`. A block
    attribute list on its own line under a paragraph stays: Python-Markdown's attr_list
    reads it there too; under a heading it moves onto the heading's line, where attr_list
    wants it; under a table, which attr_list cannot mark, it is dropped, so that the
    table renders; with no block above it, it is dropped."""
    def toc(match: re.Match) -> str:
        done["{:toc} to [TOC]"] += 1
        return "[TOC]"

    text = sub_outside_code(TOC, toc, text)
    lines = text.split("\n")
    masked = outside_code(text).split("\n")
    kept: list[str] = []
    for line, mask in zip(lines, masked):
        match = BLOCK_IAL.match(mask)
        if not match:
            kept.append(line)
            continue
        above = next((n for n in range(len(kept) - 1, -1, -1) if kept[n].strip()), None)
        if above is None or len(kept) - 1 > above:  # a blank line between: an IAL for the block below
            done["kramdown attribute list dropped (no block above)"] += 1
            continue
        if TABLE_ROW.match(kept[above]):
            done["kramdown attribute list under a table dropped (attr_list cannot mark a table)"] += 1
            continue
        if kept[above].lstrip().startswith("#"):  # attr_list reads a heading's on its own line
            kept[above] = f"{kept[above].rstrip()} {{:{match.group(1).rstrip()}}}"
            done["kramdown attribute list moved onto its heading"] += 1
        else:  # under a paragraph, attr_list reads it as kramdown does
            kept.append(line)
            done["kramdown attribute list kept (attr_list reads it)"] += 1
    return "\n".join(kept)


MORE = re.compile(r"^[ \t]*<!--\s*more\s*-->[ \t]*$", re.M | re.I)


def summary_before(marker: re.Pattern | str, text: str, done: Counter) -> tuple[str, str | None]:
    """The body without its summary marker, and the Markdown before it (None if none)."""
    pattern = marker if isinstance(marker, re.Pattern) else re.compile(re.escape(marker))
    match = pattern.search(outside_code(text))
    if not match:
        return text, None
    done["summary marker to summary"] += 1
    return text[:match.start()] + text[match.end():], text[:match.start()].strip() or None


_LINK = re.compile(r"""(\]\(\s*<?|\b(?:href|src)\s*=\s*["']|^\[[^\]\n]+\]:\s*<?)([^\s)"'<>]+)""", re.M)


def retarget(text: str, address_of: Callable[[str], str | None], done: Counter) -> str:
    """Links to the old site's addresses (its posts, pages and files) become Pelican's
    `{filename}` and `{static}` links: `address_of(url)` says what a link becomes."""
    def replace(match: re.Match) -> str:
        new = address_of(match.group(2))
        if new is None:
            return match.group(0)
        done["link to the old site to a Pelican link"] += 1
        return match.group(1) + new

    return sub_outside_code(_LINK, replace, text)
