"""Private settings and the privacy rule as the site applies it (the contract's
"Settings" and "Routes").

- **Private settings** (`load_private`): the zones and a secret salt live in
  `private.toml` beside `pelicanconf.py` (`diary privacy init` makes git ignore
  it), or in the
  `DIARY_PRIVATE` environment variable holding the same TOML, which then
  takes the file's place (a repository secret in the Pages workflow). Their
  errors never quote a value: they may reach a public CI log.
- **A zone's centre is never home** (`cut_zones`): each zone is cut around a
  centre moved from the given point by a secret offset, 25-40% of its radius
  in a direction, both from an HMAC of the salt: the same from build to
  build, unknown without the salt.
- **Each route its own trim** (`trim_for`): between `trim_m` and twice it,
  from the salt and the route's start (its `start`, or the route itself when
  it has none), so the ends of routes from one place lie on no one circle.
- **The build applies the rule** (`publishable_logs`) to every route of
  every post, with today's settings, whatever the post holds.
- **Places many routes start from** (`unzoned_places`): three or more
  routes that begin or end near one place no zone covers.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import os
import secrets
import tomllib
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from . import routes
from .model import PostLogs, Problem
from .settings import Privacy, SettingsError, Zone, read_zones

ENV = "DIARY_PRIVATE"
FILE_NAME = "private.toml"
OFFSET_SHARE = (0.25, 0.40)  # a zone's centre moves this share of its radius
PLACE_RADIUS_M = 300  # routes that begin or end within this of one place...
PLACE_ROUTES = 3  # ...this many or more: the place must be zoned
SUGGESTED_RADIUS_M = 400  # the least radius `diary privacy suggest` proposes
COMMITTED_ZONES = ("home coordinates in a committed file: move them to private.toml "
                   "(`diary privacy init` writes it)")


# --- private settings ----------------------------------------------------------------------

def load_private(privacy: Privacy, path: Path | None, environ: Mapping[str, str] = os.environ) -> Privacy:
    """`privacy` with the zones and salt of `DIARY_PRIVATE` (when set) or else of the file
    at `path` (when it exists); the zones of DIARY, if any, kept too. Raise SettingsError."""
    text, source = None, ""
    if environ.get(ENV, "").strip():
        text, source = environ[ENV], ENV
    elif path is not None and Path(path).is_file():
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise SettingsError(f"{path}: cannot be read: {type(error).__name__}") from None
        source = str(path)
    if text is None:
        return privacy
    salt, zones = parse_private(text, source)
    return replace(privacy, salt=salt, zones=(*privacy.zones, *zones), source=source)


def parse_private(text: str, source: str) -> tuple[str, tuple[Zone, ...]]:
    """The salt and zones of private.toml's text; SettingsError naming `source`, never a value."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        # tomllib says "(at line 3, column 7)": where, never what
        where = str(error)[str(error).find("(at "):] if "(at " in str(error) else ""
        raise SettingsError(f"{source}: not valid TOML {where}".rstrip()) from None
    errors = [f"{source}: unknown key {key!r} (it takes salt and [[zones]])"
              for key in data if key not in ("salt", "zones")]
    salt = data.get("salt", "")
    if not isinstance(salt, str) or (salt and len(salt) < 16):
        errors.append(f"{source}: salt must be text of at least 16 characters "
                      "(`diary privacy init` writes one)")
        salt = ""
    zones, zone_errors = read_zones(data.get("zones", []), f"{source}: zones", echo=False)
    errors += zone_errors
    if zones and not salt:
        errors.append(f"{source}: zones need a salt: without one, anyone can work out how far "
                      "each zone's centre was moved (`diary privacy init` writes one)")
    if errors:
        raise SettingsError("; ".join(errors))
    return salt, tuple(zones)


def new_private_text(salt: str | None = None) -> str:
    """What `diary privacy init` writes: a random salt, and how to add a zone."""
    salt = salt or secrets.token_hex(32)
    return (f"""# Private settings of the running diary: never commit this file (.gitignore has it).
# For the GitHub Pages workflow, paste all of it into the repository secret DIARY_PRIVATE
# (README.md, "Privacy").
#
# The salt is secret: it moves each zone's centre and varies each route's trim. Keep it:
# a new salt moves every zone and every route's ends, and a reader who kept the old
# pages could compare the two.
salt = "{salt}"

# A private zone: no point of a route within radius_m metres of it is published.
# Add one for home, work, or anywhere you often start or finish (at least 400 m):
#
# [[zones]]
# lat = 51.5012
# lon = -0.1234
# radius_m = 500
""")


# --- the secret offsets and trims ------------------------------------------------------------

