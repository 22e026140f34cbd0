"""Read post files without a Pelican build (for `diary check` and `diary stats`).

Uses the same front-matter loader and parser as the build, so the command and
the site never disagree about what is valid.

    problems = check_paths(["content"], settings)       # every problem, in file order
    posts = read_posts(["content"], settings)          # PostLogs per post, for `diary stats`
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
import urllib.parse
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from dateutil import parser as dateparser

from . import controls, foreign, frontmatter, readers, template_syntax
from .model import Post, PostLogs, Problem, shown
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


class NotRead(ValueError):
    """A source the build must not read, or cannot: the message says why, in the author's terms."""


# Why Pelican leaves out a post or page it has read: the build turns Pelican's own
# log lines into these (plugin/skipped.py), `diary check` finds the same cases here.
MISSING = {
    "title": "has no title, so Pelican skips it: add `title: ...` to its front matter",
    "date": "has no date, so Pelican skips it: add `date: 2024-04-18 21:00` to its front matter",
}
STATUSES = ("published", "draft", "hidden", "skip")  # what Pelican 4 accepts


def status_message(value) -> str:
    return f"status must be published, draft or hidden, so Pelican skips it (got {shown(value)})"


def skip_reason(error: BaseException) -> str:
    """Why a source could not be read or converted, from the exception the reader raised."""
    if isinstance(error, (NotRead, frontmatter.NotText)):
        return str(error)
    if isinstance(error, OSError):
        return f"cannot be read: {error.strerror or error}"
    if isinstance(error, RecursionError):
        return ("Markdown cannot convert its body: lists or quotes are nested too deeply "
                "(RecursionError); nest them less, it is not published")
    return f"could not be read ({type(error).__name__}: {error}); it is not published"


def refusal(path: Path, root: Path) -> str | None:
    """Why `path`, found under the content folder `root`, is not to be read; None if it may.

    Only regular files are read: a FIFO would hang the build, a device (or a link to
    /dev/zero) would fill the disc, and a link out of the content folder would publish
    a file the author never put there."""
    try:
        mode = os.lstat(path).st_mode
    except OSError as error:
        return f"cannot be read: {error.strerror or error}"
    real = Path(os.path.realpath(path))
    inside = real.is_relative_to(Path(os.path.realpath(root)))
    if stat.S_ISLNK(mode):
        target = os.readlink(path)
        if not real.exists():
            return f"is a link to nothing ({target}): not read"
        if not inside:
            return f"is a link to {target}, outside the content folder: not read"
        mode = os.stat(path).st_mode
    elif not inside:  # below a linked folder that leads out (which is named too)
        return f"is outside the content folder, through a linked folder ({real}): not read"
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a regular file")
    return f"is {kind}, not a regular file: not read"


def irregular_files(root: str | Path) -> list[Problem]:
    """Everything under the content folder that is not read (see `refusal`), as errors.

    Names starting with a dot are left alone, as the build leaves them (IGNORE_FILES);
    links to folders are not followed, so a link loop costs nothing."""
    root = Path(root)
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for entry in [*dirs, *sorted(files)]:
            path = Path(folder, entry)
            if entry.startswith(".") or not (entry in files or path.is_symlink()):
                continue
            why = refusal(path, root)
            if why:
                found.append(Problem(file=str(path), message=why))
    return found


def read_post(path: Path, settings: Settings, name: str | None = None,
              convert: Callable[[str], object] | None = None,
              today: dt.date | None = None) -> tuple[PostLogs, dict | None]:
    """One file -> its logs and problems, and its metadata (lower-case keys; None when
    the file is not read at all). `convert`: the body's Markdown converter, to find
    what it raises on (a list nested 300 deep), as the build would. An entry dated
    after `today` (the day of the build) is planned."""
    name = name or str(path)
    try:
        opened = open_post(read_source(path), name)
    except (OSError, frontmatter.NotText, NotRead) as error:
        return PostLogs(post=Post(file=name), problems=(Problem(file=name, message=skip_reason(error)),)), None
    html = None
    if convert is not None:
        try:  # what the build's Markdown raises on, and so skips, is named here
            html = convert(opened.parts.body)
        except Exception as error:  # noqa: BLE001 - any reader's exception skips the post in the build
            return PostLogs(post=Post(file=name), problems=(Problem(file=name, message=skip_reason(error)),)), None
    problems = list(opened.problems)
    if isinstance(html, str):  # as the build names them: Markdown's leaked placeholders, typed controls
        cleaner = controls.Cleaner()
        cleaner.text(html)
        problems.extend(cleaner.problems(name))
    if opened.parts.front_matter is None:
        metadata = plain_metadata(opened.parts.body)
        problems.extend(plain_draft(metadata, name))
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
    logs = parse_post(metadata, post=post, settings=settings, lines=opened.lines, today=today)
    return replace(logs, problems=(*problems, *logs.problems)), metadata


