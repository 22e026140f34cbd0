"""The docs against the code, in Datasette's manner: a test reads the docs and fails when
something the code has is missing from them, or when an example in them does not work.

Which doc owns what (change it here when a section moves):

- docs/format.md, the contract: every field an author may write, under its log's table;
  every activity; every DIARY setting and its sub-keys, and private.toml's keys; diary.json,
  whose example must be exactly what the build writes for the example post above it.
- README.md: every DIARY setting in its settings table (an author sets them), every field
  in its "Log fields" section, and every make target in its "Make targets" table, once.
- docs/theme-data.md: the keys of `article.diary`, of a table, of a row and of a totals row.
- Everywhere: a ```markdown post, a ```yaml log, a ```python DIARY = {...} and a ```toml
  private.toml example is read by the site's own readers without a problem; a file a doc
  names or links to exists.
"""

from __future__ import annotations

import ast
import datetime as dt
import json
import re
from dataclasses import fields
from pathlib import Path

import pytest

from pelican.plugins.running_diary.core import activities, posts, privacy, specs, summarize
from pelican.plugins.running_diary.core.settings import Photos, Privacy, Settings, SettingsError, Zone, from_dict
from pelican.plugins.running_diary.render import export, tables

REPO = Path(__file__).resolve().parents[1]
PACKAGE_DIR = REPO / "plugins" / "pelican-running-diary" / "pelican" / "plugins" / "running_diary"
DOCS = sorted([REPO / "README.md", REPO / "ARCHITECTURE.md", REPO / "CONTRIBUTING.md",
               *(REPO / "docs").glob("*.md"), *(REPO / "plugins").glob("pelican-*/*.md")])
FORMAT = REPO / "docs" / "format.md"
TODAY = dt.date(2026, 12, 7)  # a fixed day of the build: no example entry is planned by the clock


def text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def section(doc: str, heading: str) -> str:
    """The text under the first heading (any level) that contains `heading`, to the next
    heading of the same level or above."""
    found = re.search(rf"^(#+) [^\n]*{re.escape(heading)}[^\n]*\n", doc, re.M)
    assert found, f"no heading with {heading!r}"
    level = len(found.group(1))
    end = re.compile(rf"^#{{1,{level}}} ", re.M).search(doc, found.end())
    return doc[found.end():end.start() if end else len(doc)]


def table_keys(part: str) -> list[str]:
    """The `names` in the first column of a Markdown table's rows (a second column when the
    first is a log's name, left blank on its other rows, as in README's)."""
    keys = []
    for line in part.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")] if line.startswith("|") else []
        for cell in cells[:2]:
            if found := re.fullmatch(r"`([^`]+)`(?: \(.*\))?", cell):
                keys.append(found.group(1))
                break
    return keys


def table_after(doc: str, marker: str) -> str:
    """The first Markdown table after `marker` (a table under a bold line, not a heading)."""
    start = doc.index(marker)
    found = re.compile(r"^\|.*(?:\n\|.*)*", re.M).search(doc, start)
    assert found, f"no table after {marker!r}"
    return found.group(0)


def fences(path: Path) -> list[tuple[str, int, str]]:
    """Every fenced block of a doc: (its language, the line it starts on, its text)."""
    found, lines = [], text(path).splitlines()
    start = language = None
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if start is None and stripped.startswith("```"):
            start, language, indent = number, stripped[3:].strip(), len(line) - len(line.lstrip())
        elif start is not None and stripped == "```":
            found.append((language, start, "\n".join(l[indent:] for l in lines[start:number - 1])))
            start = None
    return found


def doc_ids(blocks):
    return [f"{path.relative_to(REPO)}:{line}" for path, line, _ in blocks]


# --- what the code has, taken from the code -------------------------------------------------

def input_fields() -> dict[str, list[str]]:
    return {spec.name: list(spec.inputs) for spec in specs.all_specs()}


def privacy_keys() -> list[str]:
    """The keys DIARY["privacy"] takes: each of Privacy's fields the check does not call unknown."""
    taken = []
    for f in fields(Privacy):
        try:
            Privacy.from_value({f.name: f.default if f.name != "zones" else []})
        except SettingsError as error:
            if "unknown key" in str(error):
                continue
        taken.append(f.name)
    return taken


