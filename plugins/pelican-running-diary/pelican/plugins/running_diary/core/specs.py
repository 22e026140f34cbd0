"""One declaration per log: the only place a log's fields are named.

A `LogSpec` lists its fields in reading order. Each `Field` says how the
author writes it (its reader, whether it is required), what the entry keeps
(its attribute), how a post's table shows it (label and display kind),
whether `diary.json` and the CSV files carry it, and the line `diary new`
writes as an example. From these follow the entry's class, parsing, the
post's tables, the data files, the new-post template and the theme's column
labels. Adding a field to a log is one line here; adding a log is one spec
(`register()` takes another, such as a test's).

Display kinds are names (`"distance"`, `"clock"`, ...) that `render/display.py`
turns into text, so this layer stays free of output formats.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from . import activities, plausible, readers, reps, spelling, summarize, units
from .load import session_load
from .model import Entry

ACTIVITIES = activities.names()  # the contract's: run, walk, hike, cycle, swim, strength, yoga, cross, rest
SIDES = ("left", "right", "both")
# The display kinds of a cell, which render/display.py turns into text (a test holds the two
# lists together): a field names one, and a spec with another is refused when it is made.
DISPLAY_KINDS = frozenset({"text", "note", "number", "decimal", "distance", "clock", "hold", "pace", "rate",
                           "rate of", "sessions", "activity amount", "elevation", "money", "spend",
                           "list", "held", "count", "reps"})


@dataclass(frozen=True, kw_only=True)
class Field:
    """One field of a log's entries, from the author's key to the data files."""

    name: str  # the key the author writes, and the column's key in a post's table
    read: Callable | None = None  # (raw value, settings) -> value, or ValueError; None: derived only
    attribute: str = ""  # what the entry calls it, and its diary.json key (default: name)
    type: object = object  # the attribute's type, for the entry's class
    default: object = None
    required: bool = False
    derive: Callable | None = None  # (entry) -> value: worked out, not stored (read only for rules)
    label: str = ""  # the column's heading in a post's table; "" for no column
    hint: str = ""  # a longer name for the heading (an <abbr> title)
    show: str = "text"  # the display kind of its cell (render/display.py)
    numeric: bool = False  # right-aligned in tables
    key: bool = False  # one of the few a phone shows in a line for every entry; the rest wrap below
    exported: bool = True  # in diary.json and the CSV files
    csv: bool = True  # with `exported`: in the CSV files too; False: diary.json only (a route)
    parts: tuple[str, ...] = ()  # keys of a dict-valued export: one CSV column each (cost_amount...)
    to_json: Callable | None = None  # value -> plain data for diary.json, where it is not plain already
    below: bool = False  # shown in a line under its entry's row (`label: ...`), not as a column
    example: str = ""  # `diary new`'s commented example: "8 km  # what it means"
    # (value, site units) -> the value as an author writes it, for `diary import`; None: left out
    write: Callable | None = None
    quoted: bool = False  # written in double quotes, whatever it holds ("0:52:10", a route)

    def __post_init__(self):
        if not self.attribute:
            object.__setattr__(self, "attribute", self.name)
        if self.show not in DISPLAY_KINDS:
            raise ValueError(f"field {self.name!r}: no display kind {self.show!r} "
                             f"(one of {', '.join(sorted(DISPLAY_KINDS))})")

    @property
    def stored(self) -> bool:
        """Kept on the entry as read (not worked out from other fields)."""
        return self.read is not None and self.derive is None


@dataclass(frozen=True, kw_only=True)
class LogSpec:
    """A kind of log: its fields and what its post table's totals row and digest say."""

    name: str  # the front-matter key: `training`
    title: str  # the table's caption: `Training`
    entry: str  # the class name of its entries: `Training`
    fields: tuple[Field, ...]
    about: str = ""  # `diary new`'s comment beside the log's key
    rules: Callable | None = None  # (values, given, problem): rules across fields
    totals: Callable | None = None  # (entries, settings) -> {"label": cell, column: cell}
    digest: Callable | None = None  # (entries, settings) -> [cell, ...] for the one-line digest
    # (entry, settings) -> extra keys of a row, for the theme: `flags` {column: (word, why)}
    # marks a cell with a word ("short"), `levels` {column: 0-10} shades it (a soreness score)
    row_extras: Callable | None = None
    model: type = Entry  # made from `fields` by __post_init__

    def __post_init__(self):
        object.__setattr__(self, "model", _entry_class(self))

    @property
    def inputs(self) -> dict[str, Field]:
        """The fields an author may write, by key."""
        return {f.name: f for f in self.fields if f.read is not None}

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.required)

    @property
    def columns(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.label and not f.below)

    @property
    def below(self) -> tuple[Field, ...]:
        """The fields shown in a line under their entry's row (an interval session's reps)."""
        return tuple(f for f in self.fields if f.below)

    @property
    def exports(self) -> tuple[Field, ...]:
        """The fields of diary.json's records."""
        return tuple(f for f in self.fields if f.exported)

    @property
    def csv_exports(self) -> tuple[Field, ...]:
        """The fields of the CSV file's columns: the exported ones, less the JSON-only."""
        return tuple(f for f in self.fields if f.exported and f.csv)


