"""core/routes.py: the polyline codec, and the privacy rule measured on the written route."""

from __future__ import annotations

import math
from datetime import datetime, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pelican.plugins.running_diary.core import readers, routes
from pelican.plugins.running_diary.core.settings import Zone, from_dict

from tests.fixtures import make_exports

START = datetime(2024, 4, 15, 6, 0, tzinfo=timezone.utc)


def test_googles_own_example():
    # developers.google.com/maps/documentation/utilities/polylinealgorithm
    points = [(38.5, -120.2), (40.7, -120.95), (43.252, -126.453)]
    assert routes.encode(points) == "_p~iF~ps|U_ulLnnqC_mqNvxq`@"
    assert routes.decode("_p~iF~ps|U_ulLnnqC_mqNvxq`@") == points


@given(st.lists(st.tuples(st.floats(-90, 90), st.floats(-180, 180)), min_size=1, max_size=50))
@settings(max_examples=200, deadline=None)
def test_encode_then_decode_is_the_points_to_precision_5(points):
    back = routes.decode(routes.encode(points))
    assert len(back) == len(points)
    for (a, b), (c, d) in zip(points, back):
        assert abs(a - c) <= 0.5e-5 + 1e-9 and abs(b - d) <= 0.5e-5 + 1e-9


@pytest.mark.parametrize("text,words", [
    ("_p~iF~ps|U_ulL", "ends in the middle of a point"),
    ("_p~iF~ps|U _ulLnnqC", "character no polyline uses"),
    ("_p~iF", "ends in the middle"),
    ("~" * 40, "too long"),
])
def test_what_is_not_a_polyline_is_a_named_error(text, words):
    with pytest.raises(ValueError, match=words):
        routes.decode(text)


def test_the_route_field_reader():
    s = from_dict(None)
    assert readers.polyline(" _p~iF~ps|U_ulLnnqC ", s) == "_p~iF~ps|U_ulLnnqC"
    for bad, words in ((42, "is text"), ("_p~iF~ps|U", "at least two points"), ("", "empty"),
                       ("_p~iF~ps|U" * 3000, "at most")):
        with pytest.raises(ValueError, match=words):
            readers.polyline(bad, s)


def far_enough(route: str, track, trim_m: float, zones=()) -> None:
    """The privacy rule, measured on what was written: every point of the decoded
    route is more than trim_m from the track's first and last points (haversine),
    and outside every zone."""
    first, last = track[0], track[-1]
    for point in routes.decode(route):
        if trim_m:  # trim_m 0: the ends stay
            assert routes.haversine_m(point, first) > trim_m
            assert routes.haversine_m(point, last) > trim_m
        for z in zones:
            assert routes.haversine_m(point, (z.lat, z.lon)) > z.radius_m


@pytest.mark.parametrize("shape", ["loop", "out_and_back"])
@pytest.mark.parametrize("trim_m", [0, 50, 200, 500])
def test_no_written_point_is_near_either_end_or_in_a_zone(shape, trim_m):
    track = [(lat, lon) for lat, lon, _, _ in
             make_exports.loop(START, km=8, out_and_back=shape == "out_and_back")]
    # A zone across the route's far side (a friend's house on the way).
    mid = track[len(track) // 2]
    zones = (Zone(mid[0], mid[1], 300.0),)
    route = routes.private_route(track, trim_m, zones)
    assert route is not None
    far_enough(route, track, trim_m, zones)
    assert 2 <= len(routes.decode(route)) <= routes.MAX_POINTS + 2


@given(st.integers(0, 10_000), st.floats(10, 2000), st.floats(0, 800))
@settings(max_examples=60, deadline=None)
def test_privacy_holds_for_any_track(seed, trim_m, radius):
    import random

    rng = random.Random(seed)
    lat, lon = 51.5 + rng.uniform(-1, 1), rng.uniform(-1, 1)
    track = []
    for _ in range(rng.randint(2, 400)):
        lat += rng.uniform(-3e-4, 3e-4)
        lon += rng.uniform(-3e-4, 3e-4)
        track.append((lat, lon))
    zone = Zone(*rng.choice(track), radius) if radius >= 1 else None
    zones = (zone,) if zone else ()
    route = routes.private_route(track, trim_m, zones)
    if route is not None:
        far_enough(route, track, trim_m, zones)


def test_a_zone_that_cuts_the_route_lifts_the_pen():
    track = [(lat, lon) for lat, lon, _, _ in make_exports.loop(START, km=8)]
    mid = track[len(track) // 2]
    route = routes.private_route(track, 200, (Zone(mid[0], mid[1], 300.0),))
    assert len(routes.pieces(routes.decode(route))) == 2  # no line drawn across the zone


def test_simplify_keeps_at_most_the_points_asked():
    track = [(lat, lon) for lat, lon, _, _ in make_exports.loop(START, km=42, step_m=5)]
    assert len(track) > 8000
    for most in (40, 220, 300):
        simple = routes.simplify(track, most)
        assert 2 <= len(simple) <= most and simple[0] == track[0] and simple[-1] == track[-1]


def test_haversine():
    # One degree of latitude, and London to Paris (about 343.5 km).
    assert routes.haversine_m((0, 0), (1, 0)) == pytest.approx(111_195, rel=1e-3)
    assert routes.haversine_m((51.5074, -0.1278), (48.8566, 2.3522)) == pytest.approx(343_500, rel=5e-3)
    assert math.isclose(routes.haversine_m((10, 10), (10, 10)), 0)
