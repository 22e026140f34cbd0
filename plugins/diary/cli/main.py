"""The ``diary`` command: new posts, checks, watch-file imports and stats.

    diary new "Title" [--date D] [--category C] [--tags a,b] [--summary S]
    diary check [PATH ...]
    diary import FILE... (--post PATH | --new [--title T]) [--activity A] [--dry-run]
    diary stats [--week | --month | --year] [--date D]

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

Imports stay inside the functions so that ``diary --help`` and the pre-commit
hook start fast; nothing here imports Pelican (pelicanconf.py is parsed, not
run: see ``read_conf``). docs/cli.md is the user's guide.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from ..core.model import count as _plural

EXIT_OK, EXIT_REFUSED, EXIT_BAD_INPUT = 0, 1, 2


class CliError(Exception):
    """A one-line message for the user, and the exit status to go with it."""

    def __init__(self, message: str, status: int = EXIT_BAD_INPUT):
        super().__init__(message)
        self.status = status


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- site settings --------------------------------------------------------------------

class Site:
    """What the commands need from ``pelicanconf.py``: DIARY settings and the time zone."""

    def __init__(self, content: Path, conf: Path | None):
        from ..core import settings as settings_mod

        self.content = content
        self.conf = conf if conf is not None else self._find_conf(content)
        namespace: dict = {}
        if self.conf is not None:
            if not self.conf.is_file():
                raise CliError(f"{self.conf}: no such settings file")
            namespace = read_conf(self.conf)
        try:
            self.settings = settings_mod.from_dict(namespace.get("DIARY"))
        except settings_mod.SettingsError as e:
            raise CliError(f"{self.conf}: {e}") from None
        self.tz = self._zone(namespace.get("TIMEZONE"))
        self.default_lang = str(namespace.get("DEFAULT_LANG") or "en")  # a translation is not counted twice

    @staticmethod
    def _find_conf(content: Path) -> Path | None:
        for folder in (content.resolve().parent, Path.cwd()):
            if (folder / "pelicanconf.py").is_file():
                return folder / "pelicanconf.py"
        return None

    def _zone(self, name):
        if not name:
            return dt.datetime.now().astimezone().tzinfo
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            return ZoneInfo(str(name))
        except (ZoneInfoNotFoundError, ValueError):
            raise CliError(f"{self.conf}: unknown TIMEZONE {name!r}") from None

    def now(self) -> dt.datetime:
        return dt.datetime.now(self.tz).replace(tzinfo=None, second=0, microsecond=0)

    def local(self, moment: dt.datetime) -> dt.datetime:
        """An aware datetime as the site's naive local wall time, whole seconds."""
        if moment.tzinfo is not None:
            moment = moment.astimezone(self.tz).replace(tzinfo=None)
        return moment.replace(microsecond=0)


def read_conf(path: Path, names: tuple[str, ...] = ("DIARY", "TIMEZONE", "DEFAULT_LANG")) -> dict:
    """``DIARY``, ``TIMEZONE`` and ``DEFAULT_LANG`` from a Pelican settings file
    (see settings.read_conffile)."""
    from ..core.settings import SettingsError, read_conffile

    try:
        return read_conffile(path, names)
    except SettingsError as e:
        raise CliError(str(e)) from None


def _site(args) -> Site:
    return Site(Path(args.content), Path(args.conf) if args.conf else None)


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
    from . import newpost

    site = _site(args)
    when = args.date if args.date is not None else site.now()
    path = newpost.post_path(site.content, args.title, when)
    try:
        text = newpost.render(args.title, when, category=args.category, tags=args.tags,
                              summary=args.summary or "")
        newpost.create(site.content, args.title, when, text=text)
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

