"""Build synthetic diaries three ways and report what each build costs.

    python bench/run.py [--sizes 1000 3000] [--variants site no-diary fair bare] [--repeat 3]

For each corpus written by bench/generate.py:

  site      this site's settings, theme and plugins, posts with YAML front matter and logs
  no-diary  the same settings with the diary plugin off (same posts, plain metadata, no logs:
            without the plugin nothing reads YAML front matter)
  fair      the fair baseline: Pelican with its default theme and no plugins, but this
            site's URL and pagination settings (pages in folders, dated addresses), then
            `pagefind --site` over its article pages: what any Pelican site with this
            site's addresses and a search index costs
  bare      bare Pelican: its default theme, no plugins, no search index, plain metadata

Each build is `pelican INPUT -s SETTINGS -o OUTPUT` in a child process: what
`make html` runs, the search index included (the pagefind plugin (pelican-pagefind) has
Pagefind index the pages while Pelican writes them, so there is no step after
it). A site or no-diary build without OUTPUT/pagefind/pagefind-entry.json
counts as failed. Each is timed by the wall clock; its CPU time and peak memory
come from wait4()'s rusage, which covers the build process and every process it
started and reaped (the Pagefind service: the plugin waits for it). The peak is
the largest single process's, not a sum; the Pelican process's own peak is
reported apart (`pelican MiB`: its getrusage(RUSAGE_SELF) at exit, through
bench/pelican_peak.py), since Pagefind's process peaks at 400-500 MiB whatever
the site. Every build runs --repeat times, the
variants taking turns so that a busy machine slows them alike; the report keeps
the fastest time and the highest peak. The report is a list of measurements
(MEASUREMENTS below), each a function from the builds to a titled table: add
one to measure something else. It reports; it never fails on a number.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
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

def _pagefind() -> str:
    """The pagefind binary the pagefind package ships (what the search plugin drives)."""
    from pagefind.service import get_executable  # noqa: PLC0415

    return str(get_executable())


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

# The fair baseline's settings: this site's addresses and pagination, nothing else of it.
ADDRESS_SETTINGS = ("ARTICLE_URL", "ARTICLE_SAVE_AS", "PAGE_URL", "PAGE_SAVE_AS",
                    "ARTICLE_LANG_URL", "ARTICLE_LANG_SAVE_AS", "PAGE_LANG_URL", "PAGE_LANG_SAVE_AS",
                    "TAG_URL", "TAG_SAVE_AS", "CATEGORY_URL", "CATEGORY_SAVE_AS", "AUTHOR_URL",
                    "AUTHOR_SAVE_AS", "DEFAULT_PAGINATION", "INDEX_URL", "PAGINATION_PATTERNS",
                    "YEAR_ARCHIVE_URL", "YEAR_ARCHIVE_SAVE_AS", "MONTH_ARCHIVE_URL",
                    "MONTH_ARCHIVE_SAVE_AS", "TAGS_URL", "TAGS_SAVE_AS", "CATEGORIES_URL",
                    "CATEGORIES_SAVE_AS", "AUTHORS_URL", "AUTHORS_SAVE_AS", "ARCHIVES_URL",
                    "ARCHIVES_SAVE_AS", "RELATIVE_URLS", "TIMEZONE", "SITEURL")
FAIR_SETTINGS = f"""\
import sys
sys.path.insert(0, {str(REPO)!r})
import pelicanconf
globals().update({{name: getattr(pelicanconf, name) for name in {ADDRESS_SETTINGS!r}}})
PLUGINS = []
"""
# pagefind --site over the article pages alone ({date:%Y}/{date:%m}/{slug}/index.html).
ARTICLE_PAGES = "[0-9][0-9][0-9][0-9]/[0-9][0-9]/*/index.html"

VARIANTS = [
    Variant("site", "yaml", SITE_SETTINGS),
    Variant("no-diary", "plain", SITE_SETTINGS + 'PLUGINS = [p for p in PLUGINS if p != "running_diary"]\n'),
    Variant("fair", "plain", FAIR_SETTINGS, search=True),
    Variant("bare", "plain", 'PLUGINS = []\nTIMEZONE = "Europe/London"\nSITEURL = ""\n',
            search=False),
]
# The variants whose search index is a step after Pelican (`pagefind --site`), not the plugin's.
SEARCH_AFTER = {"fair"}


@dataclass(frozen=True)
class Build:
    size: int
    variant: str
    seconds: float
    cpu_seconds: float  # user + system, this build's processes together (Pagefind's too)
    max_rss_kib: int  # the largest single process's (Pagefind's, in the variants with search)
    pelican_rss_kib: int  # the Pelican process's own
    output: Path
    ok: bool
    log: str
    runs: int = 1
    all_seconds: tuple[float, ...] = ()  # every run's wall time, for the spread


def _run(command: list[str], cwd: Path, log) -> tuple[int, float, float, int]:
    """(exit code, wall s, cpu s, peak KiB of the largest process) of one command and its children."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT,
                             stdin=subprocess.DEVNULL, cwd=cwd)
    _, status, usage = os.wait4(child.pid, 0)
    return (os.waitstatus_to_exitcode(status), time.perf_counter() - start,
            usage.ru_utime + usage.ru_stime, usage.ru_maxrss)


