"""The `diary` command against hostile and extreme input: the CLI rows of the issue's table.

| input                                   | what the command does                                  |
|-----------------------------------------|--------------------------------------------------------|
| FIT with HR 254 and distance 0.01 m     | both left out of the entry, a line each; the rest kept |
| FIT whose figures leave nothing to log  | refused with a line; nothing imported (exit 2)         |
| GPX stamped 9999-12-31 (or 1899)        | refused with a line; nothing imported (exit 2)         |
| .gpx.gz expanding to 10 GiB / 300 MB    | refused once 200 MB is passed (or at once, from the    |
|                                         | gzip trailer), in bounded time and memory              |
| a 10 GiB (sparse) .gpx                  | refused from its size, never read                      |
| .fit symlink to /dev/zero               | refused before it is opened                            |
| FIFO named x.gpx                        | refused before it is opened: never hangs               |
| a folder named x.tcx                    | refused                                                |
| chmod 444 post                          | refused with a sentence, exit 1; not replaced, not     |
|                                         | chmodded                                               |
| symlinked post                          | its target edited; the symlink stays a symlink         |
| kill -9 during the write                | the post is old or new; the leftover .NAME.*.tmp is    |
|                                         | ignored by `diary check` and removed by the next import|
| SIGTERM, or an error, during the write  | no temporary file outlives the command                 |
| 4 concurrent imports into one post      | all entries there: the post is locked while it changes |
"""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

from pelican.plugins.running_diary.cli import main as cli
from pelican.plugins.running_diary.ingest import watch_files
from pelican.plugins.running_diary.core import frontmatter

from tests.hostile.conftest import (DIARY, POST_TEXT, fit_run, gpx_at, gzip_of_zeros, leftovers,
                                    starts)


def run(capsys, *argv):
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def training(path: Path) -> list[dict]:
    return frontmatter.load(frontmatter.split(path.read_text()).front_matter)["training"]


def diary(*argv, timeout: float = 60, **kwargs) -> subprocess.CompletedProcess:
    """The command in a process of its own; a hang fails the test, it does not stall it."""
    return subprocess.run([*DIARY, *argv], capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL, **kwargs)


# --- out-of-range figures: checked by the log format's own readers -------------------------

def test_fit_hr_254_and_distance_of_a_centimetre_are_left_out(hills_post, capsys):
    Path("hr254.fit").write_bytes(fit_run(20, distance_m=0.01, avg_hr=254))
    status, out, err = run(capsys, "import", "hr254.fit", "--post", str(hills_post))
    assert status == 0, err
    entry = training(hills_post)[-1]
    assert entry == {"date": "2024-04-20", "activity": "run", "time": "0:30:00",
                     "start": "2024-04-20T07:00:00"}
    assert "hr254.fit: hr 254 left out of the entry: must be from 25 to 250" in err
    assert "hr254.fit: distance 0.01 m (written 0.00 km) left out of the entry:" in err
    assert "254" not in hills_post.read_text() and "0.00 km" not in hills_post.read_text()
    assert run(capsys, "check", str(hills_post))[0] == 0


@pytest.mark.parametrize("figures,field,words", [
    ({"timer_s": 30 * 86400}, "time", "must be at most 7 days"),
    ({"distance_m": 1_500_000}, "distance", "must be at most 1,000 km"),
    ({"total_ascent": 30_000}, "elevation", "must be at most 20,000 m"),
    ({"avg_hr": 20}, "hr", "must be from 25 to 250"),
])
def test_every_bound_of_the_format_applies_to_imports(hills_post, capsys, figures, field, words):
    Path("odd.fit").write_bytes(fit_run(20, **figures))
    status, out, err = run(capsys, "import", "odd.fit", "--post", str(hills_post))
    assert status == 0, err
    assert field not in training(hills_post)[-1]
    assert f"odd.fit: {field} " in err and words in err
    assert run(capsys, "check", str(hills_post))[0] == 0


