"""Every kind of page of the three test sites in a real browser, at 320, 375 and 1280 px
in the light and the dark scheme: the real content/, the stress diary
(tests/browser/content/, its dateless draft from the `make html` build) and
Pelican's own samples, built with this theme and plugins.

On each: no sideways scrolling (nor a post's log table cut off in its box), no
axe-core violation, one <h1>, the inline favicon, and the footer's links to the
categories and the authors, which lead there. A screenshot in tests/artifacts/browser/
(SITE-KIND-WIDTH-SCHEME.png) of each that fails, and of every one with
BROWSER_SCREENSHOTS=1 (408 full-page PNGs: a third of this file's time).

Each page is loaded once and then seen at each width and in each scheme, as a reader
who turns a phone or changes the system's scheme sees it: the theme's layout and colours
are CSS media queries (it has no script that reads the width), which the browser applies
again on each change; axe-core is injected once a page."""

from __future__ import annotations

import json
import os
from urllib.parse import urljoin

import pytest

from tests.browser.pages import SAMPLES_PAGES, STRESS_PAGES, axe, open_page

SCREENSHOTS = os.environ.get("BROWSER_SCREENSHOTS") == "1"

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WIDTHS = (320, 375, 1280)
SCHEMES = ("light", "dark")
REAL_PAGES = ("index", "index-page-2", "article", "page", "archives", "year", "period", "category", "tag",
              "author", "tags", "categories", "authors", "training", "routes", "stretching", "recovery", "search",
              "404")
PAGES = ([("real", kind) for kind in REAL_PAGES] + [("stress", kind) for kind in [*STRESS_PAGES, "draft"]]
         + [("samples", kind) for kind in SAMPLES_PAGES])
# What the samples' own content does, not the theme: their jinja2_template.html
# (a TEMPLATE_PAGE of "Some text" in base.html's content block) has no heading;
# unbelievable.rst asks Pygments for line anchors every second line
# (:anchorlinenos:, :linenostep: 2, :lineanchors: foo), whose links in between
# have no text, and twice for the same ids. Only those links are left out.
NO_H1 = {("samples", "template-page")}
AXE_RULES_OFF = {("samples", "template-page"): ["page-has-heading-one"]}
AXE_EXCLUDE = {("samples", "article-code"): ['.highlight a[href^="#foo-"]']}

PAGE_JS = """() => ({
  scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth,
  h1: document.querySelectorAll('main h1').length,
  icons: [...document.querySelectorAll('link[rel~="icon"]')].map(l => l.getAttribute('href')),
  footer: Object.fromEntries([...document.querySelectorAll('.site-footer a')].map(a => [a.textContent.trim(), a.href])),
  cutOff: [...document.querySelectorAll('.logs .table-scroll')].filter(e => e.scrollWidth > e.clientWidth)
    .map(e => e.getAttribute('aria-label')),
})"""


FIXTURES = {"real": "urls", "stress": "stress_urls", "samples": "samples_urls"}


@pytest.mark.parametrize(("site", "kind"), PAGES, ids=[f"{s}-{k}" for s, k in PAGES])
def test_every_page_type_fits_passes_axe_and_links_categories(browser, request, artifacts, site, kind):
    urls = request.getfixturevalue(FIXTURES[site])  # a site is built only if one of its pages is asked for
    seen = {}
    context, page = open_page(browser, urls[kind], WIDTHS[0], SCHEMES[0])
    try:
        for width in WIDTHS:
            for scheme in SCHEMES:
                page.set_viewport_size({"width": width, "height": 900})
                page.emulate_media(color_scheme=scheme)
                shot = artifacts / f"{site}-{kind}-{width}-{scheme}.png"
                try:
                    where = f"{site} {kind} at {width}px ({scheme})"
                    facts = page.evaluate(PAGE_JS)
                    assert facts["scroll"] <= facts["client"], f"{where} scrolls sideways: {facts}"
                    assert facts["cutOff"] == [], f"{where}: a post's log table scrolls in its box"
                    if (site, kind) not in NO_H1:
                        assert facts["h1"] == 1, where
                    violations = axe(page, AXE_RULES_OFF.get((site, kind), ()), AXE_EXCLUDE.get((site, kind), ()))
                    assert violations == [], f"{where}: {json.dumps(violations, indent=1)}"
                    assert len(facts["icons"]) == 1 and facts["icons"][0].startswith("data:image/svg+xml,"), where
                    assert {"Categories", "Authors"} <= set(facts["footer"]), f"{where}: {facts['footer']}"
                    seen = facts["footer"]
                except AssertionError:
                    page.screenshot(path=str(shot), full_page=True)
                    raise
                if SCREENSHOTS:
                    page.screenshot(path=str(shot), full_page=True)
        # The footer's links lead to the lists of categories and of authors.
        for label, heading in (("Categories", "Categories"), ("Authors", "Authors")):
            page.goto(urljoin(urls[kind], seen[label]), wait_until="load")
            assert page.locator("main h1").inner_text() == heading
            assert page.locator("main .term-list a").count() >= 1
    finally:
        context.close()
