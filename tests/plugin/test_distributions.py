"""The two distributions as a stranger gets them: built from plugins/pelican-*/ the way the
release workflow builds them (`python -m build`: the sdist, then the wheel from it), their
metadata checked, installed into a fresh virtual environment with pip, and used there on a
site of Pelican's default theme whose settings name no plugin (auto-discovery)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest
from packaging.metadata import Metadata

from tests.conftest import REPO

pytestmark = pytest.mark.slow

DISTRIBUTIONS = {"pelican-running-diary": "pelican/plugins/running_diary",
                 "pelican-pagefind": "pelican/plugins/pagefind"}

POST = """\
---
title: Tempo by the canal
date: 2024-05-02
training:
  - {activity: run, type: tempo, distance: 10 km, time: "50:00", effort: 7}
  - {activity: run, type: easy, distance: 5 km, time: "30:00"}
stretches:
  - {name: calf stretch against a wall, muscle: calves, side: both, hold: 30s, sets: 3}
---
Ten at tempo along the canal, then five easy ones home.
"""


def run(*command, cwd: Path | None = None, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(c) for c in command], cwd=cwd, capture_output=True, text=True,
                            timeout=timeout, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, f"{command}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    """dist/ with each distribution's sdist and wheel, built from a copy of its folder (a build
    writes build/ and *.egg-info beside the sources: not in the working tree)."""
    out = tmp_path_factory.mktemp("dist")
    sources = tmp_path_factory.mktemp("sources")
    for name in DISTRIBUTIONS:
        copy = shutil.copytree(REPO / "plugins" / name, sources / name,
                               ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__"))
        run(sys.executable, "-m", "build", "--outdir", out, copy)
    return out


def one(folder: Path, pattern: str) -> Path:
    found = sorted(folder.glob(pattern))
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("name", DISTRIBUTIONS)
def test_each_wheel_holds_its_namespace_package_and_nothing_of_pelican(dist, name):
    package = DISTRIBUTIONS[name]
    wheel = one(dist, f"{name.replace('-', '_')}-*-py3-none-any.whl")
    names = zipfile.ZipFile(wheel).namelist()
    code = [n for n in names if ".dist-info/" not in n]
    assert code and all(n.startswith(package + "/") for n in code), code
    # No pelican/__init__.py or pelican/plugins/__init__.py: either would hide Pelican itself.
    assert "pelican/__init__.py" not in names and "pelican/plugins/__init__.py" not in names
    source = REPO / "plugins" / name / package
    expected = {f"{package}/{p.relative_to(source).as_posix()}" for p in source.rglob("*")
                if p.is_file() and "__pycache__" not in p.parts}
    assert set(code) == expected  # every module and template, nothing else
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)


@pytest.mark.parametrize("name", DISTRIBUTIONS)
def test_each_distribution_s_metadata_is_valid_and_says_it_is_a_pelican_plugin(dist, name):
    wheel = one(dist, f"{name.replace('-', '_')}-*-py3-none-any.whl")
    with zipfile.ZipFile(wheel) as archive:
        raw = archive.read(next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA")))
    metadata = Metadata.from_email(raw, validate=True)  # raises on any invalid field
    assert metadata.name == name
    assert metadata.license_expression == "AGPL-3.0-or-later"
    assert "Framework :: Pelican :: Plugins" in metadata.classifiers
    assert metadata.description_content_type == "text/markdown"
    readme = (REPO / "plugins" / name / "README.md").read_text(encoding="utf-8")
    assert Parser().parsestr(raw.decode()).get_payload().strip() == readme.strip()  # its own README
    sdist = one(dist, f"{name.replace('-', '_')}-*.tar.gz")
    with tarfile.open(sdist) as archive:
        members = {Path(m).name for m in archive.getnames()}
    assert {"LICENSE", "README.md", "CHANGELOG.md", "pyproject.toml"} <= members


def test_the_diary_wheel_declares_what_its_modules_import(dist):
    wheel = one(dist, "pelican_running_diary-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        raw = archive.read(next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA")))
        entry_points = archive.read(next(n for n in archive.namelist() if n.endswith("entry_points.txt")))
    requires = {requirement.name.lower() for requirement in Metadata.from_email(raw).requires_dist}
    assert {"pelican", "markdown", "jinja2", "pyyaml", "rich", "gpxpy", "fitdecode", "ruamel.yaml"} <= requires
    assert "diary = pelican.plugins.running_diary.cli.main:main" in entry_points.decode()


@pytest.fixture(scope="module")
def fresh_venv(dist, tmp_path_factory) -> Path:
    """A new virtual environment (not this one's packages) with both wheels installed by pip,
    their dependencies resolved from their metadata and held to the site's pins."""
    venv = tmp_path_factory.mktemp("stranger") / "venv"
    run(sys.executable, "-m", "venv", venv)
    python = venv / "bin" / "python"
    run(python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
        "-c", REPO / "requirements.txt", *sorted(dist.glob("*.whl")), timeout=900)
    return venv


def test_pelican_lists_both_plugins_as_installed(fresh_venv):
    listed = run(fresh_venv / "bin" / "pelican-plugins").stdout + run(fresh_venv / "bin" / "pelican-plugins").stderr
    assert "pelican.plugins.running_diary" in listed and "pelican.plugins.pagefind" in listed


def test_a_default_theme_site_with_no_plugin_settings_gets_its_tables_pages_and_index(fresh_venv, tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / "tempo.md").write_text(POST, encoding="utf-8")
    conf = tmp_path / "pelicanconf.py"
    # No THEME (Pelican's notmyidea), no PLUGINS or PLUGIN_PATHS: Pelican finds both plugins.
    conf.write_text('AUTHOR = "A Stranger"\nSITENAME = "Somebody else\'s diary"\nTIMEZONE = "UTC"\n'
                    'DIARY_TODAY = "2024-06-01"\n', encoding="utf-8")
    out = tmp_path / "output"
    result = run(fresh_venv / "bin" / "pelican", content, "-o", out, "-s", conf, cwd=tmp_path)
    assert "ERROR" not in result.stdout + result.stderr, result.stdout + result.stderr
    page = (out / "tempo-by-the-canal.html").read_text(encoding="utf-8")
    assert "Smashing Magazine" in page  # the footer of Pelican's default theme, notmyidea
    # The training table's total: 10 km + 5 km = 15 km, 50:00 + 30:00 = 1:20:00.
    text = re.sub(r"<[^>]+>", " ", page)
    assert re.search(r"15(\.0+)?\s*km", text) and "1:20:00" in text, text[-2000:]
    assert "calf stretch against a wall" in text
    training = (out / "training" / "index.html").read_text(encoding="utf-8")
    assert "Tempo by the canal" in training
    data = json.loads((out / "diary.json").read_text(encoding="utf-8"))
    assert data["totals"]["training"]["distance_m"] == 15000 and data["totals"]["training"]["time_s"] == 4800
    assert (out / "pagefind" / "pagefind-entry.json").is_file()  # the search index, by pelican-pagefind


def test_the_diary_command_runs_from_the_fresh_environment(fresh_venv, tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "tempo.md").write_text(POST.replace('time: "50:00"', 'time: "50:72"'),
                                                   encoding="utf-8")
    result = subprocess.run([str(fresh_venv / "bin" / "diary"), "check"], cwd=tmp_path, capture_output=True,
                            text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "content/tempo.md:5: training[0].time" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
