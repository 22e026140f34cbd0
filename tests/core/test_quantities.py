"""Every form the contract accepts for durations, distances, paces and money."""

import pytest

from pelican.plugins.running_diary.core import quantities as q


@pytest.mark.parametrize(
    ("raw", "seconds"),
    [
        ("45:12", 2712), ("1:05:30", 3930), ("0:30", 30), ("45:12.5", 2712.5),
        ("1h05m", 3900), ("1h", 3600), ("45min", 2700), ("45 min", 2700), ("90s", 90),
        ("1h 5m 30s", 3930), ("2 hours", 7200), ("1min", 60),
        ("PT45M12S", 2712), ("PT1H", 3600), ("pt30s", 30), ("P0DT1H30M", 5400),
        (45, 2700), (45.5, 2730), ("45", 2700),
    ],
)
def test_times_in_every_form_a_bare_number_being_minutes(raw, seconds):
    assert q.duration(raw, bare_unit_s=60) == pytest.approx(seconds)


def test_a_bare_hold_is_seconds():
    assert q.duration(30, bare_unit_s=1) == 30
    assert q.duration("45s", bare_unit_s=1) == 45


@pytest.mark.parametrize(
    "raw", ["45:72", "1:65:00", "fast", "", "PT", "P", "10 parsecs", "5h x", True, None, [5], {"a": 1}, "-5", 0, "0:00"]
)
def test_what_is_not_a_duration_is_refused(raw):
    with pytest.raises(ValueError):
        q.duration(raw, bare_unit_s=60)


@pytest.mark.parametrize(
    ("raw", "unit_m", "metres"),
    [
        ("8 km", 1000, 8000), ("5 mi", 1000, 8046.72), ("800 m", 1000, 800), (8.2, 1000, 8200),
        ("8.2", 1000, 8200), ("10k", 1000, 10000), ("5 miles", 1000, 8046.72), ("3", 1609.344, 4828.032),
        ("8KM", 1000, 8000),
    ],
)
def test_distances_in_km_mi_m_or_the_sites_unit(raw, unit_m, metres):
    assert q.distance(raw, unit_m=unit_m) == pytest.approx(metres)


@pytest.mark.parametrize("raw", ["8 furlongs", "far", "", 0, -3, True, "km"])
def test_what_is_not_a_distance_is_refused(raw):
    with pytest.raises(ValueError):
        q.distance(raw, unit_m=1000)


def test_elevation_in_metres_feet_or_bare_metres():
    assert q.elevation("120 m") == 120
    assert q.elevation("400 ft") == pytest.approx(121.92)
    assert q.elevation(85) == 85
    with pytest.raises(ValueError):
        q.elevation("lots")


def test_pace_per_km_and_per_mile():
    assert q.pace("5:30/km") == 330
    assert q.pace("5:30 /km") == 330
    assert q.pace("8:51/mi") == pytest.approx(531 / 1.609344)
    for bad in ["5:30", "5:75/km", "fast/km", 330]:
        with pytest.raises(ValueError):
            q.pace(bad)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("£45", (45.0, "GBP")), ("45 GBP", (45.0, "GBP")), ("$60", (60.0, "USD")), ("€50", (50.0, "EUR")),
     (45, (45.0, "GBP")), ("45.50", (45.5, "GBP")), ("£1,200", (1200.0, "GBP")), ("usd 30", (30.0, "USD")),
     (0, (0.0, "GBP"))],
)
def test_money_in_symbols_codes_or_the_sites_currency(raw, expected):
    assert q.money(raw, currency="GBP") == expected


@pytest.mark.parametrize("raw", ["forty-five", "£", "-£5", True, [45]])
def test_what_is_not_money_is_refused(raw):
    with pytest.raises(ValueError):
        q.money(raw, currency="GBP")


def test_whole_numbers_within_their_range():
    assert q.whole_number(151, low=30, high=250) == 151
    assert q.whole_number("7", low=1, high=10) == 7
    assert q.whole_number(7.0, low=1, high=10) == 7
    for bad, message in [(7.5, "not a whole number"), (11, "must be from 1 to 10"),
                         (True, "not a whole number"), ("seven", "not a whole number")]:
        with pytest.raises(ValueError, match=message):
            q.whole_number(bad, low=1, high=10)