def _post_files(paths: list[Path], check) -> list[Path]:
    """The Markdown posts named or under the named folders, as the build reads them:
    below a folder, nothing whose name starts with a dot, or under a folder whose
    name does (``.draft.md``, ``.git/``; the build ignores them too, see IGNORE_FILES
    in pelicanconf.py). A file named on the command line is checked whatever its name."""
    found = []
    for path in map(Path, paths):
        if path.is_dir():
            found += [p for p in check.markdown_files([path])
                      if not any(part.startswith(".") for part in p.relative_to(path).parts)]
        else:
            found.append(path)
    return found


def cmd_check(args) -> int:
    from ..core import posts as check

    site = _site(args)
    paths = [Path(p) for p in args.paths] or [site.content]
    missing = [p for p in paths if not p.exists()]
    if missing:
        raise CliError(f"{missing[0]}: no such file or folder")
    files = _post_files(paths, check)
    problems = [p for post in check.read_posts(files, site.settings) for p in post.problems]
    for problem in problems:
        print(problem)
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    if not args.quiet or problems:
        _say(f"{_plural(len(files), 'post')} checked: {_plural(errors, 'error')}, "
             f"{_plural(warnings, 'warning')}")
    return EXIT_REFUSED if errors else EXIT_OK


# --- diary import ------------------------------------------------------------------------------

def cmd_import(args) -> int:
    from . import post_edit, sources

    site = _site(args)
    target = Path(args.post) if args.post else None
    if target is not None:
        if args.per:
            raise CliError("--per is for the posts an import creates; with --post every activity "
                           "goes into that post")
        _check_target(target, post_edit, dry_run=args.dry_run)
        text = _read_post(target)
        try:
            post_edit.split_offsets(text)  # refuse early: before reading any watch file
        except post_edit.PostEditError as e:
            raise CliError(f"{target}: {e}") from None
    with sources.expand(args.files) as found:
        try:
            return _import(args, site, target, found)
        except sources.ReadersStopped as e:
            raise CliError(str(e), EXIT_REFUSED) from None


class _Progress:
    """A rich progress bar on a terminal (files done and left); plain lines elsewhere."""

    def __init__(self, total: int):
        self.bar = None
        if total > 1 and sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                                       TimeRemainingColumn)

            self.bar = Progress(TextColumn("reading activity files"), BarColumn(),
                                MofNCompleteColumn(), TextColumn("{task.fields[left]} left"),
                                TimeRemainingColumn(),
                                console=Console(file=sys.stderr), transient=True)
            self.task = self.bar.add_task("files", total=total, left=total)
        self.total = total
        self.done = 0

    def __enter__(self) -> "_Progress":
        if self.bar is not None:
            self.bar.start()
        return self

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()

    def say(self, message: str) -> None:
        if self.bar is not None:
            self.bar.console.print(message, markup=False, highlight=False, soft_wrap=True)
        else:
            _say(message)

    def advance(self) -> None:
        self.done += 1
        if self.bar is not None:
            self.bar.update(self.task, advance=1, left=self.total - self.done)


