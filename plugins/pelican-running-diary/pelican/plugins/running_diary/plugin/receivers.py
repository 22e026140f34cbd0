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
import os
import sys
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlparse
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from jinja2 import FileSystemLoader
from markupsafe import escape
from pelican import signals
from pelican.generators import ArticlesGenerator, Generator

from ..core import foreign, posts as post_files, privacy, specs, summarize
from ..core.model import Post, PostLogs, Problem, count
from ..core.parse import PAGE_LOGS, parse_post
from ..core.settings import SettingsError, from_dict
from ..render import export, pages, tables
from ..core.addresses import Address
from . import addresses, controls, draft_links, photos, reader, skipped
from .reader import source_name

logger = logging.getLogger(__name__)

TEMPLATES = Path(__file__).resolve().parent / "templates"  # diary/*.html, after the theme's own
SECTION = "diary/logs.html"  # one post's log section


class DiaryBuildFailed(SystemExit):
    """The build stops: invalid entries in a strict build, a wrong setting, a clash
    of addresses. A SystemExit, so Pelican prints no traceback: the message says it all."""

    def __init__(self, message: str):
        logger.critical(message)
        super().__init__(1)


class _Build:
    """What one build has found; made anew when a build (or a rebuild) starts."""

    def __init__(self, settings=None, today: dt.date | None = None):
        self.settings = settings
        self.today = today  # the day of the build: entries dated after it are planned
        self.posts: list[PostLogs] = []  # every published post's logs
        self.articles: list = []
        self.page_problems: list[Problem] = []
        self.digests: dict[str, str] | None = None  # post URL -> log digest, once asked for
        self.held: list[PostLogs] = []  # every published post's logs, routes as the post holds them
        self.cut_zones = None  # the zones as the rule cuts them, worked out once a build


_build = _Build()


def start_build(pelican) -> None:
    """Check DIARY and forget the previous build (the dev server rebuilds in one process)."""
    global _build
    try:
        _build = _Build(_with_private_settings(from_dict(pelican.settings.get("DIARY")),
                                               pelican.settings), build_day(pelican.settings))
    except SettingsError as error:
        raise DiaryBuildFailed(str(error)) from None
    reader.problems.clear()
    skipped.start(pelican.settings["PATH"])


def build_day(pelican_settings) -> dt.date:
    """The day of the build: today in the site's TIMEZONE, or the `DIARY_TODAY` setting
    (an ISO date, for tests and for rebuilding a site as it was on a day)."""
    fixed = pelican_settings.get("DIARY_TODAY")
    if fixed:
        try:
            return fixed if isinstance(fixed, dt.date) else dt.date.fromisoformat(str(fixed).strip())
        except ValueError:
            raise SettingsError(f"DIARY_TODAY must be a date such as 2026-12-07 (got {fixed!r})") from None
    try:
        zone = ZoneInfo(pelican_settings.get("TIMEZONE") or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        zone = dt.timezone.utc  # Pelican itself names a bad TIMEZONE
    return dt.datetime.now(zone).date()


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


ATTACHMENTS = ("html", "htm")  # read as posts only where posts are


def keep_attachments_static(generator) -> None:
    """An .html file in a folder that holds no post (an attachment under media/, say)
    is a static file, copied as it is, not a post: its folder joins ARTICLE_EXCLUDES
    for this build. A folder holds a post if a Markdown (or other non-HTML) source is
    in it or below it. STATIC_PATHS (pelicanconf.py) copies what is not read."""
    if not isinstance(generator, ArticlesGenerator):
        return
    root = Path(generator.path)
    posts = tuple(f".{ext}" for ext in generator.readers.extensions if ext not in ATTACHMENTS)
    holding: set[Path] = set()
    for path in root.rglob("*"):
        if path.suffix in posts:
            holding.update(path.relative_to(root).parents)
    excluded = []
    for folder in sorted(p for p in root.rglob("*") if p.is_dir()):
        relative = folder.relative_to(root)
        if relative not in holding and relative.parent in holding:  # the topmost such folder
            excluded.append(str(relative))
    if excluded:
        generator.settings = {**generator.settings,
                              "ARTICLE_EXCLUDES": [*generator.settings.get("ARTICLE_EXCLUDES", ()), *excluded]}


def read_logs(generator: ArticlesGenerator) -> None:
    """Parse each published post's logs and attach its tables (`article.diary`)."""
    settings = _build.settings
    _build.articles = generator.articles
    theme_lays_out = _theme_includes_section(generator)
    section = None
    for article in generator.articles:
        logs = _publishable_routes(_post_logs(article, settings))
        _build.posts.append(logs)
        article.diary = tables.post_tables(logs, settings)
        if article.diary and not theme_lays_out:
            section = section or generator.get_template(SECTION.removesuffix(".html"))
            html = section.render({**generator.context, "article": article, "diary": article.diary})
            article._content = (article._content or "") + html
    forget_line_maps(generator)  # here, not as a receiver of its own: blinker keeps no order


def forget_line_maps(generator) -> None:
    """Once the logs are parsed, each source's line map (where every entry and field stands,
    for the problems' line numbers) is needed no more: let it go rather than hold it to the
    end of the build (12 MiB at 1,000 posts). Pelican's reader cache was written before."""
    for attribute in CONTENT_LISTS:
        for content in getattr(generator, attribute, ()):
            if content.metadata.pop("diary_lines", None) is not None:
                content.__dict__.pop("diary_lines", None)


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
                          lines=article.metadata.get("diary_lines"), today=_build.today)
    except Exception as error:  # a bug of ours must not cost the author the post
        problem = Problem(file=post.file, message=f"the diary plugin could not read the logs: {error}")
        return PostLogs(post=post, problems=(problem,))


