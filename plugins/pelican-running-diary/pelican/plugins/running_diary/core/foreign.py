"""Front matter written for Jekyll or Hugo, read the way its author meant it.

`normalise(metadata)` returns the metadata as Pelican understands it, and a
(key, message, severity) for each thing it did or ignored. The build and
`diary check` both call it, so they agree on what a post is (a draft, say).
"""

from __future__ import annotations

import dataclasses

from .model import shown

# Keys of other generators that Pelican has no use for: each is a warning, once a build.
# (`permalink` and `aliases` are used: plugins/old_addresses redirects them to the post.)
IGNORED = {
    "layout": "Jekyll's page layout", "weight": "Hugo's ordering", "menu": "Hugo's menus",
    "toc": "a table of contents switch", "excerpt_separator": "Jekyll's excerpt marker",
}  # fmt: skip


# true/false as YAML 1.1 and Jekyll spell them, any case, quoted or not.
TRUE_WORDS = ("true", "yes", "on", "y", "1")
FALSE_WORDS = ("false", "no", "off", "n", "0")
SWITCHES = ("draft", "published")  # keys that make a post a draft, by a true or a false


def switch(value) -> bool | None:
    """A `draft:` or `published:` value as True or False; None if it is neither."""
    if isinstance(value, bool):
        return value
    word = str(value).strip().strip("'\"").strip().lower() if value is not None else ""
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return None


def draft_state(metadata: dict) -> tuple[bool, list[tuple[str, str, str]]]:
    """Whether the post is a draft by any of the contract's three ways (`status: draft`,
    `draft: true`, `published: false`), and a note for a `draft:` or `published:`
    that is neither true nor false: the post is then kept as a draft, the safe side."""
    status = str(metadata.get("status", "")).strip().lower()
    draft = status == "draft"
    notes = []
    for key in SWITCHES:
        if key not in metadata:
            continue
        value = switch(metadata[key])
        if value is None:
            draft = True
            notes.append((key, "must be true or false (yes/no, on/off, y/n, 1/0); the post is kept "
                          f"as a draft (got {shown(metadata[key])})", "error"))
        elif value is (key == "draft"):
            draft = True
    return draft, notes


def normalise(metadata: dict) -> tuple[dict, list[tuple[str, str, str]]]:
    """Lower-case keys in, Pelican's meaning out, and what was done about it."""
    found = dict(metadata)
    draft, notes = draft_state(found)
    if draft:
        found["status"] = "draft"
    found.pop("draft", None)
    found.pop("published", None)
    if "description" in found and not found.get("summary"):
        found["summary"] = found["description"]  # Hugo's and Jekyll's summary
    categories = found.pop("categories", None)
    if categories is not None and not found.get("category"):
        names = categories if isinstance(categories, list) else str(categories).replace(",", " ").split()
        names = [str(name).strip() for name in names if str(name).strip()]
        if names:
            found["category"] = names[0]
        if len(names) > 1:
            notes.append(("categories", f"Pelican gives a post one category: {names[0]!r} is used, "
                          f"{', '.join(map(repr, names[1:]))} left out (make them tags)", "warning"))
    tags = found.get("tags")
    if isinstance(tags, str) and "," not in tags and ";" not in tags and len(tags.split()) > 1:
        found["tags"] = tags.split()
        notes.append(("tags", f"one string of words is read as {len(found['tags'])} tags, as Jekyll reads it; "
                      "for a tag of several words write a list: tags: [sports massage, calves]", "warning"))
    for key, what in IGNORED.items():
        if key in found:
            notes.append((key, f"{what}: Pelican has no use for it, so it is ignored", "warning"))
    return found, notes


def once_per_key(problems: list) -> list:
    """An ignored key is named once a build, with how many other posts have it too."""
    first: dict[str, int] = {}
    others: dict[str, int] = {}
    kept = []
    for problem in problems:
        if problem.log is None and problem.field in IGNORED and problem.severity == "warning":
            if problem.field in first:
                others[problem.field] = others.get(problem.field, 0) + 1
                continue
            first[problem.field] = len(kept)
        kept.append(problem)
    for key, n in others.items():
        problem = kept[first[key]]
        kept[first[key]] = dataclasses.replace(
            problem, message=f"{problem.message} (also in {n} other post{'s' if n != 1 else ''})")
    return kept
