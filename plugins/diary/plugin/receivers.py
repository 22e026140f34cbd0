"""The diary in a Pelican build: the only code that touches Pelican, with reader.py.

When the articles are read, each published post's logs are parsed and its
tables attached as plain data (`article.diary`). Once every generator has
read its content, every problem of the site is listed (and a strict build
stops, before a file is written). The theme lays out each post's log
section by including `diary/logs.html` in `article.html`; for a theme that
does not, the section is added to the end of the post's content. Then
`DiaryGenerator` writes training/, stretching/ and recovery/ through
Pelican's own writer, and the open data files.
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
from pathlib import Path
from urllib.parse import urlparse

from jinja2 import FileSystemLoader
from markupsafe import escape
from pelican import signals
from pelican.generators import ArticlesGenerator, Generator

from ..core import foreign, posts as post_files, specs, summarize
from ..core.model import Post, PostLogs, Problem, count
from ..core.parse import PAGE_LOGS, parse_post
from ..core.settings import SettingsError, from_dict
from ..render import export, pages, tables
from . import reader
from .reader import source_name

logger = logging.getLogger(__name__)

TEMPLATES = Path(__file__).resolve().parent / "templates"  # diary/*.html, after the theme's own
SECTION = "diary/logs.html"  # one post's log section
DATA_FILES = ("diary.json", *(f"{name}.csv" for name in specs.names()))


class DiaryBuildFailed(SystemExit):
    """The build stops: invalid entries in a strict build, a wrong setting, a clash
    of addresses. A SystemExit, so Pelican prints no traceback: the message says it all."""

    def __init__(self, message: str):
        logger.critical(message)
        super().__init__(1)


class _Build:
    """What one build has found; made anew when a build (or a rebuild) starts."""

    def __init__(self, settings=None):
        self.settings = settings
        self.posts: list[PostLogs] = []  # every published post's logs
        self.articles: list = []
        self.page_problems: list[Problem] = []
        self.digests: dict[str, str] | None = None  # post URL -> log digest, once asked for


_build = _Build()


def start_build(pelican) -> None:
    """Check DIARY and forget the previous build (the dev server rebuilds in one process)."""
    global _build
    try:
        _build = _Build(from_dict(pelican.settings.get("DIARY")))
    except SettingsError as error:
        raise DiaryBuildFailed(str(error)) from None
    reader.problems.clear()


def drop_missing_static_paths(pelican) -> None:
    """A folder of STATIC_PATHS that the content does not have (content/images, until
    a post has an image) is left out, so that `pelican -r` (make regenerate) watches
    what there is without a warning for what is not. Nothing is copied from it either way."""
    root = Path(pelican.settings.get("PATH", ""))
    pelican.settings["STATIC_PATHS"] = [path for path in pelican.settings.get("STATIC_PATHS", [])
                                        if (root / path).exists()]


def add_templates(generator) -> None:
    """Every generator finds diary/*.html after the theme's templates: a theme may override them."""
    generator.env.loader.loaders.append(FileSystemLoader(str(TEMPLATES)))


def read_logs(generator: ArticlesGenerator) -> None:
    """Parse each published post's logs and attach its tables (`article.diary`)."""
    settings = _build.settings
    _build.articles = generator.articles
    theme_lays_out = _theme_includes_section(generator)
    section = None
    for article in generator.articles:
        logs = _post_logs(article, settings)
        _build.posts.append(logs)
        article.diary = tables.post_tables(logs, settings)
        if article.diary and not theme_lays_out:
            section = section or generator.get_template(SECTION.removesuffix(".html"))
            html = section.render({**generator.context, "article": article, "diary": article.diary})
            article._content = (article._content or "") + html


def _theme_includes_section(generator) -> bool:
    """Whether the theme's article.html includes the log section itself."""
    try:
        text, _, _ = generator.env.loader.get_source(generator.env, "article.html")
    except Exception:  # noqa: BLE001 - no article.html of its own: Pelican's simple theme
        return False
    return SECTION in text


def _post_logs(article, settings) -> PostLogs:
    post = Post(file=source_name(article.source_path), url=article.url, title=article.title,
                date=post_files.post_date(article.date))
    try:
        return parse_post(article.metadata, post=post, settings=settings,
                          lines=article.metadata.get("diary_lines"))
    except Exception as error:  # a bug of ours must not cost the author the post
        problem = Problem(file=post.file, message=f"the diary plugin could not read the logs: {error}")
        return PostLogs(post=post, problems=(problem,))


def warn_of_logs_on_pages(generator) -> None:
    """Logs count in posts only: say so, rather than drop a page's logs in silence."""
    for page in generator.pages:
        for log in specs.names():
            if log in page.metadata:
                _build.page_problems.append(Problem(
                    file=source_name(page.source_path), log=log, severity="warning",
                    message=PAGE_LOGS))


def drop_dot_files(generator) -> None:
    """Nothing whose name, or a folder's name above it, starts with a dot is published.

    IGNORE_FILES (pelicanconf.py) keeps them out of what Pelican finds; this also
    drops one that a post links (`{static}/images/.env`), which Pelican copies
    whatever IGNORE_FILES says. The link is then left as written, with Pelican's
    warning that it found nothing to link."""
    def dotted(path: str) -> bool:
        return any(part.startswith(".") and part not in (".", "..")
                   for part in Path(path).parts)

    kept = [s for s in generator.staticfiles
            if not (dotted(s.relative_source_path) or dotted(s.save_as))]
    for static in generator.staticfiles:
        if static not in kept:
            logger.warning("not publishing %s: a name that starts with a dot is never published",
                           static.relative_source_path)
            generator.context["static_content"].pop(static.relative_source_path, None)
    generator.staticfiles[:] = kept


def check_all(generators) -> None:
    """Every post is read: name every problem, and check no content takes a diary address."""
    _check_addresses(generators)
    problems = [*reader.problems, *(p for logs in _build.posts for p in logs.problems),
                *_build.page_problems]
    # In file order, line by line, whatever order Pelican read the files in.
    problems.sort(key=lambda p: (p.file, p.line or 0))
    report_problems(foreign.once_per_key(problems), _build.settings.strict)


def _check_addresses(generators) -> None:
    """A post or page whose address is a diary page's fails the build, naming both."""
    ours = {f"{name}/index.html": f"the diary's {name} page" for name in pages.PAGES}
    ours.update({name: f"the diary's {name}" for name in DATA_FILES})
    for generator in generators:
        for attribute in ("articles", "translations", "drafts", "drafts_translations",
                          "pages", "hidden_pages", "draft_pages", "hidden_translations"):
            for content in getattr(generator, attribute, ()):
                save_as = getattr(content, "save_as", "")
                if save_as in ours:
                    raise DiaryBuildFailed(
                        f"{source_name(content.source_path)} is written to {save_as}, where "
                        f"{ours[save_as]} goes: give it another slug or save_as")


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
            sys.stderr.write(f"{count(len(group), kind)} in the diary's logs:\n{lines}")
            sys.stderr.flush()
    if errors and strict:
        raise DiaryBuildFailed(
            f"{count(len(errors), 'error')} in the diary's logs: "
            "the publish build stops here. Fix them, or run `make check` to see them again."
        )
    if errors:
        logger.error("%s in the diary's logs, listed above: those entries are left out of "
                     "the tables, totals and data files", count(len(errors), "error"))
    elif warnings:
        logger.warning("%s in the diary's logs, listed above", count(len(warnings), "warning"))


class DiaryGenerator(Generator):
    """Writes training/, stretching/, recovery/ and the open data files."""

    def generate_context(self):
        # The pages' names and addresses, for the theme's navigation (base.html).
        self.context["diary_pages"] = [{"name": name, "title": name.capitalize(), "url": f"{name}/",
                                        "save_as": f"{name}/index.html"} for name in pages.PAGES]

    def generate_output(self, writer):
        if _build.settings is None:
            return
        settings = _build.settings
        diary = summarize.collect(_build.posts, specs.names())
        archive_url = _archive_urls(self.settings)
        relative = self.settings.get("RELATIVE_URLS", False)
        # The year the site is built in: a site-wide table's dates of another year carry it.
        this_year = dt.date.today().year
        for name, page in pages.site_context(diary, settings, archive_url, this_year).items():
            writer.write_file(f"{name}/index.html", self.get_template(f"diary/{name}"), self.context,
                              relative_urls=relative, url=f"{name}/", page_name=name,
                              diary_page=name, diary=page)
        prefix = urlparse(self.settings.get("SITEURL", "")).path.rstrip("/")

        def post_url(post: Post) -> str:
            return f"{prefix}/{post.url}"

        files = {"diary.json": export.diary_json(diary, post_url), **export.csv_files(diary, post_url)}
        for name, text in files.items():
            Path(self.output_path, name).write_text(text, encoding="utf-8", newline="\n")


def _archive_urls(pelican_settings):
    """The URLs of the year and month archives, as the site's settings make them, for
    the periods Pelican writes an archive of: those with a published post dated in them."""
    patterns = {"year": pelican_settings.get("YEAR_ARCHIVE_URL") or "",
                "month": pelican_settings.get("MONTH_ARCHIVE_URL") or ""}
    dated = {(a.date.year, a.date.month) for a in _build.articles}
    written = {"year": {year for year, _ in dated}, "month": dated}

    def archive_url(kind: str, day) -> str:
        period = day.year if kind == "year" else (day.year, day.month)
        return patterns[kind].format(date=day) if period in written[kind] else ""

    return archive_url


def add_generator(pelican):
    return DiaryGenerator


def add_digest_to_feed(context, feed) -> None:
    """Put each post's log digest at the top of its feed entry, so readers see the numbers."""
    digests = _digests()
    for item in feed.items:
        digest = _digest_for(item["link"], digests)
        if not digest:
            continue
        paragraph = f'<p class="diary-digest">{escape(digest)}</p>'
        for key in ("content", "description"):
            if item.get(key):
                item[key] = paragraph + item[key]


def _digests() -> dict[str, str]:
    """Each post's digest by its URL. Worked out once a build: Pelican sends
    `feed_generated` once per feed, and each article.url costs."""
    if _build.digests is None:
        _build.digests = {article.url: article.diary["digest"] for article in _build.articles
                          if getattr(article, "diary", None) and article.diary["digest"]}
    return _build.digests


def _digest_for(link: str, digests: dict[str, str]) -> str | None:
    """The digest of the article at `link`, whatever SITEURL was put in front of it."""
    parts = urlparse(link).path.lstrip("/").split("/")
    for n in range(len(parts)):
        digest = digests.get("/".join(parts[n:]))
        if digest:
            return digest
    return None


def register():
    signals.initialized.connect(drop_missing_static_paths)
    signals.readers_init.connect(reader.add_reader)
    signals.get_generators.connect(start_build)
    signals.get_generators.connect(add_generator)
    signals.generator_init.connect(add_templates)
    signals.article_generator_finalized.connect(read_logs)
    signals.page_generator_finalized.connect(warn_of_logs_on_pages)
    signals.static_generator_finalized.connect(drop_dot_files)
    signals.all_generators_finalized.connect(check_all)
    signals.feed_generated.connect(add_digest_to_feed)
