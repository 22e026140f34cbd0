"""One declaration per activity: the only place an activity is named.

An `ActivitySpec` says what a session of it is called (in a count, "3 rides",
and in the title of a post an import writes, "Ride on 15 April"), which figure
it is shown with (`units.Figure`: a pace per km, a speed, a pace per 100 m),
which sport names watch files and exports use for it, whether it needs a
distance or a time, the fastest a human does it (`plausible.Bound`) and the
fastest a route's fixes may move before a step is a glitch. The
log spec's `activity` field, the tables, the pages, `diary stats`, the import
and the plausibility rule all read it from here. Adding an activity is one
spec here (and `register()` takes one from elsewhere, such as a site's own).
"""

from __future__ import annotations

from dataclasses import dataclass

from . import plausible, units


@dataclass(frozen=True, kw_only=True)
class ActivitySpec:
    name: str  # what the author writes: `activity: cycle`
    figure: units.Figure  # shown beside its distance and time: a pace, a speed, none
    noun: tuple[str, str]  # a session, one and many, as a runner counts them: ("ride", "rides")
    title: str  # a session in a post's title: "Ride"
    sports: tuple[str, ...] = ()  # the names watch files and exports give it (lower case, `_` for spaces)
    needs_amount: bool = True  # False: may log neither a distance nor a time (a rest day)
    bound: plausible.Bound | None = None  # the fastest believable; None: no bound
    # The fastest a route's fixes may move, in m/s: above it a step is a GPS glitch
    # (core/routes.py). A sprint's top speed, so above the averages `bound` allows.
    top_speed_m_s: float = 10.5

    def __post_init__(self):
        if not self.name or self.name != self.name.strip().lower():
            raise ValueError(f"an activity's name is lower-case words: {self.name!r}")
        if not isinstance(self.figure, units.Figure):
            raise ValueError(f"activity {self.name!r}: its figure must be a units.Figure")


RUN = ActivitySpec(
    name="run", figure=units.PACE, noun=("run", "runs"), title="Run", bound=plausible.RUNNING,
    top_speed_m_s=10.5,  # 800 m world-record pace (1:40.91, 7.9 m/s) with room for a sprint
    sports=("running", "run", "trail_running", "treadmill_running", "track_running",
            "street_running", "virtual_run", "indoor_running", "treadmill", "trail_run", "trail",
            "track", "ultra"))
WALK = ActivitySpec(
    name="walk", figure=units.PACE, noun=("walk", "walks"), title="Walk",
    bound=plausible.max_speed(12, "walk"), top_speed_m_s=3.4, sports=("walking", "walk", "casual_walking", "speed_walking"))
HIKE = ActivitySpec(
    name="hike", figure=units.PACE, noun=("hike", "hikes"), title="Hike",
    bound=plausible.max_speed(12, "hike"), top_speed_m_s=3.4, sports=("hiking", "hike", "mountaineering"))
CYCLE = ActivitySpec(
    name="cycle", figure=units.SPEED, noun=("ride", "rides"), title="Ride",
    bound=plausible.max_speed(80, "ride"), top_speed_m_s=22.3,
    sports=("cycling", "biking", "ride", "bike", "road_biking", "mountain_biking", "e_biking",
            "indoor_cycling", "virtual_ride", "gravel_cycling", "e_bike_ride", "ebikeride",
            "mountain_bike_ride", "gravel_ride", "virtualride", "road", "mountain"))
SWIM = ActivitySpec(
    name="swim", figure=units.SWIM_PACE, noun=("swim", "swims"), title="Swim",
    bound=plausible.SWIMMING, top_speed_m_s=2.2,  # 100 m in 46 s
    sports=("swimming", "swim", "lap_swimming", "open_water", "open_water_swimming"))
STRENGTH = ActivitySpec(
    name="strength", figure=units.PACE, noun=("strength session", "strength sessions"),
    title="Strength session", needs_amount=False,
    sports=("strength_training", "strength", "weight_training", "weighttraining"))
YOGA = ActivitySpec(
    name="yoga", figure=units.PACE, noun=("yoga session", "yoga sessions"), title="Yoga",
    needs_amount=False, sports=("yoga",))
CROSS = ActivitySpec(
    name="cross", figure=units.PACE, noun=("cross-training session", "cross-training sessions"),
    title="Workout")
REST = ActivitySpec(
    name="rest", figure=units.NONE, noun=("rest day", "rest days"), title="Rest", needs_amount=False)

_ACTIVITIES: dict[str, ActivitySpec] = {a.name: a for a in (RUN, WALK, HIKE, CYCLE, SWIM, STRENGTH,
                                                             YOGA, CROSS, REST)}
# A file's sport the diary knows no activity for (rowing, skiing) is logged as this, never a run.
UNKNOWN_SPORT = CROSS.name


def register(spec: ActivitySpec) -> None:
    """Add an activity (after the contract's); a name or a sport name already taken is refused."""
    if spec.name in _ACTIVITIES:
        raise ValueError(f"there is already an activity called {spec.name!r}")
    taken = set(spec.sports) & set(sports())
    if taken:
        raise ValueError(f"activity {spec.name!r}: the sport names {sorted(taken)} already name "
                         "another activity")
    _ACTIVITIES[spec.name] = spec


def unregister(name: str) -> None:
    """Take back an activity `register()` added (the contract's own stay)."""
    if name not in ("run", "walk", "hike", "cycle", "swim", "strength", "yoga", "cross", "rest"):
        _ACTIVITIES.pop(name, None)


def names() -> tuple[str, ...]:
    """Every activity, runs first, in the order tables and pages list them."""
    return tuple(_ACTIVITIES)


def get(name: str) -> ActivitySpec:
    """The spec of `name` (KeyError for a name no spec has)."""
    return _ACTIVITIES[name]


def find(name: str) -> ActivitySpec | None:
    """The spec of `name`, or None: for text that may hold an activity no spec has."""
    return _ACTIVITIES.get(name)


def sports() -> dict[str, str]:
    """Every sport name a file or an export may give -> the diary's activity."""
    return {sport: spec.name for spec in _ACTIVITIES.values() for sport in spec.sports}