def test_an_activity_with_nothing_left_to_log_is_refused(hills_post, capsys):
    Path("nothing.fit").write_bytes(fit_run(20, distance_m=0.01, timer_s=0))
    Path("good.fit").write_bytes(fit_run(21))
    before = hills_post.read_bytes()
    status, out, err = run(capsys, "import", "good.fit", "nothing.fit", "--post", str(hills_post))
    assert status == 2
    assert "nothing.fit: not logged: distance: a run needs a distance or a time; refused" in err
    assert "nothing imported: 1 file of 2" in err
    assert hills_post.read_bytes() == before


def test_an_activity_faster_than_a_world_record_is_refused_as_the_build_would(hills_post, capsys):
    # 10 km in 65 s (a 0:06 /km run): the build's rule refuses it, so the import does too.
    Path("glitch.fit").write_bytes(fit_run(20, distance_m=10_000.0, timer_s=65.0))
    Path("good.fit").write_bytes(fit_run(21))
    before = hills_post.read_bytes()
    status, out, err = run(capsys, "import", "good.fit", "glitch.fit", "--post", str(hills_post))
    assert status == 2
    assert ("glitch.fit: not logged: time: time 0:01:05 is read as 1 min 5 s, a 0:06 /km 10 km, "
            "faster than the world record (10 km in 26:11)") in " ".join(err.split())
    assert hills_post.read_bytes() == before


@pytest.mark.parametrize("start", [datetime(9999, 12, 31, 23, 0, tzinfo=timezone.utc),
                                   datetime(1899, 12, 31, 8, 0, tzinfo=timezone.utc)])
def test_an_activity_dated_outside_1900_to_2100_is_refused(hills_post, capsys, start):
    Path("far.gpx").write_bytes(gpx_at(start))
    Path("good.fit").write_bytes(fit_run(21))
    before = hills_post.read_bytes()
    status, out, err = run(capsys, "import", "far.gpx", "good.fit", "--post", str(hills_post))
    assert status == 2
    assert (f"far.gpx: activity dated {start:%Y-%m-%d} (start {start:%Y-%m-%dT%H:%M:%S} UTC): "
            "the diary takes dates from 1900-01-01 to 2100-12-31; refused") in err
    assert hills_post.read_bytes() == before
    assert "Traceback" not in err


def test_a_start_past_year_9999_in_local_time_is_refused_not_a_traceback(empty_site_folder, capsys):
    # 23:59 UTC on 9999-12-31 is already year 10000 in Paris: no datetime can hold it.
    conf = Path("pelicanconf.py")
    conf.write_text(conf.read_text().replace('"Europe/London"', '"Europe/Paris"'))
    Path("far.gpx").write_bytes(gpx_at(datetime(9999, 12, 31, 23, 49, tzinfo=timezone.utc), 5))
    status, out, err = run(capsys, "import", "far.gpx", "--new")
    assert status == 2 and "far.gpx: activity dated 9999-12-31" in err and "refused" in err
    assert list(Path("content").rglob("*.md")) == []


# --- files that are not what they say: refused before they are opened ----------------------