def build(size: int, variant: Variant, corpus: Path, work: Path) -> Build:
    settings = work / f"settings-{variant.name}.py"
    settings.write_text(variant.settings, encoding="utf-8")
    output = work / f"out-{size}-{variant.name}"
    if output.exists():
        shutil.rmtree(output)
    peak_file = work / f"peak-{variant.name}"
    command = [sys.executable, str(HERE / "pelican_peak.py"), str(peak_file),
               str(corpus / variant.flavour), "-s", str(settings), "-o", str(output), "-q"]
    with tempfile.TemporaryFile() as log:
        code, seconds, cpu, peak = _run(command, work, log)
        if code == 0 and variant.name in SEARCH_AFTER:
            code, more_s, more_cpu, more_peak = _run(
                [_pagefind(), "--site", str(output), "--glob", ARTICLE_PAGES, "--silent"], work, log)
            seconds, cpu, peak = seconds + more_s, cpu + more_cpu, max(peak, more_peak)
        log.seek(0)
        text = log.read().decode("utf-8", "replace")
    ok = code == 0
    if ok and variant.search and not (output / "pagefind" / "pagefind-entry.json").is_file():
        ok, text = False, text + "\nno search index: OUTPUT/pagefind/pagefind-entry.json is missing"
    pelican_peak = int(peak_file.read_text()) if peak_file.is_file() else 0
    return Build(size, variant.name, seconds, cpu, peak, pelican_peak, output, ok, text)


# --- measurements: each takes every build and returns (title, header, rows) ---

Table = tuple[str, list[str], list[list[str]]]


def best_of(runs: list[Build]) -> Build:
    """One build standing for its repeats: the fastest time (wall and CPU), the highest peak memory."""
    fastest = min(runs, key=lambda b: b.seconds)
    failed = [b for b in runs if not b.ok]
    return Build(fastest.size, fastest.variant, fastest.seconds, min(b.cpu_seconds for b in runs),
                 max(b.max_rss_kib for b in runs), max(b.pelican_rss_kib for b in runs),
                 fastest.output, not failed, (failed or [fastest])[0].log, len(runs),
                 tuple(sorted(b.seconds for b in runs)))


