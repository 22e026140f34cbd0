"""One small reader per kind of field, looked up by the log specs (`specs.py`).

Each takes the author's raw YAML value and the settings and returns a plain
value, or raises `ValueError` whose message says what is wrong in the
author's terms.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable

from . import quantities
from .model import Money
from .settings import Settings
from .spelling import without_bidi

# The contract's bounds ("Bad input"): checked here, where each field is read, so the
# build, `diary check` and `diary import` agree, and nothing out of range reaches a
# chart, a page or a data file.
FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(2100, 12, 31)
MAX_DISTANCE_M = 1_000_000  # 1,000 km
MAX_TIME_S = 7 * 86400  # a time or a duration: 7 days
MAX_HOLD_S = 3600
MAX_ELEVATION_M = 20_000
MAX_COST = 100_000


def _within(value: float, high: float, words: str) -> float:
    if value > high:
        raise ValueError(f"must be at most {words}")
    return value


def _in_range(day: dt.date) -> dt.date:
    if not FIRST_DAY <= (day.date() if isinstance(day, dt.datetime) else day) <= LAST_DAY:
        raise ValueError("must be a date from 1900-01-01 to 2100-12-31")
    return day


def date(value, settings: Settings) -> dt.date:
    if isinstance(value, dt.datetime):
        return _in_range(value.date())
    if isinstance(value, dt.date):
        return _in_range(value)
    if isinstance(value, str):
        try:
            day = dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
        else:
            return _in_range(day)
    raise ValueError("not a date such as 2024-04-15")


def datetime(value, settings: Settings) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return _in_range(value)
    if isinstance(value, str):
        try:
            moment = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            pass
        else:
            return _in_range(moment)
    raise ValueError("not a date and time such as 2024-04-15T07:02:11")


def text(value, settings: Settings) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ValueError("not text")
    words = without_bidi(str(value)).strip()  # no invisible reordering of what the site shows
    if not words:
        raise ValueError("is empty")
    return words


def text_list(value, settings: Settings) -> tuple[str, ...]:
    """A YAML list of words, or one string with commas: `[calves, hips]` or `calves, hips`."""
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list):
        raise ValueError("not a list of areas")
    return tuple(text(item, settings) for item in items if str(item).strip())


def choice(options: tuple[str, ...]) -> Callable:
    def read(value, settings: Settings) -> str:
        word = value.strip().lower() if isinstance(value, str) else None
        if word in options:
            return word
        close = difflib.get_close_matches(word or "", options, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise ValueError(f"must be one of {', '.join(options)}{hint}")

    return read


def whole(low: int, high: int) -> Callable:
    def read(value, settings: Settings) -> int:
        return quantities.whole_number(value, low=low, high=high)

    return read


def distance(value, settings: Settings) -> float:
    metres = quantities.distance(value, unit_m=settings.unit_m)
    if metres < 1:
        raise ValueError("must be at least 1 m")
    return _within(metres, MAX_DISTANCE_M, "1,000 km")


def minutes(value, settings: Settings) -> float:
    """A duration; a bare number is minutes (a session's time, a treatment's length)."""
    return _within(quantities.duration(value, bare_unit_s=60), MAX_TIME_S, "7 days")


def seconds(value, settings: Settings) -> float:
    """A duration; a bare number is seconds (a stretch's hold)."""
    return _within(quantities.duration(value, bare_unit_s=1), MAX_HOLD_S, "1 hour")


def pace(value, settings: Settings) -> float:
    return quantities.pace(value)


def elevation(value, settings: Settings) -> float:
    return _within(quantities.elevation(value), MAX_ELEVATION_M, "20,000 m")


def cost(value, settings: Settings) -> Money:
    amount, currency = quantities.money(value, currency=settings.currency)
    if amount < 0:
        raise ValueError("must not be negative")
    return Money(amount=_within(amount, MAX_COST, "100,000"), currency=currency)


# The distances a run's best efforts may name (diary import writes them), in metres.
BEST_EFFORTS_M = {"1 km": 1000.0, "5 km": 5000.0, "10 km": 10000.0, "half marathon": 21097.5,
                  "marathon": 42195.0}


def best_efforts(value, settings: Settings) -> tuple[tuple[str, float], ...]:
    """`{5 km: "21:30", 10 km: "44:10"}` -> (("5 km", 1290.0), ("10 km", 2650.0)), in the
    order of BEST_EFFORTS_M: the fastest stretch of each distance inside a run."""
    if not isinstance(value, dict) or not value:
        raise ValueError("not best efforts: write them as {5 km: '21:30', 10 km: '44:10'}")
    found = {}
    for name, time in value.items():
        key = " ".join(str(name).lower().split())
        if key not in BEST_EFFORTS_M:
            raise ValueError(f"no best effort called {str(name)!r} (one of {', '.join(BEST_EFFORTS_M)})")
        try:
            found[key] = minutes(time, settings)
        except ValueError as error:
            raise ValueError(f"{key}: {error}") from None
    return tuple((name, found[name]) for name in BEST_EFFORTS_M if name in found)


def polyline(value, settings: Settings) -> str:
    """A route: a Google encoded polyline (precision 5) of at least two points, kept as written."""
    from . import routes

    if not isinstance(value, str):
        raise ValueError("not a route: a Google encoded polyline is text")
    text = value.strip()
    if not text:
        raise ValueError("is empty")
    if len(text) > routes.MAX_CHARS:
        raise ValueError(f"must be at most {routes.MAX_CHARS:,} characters (an import writes "
                         f"at most {routes.MAX_POINTS} points)")
    try:
        points = routes.decode(text)
    except ValueError as e:
        raise ValueError(f"not a Google encoded polyline: it {e}") from None
    if len(points) < 2:
        raise ValueError("a route needs at least two points")
    return text
