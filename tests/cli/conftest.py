"""Fixtures for the `diary` command's tests: watch files and a throwaway site."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ACTIVITIES = REPO / "tests" / "fixtures" / "activities"


from tests.fixtures import make_activities  # noqa: E402


@pytest.fixture(scope="session")
def scenarios():
    """What each simulated activity truly was (see tests/fixtures/make_activities.py)."""
    return make_activities.SCENARIOS


@pytest.fixture
def fixture_file():
    def get(name: str) -> Path:
        path = ACTIVITIES / name
        assert path.exists(), f"missing fixture {name}: run tests/fixtures/make_activities.py"
        return path
    return get


@pytest.fixture
def sample_site_folder(empty_site_folder) -> Path:
    """empty_site_folder with a copy of the real sample posts in its content/."""
    shutil.copytree(REPO / "content", empty_site_folder / "content", dirs_exist_ok=True)
    return empty_site_folder
