"""Routes: Google encoded polylines, distances on the Earth, and the privacy rule.

A route is written in a post as a Google encoded polyline (precision 5: 1e-5
degrees, about 1.1 m), the format of the contract's `route` field. The
encoder and decoder are here (the algorithm is Google's, documented at
developers.google.com/maps/documentation/utilities/polylinealgorithm); no
package is needed.

`publishable_route(points, trim_m, zones, ...)` is the privacy rule, the one
function that both the build (on every route it shows or exports, whatever
the post holds) and an import (before a route is written) apply (the
contract's "Routes"; core/privacy.py says which trim and zones):

0. Glitches are dropped first (`clean`): a fix at either end further from its
   neighbour than any step the track could make, and a fix that stands alone
   far from both neighbours. So one stray fix at the end of a recording never
   moves the trim: the trim is measured along the cleaned track.
1. The first and the last `trim_m` metres along the track are removed, **and**
   every point within `trim_m` in a straight line of the track's first or
   last point (our choice: a loop that passes the front door again mid-run,
   or a track that winds near where it began, never shows it either).
2. Every point inside a private zone (`haversine <= radius_m` from its
   centre) is removed. (Both rules keep `MARGIN_M`, 2 m, further away than
   they say, so that rounding to precision 5 cannot bring a written point
   back inside.)
3. What is left is simplified (Ramer-Douglas-Peucker, tolerance raised until
   at most `max_points` remain) and encoded.

Where the removed points cut the track into pieces, the pieces are kept in
order; between two pieces the last point of the first is written twice (a
zero step in the polyline), which `pieces()` reads as "lift the pen": the
drawing never draws a line across a private zone. Removed points are never
returned, so nothing can write them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from . import activities

EARTH_RADIUS_M = 6_371_008.8  # mean radius (IUGG)
PRECISION = 5
MAX_POINTS = 300  # a written route: at most this many points (a few KB in the post)
MAX_CHARS = 20_000  # a route field longer than this is not one an import wrote
# Writing a point at precision 5 moves it by up to 0.8 m: keep this much further away
# than the rule says, so that no *written* point is within trim_m or a zone.
MARGIN_M = 2.0

Point = tuple[float, float]  # (lat, lon) in degrees


# --- Google encoded polyline ---------------------------------------------------------------

def _encode_value(value: int, out: list[str]) -> None:
    value = ~(value << 1) if value < 0 else value << 1
    while value >= 0x20:
        out.append(chr((0x20 | (value & 0x1F)) + 63))
        value >>= 5
    out.append(chr(value + 63))


def encode(points: Iterable[Point], precision: int = PRECISION) -> str:
    """Points (lat, lon) as a Google encoded polyline."""
    factor = 10 ** precision
    out: list[str] = []
    last_lat = last_lon = 0
    for lat, lon in points:
        ilat, ilon = round(lat * factor), round(lon * factor)
        _encode_value(ilat - last_lat, out)
        _encode_value(ilon - last_lon, out)
        last_lat, last_lon = ilat, ilon
    return "".join(out)


def decode(text: str, precision: int = PRECISION) -> list[Point]:
    """A Google encoded polyline as points; `ValueError` if it is not one."""
    factor = 10 ** precision
    lat_bound, lon_bound = 90 * factor, 180 * factor
    points: list[Point] = []
    lat = lon = 0
    shift = result = 0  # the number being read: its bits so far
    have_lat = False  # a point's latitude is read, its longitude not yet
    # One pass over the characters (each a 5-bit chunk, low bits first; a chunk under
    # 0x20 ends its number), checking as it goes: the first fault in the text is the one said.
    for char in text:
        byte = ord(char) - 63
        if not 0 <= byte < 64:
            raise ValueError(f"has a character no polyline uses ({char!r})")
        result |= (byte & 0x1F) << shift
        shift += 5
        if shift > 60:
            raise ValueError("has a number too long for a coordinate")
        if byte >= 0x20:
            continue
        value = ~(result >> 1) if result & 1 else result >> 1
        shift = result = 0
        if not have_lat:
            lat += value
            have_lat = True
            continue
        lon += value
        have_lat = False
        if not (-lat_bound <= lat <= lat_bound and -lon_bound <= lon <= lon_bound):
            raise ValueError("has a point off the Earth (latitude beyond 90 or longitude beyond 180)")
        points.append((lat / factor, lon / factor))
    if shift or have_lat:
        raise ValueError("ends in the middle of a point")
    return points


# --- distances ------------------------------------------------------------------------------

def haversine_m(a: Point, b: Point) -> float:
    """Great-circle distance in metres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def length_m(points: Sequence[Point]) -> float:
    """The track's length: `haversine_m` of each step (`step_lengths_m`), added up with
    sum() of the list, so the same rounding on every Python."""
    return sum(step_lengths_m(points))


