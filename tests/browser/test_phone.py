"""Reading on a phone, checked by where things land on the screen.

- A post's log tables: at 375 px every entry's key cells (and the rest, which
  wrap below them) lie inside the screen and are really visible, without the
  table's box scrolling sideways; at wider screens nothing is cut off either.
- A post's body: a wide table, numbered code, a long address, an image and
  embedded media never make the page wider than the screen.
- Highlighted code is coloured in the light and the dark scheme (axe checks
  the contrast, in test_sites.py).
- Charts: text at 12 px or more as rendered on a phone, and the chart's box
  opens at its right end, the newest weeks, without JavaScript.
"""

from __future__ import annotations

import json
from urllib.parse import urljoin

import pytest

from pelican.plugins.running_diary.core import specs

from tests.browser.conftest import read
from tests.browser.pages import CELLS_JS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE = 375
SCHEMES = ("light", "dark")
# What a reader sees for every entry at 375 px without scrolling sideways, by column heading.
KEY_HEADINGS = {
    "log-training": {"Date", "Activity", "Distance", "Time", "Pace"},
    "log-stretches": {"Date", "Stretch", "Hold", "Sets", "Side"},
    "log-treatments": {"Date", "Treatment", "Cost"},
    "log-soreness": {"Date", "Area", "Score"},
}
SLACK = 0.5  # sub-pixel rounding of boxes

SCROLL_BOXES_JS = """(selector) => [...document.querySelectorAll(selector)].map(e => ({
  label: e.getAttribute('aria-label') || e.getAttribute('aria-labelledby') || e.className,
  scroll: e.scrollWidth, client: e.clientWidth}))"""


@pytest.fixture(scope="session")
def real(sample_site_published) -> dict[str, str]:
    """The real site's article with all four logs and the most entries, and its three diary pages."""
    site, root = sample_site_published, sample_site_published.root_url
    data = json.loads((site.output / "diary.json").read_text(encoding="utf-8"))
    counts: dict[str, int] = {}
    logs: dict[str, set] = {}
    for log in specs.names():
        for entry in data[log]:
            counts[entry["post"]] = counts.get(entry["post"], 0) + 1
            logs.setdefault(entry["post"], set()).add(log)
    all_four = [post for post in counts if len(logs[post]) == 4]
    assert all_four, "content/ has no post with all four logs"
    nav = {a.get_text(strip=True): urljoin(root, a["href"]) for a in read(site, root).select(".site-nav a")}
    return {"article": urljoin(root, max(all_four, key=counts.get)),
            "training": nav["Training"], "stretching": nav["Stretching"], "recovery": nav["Recovery"]}


@pytest.fixture(scope="session")
def fixture(stress_site_published) -> dict[str, str]:
    """The fixture site's pages: the post with everything, the reStructuredText post, the rest."""
    root = stress_site_published.root_url
    return {"everything": urljoin(root, "2024/05/everything-logged/"),
            "rst": urljoin(root, "2024/05/restructured/"),
            "index": root, "about": urljoin(root, "about/"),
            "training": urljoin(root, "training/"), "stretching": urljoin(root, "stretching/"),
            "recovery": urljoin(root, "recovery/")}


def _open(browser, url, width, scheme="light", **options):
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme, **options)
    page = context.new_page()
    page.goto(url, wait_until="load")
    return context, page


def _page_width(page) -> tuple[int, int]:
    return tuple(page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]"))


# --- the log tables ---------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["real", "fixture"])
def test_every_entry_shows_its_key_cells_on_a_phone(browser, real, fixture, which):
    url = real["article"] if which == "real" else fixture["everything"]
    context, page = _open(browser, url, PHONE)
    try:
        assert _page_width(page)[0] <= PHONE
        tables = page.evaluate("[...document.querySelectorAll('.logs table')].map(t => t.id)")
        assert sorted(tables) == sorted(KEY_HEADINGS), f"{url} should have all four logs: {tables}"
        for box in page.evaluate(SCROLL_BOXES_JS, ".logs .table-scroll"):
            assert box["scroll"] <= box["client"], f"{box['label']} scrolls sideways at {PHONE}px"
        cells = page.evaluate(CELLS_JS, ".logs table")
        keys = [c for c in cells if c["head"] in KEY_HEADINGS[c["table"]]]
        assert {c["head"] for c in keys if c["table"] == "log-training"} >= {"Date", "Activity", "Time"}
        for c in cells:  # the key cells, and every other field wrapped below them
            where = f"{c['table']} {c['head']} {c['text']!r}: {c['left']:.1f}..{c['right']:.1f}"
            assert c["width"] > 0 and c["height"] > 0 and c["shown"], where
            assert -SLACK <= c["left"] and c["right"] <= PHONE + SLACK, f"{where} leaves the screen"
            assert c["boxLeft"] - SLACK <= c["left"] and c["right"] <= c["boxRight"] + SLACK, f"{where} is cut off"
            assert c["hit"], f"{where} is covered"
    finally:
        context.close()