def _import(args, site: Site, target: Path | None, found) -> int:
    from ..core import posts as check
    from . import activities, post_edit, sources

    # 1. Read and check every file first. A file named on the command line that is bad
    #    stops the import (nothing is written); one found in a folder or an export is
    #    skipped with a line, and the rest imported.
    for line in found.unreadable:
        _say(f"diary: {line}")
    for path in found.empty:
        _say(f"diary: {path}: no activity file in it ({', '.join(activities.FORMATS)}, "
             "optionally .gz)")
    if found.unreadable or found.empty:
        return EXIT_BAD_INPUT
    items = found.sources
    total = len(items)
    width = len(str(total))
    read, bad, skipped = [], 0, len(found.skipped)
    bulk = any(source.bulk for source in items) or bool(found.skipped)
    with _Progress(total) as progress:
        for line in found.skipped:
            progress.say(f"skipped {line}")
        for n, (source, reading) in enumerate(sources.read_all(items, site.settings.privacy), start=1):
            tag = f"[{n:>{width}}/{total}]"
            name = Path(source.label).name
            try:
                if isinstance(reading, activities.ActivityFileError):
                    raise reading
            except activities.ActivityFileError as e:
                if source.bulk:
                    skipped += 1
                    progress.say(f"skipped {e}")
                else:
                    bad += 1
                    progress.say(f"{tag} {e}")
                progress.advance()
                continue
            for note in reading.notes:
                progress.say(f"{tag} {source.label}: {note}")
            checked, refused = [], []
            for act in reading.activities:
                act = _with_meta(act, source.meta)
                if args.activity:
                    act = _with_activity(act, args.activity)
                act, notes, refusal = _checked(act, site)
                if refusal:
                    refused.append(refusal)
                    continue
                checked.append(act)
                if not source.bulk:
                    progress.say(f"{tag} {name}: {_describe(act, site)}")
                if act.sport_note:
                    notes.insert(0, act.sport_note)
                if act.start is None:
                    notes.insert(0, "the file has no timestamps: its distance is logged with no "
                                    "time and no start, on the post's date")
                for note in notes:
                    progress.say(f"{tag} {source.label}: {note}")
            for refusal in refused:
                progress.say(f"{'skipped' if source.bulk else tag} {source.label}: {refusal}")
            if refused and not source.bulk:
                bad += 1
            elif refused:
                skipped += 1
            else:
                read.extend(checked)
            progress.advance()
    if found.without_file:
        _say(f"{_plural(found.without_file, 'activity')} in activities.csv "
             f"{'has' if found.without_file == 1 else 'have'} no file (entered by hand on the "
             "service): not imported")
    if bad:
        _say(f"diary: nothing imported: {_plural(bad, 'file')} of {total} "
             "could not be read (fix or leave out, then run the import again)")
        return EXIT_BAD_INPUT
    if bulk:
        _say(f"read {_plural(total, 'file')}: {_plural(len(read), 'activity')}"
             + (f", {_plural(skipped, 'file')} skipped" if skipped else ""))

    # 2. Leave out what is already logged, in any post under --content or in the target.
    logged = _logged_starts(site, [target] if target else [], check, post_edit)
    fresh, seen, already = [], {}, 0
    for act in sorted(read, key=_order):
        key = _duplicate_key(act, site)
        where = (logged.get(key) or seen.get(key)) if key else None
        if where:
            already += 1
            if not bulk or already <= 10:  # an export imported again: a few lines, then a count
                what = f"start {key}" if act.start else "the same route"
                _say(f"skipped {act.path.name}: already logged in {where} ({what})")
            continue
        if key:
            seen[key] = f"{act.path.name} (this import)"
        fresh.append(act)
    if bulk and already > 10:
        _say(f"skipped {_plural(already, 'activity')} in all: already logged")
    if not fresh:
        _say("nothing new to import")
        return EXIT_OK

    if target is not None:
        entries = [_entry(act, site, post_edit) for act in fresh]
        if args.dry_run:
            print(post_edit.render_entries(entries), end="")
            _say(f"dry run: would add {_plural(len(entries), 'entry')}; nothing written")
            return EXIT_OK
        # 3. Write: one atomic replace of the post, under its lock.
        added = _add_to_post(target, entries, fresh, site, post_edit)
        if added:
            _say(f"added {_plural(added, 'training entry')} to {target}")
            print(target)
        else:
            _say("nothing new to import")
        return EXIT_OK
    return _write_new_posts(args, site, fresh, numbered=bulk and not args.title)


def _order(act):
    return (act.start is None, act.start or dt.datetime.min.replace(tzinfo=dt.timezone.utc))


