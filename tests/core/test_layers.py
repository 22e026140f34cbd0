"""The plugin's layers import one way only: core <- render <- plugin, and core/render <- cli.

Every module of pelican.plugins.running_diary (plugins/pelican-running-diary/) is parsed
(not imported) and each import, relative ones resolved to full module names, in function
bodies too, is checked against the rules (layers named under the package):

- core imports nothing of render, plugin or cli, and no pelican, markupsafe or jinja2: it is
  plain Python, for the build, `diary check` and the tests alike;
- render imports nothing of plugin or cli, and no pelican;
- plugin and cli never import each other;
- ingest (watch files, exports, the post editor) imports core and render only;
- only plugin imports pelican (the package's own modules aside, under pelican.plugins).
"""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

DIST = Path(__file__).resolve().parents[2] / "plugins" / "pelican-running-diary"
PACKAGE = "pelican.plugins.running_diary"
LAYERS = {"core", "render", "plugin", "ingest", "cli"}

# (importer's layer, imported layer or module prefix, why not): a layer is a package under
# the plugin's package (diary.core in the small made-up package below, or
# pelican.plugins.running_diary.core in the real one).
FORBIDDEN = (
    ("core", "render", "the core knows nothing of output"),
    ("core", "plugin", "the core knows nothing of Pelican"),
    ("core", "cli", "the core knows nothing of the command"),
    ("core", "markupsafe", "the core knows nothing of HTML"),
    ("core", "jinja2", "the core knows nothing of templates"),
    ("render", "plugin", "rendering works without Pelican"),
    ("render", "cli", "rendering knows nothing of the command"),
    ("plugin", "cli", "the build and the command are apart"),
    ("cli", "plugin", "the command must start without Pelican"),
    ("core", "ingest", "the core knows nothing of watch files"),
    ("render", "ingest", "rendering knows nothing of watch files"),
    ("plugin", "ingest", "the build reads no watch files"),
    ("ingest", "cli", "the readers and the post editor know nothing of the command line"),
    ("ingest", "plugin", "the readers and the post editor work without Pelican"),
)
PELICAN_ONLY_IN = "plugin"


def within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(path: Path, root: Path) -> list[tuple[int, str]]:
    """(line, full module name) of every import in the file, relative ones resolved.

    `from X import Y` counts as importing X and X.Y (Y may be a module: `from . import charts`).
    """
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                if node.level - 1 >= len(parts):
                    raise AssertionError(f"{path}:{node.lineno}: a relative import beyond the top package")
                base = ".".join(parts[: len(parts) - (node.level - 1)])
                base = f"{base}.{node.module}" if node.module else base
            else:
                base = node.module
            found.append((node.lineno, base))
            found.extend((node.lineno, f"{base}.{alias.name}") for alias in node.names if alias.name != "*")
    return found


def wrong_way_edges(root: Path, package: str = "diary") -> list[str]:
    """Every import under `root`/`package` that goes the wrong way, as `file:line: a -> b (why)`."""
    def full(name: str) -> str:
        return f"{package}.{name}" if name in LAYERS else name

    rules = [(full(layer), full(prefix), why) for layer, prefix, why in FORBIDDEN]
    pelican_only_in = full(PELICAN_ONLY_IN)
    edges = []
    for path in sorted((root / package.replace(".", "/")).rglob("*.py")):
        importer = module_name(path, root)
        seen = set()
        for line, imported in imports(path, root):
            why = next((reason for layer, prefix, reason in rules
                        if within(importer, layer) and within(imported, prefix)), None)
            if (why is None and within(imported, "pelican") and not within(imported, package)
                    and not within(importer, pelican_only_in)):
                why = f"only {pelican_only_in} imports pelican"
            if why and (line, why) not in seen:  # `from X import Y`: X, or X.Y when X is fine
                seen.add((line, why))
                edges.append(f"{path.relative_to(root)}:{line}: {importer} -> {imported} ({why})")
    return edges


