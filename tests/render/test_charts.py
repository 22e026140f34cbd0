"""The build-time SVG charts (running_diary/render/charts.py), with plain data.

Positions are worked out by hand from the layout constants of each chart
(written out in the comments), so a test of a drawing says where its marks land.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import xml.etree.ElementTree as ET

import pytest
from markupsafe import Markup

from pelican.plugins.running_diary.render import charts

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
        assert set(chart) == {"svg", "title", "description", "table", "key"}, name
        assert all(set(item) == {"label", "class"} for item in chart["key"]), name
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
        if name == "activity_calendar" and make is not empty_charts:  # its own size: cells of 11 px
            assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}", name
        else:
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


def texts(chart) -> list[tuple[str | None, str]]:
    """(class, text) of every <text> element, as an SVG reader would show them."""
    return [(t.get("class"), t.text) for t in parse(chart).iter(SVG + "text")]


def test_text_in_the_svg_is_escaped():
    weeks = [MONDAY, MONDAY + dt.timedelta(weeks=1)]
    muscle = charts.stretch_minutes(weeks, {NASTY: [6.0, 2.0]}, 5)
    area = charts.soreness({NASTY: [(MONDAY, 4), (MONDAY + dt.timedelta(days=2), 2)]}, [(MONDAY, NASTY)])
    treatment = charts.soreness({"calves": [(MONDAY, 4)]}, [(MONDAY + dt.timedelta(days=1), "<b>rub</b>")])
    for chart in (muscle, area, treatment):
        svg = str(chart["svg"])
        assert "<script>" not in svg and "<b>" not in svg
    # Parsed back (so well-formed despite the markup), each text reads as the author wrote it.
    # The panel label: 6.0 >= 5 meets the goal, 2.0 does not: 1 of 2 weeks.
    assert ("label", f"{NASTY} · goal met in 1 of 2 weeks") in texts(muscle)
    # NASTY is 38 characters: a treatment label keeps 23 and an ellipsis, an area's end label 12.
    assert (None, '<script>alert("x")</scr…') in texts(area)
    assert ("series-label s1", "<script>aler…") in texts(area)
    assert (None, "<b>rub</b>") in texts(treatment)  # 10 characters: kept whole
    # The data itself is kept as text in the table; the template escapes it.
    assert muscle["table"]["head"][1] == f"{NASTY} (min)"


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


def bars(chart) -> list[tuple[str, str, str, str]]:
    """(x, y, width, height) of every bar, in drawing order."""
    return [(r.get("x"), r.get("y"), r.get("width"), r.get("height")) for r in parse(chart).iter(SVG + "rect")]


def test_weekly_distance_description_and_table():
    chart = charts.weekly_distance(weeks_of([10, 42, 12]), "km")
    assert chart["title"] == "Running distance per week"
    assert chart["description"] == (  # average: (10 + 42 + 12) / 3 = 21.33
        "Running distance per week over the last 3 weeks: highest 42.0 km in the week of 8 January 2024;"
        " average 21.3 km."
    )
    assert chart["table"] == {
        "head": ["Week of", "Distance (km)"],
        "rows": [["1 Jan 2024", "10.0"], ["8 Jan 2024", "42.0"], ["15 Jan 2024", "12.0"]],
    }


def test_weekly_distance_bars_land_on_their_weeks_and_values():
    # The plot: x from 8 to 676 (668 wide; the value axis right of it, where a phone
    # opens the chart), baseline y = 240 - 26 = 214, 192 high.
    # Highest 42 km: a step of 10 (5 ticks), so the top is 50 km; 1 km = 192 / 50 = 3.84.
    # 3 weeks: a slot of 668 / 3 = 222.67 each, a bar 72% of it = 160.32, centred:
    # x = 8 + i * 222.67 + 31.17.
    chart = charts.weekly_distance(weeks_of([10, 42, 12]), "km")
    assert bars(chart) == [
        ("39.2", "175.6", "160.3", "38.4"),  # 10 km: 38.4 high, top at 214 - 38.4
        ("261.8", "52.7", "160.3", "161.3"),  # 42 km: 161.28 high
        ("484.5", "167.9", "160.3", "46.1"),  # 12 km: 46.08 high
    ]
    peak = [t for t in parse(chart).iter(SVG + "text") if t.get("class") == "peak"]
    # The peak's label: centred on its slot (8 + 222.67 * 1.5 = 342), 5 above the bar.
    assert [(t.get("x"), t.get("y"), t.text) for t in peak] == [("342", "47.7", "42.0")]
    # The value axis at the right: 6 past the plot (676 + 6 = 682), each tick 4 below its
    # grid line (0 km at 214 + 4, 10 km at 214 - 38.4 + 4 = 179.6 ...), the unit over it (22 - 9).
    axis = [(t.get("x"), t.get("y"), t.text) for t in parse(chart).find(SVG + "g[@class='axis axis-y']")]
    assert axis == [("682", "218", "0"), ("682", "179.6", "10"), ("682", "141.2", "20"), ("682", "102.8", "30"),
                    ("682", "64.4", "40"), ("682", "26", "50"), ("682", "13", "km")]


def test_weekly_distance_in_miles():
    # 16,093.44 m is exactly 10 miles of 1,609.344 m; the average of 10 and 0 is 5.
    chart = charts.weekly_distance([(MONDAY, 16093.44), (MONDAY + dt.timedelta(weeks=1), 0)], "mi")
    assert "highest 10.0 mi in the week of 1 January 2024; average 5.0 mi." in chart["description"]
    assert chart["table"]["head"] == ["Week of", "Distance (mi)"]


def test_weekly_distance_skips_zero_bars_and_keeps_week_order():
    chart = charts.weekly_distance(list(reversed(weeks_of([0, 5, 0, 7]))), "km")
    assert [row[0] for row in chart["table"]["rows"]] == ["1 Jan 2024", "8 Jan 2024", "15 Jan 2024", "22 Jan 2024"]
    # 4 slots of 668 / 4 = 167, bars of 120.24 centred (+23.38); highest 7: a step of 2, top 8 km,
    # so 1 km = 192 / 8 = 24. Only the 2nd and 4th weeks get a bar, in their own slots.
    assert bars(chart) == [
        ("198.4", "94", "120.2", "120"),  # week 2, 5 km: x = 8 + 167 + 23.38
        ("532.4", "46", "120.2", "168"),  # week 4, 7 km: x = 8 + 3 * 167 + 23.38
    ]


def test_activity_calendar_counts_days_and_months():
    days = {dt.date(2024, 6, 3): 150, dt.date(2024, 6, 4): 30, dt.date(2024, 7, 1): 45.4}
    chart = charts.activity_calendar(2024, days, "monday")
    assert chart["title"] == "Active days in 2024"
    # 2024 is a leap year (366 days); 150 + 30 + 45.4 = 225.4 minutes; June 150 + 30 = 180.
    assert chart["description"] == (
        "Active days in 2024: 3 of 366, 225 minutes in all. Most active month: June, with 2 active days."
        " Longest day: 3 June 2024, 150 minutes."
    )
    assert chart["table"]["head"] == ["Month", "Active days", "Active minutes"]
    assert chart["table"]["rows"][5] == ["June", "2", "180"]
    assert chart["table"]["rows"][6] == ["July", "1", "45"]
    assert len(chart["table"]["rows"]) == 12


# 2023: 1 January is a Sunday, 31 December too. Cells are 11 wide on a pitch of 13, from
# x = 2 and y = 18 (under the month names): a day's cell is at x = 2 + 13 * (its column),
# y = 18 + 13 * (its row). The grid starts on the week's first day:
# Monday 26 December 2022, so 1 January is alone in the first column (row 6, y = 96) and
# 25-31 December fill the last (column 52, x = 678); or Sunday 1 January, so 1-7 January fill
# the first column and 31 December is alone in the last (row 0, y = 18).
# 5 May 2023, a Friday, is day 130 of the Monday grid (column 18, row 4) and day 124 of the
# Sunday grid (column 17, row 5). 53 columns: the grid ends at 2 + 53 * 13 - 2 = 689, the day
# names right of it (at 689 + 5 = 694, where a phone opens the chart), 36 for them: 725 wide.
WHOLE_WEEK = ["18", "31", "44", "57", "70", "83", "96"]


@pytest.mark.parametrize(("week_start", "first_column", "last_column", "may_5", "day_names"), [
    ("monday", ["96"], WHOLE_WEEK, "M236 70", [("Mon", "28"), ("Wed", "54"), ("Fri", "80")]),
    ("sunday", WHOLE_WEEK, ["18"], "M223 83", [("Mon", "41"), ("Wed", "67"), ("Fri", "93")]),
])
def test_activity_calendar_draws_every_day_where_its_week_puts_it(week_start, first_column, last_column,
                                                                 may_5, day_names):
    chart = charts.activity_calendar(2023, {dt.date(2023, 5, 5): 20}, week_start)
    root = parse(chart)
    assert root.get("viewBox") == "0 0 725 136"  # 136 = the legend's top (18 + 7 * 13 + 10) + 11 + 6
    grid = root.findall(SVG + "path")  # the grid's own paths; the legend's are in its <g>
    cells = re.findall(r"M(\d+) (\d+)", "".join(path.get("d") for path in grid))
    assert len(cells) == len(set(cells)) == 365  # every day of 2023, each in a cell of its own
    assert sorted((y for x, y in cells if x == "2"), key=int) == first_column
    assert sorted((y for x, y in cells if x == "678"), key=int) == last_column
    # 20 minutes is the second shade (from 1 minute up): that day alone has it.
    assert [p.get("d") for p in grid if p.get("class") == "lvl lvl1"] == [f"{may_5}h11v11h-11z"]
    # Day names on every other row, at the bottom of their row (y = 18 + 13 * row + 10).
    names = [(t.text, t.get("x"), t.get("y")) for t in root.find(SVG + "g[@class='axis axis-y']")]
    assert names == [(name, "694", y) for name, y in day_names]
    # The legend ends under the day names, 6 short of their right end (689 + 36 - 6 = 719):
    # its last words ("90+", 3 characters of 13 x 0.62 = 24.2, rounded to 24) start at
    # 719 - 24 = 695, their swatch 11 + 4 before them, at 680.
    legend = root.find(SVG + "g[@class='legend']")
    assert [t.text for t in legend.iter(SVG + "text")] == ["Minutes:", "0", "1+", "30+", "60+", "90+"]
    assert [t.get("x") for t in legend.iter(SVG + "text")][-1] == "695"
    assert legend.findall(SVG + "path")[-1].get("d").startswith("M680 ")


def test_a_calendar_of_a_few_weeks_is_as_wide_as_its_legend():
    """A diary begun on Monday 1 January 2024, newest day Sunday the 14th: 2 columns end at
    2 + 2 * 13 - 2 = 26, the day names by 26 + 36 = 62; the legend ("Minutes:" 8 x 8.06 = 64
    + 6, then each swatch 15 and its words at 8.06 a character, 8 apart) is
    70 + (15 + 8) + (15 + 16) + 3 * (15 + 24) + 4 * 8 = 273 wide from x = 2: the drawing is
    2 + 273 + 6 (for words a little wider than guessed) = 281 wide: nothing of it is cut off."""
    chart = charts.activity_calendar(2024, {dt.date(2024, 1, 6): 30, dt.date(2024, 1, 13): 60}, "monday",
                                     through=dt.date(2024, 1, 14))
    root = parse(chart)
    assert root.get("width") == "281"
    assert [t.get("x") for t in root.find(SVG + "g[@class='legend']").iter(SVG + "text")][0] == "2"


def test_the_year_still_going_on_ends_at_the_diarys_newest_day():
    """2026 to Thursday 3 December: the grid's last column is that week, at the right end."""
    chart = charts.activity_calendar(2026, {dt.date(2026, 12, 3): 45, dt.date(2026, 12, 9): 30}, "monday",
                                     through=dt.date(2026, 12, 3))
    # 1 January 2026 is a Thursday: the grid starts Monday 29 December 2025; 3 December is
    # 3 + 336 = 339 days on: column 339 // 7 = 48, row 3 (x = 2 + 48 * 13 = 626, y = 18 + 39 = 57).
    # 49 columns end at 2 + 49 * 13 - 2 = 637; with the day names 673 wide. 337 days to 3 December.
    root = parse(chart)
    assert root.get("viewBox") == "0 0 673 136"
    # 45 minutes: the third shade (30 minutes up), lvl2.
    assert [p.get("d") for p in root.findall(SVG + "path") if p.get("class") == "lvl lvl2"] == ["M626 57h11v11h-11z"]
    assert chart["description"].startswith("Active days in 2026 to 3 December 2026: 1 of 337, 45 minutes in all.")
    assert chart["table"]["rows"][-1] == ["December", "1", "45"]  # the 9th is after the newest day


