"""Per-post tables, site summaries and streaks, over plain entries."""

import datetime as dt

import pytest

from pelican.plugins.running_diary.core import summarize
from pelican.plugins.running_diary.render import tables
from pelican.plugins.running_diary.core.model import Money, Post, PostLogs
from pelican.plugins.running_diary.core.specs import Soreness, Stretch, Training, Treatment
from pelican.plugins.running_diary.core.settings import from_dict

D = dt.date
P1 = Post(file="a.md", url="2024/04/a/", title="A", date=D(2024, 4, 7))
P2 = Post(file="b.md", url="2024/04/b/", title="B", date=D(2024, 4, 14))


def run(day, km=None, minutes=None, activity="run", shoes=None, post=P1, index=0):
    return Training(date=day, post=post, index=index, activity=activity, shoes=shoes,
                    distance_m=km * 1000 if km else None, time_s=minutes * 60 if minutes else None)


def stretch(day, hold, sets=1, side=None, muscle="calves", name="calf stretch", post=P1, index=0):
    return Stretch(date=day, post=post, index=index, name=name, muscle=muscle, hold_s=hold, sets=sets, side=side)


def test_post_tables_have_rows_totals_and_only_filled_columns(default_settings):
    logs = PostLogs(post=P1, present=("training", "stretches"), logs={
        "training": (run(D(2024, 4, 1), 6, 34.5, shoes="Pegasus"), run(D(2024, 4, 3), 20, 55, "cycle")),
        "stretches": (stretch(D(2024, 4, 1), 30, 3, "both"), stretch(D(2024, 4, 2), 20))})
    view = tables.post_tables(logs, default_settings)
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
    assert view["stretches"]["rows"][1]["flags"] == {"hold": ("short", "shorter than the target hold")}
    assert "flags" not in view["stretches"]["rows"][0]  # 30 s: long enough
    assert view["digest"] == "6.00 km · 0:34:30 · ride 20.00 km · 2 stretches"


def test_a_posts_dates_carry_their_year_only_when_they_leave_its_year(default_settings):
    """A post's table is read under the post's dated title: its dates carry the year
    when they mix years or are not of the post's year (a New Year post's week)."""
    new_year = Post(file="c.md", url="2025/01/c/", title="C", date=D(2025, 1, 2))
    same = PostLogs(post=new_year, present=("training",), logs={"training": (run(D(2025, 1, 1), 5),)})
    across = PostLogs(post=new_year, present=("training",),
                      logs={"training": (run(D(2024, 12, 31), 5), run(D(2025, 1, 1), 5))})
    before = PostLogs(post=new_year, present=("training",), logs={"training": (run(D(2024, 12, 30), 5),)})
    labels = [[r["date_label"] for r in tables.post_tables(logs, default_settings)["training"]["rows"]]
              for logs in (same, across, before)]
    assert labels == [["Wed 1 Jan"], ["Tue 31 Dec 2024", "Wed 1 Jan 2025"], ["Mon 30 Dec 2024"]]


def test_the_digest_names_the_earliest_of_equal_soreness_highs(default_settings):
    """Logged newest first, two highs of 6: the digest names the earlier, as every record does."""
    logs = PostLogs(post=P1, present=("soreness",), logs={"soreness": (
        Soreness(date=D(2024, 4, 6), post=P1, index=0, area="quads", score=6),
        Soreness(date=D(2024, 4, 2), post=P1, index=1, area="calves", score=6),
        Soreness(date=D(2024, 4, 4), post=P1, index=2, area="feet", score=3))})
    assert tables.post_tables(logs, default_settings)["digest"] == "calves 6/10"


def test_a_post_without_logs_has_no_tables(default_settings):
    assert tables.post_tables(PostLogs(post=P1), default_settings) is None


def test_spend_in_several_currencies_is_never_added_up(default_settings):
    logs = PostLogs(post=P1, present=("treatments",), logs={"treatments": (
        Treatment(date=D(2024, 4, 1), post=P1, index=0, kind="sports massage", cost=Money(amount=45, currency="GBP")),
        Treatment(date=D(2024, 4, 2), post=P1, index=1, kind="physio", cost=Money(amount=60, currency="USD")),
        Treatment(date=D(2024, 4, 3), post=P1, index=2, kind="sports massage", cost=Money(amount=45, currency="GBP")))})
    view = tables.post_tables(logs, default_settings)
    assert view["treatments"]["totals"][0]["cost"] == "£90.00 + $60.00"
    assert view["digest"] == "sports massage · physio"


