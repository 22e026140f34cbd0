"""Build-time charts for the diary: small inline SVG that reads without JavaScript.

Pure: the standard library and markupsafe only, no Pelican. Each public
function takes plain data and returns a dict::

    {"svg": Markup, "title": str, "description": str,
     "table": {"head": [str, ...], "rows": [[str, ...], ...]},
     "key": [{"label": str, "class": "s1"}, ...]}

- ``svg`` is one ``<svg role="img">`` with ``<title>`` and ``<desc>`` named by
  ``aria-labelledby`` and a ``viewBox``, so it scales to its container. Every
  text in it is escaped. Colours come from the page's CSS (classes such as
  ``bar``, ``grid``, ``goal``, ``s1``..``s6``, ``lvl0``..``lvl4``) with
  ``currentColor`` presentation attributes as the fallback, so the chart
  follows the dark scheme and stays visible without the stylesheet.
- ``description`` is the text alternative: the chart's message in words.
- ``table`` is the data behind the chart, every cell a string.
- ``key`` names each line of a chart of several (soreness), with its class, for
  the page to show beside the chart; empty for the others.
- On a narrow screen a chart scrolls in its box, opened at its right end: so
  the newest data, the value axis and the legend are all drawn there.

Coordinates are rounded to one decimal and each chart stays under
``MAX_BYTES`` even for a full year of data. Empty input gives a chart that
says there is nothing to show, never an exception.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from markupsafe import Markup, escape

from ..core import units
from ..core.model import count as _plural
from .display import MONTHS, long_date, short_date

MAX_BYTES = 15_000
"""The most one chart's SVG may weigh, in bytes of UTF-8."""

WIDTH = 720
"""Width of every chart's viewBox; heights vary."""

FONT_SIZE = 13

UNIT_METRES = units.UNIT_M

SERIES_CLASSES = 6
"""Line series cycle through the classes s1..s6 (colour and dash pattern)."""

SORENESS_MAX_POINTS = 400
"""Beyond this many soreness points, scores are averaged per week."""

CALENDAR_LEVELS = ((0, "0"), (1, "1+"), (30, "30+"), (60, "60+"), (90, "90+"))
"""Lower bounds in minutes of the activity calendar's shades, with their legend (after
"Minutes:", short enough to fit a 320 px phone)."""


# --- formatting -------------------------------------------------------------


def _n(value: float) -> str:
    """A coordinate rounded to one decimal, without a trailing ``.0``."""
    text = f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def _e(text: object) -> str:
    """Escape text for SVG (and HTML) content or an attribute value."""
    return str(escape(str(text)))


def _text_width(text: str) -> float:
    """About how wide `text` is drawn at FONT_SIZE: to keep labels inside the box."""
    return len(text) * FONT_SIZE * 0.62


def _one_decimal(value: float) -> str:
    return f"{value:.1f}"


def _minutes_label(minutes: float) -> str:
    """``45 min`` or ``1 h 05 min``."""
    whole = round(minutes)
    if whole < 60:
        return f"{whole} min"
    return f"{whole // 60} h {whole % 60:02d} min"


# --- SVG plumbing -----------------------------------------------------------


def _svg(
    kind: str, chart_id: str, title: str, desc: str, height: float, body: Iterable[str], width: float = WIDTH,
    *, sized: bool = False,
) -> Markup:
    """Wrap a chart's body in the ``<svg>`` element with its title and desc. A `sized`
    chart says its size (1 unit a CSS pixel): a calendar, whose width is its weeks',
    keeps its cells' size rather than stretch to the column."""
    cid = _e(chart_id)
    size = f' width="{_n(width)}" height="{_n(height)}"' if sized else ""
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-{_e(kind)}"'
        f' viewBox="0 0 {_n(width)} {_n(height)}"{size} role="img"'
        f' aria-labelledby="{cid}-t {cid}-d" font-size="{FONT_SIZE}" fill="currentColor">'
        f'<title id="{cid}-t">{_e(title)}</title><desc id="{cid}-d">{_e(desc)}</desc>'
        + "".join(body)
        + "</svg>"
    )


def _text(x: float, y: float, text: str, cls: str = "", anchor: str = "") -> str:
    attrs = f' class="{cls}"' if cls else ""
    attrs += f' text-anchor="{anchor}"' if anchor else ""
    return f'<text x="{_n(x)}" y="{_n(y)}"{attrs}>{_e(text)}</text>'


def _empty(kind: str, chart_id: str, title: str, message: str, head: list[str]) -> dict:
    """A chart that says there is no data, with an empty table."""
    height = 60
    body = [
        f'<rect class="frame" x="0.5" y="0.5" width="{WIDTH - 1}" height="{height - 1}"'
        ' fill="none" stroke="currentColor" stroke-opacity=".3"/>',
        _text(WIDTH / 2, height / 2 + FONT_SIZE / 3, message, "note", "middle"),
    ]
    return {
        "svg": _svg(kind, chart_id, title, message, height, body),
        "title": title,
        "description": message,
        "table": {"head": head, "rows": []},
        "key": [],
    }