def test_the_layers_import_one_way_only():
    top = DIST / PACKAGE.replace(".", "/")
    modules = sorted(top.rglob("*.py"))
    layers = {module_name(path, DIST).split(".")[3] for path in modules if path.parent != top}
    assert layers == LAYERS  # the walk sees the whole package
    edges = wrong_way_edges(DIST, PACKAGE)
    assert not edges, "imports that go the wrong way:\n" + "\n".join(edges)


def test_the_package_is_only_pelican_plugins_running_diary():
    """A namespace package: no pelican/__init__.py or pelican/plugins/__init__.py, which
    would hide Pelican itself once installed (Pelican's docs, namespace plugin structure)."""
    assert not (DIST / "pelican" / "__init__.py").exists()
    assert not (DIST / "pelican" / "plugins" / "__init__.py").exists()
    assert [p.name for p in (DIST / "pelican" / "plugins").iterdir() if p.name != "__pycache__"] == ["running_diary"]


def test_relative_imports_resolve_to_full_names():
    render = DIST / PACKAGE.replace(".", "/") / "render" / "pages.py"
    names = {imported for _, imported in imports(render, DIST)}
    # `from ..core import specs, summarize` and `from . import charts` in render/pages.py
    assert {f"{PACKAGE}.core", f"{PACKAGE}.core.specs", f"{PACKAGE}.core.summarize",
            f"{PACKAGE}.render.charts"} <= names
    assert "markupsafe" in names


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def test_the_checker_names_every_wrong_way_edge(tmp_path):
    """A small made-up package with one of each mistake, and the imports that are fine."""
    root = write(tmp_path, {
        "diary/__init__.py": "def register():\n    from .plugin.receivers import register\n",
        "diary/core/__init__.py": "",
        "diary/core/units.py": "import math\n",
        "diary/core/model.py": (
            "from . import units\n"  # fine: within the core
            "from ..render import display\n"  # line 2: core -> render
            "import markupsafe\n"  # line 3: core -> markupsafe
        ),
        "diary/core/late.py": (
            "def f():\n"
            "    from pelican import signals\n"  # line 2, in a function: core -> pelican
            "    from jinja2.sandbox import SandboxedEnvironment\n"  # line 3: core -> jinja2
        ),
        "diary/render/__init__.py": "",
        "diary/render/display.py": (
            "from ..core import units\n"  # fine: render -> core
            "from markupsafe import Markup\n"  # fine: render may use markupsafe
            "from .. import plugin\n"  # line 3: render -> build, written as a name of the package
        ),
        "diary/render/pages.py": "import diary.cli.main\nimport pelican.utils\n",  # absolute imports
        "diary/plugin/__init__.py": "",
        "diary/plugin/receivers.py": (
            "from pelican import signals\n"  # fine: the build is where pelican is used
            "from ..render import pages\n"  # fine
            "from ..cli.main import main\n"  # line 3: build -> cli
        ),
        "diary/cli/__init__.py": "",
        "diary/cli/main.py": (
            "from ..core import units\n"  # fine
            "from ..render import display\n"  # fine: the command formats as the site does
            "def run():\n"
            "    from ..plugin import receivers\n"  # line 4: cli -> build
        ),
    })
    assert wrong_way_edges(root) == [
        "diary/cli/main.py:4: diary.cli.main -> diary.plugin (the command must start without Pelican)",
        "diary/core/late.py:2: diary.core.late -> pelican (only diary.plugin imports pelican)",
        "diary/core/late.py:3: diary.core.late -> jinja2.sandbox (the core knows nothing of templates)",
        "diary/core/model.py:2: diary.core.model -> diary.render (the core knows nothing of output)",
        "diary/core/model.py:3: diary.core.model -> markupsafe (the core knows nothing of HTML)",
        "diary/plugin/receivers.py:3: diary.plugin.receivers -> diary.cli.main (the build and the command are apart)",
        "diary/render/display.py:3: diary.render.display -> diary.plugin (rendering works without Pelican)",
        "diary/render/pages.py:1: diary.render.pages -> diary.cli.main (rendering knows nothing of the command)",
        "diary/render/pages.py:2: diary.render.pages -> pelican.utils (only diary.plugin imports pelican)",
    ]