def test_totals_per_week_month_year_and_activity(default_settings):
    runs = (run(D(2024, 3, 31), 5, 30), run(D(2024, 4, 1), 10, 55), run(D(2024, 4, 2), 20, 60, "cycle"),
            run(D(2025, 1, 1), 8, 45))
    summary = summarize.summarize_training(runs, default_settings)
    assert summary.all_time.all.count == 4 and summary.all_time.all.distance_m == 43000
    assert [p.key for p in summary.years] == ["2024", "2025"]
    assert [p.key for p in summary.months] == ["2024-03", "2024-04", "2025-01"]
    assert [p.key for p in summary.weeks] == ["2024-03-25", "2024-04-01", "2024-12-30"]
    april = summary.months[1]
    assert april.by_activity["run"].distance_m == 10000 and april.by_activity["cycle"].distance_m == 20000


def test_sunday_weeks(default_settings):
    sunday = from_dict({"week_start": "sunday"})
    assert summarize.week_start(D(2024, 4, 3), sunday) == D(2024, 3, 31)
    assert summarize.week_start(D(2024, 4, 3), default_settings) == D(2024, 4, 1)


def test_records_consider_runs_only(default_settings):
    runs = (run(D(2024, 4, 1), 4, 18), run(D(2024, 4, 2), 5, 24), run(D(2024, 4, 3), 10, 50),
            run(D(2024, 4, 4), 50, 100, "cycle"), run(D(2024, 4, 10), 12, 70))
    summary = summarize.summarize_training(runs, default_settings)
    assert summary.longest_run.distance_m == 12000  # the 50 km ride is no run
    # The 5 km in 24 min = 1,440 s; the 10 km in 50 min = 3,000 s; no half marathon or marathon.
    assert {name: run and run.time_s for name, run in summary.best.items()} == {
        "5 km": 1440, "10 km": 3000, "half marathon": None, "marathon": None}
    # Week of Monday 1 April: 4 + 5 + 10 = 19 km of running (the ride left out); 8 April: 12 km.
    assert summary.biggest_week.key == "2024-04-01"
    assert summary.biggest_week.by_activity["run"].distance_m == 19000
    assert (summary.biggest_week.all.count, summary.biggest_week.all.distance_m) == (3, 19000)
    # April: 4 + 5 + 10 + 12 = 31 km in 4 runs.
    assert (summary.biggest_month.key, summary.biggest_month.all.count,
            summary.biggest_month.all.distance_m) == ("2024-04", 4, 31000)


@pytest.mark.parametrize("metres, race", [
    (5000, "5 km"), (5050, "5 km"),  # a 5.05 km parkrun: 1% over
    (4925, "5 km"), (5075, "5 km"),  # 1.5% of 5,000 m is 75 m: either bound counts
    (4924, None), (5076, None), (4900, None),
    (10150, "10 km"), (9850, "10 km"), (10151, None),  # 1.5% of 10,000 m = 150 m
    (21097.5, "half marathon"), (21100, "half marathon"),
    (21082.4064, "half marathon"),  # 13.1 mi x 1,609.344 m
    (20781.1, "half marathon"), (20781, None),  # 21,097.5 - 316.4625 = 20,781.0375
    (21413.9, "half marathon"), (21414, None),  # 21,097.5 + 316.4625 = 21,413.9625
    (42195, "marathon"), (42164.8128, "marathon"),  # 26.2 mi
    (41562.1, "marathon"), (41562, None),  # 42,195 - 632.925 = 41,562.075
    (8000, None), (None, None), (0, None),
])
def test_a_run_counts_for_a_standard_distance_within_1_5_percent(metres, race):
    assert summarize.race_distance(metres) == race


