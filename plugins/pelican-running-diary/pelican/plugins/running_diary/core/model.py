"""The diary's plain values: a post, money, what every log entry has, a problem.

The entry classes of each log (Training, Stretch, ...) are made from that
log's declaration in `specs.py`, so a field is declared once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True, kw_only=True)
class Post:
    """Where entries came from: the source file and the URL the site serves it at."""

    file: str
    url: str = ""
    title: str = ""
    date: dt.date | None = None


@dataclass(frozen=True, kw_only=True)
class Money:
    amount: float
    currency: str  # ISO 4217 code, e.g. "GBP"


@dataclass(frozen=True, kw_only=True)
class Entry:
    """What every log entry has: its date, notes, and its place in its post."""

    date: dt.date
    post: Post
    index: int  # position in its log within the post, from 0
    notes: str | None = None
    planned: bool = False  # dated after the day of the build: shown, counted in nothing

    @property
    def sort_key(self) -> tuple:
        return (self.date, self.post.url or self.post.file, self.index)


@dataclass(frozen=True, kw_only=True)
class Problem:
    """One thing wrong in a post, named by file, log, entry and field at once."""

    file: str
    message: str
    log: str | None = None
    index: int | None = None
    field: str | None = None
    value: object = None
    has_value: bool = False
    severity: str = "error"  # or "warning", or "note" (a planned entry: nothing wrong)
    line: int | None = None  # for problems that are about the file's text, not an entry

    @property
    def where(self) -> str:
        place = self.log or ""
        if self.index is not None:
            place += f"[{self.index}]"
        if self.field:
            place += f".{self.field}" if place else self.field
        return place

    def __str__(self) -> str:
        text = f"{self.file}:{self.line}: " if self.line else f"{self.file}: "
        if self.where:
            text += f"{self.where}: "
        text += self.message
        if self.has_value:
            text += f" (got {shown(self.value)})"
        return text


def shown(value, limit: int = 60) -> str:
    """An author's value as they would recognise it: text quoted, dates in ISO."""
    if isinstance(value, (dt.date, dt.datetime)):
        text = value.isoformat()
    else:
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def count(n: int, one: str, many: str | None = None) -> str:
    """`1 session`, `3 sessions`, `2 stretches`: the one plural rule of the diary."""
    if n == 1:
        return f"1 {one}"
    if many is None:
        if one.endswith("y") and one[-2:-1] not in tuple("aeiou"):
            many = one[:-1] + "ies"  # entry, entries; but day, days
        else:
            many = one + ("es" if one.endswith(("ch", "sh")) else "s")
    return f"{n:,} {many}"


@dataclass(frozen=True, kw_only=True)
class PostLogs:
    """Everything one post logged: valid entries per log, and the problems."""

    post: Post
    logs: Mapping[str, tuple[Entry, ...]] = field(default_factory=dict)  # log name -> valid entries
    present: tuple[str, ...] = ()  # the logs the author wrote, valid entries or not
    problems: tuple[Problem, ...] = ()

    def entries(self, log: str) -> tuple[Entry, ...]:
        return self.logs.get(log, ())
