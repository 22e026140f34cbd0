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
def site(tmp_path, monkeypatch) -> Path:
    """A site folder with the real pelicanconf.py and an empty content/, as the cwd."""
    shutil.copy(REPO / "pelicanconf.py", tmp_path / "pelicanconf.py")
    (tmp_path / "content").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def sample_site(site) -> Path:
    """The site with a copy of the real sample posts."""
    shutil.copytree(REPO / "content", site / "content", dirs_exist_ok=True)
    return site