def test_best_times_are_the_runs_own_times_never_scaled(default_settings):
    runs = (
        run(D(2024, 2, 3), 5.05, 21.5, post=P1, index=0),  # parkrun 5.05 km in 21:30 = 1,290 s
        run(D(2024, 2, 10), 5, 22, post=P1, index=1),  # 5.00 km in 22:00 = 1,320 s: slower
        run(D(2024, 2, 11), 4.9, 19),  # 4.9 km is 2% short of 5 km: no 5 km, however fast
        run(D(2024, 2, 12), 5, 10, "cycle"),  # a ride never counts
        run(D(2024, 2, 13), 5),  # no time: no best time (it may still be the longest)
        run(D(2024, 3, 1), 10, 50, post=P2, index=0),  # two 10 km in 50:00: the earlier holds it
        run(D(2024, 3, 8), 10, 50, post=P2, index=1),
        run(D(2024, 4, 14), 21.1, 105),  # 21.1 km in 1:45:00 = 6,300 s
        run(D(2024, 4, 21), 21.0824064, 100),  # 13.1 mi in 1:40:00 = 6,000 s: the best half
    )
    summary = summarize.summarize_training(runs, default_settings)
    best = summary.best
    # The parkrun's own 1,290 s, not scaled to 5 km (that would be 1,290 x 5 / 5.05 = 1,277 s).
    assert (best["5 km"].date, best["5 km"].distance_m, best["5 km"].time_s) == (D(2024, 2, 3), 5050, 1290)
    assert best["10 km"].date == D(2024, 3, 1)
    assert (best["half marathon"].date, best["half marathon"].time_s) == (D(2024, 4, 21), 6000)
    assert best["marathon"] is None
    assert list(best) == ["5 km", "10 km", "half marathon", "marathon"]
    assert summary.longest_run.date == D(2024, 4, 14)  # 21.1 km beats 13.1 mi = 21.08 km
    # The same records without settings: what diary.json publishes.
    assert summarize.run_records(runs).best == best


def test_most_running_in_a_calendar_month_with_its_first_runs_post(default_settings):
    runs = (run(D(2024, 3, 4), 10, 50, post=P1), run(D(2024, 3, 11), 10, 50, post=P1),
            run(D(2024, 3, 18), 10, 50, post=P1),  # March: 3 x 10 = 30 km
            run(D(2024, 4, 1), 100, 240, "cycle", post=P1),  # a ride: left out
            run(D(2024, 4, 2), 12, 60, post=P2), run(D(2024, 4, 28), 20, 110, post=P1),  # April: 32 km
            run(D(2024, 5, 30), 16, 80, post=P2), run(D(2024, 5, 31), 16, 80, post=P2))  # May: 32 km too
    summary = summarize.summarize_training(runs, default_settings)
    month = summary.biggest_month
    # April and May both hold 32 km: the earlier month keeps the record. Its post is its first
    # run's (P2, 2 April), not the ride's (P1, 1 April).
    assert (month.key, month.start, month.all.count, month.all.distance_m) == ("2024-04", D(2024, 4, 1), 2, 32000)
    assert month.first_post == P2
    # Weeks: 4, 11, 18 March 10 km each; 1 April 12; 22 April 20; 27 May 16 + 16 = 32 km.
    assert (summary.biggest_week.key, summary.biggest_week.all.distance_m) == ("2024-05-27", 32000)


def test_no_running_no_period_records(default_settings):
    summary = summarize.summarize_training((run(D(2024, 4, 1), 30, 60, "cycle"), run(D(2024, 4, 2), None, 30)),
                                           default_settings)  # a ride, and a run of time only
    assert (summary.longest_run, summary.biggest_week, summary.biggest_month) == (None, None, None)
    assert set(summary.best.values()) == {None}


def test_this_year_against_last_year_to_the_same_date(default_settings):
    runs = (run(D(2022, 12, 31), 30, 150),  # two years back: in neither
            run(D(2023, 1, 10), 10, 50), run(D(2023, 3, 15), 5, 25),  # 2023 to 15 March: 15 km, 75 min
            run(D(2023, 3, 16), 8, 40),  # the day after the same date: left out
            run(D(2024, 1, 5), 6, 30), run(D(2024, 2, 1), 40, 90, "cycle"),  # a ride: left out
            run(D(2024, 3, 15), 12, 60))  # 2024 to 15 March: 6 + 12 = 18 km in 90 min
    ytd = summarize.summarize_training(runs, default_settings).year_to_date
    assert (ytd.as_of, ytd.last_year_as_of, ytd.compared) == (D(2024, 3, 15), D(2023, 3, 15), True)
    assert (ytd.this_year.count, ytd.this_year.distance_m, ytd.this_year.time_s) == (2, 18000, 5400)
    assert (ytd.last_year.count, ytd.last_year.distance_m, ytd.last_year.time_s) == (2, 15000, 4500)
    # The diary's newest date may be a stretch after the last run: 1 April 2024, so 2023 runs
    # to 1 April and takes the 8 km of 16 March too: 10 + 5 + 8 = 23 km in 3 runs.
    ytd = summarize.summarize_training(runs, default_settings, today=D(2024, 4, 1)).year_to_date
    assert (ytd.as_of, ytd.last_year.count, ytd.last_year.distance_m) == (D(2024, 4, 1), 3, 23000)