def read_source(path: Path, root: Path | None = None) -> bytes:
    """A post's bytes; NotRead for what is not a regular file inside `root` (a FIFO would hang,
    a link to /dev/zero never end) and for front matter in a format the build does not read."""
    if root is not None and (why := refusal(path, root)):
        raise NotRead(why)
    if not path.is_file():  # `diary check` walks the folder for links out (irregular_files)
        raise NotRead(refusal(path, path.parent) or "is not a regular file: not read")
    return path.read_bytes()


def plain_draft(metadata: dict, name: str) -> list[Problem]:
    """Pelican's `Key: value` metadata knows only `status`: a `draft:` or `published:`
    makes it a draft here (in place), as in YAML front matter; the problems, named."""
    draft, notes = foreign.draft_state(metadata)
    if draft:
        metadata["status"] = "draft"
    return [Problem(file=name, field=key, message=message, severity=severity)
            for key, message, severity in notes]


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
               **options) -> list[PostLogs]:
    """Every post's logs; a page's logs are a warning and count for nothing, as in the build.
    The options are `read_site`'s.

    `published_only`: only the posts the site would publish and count, as `diary
    stats` needs: no drafts (`status: draft`, `draft: true`, `published: false`),
    no hidden posts, and a translation (another `lang` than `default_lang`, of a post
    with the same slug, or `translation: true`) not counted twice.
    """
    every, published = read_site(paths, settings, **options)
    return published if published_only else every


def read_site(paths: Iterable[str | Path], settings: Settings, *, default_lang: str | None = None,
              convert: Callable[[str], object] | None = None, metadata_out: dict[Path, dict] | None = None,
              dated: bool = True, today: dt.date | None = None) -> tuple[list[PostLogs], list[PostLogs]]:
    """Every post's logs and problems, and the published posts' logs (as with
    `read_posts(published_only=True)`), from one reading of the files: `diary check` needs both.

    `convert`: the body's Markdown converter (see `read_post`).
    `metadata_out`: filled with each file read and its metadata (for `draft_links`).
    `dated`: a post needs a date of its own (Pelican's DEFAULT_DATE is not set).
    `today`: the day of the build, from the caller's clock: later entries are planned.
    """
    found: list[tuple[PostLogs, dict]] = []
    posts: list[tuple[PostLogs, dict]] = []  # read, not skipped, not pages
    for path in markdown_files(paths):
        logs, metadata = read_post(path, settings, convert=convert, today=today)
        if metadata_out is not None and metadata is not None:
            metadata_out[path] = metadata
        is_page = any(part in PAGE_DIRS for part in path.parts[:-1])
        if metadata is None:  # not read at all: the build skips it too
            found.append((logs, {}))
            continue
        skipped = skip_problems(metadata, logs.post.file, is_page=is_page, dated=dated)
        if skipped:
            found.append((replace(logs, problems=(*skipped, *logs.problems)), metadata))
            continue
        if is_page:
            logs = PostLogs(post=logs.post, problems=tuple(
                [p for p in logs.problems if p.log is None]  # problems of the file itself stand
                + [Problem(file=logs.post.file, log=log, severity="warning", message=PAGE_LOGS)
                   for log in logs.present]))
        else:
            posts.append((logs, metadata))
        found.append((logs, metadata))
    return _problems_once(found), _problems_once(_published(posts, default_lang))


def _problems_once(found: list[tuple[PostLogs, dict]]) -> list[PostLogs]:
    by_file: dict[str, list[Problem]] = {}  # an ignored key is named once, in its first post
    for problem in foreign.once_per_key([p for logs, _ in found for p in logs.problems]):
        by_file.setdefault(problem.file, []).append(problem)
    return [replace(logs, problems=tuple(by_file.get(logs.post.file, ()))) for logs, _ in found]


