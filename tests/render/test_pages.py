"""render/pages.py: the data of the training, stretching and recovery pages, without Pelican.

One small diary, made by hand below, with every figure worked out by hand in the comments.
Its three posts:

    P1 "Late March"   2024/03/a/
    P2 "Early April"  2024/04/b/
    P3 "New year"     2025/01/c/
"""

from __future__ import annotations

import datetime as dt

import pytest
from markupsafe import Markup

from pelican.plugins.running_diary.core import summarize
from pelican.plugins.running_diary.core.model import Money, Post
from pelican.plugins.running_diary.core.settings import from_dict
from pelican.plugins.running_diary.core.specs import Soreness, Stretch, Training, Treatment
from pelican.plugins.running_diary.render import pages

D = dt.date
P1 = Post(file="content/2024/a.md", url="2024/03/a/", title="Late March", date=D(2024, 3, 31))
P2 = Post(file="content/2024/b.md", url="2024/04/b/", title="Early April", date=D(2024, 4, 3))
P3 = Post(file="content/2025/c.md", url="2025/01/c/", title="New year", date=D(2025, 1, 2))
LINK = {post: {"post_url": post.url, "post_title": post.title} for post in (P1, P2, P3)}
POSTS = {post: {"url": post.url, "title": post.title} for post in (P1, P2, P3)}


def session(day, activity, km, minutes, post, index, shoes=None):
    return Training(date=day, post=post, index=index, activity=activity, shoes=shoes,
                    distance_m=km * 1000 if km else None, time_s=minutes * 60 if minutes else None)


TRAINING = (
    session(D(2024, 3, 31), "run", 10, 50, P1, 0, "Pegasus"),  # a Sunday: 5:00 /km
    session(D(2024, 4, 1), "cycle", 30, 60, P2, 0),  # 30.0 km/h
    session(D(2024, 4, 2), "swim", 1.5, 30, P2, 1),  # 1,800 s / 15 = 2:00 /100 m
    session(D(2024, 4, 3), "run", 5, 22.5, P2, 2, "Ghost"),  # 4:30 /km
    session(D(2024, 4, 3), "rest", None, None, P2, 3),
    session(D(2024, 4, 4), "run", 8, 44, P2, 4, "Pegasus"),  # 5:30 /km
    session(D(2025, 1, 2), "run", 12, 60, P3, 0, "Pegasus"),  # 5:00 /km
)


def stretch(day, name, muscle, side, hold, sets, post, index):
    return Stretch(date=day, post=post, index=index, name=name, muscle=muscle, side=side, hold_s=hold, sets=sets)


STRETCHES = (  # time under stretch: hold x sets (x 2 for both sides)
    stretch(D(2024, 3, 31), "calf stretch", "calves", "both", 30, 3, P1, 0),  # 180 s
    stretch(D(2024, 4, 1), "calf stretch", "calves", "left", 20, 2, P2, 0),  # 40 s
    stretch(D(2024, 4, 2), "hamstring stretch", "hamstrings", None, 45, 1, P2, 1),  # 45 s
    stretch(D(2024, 4, 4), "pigeon", None, None, 60, 1, P2, 2),  # 60 s, no muscle named
    stretch(D(2024, 4, 5), "calf stretch", "calves", "right", 25, 2, P2, 3),  # 50 s
)
TREATMENTS = (
    Treatment(date=D(2024, 3, 28), post=P1, index=0, kind="sports massage", provider="West End Physios",
              duration_s=3600, cost=Money(amount=45, currency="GBP"), areas=("calves",)),
    Treatment(date=D(2024, 4, 2), post=P2, index=0, kind="physio", cost=Money(amount=60, currency="USD")),
    Treatment(date=D(2024, 4, 10), post=P2, index=1, kind="sports massage", cost=Money(amount=45, currency="GBP")),
    Treatment(date=D(2025, 1, 2), post=P3, index=0, kind="foam rolling", areas=("calves", "hips")),
)
SORENESS = (
    Soreness(date=D(2024, 3, 31), post=P1, index=0, area="Calves", score=6),
    Soreness(date=D(2024, 4, 2), post=P2, index=0, area="calves", score=4),
    Soreness(date=D(2024, 4, 4), post=P2, index=1, area="left knee", score=2),
)
DIARY = summarize.Diary(logs={"training": TRAINING, "stretches": STRETCHES, "treatments": TREATMENTS,
                              "soreness": SORENESS})


