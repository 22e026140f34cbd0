"""The Makefile: building elsewhere leaves content/ and output/ alone; `make github` publishes."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from tests.conftest import REPO, run_make


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file and folder under folder, with size and modification time."""
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in folder.rglob("*")}


def test_build_another_folder_leaves_content_and_output_alone(tmp_path):
    source = tmp_path / "a"
    shutil.copytree(REPO / "content", source)
    before = {name: snapshot(REPO / name) for name in ("content", "output")}

    run_make("html", f"INPUTDIR={source}", f"OUTPUTDIR={tmp_path / 'b'}")
    run_make("publish", f"INPUTDIR={source}", f"OUTPUTDIR={tmp_path / 'c'}")

    assert {name: snapshot(REPO / name) for name in ("content", "output")} == before
    for out in ("b", "c"):
        assert (tmp_path / out / "index.html").is_file()
        assert (tmp_path / out / "pagefind" / "pagefind.js").is_file()


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                          text=True).stdout.strip()


def repo_state(repo: Path) -> dict[str, str]:
    return {
        "head": git("rev-parse", "HEAD", cwd=repo),
        "branch": git("symbolic-ref", "--short", "HEAD", cwd=repo),
        "status": git("status", "--porcelain", "--untracked-files=all", cwd=repo),
    }


def test_make_github_pushes_the_site_to_gh_pages(tmp_path):
    """`make github` in a clone whose remote is a bare repository in tmp_path.

    The Makefile and settings are this working tree's (BASEDIR); the git
    repository that ghp-import writes to is the clone's.
    """
    remote = tmp_path / "remote.git"
    clone = tmp_path / "clone"
    git("init", "--quiet", "--bare", str(remote), cwd=tmp_path)
    git("clone", "--quiet", "--no-hardlinks", str(REPO), str(clone), cwd=tmp_path)
    git("remote", "add", "pages", str(remote), cwd=clone)
    main_remotes = git("remote", "-v", cwd=REPO)
    before = repo_state(clone)
    env = {"GIT_COMMITTER_NAME": "Site Tests", "GIT_COMMITTER_EMAIL": "tests@example.org",
           "GIT_AUTHOR_NAME": "Site Tests", "GIT_AUTHOR_EMAIL": "tests@example.org"}
    make = ("-f", str(REPO / "Makefile"), "github", f"BASEDIR={REPO}",
            f"OUTPUTDIR={tmp_path / 'out'}", "GITHUB_PAGES_REMOTE=pages")

    run_make(*make, cwd=clone, env=env)
    files = git("ls-tree", "-r", "--name-only", "gh-pages", cwd=remote).splitlines()
    assert ".nojekyll" in files
    assert "index.html" in files and "404.html" in files and "sitemap.xml" in files
    assert "CNAME" not in files

    run_make(*make, "GITHUB_PAGES_CNAME=diary.example.org", cwd=clone, env=env)
    assert git("show", "gh-pages:CNAME", cwd=remote) == "diary.example.org"
    assert git("rev-list", "--count", "gh-pages", cwd=remote) == "2"

    assert repo_state(clone) == before, "make github changed the source branch or working tree"
    assert git("branch", "--list", "gh-pages", cwd=REPO) == ""
    assert git("remote", "-v", cwd=REPO) == main_remotes
    assert os.listdir(remote / "refs" / "heads") == ["gh-pages"]
