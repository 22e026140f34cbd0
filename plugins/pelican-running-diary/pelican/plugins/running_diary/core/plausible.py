"""Figures a runner would believe: nothing faster than the world record allows.

The contract's "Plausible figures": a training entry faster than the world
record for its distance and activity is a problem, and its message says how
the figure was read and how to write what was probably meant (`time: 1:05`
over 10 km is 1 min 5 s, not an hour and five). Pure: each activity's spec
(activities.py) holds its `Bound`, and the training log's rules (specs.py) call
`problem_with`, so the build, `diary check` and `diary import` agree.

Running: the fastest pace allowed at a distance is interpolated linearly in
distance between the paces of the neighbouring world records (below); below
800 m it is 2:00 /km, beyond the marathon the marathon's pace. Pace, not time,
is interpolated: a time interpolated linearly between 1,500 m (3:26.00) and
5 km (12:35) gives 7:21 at 3 km, slower than the real 3,000 m record (7:17.55),
which would be refused; the paces give 7:10, a bound below every record.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import re

# (metres, world record in seconds): the men's outdoor and road records named by the contract.
RUNNING_RECORDS = (
    (800.0, 100.91),  # 1:40.91
    (1500.0, 206.0),  # 3:26.00
    (5000.0, 755.0),  # 12:35
    (10000.0, 1571.0),  # 26:11
    (21097.5, 3450.0),  # half marathon 57:30
    (42195.0, 7235.0),  # marathon 2:00:35
)
SHORT_RUN_PACE_S_PER_KM = 120.0  # below 800 m: 2:00 /km
SWIM_FASTEST_S_PER_100M = 46.0


@dataclass(frozen=True)
class Bound:
    """The fastest believable for an activity: its pace (seconds per km) at a distance,
    and the words that name the limit in a message."""

    fastest_pace: Callable[[float], float]
    limit: Callable[[float], str]
    as_speed: bool = False  # the message reads the figure as a speed (the limit is one)

    def fastest_time(self, distance_m: float) -> float:
        return self.fastest_pace(distance_m) * distance_m / 1000


def max_speed(kmh: float, noun: str) -> Bound:
    """At most `kmh` on average: `the 80 km/h a ride can average`."""
    return Bound(lambda distance_m: 3600 / kmh, lambda distance_m: f"the {kmh:g} km/h a {noun} can average",
                 as_speed=True)


# `1:05` read as m:ss is taken to mean h:mm when that reading is plausible and at most
# this many times the fastest time (a 10 km in 1:05:00 is 2.5 times the record; an
# 800 m in 1:39:00 is 59 times, and no one meant it).
MEANT_AT_MOST = 5
# A hundredth of a second of slack, so that a time equal to the record (26:11 for
# 10 km) is never refused by the rounding of a float.
SLACK_S = 0.005


def fastest_running_pace(distance_m: float) -> float:
    """The fastest plausible running pace at `distance_m`, in seconds per km."""
    paces = [(metres, seconds / (metres / 1000)) for metres, seconds in RUNNING_RECORDS]
    if distance_m < paces[0][0]:
        return SHORT_RUN_PACE_S_PER_KM
    for (near_m, near_pace), (far_m, far_pace) in zip(paces, paces[1:]):
        if distance_m <= far_m:
            share = (distance_m - near_m) / (far_m - near_m)
            return near_pace + share * (far_pace - near_pace)
    return paces[-1][1]  # beyond the marathon: the marathon's pace


def _running_limit(distance_m: float) -> str:
    for metres, seconds in RUNNING_RECORDS:
        if abs(distance_m - metres) < 0.5:
            return f"the world record ({distance_words(metres)} in {clock(seconds, exact=True)})"
    pace = fastest_running_pace(distance_m)
    return (f"the world records allow over {distance_words(distance_m)} "
            f"({clock(pace)} /km, {clock(pace * distance_m / 1000)})")


RUNNING = Bound(fastest_running_pace, _running_limit)
SWIMMING = Bound(lambda distance_m: SWIM_FASTEST_S_PER_100M * 10,
                 lambda distance_m: f"the world record's {SWIM_FASTEST_S_PER_100M:g} s per 100 m")


def problem_with(activity, distance_m: float, time_s: float, *, field: str, given) -> str | None:
    """What is wrong with `time_s` over `distance_m` for `activity` (its ActivitySpec), in
    the author's terms, or None when it is plausible. `field` is what the author wrote
    (`time` or `pace`) and `given` their value, so the message can say how it was read."""
    bound = activity.bound
    if bound is None or time_s >= bound.fastest_time(distance_m) - SLACK_S:
        return None
    if field == "time":
        reading = f"time {given} is read as {words(time_s)}, {_figure(activity, distance_m, time_s)}"
    else:
        reading = (f"pace {given} gives {clock(time_s)} over {distance_words(distance_m)}, "
                   f"{_figure(activity, distance_m, time_s)}")
    return f"{reading}, faster than {bound.limit(distance_m)}; {_hint(bound, distance_m, field, given)}"


def _figure(activity, distance_m: float, time_s: float) -> str:
    """`a 0:06 /km 10 km`, `a 120.0 km/h ride over 20 km`, `a 0:30 /100 m swim over 1 km`:
    the figure its limit is given in, in metric units whatever the site's."""
    over = distance_words(distance_m)
    if activity.bound.as_speed or activity.figure.kind == "speed":
        return f"a {distance_m / time_s * 3.6:.1f} km/h {activity.noun[0]} over {over}"
    metres, label = activity.figure.unit("km")
    if activity.name == "run":
        return f"a {clock(time_s / (distance_m / metres))} /{label} {over}"
    return f"a {clock(time_s / (distance_m / metres))} /{label} {activity.noun[0]} over {over}"


