"""The `diary` command end to end, through main([...]) and the installed script."""

from __future__ import annotations

import ast
import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pelican.plugins.running_diary.core.routes import decode
from pelican.plugins.running_diary.cli import common, main as cli
from pelican.plugins.running_diary.ingest import post_template
from pelican.plugins.running_diary.core import frontmatter, specs

REPO = Path(__file__).resolve().parents[2]


def run(capsys, *argv):
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def front(path: Path) -> dict:
    return frontmatter.load(frontmatter.split(path.read_text()).front_matter)


# --- diary new ----------------------------------------------------------------------

def test_new_writes_a_post_that_checks_clean(empty_site_folder, capsys):
    status, out, err = run(capsys, "new", "Two massages later", "--date", "2024-04-18 21:00",
                           "--category", "Recovery", "--tags", "sports massage, calves")
    assert status == 0, err
    path = Path(out.strip())
    assert path == Path("content/2024/2024-04-18-two-massages-later.md")
    meta = front(path)
    assert meta["title"] == "Two massages later"
    assert meta["date"] == "2024-04-18 21:00"
    assert meta["category"] == "Recovery"
    assert meta["tags"] == ["sports massage", "calves"]
    assert meta["summary"] == ""
    assert not any(log in meta for log in specs.names())  # commented examples only
    text = path.read_text()
    for log in specs.names():
        assert f"# {log}:" in text
    assert run(capsys, "check", str(path))[0] == 0


def test_new_examples_uncommented_are_valid_logs(empty_site_folder, capsys):
    """The commented examples follow the contract: uncommented, they check clean."""
    run(capsys, "new", "Examples", "--date", "2024-04-18")
    path = Path("content/2024/2024-04-18-examples.md")
    text = path.read_text()
    uncommented = re.sub(rf"^# ((?:{'|'.join(specs.names())}):|  )", r"\1", text, flags=re.M)
    path.write_text(uncommented)
    meta = front(path)
    assert all(len(meta[log]) == 1 for log in specs.names())
    status, out, err = run(capsys, "check", str(path))
    assert (status, out) == (0, ""), out


def test_new_never_overwrites(empty_site_folder, capsys):
    assert run(capsys, "new", "Same", "--date", "2024-04-18")[0] == 0
    path = Path("content/2024/2024-04-18-same.md")
    path.write_text("my words")
    status, out, err = run(capsys, "new", "Same", "--date", "2024-04-18")
    assert status == 1
    assert "already exists" in err and str(path) in err
    assert path.read_text() == "my words"


def test_new_defaults_to_now_and_odd_titles(empty_site_folder, capsys):
    status, out, err = run(capsys, "new", "Café: 10 km — «fast»!")
    assert status == 0, err
    path = Path(out.strip())
    today = dt.date.today()
    assert path.parent.name == str(today.year) or path.parent.name == str(today.year - 1)
    assert path.name.endswith("-cafe-10-km-fast.md")
    assert front(path)["title"] == "Café: 10 km — «fast»!"
    assert front(path)["slug"] == "cafe-10-km-fast"


@pytest.mark.parametrize("title,slug", [
    ("Two massages later", "two-massages-later"), ("  Hills -- and a wobble ", "hills-and-a-wobble"),
    ("Ça va, München?", "ca-va-munchen"), ("🏃", "post"), ("10K PB!!!", "10k-pb"),
])
def test_slugify(title, slug):
    assert post_template.slugify(title) == slug


def test_new_bad_date_and_empty_title(empty_site_folder, capsys):
    status, out, err = run(capsys, "new", "X", "--date", "18/04/2024")
    assert status == 2 and "not a date" in err
    status, out, err = run(capsys, "new", "   ")
    assert status == 2 and "title is empty" in err


# --- diary check -------------------------------------------------------------------------

BAD_POST = """---
title: Bad
date: 2024-04-18 21:00
training:
  - date: 2024-04-15
    distance: 6 km
    time: "45:72"
  - distnace: 5 km
    time: 30min
---
body
"""


