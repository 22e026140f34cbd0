"""Entries -> the site's figures: periods, records, the year so far, shoes, streaks. Pure, linear.

Every function takes entries already sorted by `Entry.sort_key` (see `collect`)
and makes one pass over them, so a build's summaries cost O(entries).
`site_figures` works out every figure of the site once a build (`SiteFigures`):
the pages and the open data format those, and work none out again.
Figures stay in SI units here; `pages.py` formats them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from typing import TYPE_CHECKING

from . import activities, load, streaks
from .model import PostLogs
from .settings import Settings
from .spelling import FirstSpellings, group_key

if TYPE_CHECKING:  # the entry classes are made from the specs, which use this module
    from .specs import Soreness, Stretch, Training, Treatment

# The records' standard distances, as the contract names them, and how near a run's
# distance must be to count for one: a 5.05 km parkrun is a 5 km, with its own time.
RACE_DISTANCES_M = {"5 km": 5000.0, "10 km": 10000.0, "half marathon": 21097.5, "marathon": 42195.0}
RACE_TOLERANCE = 0.015
SHOE_NEAR_SHARE = 0.9  # a pair is near its limit from 90% of it
CHART_WEEKS = 52
STRETCH_CHART_WEEKS = 12


@dataclass(frozen=True, kw_only=True)
class Diary:
    """Every valid entry of the site per log, each sorted by date, post, then order.

    `logs` holds what was done: every total, record, chart and streak is made from
    it. `planned` holds the entries dated after the day of the build, which count
    for nothing until then; only the open data lists them (`with_planned`)."""

    logs: dict[str, tuple] = field(default_factory=dict)
    planned: dict[str, tuple] = field(default_factory=dict)

    def entries(self, log: str) -> tuple:
        return self.logs.get(log, ())

    def with_planned(self, log: str) -> tuple:
        """Done and planned entries of `log` together, in the contract's order."""
        ahead = self.planned.get(log, ())
        return tuple(sorted((*self.entries(log), *ahead), key=lambda e: e.sort_key)) if ahead \
            else self.entries(log)

    @property
    def training(self) -> tuple[Training, ...]:
        return self.entries("training")

    @property
    def stretches(self) -> tuple[Stretch, ...]:
        return self.entries("stretches")

    @property
    def treatments(self) -> tuple[Treatment, ...]:
        return self.entries("treatments")

    @property
    def soreness(self) -> tuple[Soreness, ...]:
        return self.entries("soreness")

    @property
    def last_date(self) -> dt.date | None:
        """The newest date in any log: "now" for streaks, so builds are repeatable."""
        dates = [log[-1].date for log in self.logs.values() if log]
        return max(dates) if dates else None


def collect(posts: list[PostLogs], logs: tuple[str, ...] | None = None) -> Diary:
    """The entries of `posts` per log (of `logs`, default every log they hold), in the
    contract's order: by date, then post, then place in the post; planned entries
    apart, so that no total, record, chart or streak ever takes one."""
    if logs is None:
        logs = tuple(dict.fromkeys(log for p in posts for log in p.logs))
    found = {log: tuple(sorted((e for p in posts for e in p.entries(log)), key=lambda e: e.sort_key))
             for log in logs}
    return Diary(logs={log: tuple(e for e in entries if not e.planned) for log, entries in found.items()},
                 planned={log: ahead for log, entries in found.items()
                          if (ahead := tuple(e for e in entries if e.planned))})


def within(diary: Diary, first: dt.date, after: dt.date) -> Diary:
    """The entries dated from `first` up to the day before `after`."""
    return Diary(logs={log: tuple(e for e in entries if first <= e.date < after)
                       for log, entries in diary.logs.items()})


def period_bounds(day: dt.date, period: str, settings: Settings) -> tuple[dt.date, dt.date]:
    """(first day, day after the last) of the week, month or year holding `day`."""
    if period == "week":
        first = week_start(day, settings)
        return first, first + dt.timedelta(days=7)
    if period == "month":
        first = day.replace(day=1)
        return first, (first + dt.timedelta(days=32)).replace(day=1)
    first = day.replace(month=1, day=1)
    return first, first.replace(year=first.year + 1)


