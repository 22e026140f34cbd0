"""render/display.py: numbers and dates as the site shows them. Every figure is worked out by hand."""

from __future__ import annotations

import datetime as dt
import locale
import math

import pytest

from pelican.plugins.running_diary.core import activities
from pelican.plugins.running_diary.core.model import Money, Post
from pelican.plugins.running_diary.core.settings import from_dict
from pelican.plugins.running_diary.core.specs import Stretch, Training
from pelican.plugins.running_diary.render import display

KM = from_dict({})
MI = from_dict({"units": "mi"})
POST = Post(file="a.md", url="2024/04/a/", title="A", date=dt.date(2024, 4, 15))


# --- distances, times, paces -------------------------------------------------------------


@pytest.mark.parametrize(("metres", "settings", "shown"), [
    (None, KM, ""),
    (5000, KM, "5.00 km"),
    (800, KM, "0.80 km"),
    (21097.5, KM, "21.10 km"),  # a half marathon: 21.0975 km
    (1_234_567, KM, "1,234.57 km"),  # thousands grouped
    (16093.44, MI, "10.00 mi"),  # 10 x 1,609.344 m
    (21097.5, MI, "13.11 mi"),  # 21,097.5 / 1,609.344 = 13.109
    (5000, MI, "3.11 mi"),  # 5,000 / 1,609.344 = 3.107
])
def test_distance_in_the_sites_unit(metres, settings, shown):
    assert display.distance(metres, settings) == shown


@pytest.mark.parametrize(("seconds", "shown"), [
    (None, ""),
    (0, "0:00:00"),
    (2070, "0:34:30"),  # 34 x 60 + 30
    (3930, "1:05:30"),  # 3,600 + 5 x 60 + 30
    (59.6, "0:01:00"),  # rounded to the second first
    (36000, "10:00:00"),
])
def test_clock_is_h_mm_ss(seconds, shown):
    assert display.clock(seconds) == shown


@pytest.mark.parametrize(("seconds", "shown"), [
    (None, ""),
    (30, "0:30"),
    (345, "5:45"),  # 5 x 60 + 45
    (3599.4, "59:59"),
    (3599.6, "1:00:00"),  # rounds to 3,600: an hour shows its hours
    (3725, "1:02:05"),
])
def test_short_clock_is_m_ss_under_an_hour(seconds, shown):
    assert display.short_clock(seconds) == shown


@pytest.mark.parametrize(("seconds_per_km", "settings", "shown"), [
    (None, KM, ""),
    (0, KM, ""),
    (math.inf, KM, ""),
    (345, KM, "5:45 /km"),
    (300, MI, "8:03 /mi"),  # 300 x 1.609344 = 482.8 s a mile: 8:03
    (270, MI, "7:15 /mi"),  # 270 x 1.609344 = 434.52 s, to the second 435: 7:15
])
def test_pace_per_unit(seconds_per_km, settings, shown):
    assert display.pace(seconds_per_km, settings) == shown


def test_speed_per_hour():
    # 20 km in 55 min: 20 / (55 / 60) = 21.82 km/h; in miles 12.427 mi / 0.9167 h = 13.56 mph.
    assert display.rate("cycle", 20000, 3300, KM) == "21.8 km/h"
    assert display.rate("cycle", 20000, 3300, MI) == "13.6 mph"


def test_swim_pace_per_100_m_or_100_yd():
    # 1,500 m in 30 min: 1,800 s / 15 = 120 s per 100 m; 100 yd is 91.44 m: 1.2 x 91.44 = 109.7 s.
    assert display.rate("swim", 1500, 1800, KM) == "2:00 /100 m"
    assert display.rate("swim", 1500, 1800, MI) == "1:50 /100 yd"


