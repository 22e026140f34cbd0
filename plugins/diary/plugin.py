"""The only module that imports Pelican: a reader for YAML front matter, and
receivers that parse the logs once all articles are read, attach plain data
for the theme, write the site-wide pages and the open data, and fail the
publish build on any invalid entry."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from urllib.parse import urlparse

from markdown import Markdown
from markupsafe import Markup, escape
from pelican import signals
from pelican.generators import ArticlesGenerator, Generator, PelicanTemplateNotFound
from pelican.readers import MarkdownReader
from pelican.utils import pelican_open
from pelican.writers import Writer

from . import background, export, frontmatter, pages, summarize, tables
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
        self.output: DiaryGenerator | None = None  # this build's, once Pelican has made it


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

        def warn(line: int, message: str) -> None:
            _build.problems.append(Problem(file=source_name(source_path), line=line,
                                           message=message, severity="warning"))

        try:
            raw = frontmatter.load(parts.front_matter, warn=warn)
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


def _post_logs(article, settings) -> PostLogs:
    post = Post(file=source_name(article.source_path), url=article.url, title=article.title,
                date=post_date(article.date))
    try:
        return parse_post(article.metadata, post=post, settings=settings)
    except Exception as error:  # a bug of ours must not cost the author the post
        problem = Problem(file=post.file, message=f"the diary plugin could not read the logs: {error}")
        return PostLogs(post=post, problems=(problem,))


def read_article(article, settings) -> PostLogs:
    """Parse a published article's logs and attach its tables (`article.diary`)."""
    logs = _post_logs(article, settings)
    article.diary = tables.post_tables(logs, settings)
    return logs


def _problems_of(posts: list[PostLogs]) -> list[Problem]:
    return [problem for logs in posts for problem in logs.problems]


def note_articles(generator: ArticlesGenerator) -> None:
    """Keep what the diary needs of the read posts; DiaryGenerator does the work."""
    generator.context["diary_site"] = {
        "articles": generator.articles, "settings": from_dict(generator.settings.get("DIARY")),
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
    """Every post is read: the diary's work starts (and a strict build checks)."""
    for generator in generators:
        if isinstance(generator, DiaryGenerator):
            generator.start()


def report_problems(problems: list[Problem], strict: bool) -> None:
    """List every problem of the whole site; in a strict build, then stop.

    The problems are written as plain lines, one each, not through Pelican's
    log columns, which wrap a long path across lines where it can be neither
    copied nor clicked. A one-line summary then goes to Pelican's log.
    """
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity != "error"]
    for kind, group in (("error", errors), ("warning", warnings)):
        if group:
            lines = "".join(f"{problem}\n" for problem in group)
            sys.stderr.write(f"{_count(len(group), kind)} in the diary's logs:\n{lines}")
            sys.stderr.flush()
    if errors and strict:
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


# --- the diary's work, on a second core where it can be --------------------------------