def test_check_reports_in_the_contract_format_and_exits_1(empty_site_folder, capsys):
    Path("content/bad.md").write_text(BAD_POST)
    status, out, err = run(capsys, "check")
    assert status == 1
    lines = out.splitlines()
    assert "content/bad.md:7: training[0].time: not a duration: seconds run from 0 to 59 (got '45:72')" in lines
    assert any(line.startswith("content/bad.md:8: training[1].distnace: ") and "distance" in line
               for line in lines)
    assert "1 post checked: 2 errors, 0 warnings" in err  # `distnace` fails the publish build: an error


def test_check_fails_on_a_typo_the_publish_build_fails_on_and_passes_a_warning(empty_site_folder, capsys):
    """`distnace` is an error in the strict publish build (a typo must never take a number off
    the site), so in check too, whatever pelicanconf.py's own `strict`; `colour` has no
    close match: a warning, and check passes."""
    Path("content/warn.md").write_text(BAD_POST.replace('"45:72"', '"45:12"'))
    status, out, err = run(capsys, "check", "content")
    assert status == 1
    assert out.startswith("content/warn.md:8: training[1].distnace: unknown field, ignored; did you mean")
    Path("content/warn.md").write_text(BAD_POST.replace('"45:72"', '"45:12"').replace("distnace", "colour"))
    status, out, err = run(capsys, "check", "content")
    assert status == 0 and "training[1].colour: unknown field, ignored" in out


def test_check_clean_samples_and_yaml_errors(sample_site_folder, capsys):
    status, out, err = run(capsys, "check")
    assert (status, out) == (0, ""), out
    Path("content/broken.md").write_text("---\ntitle: x\ndate: 2024-04-18\ntraining: [\n---\n")
    status, out, err = run(capsys, "check", "content/broken.md")
    assert status == 1
    assert re.match(r"content/broken\.md:\d+: ", out)


def test_check_missing_path(empty_site_folder, capsys):
    status, out, err = run(capsys, "check", "nowhere.md")
    assert status == 2 and "nowhere.md: no such file or folder" in err


# --- diary import --------------------------------------------------------------------------

@pytest.fixture
def hills_post(empty_site_folder, capsys) -> Path:
    """content/2024/2024-04-21-hills.md, one run with comments, in empty_site_folder."""
    path = Path("content/2024/2024-04-21-hills.md")
    path.parent.mkdir(parents=True)
    path.write_text("---\ntitle: Hills  # my title\ndate: 2024-04-21 20:00\n"
                    "training:\n  - date: 2024-04-14\n    distance: 8 km  # guessed\n"
                    "    time: 45:00\ncategory: Training\n---\n\nThe body.  \n")
    return path


def test_import_adds_one_entry_per_activity(hills_post, capsys, fixture_file):
    before = hills_post.read_text()
    files = [fixture_file(n) for n in ("run_paused.fit", "treadmill_no_gps.tcx", "ride_no_hr.gpx")]
    status, out, err = run(capsys, "import", *map(str, files), "--post", str(hills_post))
    assert status == 0, err
    entries = front(hills_post)["training"]
    assert len(entries) == 4
    route = entries[1].pop("route")  # the track, made private (tests/cli/test_cli_routes.py)
    # An even 5,040 m in 1,800 s: 1 km in 1800 / 5.04 = 357.1 s = 5:57. No 5 km: the fastest
    # 5 km by elapsed time (the pause inside counts) is slower than the moving time.
    assert entries[1] == {"date": "2024-04-15", "activity": "run",
                          "distance": "5.04 km", "time": "0:30:00", "elevation": "20 m",
                          "hr": 150, "start": "2024-04-15T07:02:11",
                          "best_efforts": {"1 km": "5:57"}}
    assert len(decode(route)) >= 2
    assert "route" not in entries[2]  # a treadmill: no GPS, no route
    assert entries[2]["start"] == "2024-04-16T18:02:11"  # BST, not UTC
    assert "elevation" not in entries[2]  # a flat treadmill
    assert "hr" not in entries[3] and entries[3]["activity"] == "cycle"
    after = hills_post.read_text()
    assert after.startswith(before.split("category:")[0])  # everything before: untouched
    assert after.endswith("category: Training\n---\n\nThe body.  \n")
    assert "distance: 8 km  # guessed\n    time: 45:00\n" in after
    # progress on stderr
    assert re.search(r"^\[1/3\] run_paused\.fit: 5\.04 km run on 2024-04-15", err, re.M)
    assert re.search(r"^\[3/3\] ride_no_hr\.gpx: 12\.60 km cycle on 2024-04-17", err, re.M)
    assert "added 3 training entries" in err
    assert run(capsys, "check", str(hills_post))[0] == 0


