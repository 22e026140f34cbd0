"""Reps, laps and best efforts in a post's front matter, goals and streaks in diary.json:
read, checked and exported, with figures worked out by hand."""

from __future__ import annotations

import datetime as dt
import json

from pelican.plugins.running_diary.core import summarize
from pelican.plugins.running_diary.core.model import Post
from pelican.plugins.running_diary.core.parse import parse_post
from pelican.plugins.running_diary.core.settings import from_dict
from pelican.plugins.running_diary.render import export

SETTINGS = from_dict({"weekly_goal_km": 20, "monthly_goal_km": 80})
POST = Post(file="intervals.md", url="2024/04/intervals/", title="Intervals", date=dt.date(2024, 4, 18))


def site_url(post):
    return "/" + post.url


def parse(*entries):
    return parse_post({"training": list(entries)}, post=POST, settings=SETTINGS)


def test_reps_take_the_entry_s_rest_where_they_name_none_and_reach_diary_json():
    logs = parse({"date": "2024-04-16", "type": "intervals", "distance": "9 km", "time": "45:00", "effort": 8,
                  "reps": [{"distance": "800 m", "time": "2:58"}, {"distance": "800 m", "time": "2:55", "rest": 120}],
                  "rest": "90 s"})
    assert not logs.problems
    data = json.loads(export.diary_json(summarize.collect([logs]), site_url, SETTINGS))
    row = data["training"][0]
    assert row["reps"] == [{"distance_m": 800, "time_s": 178, "rest_s": 90},
                           {"distance_m": 800, "time_s": 175, "rest_s": 120}]
    assert row["load"] == 360  # effort 8 x 45 minutes
    assert "rest" not in row  # given to the reps, not a figure of its own


def test_a_rep_faster_than_a_human_is_named_with_its_number():
    logs = parse({"date": "2024-04-16", "distance": "9 km", "time": "45:00",
                  "reps": "3 x 800 m in 2:58, 0:58, 2:57"})
    [problem] = logs.problems
    assert problem.field == "reps" and problem.message.startswith("rep 2: time 0:58 is read as 58 s")
    assert not logs.entries("training")  # an error leaves the entry out, as any


def test_best_efforts_must_fit_inside_their_run_and_be_humanly_possible():
    too_long = parse({"date": "2024-04-14", "distance": "8 km", "time": "40:00", "best_efforts": {"10 km": "45:00"}})
    too_slow = parse({"date": "2024-04-14", "distance": "12 km", "time": "50:00", "best_efforts": {"10 km": "55:00"}})
    too_fast = parse({"date": "2024-04-14", "distance": "12 km", "time": "60:00", "best_efforts": {"5 km": "9:00"}})
    unknown = parse({"date": "2024-04-14", "distance": "12 km", "time": "60:00", "best_efforts": {"3 km": "12:00"}})
    assert too_long.problems[0].message == "10 km: longer than the run itself"
    assert too_slow.problems[0].message == "10 km: slower than the whole run"
    assert "5 km: time 9:00 is read as 9 min, a 1:48 /km 5 km, faster than the world record" in \
        too_fast.problems[0].message
    assert "no best effort called '3 km'" in unknown.problems[0].message
    good = parse({"date": "2024-04-14", "distance": "12 km", "time": "60:00",
                  "best_efforts": {"10 km": "49:00", "1 km": "4:30", "5 km": "24:00"}})
    assert not good.problems
    row = json.loads(export.diary_json(summarize.collect([good]), site_url, SETTINGS))["training"][0]
    assert row["best_efforts"] == {"1 km": 270, "5 km": 1440, "10 km": 2940}  # in the contract's order


def test_goals_and_streaks_in_diary_json():
    """Runs on Mon 15, Tue 16, Wed 17 and Sat 20 April 2024 (4, 5, 6 and 8 km) and a stretch
    on Sat 20: the running streak is 1 now (Sat), 3 at its longest (15-17); the stretching one 1."""
    logs = parse_post({"training": [{"date": f"2024-04-{d}", "distance": f"{km} km", "time": f"{km * 5}:00"}
                                    for d, km in ((15, 4), (16, 5), (17, 6), (20, 8))],
                       "stretches": [{"date": "2024-04-20", "name": "calf stretch", "hold": 30}]},
                      post=POST, settings=SETTINGS)
    diary = summarize.collect([logs])
    data = json.loads(export.diary_json(diary, site_url, SETTINGS))
    assert data["goals"] == {"weekly_km": 20, "monthly_km": 80, "yearly_km": None}
    assert data["streaks"] == {"running": {"current": 1, "longest": 3}, "stretching": {"current": 1, "longest": 1}}
    # The week of Mon 15 April holds all four runs: 23 km against 20; April 23 km against 80.
    progress = {g.period: (g.start, g.goal_km, g.done_km) for g in summarize.goals(diary, SETTINGS)}
    assert progress == {"week": (dt.date(2024, 4, 15), 20, 23.0), "month": (dt.date(2024, 4, 1), 80, 23.0)}
