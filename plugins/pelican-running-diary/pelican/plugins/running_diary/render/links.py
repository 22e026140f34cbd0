"""Root-absolute links to the site's own files, made Pelican links.

`<img src="/media/map.png">` works on a site served at its domain's root and
breaks on a project site under a sub-path (`https://name.github.io/diary/`).
A link from the root to a file that is under the content folder becomes
`{static}/media/map.png` (or `{filename}/...` for a post's source), which Pelican
writes relative to SITEURL. Links to anything else are left as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_ROOT_LINK = re.compile(r"""(\b(?:href|src)\s*=\s*["'])/(?![/{])([^"'#?\s]+)""", re.I)


def root_links(html: str, kind_of: Callable[[str], str | None]) -> str:
    """`kind_of(path)` says what a root path is under the content folder: "static",
    "filename" (a post's or page's source), or None (not there: left as it is)."""
    def replace(match: re.Match) -> str:
        path = match.group(2)
        kind = kind_of(path)
        return f"{match.group(1)}{{{kind}}}/{path}" if kind else match.group(0)

    return _ROOT_LINK.sub(replace, html) if "/" in html else html
