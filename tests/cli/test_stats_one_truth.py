"""`diary stats` and the site agree: the same posts (no drafts, no hidden post, a
translation once) through the same summariser, for a week, a month and a year."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import build_site

pytestmark = pytest.mark.slow  # builds and the diary command in processes of their own: `make test`, not test-fast

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent

POSTS = {
    "2024/a.md": "---\ntitle: Week one\ndate: 2024-04-07\ntraining:\n  - {date: 2024-04-01, distance: 5 km, time: \"25:00\"}\n"
                 "  - {date: 2024-04-03, distance: 10 km, time: \"55:00\"}\n  - {date: 2024-04-04, activity: cycle, distance: 20 km, time: 50min}\n---\n",
    "2024/b.md": "---\ntitle: Week two\ndate: 2024-04-14\ntraining:\n  - {date: 2024-04-09, distance: 8 km, time: \"44:00\"}\n"
                 "  - {date: 2024-04-13, activity: rest}\n---\n",
    "2024/c.md": "---\ntitle: May\ndate: 2024-05-05\ntraining:\n  - {date: 2024-05-02, distance: 12 km, time: \"1:06:00\"}\n---\n",
    "2024/draft.md": "---\ntitle: Draft\ndate: 2024-04-10\ndraft: true\ntraining:\n  - {date: 2024-04-10, distance: 7 km, time: \"40:00\"}\n---\n",
    "2024/status.md": "---\ntitle: Draft two\ndate: 2024-04-11\nstatus: draft\ntraining:\n  - {date: 2024-04-11, distance: 9 km, time: \"50:00\"}\n---\n",
    "2024/hidden.md": "---\ntitle: Hidden\ndate: 2024-04-12\nstatus: hidden\ntraining:\n  - {date: 2024-04-12, distance: 3 km, time: \"18:00\"}\n---\n",
    "2024/b-fr.md": "---\ntitle: Week two\nslug: week-two\nlang: fr\ndate: 2024-04-14\ntraining:\n  - {date: 2024-04-09, distance: 8 km, time: \"44:00\"}\n---\n",
}


@pytest.fixture(scope="module")
def site_and_diary_json(tmp_path_factory):
    """POSTS built with the site's settings: the site's folder and its diary.json, read."""
    root = tmp_path_factory.mktemp("one-truth")
    build, out = build_site(root / "content", root / "out", files=POSTS)
    assert build.returncode == 0, build.stdout + build.stderr
    return root, json.loads((out / "diary.json").read_text())


def stats(root: Path, period: str, day: str) -> dict[str, tuple[str, str, str]]:
    result = subprocess.run([str(BIN / "diary"), "stats", f"--{period}", "--date", day, "--content",
                             str(root / "content"), "--conf", str(REPO / "pelicanconf.py")],
                            capture_output=True, text=True, timeout=60, env={**os.environ, "COLUMNS": "200"})
    assert result.returncode == 0, result.stderr
    rows = {}
    for line in result.stdout.splitlines():
        match = re.match(r"^(run|cycle|rest days)\s+(\d+)\s*([\d.,]+ km)?\s*([\d:]+)?", line)
        if match:
            rows[match.group(1)] = (match.group(2), match.group(3) or "", match.group(4) or "")
    return rows


def site_runs(data: dict, first: str, last: str) -> tuple[str, str, str]:
    runs = [t for t in data["training"] if t["activity"] == "run" and first <= t["date"] <= last]
    metres, seconds = sum(t["distance_m"] for t in runs), sum(t["time_s"] for t in runs)
    return (str(len(runs)), f"{metres / 1000:.2f} km",
            f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}")


@pytest.mark.parametrize("period, day, first, last, by_hand", [
    # Week of Mon 1 April: 5 km in 25:00 and 10 km in 55:00 (the ride apart)
    ("week", "2024-04-03", "2024-04-01", "2024-04-07", ("2", "15.00 km", "1:20:00")),
    # April: those two and 8 km in 44:00 (the draft, the other draft, the hidden post and the
    # French translation of "Week two" are not counted)
    ("month", "2024-04-20", "2024-04-01", "2024-04-30", ("3", "23.00 km", "2:04:00")),
    # 2024: and May's 12 km in 1:06:00
    ("year", "2024-06-01", "2024-01-01", "2024-12-31", ("4", "35.00 km", "3:10:00")),
])
def test_stats_say_what_diary_json_says(site_and_diary_json, period, day, first, last, by_hand):
    root, data = site_and_diary_json
    assert site_runs(data, first, last) == by_hand
    assert stats(root, period, day)["run"] == by_hand


def test_rest_days_and_rides_are_their_own_rows(site_and_diary_json):
    root, _ = site_and_diary_json
    rows = stats(root, "month", "2024-04-20")
    assert rows["cycle"] == ("1", "20.00 km", "0:50:00")
    assert rows["rest days"] == ("1", "", "")