def mean(values) -> float | None:
    values = list(values)
    return sum(values) / len(values) if values else None


def time_under_stretch(stretch) -> float:
    """Hold x sets x (2 if both sides): the contract's time under stretch."""
    return stretch.hold_s * stretch.sets * (2 if stretch.side == "both" else 1)


def week_start(day: dt.date, settings: Settings) -> dt.date:
    return day - dt.timedelta(days=(day.weekday() - settings.first_weekday) % 7)


# --- training ------------------------------------------------------------------------


@dataclass
class Tally:
    """Count, distance and time of a group of sessions."""

    count: int = 0
    distance_m: float = 0.0
    time_s: float = 0.0
    paced_distance_m: float = 0.0  # distance of the entries that have a time too
    paced_time_s: float = 0.0

    def add(self, run: Training) -> None:
        self.count += 1
        self.distance_m += run.distance_m or 0
        self.time_s += run.time_s or 0
        if run.distance_m and run.time_s:
            self.paced_distance_m += run.distance_m
            self.paced_time_s += run.time_s

    @property
    def pace_s_per_km(self) -> float | None:
        return self.paced_time_s / (self.paced_distance_m / 1000) if self.paced_distance_m else None


def by_activity(sessions) -> dict[str, Tally]:
    """A tally per activity, runs first, then in the contract's order of activities."""
    found: dict[str, Tally] = {}
    for session in sessions:
        found.setdefault(session.activity, Tally()).add(session)
    return by_activity_order(found)


def by_activity_order(tallies: dict[str, Tally]) -> dict[str, Tally]:
    """The same tallies, runs first, then in the contract's order of activities."""
    order = list(activities.names())
    return dict(sorted(tallies.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order)))


@dataclass
class PeriodTotals:
    """One period (a week, month, year or all time): a tally overall and per activity."""

    key: str
    start: dt.date
    all: Tally = field(default_factory=Tally)
    by_activity: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    first_post: object = None  # the Post of the period's first entry, to link to

    def add(self, run: Training) -> None:
        self.all.add(run)
        self.by_activity[run.activity].add(run)
        if self.first_post is None:
            self.first_post = run.post


def race_distance(distance_m: float | None) -> str | None:
    """The standard distance ("5 km", ..., "marathon") a run of `distance_m` counts
    for, within RACE_TOLERANCE of it either way, or None."""
    if not distance_m:
        return None
    for name, metres in RACE_DISTANCES_M.items():
        if abs(distance_m - metres) <= RACE_TOLERANCE * metres:
            return name
    return None


@dataclass
class Effort:
    """A record's figure: a whole run (its own distance and time), or the fastest stretch of
    a standard distance within a longer run (its `best_efforts`, from the watch's track)."""

    run: Training
    distance_m: float
    time_s: float | None
    within_longer_run: bool = False

    @property
    def date(self) -> dt.date:
        return self.run.date

    @property
    def post(self):
        return self.run.post


@dataclass
class RunRecords:
    """The records of single runs: the longest, and the best time at each standard
    distance (None until a run counts), whole runs and best efforts within longer ones
    alike. Entries of other activities are passed over; of two equal times the earlier
    keeps the record."""

    longest_run: Effort | None = None
    best: dict[str, Effort | None] = field(default_factory=lambda: dict.fromkeys(RACE_DISTANCES_M))

    def add(self, run: Training) -> None:
        if run.activity != "run" or not run.distance_m:
            return
        if self.longest_run is None or run.distance_m > self.longest_run.distance_m:
            self.longest_run = Effort(run=run, distance_m=run.distance_m, time_s=run.time_s)
        race = race_distance(run.distance_m)
        if race and run.time_s:
            self._better(race, Effort(run=run, distance_m=run.distance_m, time_s=run.time_s))
        for name, seconds in run.best_efforts or ():
            if name in RACE_DISTANCES_M and name != race:  # a whole race counts as itself
                self._better(name, Effort(run=run, distance_m=RACE_DISTANCES_M[name], time_s=seconds,
                                          within_longer_run=True))

    def _better(self, race: str, effort: Effort) -> None:
        if self.best[race] is None or effort.time_s < self.best[race].time_s:
            self.best[race] = effort