CONTENT_LISTS = ("articles", "translations", "drafts", "drafts_translations", "hidden_articles",
                 "pages", "hidden_pages", "draft_pages", "hidden_translations", "draft_translations")


def fix_addresses(generator) -> None:
    """Each post's and page's address, worked out once a build. Pelican formats
    `content.url` from its settings (a strftime among them) every time a template asks,
    some fifteen times a post in a build; `override_url` is Pelican's own way to give it."""
    for attribute in CONTENT_LISTS:
        for content in getattr(generator, attribute, ()):
            if not hasattr(content, "override_url"):
                content.override_url = content.url
def _with_private_settings(settings, pelican_settings):
    """The DIARY settings with private.toml's zones and salt (or DIARY_PRIVATE's): the
    file is DIARY_PRIVATE_FILE, which pelicanconf.py sets to private.toml beside itself."""
    path = pelican_settings.get("DIARY_PRIVATE_FILE")
    return replace(settings, privacy=privacy.load_private(settings.privacy, Path(path) if path else None))


def _publishable_routes(logs: PostLogs) -> PostLogs:
    """The post's routes as the privacy rule lets the site show them, with today's settings,
    whatever the post holds: every drawing, the routes page, the feeds and diary.json use
    only these. The routes as held are kept for `check_privacy`."""
    _build.held.append(logs)
    if _build.cut_zones is None:
        _build.cut_zones = privacy.cut_zones(_build.settings.privacy)
    return privacy.publishable_logs(logs, _build.settings.privacy, _build.cut_zones)


def check_privacy(generators) -> None:
    """Zones in pelicanconf.py, and places three or more routes start from that no zone
    covers: errors in the publish build (after naming them all), warnings otherwise."""
    settings = _build.settings
    if settings is None:
        return
    found = privacy.privacy_problems(settings.privacy, _build.held, conf_name="pelicanconf.py",
                                     strict=settings.strict, show_places=not os.environ.get("CI"))
    if found:
        sys.stderr.write("".join(f"{problem}\n" for problem in found))
        sys.stderr.flush()
    if settings.strict and found:
        raise DiaryBuildFailed(f"{count(len(found), 'privacy error')}: the publish build stops here "
                               "(the diary's docs, \"Privacy\")")
    if found:
        logger.warning("%s, listed above: `make publish` will stop on them",
                       count(len(found), "privacy warning"))
    if settings.strict and not settings.privacy.salt and _build.held and any(
            getattr(e, "route", None) for logs in _build.held for e in logs.entries("training")):
        logger.warning("no private salt: anyone can work out each route's trim; "
                       "`diary privacy init` writes private.toml with one")


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
    # A file whose front matter the reader could not read is skipped by Pelican for want of a
    # title: the reader's line says why, so Pelican's consequence is not said again.
    read = _read_problems(generators)
    explained = {p.file for p in read if p.severity == "error" and p.log is None}
    left_out = [p for p in skipped.problems(generators[0].context, generators[0].path) if p.file not in explained]
    problems = [*read, *(p for logs in _build.posts for p in logs.problems),
                *_build.page_problems, *left_out, *draft_links.problems(generators, _build.settings.strict)]
    if _build.settings.strict and not _build.articles:  # a publish build of no post fails
        problems.append(Problem(file=source_name(generators[0].path), message=post_files.NO_POST))
    # In file order, line by line, whatever order Pelican read the files in.
    problems.sort(key=lambda p: (p.file, p.line or 0))
    report_problems(foreign.once_per_key(problems), _build.settings.strict)


def _read_problems(generators) -> list[Problem]:
    """The reader's problems of every source: kept in each post's or page's metadata (where
    Pelican's reader cache keeps them for a post it does not read again), and those of the
    sources that became no post or page (the reader refused them)."""
    kept, files = [], set()
    for generator in generators:
        for attribute in CONTENT_LISTS:
            for content in getattr(generator, attribute, ()):
                files.add(source_name(content.source_path))
                kept.extend(content.metadata.get("diary_problems", ()))
    return kept + [p for p in reader.problems if p.file not in files]


