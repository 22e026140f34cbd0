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
    closed: bool = True  # False: the opening `---` has no closing one


class NotText(ValueError):
    """A file that is not text at all (a picture saved as .md, say)."""


_CONTROLS = bytes(b for b in range(32) if b not in (9, 10, 13))  # not tab, LF or CR


def decode(data: bytes) -> tuple[str, list[tuple[int, str]]]:
    """A post file's text, and (line, message) for each damage mended on the way.

    Bytes that are not UTF-8 are shown as U+FFFD, so the author keeps the post
    and hears where; NUL bytes in the body are dropped likewise (a NUL byte in
    the front matter is `read`'s to name). A file that is mostly not text
    raises NotText.
    """
    sample = data[:8192]
    controls = len(sample) - len(sample.translate(None, _CONTROLS))  # counted in C, not per byte
    if sample and controls / len(sample) > 0.1:
        raise NotText("is not a text file (it looks binary): not read")
    damage = []
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        damage.append((line, "is not UTF-8 text here (saved in another encoding?): the bytes that "
                             "are not are shown as \ufffd; save the file as UTF-8"))
        text = data.decode("utf-8", errors="replace")
    return text, damage


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
    # An opening fence that is never closed: the front matter ends at the first blank
    # line, where authors leave one before the body (or with the file, if none), so
    # that the words after it are still the post's body. `closed` tells the reader to say so.
    end = next((n for n, line in enumerate(lines[1:], start=1) if not line.strip()), len(lines))
    return SplitPost(front_matter="".join(lines[1:end]), body="".join(lines[end + 1:]),
                     body_line=end + 2, closed=False)


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


# Bounds on what front matter may cost to read, whatever a post holds.
MAX_CHARS = 1_000_000  # a year of daily entries is about 200 KB
MAX_NODES = 200_000  # values once aliases are expanded (a YAML "billion laughs" is refused)
MAX_DEPTH = 50  # lists and mappings inside each other


@dataclass(frozen=True, kw_only=True)
class EntryLines:
    """Where one log entry stands in the file: its line, and each field's."""

    line: int
    fields: dict[str, int]


@dataclass(frozen=True, kw_only=True)
class Loaded:
    data: dict
    lines: dict[str, list[EntryLines]]  # top-level key (lower case) -> its entries' lines
    key_lines: dict[str, int]  # top-level key (lower case) -> its line


def load(yaml_text: str, *, first_line: int = 2, warn=None) -> dict:
    """Parse front matter into plain Python data (see `read`)."""
    return read(yaml_text, first_line=first_line, warn=warn).data


