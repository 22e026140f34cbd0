"""Every rule of the contract: what is read, what is refused, and how it is said."""

import datetime as dt

import pytest

from pelican.plugins.running_diary.core import activities
from pelican.plugins.running_diary.core.parse import parse_entry, parse_log, parse_post
from pelican.plugins.running_diary.core.settings import from_dict
from tests.core.examples import CONTRACT_EXAMPLE

def messages(problems):
    return [str(p) for p in problems]


def test_the_contracts_example_reads_without_a_problem(massage_post, default_settings):
    logs = parse_post(CONTRACT_EXAMPLE, post=massage_post, settings=default_settings)
    assert logs.problems == ()
    run, ride = logs.entries("training")
    assert (run.activity, run.distance_m, run.time_s, run.pace_s_per_km) == ("run", 6000, 2070, 345)
    assert (ride.activity, ride.time_s) == ("cycle", 3300)
    calf, hamstring = logs.entries("stretches")
    assert calf.total_s == 180  # 30 s x 3 sets x both sides
    assert hamstring.total_s == 45 and hamstring.sets == 1
    assert calf.date == dt.date(2024, 4, 18)  # no date: the post's
    (massage,) = logs.entries("treatments")
    assert (massage.duration_s, massage.cost.amount, massage.cost.currency) == (3600, 45.0, "GBP")
    assert logs.entries("soreness")[0].score == 3
    assert logs.present == ("training", "stretches", "treatments", "soreness")


def test_a_problem_names_file_log_entry_field_and_value(massage_post, default_settings):
    _, problems = parse_entry("training", 0, {"time": "45:72"}, post=massage_post, settings=default_settings)
    assert messages(problems) == ["content/2024/massage.md: training[0].time: not a duration: seconds run from 0 to 59 (got '45:72')"]


def test_every_problem_of_an_entry_is_reported_not_just_the_first(massage_post, default_settings):
    entry, problems = parse_entry(
        "training", 2, {"distance": "far", "hr": 400, "effort": 0, "activity": "jog"},
        post=massage_post, settings=default_settings)
    assert entry is None
    assert messages(problems) == [
        "content/2024/massage.md: training[2].distance: not a distance (got 'far')",
        "content/2024/massage.md: training[2].hr: must be from 25 to 250 (got 400)",
        "content/2024/massage.md: training[2].effort: must be from 1 to 10 (got 0)",
        "content/2024/massage.md: training[2].activity: must be one of run, walk, hike, cycle, swim, "
        "strength, yoga, cross, rest (got 'jog')",
    ]


def test_an_invalid_entry_is_left_out_and_the_valid_ones_stay(massage_post, default_settings):
    raw = {"training": [{"distance": "5 km"}, {"time": "45:72"}, {"time": "30min"}]}
    logs = parse_post(raw, post=massage_post, settings=default_settings)
    assert [r.index for r in logs.entries("training")] == [0, 2]
    assert len(logs.problems) == 1


def test_an_unknown_field_is_a_warning_with_the_field_it_probably_meant(massage_post, default_settings):
    entry, problems = parse_entry("training", 0, {"distnace": "5 km", "time": "25:00"},
                                  post=massage_post, settings=default_settings)
    assert entry is not None and entry.time_s == 1500
    assert messages(problems) == [
        "content/2024/massage.md: training[0].distnace: unknown field, ignored; did you mean 'distance'?"]
    assert problems[0].severity == "warning"


def test_an_unknown_field_with_nothing_close_gets_no_suggestion(massage_post, default_settings):
    _, problems = parse_entry("soreness", 0, {"area": "calves", "score": 2, "weather": "rain"},
                              post=massage_post, settings=default_settings)
    assert messages(problems) == ["content/2024/massage.md: soreness[0].weather: unknown field, ignored"]


