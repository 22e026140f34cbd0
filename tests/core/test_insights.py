"""Load beside soreness, and stretching beside soreness, against weeks worked out by hand."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from pelican.plugins.running_diary.core import insights

D = dt.date


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def week(n: int) -> dt.date:
    """Week n (1-based) of 2024, from Monday 1 January."""
    return D(2024, 1, 1) + dt.timedelta(weeks=n - 1)


def sore(n: int, score: int, area: str = "calves", day: int = 2):
    return SimpleNamespace(date=week(n) + dt.timedelta(days=day), area=area, score=score)


# Loads: weeks 1-4 300 each, week 5 600, week 6 300, week 7 450, week 8 300.
LOAD = {week(1): 300.0, week(2): 300.0, week(3): 300.0, week(4): 300.0, week(5): 600.0, week(6): 300.0,
        week(7): 450.0, week(8): 300.0}


def test_each_week_rated_5_or_more_followed_a_jump_in_load():
    """Week 6 rated 6 follows week 5: 600 against (300 x 4) / 4 = 300, 100% above. Week 8
    rated 5 follows week 7: 450 against (300 + 300 + 600 + 300) / 4 = 375, 20% above. The
    least of the two is said: at least 20%."""
    [calves] = insights.load_beside_soreness([sore(3, 2), sore(6, 6), sore(6, 4, day=4), sore(8, 5)], LOAD, monday)
    assert [(w.week, w.load, w.soreness, w.highest) for w in calves.weeks] == [
        (week(3), 300, 2, 2), (week(4), 300, None, None), (week(5), 600, None, None),
        (week(6), 300, 5, 6), (week(7), 450, None, None), (week(8), 300, 5, 5)]
    assert calves.weeks[2].jump == 1.0 and calves.weeks[4].jump == 0.2
    assert calves.sentence == "calves: the 2 weeks rated 5 or more each followed a week at least 20% above its four-week mean."


def test_an_area_never_rated_high_or_rated_high_without_a_jump_is_said_so():
    """Knees rated 7 in week 4, after week 3: 300 against (300 + 300 + 0 + 0) / 4 = 150 (the
    weeks before the diary count as 0), 100% above; and 6 in week 2, after week 1 (the
    four before it all 0: no mean, no jump)."""
    found = {a.area: a.sentence for a in insights.load_beside_soreness(
        [sore(3, 1, "hips"), sore(2, 6, "knees"), sore(4, 7, "knees")], LOAD, monday)}
    assert found["hips"] == "hips: no week rated 5 or more."
    assert found["knees"] == "knees: 1 of the 2 weeks rated 5 or more followed a week above its four-week mean."


def stretch(n: int, minutes: float, muscle: str = "calves"):
    return SimpleNamespace(date=week(n), muscle=muscle, total_s=minutes * 60)


def test_soreness_after_weeks_that_met_the_stretching_goal_and_after_those_that_did_not():
    """Goal 5 minutes. Weeks 1-4 stretched 6 min (met), weeks 5-8 2 min (missed). Soreness in
    weeks 2-5 (after met weeks): 2, 2, 3, 3, mean 2.5; in weeks 6-9 (after missed): 4, 5, 4, 5,
    mean 4.5. Week 1's score has no week before it in the diary: left out."""
    stretches = [stretch(n, 6) for n in range(1, 5)] + [stretch(n, 2) for n in range(5, 9)]
    scores = [sore(1, 9)] + [sore(n, s) for n, s in zip(range(2, 10), (2, 2, 3, 3, 4, 5, 4, 5))]
    [found] = insights.stretching_and_soreness(stretches, scores, 5, monday)
    assert found.after_met == (4, 2.5) and found.after_missed == (4, 4.5)
    assert found.sentence == ("calves: in the 4 weeks after a week that met the 5-minute stretching goal, "
                              "soreness averaged 2.5; in the 4 weeks after one that did not, 4.5.")


def test_fewer_than_four_weeks_on_a_side_shows_nothing():
    stretches = [stretch(n, 6) for n in range(1, 4)] + [stretch(n, 2) for n in range(4, 9)]
    scores = [sore(n, 3) for n in range(2, 10)]  # after met: weeks 2-4, three
    assert insights.stretching_and_soreness(stretches, scores, 5, monday) == []
