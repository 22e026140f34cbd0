"""Read a watch's activity files (GPX, TCX, FIT) into plain ``Activity`` values.

``read(path)`` returns one ``Activity`` per activity in the file, or raises
``ActivityFileError`` whose message is one line that names the file and says
what is wrong. It never lets a library's exception through: an empty,
truncated, corrupt or unrecognised file is an ``ActivityFileError``.

What each format gives, and where it comes from:

========  ==================================  ===================================
format    moving time (pauses left out)       distance
========  ==================================  ===================================
FIT       session ``total_timer_time``        session ``total_distance``
          (the watch's timer: it stops on     (from the foot pod or wheel when
          pause), not ``total_elapsed_time``  there is no GPS: treadmills work)
TCX       sum of the laps' ``TotalTimeSeconds`` sum of the laps' ``DistanceMeters``
          (timer time); else trackpoint time  (no positions needed)
          with gaps over 30 s left out
GPX       gpxpy's moving time (stretches      gpxpy's 2-D length of the track;
          slower than 1 km/h are pauses;      a GPX without points is an error:
          segments' gaps are not counted)     it has nothing to import
========  ==================================  ===================================

The start is the first timestamp (FIT session ``start_time``, TCX activity
``Id``, GPX first point), as an aware UTC datetime. Average heart rate comes
from the file's summary where it has one, else the mean of the samples; it is
``None`` when the file has no heart rate. Elevation gain is the session's
``total_ascent`` (FIT) or computed from the altitudes (TCX: tcxreader; GPX:
gpxpy, which smooths GPS noise).

The sport maps to the diary's ``activity`` (see ``SPORTS``): running -> run,
cycling/biking -> cycle, walking -> walk, hiking/mountaineering -> hike,
swimming -> swim, strength training -> strength, yoga -> yoga; a file that
names no sport, or a generic one, is a run (the contract's default); any other
named sport (rowing, skiing, TCX's "Other", ...) is ``cross``.

Files may be gzip-compressed (``run.fit.gz``), as in a Strava export. Only
regular files are opened (a FIFO, a device such as a symlink to /dev/zero, or
a folder is refused from its ``stat``), and at most ``MAX_BYTES`` (200 MB) is
read or decompressed: see ``read_bounded``. Nothing
here imports Pelican, and the parsing libraries are imported only when a file
of their format is read.
"""

from __future__ import annotations

import gzip
import io
import math
import os
import re
import stat
import zlib
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

__all__ = ["Activity", "ActivityFileError", "FORMATS", "SPORTS", "read", "sport_to_activity"]

FORMATS = (".fit", ".gpx", ".tcx")

# Gaps between samples longer than this are pauses (TCX without lap times).
PAUSE_GAP_S = 30.0

# The file's sport, lower-cased with spaces and dashes as underscores -> the diary's activity.
SPORTS = {
    "running": "run", "run": "run", "trail_running": "run", "treadmill_running": "run",
    "track_running": "run", "street_running": "run", "virtual_run": "run",
    "indoor_running": "run",
    "cycling": "cycle", "biking": "cycle", "ride": "cycle", "bike": "cycle",
    "road_biking": "cycle", "mountain_biking": "cycle", "e_biking": "cycle",
    "indoor_cycling": "cycle", "virtual_ride": "cycle", "gravel_cycling": "cycle",
    "walking": "walk", "walk": "walk",
    "hiking": "hike", "hike": "hike", "mountaineering": "hike",
    "swimming": "swim", "swim": "swim", "lap_swimming": "swim", "open_water": "swim",
    "open_water_swimming": "swim",
    "strength_training": "strength", "strength": "strength", "weight_training": "strength",
    "yoga": "yoga",
}
# Names that say nothing about the sport: the contract's default, run.
_GENERIC = frozenset({"", "generic", "all", "none", "unknown", "other_generic"})


def sport_to_activity(*names: str | None) -> str:
    """The diary activity for a file's sport names, most specific first.

    FIT gives a sub-sport and a sport (``treadmill``, ``running``): the first
    name that ``SPORTS`` knows wins; a generic or missing name is skipped.
    Nothing known: ``cross`` if some sport was named, else ``run``.
    """
    named = False
    for name in names:
        key = re.sub(r"[\s\-]+", "_", str(name or "").strip().lower())
        if key in _GENERIC:
            continue
        if key in SPORTS:
            return SPORTS[key]
        named = True
    return "cross" if named else "run"


@dataclass(frozen=True, kw_only=True)
class Activity:
    """One recorded activity, in SI units; ``None`` where the file has nothing."""

    path: Path
    activity: str  # the diary's activity: run, cycle, walk, ...
    start: datetime  # aware, UTC, whole seconds
    distance_m: float | None
    moving_s: float | None
    elapsed_s: float | None
    elevation_gain_m: float | None
    avg_hr: int | None
    name: str | None = None  # the file's own title, e.g. "Morning Run"


