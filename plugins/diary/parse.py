"""Raw front matter -> valid entries and problems, one small reader per field.

Every field of every entry is read before deciding, so the author sees every
problem at once. An entry with an error is left out; an unknown field is a
warning and the rest of the entry stands.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from . import quantities
from .model import LOGS, Money, Post, PostLogs, Problem, Soreness, Stretch, Training, Treatment
from .settings import Settings

ACTIVITIES = ("run", "walk", "hike", "cycle", "swim", "strength", "yoga", "cross", "rest")
NEEDS_NO_AMOUNT = ("rest", "strength", "yoga")  # may log neither distance nor time
SIDES = ("left", "right", "both")
PAGE_LOGS = "logs on a page are not counted; move them to a post"  # the build and `diary check` agree


# --- readers for one field: (raw value, settings) -> plain value, or ValueError -------


def read_date(value, settings: Settings) -> dt.date:
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


def read_datetime(value, settings: Settings) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError("not a date and time such as 2024-04-15T07:02:11")


def read_text(value, settings: Settings) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ValueError("not text")
    text = str(value).strip()
    if not text:
        raise ValueError("is empty")
    return text


def read_text_list(value, settings: Settings) -> tuple[str, ...]:
    """A YAML list of words, or one string with commas: `[calves, hips]` or `calves, hips`."""
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list):
        raise ValueError("not a list of areas")
    return tuple(read_text(item, settings) for item in items if str(item).strip())


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


def read_distance(value, settings: Settings) -> float:
    return quantities.distance(value, unit_m=settings.unit_m)


def read_time(value, settings: Settings) -> float:
    return quantities.duration(value, bare_unit_s=60)  # a bare time is minutes


def read_hold(value, settings: Settings) -> float:
    return quantities.duration(value, bare_unit_s=1)  # a bare hold is seconds


def read_pace(value, settings: Settings) -> float:
    return quantities.pace(value)


def read_elevation(value, settings: Settings) -> float:
    return quantities.elevation(value)


def read_cost(value, settings: Settings) -> Money:
    amount, currency = quantities.money(value, currency=settings.currency)
    return Money(amount=amount, currency=currency)


@dataclass(frozen=True)
class Field:
    read: Callable
    attribute: str  # the name on the model
    required: bool = False


_COMMON = {
    "date": Field(read_date, "date"),
    "notes": Field(read_text, "notes"),
}

FIELDS: dict[str, dict[str, Field]] = {
    "training": {
        **_COMMON,
        "activity": Field(choice(ACTIVITIES), "activity"),
        "type": Field(read_text, "type"),
        "distance": Field(read_distance, "distance_m"),
        "time": Field(read_time, "time_s"),
        "pace": Field(read_pace, "pace"),  # not kept: turned into time_s
        "elevation": Field(read_elevation, "elevation_m"),
        "hr": Field(whole(30, 250), "hr"),
        "effort": Field(whole(1, 10), "effort"),
        "shoes": Field(read_text, "shoes"),
        "start": Field(read_datetime, "start"),
    },
    "stretches": {
        **_COMMON,
        "name": Field(read_text, "name", required=True),
        "muscle": Field(read_text, "muscle"),
        "hold": Field(read_hold, "hold_s", required=True),
        "sets": Field(whole(1, 50), "sets"),
        "side": Field(choice(SIDES), "side"),
    },
    "treatments": {
        **_COMMON,
        "kind": Field(read_text, "kind", required=True),
        "provider": Field(read_text, "provider"),
        "duration": Field(read_time, "duration_s"),  # a bare duration is minutes
        "cost": Field(read_cost, "cost"),
        "areas": Field(read_text_list, "areas"),
    },
    "soreness": {
        **_COMMON,
        "area": Field(read_text, "area", required=True),
        "score": Field(whole(0, 10), "score", required=True),
    },
}

REQUIRED = {log: tuple(name for name, spec in fields.items() if spec.required)
            for log, fields in FIELDS.items()}

MODELS = {"training": Training, "stretches": Stretch, "treatments": Treatment, "soreness": Soreness}


# --- entries and posts ------------------------------------------------------------


def parse_entry(log: str, index: int, raw, *, post: Post, settings: Settings):
    """One entry -> (model or None, problems). None when any field is in error."""
    problems: list[Problem] = []

    def problem(message, field=None, value=None, has_value=False, severity="error"):
        problems.append(
            Problem(file=post.file, log=log, index=index, field=field, message=message,
                    value=value, has_value=has_value, severity=severity)
        )

    if not isinstance(raw, Mapping):
        problem("an entry must be `field: value` lines", value=raw, has_value=True)
        return None, problems

    fields = FIELDS[log]
    given: dict[str, object] = {}  # field name (lower case) -> the author's value
    values: dict[str, object] = {}  # model attribute -> the value read
    for key, value in raw.items():
        name = key.strip().lower() if isinstance(key, str) else str(key)
        spec = fields.get(name)
        if spec is None:
            close = difflib.get_close_matches(name, fields, n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            problem(f"unknown field, ignored{hint}", field=str(key), severity="warning")
            continue
        if value is None:  # `notes:` left empty: the same as leaving it out
            continue
        given[name] = value
        try:
            values[spec.attribute] = spec.read(value, settings)
        except ValueError as error:
            problem(str(error), field=name, value=value, has_value=True)

    for name in REQUIRED[log]:
        if name not in given:
            problem("required field is missing", field=name)

    if log == "training":
        _derive_training(values, given, problem)

    if any(p.severity == "error" for p in problems):
        return None, problems
    values.setdefault("date", post.date)
    if values["date"] is None:
        problem("no date, and the post has none to lend", field="date")
        return None, problems
    return MODELS[log](post=post, index=index, **values), problems


def _derive_training(values: dict, given: dict, problem) -> None:
    """Apply the cross-field rules: pace gives time, and most activities need an amount."""
    pace = values.pop("pace", None)
    if pace is not None:
        if "time_s" in values:
            problem("ignored, because time is given too", field="pace", value=given["pace"],
                    has_value=True, severity="warning")
        elif "distance_m" in values:
            values["time_s"] = pace * values["distance_m"] / 1000
        else:
            problem("needs a distance to give a time", field="pace", value=given["pace"],
                    has_value=True)
    activity = values.get("activity", "run")
    # An amount given but misspelt is already an error of its own: do not add a second.
    has_amount = "distance" in given or "time" in given or "pace" in given
    if activity not in NEEDS_NO_AMOUNT and not has_amount:
        problem(f"a {activity} needs a distance or a time", field="distance")


def parse_log(log: str, raw, *, post: Post, settings: Settings):
    """A whole log -> (entries, problems). A single entry without a dash is accepted."""
    if raw is None:
        return [], []
    if isinstance(raw, Mapping):
        raw = [raw]
    if not isinstance(raw, list):
        return [], [Problem(file=post.file, log=log, message="must be a list of entries",
                            value=raw, has_value=True)]
    entries, problems = [], []
    for index, item in enumerate(raw):
        entry, found = parse_entry(log, index, item, post=post, settings=settings)
        problems.extend(found)
        if entry is not None:
            entries.append(entry)
    return entries, problems


def parse_post(metadata: Mapping, *, post: Post, settings: Settings) -> PostLogs:
    """A post's front matter -> its valid entries per log and every problem found."""
    logs: dict[str, tuple] = {}
    problems: list[Problem] = []
    present = []
    for log in LOGS:
        if log not in metadata:
            continue
        present.append(log)
        entries, found = parse_log(log, metadata[log], post=post, settings=settings)
        logs[log] = tuple(entries)
        problems.extend(found)
    return PostLogs(post=post, present=tuple(present), problems=tuple(problems), **logs)
