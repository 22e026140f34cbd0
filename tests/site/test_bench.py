"""The bench's synthetic diaries are deterministic and valid, and the bench runs."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys

from pelican.plugins.running_diary.core import specs
from pelican.plugins.running_diary.core.posts import check_paths
from pelican.plugins.running_diary.core.settings import from_dict

from tests.conftest import REPO

sys.path.insert(0, str(REPO / "bench"))
import generate  # noqa: E402


def tree_digest(folder) -> str:
    h = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        h.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def test_the_same_size_gives_the_same_files(tmp_path):
    first = generate.write_corpus(40, tmp_path / "one")
    second = generate.write_corpus(40, tmp_path / "two")
    assert tree_digest(first) == tree_digest(second)
    assert len(list((first / "yaml").rglob("*.md"))) == len(list((first / "plain").rglob("*.md"))) == 40


def test_every_generated_entry_follows_the_contract(tmp_path):
    corpus = generate.write_corpus(300, tmp_path)
    assert check_paths([corpus / "yaml"], from_dict({})) == []
    posts = generate.make_posts(300)
    for log in specs.names():
        assert sum(len(p.logs.get(log, ())) for p in posts) > 50, log


def test_bench_runs_every_build_and_the_devserver_edit(tmp_path):
    result = subprocess.run(
        [sys.executable, str(REPO / "bench" / "run.py"), "--sizes", "20", "--repeat", "1", "--edits", "1",
         "--corpora", str(tmp_path / "corpora"), "--work", str(tmp_path / "work")],
        capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr[-4000:]
    assert "FAILED" not in result.stdout, result.stdout + result.stderr[-4000:]
    # The site's builds include the search index, written by the pagefind plugin (pelican-pagefind).
    for variant in ("site", "no-diary", "fair"):  # the fair baseline's by `pagefind --site`
        assert (tmp_path / "work" / f"out-20-{variant}" / "pagefind" / "pagefind-entry.json").is_file()
    for title in ("Builds", "Ratios", "Targets", "Page budget", "site / fair", "site / no-diary", "site / bare",
                  "pelican MiB", "One post edited under make devserver"):
        assert title in result.stdout


def test_import_bench_imports_every_activity_and_prints_its_ratios():
    result = subprocess.run(
        [sys.executable, str(REPO / "bench" / "imports.py"), "--activities", "24", "--repeat", "1"],
        capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr[-4000:]
    assert "nan" not in result.stdout, result.stdout + result.stderr[-4000:]  # an import failed
    rows = {line.split("|")[1].strip(): line.split("|")[2:-1] for line in result.stdout.splitlines()
            if line.startswith("| ") and not line.startswith("| what")}
    cores = os.cpu_count()
    assert set(rows) == {"format libraries alone, one core",
                         f"format libraries alone, a pool of {cores} (the floor)",
                         "diary import --dry-run", "diary import, writing the posts"}
    assert all(float(cells[0]) > 0 and cells[2].strip().endswith("x") and cells[3].strip().endswith("x")
               for cells in rows.values())
    assert "Target: the import at most 1.35x the floor" in result.stdout
