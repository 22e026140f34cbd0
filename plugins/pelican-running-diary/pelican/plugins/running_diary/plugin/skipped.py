"""Nothing skipped in silence: every source Pelican leaves out becomes a named problem.

Pelican decides by itself to leave a source out (no title, no date, a reader's
exception, an unknown status) and says so in one log line, which a strict build
did not count. For the length of a build, a filter on Pelican's loggers keeps the
reason of each such line (and the line itself, which our problem replaces); once
every generator has read its content, each source Pelican marked as failed
(`generated_content[path] = None`, its own record) is a problem, with that reason.
What the build refuses to read at all (a FIFO, a device, a link out of the
content folder) is named by the same walk as `diary check`'s.
"""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import replace
from pathlib import Path

from ..core import posts
from ..core.model import Problem
from .reader import source_name

# Pelican 4's own lines for a source it leaves out (pelican/generators.py, contents.py).
COULD_NOT_PROCESS = "Could not process %s"
MISSING = "Skipping %s: could not find information about '%s'"
OUTSIDE = "Skipping %s: file %r would be written outside output path"
UNKNOWN_STATUS = "Unknown status '%s' for file %s, skipping it. (Not in %s)"
LOGGERS = ("pelican.generators", "pelican.contents")
UNKNOWN_REASON = "Pelican could not process it, so it is not published"


class SkipCatcher(logging.Filter):
    """Keeps why Pelican left each source out, by file, and drops Pelican's own line."""

    def __init__(self, content_path: str):
        super().__init__()
        self.content_path = content_path
        self.reasons: dict[str, list[str]] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        found = self._reason(record.msg, record.args or ())
        if found is None:
            return True
        path, reason = found
        self.reasons.setdefault(source_name(path), []).append(reason)
        return False

    def _reason(self, message, args) -> tuple[str, str] | None:
        if message == COULD_NOT_PROCESS and len(args) == 1:
            # Logged inside Pelican's `except`: the reader's exception is still at hand.
            error = sys.exc_info()[1]
            reason = posts.skip_reason(error) if error is not None else UNKNOWN_REASON
            return os.path.join(self.content_path, str(args[0])), reason
        if message == MISSING and len(args) == 2:
            prop = str(args[1])
            return str(args[0]), posts.MISSING.get(prop, f"has no {prop}, so Pelican skips it")
        if message == OUTSIDE and len(args) == 2:
            return str(args[0]), f"would be written outside the output folder ({args[1]!r}), so Pelican skips it"
        if message == UNKNOWN_STATUS and len(args) == 3:
            return str(args[1]), posts.status_message(args[0])
        return None


_catcher: SkipCatcher | None = None


def start(content_path: str) -> None:
    """Catch this build's skips (the dev server rebuilds in one process: one catcher at a time)."""
    global _catcher
    stop()
    _catcher = SkipCatcher(content_path)
    for name in LOGGERS:
        logging.getLogger(name).addFilter(_catcher)


def stop() -> None:
    if _catcher is not None:
        for name in LOGGERS:
            logging.getLogger(name).removeFilter(_catcher)


def problems(context: dict, content_path: str) -> list[Problem]:
    """Every source left out of this build, once each, with why."""
    refused = [replace(p, file=source_name(p.file)) for p in posts.irregular_files(content_path)]
    named = {p.file for p in refused}
    reasons = dict(_catcher.reasons) if _catcher is not None else {}
    failed = [source_name(os.path.join(content_path, path))
              for path, content in context.get("generated_content", {}).items() if content is None]
    found = list(refused)
    for name in dict.fromkeys([*failed, *reasons]):
        if not any(Path(name).is_relative_to(refused_name) for refused_name in named):  # named once
            found.extend(Problem(file=name, message=reason) for reason in reasons.get(name, [UNKNOWN_REASON]))
    return found


def drop_refused_statics(generator) -> None:
    """A static file that is a FIFO, a device or a link out of the content folder (a link
    to /dev/zero grew to 12 GB) is never copied; `problems` names it."""
    root = Path(generator.path)
    for static in list(generator.staticfiles):
        if posts.refusal(Path(static.source_path), root) is not None:
            generator.staticfiles.remove(static)
            generator.context["static_content"].pop(static.relative_source_path, None)