def contract_post() -> tuple[str, str]:
    """docs/format.md's example post (its first ```markdown block) and its diary.json."""
    post = next(body for language, _, body in fences(FORMAT) if language == "markdown")
    return post, next(body for language, _, body in fences(FORMAT) if language == "json")


def read_example(tmp_path: Path, body: str, name: str = "content/2024/example.md"):
    path = tmp_path / "example.md"
    path.write_text(body, encoding="utf-8")
    logs, metadata = posts.read_post(path, from_dict({}), name=name, today=TODAY)
    return logs, metadata


# --- everything is named where it belongs -----------------------------------------------------

EVERY_LOG = ("date", "notes")  # described once, above the logs' tables


@pytest.mark.parametrize("log", specs.names())
def test_every_field_an_author_may_write_has_a_row_in_the_contract(log):
    rows = table_keys(section(text(FORMAT), f"`{log}`:"))
    assert sorted(rows) == sorted(name for name in input_fields()[log] if name not in EVERY_LOG)
    assert all(name in input_fields()[log] for name in EVERY_LOG)
    intro = section(text(FORMAT), "The four logs").split("### ")[0]
    assert all(f"`{name}`" in intro for name in EVERY_LOG)


def test_every_field_is_in_the_readme():
    part = section(text(REPO / "README.md"), "Log fields")
    missing = [f"{log}.{name}" for log, names in input_fields().items() for name in names
               if name not in ("date", "notes") and f"`{name}`" not in part]
    assert missing == []


def test_every_activity_is_in_the_contract():
    part = section(text(FORMAT), "Activities and their figures")
    assert [name for name in activities.names() if f"`{name}`" not in part] == []


def test_every_setting_is_in_the_contract_and_in_the_readme():
    keys = [f.name for f in fields(Settings)]
    contract = section(text(FORMAT), "Settings")
    assert [key for key in keys if f'"{key}"' not in contract] == []
    sub_keys = [*privacy_keys(), *(f.name for f in fields(Photos)), *(f.name for f in fields(Zone)),
                "salt"]
    assert [key for key in sub_keys if key not in contract] == []
    readme = table_keys(table_after(text(REPO / "README.md"), "**Settings**"))
    assert readme == keys  # one row each, in the declaration's order


def test_every_make_target_has_one_row_in_the_readme():
    makefile = text(REPO / "Makefile")
    phony = re.search(r"^\.PHONY: (.*)$", makefile, re.M).group(1).split()
    rules = re.findall(r"^([a-z][\w-]*):", makefile, re.M)
    targets = [name for name in dict.fromkeys(rules) if name in phony]
    assert sorted(targets) == sorted(phony)  # every phony name is a rule of its own
    rows = [key.split()[1] for key in table_keys(section(text(REPO / "README.md"), "Make targets"))
            if key.startswith("make ")]
    assert sorted(rows) == sorted(targets)


# --- diary.json: the contract's example is what the build writes ------------------------------

def test_the_contract_s_diary_json_is_what_the_build_writes_for_its_example_post(tmp_path):
    post, shown = contract_post()
    logs, _ = read_example(tmp_path, post)
    assert [str(p) for p in logs.problems] == []
    diary = summarize.collect([logs])
    written = json.loads(export.diary_json(diary, lambda post: "/2024/04/two-massages-later/"))
    assert json.loads(shown) == written
    part = section(text(FORMAT), "diary.json")
    for log in specs.names():  # every CSV column is a key of the example or named beside it
        assert [c for c in export.csv_columns(specs.get(log)) if f"`{c}`" not in part
                and f'"{c}"' not in shown] == []
    assert '"planned": true' in part


def test_the_theme_data_shapes_are_the_tables(tmp_path):
    """docs/theme-data.md's ```python block is valid Python whose dicts have the keys
    `post_tables` gives for the contract's example post."""
    block = next(body for language, _, body in fences(REPO / "docs" / "theme-data.md")
                 if language == "python")
    tree = ast.parse(block)
    shown = {}
    for node in tree.body:
        assert isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict)
        shown[ast.unparse(node.targets[0])] = node.value

    def keys(node: ast.Dict) -> list[str]:
        return [k.value for k in node.keys if isinstance(k, ast.Constant)]

    def value(node: ast.Dict, key: str):
        return node.values[keys(node).index(key)]

    post, _ = contract_post()
    logs, _ = read_example(tmp_path, post)
    made = tables.post_tables(logs, from_dict({}))
    assert set(keys(shown["article.diary"])) == set(made) - set(made["logs"]) | {"training"}
    table = made["training"]
    assert set(keys(shown["table"])) == set(table)
    row_shown = value(shown["table"], "rows").elts[0]
    # every cell of a training row, and the two keys only some rows have
    row_keys = {key for row in table["rows"] for key in row} | {"planned", "below"}
    assert set(keys(row_shown)) == row_keys
    totals_shown = value(shown["table"], "totals")
    assert isinstance(totals_shown, ast.List)  # a totals row per activity
    assert [set(keys(row)) for row in totals_shown.elts] == [set(row) for row in table["totals"]]


