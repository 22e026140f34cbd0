"""The only module that imports Pelican: a reader for YAML front matter, and
receivers that parse the logs once all articles are read, attach plain data
for the theme, write the site-wide pages and the open data, and fail the
publish build on any invalid entry."""

from __future__ import annotations

import logging
import os
import sys
import warnings
from pathlib import Path
from urllib.parse import urlparse

from markdown import Markdown
from markupsafe import escape
from pelican import signals
from pelican.generators import ArticlesGenerator, Generator
from pelican.readers import MarkdownReader
from pelican.utils import pelican_open
from pelican.writers import Writer

from . import export, frontmatter, pages, summarize, tables
from .check import post_date
from .model import LOGS, Post, PostLogs, Problem
from .parse import PAGE_LOGS, parse_post
from .settings import SettingsError, from_dict

logger = logging.getLogger(__name__)


class DiaryBuildFailed(SystemExit):
    """The publish build stops on invalid entries. A SystemExit, so Pelican
    prints no traceback: the problems were already listed one per line."""

    def __init__(self, message: str):
        logger.critical(message)
        super().__init__(1)


class _Build:
    """What one build has found so far; reset when a build (or rebuild) starts."""

    def __init__(self):
        self.problems: list[Problem] = []
        self.digests: dict[str, str] = {}  # article URL -> log digest, for the feeds


_build = _Build()


def source_name(path: str) -> str:
    """The file as the author knows it: relative to where the build runs, if inside it."""
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


# --- reading ---------------------------------------------------------------------------


class FrontMatterMarkdownReader(MarkdownReader):
    """Markdown with YAML front matter between `---` lines; plain `Key: value`
    posts go to Pelican's own reader. Logs reach the plugin as Python data."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._converter = None

    def read(self, source_path):
        with pelican_open(source_path) as text:
            parts = frontmatter.split(text)
        if parts.front_matter is None:
            return super().read(source_path)
        self._source_path = source_path
        try:
            raw = frontmatter.load(parts.front_matter)
        except frontmatter.FrontMatterError as error:
            _build.problems.append(Problem(file=source_name(source_path), line=error.line,
                                           message=f"{error.message}; the logs are left out"))
            raw = frontmatter.salvage(parts.front_matter)
        content = self._markdown(parts.body)
        metadata = {}
        for key, value in raw.items():
            name = key.lower()
            if name in LOGS:
                metadata[name] = value  # the plugin reads these, once every post is in
            elif value is not None:
                metadata[name] = self.process_metadata(name, self._pelican_value(name, value))
        return content, metadata

    def _markdown(self, text: str) -> str:
        """Markdown to HTML with one converter, reset between texts, as Python-Markdown
        allows: building one per post, as Pelican's reader does, costs a quarter of a
        millisecond each. It has no `meta` preprocessor: the front matter is split off
        already, and it would swallow a body whose first line reads `Word: text`."""
        if self._converter is None:
            self._converter = Markdown(**self.settings["MARKDOWN"])
            self._converter.preprocessors.deregister("meta", strict=False)
        self._converter.reset()
        return self._converter.convert(text)

    def _pelican_value(self, name: str, value):
        """A YAML value as Pelican's Markdown reader would hand it on: text, with
        lists joined by commas and FORMATTED_FIELDS (the summary) as HTML."""
        if isinstance(value, (list, tuple)):
            text = ", ".join(str(item) for item in value)
        elif hasattr(value, "isoformat"):
            text = value.isoformat(sep=" ") if hasattr(value, "hour") else value.isoformat()
        else:
            text = str(value)
        return self._markdown(text) if name in self.settings["FORMATTED_FIELDS"] else text


def add_reader(readers) -> None:
    """Read .md files with YAML front matter."""
    for extension in FrontMatterMarkdownReader.file_extensions:
        readers.reader_classes[extension] = FrontMatterMarkdownReader


# --- the logs --------------------------------------------------------------------------


def start_build(pelican) -> None:
    """Forget the previous build's problems (the dev server rebuilds in one process)."""
    global _build
    _build = _Build()
    try:
        from_dict(pelican.settings.get("DIARY"))
    except SettingsError as error:
        raise DiaryBuildFailed(str(error)) from None


def _post_logs(article, url: str, settings) -> PostLogs:
    post = Post(file=source_name(article.source_path), url=url, title=article.title,
                date=post_date(article.date))
    try:
        return parse_post(article.metadata, post=post, settings=settings)
    except Exception as error:  # a bug of ours must not cost the author the post
        problem = Problem(file=post.file, message=f"the diary plugin could not read the logs: {error}")
        return PostLogs(post=post, problems=(problem,))


def read_logs(generator: ArticlesGenerator) -> None:
    """Parse every published article's logs, attach its tables, and sum up the site."""
    settings = from_dict(generator.settings.get("DIARY"))
    posts = []
    for article in generator.articles:
        url = article.url  # a property Pelican works out afresh on every read
        logs = _post_logs(article, url, settings)
        _build.problems.extend(logs.problems)
        article.diary = tables.post_tables(logs, settings)
        if article.diary and article.diary["digest"]:
            _build.digests[url] = article.diary["digest"]
        posts.append(logs)
    # Summed up and laid out by DiaryGenerator, perhaps on another core.
    generator.context["diary_site"] = {"posts": posts, "settings": settings,
                                       "archive_url": _archive_urls(generator.settings)}


def _archive_urls(pelican_settings):
    """The URLs of the year and month archives, as the site's settings make them."""
    patterns = {"year": pelican_settings.get("YEAR_ARCHIVE_URL") or "",
                "month": pelican_settings.get("MONTH_ARCHIVE_URL") or ""}

    def archive_url(kind: str, day) -> str:
        return patterns[kind].format(date=day)

    return archive_url


