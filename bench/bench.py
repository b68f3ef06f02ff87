"""Benchmarks of the timeline machinery (``make bench``).  Prints figures and goals.

- recorder overhead per event in a child: one ``print()`` line becomes one event;
  goal <= 20 us median;
- recorder overhead per lock event in a child: ``with lock:`` writes three (the wait,
  the got, the release); the median cost of a recorded ``with lock:`` less that of the
  bare semaphore, over three; goal <= 20 us;
- recorder overhead per message, in a child: a recorded ``send``+``recv`` (``put``+``get``)
  writes two events and tags the message; the median recorded send plus the median
  receive, less the same unrecorded (``quietly``: the hooks pass the call through), for
  a ``Pipe``, a ``SimpleQueue`` and a ``Queue``; goal <= 20 us;
- messages per second through a ``Pipe``, a ``SimpleQueue`` and a ``Queue`` to a child,
  side by side (lesson 12's measurement, unrecorded), and one 1 MB message against
  10,000 of 100 bytes;
- a recorded cell that moved 10,000 messages: its picture and summary; goal <= 1 s;
- the recorder's cost per call through a ``Manager``'s proxy;
- recorder overhead per task event, in a child: a pool worker's task get and result
  put through its watched queues write two events; against the bare queues; goal
  <= 20 us;
- ``Pool.map`` and ``ProcessPoolExecutor.map`` per item by chunksize (1, 10, 100) for a
  trivial task, and 50 tiny tasks with a ``Process`` each against a ``Pool`` of 4
  (lesson 14's measurements);
- CPU-bound work one after the other, on 2 threads and on 2 processes, and the speed-up
  of 1 to cores + 2 processes sharing one job (lesson 15's measurements, on an idle
  machine: the speed-up depends on free cores, so a figure, not a goal);
- reads a second of shared state through a ``Manager`` proxy, a ``Value`` and a
  shared-memory NumPy array, side by side, and 8 MB to a child through a ``Pipe``, in
  shared memory and in its arguments under fork and spawn (lesson 13's measurement);
- timestamp accuracy: gaps between a child's events against the sleeps that made
  them, and the delay between a parent's event and a child's reaction to it
  (clocks of different processes agree); goal within 2 ms;
- time from kernel start to the first timeline of lesson 01; goal <= 5 s;
- a timeline of 5 children drawn and saved as a notebook stores it, and its bytes;
  goal <= 1 s;
- the echo server of lesson 07 against ``socketserver.ForkingTCPServer``
  (``bench/echo_bench.py``).

Figures are measured, never asserted: a slow machine prints a MISS, not a failure.
"""

from __future__ import annotations

import multiprocessing
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import echo_bench

from helpers import began, record
from helpers.families.hooks import quietly
from helpers.lessons.l12_queues_pipes import speed
from helpers.lessons.l13_shared_state import costs as shared_costs
from helpers.lessons.l14_pools import speed as pool_speed
from helpers.lessons.l15_speedup import measure as speedup
from helpers.recorder import START_METHODS
from helpers.view.drawing import png_bytes

ROOT = Path(__file__).resolve().parent.parent
METHODS = START_METHODS
EVENTS = 2000
SLEEPS = (0.05, 0.1, 0.2, 0.5)


def print_many(n):
    """Child: time each of ``n`` recorded print() calls; print the median in ns."""
    costs = []
    for i in range(n):
        t = time.perf_counter_ns()
        print(i)
        costs.append(time.perf_counter_ns() - t)
    print(f"median_ns {statistics.median(costs)}")


def lock_many(lock, n):
    """Child: time ``n`` recorded ``with lock:`` and ``n`` bare ones (the semaphore
    itself, which no hook sees); print both medians in ns."""
    recorded, bare = [], []
    for _ in range(n):
        t = time.perf_counter_ns()
        with lock:
            pass
        recorded.append(time.perf_counter_ns() - t)
        t = time.perf_counter_ns()
        lock._semlock.acquire()
        lock._semlock.release()
        bare.append(time.perf_counter_ns() - t)
    print(f"median_ns {statistics.median(recorded)} {statistics.median(bare)}")


BATCH = 200  # messages sent before they are received: within a pipe's buffer


