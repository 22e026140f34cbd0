"""Pelican's own sample site (`samples/` of Pelican 4.12.0's source distribution), fetched once.

`samples()` returns the folder holding `content/` and `pelican.conf.py`. The first
call downloads the sdist with pip (the only time the tests need the network, and
only PyPI) and unpacks its `samples/`; later calls find them in the cache,
tests/artifacts/cache/ (git-ignored), or under $PELICAN_SAMPLES_CACHE.
tests/site/samples_conf.py builds them with this site's theme and plugins.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

VERSION = "4.12.0"
REPO = Path(__file__).resolve().parents[2]
CACHE = Path(os.environ.get("PELICAN_SAMPLES_CACHE", REPO / "tests" / "artifacts" / "cache"))


def samples(cache: Path = CACHE) -> Path:
    """The unpacked samples/ folder of Pelican VERSION's sdist, downloading it the first time."""
    folder = cache / f"pelican-{VERSION}" / "samples"
    if (folder / "content").is_dir() and (folder / "pelican.conf.py").is_file():
        return folder
    sdists = cache / "sdist"
    sdist = sdists / f"pelican-{VERSION}.tar.gz"
    if not sdist.is_file():
        sdists.mkdir(parents=True, exist_ok=True)
        result = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
             "--disable-pip-version-check", "--quiet", f"pelican=={VERSION}", "-d", str(sdists)],
            capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL)
        if result.returncode != 0 or not sdist.is_file():
            raise RuntimeError(f"pip download pelican=={VERSION} failed (the first run needs PyPI):\n"
                               f"{result.stdout[-2000:]}{result.stderr[-4000:]}")
    prefix = f"pelican-{VERSION}/samples/"
    partial = cache / f"pelican-{VERSION}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    with tarfile.open(sdist) as archive:
        members = [m for m in archive.getmembers() if m.name.startswith(prefix) and (m.isfile() or m.isdir())]
        archive.extractall(partial, members=members, filter="data")
    shutil.rmtree(folder.parent, ignore_errors=True)
    (partial / f"pelican-{VERSION}").rename(folder.parent)
    shutil.rmtree(partial, ignore_errors=True)
    return folder