def warn_of_logs_on_pages(generator) -> None:
    """Logs count in posts only: say so, rather than drop a page's logs in silence."""
    for page in generator.pages:
        for log in LOGS:
            if log in page.metadata:
                _build.problems.append(Problem(
                    file=source_name(page.source_path), log=log, severity="warning",
                    message=PAGE_LOGS))


def all_read(generators) -> None:
    """Every post is read: report the problems (a strict build stops here), then
    start writing the diary's own files while Pelican writes the rest."""
    report_problems(generators)
    for generator in generators:
        if isinstance(generator, DiaryGenerator):
            generator.write_ahead()


def report_problems(generators) -> None:
    """List every problem of the whole site; in a strict build, then stop.

    The problems are written as plain lines, one each, not through Pelican's
    log columns, which wrap a long path across lines where it can be neither
    copied nor clicked. A one-line summary then goes to Pelican's log.
    """
    errors = [p for p in _build.problems if p.severity == "error"]
    warnings = [p for p in _build.problems if p.severity != "error"]
    for kind, group in (("error", errors), ("warning", warnings)):
        if group:
            lines = "".join(f"{problem}\n" for problem in group)
            sys.stderr.write(f"{_count(len(group), kind)} in the diary's logs:\n{lines}")
            sys.stderr.flush()
    settings = from_dict(generators[0].settings.get("DIARY")) if generators else None
    if errors and settings and settings.strict:
        raise DiaryBuildFailed(
            f"{_count(len(errors), 'error')} in the diary's logs: "
            "the publish build stops here. Fix them, or run `diary check` to see them again."
        )
    if errors:
        logger.error("%s in the diary's logs, listed above: those entries are left out of "
                     "the tables, totals and data files", _count(len(errors), "error"))
    elif warnings:
        logger.warning("%s in the diary's logs, listed above", _count(len(warnings), "warning"))


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


# --- output ----------------------------------------------------------------------------


class DiaryGenerator(Generator):
    """Writes training/, stretching/, recovery/ and the open data files.

    Pelican renders on one core. So that the diary costs the author little
    time, `write_ahead` forks a child that sums up the site and writes these
    files on another core while Pelican writes the posts; `generate_output`
    then only waits for it. Where there is no fork (Windows), or
    `DIARY["background"]` is off, or the child fails, this process writes the
    files itself, so any error shows as it would in a plain build.
    """

    def generate_context(self):
        self._child = None

    def write_ahead(self) -> None:
        site = self.context.get("diary_site")
        if site is None or not site["settings"].background or not hasattr(os, "fork"):
            return
        sys.stdout.flush()
        sys.stderr.flush()
        with warnings.catch_warnings():
            # Python 3.12+ warns of forking beside Pelican's progress-spinner thread. The
            # child can't deadlock on its locks: it only renders and writes files, never the
            # console (logging is off), and it leaves by os._exit.
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
        if pid == 0:  # the child: write, and leave without running the parent's exit code
            status = 1
            try:
                logging.disable(logging.CRITICAL)
                self._write(Writer(self.output_path, settings=self.settings))
                status = 0
            finally:
                os._exit(status)  # noqa: B012 - on failure the parent writes again and reports
        self._child = pid

    def generate_output(self, writer):
        if self.context.get("diary_site") is None:
            return
        if self._child is not None:
            _, status = os.waitpid(self._child, 0)
            self._child = None
            if os.waitstatus_to_exitcode(status) == 0:
                # Tell the other plugins (the sitemap) of the pages, as the writer would have.
                for name in pages.PAGES:
                    path = os.path.join(self.output_path, name, "index.html")
                    signals.content_written.send(
                        path, context={**self.context, "output_file": f"{name}/index.html"})
                return
        self._write(writer)

    def _write(self, writer) -> None:
        site = self.context["diary_site"]
        settings = site["settings"]
        diary = summarize.collect(site["posts"])
        page_data = pages.site_context(diary, settings, site["archive_url"])
        relative = self.settings.get("RELATIVE_URLS", False)
        for name, page in page_data.items():
            writer.write_file(f"{name}/index.html", self.get_template(name), self.context,
                              relative_urls=relative, url=f"{name}/", page_name=name,
                              diary_page=name, diary=page)
        prefix = urlparse(self.settings.get("SITEURL", "")).path.rstrip("/")

        def post_url(post: Post) -> str:
            return f"{prefix}/{post.url}"

        files = {"diary.json": export.diary_json(diary, post_url),
                 **export.csv_files(diary, post_url)}
        for name, text in files.items():
            Path(self.output_path, name).write_text(text, encoding="utf-8", newline="\n")


def add_generator(pelican):
    return DiaryGenerator


def add_digest_to_feed(context, feed) -> None:
    """Put each post's log digest at the top of its feed entry, so readers see the numbers."""
    for item in feed.items:
        digest = _digest_for(item["link"])
        if not digest:
            continue
        paragraph = f'<p class="diary-digest">{escape(digest)}</p>'
        for key in ("content", "description"):
            if item.get(key):
                item[key] = paragraph + item[key]


def _digest_for(link: str) -> str | None:
    """The digest of the article at `link`, whatever SITEURL was put in front of it."""
    parts = urlparse(link).path.lstrip("/").split("/")
    for n in range(len(parts)):
        digest = _build.digests.get("/".join(parts[n:]))
        if digest:
            return digest
    return None


def register():
    signals.readers_init.connect(add_reader)
    signals.get_generators.connect(start_build)
    signals.get_generators.connect(add_generator)
    signals.article_generator_finalized.connect(read_logs)
    signals.page_generator_finalized.connect(warn_of_logs_on_pages)
    signals.all_generators_finalized.connect(all_read)
    signals.feed_generated.connect(add_digest_to_feed)
