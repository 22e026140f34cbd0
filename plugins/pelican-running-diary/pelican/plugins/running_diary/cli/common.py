"""What every ``diary`` subcommand shares: exit statuses, the one-line error, the
site's settings (read from pelicanconf.py without running it) and its posts."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

EXIT_OK, EXIT_REFUSED, EXIT_BAD_INPUT = 0, 1, 2


class CliError(Exception):
    """A one-line message for the user, and the exit status to go with it."""

    def __init__(self, message: str, status: int = EXIT_BAD_INPUT):
        super().__init__(message)
        self.status = status


def say(message: str) -> None:
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
        self.private_file = self._private_file()
        self.settings = self._with_private(self.settings)
        self.tz = self._zone(namespace.get("TIMEZONE"))
        self.default_lang = str(namespace.get("DEFAULT_LANG") or "en")  # a translation is not counted twice
        self.dated = namespace.get("DEFAULT_DATE") is None  # without it, Pelican skips a post with no date
        # Where the build finds static files (photos among them), under the content folder.
        static = namespace.get("STATIC_PATHS")
        self.static_paths = [str(s) for s in static] if isinstance(static, (list, tuple)) else ["images"]

    def _private_file(self) -> Path:
        """private.toml beside the settings file (or the content folder), where pelicanconf.py's
        DIARY_PRIVATE_FILE points the build (read without running pelicanconf.py)."""
        return (self.conf.parent if self.conf is not None else self.content.resolve().parent) / "private.toml"

    def _with_private(self, settings):
        """The settings with private.toml's (or DIARY_PRIVATE's) zones and salt."""
        from dataclasses import replace

        from ..core import privacy
        from ..core.settings import SettingsError

        try:
            return replace(settings, privacy=privacy.load_private(settings.privacy, self.private_file))
        except SettingsError as e:
            raise CliError(str(e)) from None

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


def read_conf(path: Path, names: tuple[str, ...] = ("DIARY", "TIMEZONE", "DEFAULT_LANG", "DEFAULT_DATE")) -> dict:
    """``DIARY``, ``TIMEZONE``, ``DEFAULT_LANG`` and ``DEFAULT_DATE`` from a Pelican
    settings file (see settings.read_conffile)."""
    from ..core.settings import SettingsError, read_conffile

    try:
        return read_conffile(path, names)
    except SettingsError as e:
        raise CliError(str(e)) from None


def site_of(args) -> Site:
    return Site(Path(args.content), Path(args.conf) if args.conf else None)


# --- posts -------------------------------------------------------------------------------

def post_files(paths: list[Path], check) -> list[Path]:
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
