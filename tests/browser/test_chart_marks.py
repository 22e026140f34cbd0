"""Every chart, drawn by a real Chromium from generated diaries: every mark lies inside
its chart's box. (The soreness chart was once drawn at x = 2402 in a 720-wide box.)"""

from __future__ import annotations

import datetime as dt
import os

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from pelican.plugins.running_diary.core import specs, summarize
from pelican.plugins.running_diary.core.model import Money, Post
from pelican.plugins.running_diary.core.settings import from_dict
from pelican.plugins.running_diary.render import pages

pytestmark = pytest.mark.browser

POSTS = [Post(file=f"p{n}.md", url=f"2024/p{n}/", title=f"Post {n}") for n in range(3)]
days = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31))
near = st.integers(min_value=0, max_value=400)  # days after a start: diaries of a few weeks to a year


def training(start):
    return st.builds(lambda d, km, minutes, act, post, i: specs.Training(
        date=start + dt.timedelta(days=d), post=post, index=i, activity=act, distance_m=km * 1000 or None,
        time_s=minutes * 60 or None), near,
        st.one_of(st.just(0), st.floats(0.001, 1000)),  # what the readers let through: 1 m to 1,000 km
        st.one_of(st.just(0), st.floats(1 / 60, 7 * 24 * 60)),  # 1 s to 7 days
        st.sampled_from(specs.ACTIVITIES), st.sampled_from(POSTS), st.integers(0, 9))


def stretches(start):
    return st.builds(lambda d, hold, sets, side, muscle, post: specs.Stretch(
        date=start + dt.timedelta(days=d), post=post, index=0, name="calf", hold_s=hold, sets=sets,
        side=side, muscle=muscle), near, st.floats(1, 3600), st.integers(1, 50),
        st.sampled_from([None, "left", "right", "both"]), st.sampled_from([None, "calves", "hips", "quads",
                                                                            "hamstrings", "back", "feet", "neck"]),
        st.sampled_from(POSTS))


def treatments(start):
    return st.builds(lambda d, amount, kind, post: specs.Treatment(
        date=start + dt.timedelta(days=d), post=post, index=0, kind=kind, cost=Money(amount=amount, currency="GBP")),
        near, st.floats(0, 100_000), st.text(min_size=1, max_size=40), st.sampled_from(POSTS))


def soreness(start):
    return st.builds(lambda d, area, score, post: specs.Soreness(
        date=start + dt.timedelta(days=d), post=post, index=0, area=area, score=score),
        near, st.sampled_from(["calves", "left knee", "hips", "a very long area name for a label"]),
        st.integers(0, 10), st.sampled_from(POSTS))


@st.composite
def diaries(draw):
    start = draw(days)
    logs = {"training": draw(st.lists(training(start), max_size=60)),
            "stretches": draw(st.lists(stretches(start), max_size=40)),
            "treatments": draw(st.lists(treatments(start), max_size=12)),
            "soreness": draw(st.lists(soreness(start), max_size=60))}
    return summarize.Diary(logs={log: tuple(sorted(entries, key=lambda e: e.sort_key))
                                 for log, entries in logs.items()})


MARKS = """(svg) => {
  const box = svg.viewBox.baseVal, outside = [];
  for (const el of svg.querySelectorAll('rect, circle, path, polyline, line, text')) {
    if (el.closest('defs, title, desc')) continue;
    const b = el.getBBox();
    if (b.width === 0 && b.height === 0) continue;
    if (b.x < box.x - 1 || b.y < box.y - 1 || b.x + b.width > box.x + box.width + 1
        || b.y + b.height > box.y + box.height + 1)
      outside.push(`${el.tagName}.${el.getAttribute('class')} at ${b.x.toFixed(1)},${b.y.toFixed(1)} `
                   + `${b.width.toFixed(1)}x${b.height.toFixed(1)} in ${box.width}x${box.height}`);
  }
  return outside;
}"""


@pytest.fixture(scope="module")
def page(browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    yield page
    page.close()


def charts_of(diary, units: str):
    site = pages.site_context(diary, from_dict({"units": units}))
    found = [site["training"]["charts"]["weekly_distance"], *site["training"]["charts"]["calendars"],
             site["stretching"]["charts"]["weekly_minutes"], site["recovery"]["charts"]["soreness"]]
    return found


@settings(max_examples=int(os.environ.get("CHART_EXAMPLES", "25")), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                HealthCheck.too_slow, HealthCheck.data_too_large])
@given(diaries(), st.sampled_from(["km", "mi"]))
def test_every_mark_lies_inside_its_chart(page, diary, units):
    for chart in charts_of(diary, units):
        page.set_content(f"<!doctype html><html><body style='font: 13px sans-serif'>{chart['svg']}</body></html>")
        outside = page.eval_on_selector("svg", MARKS)
        assert outside == [], f"{chart['title']}: {outside[:5]}"


def test_the_sample_soreness_chart_draws_its_lines_inside_the_box(page):
    """By hand: two calf scores, 10 and 18 April, and a massage on 14 April, all inside 720 wide."""
    day = dt.date(2024, 4, 10)
    diary = summarize.Diary(logs={
        "soreness": (specs.Soreness(date=day, post=POSTS[0], index=0, area="calves", score=7),
                     specs.Soreness(date=day + dt.timedelta(days=8), post=POSTS[0], index=1, area="calves", score=2)),
        "treatments": (specs.Treatment(date=day + dt.timedelta(days=4), post=POSTS[0], index=0, kind="massage"),)})
    chart = pages.site_context(diary, from_dict({}))["recovery"]["charts"]["soreness"]
    page.set_content(f"<!doctype html><html><body>{chart['svg']}</body></html>")
    assert page.eval_on_selector("svg", MARKS) == []
    line = page.eval_on_selector("svg polyline", "el => { const b = el.getBBox(); return [b.x, b.x + b.width]; }")
    assert line == [8, 586]  # the plot's whole width: 10 April at its left (8), 18 April at its right
