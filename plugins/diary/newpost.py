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

from .post_edit import write_atomic, yaml_scalar

LOGS = ("training", "stretches", "treatments", "soreness")

EXAMPLES = {
    "training": """\
# training:                 # what was done; needs a distance or a time (or both)
#   - date: {day}      # without a date, an entry takes the post's date
#     activity: run         # run, walk, hike, cycle, swim, strength, yoga, cross, rest
#     type: easy            # your label: easy, long, tempo, intervals, race, ...
#     distance: 8 km        # 8 km, 5 mi, 800 m; a bare number is in the site's unit
#     time: "45:12"         # moving time: "45:12", "1:05:30", 45min, 1h05m
#     hr: 150               # average heart rate, 30 to 250
#     effort: 6             # perceived effort, 1 to 10
#     shoes: Pegasus 40
#     notes: felt easy
""",
    "stretches": """\
# stretches:                # what was held
#   - name: calf stretch against a wall
#     muscle: calves
#     side: both            # left, right or both (both counts each set twice)
#     hold: 30s             # one hold; a bare number is seconds
#     sets: 3
""",
    "treatments": """\
# treatments:               # what was done to you
#   - kind: sports massage
#     provider: West End Physios
#     duration: 1h          # a bare number is minutes
#     cost: £45             # £45, 45 GBP, $60; a bare number is in the site's currency
#     areas: [calves]
""",
    "soreness": """\
# soreness:                 # how it felt
#   - area: calves
#     score: 3              # 0 none to 10 the worst
""",
}


def slugify(title: str) -> str:
    """``Two massages later!`` -> ``two-massages-later``; never empty."""
    from unidecode import unidecode

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
           examples: tuple[str, ...] = LOGS, body: str | None = None) -> str:
    """The text of a new post; ``examples`` lists the logs shown commented out."""
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
    shown = [log for log in LOGS if log in examples]
    if shown:
        text += ("# The four logs are optional: uncomment what you need and delete the rest.\n"
                 "# `diary check` says what is wrong; docs/cli.md has the details.\n")
        for log in shown:
            text += EXAMPLES[log].format(day=day.isoformat())
    text += "---\n\n"
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
