"""The theme's CSS: the published bundle is up to date, and only the bundle is published.

theme/css/ holds the sources (tokens, base, components/*); theme/build_css.py
joins them into theme/static/css/main.css. Pelican copies all of
theme/static/ into the site, so a source left there would be published too.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
THEME = REPO / "theme"


def _build_css():
    spec = importlib.util.spec_from_file_location("build_css", THEME / "build_css.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_bundle_is_up_to_date_with_its_sources():
    build_css = _build_css()
    assert build_css.BUNDLE == THEME / "static" / "css" / "main.css"
    current = build_css.BUNDLE.read_text(encoding="utf-8")
    assert current == build_css.bundle(), (
        "theme/static/css/main.css is out of date: run python theme/build_css.py")


def test_every_source_is_a_part_of_the_bundle():
    build_css = _build_css()
    sources = {p.relative_to(build_css.CSS).as_posix() for p in build_css.CSS.rglob("*.css")}
    assert sources == set(build_css.PARTS)


def test_no_css_but_the_bundle_is_published():
    static = THEME / "static"
    published = sorted(p.relative_to(static).as_posix() for p in static.rglob("*.css"))
    assert published == ["css/main.css"]


def test_the_inline_favicon_is_the_svg_file():
    """Every page links static/favicon.svg inline (partials/favicon.uri, written by build_css.py):
    the same drawing, on one line, with only what a URL may not hold percent-encoded."""
    from urllib.parse import unquote  # noqa: PLC0415

    build_css = _build_css()
    uri = build_css.FAVICON_URI.read_text(encoding="utf-8")
    assert uri == build_css.favicon_uri(), "partials/favicon.uri is out of date: run python theme/build_css.py"
    assert uri.startswith("data:image/svg+xml,") and not any(c in uri for c in '<>#" \n')
    svg = build_css.FAVICON.read_text(encoding="utf-8")
    assert unquote(uri.removeprefix("data:image/svg+xml,")) == " ".join(svg.split())
