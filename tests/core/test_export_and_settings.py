"""diary.json and the CSV files in the contract's schema; the DIARY settings check."""

import csv
import datetime as dt
import io
import json

import pytest

from pelican.plugins.running_diary.core import specs, summarize
from pelican.plugins.running_diary.render import export
from pelican.plugins.running_diary.core.parse import parse_post
from pelican.plugins.running_diary.core.settings import Photos, SettingsError, from_dict

from tests.core.examples import CONTRACT_EXAMPLE


@pytest.fixture
def diary(massage_post, default_settings):
    return summarize.collect([parse_post(CONTRACT_EXAMPLE, post=massage_post, settings=default_settings)])


def site_url(post):
    return "/" + post.url


def test_diary_json_follows_the_contract(diary):
    data = json.loads(export.diary_json(diary, site_url))
    assert list(data) == ["version", *specs.names(), "totals", "records", "load", "goals", "streaks"]
    assert data["version"] == 1
    assert data["training"][0] == {
        "date": "2024-04-15", "activity": "run", "type": "easy", "distance_m": 6000, "time_s": 2070,
        "pace_s_per_km": 345, "elevation_m": None, "hr": 151, "effort": 7, "shoes": "Pegasus 40",
        "start": None, "route": None, "reps": None, "laps": None, "best_efforts": None,
        "load": 241.5,  # effort 7 x 34.5 minutes
        "notes": "calves tight from the first kilometre", "post": "/2024/04/two-massages-later/"}
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
    # Records over runs only: the one run, 6 km in 34:30 = 2,070 s, is the longest (the 20 km
    # ride is no run); 6 km is 20% over 5 km, so no best time at any distance.
    assert data["records"] == {
        "longest_run": {"distance_m": 6000, "time_s": 2070, "date": "2024-04-15",
                        "post": "/2024/04/two-massages-later/"},
        "best": {"5 km": None, "10 km": None, "half marathon": None, "marathon": None}}


def test_diary_json_records_best_times_with_date_and_post(default_settings):
    from pelican.plugins.running_diary.core.model import Post
    from pelican.plugins.running_diary.core.specs import Training

    parkrun = Post(file="p.md", url="2024/02/parkrun/", title="Parkrun", date=dt.date(2024, 2, 3))
    long = Post(file="l.md", url="2024/03/long/", title="Long", date=dt.date(2024, 3, 10))

    def run(day, km, seconds, post, activity="run"):
        return Training(date=day, post=post, index=0, activity=activity, distance_m=km * 1000, time_s=seconds)

    diary = summarize.Diary(logs={"training": (
        run(dt.date(2024, 2, 3), 5.05, 1290, parkrun),  # 5.05 km in 21:30: within 1.5% of 5 km
        run(dt.date(2024, 2, 4), 5, 1200, parkrun, "cycle"),  # a ride in 20:00: never a record
        run(dt.date(2024, 3, 10), 42.4, 14400, long),  # 42.4 km in 4:00:00: 0.49% over 42.195 km
    )})
    records = json.loads(export.diary_json(diary, site_url))["records"]
    assert records == {
        "longest_run": {"distance_m": 42400, "time_s": 14400, "date": "2024-03-10", "post": "/2024/03/long/"},
        "best": {"5 km": {"distance_m": 5050, "time_s": 1290, "date": "2024-02-03", "post": "/2024/02/parkrun/",
                          "within_longer_run": False},
                 "10 km": None, "half marathon": None,
                 "marathon": {"distance_m": 42400, "time_s": 14400, "date": "2024-03-10",
                              "post": "/2024/03/long/", "within_longer_run": False}}}


def test_best_efforts_within_longer_runs_count_as_records_and_say_so(default_settings):
    """A 21.1 km long run in 1:50:00 whose watch found a 10 km in 49:00 and a 5 km in 24:10:
    the 10 km record is 49:00 within it (the whole 10.02 km race in 50:30 is slower), the
    5 km stays the parkrun's 21:30 (faster than 24:10), the half is the run itself."""
    from pelican.plugins.running_diary.core.model import Post
    from pelican.plugins.running_diary.core.specs import Training

    race = Post(file="r.md", url="2024/04/race/", title="Race", date=dt.date(2024, 4, 7))
    long = Post(file="l.md", url="2024/04/long/", title="Long", date=dt.date(2024, 4, 14))
    parkrun = Post(file="p.md", url="2024/04/parkrun/", title="Parkrun", date=dt.date(2024, 4, 6))
    diary = summarize.Diary(logs={"training": (
        Training(date=dt.date(2024, 4, 6), post=parkrun, index=0, activity="run", distance_m=5000, time_s=1290),
        Training(date=dt.date(2024, 4, 7), post=race, index=0, activity="run", distance_m=10020, time_s=3030,
                 best_efforts=(("5 km", 1480.0), ("10 km", 3025.0))),  # its own 10 km: the race counts
        Training(date=dt.date(2024, 4, 14), post=long, index=0, activity="run", distance_m=21100, time_s=6600,
                 best_efforts=(("1 km", 270.0), ("5 km", 1450.0), ("10 km", 2940.0))),
    )})
    best = json.loads(export.diary_json(diary, site_url))["records"]["best"]
    assert best["10 km"] == {"distance_m": 10000, "time_s": 2940, "date": "2024-04-14", "post": "/2024/04/long/",
                             "within_longer_run": True}
    assert best["5 km"]["time_s"] == 1290 and not best["5 km"]["within_longer_run"]
    assert best["half marathon"] == {"distance_m": 21100, "time_s": 6600, "date": "2024-04-14",
                                     "post": "/2024/04/long/", "within_longer_run": False}


