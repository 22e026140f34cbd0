"""activities.read(): what each watch format gives, and how broken files fail."""

from __future__ import annotations

import gzip
from datetime import datetime, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pelican.plugins.running_diary.ingest import watch_files
from pelican.plugins.running_diary.ingest.watch_files import ActivityFileError

from tests.cli.conftest import ACTIVITIES, make_activities

# (file, the scenario it was simulated from)
GOOD = [
    ("run_paused.fit", "run_paused"),
    ("run_paused.gpx", "run_paused"),
    ("run_paused.tcx", "run_paused"),
    ("treadmill_no_gps.fit", "treadmill"),
    ("treadmill_no_gps.tcx", "treadmill"),
    ("ride_no_hr.fit", "ride_no_hr"),
    ("ride_no_hr.gpx", "ride_no_hr"),
    ("walk.gpx", "walk"),
    ("run_two_segments.gpx", "run_paused"),  # the pause as a gap between segments
    ("run_records_only.fit", "run_paused"),  # no session: added up from the records
]


@pytest.mark.parametrize("name,scenario", GOOD)
def test_reads_the_true_values(name, scenario, scenarios, fixture_file):
    truth = scenarios[scenario]
    [act] = watch_files.read(fixture_file(name))
    assert act.start == truth.start.astimezone(timezone.utc)
    assert act.distance_m == pytest.approx(truth.distance_m, rel=0.005)
    assert act.moving_s == pytest.approx(truth.moving_s, abs=15)
    assert act.elevation_gain_m == pytest.approx(truth.gain_m, abs=2)
    assert act.avg_hr == truth.avg_hr
    # A FIT file with no session names no sport: cross, never a guessed run.
    assert act.activity == (truth.sport if name != "run_records_only.fit" else "cross")


@pytest.mark.parametrize("ext", ["fit", "gpx", "tcx"])
def test_moving_time_leaves_out_the_pause(ext, scenarios, fixture_file):
    truth = scenarios["run_paused"]
    [act] = watch_files.read(fixture_file(f"run_paused.{ext}"))
    assert truth.moving_s == 1800 and truth.elapsed_s == 1980
    assert act.moving_s == pytest.approx(1800, abs=15)
    assert act.elapsed_s == pytest.approx(1980, abs=15)
    assert act.moving_s < act.elapsed_s


@pytest.mark.parametrize("name", ["treadmill_no_gps.fit", "treadmill_no_gps.tcx"])
def test_treadmill_without_gps_keeps_distance_and_time(name, fixture_file):
    assert b"Position" not in fixture_file(name).read_bytes() or name.endswith(".fit")
    [act] = watch_files.read(fixture_file(name))
    assert act.distance_m == pytest.approx(6000, rel=0.001)
    assert act.moving_s == pytest.approx(2400, abs=1)
    assert act.activity == "run"


@pytest.mark.parametrize("name", ["ride_no_hr.fit", "ride_no_hr.gpx"])
def test_no_heart_rate_is_none(name, fixture_file):
    [act] = watch_files.read(fixture_file(name))
    assert act.avg_hr is None
    assert act.activity == "cycle"


def test_multisport_fit_gives_one_activity_per_session(scenarios, fixture_file):
    ride, run = watch_files.read(fixture_file("multisport.fit"))  # the transition is left out
    assert (ride.activity, run.activity) == ("cycle", "run")
    assert ride.start == scenarios["brick_ride"].start
    assert run.start == scenarios["brick_run"].start
    assert ride.distance_m == pytest.approx(14400) and run.distance_m == pytest.approx(2700)
    assert ride.moving_s == 1800 and run.moving_s == 900


def test_gpx_and_tcx_carry_the_track_name(fixture_file):
    assert watch_files.read(fixture_file("run_paused.gpx"))[0].name == "Morning Run"
    assert watch_files.read(fixture_file("run_paused.fit"))[0].name is None


def test_tcx_other_sport_is_cross(fixture_file):
    # TCX only knows Running, Biking and Other: "Other" cannot be told apart.
    assert watch_files.read(fixture_file("walk.tcx"))[0].activity == "cross"


BROKEN = {
    "broken_empty.fit": "empty file",
    "broken_empty.gpx": "empty file",
    "broken_empty.tcx": "empty file",
    "broken_truncated.fit": "truncated FIT file",
    "broken_not_a_fit.fit": "not a FIT file",
    "broken_malformed.gpx": "not a valid GPX file",
    "broken_malformed.tcx": "not a valid TCX file",
    "broken_no_points.gpx": "no track points",
}


@pytest.mark.parametrize("name,reason", sorted(BROKEN.items()))
def test_broken_files_fail_with_one_line_naming_the_file(name, reason, fixture_file):
    path = fixture_file(name)
    with pytest.raises(ActivityFileError) as info:
        watch_files.read(path)
    message = str(info.value)
    assert message.startswith(f"{path}: ")
    assert reason in message
    assert "\n" not in message


