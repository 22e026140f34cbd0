"""The reps of an interval session, and a watch's laps: read, then summed up. Pure.

An author writes `reps` as a list of `{distance, time}` (or `{time}` for reps
run by the clock), each with an optional `rest`, or in one line:

    reps: 6 x 800 m in 2:58, 2:55, 2:57, 2:56, 2:54, 2:52, rest 90 s
    reps: 8 x 1 min, rest 1 min

A rep's time is a duration as everywhere (a bare number is minutes); a rest is a
duration whose bare number is seconds ("rest 90" is a minute and a half); a
distance as everywhere (a bare number is in the site's unit). `laps`, written by
`diary import` from a watch's laps, have the same shape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import quantities, readers
from .settings import Settings

MAX_REPS = 200  # a session of more is a typo (or a track's every lap of a day)
MAX_REST_S = 3600
REP_KEYS = ("distance", "time", "rest")

_SHORT = re.compile(r"^\s*(?P<count>\d+)\s*[x×]\s*(?P<what>.+?)\s*$", re.I)
_IN = re.compile(r"^(?P<distance>.+?)\s+in\s+(?P<times>.+)$", re.I)
_REST = re.compile(r"^rest\s+(?P<rest>.+)$", re.I)


@dataclass(frozen=True, kw_only=True)
class Rep:
    distance_m: float | None
    time_s: float
    rest_s: float | None = None

    @property
    def pace_s_per_km(self) -> float | None:
        return self.time_s / (self.distance_m / 1000) if self.distance_m else None


def read(value, settings: Settings) -> tuple[Rep, ...]:
    """The reps of a `reps` (or `laps`) value, or ValueError saying what is wrong."""
    if isinstance(value, str):
        reps = _short_form(value, settings)
    elif isinstance(value, list):
        reps = tuple(_one(item, n, settings) for n, item in enumerate(value))
    else:
        raise ValueError("not reps: write a list of {distance, time} or a line such as "
                         "'6 x 800 m in 2:58, 2:55, rest 90 s'")
    if not reps:
        raise ValueError("no reps")
    if len(reps) > MAX_REPS:
        raise ValueError(f"at most {MAX_REPS} reps")
    return reps


def rest_of(value) -> float:
    """A rest between reps: a duration whose bare number is seconds, at most an hour."""
    seconds = quantities.duration(value, bare_unit_s=1)
    if seconds > MAX_REST_S:
        raise ValueError("a rest must be at most 1 hour")
    return seconds


def as_json(reps: tuple[Rep, ...]) -> list[dict]:
    """diary.json's reps (and laps): SI units, a field the author left out null."""
    return [{"distance_m": r.distance_m, "time_s": r.time_s, "rest_s": r.rest_s} for r in reps]


def _one(item, n: int, settings: Settings) -> Rep:
    if not isinstance(item, dict):
        raise ValueError(f"rep {n + 1}: not a rep such as {{distance: 800 m, time: '2:58'}}")
    unknown = [key for key in item if key not in REP_KEYS]
    if unknown:
        raise ValueError(f"rep {n + 1}: unknown key {unknown[0]!r} (a rep has distance, time, rest)")
    if item.get("time") is None:
        raise ValueError(f"rep {n + 1}: no time")
    try:
        return Rep(distance_m=readers.distance(item["distance"], settings) if item.get("distance") is not None
                   else None,
                   time_s=readers.minutes(item["time"], settings),
                   rest_s=rest_of(item["rest"]) if item.get("rest") is not None else None)
    except ValueError as error:
        raise ValueError(f"rep {n + 1}: {error}") from None


def _short_form(text: str, settings: Settings) -> tuple[Rep, ...]:
    """`N x DISTANCE in T1, T2, ..., rest R` or `N x TIME[, rest R]`."""
    match = _SHORT.match(text)
    if not match:
        raise ValueError("not reps: write them as '6 x 800 m in 2:58, 2:55, ...' or a list")
    count = int(match["count"])
    parts = [part.strip() for part in match["what"].split(",")]
    rest = None
    if parts and (rest_match := _REST.match(parts[-1])):
        rest = rest_of(rest_match["rest"])
        parts.pop()
    if len(parts) == 1 and not _IN.match(parts[0]):  # 8 x 1 min: reps by the clock
        time = readers.minutes(parts[0], settings)
        reps = [Rep(distance_m=None, time_s=time, rest_s=rest) for _ in range(count)]
    else:
        first = _IN.match(parts[0]) if parts else None
        if not first:
            raise ValueError("not reps: write them as '6 x 800 m in 2:58, 2:55, ...' or a list")
        distance = readers.distance(first["distance"], settings)
        times = [first["times"], *parts[1:]]
        if len(times) != count:
            raise ValueError(f"{count} reps, but {len(times)} times")
        reps = []
        for n, time in enumerate(times):
            try:
                reps.append(Rep(distance_m=distance, time_s=readers.minutes(time, settings), rest_s=rest))
            except ValueError as error:
                raise ValueError(f"rep {n + 1}: {error}") from None
    if count > MAX_REPS:
        raise ValueError(f"at most {MAX_REPS} reps")
    return tuple(reps)


@dataclass(frozen=True, kw_only=True)
class RepSummary:
    count: int
    mean_time_s: float
    mean_pace_s_per_km: float | None  # when every rep has a distance
    fastest: int  # its index (the earliest, on a tie)
    spread_s: float  # slowest minus fastest: in pace (s/km) when every rep has a distance, else in time
    by_pace: bool


def summary(reps: tuple[Rep, ...]) -> RepSummary:
    """The mean, the fastest and the spread of a session's reps."""
    by_pace = all(rep.distance_m for rep in reps)
    measure = [rep.pace_s_per_km if by_pace else rep.time_s for rep in reps]
    fastest = min(range(len(reps)), key=lambda n: (measure[n], n))
    distance = sum(rep.distance_m for rep in reps) if by_pace else 0
    return RepSummary(count=len(reps), mean_time_s=sum(rep.time_s for rep in reps) / len(reps),
                      mean_pace_s_per_km=sum(rep.time_s for rep in reps) / (distance / 1000) if by_pace else None,
                      fastest=fastest, spread_s=max(measure) - min(measure), by_pace=by_pace)
