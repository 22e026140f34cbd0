"""Site summaries -> the plain, formatted data of the three site-wide pages.

The pages format the site's figures (summarize.SiteFigures), worked out once a
build and handed to each page; they work out none of their own again.
`site_context(diary, settings)` returns `{"training": ..., "routes": ...,
"stretching": ..., "recovery": ...}`; each value is the `diary` variable of that page's template.
Display strings follow the site's units (see display.py). Every row that
stands for entries carries the post(s) that logged them:
`post_url` / `post_title` (one post) or `posts` ([{"url", "title"}, ...]).
Charts are dicts from charts.py: {"svg" (safe markup), "title",
"description", "table": {"head": [...], "rows": [[...]]}}.

training:
    empty                   True when nothing is logged
    all_time                a period row (below), label "All time"
    years, months, weeks    period rows, newest first
        {key, label, url (the year's or month's archive, else the first post that logged it;
         "" for weeks), count, distance, time, pace (the period's running: its runs only),
         other ("2 rides, 37.00 km; 1 rest day": every other activity in a few words), posts,
         activities: [{activity, sessions ("2 rides"), count, distance, time,
                       pace (the activity's figure: a pace, km/h for rides, /100 m for swims)}]}
    records                 [{label, value, detail, date, date_label, post_url, post_title}]
                            runs only: longest run; best time at 5 km, 10 km, half marathon,
                            marathon (those run: a distance within 1.5% of it); most running
                            in a week and in a calendar month (date: the week's first day, the
                            month as "2024-04"; the post of the period's first run)
    year_to_date            None, or this year against last year to the same date (runs only):
                            {year, last_year, as_of ("2 January"), rows: [{key, label, url, count,
                             distance, time}] (this year, then last), change: {count, distance, time}}
                            ("+1", "−2.50 km", "+0:15:00"); None when the diary's training began
                            this year
    goal                    None, or the yearly goal's progress for the newest year:
                            {year, goal, done, left, share, reached, value, max} (value and max:
                            plain numbers in the site's unit, for <progress>; value at most max)
    shoes                   [{name, count, distance, time, pace, last_date, post_url, post_title,
                              mark ("retire", "near limit" or ""), mark_detail}]
    shoe_limit              {limit, near}: the distances at which a pair is marked
    charts                  {"weekly_distance": chart, "calendars": [chart per year, newest first; the
                             newest to the diary's newest day]}

routes:
    empty, count            count: the routes drawn
    years                   [{year, id ("routes-2024", an anchor), count, routes: [{svg (safe markup),
                             label ("10.02 km run on 15 April 2024"), date, date_label, activity,
                             distance, post_url, post_title}]}], newest first

stretching:
    empty, totals           {count, total, long_enough_share, target}
    by_name                 [{name, muscle ("quads, hips": its entries' muscles, most time first), sessions, total, average_hold, long_enough_share,
                              sided, left, right, last_date, post_url, post_title}]
    by_muscle               the same rows, keyed by `muscle` ("other" when none is named)
    weekly                  {goal, weeks: [labels], rows: [{muscle, minutes: [str], met: [bool]}]}
    streak                  {current, longest, longest_end, as_of}
    charts                  {"weekly_minutes": chart}

recovery:
    empty
    treatments              rows as under a post (tables.row) + post_url, post_title,
                            newest first
    spend_by_month, spend_by_year   [{key, label, url, spend}], newest first (url: the archive)
    spend_all               "£135.00" (currencies are never added together)
    soreness                [{area, count, average, latest, latest_date,
                              points: [{date, date_label, score, post_url, post_title}]}]
    charts                  {"soreness": chart}
"""

from __future__ import annotations

import datetime as dt

from markupsafe import Markup

from ..core import insights, specs, spelling, summarize, units
from ..core.settings import Settings
from . import charts, display, routes, tables


def no_archive(kind: str, day: dt.date) -> str:
    return ""