@pytest.fixture(scope="module")
def bombs(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bombs")
    made = {
        # 160 gzip members of 64 MiB of zeros each: 10 GiB once expanded, 10 MB on disk.
        "10gib.gpx.gz": gzip_of_zeros(10 << 30, member=64 << 20),
        # One member of 300 MB: its trailer says so.
        "300mb.gpx.gz": gzip_of_zeros(300 << 20, member=300 << 20),
    }
    for name, data in made.items():
        (folder / name).write_bytes(data)
    return {name: folder / name for name in made}


# Runs the command as its child and prints the child's peak memory (MB) on stdout's last line.
MEASURED = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], stdin=subprocess.DEVNULL, capture_output=True, text=True)
sys.stderr.write(done.stderr)
used = resource.getrusage(resource.RUSAGE_CHILDREN)
print(used.ru_maxrss / 1024, used.ru_utime + used.ru_stime)
sys.exit(done.returncode)
"""


def measured(*argv, timeout: float = 120) -> tuple[subprocess.CompletedProcess, float, float]:
    """The command's result, its peak resident memory in MB and the CPU seconds it used
    (not wall time, which a busy machine stretches)."""
    done = subprocess.run([sys.executable, "-c", MEASURED, *DIARY, *argv], capture_output=True,
                          text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    peak_mb, cpu_s = map(float, done.stdout.split()[-2:])
    return done, peak_mb, cpu_s


@pytest.mark.slow
@pytest.mark.parametrize("name", ["10gib.gpx.gz", "300mb.gpx.gz"])
def test_a_gzip_bomb_is_refused_in_bounded_time_and_memory(hills_post, bombs, name):
    assert bombs[name].stat().st_size < 11 << 20
    before = hills_post.read_bytes()
    done, peak_mb, cpu_s = measured("import", str(bombs[name]), "--post", str(hills_post))
    assert done.returncode == 2, done.stderr
    assert (f"{bombs[name]}: a gzip file that expands to more than 200 MB: not an activity a "
            "watch records (a decompression bomb?); refused") in done.stderr
    assert hills_post.read_bytes() == before
    assert cpu_s < 10  # about 0.8 s for the 10 GiB one, 0.1 s when the trailer tells
    assert peak_mb < 400  # at most the 200 MB cap is ever held
    print(f"{name}: refused in {cpu_s:.2f} s of CPU, peak {peak_mb:.0f} MB")


@pytest.mark.slow
def test_the_cap_is_checked_while_reading_not_only_from_the_trailer(tmp_path, bombs):
    # The same 300 MB stream with a trailer that lies (says 1 KB): refused by the count.
    raw = bombs["300mb.gpx.gz"].read_bytes()
    liar = tmp_path / "liar.gpx.gz"
    liar.write_bytes(raw[:-4] + (1024).to_bytes(4, "little"))
    with pytest.raises(watch_files.ActivityFileError, match="expands to more than 200 MB"):
        watch_files.read(liar)
    with pytest.raises(watch_files.ActivityFileError, match="expands to more than 1 MB"):
        watch_files.read_bounded(liar, compressed=True, limit=1 << 20)


def test_a_small_gzip_still_reads(tmp_path):
    import gzip

    path = tmp_path / "run.fit.gz"
    path.write_bytes(gzip.compress(fit_run(20)))
    [act] = watch_files.read(path)
    assert act.distance_m == 5000 and act.avg_hr == 150


@pytest.mark.slow
def test_a_huge_plain_file_is_refused_from_its_size_unread(hills_post, tmp_path):
    huge = tmp_path / "huge.gpx"
    with open(huge, "wb") as f:
        f.truncate(10 << 30)  # sparse: 10 GiB that take no disk
    done, peak_mb, cpu_s = measured("import", str(huge), "--post", str(hills_post))
    assert done.returncode == 2
    assert f"{huge}: larger than 200 MB: not an activity a watch records; not read" in done.stderr
    assert peak_mb < 100


@pytest.mark.slow
def test_a_fit_symlink_to_dev_zero_is_refused_unopened(hills_post, tmp_path):
    link = tmp_path / "zero.fit"
    link.symlink_to("/dev/zero")
    done = diary("import", str(link), "--post", str(hills_post), timeout=30)
    assert done.returncode == 2
    assert f"{link}: is a device, not a file; not read" in done.stderr


@pytest.mark.slow
def test_a_fifo_named_gpx_never_hangs(hills_post, tmp_path):
    fifo = tmp_path / "x.gpx"
    os.mkfifo(fifo)
    done = diary("import", str(fifo), "--post", str(hills_post), timeout=30)  # a hang fails here
    assert done.returncode == 2
    assert f"{fifo}: is a named pipe (FIFO), not a file; not read" in done.stderr


def test_a_fifo_swapped_in_after_the_check_does_not_hang_either(tmp_path, monkeypatch):
    # The race: stat() saw a file, open() meets a pipe. Opened without blocking, refused on fstat.
    fifo = tmp_path / "x.gpx"
    os.mkfifo(fifo)
    real_stat = os.stat
    monkeypatch.setattr(watch_files.os, "stat",
                        lambda p, *a, **k: real_stat(__file__) if Path(p) == fifo else real_stat(p, *a, **k))
    with pytest.raises(watch_files.ActivityFileError, match="named pipe"):
        watch_files.read(fifo)


def test_a_folder_named_tcx_is_refused(hills_post, capsys):
    Path("x.tcx").mkdir()
    status, out, err = run(capsys, "import", "x.tcx", "--post", str(hills_post))
    assert status == 2 and "x.tcx: is a folder, not a file" in err


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_a_post_that_is_not_a_regular_file_is_refused(empty_site_folder, capsys, kind):
    Path("good.fit").write_bytes(fit_run(20))
    bad = Path("content/bad.md")
    os.mkfifo(bad) if kind == "fifo" else bad.symlink_to("/dev/zero")
    status, out, err = run(capsys, "import", "good.fit", "--post", str(bad))
    assert status == 2 and f"{bad}: is not a regular file" in err


# --- the post: read-only, symlinked ---------------------------------------------------------

def test_a_read_only_post_is_refused_and_left_alone(hills_post, capsys):
    Path("good.fit").write_bytes(fit_run(20))
    hills_post.chmod(0o444)
    before, inode = hills_post.read_bytes(), hills_post.stat().st_ino
    status, out, err = run(capsys, "import", "good.fit", "--post", str(hills_post))
    assert status == 1
    assert err.strip() == (f"diary: {hills_post}: the post is read-only; it is left as it is (make it "
                           "writable, for example with chmod u+w, to import into it)")
    assert hills_post.read_bytes() == before
    assert hills_post.stat().st_ino == inode and hills_post.stat().st_mode & 0o777 == 0o444
    assert leftovers(hills_post.parent) == []
    # A dry run writes nothing, so it may look.
    assert run(capsys, "import", "good.fit", "--post", str(hills_post), "--dry-run")[0] == 0


def test_a_symlinked_post_has_its_target_edited_and_stays_a_link(empty_site_folder, capsys, tmp_path):
    elsewhere = tmp_path / "drafts"
    elsewhere.mkdir()
    real = elsewhere / "real.md"
    real.write_text(POST_TEXT)
    real.chmod(0o640)
    link = Path("content/linked.md")
    link.symlink_to(real)
    Path("good.fit").write_bytes(fit_run(20))
    status, out, err = run(capsys, "import", "good.fit", "--post", str(link))
    assert status == 0, err
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.stat().st_mode & 0o777 == 0o640
    assert starts(real) == ["2024-04-20T07:00:00"]
    assert real.read_text().startswith(POST_TEXT.split("category:")[0])
    assert leftovers(link.parent) == [] and leftovers(elsewhere) == []


# --- interruptions: the temporary file never outlives the command ------------------------------

# Runs the command with its first fsync (the temporary file's) stalled, so a test can
# interrupt it mid-write. argv: READY_FLAG diary-args...
STALLED = """
import os, sys, time
from pelican.plugins.running_diary.cli import main
def stall(fd):
    open(sys.argv[1], "w").close()
    time.sleep(60)