def test_the_same_date_a_year_before_a_29_february():
    assert summarize.same_date_a_year_before(D(2024, 2, 29)) == D(2023, 2, 28)
    assert summarize.same_date_a_year_before(D(2025, 3, 1)) == D(2024, 3, 1)


def test_no_comparison_when_the_diary_began_this_year(default_settings):
    ytd = summarize.summarize_training((run(D(2024, 1, 5), 6, 30), run(D(2024, 3, 1), 8, 40)),
                                       default_settings).year_to_date
    # 6 + 8 = 14 km this year; nothing before it
    assert (ytd.compared, ytd.this_year.distance_m, ytd.last_year.count) == (False, 14000, 0)
    assert summarize.summarize_training((), default_settings).year_to_date is None


@pytest.mark.parametrize("limit_km, km, mark", [
    (700, 629.99, ""), (700, 630, "near limit"),  # 90% of 700 km = 630 km
    (700, 699.99, "near limit"), (700, 700, "retire"), (700, 712, "retire"),
    (500, 449.9, ""), (500, 450, "near limit"), (500, 500, "retire"),  # 90% of 500 km = 450 km
])
def test_a_pair_of_shoes_is_marked_near_its_limit_and_past_it(limit_km, km, mark):
    assert summarize.shoe_mark(km * 1000, from_dict({"shoe_limit_km": limit_km})) == mark


def test_distance_per_pair_of_shoes(default_settings):
    runs = (run(D(2024, 4, 1), 5, 30, shoes="Pegasus"), run(D(2024, 4, 2), 10, 60, shoes="Ghost"),
            run(D(2024, 4, 3), 8, 45, shoes="Pegasus"), run(D(2024, 4, 4), 20, 60, "cycle", shoes="Pegasus"))
    summary = summarize.summarize_training(runs, default_settings)
    assert [(name, t.distance_m, t.count) for name, t, _ in summary.shoes] == [
        ("Pegasus", 13000, 2), ("Ghost", 10000, 1)]
    assert summary.shoes[0][2].date == D(2024, 4, 3)


# One pair written four ways a reader cannot tell apart: as typed, lower case, with a
# zero-width space, with a no-break space (and a full-width digit, which NFKC reads as 4).
PEGASUS_SPELLINGS = ("Pegasus 40", "pegasus 40", "Pegasus\u200b 40", "Pegasus\u00a04\uff10")


def test_shoes_that_look_the_same_are_one_pair_in_its_first_spelling():
    settings = from_dict({"shoe_limit_km": 700})
    # 4 runs of 180 km each: 720 km, past the 700 km limit; apart, each pair had 180 km
    runs = tuple(run(D(2024, 4, 1 + n), 180, 900, shoes=name) for n, name in enumerate(PEGASUS_SPELLINGS))
    summary = summarize.summarize_training(runs, settings)
    assert [(name, t.distance_m, t.count) for name, t, _ in summary.shoes] == [("Pegasus 40", 720_000, 4)]
    assert summarize.shoe_mark(summary.shoes[0][1].distance_m, settings) == "retire"


def test_stretches_muscles_and_areas_that_look_the_same_are_one_group(default_settings):
    stretches = (stretch(D(2024, 4, 1), 30, name="Calf  stretch", muscle="Calves"),
                 stretch(D(2024, 4, 2), 30, name="calf stretch\u2060", muscle="\ufeffcalves"),
                 stretch(D(2024, 4, 3), 30, name="CALF STRETCH", muscle="calves "))
    summary = summarize.summarize_stretches(stretches, default_settings, today=D(2024, 4, 3))
    assert [(name, t.sessions, t.total_s) for name, t in summary.by_name] == [("Calf  stretch", 3, 90)]
    assert [(muscle, t.sessions) for muscle, t in summary.by_muscle] == [("Calves", 3)]
    assert list(summary.minutes_by_muscle) == ["Calves"]
    recovery = summarize.summarize_recovery((), tuple(
        Soreness(date=D(2024, 4, 1 + n), post=P1, index=0, area=area, score=n)
        for n, area in enumerate(("Left calf", "left\u200dcalf", "LEFT\u00a0CALF", "left calf"))))
    # "left\u200dcalf" loses its joiner: "leftcalf", another word, another area
    assert {area: len(entries) for area, entries in recovery.soreness_by_area.items()} == {
        "Left calf": 3, "left\u200dcalf": 1}


