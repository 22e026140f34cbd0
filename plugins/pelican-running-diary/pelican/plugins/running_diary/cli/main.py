"""The ``diary`` command: new posts, checks, watch-file imports and stats.

    diary new "Title" [--date D] [--category C] [--tags a,b] [--summary S]
    diary check [PATH ...]
    diary import FILE... (--post PATH | --new [--title T]) [--activity A] [--dry-run]
    diary stats [--week | --month | --year] [--date D]
    diary migrate SOURCE [--dry-run]

Every subcommand takes ``--content DIR`` (default ``content``) and ``--conf
FILE`` (default: ``pelicanconf.py`` beside the content folder, else in the
current folder), from which it reads ``DIARY`` (units, week start, ...) and
``TIMEZONE`` (import writes start times in the site's local time).

Exit status: 0 done (warnings alone are fine); 1 refused or found errors (the
post exists or is read-only, ``check`` found an error); 2 bad input (an
activity file or a post that cannot be read, an activity out of the format's
bounds, a wrong option); 128 + the signal when stopped by SIGTERM or SIGHUP
(130 for Ctrl-C), with nothing half-written. No traceback reaches the user:
every error is one line on stderr. ``DIARY_DEBUG=1`` shows tracebacks instead.

Here: the parser, ``new`` and ``check``, and the signals. ``import`` is in
importing.py (with entries.py and import_posts.py), ``stats`` in stats.py,
``migrate`` in migrate.py, what
they share in common.py. Imports stay inside the functions so that ``diary
--help`` and the pre-commit hook start fast; nothing here imports the plugin's
Pelican glue (``plugin/``), though Python runs Pelican's ``__init__`` first, as
this package lives under ``pelican.plugins`` (about 0.17 s). pelicanconf.py is
parsed, not run: see ``common.read_conf``. docs/cli.md is
the user's guide.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import sys
from pathlib import Path

from .common import EXIT_BAD_INPUT, EXIT_OK, EXIT_REFUSED, CliError, Site, post_files, say, site_of
from ..core.model import count as _plural


# --- argument types -----------------------------------------------------------------------

def _date_arg(text: str) -> dt.date | dt.datetime:
    """``2024-04-18`` or ``2024-04-18 21:00`` (also with a ``T``)."""
    text = text.strip()
    try:
        if len(text) <= 10:
            return dt.date.fromisoformat(text)
        return dt.datetime.fromisoformat(text).replace(second=0, microsecond=0, tzinfo=None)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not a date such as 2024-04-18 or 2024-04-18 21:00 (got {text!r})") from None


def _tags_arg(text: str) -> list[str]:
    return [t.strip() for t in text.split(",") if t.strip()]


# --- diary new ------------------------------------------------------------------------------

def cmd_new(args) -> int:
    from ..ingest import post_template

    site = site_of(args)
    when = args.date if args.date is not None else site.now()
    path = post_template.post_path(site.content, args.title, when)
    try:
        text = post_template.render(args.title, when, category=args.category, tags=args.tags,
                              summary=args.summary or "")
        post_template.create(site.content, args.title, when, text=text)
    except ValueError as e:
        raise CliError(str(e)) from None
    except FileExistsError:
        raise CliError(f"{path} already exists; not overwriting it "
                       "(choose another title or --date)", EXIT_REFUSED) from None
    except OSError as e:
        raise CliError(f"{path}: cannot be written: {e.strerror or e}") from None
    print(path)
    return EXIT_OK


# --- diary check -----------------------------------------------------------------------------

def cmd_check(args) -> int:
    from ..core import posts as check
    from ..core.model import Problem

    site = site_of(args)
    paths = [Path(p) for p in args.paths] or [site.content]
    missing = [p for p in paths if not p.exists()]
    if missing:
        raise CliError(f"{missing[0]}: no such file or folder")
    # What the build would refuse to read (a FIFO, a device, a link out of the folder) is
    # named and not read; each post's body goes through Markdown, as in the build.
    refused = [problem for path in paths if path.is_dir() for problem in check.irregular_files(path)]
    files = [f for f in post_files(paths, check) if str(f) not in {p.file for p in refused}]
    # The day of the build, as the build takes it: entries after it are planned (a note).
    today = args.today if args.today is not None else site.now().date()
    if isinstance(today, dt.datetime):
        today = today.date()
    metadata: dict = {}
    # The publish build's verdict: strict, so a misspelt field with a close match is an error
    # here too (`distnace`), whatever pelicanconf.py says (publishconf.py turns strict on).
    strict = dataclasses.replace(site.settings, strict=True)
    every, published = check.read_site(files, strict, default_lang=site.default_lang, today=today,
                                       convert=_markdown(), metadata_out=metadata, dated=site.dated)
    problems = [*refused, *(p for post in every for p in post.problems)]
    problems += check.draft_links(metadata, site.content)
    problems += _privacy_problems(site, published)
    images = photo_files(site, [Path(p) for p in args.paths])
    problems += photo_problems(images, site.settings.photos)
    problems.sort(key=lambda p: p.file)  # file by file, as the build lists them; lines in order
    if not args.paths and not check.publishes_a_post(files, site.settings, dated=site.dated):  # the whole site
        problems.append(Problem(file=str(site.content), message=check.NO_POST))
    for problem in problems:
        print(problem)
    errors = sum(p.severity == "error" for p in problems)
    notes = sum(p.severity == "note" for p in problems)
    warnings = len(problems) - errors - notes
    if not args.quiet or problems:
        checked = _plural(len(files), "post") + (f" and {_plural(len(images), 'photo')}" if images else "")
        say(f"{checked} checked: {_plural(errors, 'error')}, "
            f"{_plural(warnings, 'warning')}" + (f", {_plural(notes, 'note')}" if notes else ""))
    return EXIT_REFUSED if errors else EXIT_OK


def _privacy_problems(site, published) -> list:
    """What the publish build refuses for privacy: zones in pelicanconf.py, and a place
    three or more published routes start from that no zone covers (core/privacy.py)."""
    from ..core import privacy

    return privacy.privacy_problems(site.settings.privacy, published,
                                    conf_name=str(site.conf or "pelicanconf.py"),
                                    strict=True, show_places=True)


def _markdown():
    """Python-Markdown's converter, one for every post, reset between them as the build does."""
    from markdown import Markdown

    converter = Markdown()

    def convert(text: str) -> str:
        converter.reset()
        return converter.convert(text)

    return convert


