"""No dead links, ever: a diary whose entries fall in months and years with no post
(years of history imported into one post) published under a sub-path, every link followed."""

from __future__ import annotations

from pathlib import Path

from tests.site.crawl import crawl
from tests.site.server import SiteServer
from tests.helpers import build_site

REPO = Path(__file__).resolve().parents[2]

HISTORY = "---\ntitle: Years of history\ndate: 2022-11-12 20:00\ntraining:\n" + "".join(
    f"  - {{date: {year}-{month:02d}-15, distance: 10 km, time: \"55:00\"}}\n"
    for year in (2010, 2013, 2017, 2021) for month in (3, 6)) + "treatments:\n" + "".join(
    f"  - {{date: {year}-06-20, kind: sports massage, cost: £45}}\n" for year in (2012, 2017)) + "---\n\nOld runs.\n"
RECENT = ("---\ntitle: This spring\ndate: 2024-05-02\ntraining:\n  - {date: 2024-04-29, distance: 5 km, time: 25:00}\n"
          "  - {date: 2024-05-01, distance: 8 km, time: 44:00}\n---\n\nNew runs.\n")


def test_every_link_of_a_diary_with_entries_in_months_without_posts_resolves(tmp_path):
    out = tmp_path / "out"
    with SiteServer(out, prefix="/diary/") as server:
        result, _ = build_site(tmp_path / "content", out, files={"2022/history.md": HISTORY, "2024/spring.md": RECENT},
                               conf="publishconf.py", env={"SITEURL": server.siteurl})
        assert result.returncode == 0, result.stdout + result.stderr
        pages, broken = crawl([f"{server.siteurl}/", f"{server.siteurl}/training/",
                               f"{server.siteurl}/recovery/"], f"{server.siteurl}/")
    assert broken == []
    visited = set(pages)
    # The year and month rows of 2010 to 2021 link to the post that logged them, since no
    # archive exists for them; April 2024 (its entry is in a post of May) likewise.
    assert f"{server.siteurl}/2022/11/years-of-history/" in visited
    assert not any(url.startswith(f"{server.siteurl}/2010/") or url.startswith(f"{server.siteurl}/2017/")
                   for url in visited)
    training = (out / "training" / "index.html").read_text()
    assert training.count('href="' + server.siteurl + '/2022/11/years-of-history/"') >= 12  # 4 years, 8 months
