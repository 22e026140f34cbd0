"""diary.json and the CSV files in the contract's schema; the DIARY settings check."""

import csv
import datetime as dt
import io
import json

import pytest

from diary.core import summarize
from diary.render import export
from diary.core.parse import parse_post
from diary.core.settings import SettingsError, from_dict

from tests.diary.examples import CONTRACT_EXAMPLE


@pytest.fixture
def diary(post, settings):
    return summarize.collect([parse_post(CONTRACT_EXAMPLE, post=post, settings=settings)])


def site_url(post):
    return "/" + post.url


def test_diary_json_follows_the_contract(diary):
    data = json.loads(export.diary_json(diary, site_url))
    assert list(data) == ["version", "training", "stretches", "treatments", "soreness", "totals"]
    assert data["version"] == 1
    assert data["training"][0] == {
        "date": "2024-04-15", "activity": "run", "type": "easy", "distance_m": 6000, "time_s": 2070,
        "pace_s_per_km": 345, "elevation_m": None, "hr": 151, "effort": 7, "shoes": "Pegasus 40",
        "start": None, "notes": "calves tight from the first kilometre", "post": "/2024/04/two-massages-later/"}
    assert data["stretches"][0] == {
        "date": "2024-04-18", "name": "calf stretch against a wall", "muscle": "calves", "side": "both",
        "hold_s": 30, "sets": 3, "total_s": 180, "post": "/2024/04/two-massages-later/"}
    assert data["treatments"][0] == {
        "date": "2024-04-16", "kind": "sports massage", "provider": "West End Physios", "duration_s": 3600,
        "cost": {"amount": 45.0, "currency": "GBP"}, "areas": ["calves"], "post": "/2024/04/two-massages-later/"}
    assert data["soreness"][0] == {"date": "2024-04-18", "area": "calves", "score": 3,
                                   "post": "/2024/04/two-massages-later/"}
    # by_activity: the 6 km run in 34:30 (2070 s) apart from the 20 km ride in 55 min (3300 s).
    assert data["totals"] == {"training": {"count": 2, "distance_m": 26000, "time_s": 5370, "by_activity": {
                                  "run": {"count": 1, "distance_m": 6000, "time_s": 2070},
                                  "cycle": {"count": 1, "distance_m": 20000, "time_s": 3300}}},
                              "stretches": {"count": 2, "total_s": 225},
                              "treatments": {"count": 1, "cost": {"GBP": 45.0}}}


def test_csv_files_have_the_json_fields_as_columns(diary):
    files = export.csv_files(diary, site_url)
    assert sorted(files) == ["soreness.csv", "stretches.csv", "training.csv", "treatments.csv"]
    rows = list(csv.DictReader(io.StringIO(files["treatments.csv"])))
    assert rows == [{"date": "2024-04-16", "kind": "sports massage", "provider": "West End Physios",
                     "duration_s": "3600", "cost_amount": "45.0", "cost_currency": "GBP", "areas": "calves",
                     "post": "/2024/04/two-massages-later/"}]
    assert files["training.csv"].splitlines()[0] == (
        "date,activity,type,distance_m,time_s,pace_s_per_km,elevation_m,hr,effort,shoes,start,notes,post")


def test_empty_logs_still_get_a_header():
    files = export.csv_files(summarize.Diary(), site_url)
    assert files["soreness.csv"] == "date,area,score,post\n"
    assert json.loads(export.diary_json(summarize.Diary(), site_url))["totals"]["treatments"] == {
        "count": 0, "cost": {}}


def test_settings_defaults_and_checks():
    settings = from_dict(None)
    assert (settings.units, settings.currency, settings.week_start, settings.stretch_target_hold,
            settings.weekly_stretch_goal, settings.strict) == ("km", "GBP", "monday", 30, 5, False)
    assert from_dict({"units": "MI", "currency": "usd"}).currency == "USD"
    with pytest.raises(SettingsError, match="unknown setting 'unit'.*units must be one of km, mi"):
        from_dict({"unit": "mi", "units": "furlongs"})
    with pytest.raises(SettingsError, match="stretch_target_hold must be a positive number"):
        from_dict({"stretch_target_hold": 0})