class ActivityFileError(Exception):
    """A file that cannot be read as an activity; ``str()`` is one line naming it."""

    def __init__(self, path: str | Path, reason: str):
        self.path = Path(path)
        self.reason = " ".join(str(reason).split()) or "unreadable"
        super().__init__(f"{self.path}: {self.reason}")


def read(path: str | Path) -> list[Activity]:
    """Every activity in a GPX, TCX or FIT file (optionally ``.gz``)."""
    path = Path(path)
    name = path.name.lower()
    compressed = name.endswith(".gz")
    suffix = Path(name[:-3] if compressed else name).suffix
    if suffix not in FORMATS:
        raise ActivityFileError(path, f"not an activity file: expected {', '.join(FORMATS)} "
                                      f"(optionally .gz), got {suffix or 'no extension'!r}")
    data = read_bounded(path, compressed=compressed)
    if not data.strip():
        raise ActivityFileError(path, "empty file")
    reader = {".fit": _read_fit, ".gpx": _read_gpx, ".tcx": _read_tcx}[suffix]
    try:
        activities = reader(path, data)
    except ActivityFileError:
        raise
    except RecursionError:
        raise ActivityFileError(path, f"not a valid {suffix[1:].upper()} file (nested too deeply)") from None
    except Exception as e:  # a library's own error, whatever its class: one line
        raise ActivityFileError(path, f"not a valid {suffix[1:].upper()} file ({_describe(e)})") from None
    if not activities:
        raise ActivityFileError(path, "no activity in the file")
    return activities


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


# --- FIT ---------------------------------------------------------------------

def _read_fit(path: Path, data: bytes) -> list[Activity]:
    import fitdecode

    sessions, records, file_type = [], [], None
    try:
        with fitdecode.FitReader(io.BytesIO(data), check_crc=fitdecode.CrcCheck.RAISE,
                                 error_handling=fitdecode.ErrorHandling.RAISE) as reader:
            for frame in reader:
                if frame.frame_type != fitdecode.FIT_FRAME_DATA:
                    continue
                if frame.name == "file_id":
                    file_type = _field(frame, "type")
                elif frame.name == "session":
                    sessions.append({f.name: f.value for f in frame.fields})
                elif frame.name == "record":
                    records.append({f.name: f.value for f in frame.fields
                                    if f.name in ("timestamp", "distance", "heart_rate",
                                                  "altitude", "enhanced_altitude")})
    except fitdecode.FitHeaderError:
        raise ActivityFileError(path, "not a FIT file (it has no FIT header)") from None
    except fitdecode.FitEOFError:
        raise ActivityFileError(path, "truncated FIT file: it ends before its last record "
                                      "(an interrupted copy or download?)") from None
    except fitdecode.FitCRCError:
        raise ActivityFileError(path, "corrupt FIT file: its checksum does not match") from None
    if file_type is not None and file_type != "activity":
        raise ActivityFileError(path, f"a FIT {file_type} file, not a recorded activity")

    if not sessions:  # some devices write no session: add up the records
        return [_fit_from_records(path, records)]
    out = []
    for s in sessions:
        sport, sub = s.get("sport"), s.get("sub_sport")
        if str(sport).lower() == "transition":  # between legs of a triathlon
            continue
        start = s.get("start_time") or s.get("timestamp")
        if not isinstance(start, datetime):
            raise ActivityFileError(path, "session has no start time")
        moving = _positive(s.get("total_timer_time")) or _positive(s.get("total_elapsed_time"))
        out.append(Activity(
            path=path,
            activity=sport_to_activity(*_names(sub), *_names(sport)),
            start=_utc(start),
            distance_m=_positive(s.get("total_distance")),
            moving_s=moving,
            elapsed_s=_positive(s.get("total_elapsed_time")),
            elevation_gain_m=_nonneg(s.get("total_ascent")),
            avg_hr=_hr(s.get("avg_heart_rate")),
        ))
    return out


def _names(value) -> tuple[str, ...]:
    # fitdecode gives a name for known enum values, a number for unknown ones.
    if value is None:
        return ()
    return (str(value),) if not isinstance(value, int) else ("unknown_sport",)


def _nonneg(x) -> float | None:
    try:
        x = float(x)
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) and x >= 0 else None


def _field(frame, name):
    try:
        return frame.get_value(name)
    except KeyError:
        return None


def _fit_from_records(path: Path, records: list[dict]) -> Activity:
    times = [r["timestamp"] for r in records if isinstance(r.get("timestamp"), datetime)]
    if not times:
        raise ActivityFileError(path, "no session and no timed records: nothing to import")
    dists = [r["distance"] for r in records if _positive(r.get("distance"))]
    hrs = [r["heart_rate"] for r in records if _positive(r.get("heart_rate"))]
    alts = [r.get("enhanced_altitude", r.get("altitude")) for r in records]
    return Activity(
        path=path, activity="run", start=_utc(times[0]),
        distance_m=max(dists) if dists else None,
        moving_s=_moving_time(times),
        elapsed_s=(times[-1] - times[0]).total_seconds() or None,
        elevation_gain_m=_climb([a for a in alts if isinstance(a, (int, float))]),
        avg_hr=round(sum(hrs) / len(hrs)) if hrs else None,
    )


