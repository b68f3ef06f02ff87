"""What Python 3.14 added to ``ProcessPoolExecutor``, for the Pythons before it, so that
lesson 14's cells do the same on every version: ``terminate_workers()`` and
``kill_workers()``, and ``map(..., buffersize=)``.

A cell calls the real method where ``sys.version_info >= (3, 14)`` and these otherwise;
each does what CPython 3.14's does (``concurrent/futures/process.py``,
``concurrent/futures/_base.py``).  Parent side.  Lesson 14."""

from __future__ import annotations

import collections
import itertools


def terminate_workers(executor) -> None:
    """``executor.terminate_workers()`` before 3.14: no more tasks, the ones not yet
    handed out cancelled, and SIGTERM to every worker still running (their tasks' futures
    then raise ``BrokenProcessPool``).  There is no public way to reach the workers
    before 3.14: this reads the executor's own ``_processes``, as 3.14's method does."""
    _stop_workers(executor, "terminate")


def kill_workers(executor) -> None:
    """``executor.kill_workers()`` before 3.14: as :func:`terminate_workers`, with
    SIGKILL."""
    _stop_workers(executor, "kill")


def _stop_workers(executor, how: str) -> None:
    workers = dict(executor._processes or {})  # shutdown() forgets them: copied first
    executor.shutdown(wait=False, cancel_futures=True)
    for worker in workers.values():
        try:
            if worker.is_alive():
                getattr(worker, how)()
        except ValueError:  # closed: it had ended
            continue


def map_buffered(executor, fn, iterable, buffersize: int):
    """``executor.map(fn, iterable, buffersize=buffersize)`` before 3.14: at most
    ``buffersize`` tasks are handed out before their results are taken; each result
    taken hands out one more item.  ``map`` without it takes the whole iterable first
    (an endless one, for ever)."""
    if not isinstance(buffersize, int):  # (3.14's own checks and words)
        raise TypeError("buffersize must be an integer or None")
    if buffersize < 1:
        raise ValueError("buffersize must be None or > 0")
    items = iter(iterable)
    futures = collections.deque(executor.submit(fn, item)
                                for item in itertools.islice(items, buffersize))

    def results():
        try:
            while futures:
                for item in itertools.islice(items, 1):  # one more, if there is one
                    futures.append(executor.submit(fn, item))
                yield futures.popleft().result()
        finally:
            for future in futures:
                future.cancel()

    return results()
