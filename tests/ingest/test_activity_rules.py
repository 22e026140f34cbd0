"""One activity per activity: GPX tracks and segments, TCX activities, fragments,
files without timestamps, the sport never guessed, the climb smoothed."""

from __future__ import annotations

import gzip
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from pelican.plugins.running_diary.ingest import watch_files

from tests.fixtures import make_activities, make_exports

START = datetime(2024, 5, 6, 6, 0, tzinfo=timezone.utc)


def length(points) -> float:
    from pelican.plugins.running_diary.core.routes import length_m

    return length_m([(lat, lon) for lat, lon, _, _ in points])


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("tracks,segments", [(1, 1), (1, 4), (3, 1), (2, 3)])
def test_every_track_and_segment_of_a_gpx_is_one_activity(tmp_path, tracks, segments):
    points = make_exports.loop(START, km=6)
    whole = watch_files.read(write(tmp_path, "one.gpx", make_exports.gpx(points)))[0]
    [act] = watch_files.read(write(tmp_path, "split.gpx", make_exports.gpx(
        points, tracks=tracks, segments=segments)))
    assert act.start == whole.start == START
    # The gaps between pieces are not counted: the distance is a few steps short at most.
    assert act.distance_m == pytest.approx(whole.distance_m, abs=20 * tracks * segments)
    assert act.moving_s == pytest.approx(whole.moving_s, abs=5 * tracks * segments)
    assert len(act.points) == len(points)


def test_a_pause_between_segments_is_not_moving_time(tmp_path):
    first = make_exports.loop(START, km=3)
    later = [(lat, lon, t + timedelta(minutes=10), e) for lat, lon, t, e in make_exports.loop(
        first[-1][2], km=3)]
    data = make_exports.gpx(first + later, segments=2)
    [act] = watch_files.read(write(tmp_path, "paused.gpx", data))
    moving = (first[-1][2] - first[0][2]) + (later[-1][2] - later[0][2])
    assert act.moving_s == pytest.approx(moving.total_seconds(), abs=10)
    assert act.elapsed_s > act.moving_s + 590


def test_a_tcx_with_several_activities_gives_several(tmp_path):
    a = make_exports.loop(START, km=5)
    b = make_exports.loop(START + timedelta(hours=5), km=3)
    found = watch_files.read(write(tmp_path, "two.tcx", make_exports.tcx(a, b)))
    assert [x.start for x in found] == [START, START + timedelta(hours=5)]
    assert [x.activity for x in found] == ["run", "run"]
    assert found[0].distance_m == pytest.approx(length(a), rel=0.01)


def test_fragments_are_dropped_with_a_line(tmp_path):
    real = make_exports.loop(START, km=5)
    blip = make_exports.loop(START + timedelta(hours=3), km=0.05)  # 50 m in 17 s
    reading = watch_files.read_file(write(tmp_path, "blip.tcx", make_exports.tcx(real, blip)))
    assert [a.start for a in reading.activities] == [START]
    [line] = reading.notes
    assert re.match(r"dropped a fragment of \d\d m in 0:\d\d at 2024-05-06T09:00:00 UTC: "
                    r"under 200 m or 60 s", line), line


def test_a_fit_fragment_session_is_dropped(tmp_path):
    data = make_activities.fit_session(START, distance_m=120, timer_s=40)
    reading = watch_files.read_file(write(tmp_path, "oops.fit", data))
    assert reading.activities == [] and "dropped a fragment of 120 m in 0:40" in reading.notes[0]


def test_a_file_without_timestamps_gives_its_distance_and_no_time(tmp_path):
    points = make_exports.loop(START, km=4)
    [act] = watch_files.read(write(tmp_path, "drawn.gpx", make_exports.gpx(points, times=False)))
    assert act.start is None and act.moving_s is None
    assert act.distance_m == pytest.approx(length(points), rel=0.01)


@pytest.mark.parametrize("kind,expected,note", [
    ("running", "run", None), ("9", "run", None), ("1", "cycle", None), ("10", "walk", None),
    (None, "cross", "names no sport"), ("generic", "cross", "names no sport"),
    ("rowing", "cross", "'rowing' is none of the diary's activities"),
])
def test_the_sport_is_the_files_and_never_a_guessed_run(tmp_path, kind, expected, note):
    data = make_exports.gpx(make_exports.loop(START, km=3), kind=kind)
    [act] = watch_files.read(write(tmp_path, "x.gpx", data))
    assert act.activity == expected
    assert (act.sport_note is None) if note is None else (note in act.sport_note)


def test_climb_has_a_5_m_hysteresis():
    flat_noise = [20 + (i % 3) for i in range(500)]  # GPS wobbling 2 m: no climb
    assert watch_files.climb(flat_noise) == 0
    two_hills = [20 + 10 * abs(((i % 200) - 100) / 100) for i in range(401)]
    assert watch_files.climb(two_hills) == pytest.approx(20, abs=0.5)
    steps = [0, 4, 0, 4, 0, 4, 0]  # 4 m wobbles: under the threshold
    assert watch_files.climb(steps) == 0


def test_the_devices_own_total_ascent_wins(tmp_path):
    data = make_activities.fit_session(START, distance_m=8000, timer_s=2400, total_ascent=123)
    [act] = watch_files.read(write(tmp_path, "baro.fit", data))
    assert act.elevation_gain_m == 123


def test_fit_positions_become_the_route_points(fixture_file):
    [act] = watch_files.read(fixture_file("run_paused.fit"))
    lat, lon = act.points[0]
    assert lat == pytest.approx(make_activities.LAT0, abs=1e-5)
    assert lon == pytest.approx(make_activities.LON0, abs=1e-5)
    [treadmill] = watch_files.read(fixture_file("treadmill_no_gps.fit"))
    assert treadmill.points == ()


def test_a_gzipped_member_is_read_from_bytes(tmp_path):
    data = gzip.compress(make_exports.gpx(make_exports.loop(START, km=3)))
    reading = watch_files.read_data(Path("export.zip/activities/1.gpx.gz"), data)
    assert reading.activities[0].start == START
