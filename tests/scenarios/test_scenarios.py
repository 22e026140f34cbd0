"""Whole builds of small fixture sites, one folder per scenario.

Each scenario folder holds `content/`, optionally `settings.json` (overrides
of pelicanconf.py) and `expected/` (snapshots). The build is Pelican's own
command line, so what is asserted is what an author sees. Regenerate the
snapshots with `make snapshots` (UPDATE_SNAPSHOTS=1).
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.helpers import SiteBuild, build_site

pytestmark = pytest.mark.slow  # whole builds in a pelican process: `make test`, not test-fast

HERE = Path(__file__).parent
REPO = HERE.parents[1]
UPDATE = os.environ.get("UPDATE_SNAPSHOTS") == "1"


def build(scenario: str, out: Path, **overrides) -> subprocess.CompletedProcess:
    """A thin wrapper of build_site: the scenario's folder, with its settings.json (and
    OVERRIDES) over pelicanconf.py, and only the plugins whose output it checks."""
    settings_file = HERE / scenario / "settings.json"
    settings = json.loads(settings_file.read_text()) if settings_file.exists() else {}
    settings.update(overrides)
    settings.setdefault("PLUGINS", ["running_diary", "sitemap"])
    return build_site(HERE / scenario / "content", out, settings=settings, cwd=REPO).result


def output_text(result: subprocess.CompletedProcess) -> str:
    """Pelican's log, joined back into lines (rich wraps long lines)."""
    return SiteBuild(result, Path()).log


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    cache = {}

    def get(scenario: str):
        if scenario not in cache:
            out = tmp_path_factory.mktemp(scenario)
            cache[scenario] = (build(scenario, out), out)
        return cache[scenario]

    return get


def check_snapshot(out: Path, scenario: str, name: str) -> None:
    expected = HERE / scenario / "expected" / name
    actual = (out / name).read_text(encoding="utf-8")
    if UPDATE:
        expected.parent.mkdir(exist_ok=True)
        expected.write_text(actual, encoding="utf-8")
    assert expected.exists(), f"no snapshot {expected}: run `make snapshots`"
    assert json.loads(actual) == json.loads(expected.read_text(encoding="utf-8")), (
        f"{name} differs from {expected}; if the change is intended, run `make snapshots`")


@pytest.mark.parametrize("scenario", ["contract_example", "every_form", "miles_sunday"])
@pytest.mark.parametrize("name", ["diary.json"])
def test_output_matches_the_snapshot(built, scenario, name):
    result, out = built(scenario)
    assert result.returncode == 0, output_text(result)
    assert "ERROR" not in output_text(result)
    check_snapshot(out, scenario, name)


POSTS = {"contract_example": "2024/04/two-massages-later", "every_form": "2024/05/every-form-the-contract-accepts",
         "miles_sunday": "2024/06/a-week-in-miles"}


@pytest.mark.parametrize("scenario", sorted(POSTS))
def test_the_log_tables_under_a_post_match_the_snapshot(built, scenario):
    """The rendered tables (the theme's partials over the plugin's data), as HTML."""
    result, out = built(scenario)
    page = (out / POSTS[scenario] / "index.html").read_text(encoding="utf-8")
    section = BeautifulSoup(page, "html.parser").select_one("section.logs")
    assert section is not None
    (out / "post-logs.html").write_text(section.prettify(), encoding="utf-8")
    expected = HERE / scenario / "expected" / "post-logs.html"
    if UPDATE:
        expected.write_text(section.prettify(), encoding="utf-8")
    assert expected.exists(), f"no snapshot {expected}: run `make snapshots`"
    assert section.prettify() == expected.read_text(encoding="utf-8"), (
        f"the log tables differ from {expected}; if the change is intended, run `make snapshots`")


def test_every_form_reads_without_a_problem(built):
    result, out = built("every_form")
    assert "WARNING" not in output_text(result), output_text(result)
    data = json.loads((out / "diary.json").read_text())
    assert len(data["training"]) == 11 and len(data["treatments"]) == 5