def _with_meta(act, meta: dict | None):
    """An export's activities.csv fills in what the file lacks: name, type, description,
    gear (as shoes) and, for a file without timestamps, the start."""
    from dataclasses import replace

    from . import activities

    if not meta:
        return act
    changes = {}
    if not act.name and meta.get("name"):
        changes["name"] = meta["name"]
    if not act.description and meta.get("description"):
        changes["description"] = meta["description"]
    if not act.shoes and meta.get("gear"):
        changes["shoes"] = meta["gear"]
    if not act.sport_known and meta.get("type"):
        activity, note = activities.sport_of(meta["type"])
        if note is None:
            changes.update(activity=activity, sport_known=True, sport_note=None)
    if act.start is None and meta.get("start") is not None:
        changes["start"] = meta["start"]
    return replace(act, **changes) if changes else act


def _duplicate_key(act, site: Site) -> str | None:
    """What makes an activity already logged: its start to the second, else its route."""
    if act.start is not None:
        return _start_key(site.local(act.start))
    return f"route:{act.route}" if act.route else None


def _check_target(target: Path, post_edit, *, dry_run: bool = False) -> None:
    """A post to import into: a regular file (a symlink to one is fine), not read-only."""
    import stat

    try:
        mode = target.stat().st_mode  # follows a symlink: its target is what is edited
    except FileNotFoundError:
        raise CliError(f"{target}: no such post") from None
    except OSError as e:
        raise CliError(f"{target}: cannot be read: {e.strerror or e}") from None
    if stat.S_ISDIR(mode):
        raise CliError(f"{target}: is a folder, not a post")
    if not stat.S_ISREG(mode):
        raise CliError(f"{target}: is not a regular file (a pipe or a device?); not a post")
    if not dry_run and post_edit.is_read_only(target):
        raise CliError(f"{target}: the post is read-only; it is left as it is (make it "
                       "writable, for example with chmod u+w, to import into it)", EXIT_REFUSED)


def _read_post(target: Path) -> str:
    try:
        return target.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise CliError(f"{target}: not UTF-8 text") from None
    except OSError as e:
        raise CliError(f"{target}: cannot be read: {e.strerror or e}") from None


def _add_to_post(target: Path, entries: list[dict], acts, site: Site, post_edit) -> int:
    """Append ``entries`` to the post under its lock; the number added.

    Under the lock the post is read again, as it is now (another import may have
    just added to it), what that added is skipped, and a temporary file a kill -9
    left beside it is removed.
    """
    from ..core.readers import datetime as read_datetime

    def waiting() -> None:
        _say(f"waiting for another diary command to finish with {target} ...")

    try:
        with post_edit.locked(target, on_wait=waiting):
            for leftover in post_edit.remove_stale_temp(target):
                _say(f"removed {leftover.name} beside {target}: a temporary file an "
                     "interrupted import left")
            _check_target(target, post_edit)  # still a writable post, now that it is ours
            text = _read_post(target)
            now_logged = {f"route:{value}" for value in post_edit.existing_values(text, "route")}
            for value in post_edit.existing_starts(text):
                try:
                    now_logged.add(_start_key(site.local(read_datetime(value, site.settings))))
                except ValueError:
                    continue
            keep = []
            for entry, act in zip(entries, acts):
                key = _duplicate_key(act, site)
                if key and key in now_logged:
                    _say(f"skipped {act.path.name}: already logged in {target} "
                         f"({'start ' + key if act.start else 'the same route'})")
                else:
                    keep.append(entry)
            if keep:
                new_text = post_edit.add_training(text, keep)
                post_edit.write_atomic(target, new_text.encode("utf-8"))
            return len(keep)
    except post_edit.PostEditError as e:
        raise CliError(f"{target}: {e}") from None
    except post_edit.LockTimeout as e:
        raise CliError(f"{target}: {e}; the post is unchanged", EXIT_REFUSED) from None
    except OSError as e:
        raise CliError(f"{target}: cannot be written: {e.strerror or e}; "
                       "the post is unchanged") from None


# --- new posts ---------------------------------------------------------------------------------

PER = ("activity", "day", "week", "month")


