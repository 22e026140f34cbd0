"""The build-time SVG charts (plugins/diary/charts.py), with plain data."""

from __future__ import annotations

import datetime as dt
import random
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from markupsafe import Markup

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "plugins"))

from diary.render import charts  # noqa: E402

SVG = "{http://www.w3.org/2000/svg}"
MONDAY = dt.date(2024, 1, 1)
NASTY = '<script>alert("x")</script> & \'quotes\''


def weeks_of(distances_km):
    return [(MONDAY + dt.timedelta(weeks=i), km * 1000) for i, km in enumerate(distances_km)]


def full_year_inputs(seed=4):
    """A year of busy data: every week, every day, several areas and muscles."""
    rng = random.Random(seed)
    weeks = [MONDAY + dt.timedelta(weeks=i) for i in range(52)]
    return {
        "weeks": [(w, rng.uniform(0, 80_000)) for w in weeks],
        "days": {MONDAY + dt.timedelta(days=i): rng.uniform(5, 150) for i in range(366)},
        "week_starts": weeks,
        "muscles": {f"muscle {k}": [rng.uniform(0, 12) for _ in weeks] for k in range(10)},
        "series": {
            f"area {k}": [(MONDAY + dt.timedelta(days=i), rng.randint(0, 10)) for i in range(366)]
            for k in range(5)
        },
        "treatments": [(MONDAY + dt.timedelta(days=i), f"treatment {i}") for i in range(0, 366, 9)],
    }


def all_charts(data):
    return {
        "weekly_distance": charts.weekly_distance(data["weeks"], "km"),
        "activity_calendar": charts.activity_calendar(2024, data["days"], "monday"),
        "stretch_minutes": charts.stretch_minutes(data["week_starts"], data["muscles"], 5),
        "soreness": charts.soreness(data["series"], data["treatments"]),
    }


def empty_charts():
    return {
        "weekly_distance": charts.weekly_distance([], "km"),
        "activity_calendar": charts.activity_calendar(2024, {}, "monday"),
        "stretch_minutes": charts.stretch_minutes([], {}, 5),
        "soreness": charts.soreness({}, []),
    }


def parse(chart):
    return ET.fromstring(str(chart["svg"]))


# --- every chart ------------------------------------------------------------


@pytest.mark.parametrize("make", [lambda: all_charts(full_year_inputs()), empty_charts], ids=["full", "empty"])
def test_every_chart_has_the_contract_shape(make):
    for name, chart in make().items():
        assert set(chart) == {"svg", "title", "description", "table"}, name
        assert isinstance(chart["svg"], Markup), name
        assert chart["title"] and chart["description"], name
        assert set(chart["table"]) == {"head", "rows"}, name
        assert all(isinstance(cell, str) for cell in chart["table"]["head"]), name
        for row in chart["table"]["rows"]:
            assert len(row) == len(chart["table"]["head"]), name
            assert all(isinstance(cell, str) for cell in row), name


@pytest.mark.parametrize("make", [lambda: all_charts(full_year_inputs()), empty_charts], ids=["full", "empty"])
def test_svg_is_accessible_and_scalable(make):
    for name, chart in make().items():
        root = parse(chart)
        assert root.tag == SVG + "svg", name
        assert root.get("role") == "img", name
        assert re.fullmatch(r"0 0 \d+(\.\d)? \d+(\.\d)?", root.get("viewBox")), name
        assert root.get("width") is None and root.get("height") is None, name
        title, desc = root.find(SVG + "title"), root.find(SVG + "desc")
        assert title.text == chart["title"], name
        assert desc.text == chart["description"], name
        assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}", name


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_full_year_stays_under_15_kb(seed):
    for name, chart in all_charts(full_year_inputs(seed)).items():
        assert len(str(chart["svg"]).encode()) <= charts.MAX_BYTES, name


def test_coordinates_are_rounded_to_one_decimal():
    for name, chart in all_charts(full_year_inputs()).items():
        assert not re.search(r"\d\.\d\d", str(chart["svg"])), name