def _fraction(salt: str, *parts: str) -> float:
    """A number in [0, 1) from the salt and `parts`: fixed for them, unknowable without the salt."""
    digest = hmac.new(salt.encode("utf-8"), "\x1f".join(parts).encode("utf-8"), hashlib.sha256).digest()
    return int.from_bytes(digest[:8], "big") / 2 ** 64


def destination(lat: float, lon: float, bearing_deg: float, distance_m: float) -> routes.Point:
    """The point `distance_m` from (lat, lon) on the great circle at `bearing_deg`."""
    phi1, lam1, theta = math.radians(lat), math.radians(lon), math.radians(bearing_deg)
    delta = distance_m / routes.EARTH_RADIUS_M
    phi2 = math.asin(math.sin(phi1) * math.cos(delta)
                     + math.cos(phi1) * math.sin(delta) * math.cos(theta))
    lam2 = lam1 + math.atan2(math.sin(theta) * math.sin(delta) * math.cos(phi1),
                             math.cos(delta) - math.sin(phi1) * math.sin(phi2))
    return math.degrees(phi2), (math.degrees(lam2) + 540.0) % 360.0 - 180.0


def cut_zone(zone: Zone, salt: str) -> Zone:
    """The zone as the rule cuts it: the same radius, the centre moved by the secret offset.
    The offset is keyed on the centre to 0.01 degree, so nudging a zone keeps its direction."""
    key = f"{zone.lat:.2f},{zone.lon:.2f}"
    low, high = OFFSET_SHARE
    share = low + (high - low) * _fraction(salt, "zone-distance", key)
    bearing = 360.0 * _fraction(salt, "zone-bearing", key)
    lat, lon = destination(zone.lat, zone.lon, bearing, share * zone.radius_m)
    return Zone(lat, lon, zone.radius_m)


def cut_zones(privacy: Privacy) -> tuple[Zone, ...]:
    return tuple(cut_zone(zone, privacy.salt) for zone in privacy.zones)


def trim_for(privacy: Privacy, key: str) -> float:
    """This route's trim: from `trim_m` up to twice it, from the salt and the route's `key`."""
    return privacy.trim_m * (1.0 + _fraction(privacy.salt, "trim", key))


def route_key(start, route: str) -> str:
    """What a route's trim is derived from: its start to the second, else the route itself."""
    if start is not None and hasattr(start, "strftime"):
        return start.strftime("%Y-%m-%dT%H:%M:%S")
    return route


# --- the rule, as the build applies it --------------------------------------------------------

def publishable(points, privacy: Privacy, *, key: str, activity: str | None = None,
                time_s: float | None = None, zones: tuple[Zone, ...] | None = None) -> str | None:
    """A track as the site may show it: `routes.publishable_route` with this route's trim and
    the moved zones (pass `zones`, from `cut_zones`, to work them out once for many routes)."""
    return routes.publishable_route(points, trim_for(privacy, key),
                                    cut_zones(privacy) if zones is None else zones,
                                    activity=activity, time_s=time_s)


def publishable_entry_route(entry, privacy: Privacy, zones: tuple[Zone, ...]) -> str | None:
    """A training entry's route as the site shows it, whatever the post holds."""
    points = routes.decode(entry.route)  # the reader has checked it decodes
    return publishable(points, privacy, key=route_key(getattr(entry, "start", None), entry.route),
                       activity=getattr(entry, "activity", None), time_s=getattr(entry, "time_s", None),
                       zones=zones)


def publishable_logs(logs: PostLogs, privacy: Privacy, zones: tuple[Zone, ...] | None = None) -> PostLogs:
    """The post's logs with every route replaced by what the rule lets the site show
    (None where nothing is left): every drawing, page, feed and data file then has only that."""
    training = logs.entries("training")
    if not any(getattr(entry, "route", None) for entry in training):
        return logs
    zones = cut_zones(privacy) if zones is None else zones
    made = tuple(replace(entry, route=publishable_entry_route(entry, privacy, zones))
                 if getattr(entry, "route", None) else entry for entry in training)
    return replace(logs, logs={**logs.logs, "training": made})


# --- places many routes start from ------------------------------------------------------------

@dataclass(frozen=True)
class Place:
    """Three or more routes begin or end near here, and no zone covers it."""

    lat: float  # the mean of those ends, rounded to 3 decimals (about 100 m)
    lon: float
    radius_m: int  # a zone that would cover them: at least SUGGESTED_RADIUS_M
    posts: tuple[str, ...]  # the posts' files, in order
    routes: int  # how many routes begin or end there

    def zone_toml(self) -> str:
        return f"[[zones]]\nlat = {self.lat:.3f}\nlon = {self.lon:.3f}\nradius_m = {self.radius_m}\n"