def _period_key(act, per: str, site: Site) -> str:
    """The post an activity goes into: by its local day, week (from week_start) or month."""
    from ..core import summarize

    if act.start is None:
        return "undated"
    day = site.local(act.start).date()
    if per == "activity":
        return _start_key(site.local(act.start))
    if per == "day":
        return day.isoformat()
    if per == "month":
        return f"{day:%Y-%m}"
    return summarize.week_start(day, site.settings).isoformat()


def _write_new_posts(args, site: Site, fresh, *, numbered: bool) -> int:
    """One new post per period (``--per``, default a week), titled and dated from its
    activities; their names and descriptions in the body. Never over an existing file:
    named files refuse a clash (nothing is written); an export's posts are numbered."""
    from ..core import specs
    from . import newpost, post_edit

    per = args.per or "week"
    groups: dict[str, list] = {}
    for act in fresh:
        groups.setdefault(_period_key(act, per, site), []).append(act)
    others = tuple(name for name in specs.names() if name != "training")
    planned, taken = [], set()
    for acts in groups.values():
        dated = [a for a in acts if a.start is not None]
        when = (max(site.local(a.start) for a in dated).replace(second=0) if dated else site.now())
        title = args.title or _title_for(acts, site)
        if len(groups) > 1 and args.title:
            title = f"{args.title}, {_range_words(acts, site)}"
        path = newpost.post_path(site.content, title, when)
        if numbered:
            base, n = title, 2
            while path.exists() or path in taken:
                title = f"{base} ({n})"
                path = newpost.post_path(site.content, title, when)
                n += 1
        elif path.exists() or path in taken:
            raise CliError(f"{path} already exists; not overwriting it "
                           "(give --title, or import with --post)", EXIT_REFUSED)
        taken.add(path)
        entries = [_entry(act, site, post_edit) for act in acts]
        planned.append((title, when, path, acts, entries))
    if args.dry_run:
        for title, when, path, acts, entries in planned:
            print(f"# {path}: {title}")
            print(post_edit.render_entries(entries), end="")
        _say(f"dry run: would write {_plural(len(planned), 'post')} with "
             f"{_plural(len(fresh), 'training entry')}; nothing written")
        return EXIT_OK
    written = 0
    for title, when, path, acts, entries in planned:
        try:
            # A new post has no training list yet: its entries are written straight in
            # (post_edit.add_training is for posts an author wrote, whose layout it keeps).
            text = newpost.render(title, when, category=args.category, tags=args.tags or [],
                                  examples=others, body=_body(acts, site),
                                  logs="training:\n" + post_edit.render_entries(entries))
            newpost.create(site.content, title, when, text=text)
        except FileExistsError:
            raise CliError(f"{path} already exists; not overwriting it "
                           "(give --title, or import with --post)", EXIT_REFUSED) from None
        except (ValueError, post_edit.PostEditError) as e:
            raise CliError(str(e)) from None
        except OSError as e:
            raise CliError(f"{path}: cannot be written: {e.strerror or e}") from None
        written += 1
        if len(planned) == 1:
            _say(f"wrote {path} with {_plural(len(entries), 'training entry')}")
        print(path)
    if len(planned) > 1:
        _say(f"wrote {_plural(written, 'post')} with {_plural(len(fresh), 'training entry')}")
    return EXIT_OK


def _body(acts, site: Site) -> str:
    """The new post's words: each activity's name and description, for the author to edit."""
    from ..render import display

    lines = []
    for act in acts:
        if not (act.name or act.description):
            continue
        when = (display.long_date(site.local(act.start).date()) if act.start else "no date")
        head = f"**{_markdown_text(act.name)}**" if act.name else NOUNS.get(act.activity, "Workout")
        line = f"- {head} ({act.activity}, {when})"
        if act.description:
            line += f": {_markdown_text(act.description)}"
        lines.append(line)
    if not lines:
        return "Write about it here, in Markdown.\n"
    return ("Imported from the watch: the activities' own names and descriptions, "
            "for you to edit.\n\n" + "\n".join(lines) + "\n")


