"""Posts written for Jekyll or Hugo, built by this site: read the way their authors meant."""

from __future__ import annotations

from pathlib import Path
import pytest

from bs4 import BeautifulSoup

from pelican.plugins.running_diary.core import foreign

from tests.helpers import build_site

REPO = Path(__file__).resolve().parents[2]

JEKYLL = """---
layout: post
title: "Tempo in the rain"
date: 2024-04-18 07:00
categories: [running, weather]
tags: tempo rain
permalink: /2024/tempo/
description: Five kilometres at threshold, soaked.
authors: ["Runner, Jo", "Coach, Sam"]
---

Wet.
"""
HUGO = """---
title: "Easy shakeout"
date: 2024-04-19
draft: false
tags: ["two, three", "easy"]
layout: single
weight: 3
---

Easy.
"""


def test_normalise_reads_other_generators_keys():
    found, notes = foreign.normalise({"categories": ["running", "weather"], "tags": "tempo rain",
                                      "description": "Short.", "draft": True, "layout": "post"})
    assert found["category"] == "running" and found["summary"] == "Short."
    assert found["tags"] == ["tempo", "rain"] and found["status"] == "draft"
    assert [key for key, _, _ in notes] == ["categories", "tags", "layout"]
    assert foreign.normalise({"published": False})[0]["status"] == "draft"
    assert "status" not in foreign.normalise({"draft": False})[0]


@pytest.mark.slow
def test_a_jekyll_and_a_hugo_post_build_as_meant(tmp_path):
    content = tmp_path / "content" / "2024"
    content.mkdir(parents=True)
    (content / "jekyll.md").write_text(JEKYLL, encoding="utf-8")
    (content / "hugo.md").write_text(HUGO, encoding="utf-8")
    result, out = build_site(tmp_path / "content", tmp_path / "out")
    log = result.stdout + result.stderr
    assert result.returncode == 0, log

    post = BeautifulSoup((out / "2024/04/tempo-in-the-rain/index.html").read_text(), "html.parser")
    assert post.find("meta", attrs={"name": "description"})["content"] == "Five kilometres at threshold, soaked."
    def listed(kind: str) -> list[str]:  # the folders of tag/, category/, author/ (each with an old .html)
        return sorted(p.name for p in (out / kind).iterdir() if p.is_dir())

    # Jekyll's first category; the Hugo post has none, so Pelican takes its folder's name
    assert listed("category") == ["2024", "running"]
    # "two, three" is one tag, not two; "tempo rain" is Jekyll's two tags
    assert listed("tag") == ["easy", "rain", "tempo", "two-three"]
    # "Runner, Jo" is one author, not two; the Hugo post has the site's AUTHOR
    assert listed("author") == ["coach-sam", "jo-runner", "runner-jo"]

    lines = [" ".join(line.split()) for line in log.splitlines()]
    layout = [line for line in lines if ": layout: " in line]
    assert len(layout) == 1 and "(also in 1 other post)" in layout[0], layout
    assert "2024/hugo.md:6: layout: Jekyll's page layout: Pelican has no use for it" in layout[0]  # files in order
    # Jekyll's permalink is the post's former address: it redirects to the post (plugins/old_addresses)
    assert not any(": permalink: " in line for line in lines)
    moved = BeautifulSoup((out / "2024/tempo/index.html").read_text(), "html.parser")
    assert moved.find("meta", attrs={"http-equiv": "refresh"})["content"].endswith("2024/04/tempo-in-the-rain/")
    assert any("jekyll.md:6: tags: one string of words is read as 2 tags" in line for line in lines)
    assert any("jekyll.md:5: categories: Pelican gives a post one category: 'running' is used" in line
               for line in lines)
