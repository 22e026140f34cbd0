"""Routes drawn as small inline SVG: north up, to scale, no map.

A route (an encoded polyline, made private by the build: core/privacy.py) is
drawn in metres east and north of its own centre, by the azimuthal
equidistant projection (each point at its true distance and bearing from the
centre), which keeps distances true in every direction to well under 1% over
the few kilometres of a run anywhere on Earth: across the 180th meridian (the
short way, not the width of the world) and beside a pole, where longitudes
crowd together. The scale bar is in those metres. Nothing is fetched: no
tiles, no tokens, no request to any other host.

Sizes are bounded whatever the route: the drawing keeps at most
`POST_POINTS` points under a post (at most 4 KB of markup) and
`THUMB_POINTS` on the routes page (a few hundred bytes each: 365 runs fit in
250 KB), by Ramer-Douglas-Peucker (core/routes.py), with whole-number
coordinates. Where the privacy rule cut the route (a private zone crossed),
the pen is lifted: no line is drawn across the zone.
"""

from __future__ import annotations

import math

from markupsafe import Markup, escape

from ..core import routes, units

POST_SIZE = 240  # the longer side of a post's drawing, in SVG units (CSS pixels)
POST_POINTS = 220
THUMB_SIZE = 160  # at least 160 px a side on a desktop (a reader can see the route)
THUMB_POINTS = 40


def _centre(points) -> tuple[float, float]:
    """The mean of the points as unit vectors, back as (lat, lon) in radians: a centre that
    knows nothing of where longitudes wrap."""
    x = y = z = 0.0
    for lat, lon in points:
        phi, lam = math.radians(lat), math.radians(lon)
        x += math.cos(phi) * math.cos(lam)
        y += math.cos(phi) * math.sin(lam)
        z += math.sin(phi)
    return math.atan2(z, math.hypot(x, y)), math.atan2(y, x)


def _project(points) -> list[tuple[float, float]]:
    """(x, y) in metres, east and *south* (SVG's y grows down) of the points' centre:
    the azimuthal equidistant projection."""
    phi0, lam0 = _centre(points)
    sin0, cos0 = math.sin(phi0), math.cos(phi0)
    out = []
    for lat, lon in points:
        phi, dlam = math.radians(lat), math.radians(lon) - lam0
        cos_c = min(1.0, max(-1.0, sin0 * math.sin(phi) + cos0 * math.cos(phi) * math.cos(dlam)))
        c = math.acos(cos_c)
        k = routes.EARTH_RADIUS_M * (c / math.sin(c) if c > 1e-12 else 1.0)
        east = k * math.cos(phi) * math.sin(dlam)
        north = k * (cos0 * math.sin(phi) - sin0 * math.cos(phi) * math.cos(dlam))
        out.append((east, -north))
    return out


def draw(route: str, *, label: str, size: int = POST_SIZE, max_points: int = POST_POINTS,
         scale_bar: bool = True, unit: str = "km", thumb: bool = False) -> Markup | None:
    """An inline <svg> of the route, or None if it cannot be drawn (fewer than two points);
    `thumb`: the routes page's, hidden from screen readers (its link says what it is)."""
    try:
        points = routes.decode(route)
    except ValueError:
        return None
    parts = routes.pieces(points)
    if not parts:
        return None
    everything = [p for piece in parts for p in piece]
    share = max(2, max_points // len(parts))
    parts = [routes.simplify(piece, share) for piece in parts]
    projected = _project(everything)
    xs, ys = [p[0] for p in projected], [p[1] for p in projected]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1e-9
    pad = 4 if size >= 100 else 3
    inner = size - 2 * pad
    scale = inner / span  # SVG units per metre
    width = round((max(xs) - min(xs)) * scale) + 2 * pad
    height = round((max(ys) - min(ys)) * scale) + 2 * pad
    bar_room = 16 if scale_bar else 0
    x0, y0 = min(xs), min(ys)
    where = dict(zip(everything, projected))  # each point's projection, worked out once

    def xy(point):
        x, y = where[point]
        return round((x - x0) * scale) + pad, round((y - y0) * scale) + pad

    d = []
    for piece in parts:
        coords = [xy(point) for point in piece]
        (cx, cy), rest = coords[0], coords[1:]
        step = [f"M{cx} {cy}"]
        moves = []
        for x, y in rest:
            if (x, y) != (cx, cy):
                moves.append(f"{x - cx} {y - cy}")
                cx, cy = x, y
        if not moves:
            moves.append("0 0")
        d.append(step[0] + "l" + " ".join(moves).replace(" -", "-"))
    path = "".join(d)
    extra = ""
    total_h = height
    if scale_bar:
        metres_per_unit = 1 / scale
        bar = _scale_bar(metres_per_unit, max(width - 2 * pad, 24), unit)
        if bar:
            length, words = bar
            y = height + 8
            extra = (f'<path d="M{pad} {y}h{length}" stroke-width="2"/>'
                     f'<text x="{pad + length + 4}" y="{y + 4}" font-size="11" fill="currentColor" '
                     f'stroke="none">{words}</text>')
            total_h = height + bar_room
    if thumb:  # its link says what it is; the routes page's CSS strokes it
        return Markup(f'<svg class="route-thumb" viewBox="0 0 {width} {total_h}" width="{width}" '
                      f'height="{total_h}" aria-hidden="true"><path d="{path}"/></svg>')
    svg = (f'<svg class="route-svg" viewBox="0 0 {width} {total_h}" width="{width}" '
           f'height="{total_h}" role="img" aria-label="{escape(label)}">'
           f'<g fill="none" stroke="currentColor" stroke-linecap="round" stroke-linejoin="round">'
           f'<path d="{path}" stroke-width="2.5"/>{extra}</g></svg>')
    return Markup(svg)


def _scale_bar(metres_per_unit: float, room: float, unit: str) -> tuple[int, str] | None:
    """The longest round length (1, 2 or 5 x 10^n of km or mi, or of m under 1 km) that
    fits in a third of ``room``: (its length in SVG units, its words)."""
    unit_m = units.unit_m(unit)
    most = room / 3 * metres_per_unit  # metres
    best = None
    for exponent in range(-3, 4):
        for step in (1, 2, 5):
            value = step * 10 ** exponent
            metres = value * unit_m
            if metres <= most:
                best = (value, metres)
    if best is None:
        return None
    value, metres = best
    length = round(metres / metres_per_unit)
    if length < 8:
        return None
    if unit == "km" and value < 1:
        words = f"{round(value * 1000)} m"
    else:
        words = f"{value:g} {unit}"
    return length, words


ROUTE_SVG_CLASSES = ("route-svg", "route-thumb")  # how `diary privacy check` finds the drawings


def thumbnail(route: str, *, label: str) -> Markup | None:
    """The routes page's drawing: smaller, fewer points, no scale bar, styled by the page
    (`.route-grid path`), hidden from screen readers: its link's words say what it is."""
    return draw(route, label=label, size=THUMB_SIZE, max_points=THUMB_POINTS, scale_bar=False, thumb=True)