def archive_url(kind: str, day: dt.date) -> str:
    return f"{day:%Y}/" if kind == "year" else f"{day:%Y/%m}/"


@pytest.fixture(scope="module")
def site_context():
    """The pages' context (pages.site_context) for DIARY with the default settings."""
    return pages.site_context(DIARY, from_dict({}), archive_url)


def figures(row: dict) -> dict:
    """A period row without its list of activities."""
    return {key: value for key, value in row.items() if key != "activities"}


# --- training ----------------------------------------------------------------------------
# A period row's own figures are its running; every other activity is counted apart, in
# `activities` (runs first, then the contract's order: walk, hike, cycle, swim, ..., rest)
# and in `other`, a few words for the table.

OTHER_2024 = "1 ride, 30.00 km; 1 swim, 1.50 km; 1 rest day"  # a rest day shows no amount
RIDE = {"activity": "cycle", "sessions": "1 ride", "count": 1, "distance": "30.00 km", "time": "1:00:00",
        "pace": "30.0 km/h"}
SWIM = {"activity": "swim", "sessions": "1 swim", "count": 1, "distance": "1.50 km", "time": "0:30:00",
        "pace": "2:00 /100 m"}  # 1,800 s / 15 hundreds of metres = 120 s
REST = {"activity": "rest", "sessions": "1 rest day", "count": 1, "distance": "", "time": "", "pace": ""}


def test_the_pages_are_the_four_site_pages(site_context):
    assert tuple(site_context) == pages.PAGES == ("training", "routes", "stretching", "recovery")
    # no entry here has a route: the routes page says so
    assert [site_context[page]["empty"] for page in pages.PAGES] == [False, True, False, False]


def test_all_time_is_the_running_and_each_other_activity_apart(site_context):
    all_time = site_context["training"]["all_time"]
    # 4 runs: 10 + 5 + 8 + 12 = 35 km in 50 + 22.5 + 44 + 60 = 176.5 min = 10,590 s = 2:56:30;
    # 10,590 s / 35 km = 302.6 s a km: 5:03 /km.
    assert figures(all_time) == {"key": "all", "label": "All time", "url": "", "posts": [], "count": 4,
                                 "distance": "35.00 km", "time": "2:56:30", "pace": "5:03 /km",
                                 "other": OTHER_2024}
    # Each activity with its own figure: a pace for the runs, a speed for the ride, a pace
    # per 100 m for the swim, nothing for the rest day.
    assert all_time["activities"] == [
        {"activity": "run", "sessions": "4 runs", "count": 4, "distance": "35.00 km", "time": "2:56:30",
         "pace": "5:03 /km"},
        RIDE, SWIM, REST,
    ]


def test_years_newest_first_link_their_archive_and_posts(site_context):
    years = site_context["training"]["years"]
    assert [figures(row) for row in years] == [
        {"key": "2025", "label": "2025", "url": "2025/", "posts": [POSTS[P3]], "count": 1,
         "distance": "12.00 km", "time": "1:00:00", "pace": "5:00 /km", "other": ""},
        # 3 runs: 10 + 5 + 8 = 23 km in 50 + 22.5 + 44 = 116.5 min = 6,990 s; 303.9 s a km
        {"key": "2024", "label": "2024", "url": "2024/", "posts": [POSTS[P1], POSTS[P2]], "count": 3,
         "distance": "23.00 km", "time": "1:56:30", "pace": "5:04 /km", "other": OTHER_2024},
    ]
    assert years[0]["activities"] == [
        {"activity": "run", "sessions": "1 run", "count": 1, "distance": "12.00 km", "time": "1:00:00",
         "pace": "5:00 /km"}]