def test_import_skips_what_is_already_logged_anywhere(hills_post, capsys, fixture_file):
    run(capsys, "import", str(fixture_file("run_paused.fit")), "--post", str(hills_post))
    other = Path("content/2024/other.md")
    other.write_text("---\ntitle: Other\n---\n")
    before = other.read_bytes()
    # The same run from another format, and twice in one batch.
    status, out, err = run(capsys, "import", str(fixture_file("run_paused.gpx")),
                           str(fixture_file("run_paused.tcx")), "--post", str(other))
    assert status == 0
    assert f"skipped run_paused.gpx: already logged in {hills_post}" in err
    assert "skipped run_paused.tcx: already logged" in err
    assert "nothing new to import" in err
    assert other.read_bytes() == before
    status, out, err = run(capsys, "import", str(fixture_file("walk.gpx")),
                           str(fixture_file("walk.tcx")), "--post", str(other))
    assert "skipped walk.tcx: already logged in walk.gpx (this import)" in err
    assert len(front(other)["training"]) == 1


def test_starts_written_by_hand_count_too(hills_post, capsys, fixture_file):
    text = hills_post.read_text().replace("time: 45:00", "time: 45:00\n    start: '2024-04-15T07:02:11'")
    hills_post.write_text(text)
    status, out, err = run(capsys, "import", str(fixture_file("run_paused.fit")), "--post", str(hills_post))
    assert status == 0 and "skipped" in err
    assert hills_post.read_text() == text


@pytest.mark.parametrize("bad", ["broken_truncated.fit", "broken_malformed.gpx",
                                 "broken_malformed.tcx", "broken_empty.fit", "broken_no_points.gpx"])
def test_one_bad_file_imports_nothing(hills_post, capsys, fixture_file, bad):
    before = hills_post.read_bytes()
    status, out, err = run(capsys, "import", str(fixture_file("run_paused.fit")),
                           str(fixture_file(bad)), "--post", str(hills_post))
    assert status == 2
    assert hills_post.read_bytes() == before
    assert f"{fixture_file(bad)}: " in err
    assert "nothing imported: 1 file of 2 could not be read" in err
    assert "Traceback" not in err
    assert [p.name for p in hills_post.parent.iterdir()] == [hills_post.name]  # no temp files


def test_import_new_post(empty_site_folder, capsys, fixture_file):
    status, out, err = run(capsys, "import", str(fixture_file("run_paused.gpx")), "--new")
    assert status == 0, err
    path = Path(out.strip())
    assert path == Path("content/2024/2024-04-15-morning-run.md")
    meta = front(path)
    assert meta["title"] == "Morning Run"
    assert str(meta["date"]) == "2024-04-15 07:02"
    assert meta["training"][0]["start"] == "2024-04-15T07:02:11"
    assert "# stretches:" in path.read_text() and "# training:" not in path.read_text()
    assert run(capsys, "check", str(path))[0] == 0
    # again: already logged, so no second post
    status, out, err = run(capsys, "import", str(fixture_file("run_paused.fit")), "--new")
    assert status == 0 and "skipped" in err and out == ""


