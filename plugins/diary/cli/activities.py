"""Read a watch's activity files (GPX, TCX, FIT) into plain ``Activity`` values.

``read(path)`` returns one ``Activity`` per activity in the file;
``read_file(path)`` and ``read_data(path, data)`` (bytes already read, such
as a member of an export's zip) also return the lines to tell the user (a
fragment dropped, a file without timestamps, a sport not known). Both raise
``ActivityFileError`` whose message is one line that names the file and says
what is wrong. No library's exception gets through: an empty, truncated,
corrupt or unrecognised file is an ``ActivityFileError``.

**One activity per activity.** Every track and segment of a GPX file is one
activity (a watch that splits a run at each pause writes one segment per
stretch; the pauses are not moving time). A TCX file gives one activity per
``<Activity>``; a FIT file one per session (a triathlon's transitions left
out). A **fragment**, an activity under ``FRAGMENT_S`` (60 s) or covering
from 1 m to under ``FRAGMENT_M`` (200 m), is dropped with a line saying so
(an accidental start of the watch); a distance under 1 m is a bogus figure,
not a fragment, and is left to the format's own bounds. A file **without
timestamps** (a GPX drawn on a map, a TCX without times) gives an activity
with its distance and no time, no start, with a line saying so.

What each format gives, and where it comes from:

========  ==================================  ===================================
format    moving time (pauses left out)       distance
========  ==================================  ===================================
FIT       session ``total_timer_time``        session ``total_distance``
          (the watch's timer: it stops on     (from the foot pod or wheel when
          pause), not ``total_elapsed_time``  there is no GPS: treadmills work)
TCX       sum of the laps' ``TotalTimeSeconds`` sum of the laps' ``DistanceMeters``
          (timer time); else trackpoint time  (else the trackpoints' own, else
          with gaps over 30 s left out        the positions' length)
GPX       gpxpy's moving time over every      gpxpy's 2-D length of every
          segment (stretches slower than      segment (the gaps between them
          1 km/h are pauses)                  are not counted)
========  ==================================  ===================================

The start is the first timestamp (FIT session ``start_time``, TCX activity
``Id``, GPX first timed point), as an aware UTC datetime. Average heart rate
comes from the file's summary where it has one, else the mean of the
samples; it is ``None`` when the file has no heart rate.

**Climb.** Where the file carries the device's own total (FIT session
``total_ascent``, from a barometer on most watches), that is used. Otherwise
the recorded altitudes are summed with a 5 m hysteresis (``CLIMB_HYSTERESIS_M``),
as watch makers do: a rise counts, whole, once it is at least 5 m from the
low it started at and is followed by a fall of 5 m or the end; GPS noise of
a metre or two on the flat adds nothing.

**Sport.** The file's own: GPX ``<type>`` (words such as ``running``, or
Strava's numbers: see ``STRAVA_GPX_TYPES``), TCX ``Sport``, FIT ``sport`` and
``sub_sport``; an export's ``activities.csv`` fills in one the file lacks.
It maps to the diary's ``activity`` (see ``SPORTS``). It is **never guessed
as a run**: a file that names no sport, or a generic one, or one the diary
does not know (rowing, skiing, TCX's ``Other``) is ``cross``, with a line
saying so.

Each activity with GPS positions carries them (``points``: (lat, lon)
degrees, in order) so that the import can write its ``route``; the import
makes the route private (core/routes.py) before anything is written.

Files may be gzip-compressed (``run.fit.gz``), as in a Strava export. Only
regular files are opened (a FIFO, a device such as a symlink to /dev/zero, or
a folder is refused from its ``stat``), and at most ``MAX_BYTES`` (200 MB) is
read or decompressed: see ``read_bounded``. Nothing here imports Pelican, and
the parsing libraries are imported only when a file of their format is read.
"""

from __future__ import annotations

import gzip
import io
import math
import os
import re
import stat
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

__all__ = ["Activity", "ActivityFileError", "FORMATS", "Reading", "SPORTS", "STRAVA_GPX_TYPES",
           "activity_name", "read", "read_data", "read_file", "sport_of", "sport_to_activity"]

FORMATS = (".fit", ".gpx", ".tcx")

