"""A module the diary command cannot import is an install problem, said in one line: never
a bad file, never a traceback, whether it is missing at start or while a file is read."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pelican.plugins.running_diary.cli import main as cli
from pelican.plugins.running_diary.cli.common import EXIT_REFUSED
from pelican.plugins.running_diary.ingest import sources, watch_files
from pelican.plugins.running_diary.ingest.watch_files import ActivityFileError

HIDDEN = "import sys; sys.modules[{module!r}] = None; from pelican.plugins.running_diary.cli.main import main; sys.exit(main({argv!r}))"


@pytest.mark.slow
@pytest.mark.parametrize("module", ["gpxpy", "fitdecode", "ruamel", "ruamel.yaml"])
def test_a_library_missing_at_start_is_one_line_naming_it(empty_site_folder, fixture_file, module):
    """What `make serve`'s venv was before the readers joined requirements.txt: no gpxpy.
    ruamel.yaml is what adds entries to a post (--post)."""
    post = Path("content/post.md")
    post.write_text("---\ntitle: Hills\ndate: 2024-04-21\n---\n\nBody.\n")
    before = post.read_bytes()
    argv = ["import", str(fixture_file("run_paused.gpx")), "--post", str(post)]
    shown = {"ruamel": "ruamel.yaml", "ruamel.yaml": "ruamel.yaml"}.get(module, module)
    done = subprocess.run([sys.executable, "-c", HIDDEN.format(module=module, argv=argv)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == EXIT_REFUSED
    lines = done.stderr.splitlines()  # after the progress line of a file read, if any
    assert lines[-1] == (f"diary: the diary command needs {shown}, which this Python cannot import: run "
                         "`make venv` (or `pip install -r requirements.txt`) and use .venv/bin/diary")
    assert not any("not a valid" in line or "Traceback" in line for line in lines)
    assert post.read_bytes() == before


def missing_lxml(path, data):
    raise ModuleNotFoundError("No module named 'lxml'", name="lxml")


def test_a_module_missing_while_reading_is_not_the_files_fault(fixture_file, monkeypatch):
    monkeypatch.setattr(watch_files.gpx, "read", missing_lxml)
    with pytest.raises(ModuleNotFoundError):
        watch_files.read(fixture_file("run_paused.gpx"))
    assert not issubclass(ModuleNotFoundError, ActivityFileError)


@pytest.mark.parametrize("files", [1, sources.POOL_FROM + 4], ids=["in this process", "in the pool"])
def test_the_import_says_one_install_line_when_a_reader_cannot_import(empty_site_folder, fixture_file, monkeypatch, capsys,
                                                                       files):
    """Read in this process, or by forked workers of the pool (the parent gets the worker's
    ImportError back from the future), the import stops with the one line, writing nothing."""
    monkeypatch.setattr(watch_files.gpx, "read", missing_lxml)
    monkeypatch.setattr(sources.os, "cpu_count", lambda: 2)  # the pool, even on one core
    data = fixture_file("run_paused.gpx").read_bytes()
    for n in range(files):
        Path(f"run{n}.gpx").write_bytes(data)
    status = cli.main(["import", *(f"run{n}.gpx" for n in range(files)), "--new"])
    out, err = capsys.readouterr()
    assert status == EXIT_REFUSED
    assert err.splitlines() == ["diary: the diary command needs lxml, which this Python cannot import: run "
                                "`make venv` (or `pip install -r requirements.txt`) and use .venv/bin/diary"]
    assert not list(Path("content").rglob("*.md"))


@pytest.mark.slow
def test_every_library_the_plugin_and_command_import_is_declared_and_pinned():
    """Whatever the plugin and the command import from outside the standard library is
    declared in the distribution's pyproject.toml (a stranger's pip install brings it) and
    pinned in requirements.txt (`make serve` installs that file only, not requirements-dev.txt).
    `rich` was once imported and declared nowhere."""
    import ast
    import re
    import tomllib

    repo = Path(__file__).resolve().parents[2]
    dist = repo / "plugins" / "pelican-running-diary"
    imported = set()
    for source in (dist / "pelican" / "plugins" / "running_diary").rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                imported.add(node.module.split(".")[0])
    outside = sorted(imported - set(sys.stdlib_module_names) - {"__future__"})
    assert {"gpxpy", "fitdecode", "ruamel", "rich", "pelican"} <= set(outside)

    def name(text: str) -> str:
        return re.sub(r"[-_.]+", "-", text).lower()

    # The import name of each library where it is not its distribution's name.
    distribution = {"yaml": "pyyaml", "PIL": "pillow", "pillow_heif": "pillow-heif", "dateutil": "python-dateutil",
                    "ruamel": "ruamel-yaml", "markdown": "markdown", "jinja2": "jinja2", "unidecode": "unidecode"}
    needed = {name(distribution.get(module, module)) for module in outside}
    declared = {name(re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0])
                for requirement in tomllib.loads((dist / "pyproject.toml").read_text())["project"]["dependencies"]}
    pinned = {name(line.split("==")[0]) for line in (repo / "requirements.txt").read_text().splitlines()
              if "==" in line and not line.startswith("#")}
    assert sorted(needed - declared) == [], "imported, not in plugins/pelican-running-diary/pyproject.toml"
    assert sorted(needed - pinned) == [], "imported, not pinned in requirements.txt"
