"""Add entries to a post's ``training:`` log without disturbing anything else.

``add_training(text, entries)`` returns the post's new text. Everything outside
the inserted lines is kept byte for byte: the Markdown body after the closing
``---``, and in the front matter every comment, blank line, quote, key order
and indentation. It works on the text itself: ruamel.yaml's round-trip loader
finds where the ``training`` list ends (line numbers of keys and items), and
the new entries are inserted there as lines, in the list's own indentation.
The result is then read back with the build's own loader
(``frontmatter.load``) to prove the list grew by exactly the new entries.

When the list cannot be extended by inserting lines (a flow-style list such
as ``training: []``, or ``training: ~``), the front matter is rewritten by a
ruamel.yaml round trip instead, which still keeps comments, quotes and key
order (the contract's indentation is used: two spaces, dashes indented).

``write_atomic(path, data)`` writes a file so that it is never half-written:
a temporary file in the same folder, flushed and fsynced, then ``os.replace``
(of a symlink's target: the link stays); with ``exclusive=True`` it refuses to
replace an existing file. ``locked(path)`` holds the post's ``flock`` while it
is read, changed and replaced, so concurrent imports lose nothing;
``remove_stale_temp`` clears what a kill -9 left; ``is_read_only`` is the
check that keeps an import off a ``chmod 444`` post.

Entries are plain dicts in the contract's forms, made by ``training_entry``:
``distance: 10.02 km``, ``time: "0:52:10"`` (quoted), ``elevation: 85 m``,
``hr: 152``, ``start: 2024-04-15T07:02:11``.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import io
import json
import os
import re
import tempfile
import time
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString
from ruamel.yaml.timestamp import TimeStamp

from ..core import frontmatter, specs

__all__ = ["PostEditError", "add_training", "existing_starts", "is_read_only", "locked",
           "remove_stale_temp", "split_offsets", "training_entry", "write_atomic",
           "render_entries"]


class PostEditError(Exception):
    """The post cannot be edited safely; the message says why, in one line."""


# --- the text of entries ----------------------------------------------------------

_PLAIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._/()'-]*$")
_YAML_WORDS = {"yes", "no", "on", "off", "true", "false", "null", "y", "n", "~"}


def yaml_scalar(value) -> str:
    """One value as YAML text in the contract's forms; text is quoted when needed."""
    if isinstance(value, bool) or value is None:
        raise TypeError(f"no YAML form for {value!r} here")
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None, microsecond=0).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Quoted):
        return _double_quoted(str(value))
    text = str(value)
    if (_PLAIN.match(text) and text.strip() == text and "  " not in text and text.lower() not in _YAML_WORDS
            and not _looks_numeric(text)):
        return text
    return _double_quoted(text)


def _looks_numeric(text: str) -> bool:
    return bool(re.match(r"^[-+]?[\d._:]+([eE][-+]?\d+)?$", text)) or text.startswith(".")


def _double_quoted(text: str) -> str:
    """A YAML double-quoted scalar; characters YAML may not hold raw are escaped."""

    quoted = json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted one
    return _NOT_PRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}" if ord(m.group()) <= 0xFFFF
                              else f"\\U{ord(m.group()):08x}", quoted)


# What YAML does not allow raw, or reads as a line break (JSON already escapes C0 controls).
_NOT_PRINTABLE = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")


class Quoted(str):
    """Text always written in double quotes (``time: "0:52:10"``)."""


def training_entry(values: dict, *, units: str = "km") -> dict:
    """A training entry in the contract's forms, keys in the contract's order: the training
    spec's fields that know how they are written (core/specs.py), from ``values`` keyed by
    the entry's attributes (``distance_m``, ``time_s``, ``elevation_m``, ``hr``, ...).

    ``units`` is the site's unit for the distance (``km`` or ``mi``); elevation
    is always in metres. Fields the activity lacks are left out (an activity
    without timestamps has no ``date``, so it takes the post's, and no ``start``).
    A ``route`` is an encoded polyline already made private (core/routes.py).
    """
    spec = specs.get("training")
    return {name: Quoted(value) if spec.inputs[name].quoted else value
            for name, value in specs.written(spec, values, units).items()}


def render_entries(entries: list[dict], *, dash_col: int = 2, key_offset: int = 2,
                   newline: str = "\n") -> str:
    """Block-style list items: ``- key: value`` then keys aligned under the first."""
    out = []
    for entry in entries:
        for i, (key, value) in enumerate(entry.items()):
            lead = " " * dash_col + "-" + " " * (key_offset - 1) if i == 0 else " " * (dash_col + key_offset)
            if isinstance(value, list):  # laps: one flow map a line, under the key
                out.append(f"{lead}{key}:{newline}")
                out.extend(f"{' ' * (dash_col + key_offset + 2)}- {flow(item)}{newline}" for item in value)
            else:
                out.append(f"{lead}{key}: {flow(value)}{newline}")
    return "".join(out)


