"""Split a post into YAML front matter and body, and load the YAML safely.

Pure: no Pelican here, so the `diary` command can check posts without a build.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

_FENCE = re.compile(r"^---[ \t]*$")
_END_FENCE = re.compile(r"^(---|\.\.\.)[ \t]*$")


class FrontMatterError(ValueError):
    """YAML front matter that does not parse; `line` counts from 1 in the file."""

    def __init__(self, line: int, message: str):
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


@dataclass(frozen=True, kw_only=True)
class SplitPost:
    front_matter: str | None  # the YAML text, None when the post has no `---` block
    body: str
    body_line: int  # line number (from 1) of the body's first line in the file


def split(text: str) -> SplitPost:
    """Separate a leading `---` ... `---` block from the Markdown body."""
    text = text.lstrip("\ufeff")
    lines = text.splitlines(keepends=True)
    if not lines or not _FENCE.match(lines[0].rstrip("\r\n")):
        return SplitPost(front_matter=None, body=text, body_line=1)
    for number, line in enumerate(lines[1:], start=1):
        if _END_FENCE.match(line.rstrip("\r\n")):
            return SplitPost(
                front_matter="".join(lines[1:number]),
                body="".join(lines[number + 1 :]),
                body_line=number + 2,
            )
    # An opening fence that is never closed: treat the whole file as front matter,
    # so the author hears about it instead of seeing YAML published as prose.
    return SplitPost(front_matter="".join(lines[1:]), body="", body_line=len(lines) + 1)


# libyaml's parser when PyYAML was built with it: ten times faster than pure Python.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class DiaryLoader(_SafeLoader):
    """YAML 1.2-ish safe loader: `45:12` stays the string "45:12".

    YAML 1.1 reads unquoted `45:12` as the base-60 integer 2712; a runner means
    45 minutes 12 seconds. We drop the sexagesimal forms from the int and float
    resolvers so such values arrive as text and the duration parser reads them.
    Likewise only true/false are booleans: `side: no` or `notes: off` stay words.
    Dates and times arrive as text too, and each date field reads its own:
    `date: 2024-02-30` is then a named problem of that field, not YAML that
    fails to load as a whole.
    It also notes each key written twice in one mapping (`repeated`): YAML keeps
    the last, and the author should hear that the first was dropped.
    """

    def __init__(self, stream):
        super().__init__(stream)
        self.repeated: list[tuple[int, str]] = []  # (line from 0, key)

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = getattr(key_node, "value", None)
            if isinstance(key, str):
                if key in seen:
                    self.repeated.append((key_node.start_mark.line, key))
                seen.add(key)
        return super().construct_mapping(node, deep)


DiaryLoader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
                       "tag:yaml.org,2002:timestamp")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
DiaryLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)
DiaryLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(
        r"""^(?:[-+]?0b[0-1_]+
            |[-+]?0[0-7_]+
            |[-+]?(?:0|[1-9][0-9_]*)
            |[-+]?0x[0-9a-fA-F_]+)$""",
        re.X,
    ),
    list("-+0123456789"),
)
DiaryLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
            |\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
            |[-+]?\.(?:inf|Inf|INF)
            |\.(?:nan|NaN|NAN))$""",
        re.X,
    ),
    list("-+0123456789."),
)


def load(yaml_text: str, *, first_line: int = 2, warn=None) -> dict:
    """Parse front matter into plain Python data.

    `first_line` is the file line the YAML starts on (2, after the opening
    fence), so errors name the line in the author's file. `warn(line, message)`,
    if given, hears of anything read but doubtful: a key written twice (YAML
    keeps the last one).
    """
    data = _load_with_pyyaml(yaml_text, first_line, warn)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise FrontMatterError(first_line, "front matter must be `key: value` lines")
    return {str(key): value for key, value in data.items()}


def _load_with_pyyaml(yaml_text: str, first_line: int, warn=None):
    loader = DiaryLoader(yaml_text)
    try:
        data = loader.get_single_data()
        for line, key in sorted(loader.repeated):
            if warn is not None:
                warn(first_line + line, f"{key!r} is written again here: this one counts, the earlier one is dropped")
        return data
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = first_line + (mark.line if mark else 0)
        problem = error.problem or error.context or "not valid YAML"
        if error.context and error.context_mark and error.problem_mark:
            # PyYAML notices an unclosed [ or { only on a later line: say where it opened.
            opened = first_line + error.context_mark.line
            if opened != line:
                problem += f" ({error.context} that starts on line {opened})"
        raise FrontMatterError(line, f"front matter is not valid YAML: {problem}") from None
    except yaml.YAMLError as error:
        raise FrontMatterError(first_line, f"front matter is not valid YAML: {error}") from None
    finally:
        loader.dispose()


_TOP_LEVEL_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*$")


def salvage(yaml_text: str) -> dict[str, str]:
    """Recover the plain `key: value` lines of front matter that did not parse.

    Used only after a YAML error, so that a typo in a log does not cost the
    author the post: title, date, tags and the like still come through, and
    the logs (indented, nested) are dropped.
    """
    found: dict[str, str] = {}
    for line in yaml_text.splitlines():
        match = _TOP_LEVEL_KEY.match(line)
        if match and match.group(2):
            value = match.group(2)
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                value = value[1:-1]
            if value.startswith("[") and value.endswith("]"):
                value = ", ".join(part.strip().strip("'\"") for part in value[1:-1].split(","))
            found.setdefault(match.group(1), value)
    return found