def test_a_post_shows_its_log_tables_escaped(built):
    result, out = built("every_form")
    page = (out / "2024" / "05" / "every-form-the-contract-accepts" / "index.html").read_text()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(" in page
    soup = BeautifulSoup(page, "html.parser")
    assert len(soup.find_all("table")) >= 4


# The tables of the site pages whose rows stand for entries, by caption: each row links to the
# post(s) that logged them, or (a year or a month) to the archive that lists those posts.
POST_ROWS = {"training": ("Per week", "Distance per pair"),
             "stretching": ("Per muscle group", "Per stretch"),
             "recovery": ("Every treatment, newest first",)}
ARCHIVE_ROWS = {"training": ("Per year", "Per month"), "stretching": (), "recovery": ("Per year", "Per month")}
# Captioned tables whose rows are not one post's: all-time sums per activity, and soreness per
# area (its points, each with its post, are in the chart). The charts' own tables have no caption.
NOT_PER_POST = {"All time, by activity", "Per area (0 none, 10 worst)"}
ABSENT = {"every_form": {"Distance per pair"},  # no shoes named
          "miles_sunday": {"Per muscle group", "Per stretch"}}  # no stretches


def linked_file(out: Path, page: str, href: str) -> Path:
    """The file in `out` that a link on `page`/index.html opens (relative URLs, as the builds make)."""
    assert "://" not in href and not href.startswith("/"), href
    target = (out / page / href.split("#")[0]).resolve()
    return target / "index.html" if href.endswith("/") else target


@pytest.mark.parametrize("scenario", [
    "contract_example",
    "every_form",  # entries of 29-30 April in a post of May: April's row links to that post
    "miles_sunday",
])
def test_the_site_pages_link_every_row_to_its_post(built, scenario):
    result, out = built(scenario)
    assert result.returncode == 0, output_text(result)
    absent = set()
    for page in POST_ROWS:
        soup = BeautifulSoup((out / page / "index.html").read_text(), "html.parser")
        tables = {t.caption.get_text(" ", strip=True): t for t in soup.select("main table") if t.caption}
        assert set(tables) - NOT_PER_POST <= {*POST_ROWS[page], *ARCHIVE_ROWS[page]}, (
            f"{page}: a new table: does each of its rows link to its posts?")
        for caption in (*POST_ROWS[page], *ARCHIVE_ROWS[page]):
            if caption not in tables:
                absent.add(caption)
                continue
            rows = tables[caption].select("tbody tr")
            assert rows, (page, caption)
            for row in rows:
                where = (scenario, page, caption, row.th.get_text(strip=True))
                hrefs = [a["href"] for a in row.select("a[href]")]
                assert hrefs, f"{where}: the row links to nothing"
                for href in hrefs:
                    target = linked_file(out, page, href)
                    assert target.is_file(), f"{where}: {href} opens nothing ({target})"
                    linked = BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser")
                    if caption in POST_ROWS[page]:  # a post that logged entries, under its title
                        assert linked.select_one("section.logs") is not None, f"{where}: {href} is no post"
                        assert linked.h1.get_text(strip=True) == row.select_one(
                            f'a[href="{href}"]').get_text(strip=True), where
                    else:  # an archive, which links to the posts it lists
                        assert linked.select("main a[href]"), f"{where}: {href} lists no post"
    assert absent == ABSENT.get(scenario, set())  # every other table was there, and checked


def test_plain_metadata_posts_still_build(built):
    result, out = built("plain_metadata")
    assert result.returncode == 0, output_text(result)
    assert (out / "2024" / "03" / "booked-in" / "index.html").exists()
    assert (out / "2024" / "03" / "and-one-in-yaml" / "index.html").exists()
    assert json.loads((out / "diary.json").read_text())["training"] == []


def test_logs_on_a_page_are_a_warning_not_a_silent_loss(built):
    result, out = built("plain_metadata")
    assert ("tests/scenarios/plain_metadata/content/pages/about.md: soreness: logs on a page are not counted; "
            "move them to a post") in output_text(result)
    assert (out / "about" / "index.html").exists()
    assert json.loads((out / "diary.json").read_text())["soreness"] == []


# --- bad input -----------------------------------------------------------------------

EXPECTED_PROBLEMS = [
    "tests/scenarios/bad_input/content/2024/typos.md:5: training[0].time: not a duration: seconds run from 0 to 59 (got '45:72')",
    "tests/scenarios/bad_input/content/2024/typos.md:7: training[2].hr: must be from 25 to 250 (got 400)",
    "tests/scenarios/bad_input/content/2024/typos.md:8: training[3].activity: must be one of run, walk, hike, "
    "cycle, swim, strength, yoga, cross, rest (got 'jog')",
    "tests/scenarios/bad_input/content/2024/typos.md:11: stretches[1].hold: required field is missing",
    "tests/scenarios/bad_input/content/2024/typos.md:13: treatments[0].cost: not an amount of money such as £45, "
    "45 GBP or 45 (got 'lots')",
    "tests/scenarios/bad_input/content/2024/typos.md:15: soreness[0].score: must be from 0 to 10 (got 11)",
    "tests/scenarios/bad_input/content/2024/broken-yaml.md:7: front matter is not valid YAML: did not find "
    "expected ',' or ']' (while parsing a flow sequence that starts on line 6); the logs are left out",
]
EXPECTED_WARNING = ("tests/scenarios/bad_input/content/2024/typos.md:6: training[1].distnace: unknown field, "
                    "ignored; did you mean 'distance'?")


def test_a_normal_build_reports_every_problem_and_publishes_all_that_is_valid(built):
    result, out = built("bad_input")
    log = output_text(result)
    assert result.returncode == 0, log
    assert "Traceback" not in log
    for problem in EXPECTED_PROBLEMS:
        assert problem in log
    assert EXPECTED_WARNING in log
    # Every post is published with its body, the broken-YAML one included.
    for slug, words in [("a-post-full-of-typos", "must still be published"),
                        ("broken-yaml", "front matter does not parse"), ("a-good-post-beside-them", "All fine")]:
        assert words in (out / "2024" / "04" / slug / "index.html").read_text()
    data = json.loads((out / "diary.json").read_text())
    # Valid entries only: typos.md keeps training[1] (a warning only), the good post its run.
    assert [(t["date"], t["distance_m"]) for t in data["training"]] == [("2024-04-16", None), ("2024-04-21", 10000)]
    assert [s["name"] for s in data["stretches"]] == ["calf stretch"]
    assert data["treatments"] == []
    assert [s["score"] for s in data["soreness"]] == [2]


def test_a_strict_build_fails_after_listing_every_problem(tmp_path):
    result = build("bad_input", tmp_path, DIARY={"strict": True})
    log = output_text(result)
    assert result.returncode != 0
    assert "Traceback" not in log
    for problem in EXPECTED_PROBLEMS:
        assert problem in log
    # The 7 invalid entries, and the typo `distnace`: in the publish build an unknown field
    # with a close match is an error, so that a typo never takes a number off the site.
    assert EXPECTED_WARNING in log
    assert "8 errors in the diary's logs: the publish build stops here" in log
    assert "run `make check` to see them again" in log


def test_a_bad_diary_setting_stops_the_build_with_a_sentence(tmp_path):
    result = build("contract_example", tmp_path, DIARY={"units": "furlongs"})
    log = output_text(result)
    assert result.returncode != 0
    assert "DIARY: units must be one of km, mi (got 'furlongs')" in log
    assert "Traceback" not in log


def test_feed_entries_carry_the_log_digest(tmp_path):
    import feedparser

    result = build("contract_example", tmp_path, SITEURL="https://example.org/diary",
                   FEED_ALL_ATOM="feeds/all.atom.xml", FEED_ALL_RSS="feeds/all.rss.xml")
    assert result.returncode == 0, output_text(result)
    digest = "6.00 km · 0:34:30 · ride 20.00 km · 2 stretches · sports massage · calves 3/10"  # the run, then the ride apart
    for name in ("all.atom.xml", "all.rss.xml"):
        feed = feedparser.parse((tmp_path / "feeds" / name).read_bytes())
        assert not feed.bozo, feed.bozo_exception
        (entry,) = feed.entries
        assert entry.link == "https://example.org/diary/2024/04/two-massages-later/"
        text = entry.content[0].value if "content" in entry else entry.description
        assert f'<p class="diary-digest">{digest}</p>' in text


def build_one_post(tmp_path: Path, text: str) -> tuple[subprocess.CompletedProcess, Path]:
    """Build a site of one post with the site's own settings: it must build."""
    result, out = build_site(tmp_path / "content", tmp_path / "out", files={"post.md": text}, cwd=REPO)
    assert result.returncode == 0, output_text(result)
    return result, out


def test_a_body_whose_first_line_reads_like_metadata_is_kept(tmp_path):
    # Markdown's `meta` extension would take `Note: ...` for a metadata line and drop it.
    _, out = build_one_post(
        tmp_path, "---\ntitle: Straight in\ndate: 2024-04-15\ntraining:\n  - distance: 5 km\n---\n"
                  "Note: the first line of this post.\n\nThe second paragraph.\n")
    html = (out / "2024" / "04" / "straight-in" / "index.html").read_text(encoding="utf-8")
    assert "Note: the first line of this post." in html
    assert "The second paragraph." in html


def test_the_diary_pages_are_written_by_pelicans_writer_and_in_the_sitemap(built):
    """Through Pelican's writer, so other plugins (the sitemap) hear of them."""
    result, out = built("contract_example")
    sitemap = (out / "sitemap.xml").read_text()
    for page in ("training", "stretching", "recovery"):
        assert f"/{page}/</loc>" in sitemap


@pytest.mark.parametrize("kind, front", [
    ("page", "---\ntitle: My training\nslug: training\n---\nA page of my own.\n"),
    ("post", "---\ntitle: Recovery\ndate: 2024-04-15\nsave_as: recovery/index.html\n---\nA post.\n"),
])
def test_content_at_a_diary_address_fails_the_build_naming_both(tmp_path, kind, front):
    clash = "pages/clash.md" if kind == "page" else "2024/clash.md"
    result, out = build_site(tmp_path / "content", tmp_path / "out", files={
        clash: front, "2024/run.md": "---\ntitle: Run\ndate: 2024-04-16\ntraining:\n  - {time: 30}\n---\n"})
    log = output_text(result)
    assert result.returncode == 1, log
    page = "training" if kind == "page" else "recovery"
    assert f"clash.md: it is written to {page}/index.html, where the diary's {page} page goes" in log
    assert "Traceback" not in log
    assert not (out / page / "index.html").exists()


def test_a_log_written_twice_is_a_warning_in_the_build(tmp_path):
    result, _ = build_one_post(tmp_path, "---\ntitle: Twice\ndate: 2024-04-15\ntraining:\n  - distance: 5 km\n"
                                         "training:\n  - distance: 8 km\n---\nBody.\n")
    log = output_text(result)
    assert "post.md:6: 'training' is written again here: this one counts, the earlier one is dropped" in log
    assert "1 warning in the diary's logs" in log
