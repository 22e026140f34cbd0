"""Raw front matter -> valid entries and problems, following each log's spec.

Every field of every entry is read before deciding, so the author sees every
problem at once. An entry with an error is left out; an unknown field is a
warning and the rest of the entry stands.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Mapping

from . import readers, specs
from .frontmatter import EntryLines, Loaded
from .model import Post, PostLogs, Problem
from .settings import Settings

PAGE_LOGS = "logs on a page are not counted; move them to a post"  # the build and `diary check` agree


def parse_entry(spec: specs.LogSpec | str, index: int, raw, *, post: Post, settings: Settings,
                lines: EntryLines | None = None, today: dt.date | None = None):
    """One entry of a log (its spec, or its name) -> (entry or None, problems).
    None when any field is in error. `lines` says where the entry and its fields
    stand in the file, so that each problem names its line. `today` is the day of
    the build (the caller's clock, in the site's time zone): an entry dated after
    it is planned, with a note. None: nothing is planned."""
    spec = specs.get(spec) if isinstance(spec, str) else spec
    problems: list[Problem] = []

    def problem(message, field=None, value=None, has_value=False, severity="error"):
        line = None
        if lines is not None:
            line = lines.fields.get(str(field).strip().lower(), lines.line) if field else lines.line
        problems.append(
            Problem(file=post.file, log=spec.name, index=index, field=field, message=message,
                    value=value, has_value=has_value, severity=severity, line=line)
        )

    if not isinstance(raw, Mapping):
        problem("an entry must be `field: value` lines", value=raw, has_value=True)
        return None, problems

    inputs = spec.inputs
    given: dict[str, object] = {}  # field name (lower case) -> the author's value
    values: dict[str, object] = {}  # attribute (or, for a field only rules use, its name) -> value
    for key, value in raw.items():
        name = key.strip().lower() if isinstance(key, str) else str(key)
        field = inputs.get(name)
        if field is None:
            close = difflib.get_close_matches(name, inputs, n=1, cutoff=0.6)
            if close:
                # A typo must never silently take a number off the published site.
                problem(f"unknown field, ignored; did you mean {close[0]!r}?", field=str(key),
                        severity="error" if settings.strict else "warning")
            elif value is None and " " in name:
                problem("unknown field, ignored; if these words belong to the value before them, "
                        "a comma cut that value short: put the whole value in quotes",
                        field=str(key), severity="warning")
            else:
                problem("unknown field, ignored", field=str(key), severity="warning")
            continue
        if value is None:  # `notes:` left empty: the same as leaving it out
            continue
        given[name] = value
        try:
            values[field.attribute if field.stored else field.name] = field.read(value, settings)
        except ValueError as error:
            problem(str(error), field=name, value=value, has_value=True)

    for name in spec.required:
        if name not in given:
            problem("required field is missing", field=name)

    if spec.rules is not None:
        spec.rules(values, given, problem)

    if any(p.severity == "error" for p in problems):
        return None, problems
    values.setdefault("date", post.date)
    if values["date"] is None:
        problem("no date, and the post has none to lend", field="date")
        return None, problems
    if not readers.FIRST_DAY <= values["date"] <= readers.LAST_DAY:
        problem("the post's date, which the entry takes, must be from 1900-01-01 to 2100-12-31",
                field="date", value=values["date"], has_value=True)
        return None, problems
    planned = today is not None and values["date"] > today
    if planned:
        problem(f"planned: dated after today ({today.isoformat()}), so shown in its post and "
                "counted in no total, record or chart until that day", field="date",
                value=values["date"], has_value=True, severity="note")
    return spec.model(post=post, index=index, planned=planned, **values), problems


def parse_log(spec: specs.LogSpec | str, raw, *, post: Post, settings: Settings,
              lines: list[EntryLines] | None = None, line: int | None = None,
              today: dt.date | None = None):
    """A whole log -> (entries, problems). A single entry without a dash is accepted.
    `lines`: where each entry stands; `line`: where the log's key does."""
    spec = specs.get(spec) if isinstance(spec, str) else spec
    if raw is None:
        return [], []
    if isinstance(raw, Mapping):
        raw = [raw]
    if not isinstance(raw, list):
        return [], [Problem(file=post.file, log=spec.name, message="must be a list of entries",
                            value=raw, has_value=True, line=line)]
    entries, problems = [], []
    for index, item in enumerate(raw):
        where = lines[index] if lines and index < len(lines) else None
        entry, found = parse_entry(spec, index, item, post=post, settings=settings, lines=where,
                                   today=today)
        problems.extend(found)
        if entry is not None:
            entries.append(entry)
    return entries, problems


def parse_post(metadata: Mapping, *, post: Post, settings: Settings,
               lines: Loaded | None = None, today: dt.date | None = None) -> PostLogs:
    """A post's front matter -> its valid entries per log and every problem found.
    `lines` (from frontmatter.read) lets every problem name its line; an entry
    dated after `today` is planned."""
    logs: dict[str, tuple] = {}
    problems: list[Problem] = []
    for spec in specs.all_specs():
        if spec.name not in metadata:
            continue
        entries, found = parse_log(spec, metadata[spec.name], post=post, settings=settings,
                                   lines=lines.lines.get(spec.name) if lines else None,
                                   line=lines.key_lines.get(spec.name) if lines else None,
                                   today=today)
        logs[spec.name] = tuple(entries)
        problems.extend(found)
    return PostLogs(post=post, logs=logs, present=tuple(logs), problems=tuple(problems))
