"""`make clean-samples`: the sample posts go, only while byte for byte as committed
(content/.samples lists their SHA-256); a sample the author edited and every post
the author wrote stay; the site still builds without them."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from tests.conftest import REPO, run_make

MANIFEST = REPO / "content" / ".samples"


def _listed() -> dict[str, str]:
    lines = MANIFEST.read_text(encoding="utf-8").splitlines()
    return {path: digest for digest, path in (line.split(maxsplit=1) for line in lines)}


def test_the_manifest_lists_every_sample_post_as_committed():
    """Edit a sample post here and this fails: update content/.samples with
    `cd content && sha256sum 2024/*.md images/* > .samples`, or clean-samples would keep it.
    The sample photo is listed too: it goes with the post that shows it."""
    posts = sorted(str(p.relative_to(REPO / "content")) for pattern in ("2024/*.md", "images/*")
                   for p in (REPO / "content").glob(pattern))
    listed = _listed()
    assert sorted(listed) == posts
    for path, digest in listed.items():
        assert hashlib.sha256((REPO / "content" / path).read_bytes()).hexdigest() == digest, path


def test_clean_samples_removes_only_untouched_samples(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    samples = sorted(_listed())
    edited = content / samples[0]
    edited.write_bytes(edited.read_bytes().replace(b"title: ", b"title: My ", 1))  # one word added
    mine = content / "2024" / "2024-12-30-my-own-run.md"  # a post the author wrote, beside them
    mine.write_text("---\ntitle: My own run\ndate: 2024-12-30\n---\n\nMine.\n", encoding="utf-8")
    outside = content / "2025" / samples[1].split("/", 1)[1]  # a sample's name, the author's words
    outside.parent.mkdir()
    outside.write_text("---\ntitle: Not a sample\ndate: 2025-01-01\n---\n\nMine too.\n", encoding="utf-8")

    result = run_make("clean-samples", f"INPUTDIR={content}")

    left = sorted(str(p.relative_to(content)) for p in content.rglob("*") if p.is_file())
    assert left == sorted([".samples", samples[0], "2024/2024-12-30-my-own-run.md",
                           str(outside.relative_to(content)), "extra/robots.txt", "pages/about.md"])
    assert f"kept {samples[0]}" in result.stdout
    assert f"Removed {len(samples) - 1} sample posts; kept 1" in result.stdout
    # Once more: nothing else goes, and it says so.
    again = run_make("clean-samples", f"INPUTDIR={content}")
    assert "Removed 0 sample posts; kept 1" in again.stdout
    # With the edited one gone too, the manifest goes with the last sample, and the site builds.
    edited.unlink()
    run_make("clean-samples", f"INPUTDIR={content}")
    assert not (content / ".samples").exists()
    run_make("html", f"INPUTDIR={content}", f"OUTPUTDIR={tmp_path / 'out'}")
    assert (tmp_path / "out" / "2024" / "12" / "my-own-run" / "index.html").is_file()
    assert (tmp_path / "out" / "training" / "index.html").is_file()


def test_clean_samples_without_a_manifest_removes_nothing(tmp_path):
    (tmp_path / "2024").mkdir()
    post = tmp_path / "2024" / "a.md"
    post.write_text("---\ntitle: A\ndate: 2024-01-01\n---\n\nA.\n", encoding="utf-8")
    result = run_make("clean-samples", f"INPUTDIR={tmp_path}")
    assert post.is_file() and "no sample posts to remove" in result.stdout