PAGES = ("training", "routes", "stretching", "recovery")  # site_context's keys: the pages' names


def site_context(diary: summarize.Diary, settings: Settings, archive_url=no_archive,
                 this_year: int | None = None, figures: summarize.SiteFigures | None = None) -> dict:
    """`archive_url(kind, day)` gives the URL of the "year" or "month" archive
    holding `day` ("" if the site has none, or writes none for that period because
    no post is dated in it). A period row links to its archive, else to the first
    post that logged it: never to a page that does not exist. `this_year` is the
    year the site is built in (the plugin passes today's): a table's dates carry
    their year when they mix years or are of another (None: always). `figures`:
    the diary's (summarize.site_figures), worked out here when not given."""
    figures = _figures(diary, settings, figures)
    return {
        "training": training_page(diary, settings, archive_url, figures),
        "routes": routes_page(diary, settings),
        "stretching": stretching_page(diary, settings, figures),
        "recovery": recovery_page(diary, settings, archive_url, this_year, figures),
    }


def _figures(diary: summarize.Diary, settings: Settings,
             figures: summarize.SiteFigures | None) -> summarize.SiteFigures:
    """The figures given (the build's, made once), else the diary's worked out now."""
    return figures if figures is not None else summarize.site_figures(diary, settings)


def _link(entry) -> dict:
    return {"post_url": entry.post.url, "post_title": entry.post.title}


def _chart(chart: dict) -> dict:
    return {**chart, "svg": Markup(chart["svg"])}


# --- training --------------------------------------------------------------------------


def _tally(tally: summarize.Tally, settings: Settings, activity: str = "run") -> dict:
    # A rest day or a gym session adds no distance: show nothing rather than "0.00 km".
    return {"count": tally.count, "distance": display.distance(tally.distance_m or None, settings),
            "time": display.clock(tally.time_s or None),
            "pace": display.rate(activity, tally.paced_distance_m, tally.paced_time_s, settings)}


def _period(period: summarize.PeriodTotals, label: str, posts: list, settings: Settings,
            url: str = "") -> dict:
    """A period's running figures (`count` is its runs), and each other activity apart."""
    activities = summarize.by_activity_order(period.by_activity)
    return {
        "key": period.key, "label": label, "url": url, "posts": posts,
        **_tally(activities.get("run", summarize.Tally()), settings),
        "activities": [{"activity": name, "sessions": display.sessions(t.count, name),
                        **_tally(t, settings, name)} for name, t in activities.items()],
        "other": "; ".join(_other(name, t, settings) for name, t in activities.items() if name != "run"),
    }


def _other(activity: str, tally: summarize.Tally, settings: Settings) -> str:
    """`2 rides, 37.00 km` or `1 rest day`: an activity that is not running, in a few words."""
    amount = (display.distance(tally.distance_m, settings) if tally.distance_m
              else display.clock(tally.time_s) if tally.time_s else "")
    return display.sessions(tally.count, activity) + (f", {amount}" if amount and activity != "rest" else "")


def _posts_by_period(runs, key) -> dict[str, list[dict]]:
    """Each period's posts, once each, in date order: one pass over the entries."""
    found: dict[str, dict[str, dict]] = {}
    for run in runs:
        found.setdefault(key(run), {}).setdefault(
            run.post.url, {"url": run.post.url, "title": run.post.title})
    return {period: list(posts.values()) for period, posts in found.items()}


def _record(label: str, value: str, detail: str, date: str, date_label: str, post) -> dict:
    return {"label": label, "value": value, "detail": detail, "date": date, "date_label": date_label,
            "post_url": post.url, "post_title": post.title}