def read(yaml_text: str, *, first_line: int = 2, warn=None) -> Loaded:
    """Parse front matter into plain Python data, with the line of every log entry.

    `first_line` is the file line the YAML starts on (2, after the opening
    fence), so errors name the line in the author's file. `warn(line, message)`,
    if given, hears of anything read but doubtful: a key written twice (YAML
    keeps the last one). Front matter over the bounds above (size, expanded
    aliases, nesting) is a FrontMatterError, found before it costs time.
    """
    if len(yaml_text) > MAX_CHARS:
        raise FrontMatterError(first_line, f"front matter is too large to read ({len(yaml_text):,} "
                                           f"characters; at most {MAX_CHARS:,}): split the logs over posts")
    nul = yaml_text.find("\x00")
    if nul >= 0:
        raise FrontMatterError(first_line + yaml_text.count("\n", 0, nul),
                               "front matter has a NUL byte here: the file is damaged or not text")
    loader = DiaryLoader(yaml_text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Loaded(data={}, lines={}, key_lines={})
        if "*" in yaml_text or not _small_tree(node):  # an alias (`*name`) may share nodes
            _check_size(node, first_line)
        data = loader.construct_document(node)
        for line, key in sorted(loader.repeated):
            if warn is not None:
                warn(first_line + line, f"{key!r} is written again here: this one counts, the earlier one is dropped")
    except yaml.MarkedYAMLError as error:
        raise _yaml_error(error, first_line) from None
    except yaml.YAMLError as error:
        raise FrontMatterError(first_line, f"front matter is not valid YAML: {error}") from None
    except RecursionError:
        raise FrontMatterError(first_line, f"front matter is nested too deeply (at most {MAX_DEPTH} "
                                           "lists or mappings inside each other)") from None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise FrontMatterError(first_line, "front matter must be `key: value` lines")
    lines, key_lines = _lines(node, first_line)
    return Loaded(data={str(key): value for key, value in data.items()}, lines=lines, key_lines=key_lines)


def _check_size(root, first_line: int) -> None:
    """Refuse a node tree that is too deep, or too large once its aliases are expanded.

    Aliases make a YAML graph, not a tree: sizes are counted once per node (memo),
    so a "billion laughs" is measured in microseconds, never expanded."""
    sizes: dict[int, int] = {}
    stack = [(root, 1, False)]
    while stack:
        node, depth, done = stack.pop()
        if depth > MAX_DEPTH:
            line = first_line + node.start_mark.line
            raise FrontMatterError(line, f"front matter is nested too deeply (at most {MAX_DEPTH} "
                                         "lists or mappings inside each other)")
        children = _children(node)
        if done:
            sizes[id(node)] = min(1 + sum(sizes[id(c)] for c in children), MAX_NODES + 1)
            if sizes[id(node)] > MAX_NODES:
                raise FrontMatterError(first_line + node.start_mark.line, "front matter's YAML aliases "
                                       f"expand too far (over {MAX_NODES:,} values): write the entries out")
        elif id(node) not in sizes:
            stack.append((node, depth, True))
            stack.extend((child, depth + 1, False) for child in children if id(child) not in sizes)


def _small_tree(root) -> bool:
    """True if a node tree without aliases is within MAX_DEPTH and MAX_NODES.

    The common case, in a twentieth of `_check_size`'s time: without aliases every
    node is met once, so there is nothing to remember. A tree over a bound goes on
    to `_check_size`, which names the line."""
    def size(node, depth: int) -> int:
        value = node.value
        if value.__class__ is not list or not value:  # a scalar, or an empty collection
            return 1
        if depth >= MAX_DEPTH:  # its children would be too deep
            raise _TooLarge
        depth += 1
        if node.__class__ is yaml.MappingNode:
            return 1 + sum(size(key, depth) + size(item, depth) for key, item in value)
        return 1 + sum(size(item, depth) for item in value)

    try:
        return size(root, 1) <= MAX_NODES
    except _TooLarge:
        return False


class _TooLarge(Exception):
    pass


def _children(node) -> list:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _lines(root, first_line: int) -> tuple[dict[str, list[EntryLines]], dict[str, int]]:
    lines: dict[str, list[EntryLines]] = {}
    key_lines: dict[str, int] = {}
    if not isinstance(root, yaml.MappingNode):
        return lines, key_lines
    for key, value in root.value:
        if not isinstance(key, yaml.ScalarNode):
            continue
        name = str(key.value).strip().lower()
        key_lines[name] = first_line + key.start_mark.line
        items = value.value if isinstance(value, yaml.SequenceNode) else [value]
        lines[name] = [EntryLines(line=first_line + item.start_mark.line, fields={
            str(k.value).strip().lower(): first_line + k.start_mark.line
            for k, _ in (item.value if isinstance(item, yaml.MappingNode) else ())
            if isinstance(k, yaml.ScalarNode)}) for item in items]
    return lines, key_lines


def _yaml_error(error, first_line: int) -> FrontMatterError:
    mark = error.problem_mark or error.context_mark
    line = first_line + (mark.line if mark else 0)
    problem = error.problem or error.context or "not valid YAML"
    if error.context and error.context_mark and error.problem_mark:
        # PyYAML notices an unclosed [ or { only on a later line: say where it opened.
        opened = first_line + error.context_mark.line
        if opened != line:
            problem += f" ({error.context} that starts on line {opened})"
    if problem.startswith("mapping values are not allowed"):
        # `title: Massage: the sequel`: a second ": " on one line.
        problem += "; a value with ': ' in it needs quotes, as in title: \"Massage: the sequel\""
    return FrontMatterError(line, f"front matter is not valid YAML: {problem}")


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


# --- TOML and JSON front matter, as Hugo writes them ---------------------------------------
# Apart from the YAML above, so that a post dropped in from a Hugo site builds as it is.

_TOML_FENCE = re.compile(r"^\+\+\+[ \t]*$")
_TOML_KEY = re.compile(r'^\s*"?([A-Za-z_][\w-]*)"?\s*=')
_TOML_TABLE = re.compile(r"^\s*\[\[?\s*([A-Za-z_][\w-]*)\s*\]\]?\s*$")
_JSON_KEY = re.compile(r'^\s*"([^"]+)"\s*:')
_TOML_LINE = re.compile(r"at line (\d+)")


def split_other(text: str) -> tuple[SplitPost, str] | None:
    """TOML between `+++` lines, or a JSON object at the very top, and which of the two:
    the two other front matters Hugo writes. None for a post without either."""
    text = text.lstrip("\ufeff")
    lines = text.splitlines(keepends=True)
    if not lines:
        return None
    if _TOML_FENCE.match(lines[0].rstrip("\r\n")):
        for number, line in enumerate(lines[1:], start=1):
            if _TOML_FENCE.match(line.rstrip("\r\n")):
                return SplitPost(front_matter="".join(lines[1:number]), body="".join(lines[number + 1:]),
                                 body_line=number + 2), "toml"
        return SplitPost(front_matter="".join(lines[1:]), body="", body_line=len(lines) + 1,
                         closed=False), "toml"
    if lines[0].strip() == "{" or lines[0].lstrip().startswith('{"'):
        import json

        try:
            _, end = json.JSONDecoder().raw_decode(text)
        except ValueError:
            end = None
        if end is None:  # unclosed or not JSON: up to the first blank line, for `read_other` to name
            blank = next((n for n, line in enumerate(lines) if not line.strip()), len(lines))
            end = len("".join(lines[:blank]))
        rest = text[end:]
        newline = rest.find("\n")
        body = rest[newline + 1:] if newline >= 0 else ""
        return SplitPost(front_matter=text[:end], body=body,
                         body_line=text.count("\n", 0, end) + 2), "json"
    return None


def read_other(front_matter: str, syntax: str, *, first_line: int) -> Loaded:
    """TOML (`syntax` "toml") or JSON front matter as plain data, with the line of each
    top-level key; dates and times as text, as the YAML reader gives them."""
    if len(front_matter) > MAX_CHARS:
        raise FrontMatterError(first_line, f"front matter is too large to read ({len(front_matter):,} "
                                           f"characters; at most {MAX_CHARS:,})")
    if syntax == "toml":
        import tomllib

        try:
            data = tomllib.loads(front_matter)
        except tomllib.TOMLDecodeError as error:
            where = _TOML_LINE.search(str(error))
            line = first_line + int(where.group(1)) - 1 if where else first_line
            raise FrontMatterError(line, f"front matter between `+++` is not valid TOML: "
                                         f"{str(error).split(' (at')[0]}") from None
        key = _TOML_KEY
    else:
        import json

        try:
            data = json.loads(front_matter)
        except (ValueError, RecursionError) as error:
            line = first_line + getattr(error, "lineno", 1) - 1
            message = getattr(error, "msg", "nested too deeply")
            raise FrontMatterError(line, f"front matter in `{{ }}` is not valid JSON: {message}") from None
        if not isinstance(data, dict):
            raise FrontMatterError(first_line, "front matter in `{ }` must be one JSON object")
        key = _JSON_KEY
    key_lines: dict[str, int] = {}
    for number, line in enumerate(front_matter.splitlines()):
        match = key.match(line) or (_TOML_TABLE.match(line) if syntax == "toml" else None)
        if match:
            key_lines.setdefault(match.group(1).lower(), first_line + number)
    return Loaded(data={str(k): _as_text(v) for k, v in data.items()}, lines={}, key_lines=key_lines)


def _as_text(value):
    """TOML's dates and times as ISO text, as the YAML reader leaves them, in lists and tables too."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, list):
        return [_as_text(item) for item in value]
    if isinstance(value, dict):
        return {key: _as_text(item) for key, item in value.items()}
    return value