def message_many(kind, n):
    """Child: send ``n`` messages through a new ``kind`` in batches, then receive them,
    timing each call, recorded and not; print the medians of a recorded send plus
    receive and of an unrecorded one, in ns.  Each call is timed alone -- a round trip
    through a ``Queue`` in one process would time its feeder thread's wake-ups, which
    vary by more than the recorder costs."""
    if kind == "Pipe":
        receiving, sending = multiprocessing.Pipe(duplex=False)
        send, receive = sending.send, receiving.recv
    else:
        q = getattr(multiprocessing, kind)()
        send, receive = q.put, q.get
    times = {True: ([], []), False: ([], [])}  # recorded: (sends, receives)
    def one_batch(sends, receives):
        for i in range(BATCH):
            t = time.perf_counter_ns()
            send(i)
            sends.append(time.perf_counter_ns() - t)
        for _ in range(BATCH):
            t = time.perf_counter_ns()
            receive()
            receives.append(time.perf_counter_ns() - t)

    for batch in range(n // BATCH):
        recorded = batch % 2 == 0
        if recorded:
            one_batch(*times[True])
        else:
            quietly(one_batch, *times[False])
    cost = {r: statistics.median(s) + statistics.median(g) for r, (s, g) in times.items()}
    print(f"median_ns {cost[True]} {cost[False]}")


def task_many(n):
    """Child: ``n`` tasks through a pool worker's watched queues (:class:`TaskQueue`) and
    ``n`` through the bare ones, in batches taking turns, each get and put timed alone;
    print the medians of a watched get plus put and of a bare one, in ns."""
    from helpers.families.tasks import TaskQueue
    inbox, outbox = multiprocessing.SimpleQueue(), multiprocessing.SimpleQueue()
    watched = {True: (TaskQueue(inbox, "Pool-1"), TaskQueue(outbox, "Pool-1")),
               False: (inbox, outbox)}
    times = {True: ([], []), False: ([], [])}  # watched: (gets, puts)
    # (quietly: the bare queues' own calls are no learner's messages)
    quietly(_task_batches, n, inbox, outbox, watched, times)
    cost = {r: statistics.median(g) + statistics.median(p) for r, (g, p) in times.items()}
    print(f"median_ns {cost[True]} {cost[False]}")


def _task_batches(n, inbox, outbox, watched, times):
    """task_many's batches, watched and bare taking turns."""
    for batch in range(n // BATCH):
        recorded = batch % 2 == 0
        (source, sink), (gets, puts) = watched[recorded], times[recorded]
        for i in range(BATCH):
            inbox.put((batch, i, abs, (-i,), {}))
        for _ in range(BATCH):
            t = time.perf_counter_ns()
            job, index, func, args, _ = source.get()
            gets.append(time.perf_counter_ns() - t)
            result = (job, index, (True, func(*args)))
            t = time.perf_counter_ns()
            sink.put(result)
            puts.append(time.perf_counter_ns() - t)
        for _ in range(BATCH):
            outbox.get()


def send_many(q, n):
    """Child: put ``n`` small items into ``q``."""
    for i in range(n):
        q.put(i)


def sleep_between_prints(sleeps):
    """Child: print before and after each known sleep."""
    for seconds in sleeps:
        print(f"before {seconds}")
        time.sleep(seconds)
        print(f"after {seconds}")


def pong(conn, rounds):
    """Child: print as soon as each of the parent's pings arrives."""
    for i in range(rounds):
        conn.recv()
        print(f"pong {i}")


def overhead_us(method):
    ctx = multiprocessing.get_context(method)
    with open(os.devnull, "w") as devnull, _quiet(devnull), record(show=False) as run:
        p = ctx.Process(target=print_many, args=(EVENTS,))
        p.start()
        p.join()
    last = run.children[0].prints[-1].text
    return float(last.split()[1]) / 1000


def lock_overhead_us(method):
    """Per event: a recorded ``with lock:`` writes 3 events."""
    ctx = multiprocessing.get_context(method)
    lock = ctx.Lock()
    with open(os.devnull, "w") as devnull, _quiet(devnull), record(show=False) as run:
        p = ctx.Process(target=lock_many, args=(lock, EVENTS))
        p.start()
        p.join()
    recorded, bare = map(float, run.children[0].prints[-1].text.split()[1:])
    return (recorded - bare) / 3 / 1000


def message_overhead_us(method, kind):
    """Per message: a recorded send and receive against unrecorded ones, in one child."""
    ctx = multiprocessing.get_context(method)
    with open(os.devnull, "w") as devnull, _quiet(devnull), record(show=False) as run:
        p = ctx.Process(target=message_many, args=(kind, 10 * EVENTS))
        p.start()
        p.join()
    recorded, bare = map(float, run.children[0].prints[-1].text.split()[1:])
    return (recorded - bare) / 1000


def task_overhead_us(method):
    """Per task event: a task's get and put through a worker's watched queues write two
    events (its beginning and its end); against the bare queues, in one child."""
    ctx = multiprocessing.get_context(method)
    with open(os.devnull, "w") as devnull, _quiet(devnull), record(show=False) as run:
        p = ctx.Process(target=task_many, args=(10 * EVENTS,))
        p.start()
        p.join()
    recorded, bare = map(float, run.children[0].prints[-1].text.split()[1:])
    return (recorded - bare) / 2 / 1000


def manager_call_overhead_us(batch=200, rounds=30):
    """Per call through a Manager's proxy, in this process: recorded calls against the
    same calls unrecorded (``quietly``: the hook passes them through), in batches taking
    turns inside one recording; the median of each (a round trip varies by more than
    the hook costs)."""
    from multiprocessing.managers import SyncManager

    def per_call(d) -> float:
        t = time.perf_counter()
        for _ in range(batch):
            d["x"]
        return (time.perf_counter() - t) / batch

    recorded, bare = [], []
    with SyncManager(shutdown_timeout=60) as manager, record(show=False):
        d = manager.dict(x=1)
        for _ in range(rounds):
            recorded.append(per_call(d))
            bare.append(quietly(per_call, d))
    return (statistics.median(recorded) - statistics.median(bare)) * 1e6


def many_messages_drawn_s(count=10_000):
    """Seconds to draw and summarise a recorded run in which a child put ``count`` items
    that the recording process got."""
    with record(show=False) as run:
        q = multiprocessing.Queue()
        p = multiprocessing.Process(target=send_many, args=(q, count))
        p.start()
        for _ in range(count):
            q.get(timeout=60)
        p.join()
    t = time.perf_counter()
    png_bytes(run.figure())
    run.summary()
    return time.perf_counter() - t


def timeline_png(children=5):
    """Seconds to draw lesson 02's picture of ``children`` children that each print a
    few lines (laid out, its labels placed apart) and save it as a notebook stores it,
    and the PNG's bytes (issue #18: twice the pixels, in a palette)."""
    with record(show=False) as run:
        ps = [multiprocessing.Process(target=print_many, args=(3,)) for _ in range(children)]
        for p in ps:
            p.start()
        for p in ps:
            p.join()
    t = time.perf_counter()
    png = png_bytes(run.figure())
    return time.perf_counter() - t, len(png)


def accuracy_ms(method):
    """Largest error of a recorded gap against its sleep, and the smallest and median
    delay from a parent's recorded ping to the child's recorded pong (a negative
    one would mean the two processes' clocks disagree)."""
    ctx = multiprocessing.get_context(method)
    rounds = 50
    with open(os.devnull, "w") as devnull, _quiet(devnull), record(show=False) as run:
        p = ctx.Process(target=sleep_between_prints, args=(SLEEPS,))
        p.start()
        p.join()
        mine, theirs = ctx.Pipe()
        q = ctx.Process(target=pong, args=(theirs, rounds))
        q.start()
        began(q, timeout=60)  # else the first pings wait for the child's start-up
        for i in range(rounds):
            time.sleep(0.01)
            print(f"ping {i}")
            mine.send(i)
        q.join()
    prints = run.children[0].prints
    errors = [abs((prints[2 * i + 1].t - prints[2 * i].t) - s) for i, s in enumerate(SLEEPS)]
    pings = [x.t for x in run.lanes[0].prints if x.text.startswith("ping")]
    delays = [pong.t - ping for ping, pong in zip(pings, run.children[1].prints, strict=True)]
    return max(errors) * 1000, min(delays) * 1000, statistics.median(delays) * 1000


class _quiet:
    """Send this process's stdout to ``stream`` (the relay writes where stdout was)."""

    def __init__(self, stream):
        self.stream = stream

    def __enter__(self):
        self.saved, sys.stdout = sys.stdout, self.stream

    def __exit__(self, *exc):
        sys.stdout = self.saved


def first_timeline_s(method):
    """Start a kernel, run lesson 01's cells until the first timeline picture arrives."""
    import nbformat
    from jupyter_client.manager import start_new_kernel

    nb = nbformat.read(ROOT / "notebooks" / "01_start.ipynb", as_version=4)
    env = dict(os.environ, WORKBOOK_START_METHOD=method)
    t0 = time.perf_counter()
    km, kc = start_new_kernel(kernel_name="python3", cwd=str(ROOT / "notebooks"), env=env,
                              stderr=subprocess.DEVNULL)
    try:
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            msg_id = kc.execute(cell.source)
            while True:
                msg = kc.get_iopub_msg(timeout=60)
                if msg["parent_header"].get("msg_id") != msg_id:
                    continue
                if "image/png" in msg["content"].get("data", {}):
                    return time.perf_counter() - t0
                if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                    break
        raise RuntimeError("lesson 01 drew no timeline")
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def verdict(value, goal):
    return "ok  " if value <= goal else "MISS"


def main():
    print(f"{'figure':<52} {'value':>9}  goal")
    for method in METHODS:
        us = overhead_us(method)
        print(f"{verdict(us, 20)} recorder overhead per event, {method:<10} {us:>9.1f} us  <= 20")
    for method in METHODS:
        us = lock_overhead_us(method)
        print(f"{verdict(us, 20)} recorder overhead per lock event, {method:<10}"
              f" {us:>4.1f} us  <= 20")
    for method in METHODS:
        for kind in speed.KINDS:
            us = message_overhead_us(method, kind)
            print(f"{verdict(us, 20)} recorder overhead per message, {kind:<11} {method:<10}"
                  f" {us:>4.1f} us  <= 20")
    figures = speed.measure()
    for kind, rate in figures["per second"].items():
        print(f"{'':5}messages of {speed.SMALL} B a second to a child, {kind:<11}"
              f" {rate:>9,.0f}")
    print(f"{'':5}one 1 MB message vs 10,000 of 100 B, through a Pipe"
          f"   {figures['big'] * 1000:>6.1f} ms vs {figures['small'] * 1000:.1f} ms")
    for method in METHODS:
        us = task_overhead_us(method)
        print(f"{verdict(us, 20)} recorder overhead per task event, {method:<10}"
              f" {us:>4.1f} us  <= 20")
    pool_figures = pool_speed.per_item()
    for kind, sizes in pool_figures.items():
        for size, seconds in sizes.items():
            print(f"{'':5}{kind} per item, chunksize={size:<4} {'':<8}"
                  f" {seconds * 1e6:>9.1f} us")
    totals = pool_speed.processes_vs_pool()
    for way, seconds in totals.items():
        print(f"{'':5}50 tiny tasks, {way:<30} {seconds * 1000:>9.1f} ms")
    for race in speedup.gil_races():
        print(f"{'':5}2 workers' CPU-bound work, {race.how:<25} {race.elapsed * 1000:>9.1f} ms")
    races = speedup.speedups()
    for n, race in races.items():
        print(f"{'':5}speed-up of {n} processes sharing one job ({speedup.usable_cores()} cores)"
              f"  {races[1].elapsed / race.elapsed:>5.2f} x")
    us = manager_call_overhead_us()
    print(f"{verdict(us, 20)} recorder overhead per call through a Manager proxy"
          f"        {us:>4.1f} us  <= 20")
    shared = shared_costs.measure()
    for kind, rate in shared["reads"].items():
        print(f"{'':5}reads a second of shared state, {kind:<20} {rate:>12,.0f}")
    for way, seconds in shared["move"].items():
        print(f"{'':5}8 MB to a child, {way:<27} {seconds * 1000:>9.2f} ms")
    for method, seconds in shared["start"].items():
        print(f"{'':5}1 byte to a child, argument, {method:<15} {seconds * 1000:>9.2f} ms")
    s, size = timeline_png()
    print(f"{verdict(s, 1)} a timeline of 5 children drawn, as PNG ({size / 1000:.0f} kB)"
          f"  {s:>9.2f} s   <= 1")
    s = many_messages_drawn_s()
    print(f"{verdict(s, 1)} picture and summary of 10,000 recorded messages  {s:>9.2f} s   <= 1")
    for method in METHODS:
        err, least, median = accuracy_ms(method)
        print(f"{verdict(err, 2)} timestamp error vs sleeps, {method:<10}   {err:>9.2f} ms  <= 2")
        print(f"{verdict(-least, 0)} parent ping -> child pong, least, {method:<10}"
              f"{least:>9.3f} ms  >= 0")
        print(f"{'':5}parent ping -> child pong, median, {method:<10}{median:>8.3f} ms")
    for method in METHODS:
        s = first_timeline_s(method)
        print(f"{verdict(s, 5)} kernel start -> first timeline, {method:<10}  {s:>9.2f} s   <= 5")
    echo_bench.main(verdict)


if __name__ == "__main__":
    main()