def _records(summary: summarize.TrainingSummary, settings: Settings) -> list[dict]:
    """The records' rows, those that exist, in the contract's order."""
    found = []
    if summary.longest_run:
        run = summary.longest_run
        found.append(_record("Longest run", display.distance(run.distance_m, settings),
                             display.clock(run.time_s), run.date.isoformat(), display.long_date(run.date),
                             run.post))
    for name, effort in summary.best.items():
        if effort:  # its own distance and time, never scaled to the standard distance
            pace = units.pace_s_per_km(effort.distance_m, effort.time_s)
            detail = f"{display.distance(effort.distance_m, settings)} at {display.pace(pace, settings)}"
            if effort.within_longer_run:
                detail += f", within a {display.distance(effort.run.distance_m, settings)} run"
            found.append(_record(f"Best {name}", display.clock(effort.time_s), detail,
                                 effort.date.isoformat(), display.long_date(effort.date), effort.post))
    for label, period, date, date_label in (
        ("Most running in a week", summary.biggest_week, lambda p: p.start.isoformat(),
         lambda p: f"week of {display.long_date(p.start)}"),
        ("Most running in a month", summary.biggest_month, lambda p: p.key,
         lambda p: display.month_label(p.start)),
    ):
        if period:
            found.append(_record(label, display.distance(period.all.distance_m, settings),
                                 display.sessions(period.all.count, "run"), date(period), date_label(period),
                                 period.first_post))
    return found


def _signed(delta: float, text: str) -> str:
    """`+12.00 km`, `−2.50 km` (a minus sign), `0` for no change."""
    return "+" + text if delta > 0 else "\N{MINUS SIGN}" + text if delta < 0 else text


def _year_to_date(ytd: summarize.YearToDate | None, settings: Settings, archive_url) -> dict | None:
    if ytd is None or not ytd.compared:
        return None
    now, then = ytd.this_year, ytd.last_year
    rows = []
    for tally, day in ((now, ytd.as_of), (then, ytd.last_year_as_of)):
        rows.append({"key": str(day.year), "label": str(day.year), "url": archive_url("year", day),
                     "to": display.long_date(day), "count": tally.count,
                     "distance": display.distance(tally.distance_m, settings),
                     "time": display.clock(tally.time_s)})
    # Signs by what is shown (hundredths of the unit, whole seconds): sums of floats that
    # differ by a hair are no change, never "+0.00 km".
    change = (now.count - then.count, round((now.distance_m - then.distance_m) / settings.unit_m, 2),
              round(now.time_s - then.time_s))
    return {
        "year": str(ytd.as_of.year), "last_year": str(ytd.last_year_as_of.year),
        "as_of": f"{ytd.as_of.day} {display.MONTHS[ytd.as_of.month - 1]}",
        "rows": rows,
        "change": {"count": _signed(change[0], str(abs(change[0]))),
                   "distance": _signed(change[1], display.distance(abs(change[1]) * settings.unit_m, settings)),
                   "time": _signed(change[2], display.clock(abs(change[2])))},
    }


def _goal(ytd: summarize.YearToDate | None, settings: Settings) -> dict | None:
    """The newest year's running against `yearly_goal_km`, in the site's unit."""
    if ytd is None or settings.yearly_goal_km is None:
        return None
    goal_m, done_m = settings.yearly_goal_km * 1000, ytd.this_year.distance_m
    return {
        "year": str(ytd.as_of.year), "goal": display.distance(goal_m, settings),
        "done": display.distance(done_m, settings),
        "left": display.distance(max(goal_m - done_m, 0), settings),
        "share": display.share(done_m, goal_m), "reached": done_m >= goal_m,
        "value": f"{min(done_m, goal_m) / settings.unit_m:.2f}", "max": f"{goal_m / settings.unit_m:.2f}",
    }


def _shoe(name: str, tally: summarize.Tally, last, settings: Settings) -> dict:
    mark = summarize.shoe_mark(tally.distance_m, settings)
    limit_m = settings.shoe_limit_km * 1000
    detail = (f"{display.distance(tally.distance_m - limit_m, settings)} past "
              f"{display.distance(limit_m, settings)}" if mark == "retire"
              else f"{display.distance(limit_m - tally.distance_m, settings)} to "
              f"{display.distance(limit_m, settings)}" if mark else "")
    return {"name": name, **_tally(tally, settings), "last_date": display.long_date(last.date), **_link(last),
            "mark": mark, "mark_detail": detail}


