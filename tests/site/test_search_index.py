"""The search index: the pagefind plugin (pelican-pagefind) has Pagefind index the pages as Pelican writes them."""

from __future__ import annotations

import gzip
import json
import subprocess
from pathlib import Path

from tests.helpers import build_site, write_files


POSTS = {
    "first.md": "Title: First light\nDate: 2024-03-01 07:00\nSummary: An early run.\n\n"
                "Out before breakfast.\n\nThe river path was quiet.\n",
    "second.md": "Title: Hill reps\nDate: 2024-03-02 07:00\nSummary: Six times up the hill.\n\n"
                 "Six reps, walking down.\n\nMy calves felt like quarrystone by the last one.\n",
    "third.md": "Title: Rest day\nDate: 2024-03-03 07:00\nSummary: Nothing at all.\n\n"
                "A day off, stretching only.\n",
}
WORD = "quarrystone"  # only in the second post's body, not its title or summary


def build(tmp_path: Path, env: dict[str, str] | None = None, conf: str = "pelicanconf.py",
          status: int = 0) -> tuple[subprocess.CompletedProcess, Path]:
    """Build POSTS with the site's own pelicanconf.py, as `make html` does (or publishconf.py),
    over an output that holds an older build's fragment, and check the exit status (a thin
    wrapper of build_site: each test of the index needs exactly that)."""
    write_files(tmp_path / "out", {"pagefind/fragment/en_stale.pf_fragment": b"an old build's"})
    result, out = build_site(tmp_path / "content", tmp_path / "out", files=POSTS, conf=conf, env=env,
                             timeout=120)
    assert result.returncode == status, result.stdout + result.stderr
    return result, out


def fragments(bundle: Path) -> dict[str, dict]:
    """Each indexed page's fragment by its URL (gzip, after Pagefind's 12-byte signature)."""
    pages = {}
    for path in (bundle / "fragment").iterdir():
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd"), path
        fragment = json.loads(data[len(b"pagefind_dcd"):])
        pages[fragment["url"]] = fragment
    return pages


def test_the_build_writes_an_index_of_the_marked_pages(tmp_path):
    _, out = build(tmp_path)
    bundle = out / "pagefind"
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    # Only the posts' bodies are marked data-pagefind-body: the index, archives, tag and search
    # pages are not indexed.
    assert [language["page_count"] for language in entry["languages"].values()] == [3]
    pages = fragments(bundle)  # the old build's fragment is gone: the bundle is replaced
    assert sorted(pages) == ["/2024/03/first-light/", "/2024/03/hill-reps/", "/2024/03/rest-day/"]
    assert [url for url, page in pages.items() if WORD in page["content"]] == ["/2024/03/hill-reps/"]
    assert pages["/2024/03/hill-reps/"]["meta"]["title"] == "Hill reps"
    # What the search page loads.
    for name in ("pagefind-ui.js", "pagefind-ui.css", "pagefind.js"):
        assert (bundle / name).is_file(), name


def test_a_pagefind_failure_is_one_line_and_the_site_is_still_built(tmp_path):
    result, out = build(tmp_path, env={"PAGEFIND_BINARY_PATH": "/bin/false"})
    log = result.stdout + result.stderr
    assert "Traceback" not in log
    lines = [line for line in log.splitlines() if "Pagefind" in line]
    assert len(lines) == 1 and "search index was not written" in lines[0], log
    assert (out / "2024" / "03" / "hill-reps" / "index.html").is_file()


def test_a_pagefind_failure_fails_the_publish_build_after_writing_the_site(tmp_path):
    result, out = build(tmp_path, env={"PAGEFIND_BINARY_PATH": "/bin/false"}, conf="publishconf.py",
                        status=1)
    log = result.stdout + result.stderr
    assert "Traceback" not in log
    lines = [" ".join(line.split()) for line in log.splitlines() if "Pagefind" in line]
    assert len(lines) == 2, log
    assert "search index was not written" in lines[0]
    assert "requires a search index (PAGEFIND_REQUIRED): it stops here" in lines[1]
    assert (out / "2024" / "03" / "hill-reps" / "index.html").is_file()  # every page still written
