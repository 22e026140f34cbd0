"""An imported activity as a training entry: written in the contract's forms, each
figure checked by the build's own reader (a figure out of bounds left out, with a
note; an entry the build would not read refused), and described in one line."""

from __future__ import annotations

import datetime as dt

from .common import Site

# An imported activity's attribute for each training entry attribute it fills. What each is
# written as, and checked by, is the training spec's (core/specs.py: each field's write and read).
FROM_ACTIVITY = {"activity": "activity", "distance_m": "distance_m", "time_s": "moving_s",
                 "elevation_m": "elevation_gain_m", "hr": "avg_hr", "shoes": "shoes", "route": "route",
                 "laps": "laps", "best_efforts": "best_efforts"}
# The figures a file may get wrong: each left out, with a note, when its reader refuses it.
_FIGURES = ("distance_m", "time_s", "elevation_m", "hr", "route", "laps", "best_efforts")
# ... and those the log's rules may refuse as a whole (a lap faster than a world record, a
# best effort longer than the run): left out with a note, never the activity refused for them.
_EXTRAS = ("laps", "best_efforts")


def check_activity(act, site: Site):
    """(activity, notes, refusal): the activity as the diary's rules take it.

    Each figure is written as the import writes it and read back by the log
    format's own reader for that field (the contract's bounds: hr 25 to 250,
    a distance from 1 m to 1,000 km, ...); a figure out of bounds is left out,
    with a note. The whole entry is then read as the build reads it; if it is
    still not valid (a date outside 1900..2100, nothing left to log) the
    activity is refused: ``refusal`` says why, and nothing of it is written.

    The build's read of the entry reads each figure with that same reader, so it
    comes first: when every figure passes (nearly every activity), that one read
    is both checks. Only when one fails are the figures read one by one.
    """
    from dataclasses import replace

    from ..core import specs
    from ..core.readers import FIRST_DAY, LAST_DAY
    from ..ingest import post_edit

    if act.start is not None:
        try:
            day = site.local(act.start).date()
        except (OverflowError, ValueError):
            day = None
        if day is None or not FIRST_DAY <= day <= LAST_DAY:
            return act, [], (f"activity dated {act.start:%Y-%m-%d} (start "
                             f"{act.start:%Y-%m-%dT%H:%M:%S} UTC): the diary takes dates from "
                             "1900-01-01 to 2100-12-31; refused")
    problems = _build_problems(as_entry(act, site, post_edit), site)
    if _figures_pass(problems):
        return act, [], _refusal(problems)
    spec = specs.get("training")
    entry = as_entry(act, site, post_edit)
    notes, dropped = [], {}
    for field in (f for f in spec.fields if f.attribute in _FIGURES and f.name in entry):
        attribute = FROM_ACTIVITY[field.attribute]
        try:
            field.read(entry[field.name], site.settings)
        except ValueError as e:
            notes.append(f"{field.name} {_figure(field.name, getattr(act, attribute), entry[field.name])} "
                         f"left out of the entry: {e}")
            dropped[attribute] = None
    act = replace(act, **dropped)
    problems = _build_problems(as_entry(act, site, post_edit), site)
    extras = {}
    for problem in problems:
        if problem.field in _EXTRAS and problem.field not in extras:
            extras[problem.field] = None
            notes.append(f"{problem.field} left out of the entry: {problem.message}")
    if extras:
        act = replace(act, **extras)
        problems = _build_problems(as_entry(act, site, post_edit), site)
    return act, notes, _refusal(problems)


def _figures_pass(problems) -> bool:
    """Whether the build's read found no figure that its reader refuses (a problem naming
    the field and its value), having read the entry at all (its YAML: a problem of no log)."""
    from ..core import specs

    checked = {f.name for f in specs.get("training").fields if f.attribute in _FIGURES}
    return all(p.log is not None and not (p.field in checked and p.has_value) for p in problems)


def _refusal(problems) -> str | None:
    """The line refusing an activity whose entry the build would not read; None if it would."""
    if not problems:
        return None
    said = "; ".join(f"{p.field}: {p.message}" if p.field else p.message for p in problems)
    return f"not logged: {said}; refused"


def _figure(name: str, raw, written) -> str:
    """The file's own figure, as the note shows it: `0.01 m`, `254`, `190 h`."""
    if name == "distance":  # a few metres are written as 0.00 km: say so
        return f"{raw:.3g} m (written {written})" if raw < 1000 else str(written)
    if name == "time":
        return f"{raw / 3600:.1f} h" if raw >= 3600 else f"{raw:.0f} s"
    if name == "elevation":
        return f"{raw:.0f} m"
    if name == "route":
        return f"of {len(str(raw)):,} characters"
    if name in _EXTRAS:
        return f"({len(raw)})"
    return str(written)


def _build_problems(entry: dict, site: Site) -> list:
    """The errors (``Problem``) the build would find in ``entry``, written as the import writes it."""
    from ..core import frontmatter, parse, specs
    from ..core.model import Post, Problem
    from ..ingest import post_edit

    yaml_text = "training:\n" + post_edit.render_entries([entry])
    try:
        raw = frontmatter.load(yaml_text)["training"][0]
    except frontmatter.FrontMatterError as e:
        return [Problem(file="import", message=e.message)]
    # An entry without a date (a file without timestamps) takes the post's: lend one.
    _, problems = parse.parse_entry(specs.get("training"), 0, raw,
                                    post=Post(file="import", date=site.now().date()),
                                    settings=site.settings)
    return [p for p in problems if p.severity == "error"]


def with_activity(act, activity: str):
    from dataclasses import replace

    return replace(act, activity=activity, sport_known=True, sport_note=None)


def describe(act, site: Site) -> str:
    from ..render import display

    parts = []
    if act.distance_m:
        parts.append(display.distance(act.distance_m, site.settings))
    parts.append(act.activity)
    parts.append(f"on {site.local(act.start):%Y-%m-%d}" if act.start else "with no date")
    if act.moving_s:
        parts.append(f"in {display.clock(act.moving_s)}")
    return " ".join(parts)


def start_key(moment: dt.datetime) -> str:
    return moment.replace(microsecond=0).isoformat()



def as_entry(act, site: Site, post_edit) -> dict:
    """The activity as the training entry an author would write, in the site's units."""
    start = site.local(act.start) if act.start is not None else None
    values = {entry: getattr(act, attribute) for entry, attribute in FROM_ACTIVITY.items()}
    if act.activity != "run":  # worked out for a file that named no sport; a run's alone
        values["best_efforts"] = None
    values.update(date=start.date() if start else None, start=start)
    return post_edit.training_entry(values, units=site.settings.units)
