"""Issue 18, items 5 and 6, in whole builds: a figure faster than a world record is an
error that keeps it out of every record, and an entry dated after the day of the build
is planned, shown in its post and counted in nothing. The day of the build is fixed
with the DIARY_TODAY setting, so these builds do not depend on the clock."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.helpers import build_site

REPO = Path(__file__).resolve().parents[2]
DIARY = [str(Path(sys.executable).with_name("diary"))]

# A 10 km in 1:05, meant as an hour and five, beside a real 10 km in 52:00.
TOO_FAST = """---
title: A quick ten
date: 2024-05-04 10:00
training:
  - date: 2024-05-01
    distance: 10 km
    time: "52:00"
  - date: 2024-05-04
    distance: 10 km
    time: 1:05
---

Fast legs.
"""

# The shape: the day of the build is Monday 7 December 2026; a goal race, a
# half marathon, is logged nine days ahead, on Wednesday 16 December. Done before it:
# a 12 km in 2025 and runs in 2026 up to Sunday 6 December.
TODAY = "2026-12-07"
GOAL_RACE = """---
title: Training towards the half
date: 2026-12-06 18:00
training:
  - date: 2025-11-20
    distance: 12 km
    time: "1:05:00"
  - date: 2026-12-01
    distance: 8 km
    time: "44:00"
  - date: 2026-12-06
    distance: 15 km
    time: "1:24:00"
  - date: 2026-12-16
    type: race
    distance: 21.0975 km
    time: "1:45:00"
    notes: the goal race
---