# Gaps between samples longer than this are pauses (TCX without lap times).
PAUSE_GAP_S = 30.0
FRAGMENT_S = 60.0  # an activity shorter than this is a fragment: dropped
FRAGMENT_M = 200.0  # ... and one covering 1 m to less than this
CLIMB_HYSTERESIS_M = 5.0

# The file's sport, lower-cased with spaces and dashes as underscores -> the diary's activity.
SPORTS = {
    "running": "run", "run": "run", "trail_running": "run", "treadmill_running": "run",
    "track_running": "run", "street_running": "run", "virtual_run": "run",
    "indoor_running": "run", "treadmill": "run", "trail_run": "run", "trail": "run",
    "track": "run", "ultra": "run",
    "cycling": "cycle", "biking": "cycle", "ride": "cycle", "bike": "cycle",
    "road_biking": "cycle", "mountain_biking": "cycle", "e_biking": "cycle",
    "indoor_cycling": "cycle", "virtual_ride": "cycle", "gravel_cycling": "cycle",
    "e_bike_ride": "cycle", "ebikeride": "cycle", "mountain_bike_ride": "cycle",
    "gravel_ride": "cycle", "virtualride": "cycle", "road": "cycle", "mountain": "cycle",
    "walking": "walk", "walk": "walk", "casual_walking": "walk", "speed_walking": "walk",
    "hiking": "hike", "hike": "hike", "mountaineering": "hike",
    "swimming": "swim", "swim": "swim", "lap_swimming": "swim", "open_water": "swim",
    "open_water_swimming": "swim",
    "strength_training": "strength", "strength": "strength", "weight_training": "strength",
    "weighttraining": "strength",
    "yoga": "yoga",
}
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
    ``running``); the first name that ``SPORTS`` knows wins; a generic or
    missing name is skipped; a bare number is one of Strava's GPX types.
    Nothing known: ``cross``, and the line says why; never a guessed run.
    """
    named = []
    for name in names:
        key = re.sub(r"[\s\-]+", "_", str(name or "").strip().lower())
        key = STRAVA_GPX_TYPES.get(key, key)
        if key in _GENERIC:
            continue
        if key in SPORTS:
            return SPORTS[key], None
        named.append(str(name).strip())
    if named:
        return "cross", (f"sport {named[0]!r} is none of the diary's activities: logged as cross "
                         "(give --activity to choose)")
    return "cross", ("the file names no sport: logged as cross, not guessed as a run "
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


@dataclass
class Reading:
    """What a file gave: its activities, and lines to tell the user about it (the
    fragments dropped; an activity's own ``sport_note``, and the lack of a ``start``,
    are for the caller to say, once an export's activities.csv has filled them in)."""

    activities: list[Activity]
    notes: list[str]


class ActivityFileError(Exception):
    """A file that cannot be read as an activity; ``str()`` is one line naming it."""

    def __init__(self, path: str | Path, reason: str):
        self.path = Path(path)
        self.reason = " ".join(str(reason).split()) or "unreadable"
        super().__init__(f"{self.path}: {self.reason}")

    def __reduce__(self):  # pickled by a pool's worker: rebuilt from both arguments, not the message
        return type(self), (self.path, self.reason)


def activity_name(name: str) -> tuple[str, bool] | None:
    """(format suffix, compressed) of a file name that is an activity file, else None."""
    lower = name.lower()
    compressed = lower.endswith(".gz")
    suffix = Path(lower[:-3] if compressed else lower).suffix
    return (suffix, compressed) if suffix in FORMATS else None


def read(path: str | Path) -> list[Activity]:
    """Every activity in a GPX, TCX or FIT file (optionally ``.gz``)."""
    return read_file(path).activities


def read_file(path: str | Path) -> Reading:
    """Every activity in a file, and the lines to tell the user."""
    path = Path(path)
    kind = activity_name(path.name)
    if kind is None:
        suffix = Path(path.name.lower().removesuffix(".gz")).suffix
        raise ActivityFileError(path, f"not an activity file: expected {', '.join(FORMATS)} "
                                      f"(optionally .gz), got {suffix or 'no extension'!r}")
    return read_data(path, read_bounded(path, compressed=kind[1]), decompressed=True)


def read_data(path: Path, data: bytes, *, decompressed: bool = False) -> Reading:
    """Every activity in ``data``, the bytes of a file called ``path`` (a ``.gz`` is
    decompressed here, within ``MAX_BYTES``, unless ``decompressed``)."""
    path = Path(path)
    kind = activity_name(path.name)
    if kind is None:
        raise ActivityFileError(path, "not an activity file")
    suffix, compressed = kind
    if compressed and not decompressed:
        data = _gunzip(path, data, MAX_BYTES)
    if not data.strip():
        raise ActivityFileError(path, "empty file")
    reader = {".fit": _read_fit, ".gpx": _read_gpx, ".tcx": _read_tcx}[suffix]
    try:
        found = reader(path, data)
    except ActivityFileError:
        raise
    except RecursionError:
        raise ActivityFileError(path, f"not a valid {suffix[1:].upper()} file (nested too deeply)") from None
    except Exception as e:  # a library's own error, whatever its class: one line
        raise ActivityFileError(path, f"not a valid {suffix[1:].upper()} file ({_describe(e)})") from None
    if not found:
        raise ActivityFileError(path, "no activity in the file")
    kept, notes = [], []
    for act in found:
        why = _fragment(act)
        if why:
            notes.append(f"dropped a fragment {why}: under {FRAGMENT_M:.0f} m or "
                         f"{FRAGMENT_S:.0f} s, not a session")
            continue
        kept.append(act)
    return Reading(kept, notes)


def _fragment(act: Activity) -> str | None:
    """Why an activity is a fragment ("of 12 m in 0:00:08"), else None."""
    time = act.moving_s or act.elapsed_s
    short_time = time is not None and time < FRAGMENT_S
    short_way = act.distance_m is not None and 1 <= act.distance_m < FRAGMENT_M
    if not (short_time or short_way):
        return None
    parts = []
    if act.distance_m is not None:
        parts.append(f"of {act.distance_m:.0f} m")
    if time is not None:
        parts.append(f"in {int(time) // 60}:{int(time) % 60:02d}")
    when = f" at {act.start:%Y-%m-%dT%H:%M:%S} UTC" if act.start else ""
    return " ".join(parts) + when


# --- reading the bytes, within bounds ---------------------------------------------

# No watch writes anything near this: a day-long ultra recorded every second is
# about 20 MB of GPX and 40 MB of TCX. A file, or what a .gz expands to, that is
# larger is refused before it can fill the memory.
MAX_BYTES = 200 * 1024 * 1024
_CHUNK = 1024 * 1024

_KINDS = ((stat.S_ISDIR, "is a folder, not a file"),
          (stat.S_ISFIFO, "is a named pipe (FIFO), not a file; not read"),
          (stat.S_ISCHR, "is a device, not a file; not read"),
          (stat.S_ISBLK, "is a device, not a file; not read"),
          (stat.S_ISSOCK, "is a socket, not a file; not read"))


def _not_regular(mode: int) -> str | None:
    for test, words in _KINDS:
        if test(mode):
            return words
    return None if stat.S_ISREG(mode) else "is not a regular file; not read"


def _megabytes(n: int) -> str:
    return f"{n // (1024 * 1024):,} MB"


def read_bounded(path: Path, *, compressed: bool = False, limit: int | None = None) -> bytes:
    """The bytes of a regular file (decompressed when ``compressed``), at most ``limit``.

    What is not a regular file (a folder, a named pipe, a device such as a
    symlink to /dev/zero, a socket) is refused from its ``stat``, before it is
    opened; it is opened without blocking and checked again on the open file,
    so a file swapped for a pipe in between cannot hang the command either.
    It is read in chunks: a file, or a gzip stream, past ``limit`` is refused
    as soon as the limit is passed, without holding more than the limit.
    """
    limit = MAX_BYTES if limit is None else limit
    try:
        kind = _not_regular(os.stat(path).st_mode)
    except OSError as e:
        raise ActivityFileError(path, e.strerror or str(e)) from None
    if kind:
        raise ActivityFileError(path, kind)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as e:
        raise ActivityFileError(path, e.strerror or str(e)) from None
    with os.fdopen(fd, "rb", buffering=0) as f:
        try:
            kind = _not_regular(os.fstat(fd).st_mode)
            if kind:
                raise ActivityFileError(path, kind)
            if os.fstat(fd).st_size > limit:
                raise ActivityFileError(path, f"larger than {_megabytes(limit)}: not an activity "
                                              "a watch records; not read")
            raw = _read_at_most(f, limit, path, "larger than {limit}: not an activity "
                                                "a watch records; not read")
            if not compressed:
                return raw
        except OSError as e:
            raise ActivityFileError(path, e.strerror or str(e)) from None
    return _gunzip(path, raw, limit)


def _read_at_most(f, limit: int, path: Path, too_big: str) -> bytes:
    chunks, total = [], 0
    while True:
        chunk = f.read(min(_CHUNK, limit + 1 - total))
        if not chunk:
            return b"".join(chunks)
        total += len(chunk)
        if total > limit:
            raise ActivityFileError(path, too_big.format(limit=_megabytes(limit)))
        chunks.append(chunk)


def _gunzip(path: Path, raw: bytes, limit: int) -> bytes:
    too_big = ("a gzip file that expands to more than {limit}: not an activity a watch "
               "records (a decompression bomb?); refused")
    # A gzip file ends with its (last member's) size modulo 4 GiB. The true size is at
    # least that, so a trailer over the limit is refused at once (a file whose trailer
    # lies is corrupt, and would fail its length check at the end anyway).
    if len(raw) >= 18 and raw[:2] == b"\x1f\x8b" and int.from_bytes(raw[-4:], "little") > limit:
        raise ActivityFileError(path, too_big.format(limit=_megabytes(limit)))
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(raw)) as g:
            return _read_at_most(g, limit, path, too_big)
    except (OSError, EOFError, gzip.BadGzipFile, zlib.error) as e:
        raise ActivityFileError(path, f"not a valid gzip file ({e})") from None


