"""Import a generated Strava-style export of 1,000 activities and report the speed.

    python bench/imports.py [--activities 1000] [--repeat 3]

The export (seeded: the same files every time) is a folder with activities.csv
and activities/ holding FIT, GPX and TCX files, a third of them gzipped, each a
5 to 12 km loop recorded every 5 s. It prints:

  library   the format libraries alone (fitdecode, gpxpy, ElementTree) reading
            the same files one after another on one core: the floor of a
            single-process import
  pool      the same reads in a pool of one process per core, handed out as the
            import does: the floor of the import's design, with none of its
            own work
  import    `diary import EXPORT --per week --dry-run` (every file read and
            checked, every entry made; nothing written) and without --dry-run
            into an empty content folder

with activities per second, and each against the one-core library time and
against the floor (target: the import at most 1.35x the floor). Every figure is
wall time, the libraries' too. It reports; it never fails on a number.
"""

from __future__ import annotations

import argparse
import gzip
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "plugins"))

from tests.fixtures import make_activities, make_exports  # noqa: E402

DIARY = Path(sys.executable).with_name("diary")


def write_export(root: Path, count: int) -> Path:
    rng = random.Random(20240415)
    folder = root / "export"
    (folder / "activities").mkdir(parents=True)
    rows = []
    start = datetime(2022, 1, 3, 6, 30, tzinfo=timezone.utc)
    for n in range(count):
        when = start + timedelta(hours=19 * n)  # one a day or so, at different hours
        km = rng.uniform(5, 12)
        kind = ("fit", "gpx", "tcx")[n % 3]
        if kind == "fit":
            seconds = int(km * 1000 / 3.0)
            scenario = make_activities.Scenario(name=f"a{n}", sport="run", start=when,
                                                legs=(make_activities.Leg(seconds, 3.0),), hill_m=15)
            data = make_activities.fit(scenario)
        else:
            points = make_exports.loop(when, km=km, step_m=15.0, speed=3.0)
            data = (make_exports.gpx(points, name=f"Run {n}", kind="running") if kind == "gpx"
                    else make_exports.tcx(points))
        name = f"{1000 + n}.{kind}"
        if n % 3 == 1:  # a third gzipped, as Strava keeps uploads
            data, name = gzip.compress(data, mtime=0), name + ".gz"
        (folder / "activities" / name).write_bytes(data)
        rows.append({"Activity ID": str(1000 + n), "Activity Date": make_exports.strava_date(when),
                     "Activity Name": f"Run {n}", "Activity Type": "Run",
                     "Filename": f"activities/{name}"})
    (folder / "activities.csv").write_bytes(make_exports.strava_csv(rows))
    return folder


def library_read(path: Path) -> None:
    """What the format libraries alone do with one file: decompress, parse, walk."""
    import io
    import xml.etree.ElementTree as ElementTree

    import fitdecode
    import gpxpy

    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    name = path.name.removesuffix(".gz")
    if name.endswith(".fit"):
        with fitdecode.FitReader(io.BytesIO(data)) as fit:
            for _ in fit:
                pass
    elif name.endswith(".gpx"):
        gpxpy.parse(data.decode("utf-8"))
    else:
        ElementTree.fromstring(data)


def library_seconds(folder: Path) -> float:
    """The format libraries alone, one file after another, on one core (wall time, as
    every other figure here: the issue found this one in CPU time and the rest not)."""
    start = time.perf_counter()
    for path in sorted((folder / "activities").iterdir()):
        library_read(path)
    return time.perf_counter() - start


def pooled_library_seconds(folder: Path) -> float:
    """The same reads in a pool of one process per core, BATCH_FILES a message, as the
    import hands them out: the wall time of the design with none of the import's own
    work, the floor under the import's ratio."""
    from concurrent.futures import ProcessPoolExecutor

    from pelican.plugins.running_diary.ingest.sources import BATCH_FILES

    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        list(pool.map(library_read, sorted((folder / "activities").iterdir()),
                      chunksize=BATCH_FILES))
    return time.perf_counter() - start


def run_import(folder: Path, content: Path, *extra: str) -> float:
    start = time.perf_counter()
    result = subprocess.run([str(DIARY), "import", str(folder), "--content", str(content),
                             "--conf", str(REPO / "pelicanconf.py"), "--per", "week", *extra],
                            capture_output=True, text=True, stdin=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        print(result.stderr[-2000:], file=sys.stderr)
        return float("nan")
    return seconds


TARGET_OVER_FLOOR = 1.35


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as work:
        root = Path(work)
        folder = write_export(root, args.activities)
        size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
        # The three take turns, as bench/run.py's builds do: a machine busy for a while
        # slows all three alike, rather than whichever ran then.
        libraries, pooled, dries, writes = [], [], [], []
        for n in range(args.repeat):
            libraries.append(library_seconds(folder))
            pooled.append(pooled_library_seconds(folder))
            dries.append(run_import(folder, root / "empty", "--dry-run"))
            content = root / f"content-{n}"
            content.mkdir()
            writes.append(run_import(folder, content))
            shutil.rmtree(content)
        library, pool, dry, write = min(libraries), min(pooled), min(dries), min(writes)
    n = args.activities
    print(f"## Bulk import: {n:,} activities ({size / 1e6:.1f} MB, FIT, GPX and TCX, a third gzipped), "
          f"{os.cpu_count()} cores, fastest of {args.repeat}")
    print()
    print("| what | seconds | activities/s | / library | / floor |")
    print("|---|---|---|---|---|")
    print(f"| format libraries alone, one core | {library:.2f} | {n / library:,.0f} | 1.00x | "
          f"{library / pool:.2f}x |")
    print(f"| format libraries alone, a pool of {os.cpu_count()} (the floor) | {pool:.2f} | "
          f"{n / pool:,.0f} | {pool / library:.2f}x | 1.00x |")
    print(f"| diary import --dry-run | {dry:.2f} | {n / dry:,.0f} | {dry / library:.2f}x | {dry / pool:.2f}x |")
    print(f"| diary import, writing the posts | {write:.2f} | {n / write:,.0f} | {write / library:.2f}x | "
          f"{write / pool:.2f}x |")
    print()
    print(f"Target: the import at most {TARGET_OVER_FLOOR}x the floor: "
          f"{'met' if max(dry, write) / pool <= TARGET_OVER_FLOOR else 'NOT met'}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