@pytest.mark.parametrize(("activity", "settings", "shown"), [
    ("run", KM, "5:00 /km"),  # 10 km in 50 min: 300 s a km
    ("walk", KM, "5:00 /km"),
    ("hike", KM, "5:00 /km"),
    ("strength", KM, "5:00 /km"),  # a pace wherever a distance is given at all
    ("rowing", KM, "5:00 /km"),  # an activity the diary does not know: a pace too
    ("cycle", KM, "12.0 km/h"),  # 10 km in 5/6 h
    ("swim", KM, "0:30 /100 m"),  # 3,000 s / 100 (hundreds of metres)
    ("rest", KM, ""),  # rest has no figure, whatever it logs
    ("run", MI, "8:03 /mi"),
    ("cycle", MI, "7.5 mph"),  # 6.2137 mi in 5/6 h = 7.46
    ("swim", MI, "0:27 /100 yd"),  # 3,000 s / 10,000 m x 91.44 m = 27.4 s
])
def test_rate_is_the_figure_that_fits_the_activity(activity, settings, shown):
    assert display.rate(activity, 10_000, 3000, settings) == shown


@pytest.mark.parametrize(("distance_m", "time_s"), [(None, 3000), (10_000, None), (0, 3000), (None, None)])
def test_rate_needs_both_a_distance_and_a_time(distance_m, time_s):
    for activity in activities.names():
        assert display.rate(activity, distance_m, time_s, KM) == ""


@pytest.mark.parametrize(("metres", "settings", "shown"), [
    (None, KM, ""),
    (0, KM, "0 m"),
    (120, KM, "120 m"),
    (1500, KM, "1,500 m"),
    (121.92, MI, "400 ft"),  # 400 x 0.3048 m
    (1000, MI, "3,281 ft"),  # 1,000 / 0.3048 = 3,280.8
])
def test_elevation_in_metres_or_feet(metres, settings, shown):
    assert display.elevation(metres, settings) == shown


# --- money -------------------------------------------------------------------------------


@pytest.mark.parametrize(("amount", "currency", "shown"), [
    (45, "GBP", "£45.00"),
    (60, "USD", "$60.00"),
    (50, "EUR", "€50.00"),
    (1234.5, "GBP", "£1,234.50"),
    (80, "CHF", "80.00 CHF"),  # no symbol: the code after the amount
])
def test_money_with_its_symbol_or_code(amount, currency, shown):
    assert display.money(amount, currency) == shown


def test_spend_never_adds_currencies_and_lists_them_by_code():
    assert display.spend({"USD": 60, "GBP": 90}) == "£90.00 + $60.00"  # GBP before USD
    assert display.spend({"EUR": 5, "CHF": 10.5}) == "10.50 CHF + €5.00"
    assert display.spend({}) == ""


# --- dates -------------------------------------------------------------------------------

MONDAY = dt.date(2024, 4, 15)
LABELS = {  # the diary's own names, whatever the machine's locale
    display.date_label: "Mon 15 Apr",
    display.long_date: "15 April 2024",
    display.short_date: "15 Apr 2024",
    display.month_label: "April 2024",
    display.week_label: "Week of Mon 15 Apr 2024",
}


@pytest.mark.parametrize("label", LABELS, ids=lambda f: f.__name__)
def test_date_labels(label):
    assert label(MONDAY) == LABELS[label]


def test_every_day_and_month_name():
    # 1 January 2024 was a Monday; the 1st of each month of 2024 falls on these days.
    firsts = [display.date_label(dt.date(2024, month, 1)) for month in range(1, 13)]
    assert firsts == ["Mon 1 Jan", "Thu 1 Feb", "Fri 1 Mar", "Mon 1 Apr", "Wed 1 May", "Sat 1 Jun",
                      "Mon 1 Jul", "Thu 1 Aug", "Sun 1 Sep", "Tue 1 Oct", "Fri 1 Nov", "Sun 1 Dec"]
    assert display.long_date(dt.date(2024, 9, 29)) == "29 September 2024"


@pytest.fixture
def german_dates():
    """LC_TIME set to German for the test (skipped where the machine has no German locale)."""
    saved = locale.setlocale(locale.LC_TIME)
    for name in ("de_DE.UTF-8", "de_DE.utf8", "de_DE"):
        try:
            locale.setlocale(locale.LC_TIME, name)
            break
        except locale.Error:
            continue
    else:
        pytest.skip("no German locale on this machine (e.g. `localedef -i de_DE -f UTF-8 de_DE.UTF-8`)")
    try:
        yield
    finally:
        locale.setlocale(locale.LC_TIME, saved)