# --- glitches --------------------------------------------------------------------------------

MIN_JUMP_M = 50.0  # a step shorter than this is never a glitch
JUMP_TIMES_MEDIAN = 4  # nor one under this many times the track's median step


def top_speed_m_s(activity: str | None) -> float:
    """The fastest an activity's fixes may move (its spec's `top_speed_m_s`); a run's for
    a route with no activity or one the diary does not know."""
    spec = activities.find(activity or "run") or activities.RUN
    return spec.top_speed_m_s


def wrapped_dlon(lon2: float, lon1: float) -> float:
    """lon2 - lon1 the short way round, in -180..180 (a step across the 180th meridian
    is a few metres, not the width of the Earth)."""
    return (lon2 - lon1 + 180.0) % 360.0 - 180.0


def step_lengths_m(points: Sequence[Point]) -> list[float]:
    """Each step's great-circle length, in order (`haversine_m` inlined, as in `length_m`)."""
    radians, sin, cos, asin, sqrt = math.radians, math.sin, math.cos, math.asin, math.sqrt
    diameter = 2 * EARTH_RADIUS_M
    steps = []
    lat1 = lon1 = cos1 = None
    for lat, lon in points:
        lat2, lon2 = radians(lat), radians(lon)
        cos2 = cos(lat2)
        if lat1 is not None:
            h = sin((lat2 - lat1) / 2) ** 2 + cos1 * cos2 * sin((lon2 - lon1) / 2) ** 2
            steps.append(diameter * asin(min(1.0, sqrt(h))))
        lat1, lon1, cos1 = lat2, lon2, cos2
    return steps