def _describe(e: Exception) -> str:
    text = " ".join(str(e).split())
    return f"{type(e).__name__}: {text}" if text else type(e).__name__


def _utc(dt: datetime) -> datetime:
    if dt.tzinfo is None:  # files store UTC
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc).replace(microsecond=0)


def _positive(x) -> float | None:
    try:
        x = float(x)
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) and x > 0 else None


def _hr(x) -> int | None:
    x = _positive(x)
    return round(x) if x is not None else None


def _moving_time(times: list[datetime], gap: float = PAUSE_GAP_S) -> float | None:
    """Time between samples, leaving out gaps longer than ``gap`` seconds."""
    if len(times) < 2:
        return None
    total = 0.0
    for a, b in zip(times, times[1:]):
        step = (b - a).total_seconds()
        if 0 < step <= gap:
            total += step
    return total or None




def _nonneg(x) -> float | None:
    try:
        x = float(x)
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) and x >= 0 else None


def _mean_hr(values) -> int | None:
    hrs = [h for h in (_positive(v) for v in values) if h is not None]
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


def _valid_point(lat, lon) -> tuple[float, float] | None:
    try:
        lat, lon = float(lat), float(lon)
    except (TypeError, ValueError):
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):  # a NaN or an infinity fails these too
        return None
    if lat == 0 and lon == 0:  # "null island": a watch's placeholder before a fix
        return None
    return (lat, lon)


