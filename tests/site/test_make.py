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
    from pelican.plugins.running_diary.core import frontmatter

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
BROKEN_POST = """---
title: A broken log
date: 2024-03-09
training:
  - date: 2024-03-09
    type: easy
    distance: banana
    time: "30:00"
---
A run.
"""


def make_quietly(*args: str, cwd: Path = REPO, env: dict[str, str] | None = None):
    outer = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    return subprocess.run(["make", "--no-print-directory", *args], cwd=cwd, env={**outer, **(env or {})},
                          capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL)


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_a_failed_publish_leaves_the_site_and_make_github_pushes_nothing(tmp_path):
    """The good site is published and pushed; then a post with an invalid log (strict:
    the build fails) must leave output/ byte for byte and the gh-pages branch where it was."""
    remote = tmp_path / "remote.git"
    clone = tmp_path / "clone"
    git("init", "--quiet", "--bare", str(remote), cwd=tmp_path)
    git("clone", "--quiet", "--no-hardlinks", str(REPO), str(clone), cwd=tmp_path)
    git("remote", "add", "pages", str(remote), cwd=clone)
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    out = tmp_path / "out"
    env = {"GIT_COMMITTER_NAME": "Site Tests", "GIT_COMMITTER_EMAIL": "tests@example.org",
           "GIT_AUTHOR_NAME": "Site Tests", "GIT_AUTHOR_EMAIL": "tests@example.org"}
    make = ("-f", str(REPO / "Makefile"), "github", f"BASEDIR={REPO}", f"INPUTDIR={content}",
            f"OUTPUTDIR={out}", "GITHUB_PAGES_REMOTE=pages")
    run_make(*make, cwd=clone, env=env)
    pushed = git("rev-parse", "gh-pages", cwd=remote)
    before = files_of(out)

    (content / "2024" / "2024-03-09-broken.md").write_text(BROKEN_POST, encoding="utf-8")
    failed = make_quietly(*make, cwd=clone, env=env)

    assert failed.returncode != 0
    assert "distance" in failed.stderr and "Traceback" not in failed.stderr
    assert files_of(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clone", "content", "out", "remote.git"]
    assert git("rev-parse", "gh-pages", cwd=remote) == pushed


def test_make_publish_stopped_midway_leaves_the_site(tmp_path):
    """SIGTERM to make (as a CI runner or `kill` sends it) and SIGINT to the whole
    process group (Ctrl-C) while Pelican writes: the old site stays, the fresh folder goes."""
    import signal
    import time

    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    for n in range(300):  # enough posts that the build is still writing when stopped
        (content / "2024" / f"filler-{n}.md").write_text(
            f"---\ntitle: Filler {n}\ndate: 2024-05-01\nslug: filler-{n}\n---\nText {n}.\n",
            encoding="utf-8")
    out = tmp_path / "out"
    run_make("publish", f"INPUTDIR={content}", f"OUTPUTDIR={out}")
    before = files_of(out)
    outer = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    for how in ("SIGTERM to make", "SIGINT to the group"):
        log = (tmp_path / "log").open("w+")
        make = subprocess.Popen(["make", "--no-print-directory", "publish", f"INPUTDIR={content}",
                                 f"OUTPUTDIR={out}"], cwd=REPO, env=outer, start_new_session=True,
                                stdout=log, stderr=log)
        fresh = tmp_path / "out.new" / "2024"
        deadline = time.monotonic() + 120
        while not (fresh.exists() and any(fresh.iterdir())) and time.monotonic() < deadline:
            time.sleep(0.005)
        assert make.poll() is None, "the build ended before it could be stopped"
        if how == "SIGTERM to make":
            make.send_signal(signal.SIGTERM)
        else:
            os.killpg(make.pid, signal.SIGINT)
        assert make.wait(timeout=120) != 0, how
        assert files_of(out) == before, how
        log.seek(0)
        said = log.read()
        log.close()
        (tmp_path / "log").unlink()
        assert "is left as it was" in said and "Traceback" not in said, said[-3000:]
        assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "out"], how
