"""Fixtures for the hostile-input tests: a throwaway site, its post, watch files made here."""

from __future__ import annotations

import sys
import zlib
from datetime import datetime, timezone
from pathlib import Path

import pytest

from tests.fixtures import make_activities

REPO = Path(__file__).resolve().parents[2]
DIARY = [sys.executable, "-m", "pelican.plugins.running_diary.cli.main"]  # the command, in a process of its own
POST_TEXT = ("---\ntitle: Hills\ndate: 2024-04-21 20:00\n"
             "training:\n  - date: 2024-04-14\n    distance: 8 km  # guessed\n"
             "    time: 45:00\ncategory: Training\n---\n\nThe body.\n")


@pytest.fixture
def hills_post(empty_site_folder) -> Path:
    """content/2024/2024-04-21-hills.md (POST_TEXT: one run) in empty_site_folder."""
    path = Path("content/2024/2024-04-21-hills.md")
    path.parent.mkdir()
    path.write_text(POST_TEXT)
    return path


def fit_run(day: int, **figures) -> bytes:
    """A run on 2024-04-``day`` at 06:00 UTC: 5 km in 30 min at 150 bpm unless told otherwise."""
    figures = {"distance_m": 5000.0, "timer_s": 1800.0, "avg_hr": 150, **figures}
    return make_activities.fit_session(datetime(2024, 4, day, 6, 0, tzinfo=timezone.utc), **figures)


def gpx_at(start: datetime, minutes: int = 10) -> bytes:
    scenario = make_activities.Scenario("hostile", "run", start,
                                        (make_activities.Leg(minutes * 60, 2.8),))
    return make_activities.gpx(scenario).encode()


def gzip_of_zeros(total: int, *, member: int) -> bytes:
    """A gzip file of ``total`` zero bytes, made of members of ``member`` bytes each
    (compressed once and repeated: a 10 GiB bomb is made in a fraction of a second)."""
    assert total % member == 0

    def one(size: int) -> bytes:
        c = zlib.compressobj(9, zlib.DEFLATED, 31)
        chunk = bytes(min(size, 1 << 20))
        out = [c.compress(chunk) for _ in range(size // len(chunk))]
        return b"".join(out) + c.flush()

    return one(member) * (total // member)


def starts(path: Path) -> list[str]:
    return [line.split("start:", 1)[1].strip() for line in path.read_text().splitlines()
            if line.strip().startswith("start:")]


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


__all__ = ["DIARY", "POST_TEXT", "fit_run", "gpx_at", "gzip_of_zeros", "leftovers", "starts"]
