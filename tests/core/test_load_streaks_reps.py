"""Training load, streaks and reps, against figures worked out by hand."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from pelican.plugins.running_diary.core import load, reps, streaks
from pelican.plugins.running_diary.core.settings import from_dict

D = dt.date
SETTINGS = from_dict({})


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def session(day, minutes=None, effort=None, activity="run", km=None):
    return SimpleNamespace(date=day, activity=activity, effort=effort,
                           time_s=None if minutes is None else minutes * 60,
                           distance_m=None if km is None else km * 1000)


def test_a_session_load_is_effort_times_minutes():
    assert load.session_load(session(D(2024, 1, 1), minutes=45, effort=7)) == 315  # 7 x 45
    assert load.session_load(session(D(2024, 1, 1), minutes=45)) is None  # no effort
    assert load.session_load(session(D(2024, 1, 1), effort=5, activity="strength")) is None  # no time
    assert load.session_load(session(D(2024, 1, 1), activity="rest")) == 0


def test_rolling_means_and_ratio_by_hand():
    """28 days of 60 min at effort 5 (300 a day), then a 29th day of 120 min at effort 10 (1,200).

    Day 7: acute = 7 x 300 / 7 = 300; no chronic yet. Day 28: acute 300, chronic 300, ratio 1.
    Day 29: acute = (6 x 300 + 1,200) / 7 = 3,000 / 7 = 428.571429;
            chronic = (27 x 300 + 1,200) / 28 = 9,300 / 28 = 332.142857;
            ratio = 428.571429 / 332.142857 = 1.290323 (= 3,000 x 28 / (7 x 9,300) = 84,000 / 65,100).
    """
    first = D(2024, 1, 1)
    entries = [session(first + dt.timedelta(days=n), minutes=60, effort=5) for n in range(28)]
    entries.append(session(first + dt.timedelta(days=28), minutes=120, effort=10))
    result = load.training_load(entries, monday)
    days = result.days
    assert len(days) == 29 and days[0].date == first
    assert days[5].acute is None and days[6].acute == 300 and days[6].chronic is None
    assert days[26].chronic is None and days[27].chronic == 300 and days[27].ratio == 1
    assert days[28].load == 1200
    assert days[28].acute == pytest.approx(428.571429, abs=1e-6)
    assert days[28].chronic == pytest.approx(332.142857, abs=1e-6)
    assert days[28].ratio == pytest.approx(84000 / 65100, abs=1e-6)
    assert result.sessions == 29 and result.without_effort == 0


def test_days_without_a_session_count_as_zero_and_sessions_without_effort_are_counted():
    """Jan 1: 30 min at 4 (120) and a swim without effort; Jan 3: rest; Jan 8: 50 min at 6 (300).
    Daily: 120, 0, 0, 0, 0, 0, 0, 300. Day 7 (Jan 7) acute = 120 / 7 = 17.142857;
    day 8 (Jan 8) acute = (0 x 6 + 300) / 7 = 42.857143."""
    entries = [session(D(2024, 1, 1), minutes=30, effort=4), session(D(2024, 1, 1), minutes=20, activity="swim"),
               session(D(2024, 1, 3), activity="rest"), session(D(2024, 1, 8), minutes=50, effort=6)]
    result = load.training_load(entries, monday)
    assert [d.load for d in result.days] == [120, 0, 0, 0, 0, 0, 0, 300]
    assert result.days[6].acute == pytest.approx(17.142857, abs=1e-6)
    assert result.days[7].acute == pytest.approx(42.857143, abs=1e-6)
    assert result.sessions == 3 and result.without_effort == 1  # the rest day is not a session


def test_a_week_more_than_30_percent_above_the_four_before_is_flagged_from_the_fifth_week():
    """Weeks from Mon 1 Jan 2024: 10, 12, 8, 10 km, then 14 km (mean before 10: +40%), then 14
    (mean of 12, 8, 10, 14 = 11: +27%, not flagged). Week 1 (10 km after nothing) is no spike.
    No effort anywhere: no ratio, so only the distance rule speaks."""
    weekly_km = [10, 12, 8, 10, 14, 14]
    entries = [session(D(2024, 1, 1) + dt.timedelta(weeks=n), minutes=60, km=km)
               for n, km in enumerate(weekly_km)]
    result = load.training_load(entries, monday)
    assert [f.week for f in result.flagged] == [D(2024, 1, 29)]
    flagged = result.flagged[0]
    assert flagged.distance_m == 14000 and flagged.mean_before_m == 10000
    assert flagged.why == "Running 14.0 km, 40% above the mean of the four weeks before (10.0 km)."


def test_a_week_whose_ratio_ends_above_one_and_a_half_is_flagged():
    """28 days at 100 (20 min at 5), then 7 days at 400 (80 min at 5). On Sun 4 Feb (day 35):
    acute = 400; chronic = (21 x 100 + 7 x 400) / 28 = 4,900 / 28 = 175; ratio = 400 / 175 = 2.29."""
    first = D(2024, 1, 1)  # a Monday
    entries = [session(first + dt.timedelta(days=n), minutes=20, effort=5) for n in range(28)]
    entries += [session(first + dt.timedelta(days=28 + n), minutes=80, effort=5) for n in range(7)]
    result = load.training_load(entries, monday)
    assert [f.week for f in result.flagged] == [D(2024, 1, 29)]
    assert result.flagged[0].ratio == pytest.approx(400 / 175, abs=1e-6)
    assert result.flagged[0].why.startswith("Acute to chronic load ratio 2.29 on its last day")


def test_streaks_current_longest_and_ties():
    days = [D(2024, 1, 1), D(2024, 1, 2), D(2024, 1, 2), D(2024, 1, 3),  # 3 in a row
            D(2024, 1, 10), D(2024, 1, 11), D(2024, 1, 12),  # 3 again: the earlier keeps the record
            D(2024, 1, 20), D(2024, 1, 21)]
    assert streaks.streak(days, today=D(2024, 1, 22)) == streaks.Streak(
        current=2, longest=3, longest_end=D(2024, 1, 3))
    assert streaks.streak(days, today=D(2024, 1, 23)).current == 0  # a day missed
    assert streaks.streak([], today=D(2024, 1, 1)) == streaks.Streak(current=0, longest=0, longest_end=None)


def test_reps_in_one_line():
    """6 x 800 m: 178 + 175 + 177 + 176 + 174 + 172 = 1,052 s over 4.8 km = 219.17 s/km (3:39.2);
    the fastest is the sixth (2:52, 215 s/km); the spread is (178 - 172) / 0.8 = 7.5 s/km."""
    read = reps.read("6 x 800 m in 2:58, 2:55, 2:57, 2:56, 2:54, 2:52, rest 90 s", SETTINGS)
    assert [r.time_s for r in read] == [178, 175, 177, 176, 174, 172]
    assert {r.distance_m for r in read} == {800} and {r.rest_s for r in read} == {90}
    summary = reps.summary(read)
    assert summary.count == 6 and summary.fastest == 5 and summary.by_pace
    assert summary.mean_time_s == pytest.approx(1052 / 6)
    assert summary.mean_pace_s_per_km == pytest.approx(1052 / 4.8)
    assert summary.spread_s == pytest.approx(7.5)


def test_reps_by_the_clock_and_as_a_list():
    read = reps.read("8 x 1 min, rest 1 min", SETTINGS)
    assert len(read) == 8 and {(r.distance_m, r.time_s, r.rest_s) for r in read} == {(None, 60, 60)}
    listed = reps.read([{"distance": "400 m", "time": "1:20", "rest": 60}, {"distance": "400 m", "time": "1:18"},
                        {"time": "3 min"}], SETTINGS)
    assert [(r.distance_m, r.time_s, r.rest_s) for r in listed] == [(400, 80, 60), (400, 78, None), (None, 180, None)]
    summary = reps.summary(listed)  # one rep without a distance: compared by time
    assert not summary.by_pace and summary.fastest == 1 and summary.spread_s == 180 - 78


@pytest.mark.parametrize("value, words", [
    ("6 x 800 m in 2:58, 2:55", "6 reps, but 2 times"),
    ("6 x 800 m in 2:58, 2:61, 2:57, 2:56, 2:54, 2:52", "rep 2: not a duration: seconds run from 0 to 59"),
    ([{"distance": "800 m"}], "rep 1: no time"),
    ([{"time": "2:58", "pace": "3:40/km"}], "rep 1: unknown key 'pace'"),
    ("fast ones", "not reps"),
    ("300 x 1 min", "at most 200 reps"),
    ([], "no reps"),
])
def test_a_wrong_rep_says_which_and_why(value, words):
    with pytest.raises(ValueError, match=words):
        reps.read(value, SETTINGS)


def test_without_any_effort_there_is_no_daily_load_but_distance_jumps_are_still_flagged():
    weekly_km = [10, 10, 10, 10, 20]
    entries = [session(D(2024, 1, 1) + dt.timedelta(weeks=n), minutes=60, km=km) for n, km in enumerate(weekly_km)]
    result = load.training_load(entries, monday)
    assert result.days == () and result.sessions == 5 and result.without_effort == 5
    assert [f.week for f in result.flagged] == [D(2024, 1, 29)]  # 20 km: 100% above 10
