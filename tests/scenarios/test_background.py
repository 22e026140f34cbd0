"""The diary's pages and data files are written by a forked child while
Pelican writes the posts; a child that fails leaves the work to the build."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pelican import Pelican
from pelican.settings import read_settings

from diary.plugin import DiaryGenerator

REPO = Path(__file__).resolve().parents[2]
CONTENT = Path(__file__).parent / "contract_example" / "content"
DIARY_FILES = ["training/index.html", "stretching/index.html", "recovery/index.html",
               "diary.json", "training.csv", "stretches.csv", "treatments.csv", "soreness.csv"]

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this system")


def build_in_process(out: Path) -> None:
    cwd = os.getcwd()
    os.chdir(REPO)  # pelicanconf.py's paths are relative to it
    try:
        settings = read_settings("pelicanconf.py", override={
            "PATH": str(CONTENT), "OUTPUT_PATH": str(out), "PLUGINS": ["diary"],
            "PLUGIN_PATHS": ["plugins"]})
        Pelican(settings).run()
    finally:
        os.chdir(cwd)


@pytest.fixture
def forks(monkeypatch):
    """Count the forks, still forking for real."""
    made = []
    real_fork = os.fork

    def fork():
        pid = real_fork()
        if pid:
            made.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", fork)
    return made


def test_the_child_writes_the_diary_files(tmp_path, forks):
    build_in_process(tmp_path)
    assert len(forks) == 1
    for name in DIARY_FILES:
        assert (tmp_path / name).stat().st_size > 0, name


def test_a_failed_child_leaves_the_work_to_the_build(tmp_path, forks, monkeypatch):
    parent = os.getpid()
    write = DiaryGenerator._write

    def fail_in_the_child(self, writer):
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        write(self, writer)

    monkeypatch.setattr(DiaryGenerator, "_write", fail_in_the_child)
    build_in_process(tmp_path)
    assert len(forks) == 1
    for name in DIARY_FILES:
        assert (tmp_path / name).stat().st_size > 0, name