def test_unknown_extension_and_missing_file(tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(ActivityFileError, match="not an activity file"):
        watch_files.read(tmp_path / "notes.txt")
    with pytest.raises(ActivityFileError, match="No such file"):
        watch_files.read(tmp_path / "gone.fit")
    with pytest.raises(ActivityFileError, match="folder"):
        (tmp_path / "dir.gpx").mkdir()
        watch_files.read(tmp_path / "dir.gpx")


def test_gzipped_files_are_read(tmp_path, fixture_file):
    gz = tmp_path / "run_paused.fit.gz"
    gz.write_bytes(gzip.compress(fixture_file("run_paused.fit").read_bytes()))
    [act] = watch_files.read(gz)
    assert act.distance_m == pytest.approx(5040)
    bad = tmp_path / "bad.gpx.gz"
    bad.write_bytes(b"not gzip at all")
    with pytest.raises(ActivityFileError, match="gzip"):
        watch_files.read(bad)


def test_fit_course_file_is_not_an_activity(tmp_path):
    from fit_tool.fit_file_builder import FitFileBuilder
    from fit_tool.profile.messages.file_id_message import FileIdMessage
    from fit_tool.profile.profile_type import FileType, Manufacturer

    builder = FitFileBuilder(auto_define=True)
    m = FileIdMessage()
    m.type = FileType.COURSE
    m.manufacturer = Manufacturer.GARMIN.value
    m.time_created = 1_700_000_000_000
    builder.add(m)
    path = tmp_path / "course.fit"
    path.write_bytes(builder.build().to_bytes())
    with pytest.raises(ActivityFileError, match="course"):
        watch_files.read(path)


@pytest.mark.parametrize("names,expected", [
    (("running",), "run"), (("treadmill", "running"), "run"), (("generic", "cycling"), "cycle"),
    (("Biking",), "cycle"), (("e-biking",), "cycle"), (("walking",), "walk"), (("hiking",), "hike"),
    (("lap_swimming", "swimming"), "swim"), (("strength_training", "training"), "strength"),
    (("yoga", "training"), "yoga"), (("rowing",), "cross"), (("Other",), "cross"),
    ((None,), "cross"), (("",), "cross"), (("generic",), "cross"), ((), "cross"),
    (("9",), "run"), (("1",), "cycle"), (("4",), "hike"), (("10",), "walk"), (("16",), "swim"),
    (("23",), "cross"), (("Weight Training",), "strength"), (("Trail Run",), "run"),
])
def test_sport_mapping(names, expected):
    assert watch_files.sport_to_activity(*names) == expected


# Any damage to a good file: a clean ActivityFileError or a plausible result, never a crash.

GOOD_FIT = (ACTIVITIES / "run_paused.fit").read_bytes()
GOOD_TCX = (ACTIVITIES / "run_paused.tcx").read_bytes()
GOOD_GPX = (ACTIVITIES / "run_paused.gpx").read_bytes()


def _read_or_error(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    try:
        acts = watch_files.read(path)
    except ActivityFileError as e:
        assert str(e).startswith(str(path)) and "\n" not in str(e)
        return None
    for act in acts:
        assert isinstance(act.start, datetime) and act.start.tzinfo is not None
    return acts


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(min_value=0, max_value=len(GOOD_FIT) - 1))
def test_any_truncated_fit_is_an_error(tmp_path, cut):
    # The CRC at the end is missing, so no prefix may pass as a whole activity.
    assert _read_or_error(tmp_path, "cut.fit", GOOD_FIT[:cut]) is None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pos=st.integers(min_value=0, max_value=len(GOOD_FIT) - 1), byte=st.integers(0, 255))
def test_a_flipped_fit_byte_is_caught(tmp_path, pos, byte):
    data = bytearray(GOOD_FIT)
    if data[pos] == byte:
        return
    data[pos] = byte
    assert _read_or_error(tmp_path, "flip.fit", bytes(data)) is None


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(which=st.sampled_from(["x.gpx", "x.tcx"]), cut=st.floats(0, 1))
def test_truncated_xml_never_crashes(tmp_path, which, cut):
    data = GOOD_GPX if which == "x.gpx" else GOOD_TCX
    _read_or_error(tmp_path, which, data[: int(len(data) * cut)])


@pytest.mark.slow
def test_committed_fixtures_match_the_generator():
    """The committed files are what make_activities.py writes (it is deterministic)."""
    built = make_activities.build()
    committed = {p.name for p in ACTIVITIES.iterdir()}
    assert committed == set(built)
    for name, data in built.items():
        assert (ACTIVITIES / name).read_bytes() == data, f"{name}: regenerate the fixtures"
