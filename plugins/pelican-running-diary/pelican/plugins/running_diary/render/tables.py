"""A post's logs -> the plain tables shown under it, and its one-line digest.

Everything follows the log specs: a table per log present, its columns (only
those some row fills, in the spec's order), a row per entry and a totals row.
The shape is documented in docs/theme-data.md; templates only lay it out.
"""

from __future__ import annotations

from ..core import specs
from ..core.model import PostLogs
from ..core.settings import Settings
from . import display, routes


def row(spec: specs.LogSpec, entry, settings: Settings, with_year: bool = False) -> dict:
    """One entry as the cells of its post's table, keyed by column, plus `date_label`
    (`Mon 15 Apr`, with its year if `with_year`: see display.needs_year), and
    `planned: True` for an entry dated after the day of the build (the theme marks it)."""
    cells = {"date": entry.date.isoformat(), "date_label": display.date_label(entry.date, with_year)}
    if entry.planned:
        cells["planned"] = True
    for column in spec.columns[1:]:  # the first is the date
        cells[column.name] = display.show(column.show, getattr(entry, column.attribute), settings, entry)
    below = [f"{f.label}: {display.show(f.show, getattr(entry, f.attribute), settings, entry)}"
             for f in spec.below if getattr(entry, f.attribute)]
    if below:  # an interval session's reps, in a line under its row
        cells["below"] = below
    if spec.row_extras is not None:
        cells.update(spec.row_extras(entry, settings))
    return cells


def totals(spec: specs.LogSpec, entries, settings: Settings) -> list[dict]:
    """The totals rows (one, or one per activity): `label` for the first cell, then a
    cell per column that has one."""
    if spec.totals is None:
        return [{"label": display.count(len(entries), "entry", "entries")}]
    found = spec.totals(entries, settings)
    return [{key: display.show(kind, value, settings) for key, (kind, value) in row.items()}
            for row in (found if isinstance(found, list) else [found])]


def table(spec: specs.LogSpec, entries, settings: Settings, year: int | None = None) -> dict:
    """A post's table of one log, a row per entry, planned ones too (the totals rows count
    only what was done); `year` is the post's: dates carry theirs when the entries mix years
    or are not of the post's year (a post of 2 January on the week before it)."""
    days = [entry.date for entry in entries]
    with_year = display.needs_year(days, year if year is not None else days[0].year if days else None)
    rows = [row(spec, entry, settings, with_year) for entry in entries]
    filled = {key for cells in rows for key, value in cells.items() if value}
    columns = [c for c in spec.columns if c.name == "date" or c.name in filled]
    done = [entry for entry in entries if not entry.planned]
    return {"name": spec.name, "title": spec.title, "columns": columns, "rows": rows,
            "totals": totals(spec, done, settings) if done else []}


def post_tables(logs: PostLogs, settings: Settings) -> dict | None:
    """The `article.diary` dict, or None for a post without logs."""
    if not logs.present:
        return None
    result = {"logs": [], "tables": [], "digest": digest(logs, settings),
              "problem_count": sum(p.severity == "error" for p in logs.problems)}
    for name in logs.present:
        entries = logs.entries(name)
        if entries:
            result["logs"].append(name)
            result[name] = table(specs.get(name), entries, settings,
                                 logs.post.date.year if logs.post.date else None)
            result["tables"].append(result[name])
    result["routes"] = post_routes(logs.entries("training") if "training" in logs.present else (),
                                   settings)
    return result


def route_words(entry, settings: Settings) -> str:
    """`10.02 km run on 15 April 2024`: what a route drawing is of."""
    amount = display.distance(entry.distance_m, settings) + " " if entry.distance_m else ""
    return f"{amount}{entry.activity} on {display.long_date(entry.date)}"


def post_routes(entries, settings: Settings) -> list[dict]:
    """The drawings under a post: one per training entry with a route, in the post's order:
    {svg (safe markup, at most 4 KB), label ("Route of the 10.02 km run on 15 April 2024")}."""
    found = []
    for entry in entries:
        route = getattr(entry, "route", None)
        if not route:
            continue
        label = f"Route of the {route_words(entry, settings)}"
        svg = routes.draw(route, label=label, unit=settings.units)
        if svg is not None:
            found.append({"svg": svg, "label": label})
    return found


def digest(logs: PostLogs, settings: Settings) -> str:
    """One line for the index and feeds: `14.00 km · 1:18:40 · 3 stretches · sports massage`."""
    parts = []
    for name in logs.present:
        spec = specs.get(name)
        done = [entry for entry in logs.entries(name) if not entry.planned]  # counted: done only
        if spec.digest is not None and done:
            parts.extend(display.show(kind, value, settings) for kind, value in spec.digest(done, settings))
    return " · ".join(parts)
