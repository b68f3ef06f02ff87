"""What the operating system says about a process, asked from outside.  Lesson 08.

``multiprocessing`` tells you what *it* knows -- ``is_alive()``, ``exitcode`` -- and
asking it changes things: both reap a child that has exited (so do
``active_children()`` and starting a new Process).  psutil reads the process table
instead (``/proc`` on Linux) and reaps nothing, so it can show the states that
multiprocessing hides: a terminated child that nobody joined yet is a *zombie*; the
child of a terminated process is *adopted* by another one and keeps running.

:func:`alive_after_terminate` measures the race of ``is_alive()`` right after
``terminate()``: a lesson cannot store one such answer (it changes from run to run),
but it can store what most of several tries said.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from multiprocessing import Process

import psutil

from ..arguments import need_callable, need_int, need_process, need_seconds

GONE = "gone"  # no such process any more: it exited and its parent reaped it


def status(proc: psutil.Process) -> str:
    """``proc``'s state now, in psutil's words (``'running'``, ``'sleeping'``,
    ``'zombie'``, ...), or ``'gone'``.  Safe against a reused pid: psutil checks the
    process's creation time."""
    need_process(proc)
    try:
        if proc.is_running():
            return proc.status()
    except psutil.NoSuchProcess:
        pass
    return GONE


def running(proc: psutil.Process) -> bool:
    """Is ``proc`` still running (neither a zombie nor gone)?"""
    return status(proc) not in ("zombie", GONE)


def wait_for_status(proc: psutil.Process, wanted: str | Iterable[str],
                    timeout: float = 5.0, interval: float = 0.01) -> str:
    """Look at ``proc`` every ``interval`` s until its :func:`status` is one of
    ``wanted`` or ``timeout`` s have passed; return the last status seen.  Looking
    reaps nothing, so a zombie stays a zombie."""
    need_process(proc)
    if not isinstance(wanted, str) and not (
            isinstance(wanted, Iterable) and all(isinstance(w, str) for w in wanted)):
        raise TypeError(f"wanted must be a status such as 'zombie', or several in a tuple, "
                        f"not {wanted!r}")
    need_seconds(timeout, "timeout")
    need_seconds(interval, "interval", zero=False)
    wanted = {wanted} if isinstance(wanted, str) else set(wanted)
    deadline = time.monotonic() + timeout
    while (seen := status(proc)) not in wanted and time.monotonic() < deadline:
        time.sleep(interval)
    return seen


def has_ended(proc: psutil.Process, timeout: float = 5.0) -> bool:
    """Wait up to ``timeout`` s for ``proc`` to stop running: it is a zombie (dead,
    waiting for its parent to reap it) or gone."""
    return wait_for_status(proc, ("zombie", GONE), timeout) in ("zombie", GONE)


def alive_after_terminate(tries: int = 10,
                          then: Callable[[Process], object] | None = None) -> int:
    """In how many of ``tries`` children did ``is_alive()`` still say True when asked
    right after ``terminate()`` -- or after ``then(p)``, if given (a sleep, a join)?

    Each child would sleep 10 s; it is started, terminated at once, asked, and
    joined before the next one starts, so none is left behind.
    """
    need_int(tries, "tries", minimum=1)
    if then is not None:
        need_callable(then, "then", "a function of the process (or None)")
    alive = 0
    for _ in range(tries):
        p = Process(target=time.sleep, args=(10,))
        p.start()
        try:
            p.terminate()
            if then is not None:
                then(p)
            alive += p.is_alive()
        finally:
            p.join()  # terminated above: this returns at once
    return alive