@pytest.mark.parametrize(
    ("log", "raw", "message"),
    [
        ("stretches", {"hold": "30s"}, "stretches[0].name: required field is missing"),
        ("stretches", {"name": "calf"}, "stretches[0].hold: required field is missing"),
        ("treatments", {"cost": "£45"}, "treatments[0].kind: required field is missing"),
        ("soreness", {"score": 3}, "soreness[0].area: required field is missing"),
        ("soreness", {"area": "calves"}, "soreness[0].score: required field is missing"),
        ("training", {"type": "easy"}, "training[0].distance: a run needs a distance or a time"),
        ("training", {"pace": "5:30/km"}, "training[0].pace: needs a distance to give a time (got '5:30/km')"),
        ("stretches", {"name": "calf", "hold": 30, "side": "up"},
         "stretches[0].side: must be one of left, right, both (got 'up')"),
        ("stretches", {"name": "calf", "hold": 30, "sets": 60}, "stretches[0].sets: must be from 1 to 50 (got 60)"),
        ("soreness", {"area": "calves", "score": 11}, "soreness[0].score: must be from 0 to 10 (got 11)"),
        ("training", {"time": 30, "date": "2024-13-01"},
         "training[0].date: not a date such as 2024-04-15 (got '2024-13-01')"),
        ("training", {"time": 30, "start": "dawn"},
         "training[0].start: not a date and time such as 2024-04-15T07:02:11 (got 'dawn')"),
        ("treatments", {"kind": "physio", "cost": "lots"},
         "treatments[0].cost: not an amount of money such as £45, 45 GBP or 45 (got 'lots')"),
        ("treatments", {"kind": "physio", "areas": 5}, "treatments[0].areas: not a list of areas (got 5)"),
        ("stretches", {"name": ["a", "b"], "hold": 30}, "stretches[0].name: not text (got ['a', 'b'])"),
    ],
)
def test_each_rule_of_the_contract(massage_post, default_settings, log, raw, message):
    entry, problems = parse_entry(log, 0, raw, post=massage_post, settings=default_settings)
    assert entry is None
    assert f"content/2024/massage.md: {message}" in messages(problems)


@pytest.mark.parametrize("activity", [a for a in activities.names() if not activities.get(a).needs_amount])
def test_an_activity_that_needs_no_amount_needs_no_distance_or_time(massage_post, default_settings, activity):
    """Rest, strength and yoga, as their specs say (needs_amount=False)."""
    entry, problems = parse_entry("training", 0, {"activity": activity}, post=massage_post, settings=default_settings)
    assert problems == [] and entry.activity == activity


def test_pace_without_time_gives_the_time(massage_post, default_settings):
    entry, _ = parse_entry("training", 0, {"distance": "10 km", "pace": "5:30/km"},
                           post=massage_post, settings=default_settings)
    assert entry.time_s == 3300
    entry, _ = parse_entry("training", 0, {"distance": "5 mi", "pace": "8:51/mi"},
                           post=massage_post, settings=default_settings)
    assert entry.time_s == pytest.approx(5 * 531)


def test_pace_beside_a_time_is_ignored_with_a_warning(massage_post, default_settings):
    entry, problems = parse_entry("training", 0, {"distance": "10 km", "time": "50:00", "pace": "5:30/km"},
                                  post=massage_post, settings=default_settings)
    assert entry.time_s == 3000
    assert [p.severity for p in problems] == ["warning"]


def test_bare_numbers_take_the_sites_units(massage_post):
    miles = from_dict({"units": "mi", "currency": "USD"})
    entry, _ = parse_entry("training", 0, {"distance": 5, "time": 45}, post=massage_post, settings=miles)
    assert entry.distance_m == pytest.approx(8046.72) and entry.time_s == 2700
    entry, _ = parse_entry("treatments", 0, {"kind": "physio", "cost": 60, "duration": 45},
                           post=massage_post, settings=miles)
    assert (entry.cost.currency, entry.duration_s) == ("USD", 2700)
    entry, _ = parse_entry("stretches", 0, {"name": "calf", "hold": 45}, post=massage_post, settings=miles)
    assert entry.hold_s == 45  # a bare hold is seconds


def test_field_names_and_choices_ignore_case(massage_post, default_settings):
    entry, problems = parse_entry("training", 0, {"Distance": "5 km", "Activity": "Run"},
                                  post=massage_post, settings=default_settings)
    assert problems == [] and entry.distance_m == 5000


def test_an_empty_field_is_as_if_left_out(massage_post, default_settings):
    entry, problems = parse_entry("training", 0, {"time": "30:00", "notes": None},
                                  post=massage_post, settings=default_settings)
    assert problems == [] and entry.notes is None