def _text(value) -> str | None:
    text = " ".join(str(value or "").split())
    return text or None


# --- FIT ---------------------------------------------------------------------

_SEMICIRCLE = 180.0 / 2 ** 31
# A FIT date_time counts seconds from 1989-12-31T00:00Z (this Unix time); one below
# 0x10000000 counts from the device's power-on instead, and is not a time of day.
_FIT_EPOCH_S = 631065600
_FIT_TIME_MIN = 0x10000000
# The fields of a record message that are read (a watch writes a dozen more: cadence, power...).
_RECORD_FIELDS = frozenset({"timestamp", "distance", "heart_rate", "altitude", "enhanced_altitude",
                            "position_lat", "position_long"})


def _read_fit(path: Path, data: bytes) -> list[Activity]:
    import fitdecode

    sessions, records, file_type, sports = [], [], None, []
    try:
        # processor=None: fitdecode's raw values (scaled, enums named), without its value
        # processor's three method calls on every field of every message (a fifth of
        # its time); the only values it would change that are read here are the times,
        # which _fit_time converts as it does.
        with fitdecode.FitReader(io.BytesIO(data), processor=None,
                                 check_crc=fitdecode.CrcCheck.RAISE,
                                 error_handling=fitdecode.ErrorHandling.RAISE) as reader:
            data_frame = fitdecode.FIT_FRAME_DATA
            for frame in reader:
                if frame.frame_type != data_frame:
                    continue
                message = frame.name
                if message == "record":  # most frames: one a second or so
                    records.append({name: f.value for f in frame.fields
                                    if (name := f.name) in _RECORD_FIELDS})
                elif message == "file_id":
                    file_type = _field(frame, "type")
                elif message == "session":
                    sessions.append({f.name: f.value for f in frame.fields})
                elif message == "sport":
                    sports.append((_field(frame, "sub_sport"), _field(frame, "sport")))
    except fitdecode.FitHeaderError:
        raise ActivityFileError(path, "not a FIT file (it has no FIT header)") from None
    except fitdecode.FitEOFError:
        raise ActivityFileError(path, "truncated FIT file: it ends before its last record "
                                      "(an interrupted copy or download?)") from None
    except fitdecode.FitCRCError:
        raise ActivityFileError(path, "corrupt FIT file: its checksum does not match") from None
    if file_type is not None and file_type != "activity":
        raise ActivityFileError(path, f"a FIT {file_type} file, not a recorded activity")
    for r in records:
        r["timestamp"] = _fit_time(r.get("timestamp"))
    for s in sessions:
        s["start_time"], s["timestamp"] = _fit_time(s.get("start_time")), _fit_time(s.get("timestamp"))

    if not sessions:  # some devices write no session: add up the records
        return [_fit_from_records(path, records, sports)]
    out = []
    for s in sessions:
        sport, sub = s.get("sport"), s.get("sub_sport")
        if str(sport).lower() == "transition":  # between legs of a triathlon
            continue
        start = s.get("start_time") or s.get("timestamp")
        if not isinstance(start, datetime):
            raise ActivityFileError(path, "session has no start time")
        elapsed = _positive(s.get("total_elapsed_time"))
        moving = _positive(s.get("total_timer_time")) or elapsed
        end = s.get("timestamp") if isinstance(s.get("timestamp"), datetime) else None
        mine = _records_between(records, start, end, elapsed)
        activity, note = sport_of(*_names(sub), *_names(sport))
        ascent = _nonneg(s.get("total_ascent"))  # the device's own: used where it has one
        if ascent is None:
            ascent = climb([_altitude(r) for r in mine])
        out.append(Activity(
            path=path, activity=activity, sport_known=note is None, sport_note=note,
            start=_utc(start),
            distance_m=_positive(s.get("total_distance")),
            moving_s=moving,
            elapsed_s=elapsed,
            elevation_gain_m=ascent,
            avg_hr=_hr(s.get("avg_heart_rate")),
            points=_fit_points(mine),
        ))
    return out


