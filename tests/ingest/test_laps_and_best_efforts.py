"""What the readers give an import of a watch's laps and a run's best efforts: checked on
real files (tests/fixtures/real/, see its LICENSE-NOTE.md) against the files' own figures,
read here with the format libraries directly, and against a brute force over the track."""

from __future__ import annotations

import pickle
import xml.etree.ElementTree as ET
from bisect import bisect_left, bisect_right
from pathlib import Path

import fitdecode
import gpxpy
import pytest

from pelican.plugins.running_diary.core.reps import Rep
from pelican.plugins.running_diary.core import specs
from pelican.plugins.running_diary.ingest import watch_files
from pelican.plugins.running_diary.ingest.best_efforts import DISTANCES_M, clean

FIXTURES = Path(__file__).parents[1] / "fixtures"
REAL_FIT = FIXTURES / "real" / "fenix2-run.fit"
REAL_GPX = FIXTURES / "real" / "cerknicko-jezero.gpx"


def brute_force(track, length, grid_m=1.0):
    """The fastest `length` metres: T_reach(s + length) - T_leave(s) for every start s on a
    1 m grid and at every fix (and every fix minus length), where T_leave is the latest time
    the track is at a distance and T_reach the earliest, both interpolated between fixes."""
    dists = [d for d, _ in track]
    times = [t for _, t in track]

    def leave(d):  # the last fix at or before d, then on to the next
        i = bisect_right(dists, d) - 1
        if i == len(dists) - 1 or dists[i] == d:
            return times[i]
        return times[i] + (times[i + 1] - times[i]) * (d - dists[i]) / (dists[i + 1] - dists[i])

    def reach(d):  # the first fix at or past d, coming from the one before
        j = bisect_left(dists, d)
        if j == 0 or dists[j] == d:
            return times[j]
        return times[j - 1] + (times[j] - times[j - 1]) * (d - dists[j - 1]) / (dists[j] - dists[j - 1])

    last = dists[-1] - length
    if last < dists[0]:
        return None
    starts = {dists[0] + n * grid_m for n in range(int((last - dists[0]) / grid_m) + 1)}
    starts |= {d for d in dists if d <= last} | {d - length for d in dists if dists[0] <= d - length}
    starts.add(last)
    return min(reach(s + length) - leave(s) for s in starts)


def expected_efforts(track, moving_s):
    found = {}
    for name, length in DISTANCES_M.items():
        seconds = brute_force(track, length)
        if seconds is not None and round(seconds) <= moving_s:
            found[name] = round(seconds)
    return found


def test_a_real_fit_runs_best_efforts_agree_with_a_brute_force_over_its_records():
    """The Fenix 2's own distance and time of each record, read here with fitdecode: a
    9,008 m run, so a 1 km and a 5 km and nothing longer."""
    track, moving = [], None
    with fitdecode.FitReader(str(REAL_FIT)) as reader:
        for frame in reader:
            if frame.frame_type != fitdecode.FIT_FRAME_DATA:
                continue
            if frame.name == "record" and frame.has_field("distance") and frame.has_field("timestamp"):
                distance, at = frame.get_value("distance"), frame.get_value("timestamp")
                if distance is not None and at is not None:
                    track.append((float(distance), at))
            elif frame.name == "session":
                moving = frame.get_value("total_timer_time")
    first = track[0][1]
    track = [(d, (at - first).total_seconds()) for d, at in track]
    assert clean(track) == track  # a watch's distance: no glitch to take out
    [run] = watch_files.read(REAL_FIT)
    assert run.activity == "run" and moving == 2832.0
    want = expected_efforts(track, moving)
    assert set(want) == {"1 km", "5 km"}
    assert dict(run.best_efforts) == want
    # Beside the whole run: 9,008 m in 2,832 s is 314 s/km; the best 1 km (246 s) and
    # 5 km (1,304 s, 261 s/km) are faster, as a run's best stretches are.
    assert want["1 km"] < 314 and want["5 km"] / 5 < 314


def test_a_real_gpx_tracks_best_effort_agrees_with_a_brute_force_over_its_points():
    """gpxpy's own 2-D distance between the points of each segment (the gaps between
    segments add nothing), read here directly. The file holds two real glitches: steps of
    184 m in 2 s and 173 m in 15 s, faster than 10.5 m/s and longer than 50 m; they add no
    distance, as the import's cleaning says."""
    gpx = gpxpy.parse(REAL_GPX.read_text())
    track, metres, first, glitches = [], 0.0, None, 0
    for segment in (s for t in gpx.tracks for s in t.segments):
        before = None
        for point in segment.points:
            if before is not None:
                step = point.distance_2d(before)
                seconds = (point.time - before.time).total_seconds()
                if step > 50 and step > 10.5 * seconds:
                    glitches += 1
                else:
                    metres += step
            first = first or point.time
            track.append((metres, (point.time - first).total_seconds()))
            before = point
    assert glitches == 2
    [walk] = watch_files.read(REAL_GPX)
    assert walk.activity == "cross" and not walk.sport_known  # no sport named: worked out anyway
    want = expected_efforts(track, walk.moving_s)
    assert set(want) == {"1 km"}  # 4.4 km once cleaned: no 5 km
    assert dict(walk.best_efforts) == want


