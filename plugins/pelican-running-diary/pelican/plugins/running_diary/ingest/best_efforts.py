"""The fastest continuous stretch of a standard distance inside a run, from its timed track.

A track is a list of (metres along the cleaned track, seconds since the start),
both never decreasing. Between two fixes the runner is taken to move at an even
speed, so a stretch may start or end between fixes, its time interpolated.

The time of a stretch of length D that starts at distance s is T(s + D) - T(s),
a piecewise-linear function of s whose pieces change where the start or the end
passes a fix. Its minimum is at one of those breaks, so it is enough to try every
stretch that starts at a fix and every stretch that ends at one: two pointers
walking the track once each, O(points) per distance.

Time is elapsed time along the track, as Strava counts it: a pause inside a
stretch counts (a runner who stops at a crossing stopped during that kilometre).
A stretch slower than the activity's moving time is left out (`of_run`): the
whole run counts as itself in the records.

The track is cleaned first (`clean`): a step longer than 50 m (routes.MIN_JUMP_M)
that is faster than a runner goes (the run spec's top_speed_m_s, the 800 m world-record
pace with room for a sprint) is a GPS glitch and adds no distance; a fix whose
time goes back, or that has no finite figure, is left out.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Sequence

from ..core.activities import RUN
from ..core.routes import MIN_JUMP_M

# The distances the records know (core/summarize.py RACE_DISTANCES_M), and 1 km.
DISTANCES_M = {"1 km": 1000.0, "5 km": 5000.0, "10 km": 10000.0, "half marathon": 21097.5,
               "marathon": 42195.0}


def fastest(track: Sequence[tuple[float, float]], length_m: float) -> float | None:
    """Seconds of the fastest continuous `length_m` within the track, or None if it is shorter.

    Each far end is found by bisection (in C) from the stretch before's, and its time
    interpolated inline: a call per fix less than a pointer stepped in Python (half the time)."""
    if len(track) < 2 or track[-1][0] - track[0][0] < length_m:
        return None
    dists = [d for d, _ in track]
    times = [t for _, t in track]
    best = math.inf
    end = 0
    for i, start in enumerate(dists):  # stretches that start at a fix
        target = start + length_m
        if target > dists[-1]:
            break
        end = n = bisect_left(dists, target, max(end, i))  # the first fix at or past the end
        if dists[n] == target:
            t_end = times[n]
        else:
            d0, t0 = dists[n - 1], times[n - 1]
            t_end = t0 + (times[n] - t0) * (target - d0) / (dists[n] - d0)
        if t_end - times[i] < best:
            best = t_end - times[i]
    begin = 0
    for j in range(bisect_left(dists, dists[0] + length_m), len(dists)):  # that end at one
        target = dists[j] - length_m
        begin = n = bisect_left(dists, target, begin)  # the first fix at or past the start
        if n == 0 or dists[n] == target:
            t_start = times[n]
        else:
            d0, t0 = dists[n - 1], times[n - 1]
            t_start = t0 + (times[n] - t0) * (target - d0) / (dists[n] - d0)
        if times[j] - t_start < best:
            best = times[j] - t_start
    return best


def best_efforts(track: Sequence[tuple[float, float]]) -> dict[str, float]:
    """The fastest time of each standard distance the track is long enough for."""
    found = {}
    for name, length in DISTANCES_M.items():
        seconds = fastest(track, length)
        if seconds is not None:
            found[name] = round(seconds, 1)
    return found


def clean(track: Sequence[tuple[float, float]], top_speed_m_s: float = RUN.top_speed_m_s,
          min_jump_m: float = MIN_JUMP_M) -> list[tuple[float, float]]:
    """The track with its glitches taken out (see the module): a glitch step's distance is
    taken off every fix after it, so a jump out and back (GPS) or a jump forward that the
    distance keeps (a watch's) both leave no trace; a step back in distance adds nothing."""
    out: list[tuple[float, float]] = []
    removed = 0.0  # metres of glitch steps so far
    before = None  # (metres, seconds) of the last fix kept, as the file has them
    for metres, seconds in track:
        if not (math.isfinite(metres) and math.isfinite(seconds)):
            continue
        if before is not None:
            step, elapsed = metres - before[0], seconds - before[1]
            if elapsed < 0:
                continue
            if step < 0 or step > max(top_speed_m_s * elapsed, min_jump_m):
                removed += step
        out.append((metres - removed, seconds))
        before = (metres, seconds)
    return out


def of_run(track: Sequence[tuple[float, float]], moving_s: float | None) -> tuple[tuple[str, int], ...]:
    """The best efforts of a run's raw track, cleaned, in whole seconds: each no slower than
    the run's moving time (a pause-heavy run's longest stretch is the run itself)."""
    found = best_efforts(clean(track))
    return tuple((name, round(seconds)) for name, seconds in found.items()
                 if moving_s is None or round(seconds) <= moving_s)
