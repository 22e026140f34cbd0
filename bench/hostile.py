"""Time and memory of the worst front matter an author (or an attacker) can write.

    python bench/hostile.py

Each case is read in a fresh process by the code the build and `diary check`
share (core.posts.read_post), so its peak memory is its own. It reports; it
never fails on a number. The bound the issue set: the alias bomb under 2 s and
200 MiB.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

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
from diary.core import posts
from diary.core.settings import from_dict
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
