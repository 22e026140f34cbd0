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
It maps to the diary's ``activity`` (each activity's spec lists its sports: core/activities.py). It is **never guessed
as a run**: a file that names no sport, or a generic one, or one the diary
does not know (rowing, skiing, TCX's ``Other``) is ``cross``, with a line
saying so.

Each activity with GPS positions carries them (``points``: (lat, lon)
degrees, in order) so that the import can write its ``route``; the import
makes the route private (core/routes.py) before anything is written.

Each activity carries the watch's laps (FIT ``lap`` messages, TCX ``<Lap>``;
none for GPX or a single lap) and, for a run, its best efforts
(``best_efforts.py``), worked out here from the timed track, which is then
dropped: only the figures leave the process that read the file.

Files may be gzip-compressed (``run.fit.gz``), as in a Strava export. Only
regular files are opened (a FIFO, a device such as a symlink to /dev/zero, or
a folder is refused from its ``stat``), and at most ``MAX_BYTES`` (200 MB) is
read or decompressed: see ``read_bounded``. Nothing here imports Pelican; each
format has its module (fit.py, gpx.py, tcx.py), what they share is in activity.py.
"""

from __future__ import annotations

import gzip
import io
import os
import stat
import zlib
from pathlib import Path

from . import best_efforts, fit, gpx, tcx
from .activity import (
    FORMATS,
    FRAGMENT_M,
    FRAGMENT_S,
    STRAVA_GPX_TYPES,
    Activity,
    ActivityFileError,
    Reading,
    climb,
    describe_error,
    sport_of,
    sport_to_activity,
)

__all__ = ["Activity", "ActivityFileError", "FORMATS", "Reading", "STRAVA_GPX_TYPES",
           "activity_name", "climb", "read", "read_data", "read_file", "sport_of", "sport_to_activity"]



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
    reader = {".fit": fit.read, ".gpx": gpx.read, ".tcx": tcx.read}[suffix]
    try:
        found = reader(path, data)
    except (ActivityFileError, ImportError):  # a missing module is an install problem, never the file's
        raise
    except RecursionError:
        raise ActivityFileError(path, f"not a valid {suffix[1:].upper()} file (nested too deeply)") from None
    except Exception as e:  # a library's own error, whatever its class: one line
        raise ActivityFileError(path, f"not a valid {suffix[1:].upper()} file ({describe_error(e)})") from None
    if not found:
        raise ActivityFileError(path, "no activity in the file")
    kept, notes = [], []
    for act in found:
        why = _fragment(act)
        if why:
            notes.append(f"dropped a fragment {why}: under {FRAGMENT_M:.0f} m or "
                         f"{FRAGMENT_S:.0f} s, not a session")
            continue
        kept.append(_with_best_efforts(act))
    return Reading(kept, notes, points=sum(len(act.points) for act in found))


def _with_best_efforts(act: Activity) -> Activity:
    """The activity with its best efforts worked out from its timed track, and the track
    dropped: here, in the process that read the file, so only the few figures travel.
    Worked out for a run, and for an activity whose file names no sport known (an
    export's activities.csv may yet make it a run); the import writes them for runs only."""
    from dataclasses import replace

    if not act.track:
        return act
    efforts = ()
    if act.activity == "run" or not act.sport_known:
        efforts = best_efforts.of_run(act.track, act.moving_s)
    return replace(act, track=(), best_efforts=efforts)


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
    # Into one growing buffer whose bytes getvalue() hands over without a copy: joining
    # a list of chunks held the data twice at the end (410 MiB for 200 MB, now 208).
    out, total = io.BytesIO(), 0
    while True:
        chunk = f.read(min(_CHUNK, limit + 1 - total))
        if not chunk:
            return out.getvalue()
        total += len(chunk)
        if total > limit:
            raise ActivityFileError(path, too_big.format(limit=_megabytes(limit)))
        out.write(chunk)


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