def test_stretch_minutes_description_counts_weeks_at_goal():
    weeks = [MONDAY + dt.timedelta(weeks=i) for i in range(4)]
    chart = charts.stretch_minutes(weeks, {"calves": [6, 5, 2, 0], "hips": [0, 1, 0, 0]}, 5)
    # calves: 6 and 5 reach 5 (2 of 4), average 13 / 4 = 3.25, shown 3.2 (halves to even);
    # hips: average 1 / 4 = 0.25, shown 0.2.
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


def test_soreness_highest_of_equal_scores_is_the_earliest():
    """Ties go to the earliest, as every record does: two highs of 7, on the 10th and the 18th."""
    series = {"calves": [(dt.date(2024, 4, 10), 7), (dt.date(2024, 4, 12), 5), (dt.date(2024, 4, 18), 7)]}
    assert "(highest 7 on 10 April 2024)" in charts.soreness(series)["description"]


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

# The soreness plot: x from 8 to 586 (578 wide; then 134 for the names of lines that end on
# the newest day and the value axis, at the right edge), y from 44 (two label rows of 15, +14
# so that accents clear the top) down to the baseline at 280 - 26 = 254, 210 high, so a score
# s is at y = 254 - 21 * s. SERIES (10 to 18 April, 8 days) puts a day d days after 10 April
# at x = 8 + 72.25 * d.
SERIES = {
    "calves": [(dt.date(2024, 4, 10), 6), (dt.date(2024, 4, 12), 7), (dt.date(2024, 4, 18), 3)],
    "left knee": [(dt.date(2024, 4, 12), 2)],
}
SERIES_POINTS = [
    "8,128 152.5,107 586,191",  # calves: 6 on day 0, 7 on day 2, 3 on day 8
]  # left knee's one point is a dot, no line


