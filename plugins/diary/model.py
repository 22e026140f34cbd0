"""The diary's values: one frozen dataclass per kind of log entry, in SI units."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

LOGS = ("training", "stretches", "treatments", "soreness")


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

    @property
    def sort_key(self) -> tuple:
        return (self.date, self.post.url or self.post.file, self.index)


@dataclass(frozen=True, kw_only=True)
class Training(Entry):
    activity: str = "run"
    type: str | None = None
    distance_m: float | None = None
    time_s: float | None = None
    elevation_m: float | None = None
    hr: int | None = None
    effort: int | None = None
    shoes: str | None = None
    start: dt.datetime | None = None

    @property
    def pace_s_per_km(self) -> float | None:
        if self.distance_m and self.time_s:
            return self.time_s / (self.distance_m / 1000)
        return None


@dataclass(frozen=True, kw_only=True)
class Stretch(Entry):
    name: str
    hold_s: float
    muscle: str | None = None
    sets: int = 1
    side: str | None = None  # "left", "right", "both" or None

    @property
    def total_s(self) -> float:
        """Time under stretch: hold x sets x (2 if both sides)."""
        return self.hold_s * self.sets * (2 if self.side == "both" else 1)


@dataclass(frozen=True, kw_only=True)
class Treatment(Entry):
    kind: str
    provider: str | None = None
    duration_s: float | None = None
    cost: Money | None = None
    areas: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Soreness(Entry):
    area: str
    score: int


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
    severity: str = "error"  # or "warning"
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


@dataclass(frozen=True, kw_only=True)
class PostLogs:
    """Everything one post logged: valid entries per log, and the problems."""

    post: Post
    training: tuple[Training, ...] = ()
    stretches: tuple[Stretch, ...] = ()
    treatments: tuple[Treatment, ...] = ()
    soreness: tuple[Soreness, ...] = ()
    present: tuple[str, ...] = ()  # the logs the author wrote, valid entries or not
    problems: tuple[Problem, ...] = field(default=())

    def entries(self, log: str) -> tuple[Entry, ...]:
        return getattr(self, log)
