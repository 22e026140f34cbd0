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


def date(value, settings: Settings) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError("not a date such as 2024-04-15")


def datetime(value, settings: Settings) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError("not a date and time such as 2024-04-15T07:02:11")


def text(value, settings: Settings) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ValueError("not text")
    words = str(value).strip()
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
    return quantities.distance(value, unit_m=settings.unit_m)


def minutes(value, settings: Settings) -> float:
    """A duration; a bare number is minutes (a session's time, a treatment's length)."""
    return quantities.duration(value, bare_unit_s=60)


def seconds(value, settings: Settings) -> float:
    """A duration; a bare number is seconds (a stretch's hold)."""
    return quantities.duration(value, bare_unit_s=1)


def pace(value, settings: Settings) -> float:
    return quantities.pace(value)


def elevation(value, settings: Settings) -> float:
    return quantities.elevation(value)


def cost(value, settings: Settings) -> Money:
    amount, currency = quantities.money(value, currency=settings.currency)
    return Money(amount=amount, currency=currency)
