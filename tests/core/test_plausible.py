"""Issue 18, items 5 and 6, rule by rule: figures a runner would believe, and planned
entries. Every bound below is worked out by hand from the contract's records."""

import dataclasses
import datetime as dt

import pytest

from pelican.plugins.running_diary.core import activities, plausible, summarize
from pelican.plugins.running_diary.core.model import PostLogs
from pelican.plugins.running_diary.core.parse import parse_entry, parse_post
from pelican.plugins.running_diary.render import export, tables


def test_the_running_bound_is_the_record_pace_interpolated_by_distance():
    # At a record's own distance, the record's pace: 10 km in 26:11 = 1,571 s / 10 = 157.1 s a km.
    assert plausible.fastest_running_pace(10_000) == pytest.approx(157.1)
    # 800 m in 1:40.91: 100.91 s / 0.8 = 126.1375 s a km.
    assert plausible.fastest_running_pace(800) == pytest.approx(126.1375)
    # 3 km lies 1,500 m into the 3,500 m between 1,500 m (3:26.00 = 206 s, so 206 / 1.5 =
    # 137.333 s a km) and 5 km (12:35 = 755 s, so 151 s a km): 3/7 of the way, so
    # 137.333 + 3/7 x (151 - 137.333) = 137.333 + 5.857 = 143.190 s a km, 429.57 s for 3 km (7:10).
    assert plausible.fastest_running_pace(3000) == pytest.approx(143.190, abs=0.001)
    assert activities.get("run").bound.fastest_time(3000) == pytest.approx(429.57, abs=0.01)
    # Below 800 m: 2:00 a km, so 400 m in 48 s.
    assert activities.get("run").bound.fastest_time(400) == pytest.approx(48)
    # Beyond the marathon, its pace: 7,235 s / 42.195 = 171.466 s a km; 50 km in 8,573.3 s.
    assert plausible.fastest_running_pace(50_000) == pytest.approx(171.466, abs=0.001)
    assert activities.get("run").bound.fastest_time(50_000) == pytest.approx(8573.3, abs=0.1)


@pytest.mark.parametrize("activity,metres,at_the_bound", [
    ("run", 10_000, 1571),  # 26:11
    ("run", 5_000, 755),  # 12:35
    ("run", 21_097.5, 3450),  # 57:30
    ("run", 42_195, 7235),  # 2:00:35
    ("cycle", 40_000, 1800),  # 40 km at 80 km/h: half an hour
    ("swim", 1_500, 690),  # 15 x 46 s
    ("walk", 6_000, 1800),  # 6 km at 12 km/h: half an hour
    ("hike", 6_000, 1800),
])
def test_a_time_equal_to_the_bound_stands_and_a_second_faster_does_not(activity, metres, at_the_bound):
    assert plausible.problem_with(activities.get(activity), metres, at_the_bound, field="time", given="x") is None
    assert plausible.problem_with(activities.get(activity), metres, at_the_bound - 1, field="time", given="x")


@pytest.mark.parametrize("activity", [a for a in activities.names() if activities.get(a).bound is None])
def test_activities_without_a_bound(activity):
    assert plausible.problem_with(activities.get(activity), 10_000, 1, field="time", given="0:01") is None


def test_a_10_km_in_1_05_says_how_it_was_read_and_what_to_write(massage_post, default_settings):
    entry, problems = parse_entry("training", 0, {"distance": "10 km", "time": "1:05"},
                                  post=massage_post, settings=default_settings)
    assert entry is None
    assert [str(p) for p in problems] == [
        "content/2024/massage.md: training[0].time: time 1:05 is read as 1 min 5 s, a 0:06 /km "
        "10 km, faster than the world record (10 km in 26:11); for an hour and five minutes "
        "write 1:05:00 (got '1:05')"]
    # As an hour and five: 3,900 s, 6:30 a km.
    fixed, problems = parse_entry("training", 0, {"distance": "10 km", "time": "1:05:00"},
                                  post=massage_post, settings=default_settings)
    assert problems == [] and fixed.time_s == 3900


def test_the_hint_is_given_only_where_h_mm_is_believable():
    # 800 m in 1:39 read as m:ss beats 1:40.91; as 1 h 39 min it is 59 times the record: no hint.
    said = plausible.problem_with(activities.get("run"), 800, 99, field="time", given="1:39")
    assert "faster than the world record (800 m in 1:40.91)" in said
    assert said.endswith("check the distance, the time and their units")
    # A marathon in 2:55 meant 2 h 55 min (1.45 times 2:00:35).
    assert plausible.problem_with(activities.get("run"), 42_195, 175, field="time", given="2:55").endswith(
        "for two hours and 55 minutes write 2:55:00")
    # A 5 km in 0:25 is 25 s; 25 minutes is written 25:00.
    assert plausible.problem_with(activities.get("run"), 5000, 25, field="time", given="0:25").endswith(
        "for 25 minutes write 25:00")


def test_other_activities_say_their_own_figure():
    # 20 km in 10 min = 120 km/h.
    assert plausible.problem_with(activities.get("cycle"), 20_000, 600, field="time", given="10:00").startswith(
        "time 10:00 is read as 10 min, a 120.0 km/h ride over 20 km, faster than the 80 km/h a ride can average")
    # 1 km in 5 min = 30 s a 100 m.
    assert "a 0:30 /100 m swim over 1 km, faster than the world record's 46 s per 100 m" in \
        plausible.problem_with(activities.get("swim"), 1000, 300, field="time", given="5:00")
    # 10 km in 40 min = 15 km/h.
    assert "a 15.0 km/h walk over 10 km, faster than the 12 km/h a walk can average" in \
        plausible.problem_with(activities.get("walk"), 10_000, 2400, field="time", given="40:00")


