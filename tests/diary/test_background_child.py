"""background.Child: a forked child streaming results; whatever it does, the
parent learns only 'no more messages' and 'did it finish', and never hangs."""

from __future__ import annotations

import os
import time

import pytest

from diary import background

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this system")


def messages(child) -> list:
    received = []
    while (message := child.receive()) is not None:
        received.append(message)
    return received


def test_a_child_streams_its_messages_in_order_and_finishes():
    def work(send):
        for n in range(500):
            send(("post", n, "x" * 4000))  # more than a pipe holds: the child waits for us

    child = background.Child.start(work)
    assert [m[1] for m in messages(child)] == list(range(500))
    assert child.finish() is True


def test_a_child_that_fails_midway_stops_the_stream_and_does_not_finish():
    def work(send):
        send("first")
        raise RuntimeError("broken")

    child = background.Child.start(work)
    assert messages(child) == ["first"]
    assert child.finish() is False


def test_a_stalled_child_is_stopped(monkeypatch):
    monkeypatch.setattr(background, "STALL_SECONDS", 0.5)

    def work(send):
        send("first")
        time.sleep(3600)

    child = background.Child.start(work)
    started = time.monotonic()
    assert messages(child) == ["first"]
    assert child.finish() is False
    assert time.monotonic() - started < 30


def test_the_child_never_runs_the_parents_exit_code(tmp_path):
    # os._exit: no atexit handlers, no flushing of the parent's buffers twice.
    marker = tmp_path / "ran"

    def work(send):
        import atexit

        atexit.register(marker.write_text, "yes")
        send("done")

    child = background.Child.start(work)
    assert messages(child) == ["done"]
    assert child.finish() is True
    assert not marker.exists()