def _markdown_text(text: str) -> str:
    """Text from a file or an export as plain words in Markdown: never HTML, a link or emphasis."""
    import html
    import re

    words = html.escape(" ".join(str(text).split()), quote=False)
    return re.sub(r"([\\`*_\[\]{}|!#])", r"\\\1", words)


def _range_words(acts, site: Site) -> str:
    from ..render import display

    days = sorted(site.local(a.start).date() for a in acts if a.start is not None)
    if not days:
        return "undated"
    if days[0] == days[-1]:
        return display.long_date(days[0])
    return f"{display.long_date(days[0])} to {display.long_date(days[-1])}"


# The activity's figures -> the training field each becomes: checked by that field's reader.
_CHECKED = (("distance", "distance_m"), ("time", "moving_s"), ("elevation", "elevation_gain_m"),
            ("hr", "avg_hr"), ("route", "route"))


def _checked(act, site: Site):
    """(activity, notes, refusal): the activity as the diary's rules take it.

    Each figure is written as the import writes it and read back by the log
    format's own reader for that field (the contract's bounds: hr 30 to 250,
    a distance from 1 m to 1,000 km, ...); a figure out of bounds is left out,
    with a note. The whole entry is then read as the build reads it; if it is
    still not valid (a date outside 1900..2100, nothing left to log) the
    activity is refused: ``refusal`` says why, and nothing of it is written.

    The build's read of the entry reads each figure with that same reader, so it
    comes first: when every figure passes (nearly every activity), that one read
    is both checks. Only when one fails are the figures read one by one.
    """
    from dataclasses import replace

    from ..core import specs
    from ..core.readers import FIRST_DAY, LAST_DAY
    from . import post_edit

    if act.start is not None:
        try:
            day = site.local(act.start).date()
        except (OverflowError, ValueError):
            day = None
        if day is None or not FIRST_DAY <= day <= LAST_DAY:
            return act, [], (f"activity dated {act.start:%Y-%m-%d} (start "
                             f"{act.start:%Y-%m-%dT%H:%M:%S} UTC): the diary takes dates from "
                             "1900-01-01 to 2100-12-31; refused")
    problems = _build_problems(_entry(act, site, post_edit), site)
    if _figures_pass(problems):
        return act, [], _refusal(problems)
    spec = specs.get("training")
    entry = _entry(act, site, post_edit)
    notes, dropped = [], {}
    for name, attribute in _CHECKED:
        if name not in entry:
            continue
        try:
            spec.inputs[name].read(entry[name], site.settings)
        except ValueError as e:
            notes.append(f"{name} {_figure(name, getattr(act, attribute), entry[name])} "
                         f"left out of the entry: {e}")
            dropped[attribute] = None
    act = replace(act, **dropped)
    return act, notes, _refusal(_build_problems(_entry(act, site, post_edit), site))


def _figures_pass(problems) -> bool:
    """Whether the build's read found no figure that its reader refuses (a problem naming
    the field and its value), having read the entry at all (its YAML: a problem of no log)."""
    checked = {name for name, _ in _CHECKED}
    return all(p.log is not None and not (p.field in checked and p.has_value) for p in problems)


def _refusal(problems) -> str | None:
    """The line refusing an activity whose entry the build would not read; None if it would."""
    if not problems:
        return None
    said = "; ".join(f"{p.field}: {p.message}" if p.field else p.message for p in problems)
    return f"not logged: {said}; refused"


def _figure(name: str, raw, written) -> str:
    """The file's own figure, as the note shows it: `0.01 m`, `254`, `190 h`."""
    if name == "distance":  # a few metres are written as 0.00 km: say so
        return f"{raw:.3g} m (written {written})" if raw < 1000 else str(written)
    if name == "time":
        return f"{raw / 3600:.1f} h" if raw >= 3600 else f"{raw:.0f} s"
    if name == "elevation":
        return f"{raw:.0f} m"
    if name == "route":
        return f"of {len(str(raw)):,} characters"
    return str(written)


