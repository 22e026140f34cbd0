"""A fault of the address check or of the cleaning of control characters (a bug of ours)
costs the author no traceback and no site: one line says what could not be done."""

from __future__ import annotations

from pathlib import Path

import pytest

from pelican.plugins.running_diary.plugin import addresses, controls

from tests.helpers import build_site

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("module, function, said", [
    (addresses, "clashes", "the diary could not check the site's addresses: KeyError: 'a bug'"),
    (controls, "clean_content", "run.md of control characters: KeyError: 'a bug'"),
])
def test_a_fault_of_ours_is_one_line_and_the_site_is_still_built(tmp_path, monkeypatch, caplog,
                                                                 module, function, said):
    def broken(*args, **kwargs):
        raise KeyError("a bug")

    monkeypatch.setattr(module, function, broken)
    build_site(tmp_path / "content", tmp_path / "out", files={
        "2024/run.md": "---\ntitle: Run\ndate: 2024-03-14\n---\nText.\n"}, in_process=True)
    assert (tmp_path / "out" / "2024" / "03" / "run" / "index.html").is_file()
    assert said in caplog.text
