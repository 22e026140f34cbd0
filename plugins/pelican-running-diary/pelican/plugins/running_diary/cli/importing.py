"""``diary import``: read every activity file the paths hold (a pool of processes
for an export), check each activity, leave out what is already logged, then add
the rest to ``--post`` or write new posts (import_posts.py)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from .common import EXIT_BAD_INPUT, EXIT_OK, EXIT_REFUSED, CliError, Site, post_files, say, site_of
from .entries import as_entry, check_activity, describe, start_key, with_activity
from .import_posts import write_new_posts
from ..core.model import count as _plural


def cmd_import(args) -> int:
    from ..ingest import post_edit, sources

    site = site_of(args)
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

    def __init__(self, total: int, label: str = "reading activity files"):
        self.bar = None
        if total > 1 and sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                                       TimeRemainingColumn)

            self.bar = Progress(TextColumn(label), BarColumn(),
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
            say(message)

    def advance(self) -> None:
        self.done += 1
        if self.bar is not None:
            self.bar.update(self.task, advance=1, left=self.total - self.done)


def _import(args, site: Site, target: Path | None, found) -> int:
    from ..core import posts as check
    from ..ingest import post_edit, sources, watch_files

    # 1. Read and check every file first. A file named on the command line that is bad
    #    stops the import (nothing is written); one found in a folder or an export is
    #    skipped with a line, and the rest imported.
    for line in found.unreadable:
        say(f"diary: {line}")
    for path in found.empty:
        say(f"diary: {path}: no activity file in it ({', '.join(watch_files.FORMATS)}, "
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
        for n, (source, reading) in enumerate(sources.read_all(items, site.settings.privacy,
                                                                   found.budget), start=1):
            tag = f"[{n:>{width}}/{total}]"
            name = Path(source.label).name
            try:
                if isinstance(reading, watch_files.ActivityFileError):
                    raise reading
            except watch_files.ActivityFileError as e:
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
                    act = with_activity(act, args.activity)
                act, notes, refusal = check_activity(act, site)
                if refusal:
                    refused.append(refusal)
                    continue
                checked.append(act)
                if not source.bulk:
                    progress.say(f"{tag} {name}: {describe(act, site)}")
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
        say(f"{_plural(found.without_file, 'activity')} in activities.csv "
             f"{'has' if found.without_file == 1 else 'have'} no file (entered by hand on the "
             "service): not imported")
    if bad:
        say(f"diary: nothing imported: {_plural(bad, 'file')} of {total} "
             "could not be read (fix or leave out, then run the import again)")
        return EXIT_BAD_INPUT
    if bulk:
        say(f"read {_plural(total, 'file')}: {_plural(len(read), 'activity')}"
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
                say(f"skipped {act.path.name}: already logged in {where} ({what})")
            continue
        if key:
            seen[key] = f"{act.path.name} (this import)"
        fresh.append(act)
    if bulk and already > 10:
        say(f"skipped {_plural(already, 'activity')} in all: already logged")
    if not fresh:
        say("nothing new to import")
        return EXIT_OK

    if target is not None:
        entries = [as_entry(act, site, post_edit) for act in fresh]
        if args.dry_run:
            print(post_edit.render_entries(entries), end="")
            say(f"dry run: would add {_plural(len(entries), 'entry')}; nothing written")
            return EXIT_OK
        # 3. Write: one atomic replace of the post, under its lock.
        added = _add_to_post(target, entries, fresh, site, post_edit)
        if added:
            say(f"added {_plural(added, 'training entry')} to {target}")
            print(target)
        else:
            say("nothing new to import")
        return EXIT_OK
    return write_new_posts(args, site, fresh, numbered=bulk and not args.title)


def _order(act):
    return (act.start is None, act.start or dt.datetime.min.replace(tzinfo=dt.timezone.utc))


def _with_meta(act, meta: dict | None):
    """An export's activities.csv fills in what the file lacks: name, type, description,
    gear (as shoes) and, for a file without timestamps, the start."""
    from dataclasses import replace

    from ..ingest import watch_files

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
        activity, note = watch_files.sport_of(meta["type"])
        if note is None:
            changes.update(activity=activity, sport_known=True, sport_note=None)
    if act.start is None and meta.get("start") is not None:
        changes["start"] = meta["start"]
    return replace(act, **changes) if changes else act


def _duplicate_key(act, site: Site) -> str | None:
    """What makes an activity already logged: its start to the second, else its route."""
    if act.start is not None:
        return start_key(site.local(act.start))
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
        say(f"waiting for another diary command to finish with {target} ...")

    try:
        with post_edit.locked(target, on_wait=waiting):
            for leftover in post_edit.remove_stale_temp(target):
                say(f"removed {leftover.name} beside {target}: a temporary file an "
                     "interrupted import left")
            _check_target(target, post_edit)  # still a writable post, now that it is ours
            text = _read_post(target)
            now_logged = {f"route:{value}" for value in post_edit.existing_values(text, "route")}
            for value in post_edit.existing_starts(text):
                try:
                    now_logged.add(start_key(site.local(read_datetime(value, site.settings))))
                except ValueError:
                    continue
            keep = []
            for entry, act in zip(entries, acts):
                key = _duplicate_key(act, site)
                if key and key in now_logged:
                    say(f"skipped {act.path.name}: already logged in {target} "
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


def _logged_starts(site: Site, extra: list[Path], check, post_edit) -> dict[str, str]:
    """``start`` (naive local ISO) -> the post that logged it; and ``route:...`` for routes."""
    from ..core.readers import datetime as read_datetime

    files = post_files([site.content], check) if site.content.is_dir() else []
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
            logged.setdefault(start_key(site.local(moment)), str(path))
        if "route" in text:
            for value in post_edit.existing_values(text, "route"):
                logged.setdefault(f"route:{str(value).strip()}", str(path))
    return logged
