"""Units and the figures that fit each activity: the only place a mile is defined.

The site's pages, a post's tables, `diary stats` and the charts all ask here
what a distance is in the site's unit; an activity's spec (activities.py) names
the `Figure` it is shown with (a pace for a run, a speed for a ride, a pace per
100 m for a swim).
"""

from __future__ import annotations

from dataclasses import dataclass

KM_M = 1000.0
MILE_M = 1609.344
FOOT_M = 0.3048
YARD_M = 0.9144

UNIT_M = {"km": KM_M, "mi": MILE_M}  # the site's display units, in metres

@dataclass(frozen=True)
class Figure:
    """What an activity is shown with besides its distance and time: a pace (time per
    some distance), a speed, or nothing. `per` gives, for each of the site's units, the
    metres a pace is given per (or a speed counts in) and its label."""

    kind: str  # "pace", "speed" or "none"
    per: tuple[tuple[str, float, str], ...] = ()  # (site unit, metres, label)

    def __post_init__(self):
        if self.kind not in ("pace", "speed", "none"):
            raise ValueError(f"a figure is a pace, a speed or none, not {self.kind!r}")
        if self.kind != "none" and {unit for unit, _, _ in self.per} != set(UNIT_M):
            raise ValueError(f"a {self.kind} needs its distance for each of {sorted(UNIT_M)}")

    def unit(self, units: str) -> tuple[float, str]:
        """(metres, label) for a site in `units`: (1000, "km"), (100, "100 m"), (1609.344, "mph")."""
        return next((metres, label) for unit, metres, label in self.per if unit == units)


PACE = Figure("pace", (("km", KM_M, "km"), ("mi", MILE_M, "mi")))  # 5:30 /km
SPEED = Figure("speed", (("km", KM_M, "km/h"), ("mi", MILE_M, "mph")))  # 21.8 km/h
SWIM_PACE = Figure("pace", (("km", 100.0, "100 m"), ("mi", 100 * YARD_M, "100 yd")))  # 2:05 /100 m
NONE = Figure("none")


def unit_m(units: str) -> float:
    """Metres in one display unit (`km` or `mi`)."""
    return UNIT_M[units]


def pace_s_per_km(distance_m: float | None, time_s: float | None) -> float | None:
    """Seconds per kilometre, where both are known."""
    if distance_m and time_s:
        return time_s / (distance_m / KM_M)
    return None