_MINUTES_SECONDS = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*$")  # `1:05`, read as m:ss
_SMALL = ("", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve")


def _hint(bound: Bound, distance_m: float, field: str, given) -> str:
    """How to write what was probably meant."""
    match = _MINUTES_SECONDS.match(str(given)) if field == "time" else None
    if match:
        hours, minutes = int(match[1]), int(match[2])
        meant = hours * 3600 + minutes * 60
        fastest = bound.fastest_time(distance_m)
        if minutes < 60 and fastest - SLACK_S <= meant <= MEANT_AT_MOST * fastest:
            said = [] if not hours else ["an hour" if hours == 1 else f"{_number(hours)} hours"]
            said += [] if not minutes else ["a minute" if minutes == 1 else f"{_number(minutes)} minutes"]
            written = f"{hours}:{minutes:02d}:00" if hours else f"{minutes}:00"
            return f"for {' and '.join(said)} write {written}"
    if field == "pace":
        return "check the pace and its unit (per km or per mi)"
    return "check the distance, the time and their units"


def _number(n: int) -> str:
    return _SMALL[n] if n < len(_SMALL) else str(n)


def words(seconds: float) -> str:
    """`1 min 5 s`, `1 h 5 min`, `12.5 s`: a duration as it was read."""
    whole = int(round(seconds))
    if whole < 60:
        return f"{seconds:g} s" if seconds != whole else f"{whole} s"
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{hours} h"] if hours else []
    parts += [f"{minutes} min"] if minutes else []
    parts += [f"{secs} s"] if secs else []
    return " ".join(parts)


def clock(seconds: float, exact: bool = False) -> str:
    """m:ss, or h:mm:ss from an hour: `0:06`, `26:11`, `2:00:35`; `exact`: with the
    hundredths a record has (`1:40.91`)."""
    if exact and seconds != int(seconds):
        return f"{int(seconds) // 60}:{seconds % 60:05.2f}"
    whole = int(round(seconds))
    hours, rest = divmod(whole, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def distance_words(metres: float) -> str:
    """`10 km`, `21.0975 km`, `800 m`."""
    return f"{metres / 1000:g} km" if metres >= 1000 else f"{metres:g} m"