def _fit_time(value) -> datetime | None:
    """A FIT date_time's raw value as an aware UTC time, as fitdecode's
    DefaultDataProcessor makes it; None for no value or a time since power-on."""
    if isinstance(value, int) and value >= _FIT_TIME_MIN:
        return datetime.fromtimestamp(_FIT_EPOCH_S + value, timezone.utc)
    return None


def _records_between(records, start: datetime, end: datetime | None, elapsed: float | None):
    if end is None and elapsed is not None:
        end = start + timedelta(seconds=elapsed)
    return [r for r in records if isinstance(r.get("timestamp"), datetime)
            and r["timestamp"] >= start and (end is None or r["timestamp"] <= end)]


def _altitude(record):
    value = record.get("enhanced_altitude")
    return value if value is not None else record.get("altitude")


def _fit_points(records) -> tuple:
    points = []
    for r in records:
        lat, lon = r.get("position_lat"), r.get("position_long")
        if isinstance(lat, int) and isinstance(lon, int):
            point = _valid_point(lat * _SEMICIRCLE, lon * _SEMICIRCLE)
            if point:
                points.append(point)
    return tuple(points)


def _names(value) -> tuple[str, ...]:
    # fitdecode gives a name for known enum values, a number for unknown ones.
    if value is None:
        return ()
    return (str(value),) if not isinstance(value, int) else ("unknown_sport",)


