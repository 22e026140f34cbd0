"""What sits under the content folder beside the posts: attachments are copied, not read as
posts; root-absolute links to them follow SITEURL; template syntax left in a post is named."""

from __future__ import annotations

from pathlib import Path
import pytest

from bs4 import BeautifulSoup

from tests.helpers import build_site

pytestmark = pytest.mark.slow  # whole builds in a pelican process: `make test`, not test-fast

REPO = Path(__file__).resolve().parents[2]
POST = """---
title: Race day
date: 2024-05-19 10:00
---

The course map is [a PDF](/media/course.pdf), the results [a page](/media/results.html),
the track ![the route](/media/route.gpx) and [gone](/media/missing.pdf).

{{% card-run "Race" "10km" %}}
"""
HUGO = """+++
title = "From Hugo: TOML"
date = 2024-05-20T07:00:00-04:00
+++

Built as it is.
"""
PLAIN = """Title: Pelican's own metadata
Date: 2024-05-21 08:00

Pace $p = t/d$, and the [map](/media/course.pdf).
"""
ATTACHMENT = "<!DOCTYPE html><html><head><title>Results</title></head><body><p>1. Jo</p></body></html>\n"


def files(post: str = POST) -> dict[str, str | bytes]:
    """Three posts (the race's text is POST unless told) and three attachments under media/."""
    return {"2024/race.md": post, "2024/hugo.md": HUGO, "2024/plain.md": PLAIN,
            "media/results.html": ATTACHMENT, "media/course.pdf": b"%PDF-1.4\n%%EOF\n",
            "media/route.gpx": "<gpx/>\n"}


def test_attachments_are_copied_and_root_links_follow_siteurl(tmp_path):
    result, out = build_site(tmp_path / "content", tmp_path / "out", files=files(), env={"SITEURL": ""})
    log = " ".join((result.stdout + result.stderr).split())
    assert result.returncode == 0, log
    assert "Processed 3 articles" in log  # results.html is no post
    assert (out / "media" / "results.html").read_text(encoding="utf-8") == ATTACHMENT
    assert (out / "media" / "course.pdf").exists() and (out / "media" / "route.gpx").exists()
    assert (out / "2024" / "05" / "from-hugo-toml" / "index.html").exists()  # TOML front matter read
    page = BeautifulSoup((out / "2024/05/race-day/index.html").read_text(encoding="utf-8"), "html.parser")
    links = [a.get("href") or a.get("src") for a in page.select(".entry-body a, .entry-body img")]
    # relative to the post (RELATIVE_URLS in development), so a sub-path works; what is not there stays
    assert links == ["../../../media/course.pdf", "../../../media/results.html", "../../../media/route.gpx",
                     "/media/missing.pdf"]
    # a post in Pelican's own `Key: value` metadata: maths and links alike
    plain = BeautifulSoup((out / "2024/05/pelicans-own-metadata/index.html").read_text(encoding="utf-8"),
                          "html.parser")
    assert plain.select_one(".entry-body math") is not None
    assert plain.select_one(".entry-body a")["href"] == "../../../media/course.pdf"
    # the shortcode is a warning here, named by file and line
    assert 'content/2024/race.md:9: Hugo shortcode {{% card-run "Race" "10km" %}} would be shown as text' in log
    assert "1 warning in the diary's logs" in log


def test_publish_stops_at_template_syntax_and_links_are_absolute(tmp_path):
    result, out = build_site(tmp_path / "content", tmp_path / "out", files=files(), conf="publishconf.py",
                             env={"SITEURL": "https://jo.example.org/diary"})
    log = " ".join((result.stdout + result.stderr).split())
    assert result.returncode != 0
    assert "1 error in the diary's logs" in log and "content/2024/race.md:9: Hugo shortcode" in log
    # a post about Hugo says it means it
    meant = POST.replace("title: Race day\n", "title: Race day\ntemplate_syntax: shown\n")
    result, out = build_site(tmp_path / "content", tmp_path / "out", files=files(meant), conf="publishconf.py",
                             env={"SITEURL": "https://jo.example.org/diary"})
    assert result.returncode == 0, result.stdout + result.stderr
    page = BeautifulSoup((out / "2024/05/race-day/index.html").read_text(encoding="utf-8"), "html.parser")
    assert page.select_one(".entry-body a")["href"] == "https://jo.example.org/diary/media/course.pdf"