def test_date_labels_are_english_under_a_german_locale(german_dates):
    tuesday = dt.date(2024, 3, 5)
    assert f"{tuesday:%a %B}" == "Di März"  # the locale is in force: strftime speaks German
    display.date_label.cache_clear()  # not a label cached before the locale changed
    assert display.date_label(tuesday) == "Tue 5 Mar"
    assert display.long_date(tuesday) == "5 March 2024"
    assert display.short_date(tuesday) == "5 Mar 2024"
    assert display.month_label(tuesday) == "March 2024"
    assert display.week_label(tuesday) == "Week of Tue 5 Mar 2024"


# --- the display kinds the specs name ------------------------------------------------------


def test_display_kinds():
    ride = Training(date=MONDAY, post=POST, index=0, activity="cycle", distance_m=20000, time_s=3300)
    assert display.show("rate", None, KM, ride) == "21.8 km/h"  # reads the entry: see test_speed
    assert display.show("distance", 20000, MI, ride) == "12.43 mi"  # 20,000 / 1,609.344 = 12.427
    assert display.show("clock", 3300, KM) == "0:55:00"
    assert display.show("hold", 45, KM) == "45 s"  # as a runner says it
    assert display.show("hold", 90, KM) == "1:30"
    assert display.show("pace", 345, KM) == "5:45 /km"
    assert display.show("elevation", 121.92, MI) == "400 ft"
    assert display.show("money", Money(amount=45, currency="GBP"), KM) == "£45.00"
    assert display.show("money", None, KM) == ""
    assert display.show("spend", {"GBP": 45, "USD": 60}, KM) == "£45.00 + $60.00"
    assert display.show("number", 151, KM) == "151"
    assert display.show("number", None, KM) == ""
    assert display.show("decimal", 3.25, KM) == "3.2"  # 3.25 is exact in binary: halves to even
    assert display.show("decimal", 2.0 / 3, KM) == "0.7"
    assert display.show("text", None, KM) == ""
    assert display.show("list", ("calves", "hips"), KM) == "calves, hips"
    assert display.show("list", (), KM) == ""
    assert display.show("held", (1, 3, 30), KM) == "33% ≥ 30 s"  # 100 / 3 = 33.3
    # The target is a hold, written as every hold is (display.hold): 45.5 s rounds to
    # "46 s", a minute is "1:00", never "60 s" beside a hold column's "1:00".
    assert display.show("held", (2, 3, 45.5), KM) == "67% ≥ 46 s"  # 200 / 3 = 66.7
    assert display.show("held", (3, 4, 60), KM) == "75% ≥ 1:00"  # 300 / 4
    assert display.show("held", (0, 0, 30), KM) == ""
    assert display.show("count", (1, "stretch"), KM) == "1 stretch"
    assert display.show("count", (1200, "session"), KM) == "1,200 sessions"


def test_minutes_and_shares():
    calf = Stretch(date=MONDAY, post=POST, index=0, name="calf", hold_s=30, sets=3, side="both")
    assert display.show("clock", calf.total_s, KM) == "0:03:00"  # 30 s x 3 sets x 2 sides = 180 s
    assert display.minutes(calf.total_s) == "3.0 min"
    assert display.minutes(45) == "0.8 min"  # 0.75, halved to even
    assert (display.share(1, 3), display.share(2, 3), display.share(0, 0)) == ("33%", "67%", "")


def test_sessions_are_counted_as_a_runner_says_them():
    assert display.sessions(1, "run") == "1 run"
    assert display.sessions(2, "cycle") == "2 rides"
    assert display.sessions(1, "rest") == "1 rest day"
    assert display.sessions(3, "rowing") == "3 sessions"  # an activity the diary does not know


def test_every_display_kind_a_spec_may_name_is_one_display_knows():
    """The core names the kinds (it cannot import render); display.py shows each of them."""
    from pelican.plugins.running_diary.core import specs  # noqa: PLC0415

    assert set(display._KINDS) == specs.DISPLAY_KINDS