@pytest.mark.parametrize("width", [320, 800, 1100, 1280])
@pytest.mark.parametrize("which", ["real", "fixture"])
def test_log_tables_are_never_cut_off(browser, real, fixture, which, width):
    """Notes wrap rather than run out of their box, at any width."""
    url = real["article"] if which == "real" else fixture["everything"]
    context, page = _open(browser, url, width)
    try:
        assert _page_width(page)[0] <= width
        for box in page.evaluate(SCROLL_BOXES_JS, ".logs .table-scroll"):
            assert box["scroll"] <= box["client"], f"{box['label']} is cut off at {width}px: {box}"
    finally:
        context.close()


def _post_urls(site) -> list[str]:
    """Every post of a served site that has log tables, from its built files."""
    return [site.root_url + str(path.parent.relative_to(site.output)) + "/"
            for path in sorted(site.output.glob("20[0-9][0-9]/[0-9][0-9]/*/index.html"))
            if 'class="logs"' in path.read_text(encoding="utf-8")]


@pytest.mark.parametrize("which", ["real", "stress"])
def test_no_post_has_a_log_table_cut_off_on_a_small_phone(browser, sample_site_published, stress_site_published, which):
    """At 320 px (the narrowest phones in use), every post of both sites: each card's key
    line (four training columns, say) fits its box. It once overflowed by 5 px."""
    site = sample_site_published if which == "real" else stress_site_published
    urls = _post_urls(site)
    assert len(urls) >= (17 if which == "real" else 2), urls  # every post with logs
    context, page = _open(browser, urls[0], 320)
    try:
        cut = {}
        for url in urls:
            page.goto(url, wait_until="load")
            boxes = [box for box in page.evaluate(SCROLL_BOXES_JS, ".logs .table-scroll")
                     if box["scroll"] > box["client"]]
            if boxes or _page_width(page)[0] > 320:
                cut[url] = boxes
        assert cut == {}, f"cut off at 320px: {cut}"
    finally:
        context.close()


def test_the_tables_stay_tables(browser, fixture):
    """The card layout is CSS only: a screen reader still gets a table, every heading and every cell."""
    for width in (PHONE, 1280):
        context, page = _open(browser, fixture["everything"], width)
        try:
            table = page.get_by_role("table", name="Treatments")
            assert table.count() == 1
            headings = table.get_by_role("columnheader").all_inner_texts()
            assert len(headings) == 7, headings  # hidden on the card, but there
            assert table.get_by_role("rowheader").count() == 3  # two entries and the totals
            assert table.get_by_role("cell").count() == 3 * 6
            assert table.get_by_role("cell", name="West End Physios and Sports Injury Clinic").count() == 1
        finally:
            context.close()


@pytest.mark.parametrize("kind", ["training", "stretching", "recovery"])
def test_site_tables_are_not_cut_off_on_a_desktop(browser, real, kind):
    context, page = _open(browser, real[kind], 1280)
    try:
        for box in page.evaluate(SCROLL_BOXES_JS, ".table-scroll"):
            assert box["scroll"] <= box["client"], f"{kind}: {box['label']} is cut off at 1280px: {box}"
    finally:
        context.close()


# --- a post's body ----------------------------------------------------------------------------


# The body's width and axe-core at 320, 375 and 1280 px in both schemes, for these pages
# (everything, rst, index, page, training, stretching, recovery) and every other kind of
# the stress diary: tests/browser/test_sites.py, which checked them here a second time.