def test_months_newest_first(site_context):
    months = site_context["training"]["months"]
    assert [figures(row) for row in months] == [
        {"key": "2025-01", "label": "January 2025", "url": "2025/01/", "posts": [POSTS[P3]], "count": 1,
         "distance": "12.00 km", "time": "1:00:00", "pace": "5:00 /km", "other": ""},
        # 2 runs: 5 + 8 = 13 km in 22.5 + 44 = 66.5 min = 3,990 s; 306.9 s a km
        {"key": "2024-04", "label": "April 2024", "url": "2024/04/", "posts": [POSTS[P2]], "count": 2,
         "distance": "13.00 km", "time": "1:06:30", "pace": "5:07 /km", "other": OTHER_2024},
        {"key": "2024-03", "label": "March 2024", "url": "2024/03/", "posts": [POSTS[P1]], "count": 1,
         "distance": "10.00 km", "time": "0:50:00", "pace": "5:00 /km", "other": ""},
    ]
    assert months[1]["activities"] == [
        {"activity": "run", "sessions": "2 runs", "count": 2, "distance": "13.00 km", "time": "1:06:30",
         "pace": "5:07 /km"},
        RIDE, SWIM, REST,
    ]


def test_weeks_newest_first_from_monday(site_context):
    # Sunday 31 March is in the week of Monday 25 March; Thursday 2 January 2025 in the week
    # of Monday 30 December 2024. Weeks have no archive.
    weeks = site_context["training"]["weeks"]
    assert [(row["key"], row["label"], row["url"], row["count"], row["distance"], row["other"], row["posts"])
            for row in weeks] == [
        ("2024-12-30", "week of 30 December 2024", "", 1, "12.00 km", "", [POSTS[P3]]),
        ("2024-04-01", "week of 1 April 2024", "", 2, "13.00 km", OTHER_2024, [POSTS[P2]]),
        ("2024-03-25", "week of 25 March 2024", "", 1, "10.00 km", "", [POSTS[P1]]),
    ]


def test_weeks_from_sunday_and_in_miles():
    site_context = pages.site_context(DIARY, from_dict({"units": "mi", "week_start": "sunday"}), archive_url)
    weeks = site_context["training"]["weeks"]
    # Sunday 31 March to Saturday 6 April holds both posts' entries, each post once, in date order.
    assert [(row["key"], row["count"], row["distance"], row["pace"], row["posts"]) for row in weeks] == [
        # 12 km / 1.609344 = 7.456 mi; 300 s a km x 1.609344 = 482.8 s a mile
        ("2024-12-29", 1, "7.46 mi", "8:03 /mi", [POSTS[P3]]),
        # 23 km = 14.291 mi; 303.9 s a km x 1.609344 = 489.1 s a mile
        ("2024-03-31", 3, "14.29 mi", "8:09 /mi", [POSTS[P1], POSTS[P2]]),
    ]
    # The runs: 302.57 s a km x 1.609344 = 486.9 s a mile; the ride: 30 km / 1.609344 = 18.64 mi
    # in its hour; the swim per 100 yd (91.44 m): 1,800 s / 1,500 m x 91.44 m = 109.7 s.
    by_activity = {row["activity"]: (row["distance"], row["pace"])
                   for row in site_context["training"]["all_time"]["activities"]}
    assert by_activity == {"run": ("21.75 mi", "8:07 /mi"), "cycle": ("18.64 mi", "18.6 mph"),
                           "swim": ("0.93 mi", "1:50 /100 yd"), "rest": ("", "")}
    assert site_context["training"]["all_time"]["other"] == "1 ride, 18.64 mi; 1 swim, 0.93 mi; 1 rest day"


def test_records(site_context):
    assert site_context["training"]["records"] == [
        {"label": "Longest run", "value": "12.00 km", "detail": "1:00:00", "date": "2025-01-02",
         "date_label": "2 January 2025", **LINK[P3]},
        # The 5 km of 3 April in 22:30: 1,350 s / 5 = 270 s a km.
        {"label": "Best 5 km", "value": "0:22:30", "detail": "5.00 km at 4:30 /km", "date": "2024-04-03",
         "date_label": "3 April 2024", **LINK[P2]},
        # The 10 km of 31 March in 50:00: 300 s a km. The 8 km and 12 km are 20% off 10 km: neither
        # counts; no half marathon or marathon run, so no row for them.
        {"label": "Best 10 km", "value": "0:50:00", "detail": "10.00 km at 5:00 /km", "date": "2024-03-31",
         "date_label": "31 March 2024", **LINK[P1]},
        # Running per week: 10 km (25 March), 5 + 8 = 13 km (1 April), 12 km (30 December);
        # the ride and the swim of the week of 1 April do not count.
        {"label": "Most running in a week", "value": "13.00 km", "detail": "2 runs", "date": "2024-04-01",
         "date_label": "week of 1 April 2024", **LINK[P2]},
        # Per month: March 10 km, April 5 + 8 = 13 km, January 2025 12 km. Its post: April's first run's.
        {"label": "Most running in a month", "value": "13.00 km", "detail": "2 runs", "date": "2024-04",
         "date_label": "April 2024", **LINK[P2]},
    ]


