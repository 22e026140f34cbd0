"""Entries -> `diary.json` and a CSV file per log, in the contract's schema and order.

The fields of each record are the exported fields of its log's spec, then
`post`; a CSV file leaves out the fields marked `csv=False` (a training
entry's `route`, kept in diary.json as the same encoded string). Only training records carry `notes`, as the contract's schema says;
the other logs' notes are shown on the site but not exported.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from ..core import specs, summarize
from ..core.model import Money
from ..core.settings import Settings, from_dict
from ..core.summarize import Diary

VERSION = 1


def _number(value: float | None):
    """Whole numbers as ints (6000, not 6000.0); others rounded to a sensible precision."""
    if value is None:
        return None
    value = round(value, 2)
    return int(value) if float(value).is_integer() else value


def json_value(value):
    """A field's value as plain JSON: numbers rounded, dates in ISO, money as a dict."""
    if isinstance(value, bool) or value is None or isinstance(value, (str, int)):
        return value
    if isinstance(value, float):
        return _number(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Money):
        return {"amount": float(value.amount), "currency": value.currency}
    if isinstance(value, (tuple, list)):
        return [json_value(item) for item in value]
    if isinstance(value, dict):
        return {str(key): json_value(item) for key, item in value.items()}
    return str(value)


def record(spec: specs.LogSpec, entry, post_url) -> dict:
    """One entry as its diary.json record; `post_url(post)` gives the URL the site serves."""
    found = {}
    for f in spec.exports:
        value = getattr(entry, f.attribute)
        found[f.attribute] = json_value(f.to_json(value) if f.to_json and value is not None else value)
    found["post"] = post_url(entry.post)
    if entry.planned:  # only planned entries have the key: the schema of the rest is unchanged
        found["planned"] = True
    return found


def records(diary: Diary, post_url) -> dict[str, list[dict]]:
    """Each log as a list of plain dicts, planned entries among them (marked so)."""
    return {spec.name: [record(spec, entry, post_url) for entry in diary.with_planned(spec.name)]
            for spec in specs.all_specs()}


def totals(diary: Diary) -> dict:
    found = summarize.site_totals(diary)
    return {
        "training": {"count": found.training_count, "distance_m": _number(found.distance_m),
                     "time_s": _number(found.time_s),
                     "by_activity": {name: {"count": t.count, "distance_m": _number(t.distance_m),
                                            "time_s": _number(t.time_s)}
                                     for name, t in found.by_activity.items()}},
        "stretches": {"count": found.stretch_count, "total_s": _number(found.stretch_s)},
        "treatments": {"count": found.treatment_count,
                       "cost": {code: round(amount, 2) for code, amount in sorted(found.spend.items())}},
    }


def run_records(diary: Diary, post_url) -> dict:
    """diary.json's `records`, runs only: the longest run and the best time at each
    standard distance (null where no run counts), each with its date and post."""

    def one(effort, within: bool = True) -> dict | None:
        if effort is None:
            return None
        found = {"distance_m": _number(effort.distance_m), "time_s": _number(effort.time_s),
                 "date": effort.date.isoformat(), "post": post_url(effort.post)}
        return {**found, "within_longer_run": effort.within_longer_run} if within else found

    found = summarize.run_records(diary.training)
    return {"longest_run": one(found.longest_run, within=False),
            "best": {name: one(effort) for name, effort in found.best.items()}}


def training_load(diary: Diary, settings) -> dict:
    """diary.json's `load`: every day of the diary's span, and the weeks flagged (core/load.py)."""
    found = summarize.training_load(diary, settings)
    return {"daily": [{"date": d.date.isoformat(), "load": _number(d.load), "acute": _number(d.acute),
                       "chronic": _number(d.chronic), "ratio": _number(d.ratio)} for d in found.days],
            "flagged_weeks": [{"week": w.week.isoformat(), "why": w.why} for w in found.flagged],
            "sessions": found.sessions, "sessions_without_effort": found.without_effort}


def goals(settings) -> dict:
    return {"weekly_km": settings.weekly_goal_km, "monthly_km": settings.monthly_goal_km,
            "yearly_km": settings.yearly_goal_km}


def diary_streaks(diary: Diary) -> dict:
    found = summarize.diary_streaks(diary)
    return {name: {"current": streak.current, "longest": streak.longest}
            for name, streak in (("running", found.running), ("stretching", found.stretching))}


def diary_json(diary: Diary, post_url, settings: Settings | None = None) -> str:
    """One entry per line: easy to read and to diff, and written by json's C encoder
    (an `indent` would fall back to the pure-Python one, several times slower).
    `settings`: the site's (weeks, goals); the defaults when not given."""
    settings = settings or from_dict({})

    def dumps(value) -> str:
        return json.dumps(value, ensure_ascii=False, allow_nan=False)

    lines = ['{"version": ' + dumps(VERSION) + ","]
    for log, rows in records(diary, post_url).items():
        body = ",\n  ".join(map(dumps, rows))
        lines.append(f'"{log}": [\n  {body}\n],' if rows else f'"{log}": [],')
    lines.append('"totals": ' + dumps(totals(diary)) + ",")
    lines.append('"records": ' + dumps(run_records(diary, post_url)) + ",")
    lines.append('"load": ' + dumps(training_load(diary, settings)) + ",")
    lines.append('"goals": ' + dumps(goals(settings)) + ",")
    lines.append('"streaks": ' + dumps(diary_streaks(diary)) + "}")
    return "\n".join(lines) + "\n"


def csv_columns(spec: specs.LogSpec) -> list[str]:
    """A log's CSV header: its exported fields, a dict-valued one split into its parts."""
    columns = []
    for f in spec.csv_exports:
        columns.extend(f"{f.attribute}_{part}" for part in f.parts) if f.parts else columns.append(f.attribute)
    return [*columns, "post"]


# A spreadsheet reads a cell that begins with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_text(text: str) -> str:
    """A text cell a spreadsheet will not run: one that begins like a formula gets a
    leading `'` (OWASP's guidance on CSV injection). diary.json keeps the text as written."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, list):
        value = "; ".join(map(str, value))
    if isinstance(value, str):
        return csv_text(value)
    return value  # a number stays a number


def _csv_cells(spec: specs.LogSpec, row: dict) -> list:
    cells = []
    for f in spec.csv_exports:
        value = row[f.attribute]
        if f.parts:
            cells.extend((value or {}).get(part) for part in f.parts)
        else:
            cells.append(value)
    cells.append(row["post"])
    return [_csv_cell(v) for v in cells]


def csv_files(diary: Diary, post_url) -> dict[str, str]:
    """`training.csv` and friends: one row per entry, the JSON fields as columns.

    A treatment's cost becomes two columns, `cost_amount` and `cost_currency`;
    its areas are joined with "; ". Text that begins like a formula is
    neutralised (`csv_text`); numbers are written as numbers. Planned entries are
    left out: a CSV file is what was done (diary.json lists them, marked planned).
    """
    files = {}
    all_records = records(diary, post_url)
    for spec in specs.all_specs():
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(csv_columns(spec))
        writer.writerows(_csv_cells(spec, row) for row in all_records[spec.name] if not row.get("planned"))
        files[f"{spec.name}.csv"] = out.getvalue()
    return files
