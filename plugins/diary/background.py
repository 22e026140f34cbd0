"""Work for the second core: a forked child that streams its results back.

Pelican renders on one core; the machines that build a diary (a laptop, a CI
runner) have two or more. The diary plugin gives its own work (reading the
logs, laying out each post's tables, summing up the site, writing its pages
and data) to a child process, which sends results in the order the build
wants them. No Pelican here: the plugin says what the work is.

Whatever goes wrong in the child, the parent is only told that the stream
stopped early (`receive` gives None) or that the child failed (`finish` gives
False), and does the rest itself, so the site is the same either way.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import warnings
from collections.abc import Callable
from multiprocessing import Pipe

STALL_SECONDS = 60  # a child silent this long is stuck: stop it and do the rest here


class Child:
    def __init__(self, pid: int, pipe):
        self.pid = pid
        self._pipe = pipe
        self._stalled = False

    @classmethod
    def start(cls, work: Callable[[Callable[[object], None]], None]) -> Child | None:
        """Fork a child that runs `work(send)`; None where the system cannot fork."""
        if not hasattr(os, "fork"):
            return None
        receiving, sending = Pipe(duplex=False)
        sys.stdout.flush()
        sys.stderr.flush()
        with warnings.catch_warnings():
            # Python 3.12+ warns of forking beside a thread (Pelican's progress spinner).
            # The child cannot deadlock on a lock that thread held: it never logs or
            # prints, only renders, sends and writes files, and leaves by os._exit.
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
        if pid == 0:
            status = 1
            try:
                logging.disable(logging.CRITICAL)
                receiving.close()
                work(sending.send)
                sending.close()
                status = 0
            finally:
                os._exit(status)  # noqa: B012 - never the parent's exit code; it reports
        sending.close()
        return cls(pid, receiving)

    def receive(self):
        """The child's next message; None once it has stopped sending, for
        whatever reason (done, failed, or stalled: then it is stopped)."""
        if self._pipe is None:
            return None
        try:
            if not self._pipe.poll(STALL_SECONDS):
                self._stalled = True
                raise EOFError
            return self._pipe.recv()
        except (EOFError, OSError):
            self._pipe.close()
            self._pipe = None
            return None

    def finish(self) -> bool:
        """Wait for the child to exit; True if it did all its work."""
        if self._pipe is not None:
            self._pipe.close()
            self._pipe = None
        if self._stalled:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        _, status = os.waitpid(self.pid, 0)
        return not self._stalled and os.waitstatus_to_exitcode(status) == 0
