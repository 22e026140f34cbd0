"""The privacy rule against a reader who tries (issue 19): a stray fix at the end, circles
fitted to the ends of many routes, zones in a committed file, places many routes start from."""

from __future__ import annotations

import math
import random
from datetime import datetime, timedelta, timezone

import pytest

from pelican.plugins.running_diary.core import privacy, routes, settings as settings_mod
from pelican.plugins.running_diary.core.model import Post
from pelican.plugins.running_diary.core.parse import parse_post
from pelican.plugins.running_diary.core.settings import Privacy, SettingsError, Zone

from tests.fixtures import make_exports

HOME = make_exports.HOME  # (51.4613, -0.1156), the made-up runner's front door
SALT = "a salt for the tests, 32 chars.."
M_PER_DEG = make_exports.METRES_PER_DEG


def local_m(point, origin=HOME) -> tuple[float, float]:
    """Metres east and north of `origin` (equirectangular: within 0.1% over a few km)."""
    return ((point[1] - origin[1]) * M_PER_DEG * math.cos(math.radians(origin[0])),
            (point[0] - origin[0]) * M_PER_DEG)


def from_local(x: float, y: float, origin=HOME) -> routes.Point:
    return (origin[0] + y / M_PER_DEG,
            origin[1] + x / (M_PER_DEG * math.cos(math.radians(origin[0]))))


# --- 5. a stray fix at the end never moves the trim --------------------------------------------

def work_to_home(stray_m: float, bearing_deg: float = 60.0) -> list[routes.Point]:
    """A 3 km run home from work, a fix a second at 3 m/s, ending at the door with one
    stray fix `stray_m` away (the common end-of-recording jump)."""
    track = [from_local(-3000 + 3 * i, 0.0) for i in range(1001)]  # ends at (0, 0): the door
    angle = math.radians(bearing_deg)
    track.append(from_local(stray_m * math.sin(angle), stray_m * math.cos(angle)))
    return track


@pytest.mark.parametrize("stray_m", [250, 500, 800])
def test_a_stray_fix_at_the_end_does_not_publish_the_front_door(stray_m):
    track = work_to_home(stray_m)
    rule = Privacy(trim_m=200, salt=SALT)
    shown = privacy.publishable(track, rule, key="2024-04-15T18:00:00", activity="run", time_s=1001)
    nearest = min(routes.haversine_m(p, HOME) for p in routes.decode(shown))
    # Before: the trim counted the jump (250-800 m) as the last 200 m, and the route ended
    # 1.9 m from the door. Now the jump is dropped and at least 200 m of the way home goes.
    assert nearest > 200
    # The old rule, for the record: the door is published.
    assert min(routes.haversine_m(p, HOME) for p in routes.decode(routes.private_route(track, 200))) < 10


def test_the_build_drops_the_stray_fix_of_a_route_typed_by_hand():
    held = routes.encode(work_to_home(500))
    post = Post(file="content/home.md", url="2024/04/home/", date=make_exports.START.date())
    logs = parse_post({"training": [{"distance": "3 km", "time": "16:40", "route": held}]},
                      post=post, settings=settings_mod.from_dict(None))
    shown = privacy.publishable_logs(logs, Privacy(trim_m=200, salt=SALT)).entries("training")[0].route
    assert min(routes.haversine_m(p, HOME) for p in routes.decode(shown)) > 200


def test_a_lone_spike_is_dropped_and_the_way_on_kept():
    track = [from_local(3 * i, 0.0) for i in range(400)]
    track[200] = from_local(600, 400)  # one fix 400 m off the road
    cleaned = routes.clean(track, routes.step_limit_m(track, "run", 400))
    assert len(cleaned) == 399 and from_local(600, 400) not in cleaned


def test_the_step_limit_is_worked_out_on_distances():
    # 100 fixes 3 m apart: the median step is 3 m, 4 x 3 = 12 m < 50 m (the floor);
    # a run of 99 s: 10.5 m/s x 99 s / 99 steps = 10.5 m < 50 m: the limit is 50 m.
    track = [from_local(3 * i, 0.0) for i in range(100)]
    assert routes.step_limit_m(track, "run", 99) == pytest.approx(50)
    # a ride of 990 s over the same fixes: 22.3 m/s x 990 / 99 = 223 m
    assert routes.step_limit_m(track, "cycle", 990) == pytest.approx(223, rel=1e-3)
    # a simplified route, steps of 300 m: 4 x 300 = 1,200 m
    sparse = [from_local(300 * i, 0.0) for i in range(10)]
    assert routes.step_limit_m(sparse) == pytest.approx(1200, rel=2e-3)  # haversine vs flat


