"""Every address a build writes, and the clashes between them, before anything is written.

Pelican writes each post, page, translation and static file at its `save_as`,
and the site's own pages beside them: the direct templates (index, search/,
tags/, 404.html ...) and their later pages, tag, category and author pages,
the year and month archives, the feeds, the template pages, the theme's
files; plugins add the diary's pages and data files, the sitemap and the
search index. Two of them at one address means one silently replaces the
other (or Pelican stops with a traceback): each such clash that a source file
causes is an error naming the file and what else goes there. A redirect page
of old_addresses steps aside for a source file at its address: a warning.

This module knows Pelican's settings by name, as plain data; plugin/addresses.py
hands it the build's lists (and pages out lists, with Pelican's own paginator).
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .model import Problem

# (setting, what it is): the feeds of the whole site, then per item (their {slug} or {lang}).
SITE_FEEDS = (("FEED_ATOM", "the Atom feed"), ("FEED_RSS", "the RSS feed"),
              ("FEED_ALL_ATOM", "the Atom feed of every post"),
              ("FEED_ALL_RSS", "the RSS feed of every post"))
ITEM_FEEDS = (("CATEGORY_FEED_ATOM", "category", "the Atom feed of category {}"),
              ("CATEGORY_FEED_RSS", "category", "the RSS feed of category {}"),
              ("AUTHOR_FEED_ATOM", "author", "the Atom feed of author {}"),
              ("AUTHOR_FEED_RSS", "author", "the RSS feed of author {}"),
              ("TAG_FEED_ATOM", "tag", "the Atom feed of tag {}"),
              ("TAG_FEED_RSS", "tag", "the RSS feed of tag {}"),
              ("TRANSLATION_FEED_ATOM", "lang", "the Atom feed in {}"),
              ("TRANSLATION_FEED_RSS", "lang", "the RSS feed in {}"))


@dataclass(frozen=True)
class Address:
    """One output path: a file (or, with `folder`, a whole folder) and what goes there."""

    path: str
    what: str
    source: str | None = None  # the source file of a post, page or static file; None: the site's own
    folder: bool = False
    yields: bool = False  # steps aside for a source file (old_addresses' redirect pages)


def normal(path: str) -> str:
    """`./a//b/` and `a/b` are one address."""
    return posixpath.normpath(path.replace("\\", "/")).lstrip("/")


def feeds(settings: Mapping, slugs: Mapping[str, Iterable[str]]) -> list[Address]:
    """The feeds Pelican writes: `slugs` holds the slugs of each "category", "author" and
    "tag" that has a published post, and each "lang" that a post or translation is in."""
    found = [Address(settings[key], f"{what} ({key})") for key, what in SITE_FEEDS if settings.get(key)]
    for key, kind, what in ITEM_FEEDS:
        if settings.get(key):
            for slug in slugs.get(kind, ()):
                name = str(settings[key]).format(**{"lang" if kind == "lang" else "slug": slug})
                found.append(Address(name, f"{what.format(slug)} ({key})"))
    return found


def direct_templates(settings: Mapping) -> list[tuple[str, str, str]]:
    """(template, save_as, url) of each of DIRECT_TEMPLATES that Pelican writes."""
    found = []
    for template in settings.get("DIRECT_TEMPLATES") or ():
        save_as = settings.get(f"{template.upper()}_SAVE_AS", f"{template}.html")
        if save_as:
            found.append((template, save_as, settings.get(f"{template.upper()}_URL", f"{template}.html")))
    return found


def template_pages(settings: Mapping) -> list[Address]:
    return [Address(dest, f"the template page {posixpath.basename(source)} (TEMPLATE_PAGES)")
            for source, dest in (settings.get("TEMPLATE_PAGES") or {}).items() if dest]


def clashes(addresses: Iterable[Address]) -> list[Problem]:
    """One error for each source file written where something else goes: the same
    path, or a file where a folder of other addresses must be (or inside a file). At
    an address whose only other claim steps aside (a redirect page), a warning."""
    by_path: dict[str, list[Address]] = {}
    for address in addresses:
        by_path.setdefault(normal(address.path), []).append(address)
    folders: dict[str, Address] = {}  # each folder some address needs -> one that needs it
    for path, here in by_path.items():
        if here[0].folder:
            folders.setdefault(path, here[0])
        for parent in _parents(path):
            folders.setdefault(parent, here[0])
    problems = []
    for path, here in by_path.items():
        sources = sorted((a for a in here if a.source is not None), key=lambda a: a.source)
        site = [a for a in here if a.source is None and not a.yields]
        first = site[0] if site else sources[0] if sources else None
        for other in sources:
            if other is not first:
                problems.append(_problem(other, f"it is written to {path}, {_whose(first)}: one "
                                                f"would replace the other; {_fix(first)}"))
        stepping_aside = [a for a in here if a.yields]
        if sources and not site and stepping_aside:
            problems.append(_problem(sources[0], f"it is written to {path}, {stepping_aside[0].what}: "
                                                 "no redirect is written there", severity="warning"))
        for address in here:
            if address.source is not None and not address.folder:
                problems.extend(_folder_clash(address, path, by_path, folders))
    return sorted(problems, key=lambda p: (p.file, p.message))


def _folder_clash(address: Address, path: str, by_path: dict, folders: dict) -> list[Problem]:
    """A file where a folder must be, inside a folder written whole, or inside a file of the
    site's (a source file at a folder's name is named on its own, above)."""
    if path in folders and folders[path] is not address:
        other = folders[path]
        return [_problem(address, f"it is written to {path} as a file, but {_name(other)} goes "
                                  f"inside it ({other.path}); {_fix(other)}")]
    for parent in _parents(path):
        other = folders.get(parent)
        if other is not None and other.folder:
            return [_problem(address, f"it is written to {path}, inside {parent}/, which "
                                      f"{other.what} replaces whole; {_fix(other)}")]
        if parent in by_path and by_path[parent][0].source is None:  # a source file there says so
            other = by_path[parent][0]
            return [_problem(address, f"it is written to {path}, inside {parent}, which is a "
                                      f"file: {_name(other)}; {_fix(other)}")]
    return []


def _parents(path: str) -> list[str]:
    parts = path.split("/")[:-1]
    return ["/".join(parts[: n + 1]) for n in range(len(parts))]


def _name(other: Address) -> str:
    return other.source if other.source is not None else other.what


def _whose(other: Address) -> str:
    return f"the address of {other.source} too" if other.source is not None else f"where {other.what} goes"


def _fix(other: Address) -> str:
    if other.source is not None:
        return "give one of them another slug (or lang, or save_as)"
    return "give it another slug or save_as"


def _problem(address: Address, message: str, severity: str = "error") -> Problem:
    return Problem(file=address.source or "", message=message, severity=severity)
