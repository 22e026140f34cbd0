"""Spreadsheet-safe CSV: text that a spreadsheet would run as a formula is neutralised.

OWASP's guidance on CSV injection: a cell that begins with `=`, `+`, `-`, `@`, a
tab or a carriage return gets a leading `'`, so Excel, LibreOffice and Google
Sheets show it as text. Numbers stay numbers; diary.json keeps the text as written.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from pelican.plugins.running_diary.core import summarize
from pelican.plugins.running_diary.core.model import Post
from pelican.plugins.running_diary.core.parse import parse_post
from pelican.plugins.running_diary.core.settings import from_dict
from pelican.plugins.running_diary.render import export

FORMULAS = ['=HYPERLINK("http://x","y")', "+1", "-x", "@SUM(1)", "\tx", "\rx",
            "=1+2", "-2+3", "@A1", "+cmd|' /C calc'!A0"]
HARMLESS = ["easy", "1 km", "'quoted", " =spaced", "a=b", "x-y", "é@", "2024-04-15"]


@pytest.mark.parametrize("text", FORMULAS)
def test_formula_text_gets_a_leading_quote(text):
    assert export.csv_text(text) == "'" + text


@pytest.mark.parametrize("text", HARMLESS)
def test_other_text_is_left_as_it_is(text):
    assert export.csv_text(text) == text


def site_url(post):
    return "/" + post.url


def hostile_diary(text: str):
    post = Post(file="content/2024/x.md", url="2024/04/x/", title="X", date=dt.date(2024, 4, 18))
    metadata = {
        "training": [{"date": dt.date(2024, 4, 15), "type": text, "distance": "6 km",
                      "time": "34:30", "hr": 151, "shoes": text, "notes": text}],
        "stretches": [{"name": text, "muscle": text, "hold": "30s"}],
        "treatments": [{"kind": text, "provider": text, "cost": "£45", "areas": [text, "calves"]}],
        "soreness": [{"area": text, "score": 3}],
    }
    logs = parse_post(metadata, post=post, settings=from_dict({}))
    assert not [p for p in logs.problems if p.severity == "error"], logs.problems
    return summarize.collect([logs])


# Text survives the log format's readers stripped of surrounding white space, so a tab
# or a carriage return only leads a cell from inside a longer value (a list's join),
# or from a log declared elsewhere; csv_text covers them above.
IN_LOGS = ['=HYPERLINK("http://x","y")', "+1", "-x", "@SUM(1)", "=1+2"]


@pytest.mark.parametrize("text", IN_LOGS)
def test_every_text_cell_of_every_csv_file_is_neutralised(text):
    diary = hostile_diary(text)
    files = export.csv_files(diary, site_url)
    cells = {name: list(csv.DictReader(io.StringIO(body))) for name, body in files.items()}
    [run] = cells["training.csv"]
    assert run["type"] == run["shoes"] == run["notes"] == "'" + text
    assert run["distance_m"] == "6000" and run["hr"] == "151" and run["time_s"] == "2070"
    assert run["date"] == "2024-04-15" and run["post"] == "/2024/04/x/"
    [stretch] = cells["stretches.csv"]
    assert stretch["name"] == stretch["muscle"] == "'" + text
    [treatment] = cells["treatments.csv"]
    assert treatment["kind"] == treatment["provider"] == "'" + text
    assert treatment["areas"] == f"'{text}; calves"
    assert treatment["cost_amount"] == "45.0" and treatment["cost_currency"] == "GBP"
    [sore] = cells["soreness.csv"]
    assert sore["area"] == "'" + text and sore["score"] == "3"
    # No cell of any file begins like a formula.
    for rows in cells.values():
        for row in rows:
            for value in row.values():
                assert not value.startswith(export.FORMULA_STARTS), (value, row)


@pytest.mark.parametrize("text", IN_LOGS)
def test_diary_json_keeps_the_text_as_written(text):
    data = json.loads(export.diary_json(hostile_diary(text), site_url))
    assert data["training"][0]["notes"] == data["training"][0]["shoes"] == text
    assert data["stretches"][0]["name"] == text
    assert data["treatments"][0]["areas"] == [text, "calves"]
    assert data["soreness"][0]["area"] == text


def test_numbers_stay_numbers_even_negative_ones():
    # No log has a negative figure today; were one to, it is a number, not text.
    assert export._csv_cell(-5) == -5 and export._csv_cell(-0.5) == -0.5
    assert export._csv_cell(None) == "" and export._csv_cell(["-a", "b"]) == "'-a; b"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([export._csv_cell(v) for v in (-5, "-5", 6000)])
    assert out.getvalue() == "-5,'-5,6000\n"