Nine days to go.
"""


def pelican(content: Path, out: Path, **settings) -> subprocess.CompletedProcess:
    """`pelican` on the day of the build TODAY (a thin wrapper of build_site)."""
    return build_site(content, out, cwd=REPO, settings={"DIARY_TODAY": TODAY, **settings}).result


def diary_check(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([*DIARY, "check", str(root / "content"), "--conf", str(REPO / "pelicanconf.py"),
                           "--today", TODAY], cwd=REPO, capture_output=True, text=True)


def log(result) -> str:
    return " ".join((result.stdout + result.stderr).split())


def site_of(tmp_path_factory, name: str, text: str) -> Path:
    root = tmp_path_factory.mktemp(name)
    (root / "content" / "posts").mkdir(parents=True)
    (root / "content" / "posts" / f"{name}.md").write_text(text, encoding="utf-8")
    return root


STRICT = {"DIARY": {"strict": True}}


# --- item 5: a 10 km in 1:05 ------------------------------------------------------------


@pytest.fixture(scope="module")
def too_fast(tmp_path_factory):
    root = site_of(tmp_path_factory, "too-fast", TOO_FAST)
    return root, pelican(root / "content", root / "out")


@pytest.mark.slow
def test_a_10_km_in_1_05_is_an_error_that_says_how_it_was_read(too_fast):
    root, result = too_fast
    assert result.returncode == 0, log(result)  # a normal build publishes what is valid
    assert ("training[1].time: time 1:05 is read as 1 min 5 s, a 0:06 /km 10 km, faster than "
            "the world record (10 km in 26:11); for an hour and five minutes write 1:05:00 "
            "(got '1:05')") in log(result)


@pytest.mark.slow
def test_the_implausible_run_is_in_no_record_total_or_data_file(too_fast):
    root, _ = too_fast
    data = json.loads((root / "out" / "diary.json").read_text(encoding="utf-8"))
    # The 52:00 (3,120 s) stands as the best 10 km, not the 65 s.
    assert data["records"]["best"]["10 km"]["time_s"] == 3120
    assert [e["time_s"] for e in data["training"]] == [3120]
    assert data["totals"]["training"]["distance_m"] == 10000  # one 10 km, not two
    page = (root / "out" / "training" / "index.html").read_text(encoding="utf-8")
    assert "0:01:05" not in page and "52:00" in page
    post = (root / "out" / "2024" / "05" / "a-quick-ten" / "index.html").read_text(encoding="utf-8")
    assert "1 entry was left out of these tables as invalid" in " ".join(post.split())


@pytest.mark.slow
def test_a_10_km_in_1_05_fails_the_strict_build_and_diary_check(too_fast, tmp_path):
    root, _ = too_fast
    result = pelican(root / "content", tmp_path / "out", **STRICT)
    assert result.returncode != 0
    assert "the publish build stops here" in log(result) and "write 1:05:00" in log(result)
    checked = diary_check(root)
    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert "training[1].time: time 1:05 is read as 1 min 5 s" in checked.stdout


# --- item 6: a goal race nine days ahead ----------------------------------------------------


@pytest.fixture(scope="module")
def goal_race(tmp_path_factory):
    root = site_of(tmp_path_factory, "goal-race", GOAL_RACE)
    return root, pelican(root / "content", root / "out")


@pytest.mark.slow
def test_a_planned_race_is_a_note_not_an_error(goal_race, tmp_path):
    root, result = goal_race
    assert result.returncode == 0, log(result)
    assert "1 note in the diary's logs" in log(result)
    assert "training[3].date: planned: dated after today (2026-12-07)" in log(result)
    assert "error" not in log(result).lower()
    strict = pelican(root / "content", tmp_path / "out", **STRICT)
    assert strict.returncode == 0, log(strict)  # planned alone never fails the publish build
    checked = diary_check(root)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "training[3].date: planned: dated after today (2026-12-07)" in checked.stdout
    assert "0 errors, 0 warnings, 1 note" in checked.stderr + checked.stdout


@pytest.mark.slow
def test_a_planned_race_is_no_record_total_or_streak_in_diary_json(goal_race):
    root, _ = goal_race
    data = json.loads((root / "out" / "diary.json").read_text(encoding="utf-8"))
    # The longest run is the 15 km of 6 December, not the 21.0975 km planned on the 16th.
    assert data["records"]["longest_run"]["distance_m"] == 15000
    assert data["records"]["longest_run"]["date"] == "2026-12-06"
    assert data["records"]["best"]["half marathon"] is None
    # Done: 12 + 8 + 15 = 35 km, 3 entries; the half is not in it.
    assert data["totals"]["training"]["count"] == 3
    assert data["totals"]["training"]["distance_m"] == 35000
    assert data["totals"]["training"]["by_activity"]["run"]["distance_m"] == 35000
    # The entry list keeps it, marked; the others have no `planned` key.
    planned = [e for e in data["training"] if e.get("planned")]
    assert [(e["date"], e["distance_m"], e["planned"]) for e in planned] == [("2026-12-16", 21097.5, True)]
    assert sum("planned" in e for e in data["training"]) == 1
    rows = list(csv.DictReader(io.StringIO((root / "out" / "training.csv").read_text(encoding="utf-8"))))
    assert [r["date"] for r in rows] == ["2025-11-20", "2026-12-01", "2026-12-06"]


@pytest.mark.slow
def test_the_training_page_never_counts_the_week_not_yet_lived(goal_race):
    root, _ = goal_race
    soup = BeautifulSoup((root / "out" / "training" / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    text = " ".join(soup.get_text(" ").split())
    # This year against last, to the newest day done (6 December), not the 16th.
    assert "2026 against 2025, to 6 December" in text
    assert "16 December" not in text and "1:45:00" not in text
    # Longest run 15 km; no best half marathon.
    assert "21.10 km" not in text
    # The weekly chart ends with the week of Monday 30 November (which holds 1 and 6
    # December), not with the week of 14 December.
    chart = soup.select_one('section[aria-labelledby="weekly-distance-heading"]')
    bars = [title.get_text() for title in chart.select("g.bar rect title")]
    # 23.0 km = the 8 km of 1 December + the 15 km of the 6th; the last bar drawn.
    assert bars[-1] == "30 Nov 2026: 23.0 km", bars
    assert not [bar for bar in bars if bar.startswith(("7 Dec", "14 Dec"))]


@pytest.mark.slow
def test_the_post_shows_the_planned_race_marked_and_leaves_it_out_of_its_totals(goal_race):
    root, _ = goal_race
    post = BeautifulSoup((root / "out" / "2026" / "12" / "training-towards-the-half" / "index.html")
                         .read_text(encoding="utf-8"), "html.parser")
    table = post.select_one("table#log-training")
    rows = table.select("tbody tr")
    assert len(rows) == 4
    assert [("planned" in r.get_text(" ")) for r in rows] == [False, False, False, True]
    assert rows[3].get("class") == ["planned"] and "the goal race" in rows[3].get_text()
    (totals,) = table.select("tfoot tr")
    # 3 runs, 35.00 km, 1:05:00 + 44:00 + 1:24:00 = 3:13:00
    assert " ".join(totals.get_text(" ").split()) .startswith("3 runs 35.00 km 3:13:00")


def test_the_day_of_the_build_is_today_in_the_sites_time_zone_or_diary_today():
    import datetime as dt
    from zoneinfo import ZoneInfo

    from pelican.plugins.running_diary.core.settings import SettingsError
    from pelican.plugins.running_diary.plugin.receivers import build_day

    assert build_day({"DIARY_TODAY": TODAY}) == dt.date(2026, 12, 7)
    # UTC+14 and UTC-11 are a day apart for 23 hours of every 24: each takes its own.
    for zone in ("Pacific/Kiritimati", "Pacific/Pago_Pago"):
        before = dt.datetime.now(ZoneInfo(zone)).date()
        assert build_day({"TIMEZONE": zone}) in (before, before + dt.timedelta(days=1))
    with pytest.raises(SettingsError, match="DIARY_TODAY must be a date such as 2026-12-07"):
        build_day({"DIARY_TODAY": "next week"})