def test_an_implausible_pace_is_named_on_the_pace(massage_post, default_settings):
    entry, problems = parse_entry("training", 0, {"distance": "10 km", "pace": "1:40/km"},
                                  post=massage_post, settings=default_settings)
    assert entry is None
    # 100 s a km over 10 km = 1,000 s, 16:40.
    assert [(p.field, p.message) for p in problems] == [(
        "pace", "pace 1:40/km gives 16:40 over 10 km, a 1:40 /km 10 km, faster than the world "
        "record (10 km in 26:11); check the pace and its unit (per km or per mi)")]


def test_an_activity_without_a_bound_keeps_any_figure(massage_post, default_settings):
    entry, problems = parse_entry("training", 0, {"activity": "cross", "distance": "10 km", "time": "1:05"},
                                  post=massage_post, settings=default_settings)
    assert problems == [] and entry.time_s == 65


@pytest.mark.parametrize("hr,ok", [(24, False), (25, True), (250, True), (251, False)])
def test_heart_rate_is_25_to_250(massage_post, default_settings, hr, ok):
    entry, problems = parse_entry("training", 0, {"time": "30:00", "hr": hr},
                                  post=massage_post, settings=default_settings)
    assert (entry is not None) is ok
    if not ok:
        assert [str(p) for p in problems] == [
            f"content/2024/massage.md: training[0].hr: must be from 25 to 250 (got {hr})"]


# --- planned entries ---------------------------------------------------------------------------

TODAY = dt.date(2026, 12, 7)


def test_an_entry_after_today_is_planned_with_a_note(massage_post, default_settings):
    later, problems = parse_entry("training", 0, {"date": "2026-12-16", "distance": "21.0975 km",
                                                  "time": "1:45:00"},
                                                  post=massage_post, settings=default_settings, today=TODAY)
    assert later.planned
    assert [(p.severity, str(p)) for p in problems] == [(
        "note", "content/2024/massage.md: training[0].date: planned: dated after today (2026-12-07), "
                "so shown in its post and counted in no total, record or chart until that day "
                "(got 2026-12-16)")]
    on_the_day, problems = parse_entry("training", 0, {"date": "2026-12-07", "time": "30:00"},
                                       post=massage_post, settings=default_settings, today=TODAY)
    assert not on_the_day.planned and problems == []
    # Without a day of the build (a pure caller), nothing is planned.
    unknown, _ = parse_entry("training", 0, {"date": "2026-12-16", "time": "30:00"},
                             post=massage_post, settings=default_settings)
    assert not unknown.planned


def goal_race_logs(post, settings) -> PostLogs:
    """The issue's shape: 15 km done on 6 December, a half planned on the 16th, stretches both sides."""
    return parse_post({"training": [
        {"date": "2025-11-20", "distance": "12 km", "time": "1:05:00"},
        {"date": "2026-12-06", "distance": "15 km", "time": "1:24:00"},
        {"date": "2026-12-16", "distance": "21.0975 km", "time": "1:45:00"},
    ], "stretches": [
        {"date": "2026-12-06", "name": "calf", "hold": "30s"},
        {"date": "2026-12-08", "name": "calf", "hold": "30s"},
    ]}, post=dataclasses.replace(post, date=dt.date(2026, 12, 6)), settings=settings, today=TODAY)


def test_planned_entries_count_in_no_total_record_streak_or_newest_day(massage_post, default_settings):
    diary = summarize.collect([goal_race_logs(massage_post, default_settings)])
    assert [e.date.day for e in diary.training] == [20, 6]  # done only
    assert [e.date.day for e in diary.with_planned("training")] == [20, 6, 16]
    assert diary.last_date == dt.date(2026, 12, 6)  # not the 16th, nor the stretch of the 8th
    summary = summarize.summarize_training(diary.training, default_settings, diary.last_date)
    assert summary.longest_run.distance_m == 15_000
    assert summary.best["half marathon"] is None
    assert summary.year_to_date.as_of == dt.date(2026, 12, 6)
    assert summary.weekly_distance[-1] == (dt.date(2026, 11, 30), 15_000)  # the week of Mon 30 Nov
    stretching = summarize.summarize_stretches(diary.stretches, default_settings, diary.last_date)
    assert (stretching.current_streak, stretching.all.sessions) == (1, 1)
    found = export.totals(summarize.site_figures(diary, default_settings).totals)["training"]
    assert (found["count"], found["distance_m"]) == (2, 27_000)  # 12 + 15 km


def test_diary_json_lists_a_planned_entry_marked_and_the_csv_leaves_it_out(massage_post, default_settings):
    diary = summarize.collect([goal_race_logs(massage_post, default_settings)])
    rows = export.records(diary, lambda p: "/" + p.url)["training"]
    assert [(r["date"], r.get("planned")) for r in rows] == [
        ("2025-11-20", None), ("2026-12-06", None), ("2026-12-16", True)]
    csv_text = export.csv_files(diary, lambda p: "/" + p.url)["training.csv"]
    assert "2026-12-16" not in csv_text and "2026-12-06" in csv_text


def test_a_post_marks_its_planned_rows_and_leaves_them_out_of_its_totals(massage_post, default_settings):
    shown = tables.post_tables(goal_race_logs(massage_post, default_settings), default_settings)
    training = shown["training"]
    assert [row.get("planned", False) for row in training["rows"]] == [False, False, True]
    # 2 runs: 27.00 km, 1:05:00 + 1:24:00 = 2:29:00
    assert [(t["label"], t["distance"], t["time"]) for t in training["totals"]] == [
        ("2 runs", "27.00 km", "2:29:00")]
    assert shown["digest"].startswith("27.00 km · 2:29:00")