def test_import_new_post_from_several_files(empty_site_folder, capsys, fixture_file):
    status, out, err = run(capsys, "import", str(fixture_file("run_paused.fit")),
                           str(fixture_file("treadmill_no_gps.fit")), "--new")
    assert status == 0, err
    meta = front(Path(out.strip()))
    assert meta["title"] == "2 runs, 15 April 2024 to 16 April 2024"
    assert len(meta["training"]) == 2


def test_import_new_post_title_clash(empty_site_folder, capsys, fixture_file):
    Path("content/2024").mkdir()
    clash = Path("content/2024/2024-04-15-morning-run.md")
    clash.write_text("mine")
    status, out, err = run(capsys, "import", str(fixture_file("run_paused.gpx")), "--new")
    assert status == 1 and "already exists" in err
    assert clash.read_text() == "mine"
    status, out, err = run(capsys, "import", str(fixture_file("run_paused.gpx")), "--new",
                           "--title", "Canal loop")
    assert status == 0 and out.strip().endswith("2024-04-15-canal-loop.md")


def test_import_activity_override_and_dry_run(hills_post, capsys, fixture_file):
    before = hills_post.read_bytes()
    status, out, err = run(capsys, "import", str(fixture_file("walk.tcx")), "--post", str(hills_post),
                           "--activity", "walk", "--dry-run")
    assert status == 0
    assert "  - date: 2024-04-18\n    activity: walk\n" in out
    assert hills_post.read_bytes() == before


def test_import_needs_a_good_post(empty_site_folder, capsys, fixture_file):
    # Without --post (or --new), the import creates a post: one per week by default.
    status, out, err = run(capsys, "import", str(fixture_file("walk.gpx")))
    assert status == 0 and out.strip().endswith("2024-04-18-evening-walk.md"), err
    Path("content/plain.md").write_text("Title: Plain\n\nbody\n")
    status, out, err = run(capsys, "import", str(fixture_file("walk.gpx")), "--post", "content/plain.md")
    assert status == 2 and "no YAML front matter" in err
    status, out, err = run(capsys, "import", str(fixture_file("walk.gpx")), "--post", "content/no.md")
    assert status == 2 and "no such post" in err


def test_import_in_miles(empty_site_folder, capsys, fixture_file):
    conf = Path("pelicanconf.py")
    conf.write_text(conf.read_text().replace('"units": "km"', '"units": "mi"'))
    run(capsys, "new", "Miles", "--date", "2024-04-20")
    path = Path("content/2024/2024-04-20-miles.md")
    status, out, err = run(capsys, "import", str(fixture_file("run_paused.fit")), "--post", str(path))
    assert status == 0
    assert front(path)["training"][0]["distance"] == "3.13 mi"
    assert "3.13 mi run" in err


# --- diary stats ---------------------------------------------------------------------------

def test_stats_week(sample_site_folder, capsys):
    status, out, err = run(capsys, "stats", "--date", "2024-05-22")
    assert status == 0, err
    lines = out.splitlines()
    assert lines[0] == "Week of Mon 20 May 2024 (2024-05-20 to 2024-05-26)"
    header = next(line for line in lines if line.startswith("activity"))
    assert header.split() == ["activity", "sessions", "distance", "time", "pace"]
    assert any(re.match(r"run\s+\d+\s+[\d.]+ km\s+\d+:\d\d:\d\d\s+\d+:\d\d /km$", line)
               for line in lines)
    assert any(line.startswith("stretching ") and "min" in line for line in lines)
    assert any(line.startswith("spend ") for line in lines)


def test_stats_totals_match_the_summaries(sample_site_folder, capsys):
    """The year's table agrees with what the lead's modules compute from the same posts."""
    from pelican.plugins.running_diary.core import posts as check, settings, summarize
    from pelican.plugins.running_diary.render import display

    status, out, err = run(capsys, "stats", "--year", "--date", "2024-03-01")
    s = settings.from_conffile("pelicanconf.py")
    runs = [e for e in summarize.collect(check.read_posts(["content"], s)).training
            if e.date.year == 2024 and e.activity == "run"]
    run_line = next(line for line in out.splitlines() if line.startswith("run "))
    assert run_line.split()[1] == str(len(runs))
    assert display.distance(sum(r.distance_m or 0 for r in runs), s) in run_line


