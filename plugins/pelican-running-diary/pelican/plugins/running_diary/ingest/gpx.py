"""GPX files: every track and segment as one activity, read with gpxpy."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import gpxpy
import gpxpy.gpx
from gpxpy.geo import ONE_DEGREE, haversine_distance

from .activity import (
    Activity,
    ActivityFileError,
    as_utc,
    climb,
    describe_error,
    mean_hr,
    one_line,
    positive,
    refuse_too_many_points,
    sport_of,
    whole_hr,
)

# A point's opening tag, with or without a namespace prefix: what gpxpy would build an
# object for (waypoints and route points too).
_POINT_TAG = re.compile(rb"<(?:[\w.-]+:)?(?:trkpt|rtept|wpt)[\s/>]")


def read(path: Path, data: bytes) -> list[Activity]:
    """The whole file as one activity: every track and every segment."""
    refuse_too_many_points(path, data, _POINT_TAG)
    try:
        gpx = gpxpy.parse(data.decode("utf-8-sig", errors="replace"))
    except gpxpy.gpx.GPXException as e:
        raise ActivityFileError(path, f"not a valid GPX file ({describe_error(e)})") from None
    points = [p for track in gpx.tracks for seg in track.segments for p in seg.points]
    if not points:
        raise ActivityFileError(path, "no track points: nothing to import "
                                      "(a route, or an empty recording?)")
    walk = _walk_gpx(gpx.tracks)
    distance = positive(walk.length_m)
    moving = elapsed = start = None
    if len(walk.times) >= 2:
        first, last = min(walk.times), max(walk.times)
        moving = positive(walk.moving_s)
        elapsed = positive((last - first).total_seconds())
        start = as_utc(_EPOCH + first)
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
        avg_hr=mean_hr([_gpx_hr(p) for p in points if p.extensions]),
        name=one_line(names[0] if names else gpx.name),
        description=one_line(descriptions[0] if descriptions else gpx.description),
        points=walk.points,
        track=_track(walk.track) if activity == "run" or note is not None else (),
    )]


def _track(track: list[tuple[float, timedelta]]) -> tuple:
    """(metres, seconds since the first timed point) from the walk's (metres, time since _EPOCH)."""
    if len(track) < 2:
        return ()
    first = track[0][1]
    return tuple((metres, (time - first).total_seconds()) for metres, time in track)


_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


@dataclass(frozen=True)
class _GpxWalk:
    length_m: float  # gpxpy's length_2d of every segment, added up
    moving_s: float  # gpxpy's get_moving_data().moving_time
    times: list[timedelta]  # every timed point's time, as the time since _EPOCH
    points: tuple[tuple[float, float], ...]  # the valid positions, in order
    track: list[tuple[float, timedelta]]  # (2-D metres so far, time) at each timed point


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
    radians, cos, sqrt, utc = math.radians, math.cos, math.sqrt, timezone.utc
    length_m, moving_s = 0.0, 0.0
    times: list[timedelta] = []
    points: list[tuple[float, float]] = []
    track_points: list[tuple[float, timedelta]] = []
    for track in tracks:
        track_moving = 0.0
        for segment in track.segments:
            segment_length, segment_moving = 0.0, 0.0
            before = None  # (lat, lon, elevation, time) of the point before, in this segment
            for p in segment.points:
                lat, lon, elevation, time = p.latitude, p.longitude, p.elevation, p.time
                if time is not None:
                    # A time without a zone is UTC, as everywhere here (as_utc).
                    time = (time if time.tzinfo else time.replace(tzinfo=utc)) - _EPOCH
                    times.append(time)
                # gpxpy's numbers are floats: this is valid_point without the calls.
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
                if time is not None:
                    track_points.append((length_m + segment_length, time))
                before = (lat, lon, elevation, time)
            length_m += segment_length
            track_moving += segment_moving
        moving_s += track_moving
    return _GpxWalk(length_m, moving_s, times, tuple(points), track_points)


def _gpx_hr(point) -> int | None:
    for ext in point.extensions:
        for el in ext.iter():
            tag = el.tag.rsplit("}", 1)[-1].lower()
            if tag in ("hr", "heartrate") and el.text:
                try:
                    return whole_hr(el.text)
                except ValueError:
                    return None
    return None
