"""XML attacks on watch files are refused with one line, fast, and read nothing secret:
a "billion laughs" in GPX and TCX, and an external entity naming /etc/passwd."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # the import in a process of its own, its memory measured: `make test`, not test-fast

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
DIARY = Path(sys.executable).with_name("diary")


@pytest.mark.parametrize("name, says", [
    ("laughs.tcx", "not a valid TCX file (ParseError: limit on input amplification factor"),
    ("laughs.gpx", "not a valid GPX file (GPXXMLSyntaxException: Error parsing XML: limit on input amplification"),
    ("xxe.tcx", "not a valid TCX file (ParseError: undefined entity &xxe;"),
])
def test_an_xml_attack_is_refused(tmp_path, name, says):
    (tmp_path / "content").mkdir()
    start = time.perf_counter()
    # Through a small wrapper whose only child is the import: its RUSAGE_CHILDREN is that
    # child's own peak memory, not that of every process this test run started.
    result = subprocess.run([sys.executable, "-c", PEAK, str(DIARY), "import", str(FIXTURES / name),
                             "--content", str(tmp_path / "content"), "--dry-run"],
                            capture_output=True, text=True, timeout=60, cwd=tmp_path)
    err, _, peak = result.stderr.rpartition("peak_kib=")
    assert result.returncode == 2
    assert says in err
    assert "root:" not in result.stdout + err  # nothing of /etc/passwd
    assert time.perf_counter() - start < 10
    assert int(peak) < 300 * 1024  # KiB: well under 300 MiB


PEAK = ("import resource, subprocess, sys; code = subprocess.run(sys.argv[1:]).returncode; "
        "print(f'peak_kib={resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}', file=sys.stderr); "
        "sys.exit(code)")