def test_a_single_entry_without_a_dash_is_accepted(massage_post, default_settings):
    entries, problems = parse_log("soreness", {"area": "calves", "score": 2},
                                  post=massage_post, settings=default_settings)
    assert len(entries) == 1 and problems == []


def test_a_log_that_is_not_a_list_is_an_error(massage_post, default_settings):
    entries, problems = parse_log("training", "ran 5k", post=massage_post, settings=default_settings)
    assert entries == []
    assert messages(problems) == ["content/2024/massage.md: training: must be a list of entries (got 'ran 5k')"]


def test_an_entry_that_is_not_a_mapping_is_an_error(massage_post, default_settings):
    _, problems = parse_log("training", ["5 km"], post=massage_post, settings=default_settings)
    assert messages(problems) == ["content/2024/massage.md: training[0]: an entry must be `field: value` lines (got '5 km')"]


def test_notes_are_kept_as_plain_text(massage_post, default_settings):
    entry, _ = parse_entry("soreness", 0, {"area": "calves", "score": 1, "notes": "<script>alert(1)</script>"},
                           post=massage_post, settings=default_settings)
    assert entry.notes == "<script>alert(1)</script>"  # escaping is the template's job


def test_a_post_without_a_date_cannot_lend_one(default_settings):
    from pelican.plugins.running_diary.core.model import Post
    entry, problems = parse_entry("soreness", 0, {"area": "calves", "score": 1},
                                  post=Post(file="x.md"), settings=default_settings)
    assert entry is None and "no date" in str(problems[0])


def test_a_required_field_written_in_capitals_counts(massage_post, default_settings):
    entry, problems = parse_entry("stretches", 0, {"Name": "calf", "HOLD": "30s"},
                                  post=massage_post, settings=default_settings)
    assert problems == [] and entry.name == "calf" and entry.hold_s == 30
    entry, problems = parse_entry("training", 0, {"Distance": "10 km", "Pace": "5:00/km"},
                                  post=massage_post, settings=default_settings)
    assert problems == [] and entry.time_s == 3000


@pytest.mark.parametrize("log, raw, field, message", [
    ("training", {"distance": 10 ** 400, "time": "30:00"}, "distance", "must be at most 1,000 km"),
    ("training", {"distance": "1" * 400 + " km"}, "distance", "must be at most 1,000 km"),
    ("training", {"distance": "0.0001 km", "time": 30}, "distance", "must be at least 1 m"),
    ("training", {"time": "1e308"}, "time", "not a duration"),
    ("training", {"time": 10081}, "time", "must be at most 7 days"),  # minutes: 7 days are 10,080
    ("training", {"distance": "5 km", "elevation": 20001}, "elevation", "must be at most 20,000 m"),
    ("training", {"date": "9999-12-31", "time": 30}, "date", "must be a date from 1900-01-01 to 2100-12-31"),
    ("training", {"date": "0001-01-01", "time": 30}, "date", "must be a date from 1900-01-01 to 2100-12-31"),
    ("training", {"date": "2024-02-30", "time": 30}, "date", "not a date such as 2024-04-15"),
    ("training", {"start": "9999-12-31T07:00:00", "time": 30}, "start", "must be a date from 1900-01-01"),
    ("stretches", {"name": "calf", "hold": "61min"}, "hold", "must be at most 1 hour"),
    ("treatments", {"kind": "physio", "cost": -45}, "cost", "must not be negative"),
    ("treatments", {"kind": "physio", "cost": 100001}, "cost", "must be at most 100,000"),
    ("treatments", {"kind": "physio", "cost": "1" * 400}, "cost", "must be at most 100,000"),
])
def test_every_value_is_bounded_where_it_is_read(default_settings, massage_post, log, raw, field, message):
    entry, problems = parse_entry(log, 0, raw, post=massage_post, settings=default_settings)
    assert entry is None
    assert [(p.field, p.severity) for p in problems] == [(field, "error")]
    assert message in problems[0].message


def test_an_entry_cannot_take_an_out_of_range_post_date(default_settings):
    from pelican.plugins.running_diary.core.model import Post

    post = Post(file="content/far.md", date=dt.date(9999, 12, 31))
    entry, problems = parse_entry("soreness", 0, {"area": "calves", "score": 2}, post=post, settings=default_settings)
    assert entry is None
    assert "from 1900-01-01 to 2100-12-31" in str(problems[0])
