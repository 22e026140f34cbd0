"""One declaration per activity (core/activities.py), and the registries refusing what is taken."""

from __future__ import annotations

import datetime as dt

import pytest

from pelican.plugins.running_diary.core import activities, plausible, specs, units
from pelican.plugins.running_diary.core.model import Post
from pelican.plugins.running_diary.core.parse import parse_post
from pelican.plugins.running_diary.core.settings import from_dict
from pelican.plugins.running_diary.ingest.activity import sport_of
from pelican.plugins.running_diary.render import display, tables

SETTINGS = from_dict({})
POST = Post(file="row.md", url="2024/04/row/", title="Row", date=dt.date(2024, 4, 1))

# Rowing with its own figure, a pace per 500 m: one spec, nothing else.
PER_500 = units.Figure("pace", (("km", 500.0, "500 m"), ("mi", 500.0, "500 m")))
ROWING = activities.ActivitySpec(name="rowing", figure=PER_500, noun=("row", "rows"), title="Row",
                                 sports=("rowing", "indoor_rowing"),
                                 bound=plausible.max_speed(25, "row"))


@pytest.fixture
def rowing():
    activities.register(ROWING)
    yield ROWING
    activities.unregister("rowing")


def test_the_contract_s_activities_in_their_order():
    assert activities.names() == ("run", "walk", "hike", "cycle", "swim", "strength", "yoga", "cross", "rest")
    assert specs.ACTIVITIES == activities.names()


def test_an_activity_added_by_one_spec_is_read_shown_counted_and_imported(rowing):
    """2,000 m in 7:32 is 452 / 4 = 113 s per 500 m, 1:53 /500 m (15.9 km/h, under 25)."""
    logs = parse_post({"training": [{"activity": "rowing", "distance": "2000 m", "time": "7:32"}]},
                      post=POST, settings=SETTINGS)
    assert not logs.problems
    view = tables.post_tables(logs, SETTINGS)
    assert view["training"]["rows"][0]["pace"] == "1:53 /500 m"
    assert view["training"]["totals"][0]["label"] == "1 row"
    assert display.sessions(3, "rowing") == "3 rows"
    assert sport_of("Indoor Rowing") == ("rowing", None)  # a watch file's sport
    too_fast = parse_post({"training": [{"activity": "rowing", "distance": "2 km", "time": "2:00"}]},
                          post=POST, settings=SETTINGS)
    assert "faster than the 25 km/h a row can average" in too_fast.problems[0].message


def test_without_its_spec_rowing_is_not_an_activity():
    logs = parse_post({"training": [{"activity": "rowing", "distance": "2 km", "time": "7:30"}]},
                      post=POST, settings=SETTINGS)
    assert logs.problems and logs.problems[0].field == "activity"
    assert sport_of("rowing")[0] == "cross"


def test_a_name_or_a_sport_already_taken_is_refused(rowing):
    with pytest.raises(ValueError, match="already an activity called 'run'"):
        activities.register(activities.ActivitySpec(name="run", figure=units.PACE, noun=("x", "xs"), title="X"))
    with pytest.raises(ValueError, match="already name another activity"):
        activities.register(activities.ActivitySpec(name="jog", figure=units.PACE, noun=("jog", "jogs"),
                                                    title="Jog", sports=("running",)))
    with pytest.raises(ValueError, match="already a log called 'training'"):
        specs.register(specs.TRAINING)


def test_a_field_with_a_display_kind_no_one_knows_is_refused_when_made():
    with pytest.raises(ValueError, match="no display kind 'sparkline'"):
        specs.Field(name="x", read=lambda value, settings: value, label="X", show="sparkline")
    with pytest.raises(ValueError, match="a figure is a pace, a speed or none"):
        units.Figure("furlongs")


def test_a_route_s_glitch_limit_is_its_activity_s_top_speed():
    """A step faster than the activity's top speed is a GPS glitch (core/routes.py); the speed
    lives in the activity's spec, so an activity of a site's own brings its own."""
    from dataclasses import replace

    from pelican.plugins.running_diary.core import routes

    assert routes.top_speed_m_s("cycle") == 22.3  # 80 km/h
    assert routes.top_speed_m_s("walk") == routes.top_speed_m_s("hike") == 3.4  # 12 km/h
    assert routes.top_speed_m_s("swim") == 2.2  # 100 m in 46 s
    assert routes.top_speed_m_s(None) == routes.top_speed_m_s("yoga") == routes.top_speed_m_s("kayak") == 10.5
    sculling = replace(ROWING, name="sculling", sports=(), top_speed_m_s=6.0)
    activities.register(sculling)
    try:
        assert routes.top_speed_m_s("sculling") == 6.0
        # 10 steps of about 100 m (0.0009 degrees of longitude on the equator: 100.08 m)
        # logged as 2,000 s: the median rule gives 4 x 100 m = 400 m; the speed rule
        # 6 m/s x 2,000 s / 10 steps = 1,200 m for sculling, 10.5 x 200 = 2,100 m for a run.
        track = [(0.0, i * 0.0009) for i in range(11)]
        assert routes.step_limit_m(track, "sculling", 2000.0) == pytest.approx(1200.0)
        assert routes.step_limit_m(track, "run", 2000.0) == pytest.approx(2100.0)
        assert routes.step_limit_m(track, "sculling", 20.0) == pytest.approx(4 * 100.08, abs=0.1)
    finally:
        activities.unregister("sculling")
