"""Per-post tables, site summaries and streaks, over plain entries."""

import datetime as dt

import pytest

from diary.core import summarize
from diary.render import tables
from diary.core.model import Money, Post, PostLogs
from diary.core.specs import Soreness, Stretch, Training, Treatment
from diary.core.settings import from_dict

D = dt.date
P1 = Post(file="a.md", url="2024/04/a/", title="A", date=D(2024, 4, 7))
P2 = Post(file="b.md", url="2024/04/b/", title="B", date=D(2024, 4, 14))


def run(day, km=None, minutes=None, activity="run", shoes=None, post=P1, index=0):
    return Training(date=day, post=post, index=index, activity=activity, shoes=shoes,
                    distance_m=km * 1000 if km else None, time_s=minutes * 60 if minutes else None)


def stretch(day, hold, sets=1, side=None, muscle="calves", name="calf stretch", post=P1, index=0):
    return Stretch(date=day, post=post, index=index, name=name, muscle=muscle, hold_s=hold, sets=sets, side=side)


@pytest.fixture
def settings():
    return from_dict({})


def test_post_tables_have_rows_totals_and_only_filled_columns(settings):
    logs = PostLogs(post=P1, present=("training", "stretches"), logs={
        "training": (run(D(2024, 4, 1), 6, 34.5, shoes="Pegasus"), run(D(2024, 4, 3), 20, 55, "cycle")),
        "stretches": (stretch(D(2024, 4, 1), 30, 3, "both"), stretch(D(2024, 4, 2), 20))})
    view = tables.post_tables(logs, settings)
    assert view["logs"] == ["training", "stretches"]
    assert view["training"]["rows"][0] | {} == {
        "date": "2024-04-01", "date_label": "Mon 1 Apr", "notes": "", "activity": "run", "type": "",
        "distance": "6.00 km", "time": "0:34:30", "pace": "5:45 /km", "elevation": "", "hr": "",
        "effort": "", "shoes": "Pegasus"}
    assert view["training"]["rows"][1]["pace"] == "21.8 km/h"  # a ride: its speed, worked out by hand
    assert [c.name for c in view["training"]["columns"]] == ["date", "activity", "distance", "time", "pace", "shoes"]
    assert [c.label for c in view["training"]["columns"]] == ["Date", "Activity", "Distance", "Time", "Pace", "Shoes"]
    # A row per activity, never a distance or pace across them: 6 km in 34:30 is 5:45 /km;
    # the ride's 20 km in 55:00 is 21.8 km/h.
    assert view["training"]["totals"] == [
        {"label": "1 run", "distance": "6.00 km", "time": "0:34:30", "pace": "5:45 /km"},
        {"label": "1 ride", "distance": "20.00 km", "time": "0:55:00", "pace": "21.8 km/h"}]
    assert view["stretches"]["totals"] == [{"label": "2 stretches", "total": "0:03:20", "hold": "50% ≥ 30 s"}]
    assert view["stretches"]["rows"][1]["long_enough"] is False
    assert view["digest"] == "6.00 km · 0:34:30 · ride 20.00 km · 2 stretches"


def test_a_post_without_logs_has_no_tables(settings):
    assert tables.post_tables(PostLogs(post=P1), settings) is None


def test_spend_in_several_currencies_is_never_added_up(settings):
    logs = PostLogs(post=P1, present=("treatments",), logs={"treatments": (
        Treatment(date=D(2024, 4, 1), post=P1, index=0, kind="sports massage", cost=Money(amount=45, currency="GBP")),
        Treatment(date=D(2024, 4, 2), post=P1, index=1, kind="physio", cost=Money(amount=60, currency="USD")),
        Treatment(date=D(2024, 4, 3), post=P1, index=2, kind="sports massage", cost=Money(amount=45, currency="GBP")))})
    view = tables.post_tables(logs, settings)
    assert view["treatments"]["totals"][0]["cost"] == "£90.00 + $60.00"
    assert view["digest"] == "sports massage · physio"


def test_totals_per_week_month_year_and_activity(settings):
    runs = (run(D(2024, 3, 31), 5, 30), run(D(2024, 4, 1), 10, 55), run(D(2024, 4, 2), 20, 60, "cycle"),
            run(D(2025, 1, 1), 8, 45))
    summary = summarize.summarize_training(runs, settings)
    assert summary.all_time.all.count == 4 and summary.all_time.all.distance_m == 43000
    assert [p.key for p in summary.years] == ["2024", "2025"]
    assert [p.key for p in summary.months] == ["2024-03", "2024-04", "2025-01"]
    assert [p.key for p in summary.weeks] == ["2024-03-25", "2024-04-01", "2024-12-30"]
    april = summary.months[1]
    assert april.by_activity["run"].distance_m == 10000 and april.by_activity["cycle"].distance_m == 20000


def test_sunday_weeks(settings):
    sunday = from_dict({"week_start": "sunday"})
    assert summarize.week_start(D(2024, 4, 3), sunday) == D(2024, 3, 31)
    assert summarize.week_start(D(2024, 4, 3), settings) == D(2024, 4, 1)