def _nice_step(top: float, ticks: int = 4) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) giving about ``ticks`` ticks."""
    if top <= 0:
        return 1.0
    raw = top / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if factor * power >= raw:
            return factor * power
    return 10 * power  # pragma: no cover - the loop always returns


def _tick_label(value: float) -> str:
    return f"{value:g}"


def _value_axis(highest: float, ticks: int) -> tuple[float, list[float], float]:
    """A value axis from 0 to ``highest`` rounded up to a round step: its top, its ticks,
    and the width of its widest tick label."""
    step = _nice_step(highest, ticks)
    y_max = step * math.ceil(highest / step)
    ticks_at = [k * step for k in range(int(round(y_max / step)) + 1)]
    return y_max, ticks_at, max(_text_width(_tick_label(t)) for t in ticks_at)


def _month_ticks(start: dt.date, end: dt.date) -> list[tuple[dt.date, str]]:
    """First days of the months between ``start`` and ``end``; January shows its year."""
    ticks = []
    year, month = start.year, start.month
    if start.day != 1:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    while (day := dt.date(year, month, 1)) <= end:
        ticks.append((day, str(year) if month == 1 else MONTHS[month - 1][:3]))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return ticks


def _time_ticks(start: dt.date, end: dt.date) -> list[tuple[dt.date, str]]:
    """Labelled places on a time axis, with every year it spans named once or more:
    weeks for a short span (the first with its year), months (January as its year,
    the first month with its year too), or, past 14 months, each year's name in the
    middle of the part of it the span covers."""
    span = (end - start).days
    if span <= 45:
        first = start + dt.timedelta(days=(7 - start.weekday()) % 7)
        days = [first + dt.timedelta(weeks=k) for k in range(span // 7 + 1)]
        ticks = [(d, f"{d.day} {MONTHS[d.month - 1][:3]}") for d in days if d <= end] or [(start, "")]
        return [(d, f"{d.day} {MONTHS[d.month - 1][:3]} {d.year}" if k == 0 or d.month == 1 and d.day <= 7
                 else label) for k, (d, label) in enumerate(ticks)]
    ticks = _month_ticks(start, end)
    if len(ticks) > 14:
        years = range(start.year, end.year + 1)
        return [(max(start, dt.date(y, 1, 1)) + (min(end, dt.date(y, 12, 31)) - max(start, dt.date(y, 1, 1))) / 2,
                 str(y)) for y in years]
    if len(ticks) > 7:
        ticks = [(d, label) for d, label in ticks if d.month % 2 == 1 or d.month == 1]
    if ticks and ticks[0][0].month != 1:
        day = ticks[0][0]
        ticks[0] = (day, f"{MONTHS[day.month - 1][:3]} {day.year}")
    return ticks


# --- weekly distance --------------------------------------------------------


def weekly_distance(
    weeks: Sequence[tuple[dt.date, float]], unit: str = "km", *, chart_id: str = "weekly-distance"
) -> dict:
    """Bars of distance per week; ``weeks`` is ``[(week_start, metres), ...]``, oldest first."""
    if unit not in UNIT_METRES:
        raise ValueError(f"unit must be 'km' or 'mi', not {unit!r}")
    title = "Running distance per week"
    head = ["Week of", f"Distance ({unit})"]
    weeks = sorted(weeks)
    if not weeks:
        return _empty("bars", chart_id, title, "No weeks to show yet.", head)
    values = [metres / UNIT_METRES[unit] for _, metres in weeks]
    span = f"the last {_plural(len(weeks), 'week')}"
    rows = [[short_date(start), _one_decimal(v)] for (start, _), v in zip(weeks, values)]
    if not any(v > 0 for v in values):
        empty = _empty("bars", chart_id, title, f"No distance logged in {span}.", head)
        empty["table"]["rows"] = rows
        return empty

    best = max(range(len(values)), key=lambda i: (values[i], -i))
    average = sum(values) / len(values)
    description = (
        f"Running distance per week over {span}: highest {values[best]:.1f} {unit}"
        f" in the week of {long_date(weeks[best][0])}; average {average:.1f} {unit}."
    )

    y_max, ticks_at, widest = _value_axis(max(values), 5)
    # The value axis on the right, beside the newest weeks, where a phone opens the
    # chart: room for the widest tick label ("1,500" in a big week), at least 44.
    height, left, top, bottom = 240, 8, 22, 26
    right = max(44, round(widest + 10))
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    base = top + plot_h
    slot = plot_w / len(weeks)
    bar_w = max(slot * 0.72, 1)

    def y(value: float) -> float:
        return base - value / y_max * plot_h

    grid, labels = [], []
    for tick in ticks_at:
        grid.append(f"M{left} {_n(y(tick))}H{WIDTH - right}")
        labels.append(_text(WIDTH - right + 6, y(tick) + 4, _tick_label(tick)))
    body = [
        f'<path class="grid" stroke="currentColor" stroke-opacity=".15" d="{"".join(grid)}"/>',
        f'<g class="axis axis-y">{"".join(labels)}{_text(WIDTH - right + 6, top - 9, unit, "unit")}</g>',
    ]
    bars = []
    for i, ((start, _), value) in enumerate(zip(weeks, values)):
        if value <= 0:
            continue
        x = left + i * slot + (slot - bar_w) / 2
        bars.append(
            f'<rect x="{_n(x)}" y="{_n(y(value))}" width="{_n(bar_w)}" height="{_n(base - y(value))}">'
            f"<title>{_e(short_date(start))}: {value:.1f} {unit}</title></rect>"
        )
    body.append(f'<g class="bar">{"".join(bars)}</g>')
    best_x = left + best * slot + slot / 2
    peak_label = f"{values[best]:.1f}"
    half = _text_width(peak_label) / 2 + 2
    peak_x = min(max(best_x, left + half), WIDTH - right - half)  # over its bar, clear of the axis
    body.append(_text(peak_x, y(values[best]) - 5, peak_label, "peak", "middle"))

    first, last = weeks[0][0], weeks[-1][0]
    ticks = []
    for day, label in _month_ticks(first, last + dt.timedelta(days=6)):
        i = (day - first).days / 7
        x = left + i * slot
        if x + _text_width(label) <= WIDTH - right:
            ticks.append(_text(x, height - 8, label))
    body.append(f'<g class="axis axis-x">{"".join(ticks)}</g>')
    body.append(f'<path class="baseline" stroke="currentColor" d="M{left} {_n(base)}H{WIDTH - right}"/>')

    return {
        "svg": _svg("bars", chart_id, title, description, height, body),
        "title": title,
        "description": description,
        "table": {"head": head, "rows": rows},
        "key": [],
    }


# --- activity calendar ------------------------------------------------------


def _level(minutes: float) -> int:
    level = 0
    for k, (bound, _) in enumerate(CALENDAR_LEVELS):
        if minutes >= bound and (bound > 0 or minutes > 0):
            level = k
    return level


def activity_calendar(
    year: int, days: Mapping[dt.date, float], week_start: str = "monday", *, chart_id: str | None = None,
    through: dt.date | None = None,
) -> dict:
    """A year as a grid of days (a column per week), shaded by active minutes; to
    ``through`` (the diary's newest day, in the year still going on), else to 31
    December. The newest week is the grid's right end, beside the day names and the
    legend: where a narrow screen opens the chart.

    The default ``chart_id`` names the year, so a page can show several years.
    """
    chart_id = chart_id or f"activity-calendar-{year}"
    if week_start not in ("monday", "sunday"):
        raise ValueError(f"week_start must be 'monday' or 'sunday', not {week_start!r}")
    title = f"Active days in {year}"
    head = ["Month", "Active days", "Active minutes"]
    jan1, dec31 = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if through is not None and jan1 <= through < dec31:
        dec31 = through  # the last day drawn and counted: the year so far
    minutes = {d: float(m) for d, m in days.items() if jan1 <= d <= dec31 and m and m > 0}
    if not minutes:
        return _empty("calendar", chart_id, title, f"No active days logged in {year}.", head)

    per_month: dict[int, list[float]] = defaultdict(list)
    for day, value in minutes.items():
        per_month[day.month].append(value)
    rows = [
        [MONTHS[m - 1], str(len(per_month[m])), f"{round(sum(per_month[m])):,}"]
        for m in range(1, dec31.month + 1)
    ]
    total = sum(minutes.values())
    busiest = max(per_month, key=lambda m: (len(per_month[m]), sum(per_month[m]), -m))
    longest = max(minutes, key=lambda d: (minutes[d], -d.toordinal()))
    year_days = (dec31 - jan1).days + 1
    so_far = "" if dec31.month == 12 and dec31.day == 31 else f" to {long_date(dec31)}"
    description = (
        f"Active days in {year}{so_far}: {len(minutes)} of {year_days}, {round(total):,} minutes in all."
        f" Most active month: {MONTHS[busiest - 1]}, with {_plural(len(per_month[busiest]), 'active day')}."
        f" Longest day: {long_date(longest)}, {round(minutes[longest]):,} minutes."
    )

    # The day names on the right of the grid, the legend under its right end.
    cell, gap, left, top, names_w = 11, 2, 2, 18, 36
    pitch = cell + gap
    offset = jan1.weekday() if week_start == "monday" else (jan1.weekday() + 1) % 7
    grid_start = jan1 - dt.timedelta(days=offset)

    paths: dict[int, list[str]] = defaultdict(list)
    day = jan1
    while day <= dec31:
        index = (day - grid_start).days
        x, y = left + (index // 7) * pitch, top + (index % 7) * pitch
        paths[_level(minutes.get(day, 0))].append(f"M{x} {y}h{cell}v{cell}h-{cell}z")
        day += dt.timedelta(days=1)
    columns = (dec31 - grid_start).days // 7 + 1
    grid_h = 7 * pitch
    grid_right = left + columns * pitch - gap

    body = []
    opacities = ("0.1", "0.3", "0.6", "0.8", "1")
    for level in sorted(paths):
        body.append(
            f'<path class="lvl lvl{level}" fill-opacity="{opacities[level]}" d="{"".join(paths[level])}"/>'
        )
    weekday_names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    if week_start == "sunday":
        weekday_names = weekday_names[-1:] + weekday_names[:-1]
    names = [
        _text(grid_right + 5, top + row * pitch + cell - 1, weekday_names[row])
        for row in range(7)
        if weekday_names[row] in ("Mon", "Wed", "Fri")
    ]
    body.append(f'<g class="axis axis-y">{"".join(names)}</g>')
    months = []
    for first, label in _month_ticks(jan1, dec31):
        label = MONTHS[first.month - 1][:3]
        x = left + ((first - grid_start).days // 7) * pitch
        if x + _text_width(label) <= grid_right + names_w:
            months.append(_text(x, top - 6, label))
    body.append(f'<g class="axis axis-x">{"".join(months)}</g>')

    # The legend's items, each a swatch and its words, ending under the day names' right
    # end (or from the left edge, under a grid of a few weeks narrower than the legend).
    legend_y = top + grid_h + 10
    prefix = round(_text_width("Minutes:")) + 6
    widths = [cell + 4 + round(_text_width(label)) for _, label in CALENDAR_LEVELS]
    legend_w = prefix + sum(widths) + 8 * (len(widths) - 1)
    x = max(left, grid_right + names_w - 6 - legend_w) + prefix  # 6 for text a little wider than guessed
    legend = [_text(x - prefix, legend_y + cell - 1, "Minutes:")]
    for level, ((_, label), width) in enumerate(zip(CALENDAR_LEVELS, widths)):
        legend.append(
            f'<path class="lvl lvl{level}" fill-opacity="{opacities[level]}" d="M{x} {legend_y}h{cell}v{cell}h-{cell}z"/>'
        )
        legend.append(_text(x + cell + 4, legend_y + cell - 1, label))
        x += width + 8
    body.append(f'<g class="legend">{"".join(legend)}</g>')
    height = legend_y + cell + 6

    return {
        "svg": _svg("calendar", chart_id, title, description, height, body,
                    max(grid_right + names_w, left + legend_w + 6), sized=True),
        "title": title,
        "description": description,
        "table": {"head": head, "rows": rows},
        "key": [],
    }


# --- stretching minutes per muscle group ------------------------------------


def stretch_minutes(
    weeks: Sequence[dt.date],
    minutes_by_muscle: Mapping[str, Sequence[float]],
    goal: float,
    *,
    chart_id: str = "stretch-minutes",
) -> dict:
    """Small multiples: a row of weekly bars per muscle group, with the weekly goal as a line."""
    title = "Weekly stretching per muscle group"
    weeks = list(weeks)
    muscles = [m for m, values in minutes_by_muscle.items() if any(v > 0 for v in values)]
    head = ["Week of", *(f"{m} (min)" for m in minutes_by_muscle)]
    for muscle, values in minutes_by_muscle.items():
        if len(values) != len(weeks):
            raise ValueError(f"{muscle!r} has {len(values)} values for {len(weeks)} weeks")
    rows = [
        [short_date(week), *(_one_decimal(values[i]) for values in minutes_by_muscle.values())]
        for i, week in enumerate(weeks)
    ]
    if not weeks or not muscles:
        empty = _empty("panels", chart_id, title, "No stretching logged in these weeks.", head)
        empty["table"]["rows"] = rows
        return empty

    span = f"the last {_plural(len(weeks), 'week')}"
    parts = []
    for muscle in muscles:
        values = minutes_by_muscle[muscle]
        met = sum(1 for v in values if v >= goal)
        parts.append(f"{muscle} met it in {met} of {len(weeks)} (average {sum(values) / len(values):.1f} min)")
    description = (
        f"Minutes of stretching per week for {_plural(len(muscles), 'muscle group')} over {span},"
        f" against a goal of {goal:g} minutes a week each: " + "; ".join(parts) + "."
    )

    shown = len(muscles)
    while True:
        svg = _stretch_svg(weeks, muscles[:shown], minutes_by_muscle, goal, chart_id, title, description, len(muscles))
        if len(svg.encode()) <= MAX_BYTES or shown == 1:
            break
        shown -= 1
    return {"svg": svg, "title": title, "description": description, "table": {"head": head, "rows": rows},
            "key": []}


def _stretch_svg(weeks, muscles, minutes_by_muscle, goal, chart_id, title, description, total_muscles) -> Markup:
    left, right, top = 8, 52, 6
    label_h, plot_h, panel_gap, axis_h = 18, 44, 10, 24
    panel_h = label_h + plot_h + panel_gap
    plot_w = WIDTH - left - right
    slot = plot_w / len(weeks)
    bar_w = max(slot * 0.7, 1)
    y_max = max([goal, *(max(minutes_by_muscle[m]) for m in muscles)]) * 1.1 or 1.0

    body = []
    for p, muscle in enumerate(muscles):
        values = minutes_by_muscle[muscle]
        y0 = top + p * panel_h
        base = y0 + label_h + plot_h
        met = sum(1 for v in values if v >= goal)
        label = f"{muscle} · goal met in {met} of {_plural(len(weeks), 'week')}"
        body.append(_text(left, y0 + FONT_SIZE, label, "label"))
        strokes: dict[str, list[str]] = {"met": [], "under": []}
        for i, value in enumerate(values):
            if value <= 0:
                continue
            x = left + i * slot + slot / 2
            kind = "met" if value >= goal else "under"
            strokes[kind].append(f"M{_n(x)} {_n(base)}V{_n(base - value / y_max * plot_h)}")
        for kind, opacity in (("under", ".45"), ("met", "1")):
            if strokes[kind]:
                body.append(
                    f'<path class="bar {kind}" stroke="currentColor" stroke-opacity="{opacity}"'
                    f' stroke-width="{_n(bar_w)}" d="{"".join(strokes[kind])}"/>'
                )
        goal_y = base - goal / y_max * plot_h
        body.append(
            f'<path class="goal" stroke="currentColor" stroke-dasharray="4 3" d="M{left} {_n(goal_y)}H{WIDTH - right}"/>'
        )
        body.append(_text(WIDTH - right + 4, goal_y + 4, f"{goal:g} min", "axis-y"))
        body.append(
            f'<path class="baseline" stroke="currentColor" stroke-opacity=".3" d="M{left} {_n(base)}H{WIDTH - right}"/>'
        )
    end = top + len(muscles) * panel_h
    if len(muscles) < total_muscles:
        more = total_muscles - len(muscles)
        body.append(_text(left, end + 4, f"and {_plural(more, 'more muscle group')}: see the table", "note"))
        end += 18
    ticks = []
    first, last = weeks[0], weeks[-1]
    marks = (
        _month_ticks(first, last + dt.timedelta(days=6))
        if len(weeks) > 10
        else [(w, f"{w.day} {MONTHS[w.month - 1][:3]}") for w in weeks]
    )
    for day, label in marks:
        x = left + (day - first).days / 7 * slot + (slot / 2 if len(weeks) <= 10 else 0)
        if x <= WIDTH - right - 10:
            ticks.append(_text(x, end + 8, label, "", "middle" if len(weeks) <= 10 else ""))
    body.append(f'<g class="axis">{"".join(ticks)}</g>')
    return _svg("panels", chart_id, title, description, end + axis_h - 6, body)


# --- soreness over time, with treatments ------------------------------------


def _weekly_means(points: Sequence[tuple[dt.date, float]]) -> list[tuple[dt.date, float]]:
    buckets: dict[dt.date, list[float]] = defaultdict(list)
    for day, score in points:
        buckets[day - dt.timedelta(days=day.weekday())].append(score)
    return [(week, sum(v) / len(v)) for week, v in sorted(buckets.items())]


def _daily_means(points: Sequence[tuple[dt.date, float]]) -> list[tuple[dt.date, float]]:
    buckets: dict[dt.date, list[float]] = defaultdict(list)
    for day, score in points:
        buckets[day].append(float(score))
    return [(day, sum(v) / len(v)) for day, v in sorted(buckets.items())]


def _score(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.1f}"


def soreness(
    series: Mapping[str, Sequence[tuple[dt.date, float]]],
    treatments: Sequence[tuple[dt.date, str]] = (),
    *,
    chart_id: str = "soreness",
) -> dict:
    """Soreness (0 to 10) per body area over time, a line each, treatments as labelled markers."""
    title = "Soreness over time"
    areas = {area: _daily_means(points) for area, points in series.items() if points}
    treatments = sorted(treatments)
    head = ["Date", *areas, "Treatment"]
    if not areas:
        message = "No soreness logged yet."
        empty = _empty("lines", chart_id, title, message, ["Date", "Treatment"])
        empty["table"]["rows"] = [[short_date(d), str(label)] for d, label in treatments]
        return empty

    # The table: one row per date with a score or a treatment.
    by_date: dict[dt.date, dict[str, str]] = defaultdict(dict)
    for area, points in areas.items():
        for day, score in points:
            by_date[day][area] = _score(score)
    for day, label in treatments:
        existing = by_date[day].get("\0treatment")
        by_date[day]["\0treatment"] = f"{existing}; {label}" if existing else str(label)
    rows = [
        [short_date(day), *(cells.get(area, "") for area in areas), cells.get("\0treatment", "")]
        for day, cells in sorted(by_date.items())
    ]

    start = min(min(d for d, _ in p) for p in areas.values())
    end = max(max(d for d, _ in p) for p in areas.values())
    parts = []
    for area, points in areas.items():
        peak_day, peak = max(points, key=lambda p: (p[1], -p[0].toordinal()))  # the earliest of equals
        if len(points) == 1:
            parts.append(f"{area} {_score(points[0][1])} on {long_date(points[0][0])}")
        else:
            parts.append(
                f"{area} from {_score(points[0][1])} to {_score(points[-1][1])}"
                f" (highest {_score(peak)} on {long_date(peak_day)})"
            )
    description = (
        f"Soreness from 0 (none) to 10 (worst) for {_plural(len(areas), 'area')}"
        + (f" between {long_date(start)} and {long_date(end)}" if start != end else f" on {long_date(start)}")
        + ": "
        + "; ".join(parts)
        + "."
    )
    if treatments:
        listed = [f"{label} on {long_date(day)}" for day, label in treatments[:5]]
        more = len(treatments) - len(listed)
        description += (
            f" {_plural(len(treatments), 'treatment')} marked: "
            + ", ".join(listed)
            + (f", and {more} more" if more else "")
            + "."
        )

    plotted = areas
    if sum(len(p) for p in areas.values()) > SORENESS_MAX_POINTS:
        plotted = {area: _weekly_means(points) for area, points in areas.items()}
        description += " The chart shows weekly averages."

    dots = sum(len(p) for p in plotted.values()) <= 150
    svg = _soreness_svg(plotted, treatments, start, end, chart_id, title, description, dots)
    if len(svg.encode()) > MAX_BYTES:  # very many treatments: drop the dots, then the labels
        svg = _soreness_svg(plotted, treatments, start, end, chart_id, title, description, False)
    if len(svg.encode()) > MAX_BYTES:
        svg = _soreness_svg(plotted, treatments, start, end, chart_id, title, description, False, 0)
    # The key names every line, whatever part of the chart a narrow screen shows.
    key = [{"label": area, "class": f"s{i % SERIES_CLASSES + 1}"} for i, area in enumerate(plotted)]
    return {"svg": svg, "title": title, "description": description, "table": {"head": head, "rows": rows},
            "key": key}


GAP_DAYS = 28
"""A soreness line breaks where its area went unlogged for longer than this."""

LINE_HEIGHT = 14
"""How far apart two labels' baselines must be, at FONT_SIZE."""


def _runs(points: Sequence[tuple[dt.date, float]]) -> list[list[tuple[dt.date, float]]]:
    """The points in runs, a new one after each gap of more than GAP_DAYS."""
    runs: list[list[tuple[dt.date, float]]] = []
    for point in points:
        if runs and (point[0] - runs[-1][-1][0]).days <= GAP_DAYS:
            runs[-1].append(point)
        else:
            runs.append([point])
    return runs


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    """Whether two boxes (left, top, right, bottom) share any area."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _text_box(x: float, y: float, text: str, anchor: str = "") -> tuple[float, float, float, float]:
    """About where a text at baseline `y` is drawn: the box every placement keeps clear."""
    width = _text_width(text)
    left = x - width if anchor == "end" else x - width / 2 if anchor == "middle" else x
    return (left, y - FONT_SIZE + 2, left + width, y + 3)


def _place_labels(wanted: list[tuple[float, float, str]], low: float, high: float) -> list[float | None]:
    """Baselines for labels that each want to sit at (x, y), start-anchored, so that no
    two overlap, in the order of their wishes (the lower point's label stays below),
    each as near its wish as the others allow, all between `low` and `high`: each is
    pushed below any label above it that it meets, then, from the bottom up, those
    past `high` or on the one below are pushed up. One with no room left above `low`
    is left out (None): the chart's key still names it."""
    order = sorted(range(len(wanted)), key=lambda k: (wanted[k][1], wanted[k][0]))
    at = {k: min(max(wanted[k][1], low), high) for k in order}

    def beside(a: int, b: int) -> bool:  # their boxes share some width
        box_a, box_b = _text_box(wanted[a][0], 0, wanted[a][2]), _text_box(wanted[b][0], 0, wanted[b][2])
        return box_a[0] < box_b[2] and box_b[0] < box_a[2]

    for i, k in enumerate(order):
        for j in order[:i]:
            if beside(k, j) and at[k] < at[j] + LINE_HEIGHT:
                at[k] = at[j] + LINE_HEIGHT
    for i in range(len(order) - 1, -1, -1):
        k = order[i]
        at[k] = min(at[k], high)
        for j in order[i + 1:]:
            if beside(k, j) and at[k] > at[j] - LINE_HEIGHT:
                at[k] = at[j] - LINE_HEIGHT
    return [at[k] if at[k] >= low else None for k in range(len(wanted))]


def _treatment_marks(treatments, x) -> list[tuple[float, str]]:
    """One mark per place on the axis: treatments within MARK_GAP of the first of a group
    share its line, and its label names each kind once, with how many (`sports massage ×2`)."""
    marks: list[tuple[float, list[str]]] = []
    for day, label in treatments:
        tx = x(day)
        if marks and tx - marks[-1][0] < MARK_GAP:
            marks[-1][1].append(str(label))
        else:
            marks.append((tx, [str(label)]))
    named = []
    for tx, kinds in marks:
        counted = {kind: kinds.count(kind) for kind in kinds}
        named.append((tx, ", ".join(kind if n == 1 else f"{kind} ×{n}" for kind, n in counted.items())))
    return named


MARK_GAP = 6
"""Treatments whose marks would be closer than this (in SVG units) share one mark."""


def _soreness_svg(areas, treatments, start, end, chart_id, title, description, dots, label_rows=2) -> Markup:
    # Plot, then room for an area's name by a line that ends on the newest day, then the
    # value axis (0, 5, 10) at the right edge: where a phone opens the chart.
    height, left, right, bottom = 280, 8, 134, 26
    top = 14 + label_rows * 15  # label rows, their accents clear of the top edge
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    base = top + plot_h
    t_start = min([start, *(d for d, _ in treatments)])
    t_end = max([end, *(d for d, _ in treatments)])
    if t_start == t_end:
        t_start, t_end = t_start - dt.timedelta(days=3), t_end + dt.timedelta(days=3)
    span = (t_end - t_start).days

    def x(day: dt.date) -> float:
        return left + (day - t_start).days / span * plot_w

    def y(score: float) -> float:
        return base - score / 10 * plot_h

    grid = "".join(f"M{left} {_n(y(s))}H{WIDTH - right}" for s in (0, 5, 10))
    axis_y = [(WIDTH - 2, y(s) + 4, str(s)) for s in (0, 5, 10)]
    body = [
        f'<path class="grid" stroke="currentColor" stroke-opacity=".15" d="{grid}"/>',
        '<g class="axis axis-y" text-anchor="end">' + "".join(_text(*t) for t in axis_y) + "</g>",
    ]
    # Each label centred on its day, moved in as far as it takes to stay in the drawing.
    ticks = [(min(max(x(day), _text_width(label) / 2 + 2), WIDTH - 2 - _text_width(label) / 2), height - 8, label)
             for day, label in _time_ticks(t_start, t_end)]
    body.append(f'<g class="axis axis-x">{"".join(_text(*t, "", "middle") for t in ticks)}</g>')

    # Treatments: a dashed vertical line each (one for those on the same spot), labels
    # placed in the first row where they clear every label before them.
    if treatments:
        lines, labels, row_end = [], [], [-1e9] * label_rows
        for tx, label in _treatment_marks(treatments, x):
            lines.append(f"M{_n(tx)} {top - 2}V{_n(base)}")
            text = label if len(label) <= 24 else label[:23] + "…"
            width = len(text) * 7.6 + 10  # a generous guess at 13px
            # Right of its line, or left of it near the right edge; either way the whole
            # label must clear the one before it in the row, or it would print over it.
            anchor_end = tx + width > WIDTH
            lx = tx - 3 if anchor_end else tx + 3
            label_left, right_edge = (lx - width, lx) if anchor_end else (lx, lx + width)
            row = next((r for r in range(label_rows) if row_end[r] < label_left), None)
            if row is None:
                continue  # no room: the line stays, the table names it
            row_end[row] = right_edge
            labels.append(_text(lx, 14 + row * 15, text, "", "end" if anchor_end else ""))
        body.append(
            f'<path class="marker" stroke="currentColor" stroke-opacity=".55" stroke-dasharray="2 3" d="{"".join(lines)}"/>'
        )
        body.append(f'<g class="marker-label">{"".join(labels)}</g>')

    # Lines, broken where an area went unlogged for more than GAP_DAYS; dots unless there
    # are many points (a point alone between gaps always has its dot); each area named
    # by its own last point.
    wanted = []
    for i, (area, points) in enumerate(areas.items()):
        cls = f"s{i % SERIES_CLASSES + 1}"
        group = []
        for run in _runs(points):
            if len(run) > 1:
                coords = " ".join(f"{_n(x(d))},{_n(y(s))}" for d, s in run)
                group.append(f'<polyline fill="none" stroke="currentColor" stroke-width="2" points="{coords}"/>')
            if dots or len(run) == 1:
                group.extend(f'<circle cx="{_n(x(d))}" cy="{_n(y(s))}" r="3"/>' for d, s in run)
        body.append(f'<g class="series {cls}">{"".join(group)}</g>')
        name = area if len(area) <= 13 else area[:12] + "…"
        last_day, last_score = points[-1]
        wanted.append((x(last_day) + 6, y(last_score) + 4, name, cls))
    # Between the treatments' label rows and the time axis's labels: clear of both.
    heights = _place_labels([(lx, ly, name) for lx, ly, name, _ in wanted], top + 8, base + 4)
    for (lx, _, name, cls), ly in zip(wanted, heights):
        if ly is not None:
            body.append(_text(lx, ly, name, f"series-label {cls}"))
    return _svg("lines", chart_id, title, description, height, body)


# --- load beside soreness ---------------------------------------------------

LOAD_HEIGHT = 200


def load_and_soreness(
    area: str,
    weeks: Sequence[tuple[dt.date, float, float | None]],
    treatments: Sequence[tuple[dt.date, str]] = (),
    spikes: Iterable[dt.date] = (),
    *,
    chart_id: str = "load-soreness",
) -> dict:
    """One body area: each week's training load as a bar (a spike marked), the area's mean
    soreness that week as a line (broken where a week went unrated), its treatments as
    marks under the bars. ``weeks`` is ``[(week_start, load, mean score or None), ...]``,
    oldest first, a week apart. The axes sit on the right, by the newest weeks."""
    title = f"Load and {area} soreness, week by week"
    head = ["Week of", "Load", f"{area} (0-10)", "Treatment"]
    spikes = set(spikes)
    by_week: dict[dt.date, list[str]] = defaultdict(list)
    first = weeks[0][0] if weeks else None
    for day, label in sorted(treatments):
        if first is not None and first <= day < weeks[-1][0] + dt.timedelta(days=7):
            by_week[first + dt.timedelta(weeks=(day - first).days // 7)].append(str(label))
    rows = [[short_date(w), f"{load:.0f}" + (" (spike)" if w in spikes else ""),
             _score(score) if score is not None else "", "; ".join(by_week.get(w, []))]
            for w, load, score in weeks]
    if not weeks or not any(load > 0 for _, load, _ in weeks):
        message = (f"No training load in the weeks {area} was rated: log an effort (1 to 10) "
                   "on your sessions." if weeks else "No weeks to show yet.")
        empty = _empty("load", chart_id, title, message, head)
        empty["table"]["rows"] = rows
        return empty

    loads = [load for _, load, _ in weeks]
    y_max, ticks_at, widest = _value_axis(max(loads), 4)
    load_w = round(widest + 8)
    left, top, bottom = 8, 22, 40
    right = load_w + 34  # the load's ticks, then the soreness scale (0, 5, 10)
    plot_w, plot_h = WIDTH - left - right, LOAD_HEIGHT - top - bottom
    base = top + plot_h
    slot = plot_w / len(weeks)
    bar_w = max(slot * 0.7, 1)

    def y_load(value: float) -> float:
        return base - value / y_max * plot_h

    def y_score(value: float) -> float:
        return base - value / 10 * plot_h

    def x_mid(i: int) -> float:
        return left + i * slot + slot / 2

    grid = "".join(f"M{left} {_n(y_load(t))}H{WIDTH - right}" for t in ticks_at)
    axis = [_text(WIDTH - right + 6, y_load(t) + 4, _tick_label(t)) for t in ticks_at]
    axis += [_text(WIDTH - 4, y_score(s) + 4, str(s), "score", "end") for s in (0, 5, 10)]
    axis += [_text(WIDTH - right + 6, top - 9, "load", "unit"), _text(WIDTH - 4, top - 9, "0-10", "unit", "end")]
    body = [f'<path class="grid" stroke="currentColor" stroke-opacity=".15" d="{grid}"/>',
            f'<g class="axis axis-y">{"".join(axis)}</g>']
    bars, marks = [], []
    for i, (week, load, _) in enumerate(weeks):
        if load > 0:
            cls = ' class="spike"' if week in spikes else ""
            bars.append(f'<rect{cls} x="{_n(left + i * slot + (slot - bar_w) / 2)}" y="{_n(y_load(load))}" '
                        f'width="{_n(bar_w)}" height="{_n(base - y_load(load))}"><title>Week of '
                        f'{_e(short_date(week))}: load {load:.0f}{" (a spike)" if week in spikes else ""}</title></rect>')
        if week in spikes:
            marks.append(_text(x_mid(i), y_load(load) - 4, "!", "spike", "middle"))
        if by_week.get(week):
            marks.append(f'<path class="treatment" d="M{_n(x_mid(i))} {_n(base + 4)}l-4 7h8z">'
                         f'<title>{_e("; ".join(by_week[week]))}, week of {_e(short_date(week))}</title></path>')
    body.append(f'<g class="bar">{"".join(bars)}</g>')
    line, run = [], []
    for i, (_, _, score) in enumerate(weeks):  # a line through the rated weeks, broken by unrated ones
        if score is None:
            if len(run) > 1:
                line.append("M" + "L".join(run))
            run = []
            continue
        run.append(f"{_n(x_mid(i))} {_n(y_score(score))}")
    if len(run) > 1:
        line.append("M" + "L".join(run))
    dots = "".join(f'<circle cx="{_n(x_mid(i))}" cy="{_n(y_score(score))}" r="3"/>'
                   for i, (_, _, score) in enumerate(weeks) if score is not None)
    body.append(f'<g class="s2"><path fill="none" stroke="currentColor" stroke-width="2" '
                f'd="{"".join(line)}"/>{dots}</g>')
    body.append(f'<g class="marks">{"".join(marks)}</g>')
    ticks = []
    for day, label in _time_ticks(weeks[0][0], weeks[-1][0] + dt.timedelta(days=6)):
        x = left + (day - weeks[0][0]).days / 7 * slot
        if left <= x and x + _text_width(label) <= WIDTH - right:
            ticks.append(_text(x, LOAD_HEIGHT - 8, label))
    body.append(f'<g class="axis axis-x">{"".join(ticks)}</g>')
    body.append(f'<path class="baseline" stroke="currentColor" d="M{left} {_n(base)}H{WIDTH - right}"/>')
    rated = [(w, s) for w, _, s in weeks if s is not None]
    worst = max(rated, key=lambda ws: (ws[1], -ws[0].toordinal()))
    description = (f"Training load per week (effort × minutes) as bars, and the week's mean {area} "
                   f"score as a line, from the week of {long_date(weeks[0][0])} to the week of "
                   f"{long_date(weeks[-1][0])}: highest load {max(loads):.0f}, soreness highest "
                   f"{_score(worst[1])} in the week of {long_date(worst[0])}"
                   + (f"; {_plural(len(spikes & {w for w, _, _ in weeks}), 'spike')} marked" if spikes else "")
                   + (f"; {_plural(sum(len(v) for v in by_week.values()), 'treatment')} marked" if by_week else "")
                   + ".")
    return {"svg": _svg("load", chart_id, title, description, LOAD_HEIGHT, body), "title": title,
            "description": description, "table": {"head": head, "rows": rows},
            "key": [{"label": "load", "class": "bar"}, {"label": f"{area} soreness", "class": "s2 solid"}]}
