"""Children that a check or a measurement starts for itself, never left running.

A lesson's own cells show their joins; the processes behind an exercise's check or a
measurement are the helpers' to end: each is joined within a bound and killed past
it, also when the caller fails or is interrupted, so that a check can never hang a
cell or leave a process behind.
"""

from __future__ import annotations

import time
from contextlib import contextmanager

WAIT = 60.0  # s: the most a check waits for its children (never, normally)
GRACE = 1.0  # s: what children get to end after their caller failed or was interrupted


def end_all(processes, wait: float = WAIT) -> None:
    """Leave none of ``processes`` running: those started are joined, ``wait`` s at
    most in all, and what is still alive then is killed (and reaped)."""
    started = [p for p in processes if p.pid is not None]
    deadline = time.monotonic() + wait
    try:
        for p in started:
            p.join(max(0.0, deadline - time.monotonic()))
    finally:  # also when the join is interrupted: none is left running
        for p in started:
            if p.exitcode is None:
                p.kill()
                p.join()


@contextmanager
def running(*processes, wait: float = WAIT):
    """Start ``processes`` and yield them; at the end of the block they are ended
    (:func:`end_all`): given ``wait`` s if the block ended normally, ``GRACE`` s if
    it raised or was interrupted."""
    try:
        for p in processes:
            p.start()
        yield processes
    except BaseException:
        end_all(processes, GRACE)
        raise
    end_all(processes, wait)


def run_all(*processes, wait: float = WAIT) -> None:
    """Start ``processes`` and wait for them to end, ``wait`` s at most (:func:`running`)."""
    with running(*processes, wait=wait):
        pass
