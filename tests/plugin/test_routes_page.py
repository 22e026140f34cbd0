"""The routes/ page and the drawing under each post, in a whole build: 365 runs with
routes, within the budgets (a post's drawing at most 4 KB, the page at most 250 KB)."""

from __future__ import annotations

import random
import re
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from pelican.plugins.running_diary.core import routes

from tests.helpers import build_site
from tests.fixtures import make_exports

DAYS = 365
SHAPES = 61  # distinct routes, each from 4 to 25 km, then again (a runner's usual loops)
SIZES: dict[str, int] = {}


def a_route(rng: random.Random, day: int) -> str:
    start = datetime(2023, 7, 1, 6, tzinfo=timezone.utc) + timedelta(days=day)
    km = rng.uniform(4, 25)
    track = [(lat, lon) for lat, lon, _, _ in make_exports.loop(
        start, km=km, step_m=8, wiggle=rng.uniform(0.05, 0.4),
        out_and_back=rng.random() < 0.3,
        home=(51.46 + rng.uniform(-0.05, 0.05), -0.11 + rng.uniform(-0.05, 0.05)))]
    return routes.private_route(track, 200)


@pytest.fixture(scope="module")
def routes_site_html(tmp_path_factory) -> Path:
    """The output of a year of daily runs, each with a route (SHAPES shapes in turn)."""
    root = tmp_path_factory.mktemp("routes")
    content = root / "content"
    rng = random.Random(365)
    shapes = [a_route(rng, n) for n in range(SHAPES)]
    for n in range(DAYS):
        day = date(2023, 7, 1) + timedelta(days=n)
        post = content / f"{day:%Y}" / f"{day}-run.md"
        post.parent.mkdir(parents=True, exist_ok=True)
        post.write_text(
            f"---\ntitle: Run {n}\ndate: {day} 20:00\ntraining:\n"
            f"  - distance: 10 km\n    time: '55:00'\n    start: {day}T07:00:00\n"
            f"    route: '{shapes[n % SHAPES]}'\n---\n\nWords.\n")
    return build_site(content, root / "out", in_process=True).out


@pytest.mark.slow
def test_the_routes_page_for_365_runs_is_within_250_kb(routes_site_html):
    page = routes_site_html / "routes" / "index.html"
    size = len(page.read_bytes())
    SIZES["page"] = size
    assert size <= 250 * 1024, f"{size:,} bytes"
    soup = BeautifulSoup(page.read_text(), "html.parser")
    cards = soup.select(".route-grid li a")
    assert len(cards) == DAYS
    # newest first, each linking to its post
    dates = [re.search(r"/(\d{4})/(\d\d)/", a["href"]).groups() for a in cards]
    assert dates == sorted(dates, reverse=True)
    for a in cards[:5]:
        assert (routes_site_html / a["href"].removeprefix("../")).joinpath("index.html").exists() or \
            (page.parent / a["href"] / "index.html").resolve().exists()


@pytest.mark.slow
def test_year_filters_work_without_javascript(routes_site_html):
    soup = BeautifulSoup((routes_site_html / "routes" / "index.html").read_text(), "html.parser")
    years = [a["href"] for a in soup.select('nav[aria-label="Routes by year"] a')]
    assert years == ["#routes", "#routes-2024", "#routes-2023"]
    for anchor in years[1:]:  # each targets a marker before the grid, and names its year's section
        assert soup.find(id=anchor[1:]).name == "span"
        assert soup.select_one(f"section.{anchor[1:]}") is not None
    assert ":target" in soup.find("style").text and ":has(" not in soup.find("style").text
    assert not soup.find("script", src=re.compile("route"))


@pytest.mark.slow
def test_no_request_to_another_host(routes_site_html):
    text = (routes_site_html / "routes" / "index.html").read_text()
    for url in re.findall(r'(?:src=|url\()"?(https?://[^")]+)', text):
        pytest.fail(f"the routes page asks another host: {url}")


@pytest.mark.slow
def test_each_posts_drawing_is_within_4_kb(routes_site_html):
    biggest = 0
    for page in sorted(routes_site_html.glob("20*/*/*/index.html"))[:60]:
        soup = BeautifulSoup(page.read_text(), "html.parser")
        [svg] = soup.select("figure.route svg")
        biggest = max(biggest, len(str(svg).encode()))
        assert svg["role"] == "img" and svg["aria-label"].startswith("Route of the 10.00 km run")
    SIZES["post"] = biggest
    assert 0 < biggest <= 4096


@pytest.mark.slow
def test_diary_json_keeps_the_route_and_the_csv_leaves_it_out(routes_site_html):
    import json

    data = json.loads((routes_site_html / "diary.json").read_text())
    assert all(routes.decode(e["route"]) for e in data["training"])
    header = (routes_site_html / "training.csv").read_text().splitlines()[0]
    assert "route" not in header


@pytest.mark.slow
def test_report_sizes(routes_site_html, capsys):
    """Not a check: prints what the budgets are against (pytest -s to see)."""
    with capsys.disabled():
        print(f"\nroutes page, {DAYS} routes: {SIZES.get('page', 0):,} bytes; "
              f"largest post drawing: {SIZES.get('post', 0):,} bytes")