def test_records_consider_runs_only(settings):
    runs = (run(D(2024, 4, 1), 4, 18), run(D(2024, 4, 2), 5, 24), run(D(2024, 4, 3), 10, 50),
            run(D(2024, 4, 4), 50, 100, "cycle"), run(D(2024, 4, 10), 12, 70))
    summary = summarize.summarize_training(runs, settings)
    assert summary.longest_run.distance_m == 12000
    assert summary.fastest_run.distance_m == 5000  # the 4 km at 4:30/km is under 5 km
    assert summary.biggest_week.key == "2024-04-01"
    assert summary.biggest_week.by_activity["run"].distance_m == 19000


def test_distance_per_pair_of_shoes(settings):
    runs = (run(D(2024, 4, 1), 5, 30, shoes="Pegasus"), run(D(2024, 4, 2), 10, 60, shoes="Ghost"),
            run(D(2024, 4, 3), 8, 45, shoes="Pegasus"), run(D(2024, 4, 4), 20, 60, "cycle", shoes="Pegasus"))
    summary = summarize.summarize_training(runs, settings)
    assert [(name, t.distance_m, t.count) for name, t, _ in summary.shoes] == [
        ("Pegasus", 13000, 2), ("Ghost", 10000, 1)]
    assert summary.shoes[0][2].date == D(2024, 4, 3)


def test_weekly_distance_covers_the_diarys_own_span_with_zeros(settings):
    # 3 Apr and 24 Apr 2024: the weeks of Monday 1, 8, 15 and 22 April, the two between empty.
    summary = summarize.summarize_training((run(D(2024, 4, 3), 5, 30), run(D(2024, 4, 24), 8, 45)), settings)
    assert summary.weekly_distance == [(D(2024, 4, 1), 5000), (D(2024, 4, 8), 0.0),
                                       (D(2024, 4, 15), 0.0), (D(2024, 4, 22), 8000)]


def test_weekly_distance_is_at_most_the_last_52_weeks(settings):
    # A ride does not start the span of a running chart's weeks any less than a run does:
    # the diary began on 2 Jan 2023, but 52 weeks back from the week of 22 Apr 2024 is 1 May 2023.
    runs = (run(D(2023, 1, 2), 20, 60, "cycle"), run(D(2024, 4, 24), 8, 45))
    summary = summarize.summarize_training(runs, settings)
    assert len(summary.weekly_distance) == 52
    assert summary.weekly_distance[0] == (D(2023, 5, 1), 0.0)
    assert summary.weekly_distance[-1] == (D(2024, 4, 22), 8000)


def test_stretch_figures_per_name_and_muscle_with_sides(settings):
    stretches = (stretch(D(2024, 4, 1), 30, 3, "both"), stretch(D(2024, 4, 2), 20, 2, "left"),
                 stretch(D(2024, 4, 2), 45, 1, "right", muscle="hamstrings", name="hamstring"))
    summary = summarize.summarize_stretches(stretches, settings, D(2024, 4, 2))
    (calf_name, calf), (ham_name, ham) = summary.by_name
    assert calf_name == "calf stretch" and calf.total_s == 220 and calf.sessions == 2
    assert calf.average_hold_s == 25 and calf.long_enough == 1
    assert (calf.left_s, calf.right_s, calf.sided) == (130, 90, True)
    assert summary.minutes_by_muscle["calves"][-1] == pytest.approx(220 / 60)
    assert len(summary.weeks) == 12


def test_streaks(settings):
    days = [D(2024, 4, 1), D(2024, 4, 2), D(2024, 4, 3), D(2024, 4, 5), D(2024, 4, 6)]
    stretches = tuple(stretch(day, 30) for day in days)
    summary = summarize.summarize_stretches(stretches, settings, today=D(2024, 4, 7))
    assert (summary.longest_streak, summary.longest_streak_end, summary.current_streak) == (3, D(2024, 4, 3), 2)
    assert summarize.summarize_stretches(stretches, settings, today=D(2024, 4, 9)).current_streak == 0


def test_recovery_spend_per_month_year_and_all(settings):
    def massage(day, amount, currency="GBP"):
        return Treatment(date=day, post=P1, index=0, kind="massage", cost=Money(amount=amount, currency=currency))

    summary = summarize.summarize_recovery(
        (massage(D(2024, 3, 7), 45), massage(D(2024, 3, 14), 45), massage(D(2024, 4, 11), 40),
         massage(D(2025, 1, 9), 60, "USD")),
        (Soreness(date=D(2024, 3, 1), post=P1, index=0, area="Calves", score=7),
         Soreness(date=D(2024, 3, 8), post=P2, index=0, area="calves", score=2)))
    assert summary.spend_by_month == [("2024-03", {"GBP": 90}), ("2024-04", {"GBP": 40}), ("2025-01", {"USD": 60})]
    assert summary.spend_by_year == [("2024", {"GBP": 130}), ("2025", {"USD": 60})]
    assert summary.spend_all == {"GBP": 130, "USD": 60}
    assert [e.score for e in summary.soreness_by_area["calves"]] == [7, 2]


def test_collect_sorts_by_date_then_post_then_order():
    a = PostLogs(post=P2, logs={"training": (run(D(2024, 4, 2), 5, post=P2, index=0), run(D(2024, 4, 1), 5, post=P2, index=1))})
    b = PostLogs(post=P1, logs={"training": (run(D(2024, 4, 2), 5, post=P1, index=0),)})
    diary = summarize.collect([a, b])
    assert [(r.date.day, r.post.title, r.index) for r in diary.training] == [(1, "B", 1), (2, "A", 0), (2, "B", 0)]
