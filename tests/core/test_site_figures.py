"""The site's figures, worked out once a build (summarize.site_figures): the totals read off
the summaries, with figures worked out by hand; every page and data file takes them as they
are, and works out none of them again."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from pelican.plugins.running_diary.core import load, streaks, summarize
from pelican.plugins.running_diary.core.model import Post
from pelican.plugins.running_diary.core.parse import parse_post
from pelican.plugins.running_diary.core.settings import from_dict
from pelican.plugins.running_diary.render import export, pages

SETTINGS = from_dict({"weekly_goal_km": 20})
POST = Post(file="week.md", url="2024/04/week/", title="A week", date=dt.date(2024, 4, 21))


def site_url(post):
    return "/" + post.url


def week_of_logs():
    """Mon 15 April 2024: 5 km in 25:00; Tue 16: a 20 km ride in 50:00; Wed 17: 10 km in 55:00;
    a massage at 45 GBP and one at 20 EUR; two stretches; soreness on two days."""
    logs = parse_post({
        "training": [{"date": "2024-04-15", "distance": "5 km", "time": "25:00", "effort": 4},
                     {"date": "2024-04-16", "activity": "cycle", "distance": "20 km", "time": "50:00"},
                     {"date": "2024-04-17", "distance": "10 km", "time": "55:00", "effort": 6}],
        "stretches": [{"date": "2024-04-16", "name": "calf stretch", "hold": "45s", "sets": 3, "side": "both"},
                      {"date": "2024-04-17", "name": "couch stretch", "hold": "60s", "sets": 2}],
        "treatments": [{"date": "2024-04-16", "kind": "sports massage", "cost": "45 GBP", "areas": ["calves"]},
                       {"date": "2024-04-18", "kind": "physio", "cost": "20 EUR"}],
        "soreness": [{"date": "2024-04-16", "area": "calves", "score": 4},
                     {"date": "2024-04-18", "area": "calves", "score": 2}],
    }, post=POST, settings=SETTINGS)
    assert not logs.problems, logs.problems
    return summarize.collect([logs])


def test_the_totals_are_read_off_the_summaries_and_match_the_arithmetic():
    figures = summarize.site_figures(week_of_logs(), SETTINGS)
    totals = figures.totals
    # Training: 3 entries; 5 + 20 + 10 = 35 km; 25:00 + 50:00 + 55:00 = 130 min = 7800 s.
    assert (totals.training_count, totals.distance_m, totals.time_s) == (3, 35_000, 7800)
    assert {name: (t.count, t.distance_m) for name, t in totals.by_activity.items()} == {
        "run": (2, 15_000), "cycle": (1, 20_000)}
    assert list(totals.by_activity) == ["run", "cycle"]  # runs first
    # Stretches: 45 s x 3 sets x 2 sides = 270 s, and 60 s x 2 = 120 s: 390 s.
    assert (totals.stretch_count, totals.stretch_s) == (2, 390)
    # Spend per currency, never added together.
    assert (totals.treatment_count, totals.spend) == (2, {"GBP": 45, "EUR": 20})
    # One truth: the same tallies the training page shows, the spend the recovery page shows.
    assert totals.by_activity["run"] is figures.training.all_time.by_activity["run"]
    assert totals.spend is figures.recovery.spend_all
    assert totals.stretch_s == figures.stretching.all.total_s


def test_one_streak_each_and_the_records_are_the_training_summary_s():
    figures = summarize.site_figures(week_of_logs(), SETTINGS)
    # "Now" is the diary's newest day, the 18th (a treatment, a soreness). Runs on the 15th and
    # the 17th (the ride on the 16th is no run): 1 day now (the 17th, the day before), 1 at the
    # longest (the 15th, the earlier of equals); stretches on the 16th and 17th: 2 in a row.
    assert figures.streaks.running == streaks.Streak(current=1, longest=1, longest_end=dt.date(2024, 4, 15))
    assert figures.streaks.stretching is figures.stretching.streak
    assert (figures.stretching.streak.current, figures.stretching.streak.longest) == (2, 2)
    assert figures.training.longest_run.distance_m == 10_000
    assert figures.training.best["5 km"].time_s == 25 * 60 and figures.training.best["10 km"].time_s == 55 * 60
    # The week of Mon 15 April: 15 km of running against the goal of 20.
    assert [(g.period, g.start, g.done_km) for g in figures.goals] == [("week", dt.date(2024, 4, 15), 15.0)]
    # Load = effort x minutes: 4 x 25 and 6 x 55 (the ride has no effort, so no load).
    assert (figures.load.sessions, figures.load.without_effort) == (3, 1)
    assert sum(day.load for day in figures.load.days) == 4 * 25 + 6 * 55


def test_the_figures_are_frozen():
    figures = summarize.site_figures(week_of_logs(), SETTINGS)
    with pytest.raises(dataclasses.FrozenInstanceError):
        figures.load = None


# Every function that works out a figure of SiteFigures.
FIGURE_FUNCTIONS = ("site_figures", "summarize_training", "summarize_stretches", "summarize_recovery",
                    "training_load", "goals", "run_records", "site_totals")


def _again(*args, **kwargs):
    raise AssertionError("a figure worked out again: the build's SiteFigures has it")


def test_the_pages_and_the_data_files_take_the_figures_as_they_are(monkeypatch):
    diary = week_of_logs()
    figures = summarize.site_figures(diary, SETTINGS)
    # Worked out by each page and file on its own (the tests' way), for comparison.
    expected_pages = pages.site_context(diary, SETTINGS)
    expected_files = {"diary.json": export.diary_json(diary, site_url, SETTINGS),
                      **export.csv_files(diary, site_url)}
    with monkeypatch.context() as patched:
        for name in FIGURE_FUNCTIONS:  # each raises: a page or file that works one out again fails
            patched.setattr(summarize, name, _again)
        patched.setattr(load, "training_load", _again)
        patched.setattr(streaks, "streak", _again)
        records_made = []
        records = export.records
        patched.setattr(export, "records", lambda *a: records_made.append(1) or records(*a))
        site = pages.site_context(diary, SETTINGS, figures=figures)
        files = export.data_files(diary, site_url, SETTINGS, figures)
    assert site == expected_pages
    assert files == expected_files
    assert len(records_made) == 1  # for diary.json and the CSV files both
    assert json.loads(files["diary.json"])["totals"]["training"]["distance_m"] == 35_000

