"""Numbers and dates as a runner reads them, in the site's units. Pure formatting.

Locale-free: day and month names are the diary's own, whatever the machine
that builds the site is set to. `show(kind, value)` turns the display kinds
the log specs name (`"distance"`, `"clock"`, ...) into text.
"""

from __future__ import annotations

import datetime as dt
import functools
import math

from ..core import activities, units
from ..core.model import count
from ..core.quantities import SYMBOLS
from ..core.settings import Settings

CURRENCY_SYMBOLS = {code: symbol for symbol, code in SYMBOLS.items()}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
def sessions(n: int, activity: str) -> str:
    """`3 runs`, `1 ride`, `2 rest days`: a session of each activity as a runner counts them."""
    spec = activities.find(activity)
    one, many = spec.noun if spec else ("session", "sessions")
    return count(n, one, many)


def distance(metres: float | None, settings: Settings) -> str:
    if metres is None:
        return ""
    return f"{metres / settings.unit_m:,.2f} {settings.units}"


def clock(seconds: float | None) -> str:
    """h:mm:ss, the way a watch shows a moving time: 0:34:30, 1:05:30."""
    if seconds is None:
        return ""
    whole = int(round(seconds))
    return f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def short_clock(seconds: float | None) -> str:
    """m:ss for holds and paces (0:30, 5:45); h:mm:ss from an hour up."""
    if seconds is None:
        return ""
    whole = int(round(seconds))
    if whole >= 3600:
        return clock(whole)
    return f"{whole // 60}:{whole % 60:02d}"


def hold(seconds: float | None) -> str:
    """A stretch's hold as a runner says it: `45 s` under a minute, else `1:30`."""
    if seconds is None:
        return ""
    whole = int(round(seconds))
    return f"{whole} s" if whole < 60 else short_clock(whole)


def pace(seconds_per_km: float | None, settings: Settings) -> str:
    if not seconds_per_km or not math.isfinite(seconds_per_km):
        return ""
    return f"{short_clock(seconds_per_km * settings.unit_m / 1000)} /{settings.units}"


def rate(activity: str, distance_m: float | None, time_s: float | None, settings: Settings) -> str:
    """The figure of the activity's spec ("" without both): `5:30 /km`, `21.8 km/h`,
    `2:05 /100 m` (per 100 yd and in mph with miles)."""
    if not (distance_m and time_s):
        return ""
    spec = activities.find(activity)
    figure = spec.figure if spec else units.PACE
    if figure.kind == "none":
        return ""
    metres, label = figure.unit(settings.units)
    if figure.kind == "speed":
        return f"{distance_m / metres / (time_s / 3600):.1f} {label}"
    return f"{short_clock(time_s / distance_m * metres)} /{label}"


def elevation(metres: float | None, settings: Settings) -> str:
    if metres is None:
        return ""
    if settings.units == "mi":
        return f"{metres / units.FOOT_M:,.0f} ft"
    return f"{metres:,.0f} m"


def money(amount: float, currency: str) -> str:
    symbol = CURRENCY_SYMBOLS.get(currency)
    return f"{symbol}{amount:,.2f}" if symbol else f"{amount:,.2f} {currency}"


def spend(by_currency: dict[str, float]) -> str:
    """Several currencies are never added together: `£90.00 + $60.00`."""
    return " + ".join(money(amount, code) for code, amount in sorted(by_currency.items()))


def minutes(seconds: float) -> str:
    return f"{seconds / 60:,.1f} min"


