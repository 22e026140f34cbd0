"""The Makefile: building elsewhere leaves content/ and output/ alone; `make github` publishes;
`make newpost` passes the author's words untouched."""

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


def pages_branch(repo: Path) -> str:
    """The commit of `repo`'s local gh-pages branch, or "" when it has none."""
    found = subprocess.run(["git", "rev-parse", "--verify", "--quiet", "refs/heads/gh-pages"], cwd=repo,
                           capture_output=True, text=True)
    return found.stdout.strip()


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
    repo_pages_before = pages_branch(REPO)
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
    # This repository's own gh-pages, whether a real `make github` made one or not, is untouched.
    assert pages_branch(REPO) == repo_pages_before
    assert git("remote", "-v", cwd=REPO) == main_remotes
    assert os.listdir(remote / "refs" / "heads") == ["gh-pages"]


def test_make_newpost_passes_its_words_untouched(tmp_path):
    """Every character a shell or make would act on reaches the post as typed, and runs nothing."""
    from diary.core import frontmatter

    ran = tmp_path / "ran"
    title = (f"Paid $45 for a massage, `touch {ran}-backtick` $(touch {ran}-dollar) $(shell touch {ran}-make) "
             "\"quoted\" it's #1; $$ ${HOME} \\n done")
    words = {"TITLE": title, "CATEGORY": f"R&R `touch {ran}-category`", "TAGS": f"a $(touch {ran}-tags),b;c",
             "DATE": "2024-04-18 21:00"}
    result = run_make("newpost", f"INPUTDIR={tmp_path / 'content'}", *(f"{k}={v}" for k, v in words.items()))
    post = Path(result.stdout.strip().splitlines()[-1])
    meta = frontmatter.load(frontmatter.split(post.read_text(encoding="utf-8")).front_matter)
    assert meta["title"] == title
    assert meta["category"] == words["CATEGORY"]
    assert meta["tags"] == ["a $(touch " + f"{ran}-tags)", "b;c"]
    assert str(meta["date"]).startswith("2024-04-18 21:00")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content"], "a word was run by make or the shell"
