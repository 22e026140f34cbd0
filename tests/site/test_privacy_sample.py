"""`make publish` ends with `diary privacy check` of what it wrote (issue 19, item 7): the
sample site passes, with and without private zones, and its summary line is the last."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO, run_make

DIARY = Path(sys.executable).with_name("diary")
SUMMARY = re.compile(r"^(\d+) routes?, (\d+) zones?, 0 points inside, \d+ photos? without metadata, 0 drafts$")


def test_the_published_sample_site_passes_the_privacy_check(sample_site_published):
    result = subprocess.run([str(DIARY), "privacy", "check", str(sample_site_published.output),
                             "--content", str(REPO / "content"), "--conf", str(REPO / "publishconf.py")],
                            capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    match = SUMMARY.match(result.stdout.splitlines()[-1])
    assert match and int(match.group(1)) >= 2, result.stdout  # the New York post's two routes


def test_make_publish_prints_the_summary_last_with_a_test_only_zone(tmp_path):
    # A zone (and salt) for the sample's New York routes, given as the Pages workflow gives
    # them: the DIARY_PRIVATE environment variable. Test-only: no coordinate is committed.
    private = ('salt = "a salt for this test only, 32+"\n'
               "[[zones]]\nlat = 40.712\nlon = -74.004\nradius_m = 400\n")
    result = run_make("publish", f"OUTPUTDIR={tmp_path / 'out'}", env={"DIARY_PRIVATE": private})
    last = result.stdout.strip().splitlines()[-1]
    match = SUMMARY.match(last)
    assert match and match.group(2) == "1", last