def build_cost(builds: list[Build]) -> Table:
    """Wall and CPU time (fastest of the runs) and peak memory of every build. CPU
    time counts both cores: Pagefind indexes on the second one, in its own process."""
    rows = [[str(b.size), b.variant, f"{b.seconds:.2f}" if b.ok else "FAILED",
             "-".join(f"{s:.2f}" for s in (b.all_seconds[0], b.all_seconds[-1])) if b.ok else "-",
             f"{b.cpu_seconds:.2f}" if b.ok else "-", f"{b.pelican_rss_kib / 1024:.0f}",
             f"{b.max_rss_kib / 1024:.0f}", f"{1000 * b.seconds / b.size:.1f}" if b.ok else "-",
             str(b.runs)] for b in builds]
    return "Builds", ["posts", "variant", "wall s", "spread s", "cpu s", "pelican MiB",
                      "peak MiB (any process)", "ms/post", "runs"], rows


def ratios(builds: list[Build]) -> Table:
    """site / fair is the whole site against the fair baseline, search included (the
    target); site / no-diary is the diary plugin's cost; site / bare and fair / bare show
    what folder addresses and a search index cost any Pelican site. The CPU ratio is the
    work done, whichever core did it; memory is the Pelican process's own."""
    by = {(b.size, b.variant): b for b in builds if b.ok}
    rows = []
    for size in sorted({b.size for b in builds}):
        for num, den in (("site", "fair"), ("site", "no-diary"), ("site", "bare"), ("fair", "bare")):
            if (size, num) in by and (size, den) in by:
                a, b = by[size, num], by[size, den]
                rows.append([str(size), f"{num} / {den}", f"{a.seconds / b.seconds:.2f}",
                             f"{a.cpu_seconds / b.cpu_seconds:.2f}",
                             f"{a.pelican_rss_kib / b.pelican_rss_kib:.2f}" if b.pelican_rss_kib else "-"])
    return "Ratios", ["posts", "builds", "wall time", "cpu time", "pelican peak memory"], rows


TARGET_SITE_OVER_FAIR = 1.15
TARGET_PELICAN_PEAK_OVER_FAIR = 1.5


def targets(builds: list[Build]) -> Table:
    """The targets: the whole build, search index included, at most 1.15x the fair baseline
    in wall and in CPU time, and the Pelican process at most 1.5x the fair baseline's
    Pelican process in peak memory (Pagefind's process apart)."""
    by = {(b.size, b.variant): b for b in builds if b.ok}
    rows = []
    for size in sorted({b.size for b in builds}):
        site, fair = by.get((size, "site")), by.get((size, "fair"))
        if site is None or fair is None:
            continue
        wall, cpu = site.seconds / fair.seconds, site.cpu_seconds / fair.cpu_seconds
        memory = site.pelican_rss_kib / fair.pelican_rss_kib
        rows.append([str(size), f"{wall:.2f}", f"{cpu:.2f}",
                     "yes" if max(wall, cpu) <= TARGET_SITE_OVER_FAIR else "OVER",
                     f"{memory:.2f}", "yes" if memory <= TARGET_PELICAN_PEAK_OVER_FAIR else "OVER"])
    return ("Targets", ["posts", f"site / fair wall (<= {TARGET_SITE_OVER_FAIR})", "cpu", "met",
                        f"pelican peak / fair (<= {TARGET_PELICAN_PEAK_OVER_FAIR})", "met"], rows)

# --- the writer's loop: one post edited under `make devserver` ---