def lines(chart) -> list[str]:
    return [line.get("points") for line in parse(chart).iter(SVG + "polyline")]


def series_labels(chart) -> list[tuple[str, str, str]]:
    return [(t.get("x"), t.get("y"), t.text) for t in parse(chart).iter(SVG + "text")
            if (t.get("class") or "").startswith("series-label")]


def test_soreness_lines_land_on_their_days_and_scores():
    chart = charts.soreness(SERIES)
    assert lines(chart) == SERIES_POINTS
    dots = [(c.get("cx"), c.get("cy")) for c in parse(chart).iter(SVG + "circle")]
    assert dots == [("8", "128"), ("152.5", "107"), ("586", "191"), ("152.5", "212")]
    # Each area named by its own last point (+6 right, +4 down): calves on 18 April, the
    # left knee on 12 April, in the plot, not at the right edge beside today's.
    assert series_labels(chart) == [("592", "195", "calves"), ("158.5", "216", "left knee")]
    # The value axis at the right edge (720 - 2, set to end there), 4 below each line.
    axis = [(t.get("x"), t.get("y"), t.text) for t in parse(chart).find(SVG + "g[@class='axis axis-y']")]
    assert axis == [("718", "258", "0"), ("718", "153", "5"), ("718", "48", "10")]
    assert chart["key"] == [{"label": "calves", "class": "s1"}, {"label": "left knee", "class": "s2"}]