os.fsync = stall
sys.exit(main.main(sys.argv[2:]))
"""


def start_stalled(hills_post: Path, flag: Path, activity: str) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", STALLED, str(flag), "import", activity,
                             "--post", str(hills_post)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    deadline = time.monotonic() + 60  # a busy machine is slow, not wrong
    while not flag.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the import never reached its write"
        time.sleep(0.02)
    return proc


@pytest.mark.slow
def test_sigterm_during_the_write_leaves_no_temporary_file(hills_post, tmp_path):
    Path("good.fit").write_bytes(fit_run(20))
    before = hills_post.read_bytes()
    proc = start_stalled(hills_post, tmp_path / "ready", "good.fit")
    assert len(leftovers(hills_post.parent)) == 1  # mid-write: the temporary file is there
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signal.SIGTERM, err
    assert "diary: stopped by SIGTERM; nothing was half-written" in err
    assert leftovers(hills_post.parent) == []
    assert hills_post.read_bytes() == before


def test_an_error_during_the_write_leaves_no_temporary_file(hills_post, capsys, monkeypatch):
    import errno

    Path("good.fit").write_bytes(fit_run(20))
    before = hills_post.read_bytes()

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    status, out, err = run(capsys, "import", "good.fit", "--post", str(hills_post))
    assert status == 2
    assert "cannot be written: No space left on device; the post is unchanged" in err
    assert leftovers(hills_post.parent) == [] and hills_post.read_bytes() == before


@pytest.mark.slow
def test_kill_9_leftover_is_ignored_then_cleared_by_the_next_import(hills_post, tmp_path, capsys):
    Path("good.fit").write_bytes(fit_run(20))
    before = hills_post.read_bytes()
    proc = start_stalled(hills_post, tmp_path / "ready", "good.fit")
    proc.kill()  # SIGKILL: nothing runs, the temporary file stays
    proc.communicate(timeout=60)
    [left] = leftovers(hills_post.parent)
    assert left.startswith(f".{hills_post.name}.") and left.endswith(".tmp")
    assert hills_post.read_bytes() == before  # old or new, never a mix: old
    (hills_post.parent / left).write_text("---\ntraining: [{time: 45:72}]\n---\n")  # junk it could hold
    # `diary check` reads posts (*.md), not it, and neither does the build.
    status, out, err = run(capsys, "check")
    assert status == 0 and "1 post checked: 0 errors, 0 warnings" in err and left not in out
    # The next import of that post removes it (the post's lock says no one is writing it).
    status, out, err = run(capsys, "import", "good.fit", "--post", str(hills_post))
    assert status == 0, err
    assert f"removed {left} beside {hills_post}: a temporary file an interrupted import left" in err
    assert leftovers(hills_post.parent) == []
    assert starts(hills_post) == ["2024-04-20T07:00:00"]


@pytest.mark.slow
def test_sigterm_while_waiting_for_the_lock_writes_nothing(hills_post):
    Path("good.fit").write_bytes(fit_run(20))
    before = hills_post.read_bytes()
    with open(hills_post, "rb") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # another command is changing the post
        proc = subprocess.Popen([*DIARY, "import", "good.fit", "--post", str(hills_post)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line, deadline = "", time.monotonic() + 60
        while "waiting for another diary command" not in line:
            line = proc.stderr.readline()
            assert line or proc.poll() is None, "the import ended without waiting"
            assert time.monotonic() < deadline
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signal.SIGTERM, err
    assert hills_post.read_bytes() == before and leftovers(hills_post.parent) == []


# Runs the command with every file read slowly (in the pool's workers too: they are forked
# from this process), touching READY_FLAG once a file is being read. argv: READY_FLAG diary-args...
SLOW_READS = """
import sys, time
from pathlib import Path
from pelican.plugins.running_diary.cli import main
from pelican.plugins.running_diary.ingest import watch_files
read = watch_files.read_file
def slow(path):
    Path(sys.argv[1]).touch()
    time.sleep(0.05)
    return read(path)