def test_stats_month_and_empty_period(sample_site_folder, capsys):
    status, out, err = run(capsys, "stats", "--month", "--date", "2024-04-10")
    assert out.startswith("April 2024 (2024-04-01 to 2024-04-30)")
    status, out, err = run(capsys, "stats", "--week", "--date", "2019-01-01")
    assert status == 0 and "no training logged" in out


def test_stats_counts_no_planned_entry(empty_site_folder, capsys):
    # A 10 km on 9 June 2100: after any day this test runs on, so it is planned, and
    # its week has no training yet.
    (empty_site_folder / "content" / "goal.md").write_text(
        "---\ntitle: Goal\ndate: 2100-06-09 10:00\ntraining:\n  - distance: 10 km\n    time: \"50:00\"\n---\n",
        encoding="utf-8")
    status, out, err = run(capsys, "stats", "--date", "2100-06-09")
    assert status == 0, err
    assert "no training logged" in out and "10.00 km" not in out


def test_stats_sunday_weeks(sample_site_folder, capsys):
    conf = Path("pelicanconf.py")
    conf.write_text(conf.read_text().replace('"week_start": "monday"', '"week_start": "sunday"'))
    status, out, err = run(capsys, "stats", "--date", "2024-05-22")
    assert out.startswith("Week of Sun 19 May 2024 (2024-05-19 to 2024-05-25)")


# --- errors and the installed script ----------------------------------------------------------

def test_no_traceback_even_for_the_unexpected(empty_site_folder, capsys, monkeypatch):
    def broken(args):
        raise RuntimeError("something odd")
    monkeypatch.setattr(cli, "cmd_check", broken)
    monkeypatch.delenv("DIARY_DEBUG", raising=False)
    status, out, err = run(capsys, "check")
    assert status == 2
    assert err.strip() == ("diary: unexpected error: RuntimeError: something odd "
                           "(run with DIARY_DEBUG=1 for details)")


def test_bad_settings_file_is_one_line(empty_site_folder, capsys):
    Path("pelicanconf.py").write_text('DIARY = {"units": "furlongs"}\n')
    status, out, err = run(capsys, "check")
    assert status == 2 and len(err.strip().splitlines()) == 1 and "units" in err
    Path("pelicanconf.py").write_text("DIARY = {\n")
    status, out, err = run(capsys, "check")
    assert status == 2 and "SyntaxError" in err and "Traceback" not in err


def test_help_and_usage(capsys):
    assert cli.main(["--help"]) == 0
    assert "import" in capsys.readouterr().out
    assert cli.main([]) == 2
    assert cli.main(["stats", "--week", "--month"]) == 2


def _script() -> str | None:
    found = shutil.which("diary")
    local = Path(sys.executable).parent / "diary"
    return str(local) if local.exists() else found


@pytest.mark.slow
@pytest.mark.skipif(_script() is None, reason="the diary console script is not installed")
def test_installed_console_script(empty_site_folder, fixture_file):
    env = {**os.environ, "PYTHONPATH": ""}
    new = subprocess.run([_script(), "new", "From the script", "--date", "2024-04-20"],
                         capture_output=True, text=True, env=env, timeout=60)
    assert new.returncode == 0, new.stderr
    path = new.stdout.strip()
    imp = subprocess.run([_script(), "import", str(fixture_file("run_paused.fit")),
                          str(fixture_file("broken_truncated.fit")), "--post", path],
                         capture_output=True, text=True, env=env, timeout=60)
    assert imp.returncode == 2 and "Traceback" not in imp.stderr
    assert "truncated FIT file" in imp.stderr
    check = subprocess.run([_script(), "check"], capture_output=True, text=True, env=env, timeout=60)
    assert check.returncode == 0, check.stdout + check.stderr


