"""The hostile corpus through a real build (Pelican's own command line): the normal
build finishes, publishes every good post, names every problem, and prints no traceback;
the publish build fails after listing them."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import pytest

from tests.helpers import build_site, write_files
from tests.hostile.test_front_matter_hostile import ALIAS_BOMB

pytestmark = pytest.mark.slow  # whole builds in a pelican process: `make test`, not test-fast

REPO = Path(__file__).resolve().parents[2]

GOOD = "---\ntitle: A good run\ndate: 2024-04-18\ntraining:\n  - {distance: 6 km, time: \"34:30\"}\n---\nFine.\n"
HOSTILE = {  # file name -> content, and the problem its build must name
    "bomb.md": (f"---\ntitle: Bomb\ndate: 2024-04-10\n{ALIAS_BOMB}---\nBody.\n", "aliases expand too far"),
    "deep.md": ("---\ntitle: Deep\ndate: 2024-04-11\ntraining: " + "[" * 10_000 + "]" * 10_000 + "\n---\n",
                "nested too deeply"),
    "nul.md": ("---\ntitle: Nul\ndate: 2024-04-12\nsummary: a\x00b\nstatus: draft\n---\nSecret.\n", "NUL byte"),
    "feb30.md": ("---\ntitle: Feb 30\ndate: 2024-02-30\n---\nBody.\n", "not a real date from 1900 to 2100"),
    "year10000.md": ("---\ntitle: Far\ndate: 10000-01-01\n---\nBody.\n", "not a real date from 1900 to 2100"),
    "unclosed.md": ("---\ntitle: Open\ndate: 2024-04-13\n\nThe body.\n", "is never closed"),
    "huge.md": ("---\ntitle: Huge\ndate: 2024-04-14\ntraining:\n  - {distance: 1e308, time: 1e308}\n"
                "  - {distance: " + "9" * 400 + " km, time: 30}\n  - {distance: 1e-320, time: 30}\n"
                "treatments:\n  - {kind: massage, cost: 1e308}\n  - {kind: massage, cost: -45}\n---\n",
                "must be at most 1,000 km"),
    "emoji.md": ("---\ntitle: \"\U0001F3C3\u200d\u2640\ufe0f \U0001F3C3\"\ndate: 2024-04-17\n---\nRan.\n",
                 "the title makes no address of letters or digits: the post's address is 'emoji'"),
    "far-dates.md": ("---\ntitle: Far dates\ndate: 2024-04-15\nsoreness:\n  - {date: 0002-01-01, area: calves, score: 3}\n"
                     "  - {date: 9998-12-31, area: calves, score: 4}\ntraining:\n  - {date: 9999-12-31, time: 30}\n---\n",
                     "must be a date from 1900-01-01 to 2100-12-31"),
}


def build(tmp_path: Path, conf: str = "pelicanconf.py") -> tuple[subprocess.CompletedProcess, Path, float]:
    """The corpus built with CONF, and the seconds it took (a thin wrapper of build_site)."""
    files = {"2024/good.md": GOOD, **{f"2024/{name}": text.encode("utf-8") for name, (text, _) in HOSTILE.items()},
             "2024/latin1.md": "---\ntitle: Café\ndate: 2024-04-16\n---\nCafé.\n".encode("latin-1"),
             "2024/binary.md": bytes(range(256)) * 64}
    write_files(tmp_path / "content", files)
    start = time.perf_counter()
    result, out = build_site(tmp_path / "content", tmp_path / "out", conf=conf, timeout=120,
                             env={"SITEURL": "http://x.test"})
    return result, out, time.perf_counter() - start


@pytest.fixture(scope="module")
def normal_build(tmp_path_factory):
    return build(tmp_path_factory.mktemp("hostile"))


def test_the_normal_build_finishes_and_publishes_the_good_post(normal_build):
    result, out, seconds = normal_build
    log = result.stdout + result.stderr
    assert result.returncode == 0, log
    assert "Traceback" not in log
    assert (out / "2024/04/a-good-run/index.html").exists()
    assert (out / "2024/04/open/index.html").exists()  # the unclosed post keeps its body
    assert (out / "2024/04/emoji/index.html").exists()  # an emoji title: the address from the file
    assert "The body." in (out / "2024/04/open/index.html").read_text()
    assert seconds < 30


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_each_hostile_post_is_named_with_its_problem(normal_build, name):
    result, _, _ = normal_build
    lines = [line for line in (result.stdout + result.stderr).splitlines() if f"2024/{name}" in line]
    assert any(HOSTILE[name][1] in line for line in lines), lines


def test_a_binary_or_latin1_file_is_named(normal_build):
    log = normal_build[0].stdout + normal_build[0].stderr
    assert "2024/binary.md: is not a text file (it looks binary): not read" in log
    assert "2024/latin1.md:2: is not UTF-8 text here" in log


def test_the_nul_post_stays_a_draft(normal_build):
    _, out, _ = normal_build
    assert not (out / "2024/04/nul/index.html").exists()
    assert "Secret." not in (out / "index.html").read_text()


def test_nothing_out_of_range_reaches_the_data_files(normal_build):
    _, out, _ = normal_build
    text = (out / "diary.json").read_text()
    data = json.loads(text, parse_constant=lambda name: pytest.fail(f"{name} in diary.json"))
    assert [t["distance_m"] for t in data["training"]] == [6000]
    assert data["treatments"] == [] and data["soreness"] == []
    assert "inf" not in (out / "recovery/index.html").read_text().lower().replace("info", "")
    svg_bytes = (out / "recovery/index.html").stat().st_size
    assert svg_bytes < 60_000


def test_the_publish_build_fails_after_listing_every_problem(tmp_path):
    result, out, _ = build(tmp_path, "publishconf.py")
    log = result.stdout + result.stderr
    assert result.returncode == 1
    assert "the publish build stops here. Fix them, or run `make check` to see them again." in " ".join(log.split())
    assert "Traceback" not in log
