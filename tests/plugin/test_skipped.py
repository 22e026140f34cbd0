"""plugin/skipped.py in-process: Pelican's own lines for a source it leaves out become
problems with the reason (the reader's exception too), and a source Pelican marked as
failed with a line we do not know is still named."""

from __future__ import annotations

import logging

from pelican.plugins.running_diary.plugin import skipped


def test_pelicans_lines_become_reasons_and_are_not_printed_twice(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    printed = []
    handler = logging.Handler()
    handler.emit = printed.append
    logging.getLogger().addHandler(handler)
    skipped.start(str(tmp_path / "content"))
    try:
        try:
            raise RecursionError("maximum recursion depth exceeded")
        except RecursionError:  # as in pelican/generators.py: logged inside the `except`
            logging.getLogger("pelican.generators").exception(skipped.COULD_NOT_PROCESS, "2024/deep.md",
                                                               exc_info=False)
        logging.getLogger("pelican.contents").error(skipped.MISSING, tmp_path / "content/2024/undated.md", "date")
        logging.getLogger("pelican.contents").error(skipped.UNKNOWN_STATUS, "pending",
                                                    tmp_path / "content/2024/pending.md", ("published",))
        logging.getLogger("pelican.contents").warning("something else entirely")
        context = {"generated_content": {"2024/deep.md": None, "2024/undated.md": None, "2024/pending.md": None,
                                         "2024/odd.md": None, "2024/fine.md": object()}}
        found = [str(p) for p in skipped.problems(context, str(tmp_path / "content"))]
    finally:
        skipped.stop()
        logging.getLogger().removeHandler(handler)
    assert found == [
        "content/2024/deep.md: Markdown cannot convert its body: lists or quotes are nested too deeply "
        "(RecursionError); nest them less, it is not published",
        "content/2024/undated.md: has no date, so Pelican skips it: add `date: 2024-04-18 21:00` to its front matter",
        "content/2024/pending.md: status must be published, draft or hidden, so Pelican skips it (got 'pending')",
        f"content/2024/odd.md: {skipped.UNKNOWN_REASON}",  # failed with no line we know: still named
    ]
    assert [record.getMessage() for record in printed] == ["something else entirely"]
