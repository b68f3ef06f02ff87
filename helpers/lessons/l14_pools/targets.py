"""Lesson 14's tasks: what a pool's workers run (importable, so spawn can pickle them).

The gates: a pool's worker cannot get a ``multiprocessing.Event`` as a task's argument
(it would be pickled with the task, and a synchronisation object travels only by
inheritance), so :func:`share_gate`, given as the pool's ``initializer``, hands each
worker the parent's event as it starts; the tasks then wait on it or set it.
"""

import os
import time
from multiprocessing import Pool

WAIT = 30.0  # s: the most a task waits for a gate (never, normally)
_gate = None  # this worker's gate, from share_gate()


def add_one(n):
    """The article series' tiny task: far less work than starting a process."""
    return n + 1


def square(x):
    return x * x


def work(x):
    """A task that takes a while (0.1 s), as real work does."""
    time.sleep(0.1)
    return x * x


def fail_on(x, bad):
    """``x`` back, unless it is ``bad``: then a ValueError."""
    if x == bad:
        raise ValueError(f"{x} is bad")
    return x


def kill_my_worker():
    """The worker running this task dies of SIGKILL in it, as when the kernel's
    out-of-memory killer picks it."""
    import signal
    os.kill(os.getpid(), signal.SIGKILL)
    time.sleep(WAIT)  # (never reached)


def share_gate(gate):
    """The pool's ``initializer``: keep the parent's ``gate`` (an Event) in this worker."""
    global _gate
    _gate = gate


def open_gate_and_sleep(seconds):
    """Say that the task began (set the gate), then work ``seconds``."""
    _gate.set()
    time.sleep(seconds)
    return seconds


def late_or_early(word):
    """``'late'`` comes back once the gate is open (``WAIT`` s at most: the parent opens
    it), anything else at once."""
    if word == "late" and not _gate.wait(WAIT):
        return "late (gave up waiting at the gate)"
    return word


def pool_inside():
    """A task that makes a pool of its own: a pool's workers are daemons."""
    with Pool(2) as inner:
        return inner.map(square, [1, 2])


def numbers_after_first(gate, wait):
    """Items 1 and 2; before the second, say whether a task had run by then -- whether
    the pool sent item 1 before it had taken all the items (``gate``: the pool's gate,
    which :func:`open_gate_and_square` opens; waited ``wait`` s at most)."""
    yield 1
    print("a task had run before the second item was taken:", gate.wait(wait))
    yield 2


def open_gate_and_square(x):
    """Open the gate (say that a task ran), and square ``x``."""
    _gate.set()
    return x * x