def test_no_hard_coded_colours():
    """Colours come from CSS classes and currentColor, so the dark scheme applies."""
    for name, chart in {**all_charts(full_year_inputs()), **empty_charts()}.items():
        svg = str(chart["svg"])
        assert not re.search(r"#[0-9a-fA-F]{3,6}\b|rgb\(|hsl\(", svg), name
        for colour in re.findall(r'(?:fill|stroke)="([^"]*)"', svg):
            assert colour in ("currentColor", "none"), (name, colour)


def test_chart_ids_can_be_made_unique_on_a_page():
    chart = charts.weekly_distance(weeks_of([5, 10]), "km", chart_id="wd-2")
    root = parse(chart)
    assert root.get("aria-labelledby") == "wd-2-t wd-2-d"


# --- escaping ---------------------------------------------------------------


def test_text_in_the_svg_is_escaped():
    weeks = [MONDAY, MONDAY + dt.timedelta(weeks=1)]
    made = [
        charts.stretch_minutes(weeks, {NASTY: [6.0, 2.0]}, 5),
        charts.soreness({NASTY: [(MONDAY, 4), (MONDAY + dt.timedelta(days=2), 2)]}, [(MONDAY, NASTY)]),
        charts.soreness({"calves": [(MONDAY, 4)]}, [(MONDAY + dt.timedelta(days=1), "<b>rub</b>")]),
    ]
    for chart in made:
        svg = str(chart["svg"])
        assert "<script>" not in svg and "<b>" not in svg
        root = parse(chart)  # well-formed despite the markup in the data
        texts = " ".join(t for t in root.itertext())
        assert "<script>" in texts or "<b>rub" in texts or "<b>" in texts
    # The data itself is kept as text in the table; the template escapes it.
    assert made[0]["table"]["head"][1] == f"{NASTY} (min)"


def test_chart_id_is_escaped():
    svg = str(charts.weekly_distance(weeks_of([1]), "km", chart_id='x"><script>')["svg"])
    assert "<script>" not in svg


# --- empty input ------------------------------------------------------------


def test_empty_input_says_so():
    made = empty_charts()
    assert made["weekly_distance"]["description"] == "No weeks to show yet."
    assert made["activity_calendar"]["description"] == "No active days logged in 2024."
    assert made["stretch_minutes"]["description"] == "No stretching logged in these weeks."
    assert made["soreness"]["description"] == "No soreness logged yet."
    for chart in made.values():
        assert chart["description"] in str(chart["svg"])
        assert chart["table"]["rows"] == []


def test_zero_weeks_are_empty_but_keep_their_table():
    chart = charts.weekly_distance(weeks_of([0, 0, 0]), "km")
    assert chart["description"] == "No distance logged in the last 3 weeks."
    assert chart["table"]["rows"] == [["1 Jan 2024", "0.0"], ["8 Jan 2024", "0.0"], ["15 Jan 2024", "0.0"]]


def test_days_outside_the_year_or_without_minutes_do_not_count():
    chart = charts.activity_calendar(2024, {dt.date(2023, 12, 31): 50, dt.date(2024, 3, 1): 0}, "monday")
    assert chart["description"] == "No active days logged in 2024."


def test_muscles_with_no_minutes_are_empty():
    weeks = [MONDAY, MONDAY + dt.timedelta(weeks=1)]
    chart = charts.stretch_minutes(weeks, {"calves": [0, 0]}, 5)
    assert chart["description"] == "No stretching logged in these weeks."
    assert chart["table"]["rows"] == [["1 Jan 2024", "0.0"], ["8 Jan 2024", "0.0"]]


def test_treatments_without_soreness_still_fill_the_table():
    chart = charts.soreness({}, [(MONDAY, "physio")])
    assert chart["table"] == {"head": ["Date", "Treatment"], "rows": [["1 Jan 2024", "physio"]]}


def test_bad_arguments_are_errors():
    with pytest.raises(ValueError):
        charts.weekly_distance([], "furlongs")
    with pytest.raises(ValueError):
        charts.activity_calendar(2024, {}, "tuesday")
    with pytest.raises(ValueError):
        charts.stretch_minutes([MONDAY], {"calves": [1, 2]}, 5)


