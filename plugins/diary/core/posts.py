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
from dataclasses import dataclass, replace
from pathlib import Path

from dateutil import parser as dateparser

from . import foreign, frontmatter, readers, template_syntax
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


@dataclass(frozen=True, kw_only=True)
class OpenedPost:
    """A post file read as far as it can be: its parts, front matter and problems."""

    parts: frontmatter.SplitPost
    metadata: dict  # lower-case keys; for front matter that did not parse, what was salvaged
    lines: frontmatter.Loaded | None  # where each log entry stands, when the YAML parsed
    problems: tuple[Problem, ...]


def open_post(data: bytes, name: str) -> OpenedPost:
    """A post's bytes -> its text split, its front matter and every problem, named.

    The build and `diary check` both read posts through here, so they agree on
    what is wrong. NotText (a binary file) is raised for the caller to skip it.
    """
    text, damage = frontmatter.decode(data)
    problems = [Problem(file=name, line=line, message=message) for line, message in damage]
    parts = frontmatter.split(text)
    if parts.front_matter is None and (other := frontmatter.split_other(text)):
        return _open_other(*other, name, problems)
    if parts.front_matter is None:
        return OpenedPost(parts=parts, metadata={}, lines=None, problems=tuple(problems))
    if not parts.closed:
        problems.append(Problem(file=name, line=1, message=(
            "the front matter's `---` is never closed: add a line `---` after the front matter "
            f"(read up to line {parts.body_line - 1}; what follows is the body)")))

    def warn(line: int, message: str) -> None:
        problems.append(Problem(file=name, line=line, message=message, severity="warning"))

    try:
        loaded = frontmatter.read(parts.front_matter, warn=warn)
    except frontmatter.FrontMatterError as error:
        problems.append(Problem(file=name, line=error.line, message=f"{error.message}; the logs are left out"))
        salvaged = {k.lower(): v for k, v in frontmatter.salvage(parts.front_matter).items()}
        return OpenedPost(parts=parts, metadata=salvaged, lines=None, problems=tuple(problems))
    metadata = {k.lower(): v for k, v in loaded.data.items()}
    return OpenedPost(parts=parts, metadata=metadata, lines=loaded, problems=tuple(problems))


def _open_other(parts: frontmatter.SplitPost, syntax: str, name: str, problems: list) -> OpenedPost:
    """A post with Hugo's TOML (`+++`) or JSON front matter, read as the YAML one is."""
    if not parts.closed:
        problems.append(Problem(file=name, line=1, message=(
            "the front matter's `+++` is never closed: add a line `+++` after the front matter")))
    try:
        loaded = frontmatter.read_other(parts.front_matter, syntax, first_line=2 if syntax == "toml" else 1)
    except frontmatter.FrontMatterError as error:
        problems.append(Problem(file=name, line=error.line, message=f"{error.message}; the logs are left out"))
        return OpenedPost(parts=parts, metadata={}, lines=None, problems=tuple(problems))
    metadata = {k.lower(): v for k, v in loaded.data.items()}
    return OpenedPost(parts=parts, metadata=metadata, lines=loaded, problems=tuple(problems))


def date_problem(value, name: str, line: int | None) -> Problem | None:
    """The post's own `date:` if it is not a real date from 1900 to 2100, as a problem."""
    day = post_date(value)
    if day is not None and readers.FIRST_DAY <= day <= readers.LAST_DAY:  # the entries' bound too
        return None
    return Problem(file=name, line=line, field="date", value=value, has_value=True, message=(
        "not a real date from 1900 to 2100 such as 2024-04-18 21:00; the post is dated by its "
        "file's last change instead"))


