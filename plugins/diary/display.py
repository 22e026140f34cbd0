"""Numbers as a runner reads them, in the site's units. Pure formatting."""

from __future__ import annotations

import datetime as dt
import functools
import math

from .quantities import FOOT_M, SYMBOLS
from .settings import Settings

CURRENCY_SYMBOLS = {code: symbol for symbol, code in SYMBOLS.items()}


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


def pace(seconds_per_km: float | None, settings: Settings) -> str:
    if not seconds_per_km or not math.isfinite(seconds_per_km):
        return ""
    return f"{short_clock(seconds_per_km * settings.unit_m / 1000)} /{settings.units}"


def elevation(metres: float | None, settings: Settings) -> str:
    if metres is None:
        return ""
    if settings.units == "mi":
        return f"{metres / FOOT_M:,.0f} ft"
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


@functools.lru_cache(maxsize=4096)  # strftime is slow, and a diary's days repeat
def date_label(day: dt.date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def number(value) -> str:
    return "" if value is None else str(value)