def test_cleaning_takes_out_a_gps_spike_and_a_watchs_jump_by_hand():
    # A fix 200 m off the line and back in 1 s each: both steps are glitches (200 m in 1 s
    # > 10.5 m/s and > 50 m); the 3 m a second around them is kept.
    spike = [(0, 0), (3, 1), (203, 2), (406, 3), (409, 4)]
    assert clean(spike) == [(0, 0), (3, 1), (3, 2), (3, 3), (6, 4)]
    # A watch whose distance jumps 500 m in one second and keeps it: 500 m taken off after.
    jump = [(0, 0), (100, 30), (600, 31), (700, 61)]
    assert clean(jump) == [(0, 0), (100, 30), (100, 31), (200, 61)]
    # 40 m in 1 s is fast, but no step under 50 m is a glitch; a fix whose time goes back is left out.
    assert clean([(0, 0), (40, 1), (50, 0.5), (80, 11)]) == [(0, 0), (40, 1), (80, 11)]


def test_the_laps_of_a_real_fit_are_its_lap_messages():
    with fitdecode.FitReader(str(REAL_FIT)) as reader:
        in_file = [(f.get_value("total_distance"), f.get_value("total_timer_time")) for f in reader
                   if f.frame_type == fitdecode.FIT_FRAME_DATA and f.name == "lap"]
    [run] = watch_files.read(REAL_FIT)
    assert [(lap.distance_m, lap.time_s) for lap in run.laps] == in_file
    assert len(in_file) == 4
    # Written as the import writes them: each distance in km to 2 places, each time in whole
    # seconds: 270 s = 4:30; 836 s = 13:56; 758 s = 12:38; 965.98 s rounds to 966 = 16:06.
    assert specs.get("training").inputs["laps"].write(run.laps, "km") == [
        {"distance": "0.85 km", "time": "4:30"}, {"distance": "2.99 km", "time": "13:56"},
        {"distance": "2.98 km", "time": "12:38"}, {"distance": "2.19 km", "time": "16:06"}]


def test_the_laps_of_a_tcx_are_its_lap_elements():
    path = FIXTURES / "activities" / "run_paused.tcx"
    ns = {"t": "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"}
    in_file = [(float(lap.findtext("t:DistanceMeters", namespaces=ns)),
                float(lap.findtext("t:TotalTimeSeconds", namespaces=ns)))
               for lap in ET.parse(path).getroot().iterfind(".//t:Lap", ns)]
    [run] = watch_files.read(path)
    assert [(lap.distance_m, lap.time_s) for lap in run.laps] == in_file == [(2520.0, 900.0)] * 2
    # Both laps 2.52 km: the one-line form, 900 s = 15:00 each.
    assert specs.get("training").inputs["laps"].write(run.laps, "km") == "2 x 2.52 km in 15:00, 15:00"


def test_a_single_lap_is_no_laps_and_a_gpx_has_none():
    """The generated FIT has no lap message; a one-lap file's lap is the activity itself."""
    from pelican.plugins.running_diary.ingest.activity import laps_of

    assert laps_of([(5000.0, 1500.0)]) == ()
    assert laps_of([(1000.0, 300.0), (1000.0, 0.0), (None, 60.0)]) == (
        Rep(distance_m=1000.0, time_s=300.0), Rep(distance_m=None, time_s=60.0))  # a lap of 0 s left out
    assert watch_files.read(FIXTURES / "activities" / "run_paused.gpx")[0].laps == ()


@pytest.mark.parametrize("name", ["fenix2-run.fit", "cerknicko-jezero.gpx"])
def test_the_track_never_leaves_the_reader(name):
    """Only the figures travel back from a worker: the track is dropped where it was read."""
    reading = watch_files.read_file(FIXTURES / "real" / name)
    [act] = reading.activities
    assert act.track == () and act.best_efforts
    assert len(pickle.dumps(act.best_efforts)) < 200


def test_a_ride_gets_no_best_efforts():
    [ride] = watch_files.read(FIXTURES / "activities" / "ride_no_hr.gpx")
    assert ride.activity == "cycle" and ride.best_efforts == ()