def test_a_biggest_week_of_one_run_says_1_run():
    diary = summarize.Diary(logs={"training": (session(D(2024, 4, 3), "run", 5, 25, P2, 0),)})
    (longest, best_5k, week, month) = pages.site_context(diary, from_dict({}))["training"]["records"]
    assert (longest["label"], best_5k["label"], week["detail"], month["detail"]) == (
        "Longest run", "Best 5 km", "1 run", "1 run")


def test_records_in_miles_keep_the_races_names():
    site_context = pages.site_context(DIARY, from_dict({"units": "mi"}), archive_url)
    best_5k = site_context["training"]["records"][1]
    # 5 km / 1,609.344 m = 3.107 mi; 270 s a km x 1.609344 = 434.5 s a mile = 7:15 /mi.
    assert (best_5k["label"], best_5k["value"], best_5k["detail"]) == ("Best 5 km", "0:22:30", "3.11 mi at 7:15 /mi")


def test_this_year_against_last_year_to_the_same_date(site_context):
    # The diary's newest date is 2 January 2025 (a run and a treatment). 2025 to 2 January: the
    # 12 km in 1:00:00. 2024 to 2 January: nothing (its first run was 31 March). Its training
    # began before 2025, so the comparison is shown.
    assert site_context["training"]["year_to_date"] == {
        "year": "2025", "last_year": "2024", "as_of": "2 January",
        "rows": [{"key": "2025", "label": "2025", "url": "2025/", "to": "2 January 2025", "count": 1,
                  "distance": "12.00 km", "time": "1:00:00"},
                 {"key": "2024", "label": "2024", "url": "2024/", "to": "2 January 2024", "count": 0,
                  "distance": "0.00 km", "time": "0:00:00"}],
        "change": {"count": "+1", "distance": "+12.00 km", "time": "+1:00:00"},
    }


def test_a_year_behind_last_year_says_so_with_a_minus_sign():
    training = (session(D(2023, 2, 1), "run", 20, 100, P1, 0), session(D(2023, 2, 2), "run", 5, 25, P1, 1),
                session(D(2024, 2, 1), "run", 7.5, 40, P2, 0), session(D(2024, 2, 2), "run", 5, 25, P2, 1))
    ytd = pages.site_context(summarize.Diary(logs={"training": training}), from_dict({}))["training"]["year_to_date"]
    # 2024 to 2 February: 7.5 + 5 = 12.5 km in 65 min; 2023 to 2 February: 20 + 5 = 25 km in
    # 125 min. Change: 2 - 2 = 0 runs, 12.5 - 25 = -12.5 km, 65 - 125 = -60 min.
    assert [(r["count"], r["distance"], r["time"]) for r in ytd["rows"]] == [
        (2, "12.50 km", "1:05:00"), (2, "25.00 km", "2:05:00")]
    assert ytd["change"] == {"count": "0", "distance": "\N{MINUS SIGN}12.50 km", "time": "\N{MINUS SIGN}1:00:00"}
    assert [r["url"] for r in ytd["rows"]] == ["", ""]  # no archives given: plain labels


def test_a_change_of_a_hair_is_no_change():
    # 100.1 + 200.2 m adds up to 300.29999999999995 m, against 300.3 m a year before: the same
    # 0.30 km shown, so no sign; 1:00 + 2:00 against 3:00, no change of time either.
    def run(day, metres, seconds, post, index):
        return Training(date=day, post=post, index=index, activity="run", distance_m=metres, time_s=seconds)

    training = (run(D(2023, 2, 1), 300.3, 180, P1, 0), run(D(2024, 2, 1), 100.1, 60, P2, 0),
                run(D(2024, 2, 1), 200.2, 120, P2, 1))
    ytd = pages.site_context(summarize.Diary(logs={"training": training}), from_dict({}))["training"]["year_to_date"]
    assert ytd["change"] == {"count": "+1", "distance": "0.00 km", "time": "0:00:00"}


