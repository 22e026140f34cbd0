"""Streaks: days in a row with something done (a run, a stretch). Pure.

The current streak ends on `today` or the day before (a streak is not broken
before the day is out); `today` is the build's day, given by the caller, never
read from the clock here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True)
class Streak:
    current: int  # days in a row up to today or yesterday; 0 if the last was before that
    longest: int
    longest_end: dt.date | None  # the last day of the longest (the earliest, on a tie)


def streak(days: Iterable[dt.date], today: dt.date | None) -> Streak:
    """The streaks of `days` (in date order, repeats allowed)."""
    longest, longest_end, run, previous = 0, None, 0, None
    for day in days:
        if day == previous:
            continue
        run = run + 1 if previous is not None and (day - previous).days == 1 else 1
        if run > longest:  # strictly longer: a tie keeps the earlier
            longest, longest_end = run, day
        previous = day
    current = run if previous is not None and today is not None and 0 <= (today - previous).days <= 1 else 0
    return Streak(current=current, longest=longest, longest_end=longest_end)