# --- every example works ----------------------------------------------------------------------

def blocks(*languages: str):
    return [(path, line, body) for path in DOCS if path.exists()
            for language, line, body in fences(path) if language in languages]


POSTS = [(path, line, body) for path, line, body in blocks("markdown") if body.startswith("---\n")]
LOGS = [(path, line, body) for path, line, body in blocks("yaml")
        if re.search(rf"^({'|'.join(specs.names())}):", body, re.M)]
SETTINGS = [(path, line, body) for path, line, body in blocks("python")
            if re.match(r"DIARY = ", body)]
PRIVATE = blocks("toml")  # private.toml: the only TOML the site reads


def test_the_docs_have_examples_to_check():
    assert len(POSTS) >= 2 and len(LOGS) >= 2 and len(SETTINGS) >= 2 and len(PRIVATE) >= 2


@pytest.mark.parametrize("where, line, body", POSTS, ids=doc_ids(POSTS))
def test_every_example_post_reads_without_a_problem(where, line, body, tmp_path):
    logs, metadata = read_example(tmp_path, body)
    assert metadata is not None
    assert [str(p) for p in logs.problems if p.severity != "note"] == []
    assert [name for name in specs.names() if name in metadata and not logs.entries(name)] == []


@pytest.mark.parametrize("where, line, body", LOGS, ids=doc_ids(LOGS))
def test_every_example_log_reads_without_a_problem(where, line, body, tmp_path):
    post = f"---\ntitle: An example\ndate: 2024-04-21 09:00\n{body}\n---\n\nWords.\n"
    logs, metadata = read_example(tmp_path, post)
    assert [str(p) for p in logs.problems if p.severity != "note"] == []
    assert any(logs.entries(name) for name in specs.names() if name in metadata)


@pytest.mark.parametrize("where, line, body", SETTINGS, ids=doc_ids(SETTINGS))
def test_every_example_diary_dict_is_a_valid_setting(where, line, body):
    tree = ast.parse(body)  # a comment is fine; `...` for "the rest" is not Python
    assigned = tree.body[0]
    from_dict(ast.literal_eval(assigned.value))


@pytest.mark.parametrize("where, line, body", PRIVATE, ids=doc_ids(PRIVATE))
def test_every_example_private_toml_is_read(where, line, body):
    salt, zones = privacy.parse_private(body, "private.toml")
    assert salt and zones


# --- what a doc names exists -------------------------------------------------------------------

PLACEHOLDERS = ("content/", "pages/", "YYYY", "{", ".draft-notes", "x.md", "post.md")


def named_files(doc: str) -> set[str]:
    """Files a doc names in `code` with a folder (`docs/cli.md`, `core/routes.py`), or links to."""
    prose = re.sub(r"`[^`\n]*`", "", re.sub(r"^```.*?^```", "", doc, flags=re.M | re.S))
    quoted = re.findall(r"`([\w.-]+(?:/[\w.-]+)+\.(?:md|py|toml|txt|yml))`", doc)
    linked = re.findall(r"\]\((?!https?:|#|mailto:)([^)#\s]+)", prose)
    return {name for name in [*quoted, *linked] if not any(p in name for p in PLACEHOLDERS)}


@pytest.mark.parametrize("path", DOCS, ids=lambda p: str(p.relative_to(REPO)))
def test_every_file_a_doc_names_exists(path):
    if not path.exists():
        pytest.skip(f"{path.name} is not written yet")
    missing = [name for name in sorted(named_files(text(path)))
               if not any((base / name).exists()
                          for base in (path.parent, REPO, REPO / "plugins", PACKAGE_DIR, PACKAGE_DIR.parent))]
    assert missing == []