def test_no_comparison_for_a_diary_that_began_this_year():
    training = (session(D(2024, 2, 1), "run", 5, 25, P2, 0),)
    assert pages.site_context(summarize.Diary(logs={"training": training}),
                              from_dict({}))["training"]["year_to_date"] is None


def test_no_goal_unless_one_is_set(site_context):
    assert site_context["training"]["goal"] is None


@pytest.mark.parametrize("settings, goal", [
    # 2025, the newest year: its one run, 12 km, of 1,000 km is 1.2%: "1%"; 1,000 - 12 = 988 km to go.
    ({"yearly_goal_km": 1000}, {"year": "2025", "goal": "1,000.00 km", "done": "12.00 km", "left": "988.00 km",
                                "share": "1%", "reached": False, "value": "12.00", "max": "1000.00"}),
    # 12 km of 10 km: 120%, reached; the bar stops at its end.
    ({"yearly_goal_km": 10}, {"year": "2025", "goal": "10.00 km", "done": "12.00 km", "left": "0.00 km",
                              "share": "120%", "reached": True, "value": "10.00", "max": "10.00"}),
    # In miles: 100 km / 1.609344 = 62.14 mi; 12 km = 7.46 mi, 12% of it; 88 km = 54.68 mi to go.
    ({"yearly_goal_km": 100, "units": "mi"}, {"year": "2025", "goal": "62.14 mi", "done": "7.46 mi",
                                              "left": "54.68 mi", "share": "12%", "reached": False,
                                              "value": "7.46", "max": "62.14"}),
])
def test_the_yearly_goal_for_the_newest_year(settings, goal):
    assert pages.site_context(DIARY, from_dict(settings), archive_url)["training"]["goal"] == goal


def test_shoes_by_distance_with_their_last_run(site_context):
    assert site_context["training"]["shoes"] == [
        # Pegasus: 10 + 8 + 12 = 30 km in 50 + 44 + 60 = 154 min = 9,240 s: 308 s a km
        {"name": "Pegasus", "count": 3, "distance": "30.00 km", "time": "2:34:00", "pace": "5:08 /km",
         "last_date": "2 January 2025", **LINK[P3], "mark": "", "mark_detail": ""},  # far from 700 km
        {"name": "Ghost", "count": 1, "distance": "5.00 km", "time": "0:22:30", "pace": "4:30 /km",
         "last_date": "3 April 2024", **LINK[P2], "mark": "", "mark_detail": ""},
    ]
    # 90% of the default 700 km is 630 km.
    assert site_context["training"]["shoe_limit"] == {"limit": "700.00 km", "near": "630.00 km"}


@pytest.mark.parametrize("limit, marks", [
    # Pegasus 30 km, Ghost 5 km. A limit of 30 km: Pegasus is at it, retire, 0 km past it.
    (30, [("retire", "0.00 km past 30.00 km"), ("", "")]),
    # 32 km: near from 28.8 km; Pegasus has 32 - 30 = 2 km to go.
    (32, [("near limit", "2.00 km to 32.00 km"), ("", "")]),
    # 5 km: both past it, Pegasus by 30 - 5 = 25 km, Ghost by 0.
    (5, [("retire", "25.00 km past 5.00 km"), ("retire", "0.00 km past 5.00 km")]),
    # 5.5 km: near from 4.95 km: Ghost's 5 km is near it, 0.5 km to go.
    (5.5, [("retire", "24.50 km past 5.50 km"), ("near limit", "0.50 km to 5.50 km")]),
])
def test_shoes_near_and_past_their_limit_say_so_in_words(limit, marks):
    training = pages.site_context(DIARY, from_dict({"shoe_limit_km": limit}), archive_url)["training"]
    assert [(s["mark"], s["mark_detail"]) for s in training["shoes"]] == marks