def share(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else ""


@functools.lru_cache(maxsize=4096)  # a diary's days repeat
def date_label(day: dt.date, with_year: bool = False) -> str:
    """`Mon 15 Apr`, or `Mon 15 Apr 2024` with its year."""
    label = f"{DAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1][:3]}"
    return f"{label} {day.year}" if with_year else label


def needs_year(days, this_year: int | None) -> bool:
    """Whether a table's dates carry their year: when they mix years, or when theirs
    is not `this_year` (the year the site is built in, for a site-wide table; the
    post's own, for a post's). `None`: the year is not known, so it is shown."""
    years = {day.year for day in days}
    return len(years) > 1 or (bool(years) and years != {this_year})


def long_date(day: dt.date) -> str:
    """`15 April 2024`."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def short_date(day: dt.date) -> str:
    """`15 Apr 2024`."""
    return f"{day.day} {MONTHS[day.month - 1][:3]} {day.year}"


def month_label(day: dt.date) -> str:
    """`April 2024`."""
    return f"{MONTHS[day.month - 1]} {day.year}"


def week_label(day: dt.date) -> str:
    """`Week of Mon 15 Apr 2024`."""
    return f"Week of {DAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1][:3]} {day.year}"


def number(value) -> str:
    return "" if value is None else str(value)


# --- display kinds, as the log specs name them ---------------------------------------------


def _cell_rate(value, entry, settings):
    return rate(entry.activity, entry.distance_m, entry.time_s, settings)


def _held(value, entry, settings):
    part, whole, target = value
    return f"{share(part, whole)} ≥ {hold(target)}" if whole else ""


def _count(value, entry, settings):
    return count(*value)


def _rate_of(value, entry, settings):
    activity, distance_m, time_s = value
    return rate(activity, distance_m, time_s, settings)


_KINDS = {
    "text": lambda value, entry, settings: "" if value is None else str(value),
    "number": lambda value, entry, settings: number(value),
    "decimal": lambda value, entry, settings: "" if value is None else f"{value:.1f}",
    "distance": lambda value, entry, settings: distance(value, settings),
    "clock": lambda value, entry, settings: clock(value),
    "hold": lambda value, entry, settings: hold(value),
    "pace": lambda value, entry, settings: pace(value, settings),
    "rate": _cell_rate,
    "rate of": _rate_of,  # (activity, distance, time): a tally's figure
    "sessions": lambda value, entry, settings: sessions(*value),  # (count, activity)
    "activity amount": lambda value, entry, settings: (  # (activity, (kind, value)): `ride 20.00 km`
        f"{sessions(1, value[0]).removeprefix('1 ')} {show(value[1][0], value[1][1], settings)}"),
    "elevation": lambda value, entry, settings: elevation(value, settings),
    "money": lambda value, entry, settings: money(value.amount, value.currency) if value else "",
    "spend": lambda value, entry, settings: spend(value),
    "list": lambda value, entry, settings: ", ".join(value or ()),
    "held": _held,
    "count": _count,
    "reps": lambda value, entry, settings: reps_line(value, settings) if value else "",
}
_KINDS["note"] = _KINDS["text"]  # free text in a cell that may wrap: shown as text


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def reps_line(reps, settings: Settings) -> str:
    """`6 × 800 m in 2:58 (3:42 /km), 2:55 (3:39), ...; mean 2:55 (3:39 /km); fastest
    the 6th, 2:52; spread 7.5 s/km; rest 1:30`: each rep's time and pace, the mean, the
    fastest, the spread (of the paces when every rep has a distance, else of the times)."""
    from ..core import reps as rep_rules  # noqa: PLC0415 (a leaf of the core)

    found = rep_rules.summary(reps)
    distances = {r.distance_m for r in reps}

    def length(metres: float) -> str:  # a track's reps in metres, whatever the site's unit
        return f"{metres:,.0f} m" if metres < 1000 else distance(metres, settings)

    unit = f" /{settings.units}"
    each = []
    for n, rep in enumerate(reps):
        pace_text = pace(rep.pace_s_per_km, settings).removesuffix(unit) if rep.distance_m else ""
        if pace_text and n == 0:
            pace_text += unit
        named = "" if len(distances) == 1 or not rep.distance_m else f"{length(rep.distance_m)} "
        each.append(f"{named}{short_clock(rep.time_s)}" + (f" ({pace_text})" if pace_text else ""))
    head = (f"{len(reps)} × {length(reps[0].distance_m)} in " if len(distances) == 1 and reps[0].distance_m
            else f"{len(reps)} × " if len(distances) == 1 else f"{len(reps)}: ")
    mean = f"mean {short_clock(found.mean_time_s)}"
    if found.mean_pace_s_per_km:
        mean += f" ({pace(found.mean_pace_s_per_km, settings)})"
    spread = (f"{found.spread_s * settings.unit_m / 1000:.1f} s/{settings.units}" if found.by_pace
              else f"{found.spread_s:.0f} s")
    rests = {r.rest_s for r in reps if r.rest_s}
    rest = f"; rest {hold(rests.pop())}" if len(rests) == 1 else ""
    fastest = reps[found.fastest]
    return (f"{head}{', '.join(each)}; {mean}; fastest the {_ordinal(found.fastest + 1)}, "
            f"{short_clock(fastest.time_s)}; spread {spread}{rest}")


def show(kind: str, value, settings: Settings, entry=None) -> str:
    """A value as text, by its display kind; `entry` for kinds that read other fields (rate)."""
    return _KINDS[kind](value, entry, settings)