def test_soreness_treatments_do_not_move_the_lines():
    """Once the label loop rebound `left`, which x() reads: every mark after the first label moved."""
    treatments = [(dt.date(2024, 4, 16), "sports massage"), (dt.date(2024, 4, 12), "foam rolling")]
    chart = charts.soreness(SERIES, treatments)
    assert lines(chart) == SERIES_POINTS  # the same points as without treatments
    (marker,) = [p for p in parse(chart).iter(SVG + "path") if p.get("class") == "marker"]
    # A dashed line from just above the plot (44 - 2 = 42) to the baseline on each day: 12 April
    # is day 2 (x = 152.5), 16 April day 6 (x = 8 + 6 * 72.25 = 441.5).
    assert marker.get("d") == "M152.5 42V254M441.5 42V254"
    labels = [(t.get("x"), t.get("y"), t.text) for t in parse(chart).find(SVG + "g[@class='marker-label']")]
    # Right of their line (+3) in the first row (y = 14, so accents clear the top): "foam rolling"
    # ends by 155.5 + 12 * 7.6 + 10 = 256.7, before "sports massage" starts.
    assert labels == [("155.5", "14", "foam rolling"), ("444.5", "14", "sports massage")]


def test_soreness_line_breaks_after_four_weeks_unlogged():
    """Scores on 1, 15 and 29 March (14 days apart: one line), then 27 April (29 days on: a
    new line), 4 May, then 1 June (28 days on: the same line). Over 1 March to 1 June (92
    days) a day d on is at x = 8 + 578 / 92 * d = 8 + 6.2826 d."""
    points = [(dt.date(2024, 3, 1), 4), (dt.date(2024, 3, 15), 5), (dt.date(2024, 3, 29), 6),
              (dt.date(2024, 4, 27), 2), (dt.date(2024, 5, 4), 3), (dt.date(2024, 6, 1), 1)]
    chart = charts.soreness({"calves": points})
    # days 0, 14, 28 | 57, 64, 92; scores at 254 - 21 s
    assert lines(chart) == ["8,170 96,149 183.9,128", "366.1,212 410.1,191 586,233"]


