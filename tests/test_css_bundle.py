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