def test_training_charts(site_context):
    charts = site_context["training"]["charts"]
    assert isinstance(charts["weekly_distance"]["svg"], Markup)
    # The running distance of every week from the first (25 March) to the last (30 December
    # 2024): 280 days, so 41 weeks, the weeks without a run at 0.
    rows = charts["weekly_distance"]["table"]["rows"]
    assert len(rows) == 41
    assert rows[:3] == [["25 Mar 2024", "10.0"], ["1 Apr 2024", "13.0"], ["8 Apr 2024", "0.0"]]
    assert rows[-1] == ["30 Dec 2024", "12.0"]
    assert {km for _, km in rows[2:-1]} == {"0.0"}
    # A calendar per year, newest first.
    assert [chart["title"] for chart in charts["calendars"]] == ["Active days in 2025", "Active days in 2024"]


# --- stretching --------------------------------------------------------------------------


def test_stretching_totals(site_context):
    # 180 + 40 + 45 + 60 + 50 = 375 s; holds of 30 s or more: 30, 45, 60 (3 of 5).
    assert site_context["stretching"]["totals"] == {"count": 5, "total": "0:06:15", "long_enough_share": "60%",
                                            "target": "30 s"}


CALF = {  # 3 sessions: 180 + 40 + 50 = 270 s; holds (30 + 20 + 25) / 3 = 25 s; 1 of 3 long enough
    "sessions": 3, "total": "0:04:30", "average_hold": "25 s", "long_enough_share": "33%", "sided": True,
    "left": "0:02:10",  # both: 30 x 3 = 90, left: 20 x 2 = 40
    "right": "0:02:20",  # both: 90, right: 25 x 2 = 50
    "last_date": "5 April 2024", **LINK[P2]}
PIGEON = {"sessions": 1, "total": "0:01:00", "average_hold": "1:00", "long_enough_share": "100%",
          "sided": False, "left": "0:00:00", "right": "0:00:00", "last_date": "4 April 2024", **LINK[P2]}
HAMSTRING = {"sessions": 1, "total": "0:00:45", "average_hold": "45 s", "long_enough_share": "100%",
             "sided": False, "left": "0:00:00", "right": "0:00:00", "last_date": "2 April 2024", **LINK[P2]}


def test_a_stretchs_muscles_come_from_each_entry_and_both_sides_count():
    """The couch stretch logged once for the hips (the last entry) and twice for the quads:
    its row names both, the quads first (more time), never the last entry's alone. Done on
    "both" sides only, its Left and Right are shown, each the whole of it."""
    couch = (stretch(D(2024, 4, 1), "couch stretch", "quads", "both", 60, 2, P1, 0),  # 60 x 2 x 2 = 240 s
             stretch(D(2024, 4, 2), "couch stretch", "quads", "both", 45, 2, P1, 1),  # 45 x 2 x 2 = 180 s
             stretch(D(2024, 4, 3), "couch stretch", "hips", "both", 30, 1, P2, 0))  # 30 x 1 x 2 = 60 s
    page = pages.site_context(summarize.Diary(logs={"stretches": couch}), from_dict({}))["stretching"]
    [row] = page["by_name"]
    assert row["muscle"] == "quads, hips"
    # each side: 60 x 2 + 45 x 2 + 30 x 1 = 240 s = 0:04:00; 480 s in all
    assert (row["sided"], row["left"], row["right"], row["total"]) == (True, "0:04:00", "0:04:00", "0:08:00")
    assert [(r["muscle"], r["total"]) for r in page["by_muscle"]] == [("quads", "0:07:00"), ("hips", "0:01:00")]


def test_stretching_by_name_and_by_muscle_most_time_first(site_context):
    assert site_context["stretching"]["by_name"] == [
        {"name": "calf stretch", "muscle": "calves", **CALF},
        {"name": "pigeon", "muscle": "", **PIGEON},
        {"name": "hamstring stretch", "muscle": "hamstrings", **HAMSTRING},
    ]
    assert site_context["stretching"]["by_muscle"] == [
        {"muscle": "calves", **CALF}, {"muscle": "other", **PIGEON}, {"muscle": "hamstrings", **HAMSTRING}]