# --- the numbers ------------------------------------------------------------


def test_weekly_distance_description_and_table():
    chart = charts.weekly_distance(weeks_of([10, 42, 12]), "km")
    assert chart["title"] == "Weekly distance"
    assert chart["description"] == (
        "Weekly distance over the last 3 weeks: highest 42.0 km in the week of 8 January 2024;"
        " average 21.3 km."
    )
    assert chart["table"] == {
        "head": ["Week of", "Distance (km)"],
        "rows": [["1 Jan 2024", "10.0"], ["8 Jan 2024", "42.0"], ["15 Jan 2024", "12.0"]],
    }
    assert len(parse(chart).findall(f".//{SVG}rect")) == 3


def test_weekly_distance_in_miles():
    chart = charts.weekly_distance([(MONDAY, 16093.44), (MONDAY + dt.timedelta(weeks=1), 0)], "mi")
    assert "highest 10.0 mi in the week of 1 January 2024; average 5.0 mi." in chart["description"]
    assert chart["table"]["head"] == ["Week of", "Distance (mi)"]


def test_weekly_distance_skips_zero_bars_and_keeps_week_order():
    chart = charts.weekly_distance(list(reversed(weeks_of([0, 5, 0, 7]))), "km")
    assert [row[0] for row in chart["table"]["rows"]] == ["1 Jan 2024", "8 Jan 2024", "15 Jan 2024", "22 Jan 2024"]
    assert len(parse(chart).findall(f".//{SVG}rect")) == 2


def test_activity_calendar_counts_days_and_months():
    days = {dt.date(2024, 6, 3): 150, dt.date(2024, 6, 4): 30, dt.date(2024, 7, 1): 45.4}
    chart = charts.activity_calendar(2024, days, "monday")
    assert chart["title"] == "Active days in 2024"
    assert chart["description"] == (
        "Active days in 2024: 3 of 366, 225 minutes in all. Most active month: June, with 2 active days."
        " Longest day: 3 June 2024, 150 minutes."
    )
    assert chart["table"]["head"] == ["Month", "Active days", "Active minutes"]
    assert chart["table"]["rows"][5] == ["June", "2", "180"]
    assert chart["table"]["rows"][6] == ["July", "1", "45"]
    assert len(chart["table"]["rows"]) == 12


@pytest.mark.parametrize(("week_start", "first_row"), [("monday", "Mon"), ("sunday", "Sun")])
def test_activity_calendar_draws_every_day_of_the_year(week_start, first_row):
    chart = charts.activity_calendar(2023, {dt.date(2023, 5, 5): 20}, week_start)
    svg = str(chart["svg"])
    assert svg.count("h11v11h-11z") == 365 + 5  # every day, and the legend's five shades
    # 1 January 2023 is a Sunday: the first column holds it in its first or last row.
    cells = re.findall(r"M(\d+) (\d+)h11", svg)
    first_x = min(int(x) for x, _ in cells)
    rows_in_first_column = sorted(int(y) for x, y in cells if int(x) == first_x and int(y) < 200)
    assert len(rows_in_first_column) == (1 if week_start == "monday" else 7)
    assert "Mon" in svg and (first_row == "Mon" or "Sun" not in re.findall(r">(\w+)</text>", svg))


def test_stretch_minutes_description_counts_weeks_at_goal():
    weeks = [MONDAY + dt.timedelta(weeks=i) for i in range(4)]
    chart = charts.stretch_minutes(weeks, {"calves": [6, 5, 2, 0], "hips": [0, 1, 0, 0]}, 5)
    assert chart["description"] == (
        "Minutes of stretching per week for 2 muscle groups over the last 4 weeks, against a goal of"
        " 5 minutes a week each: calves met it in 2 of 4 (average 3.2 min); hips met it in 0 of 4"
        " (average 0.2 min)."
    )
    assert chart["table"]["head"] == ["Week of", "calves (min)", "hips (min)"]
    assert chart["table"]["rows"][0] == ["1 Jan 2024", "6.0", "0.0"]
    svg = str(chart["svg"])
    assert svg.count('class="goal"') == 2
    assert "calves · goal met in 2 of 4 weeks" in svg


