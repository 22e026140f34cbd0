"""Time and memory of the worst front matter and watch files an author (or an attacker)
can give the site.

    python bench/hostile.py

Each front matter case is read in a fresh process by the code the build and `diary
check` share (core.posts.read_post), so its peak memory is its own; each watch file is
given to `diary import --dry-run` in a fresh process, measured from a wrapper whose only
child it is. It reports; it never fails on a number. The bounds the issues set: the
alias bomb under 2 s and 200 MiB; each attacker's watch file under 10 s and 300 MiB,
imported or refused with a reason (issue 19).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from tests.fixtures import make_hostile  # noqa: E402

ALIAS_BOMB = ('a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
              + "".join(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]\n" for i in range(1, 9))
              + "training: *a8\n")
YEAR = "".join(f"  - {{date: 2024-{1 + n // 28:02d}-{1 + n % 28:02d}, distance: {5 + n % 7} km, "
               f"time: \"{30 + n % 20}:00\", hr: 150, notes: an easy run by the canal}}\n" for n in range(336))
CASES = {
    "alias bomb (9^9 values once expanded)": f"---\ntitle: Bomb\ndate: 2024-04-18\n{ALIAS_BOMB}---\n",
    "alias bomb one level deeper": "---\ntitle: Bomb\ndate: 2024-04-18\n"
        + ALIAS_BOMB.replace("training: *a8\n", "a9: &a9 [" + ",".join(["*a8"] * 9) + "]\ntraining: *a9\n") + "---\n",
    "10,000 nested [ in training": "---\ntitle: Deep\ndate: 2024-04-18\ntraining: " + "[" * 10_000 + "]" * 10_000 + "\n---\n",
    "front matter of 1,000,000 characters (the cap)": "---\ntitle: Big\ndate: 2024-04-18\nsummary: "
        + "x" * (1_000_000 - 40) + "\n---\n",
    "a year of daily runs (336 entries, the largest real front matter)": f"---\ntitle: Year\ndate: 2024-12-31\ntraining:\n{YEAR}---\n",
}

CHILD = """
import json, resource, sys, time
sys.path.insert(0, {plugins!r})
from pathlib import Path
from pelican.plugins.running_diary.core import posts
from pelican.plugins.running_diary.core.settings import from_dict
start = time.perf_counter()
logs, _ = posts.read_post(Path(sys.argv[1]), from_dict({{}}))
seconds = time.perf_counter() - start
print(json.dumps({{"seconds": seconds, "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "entries": len(logs.entries("training")),
                  "problem": str(logs.problems[0]).split(": ", 1)[1][:70] if logs.problems else ""}}))
"""


def main() -> int:
    print("## Hostile front matter, each read in a fresh process (core.posts.read_post)")
    print()
    print("| case | size | seconds | peak MiB | entries | named problem |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as work:
        for name, text in CASES.items():
            path = Path(work) / "post.md"
            path.write_text(text, encoding="utf-8")
            result = subprocess.run([sys.executable, "-c", CHILD.format(plugins=str(REPO / "plugins")), str(path)],
                                    capture_output=True, text=True, timeout=300, env={**os.environ})
            if result.returncode != 0:
                print(f"| {name} | {len(text):,} | FAILED | | | {result.stderr.strip()[-80:]} |")
                continue
            found = json.loads(result.stdout)
            print(f"| {name} | {len(text.encode()):,} B | {found['seconds']:.3f} | {found['peak_mib']:.0f} | "
                  f"{found['entries']} | {found['problem'] or '-'} |")
    print()
    print("The bound: the alias bomb under 2 s and 200 MiB; the peak includes Python itself (about 20 MiB).")
    print()
    watch_files()
    return 0


WATCH_FILES = {
    "nested Garmin-style zip: 21 inner zips of 200 MB": ("export.zip", make_hostile.nested_zip_bomb),
    "FIT: 800 sessions over the same 50,000 records": (
        "sessions.fit", lambda path: path.write_bytes(make_hostile.fit_overlapping_sessions())),
    "GPX: 2,000,000 points": ("points.gpx", lambda path: path.write_bytes(make_hostile.gpx_points())),
}

# The import as this wrapper's only child: RUSAGE_CHILDREN is the import's own peak.
MEASURE = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True, stdin=subprocess.DEVNULL)
print(json.dumps({"seconds": time.perf_counter() - start, "status": done.returncode,
                  "peak_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
                  "lines": done.stderr.splitlines()}))
"""


def watch_files() -> None:
    print("## Hostile watch files, each imported in a fresh process (diary import --dry-run)")
    print()
    print("| file | size | seconds | peak MiB | exit | first line (of how many) |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as work:
        (Path(work) / "content").mkdir()
        for name, (file_name, make) in WATCH_FILES.items():
            path = Path(work) / file_name
            make(path)
            command = [sys.executable, "-m", "pelican.plugins.running_diary.cli.main", "import", str(path),
                       "--content", str(Path(work) / "content"), "--dry-run"]
            env = {**os.environ, "PYTHONPATH": str(REPO / "plugins")}
            result = subprocess.run([sys.executable, "-c", MEASURE, *command], capture_output=True,
                                    text=True, timeout=600, cwd=work, env=env)
            found = json.loads(result.stdout)
            lines = [line.replace(work + "/", "") for line in found["lines"]]
            first = lines[0][:110] if lines else "-"
            print(f"| {name} | {path.stat().st_size / 1e6:,.1f} MB | {found['seconds']:.1f} | "
                  f"{found['peak_mib']:.0f} | {found['status']} | {first} ({len(lines)}) |")
            path.unlink()
    print()
    print("The bound: each under 10 s and 300 MiB, imported or refused with a reason.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
