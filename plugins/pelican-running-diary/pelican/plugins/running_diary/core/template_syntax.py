"""Jekyll's Liquid and Hugo's shortcodes left in a post's Markdown, found outside code.

Pelican prints `{% highlight %}` or `{{< figure >}}` as text: a post brought
from another generator would show its machinery to readers, in silence. The
build names each one (a warning; an error in a strict build), unless the post's
front matter says the syntax is meant to be shown (`template_syntax: shown`, in
a post about Jekyll, say). `diary migrate` converts what has an equivalent.

Code is left alone: fenced blocks (``` or ~~~), indented blocks after a blank
line, `inline code` and <pre>/<code> elements, where such text is an example.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SHOWN_KEY = "template_syntax"  # front matter: `template_syntax: shown` means it
SHOWN = "shown"

# Longest forms first: `{{< x >}}` is a shortcode, not Liquid output. No brace inside:
# each try ends at the next brace, so a body of a million braces is read in linear time.
PATTERNS = (
    ("Hugo shortcode", re.compile(r"\{\{<[^{}]*>\}\}|\{\{%[^{}]*%\}\}")),
    ("Liquid tag", re.compile(r"\{%[^{}]*%\}")),
    ("Liquid output", re.compile(r"\{\{[^{}]*\}\}")),
)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_BACKTICKS = re.compile(r"`+")
_CODE_TAG = re.compile(r"<(pre|code)\b", re.I)


@dataclass(frozen=True)
class Leftover:
    line: int  # in the file, from 1
    kind: str  # "Hugo shortcode", "Liquid tag" or "Liquid output"
    text: str  # as written, shortened


def means_it(metadata: dict) -> bool:
    """The post says its template syntax is meant to be read as text."""
    return str(metadata.get(SHOWN_KEY, "")).strip().lower() == SHOWN


def outside_code(body: str) -> str:
    """The body with every code block, code span and <pre>/<code> element blanked
    (same length, newlines kept), so what is found keeps its line."""
    lines = body.splitlines(keepends=True)
    kept = []
    fence = None
    previous_blank = True
    in_indented = False
    for line in lines:
        stripped = line.rstrip("\r\n")
        opening = _FENCE.match(stripped)
        if fence is not None:
            kept.append(_blank(line))
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence) \
                    and not stripped.strip()[len(opening.group(1)):].strip():
                fence = None
            continue
        if opening:
            fence = opening.group(1)
            kept.append(_blank(line))
            continue
        indented = stripped.startswith(("    ", "\t")) and stripped.strip()
        if indented and (previous_blank or in_indented):
            in_indented = True
            kept.append(_blank(line))
            continue
        in_indented = in_indented and not stripped.strip()
        previous_blank = not stripped.strip()
        kept.append(line)
    return _blank_spans(_blank_code_elements("".join(kept)))


def _blank_code_elements(text: str) -> str:
    """<pre> and <code> elements blanked, each up to its closing tag (one pass: linear)."""
    lower = text.lower()
    pieces, last = [], 0
    for match in _CODE_TAG.finditer(text):
        if match.start() < last:
            continue
        close = lower.find(f"</{match.group(1).lower()}", match.end())
        if close < 0:
            break
        end = lower.find(">", close)
        end = len(text) if end < 0 else end + 1
        pieces += [text[last:match.start()], _blank(text[match.start():end])]
        last = end
    return "".join(pieces) + text[last:]


def _blank_spans(text: str) -> str:
    """`code spans` blanked: a run of backticks closes at the next run of the same length,
    as CommonMark has it; one that never closes is text. Found by lookup, not by trying
    every opening against the rest of the text, so that the time stays linear."""
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(text)]
    by_length: dict[int, list[int]] = {}
    for index, (start, end) in enumerate(runs):
        by_length.setdefault(end - start, []).append(index)
    pieces, last, index = [], 0, 0
    from bisect import bisect_right

    while index < len(runs):
        start, end = runs[index]
        same = by_length[end - start]
        after = bisect_right(same, index)
        if after == len(same):
            index += 1
            continue
        closer = same[after]
        pieces += [text[last:start], _blank(text[start:runs[closer][1]])]
        last = runs[closer][1]
        index = closer + 1
    return "".join(pieces) + text[last:]


def _blank(text: str) -> str:
    return re.sub(r"[^\n]", " ", text)


def find(body: str, body_line: int = 1) -> list[Leftover]:
    """Every piece of template syntax outside code, in order, with its line in the file."""
    text = outside_code(body)
    found = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(text):
            if any(start <= match.start() < end for start, end in taken):
                continue
            taken.append(match.span())
            shown = " ".join(match.group(0).split())
            found.append((match.start(), Leftover(line=body_line + text.count("\n", 0, match.start()), kind=kind,
                                                  text=shown if len(shown) <= 60 else shown[:59] + "…")))
    return [leftover for _, leftover in sorted(found, key=lambda pair: pair[0])]


def message(leftover: Leftover) -> str:
    return (f"{leftover.kind} {leftover.text} would be shown as text: Pelican does not run it "
            f"(`diary migrate` converts what it can; write `{SHOWN_KEY}: {SHOWN}` in the front "
            "matter if the post means to show it)")


def problems(body: str, body_line: int, metadata: dict, name: str, severity: str) -> list:
    """Each leftover as a Problem of the file, or none if the post means to show them."""
    from .model import Problem

    if means_it(metadata):
        return []
    return [Problem(file=name, line=leftover.line, message=message(leftover), severity=severity)
            for leftover in find(body, body_line)]
