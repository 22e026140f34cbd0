"""Entries -> `diary.json` and a CSV file per log, in the contract's schema and order.

The fields of each record are the exported fields of its log's spec, then
`post`; a CSV file leaves out the fields marked `csv=False` (a training
entry's `route`, kept in diary.json as the same encoded string). Only training records carry `notes`, as the contract's schema says;
the other logs' notes are shown on the site but not exported.

`data_files` writes them all in a build: each log's records made once for
diary.json and the CSV files both, and the figures (totals, records, load,
streaks) the site's own, worked out once a build (summarize.site_figures).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from ..core import specs, summarize
from ..core.load import Load
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


def record(spec: specs.LogSpec, entry, post_url, fields: tuple[specs.Field, ...] | None = None) -> dict:
    """One entry as its diary.json record; `post_url(post)` gives the URL the site serves.
    `fields`: the spec's exported fields, when the caller has them (records: once a log)."""
    found = {}
    for f in fields if fields is not None else spec.exports:
        value = getattr(entry, f.attribute)
        found[f.attribute] = json_value(f.to_json(value) if f.to_json and value is not None else value)
    found["post"] = post_url(entry.post)
    if entry.planned:  # only planned entries have the key: the schema of the rest is unchanged
        found["planned"] = True
    return found


def records(diary: Diary, post_url) -> dict[str, list[dict]]:
    """Each log as a list of plain dicts, planned entries among them (marked so)."""
    found = {}
    for spec in specs.all_specs():
        fields = spec.exports  # a property: worked out once a log, not once an entry
        found[spec.name] = [record(spec, entry, post_url, fields) for entry in diary.with_planned(spec.name)]
    return found


def totals(found: summarize.SiteTotals) -> dict:
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


def run_records(found: summarize.RunRecords, post_url) -> dict:
    """diary.json's `records`, runs only: the longest run and the best time at each
    standard distance (null where no run counts), each with its date and post."""

    def one(effort, within: bool = True) -> dict | None:
        if effort is None:
            return None
        found = {"distance_m": _number(effort.distance_m), "time_s": _number(effort.time_s),
                 "date": effort.date.isoformat(), "post": post_url(effort.post)}
        return {**found, "within_longer_run": effort.within_longer_run} if within else found

    return {"longest_run": one(found.longest_run, within=False),
            "best": {name: one(effort) for name, effort in found.best.items()}}


def training_load(found: Load) -> dict:
    """diary.json's `load`: every day of the diary's span, and the weeks flagged (core/load.py)."""
    return {"daily": [{"date": d.date.isoformat(), "load": _number(d.load), "acute": _number(d.acute),
                       "chronic": _number(d.chronic), "ratio": _number(d.ratio)} for d in found.days],
            "flagged_weeks": [{"week": w.week.isoformat(), "why": w.why} for w in found.flagged],
            "sessions": found.sessions, "sessions_without_effort": found.without_effort}


def goals(settings) -> dict:
    return {"weekly_km": settings.weekly_goal_km, "monthly_km": settings.monthly_goal_km,
            "yearly_km": settings.yearly_goal_km}


def diary_streaks(found: summarize.Streaks) -> dict:
    return {name: {"current": streak.current, "longest": streak.longest}
            for name, streak in (("running", found.running), ("stretching", found.stretching))}


def file_names() -> tuple[str, ...]:
    """Every data file the build writes at the site's root: diary.json and one CSV per log,
    the logs registered since the import included (asked at each build, never kept)."""
    return ("diary.json", *(f"{spec.name}.csv" for spec in specs.all_specs()))


def data_files(diary: Diary, post_url, settings: Settings,
               figures: summarize.SiteFigures) -> dict[str, str]:
    """`diary.json` and each log's CSV file, by name: the records made once for both."""
    rows = records(diary, post_url)
    return {"diary.json": diary_json(diary, post_url, settings, figures, rows),
            **csv_files(diary, post_url, rows)}


def diary_json(diary: Diary, post_url, settings: Settings | None = None,
               figures: summarize.SiteFigures | None = None, rows: dict[str, list[dict]] | None = None) -> str:
    """One entry per line: easy to read and to diff, and written by json's C encoder
    (an `indent` would fall back to the pure-Python one, several times slower).
    `settings`: the site's (weeks, goals); the defaults when not given. `figures` and
    `rows` (`records`): the build's, made once; worked out here when not given."""
    settings = settings or from_dict({})
    figures = figures if figures is not None else summarize.site_figures(diary, settings)

    def dumps(value) -> str:
        return json.dumps(value, ensure_ascii=False, allow_nan=False)

    lines = ['{"version": ' + dumps(VERSION) + ","]
    for log, logged in (rows if rows is not None else records(diary, post_url)).items():
        body = ",\n  ".join(map(dumps, logged))
        lines.append(f'"{log}": [\n  {body}\n],' if logged else f'"{log}": [],')
    lines.append('"totals": ' + dumps(totals(figures.totals)) + ",")
    lines.append('"records": ' + dumps(run_records(figures.training.records, post_url)) + ",")
    lines.append('"load": ' + dumps(training_load(figures.load)) + ",")
    lines.append('"goals": ' + dumps(goals(settings)) + ",")
    lines.append('"streaks": ' + dumps(diary_streaks(figures.streaks)) + "}")
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


def _csv_cells(fields: tuple[specs.Field, ...], row: dict) -> list:
    """A row's cells; `fields`: its log's `csv_exports`."""
    cells = []
    for f in fields:
        value = row[f.attribute]
        if f.parts:
            cells.extend((value or {}).get(part) for part in f.parts)
        else:
            cells.append(value)
    cells.append(row["post"])
    return [_csv_cell(v) for v in cells]


def csv_files(diary: Diary, post_url, rows: dict[str, list[dict]] | None = None) -> dict[str, str]:
    """`training.csv` and friends: one row per entry, the JSON fields as columns.

    A treatment's cost becomes two columns, `cost_amount` and `cost_currency`;
    its areas are joined with "; ". Text that begins like a formula is
    neutralised (`csv_text`); numbers are written as numbers. Planned entries are
    left out: a CSV file is what was done (diary.json lists them, marked planned).
    `rows`: the build's `records`, made once; worked out here when not given.
    """
    files = {}
    all_records = rows if rows is not None else records(diary, post_url)
    for spec in specs.all_specs():
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(csv_columns(spec))
        fields = spec.csv_exports
        writer.writerows(_csv_cells(fields, row) for row in all_records[spec.name] if not row.get("planned"))
        files[f"{spec.name}.csv"] = out.getvalue()
    return files
