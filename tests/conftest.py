"""Fixtures shared by every test folder: the repository, `make`, built sites.

The builds are real (`make html` / `make publish` into a temporary folder) and
happen once per test session, the first time a test asks for them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def run_make(*args: str, cwd: Path = REPO, env: dict[str, str] | None = None,
             timeout: int = 600) -> subprocess.CompletedProcess[str]:
    """Run `make ARGS` (targets and VAR=value) and fail the test, with its output, if it fails."""
    # Not the variables of a `make test` around us: only what the test passes.
    outer = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    result = subprocess.run(
        ["make", "--no-print-directory", *args],
        cwd=cwd, env={**outer, **(env or {})},
        capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL,
    )
    if result.returncode != 0:
        pytest.fail(f"make {' '.join(args)} failed ({result.returncode}):\n"
                    f"{result.stdout[-4000:]}\n{result.stderr[-8000:]}")
    return result


# The site's plugins are installed distributions (plugins/pelican-*/, see the Makefile's
# venv target), not imported from the working tree: a test run on an installed copy older
# than the sources would test code that is not there. `make test` reinstalls them first.
PLUGIN_SOURCES = {"pelican.plugins.running_diary": REPO / "plugins" / "pelican-running-diary",
                  "pelican.plugins.pagefind": REPO / "plugins" / "pelican-pagefind"}


def _stale_plugin_files() -> list[str]:
    import importlib

    stale = []
    for package, dist in PLUGIN_SOURCES.items():
        source = dist.joinpath(*package.split("."))
        try:
            installed = Path(importlib.import_module(package).__file__).parent
        except ImportError:
            return [f"{package} is not installed"]
        def files(folder: Path) -> set[Path]:
            return {p.relative_to(folder) for p in folder.rglob("*")
                    if p.is_file() and "__pycache__" not in p.parts}

        ours, theirs = files(source), files(installed)
        for name in sorted(ours):
            if name not in theirs or (installed / name).read_bytes() != (source / name).read_bytes():
                stale.append(str((source / name).relative_to(REPO)))
        # A module deleted from the sources but still installed would let a test pass on it.
        stale += [f"{installed / name} (deleted from the sources)" for name in sorted(theirs - ours)]
    return stale


def pytest_sessionstart(session):
    stale = _stale_plugin_files()
    if stale:
        pytest.exit(f"the installed plugins are not the ones in plugins/ ({', '.join(stale[:3])}"
                    f"{' ...' if len(stale) > 3 else ''}): run `make venv` (or `make test`, which does)",
                    returncode=4)


@pytest.fixture(autouse=True)
def _no_private_settings_from_the_shell(monkeypatch):
    """A DIARY_PRIVATE set in the shell (the author's zones) never reaches a test: tests
    that want private settings set them."""
    monkeypatch.delenv("DIARY_PRIVATE", raising=False)


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture
def empty_site_folder(tmp_path, monkeypatch) -> Path:
    """A site folder with the real pelicanconf.py and an empty content/, as the cwd."""
    shutil.copy(REPO / "pelicanconf.py", tmp_path / "pelicanconf.py")
    (tmp_path / "content").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(scope="session")
def sample_site_html(tmp_path_factory) -> Path:
    """The real content/ built with `make html` (development settings) into a temporary folder."""
    out = tmp_path_factory.mktemp("html-site")
    run_make("html", f"OUTPUTDIR={out}")
    return out


@pytest.fixture(scope="session")
def sample_site_published(tmp_path_factory):
    """The real content/ built with `make publish` as a project page and served.

    Served by a local HTTP server the way GitHub Pages serves a project page:
    under /diary/ only, with the site's 404.html (status 404) for unknown
    addresses. SITEURL is http://127.0.0.1:PORT/diary.
    """
    from tests.site.server import SiteServer  # noqa: PLC0415 (only sessions that serve need it)

    out = tmp_path_factory.mktemp("published-site")
    with SiteServer(out, prefix="/diary/") as server:
        run_make("publish", f"OUTPUTDIR={out}", env={"SITEURL": server.siteurl})
        yield server


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Debian's Chromium, which Playwright drives (it cannot download its own here)."""
    path = shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(path):
        pytest.skip("chromium is not installed: `make test` installs it with apt-get")
    return path


FIXTURE_CONTENT = REPO / "tests" / "browser" / "content"


@pytest.fixture(scope="session")
def stress_site_published(tmp_path_factory):
    """tests/browser/content, the stress diary, built with `make publish` and served like `sample_site_published`.

    Its posts hold what content/ does not: every field of all four logs in one
    post, and a body wider than a phone (a wide Markdown table, numbered and
    plain highlighted code, a long address and word, a wide image, a video and
    an iframe; reStructuredText's code-block with line numbers and a table); a
    post with a title that wraps three times, two authors, a French translation,
    a ten-entry training log of every activity, costs in three currencies, long
    notes and emoji; a page with a translation; a draft without a date (which
    only `stress_site_html` writes).
    """
    from tests.site.server import SiteServer  # noqa: PLC0415

    out = tmp_path_factory.mktemp("fixture-site")
    with SiteServer(out, prefix="/diary/") as server:
        run_make("publish", f"INPUTDIR={FIXTURE_CONTENT}", f"OUTPUTDIR={out}", env={"SITEURL": server.siteurl})
        yield server


@pytest.fixture(scope="session")
def stress_site_html(tmp_path_factory):
    """The stress diary built with `make html` (relative URLs, drafts under drafts/), served."""
    from tests.site.server import SiteServer  # noqa: PLC0415

    out = tmp_path_factory.mktemp("fixture-dev-site")
    run_make("html", f"INPUTDIR={FIXTURE_CONTENT}", f"OUTPUTDIR={out}")
    with SiteServer(out, prefix="/diary/") as server:
        yield server


@pytest.fixture(scope="session")
def pelican_samples_published(tmp_path_factory):
    """Pelican 4.12.0's own sample site, built with this theme and plugins and served like the others.

    tests/site/pelican_samples.py fetches the samples from Pelican's sdist with pip
    the first time (the network, PyPI only) and caches them; tests/site/samples_conf.py
    is publishconf.py with what the samples need of their own settings.
    """
    from tests.site.pelican_samples import samples  # noqa: PLC0415
    from tests.site.server import SiteServer  # noqa: PLC0415

    folder = samples()
    out = tmp_path_factory.mktemp("samples-site")
    with SiteServer(out, prefix="/diary/") as server:
        run_make("publish", f"INPUTDIR={folder / 'content'}", f"OUTPUTDIR={out}",
                 f"PUBLISHCONF={REPO / 'tests' / 'site' / 'samples_conf.py'}",
                 env={"SITEURL": server.siteurl, "PELICAN_SAMPLES": str(folder)})
        server.samples = folder
        yield server