def _check_addresses(generators) -> None:
    """A post, page, translation or static file written where anything else goes (another
    of them, a page, feed or file of the site's) fails the build, normal or strict (one
    would replace the other), naming both, before a file is written (plugin/addresses.py)."""
    if not generators:
        return
    own = [Address(f"{name}/index.html", f"the diary's {name} page") for name in pages.PAGES]
    own += [Address(name, f"the diary's {name}") for name in export.file_names()]
    try:
        clashes = addresses.clashes(generators, generators[0].settings, own)
    except Exception as error:  # noqa: BLE001 - a bug of ours: said in one line, not a traceback
        logger.warning("the diary could not check the site's addresses: %s: %s",
                       type(error).__name__, error)
        return
    _build.page_problems.extend(p for p in clashes if p.severity != "error")  # listed with the rest
    clashes = [p for p in clashes if p.severity == "error"]
    if clashes:
        lines = "".join(f"{problem}\n" for problem in clashes)
        sys.stderr.write(f"{count(len(clashes), 'error')} in the site's addresses:\n{lines}")
        sys.stderr.flush()
        raise DiaryBuildFailed(f"{count(len(clashes), 'error')} in the site's addresses, listed "
                               "above: the build stops before writing anything.")


def report_problems(problems: list[Problem], strict: bool) -> None:
    """List every problem of the whole site; in a strict build, then stop.

    The problems are written as plain lines, one each, not through Pelican's
    log columns, which wrap a long path across lines where it can be neither
    copied nor clicked. A one-line summary then goes to Pelican's log.
    """
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity == "warning"]
    notes = [p for p in problems if p.severity == "note"]  # planned entries: nothing wrong
    for kind, group in (("error", errors), ("warning", warnings), ("note", notes)):
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
        # The pages' names and addresses, for the theme's navigation (base.html); none
        # with DIARY["menu"] False, which leaves the pages written but out of the menu.
        in_menu = _build.settings is None or _build.settings.menu
        self.context["diary_pages"] = [{"name": name, "title": name.capitalize(), "url": f"{name}/",
                                        "save_as": f"{name}/index.html"}
                                       for name in pages.PAGES if in_menu]

    def generate_output(self, writer):
        if _build.settings is None:
            return
        settings = _build.settings
        diary = summarize.collect(_build.posts, specs.names())
        figures = summarize.site_figures(diary, settings)  # once: every page and data file uses them
        archive_url = _archive_urls(self.settings)
        relative = self.settings.get("RELATIVE_URLS", False)
        # The year the site is built in: a site-wide table's dates of another year carry it.
        this_year = dt.date.today().year
        for name, page in pages.site_context(diary, settings, archive_url, this_year, figures).items():
            writer.write_file(f"{name}/index.html", self.get_template(f"diary/{name}"), self.context,
                              relative_urls=relative, url=f"{name}/", page_name=name,
                              diary_page=name, diary=page)
        prefix = urlparse(self.settings.get("SITEURL", "")).path.rstrip("/")

        def post_url(post: Post) -> str:
            return f"{prefix}/{post.url}"

        for name, text in export.data_files(diary, post_url, settings, figures).items():
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


def strip_control_characters(content) -> None:
    """No control character reaches a page or a feed (plugin/controls.py); a published
    post that had any is named with the other problems. A draft is cleaned quietly."""
    try:
        problems = controls.clean_content(content)
    except Exception as error:  # noqa: BLE001 - a bug of ours: said in one line, not a traceback
        logger.warning("the diary could not clean %s of control characters: %s: %s",
                       getattr(content, "source_path", "a page"), type(error).__name__, error)
        return
    if getattr(content, "status", None) != "draft":
        _build.page_problems.extend(problems)


def strip_control_characters_from_feed(context, feed) -> None:
    controls.clean_feed(feed)


def register():
    signals.initialized.connect(drop_missing_static_paths)
    signals.readers_init.connect(reader.add_reader)
    signals.get_generators.connect(start_build)
    signals.get_generators.connect(add_generator)
    signals.generator_init.connect(add_templates)
    signals.article_generator_finalized.connect(fix_addresses)
    signals.article_generator_pretaxonomy.connect(reader.name_by_first_spelling)
    signals.generator_init.connect(keep_attachments_static)
    signals.article_generator_finalized.connect(read_logs)
    signals.page_generator_finalized.connect(fix_addresses)
    signals.page_generator_finalized.connect(warn_of_logs_on_pages)
    signals.static_generator_finalized.connect(drop_dot_files)
    signals.static_generator_finalized.connect(skipped.drop_refused_statics)
    signals.static_generator_finalized.connect(photos.collect)  # after: a dot file is never read
    signals.content_written.connect(photos.rewrite_page)
    signals.feed_written.connect(photos.rewrite_feed)
    signals.finalized.connect(photos.write_copies)
    signals.all_generators_finalized.connect(check_all)
    signals.all_generators_finalized.connect(check_privacy)
    signals.feed_generated.connect(add_digest_to_feed)
    signals.content_object_init.connect(strip_control_characters)
    signals.feed_generated.connect(strip_control_characters_from_feed)
