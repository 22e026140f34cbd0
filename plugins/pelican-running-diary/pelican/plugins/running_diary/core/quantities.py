"""Read the quantities a runner writes: durations, distances, paces, money.

Each reader takes the raw YAML value and returns a number in SI units, or
raises `ValueError` whose message says what is wrong in the author's terms.
"""

from __future__ import annotations

import math
import re

from .units import FOOT_M, MILE_M

_NUMBER = r"(\d+(?:\.\d+)?|\.\d+)"


def _number(value) -> float | None:
    """A plain number (int, float or numeric text), or None if it is not one.

    A number too large for a float is infinity, so that the field's bound names it
    ("must be at most ..."); NaN is not a number."""
    if isinstance(value, bool):
        return None
    try:
        if isinstance(value, (int, float)):
            number = float(value)
        elif isinstance(value, str) and re.fullmatch(_NUMBER, value.strip()):
            number = float(value.strip())
        else:
            return None
    except OverflowError:  # an integer beyond any float
        return math.inf if value > 0 else -math.inf
    return None if math.isnan(number) else number


# --- durations ----------------------------------------------------------------

_CLOCK = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:\.\d+)?)$")
_ISO = re.compile(
    r"^P(?:(?P<d>\d+(?:\.\d+)?)D)?"
    r"(?:T(?:(?P<h>\d+(?:\.\d+)?)H)?(?:(?P<m>\d+(?:\.\d+)?)M)?(?:(?P<s>\d+(?:\.\d+)?)S)?)?$",
    re.I,
)
_UNIT_SECONDS = {
    "h": 3600, "hr": 3600, "hrs": 3600, "hour": 3600, "hours": 3600,
    "m": 60, "min": 60, "mins": 60, "minute": 60, "minutes": 60,
    "s": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1,
}  # fmt: skip
_PART = re.compile(r"\s*" + _NUMBER + r"\s*([a-z]+)\s*", re.I)


NOT_A_DURATION = "not a duration such as 45:12, 1:05:00, 40 min or 1h20m"


def duration(value, *, bare_unit_s: float) -> float:
    """Seconds from `45:12`, `1:05:30`, `1h05m`, `45min`, `90s`, `PT45M12S` or a bare number.

    A bare number is in `bare_unit_s` seconds (minutes for times, seconds for holds).
    """
    bare = _number(value)
    if bare is not None:
        seconds = bare * bare_unit_s
    elif isinstance(value, str):
        seconds = _duration_text(value.strip())
    else:
        raise ValueError(NOT_A_DURATION)
    if seconds <= 0:
        raise ValueError("must be longer than zero")
    return seconds


def _duration_text(text: str) -> float:
    clock = _CLOCK.match(text)
    if clock:
        hours, minutes, seconds = clock.groups()
        if float(seconds) >= 60:
            raise ValueError("not a duration: seconds run from 0 to 59")
        if hours is not None and int(minutes) >= 60:
            raise ValueError("not a duration: minutes run from 0 to 59")
        return int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds)
    iso = _ISO.match(text)
    if iso and any(iso.groupdict().values()) and not text.upper().endswith("T"):
        parts = {k: float(v or 0) for k, v in iso.groupdict().items()}
        return parts["d"] * 86400 + parts["h"] * 3600 + parts["m"] * 60 + parts["s"]
    total, position = 0.0, 0
    for part in _PART.finditer(text):
        if part.start() != position or part.group(2).lower() not in _UNIT_SECONDS:
            raise ValueError(NOT_A_DURATION)
        total += float(part.group(1)) * _UNIT_SECONDS[part.group(2).lower()]
        position = part.end()
    if position == 0 or position != len(text):
        raise ValueError(NOT_A_DURATION)
    return total


# --- distances ------------------------------------------------------------------