# --- 3. circles fitted to the ends of many routes ------------------------------------------------

def loops_from_home(n: int, seed: int = 20) -> list[tuple[str, list[routes.Point]]]:
    """`n` loops of 5 to 12 km from the door, each turned a random way: (start, track)."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        start = make_exports.START + timedelta(days=i)
        loop = make_exports.loop(start, km=rng.uniform(5, 12), step_m=5, wiggle=rng.uniform(0.05, 0.3))
        turn = rng.uniform(0, 2 * math.pi)
        track = []
        for lat, lon, _, _ in loop:
            x, y = local_m((lat, lon))
            track.append(from_local(x * math.cos(turn) - y * math.sin(turn),
                                    x * math.sin(turn) + y * math.cos(turn)))
        out.append((f"{start:%Y-%m-%dT%H:%M:%S}", track))
    return out


def fitted_centre(points: list[tuple[float, float]]) -> tuple[float, float]:
    """The least-squares circle (Kasa): x^2 + y^2 + D x + E y + F = 0, centre (-D/2, -E/2),
    solved from its 3 x 3 normal equations by Cramer's rule."""
    rows = [(x, y, 1.0, -(x * x + y * y)) for x, y in points]
    a = [[sum(r[i] * r[j] for r in rows) for j in range(3)] for i in range(3)]
    b = [sum(r[i] * r[3] for r in rows) for i in range(3)]

    def det(m):
        return (m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
                - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]))

    whole = det(a)
    d, e = ((det([[b[r] if c == k else a[r][c] for c in range(3)] for r in range(3)]) / whole)
            for k in (0, 1))
    return -d / 2, -e / 2


def published_ends(rule: Privacy, loops) -> tuple[list, list]:
    """What the import writes and then what the build shows, as it happens on the site:
    the ends of every shown route (metres from the door), and the posts' logs."""
    ends, posts = [], []
    settings = settings_mod.from_dict(None)
    for n, (start, track) in enumerate(loops):
        held = privacy.publishable(track, rule, key=start, activity="run", time_s=3600)
        post = Post(file=f"content/loop-{n:02d}.md", url=f"2024/04/loop-{n:02d}/",
                    date=make_exports.START.date())
        logs = parse_post({"training": [{"distance": "8 km", "time": "45:00", "start": start,
                                         "route": held}]}, post=post, settings=settings)
        posts.append(logs)
        shown = routes.decode(privacy.publishable_logs(logs, rule).entries("training")[0].route)
        pieces = routes.pieces(shown)
        ends += [local_m(pieces[0][0]), local_m(pieces[-1][-1])]
    return ends, posts


def test_without_a_zone_the_fitted_circle_finds_home_so_publish_refuses():
    ends, posts = published_ends(Privacy(trim_m=200, salt=SALT), loops_from_home(20))
    centre = fitted_centre(ends)
    assert math.hypot(*centre) < 60  # the ends alone point at the door: hence the refusal
    places = privacy.unzoned_places(posts, Privacy(trim_m=200, salt=SALT))
    assert len(places) == 1 and places[0].routes == 20 and len(places[0].posts) == 20
    place = places[0]
    assert routes.haversine_m((place.lat, place.lon), HOME) < place.radius_m / 2
    problems = privacy.privacy_problems(Privacy(trim_m=200, salt=SALT), posts, conf_name="pelicanconf.py",
                                        strict=True, show_places=False)
    assert [p.severity for p in problems] == ["error"]
    assert "20 routes begin or end near one place" in problems[0].message
    assert f"{HOME[0]:.2f}" not in str(problems[0])  # no coordinates where a CI log may show them


@pytest.mark.parametrize("salt", [SALT, "another salt, as long as needed", "a third one for luck!"])
def test_with_a_zone_the_fitted_circle_misses_home_by_100_m_or_more(salt):
    rule = Privacy(trim_m=200, salt=salt, zones=(Zone(HOME[0], HOME[1], 500),))
    ends, posts = published_ends(rule, loops_from_home(20))
    centre = fitted_centre(ends)
    # Before: 0.3 m from the door. Now the circle is the zone's, around a centre moved
    # 25-40% of 500 m (125 to 200 m) from the door.
    assert math.hypot(*centre) >= 100
    assert privacy.unzoned_places(posts, rule) == []  # the zone covers the place


