"""Build synthetic diaries three ways and report what each build costs.

    python bench/run.py [--sizes 1000 3000] [--variants site no-diary bare] [--repeat 3]

For each corpus written by bench/generate.py:

  site      this site's settings, theme and plugins, posts with YAML front matter and logs
  no-diary  the same settings with the diary plugin off (same posts, plain metadata, no logs:
            without the plugin nothing reads YAML front matter)
  bare      bare Pelican: its default theme, no plugins, no search index, plain metadata

Each build is `pelican INPUT -s SETTINGS -o OUTPUT` in a child process: what
`make html` runs, the search index included (the pagefind_index plugin has
Pagefind index the pages while Pelican writes them, so there is no step after
it). A site or no-diary build without OUTPUT/pagefind/pagefind-entry.json
counts as failed. Each is timed by the wall clock; its CPU time and peak memory
come from wait4()'s rusage, which covers the build process and every process it
started and reaped (the Pagefind service: the plugin waits for it). The peak is
the largest single process's, not a sum. Every build runs --repeat times, the
variants taking turns so that a busy machine slows them alike; the report keeps
the fastest time and the highest peak. The report is a list of measurements
(MEASUREMENTS below), each a function from the builds to a titled table: add
one to measure something else. It reports; it never fails on a number.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402
from page_budget import page_budget  # noqa: E402

PELICAN = Path(sys.executable).with_name("pelican")


@dataclass(frozen=True)
class Variant:
    name: str
    flavour: str  # which copy of the corpus: "yaml" or "plain"
    settings: str  # the settings file's text
    search: bool = True  # builds the Pagefind index (output/pagefind/)


SITE_SETTINGS = f"""\
import sys
sys.path.insert(0, {str(REPO)!r})
from pelicanconf import *  # noqa: F403
# Paths in pelicanconf.py are relative to it; this file lives elsewhere.
THEME = {str(REPO / "theme")!r}
PLUGIN_PATHS = [{str(REPO / "plugins")!r}]
# The corpus runs a day or three a post from 2012: 3,000 posts reach 2028. A fixed day
# of the build after it keeps every entry done (none planned), whatever the clock says.
DIARY_TODAY = "2100-12-31"
"""

VARIANTS = [
    Variant("site", "yaml", SITE_SETTINGS),
    Variant("no-diary", "plain", SITE_SETTINGS + 'PLUGINS = [p for p in PLUGINS if p != "diary"]\n'),
    Variant("bare", "plain", 'PLUGINS = []\nTIMEZONE = "Europe/London"\nSITEURL = ""\n',
            search=False),
]


@dataclass(frozen=True)
class Build:
    size: int
    variant: str
    seconds: float
    cpu_seconds: float  # user + system, this build's processes together (Pagefind's too)
    max_rss_kib: int
    output: Path
    ok: bool
    log: str
    runs: int = 1


def build(size: int, variant: Variant, corpus: Path, work: Path) -> Build:
    settings = work / f"settings-{variant.name}.py"
    settings.write_text(variant.settings, encoding="utf-8")
    output = work / f"out-{size}-{variant.name}"
    if output.exists():
        shutil.rmtree(output)
    command = [str(PELICAN), str(corpus / variant.flavour), "-s", str(settings),
               "-o", str(output), "-q"]
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT,
                                 stdin=subprocess.DEVNULL, cwd=work)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        text = log.read().decode("utf-8", "replace")
    ok = child.returncode == 0
    if ok and variant.search and not (output / "pagefind" / "pagefind-entry.json").is_file():
        ok, text = False, text + "\nno search index: OUTPUT/pagefind/pagefind-entry.json is missing"
    return Build(size, variant.name, seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss,
                 output, ok, text)


# --- measurements: each takes every build and returns (title, header, rows) ---

Table = tuple[str, list[str], list[list[str]]]


def best_of(runs: list[Build]) -> Build:
    """One build standing for its repeats: the fastest time (wall and CPU), the highest peak memory."""
    fastest = min(runs, key=lambda b: b.seconds)
    failed = [b for b in runs if not b.ok]
    return Build(fastest.size, fastest.variant, fastest.seconds, min(b.cpu_seconds for b in runs),
                 max(b.max_rss_kib for b in runs), fastest.output, not failed,
                 (failed or [fastest])[0].log, len(runs))


def build_cost(builds: list[Build]) -> Table:
    """Wall and CPU time (fastest of the runs) and peak memory of every build. CPU
    time counts both cores: Pagefind indexes on the second one, in its own process."""
    rows = [[str(b.size), b.variant, f"{b.seconds:.2f}" if b.ok else "FAILED",
             f"{b.cpu_seconds:.2f}" if b.ok else "-",
             f"{b.max_rss_kib / 1024:.0f}", f"{1000 * b.seconds / b.size:.1f}" if b.ok else "-",
             str(b.runs)] for b in builds]
    return "Builds", ["posts", "variant", "wall s", "cpu s", "peak MiB", "ms/post", "runs"], rows


def ratios(builds: list[Build]) -> Table:
    """site / no-diary is the diary plugin's cost (target: wall time <= 1.10); site / bare is
    the whole site's, search index included (target: wall time <= 1.15). The CPU ratio is
    the work done, whichever core did it."""
    by = {(b.size, b.variant): b for b in builds if b.ok}
    rows = []
    for size in sorted({b.size for b in builds}):
        for num, den in (("site", "no-diary"), ("site", "bare"), ("no-diary", "bare")):
            if (size, num) in by and (size, den) in by:
                a, b = by[size, num], by[size, den]
                rows.append([str(size), f"{num} / {den}", f"{a.seconds / b.seconds:.2f}",
                             f"{a.cpu_seconds / b.cpu_seconds:.2f}",
                             f"{a.max_rss_kib / b.max_rss_kib:.2f}"])
    return "Ratios", ["posts", "builds", "wall time", "cpu time", "peak memory"], rows


TARGET_SITE_OVER_BARE = 1.15
TARGET_PEAK_MIB = 100


def targets(builds: list[Build]) -> Table:
    """The issue's targets for the whole `make html`, search index included: wall time at most
    1.15x bare Pelican's in the same run, and a peak of at most 100 MiB."""
    by = {(b.size, b.variant): b for b in builds if b.ok}
    rows = []
    for size in sorted({b.size for b in builds}):
        site, bare = by.get((size, "site")), by.get((size, "bare"))
        if site is None:
            continue
        row = [str(size), "-", "-", f"{site.max_rss_kib / 1024:.0f}",
               "yes" if site.max_rss_kib / 1024 <= TARGET_PEAK_MIB else "OVER"]
        if bare is not None:
            ratio = site.seconds / bare.seconds
            row[1:3] = [f"{ratio:.2f}", "yes" if ratio <= TARGET_SITE_OVER_BARE else "OVER"]
        rows.append(row)
    return ("Targets", ["posts", f"site / bare wall (<= {TARGET_SITE_OVER_BARE})", "met",
                        f"site peak MiB (<= {TARGET_PEAK_MIB})", "met"], rows)


