"""Whole builds through Pelican, in this process: a log kind declared here alone,
and the plugin under Pelican's default theme.

In-process (not `pelican` on the command line), so that the toy log's spec,
registered below, is the one the build reads.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pelican.settings import DEFAULT_CONFIG

from pelican.plugins.running_diary.core import quantities, readers, specs, summarize
# The plugin is imported before any test registers a log, as it is before a site's own
# plugin registers one at its register() (test_a_declared_log_s_csv_is_an_address_...).
from pelican.plugins.running_diary.plugin import receivers  # noqa: F401

from tests.helpers import build_site

REPO = Path(__file__).resolve().parents[2]


def hours(value, settings) -> float:
    """A night's sleep: a duration, a bare number being hours."""
    return quantities.duration(value, bare_unit_s=3600)


# A fifth log, declared here and nowhere else: hours and a quality from 1 to 5.
SLEEP = specs.LogSpec(
    name="sleep", title="Sleep", entry="Sleep", about="how the night went",
    fields=(
        specs.date_field(),
        specs.Field(name="hours", attribute="hours_s", read=hours, type=float, required=True,
                    label="Hours", show="clock", numeric=True, example="7.5  # a bare number is hours"),
        specs.Field(name="quality", read=readers.whole(1, 5), label="Quality", show="number",
                    numeric=True, hint="1 poor to 5 great", example="4"),
        specs.notes_field(),
    ),
    totals=lambda nights, settings: {
        "label": ("count", (len(nights), "night")),
        "hours": ("clock", sum(n.hours_s for n in nights)),
        "quality": ("decimal", summarize.mean(n.quality for n in nights if n.quality))},
)

SLEEP_POST = """\
---
title: Two nights
date: 2024-04-18 21:00
sleep:
  - {date: 2024-04-16, hours: 7.5, quality: 4, notes: "=HYPERLINK(x)"}
  - {date: 2024-04-17, hours: "6:45:00", quality: 2}
  - {date: 2024-04-18, hours: 8, quality: 9}
training:
  - {date: 2024-04-17, distance: 5 km, time: "25:00"}
---

Slept badly on Wednesday.
"""


@pytest.fixture
def sleep_log():
    specs.register(SLEEP)
    yield SLEEP
    specs.unregister(SLEEP.name)


def test_a_log_declared_in_one_spec_gets_a_table_a_totals_row_and_data_files(tmp_path, sleep_log):
    content = tmp_path / "content"
    (content / "2024").mkdir(parents=True)
    (content / "2024" / "nights.md").write_text(SLEEP_POST, encoding="utf-8")
    out = build_site(content, tmp_path / "out", in_process=True).out

    page = BeautifulSoup((out / "2024/04/two-nights/index.html").read_text(), "html.parser")
    table = page.select_one("table#log-sleep")
    assert table is not None and table.caption.get_text() == "Sleep"
    assert [th.get_text(strip=True) for th in table.select("thead th")] == ["Date", "Hours", "Quality", "Notes"]
    rows = [[c.get_text(strip=True) for c in tr.find_all(["th", "td"])] for tr in table.select("tbody tr")]
    # The third night's quality 9 is out of 1 to 5: that entry is left out, as any invalid one.
    assert rows == [["Tue 16 Apr", "7:30:00", "4", "=HYPERLINK(x)"], ["Wed 17 Apr", "6:45:00", "2", ""]]
    # 7:30 + 6:45 = 14:15; quality (4 + 2) / 2 = 3.0
    assert [c.get_text(strip=True) for c in table.select("tfoot tr > *")] == ["2 nights", "14:15:00", "3.0", ""]
    assert page.select_one("table#log-training") is not None

    data = json.loads((out / "diary.json").read_text())
    assert list(data)[:len(specs.names()) + 1] == ["version", *specs.names()]  # each log's entries
    assert specs.names()[-1] == "sleep"  # after the contract's logs
    assert data["sleep"] == [
        {"date": "2024-04-16", "hours_s": 27000, "quality": 4, "notes": "=HYPERLINK(x)",
         "post": "/2024/04/two-nights/"},
        {"date": "2024-04-17", "hours_s": 24300, "quality": 2, "notes": None, "post": "/2024/04/two-nights/"}]
    sheet = list(csv.reader(io.StringIO((out / "sleep.csv").read_text())))
    assert sheet[0] == ["date", "hours_s", "quality", "notes", "post"]
    assert len(sheet) == 3


def test_a_declared_log_s_csv_is_an_address_no_post_may_take(tmp_path, sleep_log, capsys):
    """sleep.csv is the diary's once the log is registered (after the plugin was imported):
    a post saved there is a clash naming both, not a file silently replaced."""
    content = tmp_path / "content"
    (content / "2024").mkdir(parents=True)
    (content / "2024" / "nights.md").write_text(SLEEP_POST, encoding="utf-8")
    (content / "2024" / "sheet.md").write_text(
        "---\ntitle: A sheet\ndate: 2024-04-19\nsave_as: sleep.csv\n---\nWords.\n", encoding="utf-8")
    with pytest.raises(SystemExit):
        build_site(content, tmp_path / "out", in_process=True)
    err = capsys.readouterr().err
    assert "sleep.csv" in err and "content/2024/sheet.md" in err and "the diary's sleep.csv" in err


def test_the_new_post_template_carries_the_declared_log(sleep_log):
    import datetime as dt

    from pelican.plugins.running_diary.ingest import post_template

    text = post_template.render("Sleep well", dt.date(2024, 4, 18))
    assert ("# sleep:                    # how the night went\n"
            "#   - hours: 7.5            # a bare number is hours\n") in text
    assert "#     quality: 4\n" in text


def test_other_themes_get_the_log_tables_and_the_diary_pages(tmp_path):
    """Pelican's default theme knows nothing of the diary: the plugin adds each post's
    log section to its content and writes the three pages with its own templates."""
    content = tmp_path / "content"
    (content / "2024").mkdir(parents=True)
    (content / "2024" / "run.md").write_text(
        "---\ntitle: A run\ndate: 2024-04-18\ntraining:\n  - {distance: 6 km, time: \"34:30\"}\n"
        "treatments:\n  - {kind: sports massage, cost: £45}\n---\n\nCalves better.\n", encoding="utf-8")
    out = build_site(content, tmp_path / "out", in_process=True, settings={
        key: DEFAULT_CONFIG[key] for key in ("THEME", "DIRECT_TEMPLATES", "JINJA_ENVIRONMENT")}).out

    post = BeautifulSoup((out / "2024/04/a-run/index.html").read_text(), "html.parser")
    assert post.select_one("#banner") is not None  # notmyidea's own header
    section = post.select_one("section.logs")
    assert section is not None
    cells = [td.get_text(strip=True) for td in post.select("table#log-training tbody td")]
    assert cells == ["run", "6.00 km", "0:34:30", "5:45 /km"]  # 2070 s / 6 km = 345 s = 5:45 /km
    assert post.select_one("table#log-treatments tfoot").get_text(" ", strip=True) == "1 treatment £45.00"
    for name in ("training", "stretching", "recovery"):
        page = BeautifulSoup((out / name / "index.html").read_text(), "html.parser")
        assert [h1.get_text(strip=True) for h1 in page.find_all("h1")][-1] == name.capitalize()
        assert page.select_one("#banner") is not None
    assert json.loads((out / "diary.json").read_text())["totals"]["training"]["distance_m"] == 6000
