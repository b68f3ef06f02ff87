"""Lesson 15's measurements: CPU-bound work one after the other, on threads and on
processes (when each worker was on a CPU, and for how long); the speed-up as processes
grow past the cores; what a task, a start and a big argument cost; tasks that only wait,
on threads, asyncio and processes.

Nothing here is recorded (the recorder would add its own cost).  The figures are this
machine's, at this moment: a lesson draws them (:mod:`.draw`) and prints only what holds
on any machine with two cores or more, however busy -- which workers were on a CPU at the
same moment, never how fast.
"""

from __future__ import annotations

import asyncio
import os
import queue
import threading
import time
import timeit
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing import Barrier, Pool, Process, Queue

from ...families.base import most_overlapping
from ..children import running
from . import targets

WAIT = 60.0  # s: the most a measurement waits for a worker (never, normally)
AT_ONCE = 0.002  # s: workers on a CPU at the same moment for longer than this, in all,
#                  ran "at once"; less is the edges of the bursts (see together())


def usable_cores() -> int:
    """The CPUs this process may run on (``os.cpu_count()`` counts the machine's)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # (not on macOS or Windows)
        return os.cpu_count() or 1


def rounds_for(seconds: float) -> int:
    """How many rounds of :func:`~.targets.spin` take about ``seconds`` here, now."""
    took = targets.spin(2000)
    return max(1, round(seconds / (took["window"][1] - took["window"][0]) * 2000))


@dataclass
class Race:
    """How some workers ran :func:`~.targets.spin`: ``how`` they ran ('one after the
    other', '2 threads', '2 processes'), and what each worker's spin returned."""

    how: str
    workers: list[dict]

    @property
    def began(self) -> float:
        return min(w["window"][0] for w in self.workers)

    @property
    def ended(self) -> float:
        return max(w["window"][1] for w in self.workers)

    @property
    def elapsed(self) -> float:
        """Seconds from the first worker's start to the last one's end."""
        return self.ended - self.began

    def together(self) -> float:
        """Seconds that two workers were on a CPU at the same moment, added up over
        every pair.  A burst's ends are known to :data:`~.targets.RESOLUTION`, so two
        threads that take turns may seem to overlap for that long where one of them
        begins or ends; the GIL keeps them from overlapping anywhere else."""
        bursts = [w["bursts"] for w in self.workers]
        return sum(overlap(a, b) for i, a in enumerate(bursts) for b in bursts[i + 1:])

    def ran_at_once(self) -> bool:
        """Were two workers on a CPU at the same moment (for more than :data:`AT_ONCE`
        in all)?"""
        return self.together() > AT_ONCE

    def cores_used(self) -> float:
        """CPU time of all the workers per second of the race: how many cores were busy
        with it, on average."""
        return sum(w["cpu"] for w in self.workers) / self.elapsed

    def kept_apart(self, cores: int) -> bool:
        """Workers that the CPUs had room for side by side (at most ``cores``), but that
        were on a CPU together for less than half of the shortest one's computing: the
        machine was busy with other work, which took the cores it lent them.  (Threads
        are kept apart by the GIL, not by the machine: not asked of them.)"""
        if len(self.workers) < 2 or len(self.workers) > cores:
            return False
        shortest = min(sum(e - b for b, e in w["bursts"]) for w in self.workers)
        pairs = len(self.workers) * (len(self.workers) - 1) / 2
        return self.together() < 0.5 * shortest * pairs

    def within_cores(self, cores: int) -> bool:
        """The law that makes speed-up stop at the cores: the workers' CPU time, added
        up, is at most ``cores`` times the race's time."""
        return sum(w["cpu"] for w in self.workers) <= cores * self.elapsed


def overlap(a: list[tuple[float, float]], b: list[tuple[float, float]]) -> float:
    """Seconds that two sorted lists of (began, ended) stretches overlap."""
    total, i, j = 0.0, 0, 0
    while i < len(a) and j < len(b):
        total += max(0.0, min(a[i][1], b[j][1]) - max(a[i][0], b[j][0]))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return total


def one_after_the_other(workers: int, rounds: int) -> Race:
    return Race("one after the other", [targets.spin(rounds) for _ in range(workers)])


def on_threads(workers: int, rounds: int) -> Race:
    """``workers`` threads of this process, each spinning ``rounds`` once all are ready
    (daemon threads: a measurement that fails cannot keep the kernel from exiting)."""
    ready, results = threading.Barrier(workers), queue.Queue()
    threads = [threading.Thread(target=targets.spin_together, args=(rounds, ready, results, i),
                                daemon=True)
               for i in range(workers)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + WAIT
    found = dict(results.get(timeout=max(0.0, deadline - time.monotonic())) for _ in threads)
    for t in threads:
        t.join(max(0.0, deadline - time.monotonic()))
    return Race(f"{workers} threads", [found[i] for i in range(workers)])


def on_processes(workers: int, rounds: int) -> Race:
    """``workers`` processes, each spinning ``rounds`` once all are started (a Barrier:
    however slowly each starts, they begin together)."""
    ready, results = Barrier(workers), Queue()
    processes = [Process(target=targets.spin_together, args=(rounds, ready, results, i))
                 for i in range(workers)]
    deadline = time.monotonic() + WAIT
    with running(*processes):  # (the results are got before the joins: lesson 12)
        found = dict(results.get(timeout=max(0.0, deadline - time.monotonic()))
                     for _ in processes)
    label = f"{workers} process" + ("es" if workers > 1 else "")
    return Race(label, [found[i] for i in range(workers)])


def gil_races(workers: int = 2, seconds: float = 0.25) -> list[Race]:
    """The same CPU-bound work (``seconds`` a worker, here, alone) by ``workers``
    workers: one after the other, on threads, on processes."""
    rounds = rounds_for(seconds)
    return [one_after_the_other(workers, rounds), on_threads(workers, rounds),
            on_processes(workers, rounds)]


def speedups(most: int | None = None, seconds: float = 0.4, tries: int = 2) -> dict[int, Race]:
    """The same work (``seconds`` of it, here, on one process) split between 1, 2 ...
    ``most`` processes (default: two more than :func:`usable_cores`, at most 10); for
    each number, the fastest of ``tries`` races (as ``timeit`` keeps the best: a slower
    one met other work on the machine)."""
    most = most or min(usable_cores() + 2, 10)
    rounds = rounds_for(seconds)
    return {n: min((on_processes(n, rounds // n) for _ in range(tries)),
                   key=lambda race: race.elapsed)
            for n in range(1, most + 1)}


def costs(items: int = 200) -> dict[str, float]:
    """Seconds each: a call of a tiny function here (the best of five loops of 20,000, as
    ``timeit`` keeps its best: a loop that met other work is slower); the same call as
    a task of a started one-worker ``Pool``, there and back (``items`` of them); a list
    of a million numbers sent to a started worker as a task's argument; a ``Process``
    started and joined."""
    calls = 20_000
    found = {"a call here": min(timeit.repeat(lambda: targets.add_one(1), number=calls,
                                              repeat=5)) / calls}
    with Pool(1) as pool:
        pool.apply_async(targets.add_one, (0,)).get(WAIT)  # (started, and warmed up)
        t = time.perf_counter()
        for i in range(items):
            pool.apply_async(targets.add_one, (i,)).get(WAIT)
        found["a task to a started Pool"] = (time.perf_counter() - t) / items
        numbers = list(range(1_000_000))
        t = time.perf_counter()
        pool.apply_async(targets.size_of, (numbers,)).get(WAIT)
        found["a million numbers to a worker"] = time.perf_counter() - t
    starts = 5
    t = time.perf_counter()
    for _ in range(starts):
        with running(Process(target=targets.add_one, args=(0,))):
            pass
    found["a Process started and joined"] = (time.perf_counter() - t) / starts
    return found


def waiting(tasks: int = 10, seconds: float = 0.1) -> dict[str, tuple[float, list]]:
    """``tasks`` tasks that each wait ``seconds`` (:func:`~.targets.wait_a_while`): one
    after the other, on as many threads, as asyncio tasks, and on a ``Pool`` of as many
    processes (its start included).  For each: (seconds it took, each task's
    (began, ended))."""
    found = {}
    t = time.perf_counter()
    spans = [targets.wait_a_while(seconds) for _ in range(tasks)]
    found["one after the other"] = (time.perf_counter() - t, spans)
    t = time.perf_counter()
    with ThreadPoolExecutor(tasks) as executor:
        spans = list(executor.map(targets.wait_a_while, [seconds] * tasks, timeout=WAIT))
    found[f"{tasks} threads"] = (time.perf_counter() - t, spans)
    t = time.perf_counter()
    spans = _in_new_event_loop(_gathered(tasks, seconds))
    found[f"{tasks} asyncio tasks"] = (time.perf_counter() - t, spans)
    t = time.perf_counter()
    with Pool(tasks) as pool:
        spans = pool.map_async(targets.wait_a_while, [seconds] * tasks, chunksize=1).get(WAIT)
    found[f"a Pool of {tasks} processes"] = (time.perf_counter() - t, spans)
    return found


def most_at_once(spans: list[tuple[float, float]]) -> int:
    """The most of ``spans`` that went on at the same moment."""
    return most_overlapping(spans)


async def _gathered(tasks: int, seconds: float) -> list:
    return await asyncio.gather(*[targets.wait_a_while_async(seconds) for _ in range(tasks)])


def _in_new_event_loop(coroutine):
    """``asyncio.run(coroutine)`` in a thread of its own: a notebook's kernel already
    runs an event loop in this one, and ``asyncio.run`` refuses to start a second."""
    box: dict = {}

    def run():
        try:
            box["result"] = asyncio.run(coroutine)
        except BaseException as error:  # (raised again in the caller's thread)
            box["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(WAIT)
    if "error" in box:
        raise box["error"]
    if "result" not in box:
        raise TimeoutError(f"the event loop did not finish in {WAIT} s")
    return box["result"]
