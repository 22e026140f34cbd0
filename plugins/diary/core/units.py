"""Units and the figures that fit each activity: the only place a mile is defined.

The site's pages, a post's tables, `diary stats` and the charts all ask here
what a distance is in the site's unit and which figure an activity is shown
with (a pace for a run, a speed for a ride, a pace per 100 m for a swim).
"""

from __future__ import annotations

KM_M = 1000.0
MILE_M = 1609.344
FOOT_M = 0.3048
YARD_M = 0.9144

UNIT_M = {"km": KM_M, "mi": MILE_M}  # the site's display units, in metres

# What each activity is shown with, besides its distance and time.
PACE, SPEED, SWIM_PACE, NONE = "pace", "speed", "swim pace", "none"
FIGURE = {
    "run": PACE, "walk": PACE, "hike": PACE,
    "cycle": SPEED,
    "swim": SWIM_PACE,
    "strength": PACE, "yoga": PACE, "cross": PACE,  # only where a distance is given at all
    "rest": NONE,
}  # fmt: skip


def unit_m(units: str) -> float:
    """Metres in one display unit (`km` or `mi`)."""
    return UNIT_M[units]


def figure(activity: str) -> str:
    """Which rate fits `activity`: PACE, SPEED, SWIM_PACE or NONE."""
    return FIGURE.get(activity, PACE)


def swim_unit(units: str) -> tuple[float, str]:
    """(metres, label) a swim's pace is given per: 100 m, or 100 yd with miles."""
    return (100 * YARD_M, "100 yd") if units == "mi" else (100.0, "100 m")


def pace_s_per_km(distance_m: float | None, time_s: float | None) -> float | None:
    """Seconds per kilometre, where both are known."""
    if distance_m and time_s:
        return time_s / (distance_m / KM_M)
    return None