def run_records(entries) -> RunRecords:
    """The records of single runs among training `entries` (diary.json's `records`)."""
    records = RunRecords()
    for entry in entries:
        records.add(entry)
    return records


def training_load(diary: Diary, settings: Settings) -> load.Load:
    """The diary's training load (core/load.py), weeks as the site begins them."""
    return load.training_load(diary.training, lambda day: week_start(day, settings))


@dataclass(frozen=True, kw_only=True)
class Streaks:
    running: streaks.Streak  # days in a row with a run
    stretching: streaks.Streak  # days in a row with a stretch


@dataclass(frozen=True, kw_only=True)
class Goal:
    period: str  # "week", "month" or "year"
    start: dt.date  # its first day
    goal_km: float
    done_km: float  # running so far in it, to the diary's newest date


def goals(diary: Diary, settings: Settings) -> list[Goal]:
    """Progress of each running goal set (weekly, monthly, yearly) in the period holding the
    diary's newest date."""
    today = diary.last_date
    found = []
    for period, goal_km in (("week", settings.weekly_goal_km), ("month", settings.monthly_goal_km),
                            ("year", settings.yearly_goal_km)):
        if goal_km is None or today is None:
            continue
        first, after = period_bounds(today, period, settings)
        done = sum(e.distance_m or 0 for e in diary.training if e.activity == "run" and first <= e.date < after)
        found.append(Goal(period=period, start=first, goal_km=goal_km, done_km=done / 1000))
    return found


def same_date_a_year_before(day: dt.date) -> dt.date:
    """The same day of the year before; 28 February for a 29 February."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


@dataclass(frozen=True, kw_only=True)
class YearToDate:
    """Running this year against last year to the same date. "This year" is the year of
    `as_of`, the diary's newest date (never the day of the build)."""

    as_of: dt.date
    this_year: Tally  # runs from 1 January of as_of's year to as_of, both days included
    last_year_as_of: dt.date
    last_year: Tally  # runs from 1 January of the year before to last_year_as_of
    compared: bool  # the diary's training began before this year: last year is worth showing


def shoe_mark(distance_m: float, settings: Settings) -> str:
    """"retire" from settings.shoe_limit_km, "near limit" from 90% of it, else ""."""
    limit_m = settings.shoe_limit_km * 1000
    if distance_m >= limit_m:
        return "retire"
    return "near limit" if distance_m >= SHOE_NEAR_SHARE * limit_m else ""


@dataclass(frozen=True, kw_only=True)
class TrainingSummary:
    all_time: PeriodTotals
    years: list[PeriodTotals]
    months: list[PeriodTotals]
    weeks: list[PeriodTotals]
    biggest_week: PeriodTotals | None  # the week with the most running: its runs only
    biggest_month: PeriodTotals | None  # the calendar month with the most running: its runs only
    year_to_date: YearToDate | None  # None when there is no training
    shoes: list[tuple[str, Tally, Training]]  # (pair, runs in them, last run)
    weekly_distance: list[tuple[dt.date, float]]  # running distance, last CHART_WEEKS weeks
    active_days: dict[dt.date, float]  # minutes of activity per day (rest days excluded)
    records: RunRecords  # the longest run and the best times: the page's and diary.json's

    @property
    def longest_run(self) -> Effort | None:
        return self.records.longest_run

    @property
    def best(self) -> dict[str, Effort | None]:
        """Best time per standard distance, RACE_DISTANCES_M's order."""
        return self.records.best


def _most_running(periods: dict) -> PeriodTotals | None:
    """The period of runs with the most distance, the earliest of equals; None if none ran any."""
    best = max(periods.values(), key=lambda p: (p.all.distance_m, -p.start.toordinal()), default=None)
    return best if best and best.all.distance_m else None