def step_limit_m(points: Sequence[Point], activity: str | None = None,
                 time_s: float | None = None, steps: list[float] | None = None) -> float:
    """The longest step a fix may be from its neighbour before it counts as a glitch.

    Routes hold points, not times, so the rule is on distances: the longest of
    `MIN_JUMP_M`, `JUMP_TIMES_MEDIAN` times the median step, and, where the entry's
    time is known, the activity's top speed times the mean time between fixes
    (time / steps: a recording's 1 s fixes, or a simplified route's sparser ones)."""
    steps = step_lengths_m(points) if steps is None else steps
    if not steps:
        return MIN_JUMP_M
    limit = max(MIN_JUMP_M, JUMP_TIMES_MEDIAN * sorted(steps)[len(steps) // 2])
    if time_s and time_s > 0:
        top = top_speed_m_s(activity)
        limit = max(limit, top * time_s / len(steps))
    return limit


def clean(points: Sequence[Point], limit_m: float, steps: list[float] | None = None) -> list[Point]:
    """The track without its glitches: each end fix further than `limit_m` from its
    neighbour is dropped (again, while the new end is one too), and so is a fix further
    than `limit_m` from both neighbours that are nearer each other than to it (a spike).
    `steps`: `step_lengths_m(points)`, when already worked out."""
    pts = list(points)
    steps = step_lengths_m(pts) if steps is None else list(steps)
    while len(pts) > 2 and steps[-1] > limit_m:
        pts.pop()
        steps.pop()
    start = 0
    while len(pts) - start > 2 and steps[start] > limit_m:
        start += 1
    pts, steps = pts[start:], steps[start:]
    if len(pts) < 3:
        return pts
    out = [pts[0]]
    for i in range(1, len(pts) - 1):
        here = pts[i]
        if steps[i - 1] <= limit_m and out[-1] is pts[i - 1]:  # most fixes: a short step on
            out.append(here)
            continue
        before, after = out[-1], pts[i + 1]
        to_before = haversine_m(before, here)
        if to_before > limit_m:  # only then can it be a spike
            to_after = steps[i]
            if to_after > limit_m and haversine_m(before, after) < min(to_before, to_after):
                continue
        out.append(here)
    out.append(pts[-1])
    return out


def publishable_route(points: Sequence[Point], trim_m: float, zones=(), *,
                      activity: str | None = None, time_s: float | None = None,
                      max_points: int = MAX_POINTS) -> str | None:
    """The privacy rule, whole: glitches dropped, then `private_route`. What the build shows
    of a route and what an import writes; None when nothing is left."""
    points = [p for p in points if p is not None]
    steps = step_lengths_m(points)
    cleaned = clean(points, step_limit_m(points, activity, time_s, steps), steps)
    return private_route(cleaned, trim_m, zones, max_points=max_points)


# --- the privacy rule -----------------------------------------------------------------------

METRES_PER_DEGREE_LAT = math.pi * EARTH_RADIUS_M / 180  # a lower bound on any great-circle step


def _steps_m(points: Sequence[Point]) -> list[float]:
    """Distance along the track to each point, by the equirectangular formula (within
    0.1% of haversine over a few metres; the ends are then checked by haversine too)."""
    scale = math.cos(math.radians(points[0][0])) ** 2
    sqrt = math.sqrt
    along = [0.0]
    total = 0.0
    lat1, lon1 = points[0]
    for lat2, lon2 in points[1:]:
        dlon = lon2 - lon1
        if not -180.0 <= dlon <= 180.0:  # across the 180th meridian: the short way
            dlon = wrapped_dlon(lon2, lon1)
        total += METRES_PER_DEGREE_LAT * sqrt((lat2 - lat1) ** 2 + scale * dlon ** 2)
        along.append(total)
        lat1, lon1 = lat2, lon2
    return along


def _clear_circle(points: Sequence[Point], keep: list[bool], lat: float, lon: float,
                  radius_m: float) -> None:
    """Mark as not kept every point within `radius_m + MARGIN_M` (haversine) of (lat, lon).

    A point further in latitude alone than that is outside (a great-circle distance
    is at least the latitude difference): a comparison without trigonometry that
    settles most points of a track, in one pass (the band is widened by a hair, so
    that no point the exact test would check is left out of it). The others get
    `haversine_m`, inlined with the centre's terms computed once (the same floats
    as calling it)."""
    radians, sin, cos, asin, sqrt = math.radians, math.sin, math.cos, math.asin, math.sqrt
    limit = radius_m + MARGIN_M
    band = limit / METRES_PER_DEGREE_LAT * (1 + 1e-9)
    south, north = lat - band, lat + band
    centre_lat, centre_lon = radians(lat), radians(lon)
    centre_cos = cos(centre_lat)
    diameter = 2 * EARTH_RADIUS_M
    near = [i for i, (plat, _) in enumerate(points) if south <= plat <= north]
    for i in near:
        if not keep[i]:
            continue
        plat, plon = points[i]
        lat1, lon1 = radians(plat), radians(plon)
        h = (sin((centre_lat - lat1) / 2) ** 2
             + cos(lat1) * centre_cos * sin((centre_lon - lon1) / 2) ** 2)
        if not diameter * asin(min(1.0, sqrt(h))) > limit:
            keep[i] = False


def private_pieces(points: Sequence[Point], trim_m: float, zones=()) -> list[list[Point]]:
    """The track with its ends and private zones removed, as pieces in order."""
    points = [p for p in points if p is not None]
    if len(points) < 2:
        return []
    circles = [(z.lat, z.lon, z.radius_m) for z in zones]
    if trim_m > 0:
        along = _steps_m(points)  # distance along the track to each point, from the start
        total = along[-1]
        keep = [trim_m < d < total - trim_m for d in along]
        first, last = points[0], points[-1]
        circles += [(*end, trim_m) for end in ([first] if first == last else [first, last])]
    else:
        keep = [True] * len(points)
    for lat, lon, radius_m in circles:
        _clear_circle(points, keep, lat, lon, radius_m)
    pieces: list[list[Point]] = []
    current: list[Point] = []
    for point, kept in zip(points, keep):
        if kept:
            current.append(point)
        elif current:
            pieces.append(current)
            current = []
    if current:
        pieces.append(current)
    return [piece for piece in pieces if len(piece) >= 2]


def private_route(points: Sequence[Point], trim_m: float, zones=(),
                  max_points: int = MAX_POINTS) -> str | None:
    """The contract's route of a track: made private, simplified, encoded; None if nothing is left."""
    pieces = private_pieces(points, trim_m, zones)
    if not pieces:
        return None
    share = max(2, max_points // len(pieces) - 1)
    out: list[Point] = []
    factor = 10 ** PRECISION
    for piece in pieces:
        simple = simplify(piece, share)
        rounded = _dedupe([(round(lat * factor) / factor, round(lon * factor) / factor)
                           for lat, lon in simple])
        if len(rounded) < 2:
            continue
        if out:
            out.append(out[-1])  # a zero step: lift the pen (see pieces())
        out.extend(rounded)
    return encode(out) if len(out) >= 2 else None


def _dedupe(points: list[Point]) -> list[Point]:
    out: list[Point] = []
    for p in points:
        if not out or out[-1] != p:
            out.append(p)
    return out


def pieces(points: Sequence[Point]) -> list[list[Point]]:
    """A decoded route split where a point repeats (a break left by the privacy rule)."""
    found: list[list[Point]] = []
    current: list[Point] = []
    for p in points:
        if current and current[-1] == p:
            found.append(current)
            current = []
            continue
        current.append(p)
    found.append(current)
    return [piece for piece in found if len(piece) >= 2]


# --- simplification (Ramer-Douglas-Peucker) ------------------------------------------------

def _local_xy(points: Sequence[Point]) -> list[tuple[float, float]]:
    """Metres east and north of the first point, equirectangular at the mean latitude."""
    mean_lat = math.radians(sum(p[0] for p in points) / len(points))
    kx = math.cos(mean_lat) * math.pi / 180 * EARTH_RADIUS_M
    ky = math.pi / 180 * EARTH_RADIUS_M
    lat0, lon0 = points[0]
    return [(wrapped_dlon(lon, lon0) * kx, (lat - lat0) * ky) for lat, lon in points]


def _rdp_thresholds(xy: list[tuple[float, float]], tolerance: float) -> list[float]:
    """For each point, the tolerance up to which Ramer-Douglas-Peucker keeps it.

    RDP splits each stretch at its farthest point whatever the tolerance; the
    tolerance only decides whether to split. So the run at `tolerance` holds
    every run at a larger one: a point is kept at tolerance t if its stretch's
    distance, and that of every stretch it lies in, is over t; that least distance
    is its threshold (the ends: infinite; points never split out at `tolerance`: 0).
    One run then answers every tolerance `simplify` tries.
    """
    threshold = [0.0] * len(xy)
    threshold[0] = threshold[-1] = math.inf
    hypot = math.hypot
    stack = [(0, len(xy) - 1, math.inf)]
    while stack:
        a, b, above = stack.pop()
        if b - a < 2:
            continue
        (ax, ay), (bx, by) = xy[a], xy[b]
        dx, dy = bx - ax, by - ay
        norm = hypot(dx, dy)
        if norm == 0:
            distances = [hypot(x - ax, y - ay) for x, y in xy[a + 1:b]]
            farthest = worst = max(distances)
        else:
            # Twice the triangle's area for each point: the distance times `norm`, which
            # is divided once, for the farthest (it orders the points the same).
            distances = [abs(dy * (x - ax) - dx * (y - ay)) for x, y in xy[a + 1:b]]
            farthest = max(distances)
            worst = farthest / norm
        if worst > tolerance:
            at = a + 1 + distances.index(farthest)  # the first farthest, as a loop finds it
            threshold[at] = kept = min(above, worst)
            stack += [(a, at, kept), (at, b, kept)]
    return threshold


def simplify(points: Sequence[Point], max_points: int, tolerance_m: float = 3.0) -> list[Point]:
    """Ramer-Douglas-Peucker with `tolerance_m`, raised (x1.6) until at most `max_points` remain."""
    points = list(points)
    if len(points) <= 2:
        return points
    thresholds = _rdp_thresholds(_local_xy(points), tolerance_m)
    tolerance = tolerance_m
    while sum(t > tolerance for t in thresholds) > max(2, max_points):
        tolerance *= 1.6
    return [p for p, t in zip(points, thresholds) if t > tolerance]
