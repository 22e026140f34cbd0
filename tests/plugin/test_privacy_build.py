"""The build applies the privacy rule to every route it shows or exports (issue 19, items
1, 2 and 4), in whole Pelican builds: a route typed by hand, a zone added after the import,
a zone in pelicanconf.py, three routes from one unzoned door."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pelican.plugins.running_diary.core import privacy, routes
from pelican.plugins.running_diary.core.settings import Zone

from tests.core.test_privacy import HOME, SALT, loops_from_home
from tests.helpers import build_site

PUBLISH = {"DIARY": {"strict": True, "privacy": {"trim_m": 200}}, "FEED_ALL_ATOM": "feeds/all.atom.xml",
           "SITEURL": "https://example.org", "RELATIVE_URLS": False}


def write_posts(content: Path, tracks, *, raw: bool = True) -> None:
    """One post per track, its route as written by hand: every point, the door at both ends."""
    for n, (start, track) in enumerate(tracks):
        post = content / f"2024-04-{n + 1:02d}-loop.md"
        post.parent.mkdir(parents=True, exist_ok=True)
        route = routes.encode(track[::4] if raw else track)
        post.write_text(f"---\ntitle: Loop {n}\ndate: 2024-04-{n + 1:02d} 20:00\ntraining:\n"
                        f"  - distance: 8 km\n    time: '45:00'\n    start: {start}\n"
                        f"    route: '{route}'\n---\n\nA loop from the door.\n")


def shown_points(out: Path) -> list[list[routes.Point]]:
    data = json.loads((out / "diary.json").read_text())
    return [routes.decode(e["route"]) for e in data["training"] if e["route"]]


def test_a_route_typed_by_hand_is_trimmed_by_the_build_everywhere(tmp_path):
    write_posts(tmp_path / "content", loops_from_home(1))
    out = build_site(tmp_path / "content", tmp_path / "out", in_process=True,
                     settings=dict(DIARY_PRIVATE_FILE=str(tmp_path / "none.toml"), **PUBLISH)).out
    [points] = shown_points(out)
    # Before: the post's route was published as written, door and all (0 m).
    assert min(routes.haversine_m(p, HOME) for p in points) > 200
    held = (tmp_path / "content" / "2024-04-01-loop.md").read_text().split("route: '")[1].split("'")[0]
    for page in [*out.rglob("*.html"), *out.rglob("*.xml")]:
        assert held not in page.read_text(), page  # not in a page, not in the feed
    # the post's drawing and the routes page's thumbnail are of the trimmed route (the
    # feed carries the post's words and digest, no drawing)
    post = (out / "2024" / "04" / "loop-0" / "index.html").read_text()
    assert 'class="route-svg"' in post and 'class="route-thumb"' in (out / "routes" / "index.html").read_text()
    assert (out / "feeds" / "all.atom.xml").is_file()


def test_a_zone_added_after_the_import_hides_routes_already_written(tmp_path, monkeypatch):
    loops = loops_from_home(3)
    imported = [(start, routes.decode(privacy.publishable(track, privacy.Privacy(salt=SALT), key=start)))
                for start, track in loops]  # imported with no zone: ends 200-400 m out
    write_posts(tmp_path / "content", imported, raw=False)
    monkeypatch.setenv("DIARY_PRIVATE", f'salt = "{SALT}"\n[[zones]]\nlat = {HOME[0]}\n'
                                        f'lon = {HOME[1]}\nradius_m = 600\n')
    out = build_site(tmp_path / "content", tmp_path / "out", in_process=True, settings=PUBLISH).out
    cut = privacy.cut_zone(Zone(HOME[0], HOME[1], 600), SALT)
    shown = [p for route in shown_points(out) for p in route]
    assert len(shown) > 30
    # Before: points 202 m from the door were published. Now none within the zone as cut.
    assert min(routes.haversine_m(p, (cut.lat, cut.lon)) for p in shown) > 600
    assert min(routes.haversine_m(p, HOME) for p in shown) > 600 - 0.4 * 600


def test_a_zone_in_pelicanconf_fails_the_publish_build(tmp_path, capsys):
    write_posts(tmp_path / "content", loops_from_home(1))
    settings = {**PUBLISH, "DIARY": {"strict": True, "privacy": {
        "trim_m": 200, "zones": [{"lat": HOME[0], "lon": HOME[1], "radius_m": 500}]}}}
    with pytest.raises(SystemExit):
        build_site(tmp_path / "content", tmp_path / "out", in_process=True,
                   settings=dict(DIARY_PRIVATE_FILE="", **settings))
    err = capsys.readouterr().err
    assert "home coordinates in a committed file: move them to private.toml" in err
    # a normal build warns, and still hides the zone
    out = build_site(tmp_path / "content", tmp_path / "out2", in_process=True,
                     settings=dict(DIARY_PRIVATE_FILE="", DIARY={"privacy": settings["DIARY"]["privacy"]})).out
    assert "home coordinates in a committed file" in capsys.readouterr().err
    assert min(routes.haversine_m(p, HOME) for p in shown_points(out)[0]) > 500 * 0.6


def test_three_routes_from_one_unzoned_door_fail_publish_naming_the_posts(tmp_path, capsys, monkeypatch):
    write_posts(tmp_path / "content", loops_from_home(3))
    monkeypatch.setenv("CI", "true")
    with pytest.raises(SystemExit):
        build_site(tmp_path / "content", tmp_path / "out", in_process=True,
                   settings=dict(DIARY_PRIVATE_FILE="", **PUBLISH))
    err = capsys.readouterr().err
    assert "3 routes begin or end near one place that no private zone covers" in err
    assert all(f"2024-04-0{n}-loop.md" in err for n in (1, 2, 3))
    assert "diary privacy suggest" in err and not re.search(r"lat = \d", err)  # a CI log: no place
    monkeypatch.delenv("CI")
    # a normal build: a warning, and the site
    out = build_site(tmp_path / "content", tmp_path / "out2", in_process=True,
                     settings=dict(DIARY_PRIVATE_FILE="", DIARY={"privacy": {"trim_m": 200}})).out
    err = capsys.readouterr().err
    assert "lat = 51.461" in err and "radius_m = 400" in err
    assert len(shown_points(out)) == 3