def _field(frame, name):
    try:
        return frame.get_value(name)
    except KeyError:
        return None


def _fit_from_records(path: Path, records: list[dict], sports) -> Activity:
    times = [r["timestamp"] for r in records if isinstance(r.get("timestamp"), datetime)]
    if not times:
        raise ActivityFileError(path, "no session and no timed records: nothing to import")
    dists = [r["distance"] for r in records if _positive(r.get("distance"))]
    names = [n for sub, sport in sports[:1] for n in (*_names(sub), *_names(sport))]
    activity, note = sport_of(*names)
    return Activity(
        path=path, activity=activity, sport_known=note is None, sport_note=note,
        start=_utc(times[0]),
        distance_m=max(dists) if dists else None,
        moving_s=_moving_time(times),
        elapsed_s=(times[-1] - times[0]).total_seconds() or None,
        elevation_gain_m=climb([_altitude(r) for r in records]),
        avg_hr=_mean_hr(r.get("heart_rate") for r in records),
        points=_fit_points(records),
    )


# --- GPX ---------------------------------------------------------------------

def _read_gpx(path: Path, data: bytes) -> list[Activity]:
    """The whole file as one activity: every track and every segment."""
    import gpxpy
    import gpxpy.gpx

    try:
        gpx = gpxpy.parse(data.decode("utf-8-sig", errors="replace"))
    except gpxpy.gpx.GPXException as e:
        raise ActivityFileError(path, f"not a valid GPX file ({_describe(e)})") from None
    points = [p for track in gpx.tracks for seg in track.segments for p in seg.points]
    if not points:
        raise ActivityFileError(path, "no track points: nothing to import "
                                      "(a route, or an empty recording?)")
    walk = _walk_gpx(gpx.tracks)
    distance = _positive(walk.length_m)
    moving = elapsed = start = None
    if len(walk.times) >= 2:
        first, last = min(walk.times), max(walk.times)
        moving = _positive(walk.moving_s)
        elapsed = _positive((last - first).total_seconds())
        start = _utc(_EPOCH + first)
    if distance is None and moving is None:
        raise ActivityFileError(path, "track points carry neither times nor a distance: "
                                      "nothing to import")
    types = [t.type for t in gpx.tracks if (t.type or "").strip()]
    activity, note = sport_of(*types[:1])
    names = [t.name for t in gpx.tracks if (t.name or "").strip()]
    descriptions = [t.description for t in gpx.tracks if (t.description or "").strip()]
    return [Activity(
        path=path, activity=activity, sport_known=note is None, sport_note=note,
        start=start,
        distance_m=distance,
        moving_s=moving,
        elapsed_s=elapsed,
        elevation_gain_m=climb([p.elevation for p in points if p.elevation is not None]),
        avg_hr=_mean_hr([_gpx_hr(p) for p in points if p.extensions]),
        name=_text(names[0] if names else gpx.name),
        description=_text(descriptions[0] if descriptions else gpx.description),
        points=walk.points,
    )]


_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


@dataclass(frozen=True)
class _GpxWalk:
    length_m: float  # gpxpy's length_2d of every segment, added up
    moving_s: float  # gpxpy's get_moving_data().moving_time
    times: list[timedelta]  # every timed point's time, as the time since _EPOCH
    points: tuple[tuple[float, float], ...]  # the valid positions, in order


