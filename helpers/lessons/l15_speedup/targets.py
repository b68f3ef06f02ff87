"""Lesson 15's work (importable, so spawn can pickle it): CPU-bound Python that notes
when it was on a CPU, tasks that only wait, and the exercise's slow function.

How :func:`spin` knows when it ran: it does its work in small rounds (:data:`ROUND`
additions, a few microseconds) and looks at the clock after each.  Two looks further
apart than :data:`RESOLUTION` mean that it was taken off the CPU in between -- by the
system, for another process, or by the GIL, for another thread -- and a new burst
begins.  ``time.perf_counter()`` is one clock for every process of the machine, so the
bursts of different processes can be compared.
"""

from __future__ import annotations

import time

ROUND = 100  # additions between two looks at the clock (microseconds of work)
RESOLUTION = 0.00025  # s: a longer pause between two looks is time off the CPU
WAIT = 60.0  # s: the most a worker waits for the others to be ready (never, normally)


def spin(rounds: int) -> dict:
    """CPU-bound work, ``rounds`` rounds of pure-Python arithmetic; returns when it
    ran: ``bursts``, the (began, ended) stretches it spent on a CPU, and ``cpu``, the
    CPU time this thread used for it (``time.thread_time()``), which can never exceed
    the time it took, ``window``: the (began, ended) that the CPU time lies within."""
    bursts = []
    start = began = last = time.perf_counter()
    cpu = time.thread_time()
    total = 0
    for _ in range(rounds):
        for i in range(ROUND):
            total += i
        now = time.perf_counter()
        if now - last > RESOLUTION:
            bursts.append((began, last))
            began = now
        last = now
    cpu = time.thread_time() - cpu
    bursts.append((began, last))
    return {"bursts": bursts, "cpu": cpu, "window": (start, time.perf_counter())}


def spin_together(rounds: int, ready, results, index: int) -> None:
    """:func:`spin`, started once every worker is ready (``ready``: a Barrier, so that
    all begin together however late each was started); its result goes to
    ``results`` (a queue) as ``(index, result)``."""
    ready.wait(WAIT)
    results.put((index, spin(rounds)))


def wait_a_while(seconds: float) -> tuple[float, float]:
    """A task that only waits, as for a network reply: (began, ended)."""
    began = time.perf_counter()
    time.sleep(seconds)
    return began, time.perf_counter()


async def wait_a_while_async(seconds: float) -> tuple[float, float]:
    """:func:`wait_a_while` as a coroutine: ``await asyncio.sleep``."""
    import asyncio
    began = time.perf_counter()
    await asyncio.sleep(seconds)
    return began, time.perf_counter()


def add_one(n):
    """A tiny task: far less work than sending it to another process."""
    return n + 1


def size_of(data) -> int:
    """A task whose argument is the work: ``data`` must be pickled to reach it."""
    return len(data)


def type_name(thing) -> str:
    """A task that only looks at what it was given: the name of its type."""
    return type(thing).__name__


SLOW_LOOPS = 2_500_000  # additions in one slow() call: about a tenth of a second


def slow(n: int) -> int:
    """The exercise's slow function: CPU-bound pure Python, a number from ``n``."""
    total = 0
    for i in range(SLOW_LOOPS):
        total += (i * n) % 7
    return total