watch_files.read_file = slow
sys.exit(main.main(sys.argv[2:]))
"""
# The same with the files handed out slowly instead: past the first batches the workers
# have read what they were given and wait, idle, for more.
SLOW_HANDING_OUT = """
import sys, time
from pathlib import Path
from pelican.plugins.running_diary.cli import main
from pelican.plugins.running_diary.ingest import sources
given = sources._payload_or_error
count = [0]
def slow(source, then):
    count[0] += 1
    if count[0] > 20:
        Path(sys.argv[1]).touch()
        time.sleep(0.05)
    return given(source, then)
sources._payload_or_error = slow
sys.exit(main.main(sys.argv[2:]))
"""


def start_pooled_import(tmp_path: Path, script: str, **popen) -> subprocess.Popen:
    """`diary import` of 80 GPX files (a pool's work) under ``script``, once it is reading."""
    folder = Path("watch")
    folder.mkdir()
    for n in range(80):
        (folder / f"{n}.gpx").write_bytes(gpx_at(datetime(2024, 4, 1 + n % 28, 6 + n // 28,
                                                          tzinfo=timezone.utc)))
    flag = tmp_path / "reading"
    proc = subprocess.Popen([sys.executable, "-c", script, str(flag), "import", str(folder)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen)
    deadline = time.monotonic() + 60
    while not flag.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the import never started reading"
        time.sleep(0.02)
    time.sleep(0.2)  # well into it
    return proc


@pytest.mark.slow
@pytest.mark.parametrize("workers", ["reading", "idle"])
@pytest.mark.parametrize("signum,line", [
    (signal.SIGINT, "diary: interrupted; nothing was half-written"),
    (signal.SIGTERM, "diary: stopped by SIGTERM; nothing was half-written"),
])
def test_ctrl_c_or_sigterm_during_a_pooled_import_says_one_line(empty_site_folder, tmp_path, signum, line,
                                                                 workers):
    """Sent to the whole process group (as a terminal sends Ctrl-C, or a service manager
    stops a job) while the workers read an export or wait for more: the parent's one
    line, no worker's traceback, nothing written, and no worker left running."""
    proc = start_pooled_import(tmp_path, SLOW_READS if workers == "reading" else SLOW_HANDING_OUT,
                               start_new_session=True)
    os.killpg(proc.pid, signum)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signum, err
    assert err.strip().splitlines() == [line], err
    assert list(Path("content").rglob("*.md")) == []
    deadline = time.monotonic() + 10
    while True:  # the group is empty once every worker has gone
        try:
            os.killpg(proc.pid, 0)
        except ProcessLookupError:
            break
        assert time.monotonic() < deadline, "a worker outlived the import"
        time.sleep(0.05)


@pytest.mark.slow
def test_a_worker_killed_mid_import_is_one_line_and_nothing_written(empty_site_folder, tmp_path):
    """The out-of-memory killer takes a worker: the import says so in one line (exit 1),
    writes nothing, and the other workers end quietly (the pool sends them SIGTERM)."""
    proc = start_pooled_import(tmp_path, SLOW_READS)
    [worker, *_] = children(proc.pid)
    os.kill(worker, signal.SIGKILL)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 1, err
    assert err.strip().splitlines() == [
        "diary: a process reading the files was stopped before it had read them all (killed "
        "by the system, out of memory?); nothing was imported: run the import again"], err
    assert list(Path("content").rglob("*.md")) == []


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid``, from /proc."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone since the listing
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return sorted(found)


# --- concurrent imports: nothing lost -----------------------------------------------------------

@pytest.mark.slow
def test_concurrent_imports_into_one_post_lose_nothing(hills_post):
    names = []
    for n in range(4):
        name = f"run{n}.fit"
        Path(name).write_bytes(fit_run(20 + n))
        names.append(name)
    procs = [subprocess.Popen([*DIARY, "import", name, "--post", str(hills_post)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for name in names]
    results = [(p.wait(timeout=60), p.stderr.read()) for p in procs]
    for p in procs:
        p.stdout.close()
        p.stderr.close()
    assert all(status == 0 for status, _ in results), results
    assert sorted(starts(hills_post)) == [f"2024-04-{20 + n}T07:00:00" for n in range(4)]
    assert len(training(hills_post)) == 5  # the entry that was there, and the four
    assert hills_post.read_text().endswith("category: Training\n---\n\nThe body.\n")
    assert leftovers(hills_post.parent) == []


@pytest.mark.slow
def test_the_same_activity_imported_twice_at_once_is_logged_once(hills_post):
    Path("good.fit").write_bytes(fit_run(20))
    procs = [subprocess.Popen([*DIARY, "import", "good.fit", "--post", str(hills_post)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
             for _ in range(3)]
    errs = [p.communicate(timeout=60)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], errs
    assert starts(hills_post) == ["2024-04-20T07:00:00"]