def _goal_progress(goal: summarize.Goal, settings: Settings) -> dict:
    """`{label: "This week (from Mon 15 Apr)", goal: "20.00 km", done: "23.00 km", share: "115%", ...}`."""
    done_m, goal_m = goal.done_km * 1000, goal.goal_km * 1000
    label = {"week": f"The week of {display.long_date(goal.start)}",
             "month": display.month_label(goal.start)}[goal.period]
    return {"period": goal.period, "label": label, "goal": display.distance(goal_m, settings),
            "done": display.distance(done_m, settings), "share": display.share(done_m, goal_m),
            "max": round(goal_m), "value": round(min(done_m, goal_m)), "reached": done_m >= goal_m,
            "left": display.distance(max(goal_m - done_m, 0), settings)}


def _streak(streak) -> dict:
    return {"current": display.count(streak.current, "day"), "longest": display.count(streak.longest, "day"),
            "longest_end": display.long_date(streak.longest_end) if streak.longest_end else ""}


def _load(found) -> dict:
    """The training page's load: how many sessions have one, and the weeks flagged, each with
    the sentence that says why (core/load.py)."""
    lacking = found.without_effort
    return {"sessions": found.sessions, "without_effort": lacking,
            "missing": (f"{lacking} of {display.count(found.sessions, 'session')} "
                        f"{'has' if lacking == 1 else 'have'} no effort (1 to 10) and so no load"
                        if lacking else ""),
            "flagged": [{"week": w.week.isoformat(), "label": f"Week of {display.long_date(w.week)}",
                         "why": w.why} for w in reversed(found.flagged)]}


def training_page(diary: summarize.Diary, settings: Settings, archive_url=no_archive,
                  figures: summarize.SiteFigures | None = None) -> dict:
    """The calendar of the diary's newest year ends at its newest day (as streaks and
    this year against last do), so that its right end, where a phone opens it, is the
    newest week."""
    figures = _figures(diary, settings, figures)
    runs = diary.training
    summary = figures.training
    by_year = _posts_by_period(runs, lambda r: f"{r.date:%Y}")
    by_month = _posts_by_period(runs, lambda r: f"{r.date:%Y-%m}")
    by_week = _posts_by_period(runs, lambda r: summarize.week_start(r.date, settings).isoformat())
    years = sorted({day.year for day in summary.active_days}, reverse=True)
    limit_m = settings.shoe_limit_km * 1000
    return {
        "empty": not runs,
        "all_time": _period(summary.all_time, "All time", [], settings),
        "years": [_period(p, p.key, by_year[p.key], settings,
                          archive_url("year", p.start) or by_year[p.key][0]["url"])
                  for p in reversed(summary.years)],
        "months": [_period(p, display.month_label(p.start), by_month[p.key], settings,
                           archive_url("month", p.start) or by_month[p.key][0]["url"])
                   for p in reversed(summary.months)],
        "weeks": [_period(p, f"week of {display.long_date(p.start)}", by_week[p.key], settings)
                  for p in reversed(summary.weeks)],
        "records": _records(summary, settings),
        "year_to_date": _year_to_date(summary.year_to_date, settings, archive_url),
        "goal": _goal(summary.year_to_date, settings),
        "goals": [_goal_progress(goal, settings) for goal in figures.goals
                  if goal.period != "year"],  # the year's is `goal`, with last year beside it
        "streak": _streak(figures.streaks.running),
        "load": _load(figures.load),
        "shoes": [_shoe(name, tally, last, settings) for name, tally, last in summary.shoes],
        "shoe_limit": {"limit": display.distance(limit_m, settings),
                       "near": display.distance(summarize.SHOE_NEAR_SHARE * limit_m, settings)},
        "charts": {
            "weekly_distance": _chart(charts.weekly_distance(summary.weekly_distance, settings.units)),
            "calendars": [_chart(charts.activity_calendar(
                year, {d: m for d, m in summary.active_days.items() if d.year == year},
                settings.week_start, through=diary.last_date if year == years[0] else None))
                for year in years],
        },
    }