def test_soreness_labels_and_marks_never_overlap():
    """Two areas ending on the same day at the same score, a third just below them, and
    two massages a day apart over two years: every text clears every other, and the two
    massages share one mark."""
    series = {
        "calves": [(dt.date(2024, 2, 1), 4), (dt.date(2026, 12, 3), 3)],
        "quads": [(dt.date(2024, 2, 1), 5), (dt.date(2026, 12, 3), 3)],
        "hamstrings": [(dt.date(2024, 2, 1), 2), (dt.date(2026, 12, 3), 2.5)],
        "feet": [(dt.date(2024, 5, 1), 3), (dt.date(2024, 6, 1), 3)],
    }
    treatments = [(dt.date(2024, 3, 6), "sports massage"), (dt.date(2024, 3, 7), "sports massage")]
    chart = charts.soreness(series, treatments)
    root = parse(chart)
    (marker,) = [p for p in root.iter(SVG + "path") if p.get("class") == "marker"]
    assert marker.get("d").count("M") == 1  # one mark for the two (0.5 apart at this scale)
    assert [t.text for t in root.find(SVG + "g[@class='marker-label']")] == ["sports massage ×2"]
    boxes = []
    for t in root.iter(SVG + "text"):
        boxes.append((charts._text_box(float(t.get("x")), float(t.get("y")), t.text, t.get("text-anchor") or ""),
                      t.text))
    for k, (a, text_a) in enumerate(boxes):
        for b, text_b in boxes[k + 1:]:
            assert not charts._overlap(a, b), (text_a, a, text_b, b)
    # Score 3 on the newest day: y = 254 - 63 = 191, the label's baseline 195; calves (first,
    # by its place in the series) keeps it, quads goes a line (14) below it, 209, and
    # hamstrings (2.5: y 201.5, baseline 205.5, lower than both) a line below quads, 223:
    # the labels keep their points' order. Feet is named by its own last point, in 2024.
    labels = {text: (x, y) for x, y, text in series_labels(chart)}
    assert labels["calves"] == ("592", "195") and labels["quads"] == ("592", "209")
    assert labels["hamstrings"] == ("592", "223")
    assert float(labels["feet"][0]) < 200


def test_soreness_labels_pushed_past_the_baseline_move_up_in_order():
    """Three areas at 0 on the newest day want the baseline (254 + 4 = 258, the lowest a
    label may sit): the last goes there, the others a line (14) above each other, in the
    order of the series: 230, 244, 258."""
    end = dt.date(2024, 4, 18)
    series = {area: [(dt.date(2024, 4, 10), 5), (end, 0)] for area in ("calves", "feet", "quads")}
    assert series_labels(charts.soreness(series)) == [("592", "230", "calves"), ("592", "244", "feet"),
                                                       ("592", "258", "quads")]


def test_soreness_axis_names_every_year_it_spans():
    """1 February 2024 to 3 December 2026 (335 + 365 + 336 = 1,036 days): each year named
    in the middle of its part of the axis: 2024 at 1 Feb + 334 / 2 = day 167, 2025 at
    day 335 + 364 / 2 = 517, 2026 at day 700 + 336 / 2 = 868; x = 8 + 578 * day / 1,036."""
    chart = charts.soreness({"calves": [(dt.date(2024, 2, 1), 4), (dt.date(2026, 12, 3), 3)]})
    ticks = [(t.text, t.get("x")) for t in parse(chart).find(SVG + "g[@class='axis axis-x']")]
    assert ticks == [("2024", "101.2"), ("2025", "296.4"), ("2026", "492.3")]
    # within one year: the first month carries its year, and January its own
    short = charts.soreness({"calves": [(dt.date(2024, 3, 10), 4), (dt.date(2024, 6, 20), 3)]})
    assert [t.text for t in parse(short).find(SVG + "g[@class='axis axis-x']")] == ["Apr 2024", "May", "Jun"]


def test_soreness_averages_scores_on_the_same_day():
    # (3 + 4) / 2 = 3.5
    chart = charts.soreness({"calves": [(MONDAY, 3), (MONDAY, 4)]}, [])
    assert chart["table"]["rows"] == [["1 Jan 2024", "3.5", ""]]
    assert chart["description"].endswith("calves 3.5 on 1 January 2024.")


def test_soreness_over_a_long_year_is_averaged_per_week():
    chart = charts.soreness(full_year_inputs()["series"], [])
    assert chart["description"].endswith("The chart shows weekly averages.")
    assert len(chart["table"]["rows"]) == 366  # the table keeps every day


def test_soreness_treatment_labels_never_print_over_each_other():
    """Labels near the right edge are drawn left of their line: they must still clear their row."""
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
