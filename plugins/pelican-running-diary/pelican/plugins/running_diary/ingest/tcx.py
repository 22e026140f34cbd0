"""TCX files (Garmin Training Center): one activity per ``<Activity>``, read with ElementTree."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from pathlib import Path

from ..core.routes import length_m
from .activity import (
    Activity,
    ActivityFileError,
    as_utc,
    climb,
    laps_of,
    mean_hr,
    moving_time,
    one_line,
    positive,
    refuse_too_many_points,
    sport_of,
    valid_point,
)

_TRACKPOINT_TAG = re.compile(rb"<(?:[\w.-]+:)?Trackpoint[\s/>]")
_TCX = "{http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2}"


def read(path: Path, data: bytes) -> list[Activity]:
    """One activity per <Activity> (a multisport TCX has several)."""
    refuse_too_many_points(path, data, _TRACKPOINT_TAG)
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
    timer = [positive(lap.findtext(f"{_TCX}TotalTimeSeconds")) for lap in laps]
    lap_dist = [positive(lap.findtext(f"{_TCX}DistanceMeters")) for lap in laps]
    lap_hr = [(positive(lap.findtext(f"{_TCX}AverageHeartRateBpm/{_TCX}Value")), t)
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
    points = [q for lat, lon in positions if (q := valid_point(lat, lon))]
    start = (_parse_iso(activity.findtext(f"{_TCX}Id"))
             or (_parse_iso(laps[0].get("StartTime")) if laps else None)
             or (min(times) if times else None))
    moving = sum(t for t in timer if t) if any(timer) else moving_time(sorted(times))
    if start is None:
        moving = moving if any(timer) else None
    distance = (sum(d for d in lap_dist if d) if any(lap_dist)
                else max(dists) if dists else None)
    if distance is None and len(points) >= 2:
        distance = positive(length_m(points))
    hr = mean_hr(hrs)
    if hr is None and any(h for h, _ in lap_hr):
        weighted = [(h, t or 1.0) for h, t in lap_hr if h]
        hr = round(sum(h * t for h, t in weighted) / sum(t for _, t in weighted))
    if distance is None and moving is None:
        raise ActivityFileError(path, "neither distance nor time in the file: nothing to import")
    activity_kind, note = sport_of(activity.get("Sport"))
    track = _tcx_track(activity) if activity_kind == "run" or note is not None else ()
    return Activity(
        path=path, activity=activity_kind, sport_known=note is None, sport_note=note,
        start=as_utc(start) if start else None,
        distance_m=distance,
        moving_s=moving,
        elapsed_s=positive((max(times) - min(times)).total_seconds()) if len(times) > 1 else None,
        elevation_gain_m=climb(alts),
        avg_hr=hr,
        name=one_line(activity.findtext(f"{_TCX}Notes")),
        points=tuple(points),
        laps=laps_of(zip(lap_dist, timer)),
        track=track,
    )


def _tcx_track(activity) -> tuple:
    """(DistanceMeters, seconds since the first) of each trackpoint that has both, for a
    run's best efforts: the only walk here that pairs a trackpoint's own children."""
    texts = [(tp.findtext(_TCX_DISTANCE), tp.findtext(_TCX_TIME))
             for tp in activity.iter(_TCX + "Trackpoint")]
    texts = [(d, t) for d, t in texts if d and t]
    metres = [_float(d) for d, _ in texts]
    moments = [_parse_iso(t) for _, t in texts]
    pairs = [(m, at) for m, at in zip(metres, moments) if m is not None and at is not None]
    if len(pairs) < 2:
        return ()
    first = pairs[0][1]
    return tuple((m, (at - first).total_seconds()) for m, at in pairs)


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
