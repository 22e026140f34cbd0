"""FIT files (Garmin and most watches): one activity per session, read with fitdecode."""

from __future__ import annotations

import io
from bisect import bisect_right
from datetime import datetime, timedelta, timezone
from pathlib import Path

import fitdecode

from .activity import (
    MAX_POINTS,
    Activity,
    ActivityFileError,
    as_utc,
    climb,
    laps_of,
    mean_hr,
    moving_time,
    non_negative,
    positive,
    sport_of,
    too_many_points,
    valid_point,
    whole_hr,
)

# Sessions in one file: a triathlon has five (three legs, two transitions), a
# multisport day a few more. More is not a recording; refused as they are counted.
MAX_SESSIONS = 100

_SEMICIRCLE = 180.0 / 2 ** 31
# A FIT date_time counts seconds from 1989-12-31T00:00Z (this Unix time); one below
# 0x10000000 counts from the device's power-on instead, and is not a time of day.
_FIT_EPOCH_S = 631065600
_FIT_TIME_MIN = 0x10000000
# The fields of a record message that are read (a watch writes a dozen more: cadence, power...).
# ... and of a lap message: when it began, the watch's timer time and distance over it.
_LAP_FIELDS = frozenset({"start_time", "timestamp", "total_timer_time", "total_distance"})
_RECORD_FIELDS = frozenset({"timestamp", "distance", "heart_rate", "altitude", "enhanced_altitude",
                            "position_lat", "position_long"})


def read(path: Path, data: bytes) -> list[Activity]:

    sessions, records, file_type, sports, laps = [], [], None, [], []
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
                    if len(records) == MAX_POINTS:
                        raise too_many_points(path, "records")
                    records.append({name: f.value for f in frame.fields
                                    if (name := f.name) in _RECORD_FIELDS})
                elif message == "file_id":
                    file_type = _field(frame, "type")
                elif message == "session":
                    if len(sessions) == MAX_SESSIONS:
                        raise ActivityFileError(path, f"more than {MAX_SESSIONS} sessions in one FIT "
                                                      "file: not a watch's recording; refused")
                    sessions.append({f.name: f.value for f in frame.fields})
                elif message == "lap":
                    if len(laps) == MAX_POINTS:  # a lap needs at least a record: no more laps than points
                        raise ActivityFileError(path, f"more than {MAX_POINTS:,} laps: not an activity "
                                                      "a watch records; refused")
                    laps.append({name: f.value for f in frame.fields if (name := f.name) in _LAP_FIELDS})
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
    for s in [*sessions, *laps]:
        s["start_time"], s["timestamp"] = _fit_time(s.get("start_time")), _fit_time(s.get("timestamp"))

    if not sessions:  # some devices write no session: add up the records
        return [_fit_from_records(path, records, sports, laps)]
    spans = []
    for s in sessions:
        start = s.get("start_time") or s.get("timestamp")
        if not isinstance(start, datetime):
            raise ActivityFileError(path, "session has no start time")
        elapsed = positive(s.get("total_elapsed_time"))
        end = s.get("timestamp") if isinstance(s.get("timestamp"), datetime) else None
        if end is None and elapsed is not None:
            end = start + timedelta(seconds=elapsed)
        spans.append((start, end))
    by_session = _records_by_session(records, spans)
    laps_by_session = _laps_by_session(laps, spans)
    out = []
    for s, (start, _), mine, my_laps in zip(sessions, spans, by_session, laps_by_session):
        sport, sub = s.get("sport"), s.get("sub_sport")
        if str(sport).lower() == "transition":  # between legs of a triathlon
            continue
        elapsed = positive(s.get("total_elapsed_time"))
        moving = positive(s.get("total_timer_time")) or elapsed
        activity, note = sport_of(*_names(sub), *_names(sport))
        ascent = non_negative(s.get("total_ascent"))  # the device's own: used where it has one
        if ascent is None:
            ascent = climb([_altitude(r) for r in mine])
        out.append(Activity(
            path=path, activity=activity, sport_known=note is None, sport_note=note,
            start=as_utc(start),
            distance_m=positive(s.get("total_distance")),
            moving_s=moving,
            elapsed_s=elapsed,
            elevation_gain_m=ascent,
            avg_hr=whole_hr(s.get("avg_heart_rate")),
            points=_fit_points(mine),
            laps=_fit_laps(my_laps),
            track=_fit_track(mine),
        ))
    return out


