"""Nothing skipped in silence (issue 18, items 2 and 7): every source Pelican leaves out,
and every file the build must not read, is named with its reason. `diary check` and the
publish build fail on exactly the same files; the normal build finishes, naming each;
no traceback anywhere. The sites are one fixture folder, tests/fixtures/broken_sites/<case>."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import build_site

pytestmark = pytest.mark.slow  # whole builds in a pelican process: `make test`, not test-fast

REPO = Path(__file__).resolve().parents[2]
BROKEN = REPO / "tests" / "fixtures" / "broken_sites"
DIARY = [sys.executable, "-m", "pelican.plugins.running_diary.cli.main"]
ENV = {**os.environ, "COLUMNS": "400", "TERM": "dumb", "SITEURL": "http://x.test"}
NAMED = re.compile(r"^(content[^:\s]*)(?::\d+)?: ", re.M)  # a problem line: FILE[:LINE]: ...

# case -> the files its problems name (worked out by reading each fixture)
EXPECTED = {
    "bad_draft": {"content/2024/maybe.md"},
    "binary": {"content/2024/binary.md"},
    "deep_list": {"content/2024/deep.md"},
    "draft_link": {"content/2024/good.md"},  # good.md links to plan.md, a draft
    "every_post_skipped": {"content", "content/2024/no-date.md"},
    "broken_toml": {"content/2024/hugo.md"},  # TOML is read (Hugo), but this one does not parse
    "no_date": {"content/2024/no-date.md"},
    "no_title": {"content/2024/no-title.md", "content/2024/plain-no-title.md"},
    "page_no_title": {"content/pages/about.md"},
    "unknown_status": {"content/2024/pending.md"},
    "unreadable": {"content/2024/fifo.md", "content/2024/passwd.md", "content/images/zero.png",
                   "content/images/pipe.jpg", "content/2024/nowhere.md", "content/linked"},
}


def make_site(case: str, tmp_path: Path) -> Path:
    site = tmp_path / case
    if case == "unreadable":  # made here: git keeps neither a FIFO nor, safely, a link to /dev/zero
        shutil.copytree(BROKEN / "no_date" / "content", site / "content")
        (site / "content/2024/no-date.md").unlink()
        (site / "content/images").mkdir()
        os.mkfifo(site / "content/2024/fifo.md")
        os.mkfifo(site / "content/images/pipe.jpg")
        (site / "content/images/zero.png").symlink_to("/dev/zero")
        (site / "content/2024/passwd.md").symlink_to("/etc/passwd")
        (site / "content/2024/nowhere.md").symlink_to(site / "gone.md")
        (site / "elsewhere").mkdir()  # a linked folder that leads out: named once, nothing in it read
        (site / "elsewhere/secret.md").write_text("---\ntitle: Secret\ndate: 2024-04-01\n---\nsecret words\n")
        (site / "content/linked").symlink_to(site / "elsewhere")
        (site / "content/images/map.svg").write_bytes(b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>")  # not a photo: copied
    else:
        shutil.copytree(BROKEN / case / "content", site / "content")
    shutil.copy(REPO / "pelicanconf.py", site / "pelicanconf.py")
    return site


def build(site: Path, conf: str) -> subprocess.CompletedProcess:
    """A thin wrapper of build_site: each case's folder holds content/, out/ goes beside it."""
    return build_site(site / "content", site / "out", conf=conf, env=ENV, timeout=60).result


def check(site: Path) -> subprocess.CompletedProcess:
    return subprocess.run([*DIARY, "check"], cwd=site, capture_output=True, text=True, timeout=60, env=ENV)


def named(result: subprocess.CompletedProcess) -> set[str]:
    return set(NAMED.findall(result.stdout + result.stderr))


def test_every_case_has_its_expected_files():
    assert sorted(p.name for p in BROKEN.iterdir()) == sorted(set(EXPECTED) - {"unreadable"})


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_check_and_the_publish_build_fail_on_the_same_files(case, tmp_path):
    site = make_site(case, tmp_path)
    checked = check(site)
    published = build(site, "publishconf.py")
    for result in (checked, published):
        assert result.returncode == 1, result.stdout + result.stderr
        assert "Traceback" not in result.stdout + result.stderr
    assert named(checked) == named(published) == EXPECTED[case]


@pytest.mark.parametrize("case", sorted(set(EXPECTED) - {"every_post_skipped"}))
def test_the_normal_build_publishes_the_rest_and_names_each_file_once(case, tmp_path):
    site = make_site(case, tmp_path)
    result = build(site, "pelicanconf.py")
    log = result.stdout + result.stderr
    assert result.returncode == 0, log
    assert "Traceback" not in log and "Could not process" not in log and "Skipping" not in log
    assert named(result) == EXPECTED[case]
    problem_lines = [line for line in log.splitlines() if NAMED.match(line)]
    assert len(problem_lines) == len({line.split(":")[0] for line in problem_lines})  # one line a file
    assert (site / "out/2024/04/a-good-run/index.html").is_file()


def test_a_link_to_a_draft_names_both_files_and_never_publishes_its_address(tmp_path):
    site = make_site("draft_link", tmp_path)
    line = ("content/2024/good.md: links to content/2024/plan.md, a draft: the link would lead nowhere "
            "(its address is never published); publish the draft, or remove the link")
    assert line in check(site).stdout.splitlines()
    assert line in build(site, "publishconf.py").stderr.splitlines()
    normal = build(site, "pelicanconf.py")
    assert line in normal.stderr.splitlines() and "1 warning in the diary's logs" in normal.stderr


def test_unreadable_files_are_never_read_and_the_build_ends_quickly(tmp_path):
    """A FIFO hung the build; a link to /dev/zero grew to 12 GB: now each is named and left."""
    site = make_site("unreadable", tmp_path)
    result = build(site, "pelicanconf.py")  # timeout=60: a hang fails the test
    assert result.returncode == 0
    assert not (site / "out/images/zero.png").exists() and not (site / "out/images/pipe.jpg").exists()
    assert (site / "out/images/map.svg").read_bytes() == b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>"
    published = "".join(p.read_text(errors="replace") for p in (site / "out").rglob("*.html"))
    assert "root:" not in published and "secret words" not in published
    log = result.stdout + result.stderr
    assert "content/2024/fifo.md: is a named pipe (FIFO), not a regular file: not read" in log
    assert "content/images/zero.png: is a link to /dev/zero, outside the content folder: not read" in log
    assert "content/2024/passwd.md: is a link to /etc/passwd, outside the content folder: not read" in log