def publishes_a_post(paths: Iterable[str | Path], settings: Settings, *, dated: bool = True) -> bool:
    """Whether the build would publish at least one post (not a page, a draft or a hidden
    post, and not skipped): a publish build of none fails. Stops at the first one."""
    for path in markdown_files(paths):
        if any(part in PAGE_DIRS for part in path.parts[:-1]):
            continue
        logs, metadata = read_post(path, settings)
        if (metadata is not None and not skip_problems(metadata, logs.post.file, is_page=False, dated=dated)
                and str(metadata.get("status", "published")).strip().lower() == "published"):
            return True
    return False


NO_POST = "no post would be published (each is a draft, hidden or skipped): a publish build of none fails"


# `{filename}2024/run.md` (or Pelican's older `|filename|`) in a post's text: a link to another source.
_FILENAME_LINK = re.compile(r"[{|]filename[|}]([^\s)\"'<>#?]+)")


def draft_link_message(target: str) -> str:
    return (f"links to {target}, a draft: the link would lead nowhere (its address is never "
            "published); publish the draft, or remove the link")


def draft_links(metadata_by_path: dict[Path, dict], root: Path) -> list[Problem]:
    """Each `{filename}` link from a published or hidden post or page to a draft, naming both.

    `metadata_by_path`: every source read, with its metadata (after `foreign.normalise`).
    A link is resolved as Pelican resolves it: from the content folder when it starts
    with `/`, else from the linking file's folder."""
    def status(metadata: dict) -> str:
        return str(metadata.get("status", "published")).strip().lower()

    drafts = {Path(os.path.normpath(path)): path for path, meta in metadata_by_path.items()
              if status(meta) == "draft"}
    found = []
    for path, metadata in metadata_by_path.items():
        if status(metadata) not in ("published", "hidden") or not drafts:
            continue
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        linked = []
        for link in map(urllib.parse.unquote, _FILENAME_LINK.findall(text)):
            target = Path(root, link.lstrip("/")) if link.startswith("/") else path.parent / link
            if (draft := drafts.get(Path(os.path.normpath(target)))) is not None and draft not in linked:
                linked.append(draft)
        found.extend(Problem(file=str(path), message=draft_link_message(str(draft))) for draft in linked)
    return found


def skip_problems(metadata: dict, name: str, *, is_page: bool, dated: bool = True) -> list[Problem]:
    """What makes Pelican skip a post or page it has read: no title, no date (a post, unless
    DEFAULT_DATE gives one: `dated` False), a status it does not know. The build names the
    same from Pelican's own decision (plugin/skipped.py)."""
    needed = ("title",) if is_page or not dated else ("title", "date")
    found = [Problem(file=name, message=MISSING[key]) for key in needed if metadata.get(key) is None]
    status = metadata.get("status")
    if status is not None and str(status).strip().lower() not in STATUSES:
        found.append(Problem(file=name, message=status_message(status)))
    return found


def _slug(metadata: dict) -> str:
    return metadata.get("slug") or re.sub(r"[^\w]+", "-", str(metadata.get("title", "")).lower()).strip("-")


def _published(found: list[tuple[PostLogs, dict]], default_lang: str | None) -> list[tuple[PostLogs, dict]]:
    """The posts a publish build counts: no draft, no hidden post, a translation once."""
    live = [(logs, meta) for logs, meta in found
            if str(meta.get("status", "published")).strip().lower() not in ("draft", "hidden", "skip")]
    originals = {_slug(meta) for _, meta in live
                 if default_lang is None or str(meta.get("lang", default_lang)) == default_lang}
    return [(logs, meta) for logs, meta in live
            if not (str(meta.get("translation", "")).lower() == "true"
                    or (default_lang and str(meta.get("lang", default_lang)) != default_lang
                        and _slug(meta) in originals))]


def check_paths(paths: Iterable[str | Path], settings: Settings,
                today: dt.date | None = None) -> list[Problem]:
    """Every problem in every post under `paths`: errors, warnings and notes, in file order."""
    return [problem for posts in read_posts(paths, settings, today=today) for problem in posts.problems]
