"""Routes: Google encoded polylines, distances on the Earth, and the privacy rule.

A route is written in a post as a Google encoded polyline (precision 5: 1e-5
degrees, about 1.1 m), the format of the contract's `route` field. The
encoder and decoder are here (the algorithm is Google's, documented at
developers.google.com/maps/documentation/utilities/polylinealgorithm); no
package is needed.

`private_route(points, trim_m, zones)` is the privacy rule that every import
applies before a route is written (the contract's "Routes"):

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
    points: list[Point] = []
    index, lat, lon, n = 0, 0, 0, len(text)
    while index < n:
        deltas = []
        for _ in range(2):
            shift = result = 0
            while True:
                if index >= n:
                    raise ValueError("ends in the middle of a point")
                byte = ord(text[index]) - 63
                index += 1
                if not 0 <= byte < 64:
                    raise ValueError(f"has a character no polyline uses ({text[index - 1]!r})")
                result |= (byte & 0x1F) << shift
                shift += 5
                if shift > 60:
                    raise ValueError("has a number too long for a coordinate")
                if byte < 0x20:
                    break
            deltas.append(~(result >> 1) if result & 1 else result >> 1)
        lat += deltas[0]
        lon += deltas[1]
        if not (-90 * factor <= lat <= 90 * factor and -180 * factor <= lon <= 180 * factor):
            raise ValueError("has a point off the Earth (latitude beyond 90 or longitude beyond 180)")
        points.append((lat / factor, lon / factor))
    return points


# --- distances ------------------------------------------------------------------------------

def haversine_m(a: Point, b: Point) -> float:
    """Great-circle distance in metres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def length_m(points: Sequence[Point]) -> float:
    return sum(haversine_m(a, b) for a, b in zip(points, points[1:]))


# --- the privacy rule -----------------------------------------------------------------------

METRES_PER_DEGREE_LAT = math.pi * EARTH_RADIUS_M / 180  # a lower bound on any great-circle step


def _outside(point: Point, zones) -> bool:
    # A point further in latitude alone than the zone's radius is outside it: a test
    # without trigonometry that settles most points of a track before haversine.
    return all(abs(point[0] - z.lat) * METRES_PER_DEGREE_LAT > z.radius_m + MARGIN_M
               or haversine_m(point, (z.lat, z.lon)) > z.radius_m + MARGIN_M for z in zones)


def _steps_m(points: Sequence[Point]) -> list[float]:
    """Distance along the track to each point, by the equirectangular formula (within
    0.1% of haversine over a few metres; the ends are then checked by haversine too)."""
    scale = math.cos(math.radians(points[0][0])) ** 2
    along = [0.0]
    for (lat1, lon1), (lat2, lon2) in zip(points, points[1:]):
        along.append(along[-1] + METRES_PER_DEGREE_LAT * math.sqrt((lat2 - lat1) ** 2 + scale * (lon2 - lon1) ** 2))
    return along


def private_pieces(points: Sequence[Point], trim_m: float, zones=()) -> list[list[Point]]:
    """The track with its ends and private zones removed, as pieces in order."""
    points = [p for p in points if p is not None]
    if len(points) < 2:
        return []
    first, last = points[0], points[-1]
    along = _steps_m(points)  # distance along the track to each point, from the start
    total = along[-1]
    ends = [_Zone(first[0], first[1], trim_m), _Zone(last[0], last[1], trim_m)] if trim_m > 0 else []
    keep = [trim_m < d < total - trim_m and _outside(p, ends) and _outside(p, zones)
            if trim_m > 0 else _outside(p, zones)
            for p, d in zip(points, along)]
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


class _Zone:
    __slots__ = ("lat", "lon", "radius_m")

    def __init__(self, lat: float, lon: float, radius_m: float):
        self.lat, self.lon, self.radius_m = lat, lon, radius_m


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
    return [((lon - lon0) * kx, (lat - lat0) * ky) for lat, lon in points]


def _rdp_keep(xy: list[tuple[float, float]], tolerance: float) -> list[bool]:
    keep = [False] * len(xy)
    keep[0] = keep[-1] = True
    stack = [(0, len(xy) - 1)]
    while stack:
        a, b = stack.pop()
        (ax, ay), (bx, by) = xy[a], xy[b]
        dx, dy = bx - ax, by - ay
        norm = math.hypot(dx, dy)
        worst, at = -1.0, -1
        for i in range(a + 1, b):
            px, py = xy[i]
            if norm == 0:
                d = math.hypot(px - ax, py - ay)
            else:
                d = abs(dy * (px - ax) - dx * (py - ay)) / norm
            if d > worst:
                worst, at = d, i
        if at > 0 and worst > tolerance:
            keep[at] = True
            stack += [(a, at), (at, b)]
    return keep


def simplify(points: Sequence[Point], max_points: int, tolerance_m: float = 3.0) -> list[Point]:
    """Ramer-Douglas-Peucker with `tolerance_m`, doubled until at most `max_points` remain."""
    points = list(points)
    if len(points) <= 2:
        return points
    xy = _local_xy(points)
    tolerance = tolerance_m
    while True:
        keep = _rdp_keep(xy, tolerance)
        if sum(keep) <= max(2, max_points):
            return [p for p, k in zip(points, keep) if k]
        tolerance *= 1.6
