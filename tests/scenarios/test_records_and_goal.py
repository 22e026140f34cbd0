"""The training page's records, this year against last, the yearly goal and the shoes'
limit, in a whole build of a small two-year diary (tests/scenarios/records_and_goal).

Its settings: yearly_goal_km 100, shoe_limit_km 18 (so "near limit" from 16.2 km). Its runs,
every figure below worked out by hand from them:

    "Last spring"   (2023/03/last-spring/)
        Sun 15 Jan 2023  10 km    52:00    Old Pegasus   312 s a km: 5:12 /km
        Fri 10 Mar 2023  21.1 km  1:52:30  Old Pegasus   a half marathon (0.01% over 21.0975 km);
                                                         6,750 s / 21.1 = 319.9 s a km: 5:20 /km
        Mon 20 Mar 2023  5 km     24:00    Old Pegasus
    "A parkrun PB"  (2024/03/a-parkrun-pb/)
        Sat  3 Feb 2024  5.05 km  21:30    Ghost         a 5 km (1% over); 1,290 s / 5.05 = 255.4 s
                                                         a km: 4:15 /km
        Sun  4 Feb 2024  12 km    1:03:00  Ghost
        Sat 10 Feb 2024  a 60 km ride: no run, in no record
        Sat 16 Mar 2024  4.9 km   19:00    no shoes      2% short of 5 km: no 5 km, however fast
"""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup

from tests.scenarios.test_scenarios import build, check_snapshot, linked_file, output_text

pytestmark = pytest.mark.slow  # whole builds in a pelican process: `make test`, not test-fast

SCENARIO = "records_and_goal"
LAST_SPRING, PARKRUN = "2023/03/last-spring/", "2024/03/a-parkrun-pb/"


@pytest.fixture(scope="module")
def records_and_goal_html(tmp_path_factory):
    """The output of the records_and_goal scenario, which builds without a warning."""
    out = tmp_path_factory.mktemp(SCENARIO)
    result = build(SCENARIO, out)
    assert result.returncode == 0, output_text(result)
    assert "ERROR" not in output_text(result) and "WARNING" not in output_text(result), output_text(result)
    return out


@pytest.fixture(scope="module")
def page(records_and_goal_html):
    return BeautifulSoup((records_and_goal_html / "training" / "index.html").read_text(encoding="utf-8"), "html.parser")


def text(tag) -> str:
    return " ".join(tag.get_text().split())


def test_diary_json_records_match_the_snapshot_and_the_contract(records_and_goal_html):
    check_snapshot(records_and_goal_html, SCENARIO, "diary.json")
    records = json.loads((records_and_goal_html / "diary.json").read_text(encoding="utf-8"))["records"]
    assert records == {
        # 21.1 km in 1:52:30 = 6,750 s
        "longest_run": {"distance_m": 21100, "time_s": 6750, "date": "2023-03-10", "post": f"/{LAST_SPRING}"},
        "best": {
            # The parkrun's own 21:30 = 1,290 s over its 5.05 km, beating the 5 km in 24:00.
            "5 km": {"distance_m": 5050, "time_s": 1290, "date": "2024-02-03", "post": f"/{PARKRUN}",
                     "within_longer_run": False},
            "10 km": {"distance_m": 10000, "time_s": 3120, "date": "2023-01-15", "post": f"/{LAST_SPRING}",
                      "within_longer_run": False},
            "half marathon": {"distance_m": 21100, "time_s": 6750, "date": "2023-03-10",
                              "post": f"/{LAST_SPRING}", "within_longer_run": False},
            "marathon": None,
        },
    }