def _walk_gpx(tracks) -> _GpxWalk:
    """Length, moving time, times and positions of every segment, in one pass.

    The figures are gpxpy's own (``GPXTrackSegment.length_2d`` and
    ``GPX.get_moving_data``, version 1.6: the same formulas, in the same order,
    so the same floats): calling them walks the points three times, with two
    calls per pair of points, and compares gpxpy's times, whose time zones are
    Python objects, at some six Python calls per point. Here each time becomes
    the time since ``_EPOCH`` (one call of its time zone), and the rest is
    arithmetic: differences of those are exactly the differences of the times.
    """
    from gpxpy.geo import ONE_DEGREE, haversine_distance

    radians, cos, sqrt, utc = math.radians, math.cos, math.sqrt, timezone.utc
    length_m, moving_s = 0.0, 0.0
    times: list[timedelta] = []
    points: list[tuple[float, float]] = []
    for track in tracks:
        track_moving = 0.0
        for segment in track.segments:
            segment_length, segment_moving = 0.0, 0.0
            before = None  # (lat, lon, elevation, time) of the point before, in this segment
            for p in segment.points:
                lat, lon, elevation, time = p.latitude, p.longitude, p.elevation, p.time
                if time is not None:
                    # A time without a zone is UTC, as everywhere here (_utc).
                    time = (time if time.tzinfo else time.replace(tzinfo=utc)) - _EPOCH
                    times.append(time)
                # gpxpy's numbers are floats: this is _valid_point without the calls.
                if -90 <= lat <= 90 and -180 <= lon <= 180 and (lat or lon):
                    points.append((lat, lon))
                if before is not None:
                    lat0, lon0, elevation0, time0 = before
                    # gpxpy.geo.distance(this point, the one before), 2-D then 3-D.
                    if abs(lat - lat0) > .2 or abs(lon - lon0) > .2:
                        flat = step = haversine_distance(lat, lon, lat0, lon0)
                    else:
                        x, y = lat - lat0, (lon - lon0) * cos(radians(lat))
                        flat = step = sqrt(x * x + y * y) * ONE_DEGREE
                        if elevation and elevation0 and elevation != elevation0:
                            step = sqrt(flat ** 2 + (elevation - elevation0) ** 2)
                    if flat:
                        segment_length += flat
                    if time is not None and time0 is not None:
                        seconds = (time - time0).total_seconds()
                        if seconds > 0 and step:
                            speed_kmh = (step / 1000) / (seconds / 60 ** 2)
                            if not speed_kmh <= 1:  # gpxpy's stop: 1 km/h or slower (NaN moves)
                                segment_moving += seconds
                before = (lat, lon, elevation, time)
            length_m += segment_length
            track_moving += segment_moving
        moving_s += track_moving
    return _GpxWalk(length_m, moving_s, times, tuple(points))


def _gpx_hr(point) -> int | None:
    for ext in point.extensions:
        for el in ext.iter():
            tag = el.tag.rsplit("}", 1)[-1].lower()
            if tag in ("hr", "heartrate") and el.text:
                try:
                    return _hr(el.text)
                except ValueError:
                    return None
    return None


# --- TCX ---------------------------------------------------------------------

_TCX = "{http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2}"


def _read_tcx(path: Path, data: bytes) -> list[Activity]:
    """One activity per <Activity> (a multisport TCX has several)."""
    import xml.etree.ElementTree as ET

    root = ET.fromstring(data)
    if root.tag != _TCX + "TrainingCenterDatabase":
        raise ActivityFileError(path, f"not a TCX file (its root element is {root.tag!r})")
    elements = root.findall(f"{_TCX}Activities/{_TCX}Activity")
    elements += root.findall(f"{_TCX}Activities/{_TCX}MultiSportSession/{_TCX}*/{_TCX}Activity")
    if not elements:
        raise ActivityFileError(path, "no <Activity> in the file: nothing to import")
    out = [_tcx_activity(path, element) for element in elements]
    return [act for act in out if act is not None]


_TCX_TIME, _TCX_POSITION, _TCX_LAT, _TCX_LON, _TCX_ALTITUDE, _TCX_DISTANCE, \
    _TCX_HEART_RATE, _TCX_VALUE = (_TCX + name for name in (
        "Time", "Position", "LatitudeDegrees", "LongitudeDegrees", "AltitudeMeters",
        "DistanceMeters", "HeartRateBpm", "Value"))