def summarize_training(runs: tuple[Training, ...], settings: Settings,
                       today: dt.date | None = None) -> TrainingSummary:
    """`today` is the diary's newest date (default: its newest training entry's): this
    year against last year runs to it."""
    all_time = PeriodTotals(key="all", start=runs[0].date if runs else dt.date.min)
    years: dict[str, PeriodTotals] = {}
    months: dict[str, PeriodTotals] = {}
    weeks: dict[dt.date, PeriodTotals] = {}
    run_weeks: dict[dt.date, PeriodTotals] = {}  # runs only, for the records and the chart
    run_months: dict[str, PeriodTotals] = {}
    shoes: dict[str, list] = {}
    pair = FirstSpellings()  # `Pegasus 40` and `pegasus 40` are one pair, named as first written
    active: dict[dt.date, float] = defaultdict(float)
    records = RunRecords()
    today = today or (runs[-1].date if runs else None)
    this_year = Tally()
    last_year = Tally()
    if today:
        year_start = today.replace(month=1, day=1)
        last_year_start = year_start.replace(year=today.year - 1)
        last_year_today = same_date_a_year_before(today)
    for run in runs:
        week = week_start(run.date, settings)
        month = f"{run.date:%Y-%m}"
        all_time.add(run)
        years.setdefault(f"{run.date:%Y}", PeriodTotals(key=f"{run.date:%Y}",
                                                        start=run.date.replace(month=1, day=1))).add(run)
        months.setdefault(month, PeriodTotals(key=month, start=run.date.replace(day=1))).add(run)
        weeks.setdefault(week, PeriodTotals(key=week.isoformat(), start=week)).add(run)
        if run.activity != "rest":
            active[run.date] += (run.time_s or 0) / 60
        if run.activity != "run":
            continue
        run_weeks.setdefault(week, PeriodTotals(key=week.isoformat(), start=week)).add(run)
        run_months.setdefault(month, PeriodTotals(key=month, start=run.date.replace(day=1))).add(run)
        if today and year_start <= run.date <= today:
            this_year.add(run)
        elif today and last_year_start <= run.date <= last_year_today:
            last_year.add(run)
        if run.shoes:
            tally_and_last = shoes.setdefault(pair(run.shoes), [Tally(), run])
            tally_and_last[0].add(run)
            tally_and_last[1] = run
        records.add(run)
    return TrainingSummary(
        all_time=all_time,
        years=list(years.values()),
        months=list(months.values()),
        weeks=list(weeks.values()),
        records=records,
        biggest_week=_most_running(run_weeks),
        biggest_month=_most_running(run_months),
        year_to_date=YearToDate(as_of=today, this_year=this_year, last_year_as_of=last_year_today,
                                last_year=last_year, compared=runs[0].date < year_start)
        if today and runs else None,
        shoes=sorted(((name, t, last) for name, (t, last) in shoes.items()),
                     key=lambda item: (-item[1].distance_m, item[0])),
        weekly_distance=_week_series({w: p.all.distance_m for w, p in run_weeks.items()},
                                     runs[-1].date if runs else None,
                                     _weeks_spanned(runs, CHART_WEEKS, settings), settings),
        active_days=dict(active),
    )


