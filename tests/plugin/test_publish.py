"""plugin/publish.py: the publish build is put in place only when it succeeded."""

from __future__ import annotations

import os
import signal
import threading
from pathlib import Path

import pytest

from pelican.plugins.running_diary.plugin import publish


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def old_site(tmp_path: Path) -> Path:
    site = tmp_path / "output"
    (site / "posts").mkdir(parents=True)
    (site / "index.html").write_bytes(b"<p>the site as it was</p>\n")
    (site / "posts" / "a.html").write_bytes(b"a\n")
    return site


def writer(new_files: dict[str, str], then=None):
    """A stand-in for Pelican's main: writes files into the -o folder, then `then()`."""
    def run(arguments: list[str]) -> None:
        out = Path(arguments[arguments.index("-o") + 1])
        for name, text in new_files.items():
            (out / name).write_text(text)
        if then:
            then()
    return run


def test_a_successful_build_replaces_the_site_and_leaves_nothing_beside_it(tmp_path):
    site = old_site(tmp_path)
    assert publish.build(str(site) + "/", ["content"], writer({"index.html": "new"})) == 0
    assert tree(site) == {"index.html": b"new"}  # the old posts/ is gone with the old site
    assert sorted(os.listdir(tmp_path)) == ["output"]


def test_a_first_build_creates_the_site(tmp_path):
    assert publish.build(str(tmp_path / "a" / "site"), [], writer({"index.html": "new"})) == 0
    assert tree(tmp_path / "a" / "site") == {"index.html": b"new"}


@pytest.mark.parametrize("failure", [SystemExit(1), SystemExit("a message"), SystemExit(2)])
def test_a_failed_build_leaves_the_site_byte_for_byte(tmp_path, failure):
    site = old_site(tmp_path)
    before = tree(site)

    def fail():
        raise failure

    status = publish.build(str(site), [], writer({"index.html": "half", "feeds.xml": "x"}, fail))
    assert status != 0
    assert tree(site) == before
    assert sorted(os.listdir(tmp_path)) == ["output"]  # output.new removed


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_an_interrupted_build_leaves_the_site_and_exits_128_plus_the_signal(tmp_path, signum):
    site = old_site(tmp_path)
    before = tree(site)
    handlers = {s: signal.getsignal(s) for s in publish.SIGNALS}
    status = publish.build(str(site), [], writer({"index.html": "half"},
                                                 lambda: os.kill(os.getpid(), signum)))
    assert {s: signal.getsignal(s) for s in publish.SIGNALS} == handlers  # given back
    assert status == 128 + signum  # e.g. SIGTERM 15: 143, as a shell reports it
    assert tree(site) == before
    assert sorted(os.listdir(tmp_path)) == ["output"]


def test_leftovers_of_a_killed_publish_are_cleared_first(tmp_path):
    site = old_site(tmp_path)
    (tmp_path / "output.new").mkdir()
    (tmp_path / "output.new" / "stale.html").write_text("stale")
    (tmp_path / "output.old").mkdir()
    assert publish.build(str(site), [], writer({"index.html": "new"})) == 0
    assert tree(site) == {"index.html": b"new"}
    assert sorted(os.listdir(tmp_path)) == ["output"]


def test_pelican_gets_the_fresh_folder_last_so_it_wins_over_pelicanopts(tmp_path):
    seen = []
    publish.build(str(tmp_path / "site"), ["content", "-o", "/elsewhere"], seen.append)
    assert seen == [["content", "-o", "/elsewhere", "-o", str(tmp_path / "site.new")]]


def test_a_signal_once_the_build_is_done_stops_the_publish_all_the_same(tmp_path):
    """A SIGTERM that waits (blocked) as the build returns, before the renames."""
    site = old_site(tmp_path)
    before = tree(site)

    def then():
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
        # To this thread: a signal to the process may go to another thread of the test run
        # (a server of another test), where it would not wait for this one's mask.
        signal.pthread_kill(threading.main_thread().ident, signal.SIGTERM)

    status = publish.build(str(site), [], writer({"index.html": "new"}, then))
    assert status == 128 + signal.SIGTERM
    assert tree(site) == before
    assert sorted(os.listdir(tmp_path)) == ["output"]
    assert signal.SIGTERM not in signal.sigpending()  # dropped, not left to kill the caller
    assert not {signal.SIGTERM} & signal.pthread_sigmask(signal.SIG_BLOCK, set())  # unblocked


def test_an_outputdir_that_holds_the_content_settings_or_the_working_folder_is_refused(
        tmp_path, monkeypatch, capsys):
    """The old site is removed whole: `make publish OUTPUTDIR=.` must not remove the project."""
    project = tmp_path / "project"
    (project / "content").mkdir(parents=True)
    (project / "publishconf.py").write_text("")
    (project / "a-file").write_text("")
    monkeypatch.chdir(project)
    ran = []
    for output in (".", str(project), str(tmp_path), str(project / "content"), "a-file"):
        assert publish.build(output, [str(project / "content"), "-s", "publishconf.py"], ran.append) == 2
    assert ran == []
    assert "choose another OUTPUTDIR" in capsys.readouterr().err
    assert sorted(os.listdir(project)) == ["a-file", "content", "publishconf.py"]
    assert publish.build("output", ["content", "-s", "publishconf.py"], ran.append) == 0
    assert (project / "output").is_dir()


def test_a_site_that_fails_its_privacy_check_is_never_put_in_place(tmp_path):
    """The proof reads the fresh folder before it replaces the site: a failure leaves the old one."""
    site = old_site(tmp_path)
    before = tree(site)
    seen = []

    def check(folder: Path) -> int:
        seen.append((folder.name, (folder / "index.html").read_text()))
        return 1

    assert publish.build(str(site), ["content"], writer({"index.html": "leaks home"}), check) == 1
    assert seen == [("output.new", "leaks home")]
    assert tree(site) == before and sorted(os.listdir(tmp_path)) == ["output"]
    assert publish.build(str(site), ["content"], writer({"index.html": "private"}), lambda folder: 0) == 0
    assert tree(site) == {"index.html": b"private"}


def test_the_privacy_check_is_diary_privacy_check_with_the_build_s_content_and_settings(tmp_path, monkeypatch):
    ran = []
    monkeypatch.setattr(publish.subprocess, "run",
                        lambda command, **kw: ran.append(command) or type("Done", (), {"returncode": 0})())
    assert publish.privacy_check(["posts", "-s", "conf.py", "-q"])(tmp_path / "out.new") == 0
    assert ran[0][1:] == ["-m", "pelican.plugins.running_diary.cli.main", "privacy", "check", str(tmp_path / "out.new"),
                          "--content", "posts", "--conf", "conf.py"]


def test_an_error_the_build_logged_and_carried_on_from_stops_the_publish(tmp_path):
    """Pelican logs "Cannot register plugin" and builds the site without the plugin: exit 0.
    A publish that leaves something out is not a publish."""
    import logging

    site = old_site(tmp_path)
    before = tree(site)
    status = publish.build(str(site), [], writer(
        {"index.html": "no diary"}, lambda: logging.getLogger("pelican").error("Cannot register plugin `diary`")))
    assert status == 1 and tree(site) == before
