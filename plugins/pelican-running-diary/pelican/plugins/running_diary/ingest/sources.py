"""What `diary import PATH...` reads: single files, folders, and the services' exports.

``expand(paths)`` turns the command's paths into ``Source`` values, one per
activity file, without unpacking anything beside them (an inner zip goes to a
temporary file, below):

* an activity file (``.fit``, ``.gpx``, ``.tcx``, each optionally ``.gz``),
  named on the command line: read as before (a bad one stops the import);
* a **folder**: every activity file below it (names starting with a dot
  left out), every ``.zip`` in it read as below, and an ``activities.csv``;
* a **zip**: every activity file in it, and every zip inside it, one level
  deep (a Garmin Connect export keeps its FIT files in zips under
  ``DI_CONNECT/DI-Connect-Uploaded-Files/``), read from the archive without
  unpacking it; an inner zip is copied to a temporary file (on disk past
  ``SPOOL_BYTES``) while its members are listed, and again while they are read,
  one inner zip at a time (``Expanded.inner``);
* a **Strava export** (the zip, or the folder it unpacks to): its
  ``activities/`` files, with ``activities.csv`` giving each activity's name,
  type, description and gear where the file lacks them.

Files found inside a folder or an archive are *bulk*: one that cannot be read
is skipped with a line saying why, and the rest are imported. Every read is
capped at ``watch_files.MAX_BYTES`` (200 MB) of decompressed data: a member,
a nested zip, a gzip inside a zip, ``activities.csv``; a member whose
archive says it is larger is skipped unread.

One import reads at most ``MAX_IMPORT_BYTES`` in all (files as stored, archive
members and inner zips as expanded) and ``MAX_IMPORT_POINTS`` GPS points: past
either, every further file is refused with a line naming it (``Budget``).
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections import deque
from collections.abc import Iterator
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath

from . import watch_files
from ..core.spelling import without_bidi

CSV_NAME = "activities.csv"
# Strava's activities.csv: the columns the import reads (the file has many more).
STRAVA_COLUMNS = {"id": "Activity ID", "date": "Activity Date", "name": "Activity Name",
                  "type": "Activity Type", "description": "Activity Description",
                  "gear": "Activity Gear", "filename": "Filename"}


# What one import may read in all: a Garmin or Strava export of ten years is a few
# hundred MB of activity files; an archive that expands to more is not one (a 4.1 MB
# zip of 21 inner zips expanded to 4.2 GB, all held at once). Past the cap, each file
# left is refused with its line; the rest of the export can be imported in another run.
MAX_IMPORT_BYTES = 2 * 1024 ** 3
# GPS points in all: ten years of daily hour-long runs recorded every second is 13 million.
MAX_IMPORT_POINTS = 20_000_000
# An inner zip is held in memory up to this size, then in a temporary file on disk.
SPOOL_BYTES = 16 * 1024 * 1024


class Budget:
    """The bytes and points one import has read, against MAX_IMPORT_BYTES and
    MAX_IMPORT_POINTS; ``take_*`` raises ActivityFileError naming the file past either."""

    def __init__(self):
        self.max_bytes, self.max_points = MAX_IMPORT_BYTES, MAX_IMPORT_POINTS
        self.bytes = self.points = 0

    def check_bytes(self, where, size: int) -> None:
        if self.bytes + size > self.max_bytes:
            raise watch_files.ActivityFileError(
                where, f"past the cap of {_mb(self.max_bytes)} one import reads in all "
                       f"({_mb(self.bytes)} read before it); not read (import it in another run)")

    def take_bytes(self, where, size: int) -> None:
        self.check_bytes(where, size)
        self.bytes += size

    def take_points(self, where, count: int) -> None:
        if self.points + count > self.max_points:
            raise watch_files.ActivityFileError(
                where, f"past the cap of {self.max_points:,} GPS points one import reads in all "
                       f"({self.points:,} read before it); not imported (import it in another run)")
        self.points += count


def _mb(n: int) -> str:
    return f"{n // (1024 * 1024):,} MB"


@dataclass
class Source:
    """One activity file to read: on disk (``path``) or in an archive (``load``)."""

    label: str  # how lines name it: "export.zip/activities/123.fit.gz"
    path: Path | None = None
    load: Callable[[], bytes] | None = None  # the member's bytes, within the cap
    bulk: bool = False  # found in a folder or an archive: skipped, not fatal, when bad
    meta: dict | None = None  # its activities.csv row: name, type, description, gear, date
    budget: Budget | None = None  # the import's, which a file on disk counts against by its size

    def read(self) -> watch_files.Reading:
        return read_payload(self.payload())

    def payload(self) -> tuple:
        """What a worker process needs to read this file: a path, or the bytes and a name."""
        if self.path is None:
            return ("data", self.label, self.load())
        if self.budget is not None:
            try:
                size = os.stat(self.path).st_size
            except OSError:
                size = 0  # the reader says why it cannot be read
            if size <= watch_files.MAX_BYTES:  # a larger one is refused by the reader, unread
                self.budget.take_bytes(self.path, size)
        return ("path", self.path)


def read_payload(payload: tuple) -> watch_files.Reading:
    if payload[0] == "path":
        return watch_files.read_file(payload[1])
    return watch_files.read_data(Path(payload[1]), payload[2])


def _read_or_error(payload: tuple, privacy=None):
    """In a worker: the Reading, its routes made private (so that no GPS point leaves the
    worker, and none is pickled back), or the ActivityFileError to raise in the parent."""
    try:
        reading = read_payload(payload)
    except watch_files.ActivityFileError as error:
        return error
    return private(reading, privacy) if privacy is not None else reading


def private(reading: watch_files.Reading, privacy) -> watch_files.Reading:
    """Each activity with its route made private by the privacy rule the build applies
    (core/privacy.py: glitches dropped, this route's trim, the moved zones), its GPS points gone."""
    from dataclasses import replace

    from ..core import privacy as rule

    zones = rule.cut_zones(privacy)
    made = [replace(act, points=(), route=rule.publishable(
                act.points, privacy, key=rule.route_key(act.start, ""), activity=act.activity,
                time_s=act.moving_s, zones=zones))
            if act.points else act for act in reading.activities]
    return replace(reading, activities=made)


def _payload_or_error(source: Source, then):
    """`then(payload)`, or the ActivityFileError that reading the member's bytes raised."""
    try:
        payload = source.payload()
    except watch_files.ActivityFileError as error:
        return error
    return then(payload)


class ReadersStopped(Exception):
    """A worker of the pool died (SIGKILL, the kernel's out-of-memory killer) mid-import."""


POOL_FROM = 16  # files: fewer are read in this process (starting workers costs more)
BATCH_FILES = 8  # files per message to a worker, at most
BATCH_BYTES = 4_000_000  # bytes of archive members per message (a file on disk is read by the worker)


def read_all(items: list[Source], privacy=None,
             budget: Budget | None = None) -> Iterator[tuple[Source, object]]:
    """`_read_all`, each Reading's GPS points counted against the import's ``budget``:
    one past its cap becomes the ActivityFileError that says so."""
    for source, reading in _read_all(items, privacy):
        if budget is not None and isinstance(reading, watch_files.Reading):
            try:
                budget.take_points(source.label, reading.points)
            except watch_files.ActivityFileError as error:
                reading = error
        yield source, reading


def _read_all(items: list[Source], privacy=None) -> Iterator[tuple[Source, object]]:
    """Each source with its Reading (or ActivityFileError), in order. Many files are read
    by a pool of processes, one per core: the format libraries are pure Python, and a
    year of exports takes minutes on one core. Files go to the workers a batch at a time
    (one message each way per batch, not per file: a thousand files' messages cost the
    parent about a third of a second), and two batches per worker are pending at once.
    A batch holds at most BATCH_FILES files, and the archive members' bytes that the
    parent loaded for it stop at BATCH_BYTES: a few dozen MB in memory, whatever the
    size of the export."""
    workers = os.cpu_count() or 1
    if len(items) < POOL_FROM or workers < 2:
        for source in items:
            yield source, _payload_or_error(source, lambda payload: _read_or_error(payload, privacy))
        return
    from concurrent.futures import ProcessPoolExecutor

    from concurrent.futures.process import BrokenProcessPool

    with ProcessPoolExecutor(max_workers=workers, initializer=_worker_start) as pool:
        try:
            yield from _pooled(pool, items, workers, privacy)
        except BrokenProcessPool:
            raise ReadersStopped("a process reading the files was stopped before it had read "
                                 "them all (killed by the system, out of memory?); nothing was "
                                 "imported: run the import again") from None
        except BaseException:  # Ctrl-C or Stopped: what is pending is dropped, not read first
            pool.shutdown(cancel_futures=True)
            raise


def _pooled(pool, items: list[Source], workers: int, privacy) -> Iterator[tuple[Source, object]]:
    """`read_all` through the pool: batches submitted ahead, results in order."""
    pending: deque = deque()
    batch, payloads, loaded = [], [], 0
    for n, source in enumerate(items, start=1):
        last = n == len(items)
        # A member over the cap is refused here, before any worker: its error stands
        # in for its payload, and the worker hands it back in its place.
        payload = _payload_or_error(source, lambda payload: payload)
        batch.append(source)
        payloads.append(payload)
        if isinstance(payload, tuple) and payload[0] == "data":
            loaded += len(payload[2])
        if len(batch) < BATCH_FILES and loaded < BATCH_BYTES and not last:
            continue
        pending.append((batch, pool.submit(_read_batch, payloads, privacy)))
        batch, payloads, loaded = [], [], 0
        while pending and (last or len(pending) >= workers * 2):
            done, future = pending.popleft()
            yield from zip(done, future.result())


def _worker_start() -> None:
    """A worker leaves stopping to the parent. Ctrl-C reaches the whole process group:
    the parent says the one line, and a worker ignores it. SIGTERM (which the pool also
    sends its workers when it is torn down) and SIGHUP end a worker quietly, without the
    parent's handler, which would raise `Stopped` there and print a traceback."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)


def _read_batch(payloads: list, privacy=None) -> list:
    """In a worker: `_read_or_error` of each payload; an error given for one is handed back."""
    return [payload if isinstance(payload, watch_files.ActivityFileError)
            else _read_or_error(payload, privacy) for payload in payloads]


@dataclass
class Expanded:
    sources: list[Source] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # "export.zip/x.fit: why", one per file
    csv_rows: int = 0  # activities.csv rows read
    without_file: int = 0  # of them, activities entered by hand on the service: no file
    open: list = field(default_factory=list)  # archives read from while importing
    empty: list = field(default_factory=list)  # folders and archives named with no activity file
    unreadable: list = field(default_factory=list)  # a named zip that is not one: bad input
    budget: Budget = field(default_factory=Budget)
    # The one inner zip open while its members are read: (key, ZipFile, temporary file).
    current_inner: tuple | None = None

    def inner(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo, label: str) -> zipfile.ZipFile:
        """The inner zip ``info`` of ``archive``, open; the one open before is closed
        first. Sources are read in order, so each inner zip is copied out once more."""
        key = (id(archive), info.filename)
        if self.current_inner is not None and self.current_inner[0] == key:
            return self.current_inner[1]
        self.release_inner()
        opened = _open_inner(archive, info, label)
        self.current_inner = (key, *opened)
        return opened[0]

    def release_inner(self) -> None:
        if self.current_inner is not None:
            _, inner, spool = self.current_inner
            self.current_inner = None
            inner.close()
            spool.close()

    def close(self) -> None:
        self.release_inner()
        for thing in self.open:
            try:
                thing.close()
            except OSError:
                pass
        self.open.clear()

    def __enter__(self) -> "Expanded":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def expand(paths: list[str | Path]) -> Expanded:
    """Every activity file the paths hold; close the result when done (a `with` block)."""
    found = Expanded()
    for raw in paths:
        path = Path(raw)
        if path.is_dir() and not watch_files.activity_name(path.name):
            before = len(found.sources)
            _folder(path, found)
            if len(found.sources) == before:
                found.empty.append(path)
        elif path.name.lower().endswith(".zip") and path.is_file():
            before = len(found.sources)
            try:
                _zip_file(path, found)
            except (zipfile.BadZipFile, OSError, EOFError, watch_files.ActivityFileError) as e:
                found.unreadable.append(f"{path}: not a readable zip file ({_reason(e)})")
                continue
            if len(found.sources) == before:
                found.empty.append(path)
        else:  # a file (or a folder named like one, which reading refuses)
            found.sources.append(Source(label=str(path), path=path, budget=found.budget))
    return found


def _reason(e: Exception) -> str:
    if isinstance(e, watch_files.ActivityFileError):
        return e.reason
    return " ".join(str(e).split()) or type(e).__name__


# --- folders -------------------------------------------------------------------------------

def _folder(root: Path, found: Expanded) -> None:
    files, csvs = [], []
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if name.startswith("."):
                continue
            path = Path(folder) / name
            lower = name.lower()
            if lower == CSV_NAME:
                csvs.append(path)
            elif lower.endswith(".zip"):
                try:
                    _zip_file(path, found)
                except (zipfile.BadZipFile, OSError, EOFError, watch_files.ActivityFileError) as e:
                    found.skipped.append(f"{path}: not a readable zip file ({_reason(e)})")
            elif watch_files.activity_name(name):
                files.append(path)
    table = {}
    for path in csvs:
        try:
            data = watch_files.read_bounded(path)
        except watch_files.ActivityFileError as e:
            found.skipped.append(f"{e}")
            continue
        table.update(_read_csv(data, found, str(path)))
    for path in files:
        rel = path.relative_to(root).as_posix()
        found.sources.append(Source(label=str(path), path=path, bulk=True,
                                    meta=_meta_for(table, rel), budget=found.budget))


# --- zips ------------------------------------------------------------------------------------

def _zip_file(path: Path, found: Expanded) -> None:
    """An archive on disk: kept open (``Expanded.close``) while its members are read."""
    handle = open_regular(path)
    try:
        archive = zipfile.ZipFile(handle)
    except BaseException:
        handle.close()
        raise
    found.open.append(archive)
    found.open.append(handle)
    _archive(archive, str(path), found, depth=0)


def open_regular(path: Path):
    """A zip on disk, opened after the same checks as an activity file (a regular file)."""
    import stat

    st = os.stat(path)
    if not stat.S_ISREG(st.st_mode):
        raise watch_files.ActivityFileError(path, "is not a regular file; not read")
    return open(path, "rb")


def _archive(archive: zipfile.ZipFile, label: str, found: Expanded, *, depth: int,
             member_of: Callable[[], zipfile.ZipFile] | None = None) -> None:
    """The activity files of ``archive`` as sources. ``member_of`` gives an inner zip
    back, open, when its members are read (``Expanded.inner``); ``archive`` itself
    is then closed once listed."""
    infos = [i for i in archive.infolist() if not i.is_dir()]
    table = {}
    for info in infos:
        if PurePosixPath(info.filename).name.lower() == CSV_NAME:
            try:
                table.update(_read_csv(_member_bytes(archive, info, label, found.budget), found,
                                       f"{label}/{info.filename}"))
            except watch_files.ActivityFileError as e:
                found.skipped.append(str(e))
    for info in infos:
        name = PurePosixPath(info.filename).name
        if name.startswith(".") or any(part.startswith(".") or part == "__MACOSX"
                                       for part in PurePosixPath(info.filename).parts[:-1]):
            continue
        where = f"{label}/{info.filename}"
        if name.lower().endswith(".zip"):
            if depth >= 1:
                found.skipped.append(f"{where}: a zip inside a zip inside a zip; not read "
                                     "(unpack the export and import its folder)")
                continue
            try:
                found.budget.take_bytes(Path(where), info.file_size)
                inner, spool = _open_inner(archive, info, label)
            except watch_files.ActivityFileError as e:
                found.skipped.append(str(e) if "past the cap" in e.reason
                                     else f"{where}: not a readable zip file ({_reason(e)})")
                continue
            except (zipfile.BadZipFile, EOFError, OSError) as e:
                found.skipped.append(f"{where}: not a readable zip file ({_reason(e)})")
                continue
            try:  # listed, then closed: opened again, alone, when its members are read
                _archive(inner, where, found, depth=depth + 1,
                         member_of=lambda archive=archive, info=info: found.inner(archive, info, label))
            finally:
                inner.close()
                spool.close()
            continue
        if not watch_files.activity_name(name):
            continue
        rel = info.filename
        found.sources.append(Source(label=where, bulk=True, meta=_meta_for(table, rel),
                                    load=_loader(member_of or (lambda: archive), info, label,
                                                 found.budget)))


def _loader(archive_of: Callable[[], zipfile.ZipFile], info: zipfile.ZipInfo, label: str,
            budget: Budget):
    def load() -> bytes:
        # The cap is checked before an inner zip is opened again for this member.
        budget.check_bytes(Path(f"{label}/{info.filename}"), info.file_size)
        return _member_bytes(archive_of(), info, label, budget)
    return load


def _open_inner(archive: zipfile.ZipFile, info: zipfile.ZipInfo, label: str):
    """(ZipFile, its temporary file) of the zip ``info`` inside ``archive``: copied out
    a megabyte at a time, within the 200 MB cap, to a file held in memory only up to
    SPOOL_BYTES."""
    where = Path(f"{label}/{info.filename}")
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)
    try:
        _copy_member(archive, info, where, spool.write)
        spool.seek(0)
        return zipfile.ZipFile(spool), spool
    except BaseException:
        spool.close()
        raise


def _member_bytes(archive: zipfile.ZipFile, info: zipfile.ZipInfo, label: str,
                  budget: Budget | None = None) -> bytes:
    where = Path(f"{label}/{info.filename}")
    out = io.BytesIO()  # getvalue() hands its bytes over: the member is held once, not twice
    total = _copy_member(archive, info, where, out.write)
    if budget is not None:
        budget.take_bytes(where, total)
    return out.getvalue()


def _copy_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, where: Path, write) -> int:
    """Each megabyte of the member to ``write``, refused past MAX_BYTES; its size."""
    limit = watch_files.MAX_BYTES
    if info.file_size > limit:
        raise watch_files.ActivityFileError(
            where, f"the archive says it expands to {info.file_size // (1024 * 1024):,} MB, more "
                   f"than {limit // (1024 * 1024):,} MB: not an activity a watch records; not read")
    try:
        with archive.open(info) as member:
            total = 0
            while True:
                chunk = member.read(1024 * 1024)
                if not chunk:
                    return total
                total += len(chunk)
                if total > limit:
                    raise watch_files.ActivityFileError(
                        where, f"expands to more than {limit // (1024 * 1024):,} MB "
                               "(a decompression bomb?); refused")
                write(chunk)
    except (zipfile.BadZipFile, EOFError, OSError, RuntimeError, NotImplementedError) as e:
        raise watch_files.ActivityFileError(where, f"cannot be read from the archive ({_reason(e)})") from None


# --- activities.csv ---------------------------------------------------------------------------

def _read_csv(data: bytes, found: Expanded, label: str) -> dict[str, dict]:
    """Strava's activities.csv: the row of each activity file, by its path and by its name."""
    text = data.decode("utf-8-sig", errors="replace")
    rows = csv.reader(io.StringIO(text))
    try:
        header = next(rows)
    except (StopIteration, csv.Error):
        return {}
    index: dict[str, int] = {}
    for n, column in enumerate(header):
        index.setdefault(column.strip(), n)  # real exports repeat some names: the first counts
    if STRAVA_COLUMNS["filename"] not in index:
        found.skipped.append(f"{label}: no {STRAVA_COLUMNS['filename']!r} column: not Strava's "
                             "activities.csv, not used")
        return {}
    table: dict[str, dict] = {}
    try:
        for row in rows:
            def cell(key: str) -> str:
                at = index.get(STRAVA_COLUMNS[key])
                return without_bidi(row[at]).strip() if at is not None and at < len(row) else ""

            found.csv_rows += 1
            filename = cell("filename")
            if not filename:
                found.without_file += 1
                continue
            meta = {key: cell(key) or None for key in STRAVA_COLUMNS}
            meta["start"] = parse_strava_date(cell("date"))
            table[filename] = meta
            table.setdefault(PurePosixPath(filename).name, meta)
    except csv.Error as e:
        found.skipped.append(f"{label}: stops being CSV ({e}); the rows before are used")
    return table


def _meta_for(table: dict[str, dict], rel: str) -> dict | None:
    if not table:
        return None
    path = PurePosixPath(rel)
    for n in range(len(path.parts)):
        meta = table.get(PurePosixPath(*path.parts[n:]).as_posix())
        if meta:
            return meta
    return None


def parse_strava_date(text: str) -> datetime | None:
    """``Apr 15, 2024, 6:02:11 AM`` (Strava writes UTC), or ISO; None if neither."""
    text = " ".join(text.split())
    for pattern in ("%b %d, %Y, %I:%M:%S %p", "%b %d, %Y %I:%M:%S %p", "%Y-%m-%d %H:%M:%S",
                    "%Y-%m-%dT%H:%M:%SZ", "%d %b %Y, %H:%M:%S"):
        try:
            return datetime.strptime(text, pattern).replace(tzinfo=timezone.utc)
        except ValueError:
            continue
    return None
