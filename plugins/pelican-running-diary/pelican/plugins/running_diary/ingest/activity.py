"""What every watch-file reader shares: the ``Activity`` it gives, its error, the
sport names and the figures worked out alike from any format (moving time, climb, heart rate)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from ..core import activities
from ..core.activities import UNKNOWN_SPORT
from ..core.reps import Rep
from ..core.spelling import without_bidi

FORMATS = (".fit", ".gpx", ".tcx")  # the watch files read, each optionally .gz

# Gaps between samples longer than this are pauses (TCX without lap times).
PAUSE_GAP_S = 30.0
FRAGMENT_S = 60.0  # an activity shorter than this is a fragment: dropped
FRAGMENT_M = 200.0  # ... and one covering 1 m to less than this
CLIMB_HYSTERESIS_M = 5.0

# Names that say nothing about the sport: logged as cross, never guessed as a run.
_GENERIC = frozenset({"", "generic", "all", "none", "unknown", "other_generic", "invalid"})

# Strava's GPX exports write the activity type as a number in <type> (an older
# GPX of its own making: `<type>9</type>` is a run). The numbers are Strava's
# ActivityType order; those the diary has an activity for are mapped, every
# other number is a sport the diary does not log as such: cross.
STRAVA_GPX_TYPES = {
    "1": "ride", "2": "alpine_ski", "3": "backcountry_ski", "4": "hike", "5": "ice_skate",
    "6": "inline_skate", "7": "nordic_ski", "8": "roller_ski", "9": "run", "10": "walk",
    "11": "workout", "12": "snowboard", "13": "snowshoe", "14": "kitesurf", "15": "windsurf",
    "16": "swim", "17": "virtual_ride", "18": "e_bike_ride", "19": "velomobile",
    "21": "canoeing", "22": "kayaking", "23": "rowing", "24": "stand_up_paddling",
    "25": "surfing", "26": "crossfit", "27": "elliptical", "28": "rock_climbing",
    "29": "stair_stepper", "30": "weight_training", "31": "yoga", "32": "wheelchair",
    "33": "handcycle",
}


def sport_of(*names: str | None) -> tuple[str, str | None]:
    """(the diary activity, a line to tell the user or None) for a file's sport names.

    Most specific first: FIT gives a sub-sport and a sport (``treadmill``,
    ``running``); the first name an activity's spec lists (core/activities.py) wins; a generic or
    missing name is skipped; a bare number is one of Strava's GPX types.
    Nothing known: ``cross``, and the line says why; never a guessed run.
    """
    named, known = [], activities.sports()
    for name in names:
        key = re.sub(r"[\s\-]+", "_", str(name or "").strip().lower())
        key = STRAVA_GPX_TYPES.get(key, key)
        if key in _GENERIC:
            continue
        if key in known:
            return known[key], None
        named.append(str(name).strip())
    if named:
        return UNKNOWN_SPORT, (f"sport {named[0]!r} is none of the diary's activities: logged as "
                               f"{UNKNOWN_SPORT} (give --activity to choose)")
    return UNKNOWN_SPORT, (f"the file names no sport: logged as {UNKNOWN_SPORT}, not guessed as a run "
                           "(give --activity to choose)")


def sport_to_activity(*names: str | None) -> str:
    """The diary activity for a file's sport names (``sport_of`` without its line)."""
    return sport_of(*names)[0]


@dataclass(frozen=True, kw_only=True)
class Activity:
    """One recorded activity, in SI units; ``None`` where the file has nothing."""

    path: Path
    activity: str  # the diary's activity: run, cycle, walk, ...
    start: datetime | None  # aware, UTC, whole seconds; None: the file has no timestamps
    distance_m: float | None
    moving_s: float | None
    elapsed_s: float | None
    elevation_gain_m: float | None
    avg_hr: int | None
    name: str | None = None  # the file's own title, e.g. "Morning Run"
    description: str | None = None  # the file's (or the export's) description
    shoes: str | None = None  # from an export's gear
    sport_known: bool = True  # False: `activity` is cross because the file named no known sport
    sport_note: str | None = None  # the line saying so
    points: tuple[tuple[float, float], ...] = field(default=(), repr=False, compare=False)
    route: str | None = None  # set by the import: the private, encoded route (core/routes.py)
    # The watch's laps (FIT lap messages, TCX <Lap>), each a core.reps.Rep; () for one lap or none.
    laps: tuple = ()
    # (metres along the track, seconds since its first fix), for the best efforts: worked out
    # and dropped in the worker that read the file (watch_files.read_data), never sent back.
    track: tuple[tuple[float, float], ...] = field(default=(), repr=False, compare=False)
    best_efforts: tuple[tuple[str, int], ...] = ()  # ("5 km", 1290): whole seconds, for runs


@dataclass
class Reading:
    """What a file gave: its activities, and lines to tell the user about it (the
    fragments dropped; an activity's own ``sport_note``, and the lack of a ``start``,
    are for the caller to say, once an export's activities.csv has filled them in)."""

    activities: list[Activity]
    notes: list[str]
    points: int = 0  # GPS points the file held (counted before a worker drops them)


