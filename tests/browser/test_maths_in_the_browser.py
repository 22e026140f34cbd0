"""Maths written in a post (`$…$`, `$$…$$`) is drawn by the browser from the MathML the build
wrote: each formula has a height and a width, on a phone and on a desktop, with no script."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.site.server import SiteServer
from tests.helpers import build_site

REPO = Path(__file__).resolve().parents[2]
POST = r"""---
title: Pace, by formula
date: 2024-05-01 07:00
---

Pace is time over distance, $p = t/d$, so a 10 km in 50 minutes is

$$
p = \frac{50\ \text{min}}{10\ \text{km}} = 5\ \text{min/km}
$$

and the sum of the splits, \(\sum_{i=1}^{10} s_i\), is the time. The long way round:
$t = s_1 + s_2 + s_3 + s_4 + s_5 + s_6 + s_7 + s_8 + s_9 + s_{10} = 5 + 5 + 5 + 5 + 5 + 5 + 5 + 5 + 5 + 5 = 50$.
"""


@pytest.fixture(scope="module")
def maths_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("maths")
    with SiteServer(root / "out", prefix="/diary/") as server:
        result, _ = build_site(root / "content", root / "out", files={"2024/pace.md": POST},
                               conf="publishconf.py", env={"SITEURL": server.siteurl})
        assert result.returncode == 0, result.stdout + result.stderr
        yield server


@pytest.mark.parametrize("width", [375, 1280])
def test_every_formula_has_a_height_and_a_width(browser, maths_site, artifacts, width):
    page = browser.new_page(viewport={"width": width, "height": 800}, java_script_enabled=False)
    try:
        page.goto(f"{maths_site.root_url}2024/05/pace-by-formula/")
        formulas = page.locator(".entry-body math")
        assert formulas.count() == 4  # $…$, $$…$$, \(…\) and a long $…$
        boxes = [formulas.nth(i).bounding_box() for i in range(4)]
        for box in boxes:
            assert box is not None and box["height"] >= 8 and box["width"] >= 20, boxes
        block = boxes[1]
        assert block["height"] > boxes[0]["height"]  # the fraction stands taller than the inline formula
        assert block["x"] + block["width"] <= width  # on a phone too, inside the screen
        # a formula wider than the column scrolls in its own box: the page never gets wider
        assert boxes[3]["x"] + boxes[3]["width"] <= width
        assert page.evaluate("document.documentElement.scrollWidth") == width
        page.screenshot(path=str(artifacts / f"maths-{width}.png"), full_page=True)
    finally:
        page.close()
