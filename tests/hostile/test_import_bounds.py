"""Imports bounded in memory and time (issue 19): the attacker's three small files, each
refused with a line naming it in under 10 s of CPU and 300 MiB, measured in the import's
own process; and the caps behind them, each shown at a small size.

| attack (before the fix, on b678e2a)                     | now                                  |
|---------------------------------------------------------|--------------------------------------|
| 4.1 MB zip of 21 inner zips of 200 MB: 4.2 GB, 57 s     | inner zips one at a time, 2 GB cap   |
| 0.7 MB FIT, 800 sessions x 50,000 records: 5.3 GB, 98 s | 100 sessions a file, one pass        |
| 62 MB GPX of 2,000,000 points: 1.8 GB, 53 s             | 150,000 points a file, counted first |
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import pytest

from pelican.plugins.running_diary.ingest import activity, fit, sources, watch_files
from tests.fixtures import make_exports, make_hostile
from tests.hostile.conftest import gpx_at
from tests.hostile.test_cli_hostile import measured



@pytest.fixture(scope="module")
def attacks(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("attacks")
    make_hostile.nested_zip_bomb(folder / "export.zip")
    (folder / "sessions.fit").write_bytes(make_hostile.fit_overlapping_sessions())
    (folder / "points.gpx").write_bytes(make_hostile.gpx_points())
    return {path.name: path for path in folder.iterdir()}


@pytest.mark.slow
@pytest.mark.parametrize("name, status, line", [
    # 10 inner zips (2,000 MB) fit under the cap and their "FIT files" of zeros are
    # skipped as not FIT; the 11th and later are refused, unread.
    ("export.zip", 0, "export.zip/DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part11.zip: "
                      "past the cap of 2,048 MB one import reads in all (1,907 MB read before it); "
                      "not read (import it in another run)"),
    ("sessions.fit", 2, "sessions.fit: more than 100 sessions in one FIT file: not a watch's "
                        "recording; refused"),
    ("points.gpx", 2, "points.gpx: more than 150,000 points (a point a second for 41 hours): not "
                      "an activity a watch records; refused"),
])
def test_the_attackers_files_are_refused_in_bounded_time_and_memory(empty_site_folder, attacks, name, status, line):
    assert attacks[name].stat().st_size < 100e6
    done, peak_mb, cpu_s = measured("import", str(attacks[name]), "--dry-run")
    assert done.returncode == status, done.stderr
    assert f"{attacks[name].parent}/{line}" in done.stderr
    assert cpu_s < 10
    assert peak_mb < 300  # MiB (ru_maxrss / 1024)
    print(f"{name}: {cpu_s:.1f} s of CPU, peak {peak_mb:.0f} MiB")


@pytest.mark.slow
def test_sessions_are_matched_to_records_in_one_pass(empty_site_folder, tmp_path):
    # 100 sessions (the cap) that each claim the same 50,000 records: each record is
    # given to two sessions at most (the last started, and the one before it when that
    # ends on the record's second). Scanning the records once per session, as before,
    # held 100 x 50,000 points (over 500 MB) and took a scan per session.
    path = tmp_path / "overlap.fit"
    path.write_bytes(make_hostile.fit_overlapping_sessions(sessions=100))
    done, peak_mb, cpu_s = measured("import", str(path), "--dry-run")
    assert done.returncode == 0, done.stderr
    assert peak_mb < 300 and cpu_s < 10
    reading = watch_files.read_file(path)
    assert len(reading.activities) == 100
    assert reading.points == 2 * 50_000  # not 100 x 50,000
    assert sorted(len(act.points) for act in reading.activities) == [0] * 98 + [50_000] * 2


@pytest.mark.slow
def test_a_multisport_file_still_gives_each_session_its_own_records():
    # The brick (a ride, 120 s of transition, a run): the one pass gives each session
    # the records a scan per session gave, those timed from its start to its end.
    import fitdecode

    data = make_exports.garmin_files()["DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip"]
    brick = zipfile.ZipFile(io.BytesIO(data)).read("runner@example.org_1003.fit")
    records, spans = [], []
    with fitdecode.FitReader(io.BytesIO(brick)) as reader:
        for frame in reader:
            if frame.frame_type != fitdecode.FIT_FRAME_DATA:
                continue
            if frame.name == "record" and frame.get_value("position_lat") is not None:
                records.append(frame.get_value("timestamp"))
            elif frame.name == "session" and frame.get_value("sport") != "transition":
                spans.append((frame.get_value("start_time"), frame.get_value("timestamp")))
    ride, run = fit.read(Path("brick.fit"), brick)
    assert (ride.activity, run.activity) == ("cycle", "run")
    expected = [sum(start <= t <= end for t in records) for start, end in spans]
    assert [len(ride.points), len(run.points)] == expected
    assert min(expected) > 50  # a point each 20 s: 181 in the hour's ride, 91 in the run


def test_a_fit_file_with_too_many_sessions_or_records_is_refused_as_they_are_read(monkeypatch):
    path = Path("many.fit")
    data = make_hostile.fit_overlapping_sessions(sessions=4, records=20)
    assert len(fit.read(path, data)) == 4
    monkeypatch.setattr(fit, "MAX_SESSIONS", 3)
    with pytest.raises(watch_files.ActivityFileError, match="^many.fit: more than 3 sessions in one FIT"):
        fit.read(path, data)
    monkeypatch.setattr(fit, "MAX_SESSIONS", 100)
    monkeypatch.setattr(fit, "MAX_POINTS", 19)
    monkeypatch.setattr(activity, "MAX_POINTS", 19)
    with pytest.raises(watch_files.ActivityFileError, match="^many.fit: more than 19 records"):
        fit.read(path, data)


@pytest.mark.parametrize("suffix", [".gpx", ".tcx"])
def test_xml_points_are_counted_before_a_parser_builds_them(monkeypatch, suffix):
    start = datetime(2024, 4, 14, 6, 0, tzinfo=timezone.utc)
    if suffix == ".gpx":
        data = gpx_at(start, minutes=20)  # a point each 10 s: 121
        points = data.count(b"<trkpt ")
    else:
        data = make_exports.tcx(make_exports.loop(start, km=1))
        points = data.count(b"<Trackpoint>")
    assert points > 100
    path = Path("run" + suffix)
    monkeypatch.setattr(activity, "MAX_POINTS", points)
    assert watch_files.read_data(path, data).activities  # at the cap: read
    monkeypatch.setattr(activity, "MAX_POINTS", points - 1)
    with pytest.raises(watch_files.ActivityFileError,
                       match=f"^run{suffix}: more than {points - 1:,} points"):
        watch_files.read_data(path, data)


@pytest.mark.parametrize("suffix", [".gpx", ".tcx"])
def test_an_xml_file_heavier_than_its_points_could_make_it_is_refused_unparsed(monkeypatch, suffix):
    # A description of 150 MB in a GPX of two points took gpxpy 10 s and 430 MB more.
    data = gpx_at(datetime(2024, 4, 14, 6, 0, tzinfo=timezone.utc), minutes=1)
    monkeypatch.setattr(activity, "MAX_XML_BYTES", len(data) - 1)
    with pytest.raises(watch_files.ActivityFileError,
                       match=f"^run{suffix}: 0 MB, more than the 0 MB a GPX or TCX file may weigh"):
        watch_files.read_data(Path("run" + suffix), data)


def _folder_of_runs(root: Path, count: int) -> Path:
    root.mkdir()
    for day in range(1, count + 1):
        start = datetime(2024, 4, day, 6, 0, tzinfo=timezone.utc)
        (root / f"run{day:02d}.gpx").write_bytes(gpx_at(start, minutes=10))
    return root


def _read(paths) -> list[tuple[str, object]]:
    with sources.expand(paths) as found:
        return [(Path(source.label).name, reading)
                for source, reading in sources.read_all(found.sources, None, found.budget)]


def test_past_the_import_byte_cap_each_file_left_is_refused_with_its_name(tmp_path, monkeypatch):
    folder = _folder_of_runs(tmp_path / "watch", 4)
    size = (folder / "run01.gpx").stat().st_size  # all four are the same size
    monkeypatch.setattr(sources, "MAX_IMPORT_BYTES", 2 * size + size // 2)  # room for two and a half
    results = _read([folder])
    assert [type(r).__name__ for _, r in results] == ["Reading", "Reading", "ActivityFileError",
                                                     "ActivityFileError"]
    assert str(results[2][1]) == (f"{folder}/run03.gpx: past the cap of 0 MB one import reads in "
                                  "all (0 MB read before it); not read (import it in another run)")


def test_past_the_import_byte_cap_an_inner_zip_is_not_opened(tmp_path, monkeypatch):
    path = make_hostile.nested_zip_bomb(tmp_path / "export.zip", inner=3, members=2,
                                        member_bytes=1_000_000)
    inner_size = zipfile.ZipFile(path).infolist()[0].file_size  # 2 MB and a few headers
    monkeypatch.setattr(sources, "MAX_IMPORT_BYTES", 2 * inner_size + 1_500_000)
    with sources.expand([path]) as found:
        assert [Path(s.label).name for s in found.sources] == ["runner@example.org_0.fit",
                                                               "runner@example.org_1.fit"] * 2
        assert found.skipped == [f"{path}/DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part3.zip: "
                                 "past the cap of 5 MB one import reads in all (3 MB read before it); "
                                 "not read (import it in another run)"]
        results = [r for _, r in sources.read_all(found.sources, None, found.budget)]
    # The first member (1 MB) fits in the 1.5 MB left; the rest are refused unread.
    assert "not a FIT file" in str(results[0])
    assert all("past the cap" in str(r) for r in results[1:])


def test_inner_zips_are_read_one_at_a_time(tmp_path, monkeypatch):
    path = make_hostile.nested_zip_bomb(tmp_path / "export.zip", inner=3, members=2,
                                        member_bytes=1_000_000)
    opened, closed = [], []
    real_open = sources._open_inner

    def spy(archive, info, label):
        inner, spool = real_open(archive, info, label)
        opened.append(info.filename)
        real_close = spool.close

        def close():
            closed.append(info.filename)
            real_close()
        spool.close = close
        return inner, spool

    monkeypatch.setattr(sources, "_open_inner", spy)
    with sources.expand([path]) as found:
        # Each inner zip is opened to list it and closed before the next is opened.
        assert len(opened) == 3 and closed == opened
        for n, source in enumerate(found.sources):
            source.payload()
            assert len(opened) - len(closed) == 1  # only the one being read is open
        assert len(opened) == 6  # each inner zip opened once more, for its two members
    assert closed == opened


def test_past_the_import_point_cap_a_file_is_refused_with_its_name(tmp_path, monkeypatch):
    folder = _folder_of_runs(tmp_path / "watch", 3)
    monkeypatch.setattr(sources, "MAX_IMPORT_POINTS", 2 * 61)  # a 10-minute run: a point each 10 s, 61
    results = _read([folder])
    assert [r.points for _, r in results[:2]] == [61, 61]
    assert str(results[2][1]) == (f"{folder}/run03.gpx: past the cap of 122 GPS points one "
                                  "import reads in all (122 read before it); not imported "
                                  "(import it in another run)")
