"""The site-wide pages (training/, stretching/, recovery/, routes/) on a phone, by
where things land on the screen.

- Tables: at 375 and 320 px, every table's rows show every figure they hold (a
  card a row: the key figures in a line, the rest labelled below), inside the
  screen and inside the table's box, which never scrolls sideways; totals rows
  show their totals; no caption is cut off. The tables behind the charts too,
  their <details> opened.
- Route thumbnails are at least 160 px wide at 1280.
"""

from __future__ import annotations

from urllib.parse import urljoin

import pytest

from tests.browser.conftest import read
from tests.browser.pages import CELLS_JS, open_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SITE_PAGES = ("training", "stretching", "recovery", "routes")
PHONES = (375, 320)
SLACK = 0.5  # sub-pixel rounding of boxes


@pytest.fixture(scope="session")
def site_pages(sample_site_published, stress_site_published) -> dict[str, dict[str, str]]:
    """The four pages of the real site and of the stress diary, found by the menu's links."""
    found = {}
    for which, site in (("real", sample_site_published), ("stress", stress_site_published)):
        root = site.root_url
        nav = {a.get_text(strip=True): urljoin(root, a["href"]) for a in read(site, root).select(".site-nav a")}
        found[which] = {kind: nav.get(kind.capitalize(), urljoin(root, f"{kind}/")) for kind in SITE_PAGES}
    return found


# The page's tables, its <details> opened: each box that would scroll sideways, each caption.
TABLES_JS = """() => {
  for (const d of document.querySelectorAll('main details')) d.open = true;
  const out = {boxes: [], captions: [], tables: 0};
  for (const box of document.querySelectorAll('main .table-scroll')) {
    out.boxes.push({label: box.getAttribute('aria-label') || box.getAttribute('aria-labelledby'),
                    scroll: box.scrollWidth, client: box.clientWidth});
  }
  for (const table of document.querySelectorAll('main table')) {
    out.tables += 1;
    if (table.caption) {
      const c = table.caption, r = c.getBoundingClientRect();
      out.captions.push({table: c.textContent.trim(), left: r.left, right: r.right, scroll: c.scrollWidth,
                         client: c.clientWidth});
    }
  }
  return out;
}"""


@pytest.mark.parametrize("width", PHONES)
@pytest.mark.parametrize("which", ["real", "stress"])
@pytest.mark.parametrize("kind", SITE_PAGES)
def test_every_site_table_shows_each_rows_figures_on_a_phone(browser, site_pages, which, kind, width):
    context, page = open_page(browser, site_pages[which][kind], width)
    try:
        found = page.evaluate(TABLES_JS)
        found["cells"] = page.evaluate(CELLS_JS, "main table")
        where = f"{which} {kind} at {width}px"
        if kind != "routes":
            assert found["tables"] >= 3 and found["cells"], f"{where}: no tables to check"
        for box in found["boxes"]:
            assert box["scroll"] <= box["client"], f"{where}: {box['label']} scrolls sideways: {box}"
        for caption in found["captions"]:
            assert caption["scroll"] <= caption["client"], f"{where}: caption cut off: {caption}"
            assert -SLACK <= caption["left"] and caption["right"] <= width + SLACK, f"{where}: {caption}"
        for c in found["cells"]:
            at = f"{where}: {c['name']!r} {c['head']} {c['text']!r} at {c['left']:.1f}..{c['right']:.1f}"
            assert c["width"] > 0 and c["height"] > 0 and c["shown"], at
            assert -SLACK <= c["left"] and c["right"] <= width + SLACK, f"{at} leaves the screen"
            assert c["boxLeft"] - SLACK <= c["left"] and c["right"] <= c["boxRight"] + SLACK, f"{at} is cut off"
            assert c["hit"], f"{at} is covered"
        totals = [c for c in found["cells"] if c["total"]]
        if which == "real" and kind == "recovery":  # the Total row's spend, by hand: 45 + 40 x 4 + 45 = 250
            assert "£250.00" in [c["text"] for c in totals if c["head"] == "Cost"], totals
    finally:
        context.close()


