"""An interval session's reps under its row, and the pages' load, goals and streak, by hand."""

from __future__ import annotations

import datetime as dt

from pelican.plugins.running_diary.core import summarize
from pelican.plugins.running_diary.core.model import Post
from pelican.plugins.running_diary.core.parse import parse_post
from pelican.plugins.running_diary.core.settings import from_dict
from pelican.plugins.running_diary.render import pages, tables

POST = Post(file="reps.md", url="2024/04/reps/", title="Reps", date=dt.date(2024, 4, 16))


def test_the_reps_line_gives_each_rep_the_mean_the_fastest_and_the_spread():
    """6 x 800 m: 178 s is 222.5 s/km, shown 3:42 (rounded half to even), 175 s 3:39, 177 s
    3:41, 176 s 3:40, 174 s 3:38, 172 s 3:35; mean 1,052 / 6 = 175.3 s, 2:55, over 4.8 km
    219.2 s/km, 3:39; the 6th is fastest; the paces spread (178 - 172) / 0.8 = 7.5 s/km."""
    settings = from_dict({})
    logs = parse_post({"training": [{"type": "intervals", "distance": "9 km", "time": "45:00",
                                     "reps": "6 x 800 m in 2:58, 2:55, 2:57, 2:56, 2:54, 2:52, rest 90 s"}]},
                      post=POST, settings=settings)
    row = tables.post_tables(logs, settings)["training"]["rows"][0]
    assert row["below"] == ["Reps: 6 × 800 m in 2:58 (3:42 /km), 2:55 (3:39), 2:57 (3:41), 2:56 (3:40), "
                            "2:54 (3:38), 2:52 (3:35); mean 2:55 (3:39 /km); fastest the 6th, 2:52; "
                            "spread 7.5 s/km; rest 1:30"]
    assert "reps" not in [c.name for c in tables.post_tables(logs, settings)["training"]["columns"]]


def test_the_training_page_names_the_flagged_week_the_goals_and_the_streak():
    """Four weeks of 10 km (Mondays, 50 min at effort 5: 250 load a week), then 15 km on Mon
    29 Jan: 50% above the four weeks' 10, flagged. A session without an effort is counted.
    Goals: 12 km a week (15 of 12 this week, 125%) and 40 a month (January: 4 x 10 + 15 = 55)."""
    settings = from_dict({"weekly_goal_km": 12, "monthly_goal_km": 40})
    runs = [{"date": f"2024-01-{d:02d}", "distance": "10 km", "time": "50:00", "effort": 5} for d in (1, 8, 15, 22)]
    runs.append({"date": "2024-01-29", "distance": "15 km", "time": "80:00"})
    diary = summarize.collect([parse_post({"training": runs}, post=POST, settings=settings)])
    page = pages.training_page(diary, settings)
    assert page["load"]["missing"] == "1 of 5 sessions has no effort (1 to 10) and so no load"
    assert page["load"]["flagged"] == [{"week": "2024-01-29", "label": "Week of 29 January 2024",
                                        "why": "Running 15.0 km, 50% above the mean of the four weeks before (10.0 km)."}]
    assert [(g["label"], g["done"], g["goal"], g["share"], g["reached"]) for g in page["goals"]] == [
        ("The week of 29 January 2024", "15.00 km", "12.00 km", "125%", True),
        ("January 2024", "55.00 km", "40.00 km", "138%", True)]
    assert page["streak"]["current"] == "1 day" and page["streak"]["longest"] == "1 day"