def flow(value) -> str:
    """A value on one line of YAML: a map as a flow map (`{1 km: "4:12", 5 km: "21:40"}`),
    anything else as ``yaml_scalar`` writes it (whose plain text holds no flow indicator)."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{yaml_scalar(k)}: {yaml_scalar(v)}" for k, v in value.items()) + "}"
    return yaml_scalar(value)


# --- where the front matter is -------------------------------------------------------

def split_offsets(text: str) -> tuple[int, int]:
    """(start, end) of the YAML between the fences, as indexes into ``text``.

    Uses the build's own splitter (``frontmatter.split``), so the command and the
    site agree on where front matter ends.
    """

    bom = 1 if text.startswith("\ufeff") else 0
    parts = frontmatter.split(text)
    if parts.front_matter is None:
        raise PostEditError("has no YAML front matter (a `---` block at the top); "
                            "the logs need one")
    if not parts.body and not _has_closing_fence(text):
        raise PostEditError("its front matter has no closing `---` line")
    first_line_end = text.index("\n", bom) + 1 if "\n" in text else len(text)
    start = first_line_end
    end = start + len(parts.front_matter)
    if text[start:end] != parts.front_matter:  # never edit what we cannot locate exactly
        raise PostEditError("cannot locate its front matter exactly")
    return start, end


def _has_closing_fence(text: str) -> bool:
    lines = text.lstrip("\ufeff").splitlines()
    return any(re.match(r"^(---|\.\.\.)[ \t]*$", line) for line in lines[1:])


# --- reading what is there ---------------------------------------------------------------

def _rt_yaml():

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _load_rt(yaml_text: str):

    try:
        return _rt_yaml().load(yaml_text)
    except YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"line {mark.line + 2}: " if mark is not None else ""
        problem = getattr(e, "problem", None) or "not valid YAML"
        raise PostEditError(f"{where}front matter is not valid YAML: {problem}") from None


def existing_starts(text: str) -> list:
    """The ``start`` values of a post's training entries, as written (no parsing rules)."""
    return existing_values(text, "start")


def existing_values(text: str, key: str) -> list:
    """The ``key`` values of a post's training entries, as written (no parsing rules)."""

    parts = frontmatter.split(text)
    if parts.front_matter is None or key not in parts.front_matter:
        return []
    try:
        data = frontmatter.load(parts.front_matter)
    except frontmatter.FrontMatterError:
        return []
    training = data.get("training")
    if not isinstance(training, list):
        return []
    return [e[key] for e in training if isinstance(e, dict) and e.get(key) is not None]


# --- adding entries --------------------------------------------------------------------

def add_training(text: str, entries: list[dict]) -> str:
    """The post's text with ``entries`` appended to its ``training:`` list."""
    if not entries:
        return text
    start, end = split_offsets(text)
    fm = text[start:end]
    newline = "\r\n" if "\r\n" in text[:end] else "\n"
    before = _read(fm)
    try:
        new_fm = _insert_lines(fm, entries, newline)
    except _NeedsRoundTrip:
        new_fm = None
    if new_fm is None or not _only_added(before, _read(new_fm), len(entries)):
        new_fm = _round_trip(fm, entries)
        if not _only_added(before, _read(new_fm), len(entries)):
            raise PostEditError("could not add the entries without changing the rest "
                                "of the front matter")
    return text[:start] + new_fm + text[end:]


def _only_added(before: dict, after: dict, count: int) -> bool:
    """As the build reads them: the same front matter, plus ``count`` training entries."""
    old = before.get("training") or []
    new = after.get("training") or []
    rest_before = {k: v for k, v in before.items() if k != "training"}
    rest_after = {k: v for k, v in after.items() if k != "training"}
    return rest_before == rest_after and len(new) == len(old) + count and new[:len(old)] == old


class _NeedsRoundTrip(Exception):
    pass


