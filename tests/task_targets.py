"""Tasks for tests/families/test_tasks.py (importable, so spawn can pickle them)."""

import os
import signal
import time


def square(x):
    return x * x


def square_after(x, seconds):
    time.sleep(seconds)
    return x * x


def fail_on(x, bad):
    """``x`` back, unless it is ``bad``: then a ValueError."""
    if x == bad:
        raise ValueError(f"{x} is bad")
    return x


def add(a, b=0):
    return a + b


def kill_my_worker():
    """The worker running this task dies of SIGKILL in it (as the OOM killer does)."""
    os.kill(os.getpid(), signal.SIGKILL)
    time.sleep(30)  # (never reached)


class Unsayable:
    """An argument whose repr() raises: the recorder must not kill the worker over it."""

    def __repr__(self):
        raise RuntimeError("no repr")


def sleep_for(seconds):
    time.sleep(seconds)
    return seconds
