"""Read post files without a Pelican build (for `diary check` and `diary stats`).

Uses the same front-matter loader and parser as the build, so the command and
the site never disagree about what is valid.

    problems = check_paths(["content"], settings)       # every problem, in file order
    posts = read_posts(["content"], settings)          # PostLogs per post, for `diary stats`
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from dateutil import parser as dateparser

from . import frontmatter
from .model import Post, PostLogs, Problem
from .parse import PAGE_LOGS, parse_post
from .settings import Settings

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown")
_PLAIN_META = re.compile(r"^([A-Za-z][\w-]*):\s*(.*)$")


def markdown_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Every Markdown file named or below a named folder, in a stable order."""
    for path in map(Path, paths):
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix in MARKDOWN_SUFFIXES)
        else:
            yield path


def post_date(value) -> dt.date | None:
    """The post's own date as Pelican would read it (`2024-04-18 21:00`)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:  # the usual `2024-04-18 21:00` without dateutil's (slow) guessing
        return dt.datetime.fromisoformat(str(value).strip()).date()
    except ValueError:
        pass
    try:
        return dateparser.parse(str(value)).date()
    except (ValueError, OverflowError, TypeError):
        return None


def read_post(path: Path, settings: Settings, name: str | None = None) -> tuple[PostLogs, dict]:
    """One file -> its logs and problems, and its metadata (lower-case keys)."""
    name = name or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        problem = Problem(file=name, message=f"cannot be read: {error}")
        return PostLogs(post=Post(file=name), problems=(problem,)), {}
    parts = frontmatter.split(text)
    if parts.front_matter is None:
        metadata = _plain_metadata(parts.body)
        return PostLogs(post=Post(file=name, date=post_date(metadata.get("date")))), metadata
    doubts = []

    def warn(line: int, message: str) -> None:
        doubts.append(Problem(file=name, line=line, message=message, severity="warning"))

    try:
        metadata = {k.lower(): v for k, v in frontmatter.load(parts.front_matter, warn=warn).items()}
    except frontmatter.FrontMatterError as error:
        problem = Problem(file=name, line=error.line, message=error.message)
        return PostLogs(post=Post(file=name), problems=(problem,)), {}
    post = Post(file=name, title=str(metadata.get("title") or ""),
                date=post_date(metadata.get("date")) if "date" in metadata else None)
    logs = parse_post(metadata, post=post, settings=settings)
    return replace(logs, problems=(*doubts, *logs.problems)), metadata


def _plain_metadata(body: str) -> dict:
    """Pelican's `Key: value` header lines, for a post without YAML front matter."""
    metadata = {}
    for line in body.splitlines():
        match = _PLAIN_META.match(line)
        if not match:
            break
        metadata[match.group(1).lower()] = match.group(2).strip()
    return metadata


PAGE_DIRS = ("pages",)  # pelicanconf.py's PAGE_PATHS: pages, whose logs are not counted


def read_posts(paths: Iterable[str | Path], settings: Settings) -> list[PostLogs]:
    """Every post's logs; a page's logs are a warning and count for nothing, as in the build."""
    found = []
    for path in markdown_files(paths):
        logs, _ = read_post(path, settings)
        if any(part in PAGE_DIRS for part in path.parts[:-1]):
            logs = PostLogs(post=logs.post, problems=tuple(
                [p for p in logs.problems if p.line]  # YAML errors stand
                + [Problem(file=logs.post.file, log=log, severity="warning", message=PAGE_LOGS)
                   for log in logs.present]))
        found.append(logs)
    return found


def check_paths(paths: Iterable[str | Path], settings: Settings) -> list[Problem]:
    """Every problem in every post under `paths`: errors and warnings, in file order."""
    return [problem for posts in read_posts(paths, settings) for problem in posts.problems]
