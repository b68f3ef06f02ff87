"""Lesson 15's third way to compute side by side, from Python 3.14: a pool of
interpreters in one process (``concurrent.futures.InterpreterPoolExecutor``, PEP 734),
measured beside a pool of threads and one of processes -- what a start, a task and a
CPU-bound job cost, and what each kind of worker can be given.

On a Python before 3.14 there is no interpreter pool: the figures then have the other
two, and the lesson's picture says so.  Nothing here is recorded; the figures are
drawn, not printed (:mod:`.draw`).  Parent side."""

from __future__ import annotations

import concurrent.futures
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

from . import targets

WAIT = 60.0  # s: the most a measurement waits for a worker (never, normally)
TINY = 20  # tiny tasks timed, one after the other


def has_interpreters() -> bool:
    """Whether this Python has ``InterpreterPoolExecutor`` (3.14 and later)."""
    return hasattr(concurrent.futures, "InterpreterPoolExecutor")


def executors() -> dict[str, type]:
    """The kinds of pool this Python has, by the name of their workers."""
    kinds = {"threads": ThreadPoolExecutor}
    if has_interpreters():
        kinds["interpreters"] = concurrent.futures.InterpreterPoolExecutor
    kinds["processes"] = ProcessPoolExecutor
    return kinds


def pools_compared(workers: int = 2, tasks: int = 4) -> dict[str, dict[str, float]]:
    """Seconds, for a pool of ``workers`` of each kind: to the first task's result (the
    pool's start included); for ``tasks`` calls of :func:`~.targets.slow` (CPU-bound,
    a tenth of a second each) mapped on it; for one tiny task once it runs."""
    found = {}
    for kind, make in executors().items():
        began = time.perf_counter()
        with make(workers) as executor:
            executor.submit(targets.add_one, 0).result(WAIT)
            first = time.perf_counter() - began
            began = time.perf_counter()
            list(executor.map(targets.slow, range(tasks), timeout=WAIT))
            slow = time.perf_counter() - began
            began = time.perf_counter()
            for n in range(TINY):
                executor.submit(targets.add_one, n).result(WAIT)
            tiny = (time.perf_counter() - began) / TINY
        found[kind] = {"the first task (a start)": first, f"{tasks} slow() calls": slow,
                       "a tiny task": tiny}
    return found


def what_each_takes() -> dict[str, dict[str, str]]:
    """For each kind of pool: what became of a task given a lambda to run, or given as
    its argument bytes, an open file, a lock -- ``'ran'``, or the name of the error its
    future raised."""
    with open(os.devnull) as file:
        given = {"a lambda to run": (lambda thing: type(thing).__name__, b"abc"),
                 "bytes": (targets.type_name, b"abc"),
                 "an open file": (targets.type_name, file),
                 "a lock": (targets.type_name, threading.Lock())}
        found = {}
        for kind, make in executors().items():
            with make(1) as executor:
                found[kind] = {what: _outcome(executor.submit(fn, arg))
                               for what, (fn, arg) in given.items()}
    return found


def _outcome(future) -> str:
    error = future.exception(WAIT)
    return "ran" if error is None else type(error).__name__
