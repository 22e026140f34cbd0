"""A post's logs -> the plain tables shown under it, and its one-line digest.

The shape is documented in docs/theme-data.md; templates only lay it out.
"""

from __future__ import annotations

from . import display, summarize
from .model import PostLogs, Stretch, Training, Treatment
from .settings import Settings


def _dated(entry) -> dict:
    return {"date": entry.date.isoformat(), "date_label": display.date_label(entry.date)}


def training_row(run: Training, settings: Settings) -> dict:
    return {
        **_dated(run),
        "activity": run.activity,
        "type": run.type or "",
        "distance": display.distance(run.distance_m, settings),
        "time": display.clock(run.time_s),
        "pace": display.pace(run.pace_s_per_km, settings),
        "elevation": display.elevation(run.elevation_m, settings),
        "hr": display.number(run.hr),
        "effort": display.number(run.effort),
        "shoes": run.shoes or "",
        "notes": run.notes or "",
    }


def stretch_row(stretch: Stretch, settings: Settings) -> dict:
    return {
        **_dated(stretch),
        "name": stretch.name,
        "muscle": stretch.muscle or "",
        "side": stretch.side or "",
        "hold": display.short_clock(stretch.hold_s),
        "sets": str(stretch.sets),
        "total": display.clock(stretch.total_s),
        "notes": stretch.notes or "",
        "long_enough": stretch.hold_s >= settings.stretch_target_hold,
    }


def treatment_row(treatment: Treatment, settings: Settings) -> dict:
    cost = treatment.cost
    return {
        **_dated(treatment),
        "kind": treatment.kind,
        "provider": treatment.provider or "",
        "duration": display.clock(treatment.duration_s),
        "cost": display.money(cost.amount, cost.currency) if cost else "",
        "areas": ", ".join(treatment.areas),
        "notes": treatment.notes or "",
    }


def soreness_row(entry, settings: Settings) -> dict:
    return {**_dated(entry), "area": entry.area, "score": str(entry.score),
            "notes": entry.notes or "", "score_value": entry.score}


HELPERS = ("date_label", "long_enough", "score_value")  # row keys for the theme, not columns

# Each row's keys are in reading order (what, then the numbers, then notes), and
# so is `columns`: the theme can lay the table out without reordering it.
ROWS = {"training": training_row, "stretches": stretch_row,
        "treatments": treatment_row, "soreness": soreness_row}


def training_totals(runs, settings: Settings) -> dict:
    tally = summarize.Tally()  # its pace counts only entries with both distance and time
    for run in runs:
        tally.add(run)
    return {"count": tally.count, "distance": display.distance(tally.distance_m, settings),
            "time": display.clock(tally.time_s), "pace": display.pace(tally.pace_s_per_km, settings)}


def stretch_totals(stretches, settings: Settings) -> dict:
    tally = summarize.tally_stretches(stretches, settings.stretch_target_hold)
    return {"count": tally.sessions, "total": display.clock(tally.total_s),
            "long_enough_share": display.share(tally.long_enough, tally.sessions)}


def treatment_totals(treatments, settings: Settings) -> dict:
    duration = sum(t.duration_s or 0 for t in treatments)
    return {"count": len(treatments), "duration": display.clock(duration) if duration else "",
            "spend": display.spend(summarize.spend_by_currency(treatments))}


def soreness_totals(entries, settings: Settings) -> dict:
    average = sum(e.score for e in entries) / len(entries) if entries else None
    return {"count": len(entries), "average": f"{average:.1f}" if average is not None else ""}


TOTALS = {"training": training_totals, "stretches": stretch_totals,
          "treatments": treatment_totals, "soreness": soreness_totals}


def post_tables(logs: PostLogs, settings: Settings) -> dict | None:
    """The `article.diary` dict, or None for a post without logs."""
    if not logs.present:
        return None
    result = {"logs": [], "digest": digest(logs, settings),
              "problem_count": sum(p.severity == "error" for p in logs.problems)}
    for log in logs.present:
        entries = logs.entries(log)
        if not entries:
            continue
        rows = [ROWS[log](entry, settings) for entry in entries]
        filled = {key for row in rows for key, value in row.items() if value}
        columns = [key for key in rows[0] if key == "date" or (key in filled and key not in HELPERS)]
        result["logs"].append(log)
        result[log] = {"rows": rows, "totals": TOTALS[log](entries, settings), "columns": columns}
    return result


def digest(logs: PostLogs, settings: Settings) -> str:
    """One line for the index and feeds: `14.00 km · 1:18:40 · 3 stretches · sports massage`."""
    parts = []
    moving = [r for r in logs.training if r.activity != "rest"]
    distance = sum(r.distance_m or 0 for r in moving)
    time = sum(r.time_s or 0 for r in moving)
    if distance:
        parts.append(display.distance(distance, settings))
    if time:
        parts.append(display.clock(time))
    if moving and not (distance or time):
        parts.append(_count(len(moving), "session"))
    if logs.stretches:
        parts.append(_count(len(logs.stretches), "stretch", "stretches"))
    kinds = list(dict.fromkeys(t.kind for t in logs.treatments))
    parts.extend(kinds)
    if logs.soreness:
        worst = max(logs.soreness, key=lambda e: e.score)
        parts.append(f"{worst.area} {worst.score}/10")
    return " · ".join(parts)


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"