def _tcx_activity(path: Path, activity) -> Activity | None:
    laps = activity.findall(f"{_TCX}Lap")
    timer = [_positive(lap.findtext(f"{_TCX}TotalTimeSeconds")) for lap in laps]
    lap_dist = [_positive(lap.findtext(f"{_TCX}DistanceMeters")) for lap in laps]
    lap_hr = [(_positive(lap.findtext(f"{_TCX}AverageHeartRateBpm/{_TCX}Value")), t)
              for lap, t in zip(laps, timer)]
    # Each field's elements in one walk of the tree in C (ElementTree's iter), their texts
    # then converted a list at a time (see _iso_times): a Python loop over each
    # trackpoint's children costs more than parsing the file. In the schema these tags
    # are a trackpoint's alone, but for DistanceMeters, which a lap has too: the
    # trackpoints' distances are only used where no lap has one (below).
    time_texts = [e.text for e in activity.iter(_TCX_TIME)]
    alt_texts = [e.text for e in activity.iter(_TCX_ALTITUDE)]
    dist_texts = [e.text for e in activity.iter(_TCX_DISTANCE)]
    hr_texts = [e.findtext(_TCX_VALUE) for e in activity.iter(_TCX_HEART_RATE)]
    positions = [(e.findtext(_TCX_LAT), e.findtext(_TCX_LON)) for e in activity.iter(_TCX_POSITION)]
    times = _iso_times(time_texts)
    alts = _finite_floats(alt_texts)
    dists = [d for d in _finite_floats(dist_texts) if d > 0]
    hrs = [h for h in _finite_floats(hr_texts) if h > 0]
    points = [q for lat, lon in positions if (q := _valid_point(lat, lon))]
    start = (_parse_iso(activity.findtext(f"{_TCX}Id"))
             or (_parse_iso(laps[0].get("StartTime")) if laps else None)
             or (min(times) if times else None))
    moving = sum(t for t in timer if t) if any(timer) else _moving_time(sorted(times))
    if start is None:
        moving = moving if any(timer) else None
    distance = (sum(d for d in lap_dist if d) if any(lap_dist)
                else max(dists) if dists else None)
    if distance is None and len(points) >= 2:
        from ..core.routes import length_m

        distance = _positive(length_m(points))
    hr = _mean_hr(hrs)
    if hr is None and any(h for h, _ in lap_hr):
        weighted = [(h, t or 1.0) for h, t in lap_hr if h]
        hr = round(sum(h * t for h, t in weighted) / sum(t for _, t in weighted))
    if distance is None and moving is None:
        raise ActivityFileError(path, "neither distance nor time in the file: nothing to import")
    activity_kind, note = sport_of(activity.get("Sport"))
    return Activity(
        path=path, activity=activity_kind, sport_known=note is None, sport_note=note,
        start=_utc(start) if start else None,
        distance_m=distance,
        moving_s=moving,
        elapsed_s=_positive((max(times) - min(times)).total_seconds()) if len(times) > 1 else None,
        elevation_gain_m=climb(alts),
        avg_hr=hr,
        name=_text(activity.findtext(f"{_TCX}Notes")),
        points=tuple(points),
    )


def _finite_floats(texts: list) -> list[float]:
    """The texts that are finite numbers, as floats: ``_float`` of each, in one C call
    when every text is a number (nearly always), else one at a time."""
    try:
        values = list(map(float, texts))
    except (TypeError, ValueError):
        return [v for v in map(_float, texts) if v is not None]
    return list(filter(math.isfinite, values))


def _iso_times(texts: list) -> list[datetime]:
    """The texts that are times, as aware datetimes: ``_parse_iso`` of each, in one C call
    when every text is a plain ISO time (Python 3.11 reads a final Z), else one at a time."""
    try:
        moments = list(map(datetime.fromisoformat, texts))
    except (TypeError, ValueError):
        return [m for m in map(_parse_iso, texts) if m is not None]
    return [m if m.tzinfo else m.replace(tzinfo=timezone.utc) for m in moments]


def _float(text) -> float | None:
    try:
        value = float(text)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def _parse_iso(text: str | None) -> datetime | None:
    if not text:
        return None
    text = text.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
