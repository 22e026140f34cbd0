"""The diary's share of the build done on a second core: a forked child
renders each post's log section, streamed to the build as it writes the
posts, then writes the diary's pages and data files. A child that fails, at
any point, leaves what is missing to the build, and the site is the same."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pelican import Pelican
from pelican.settings import read_settings

from diary.plugin import DiaryGenerator

REPO = Path(__file__).resolve().parents[2]
CONTENT = REPO / "content"  # 18 posts with logs
DIARY_FILES = ["training/index.html", "stretching/index.html", "recovery/index.html",
               "diary.json", "training.csv", "stretches.csv", "treatments.csv", "soreness.csv"]

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this system")


def build_in_process(out: Path, background: bool = True) -> dict[Path, bytes]:
    """Build the sample site here, in this process; every file it wrote."""
    cwd = os.getcwd()
    os.chdir(REPO)  # pelicanconf.py's paths are relative to it
    try:
        settings = read_settings("pelicanconf.py", override={
            "PATH": str(CONTENT), "OUTPUT_PATH": str(out), "PLUGINS": ["diary"],
            "PLUGIN_PATHS": ["plugins"], "DIARY": {"background": background}})
        Pelican(settings).run()
    finally:
        os.chdir(cwd)
    return {path.relative_to(out): path.read_bytes() for path in sorted(out.rglob("*"))
            if path.is_file()}


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


@pytest.fixture
def renders(monkeypatch):
    """The log sections this process (not the child) rendered, by source path."""
    parent = os.getpid()
    here = []
    render = DiaryGenerator.render_log_section

    def counted(self, article):
        if os.getpid() == parent and getattr(article, "diary", None):
            here.append(article.source_path)
        return render(self, article)

    monkeypatch.setattr(DiaryGenerator, "render_log_section", counted)
    return here


@pytest.fixture(scope="module")
def in_process_site(tmp_path_factory) -> dict[Path, bytes]:
    return build_in_process(tmp_path_factory.mktemp("in-process"), background=False)


def test_the_child_renders_every_section_and_writes_the_diary_files(
        tmp_path, forks, renders, in_process_site):
    site = build_in_process(tmp_path)
    assert len(forks) == 1
    assert renders == [], "the build rendered sections the child should have sent"
    for name in DIARY_FILES:
        assert site[Path(name)], name
    posts = [name for name in site if name.parts[0] == "2024" and len(name.parts) == 4]
    with_section = [name for name in posts if b'<section class="logs"' in site[name]]
    assert (len(posts), len(with_section)) == (18, 17)  # one post logs nothing
    assert site == in_process_site


def test_a_child_that_fails_midway_leaves_the_rest_to_the_build(
        tmp_path, forks, renders, in_process_site, monkeypatch):
    parent = os.getpid()
    render = DiaryGenerator.render_log_section
    calls = []

    def fail_on_the_fifth_post_in_the_child(self, article):
        if os.getpid() != parent:
            calls.append(article)
            if len(calls) == 5:
                raise RuntimeError("the child fails")
        return render(self, article)

    monkeypatch.setattr(DiaryGenerator, "render_log_section", fail_on_the_fifth_post_in_the_child)
    site = build_in_process(tmp_path)
    assert len(forks) == 1
    assert site == in_process_site


def test_a_child_that_fails_writing_leaves_the_diary_files_to_the_build(
        tmp_path, forks, renders, in_process_site, monkeypatch):
    parent = os.getpid()
    write = DiaryGenerator._write

    def fail_in_the_child(self, writer, posts):
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        write(self, writer, posts)

    monkeypatch.setattr(DiaryGenerator, "_write", fail_in_the_child)
    site = build_in_process(tmp_path)
    assert len(forks) == 1
    assert renders == []  # the sections had all come through before the child failed
    assert site == in_process_site