def test_weekly_distance_covers_the_diarys_own_span_with_zeros(default_settings):
    # 3 Apr and 24 Apr 2024: the weeks of Monday 1, 8, 15 and 22 April, the two between empty.
    summary = summarize.summarize_training((run(D(2024, 4, 3), 5, 30), run(D(2024, 4, 24), 8, 45)), default_settings)
    assert summary.weekly_distance == [(D(2024, 4, 1), 5000), (D(2024, 4, 8), 0.0),
                                       (D(2024, 4, 15), 0.0), (D(2024, 4, 22), 8000)]


def test_weekly_distance_is_at_most_the_last_52_weeks(default_settings):
    # A ride does not start the span of a running chart's weeks any less than a run does:
    # the diary began on 2 Jan 2023, but 52 weeks back from the week of 22 Apr 2024 is 1 May 2023.
    runs = (run(D(2023, 1, 2), 20, 60, "cycle"), run(D(2024, 4, 24), 8, 45))
    summary = summarize.summarize_training(runs, default_settings)
    assert len(summary.weekly_distance) == 52
    assert summary.weekly_distance[0] == (D(2023, 5, 1), 0.0)
    assert summary.weekly_distance[-1] == (D(2024, 4, 22), 8000)


def test_stretch_figures_per_name_and_muscle_with_sides(default_settings):
    stretches = (stretch(D(2024, 4, 1), 30, 3, "both"), stretch(D(2024, 4, 2), 20, 2, "left"),
                 stretch(D(2024, 4, 2), 45, 1, "right", muscle="hamstrings", name="hamstring"))
    summary = summarize.summarize_stretches(stretches, default_settings, D(2024, 4, 2))
    (calf_name, calf), (ham_name, ham) = summary.by_name
    assert calf_name == "calf stretch" and calf.total_s == 220 and calf.sessions == 2
    assert calf.average_hold_s == 25 and calf.long_enough == 1
    assert (calf.left_s, calf.right_s, calf.sided) == (130, 90, True)
    assert summary.minutes_by_muscle["calves"][-1] == pytest.approx(220 / 60)
    assert len(summary.weeks) == 12


def test_streaks(default_settings):
    days = [D(2024, 4, 1), D(2024, 4, 2), D(2024, 4, 3), D(2024, 4, 5), D(2024, 4, 6)]
    stretches = tuple(stretch(day, 30) for day in days)
    summary = summarize.summarize_stretches(stretches, default_settings, today=D(2024, 4, 7))
    assert (summary.longest_streak, summary.longest_streak_end, summary.current_streak) == (3, D(2024, 4, 3), 2)
    assert summarize.summarize_stretches(stretches, default_settings, today=D(2024, 4, 9)).current_streak == 0


def test_recovery_spend_per_month_year_and_all(default_settings):
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
    # "Calves" and "calves" are one area, named as the earliest entry wrote it
    assert {area: [e.score for e in entries] for area, entries in summary.soreness_by_area.items()} == {
        "Calves": [7, 2]}


def test_collect_sorts_by_date_then_post_then_order():
    a = PostLogs(post=P2, logs={"training": (run(D(2024, 4, 2), 5, post=P2, index=0), run(D(2024, 4, 1), 5, post=P2, index=1))})
    b = PostLogs(post=P1, logs={"training": (run(D(2024, 4, 2), 5, post=P1, index=0),)})
    diary = summarize.collect([a, b])
    assert [(r.date.day, r.post.title, r.index) for r in diary.training] == [(1, "B", 1), (2, "A", 0), (2, "B", 0)]


def test_a_posts_digest_names_each_kind_of_treatment_once_in_its_first_spelling(default_settings):
    massages = tuple(Treatment(date=D(2024, 4, 1), post=P1, index=n, kind=kind) for n, kind in
                     enumerate(("Sports massage", "sports\u00a0massage", "physio", "SPORTS MASSAGE\u200b")))
    assert tables.digest(PostLogs(post=P1, logs={"treatments": massages}, present=("treatments",)), default_settings) == "Sports massage · physio"
