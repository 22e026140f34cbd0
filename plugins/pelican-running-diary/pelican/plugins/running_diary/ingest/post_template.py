"""A new post's file name and text: YAML front matter ready to fill.

``render()`` writes the title, date, slug, category, tags and summary, then the
four logs as commented examples that follow the contract (uncomment what you
need). ``create()`` writes it to ``content/YYYY/YYYY-MM-DD-slug.md``, atomically
and never over an existing file (``FileExistsError``).

The slug is made the way Pelican makes one (Unidecode, then lower-case words
joined by dashes), without importing Pelican: ``Café Run — 10 km!`` becomes
``cafe-run-10-km``.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from unidecode import unidecode

from ..core import specs
from .post_edit import write_atomic, yaml_scalar

COMMENT_COLUMN = 28  # where the examples' comments line up


def _commented(line: str, comment: str) -> str:
    return f"{line.ljust(COMMENT_COLUMN - 1)} # {comment}\n" if comment else f"{line}\n"


def example(spec: specs.LogSpec, day: dt.date) -> str:
    """A log's commented-out example, from its spec: the log's key, then a line per field."""
    text = _commented(f"# {spec.name}:", spec.about)
    first = True
    for field in spec.fields:
        if not field.example:
            continue
        value, _, comment = field.example.format(day=day.isoformat()).partition("#")
        text += _commented(f"#   {'- ' if first else '  '}{field.name}: {value.strip()}", comment.strip())
        first = False
    return text


def slugify(title: str) -> str:
    """``Two massages later!`` -> ``two-massages-later``; never empty."""

    text = unidecode(str(title)).lower()
    text = re.sub(r"[^\w\s-]", "", text)
    text = re.sub(r"[-\s_]+", "-", text).strip("-")
    return text[:80].rstrip("-") or "post"


def post_path(content: str | Path, title: str, when: dt.date | dt.datetime) -> Path:
    """``content/2024/2024-04-18-two-massages-later.md``."""
    day = when.date() if isinstance(when, dt.datetime) else when
    return Path(content) / f"{day:%Y}" / f"{day:%Y-%m-%d}-{slugify(title)}.md"


def render(title: str, when: dt.date | dt.datetime, *, category: str = "Training",
           tags: list[str] | tuple[str, ...] = (), summary: str = "",
           examples: tuple[str, ...] | None = None, body: str | None = None,
           logs: str = "") -> str:
    """The text of a new post; ``examples`` lists the logs shown commented out, and
    ``logs`` is YAML for its front matter's end (an import's ``training:`` list)."""
    title = " ".join(str(title).split())
    if not title:
        raise ValueError("the title is empty")
    if isinstance(when, dt.datetime):
        date_text = f"{when:%Y-%m-%d %H:%M}"
        day = when.date()
    else:
        date_text = f"{when:%Y-%m-%d}"
        day = when
    tags = [" ".join(t.split()) for t in tags if t and t.strip()]
    lines = [
        "---",
        f"title: {yaml_scalar(title)}",
        f"date: {date_text}",
        f"slug: {slugify(title)}",
        f"category: {yaml_scalar(' '.join(category.split()) or 'Training')}",
        f"tags: [{', '.join(yaml_scalar(t) for t in tags)}]",
        f"summary: {yaml_scalar(summary) if summary else chr(34) * 2}",
    ]
    text = "\n".join(lines) + "\n"
    shown = [spec for spec in specs.all_specs() if examples is None or spec.name in examples]
    if shown:
        text += ("# The logs are optional: uncomment what you need and delete the rest.\n"
                 "# `diary check` says what is wrong; docs/cli.md has the details.\n")
        for spec in shown:
            text += example(spec, day)
    text += logs + "---\n\n"
    text += body if body is not None else "Write about it here, in Markdown.\n"
    return text


def create(content: str | Path, title: str, when: dt.date | dt.datetime, *,
           text: str | None = None, **kwargs) -> Path:
    """Write a new post and return its path; ``FileExistsError`` if it is there."""
    path = post_path(content, title, when)
    if path.exists():
        raise FileExistsError(path)
    if text is None:
        text = render(title, when, **kwargs)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, text.encode("utf-8"), exclusive=True)
    return path
