"""No control character reaches a page or a feed (core/controls.py says why).

Each post, page and translation is cleaned as Pelican makes it (its HTML, its
summary, its metadata with the logs in it, its tags', category's and authors'
names), before anything reads it; each feed once more as it is written, for
whatever reaches it from elsewhere (the settings, another plugin).
"""

from __future__ import annotations

from ..core.controls import Cleaner
from ..core.model import Problem
from .reader import source_name


def clean_content(content) -> list[Problem]:
    """Clean one content object in place; the problems that name it."""
    cleaner = Cleaner()
    if isinstance(getattr(content, "_content", None), str):
        content._content = cleaner.text(content._content)
    if isinstance(getattr(content, "_summary", None), str):
        content._summary = cleaner.text(content._summary)
    for key, value in content.metadata.items():
        cleaned = _names(cleaner, cleaner.value(value))
        if cleaned is not value and cleaned != value:
            content.metadata[key] = cleaned
            if getattr(content, key.lower(), None) is value:  # Pelican copied it to an attribute
                setattr(content, key.lower(), cleaned)
    source = getattr(content, "source_path", None)
    return cleaner.problems(source_name(source)) if source else []


def _names(cleaner: Cleaner, value):
    """Tags, categories and authors (Pelican's URLWrapper): their names, alone or in a list."""
    for wrapper in value if isinstance(value, list) else [value]:
        name = getattr(wrapper, "name", None)
        if isinstance(name, str) and not isinstance(wrapper, str) and cleaner.text(name) != name:
            wrapper.name = cleaner.text(name)
    return value


def clean_feed(feed) -> None:
    """Every text of a feed and of its items: the feed writer stops on a control character."""
    cleaner = Cleaner()
    for fields in (feed.feed, *feed.items):
        for key, value in fields.items():
            fields[key] = cleaner.value(value)
