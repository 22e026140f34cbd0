"""A Jekyll post's Liquid, turned into what Pelican's Markdown means the same by.

    body, summary, done = convert(body, links)

`links` knows the old site: where a `{% post_url %}` or `{% link %}` goes now,
and which addresses were the old site's own. What has no faithful equivalent
(an include, a capture, a plugin's tag) is left as written, for `find_left` to
list; the build names it too.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from collections.abc import Callable

from . import text as edits

TAG = r"\{%-?\s*"
END = r"\s*-?%\}"
HIGHLIGHT = re.compile(TAG + r"highlight\s+([\w+#.-]+)([^%]*?)" + END + r"(.*?)" + TAG + r"endhighlight" + END, re.S)
RAW = re.compile(TAG + r"raw" + END + r"(.*?)" + TAG + r"endraw" + END, re.S)
RAW_TAGS = re.compile(TAG + r"(?:end)?raw" + END)
COMMENT = re.compile(TAG + r"comment" + END + r".*?" + TAG + r"endcomment" + END + r"\n?", re.S)
POST_URL = re.compile(TAG + r"post_url\s+([^\s%]+)" + END)
LINK = re.compile(TAG + r"link\s+([^\s%]+)" + END)
# {{ site.url }}{{ site.baseurl }}/x, {{ site.baseurl }}/x, and the filters on a quoted path.
SITE = re.compile(r"(?:\{\{-?\s*site\.url\s*-?\}\})?\{\{-?\s*site\.(?:baseurl|url)\s*-?\}\}")
FILTERED = re.compile(r"""\{\{-?\s*(["'])([^"'{}]*)\1\s*\|\s*(?:relative_url|absolute_url)\s*-?\}\}""")
STATIC_EXCERPT = "<!--more-->"


@dataclass
class Links:
    """What the conversion needs to know of the old site, as functions of a name."""

    post: Callable[[str], str | None]  # `2019-01-01-slug` -> `{filename}/2019/...md`, or None
    path: Callable[[str], str | None]  # a link `/assets/x.png` or an old address -> a Pelican link


def convert(body: str, links: Links, excerpt_separator: str | None = None) -> tuple[str, str | None, Counter]:
    """The body with its Liquid converted, the summary if the post marks one, and a count
    of each conversion made."""
    done: Counter = Counter()
    stash = edits.Stash()

    def counted(what: str, make):
        def replace(match: re.Match) -> str:
            done[what] += 1
            return make(match)
        return replace

    # {% raw %} inside code: the code is literal anyway
    body = edits.sub_outside_code(HIGHLIGHT, counted("{% highlight %} to fenced code", lambda m: stash.keep(
        edits.fence(RAW_TAGS.sub("", m.group(3)), m.group(1), m.group(2)))), body)
    body = edits.sub_outside_code(RAW, counted("{% raw %} unwrapped", lambda m: stash.keep(m.group(1))), body)
    body = edits.sub_outside_code(COMMENT, counted("{% comment %} removed", lambda m: ""), body)

    def post_url(match: re.Match) -> str:
        target = links.post(match.group(1))
        if target is None:
            return match.group(0)
        done["{% post_url %} to {filename}"] += 1
        return target

    body = edits.sub_outside_code(POST_URL, post_url, body)

    def link(match: re.Match) -> str:
        target = links.post(match.group(1)) or links.path("/" + match.group(1).lstrip("/"))
        if target is None:
            return match.group(0)
        done["{% link %} to a Pelican link"] += 1
        return target

    body = edits.sub_outside_code(LINK, link, body)

    body = edits.sub_outside_code(SITE, counted("{{ site.url/baseurl }} removed (links from the root)",
                                                lambda m: ""), body)
    body = edits.sub_outside_code(FILTERED, counted("relative_url/absolute_url to a link from the root",
                                                    lambda m: "/" + m.group(2).lstrip("/")), body)
    body = edits.retarget(body, links.path, done)
    body = edits.kramdown(body, done)
    body, summary = edits.summary_before(excerpt_separator or edits.MORE, body, done)
    return stash.restore(body), stash.restore(summary) if summary else None, done
