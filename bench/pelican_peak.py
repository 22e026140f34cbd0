"""Run Pelican and write its own process's peak memory (KiB) to a file.

    python bench/pelican_peak.py PEAK_FILE PELICAN_ARGS...

getrusage(RUSAGE_SELF) counts this process alone, not the Pagefind process the
search plugin starts: the bench reports the two peaks apart.
"""

import resource
import sys

from pelican import main

peak_file, sys.argv = sys.argv[1], ["pelican", *sys.argv[2:]]
try:
    main()
finally:
    with open(peak_file, "w", encoding="utf-8") as f:
        f.write(str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))