def _read(fm: str) -> dict:
    """Front matter as the build reads it; ``training`` must be a list if present."""

    try:
        data = frontmatter.load(fm)
    except frontmatter.FrontMatterError as e:
        raise PostEditError(f"line {e.line}: {e.message}") from None
    training = data.get("training")
    if training is not None and not isinstance(training, list):
        raise PostEditError(f"`training` is not a list (got {type(training).__name__}); "
                            "fix it before importing")
    return data


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _insert_lines(fm: str, entries: list[dict], newline: str) -> str:

    data = _load_rt(fm)
    lines = fm.splitlines(keepends=True)
    if data is None:
        data = CommentedMap()
    if not isinstance(data, CommentedMap):
        raise PostEditError("front matter must be `key: value` lines")
    if fm and not fm.endswith(("\n", "\r")):
        raise _NeedsRoundTrip
    if "training" not in data:
        dash, offset = _style_of_other_logs(data, lines)
        block = f"training:{newline}" + render_entries(entries, dash_col=dash, key_offset=offset,
                                                       newline=newline)
        return fm + block

    value = data["training"]
    key_line, key_col = data.lc.key("training")
    if value is None:
        # `training:` alone (maybe with a comment): items go right under the key,
        # unless the value is written out (`training: ~`, `training: null`).
        after_colon = lines[key_line][key_col:].split(":", 1)[1]
        if after_colon.split("#", 1)[0].strip():
            raise _NeedsRoundTrip
        dash, offset = _style_of_other_logs(data, lines)
        dash += key_col
        block = render_entries(entries, dash_col=dash, key_offset=offset, newline=newline)
        return "".join(lines[: key_line + 1]) + block + "".join(lines[key_line + 1:])
    if not isinstance(value, CommentedSeq):
        raise PostEditError(f"`training` is not a list (got {type(value).__name__}); "
                            "fix it before importing")
    if value.fa.flow_style() or not value:
        raise _NeedsRoundTrip
    dash, offset = _item_style(value, lines)
    # The list ends at the first line, after the key, that is neither blank, nor
    # a comment, nor indented past the key, nor a `-` item at the key's column.
    last = key_line
    for n in range(key_line + 1, len(lines)):
        line = lines[n]
        stripped = line.strip()
        if not stripped:
            continue
        ind = _indent(line)
        if stripped.startswith("#"):
            if ind > dash:  # a comment inside the last item stays with it
                last = n
            continue
        if ind > key_col or (ind == key_col and (stripped == "-" or stripped.startswith("- "))):
            last = n
            continue
        break
    block = render_entries(entries, dash_col=dash, key_offset=offset, newline=newline)
    if not lines[last].endswith(("\n", "\r")):
        raise _NeedsRoundTrip
    return "".join(lines[: last + 1]) + block + "".join(lines[last + 1:])


def _item_style(seq, lines: list[str]) -> tuple[int, int]:
    """(column of the dash, columns from dash to the first key) of a block list."""

    line_no, col = seq.lc.item(0)
    line = lines[line_no]
    dash = line.rfind("-", 0, col)
    if dash < 0:
        return 2, 2
    first = seq[0]
    if isinstance(first, CommentedMap) and first:
        key_line, key_col = first.lc.key(next(iter(first)))
        if key_line == line_no and key_col > dash:
            return dash, key_col - dash
    return dash, 2


def _style_of_other_logs(data, lines: list[str]) -> tuple[int, int]:
    """The item style of another block list in the post, else the contract's (2, 2)."""

    for key in ("stretches", "treatments", "soreness"):
        value = data.get(key)
        if isinstance(value, CommentedSeq) and value and not value.fa.flow_style():
            key_col = data.lc.key(key)[1]
            if key_col == 0:
                return _item_style(value, lines)
    return 2, 2


def _round_trip(fm: str, entries: list[dict]) -> str:
    """Append by a ruamel.yaml round trip (keeps comments, quotes and key order)."""

    yaml = _rt_yaml()
    data = _load_rt(fm)
    if data is None:
        data = CommentedMap()
    seq = data.get("training")
    if seq is None:
        seq = CommentedSeq()
        data["training"] = seq
    if not isinstance(seq, CommentedSeq):
        raise PostEditError("`training` is not a list; fix it before importing")
    if not seq:
        seq.fa.set_block_style()
    for entry in entries:
        item = CommentedMap()
        for key, value in entry.items():
            if isinstance(value, Quoted):
                value = DoubleQuotedScalarString(value)
            elif isinstance(value, dt.datetime):
                value = _timestamp(value)
            elif isinstance(value, (list, dict)):  # in the flow style render_entries writes
                value = _load_rt(render_entries([{key: value}], dash_col=0))[0][key]
            item[key] = value
        seq.append(item)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _timestamp(value: dt.datetime):
    """A datetime that ruamel.yaml writes with a `T`, as the contract shows it."""

    ts = TimeStamp(value.year, value.month, value.day, value.hour, value.minute, value.second)
    ts._yaml["t"] = True
    return ts


# --- writing ---------------------------------------------------------------------------

