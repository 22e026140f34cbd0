"""The pre-commit hook: valid configuration, and a real run that stops a bad commit."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # git and pre-commit in processes of their own: `make test`, not test-fast

REPO = Path(__file__).resolve().parents[2]
PRE_COMMIT = Path(sys.executable).parent / "pre-commit"
needs_pre_commit = pytest.mark.skipif(not PRE_COMMIT.exists(), reason="pre-commit not installed")


def _run(*cmd, cwd, env=None):
    return subprocess.run(list(map(str, cmd)), cwd=cwd, capture_output=True, text=True,
                          timeout=300, env={**os.environ, **(env or {})}, stdin=subprocess.DEVNULL)


@needs_pre_commit
def test_hook_configurations_are_valid(tmp_path):
    """This repository's hook, and the one docs/cli.md gives another diary (the plugin from PyPI)."""
    assert _run(PRE_COMMIT, "validate-config", ".pre-commit-config.yaml", cwd=REPO).returncode == 0
    text = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    other = text[text.index("```yaml\nrepos:") + len("```yaml\n"):]
    other = other[:other.index("```")]
    assert "pelican-running-diary==" in other
    (tmp_path / "other.yaml").write_text(other)
    result = _run(PRE_COMMIT, "validate-config", tmp_path / "other.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


@needs_pre_commit
@pytest.mark.skipif(not (Path(sys.executable).parent / "diary").exists(),
                    reason="the diary console script is not installed")
def test_hook_stops_a_commit_with_a_bad_post(tmp_path):
    repo = tmp_path / "diary"
    (repo / "content").mkdir(parents=True)
    shutil.copy(REPO / ".pre-commit-config.yaml", repo)
    shutil.copy(REPO / "pelicanconf.py", repo)
    (repo / ".venv").symlink_to(Path(sys.executable).parent.parent)
    good = repo / "content" / "good.md"
    good.write_text("---\ntitle: Good\ndate: 2024-04-18\ntraining:\n  - distance: 5 km\n---\n")
    bad = repo / "content" / "bad.md"
    bad.write_text("---\ntitle: Bad\ndate: 2024-04-18\ntraining:\n  - time: '45:72'\n---\n")
    env = {"PRE_COMMIT_HOME": str(tmp_path / "cache"), "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org"}
    assert _run("git", "init", "-q", cwd=repo).returncode == 0
    _run("git", "add", ".pre-commit-config.yaml", "pelicanconf.py", "content", cwd=repo)
    ok = _run(PRE_COMMIT, "run", "--files", "content/good.md", cwd=repo, env=env)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    failed = _run(PRE_COMMIT, "run", "--files", "content/good.md", "content/bad.md",
                  cwd=repo, env=env)
    assert failed.returncode == 1
    assert "content/bad.md:5: training[0].time: not a duration: seconds run from 0 to 59 (got '45:72')" in failed.stdout


def test_check_of_1000_posts_is_fast(tmp_path, capsys, monkeypatch):
    """`diary check` over 1,000 posts in about a second (the pre-commit budget)."""
    from pelican.plugins.running_diary.cli import main as cli

    samples = [p for p in sorted((REPO / "content" / "2024").glob("*.md"))]
    for i in range(1000):
        src = samples[i % len(samples)]
        folder = tmp_path / "content" / str(2000 + i // 100)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{i:04d}-{src.name}").write_bytes(src.read_bytes())
    shutil.copy(REPO / "pelicanconf.py", tmp_path)
    monkeypatch.chdir(tmp_path)
    # The sample's New York routes, copied 55 times, start from two places: zoned, as
    # the publish build (and `diary check`) would ask.
    monkeypatch.setenv("DIARY_PRIVATE", 'salt = "a test salt, not secret at all"\n'
                       "[[zones]]\nlat = 40.712\nlon = -74.004\nradius_m = 400\n"
                       "[[zones]]\nlat = 40.771\nlon = -73.973\nradius_m = 600\n")
    cpu = time.process_time()
    status = cli.main(["check"])
    cpu = time.process_time() - cpu
    out, err = capsys.readouterr()
    assert status == 0, out
    assert "1,000 posts checked: 0 errors" in err
    print(f"diary check: 1,000 posts in {cpu:.2f} s of CPU")
    assert cpu < 3.0  # about a second on a quiet machine; room for a loaded CI