def photo_files(site: Site, paths: list[Path]) -> list[Path]:
    """The photos the build publishes (JPEG, PNG, WebP, HEIC under STATIC_PATHS in the
    content folder, no dot-file), or those among the files and folders named."""
    from ..render.photos import kind_of

    roots = [site.content / static for static in site.static_paths]
    if paths:
        inside = [p for p in paths if any(_within(p, root) for root in roots)]
        roots = [p for p in inside if p.is_dir()] + [p for p in paths if p.is_file() and kind_of(p.name)]
    found = []
    for root in roots:
        if root.is_file():
            found.append(root)
            continue
        found += [p for p in sorted(root.rglob("*")) if p.is_file() and kind_of(p.name)
                  and not any(part.startswith(".") for part in p.relative_to(root).parts)]
    return found


def _within(path: Path, root: Path) -> bool:
    return path.resolve().is_relative_to(root.resolve())


def photo_problems(images: list[Path], settings) -> list:
    """What the build would say of each photo: the same checks (render/photos.py)."""
    if not images:
        return []  # Pillow is not imported for a site without photos: check stays quick
    from ..core.model import Problem
    from ..render import photos

    problems = []
    for path in images:
        try:
            data = path.read_bytes()
        except OSError as error:
            problems.append(Problem(file=str(path), message=f"cannot be read: {error.strerror}"))
            continue
        problems += photos.examine(data, str(path), settings)[1]
    return problems


# --- diary import and diary stats: modules of their own ------------------------------------

def cmd_import(args) -> int:
    from . import importing

    return importing.cmd_import(args)


def cmd_stats(args) -> int:
    from . import stats

    return stats.cmd_stats(args)


def cmd_migrate(args) -> int:
    from . import migrate

    return migrate.cmd_migrate(args)