def _entry_class(spec: LogSpec) -> type:
    """The frozen dataclass of a log's entries: its stored fields, its derived ones as properties."""
    own = [(f.attribute, f.type, dataclasses.field(default=f.default)) for f in spec.fields
           if f.stored and f.attribute not in ("date", "notes") and not f.required]
    needed = [(f.attribute, f.type) for f in spec.fields
              if f.stored and f.attribute not in ("date", "notes") and f.required]
    derived = {f.attribute: property(f.derive) for f in spec.fields if f.derive is not None}
    made = dataclasses.make_dataclass(spec.entry, [*needed, *own], bases=(Entry,), frozen=True,
                                      kw_only=True, namespace=derived)
    made.__module__ = __name__
    return made


def date_field(example: str = "") -> Field:
    return Field(name="date", read=readers.date, label="Date", key=True, example=example, write=_as_is)


# --- what `diary import` writes: each value in a form its field's reader takes -----------------

def _as_is(value, units_: str):
    return value


def _write_distance(metres: float, units_: str) -> str | None:
    return f"{metres / units.unit_m(units_):.2f} {units_}" if metres else None


def _write_clock(seconds: float, units_: str) -> str | None:
    whole = int(round(seconds))
    return f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}" if seconds else None


def _write_metres(metres: float, units_: str) -> str | None:
    return f"{round(metres)} m" if round(metres) > 0 else None  # climb always in metres


def _write_words(text: str, units_: str) -> str | None:
    return " ".join(str(text).split()) or None


