"""The kinds of page of the stress diary and of Pelican's samples, by address under the
site's root; opening a page in a fresh browser context, and axe-core on it; where a
table's cells land on the screen."""

from __future__ import annotations

from axe_playwright_python.base import AXE_SCRIPT

# The stress diary (tests/browser/content/): every kind of page, by its address under the root.
STRESS_PAGES = {
    "index": "",
    "article": "2024/05/stress-week/",
    "translation": "2024/05/stress-week/fr/",
    "everything": "2024/05/everything-logged/",
    "rst": "2024/05/restructured/",
    "page": "about/",
    "page-translation": "about/fr/",
    "archives": "archives/",
    "year": "2024/",
    "period": "2024/05/",
    "category": "category/training/",
    "tag": "tag/half-marathon/",
    "tags": "tags/",
    "categories": "categories/",
    "authors": "authors/",
    "author": "author/sam-okafor-lindqvist/",
    "training": "training/",
    "stretching": "stretching/",
    "recovery": "recovery/",
    "search": "search/",
    "404": "no-such-page/",
}
# Pelican's samples, every kind of page they make with this theme.
SAMPLES_PAGES = {
    "index": "",
    "index-page-2": "page/2/",
    "article": "2010/12/this-is-a-super-article/",
    "article-code": "2010/10/unbelievable/",
    "article-image": "2010/10/oh-yeah/",
    "translation": "2010/10/oh-yeah/fr/",
    "markdown": "2011/04/a-markdown-powered-article/",
    "page": "this-is-a-test-page/",
    "hidden-page": "this-is-a-test-hidden-page/",
    "page-own-address": "override/",
    "template-page": "jinja2_template.html",
    "archives": "archives/",
    "year": "2010/",
    "period": "2010/10/",
    "category": "category/yeah/",
    "tag": "tag/foo/",
    "article-at-a-tag-address": "tag/baz.html",
    "tags": "tags/",
    "categories": "categories/",
    "authors": "authors/",
    "author": "author/alexis-metaireau/",
    "author-page-2": "author/alexis-metaireau/page/2/",
    "training": "training/",
    "stretching": "stretching/",
    "recovery": "recovery/",
    "search": "search/",
    "404": "no-such-page/",
}


def open_page(browser, url, width=1280, scheme="light", **options):
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme, **options)
    page = context.new_page()
    page.goto(url, wait_until="load")
    return context, page


def axe(page, rules_off=(), exclude=()) -> list[dict]:
    if not page.evaluate("typeof window.axe === 'object'"):  # once a page: its script is 500 kB
        page.evaluate(AXE_SCRIPT)
    options = {"resultTypes": ["violations"], "rules": {rule: {"enabled": False} for rule in rules_off}}
    where = {"include": [["html"]], "exclude": [[selector] for selector in exclude]}
    result = page.evaluate("([where, options]) => axe.run(where, options)", [where, options])
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [n["target"] for n in v["nodes"]][:5]} for v in result["violations"]]


# Every non-empty cell of the body and the totals of each table that `selector` finds:
# its table (id, and caption or box label), its column heading, and where it is once
# it has been scrolled (up and down only: a box that scrolls sideways is a failure
# of its own) to the middle of the screen; `hit`: the topmost element at its centre
# is the cell (not covered, not clipped away).
CELLS_JS = """(selector) => {
  const out = [];
  for (const table of document.querySelectorAll(selector)) {
    const box = table.closest('.table-scroll');
    const name = (table.caption ? table.caption.textContent : box.getAttribute('aria-label') || '').trim();
    const heads = [...table.tHead.rows[0].cells].map(c => c.textContent.trim());
    const rows = [...table.tBodies[0].rows, ...(table.tFoot ? table.tFoot.rows : [])];
    for (const row of rows) {
      [...row.cells].forEach((cell, i) => {
        if (!cell.textContent.trim()) return;
        cell.scrollIntoView({block: 'center', inline: 'nearest', behavior: 'instant'});
        const r = cell.getBoundingClientRect(), b = box.getBoundingClientRect();
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + Math.min(r.height / 2, 8));
        out.push({table: table.id, name, head: heads[i], text: cell.textContent.trim(),
                  total: row.parentElement.tagName === 'TFOOT',
                  left: r.left, right: r.right, width: r.width, height: r.height,
                  boxLeft: b.left, boxRight: b.right, hit: !!hit && cell.contains(hit),
                  shown: cell.checkVisibility({opacityProperty: true, visibilityProperty: true})});
      });
    }
  }
  return out;
}"""