# --- the parser ------------------------------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    from ..ingest.activity import FORMATS  # not the readers: --help starts without gpxpy
    from .import_posts import PER
    from ..core.specs import ACTIVITIES

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--content", default="content", metavar="DIR",
                        help="the content folder (default: content)")
    common.add_argument("--conf", metavar="FILE",
                        help="Pelican settings to read DIARY and TIMEZONE from "
                             "(default: pelicanconf.py beside the content folder)")

    parser = argparse.ArgumentParser(
        prog="diary", description="Keep the running diary: new posts, checks, imports, stats.",
        epilog="Exit status: 0 done, 1 refused or errors found, 2 bad input. See docs/cli.md.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser("new", parents=[common], help="start a post with front matter ready to fill",
                       description="Write content/YYYY/YYYY-MM-DD-slug.md; never overwrites.")
    p.add_argument("title")
    p.add_argument("--date", type=_date_arg, help="YYYY-MM-DD or 'YYYY-MM-DD HH:MM' (default: now)")
    p.add_argument("--category", default="Training", help="default: Training")
    p.add_argument("--tags", type=_tags_arg, default=[], help="comma-separated: calves,easy runs")
    p.add_argument("--summary", default="", help="one sentence for the index")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("check", parents=[common], help="check posts against the diary format",
                       description="Print every problem as FILE: log[i].field: what is wrong "
                                   "(got VALUE). Exit 1 if there is an error; warnings and notes "
                                   "(planned entries) alone exit 0.")
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: --content)")
    p.add_argument("--today", type=_date_arg, metavar="YYYY-MM-DD",
                   help="the day of the build: later entries are planned (default: today in the "
                        "site's TIMEZONE; the build's DIARY_TODAY)")
    p.add_argument("-q", "--quiet", action="store_true", help="no summary line when all is well")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("import", parents=[common], help="add activities to the diary: files, "
                       "folders, Strava and Garmin Connect exports",
                       description="Add a training entry per activity. Already logged activities "
                                   "(same start) are skipped. Without --post, the import creates "
                                   "posts, one per week by default (--per). If a file named here "
                                   "is bad, nothing is imported (exit 2); a bad file inside a "
                                   "folder or an export is skipped with a line.")
    p.add_argument("files", nargs="+", metavar="PATH",
                   help=f"activity files ({', '.join(FORMATS)}, optionally .gz), "
                        "folders of them, or an export's zip or folder (Strava, Garmin Connect)")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--post", metavar="PATH", help="add every activity to this post's training log")
    where.add_argument("--new", action="store_true",
                       help="create new posts for the activities (the default)")
    p.add_argument("--per", choices=PER,
                   help="one new post per activity, day, week (the default) or month")
    p.add_argument("--title", help="title of the new post (default: from the activities)")
    p.add_argument("--category", default="Training", help="category of the new posts")
    p.add_argument("--tags", type=_tags_arg, default=[], help="tags of the new posts")
    p.add_argument("--activity", choices=ACTIVITIES,
                   help="log every activity as this (default: from the file's sport)")
    p.add_argument("-n", "--dry-run", action="store_true",
                   help="print the entries that would be added; write nothing")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("stats", parents=[common], help="this week's, month's or year's totals",
                       description="Totals of the period holding --date (default today).")
    period = p.add_mutually_exclusive_group()
    for name in ("week", "month", "year"):
        period.add_argument(f"--{name}", dest="period", action="store_const", const=name,
                            help=f"the current {name}" + (" (the default)" if name == "week" else ""))
    p.set_defaults(period="week")
    p.add_argument("--date", type=_date_arg, help="a day in the period (default: today)")
    p.set_defaults(func=cmd_stats)

    from . import privacy

    privacy.add_parser(sub, common)
    p = sub.add_parser("migrate", parents=[common], help="bring posts from a Jekyll or Hugo site, or "
                       "a Pelican content folder", description="Write each post of SOURCE as a post "
                       "with YAML front matter under --content, converting Liquid and Hugo shortcodes "
                       "that have an equivalent, copying the site's files, and keeping each old "
                       "address as a redirect. Never overwrites: a second run writes only what is "
                       "new. What is left is listed as FILE:LINE: what and why.")
    p.add_argument("source", metavar="SOURCE", help="the old site's folder (Jekyll, Hugo) or a content folder")
    p.add_argument("-n", "--dry-run", action="store_true", help="print the plan; write nothing")
    p.set_defaults(func=cmd_migrate)
    return parser


class Stopped(BaseException):
    """SIGTERM or SIGHUP arrived: unwind (removing any temporary file), then exit."""

    def __init__(self, signum: int):
        import signal

        super().__init__(signum)
        self.signum = signum
        self.name = signal.Signals(signum).name


class _signals_stop_cleanly:
    """While a command runs, SIGTERM and SIGHUP raise ``Stopped`` instead of killing the
    process on the spot, so a write in progress removes its temporary file."""

    def __enter__(self):
        import signal

        self.saved = {}

        def stop(signum, frame):
            raise Stopped(signum)

        for name in ("SIGTERM", "SIGHUP"):
            signum = getattr(signal, name, None)
            if signum is None:
                continue
            try:
                self.saved[signum] = signal.signal(signum, stop)
            except (ValueError, OSError):  # not the main thread: leave the defaults
                pass
        return self

    def __exit__(self, *exc):
        import signal

        for signum, handler in self.saved.items():
            if handler is not None:
                signal.signal(signum, handler)


# The distribution to install for a module that is missing, where their names differ.
DISTRIBUTIONS = {"ruamel": "ruamel.yaml", "yaml": "PyYAML", "dateutil": "python-dateutil"}


def missing_module(error: ImportError) -> str:
    """One line for a module the command could not import: what to install, and how."""
    module = (error.name or "").split(".")[0]
    needed = DISTRIBUTIONS.get(module, module) or str(error)
    return (f"the diary command needs {needed}, which this Python cannot import: run `make venv` "
            f"(or `pip install -r requirements.txt`) and use .venv/bin/diary")


def main(argv: list[str] | None = None) -> int:
    """Run the command; return the exit status (argparse's usage errors are 2)."""
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as e:  # --help, or a usage error already printed by argparse
        return e.code if isinstance(e.code, int) else EXIT_BAD_INPUT
    try:
        with _signals_stop_cleanly():
            return args.func(args)
    except CliError as e:
        say(f"diary: {e}")
        return e.status
    except KeyboardInterrupt:
        say("diary: interrupted; nothing was half-written")
        return 130
    except Stopped as e:
        say(f"diary: stopped by {e.name}; nothing was half-written")
        return 128 + e.signum
    except BrokenPipeError:
        return EXIT_OK
    except ImportError as e:  # wherever it was raised, reading a file included: the install's fault
        say(f"diary: {missing_module(e)}")
        return EXIT_REFUSED
    except Exception as e:  # the last guard: one line, never a traceback
        if os.environ.get("DIARY_DEBUG"):
            raise
        say(f"diary: unexpected error: {type(e).__name__}: {e} "
             "(run with DIARY_DEBUG=1 for details)")
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