def temp_name_pattern(name: str) -> re.Pattern:
    """The names ``write_atomic`` gives its temporary files for ``name``: ``.NAME.xxxxxxxx.tmp``
    (tempfile's 8 characters from a-z, 0-9 and _)."""
    return re.compile(re.escape(f".{name}.") + r"[a-z0-9_]{8}\.tmp")


def write_atomic(path: str | Path, data: bytes, *, exclusive: bool = False) -> None:
    """Write ``data`` to ``path`` so that the file is either old or new, never half.

    A temporary file in the same folder is written, flushed and fsynced, then
    renamed over ``path`` (``os.replace``). With ``exclusive``, an existing
    ``path`` is never replaced: ``FileExistsError``. The file keeps the old
    file's permissions, and its owner where the system allows (new files get
    the usual 0o666 less the umask). A symlink is followed: its target is
    replaced and the link stays a link. The temporary file is removed on any
    error or interruption (a signal the command turns into an exception,
    Ctrl-C); only a kill -9 can leave one, which ``remove_stale_temp`` clears.
    """
    path = Path(path)
    if not exclusive:
        path = Path(os.path.realpath(path))  # edit the target of a symlinked post
    folder = path.parent
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        try:
            old = path.stat()
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        else:
            try:
                os.chown(tmp, old.st_uid, old.st_gid)
            except OSError:
                pass  # not ours to give away: the new file is the user's own
            os.chmod(tmp, old.st_mode & 0o7777)
        if exclusive:
            os.link(tmp, path)  # fails if path exists: no window for overwriting
            os.unlink(tmp)
        else:
            os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    _fsync_dir(folder)


def remove_stale_temp(path: str | Path) -> list[Path]:
    """Remove what an interrupted ``write_atomic`` of ``path`` left (``.NAME.xxxxxxxx.tmp``).

    Only a kill -9 leaves one. Call it holding ``locked(path)``: every writer of
    the post holds that lock while its temporary file exists, so any such file
    found then is a leftover. Returns what was removed.
    """
    path = Path(os.path.realpath(path))
    pattern = temp_name_pattern(path.name)
    removed = []
    try:
        names = os.listdir(path.parent)
    except OSError:
        return removed
    for name in names:
        if pattern.fullmatch(name):
            leftover = path.parent / name
            try:
                if not os.path.isdir(leftover) or os.path.islink(leftover):
                    os.unlink(leftover)
                    removed.append(leftover)
            except OSError:
                pass
    return removed


def is_read_only(path: str | Path) -> bool:
    """True for a post its owner has made read-only (``chmod 444``), or that we may not write.

    The mode's write bits count even for root, who may write anything: a read-only
    post says "leave me alone", and an import never replaces or chmods it.
    """
    st = os.stat(path)
    return not (st.st_mode & 0o222) or not os.access(path, os.W_OK)


class LockTimeout(Exception):
    """Another command held the post's lock for longer than we wait."""


class locked:
    """Hold an exclusive lock on a post while it is read, changed and replaced.

    ``fcntl.flock`` on the post itself (its target, for a symlink), so no lock
    file is left beside it. The post is replaced on every write, so a lock may
    be won on a file that has just been replaced: the lock is only held once
    the locked file is still the one at the path (same device and inode), else
    it is taken again on the new one. Two imports into one post thus run one
    after the other, and the second reads what the first wrote. The lock goes
    with the process: a crash or a kill -9 never leaves a post locked.
    ``on_wait`` is called once if another command holds it; after ``timeout``
    seconds, ``LockTimeout``.
    """

    def __init__(self, path: str | Path, *, timeout: float = 120.0, on_wait=None):
        self.path = Path(os.path.realpath(path))
        self.timeout = timeout
        self.on_wait = on_wait
        self.fd: int | None = None

    def __enter__(self) -> "locked":
        deadline = time.monotonic() + self.timeout
        waited = False
        while True:
            fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
            try:
                while True:
                    try:
                        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                        break
                    except BlockingIOError:
                        if not waited and self.on_wait is not None:
                            self.on_wait()
                        waited = True
                        if time.monotonic() > deadline:
                            raise LockTimeout(f"another diary command has been changing it for "
                                              f"{self.timeout:.0f} s; try again later") from None
                        time.sleep(0.02)
                held, now = os.fstat(fd), os.stat(self.path)
                if (held.st_dev, held.st_ino) == (now.st_dev, now.st_ino):
                    self.fd = fd
                    return self
            except BaseException:
                os.close(fd)
                raise
            os.close(fd)  # replaced while we waited: lock the new file

    def __exit__(self, *exc) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing the last descriptor releases the lock
            self.fd = None


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