def test_a_stretch_names_its_muscle_group_as_the_muscle_table_does():
    """`Calves` then `calves\u00a0`: one group, named `Calves` on every row of the page."""
    stretches = (stretch(D(2024, 3, 31), "calf stretch", "Calves", "both", 30, 3, P1, 0),  # 180 s
                 stretch(D(2024, 4, 1), "calf stretch", "calves\u00a0", "left", 20, 2, P2, 0))  # 40 s
    page = pages.stretching_page(summarize.Diary(logs={"stretches": stretches}), from_dict({}))
    assert [(row["name"], row["muscle"], row["total"]) for row in page["by_name"]] == [
        ("calf stretch", "Calves", "0:03:40")]  # 180 + 40 = 220 s
    assert [row["muscle"] for row in page["by_muscle"]] == ["Calves"]


def test_stretching_weekly_minutes_against_the_goal(site_context):
    weekly = site_context["stretching"]["weekly"]
    assert weekly["goal"] == "5 min"
    # 12 weeks, ending with the week of the last stretch (Monday 1 April): from Monday 15 January.
    assert weekly["weeks"] == ["Mon 15 Jan", "Mon 22 Jan", "Mon 29 Jan", "Mon 5 Feb", "Mon 12 Feb",
                               "Mon 19 Feb", "Mon 26 Feb", "Mon 4 Mar", "Mon 11 Mar", "Mon 18 Mar",
                               "Mon 25 Mar", "Mon 1 Apr"]
    zeros = ["0.0"] * 10
    assert weekly["rows"] == [  # muscles in name order
        {"muscle": "calves", "minutes": [*zeros, "3.0", "1.5"],  # 180 s; 40 + 50 = 90 s
         "met": [False] * 12},
        {"muscle": "hamstrings", "minutes": [*zeros, "0.0", "0.8"], "met": [False] * 12},  # 45 s = 0.75
        {"muscle": "other", "minutes": [*zeros, "0.0", "1.0"], "met": [False] * 12},
    ]


def test_streaks_run_to_the_diarys_last_day(site_context):
    # Stretch days: 31 March, 1, 2 April (3 in a row), 4, 5 April (2). The diary's last day is
    # 2 January 2025 (its last run), so no streak is current.
    assert site_context["stretching"]["streak"] == {"current": 0, "longest": 3, "longest_end": "2 April 2024",
                                            "as_of": "2 January 2025"}
    stretches_only = summarize.Diary(logs={"stretches": STRETCHES})
    streak = pages.site_context(stretches_only, from_dict({}))["stretching"]["streak"]
    assert streak == {"current": 2, "longest": 3, "longest_end": "2 April 2024", "as_of": "5 April 2024"}


def test_a_weekly_goal_met():
    stretches = (stretch(D(2024, 4, 1), "calf stretch", "calves", "both", 60, 3, P2, 0),)  # 360 s = 6 min
    weekly = pages.site_context(summarize.Diary(logs={"stretches": stretches}),
                                from_dict({"weekly_stretch_goal": 6}))["stretching"]["weekly"]
    assert (weekly["goal"], weekly["rows"][0]["minutes"][-1], weekly["rows"][0]["met"][-1]) == ("6 min", "6.0", True)


# --- recovery ----------------------------------------------------------------------------


def test_treatments_newest_first_each_with_its_post(site_context):
    # 2024 and 2025 in one table: every date carries its year.
    assert site_context["recovery"]["treatments"] == [
        {"date": "2025-01-02", "date_label": "Thu 2 Jan 2025", "kind": "foam rolling", "provider": "",
         "duration": "", "cost": "", "areas": "calves, hips", "notes": "", **LINK[P3]},
        {"date": "2024-04-10", "date_label": "Wed 10 Apr 2024", "kind": "sports massage", "provider": "",
         "duration": "", "cost": "£45.00", "areas": "", "notes": "", **LINK[P2]},
        {"date": "2024-04-02", "date_label": "Tue 2 Apr 2024", "kind": "physio", "provider": "",
         "duration": "", "cost": "$60.00", "areas": "", "notes": "", **LINK[P2]},
        {"date": "2024-03-28", "date_label": "Thu 28 Mar 2024", "kind": "sports massage",
         "provider": "West End Physios", "duration": "1:00:00", "cost": "£45.00", "areas": "calves",
         "notes": "", **LINK[P1]},
    ]


