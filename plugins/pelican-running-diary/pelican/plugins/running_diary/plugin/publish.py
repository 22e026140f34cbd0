"""`make publish`, all or nothing: build into a fresh folder, then put it in place.

    python -m pelican.plugins.running_diary.plugin.publish OUTPUTDIR [--publish] [--privacy-check] [pelican arguments]

`make html` builds this way too, so that the site it leaves is always a whole
one, with no page left over from a post since deleted (Pelican writes over an
output folder and leaves what it no longer writes); `--publish` (make publish)
also fails the build on any error it logged and carried on from.

Pelican builds into OUTPUTDIR.new (beside OUTPUTDIR, emptied first) in this
process. Only when the build succeeded is OUTPUTDIR renamed to OUTPUTDIR.old,
OUTPUTDIR.new renamed to OUTPUTDIR and the old site removed; signals wait
from the end of the build to the end (one that came then stops the publish
all the same). A failed build (any exit status but 0) or an
interrupted one (Ctrl-C, SIGTERM, SIGHUP) removes OUTPUTDIR.new and leaves
OUTPUTDIR as it was, byte for byte, and exits non-zero, so `make github`
never pushes it.

With `--privacy-check`, the fresh folder must also pass `diary privacy check`
(run as a command: it reads the published files as a stranger would) before it
is put in place; its one summary line is the publish's last. A site that fails
it is never put in place.

Pelican runs in this process, not as a child: a second interpreter would cost
about 50 ms, 7% of the sample site's publish. Pelican's own main catches
KeyboardInterrupt and exits 0, so the signals raise `Interrupted` instead,
which it lets through.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class Interrupted(BaseException):
    """A signal asked the publish to stop (not an Exception: nothing may swallow it)."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.status = 128 + signum


def siblings(output: str | os.PathLike) -> tuple[Path, Path, Path]:
    """(the site, the fresh folder, the old site's place): beside each other, whatever
    the spelling of OUTPUTDIR (`out/`, `./out`)."""
    site = Path(os.path.abspath(output))
    return site, site.with_name(site.name + ".new"), site.with_name(site.name + ".old")


def refusal(site: Path, pelican_args: list[str]) -> str | None:
    """Why OUTPUTDIR must not be replaced, if it must not: the site is removed whole once
    the new one is in place, so it may hold neither the content, nor the settings, nor
    where the build runs (`make publish OUTPUTDIR=.` would remove the project)."""
    if site.exists() and not site.is_dir():
        return f"{site} is not a folder"
    kept = [Path.cwd(), Path.home(), *(Path(a) for a in pelican_args if not a.startswith("-"))]
    for path in kept:
        path = Path(os.path.abspath(path))
        if path.exists() and (path == site or site in path.parents):
            return f"{site} is or holds {path}, and the site there is removed whole when replaced"
    return None


class _Deferred:
    """The signals that came once the build was done, to stop the publish all the same."""

    def __init__(self):
        self.signals: list[int] = []

    def record(self, signum, _frame) -> None:
        self.signals.append(signum)


def _interrupt(signum, _frame):
    raise Interrupted(signum)


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)


def privacy_check(pelican_args: list[str]):
    """A check of the fresh folder: `diary privacy check` with the build's content and
    settings (the first argument that is not an option, and `-s`)."""
    content = next((a for a in pelican_args if not a.startswith("-")), "content")
    settings = pelican_args[pelican_args.index("-s") + 1] if "-s" in pelican_args else "pelicanconf.py"

    def check(folder: Path) -> int:
        return subprocess.run([sys.executable, "-m", "pelican.plugins.running_diary.cli.main", "privacy", "check", str(folder),
                               "--content", content, "--conf", settings], stdin=subprocess.DEVNULL).returncode

    return check


def build(output: str, pelican_args: list[str], run, check=None, stop_on_errors: bool = True) -> int:
    """Build with `run(arguments)` (Pelican's main) into a fresh folder; put it in place
    only if the build succeeded, `check(folder)` (if given) returned 0, and no signal came
    meanwhile. `stop_on_errors`: an error the build logged and carried on from fails it (a
    publish); `make html` and the devserver publish what is valid. The exit status."""
    site, new, old = siblings(output)
    refused = refusal(site, pelican_args)
    if refused:
        sys.stderr.write(f"publish: choose another OUTPUTDIR: {refused}\n")
        return 2
    before = {handled: signal.signal(handled, _interrupt) for handled in SIGNALS}
    deferred = _Deferred()
    try:
        try:
            _remove(new)  # what a killed (SIGKILL) publish left
            _remove(old)
            new.mkdir(parents=True)
            status = _run(run, [*pelican_args, "-o", str(new)], stop_on_errors)
        finally:
            # From here on, a signal waits: blocked, and (for one another thread takes, whose
            # Python handler still runs in this one) recorded by `deferred` rather than raised.
            for handled in SIGNALS:
                signal.signal(handled, deferred.record)
            signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)
    except Interrupted as signalled:
        status = signalled.status
    signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)  # had the signal come before the finally
    if status == 0 and check is not None:  # signals wait meanwhile: the proof is part of the publish
        status = check(new)
    late = sorted(set(signal.sigpending()) & set(SIGNALS)) + deferred.signals
    if status == 0 and late:  # stopped once the build was done: stopped all the same
        status = 128 + late[0]
    try:
        if status == 0:
            if site.exists() or site.is_symlink():
                site.rename(old)
            new.rename(site)
            _remove(old)
        else:
            _remove(new)
            sys.stderr.write(f"publish: the build or its privacy check failed, or it was stopped; "
                             f"{site} is left as it was\n")
    finally:
        for handled in before:  # drop what waited, then as before
            signal.signal(handled, signal.SIG_IGN)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, SIGNALS)
        for handled, handler in before.items():
            signal.signal(handled, handler)
    return status


class _Errors(logging.Handler):
    """Counts the errors logged during the build: Pelican logs some and carries on (a plugin
    that cannot register is left out, and the site built without it)."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def _run(run, arguments: list[str], stop_on_errors: bool = True) -> int:
    errors = _Errors()
    logging.getLogger().addHandler(errors)
    try:
        run(arguments)
    except SystemExit as stopped:  # Pelican's sys.exit, or the diary's DiaryBuildFailed
        code = stopped.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    except Exception as error:  # noqa: BLE001 - Pelican's main catches them; an in-process run may not
        sys.stderr.write(f"the build failed: {type(error).__name__}: {error}\n")
        return 1
    finally:
        logging.getLogger().removeHandler(errors)
    if errors.count and stop_on_errors:  # a publish leaves nothing out: what was logged as an error stops it
        sys.stderr.write(f"publish: the build logged {errors.count} error(s), above: it is not published\n")
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0].startswith("-"):
        sys.stderr.write("usage: python -m pelican.plugins.running_diary.plugin.publish OUTPUTDIR [--publish] [--privacy-check] "
                         "[pelican arguments]\n")
        return 2
    from pelican import main as pelican_main  # noqa: PLC0415 (after the usage check)

    output, rest = argv[0], argv[1:]
    checked, publishing = "--privacy-check" in rest, "--publish" in rest
    rest = [a for a in rest if a not in ("--privacy-check", "--publish")]
    return build(output, rest, pelican_main, privacy_check(rest) if checked else None,
                 stop_on_errors=publishing)


if __name__ == "__main__":
    sys.exit(main())
