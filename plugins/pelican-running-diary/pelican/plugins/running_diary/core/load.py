"""Training load: session RPE (Foster 2001), its rolling means, and the weeks that jumped.

A session's load is its effort (1-10) times its minutes; an entry without an
effort, or without a time, has none (the page says how many). Every activity
counts; a rest day is a day of load 0. From the daily sums over the diary's
span (its first training day to its last):

- acute load: the mean of the last 7 days' loads, from the diary's 7th day on;
- chronic load: the mean of the last 28 days', from the 28th day on;
- their ratio, acute / chronic, from the 28th day on (none while chronic is 0).

Before a window is full there is no figure: a mean over fewer days would make
the first weeks look like a spike. A diary in which no session has an effort
has no daily load at all (rather than a row of zeros that would read as rest). A week (named by its first day) is flagged
when the ratio on its last day is above 1.5, or, from the diary's fifth week on,
when its running distance is more than 30% above the mean of the four weeks
before it (a start is not a spike). Pure: plain entries in, plain figures out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

ACUTE_DAYS = 7
CHRONIC_DAYS = 28
RATIO_LIMIT = 1.5
DISTANCE_JUMP = 0.30  # a week's running more than this share above the four weeks before
WEEKS_BEFORE = 4


def session_load(entry) -> float | None:
    """Effort x minutes; 0 for a rest day; None without an effort or a time."""
    if entry.activity == "rest":
        return 0.0
    if entry.effort is None or not entry.time_s:
        return None
    return entry.effort * entry.time_s / 60


@dataclass(frozen=True, kw_only=True)
class LoadDay:
    date: dt.date
    load: float  # the day's sessions' load added up (0 on a day without one)
    acute: float | None  # mean of the last 7 days, from the diary's 7th day
    chronic: float | None  # mean of the last 28 days, from the 28th
    ratio: float | None  # acute / chronic, from the 28th day, while chronic > 0


@dataclass(frozen=True, kw_only=True)
class FlaggedWeek:
    week: dt.date  # its first day
    why: str  # one sentence: "ratio 1.62 on its last day" and/or the distance jump
    ratio: float | None
    distance_m: float
    mean_before_m: float | None


@dataclass(frozen=True, kw_only=True)
class Load:
    days: tuple[LoadDay, ...]
    flagged: tuple[FlaggedWeek, ...]
    sessions: int  # sessions with a load (rest days not counted as sessions)
    without_effort: int  # sessions that have none: no effort, or no time

    def weekly(self, week_start: Callable[[dt.date], dt.date]) -> dict[dt.date, float]:
        """Each week's load added up, by its first day."""
        weeks: dict[dt.date, float] = {}
        for day in self.days:
            first = week_start(day.date)
            weeks[first] = weeks.get(first, 0.0) + day.load
        return weeks


def training_load(entries: Iterable, week_start: Callable[[dt.date], dt.date]) -> Load:
    """The load of `entries` (training entries in date order: valid, done, not planned)."""
    entries = list(entries)
    if not entries:
        return Load(days=(), flagged=(), sessions=0, without_effort=0)
    first, last = entries[0].date, entries[-1].date
    daily = {first + dt.timedelta(days=n): 0.0 for n in range((last - first).days + 1)}
    running: dict[dt.date, float] = {}
    sessions = without = 0
    for entry in entries:
        load = session_load(entry)
        if entry.activity != "rest":
            sessions += 1
            without += load is None
        daily[entry.date] += load or 0.0
        if entry.activity == "run" and entry.distance_m:
            week = week_start(entry.date)
            running[week] = running.get(week, 0.0) + entry.distance_m
    # No session with an effort: no load to speak of (zeros would read as rest); the weeks
    # are still flagged by their running distance.
    days = _rolling(daily)
    flagged = _flagged(days, running, week_start)
    return Load(days=days if sessions > without else (), flagged=flagged, sessions=sessions,
                without_effort=without)


def _rolling(daily: dict[dt.date, float]) -> tuple[LoadDay, ...]:
    """Acute, chronic and ratio of each day, in one pass with two running sums."""
    loads = list(daily.values())
    out, acute_sum, chronic_sum = [], 0.0, 0.0
    for n, (day, load) in enumerate(daily.items()):
        acute_sum += load - (loads[n - ACUTE_DAYS] if n >= ACUTE_DAYS else 0.0)
        chronic_sum += load - (loads[n - CHRONIC_DAYS] if n >= CHRONIC_DAYS else 0.0)
        acute = acute_sum / ACUTE_DAYS if n + 1 >= ACUTE_DAYS else None
        chronic = chronic_sum / CHRONIC_DAYS if n + 1 >= CHRONIC_DAYS else None
        ratio = acute / chronic if acute is not None and chronic else None
        out.append(LoadDay(date=day, load=load, acute=_tidy(acute), chronic=_tidy(chronic),
                           ratio=_tidy(ratio)))
    return tuple(out)


def _tidy(value: float | None) -> float | None:
    """Rounded off the float dust of running sums (1e-12), to keep builds repeatable."""
    return None if value is None else round(value, 6)


def _flagged(days: tuple[LoadDay, ...], running: dict[dt.date, float],
             week_start: Callable[[dt.date], dt.date]) -> tuple[FlaggedWeek, ...]:
    last_day = {week_start(day.date): day for day in days}  # dict keeps each week's last day
    weeks = list(last_day)
    flagged = []
    for n, week in enumerate(weeks):
        ratio = last_day[week].ratio
        distance = running.get(week, 0.0)
        before = [running.get(w, 0.0) for w in weeks[n - WEEKS_BEFORE:n]] if n >= WEEKS_BEFORE else []
        mean_before = sum(before) / WEEKS_BEFORE if before else None
        reasons = []
        if ratio is not None and ratio > RATIO_LIMIT:
            reasons.append(f"acute to chronic load ratio {ratio:.2f} on its last day "
                           f"(above {RATIO_LIMIT})")
        if mean_before and distance > mean_before * (1 + DISTANCE_JUMP):
            jump = distance / mean_before - 1
            reasons.append(f"running {distance / 1000:.1f} km, {jump:.0%} above the mean of "
                           f"the four weeks before ({mean_before / 1000:.1f} km)")
        if reasons:
            why = "; ".join(reasons)
            flagged.append(FlaggedWeek(week=week, why=why[0].upper() + why[1:] + ".",
                                       ratio=ratio, distance_m=distance, mean_before_m=mean_before))
    return tuple(flagged)