MEASUREMENTS: list[Callable[[list[Build]], Table]] = [build_cost, ratios, targets, page_budget]


def render(table: Table) -> str:
    title, header, rows = table
    widths = [max(len(cell) for cell in column) for column in zip(header, *rows)]
    line = lambda cells: "  ".join(c.rjust(w) for c, w in zip(cells, widths))  # noqa: E731
    return "\n".join([title, line(header), line(["-" * w for w in widths]), *map(line, rows)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000])
    parser.add_argument("--variants", nargs="+", default=[v.name for v in VARIANTS],
                        choices=[v.name for v in VARIANTS])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each build (default 3)")
    parser.add_argument("--corpora", type=Path, default=HERE / "corpora")
    parser.add_argument("--work", type=Path, default=HERE / "out",
                        help="settings files and build outputs (default bench/out)")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)

    builds = []
    variants = [v for v in VARIANTS if v.name in args.variants]
    for size in args.sizes:
        corpus = generate.write_corpus(size, args.corpora)
        runs: dict[str, list[Build]] = {v.name: [] for v in variants}
        for run in range(1, args.repeat + 1):
            for variant in variants:
                print(f"building {size} posts: {variant.name} (run {run} of {args.repeat})",
                      file=sys.stderr, flush=True)
                result = build(size, variant, corpus, args.work)
                if not result.ok:
                    print(f"  {variant.name} failed:\n{result.log[-3000:]}", file=sys.stderr)
                runs[variant.name].append(result)
        builds += [best_of(runs[v.name]) for v in variants]

    # Pagefind indexes on the second core: other work on the machine slows the site more than bare.
    print(f"Pelican {_pelican_version()}, Python {sys.version.split()[0]}, "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the end")
    for measure in MEASUREMENTS:
        print()
        print(render(measure(builds)))
    return 0


def _pelican_version() -> str:
    from importlib.metadata import version  # noqa: PLC0415

    return version("pelican")


if __name__ == "__main__":
    sys.exit(main())