# --- routes ----------------------------------------------------------------------------


def routes_page(diary: summarize.Diary, settings: Settings) -> dict:
    """Every training entry with a route, newest first, a section per year."""
    drawn = [e for e in diary.training if getattr(e, "route", None)]
    drawn.sort(key=lambda e: (e.date, e.start.replace(tzinfo=None) if e.start else dt.datetime.min),
               reverse=True)
    years: dict[str, list[dict]] = {}
    for entry in drawn:
        words = tables.route_words(entry, settings)
        svg = routes.thumbnail(entry.route, label=f"Route of the {words}")
        if svg is None:
            continue
        years.setdefault(f"{entry.date:%Y}", []).append({
            "svg": svg, "label": words, "date": entry.date.isoformat(),
            "date_label": display.date_label(entry.date), "activity": entry.activity,
            "distance": display.distance(entry.distance_m, settings) if entry.distance_m else "",
            **_link(entry)})
    return {
        "empty": not years,
        "count": sum(len(found) for found in years.values()),
        "years": [{"year": year, "id": f"routes-{year}", "count": len(found), "routes": found}
                  for year, found in years.items()],
    }


# --- stretching ------------------------------------------------------------------------


def _stretch_tally(tally: summarize.StretchTally, settings: Settings) -> dict:
    return {
        "sessions": tally.sessions, "total": display.clock(tally.total_s),
        "average_hold": display.hold(tally.average_hold_s),
        "long_enough_share": display.share(tally.long_enough, tally.sessions),
        "sided": tally.sided, "left": display.clock(tally.left_s), "right": display.clock(tally.right_s),
        "last_date": display.long_date(tally.last.date) if tally.last else "",
        **(_link(tally.last) if tally.last else {"post_url": "", "post_title": ""}),
    }


def stretching_page(diary: summarize.Diary, settings: Settings,
                    figures: summarize.SiteFigures | None = None) -> dict:
    summary = _figures(diary, settings, figures).stretching
    muscles = summarize.muscles_by_name(diary.stretches)  # every entry's own, not the last one's
    goal = settings.weekly_stretch_goal
    return {
        "empty": not diary.stretches,
        "totals": {"count": summary.all.sessions, "total": display.clock(summary.all.total_s),
                   "long_enough_share": display.share(summary.all.long_enough, summary.all.sessions),
                   "target": display.hold(settings.stretch_target_hold)},
        "by_name": [{"name": name, "muscle": ", ".join(muscles[name]), **_stretch_tally(tally, settings)}
                    for name, tally in summary.by_name],
        "by_muscle": [{"muscle": muscle, **_stretch_tally(tally, settings)}
                      for muscle, tally in summary.by_muscle],
        "weekly": {
            "goal": f"{goal:g} min",
            "weeks": [display.date_label(week) for week in summary.weeks],
            "rows": [{"muscle": muscle, "minutes": [f"{m:.1f}" for m in minutes],
                      "met": [m >= goal for m in minutes]}
                     for muscle, minutes in summary.minutes_by_muscle.items()],
        },
        "streak": {"current": summary.current_streak, "longest": summary.longest_streak,
                   "longest_end": display.long_date(summary.longest_streak_end)
                   if summary.longest_streak_end else "",
                   "as_of": display.long_date(diary.last_date) if diary.last_date else ""},
        # Soreness in the weeks after a week that met the goal, against after one that did not:
        # an observation, shown only with 4 weeks or more on each side (core/insights.py).
        "soreness_after": [found.sentence for found in insights.stretching_and_soreness(
            diary.stretches, diary.soreness, goal, lambda day: summarize.week_start(day, settings))],
        "charts": {"weekly_minutes": _chart(charts.stretch_minutes(
            summary.weeks, summary.minutes_by_muscle, goal))},
    }