def test_a_zones_centre_moves_25_to_40_percent_of_its_radius_the_same_every_build():
    zone = Zone(HOME[0], HOME[1], 500)
    moved = [privacy.cut_zone(zone, f"salt number {n:04d}, long enough") for n in range(200)]
    shares = [routes.haversine_m((m.lat, m.lon), HOME) / 500 for m in moved]
    assert 0.25 - 1e-6 <= min(shares) and max(shares) <= 0.40 + 1e-6
    assert max(shares) - min(shares) > 0.1  # spread over the range, not one value
    bearings = {round(math.degrees(math.atan2(*local_m((m.lat, m.lon)))) / 45) for m in moved}
    assert len(bearings) >= 8  # every direction
    assert privacy.cut_zone(zone, SALT) == privacy.cut_zone(zone, SALT)  # fixed by the salt
    assert privacy.cut_zone(zone, SALT) != privacy.cut_zone(zone, SALT + "!")


def test_each_route_has_its_own_trim_from_trim_m_to_twice_it():
    rule = Privacy(trim_m=200, salt=SALT)
    trims = [privacy.trim_for(rule, f"2024-04-{d:02d}T07:00:00") for d in range(1, 31)]
    assert all(200 <= t <= 400 for t in trims)
    assert max(trims) - min(trims) > 100
    assert privacy.trim_for(rule, "x") == privacy.trim_for(rule, "x")


# --- 1. private settings ----------------------------------------------------------------------

ZONE_TOML = '[[zones]]\nlat = 51.4613\nlon = -0.1156\nradius_m = 500\n'


def test_private_toml_and_the_environment(tmp_path):
    path = tmp_path / "private.toml"
    path.write_text(f'salt = "{SALT}"\n' + ZONE_TOML)
    found = privacy.load_private(Privacy(), path, environ={})
    assert found.salt == SALT and found.zones == (Zone(51.4613, -0.1156, 500.0),)
    # DIARY_PRIVATE takes the file's place
    other = privacy.load_private(Privacy(), path, environ={"DIARY_PRIVATE": 'salt = "from the secret, 16+"'})
    assert other.salt == "from the secret, 16+" and other.zones == ()
    # none: trimmed all the same, no zones, no salt
    assert privacy.load_private(Privacy(), tmp_path / "none.toml", environ={}) == Privacy()


@pytest.mark.parametrize("text, says", [
    ('salt = "short"\n', "salt must be text of at least 16 characters"),
    (ZONE_TOML, "zones need a salt"),
    (f'salt = "{SALT}"\n[[zones]]\nlat = 151.4613\nlon = -0.1156\nradius_m = 500\n', "zones[0].lat"),
    (f'salt = "{SALT}"\nhome = 1\n', "unknown key 'home'"),
    ('salt = "unclosed\n', "not valid TOML (at line 1"),
])
def test_private_settings_errors_never_quote_a_value(text, says):
    with pytest.raises(SettingsError) as error:
        privacy.parse_private(text, "private.toml")
    assert says in str(error.value)
    assert "151.46" not in str(error.value) and "-0.1156" not in str(error.value)


def test_a_zone_in_pelicanconf_is_an_error_in_publish_and_a_warning_otherwise():
    rule = settings_mod.from_dict({"privacy": {"trim_m": 200, "zones": [
        {"lat": 51.4613, "lon": -0.1156, "radius_m": 500}]}}).privacy
    assert rule.committed_zones == 1 and len(rule.zones) == 1  # still hidden in a local build
    for strict, severity in ((True, "error"), (False, "warning")):
        [problem] = privacy.privacy_problems(rule, [], conf_name="pelicanconf.py", strict=strict,
                                             show_places=True)
        assert problem.severity == severity
        assert "home coordinates in a committed file: move them to private.toml" in str(problem)


def test_init_writes_a_random_salt_and_how_to_add_a_zone():
    one, two = privacy.new_private_text(), privacy.new_private_text()
    assert one != two
    salt, zones = privacy.parse_private(one, "private.toml")
    assert len(salt) == 64 and zones == ()
    assert "# [[zones]]" in one and "radius_m" in one