def _weeks_spanned(entries, most: int, settings: Settings) -> int:
    """How many weeks the entries span, first week to last, at most `most`: a chart
    starts with the diary, not with empty weeks before it began."""
    if not entries:
        return 0
    first, last = week_start(entries[0].date, settings), week_start(entries[-1].date, settings)
    return min(most, (last - first).days // 7 + 1)


def _week_series(values: dict[dt.date, float], last: dt.date | None, count: int,
                 settings: Settings) -> list[tuple[dt.date, float]]:
    """`count` consecutive weeks ending with the week of `last`, zeros included."""
    if last is None:
        return []
    end = week_start(last, settings)
    return [(end - dt.timedelta(weeks=n), values.get(end - dt.timedelta(weeks=n), 0.0))
            for n in range(count - 1, -1, -1)]


# --- stretching ----------------------------------------------------------------------


@dataclass
class StretchTally:
    sessions: int = 0
    total_s: float = 0.0
    hold_s: float = 0.0  # sum of holds, for the average
    long_enough: int = 0
    left_s: float = 0.0
    right_s: float = 0.0
    sided: bool = False  # any entry names a side (left, right or both)
    last: Stretch | None = None

    def add(self, stretch: Stretch, target_s: float) -> None:
        self.sessions += 1
        self.total_s += stretch.total_s
        self.hold_s += stretch.hold_s
        self.long_enough += stretch.hold_s >= target_s
        per_side = stretch.hold_s * stretch.sets
        if stretch.side in ("left", "both"):
            self.left_s += per_side
        if stretch.side in ("right", "both"):
            self.right_s += per_side
        self.sided |= stretch.side in ("left", "right", "both")  # "both" is a left and a right
        self.last = stretch

    @property
    def average_hold_s(self) -> float:
        return self.hold_s / self.sessions if self.sessions else 0.0


def muscles_by_name(stretches) -> dict[str, list[str]]:
    """Each stretch's muscle groups, named by each of its entries (an entry that names
    none adds none), the most time under stretch first, then by name: a stretch logged
    once for the hips and five times for the quads is ["quads", "hips"]."""
    time: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    name, muscle = FirstSpellings(), FirstSpellings()  # grouped as everywhere: `Quads` is `quads`
    for stretch in stretches:
        found = time[name(stretch.name)]
        if stretch.muscle:
            found[muscle(stretch.muscle)] += stretch.total_s
    return {named: sorted(found, key=lambda m: (-found[m], m)) for named, found in time.items()}


def tally_stretches(stretches, target_s: float) -> StretchTally:
    """One tally over `stretches`: a post's totals row, `diary stats`' line."""
    tally = StretchTally()
    for stretch in stretches:
        tally.add(stretch, target_s)
    return tally


@dataclass(frozen=True, kw_only=True)
class StretchSummary:
    by_name: list[tuple[str, StretchTally]]
    by_muscle: list[tuple[str, StretchTally]]
    weeks: list[dt.date]  # the last STRETCH_CHART_WEEKS weeks
    minutes_by_muscle: dict[str, list[float]]  # per muscle, minutes in each of `weeks`
    streak: streaks.Streak  # days in a row with a stretch, to `today`
    all: StretchTally

    @property
    def current_streak(self) -> int:
        """Days in a row, ending on the diary's last day (or the day before)."""
        return self.streak.current

    @property
    def longest_streak(self) -> int:
        return self.streak.longest

    @property
    def longest_streak_end(self) -> dt.date | None:
        return self.streak.longest_end


UNGROUPED = "other"  # the muscle group of a stretch that names none


def summarize_stretches(stretches: tuple[Stretch, ...], settings: Settings,
                        today: dt.date | None) -> StretchSummary:
    by_name: dict[str, StretchTally] = defaultdict(StretchTally)
    by_muscle: dict[str, StretchTally] = defaultdict(StretchTally)
    overall = StretchTally()
    weekly: dict[str, dict[dt.date, float]] = defaultdict(lambda: defaultdict(float))
    days: list[dt.date] = []
    target = settings.stretch_target_hold
    name, muscle_of = FirstSpellings(), FirstSpellings()  # names or muscles that look the same
    for stretch in stretches:
        muscle = muscle_of(stretch.muscle or UNGROUPED)
        by_name[name(stretch.name)].add(stretch, target)
        by_muscle[muscle].add(stretch, target)
        overall.add(stretch, target)
        weekly[muscle][week_start(stretch.date, settings)] += stretch.total_s / 60
        if not days or days[-1] != stretch.date:
            days.append(stretch.date)
    last = days[-1] if days else None
    weeks = [w for w, _ in _week_series({}, last, STRETCH_CHART_WEEKS, settings)]
    return StretchSummary(
        by_name=sorted(by_name.items(), key=lambda kv: (-kv[1].total_s, kv[0])),
        by_muscle=sorted(by_muscle.items(), key=lambda kv: (-kv[1].total_s, kv[0])),
        weeks=weeks,
        minutes_by_muscle={m: [weekly[m].get(w, 0.0) for w in weeks] for m in sorted(weekly)},
        streak=streaks.streak(days, today),
        all=overall,
    )


def spend_by_currency(treatments) -> dict[str, float]:
    """What the treatments cost, per currency: amounts in different currencies never add up."""
    spent: dict[str, float] = defaultdict(float)
    for treatment in treatments:
        if treatment.cost:
            spent[treatment.cost.currency] += treatment.cost.amount
    return dict(spent)


# --- recovery ------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class RecoverySummary:
    treatments: tuple[Treatment, ...]
    spend_by_month: list[tuple[str, dict[str, float]]]  # ("2024-04", {"GBP": 90.0})
    spend_by_year: list[tuple[str, dict[str, float]]]
    spend_all: dict[str, float]
    soreness_by_area: dict[str, list[Soreness]]  # keyed by each area's first spelling
    soreness: tuple[Soreness, ...]


def summarize_recovery(treatments: tuple[Treatment, ...],
                       soreness: tuple[Soreness, ...]) -> RecoverySummary:
    months: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    years: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    spend_all: dict[str, float] = defaultdict(float)
    for treatment in treatments:
        if treatment.cost:
            code, amount = treatment.cost.currency, treatment.cost.amount
            months[f"{treatment.date:%Y-%m}"][code] += amount
            years[f"{treatment.date:%Y}"][code] += amount
            spend_all[code] += amount
    by_area: dict[str, list[Soreness]] = defaultdict(list)
    area = FirstSpellings()
    for entry in soreness:
        by_area[area(entry.area)].append(entry)
    return RecoverySummary(
        treatments=treatments,
        spend_by_month=[(k, dict(v)) for k, v in months.items()],
        spend_by_year=[(k, dict(v)) for k, v in years.items()],
        spend_all=dict(spend_all),
        soreness_by_area=dict(sorted(by_area.items(), key=lambda kv: group_key(kv[0]))),
        soreness=soreness,
    )


# --- the whole diary -----------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class SiteTotals:
    """The totals of `diary.json`: every valid entry of each log, in SI units."""

    training_count: int  # every valid entry, rest days too, as the contract's schema has it
    distance_m: float
    time_s: float
    by_activity: dict[str, Tally]  # what the pages show: runs first
    stretch_count: int
    stretch_s: float
    treatment_count: int
    spend: dict[str, float]


def site_totals(training: TrainingSummary, stretching: StretchSummary,
                recovery: RecoverySummary) -> SiteTotals:
    """The totals, read off the summaries: all time is every training entry, and the
    stretches' and the spend's sums are the pages' own (the same additions, in the same order)."""
    return SiteTotals(
        training_count=training.all_time.all.count, distance_m=training.all_time.all.distance_m,
        time_s=training.all_time.all.time_s, by_activity=by_activity_order(training.all_time.by_activity),
        stretch_count=stretching.all.sessions, stretch_s=stretching.all.total_s,
        treatment_count=len(recovery.treatments), spend=recovery.spend_all)


@dataclass(frozen=True, kw_only=True)
class SiteFigures:
    """Every figure of the site's pages and open data, each worked out once a build."""

    training: TrainingSummary  # periods, records (`training.records`), the year so far, shoes
    stretching: StretchSummary
    recovery: RecoverySummary
    load: load.Load
    streaks: Streaks
    goals: tuple[Goal, ...]
    totals: SiteTotals


def site_figures(diary: Diary, settings: Settings) -> SiteFigures:
    """The site's figures, "now" being the diary's newest date, so that a build is repeatable."""
    today = diary.last_date
    training = summarize_training(diary.training, settings, today)
    stretching = summarize_stretches(diary.stretches, settings, today)
    recovery = summarize_recovery(diary.treatments, diary.soreness)
    running = streaks.streak((e.date for e in diary.training if e.activity == "run"), today)
    return SiteFigures(
        training=training, stretching=stretching, recovery=recovery,
        load=training_load(diary, settings),
        streaks=Streaks(running=running, stretching=stretching.streak),
        goals=tuple(goals(diary, settings)),
        totals=site_totals(training, stretching, recovery))
