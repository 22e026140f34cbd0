"""Entries -> `diary.json` and the four CSV files, in the contract's schema and order.

The schema is the contract's to the letter: only training records carry
`notes`; the other logs' notes are shown on the site but not exported.
"""

from __future__ import annotations

import csv
import io
import json

from .summarize import Diary, spend_by_currency

VERSION = 1


def _number(value: float | None):
    """Whole numbers as ints (6000, not 6000.0); others rounded to a sensible precision."""
    if value is None:
        return None
    value = round(value, 2)
    return int(value) if float(value).is_integer() else value


def _iso(value):
    return value.isoformat() if value is not None else None


def training_record(run, post_url) -> dict:
    return {
        "date": run.date.isoformat(), "activity": run.activity, "type": run.type,
        "distance_m": _number(run.distance_m), "time_s": _number(run.time_s),
        "pace_s_per_km": _number(run.pace_s_per_km), "elevation_m": _number(run.elevation_m),
        "hr": run.hr, "effort": run.effort, "shoes": run.shoes, "start": _iso(run.start),
        "notes": run.notes, "post": post_url(run.post),
    }


def stretch_record(stretch, post_url) -> dict:
    return {
        "date": stretch.date.isoformat(), "name": stretch.name, "muscle": stretch.muscle,
        "side": stretch.side, "hold_s": _number(stretch.hold_s), "sets": stretch.sets,
        "total_s": _number(stretch.total_s), "post": post_url(stretch.post),
    }


def treatment_record(treatment, post_url) -> dict:
    cost = treatment.cost
    return {
        "date": treatment.date.isoformat(), "kind": treatment.kind, "provider": treatment.provider,
        "duration_s": _number(treatment.duration_s),
        "cost": {"amount": float(cost.amount), "currency": cost.currency} if cost else None,
        "areas": list(treatment.areas), "post": post_url(treatment.post),
    }


def soreness_record(entry, post_url) -> dict:
    return {"date": entry.date.isoformat(), "area": entry.area, "score": entry.score,
            "post": post_url(entry.post)}


RECORDS = {"training": training_record, "stretches": stretch_record,
           "treatments": treatment_record, "soreness": soreness_record}


def records(diary: Diary, post_url) -> dict[str, list[dict]]:
    """Each log as a list of plain dicts; `post_url(post)` gives the URL the site serves."""
    return {log: [make(entry, post_url) for entry in getattr(diary, log)]
            for log, make in RECORDS.items()}


def totals(diary: Diary) -> dict:
    spend = spend_by_currency(diary.treatments)
    return {
        "training": {"count": len(diary.training),
                     "distance_m": _number(sum(r.distance_m or 0 for r in diary.training)),
                     "time_s": _number(sum(r.time_s or 0 for r in diary.training))},
        "stretches": {"count": len(diary.stretches),
                      "total_s": _number(sum(s.total_s for s in diary.stretches))},
        "treatments": {"count": len(diary.treatments),
                       "cost": {code: round(amount, 2) for code, amount in sorted(spend.items())}},
    }


def diary_json(diary: Diary, post_url) -> str:
    """One entry per line: easy to read and to diff, and written by json's C encoder
    (an `indent` would fall back to the pure-Python one, several times slower)."""

    def dumps(value) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = ['{"version": ' + dumps(VERSION) + ","]
    for log, rows in records(diary, post_url).items():
        body = ",\n  ".join(map(dumps, rows))
        lines.append(f'"{log}": [\n  {body}\n],' if rows else f'"{log}": [],')
    lines.append('"totals": ' + dumps(totals(diary)) + "}")
    return "\n".join(lines) + "\n"


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(value)
    return value


def csv_files(diary: Diary, post_url) -> dict[str, str]:
    """`training.csv` and friends: one row per entry, the JSON fields as columns.

    A treatment's cost becomes two columns, `cost_amount` and `cost_currency`;
    its areas are joined with "; ".
    """
    files = {}
    for log, rows in records(diary, post_url).items():
        flat_rows = [_flatten(row) for row in rows]
        columns = list(flat_rows[0]) if flat_rows else list(_flatten(_empty_record(log)))
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for row in flat_rows:
            writer.writerow({k: _csv_value(v) for k, v in row.items()})
        files[f"{log}.csv"] = out.getvalue()
    return files


def _flatten(row: dict) -> dict:
    flat = {}
    for key, value in row.items():
        if key == "cost":
            flat["cost_amount"] = value["amount"] if value else None
            flat["cost_currency"] = value["currency"] if value else None
        else:
            flat[key] = value
    return flat


_EMPTY_COLUMNS = {
    "training": ["date", "activity", "type", "distance_m", "time_s", "pace_s_per_km", "elevation_m",
                 "hr", "effort", "shoes", "start", "notes", "post"],
    "stretches": ["date", "name", "muscle", "side", "hold_s", "sets", "total_s", "post"],
    "treatments": ["date", "kind", "provider", "duration_s", "cost", "areas", "post"],
    "soreness": ["date", "area", "score", "post"],
}


def _empty_record(log: str) -> dict:
    return dict.fromkeys(_EMPTY_COLUMNS[log])