def _write_lap_time(seconds: float) -> str:
    """A lap's time in whole seconds, as `m:ss`, or `h:mm:ss` from an hour (the rep reader's forms)."""
    whole = max(1, int(round(seconds)))
    return f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}" if whole >= 3600 else \
        f"{whole // 60}:{whole % 60:02d}"


def _write_laps(laps: tuple, units_: str):
    """Laps as `reps.read` takes them back: the one-line form when every lap has the same
    written distance (`4 x 1.00 km in 4:35, 4:40, 4:38, 4:41`), else a list of
    `{distance, time}` maps, which the import writes one flow map to a line. A lap under
    10 m (0.01 km) is written without its distance."""
    if not laps:
        return None
    rows = []
    for lap in laps:
        row = {}
        if lap.distance_m and lap.distance_m >= 10:
            row["distance"] = _write_distance(lap.distance_m, units_)
        row["time"] = _write_lap_time(lap.time_s)
        rows.append(row)
    distances = {row.get("distance") for row in rows}
    if len(distances) == 1 and None not in distances:
        return f"{len(rows)} x {rows[0]['distance']} in {', '.join(row['time'] for row in rows)}"
    return rows


def _write_best_efforts(efforts: tuple, units_: str) -> dict | None:
    """`{1 km: "4:12", 5 km: "21:40"}`: the names readers.best_efforts takes, whole seconds."""
    return None if not efforts else {name: _write_lap_time(seconds) for name, seconds in efforts}


def written(spec: LogSpec, values: dict, units_: str) -> dict:
    """An entry as an author writes it, in the spec's order: each field that has a `write`
    and a value in `values` (keyed by attribute: `distance_m`, `time_s`, ...)."""
    entry = {}
    for field in spec.fields:
        if field.write is not None and values.get(field.attribute) is not None:
            value = field.write(values[field.attribute], units_)
            if value is not None:
                entry[field.name] = value
    return entry


def notes_field(example: str = "", exported: bool = True) -> Field:
    # "note": free text, shown as text in a cell that may wrap (log_table.html's class "note").
    return Field(name="notes", read=readers.text, label="Notes", show="note", exported=exported,
                 example=example)


# --- training ------------------------------------------------------------------------------


def _training_rules(values: dict, given: dict, problem) -> None:
    """Pace gives time; most activities need an amount; no figure beats a world record."""
    pace = values.pop("pace", None)
    if pace is not None:
        if "time_s" in values:
            problem("ignored, because time is given too", field="pace", value=given["pace"],
                    has_value=True, severity="warning")
        elif "distance_m" in values:
            values["time_s"] = pace * values["distance_m"] / 1000
        else:
            problem("needs a distance to give a time", field="pace", value=given["pace"],
                    has_value=True)
    activity = values.get("activity", "run")
    _rep_rules(values, given, activity, problem)
    # An amount given but misspelt is already an error of its own: do not add a second.
    has_amount = "distance" in given or "time" in given or "pace" in given
    if activities.get(activity).needs_amount and not has_amount:
        problem(f"a {activity} needs a distance or a time", field="distance")
    if values.get("distance_m") and values.get("time_s"):
        named = "time" if "time" in given else "pace"  # the figure the author wrote
        wrong = plausible.problem_with(activities.get(activity), values["distance_m"], values["time_s"],
                                       field=named, given=given[named])
        if wrong:
            problem(wrong, field=named, value=given[named], has_value=True)


def _rep_rules(values: dict, given: dict, activity: str, problem) -> None:
    """The entry's `rest` goes to each rep that names none; every rep and lap, and every best
    effort, is a figure a human can run; a best effort fits inside its run."""
    rest = values.pop("rest", None)
    if rest is not None:
        if "reps" in values:
            values["reps"] = tuple(r if r.rest_s is not None else dataclasses.replace(r, rest_s=rest)
                                   for r in values["reps"])
        else:
            problem("a rest between reps, but no reps", field="rest", value=given["rest"],
                    has_value=True, severity="warning")
    spec = activities.get(activity) if activity in activities.names() else None
    for name in ("reps", "laps"):
        for n, rep in enumerate(values.get(name, ())):
            wrong = spec and rep.distance_m and plausible.problem_with(
                spec, rep.distance_m, rep.time_s, field="time", given=_clock(rep.time_s))
            if wrong:
                problem(f"{name[:-1]} {n + 1}: {wrong}", field=name, value=given[name], has_value=True)
    efforts = values.get("best_efforts", ())
    for effort, seconds in efforts:
        metres = readers.BEST_EFFORTS_M[effort]
        if values.get("distance_m") and metres > values["distance_m"] * (1 + summarize.RACE_TOLERANCE):
            problem(f"{effort}: longer than the run itself", field="best_efforts",
                    value=given["best_efforts"], has_value=True)
        elif values.get("time_s") and seconds > values["time_s"]:
            problem(f"{effort}: slower than the whole run", field="best_efforts",
                    value=given["best_efforts"], has_value=True)
        elif spec and (wrong := plausible.problem_with(spec, metres, seconds, field="time",
                                                       given=_clock(seconds))):
            problem(f"{effort}: {wrong}", field="best_efforts", value=given["best_efforts"], has_value=True)


def _clock(seconds: float) -> str:
    whole = int(round(seconds))
    return f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}" if whole >= 3600 else \
        f"{whole // 60}:{whole % 60:02d}"


def _activity(value, settings) -> str:
    """One of the activities (activities.py), those a site registered included."""
    return readers.choice(activities.names())(value, settings)


def _training_totals(sessions, settings) -> list[dict]:
    """A totals row per activity, runs first: a total across activities is never a distance."""
    rows = []
    for activity, tally in summarize.by_activity(sessions).items():
        if activity == "rest":  # rest days are counted, never as sessions, with no figures
            rows.append({"label": ("sessions", (tally.count, activity))})
            continue
        rows.append({"label": ("sessions", (tally.count, activity)),
                     "distance": ("distance", tally.distance_m or None),
                     "time": ("clock", tally.time_s or None),
                     "pace": ("rate of", (activity, tally.paced_distance_m, tally.paced_time_s))})
    return rows


def _training_digest(sessions, settings) -> list:
    """Running first (distance and time), then each other activity by its noun."""
    parts = []
    for activity, tally in summarize.by_activity(sessions).items():
        if activity == "run":
            parts += [("distance", tally.distance_m)] if tally.distance_m else []
            parts += [("clock", tally.time_s)] if tally.time_s else []
            if not (tally.distance_m or tally.time_s):
                parts.append(("sessions", (tally.count, activity)))
        elif activity == "rest" or not (tally.distance_m or tally.time_s):
            parts.append(("sessions", (tally.count, activity)))
        else:
            amount = ("distance", tally.distance_m) if tally.distance_m else ("clock", tally.time_s)
            parts.append(("activity amount", (activity, amount)))
    return parts


TRAINING = LogSpec(
    name="training", title="Training", entry="Training",
    about="what was done; needs a distance or a time (or both)",
    fields=(
        date_field("{day}      # without a date, an entry takes the post's date"),
        Field(name="activity", key=True, read=_activity, type=str, default="run", write=_as_is,
              label="Activity", example="run         # " + ", ".join(ACTIVITIES)),
        Field(name="type", read=readers.text, label="Type",
              example="easy            # your label: easy, long, tempo, intervals, race, ..."),
        Field(name="distance", key=True, attribute="distance_m", read=readers.distance, label="Distance",
              show="distance", numeric=True, write=_write_distance,
              example="8 km        # 8 km, 5 mi, 800 m; a bare number is in the site's unit"),
        Field(name="time", key=True, attribute="time_s", read=readers.minutes, label="Time", show="clock",
              numeric=True, write=_write_clock, quoted=True, example='"45:12"         # moving time: "45:12", "1:05:30", 45min, 1h05m'),
        Field(name="pace", key=True, attribute="pace_s_per_km", read=readers.pace, label="Pace", show="rate",
              numeric=True, derive=lambda e: units.pace_s_per_km(e.distance_m, e.time_s)),
        Field(name="elevation", attribute="elevation_m", read=readers.elevation, label="Climb",
              show="elevation", numeric=True, write=_write_metres),
        Field(name="hr", read=readers.whole(25, 250), label="HR", show="number", numeric=True,
              write=lambda value, units_: int(value),
              hint="average heart rate, beats per minute",
              example="150               # average heart rate, 25 to 250"),
        Field(name="effort", read=readers.whole(1, 10), label="Effort", show="number", numeric=True,
              hint="perceived effort, 1 to 10", example="6             # perceived effort, 1 to 10"),
        Field(name="shoes", read=readers.text, label="Shoes", example="Pegasus 40", write=_write_words),
        Field(name="start", read=readers.datetime,
              write=lambda value, units_: value.replace(tzinfo=None, microsecond=0)),
        # Written by an import, already made private (core/routes.py); drawn, never a table column.
        Field(name="route", read=readers.polyline, csv=False, write=_as_is, quoted=True),
        Field(name="reps", read=reps.read, type=tuple, csv=False, to_json=reps.as_json, label="Reps",
              show="reps", below=True,
              example='"3 x 800 m in 2:58, 2:55, 2:57"  # or a list of {{distance, time, rest}}'),
        Field(name="rest", read=lambda value, settings: reps.rest_of(value), exported=False,
              example="90 s           # between reps, for each that names none"),
        Field(name="laps", read=reps.read, type=tuple, csv=False, to_json=reps.as_json, label="Laps",
              show="reps", below=True, write=_write_laps),
        Field(name="best_efforts", read=readers.best_efforts, type=tuple, csv=False, to_json=dict,
              write=_write_best_efforts),
        # Session RPE: effort x minutes (core/load.py); in diary.json and training.csv.
        Field(name="load", derive=session_load),
        notes_field(example="felt easy"),
    ),
    rules=_training_rules, totals=_training_totals, digest=_training_digest,
)


# --- stretches -----------------------------------------------------------------------------


def _stretch_totals(stretches, settings) -> dict:
    tally = summarize.tally_stretches(stretches, settings.stretch_target_hold)
    held = (("held", (tally.long_enough, tally.sessions, settings.stretch_target_hold))
            if tally.sessions else ("text", ""))
    return {"label": ("count", (tally.sessions, "stretch")), "total": ("clock", tally.total_s),
            "hold": held}


STRETCHES = LogSpec(
    name="stretches", title="Stretches", entry="Stretch", about="what was held",
    fields=(
        date_field(),
        Field(name="name", key=True, read=readers.text, type=str, required=True, label="Stretch",
              example="calf stretch against a wall"),
        Field(name="muscle", read=readers.text, label="Muscle", example="calves"),
        Field(name="side", key=True, read=readers.choice(SIDES), label="Side",
              example="both            # left, right or both (both counts each set twice)"),
        Field(name="hold", key=True, attribute="hold_s", read=readers.seconds, type=float, required=True,
              label="Hold", show="hold", numeric=True,
              example="30s             # one hold; a bare number is seconds"),
        Field(name="sets", key=True, read=readers.whole(1, 50), type=int, default=1, label="Sets",
              show="number", numeric=True, example="3"),
        Field(name="total", attribute="total_s", label="Total", show="clock", numeric=True,
              hint="time under stretch", derive=summarize.time_under_stretch),
        notes_field(exported=False),
    ),
    totals=_stretch_totals,
    digest=lambda stretches, settings: [("count", (len(stretches), "stretch"))] if stretches else [],
    row_extras=lambda s, settings: {} if s.hold_s >= settings.stretch_target_hold else {
        "flags": {"hold": ("short", "shorter than the target hold")}},
)


# --- treatments ----------------------------------------------------------------------------


def _treatment_totals(treatments, settings) -> dict:
    duration = sum(t.duration_s or 0 for t in treatments)
    return {"label": ("count", (len(treatments), "treatment")),
            "duration": ("clock", duration or None),
            "cost": ("spend", summarize.spend_by_currency(treatments))}


TREATMENTS = LogSpec(
    name="treatments", title="Treatments", entry="Treatment", about="what was done to you",
    fields=(
        date_field(),
        Field(name="kind", key=True, read=readers.text, type=str, required=True, label="Treatment",
              example="sports massage"),
        Field(name="provider", read=readers.text, label="Provider", example="West End Physios"),
        Field(name="duration", attribute="duration_s", read=readers.minutes, label="Duration",
              show="clock", numeric=True, example="1h          # a bare number is minutes"),
        Field(name="cost", key=True, read=readers.cost, label="Cost", show="money", numeric=True,
              parts=("amount", "currency"),
              example="£45             # £45, 45 GBP, $60; a bare number is in the site's currency"),
        Field(name="areas", read=readers.text_list, type=tuple, default=(), label="Areas", show="list",
              example="[calves]"),
        notes_field(exported=False),
    ),
    totals=_treatment_totals,
    digest=lambda treatments, settings: [("text", kind) for kind in _kinds(treatments)],
)


def _kinds(treatments) -> list[str]:
    """The post's kinds of treatment once each, in its first spelling of each."""
    kind = spelling.FirstSpellings()
    return list(dict.fromkeys(kind(t.kind) for t in treatments))


# --- soreness ------------------------------------------------------------------------------


def _soreness_digest(entries, settings) -> list:
    if not entries:
        return []
    worst = max(entries, key=lambda e: (e.score, -e.date.toordinal()))  # of equal scores, the earliest
    return [("text", f"{worst.area} {worst.score}/10")]


SORENESS = LogSpec(
    name="soreness", title="Soreness", entry="Soreness", about="how it felt",
    fields=(
        date_field(),
        Field(name="area", key=True, read=readers.text, type=str, required=True, label="Area", example="calves"),
        Field(name="score", key=True, read=readers.whole(0, 10), type=int, required=True, label="Score",
              show="number", numeric=True, hint="soreness, 0 none to 10 worst",
              example="3              # 0 none to 10 the worst"),
        notes_field(exported=False),
    ),
    totals=lambda entries, settings: {"label": ("text", "Average"),
                                      "score": ("decimal", summarize.mean(e.score for e in entries))},
    digest=_soreness_digest,
    row_extras=lambda e, settings: {"levels": {"score": e.score}},
)


# --- the registry --------------------------------------------------------------------------

_LOGS: dict[str, LogSpec] = {spec.name: spec for spec in (TRAINING, STRETCHES, TREATMENTS, SORENESS)}


def all_specs() -> Iterator[LogSpec]:
    """Every log kind, in the order posts, tables and data files list them."""
    return iter(tuple(_LOGS.values()))


def names() -> tuple[str, ...]:
    return tuple(_LOGS)


def get(name: str) -> LogSpec:
    return _LOGS[name]


def register(spec: LogSpec) -> None:
    """Add a log kind (after the four of the contract); a name already taken is refused."""
    if spec.name in _LOGS:
        raise ValueError(f"there is already a log called {spec.name!r}")
    _LOGS[spec.name] = spec


def unregister(name: str) -> None:
    if name not in (TRAINING.name, STRETCHES.name, TREATMENTS.name, SORENESS.name):
        _LOGS.pop(name, None)


Training = TRAINING.model
Stretch = STRETCHES.model
Treatment = TREATMENTS.model
Soreness = SORENESS.model