def test_stretch_minutes_drops_panels_rather_than_grow_past_the_limit():
    weeks = [MONDAY + dt.timedelta(weeks=i) for i in range(52)]
    muscles = {f"muscle number {k}": [1.0 + (i % 9) for i in range(52)] for k in range(30)}
    chart = charts.stretch_minutes(weeks, muscles, 5)
    assert len(str(chart["svg"]).encode()) <= charts.MAX_BYTES
    assert "see the table" in str(chart["svg"])
    assert len(chart["table"]["head"]) == 31


def test_soreness_description_and_table():
    series = {
        "calves": [(dt.date(2024, 4, 10), 6), (dt.date(2024, 4, 12), 7), (dt.date(2024, 4, 18), 3)],
        "left knee": [(dt.date(2024, 4, 12), 2)],
    }
    treatments = [(dt.date(2024, 4, 16), "sports massage"), (dt.date(2024, 4, 12), "foam rolling")]
    chart = charts.soreness(series, treatments)
    assert chart["description"] == (
        "Soreness from 0 (none) to 10 (worst) for 2 areas between 10 April 2024 and 18 April 2024:"
        " calves from 6 to 3 (highest 7 on 12 April 2024); left knee 2 on 12 April 2024."
        " 2 treatments marked: foam rolling on 12 April 2024, sports massage on 16 April 2024."
    )
    assert chart["table"] == {
        "head": ["Date", "calves", "left knee", "Treatment"],
        "rows": [
            ["10 Apr 2024", "6", "", ""],
            ["12 Apr 2024", "7", "2", "foam rolling"],
            ["16 Apr 2024", "", "", "sports massage"],
            ["18 Apr 2024", "3", "", ""],
        ],
    }
    root = parse(chart)
    assert len(root.findall(f".//{SVG}polyline")) == 2
    assert "sports massage" in "".join(root.itertext())


def test_soreness_averages_scores_on_the_same_day():
    chart = charts.soreness({"calves": [(MONDAY, 3), (MONDAY, 4)]}, [])
    assert chart["table"]["rows"] == [["1 Jan 2024", "3.5", ""]]
    assert chart["description"].endswith("calves 3.5 on 1 January 2024.")


def test_soreness_over_a_long_year_is_averaged_per_week():
    chart = charts.soreness(full_year_inputs()["series"], [])
    assert chart["description"].endswith("The chart shows weekly averages.")
    assert len(chart["table"]["rows"]) == 366  # the table keeps every day


def test_soreness_treatment_labels_never_print_over_each_other():
    """Labels near the right edge are drawn left of their line: they must still clear their row."""
    import datetime as dt
    import re

    from diary.render import charts

    days = [dt.date(2024, 3, 1) + dt.timedelta(days=n) for n in range(0, 140, 7)]
    series = {"calves": [(d, 3) for d in days]}
    treatments = [(dt.date(2024, 5, 8), "sports massage"), (dt.date(2024, 6, 12), "sports massage"),
                  (dt.date(2024, 7, 10), "sports massage"), (dt.date(2024, 7, 11), "foam rolling")]
    svg = str(charts.soreness(series, treatments)["svg"])
    labels = re.search(r'<g class="marker-label">(.*?)</g>', svg).group(1)
    rows = {}
    for x, y, anchor, text in re.findall(r'<text x="([\d.]+)" y="([\d.]+)"(?: class="")?( text-anchor="end")?[^>]*>([^<]*)</text>', labels):
        width = len(text) * 7.6 + 10
        span = (float(x) - width, float(x)) if anchor else (float(x), float(x) + width)
        rows.setdefault(y, []).append(span)
    assert rows, labels
    for spans in rows.values():
        spans.sort()
        for (_, a_end), (b_start, _) in zip(spans, spans[1:]):
            assert a_end <= b_start, spans