def _build_problems(entry: dict, site: Site) -> list:
    """The errors (``Problem``) the build would find in ``entry``, written as the import writes it."""
    from ..core import frontmatter, parse, specs
    from ..core.model import Post, Problem
    from . import post_edit

    yaml_text = "training:\n" + post_edit.render_entries([entry])
    try:
        raw = frontmatter.load(yaml_text)["training"][0]
    except frontmatter.FrontMatterError as e:
        return [Problem(file="import", message=e.message)]
    # An entry without a date (a file without timestamps) takes the post's: lend one.
    _, problems = parse.parse_entry(specs.get("training"), 0, raw,
                                    post=Post(file="import", date=site.now().date()),
                                    settings=site.settings)
    return [p for p in problems if p.severity == "error"]


def _with_activity(act, activity: str):
    from dataclasses import replace

    return replace(act, activity=activity, sport_known=True, sport_note=None)


def _describe(act, site: Site) -> str:
    from ..render import display

    parts = []
    if act.distance_m:
        parts.append(display.distance(act.distance_m, site.settings))
    parts.append(act.activity)
    parts.append(f"on {site.local(act.start):%Y-%m-%d}" if act.start else "with no date")
    if act.moving_s:
        parts.append(f"in {display.clock(act.moving_s)}")
    return " ".join(parts)


def _start_key(moment: dt.datetime) -> str:
    return moment.replace(microsecond=0).isoformat()


def _logged_starts(site: Site, extra: list[Path], check, post_edit) -> dict[str, str]:
    """``start`` (naive local ISO) -> the post that logged it; and ``route:...`` for routes."""
    from ..core.readers import datetime as read_datetime

    files = _post_files([site.content], check) if site.content.is_dir() else []
    files += [p for p in extra if p not in files]
    logged: dict[str, str] = {}
    for path in files:
        try:
            if not path.is_file():  # a FIFO named x.md would hang the read
                continue
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if "start" not in text and "route" not in text:  # most posts: no need to parse
            continue
        for value in post_edit.existing_starts(text):
            try:
                moment = read_datetime(value, site.settings)
            except ValueError:
                continue
            logged.setdefault(_start_key(site.local(moment)), str(path))
        if "route" in text:
            for value in post_edit.existing_values(text, "route"):
                logged.setdefault(f"route:{str(value).strip()}", str(path))
    return logged


def _entry(act, site: Site, post_edit) -> dict:
    start = site.local(act.start) if act.start is not None else None
    return post_edit.training_entry(
        date=start.date() if start else None, activity=act.activity, distance_m=act.distance_m,
        moving_s=act.moving_s, elevation_m=act.elevation_gain_m, hr=act.avg_hr,
        start=start, units=site.settings.units, shoes=act.shoes, route=act.route)


NOUNS = {"run": "Run", "walk": "Walk", "hike": "Hike", "cycle": "Ride", "swim": "Swim",
         "strength": "Strength session", "yoga": "Yoga", "cross": "Workout", "rest": "Rest"}


def _title_for(acts, site: Site) -> str:
    """``Morning Run`` from the file, else ``Run on 15 April 2024``; several: a range."""
    from ..render import display

    dated = [a for a in acts if a.start is not None]
    if len(acts) == 1:
        act = acts[0]
        if act.name:
            return act.name
        if act.start is None:
            return f"{NOUNS.get(act.activity, 'Workout')} with no date"
        return f"{NOUNS.get(act.activity, 'Workout')} on {display.long_date(site.local(act.start).date())}"
    kinds = {a.activity for a in acts}
    noun = NOUNS.get(kinds.pop(), "Workout") + "s" if len(kinds) == 1 else "Sessions"
    if not dated:
        return f"{len(acts)} {noun.lower()} with no date"
    first, last = (site.local(dated[0].start).date(), site.local(dated[-1].start).date())
    if first == last:
        return f"{len(acts)} {noun.lower()} on {display.long_date(first)}"
    return f"{len(acts)} {noun.lower()}, {display.long_date(first)} to {display.long_date(last)}"