def route_ends(posts: Iterable[PostLogs]) -> list[tuple[routes.Point, str, int]]:
    """(point, post file, route number) of the first and last point of every route as the
    posts hold it, glitches dropped: where each route begins and ends."""
    ends = []
    number = 0
    for logs in posts:
        for entry in logs.entries("training"):
            route = getattr(entry, "route", None)
            if not route:
                continue
            points = routes.decode(route)
            cleaned = routes.clean(points, routes.step_limit_m(points, getattr(entry, "activity", None),
                                                               getattr(entry, "time_s", None)))
            if len(cleaned) >= 2:
                ends += [(cleaned[0], logs.post.file, number), (cleaned[-1], logs.post.file, number)]
            number += 1
    return ends


def unzoned_places(posts: Iterable[PostLogs], privacy: Privacy) -> list[Place]:
    """Places where `PLACE_ROUTES` or more routes begin or end and no zone covers them.

    A route an import wrote has already lost up to twice `trim_m` at each end, so
    an end counts towards a place within `PLACE_RADIUS_M` plus twice `trim_m` of it
    (the runner's door is further in than any end the post holds). An end within
    a zone's radius plus twice `trim_m` of the zone's moved centre is covered (where an
    import cut the route at the zone, and its trim beyond). Each end is looked at as
    a place's first guess; the place is the mean of the ends of other routes near it.
    """
    reach = PLACE_RADIUS_M + 2 * privacy.trim_m
    zones = cut_zones(privacy)
    ends = sorted((point, post, number) for point, post, number in route_ends(posts)
                  if not any(routes.haversine_m(point, (z.lat, z.lon)) <= z.radius_m + 2 * privacy.trim_m
                             for z in zones))
    lats = [point[0] for point, _, _ in ends]
    band = 2 * reach / routes.METRES_PER_DEGREE_LAT * 1.01  # no end further in latitude is near

    def within(centre, distance) -> list[int]:
        low, high = bisect_left(lats, centre[0] - band), bisect_right(lats, centre[0] + band)
        return [i for i in range(low, high) if routes.haversine_m(centre, ends[i][0]) <= distance]

    places: list[Place] = []
    claimed: set[int] = set()  # ends already in a place found
    for index, (point, _, _) in enumerate(ends):
        if index in claimed:  # already in a place found: no new place starts here
            continue
        near = [ends[i][0] for i in within(point, 2 * reach)]
        if len(near) < PLACE_ROUTES:
            continue
        centre = (sum(p[0] for p in near) / len(near),
                  point[1] + sum(routes.wrapped_dlon(p[1], point[1]) for p in near) / len(near))
        members = within(centre, reach)
        route_numbers = {ends[i][2] for i in members}
        if len(route_numbers) < PLACE_ROUTES or set(members) <= claimed:
            continue
        claimed.update(members)
        farthest = max(routes.haversine_m(centre, ends[i][0]) for i in members)
        radius = max(SUGGESTED_RADIUS_M, math.ceil(farthest / 100) * 100)
        posts_named = tuple(sorted({ends[i][1] for i in members}))
        places.append(Place(round(centre[0], 3), round((centre[1] + 540) % 360 - 180, 3), radius,
                            posts_named, len(route_numbers)))
    return places


def privacy_problems(privacy: Privacy, posts: Iterable[PostLogs], *, conf_name: str,
                     strict: bool, show_places: bool) -> list[Problem]:
    """What the publish build refuses (and a normal build warns of): zones in a committed
    file, and unzoned places many routes start from. `show_places`: say the zone to add
    (not in a CI log, which may be public: there the author runs `diary privacy suggest`)."""
    severity = "error" if strict else "warning"
    found = []
    if privacy.committed_zones:
        found.append(Problem(file=conf_name, field="DIARY['privacy']['zones']", severity=severity,
                             message=COMMITTED_ZONES))
    for place in unzoned_places(posts, privacy):
        advice = (f"add this zone to private.toml: lat = {place.lat:.3f}, lon = {place.lon:.3f}, "
                  f"radius_m = {place.radius_m} (`diary privacy suggest` prints it as TOML)"
                  if show_places
                  else "run `diary privacy suggest` on your own machine to see the zone to add "
                       "to private.toml (it is not printed here: a CI log may be public)")
        found.append(Problem(
            file=place.posts[0], severity=severity,
            message=(f"{place.routes} routes begin or end near one place that no private zone "
                     f"covers, in {_some(place.posts)}: their ends would point at it; {advice}")))
    return found


def _some(names: tuple[str, ...], most: int = 5) -> str:
    """The first `most` names, and how many more."""
    shown = ", ".join(names[:most])
    return shown + (f" and {len(names) - most} more" if len(names) > most else "")