class DiaryGenerator(Generator):
    """Reads the logs, lays out each post's log section, and writes
    training/, stretching/, recovery/ and the open data files.

    Pelican renders on one core. So that the diary costs the author little
    time, `start` forks a child (background.Child) once every generator has
    its context. The child reads every post's logs, renders each post's log
    section (the theme's partials/logs.html) and sends it, with the post's
    tables, in the order Pelican writes the posts; then the problems; then it
    sums up the site and writes the diary's pages and data files. This process
    takes each post's section just before writing the post (`attach`), and in
    `generate_output` lists the problems and waits for the child.

    A strict build works here, so that it can stop before writing a file; so
    does a build with `DIARY["background"]` off, or without fork (Windows).
    If the child fails or stalls at any point, this process does what is
    missing itself: the site is the same, and an error shows as in any build.
    """

    PARTIAL = "partials/logs"  # the theme's template of one post's log section

    def generate_context(self):
        _build.output = self
        self._child = None  # background.Child, while it runs
        self._posts: list[PostLogs] | None = None  # the logs, once read here
        self._problems: list[Problem] | None = None  # the logs' problems, once known
        self._digests: dict[str, str] | None = None  # post URL -> log digest, once asked for

    @property
    def _site(self) -> dict | None:
        return self.context.get("diary_site")

    def start(self) -> None:
        site = self._site
        if site is None:
            return
        settings = site["settings"]
        self._by_path = {article.source_path: article for article in site["articles"]}
        self._ready: set[str] = set()  # posts whose tables and section are attached
        if settings.background and not settings.strict:
            self._child = background.Child.start(self._work_in_child)
        if self._child is None:
            self._read_here()
            report_problems(_build.problems + self._problems, settings.strict)

    def _work_in_child(self, send) -> None:
        site = self._site
        posts = []
        for article in site["articles"]:  # the order Pelican writes them in
            posts.append(read_article(article, site["settings"]))
            section = self.render_log_section(article)
            send(("post", article.source_path, article.diary, section and str(section)))
        send(("problems", _problems_of(posts)))
        self._write(Writer(self.output_path, settings=self.settings), posts)

    def _read_here(self) -> None:
        site = self._site
        self._posts = [read_article(article, site["settings"]) for article in site["articles"]]
        self._ready.update(self._by_path)  # sections not yet received are rendered here
        if self._problems is None:
            self._problems = _problems_of(self._posts)

    def _receive(self, until: str | None = None) -> None:
        """Take the child's messages up to the post at `until` (None: all of them)."""
        while self._child is not None and self._problems is None:
            message = self._child.receive()
            if message is None:  # it stopped early: read the logs here instead
                self._read_here()
                return
            if message[0] == "problems":
                self._problems = message[1]
                return
            _, path, diary, html = message
            article = self._by_path[path]
            article.diary = diary
            if html is not None:
                article.diary_html = Markup(html)
            self._ready.add(path)
            if path == until:
                return

    def attach(self, article) -> None:
        """Just before Pelican writes `article`: its tables and log section."""
        path = article.source_path
        if self._site is None or path not in self._by_path:
            return  # not a published post (a translation, a hidden post)
        if path not in self._ready:
            self._receive(until=path)
        if getattr(article, "diary_html", None) is None:
            section = self.render_log_section(article)
            if section is not None:
                article.diary_html = section

    def render_log_section(self, article) -> Markup | None:
        if not getattr(article, "diary", None):
            return None
        try:
            template = self.get_template(self.PARTIAL)
        except PelicanTemplateNotFound:  # a theme without one lays out article.diary itself
            return None
        return Markup(template.render({**self.context, "article": article, "diary": article.diary}))

    def digests(self) -> dict[str, str]:
        """Each post's log digest by its URL, for the feeds (written before the posts).
        Worked out once: Pelican asks for every feed, and each article.url costs."""
        if self._digests is None:
            self._receive()
            self._digests = {article.url: article.diary["digest"] for article in self._site["articles"]
                             if getattr(article, "diary", None) and article.diary["digest"]}
        return self._digests

    def generate_output(self, writer):
        site = self._site
        if site is None:
            return
        if self._child is not None:
            self._receive()
            report_problems(_build.problems + self._problems, strict=False)
            child, self._child = self._child, None
            if child.finish() and self._posts is None:
                # Tell the other plugins (the sitemap) of the pages, as the writer would have.
                for name in pages.PAGES:
                    path = os.path.join(self.output_path, name, "index.html")
                    signals.content_written.send(
                        path, context={**self.context, "output_file": f"{name}/index.html"})
                return
            if self._posts is None:
                self._read_here()
        self._write(writer, self._posts)

    def _write(self, writer, posts: list[PostLogs]) -> None:
        site = self._site
        settings = site["settings"]
        diary = summarize.collect(posts)
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


def attach_log_section(generator, content) -> None:
    """Just before Pelican writes a post: its tables and log section (`article.diary_html`)."""
    if _build.output is not None:
        _build.output.attach(content)


def add_digest_to_feed(context, feed) -> None:
    """Put each post's log digest at the top of its feed entry, so readers see the numbers."""
    if _build.output is None:
        return
    digests = _build.output.digests()
    for item in feed.items:
        digest = _digest_for(item["link"], digests)
        if not digest:
            continue
        paragraph = f'<p class="diary-digest">{escape(digest)}</p>'
        for key in ("content", "description"):
            if item.get(key):
                item[key] = paragraph + item[key]


def _digest_for(link: str, digests: dict[str, str]) -> str | None:
    """The digest of the article at `link`, whatever SITEURL was put in front of it."""
    parts = urlparse(link).path.lstrip("/").split("/")
    for n in range(len(parts)):
        digest = digests.get("/".join(parts[n:]))
        if digest:
            return digest
    return None


def register():
    signals.readers_init.connect(add_reader)
    signals.get_generators.connect(start_build)
    signals.get_generators.connect(add_generator)
    signals.article_generator_finalized.connect(note_articles)
    signals.page_generator_finalized.connect(warn_of_logs_on_pages)
    signals.all_generators_finalized.connect(all_read)
    signals.feed_generated.connect(add_digest_to_feed)
    signals.article_generator_write_article.connect(attach_log_section)