@pytest.mark.slow
def test_cli_imports_nothing_of_pelican_beyond_its_package_and_starts_light():
    """The command lives in the namespace package pelican.plugins.running_diary, so Python runs
    pelican/__init__.py first (about 0.17 s): it must add nothing to that, no watch-file reader
    and no YAML library until a command needs one, and none of the plugin's Pelican glue."""
    listing = ("print(sorted(m for m in sys.modules if m.split('.')[0] in "
               "('pelican', 'gpxpy', 'fitdecode', 'ruamel', 'yaml')))")

    def loaded(code: str) -> set[str]:
        result = subprocess.run([sys.executable, "-c", f"import sys; {code}; {listing}"],
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        return set(ast.literal_eval(result.stdout.strip()))

    pelican_alone = loaded("import pelican")
    command = loaded("from pelican.plugins.running_diary.cli import main as cli; cli.build_parser()")
    added = sorted(command - pelican_alone)
    package = "pelican.plugins.running_diary"
    assert added and all(name == package or name.startswith(package + ".") for name in added), added
    assert not [name for name in added if name.startswith("pelican.plugins.running_diary.plugin")]


def test_import_multisport_file_gives_an_entry_per_sport(hills_post, capsys, fixture_file):
    status, out, err = run(capsys, "import", str(fixture_file("multisport.fit")), "--post", str(hills_post))
    assert status == 0, err
    ride, brick_run = front(hills_post)["training"][1:]
    assert (ride["activity"], ride["distance"], ride["time"]) == ("cycle", "14.40 km", "0:30:00")
    assert (brick_run["activity"], brick_run["distance"]) == ("run", "2.70 km")
    assert "[1/1] multisport.fit: 14.40 km cycle" in err and "[1/1] multisport.fit: 2.70 km run" in err


@pytest.mark.slow
def test_check_does_not_run_pelicanconf(empty_site_folder):
    """A settings file may import Pelican's machinery and run code (plugins' settings often
    do); the command reads its literals instead of running it, so it stays fast and safe."""
    Path("content/run.md").write_text("---\ntitle: Run\ndate: 2024-04-18\n---\nRan.\n")  # a site of no post fails
    conf = Path("pelicanconf.py")
    conf.write_text("import pathlib\nfrom pelican import signals  # noqa: F401\n"
                    "pathlib.Path('settings-ran').touch()\n" + conf.read_text())
    code = ("import sys; from pelican.plugins.running_diary.cli import main as cli; status = cli.main(['check']); "
            "print(status, 'pelican.plugins.running_diary.plugin' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.split() == ["0", "False"], result.stderr
    assert not Path("settings-ran").exists()


def test_settings_computed_in_pelicanconf_are_still_read(empty_site_folder, capsys):
    Path("pelicanconf.py").write_text(
        'import os\nTIMEZONE = "Europe/" + "London"\nDIARY = dict(units="mi")\n')
    assert common.read_conf(Path("pelicanconf.py")) == {"TIMEZONE": "Europe/London",
                                                      "DIARY": {"units": "mi"}}
    Path("pelicanconf.py").write_text('DIARY = {"units": "mi"}\nTIMEZONE = "America/New_York"\n')
    assert common.read_conf(Path("pelicanconf.py")) == {"TIMEZONE": "America/New_York",
                                                      "DIARY": {"units": "mi"}}


def test_import_writes_start_in_the_sites_time_zone(empty_site_folder, capsys, fixture_file):
    conf = Path("pelicanconf.py")
    conf.write_text(conf.read_text().replace('TIMEZONE = "Europe/London"',
                                              'TIMEZONE = "America/New_York"'))
    status, out, err = run(capsys, "import", str(fixture_file("run_paused.fit")), "--new",
                           "--title", "Early")
    assert status == 0, err
    [entry] = front(Path(out.strip()))["training"]
    assert entry["start"] == "2024-04-15T02:02:11"  # 06:02:11 UTC in EDT
    assert entry["date"] == "2024-04-15"


RLO, LRI, PDI, RLM = "\u202e", "\u2066", "\u2069", "\u200f"


def test_imported_names_and_titles_lose_their_bidi_controls(empty_site_folder, capsys):
    """A name that would show `Morning run` as `nur gninroM` (or hide a word) is imported
    without its bidi controls: in the watch file's name, activities.csv's name and
    description, and the title the import writes."""
    from tests.fixtures import make_exports

    when = make_exports.START
    files = {
        "activities/1.gpx": make_exports.gpx(make_exports.loop(when), name=f"{RLO}Morning run{PDI}"),
        "activities/2.gpx": make_exports.gpx(make_exports.loop(when + dt.timedelta(days=7)), name=""),
        "activities.csv": make_exports.strava_csv([
            {"Activity ID": "2", "Activity Date": make_exports.strava_date(when + dt.timedelta(days=7)),
             "Activity Name": f"Hill{RLM} reps {LRI}x6{PDI}", "Activity Type": "Run",
             "Activity Description": f"{RLO}legs heavy", "Filename": "activities/2.gpx"}]),
    }
    make_exports.write_zip(Path("export.zip"), files)
    status, out, err = run(capsys, "import", "export.zip", "--new")
    assert status == 0, err
    posts = sorted(Path(line) for line in out.split())
    texts = [p.read_text(encoding="utf-8") for p in posts]
    assert [front(p)["title"] for p in posts] == ["Morning run", "Hill reps x6"]
    assert "legs heavy" in texts[1]
    assert not any(c in text for text in texts for c in (RLO, LRI, PDI, RLM))
    Path("later.gpx").write_bytes(make_exports.gpx(make_exports.loop(when + dt.timedelta(days=14))))
    status, out, err = run(capsys, "import", "later.gpx", "--new", "--title", f"{RLO}Block{PDI} one")
    assert status == 0, err
    assert front(Path(out.strip()))["title"] == "Block one"


def test_log_text_loses_its_bidi_controls():
    from pelican.plugins.running_diary.core import readers
    from pelican.plugins.running_diary.core.settings import from_dict

    assert readers.text(f"Pegasus{RLO} 40{PDI}", from_dict({})) == "Pegasus 40"
    assert readers.text_list(f"{LRI}calves{PDI}, hips{RLM}", from_dict({})) == ("calves", "hips")
def test_check_follows_pelicans_default_date_for_a_post_with_no_date(empty_site_folder, capsys):
    """Without DEFAULT_DATE Pelican skips a post with no date, and check fails it; with
    DEFAULT_DATE = "fs" Pelican dates it by the file, and check lets it be."""
    Path("content/run.md").write_text("---\ntitle: Run\n---\nRan.\n")
    status, out, _ = run(capsys, "check")
    assert status == 1 and out.startswith("content/run.md: has no date, so Pelican skips it")
    Path("pelicanconf.py").write_text(Path("pelicanconf.py").read_text() + '\nDEFAULT_DATE = "fs"\n')
    assert run(capsys, "check")[:2] == (0, "")


REAL = Path(__file__).parents[1] / "fixtures" / "real"


@pytest.mark.slow
@pytest.mark.parametrize("after", ["block", "flow"])
def test_import_writes_laps_and_best_efforts_that_check_and_the_build_reads(empty_site_folder, capsys, after):
    """A real Fenix 2 run: its 4 laps, one line of YAML each, and its best efforts on one
    line; `diary check` finds no error, and the build's reader gives back the same figures.
    `flow`: a post whose training list is a flow list, added to by a round trip."""
    from pelican.plugins.running_diary.core.posts import read_post
    from pelican.plugins.running_diary.core.settings import from_dict

    path = Path("content/2024/real.md")
    path.parent.mkdir(parents=True)
    training = "training:\n  - distance: 5 km\n" if after == "block" else "training: [{distance: 5 km}]\n"
    path.write_text(f"---\ntitle: Real\ndate: 2017-05-30 20:00\n{training}---\n\nBody.\n")
    status, out, err = run(capsys, "import", str(REAL / "fenix2-run.fit"), "--post", str(path))
    assert status == 0, err
    text = path.read_text()
    if after == "block":
        assert ("    laps:\n"
                "      - {distance: 0.85 km, time: \"4:30\"}\n"
                "      - {distance: 2.99 km, time: \"13:56\"}\n"
                "      - {distance: 2.98 km, time: \"12:38\"}\n"
                "      - {distance: 2.19 km, time: \"16:06\"}\n"
                "    best_efforts: {1 km: \"4:06\", 5 km: \"21:44\"}\n") in text
    status, out, err = run(capsys, "check", str(path))
    assert status == 0 and "0 errors" in out + err, out + err
    logs, _ = read_post(path, from_dict({}))
    assert not [p for p in logs.problems if p.severity == "error"]
    entry = logs.entries("training")[-1]
    # 848.94 m is written 0.85 km and read back as 850 m; the times in whole seconds.
    assert [(lap.distance_m, lap.time_s) for lap in entry.laps] == [
        (850.0, 270.0), (2990.0, 836.0), (2980.0, 758.0), (2190.0, 966.0)]
    # 4:06 = 246 s, 21:44 = 1,304 s (tests/ingest/test_laps_and_best_efforts.py has them).
    assert entry.best_efforts == (("1 km", 246.0), ("5 km", 1304.0))


def test_a_best_effort_the_rules_refuse_is_left_out_with_a_note_not_the_activity(empty_site_folder, capsys):
    """A 1 km of 100 s is faster than the bound: at 1 km the fastest pace is interpolated
    between 800 m (100.91 / 0.8 = 126.1 s/km) and 1,500 m (206 / 1.5 = 137.3 s/km), some
    127.7 s/km, so at least 127 s. Refused by the rules, so the entry is written without best_efforts, with a line saying why."""
    from dataclasses import replace

    from pelican.plugins.running_diary.cli.common import Site
    from pelican.plugins.running_diary.cli.entries import check_activity
    from pelican.plugins.running_diary.ingest import watch_files

    [act] = watch_files.read(REAL / "fenix2-run.fit")
    act = replace(act, best_efforts=(("1 km", 100),))
    checked, notes, refusal = check_activity(act, Site(Path("content"), Path("pelicanconf.py")))
    assert refusal is None
    assert checked.best_efforts is None and checked.laps
    assert len(notes) == 1 and notes[0].startswith("best_efforts left out of the entry: 1 km:")


def test_more_laps_than_the_reader_takes_are_left_out_with_a_note(empty_site_folder, capsys):
    """A 24-hour track race lapped every 400 m: 201 laps, one more than reps.MAX_REPS; the
    entry is written without them, and the line says why."""
    from dataclasses import replace

    from pelican.plugins.running_diary.cli.common import Site
    from pelican.plugins.running_diary.cli.entries import check_activity
    from pelican.plugins.running_diary.core.reps import Rep
    from pelican.plugins.running_diary.ingest import watch_files

    [act] = watch_files.read(REAL / "fenix2-run.fit")
    act = replace(act, laps=(Rep(distance_m=400.0, time_s=120.0),) * 201)
    checked, notes, refusal = check_activity(act, Site(Path("content"), Path("pelicanconf.py")))
    assert refusal is None and checked.laps is None and checked.best_efforts
    assert notes == ["laps (201) left out of the entry: at most 200 reps"]


def test_stats_shows_the_period_s_running_goal(sample_site_folder, capsys):
    """pelicanconf.py's goals: 80 km a month, 20 a week. July 2024's runs: 31 km in the week of
    1 July and 7 km after, 38 km, 47.5% of 80 (shown 48%); the week of 17 June: 9 + 5 = 14 km, 70%."""
    status, out, _ = run(capsys, "stats", "--month", "--date", "2024-07-05")
    assert status == 0 and "goal        38.00 km of 80.00 km run (48%)" in out
    status, out, _ = run(capsys, "stats", "--week", "--date", "2024-06-19")
    assert "goal        14.00 km of 20.00 km run (70%)" in out