# What one file may hold: a point a second for 41 hours, longer than any race's cutoff
# (a 100-mile race closes at 30 to 36 hours; a watch's "smart recording" writes a
# point every few seconds). gpxpy holds a point in about 1.5 KB of objects and parses
# 32,000 a second: 150,000 points take some 230 MB and 5 s, so the count comes first,
# before any library builds its objects.
MAX_POINTS = 150_000


def too_many_points(path: Path, what: str) -> "ActivityFileError":
    return ActivityFileError(path, f"more than {MAX_POINTS:,} {what} (a point a second for 41 "
                                   "hours): not an activity a watch records; refused")


# What a GPX or TCX file may weigh: MAX_POINTS at 400 bytes a point (a TCX trackpoint
# with heart rate, cadence and altitude) is 60 MB. A parser holds the text several
# times over: a GPX of 150 MB, one description, took 10 s and 430 MB more to read.
MAX_XML_BYTES = 64 * 1024 * 1024


def refuse_too_many_points(path: Path, data: bytes, tag) -> None:
    """Refuse an XML file over MAX_XML_BYTES, or with more than MAX_POINTS point tags,
    counted in its bytes before a parser builds anything (2 million points once took
    gpxpy 2.7 GB to refuse)."""
    if len(data) > MAX_XML_BYTES:
        raise ActivityFileError(path, f"{len(data) // (1024 * 1024):,} MB, more than the "
                                      f"{MAX_XML_BYTES // (1024 * 1024)} MB a GPX or TCX file may "
                                      "weigh (150,000 points at 400 bytes): not an activity a watch "
                                      "records; refused")
    count = 0
    for _ in tag.finditer(data):
        count += 1
        if count > MAX_POINTS:
            raise too_many_points(path, "points")


class ActivityFileError(Exception):
    """A file that cannot be read as an activity; ``str()`` is one line naming it."""

    def __init__(self, path: str | Path, reason: str):
        self.path = Path(path)
        self.reason = " ".join(str(reason).split()) or "unreadable"
        super().__init__(f"{self.path}: {self.reason}")

    def __reduce__(self):  # pickled by a pool's worker: rebuilt from both arguments, not the message
        return type(self), (self.path, self.reason)



def laps_of(pairs) -> tuple:
    """The watch's laps from (metres or None, timer seconds) pairs: a lap without a time (a
    button pressed twice) left out; none at all for a single lap, which is the activity itself."""
    laps = tuple(Rep(distance_m=positive(metres), time_s=time_s)
                 for metres, seconds in pairs if (time_s := positive(seconds)) is not None)
    return laps if len(laps) >= 2 else ()


def describe_error(e: Exception) -> str:
    text = " ".join(str(e).split())
    return f"{type(e).__name__}: {text}" if text else type(e).__name__


def as_utc(dt: datetime) -> datetime:
    if dt.tzinfo is None:  # files store UTC
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc).replace(microsecond=0)


def positive(x) -> float | None:
    try:
        x = float(x)
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) and x > 0 else None


def whole_hr(x) -> int | None:
    x = positive(x)
    return round(x) if x is not None else None


def moving_time(times: list[datetime], gap: float = PAUSE_GAP_S) -> float | None:
    """Time between samples, leaving out gaps longer than ``gap`` seconds."""
    if len(times) < 2:
        return None
    total = 0.0
    for a, b in zip(times, times[1:]):
        step = (b - a).total_seconds()
        if 0 < step <= gap:
            total += step
    return total or None




def non_negative(x) -> float | None:
    try:
        x = float(x)
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) and x >= 0 else None


def mean_hr(values) -> int | None:
    hrs = [h for h in (positive(v) for v in values) if h is not None]
    return round(sum(hrs) / len(hrs)) if hrs else None


def climb(alts: list[float], hysteresis: float = CLIMB_HYSTERESIS_M) -> float | None:
    """Metres climbed, ignoring wobbles smaller than ``hysteresis`` metres (see the module)."""
    alts = [float(a) for a in alts if isinstance(a, (int, float)) and math.isfinite(a)]
    if len(alts) < 2:
        return None
    gain, low = 0.0, alts[0]
    high = low
    for a in alts[1:]:
        if a > high:
            high = a
        elif high - a >= hysteresis:  # a real fall: the rise from low to high is over
            if high - low >= hysteresis:
                gain += high - low
            low = high = a
        elif a < low:  # still falling, before any rise worth the name
            low = high = a
    if high - low >= hysteresis:
        gain += high - low
    return gain


def valid_point(lat, lon) -> tuple[float, float] | None:
    try:
        lat, lon = float(lat), float(lon)
    except (TypeError, ValueError):
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):  # a NaN or an infinity fails these too
        return None
    if lat == 0 and lon == 0:  # "null island": a watch's placeholder before a fix
        return None
    return (lat, lon)


def one_line(value) -> str | None:
    """A file's name or description on one line, without the bidi controls that would
    reorder a title (`\u202egnp.exe` shows as `exe.png`)."""
    text = " ".join(without_bidi(str(value or "")).split())
    return text or None
