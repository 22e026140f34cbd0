"""The site's own settings in a real build: headings with ids (Markdown's toc), and
no warning for an optional folder the content does not have (content/images)."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path
from types import SimpleNamespace
import pytest

from bs4 import BeautifulSoup

from pelican.plugins.running_diary.plugin.receivers import drop_missing_static_paths

from tests.helpers import PELICAN, build_site

REPO = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "COLUMNS": "400", "TERM": "dumb"}

POST = """---
title: Hills and a cool-down
date: 2024-04-18
---

## Warm-up

Then [the cool-down](#cool-down), and [another post's heading](../../04/flat/#the-flat-bit).

## Cool-down

Easy.

## Warm-up

A second heading of the same words.
"""


def _content(tmp_path: Path) -> Path:
    content = tmp_path / "content" / "2024"
    content.mkdir(parents=True)
    (content / "hills.md").write_text(POST, encoding="utf-8")
    return tmp_path / "content"


@pytest.mark.slow
def test_headings_have_ids_and_a_link_to_themselves(tmp_path):
    content = _content(tmp_path)
    result, out = build_site(content, tmp_path / "out", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    page = BeautifulSoup((out / "2024/04/hills-and-a-cool-down/index.html").read_text(), "html.parser")
    headings = page.select(".entry-body h2")
    # the same words twice get two ids: every #anchor reaches one heading
    assert [h["id"] for h in headings] == ["warm-up", "cool-down", "warm-up_1"]
    for heading in headings:
        link = heading.select_one("a.headerlink")
        assert link["href"] == "#" + heading["id"] and link.get_text() == "#"
        assert link["title"] == "Link to this section"
    # the in-page link now has somewhere to land
    target = page.select_one('.entry-body a[href="#cool-down"]')["href"][1:]
    assert page.find(id=target) is not None
    # no warning for content/images, which this content does not have
    assert "images" not in result.stdout + result.stderr


@pytest.mark.slow
def test_regenerate_watches_without_a_warning_for_a_missing_images_folder(tmp_path):
    """`make regenerate` is `pelican -r`, whose watcher warned "Unable to watch path
    '.../content/images' as it does not exist" for the default STATIC_PATHS."""
    content = _content(tmp_path)
    log = tmp_path / "log.txt"
    with log.open("w") as sink:
        process = subprocess.Popen([str(PELICAN), "-r", str(content), "-o", str(tmp_path / "out"),
                                    "-s", str(REPO / "pelicanconf.py")], cwd=tmp_path, stdout=sink,
                                   stderr=subprocess.STDOUT, env=ENV)
        try:
            deadline = time.monotonic() + 60
            while "Done" not in log.read_text() and time.monotonic() < deadline:
                time.sleep(0.2)
            time.sleep(1.5)  # the watcher is set up after the first build
        finally:
            process.terminate()
            process.wait(timeout=10)
    text = log.read_text()
    assert "Done" in text, text
    assert "Unable to watch" not in text, text


def test_a_static_folder_that_exists_is_kept(tmp_path):
    (tmp_path / "images").mkdir()
    pelican = SimpleNamespace(settings={"PATH": str(tmp_path), "STATIC_PATHS": ["images", "extra", "downloads"]})
    (tmp_path / "extra").mkdir()
    drop_missing_static_paths(pelican)
    assert pelican.settings["STATIC_PATHS"] == ["images", "extra"]
