"""Route drawings: north up, to scale, bounded in size, no line across a private zone."""

from __future__ import annotations

import math
import re
from datetime import datetime, timezone

import pytest

from pelican.plugins.running_diary.core import routes
from pelican.plugins.running_diary.core.settings import Zone
from pelican.plugins.running_diary.render import routes as draw

from tests.fixtures import make_exports

START = datetime(2024, 4, 15, 6, 0, tzinfo=timezone.utc)


def route_of(km: float, **kwargs) -> str:
    step = 3 if km < 50 else 10  # a watch recording every second or so
    track = [(lat, lon) for lat, lon, _, _ in make_exports.loop(START, km=km, step_m=step, **kwargs)]
    return routes.private_route(track, 200)


@pytest.mark.parametrize("km", [3, 10, 42.2, 160])
def test_a_posts_drawing_is_at_most_4_kb(km):
    svg = draw.draw(route_of(km), label="Route of the run")
    assert len(svg.encode()) <= 4096
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")  # nothing fetched


@pytest.mark.parametrize("km", [3, 42.2, 160])
def test_a_thumbnail_is_a_few_hundred_bytes(km):
    svg = draw.thumbnail(route_of(km), label="x")
    assert len(svg.encode()) <= 450


def test_north_up_and_to_scale():
    # Due north 1 km, then due east 2 km: the drawing is twice as wide as it is tall.
    lat0, lon0 = 60.0, 10.0
    north = 1000 / 111_195
    east = 2000 / (111_195 * 0.5)  # cos(60°) = 0.5
    route = routes.encode([(lat0, lon0), (lat0 + north, lon0), (lat0 + north, lon0 + east)])
    svg = draw.draw(route, label="L", scale_bar=False)
    w, h = map(int, re.search(r'viewBox="0 0 (\d+) (\d+)"', svg).groups())
    assert (w - 8) / (h - 8) == pytest.approx(2, rel=0.02)
    # north up: the first leg goes up the page (y falls)
    first_move = re.search(r'd="M\d+ \d+l(-?\d+)[ ]?(-?\d+)', svg).groups()
    assert int(first_move[0]) == 0 and int(first_move[1]) < 0


def test_a_scale_bar_says_its_length():
    svg = draw.draw(route_of(10), label="L", unit="km")
    assert re.search(r">(\d+ m|\d+ km)</text>", svg)
    assert re.search(r">(\d+(\.\d+)? mi)</text>", draw.draw(route_of(10), label="L", unit="mi"))


def test_the_pen_lifts_where_a_zone_cut_the_route():
    track = [(lat, lon) for lat, lon, _, _ in make_exports.loop(START, km=8)]
    mid = track[len(track) // 2]
    route = routes.private_route(track, 200, (Zone(mid[0], mid[1], 300.0),))
    path = re.search(r'<path d="([^"]+)"', draw.draw(route, label="L")).group(1)
    assert path.count("M") == 2


def test_the_label_is_escaped():
    svg = draw.draw(route_of(3), label='Route of "<script>"')
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_what_cannot_be_drawn_is_not():
    assert draw.draw("not a route at all ~~~", label="x") is None


# --- 9. across the 180th meridian, and beside a pole -------------------------------------------

def _bar_words(svg: str) -> str:
    return re.search(r"<text[^>]*>([^<]+)</text>", svg).group(1)


def test_a_run_across_the_180th_meridian_is_drawn_the_short_way_with_a_true_scale_bar():
    # 4 km due east along the equator from 179.982 E to 179.982 W: 0.036 degrees of longitude,
    # 0.036 x 111,195 m = 4,003 m. Before, a line the width of the world and a 5,000 km bar.
    points = [(0.0, 179.982 + 0.0018 * i) for i in range(21)]
    points = [(lat, lon - 360 if lon > 180 else lon) for lat, lon in points]
    svg = str(draw.draw(routes.encode(points), label="Route of the run"))
    # 4,003 m across 232 units (240 - 2 x 4 of padding): 17.3 m a unit; a third of the
    # room, 77 units, is 1,331 m, so the bar is the round 1 km: 1,000 / 17.25 = 58 units.
    assert _bar_words(svg) == "1 km"
    assert 'd="M4 ' in svg and re.search(r'<path d="M4 \d+h58"', svg)
    width = int(re.search(r'width="(\d+)"', svg).group(1))
    assert width == 240


def test_a_loop_around_the_north_pole_is_drawn_round_and_to_scale():
    # A 600 m circle around the pole crosses every meridian. Drawn in metres from its
    # centre it is as wide as it is tall; the old drawing (longitude x cos(mean latitude))
    # made a flat band 360 degrees wide.
    lat = 90 - 600 / (math.pi / 180 * routes.EARTH_RADIUS_M)  # 600 m from the pole
    circle = [(lat, -180 + 5 * i) for i in range(72)] + [(lat, 179.99)]
    svg = str(draw.draw(routes.encode(circle), label="Route of the run"))
    viewbox = re.search(r'viewBox="0 0 (\d+) (\d+)"', svg)
    width, height = int(viewbox.group(1)), int(viewbox.group(2)) - 16  # less the bar's room
    assert abs(width - height) <= 2
    # 1,200 m across 232 units: 5.17 m a unit; a third of the room is 400 m: a 200 m bar
    # (500 m does not fit), 200 / 5.17 = 39 units.
    assert _bar_words(svg) == "200 m"
    assert re.search(r'<path d="M4 \d+h39"', svg)