def test_wide_things_in_a_body_scroll_inside_their_own_box(browser, fixture):
    context, page = _open(browser, fixture["everything"], PHONE)
    try:
        boxes = page.evaluate("""() => {
          const body = document.querySelector('.entry-body');
          const pick = s => [...body.querySelectorAll(s)].map(e => {
            const r = e.getBoundingClientRect();
            return {what: s, left: r.left, right: r.right, scroll: e.scrollWidth, client: e.clientWidth,
                    tabindex: e.getAttribute('tabindex')};
          });
          return [...pick(':scope > table'), ...pick('.highlight'), ...pick('img'), ...pick('video'),
                  ...pick('iframe'), ...pick('p')];
        }""")
        assert {b["what"] for b in boxes} == {":scope > table", ".highlight", "img", "video", "iframe", "p"}
        for b in boxes:
            assert -SLACK <= b["left"] and b["right"] <= PHONE + SLACK, b
        table = next(b for b in boxes if b["what"] == ":scope > table")
        numbered = page.locator(".highlight:has(.highlighttable)")
        assert numbered.count() == 1
        code = page.evaluate("e => [e.scrollWidth, e.clientWidth, e.getAttribute('tabindex')]",
                             numbered.element_handle())
        for scroll, client, tabindex in [(table["scroll"], table["client"], table["tabindex"]), code]:
            assert scroll > client, "the fixture should be wider than a phone"
            assert tabindex == "0", "a box that scrolls needs to take the keyboard's focus"
    finally:
        context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
def test_code_is_coloured_in_both_schemes(browser, fixture, scheme):
    context, page = _open(browser, fixture["everything"], 1280, scheme)
    try:
        colours = page.evaluate("""() => {
          const c = s => getComputedStyle(document.querySelector(s)).color;
          return {text: c('.entry-body > p'), keyword: c('.highlight .k'), string: c('.highlight .s2'),
                  comment: c('.highlight .c1'), builtin: c('.highlight .nb'),
                  background: getComputedStyle(document.querySelector('.highlight')).backgroundColor};
        }""")
        for token in ("keyword", "string", "comment", "builtin"):
            assert colours[token] != colours["text"], (token, colours)
        assert colours["keyword"] != colours["string"] != colours["comment"], colours
        if scheme == "dark":
            context2, light = _open(browser, fixture["everything"], 1280, "light")
            assert light.evaluate("getComputedStyle(document.querySelector('.highlight .k')).color") \
                != colours["keyword"]
            context2.close()
    finally:
        context.close()


# --- charts -----------------------------------------------------------------------------------

CHARTS_JS = """() => [...document.querySelectorAll('.chart-scroll')].map(box => {
  const svg = box.querySelector('svg.chart');
  const scale = svg.getScreenCTM().a;
  const sizes = [...svg.querySelectorAll('text')].map(t => parseFloat(getComputedStyle(t).fontSize) * scale);
  const b = box.getBoundingClientRect(), s = svg.getBoundingClientRect();
  return {chart: svg.getAttribute('aria-labelledby'), smallest: Math.min(...sizes), texts: sizes.length,
          scroll: box.scrollWidth, client: box.clientWidth,
          boxLeft: b.left + box.clientLeft, boxRight: b.left + box.clientLeft + box.clientWidth,
          svgLeft: s.left, svgRight: s.right};
})"""


@pytest.mark.parametrize("kind", ["training", "stretching", "recovery"])
def test_chart_text_is_12px_or_more_on_a_phone(browser, real, kind):
    context, page = _open(browser, real[kind], PHONE)
    try:
        charts = page.evaluate(CHARTS_JS)
        assert charts, f"no chart on {kind}"
        for c in charts:
            assert c["texts"] > 0 and c["smallest"] >= 12 - 0.01, c
    finally:
        context.close()


@pytest.mark.parametrize("javascript", [True, False])
@pytest.mark.parametrize("kind", ["training", "stretching", "recovery"])
def test_chart_opens_at_its_newest_end_on_a_phone(browser, real, kind, javascript):
    context, page = _open(browser, real[kind], PHONE, java_script_enabled=javascript)
    try:
        for c in page.evaluate(CHARTS_JS):
            assert c["scroll"] > c["client"], f"the chart fits a phone, nothing to check: {c}"
            assert abs(c["svgRight"] - c["boxRight"]) <= 1, f"the right end is not in view: {c}"
            assert c["svgLeft"] < c["boxLeft"], c
    finally:
        context.close()