def _laps_by_session(laps: list[dict], spans: list[tuple[datetime, datetime | None]]) -> list[list[dict]]:
    """Each session's laps: a lap belongs to the session that started last at or before
    the lap began (a lap that begins as one leg ends is the next leg's)."""
    order = sorted(range(len(spans)), key=lambda n: spans[n][0])
    starts = [spans[n][0] for n in order]
    found: list[list[dict]] = [[] for _ in spans]
    for lap in laps:
        began = lap.get("start_time") or lap.get("timestamp")
        at = bisect_right(starts, began) - 1 if isinstance(began, datetime) else -1
        if at >= 0:
            found[order[at]].append(lap)
    return found


def _fit_laps(laps: list[dict]) -> tuple:
    return laps_of((lap.get("total_distance"), lap.get("total_timer_time")) for lap in laps)


def _fit_track(records: list[dict]) -> tuple:
    """(the watch's distance, seconds since the first such record) of each record with both."""
    timed = [(r["distance"], r["timestamp"]) for r in records
             if isinstance(r.get("distance"), (int, float)) and isinstance(r.get("timestamp"), datetime)]
    if len(timed) < 2:
        return ()
    first = timed[0][1]
    return tuple((float(metres), (moment - first).total_seconds()) for metres, moment in timed)


def _fit_time(value) -> datetime | None:
    """A FIT date_time's raw value as an aware UTC time, as fitdecode's
    DefaultDataProcessor makes it; None for no value or a time since power-on."""
    if isinstance(value, int) and value >= _FIT_TIME_MIN:
        return datetime.fromtimestamp(_FIT_EPOCH_S + value, timezone.utc)
    return None


def _records_by_session(records, spans: list[tuple[datetime, datetime | None]]) -> list[list[dict]]:
    """Each session's records (timed, from its start to its end, in file order), in one
    pass over the records: each goes to the session that started last at or before it,
    if that session has not ended, and to the one before too when it ends at that very
    record (a watch closes a leg and opens the next on the same second). A watch's
    sessions follow one another, so this is every record of each; in a file whose
    sessions overlap, a record is given at most twice, never once per session (800
    sessions over the same 50,000 records held 40 million references and 5.3 GB when
    each session scanned every record)."""
    order = sorted(range(len(spans)), key=lambda n: spans[n][0])
    starts = [spans[n][0] for n in order]
    found: list[list[dict]] = [[] for _ in spans]

    def holds(at: int, t: datetime) -> bool:
        end = spans[order[at]][1]
        return end is None or t <= end

    for r in records:
        t = r.get("timestamp")
        if not isinstance(t, datetime):
            continue
        at = bisect_right(starts, t) - 1
        if at >= 0 and holds(at, t):
            found[order[at]].append(r)
            if at >= 1 and holds(at - 1, t):
                found[order[at - 1]].append(r)
    return found


def _altitude(record):
    value = record.get("enhanced_altitude")
    return value if value is not None else record.get("altitude")


def _fit_points(records) -> tuple:
    points = []
    for r in records:
        lat, lon = r.get("position_lat"), r.get("position_long")
        if isinstance(lat, int) and isinstance(lon, int):
            point = valid_point(lat * _SEMICIRCLE, lon * _SEMICIRCLE)
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


def _fit_from_records(path: Path, records: list[dict], sports, laps: list[dict]) -> Activity:
    times = [r["timestamp"] for r in records if isinstance(r.get("timestamp"), datetime)]
    if not times:
        raise ActivityFileError(path, "no session and no timed records: nothing to import")
    dists = [r["distance"] for r in records if positive(r.get("distance"))]
    names = [n for sub, sport in sports[:1] for n in (*_names(sub), *_names(sport))]
    activity, note = sport_of(*names)
    return Activity(
        path=path, activity=activity, sport_known=note is None, sport_note=note,
        start=as_utc(times[0]),
        distance_m=max(dists) if dists else None,
        moving_s=moving_time(times),
        elapsed_s=(times[-1] - times[0]).total_seconds() or None,
        elevation_gain_m=climb([_altitude(r) for r in records]),
        avg_hr=mean_hr(r.get("heart_rate") for r in records),
        points=_fit_points(records),
        laps=_fit_laps(laps),
        track=_fit_track(records),
    )