def _climb(alts: list[float], hysteresis: float = 2.0) -> float | None:
    """Metres climbed, ignoring wobbles smaller than ``hysteresis`` metres."""
    if len(alts) < 2:
        return None
    gain, low = 0.0, alts[0]
    high = low
    for a in alts[1:]:
        if a > high:
            high = a
        elif high - a >= hysteresis or a < low:
            if high - low >= hysteresis:
                gain += high - low
            low = high = a
    if high - low >= hysteresis:
        gain += high - low
    return gain


# --- GPX ---------------------------------------------------------------------

def _read_gpx(path: Path, data: bytes) -> list[Activity]:
    import gpxpy
    import gpxpy.gpx

    try:
        gpx = gpxpy.parse(data.decode("utf-8-sig", errors="replace"))
    except gpxpy.gpx.GPXException as e:
        raise ActivityFileError(path, f"not a valid GPX file ({_describe(e)})") from None
    out = []
    n_points = 0
    for track in gpx.tracks:
        points = [p for seg in track.segments for p in seg.points]
        n_points += len(points)
        timed = [p for p in points if p.time is not None]
        if len(timed) < 2:
            continue
        moving = track.get_moving_data()
        hrs = [hr for p in timed if (hr := _gpx_hr(p)) is not None]
        up = track.get_uphill_downhill()
        has_ele = any(p.elevation is not None for p in points)
        out.append(Activity(
            path=path,
            activity=sport_to_activity(track.type),
            start=_utc(timed[0].time),
            distance_m=_positive(track.length_2d()),
            moving_s=_positive(moving.moving_time) if moving else None,
            elapsed_s=_positive((timed[-1].time - timed[0].time).total_seconds()),
            elevation_gain_m=_nonneg(up.uphill) if has_ele else None,
            avg_hr=round(sum(hrs) / len(hrs)) if hrs else None,
            name=(track.name or gpx.name or "").strip() or None,
        ))
    if not out:
        if n_points == 0:
            raise ActivityFileError(path, "no track points: nothing to import "
                                          "(a route, or an empty recording?)")
        raise ActivityFileError(path, "track points carry no times: a route, not a recording")
    return out


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
    import xml.etree.ElementTree as ET

    from tcxreader.tcxreader import TCXReader

    root = ET.fromstring(data)
    if root.tag != _TCX + "TrainingCenterDatabase":
        raise ActivityFileError(path, f"not a TCX file (its root element is {root.tag!r})")
    activity = root.find(f"{_TCX}Activities/{_TCX}Activity")
    if activity is None:
        raise ActivityFileError(path, "no <Activity> in the file: nothing to import")
    laps = activity.findall(f"{_TCX}Lap")
    timer = [_positive(lap.findtext(f"{_TCX}TotalTimeSeconds")) for lap in laps]
    lap_hr = [(_positive(lap.findtext(f"{_TCX}AverageHeartRateBpm/{_TCX}Value")), t)
              for lap, t in zip(laps, timer)]
    start_text = (activity.findtext(f"{_TCX}Id")
                  or (laps[0].get("StartTime") if laps else None))

    ex = TCXReader().read(io.BytesIO(data), only_gps=False)
    times = [tp.time for tp in ex.trackpoints if tp.time is not None]
    start = _parse_iso(start_text) or (times[0] if times else None)
    if start is None:
        raise ActivityFileError(path, "no start time (no <Id>, lap StartTime or trackpoint time)")
    if any(timer):
        moving = sum(t for t in timer if t)
    else:
        moving = _moving_time(times)
    distance = _positive(ex.distance)
    if distance is None:
        dists = [tp.distance for tp in ex.trackpoints if _positive(tp.distance)]
        distance = max(dists) if dists else None
    hr = _hr(ex.hr_avg)
    if hr is None and any(h for h, _ in lap_hr):
        weighted = [(h, t or 1.0) for h, t in lap_hr if h]
        hr = round(sum(h * t for h, t in weighted) / sum(t for _, t in weighted))
    has_ele = any(tp.elevation is not None for tp in ex.trackpoints)
    if distance is None and moving is None:
        raise ActivityFileError(path, "neither distance nor time in the file: nothing to import")
    return [Activity(
        path=path,
        activity=sport_to_activity(activity.get("Sport")),
        start=_utc(start),
        distance_m=distance,
        moving_s=moving,
        elapsed_s=_positive((times[-1] - times[0]).total_seconds()) if len(times) > 1 else None,
        elevation_gain_m=_nonneg(ex.ascent) if has_ele else None,
        avg_hr=hr,
        name=(activity.findtext(f"{_TCX}Notes") or "").strip() or None,
    )]


def _parse_iso(text: str | None) -> datetime | None:
    if not text:
        return None
    text = text.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None