def test_route_thumbnails_are_at_least_160px_wide_on_a_desktop(browser, site_pages):
    context, page = open_page(browser, site_pages["real"]["routes"], 1280)
    try:
        sizes = page.evaluate("""() => [...document.querySelectorAll('.route-grid li a')].map(a => {
          const svg = a.querySelector('svg').getBoundingClientRect(), box = a.getBoundingClientRect();
          return {box: box.width, svg: Math.max(svg.width, svg.height)};
        })""")
        assert sizes, "the real site should draw routes"
        for size in sizes:
            assert size["box"] >= 160 and size["svg"] >= 160 - SLACK, sizes
    finally:
        context.close()


# Each chart as a phone opens it: the part of the chart's box in view, the screen x of its
# newest data (the rightmost bar, point, active day or stretching bar, from the drawing's
# own coordinates), and the boxes of its value axis's labels and of its legend (in the
# drawing: the calendar's legend, the panels' names; in the page: the soreness key).
CHARTS_VIEW_JS = """() => [...document.querySelectorAll('main .chart-block')].map(block => {
  const box = block.querySelector('.chart-scroll'), svg = box.querySelector('svg.chart');
  const b = box.getBoundingClientRect();
  const view = {left: Math.max(b.left + box.clientLeft, 0),
                right: Math.min(b.left + box.clientLeft + box.clientWidth, innerWidth)};
  const m = svg.getScreenCTM(), xs = [];
  const moves = d => [...d.matchAll(/M(-?[\\d.]+) /g)].map(k => parseFloat(k[1]));
  svg.querySelectorAll('.bar rect').forEach(r => xs.push(r.x.baseVal.value + r.width.baseVal.value));
  svg.querySelectorAll('.series circle').forEach(c => xs.push(c.cx.baseVal.value));
  svg.querySelectorAll('.series polyline').forEach(p => [...p.points].forEach(q => xs.push(q.x)));
  svg.querySelectorAll(':scope > path.lvl:not(.lvl0)').forEach(p => moves(p.getAttribute('d')).forEach(x => xs.push(x + 11)));
  svg.querySelectorAll('path.bar').forEach(p => moves(p.getAttribute('d')).forEach(x => xs.push(x)));
  const rect = e => { const r = e.getBoundingClientRect(); return {text: e.textContent.trim().slice(0, 30), left: r.left, right: r.right}; };
  return {chart: svg.querySelector('title').textContent, view,
          newest: xs.length ? m.a * Math.max(...xs) + m.e : null,
          axis: [...svg.querySelectorAll('.axis-y text, text.axis-y, g.axis[text-anchor="end"] text')].map(rect),
          legend: [...svg.querySelectorAll('.legend, .chart-panels .label'), ...block.querySelectorAll('.chart-key li')].map(rect)};
})"""


@pytest.mark.parametrize("width", PHONES)
@pytest.mark.parametrize("which", ["real", "stress"])
@pytest.mark.parametrize("kind", ["training", "stretching", "recovery"])
def test_every_chart_opens_on_its_newest_data_with_its_axis_and_legend(browser, site_pages, which, kind, width):
    context, page = open_page(browser, site_pages[which][kind], width)
    try:
        found = page.evaluate(CHARTS_VIEW_JS)
        assert found, f"no chart on {which} {kind}"
        for chart in found:
            where = f"{which} {kind} at {width}px: {chart['chart']!r} (in view {chart['view']})"
            left, right = chart["view"]["left"] - SLACK, chart["view"]["right"] + SLACK
            assert chart["newest"] is not None, f"{where}: no data drawn"
            assert left <= chart["newest"] <= right, f"{where}: the newest data at {chart['newest']} is out of view"
            assert chart["axis"] or "Weekly stretching" in chart["chart"], f"{where}: no value axis"
            for label in chart["axis"] + chart["legend"]:
                assert left <= label["left"] and label["right"] <= right, f"{where}: {label} is out of view"
            if kind == "recovery":
                assert [k["text"] for k in chart["legend"]], f"{where}: the soreness chart has no key"
    finally:
        context.close()