def _month(key: str) -> dt.date:
    return dt.date.fromisoformat(key + "-01")


# --- recovery --------------------------------------------------------------------------


def _spend_rows(periods, label, url) -> list[dict]:
    return [{"key": key, "label": label(key), "url": url(key), "spend": display.spend(spent)}
            for key, spent in reversed(periods)]


def _load_areas(diary: summarize.Diary, settings: Settings, load) -> list[dict]:
    """Per sore area: its chart of weekly load beside its weekly soreness (treatments on it,
    or on no area in particular, marked; spikes marked) and the sentence that says what the
    weeks rated 5 or more followed (core/insights.py). `load`: the diary's (core/load.py)."""
    def week_start(day: dt.date) -> dt.date:
        return summarize.week_start(day, settings)

    spikes = {w.week for w in load.flagged}
    # Each treatment's areas as group keys, once, not once for every sore area.
    treated = [(t, {spelling.group_key(a) for a in t.areas}) for t in diary.treatments]
    found = []
    for n, area in enumerate(insights.load_beside_soreness(diary.soreness, load.weekly(week_start), week_start)):
        key = spelling.group_key(area.area)
        marked = [(t.date, t.kind) for t, keys in treated if not t.areas or key in keys]
        chart = charts.load_and_soreness(area.area, [(w.week, w.load, w.soreness) for w in area.weeks],
                                         marked, spikes, chart_id=f"load-soreness-{n + 1}")
        found.append({"area": area.area, "sentence": area.sentence, "chart": _chart(chart)})
    return found


def recovery_page(diary: summarize.Diary, settings: Settings, archive_url=no_archive,
                  this_year: int | None = None, figures: summarize.SiteFigures | None = None) -> dict:
    figures = _figures(diary, settings, figures)
    summary = figures.recovery
    with_year = display.needs_year((t.date for t in summary.treatments), this_year)
    first_post: dict[str, str] = {}  # "2024" and "2024-04" -> the first post with a treatment then
    for treatment in summary.treatments:
        for key in (f"{treatment.date:%Y}", f"{treatment.date:%Y-%m}"):
            first_post.setdefault(key, treatment.post.url)
    soreness = []
    for area, entries in summary.soreness_by_area.items():
        latest = entries[-1]
        soreness.append({
            "area": area, "count": len(entries),
            "average": f"{sum(e.score for e in entries) / len(entries):.1f}",
            "latest": str(latest.score), "latest_date": display.long_date(latest.date),
            "points": [{"date": e.date.isoformat(), "date_label": display.date_label(e.date),
                        "score": str(e.score), **_link(e)} for e in entries],
        })
    return {
        "empty": not (diary.treatments or diary.soreness),
        "treatments": [{**tables.row(specs.TREATMENTS, t, settings, with_year), **_link(t)}
                       for t in reversed(summary.treatments)],
        "spend_by_month": _spend_rows(summary.spend_by_month, lambda k: display.month_label(_month(k)),
                                      lambda k: archive_url("month", _month(k)) or first_post[k]),
        "spend_by_year": _spend_rows(summary.spend_by_year, str,
                                     lambda k: archive_url("year", dt.date(int(k), 1, 1)) or first_post[k]),
        "spend_all": display.spend(summary.spend_all),
        "soreness": soreness,
        "load_areas": _load_areas(diary, settings, figures.load),
        "charts": {"soreness": _chart(charts.soreness(
            {area: [(e.date, e.score) for e in entries]
             for area, entries in summary.soreness_by_area.items()},
            [(t.date, t.kind) for t in summary.treatments]))},
    }