@pytest.mark.parametrize(("treatments", "this_year", "labels"), [
    (TREATMENTS[:3], 2024, ["Wed 10 Apr", "Tue 2 Apr", "Thu 28 Mar"]),  # one year, this one: no year
    (TREATMENTS[:3], 2026, ["Wed 10 Apr 2024", "Tue 2 Apr 2024", "Thu 28 Mar 2024"]),  # another year
    (TREATMENTS[:3], None, ["Wed 10 Apr 2024", "Tue 2 Apr 2024", "Thu 28 Mar 2024"]),  # year unknown
    (TREATMENTS, 2025, ["Thu 2 Jan 2025", "Wed 10 Apr 2024", "Tue 2 Apr 2024", "Thu 28 Mar 2024"]),  # mixed
])
def test_treatment_dates_carry_their_year_unless_all_of_this_year(treatments, this_year, labels):
    diary = summarize.Diary(logs={"treatments": treatments})
    rows = pages.site_context(diary, from_dict({}), archive_url, this_year)["recovery"]["treatments"]
    assert [row["date_label"] for row in rows] == labels


def test_spend_per_currency_by_month_year_and_all(site_context):
    recovery = site_context["recovery"]
    # Only months with a cost: March £45; April £45 and $60, never added together.
    assert recovery["spend_by_month"] == [
        {"key": "2024-04", "label": "April 2024", "url": "2024/04/", "spend": "£45.00 + $60.00"},
        {"key": "2024-03", "label": "March 2024", "url": "2024/03/", "spend": "£45.00"},
    ]
    assert recovery["spend_by_year"] == [{"key": "2024", "label": "2024", "url": "2024/",
                                          "spend": "£90.00 + $60.00"}]  # 45 + 45
    assert recovery["spend_all"] == "£90.00 + $60.00"


def test_soreness_per_area_case_blind(site_context):
    assert site_context["recovery"]["soreness"] == [
        {"area": "Calves", "count": 2, "average": "5.0", "latest": "4", "latest_date": "2 April 2024",
         "points": [  # "Calves" and "calves" are one area, named as first written; (6 + 4) / 2 = 5
             {"date": "2024-03-31", "date_label": "Sun 31 Mar", "score": "6", **LINK[P1]},
             {"date": "2024-04-02", "date_label": "Tue 2 Apr", "score": "4", **LINK[P2]}]},
        {"area": "left knee", "count": 1, "average": "2.0", "latest": "2", "latest_date": "4 April 2024",
         "points": [{"date": "2024-04-04", "date_label": "Thu 4 Apr", "score": "2", **LINK[P2]}]},
    ]
    assert site_context["recovery"]["charts"]["soreness"]["table"]["head"] == [
        "Date", "Calves", "left knee", "Treatment"]


# --- nothing logged ----------------------------------------------------------------------


def test_an_empty_diary():
    site_context = pages.site_context(summarize.Diary(), from_dict({}))
    training, stretching, recovery = site_context["training"], site_context["stretching"], site_context["recovery"]
    assert training["empty"] and stretching["empty"] and recovery["empty"]
    assert training["all_time"] == {
        "key": "all", "label": "All time", "url": "", "posts": [], "count": 0, "distance": "", "time": "",
        "pace": "", "activities": [], "other": ""}
    assert (training["years"], training["months"], training["weeks"], training["records"],
            training["shoes"], training["charts"]["calendars"]) == ([], [], [], [], [], [])
    assert (training["year_to_date"], training["goal"]) == (None, None)
    assert pages.site_context(summarize.Diary(), from_dict({"yearly_goal_km": 500}))["training"]["goal"] is None
    assert stretching["totals"] == {"count": 0, "total": "0:00:00", "long_enough_share": "", "target": "30 s"}
    assert stretching["streak"] == {"current": 0, "longest": 0, "longest_end": "", "as_of": ""}
    assert (recovery["treatments"], recovery["spend_by_month"], recovery["spend_by_year"],
            recovery["spend_all"], recovery["soreness"]) == ([], [], [], "", [])
