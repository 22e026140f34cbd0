"""`diary import` of whole exports: Strava's and Garmin Connect's layouts, folders,
gzipped files; posts per week, day, month or activity; re-runs that add nothing;
and the privacy rule measured on the routes it writes."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from pelican.plugins.running_diary.cli import main as cli
from pelican.plugins.running_diary.ingest import watch_files
from pelican.plugins.running_diary.core import frontmatter, privacy, routes
from pelican.plugins.running_diary.core.settings import Zone

from tests.fixtures import make_activities, make_exports


def run(capsys, *argv):
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def posts() -> list[Path]:
    return sorted(Path("content").rglob("*.md"))


def front(path: Path) -> dict:
    return frontmatter.load(frontmatter.split(path.read_text()).front_matter)


def all_entries() -> list[dict]:
    return [e for p in posts() for e in front(p).get("training", [])]


SALT = "a test salt, not secret at all"


def set_privacy(trim_m: float, zones: list[dict]) -> None:
    """trim_m in pelicanconf.py; the zones, and a salt, in private.toml beside it."""
    conf = Path("pelicanconf.py")
    text = conf.read_text()
    new = f'"privacy": {{"trim_m": {trim_m}}},'
    conf.write_text(text.replace('"privacy": {"trim_m": 200},', new))
    assert new in conf.read_text()
    Path("private.toml").write_text(f'salt = "{SALT}"\n' + "".join(
        f"[[zones]]\nlat = {z['lat']}\nlon = {z['lon']}\nradius_m = {z['radius_m']}\n" for z in zones))


@pytest.fixture
def strava_zip(empty_site_folder) -> Path:
    return make_exports.write_zip(empty_site_folder / "export_12345.zip", make_exports.strava_files())


# --- Strava -------------------------------------------------------------------------------------

@pytest.mark.parametrize("form", ["zip", "folder"])
def test_a_strava_export_becomes_a_post_a_week(empty_site_folder, capsys, form):
    files = make_exports.strava_files()
    path = (make_exports.write_zip(empty_site_folder / "export.zip", files) if form == "zip"
            else make_exports.write_folder(empty_site_folder / "export_12345", files))
    status, out, err = run(capsys, "import", str(path))
    assert status == 0, err
    written = [Path(line) for line in out.split()]
    assert written == posts() and len(written) == 2  # 15-17 April, then 24-25 April
    first, second = (front(p) for p in written)
    assert first["title"] == "2 sessions, 15 April 2024 to 17 April 2024"
    assert [e["activity"] for e in first["training"]] == ["run", "cycle"]  # <type>1</type>: a ride
    # activities.csv fills in what the files lack: the gear, and the sport of a GPX without one
    assert first["training"][0]["shoes"] == "Pegasus 40"
    assert [e["activity"] for e in second["training"]] == ["walk", "hike"]  # TCX "Other" + CSV
    # names and descriptions in the body, as words: never HTML or a link
    body = written[0].read_text().split("\n---\n", 1)[1]
    assert "**Easy loop** (run, 15 April 2024): Calves &lt;b&gt;tight&lt;/b&gt; from the start" in body
    assert "\\[for miles\\]" in written[1].read_text()
    assert "1 activity in activities.csv has no file" in err
    assert "profile.csv" not in err and "photo.jpg" not in err  # not activity files: not named
    # Every activity of the export starts at one front door: the publish build (and so
    # `diary check`) refuses until a private zone hides it; `privacy suggest` says which.
    status, out, _ = run(capsys, "check")
    assert status == 1 and "routes begin or end near one place that no private zone covers" in out
    assert run(capsys, "privacy", "init")[0] == 0
    status, zone, _ = run(capsys, "privacy", "suggest")
    assert status == 0 and "[[zones]]" in zone
    Path("private.toml").write_text(Path("private.toml").read_text() + zone)
    assert run(capsys, "check")[0] == 0
    # again: nothing added, nothing rewritten
    before = {p: p.read_bytes() for p in posts()}
    status, out, err = run(capsys, "import", str(path))
    assert status == 0 and out == "" and "nothing new to import" in err
    assert {p: p.read_bytes() for p in posts()} == before


@pytest.mark.parametrize("per,count", [("activity", 4), ("day", 4), ("week", 2), ("month", 1)])
def test_posts_per_activity_day_week_or_month(strava_zip, capsys, per, count):
    status, out, err = run(capsys, "import", str(strava_zip), "--per", per)
    assert status == 0, err
    assert len(posts()) == count and len(all_entries()) == 4


def test_an_authors_post_is_never_touched_unless_named(strava_zip, capsys):
    mine = Path("content/2024/2024-04-15-easy-loop.md")
    mine.parent.mkdir(parents=True)
    mine.write_text("---\ntitle: Mine\ndate: 2024-04-15\n---\n\nmy words\n")
    status, out, err = run(capsys, "import", str(strava_zip), "--per", "activity")
    assert status == 0, err
    assert mine.read_text() == "---\ntitle: Mine\ndate: 2024-04-15\n---\n\nmy words\n"
    assert Path("content/2024/2024-04-15-easy-loop-2.md").exists()  # numbered beside it
    # named with --post, it takes what is new (nothing: all logged already)
    status, out, err = run(capsys, "import", str(strava_zip), "--post", str(mine))
    assert status == 0 and "nothing new" in err and "my words" in mine.read_text()


def test_a_bad_file_in_an_export_is_skipped_with_a_line(empty_site_folder, capsys):
    files = make_exports.strava_files()
    files["activities/66666.fit"] = b"\x0e\x10 not really a FIT file at all"
    files["activities/77777.gpx.gz"] = b"not gzip"
    make_exports.write_zip(empty_site_folder / "export.zip", files)
    status, out, err = run(capsys, "import", "export.zip")
    assert status == 0, err
    assert "skipped export.zip/activities/66666.fit: not a FIT file" in err
    assert "skipped export.zip/activities/77777.gpx.gz: not a valid gzip file" in err
    assert "read 6 files: 4 activities, 2 files skipped" in err
    assert len(all_entries()) == 4


def test_a_member_past_the_cap_is_skipped_unread(empty_site_folder, capsys, monkeypatch):
    monkeypatch.setattr(watch_files, "MAX_BYTES", 200_000)
    files = make_exports.strava_files()
    files["activities/88888.gpx"] = b"<gpx>" + b" " * 250_000 + b"</gpx>"
    files["activities/99999.gpx.gz"] = gzip.compress(b"<gpx>" + b" " * 2_500_000 + b"</gpx>")
    make_exports.write_zip(empty_site_folder / "export.zip", files)
    status, out, err = run(capsys, "import", "export.zip")
    assert status == 0, err
    assert "skipped export.zip/activities/88888.gpx: the archive says it expands to" in err
    assert "skipped export.zip/activities/99999.gpx.gz: a gzip file that expands to more than" in err
    assert len(all_entries()) == 4  # the others are read


def many_files() -> dict[str, bytes]:
    """A Strava export of 22 activities (FIT, GPX, TCX, some gzipped), with three
    members that cannot be read, one of them refused before any worker sees it
    (with MAX_BYTES at 200,000)."""
    from datetime import timedelta

    files, rows = {}, []
    for n in range(22):
        when = make_exports.START + timedelta(hours=20 * n)
        kind = ("fit", "gpx", "tcx")[n % 3]
        if kind == "fit":
            scenario = make_activities.Scenario(
                name=f"a{n}", sport="run", start=when, legs=(make_activities.Leg(600 + n, 3.0),))
            data = make_activities.fit(scenario)
        else:
            points = make_exports.loop(when, km=1 + n / 10)
            data = make_exports.gpx(points) if kind == "gpx" else make_exports.tcx(points)
        name = f"activities/{1000 + n}.{kind}" + (".gz" if n % 2 else "")
        files[name] = gzip.compress(data, mtime=0) if n % 2 else data
        rows.append({"Activity ID": str(1000 + n), "Activity Date": make_exports.strava_date(when),
                     "Activity Name": f"Run {n}", "Activity Type": "Run", "Filename": name})
    files["activities/0999.fit"] = b"not a FIT file, first of all"
    files["activities/9000.gpx"] = b"<gpx>" + b" " * 250_000 + b"</gpx>"  # over the cap: not loaded
    files["activities/1099.tcx.gz"] = b"not gzip, last of all"
    files["activities.csv"] = make_exports.strava_csv(rows)
    return files


@pytest.mark.slow
@pytest.mark.parametrize("batch_files,batch_bytes", [(8, 4_000_000), (3, 1)])
def test_the_pool_reads_what_one_process_reads_in_the_same_order(empty_site_folder, capsys, monkeypatch,
                                                                 batch_files, batch_bytes):
    """Read by the workers in batches (of 8, of 3, or one member a batch when its bytes
    fill one), the import says the same lines in the same order and writes the same
    posts as when one process reads every file."""
    from concurrent.futures import ProcessPoolExecutor

    from pelican.plugins.running_diary.ingest import sources

    monkeypatch.setattr(watch_files, "MAX_BYTES", 200_000)
    monkeypatch.setattr(sources.os, "cpu_count", lambda: 2)  # the pool, even on one core
    make_exports.write_zip(empty_site_folder / "export.zip", many_files())
    submitted = []
    submit = ProcessPoolExecutor.submit
    monkeypatch.setattr(ProcessPoolExecutor, "submit",
                        lambda pool, fn, *a: submitted.append(len(a[0])) or submit(pool, fn, *a))

    def imported(content: str) -> tuple[str, dict]:
        Path(content).mkdir()
        status, out, err = run(capsys, "import", "export.zip", "--content", content)
        assert status == 0, err
        return err, {p.relative_to(content): p.read_bytes() for p in Path(content).rglob("*.md")}

    monkeypatch.setattr(sources, "POOL_FROM", 10 ** 6)
    alone = imported("alone")
    assert submitted == []
    monkeypatch.setattr(sources, "POOL_FROM", 16)
    monkeypatch.setattr(sources, "BATCH_FILES", batch_files)
    monkeypatch.setattr(sources, "BATCH_BYTES", batch_bytes)
    pooled = imported("pooled")
    # by bytes, each batch has one loaded member (the refused one, loaded as nothing,
    # goes with the next)
    assert sum(submitted) == 25 and max(submitted) == (batch_files if batch_bytes > 1 else 2)
    assert pooled == alone
    err = alone[0]
    assert err.index("0999.fit: not a FIT file") < err.index("9000.gpx: the archive says it expands")
    assert err.index("9000.gpx") < err.index("1099.tcx.gz: not a valid gzip file")
    assert "read 25 files: 22 activities, 3 files skipped" in err
    assert len(alone[1]) >= 3


# --- Garmin Connect, folders, gzip --------------------------------------------------------------

def test_a_garmin_export_reads_the_fit_files_in_its_nested_zips(empty_site_folder, capsys):
    path = make_exports.write_zip(empty_site_folder / "garmin.zip", make_exports.garmin_files())
    status, out, err = run(capsys, "import", str(path), "--per", "activity")
    assert status == 0, err
    kinds = sorted(e["activity"] for e in all_entries())
    assert kinds == ["cycle", "cycle", "run", "walk"]  # the brick file is two activities
    assert run(capsys, "check")[0] == 1  # four routes from one front door, and no zone
    door = make_activities.LAT0, make_activities.LON0  # where every simulated activity starts
    set_privacy(200, [{"lat": door[0], "lon": door[1], "radius_m": 500}])
    assert run(capsys, "check")[0] == 0


def test_a_folder_of_files_and_gzipped_files(empty_site_folder, capsys, fixture_file):
    folder = empty_site_folder / "watch"
    folder.mkdir()
    (folder / "run.fit.gz").write_bytes(gzip.compress(fixture_file("run_paused.fit").read_bytes()))
    (folder / "walk.tcx").write_bytes(fixture_file("walk.tcx").read_bytes())
    (folder / "notes.txt").write_text("not an activity")
    (folder / ".hidden.gpx").write_text("never read")
    status, out, err = run(capsys, "import", str(folder))
    assert status == 0, err
    assert sorted(e["activity"] for e in all_entries()) == ["cross", "run"]  # TCX "Other"
    assert "hidden" not in err


def test_a_folder_with_no_activity_file_is_bad_input(empty_site_folder, capsys):
    Path("empty").mkdir()
    status, out, err = run(capsys, "import", "empty")
    assert status == 2 and "empty: no activity file in it" in err


# --- routes: private by default -------------------------------------------------------------------

@pytest.mark.parametrize("trim_m", [200, 400])
def test_written_routes_keep_away_from_both_ends_and_the_zones(empty_site_folder, capsys, trim_m):
    start = make_exports.START
    loop = make_exports.loop(start, km=9)
    out_back = make_exports.loop(start.replace(day=16), km=7, out_and_back=True)
    zone = {"lat": loop[300][0], "lon": loop[300][1], "radius_m": 250}
    set_privacy(trim_m, [zone])
    folder = empty_site_folder / "gpx"
    folder.mkdir()
    (folder / "loop.gpx").write_bytes(make_exports.gpx(loop))
    (folder / "back.gpx.gz").write_bytes(gzip.compress(make_exports.gpx(out_back)))
    status, out, err = run(capsys, "import", str(folder))
    assert status == 0, err
    written = {e["date"]: e["route"] for e in all_entries()}
    zones = [privacy.cut_zone(Zone(**zone), SALT)]  # the zone as the rule cuts it
    for day, track in (("2024-04-15", loop), ("2024-04-16", out_back)):
        points = routes.decode(written[day])
        assert len(points) >= 10
        first, last = track[0][:2], track[-1][:2]
        for point in points:  # measured on what was written, with haversine
            assert routes.haversine_m(point, first) > trim_m
            assert routes.haversine_m(point, last) > trim_m
            assert all(routes.haversine_m(point, (z.lat, z.lon)) > z.radius_m for z in zones)
    # The removed points are nowhere: not the front door, not even to 4 decimals.
    text = "".join(p.read_text() for p in posts())
    assert f"{make_exports.HOME[0]:.4f}" not in text
    assert run(capsys, "check")[0] == 0


def test_no_gps_no_route(empty_site_folder, capsys, fixture_file):
    status, out, err = run(capsys, "import", str(fixture_file("treadmill_no_gps.fit")))
    assert status == 0, err
    assert "route" not in all_entries()[0]


def test_a_file_without_timestamps_is_logged_with_its_distance_once(empty_site_folder, capsys):
    Path("drawn.gpx").write_bytes(make_exports.gpx(make_exports.loop(make_exports.START, km=4),
                                                   times=False))
    status, out, err = run(capsys, "import", "drawn.gpx")
    assert status == 0, err
    [entry] = all_entries()
    assert "time" not in entry and "start" not in entry and "date" not in entry
    assert entry["distance"].endswith(" km") and entry["route"]
    assert "no timestamps" in err and "names no sport" not in err  # <type>running</type>
    # the same file again: found by its route
    status, out, err = run(capsys, "import", "drawn.gpx")
    assert status == 0 and "already logged" in err and len(all_entries()) == 1


@pytest.mark.slow
def test_make_import_still_works(empty_site_folder, fixture_file):
    import subprocess

    repo = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        ["make", "-s", "-f", str(repo / "Makefile"), "import", f"FILES={fixture_file('walk.gpx')}",
         f"DIARY={repo / '.venv/bin/diary'}", "DEV_STAMP=", "VENV_STAMP=",
         "DIARY_OPTS=--content content --conf pelicanconf.py", "PER=day"],
        capture_output=True, text=True, timeout=120, cwd=empty_site_folder)
    assert result.returncode == 0, result.stderr
    assert [p.name for p in posts()] == ["2024-04-18-evening-walk.md"]