def test_csv_files_have_the_json_fields_as_columns(diary):
    files = export.csv_files(diary, site_url)
    assert sorted(files) == sorted(f"{log}.csv" for log in specs.names())
    rows = list(csv.DictReader(io.StringIO(files["treatments.csv"])))
    assert rows == [{"date": "2024-04-16", "kind": "sports massage", "provider": "West End Physios",
                     "duration_s": "3600", "cost_amount": "45.0", "cost_currency": "GBP", "areas": "calves",
                     "post": "/2024/04/two-massages-later/"}]
    assert files["training.csv"].splitlines()[0] == (
        "date,activity,type,distance_m,time_s,pace_s_per_km,elevation_m,hr,effort,shoes,start,load,notes,post")


def test_empty_logs_still_get_a_header():
    files = export.csv_files(summarize.Diary(), site_url)
    assert files["soreness.csv"] == "date,area,score,post\n"
    data = json.loads(export.diary_json(summarize.Diary(), site_url))
    assert data["totals"]["treatments"] == {"count": 0, "cost": {}}
    assert data["records"] == {"longest_run": None, "best": {"5 km": None, "10 km": None,
                                                            "half marathon": None, "marathon": None}}


def test_settings_defaults_and_checks():
    settings = from_dict(None)
    assert (settings.units, settings.currency, settings.week_start, settings.stretch_target_hold,
            settings.weekly_stretch_goal, settings.strict) == ("km", "GBP", "monday", 30, 5, False)
    assert from_dict({"units": "MI", "currency": "usd"}).currency == "USD"
    with pytest.raises(SettingsError, match="unknown setting 'unit'.*units must be one of km, mi"):
        from_dict({"unit": "mi", "units": "furlongs"})
    with pytest.raises(SettingsError, match="stretch_target_hold must be a positive number"):
        from_dict({"stretch_target_hold": 0})


def test_the_yearly_goal_and_the_shoe_limit():
    settings = from_dict(None)
    assert (settings.yearly_goal_km, settings.shoe_limit_km) == (None, 700)  # no goal; 700 km a pair
    assert (from_dict({"yearly_goal_km": 1000, "shoe_limit_km": 500.5}).yearly_goal_km,
            from_dict({"shoe_limit_km": 500.5}).shoe_limit_km) == (1000, 500.5)
    assert from_dict({"yearly_goal_km": None}).yearly_goal_km is None  # written out: still off


@pytest.mark.parametrize("value", [0, -100, "1000", True, float("nan"), float("inf"), [1000]])
def test_a_yearly_goal_must_be_a_positive_number_or_none(value):
    with pytest.raises(SettingsError) as caught:
        from_dict({"yearly_goal_km": value})
    assert str(caught.value) == (f"DIARY: yearly_goal_km must be a positive number of kilometres, "
                                 f"or None for no goal (got {value!r})")


@pytest.mark.parametrize("value", [None, 0, -1, "700", False])
def test_a_shoe_limit_must_be_a_positive_number(value):
    with pytest.raises(SettingsError) as caught:
        from_dict({"shoe_limit_km": value})
    assert str(caught.value) == f"DIARY: shoe_limit_km must be a positive number of kilometres (got {value!r})"


def test_the_photos_setting():
    assert from_dict(None).photos == Photos(originals=False, widths=(480, 960, 1600))
    assert from_dict({"photos": {"originals": True, "widths": [1600, 480, 480]}}).photos == \
        Photos(originals=True, widths=(480, 1600))  # sorted, once each
    assert from_dict({"photos": {"widths": [320]}}).photos.originals is False


@pytest.mark.parametrize("value, says", [
    ([480], "DIARY: photos must be a dict such as {'originals': False, 'widths': [480, 960, 1600]} "
            "(got [480])"),
    ({"original": True}, "DIARY: photos: unknown key 'original' (it takes originals and widths)"),
    ({"originals": "yes"}, "DIARY: photos.originals must be True or False (got 'yes')"),
    ({"widths": [0, 960]}, "DIARY: photos.widths must be a list of 1 to 8 whole numbers of pixels "
                           "from 16 to 8,000 (got [0, 960])"),
    ({"widths": []}, "DIARY: photos.widths must be a list of 1 to 8 whole numbers of pixels "
                     "from 16 to 8,000 (got [])"),
    ({"widths": [480.5]}, "DIARY: photos.widths must be a list of 1 to 8 whole numbers of pixels "
                          "from 16 to 8,000 (got [480.5])"),
])
def test_a_wrong_photos_setting_is_named(value, says):
    with pytest.raises(SettingsError) as caught:
        from_dict({"photos": value})
    assert str(caught.value) == says


def test_an_on_or_off_setting_takes_true_or_false_only():
    """`"menu": "no"` was read with bool(): true. A word is refused, naming the key."""
    for key in ("menu", "strict"):
        with pytest.raises(SettingsError, match=f"DIARY: {key} must be True or False \\(got 'no'\\)"):
            from_dict({key: "no"})
    assert from_dict({"menu": False}).menu is False