def read_post(path: Path, settings: Settings, name: str | None = None) -> tuple[PostLogs, dict]:
    """One file -> its logs and problems, and its metadata (lower-case keys)."""
    name = name or str(path)
    try:
        opened = open_post(_read_bytes(path), name)
    except (OSError, frontmatter.NotText) as error:
        message = str(error) if isinstance(error, frontmatter.NotText) else f"cannot be read: {error.strerror or error}"
        return PostLogs(post=Post(file=name), problems=(Problem(file=name, message=message),)), {}
    problems = list(opened.problems)
    if opened.parts.front_matter is None:
        metadata = plain_metadata(opened.parts.body)
        problems.extend(template_syntax.problems(opened.parts.body, 1, metadata, name, "error"))
        return PostLogs(post=Post(file=name, date=post_date(metadata.get("date"))),
                        problems=tuple(problems)), metadata
    metadata, notes = foreign.normalise(opened.metadata)
    key_lines = opened.lines.key_lines if opened.lines else {}
    problems.extend(Problem(file=name, line=key_lines.get(key), field=key, message=message,
                            severity=severity) for key, message, severity in notes)
    # As the publish build has it: leftover template syntax is an error there.
    problems.extend(template_syntax.problems(opened.parts.body, opened.parts.body_line, metadata, name, "error"))
    date_line = key_lines.get("date")
    late = date_problem(metadata["date"], name, date_line) if "date" in metadata else None
    if late:
        problems.append(late)
    post = Post(file=name, title=str(metadata.get("title") or ""),
                date=post_date(metadata.get("date")) if "date" in metadata and not late else None)
    if opened.lines is None:  # the YAML did not parse: the logs are left out
        return PostLogs(post=post, problems=tuple(problems)), metadata
    logs = parse_post(metadata, post=post, settings=settings, lines=opened.lines)
    return replace(logs, problems=(*problems, *logs.problems)), metadata


def _read_bytes(path: Path) -> bytes:
    """A post's bytes, refusing what is not a regular file (a FIFO would hang)."""
    if not path.is_file():
        raise OSError(0, "not a regular file")
    return path.read_bytes()


def plain_metadata(body: str) -> dict:
    """Pelican's `Key: value` header lines, for a post without YAML front matter."""
    metadata = {}
    for line in body.splitlines():
        match = _PLAIN_META.match(line)
        if not match:
            break
        metadata[match.group(1).lower()] = match.group(2).strip()
    return metadata


PAGE_DIRS = ("pages",)  # pelicanconf.py's PAGE_PATHS: pages, whose logs are not counted


def read_posts(paths: Iterable[str | Path], settings: Settings, *, published_only: bool = False,
               default_lang: str | None = None) -> list[PostLogs]:
    """Every post's logs; a page's logs are a warning and count for nothing, as in the build.

    `published_only`: only the posts the site would publish and count, as `diary
    stats` needs: no drafts (`status: draft`, `draft: true`, `published: false`),
    no hidden posts, and a translation (another `lang` than `default_lang`, of a post
    with the same slug, or `translation: true`) not counted twice.
    """
    found: list[tuple[PostLogs, dict]] = []
    for path in markdown_files(paths):
        logs, metadata = read_post(path, settings)
        if any(part in PAGE_DIRS for part in path.parts[:-1]):
            if published_only:
                continue
            logs = PostLogs(post=logs.post, problems=tuple(
                [p for p in logs.problems if p.log is None]  # problems of the file itself stand
                + [Problem(file=logs.post.file, log=log, severity="warning", message=PAGE_LOGS)
                   for log in logs.present]))
        found.append((logs, metadata))
    if published_only:
        found = _published(found, default_lang)
    by_file: dict[str, list[Problem]] = {}  # an ignored key is named once, in its first post
    for problem in foreign.once_per_key([p for logs, _ in found for p in logs.problems]):
        by_file.setdefault(problem.file, []).append(problem)
    return [replace(logs, problems=tuple(by_file.get(logs.post.file, ()))) for logs, _ in found]


def _slug(metadata: dict) -> str:
    return metadata.get("slug") or re.sub(r"[^\w]+", "-", str(metadata.get("title", "")).lower()).strip("-")


def _published(found: list[tuple[PostLogs, dict]], default_lang: str | None) -> list[tuple[PostLogs, dict]]:
    """The posts a publish build counts: no draft, no hidden post, a translation once."""
    live = [(logs, meta) for logs, meta in found
            if str(meta.get("status", "published")).strip().lower() not in ("draft", "hidden")]
    originals = {_slug(meta) for _, meta in live
                 if default_lang is None or str(meta.get("lang", default_lang)) == default_lang}
    return [(logs, meta) for logs, meta in live
            if not (str(meta.get("translation", "")).lower() == "true"
                    or (default_lang and str(meta.get("lang", default_lang)) != default_lang
                        and _slug(meta) in originals))]


def check_paths(paths: Iterable[str | Path], settings: Settings) -> list[Problem]:
    """Every problem in every post under `paths`: errors and warnings, in file order."""
    return [problem for posts in read_posts(paths, settings) for problem in posts.problems]
