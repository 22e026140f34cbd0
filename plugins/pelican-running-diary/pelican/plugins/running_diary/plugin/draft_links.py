"""A `{filename}` link from a published post or page to a draft, named with both files.

Pelican replaces such a link with the draft's address, which a publish build never
writes: the reader would find a dead link, and the address (the draft's title in
words) would be public. An error in a publish build, a warning in a normal one.
`diary check` finds the same from the source text (core/posts.py `draft_links`).
"""

from __future__ import annotations

import os
from urllib.parse import unquote, urlparse

from ..core import posts
from ..core.model import Problem
from .reader import source_name

# What a generator publishes (a hidden page is reachable at its address): Pelican's names.
PUBLIC = ("articles", "pages", "translations", "hidden_articles", "hidden_pages", "hidden_translations")


def problems(generators, strict: bool) -> list[Problem]:
    found = []
    for generator in generators:
        for attribute in PUBLIC:
            for content in getattr(generator, attribute, ()):
                for draft in _linked_drafts(content):
                    found.append(Problem(file=source_name(content.source_path),
                                         severity="error" if strict else "warning",
                                         message=posts.draft_link_message(source_name(draft.source_path))))
    return found


def _linked_drafts(content) -> list:
    """The drafts `content` links with `{filename}`, resolved as Pelican resolves them."""
    text = getattr(content, "_content", None) or ""
    if "filename" not in text:
        return []
    known = content._context.get("generated_content", {})
    drafts = []
    for match in content._get_intrasite_link_regex().finditer(text):
        if match.group("what") != "filename":
            continue
        path = unquote(urlparse(match.group("value")).path)
        if path.startswith("/"):
            path = path[1:]
        else:
            path = content.get_relative_source_path(os.path.join(content.relative_dir, path))
        target = known.get(path)
        if getattr(target, "status", None) == "draft" and target not in drafts:
            drafts.append(target)
    return drafts