@dataclass(frozen=True)
class Rebuild:
    size: int
    page_s: tuple[float, ...]  # from the save to the post's page rewritten, one per edit
    site_s: tuple[float, ...]  # from the save to the whole build done, search index included


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rebuild_times(size: int, corpus: Path, work: Path, edits: int = 3) -> Rebuild:
    """Run the devserver (diary/plugin/preview.py) on a copy of the corpus, edit one post
    `edits` times, and time each edit until its page holds the new words and until the
    devserver says the build is done."""
    source = work / f"edit-{size}"
    if source.exists():
        shutil.rmtree(source)
    shutil.copytree(corpus / "yaml", source)
    output = work / f"out-{size}-devserver"
    settings = work / "settings-site.py"
    settings.write_text(SITE_SETTINGS, encoding="utf-8")
    log_path = work / f"devserver-{size}.log"
    post = sorted(source.rglob("*.md"))[size // 2]
    page = None
    page_s, site_s = [], []
    with open(log_path, "w", encoding="utf-8") as log:
        child = subprocess.Popen([sys.executable, "-m", "pelican.plugins.running_diary.plugin.preview", "--rebuild",
                                  "--port", str(free_port()), "--", str(source), "-o", str(output),
                                  "-s", str(settings)], stdout=log, stderr=subprocess.STDOUT,
                                 stdin=subprocess.DEVNULL, cwd=work)
        try:
            _wait_for(lambda: "Serving" in log_path.read_text(encoding="utf-8"), 600)
            slug = next(line.split(":", 1)[1].strip() for line in post.read_text().splitlines()
                        if line.lower().startswith("slug:"))
            page = next(output.rglob(f"{slug}/index.html"))
            original = post.read_text(encoding="utf-8")
            for edit in range(edits):
                builds = log_path.read_text(encoding="utf-8").count("Built in")
                words = f"Edited for the bench, time {edit}."
                start = time.perf_counter()
                post.write_text(original + f"\n{words}\n", encoding="utf-8")
                _wait_for(lambda: words in page.read_text(encoding="utf-8", errors="replace"), 120)
                page_s.append(time.perf_counter() - start)
                _wait_for(lambda: log_path.read_text(encoding="utf-8").count("Built in") > builds, 120)
                site_s.append(time.perf_counter() - start)
        finally:
            child.terminate()
            child.wait(timeout=30)
    return Rebuild(size, tuple(page_s), tuple(site_s))


def _wait_for(condition, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except OSError:  # a page being replaced just now
            pass
        time.sleep(0.005)
    raise TimeoutError("the devserver did not get there in time")


TARGET_PAGE_S = {1000: 1.0, 3000: 2.0}
TARGET_SITE_S = {3000: 10.0}


def rebuild_table(rebuilds: list[Rebuild]) -> Table:
    """One post edited under `make devserver`: seconds from the save until its page is
    rewritten (target 1 s at 1,000 posts, 2 s at 3,000) and until the whole site, search
    index included, is done (target 10 s at 3,000); median of the edits, and their range."""
    def cell(values):
        ordered = sorted(values)
        return f"{ordered[len(ordered) // 2]:.2f} ({ordered[0]:.2f}-{ordered[-1]:.2f})"

    rows = [[str(r.size), cell(r.page_s), f"{TARGET_PAGE_S.get(r.size, '-')}", cell(r.site_s),
             f"{TARGET_SITE_S.get(r.size, '-')}"] for r in rebuilds]
    return ("One post edited under make devserver", ["posts", "page s", "target", "whole site s",
                                                     "target"], rows)


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
    parser.add_argument("--edits", type=int, default=3,
                        help="edits of one post under the devserver per size (default 3; 0: none)")
    parser.add_argument("--corpora", type=Path, default=HERE / "corpora")
    parser.add_argument("--work", type=Path, default=HERE / "out",
                        help="settings files and build outputs (default bench/out)")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)

    builds, rebuilds = [], []
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
        if args.edits and "site" in args.variants:
            print(f"editing one post of {size} under the devserver", file=sys.stderr, flush=True)
            rebuilds.append(rebuild_times(size, corpus, args.work, args.edits))

    # Pagefind indexes on the second core: other work on the machine slows the site more than bare.
    print(f"Pelican {_pelican_version()}, Python {sys.version.split()[0]}, "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the end")
    for measure in MEASUREMENTS:
        print()
        print(render(measure(builds)))
    if rebuilds:
        print()
        print(render(rebuild_table(rebuilds)))
    return 0


def _pelican_version() -> str:
    from importlib.metadata import version  # noqa: PLC0415

    return version("pelican")


if __name__ == "__main__":
    sys.exit(main())
