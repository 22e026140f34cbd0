"""Two builds of the same content are byte-identical."""

from __future__ import annotations

import hashlib
from pathlib import Path

from tests.conftest import run_make


def digests(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_publish_builds_are_identical(sample_site_published, tmp_path):
    again = tmp_path / "again"
    run_make("publish", f"OUTPUTDIR={again}", env={"SITEURL": sample_site_published.siteurl})
    first, second = digests(sample_site_published.output), digests(again)
    assert sorted(first) == sorted(second), "the builds wrote different files"
    differing = [name for name in first if first[name] != second[name]]
    assert differing == []