def test_the_records_on_the_training_page(records_and_goal_html, page):
    cards = page.select_one("h2#records").find_next_sibling("dl").select("div")
    assert [(text(c.dt), text(c.select("dd")[0]), text(c.select("dd")[1])) for c in cards] == [
        ("Longest run", "21.10 km", "1:52:30, 10 March 2023: Last spring"),
        ("Best 5 km", "0:21:30", "5.05 km at 4:15 /km, 3 February 2024: A parkrun PB"),
        ("Best 10 km", "0:52:00", "10.00 km at 5:12 /km, 15 January 2023: Last spring"),
        ("Best half marathon", "1:52:30", "21.10 km at 5:20 /km, 10 March 2023: Last spring"),
        # Weeks from Monday: 6 March 2023 holds the 21.1 km alone; the next best is the week of
        # 29 January 2024, 5.05 + 12 = 17.05 km.
        ("Most running in a week", "21.10 km", "1 run, week of 6 March 2023: Last spring"),
        # March 2023: 21.1 + 5 = 26.1 km; January 2023 10 km; February 2024 17.05 km; March 2024 4.9 km.
        ("Most running in a month", "26.10 km", "2 runs, March 2023: Last spring"),
    ]
    for card in cards:  # each links to the post that logged it, under its title
        (link,) = card.select("a[href]")
        target = linked_file(records_and_goal_html, "training", link["href"])
        assert BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser").h1.get_text(strip=True) == text(link)
    assert [c.select_one("time")["datetime"] for c in cards] == [
        "2023-03-10", "2024-02-03", "2023-01-15", "2023-03-10", "2023-03-06", "2023-03"]


def test_this_year_against_last_year_to_the_same_date(records_and_goal_html, page):
    # The diary's newest date: 16 March 2024. 2024 to it: 5.05 + 12 + 4.9 = 21.95 km in 3 runs,
    # 21:30 + 1:03:00 + 19:00 = 1:43:30. 2023 to 16 March: 10 + 21.1 = 31.1 km in 2 runs,
    # 52:00 + 1:52:30 = 2:44:30 (the 5 km of 20 March is after the same date).
    assert text(page.select_one("h2#year-to-date")) == "2024 against 2023, to 16 March"
    table = page.select_one("#year-to-date-caption").find_parent("table")
    rows = [[text(cell) for cell in row.select("th, td")] for row in table.select("tbody tr, tfoot tr")]
    assert rows == [["2024 to 16 March 2024", "3", "21.95 km", "1:43:30"],
                    ["2023 to 16 March 2023", "2", "31.10 km", "2:44:30"],
                    # 3 - 2 = +1 run; 21.95 - 31.1 = -9.15 km; 1:43:30 - 2:44:30 = -1:01:00
                    ["Change", "+1", "\N{MINUS SIGN}9.15 km", "\N{MINUS SIGN}1:01:00"]]
    for link in table.select("tbody a[href]"):  # each year's archive
        assert linked_file(records_and_goal_html, "training", link["href"]).is_file()


def test_the_yearly_goal_is_a_progress_bar_with_words(page):
    assert text(page.select_one("h2#goal")) == "Goal for 2024"
    bar = page.select_one("progress")
    # 21.95 km of the 100 km goal: 21.95%, shown as 22%; 100 - 21.95 = 78.05 km to go.
    assert (bar["value"], bar["max"], bar["aria-labelledby"], text(bar)) == ("21.95", "100.00", "goal", "22%")
    assert text(bar.find_parent("p").find_next_sibling("p")) == "21.95 km of 100.00 km run in 2024 (22%): 78.05 km to go."


def test_shoes_near_and_past_the_limit_are_marked_in_words(page):
    # The limit is 18 km, so "near limit" from 90% of it, 16.2 km.
    # Old Pegasus: 10 + 21.1 + 5 = 36.1 km, 18.1 km past 18 km. Ghost: 5.05 + 12 = 17.05 km, 0.95 km to go.
    assert text(page.select_one("h2#shoes").find_next_sibling("p")) == (
        "Runs only. A pair is marked “near limit” from 16.20 km and “retire” from 18.00 km.")
    table = page.select_one("#shoes-caption").find_parent("table")
    assert [text(th) for th in table.select("thead th")] == ["Pair", "Runs", "Distance", "Time", "Wear", "Last worn"]
    assert [[text(cell) for cell in row.select("th, td")][:5] for row in table.select("tbody tr")] == [
        ["Old Pegasus", "3", "36.10 km", "3:08:30", "retire (18.10 km past 18.00 km)"],  # 52:00 + 1:52:30 + 24:00
        ["Ghost", "2", "17.05 km", "1:24:30", "near limit (0.95 km to 18.00 km)"],  # 21:30 + 1:03:00
    ]
