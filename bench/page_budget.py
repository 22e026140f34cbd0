"""The theme's page budget: what one article page with its log tables costs a reader.

    python bench/page_budget.py OUTPUT_DIR     # a built site, e.g. output/

As a bench measurement, `page_budget(builds)` returns a titled table like the
others in run.py (add it to MEASUREMENTS). For each build it takes the article
with the most log rows and counts, from its HTML alone (no browser):

- bytes of HTML and of every stylesheet it links, and the two together
  (the budget: 25 KB uncompressed);
- requests to render: the page, its stylesheets, scripts, images, icons and
  frames, but for what is inline as a data: URL (the budget: 3);
- requests to other hosts (the budget: none).

It reports; the browser tests (tests/browser) enforce the budget.
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import urlparse

from bs4 import BeautifulSoup

BUDGET_BYTES = 25 * 1024
BUDGET_REQUESTS = 3
SUBRESOURCES = [
    ('link[rel~="stylesheet"][href]', "href"),
    ('link[rel~="icon"][href]', "href"),
    ('link[rel~="preload"][href]', "href"),
    ("script[src]", "src"),
    ("img[src]", "src"),
    ("iframe[src]", "src"),
    ("video[src]", "src"),
    ("audio[src]", "src"),
    ("source[src]", "src"),
]


def heaviest_article(output: Path) -> Path | None:
    """The article page with the most log-table rows (the one the budget is about)."""
    best, best_rows = None, -1
    for page in output.glob("[0-9][0-9][0-9][0-9]/[0-9][0-9]/*/index.html"):
        rows = page.read_text(encoding="utf-8").count("<tr>")
        if rows > best_rows:
            best, best_rows = page, rows
    return best


def measure(page: Path, output: Path) -> dict:
    """Bytes and requests of one page, from its HTML and the files beside it."""
    html = page.read_bytes()
    soup = BeautifulSoup(html, "html.parser")
    requests, external, css = 1, [], 0
    for selector, attribute in SUBRESOURCES:
        for element in soup.select(selector):
            url = element[attribute]
            if url.startswith("data:"):
                continue  # inline (the theme's favicon): in the page's bytes, no request
            requests += 1
            parsed = urlparse(url)
            if parsed.scheme in ("http", "https") or url.startswith("//"):
                external.append(url)  # an absolute address: the publish build's own or another host's
                target = output / parsed.path.lstrip("/").split("/", 1)[-1] if parsed.path else None
            else:
                target = (page.parent / parsed.path) if not url.startswith("/") else output / parsed.path.lstrip("/")
            if selector.startswith('link[rel~="stylesheet"]') and target is not None and target.is_file():
                css += target.stat().st_size
    return {"page": page.relative_to(output).as_posix(), "html": len(html), "css": css,
            "total": len(html) + css, "requests": requests, "absolute": external}


def _row(label: str, m: dict) -> list[str]:
    ok = m["total"] <= BUDGET_BYTES and m["requests"] <= BUDGET_REQUESTS
    return [label, m["page"], f"{m['html'] / 1024:.1f}", f"{m['css'] / 1024:.1f}",
            f"{m['total'] / 1024:.1f}", str(m["requests"]), "yes" if ok else "OVER"]


HEAD = ["build", "article", "HTML KB", "CSS KB", "total KB (<= 25)", "requests (<= 3)", "within"]


def page_budget(builds) -> tuple[str, list[str], list[list[str]]]:
    """The bench measurement: the heaviest article of each successful build."""
    rows = []
    for build in builds:
        if not build.ok:
            continue
        page = heaviest_article(build.output)
        if page is not None:
            rows.append(_row(f"{build.size} {build.variant}", measure(page, build.output)))
    return ("Page budget: the article with the most log rows", HEAD, rows)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    output = Path(argv[0])
    page = heaviest_article(output)
    if page is None:
        print(f"no article pages under {output}", file=sys.stderr)
        return 1
    m = measure(page, output)
    print(f"{m['page']}: HTML {m['html']} B + CSS {m['css']} B = {m['total']} B "
          f"({m['total'] / 1024:.1f} KB of {BUDGET_BYTES // 1024} KB), "
          f"{m['requests']} requests (at most {BUDGET_REQUESTS})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