_DISTANCE_UNITS_M = {
    "km": 1000.0, "k": 1000.0, "kms": 1000.0, "kilometre": 1000.0, "kilometres": 1000.0,
    "kilometer": 1000.0, "kilometers": 1000.0,
    "mi": MILE_M, "mile": MILE_M, "miles": MILE_M,
    "m": 1.0, "metre": 1.0, "metres": 1.0, "meter": 1.0, "meters": 1.0,
}  # fmt: skip
_ELEVATION_UNITS_M = {"m": 1.0, "metre": 1.0, "metres": 1.0, "meter": 1.0, "meters": 1.0,
                      "ft": FOOT_M, "feet": FOOT_M, "foot": FOOT_M}  # fmt: skip
_QUANTITY = re.compile(r"^" + _NUMBER + r"\s*([a-z]+)$", re.I)


def _length(value, *, units: dict, bare_m: float, what: str) -> float:
    bare = _number(value)
    if bare is not None:
        metres = bare * bare_m
    else:
        match = _QUANTITY.match(value.strip()) if isinstance(value, str) else None
        if not match or match.group(2).lower() not in units:
            raise ValueError(f"not {what}")
        metres = float(match.group(1)) * units[match.group(2).lower()]
    return metres


def distance(value, *, unit_m: float) -> float:
    """Metres from `8 km`, `5 mi`, `800 m` or a bare number in the site's unit."""
    metres = _length(value, units=_DISTANCE_UNITS_M, bare_m=unit_m, what="a distance")
    if metres <= 0:
        raise ValueError("must be longer than zero")
    return metres


def elevation(value) -> float:
    """Metres climbed from `120 m`, `400 ft` or a bare number of metres."""
    metres = _length(value, units=_ELEVATION_UNITS_M, bare_m=1.0, what="a height")
    if metres < 0:
        raise ValueError("must not be negative")
    return metres


# --- pace -----------------------------------------------------------------------

_PACE = re.compile(r"^(\d{1,2}):(\d{2}(?:\.\d+)?)\s*(?:min)?\s*/\s*(km|mi|mile)$", re.I)


def pace(value) -> float:
    """Seconds per kilometre from `5:30/km` or `8:51/mi`."""
    match = _PACE.match(value.strip()) if isinstance(value, str) else None
    if not match or float(match.group(2)) >= 60:
        raise ValueError("not a pace such as 5:30/km or 8:51/mi")
    seconds = int(match.group(1)) * 60 + float(match.group(2))
    if seconds <= 0:
        raise ValueError("must be longer than zero")
    per_km = 1000.0 if match.group(3).lower() == "km" else MILE_M
    return seconds * 1000.0 / per_km


# --- money ----------------------------------------------------------------------

SYMBOLS = {"£": "GBP", "$": "USD", "€": "EUR"}
_MONEY_SYMBOL = re.compile(r"^([£$€])\s*" + _NUMBER + r"$")
_MONEY_CODE = re.compile(r"^" + _NUMBER + r"\s*([A-Za-z]{3})$|^([A-Za-z]{3})\s*" + _NUMBER + r"$")


def money(value, *, currency: str) -> tuple[float, str]:
    """(amount, ISO code) from `£45`, `45 GBP`, `$60`, `€50` or a bare amount."""
    bare = _number(value)
    if bare is not None:
        amount, code = bare, currency
    elif isinstance(value, str) and (match := _MONEY_SYMBOL.match(value.strip().replace(",", ""))):
        amount, code = float(match.group(2)), SYMBOLS[match.group(1)]
    elif isinstance(value, str) and (match := _MONEY_CODE.match(value.strip().replace(",", ""))):
        amount = float(match.group(1) or match.group(4))
        code = (match.group(2) or match.group(3)).upper()
    else:
        raise ValueError("not an amount of money such as £45, 45 GBP or 45")
    return round(amount, 2), code


def whole_number(value, *, low: int, high: int) -> int:
    """A whole number within [low, high]; `7.0` and `"7"` are fine, 7.5 is not."""
    number = _number(value)
    if number is None or not number.is_integer():
        raise ValueError("not a whole number")
    if not low <= number <= high:
        raise ValueError(f"must be from {low} to {high}")
    return int(number)
