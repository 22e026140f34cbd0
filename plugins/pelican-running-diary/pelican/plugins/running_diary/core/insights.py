"""What the diary knows that a training app does not: load beside soreness, and whether
the weeks after a week of stretching were less sore. Pure, and worded as observations.

Weeks are named by their first day (the site's `week_start`). A body area's soreness
in a week is the mean of its scores that week; "rated 5 or more" is a week whose
highest score for the area is at least 5. A jump in load is a week's load against the
mean of the four weeks before it (core/load.py flags one above 30% or a ratio over 1.5).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .spelling import FirstSpellings, group_key

HIGH_SCORE = 5  # a week "rated 5 or more"
WEEKS_BEFORE = 4
MIN_WEEKS_EACH_SIDE = 4  # "did stretching help?" is shown only with this many weeks on each side
WEEK = dt.timedelta(days=7)


@dataclass(frozen=True, kw_only=True)
class AreaWeek:
    week: dt.date
    load: float  # the week's training load (0 without a session with an effort)
    soreness: float | None  # the area's mean score that week, None if not rated
    highest: int | None
    jump: float | None  # this week's load against the mean of the four before (0.35 = 35% above)


@dataclass(frozen=True, kw_only=True)
class AreaLoad:
    area: str  # as first written
    weeks: tuple[AreaWeek, ...]  # every week from the first to the last of the area's scores
    sentence: str


def _weekly_soreness(soreness, week_start) -> dict[str, dict[dt.date, list[int]]]:
    named = FirstSpellings()
    found: dict[str, dict[dt.date, list[int]]] = defaultdict(lambda: defaultdict(list))
    for entry in soreness:
        found[named(entry.area)][week_start(entry.date)].append(entry.score)
    return found


def load_beside_soreness(soreness: Iterable, weekly_load: dict[dt.date, float],
                         week_start: Callable[[dt.date], dt.date]) -> list[AreaLoad]:
    """Per body area with scores, each week's load and mean soreness, and one sentence."""
    found = []
    for area, scores in _weekly_soreness(soreness, week_start).items():
        first, last = min(scores), max(scores)
        weeks = []
        week = first
        while week <= last:
            before = [weekly_load.get(week - WEEK * n, 0.0) for n in range(1, WEEKS_BEFORE + 1)]
            mean_before = sum(before) / WEEKS_BEFORE
            load = weekly_load.get(week, 0.0)
            rated = scores.get(week)
            weeks.append(AreaWeek(week=week, load=load, soreness=sum(rated) / len(rated) if rated else None,
                                  highest=max(rated) if rated else None,
                                  jump=round(load / mean_before - 1, 6) if mean_before else None))
            week += WEEK
        found.append(AreaLoad(area=area, weeks=tuple(weeks), sentence=_sentence(area, weeks, weekly_load)))
    return found


def _sentence(area: str, weeks: list[AreaWeek], weekly_load: dict[dt.date, float]) -> str:
    """`calves: the 3 weeks rated 5 or more each followed a week at least 35% above its
    four-week mean`; or how many of them did; an observation, never advice."""
    high = [w for w in weeks if w.highest is not None and w.highest >= HIGH_SCORE]
    if not high:
        return f"{area}: no week rated {HIGH_SCORE} or more."
    if not any(weekly_load.values()):
        return (f"{area}: {_weeks(len(high))} rated {HIGH_SCORE} or more; no training load to set "
                "them beside (log an effort, 1 to 10, on your sessions).")
    by_week = {w.week: w for w in weeks}
    jumps = []
    for w in high:
        before = by_week.get(w.week - WEEK)
        jump = before.jump if before is not None else _jump(w.week - WEEK, weekly_load)
        jumps.append(jump)
    after_a_jump = [j for j in jumps if j is not None and j > 0]
    if len(after_a_jump) == len(high):
        least = min(after_a_jump)
        each = "each followed" if len(high) > 1 else "followed"
        return (f"{area}: the {_weeks(len(high))} rated {HIGH_SCORE} or more {each} a week at least "
                f"{int(least * 100)}% above its four-week mean.")
    if after_a_jump:
        return (f"{area}: {len(after_a_jump)} of the {_weeks(len(high))} rated {HIGH_SCORE} or more "
                "followed a week above its four-week mean.")
    return f"{area}: none of the {_weeks(len(high))} rated {HIGH_SCORE} or more followed a week above its four-week mean."


def _jump(week: dt.date, weekly_load: dict[dt.date, float]) -> float | None:
    mean_before = sum(weekly_load.get(week - WEEK * n, 0.0) for n in range(1, WEEKS_BEFORE + 1)) / WEEKS_BEFORE
    return round(weekly_load.get(week, 0.0) / mean_before - 1, 6) if mean_before else None


def _weeks(n: int) -> str:
    return "week" if n == 1 else f"{n} weeks"


@dataclass(frozen=True, kw_only=True)
class StretchingAndSoreness:
    muscle: str
    goal_minutes: float
    after_met: tuple[int, float]  # (weeks, mean soreness) after a week that met the goal
    after_missed: tuple[int, float]

    @property
    def sentence(self) -> str:
        met_n, met = self.after_met
        missed_n, missed = self.after_missed
        return (f"{self.muscle}: in the {met_n} weeks after a week that met the {self.goal_minutes:g}-minute "
                f"stretching goal, soreness averaged {met:.1f}; in the {missed_n} weeks after one that "
                f"did not, {missed:.1f}.")


def stretching_and_soreness(stretches: Iterable, soreness: Iterable, goal_minutes: float,
                            week_start: Callable[[dt.date], dt.date]) -> list[StretchingAndSoreness]:
    """Per muscle group stretched and rated as a sore area (the same words, grouped as
    everywhere): mean soreness in the weeks after a week that met the weekly stretching
    goal, against the weeks after one that did not; only with 4 weeks or more on each side."""
    minutes: dict[str, dict[dt.date, float]] = defaultdict(lambda: defaultdict(float))
    named = FirstSpellings()
    for stretch in stretches:
        if stretch.muscle:
            minutes[group_key(stretch.muscle)][week_start(stretch.date)] += stretch.total_s / 60
            named(stretch.muscle)
    sore = {group_key(area): weeks for area, weeks in _weekly_soreness(soreness, week_start).items()}
    found = []
    for key, weekly in minutes.items():
        if key not in sore:
            continue
        first = min(min(weekly), min(sore[key]))
        met, missed = [], []
        for week, scores in sore[key].items():
            before = week - WEEK
            if before < first:
                continue  # the week before the diary began says nothing
            (met if weekly.get(before, 0.0) >= goal_minutes else missed).append(sum(scores) / len(scores))
        if len(met) >= MIN_WEEKS_EACH_SIDE and len(missed) >= MIN_WEEKS_EACH_SIDE:
            found.append(StretchingAndSoreness(muscle=named(key), goal_minutes=goal_minutes,
                                               after_met=(len(met), sum(met) / len(met)),
                                               after_missed=(len(missed), sum(missed) / len(missed))))
    return sorted(found, key=lambda s: s.muscle)