# --- diary stats -------------------------------------------------------------------------------

def cmd_stats(args) -> int:
    from ..core import posts, specs, summarize
    from ..render import display

    site = _site(args)
    if not site.content.is_dir():
        raise CliError(f"{site.content}: no such folder")
    day = args.date if args.date is not None else site.now().date()
    if isinstance(day, dt.datetime):
        day = day.date()
    first, after = summarize.period_bounds(day, args.period, site.settings)
    # The posts the site would publish and count: no drafts, no hidden posts, a translation once.
    found = posts.read_posts(_post_files([site.content], posts), site.settings, published_only=True,
                             default_lang=site.default_lang)
    diary = summarize.within(summarize.collect(found, specs.names()), first, after)
    s = site.settings
    label = {"week": display.week_label(first), "month": display.month_label(first),
             "year": f"{first.year}"}[args.period]

    print(f"{label} ({first.isoformat()} to {(after - dt.timedelta(days=1)).isoformat()})")
    print()
    training = summarize.summarize_training(diary.training, s)
    rows = [("activity", "sessions", "distance", "time", "pace")]
    tallies = sorted(training.all_time.by_activity.items(), key=lambda kv: (-kv[1].distance_m, kv[0]))
    for activity, tally in tallies:
        rows.append(("rest days" if activity == "rest" else activity, str(tally.count),  # never sessions
                     display.distance(tally.distance_m, s) if tally.distance_m else "",
                     display.clock(tally.time_s) if tally.time_s else "",
                     display.rate(activity, tally.paced_distance_m, tally.paced_time_s, s)))
    if diary.training:
        print(_table(rows, right=(1, 2, 3, 4)))
    else:
        print("no training logged")
    print()
    held = summarize.tally_stretches(diary.stretches, s.stretch_target_hold)
    spend = summarize.spend_by_currency(diary.treatments)
    rest = [("stretching", f"{display.minutes(held.total_s)} in {_plural(held.sessions, 'stretch')}"
             + (f", {display.share(held.long_enough, held.sessions)} held long enough"
                if held.sessions else "")),
            ("spend", display.spend(spend) if spend else display.money(0, s.currency)),
            ("treatments", str(len(diary.treatments)))]
    print(_table(rows=rest, header=False))
    errors = sum(p.severity == "error" for post in found for p in post.problems)
    if errors:
        _say(f"note: {_plural(errors, 'invalid entry')} left out of these totals; "
             "`diary check` lists them")
    return EXIT_OK


def _table(rows, right=(), header=True) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        cells = [cell.rjust(w) if i in right else cell.ljust(w)
                 for i, (cell, w) in enumerate(zip(row, widths))]
        lines.append("  ".join(cells).rstrip())
        if header and n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


# --- the parser ------------------------------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    from . import activities
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
                                   "(got VALUE). Exit 1 if there is an error; warnings alone exit 0.")
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: --content)")
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
                   help=f"activity files ({', '.join(activities.FORMATS)}, optionally .gz), "
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
        _say(f"diary: {e}")
        return e.status
    except KeyboardInterrupt:
        _say("diary: interrupted; nothing was half-written")
        return 130
    except Stopped as e:
        _say(f"diary: stopped by {e.name}; nothing was half-written")
        return 128 + e.signum
    except BrokenPipeError:
        return EXIT_OK
    except Exception as e:  # the last guard: one line, never a traceback
        if os.environ.get("DIARY_DEBUG"):
            raise
        _say(f"diary: unexpected error: {type(e).__name__}: {e} "
             "(run with DIARY_DEBUG=1 for details)")
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
