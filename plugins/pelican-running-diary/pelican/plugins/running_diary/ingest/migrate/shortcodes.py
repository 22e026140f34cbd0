"""A Hugo post's shortcodes, turned into what Pelican's Markdown means the same by.

    body, summary, done = convert(body, links)

`highlight` becomes fenced code, `ref` and `relref` Pelican's `{filename}` links,
`figure` an image with its caption; `{{</* x */>}}` (Hugo's way to show a
shortcode) becomes the text `{{< x >}}`. Any other shortcode (the theme's own, or
`youtube`, `tweet`...) is left as written for `find_left` to list.
"""

from __future__ import annotations

import html
import re
import shlex
from collections import Counter

from . import text as edits
from .liquid import Links

OPEN = r"\{\{([<%])\s*"
CLOSE = r"\s*[>%]\}\}"
HIGHLIGHT = re.compile(OPEN + r"highlight\s+([\w+#.-]+)([^}]*?)" + CLOSE + r"(.*?)\{\{[<%]\s*/highlight" + CLOSE, re.S)
REF = re.compile(OPEN + r"(?:rel)?ref\s+([^}]+?)" + CLOSE)
FIGURE = re.compile(OPEN + r"figure\s+([^}]*?)\s*/?" + CLOSE)
ESCAPED = re.compile(r"\{\{([<%])/\*(.*?)\*/([>%])\}\}", re.S)
ANY = re.compile(OPEN + r"([\w-]+)(.*?)" + CLOSE, re.S)
GET = re.compile(r"\{\{-?\s*\.Get\s+(\d+|\"[\w-]+\")\s*-?\}\}")
TEMPLATE_COMMENT = re.compile(r"\{\{-?\s*/\*.*?\*/\s*-?\}\}", re.S)


def plain_template(template: str) -> bool:
    """A shortcode template that only puts its arguments into HTML (`{{ .Get 0 }}`): its
    output for given arguments is known without Hugo, so it can be written out."""
    rest = GET.sub("", TEMPLATE_COMMENT.sub("", template))
    return "{{" not in rest


def expand(template: str, positional: list[str], named: dict[str, str]) -> str:
    """The template's HTML with the arguments in, escaped as Hugo's html/template does;
    without blank lines, so Markdown reads it as one block of HTML."""
    def get(match: re.Match) -> str:
        key = match.group(1)
        value = named.get(key.strip('"'), "") if key.startswith('"') else (
            positional[int(key)] if int(key) < len(positional) else "")
        return html.escape(value)

    out = GET.sub(get, TEMPLATE_COMMENT.sub("", template))
    return "\n".join(line for line in out.splitlines() if line.strip())


def arguments(text: str) -> tuple[list[str], dict[str, str]]:
    """A shortcode's positional and named arguments: `"a b" c key="v w"`."""
    try:
        words = shlex.split(text, posix=True)
    except ValueError:
        words = text.split()
    positional, named = [], {}
    for word in words:
        key, sep, value = word.partition("=")
        if sep and re.fullmatch(r"\w+", key):
            named[key] = value
        else:
            positional.append(word)
    return positional, named


def convert(body: str, links: Links, templates: dict[str, str] | None = None
            ) -> tuple[str, str | None, Counter, bool]:
    """The body with its shortcodes converted, the summary before `<!--more-->`, a
    count of each conversion, and whether the post now shows shortcode syntax on
    purpose (Hugo's `{{</* */>}}`). `templates`: the old site's own shortcodes
    (layouts/shortcodes/NAME.html); one that only places its arguments is written out."""
    done: Counter = Counter()
    stash = edits.Stash()
    shown = False

    def highlight(match: re.Match) -> str:
        done["highlight shortcode to fenced code"] += 1
        return stash.keep(edits.fence(match.group(4), match.group(2), match.group(3)))

    body = edits.sub_outside_code(HIGHLIGHT, highlight, body)

    def ref(match: re.Match) -> str:
        (target, *_), _ = arguments(match.group(2))
        path, _, anchor = target.partition("#")
        new = links.post(path)
        if new is None:
            return match.group(0)
        done["ref/relref to {filename}"] += 1
        return new + (f"#{anchor}" if anchor else "")

    body = edits.sub_outside_code(REF, ref, body)

    def figure(match: re.Match) -> str:
        _, named = arguments(match.group(2))
        if "src" not in named:
            return match.group(0)
        done["figure to an image with a caption"] += 1
        src = links.path(named["src"]) or named["src"]
        image = f'<img src="{html.escape(src)}" alt="{html.escape(named.get("alt", named.get("caption", "")))}">'
        if "link" in named:
            image = f'<a href="{html.escape(named["link"])}">{image}</a>'
        caption = named.get("caption") or named.get("title") or ""
        caption = f"<figcaption>{html.escape(caption)}</figcaption>" if caption else ""
        return stash.keep(f"<figure>{image}{caption}</figure>")

    body = edits.sub_outside_code(FIGURE, figure, body)

    def escaped(match: re.Match) -> str:
        nonlocal shown
        shown = True
        done["{{</* */>}} to the shortcode's text"] += 1
        return "{{" + match.group(1) + match.group(2) + match.group(3) + "}}"

    def theirs(match: re.Match) -> str:
        name = match.group(2)
        template = (templates or {}).get(name)
        if template is None or not plain_template(template):
            return match.group(0)
        done[f"the theme's shortcode {name} written out as its HTML"] += 1
        positional, named = arguments(match.group(3))
        return "\n\n" + stash.keep(expand(template, positional, named)) + "\n\n"

    body = edits.sub_outside_code(ANY, theirs, body)
    body = ESCAPED.sub(escaped, body)  # in code too: Hugo shows it as text everywhere
    body = edits.retarget(body, links.path, done)
    body, summary = edits.summary_before(edits.MORE, body, done)
    return stash.restore(body), stash.restore(summary) if summary else None, done, shown
