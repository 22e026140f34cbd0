"""``diary stats``: a week's, month's or year's figures, from the posts the site
would publish, through the build's own summariser (summarize.site_figures)."""

from __future__ import annotations

import datetime as dt

from .common import EXIT_OK, CliError, say, site_of, post_files
from ..core.model import count as _plural


def cmd_stats(args) -> int:
    from ..core import posts, specs, summarize
    from ..render import display

    site = site_of(args)
    if not site.content.is_dir():
        raise CliError(f"{site.content}: no such folder")
    day = args.date if args.date is not None else site.now().date()
    if isinstance(day, dt.datetime):
        day = day.date()
    first, after = summarize.period_bounds(day, args.period, site.settings)
    # The posts the site would publish and count: no drafts, no hidden posts, a translation once.
    found = posts.read_posts(post_files([site.content], posts), site.settings, published_only=True,
                             default_lang=site.default_lang, today=site.now().date())  # planned: not counted
    diary = summarize.within(summarize.collect(found, specs.names()), first, after)
    s = site.settings
    label = {"week": display.week_label(first), "month": display.month_label(first),
             "year": f"{first.year}"}[args.period]

    print(f"{label} ({first.isoformat()} to {(after - dt.timedelta(days=1)).isoformat()})")
    print()
    figures = summarize.site_figures(diary, s)
    rows = [("activity", "sessions", "distance", "time", "pace")]
    tallies = sorted(figures.totals.by_activity.items(), key=lambda kv: (-kv[1].distance_m, kv[0]))
    for activity, tally in tallies:
        rows.append(("rest days" if activity == "rest" else activity, str(tally.count),  # never sessions
                     display.distance(tally.distance_m, s) if tally.distance_m else "",
                     display.clock(tally.time_s) if tally.time_s else "",
                     display.rate(activity, tally.paced_distance_m, tally.paced_time_s, s)))
    if diary.training:
        print(_table(rows, right=(1, 2, 3, 4)))
    else:
        print("no training logged")
    print()
    held, spend = figures.stretching.all, figures.totals.spend
    rest = [("stretching", f"{display.minutes(held.total_s)} in {_plural(held.sessions, 'stretch')}"
             + (f", {display.share(held.long_enough, held.sessions)} held long enough"
                if held.sessions else "")),
            ("spend", display.spend(spend) if spend else display.money(0, s.currency)),
            ("treatments", str(figures.totals.treatment_count))]
    goal_km = {"week": s.weekly_goal_km, "month": s.monthly_goal_km, "year": s.yearly_goal_km}[args.period]
    if goal_km:  # the period's running goal, as the training page shows the current one
        run_m = figures.totals.by_activity.get("run")
        done_m = run_m.distance_m if run_m else 0.0
        rest.append(("goal", f"{display.distance(done_m, s)} of {display.distance(goal_km * 1000, s)} "
                             f"run ({display.share(done_m, goal_km * 1000)})"))
    print(_table(rows=rest, header=False))
    errors = sum(p.severity == "error" for post in found for p in post.problems)
    if errors:
        say(f"note: {_plural(errors, 'invalid entry')} left out of these totals; "
             "`diary check` lists them")
    return EXIT_OK


def _table(rows, right=(), header=True) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        cells = [cell.rjust(w) if i in right else cell.ljust(w)
                 for i, (cell, w) in enumerate(zip(row, widths))]
        lines.append("  ".join(cells).rstrip())
        if header and n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)
