"""What the test folders share: building a site with Pelican.

Imported as `from tests.helpers import build_site` (pytest's `pythonpath` has the
repository's root; tests/ has no __init__.py). One helper, so that every test builds
the same way and says only what its build has of its own.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

REPO = Path(__file__).resolve().parents[1]
PELICAN = Path(sys.executable).with_name("pelican")


# In this process, the diary plugin alone (the search index runs a program of its own, and
# its plugin is tested in tests/site), no content cache shared between builds, and not the
# site's robots.txt template page (a file of content/, not of the test's content).
IN_PROCESS = {"PLUGIN_PATHS": [str(REPO / "plugins")], "PLUGINS": ["running_diary"],
              "CACHE_CONTENT": False, "TEMPLATE_PAGES": {}}


class SiteBuild(NamedTuple):
    """A finished build: Pelican's exit and output (None in-process) and the output folder.
    Unpacks as `result, out = build_site(...)`."""

    result: subprocess.CompletedProcess | None
    out: Path

    @property
    def log(self) -> str:
        """Pelican's log joined back into lines (rich wraps long lines)."""
        return " ".join((self.result.stdout + self.result.stderr).split())


def write_files(folder: Path, files: dict[str, str | bytes]) -> Path:
    """Write FILES (a path under FOLDER -> its text or bytes) and return FOLDER."""
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def conf_file(path: Path, base: str = "pelicanconf", extra: str = "") -> Path:
    """A settings file at PATH: the site's BASE settings (pelicanconf or publishconf), then
    EXTRA (Python), for what Pelican's `-e` cannot say (a key added to the DIARY dict).
    The theme and plugins are named by absolute paths: Pelican reads the base's relative
    ones from the settings file's folder, which is not the repository's."""
    path.write_text(f"import sys\nsys.path.insert(0, {str(REPO)!r})\nfrom {base} import *\n"
                    f"THEME = {str(REPO / 'theme')!r}\nPLUGIN_PATHS = [{str(REPO / 'plugins')!r}]\n"
                    f"{extra}\n", encoding="utf-8")
    return path


def build_site(content: Path, out: Path, *, files: dict[str, str | bytes] | None = None,
               conf: str | Path = "pelicanconf.py", settings: dict | None = None,
               env: dict[str, str] | None = None, inherit_env: bool = True, cwd: Path | None = None,
               in_process: bool = False, timeout: int = 300) -> SiteBuild:
    """Build CONTENT (after writing FILES into it) into OUT with Pelican.

    conf: a settings file of the repository ("pelicanconf.py", "publishconf.py") or a path.
    settings: overrides of it (Pelican's `-e KEY=JSON`; in-process, read_settings' override).
    env: added to the environment of the `pelican` process (to this one's, unless
    inherit_env is false: then PATH alone is kept).

    By default `pelican` runs as the author runs it, in a process of its own: what is tested
    is its exit status and its log, with no traceback. in_process=True runs Pelican in this
    process instead (no exit status, no log: an exception fails the test), for the tests that
    must reach the build's own objects: a spec registered or a function patched by the test.
    """
    if files:
        write_files(content, files)
    conf_path = conf if isinstance(conf, Path) else REPO / conf
    if in_process:
        from pelican import Pelican  # noqa: PLC0415 (subprocess builds need no Pelican here)
        from pelican.settings import read_settings  # noqa: PLC0415

        Pelican(read_settings(str(conf_path), override={
            "PATH": str(content), "OUTPUT_PATH": str(out), **IN_PROCESS, **(settings or {})})).run()
        return SiteBuild(None, out)
    args = [str(PELICAN), str(content), "-o", str(out), "-s", str(conf_path)]
    if settings:
        args += ["-e", *(f"{key}={json.dumps(value)}" for key, value in settings.items())]
    base = dict(os.environ) if inherit_env else {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    result = subprocess.run(args, cwd=cwd or content.parent, capture_output=True, text=True,
                            timeout=timeout, stdin=subprocess.DEVNULL,
                            env={**base, "COLUMNS": "400", "TERM": "dumb", **(env or {})})
    return SiteBuild(result, out)
