"""Lesson 14's measurements: a ``Process`` per task against a ``Pool``; what
``chunksize`` does to the time a ``map`` takes per item, with ``Pool.map`` and
``ProcessPoolExecutor.map`` side by side; and lesson 07's echo server, a ``Process`` per
connection, against the same server with a pool of workers started once.

Nothing here is recorded (the recorder would add its own cost to every task), and
the figures are this machine's: a lesson prints only comparisons that hold anywhere
-- by a wide margin -- and draws the numbers (:func:`draw`).
"""

from __future__ import annotations

import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import Pool, Process

from ...families.base import LABEL_SIZE
from ...tools.echo_server import EchoServer, echo
from ..children import run_all
from . import targets

CHUNKSIZES = (1, 10, 100)
ITEMS = 5000  # items in each timed map


def processes_vs_pool(tasks: int = 50, workers: int = 4) -> dict[str, float]:
    """Seconds to run ``tasks`` tiny tasks (:func:`~.targets.add_one`) with one
    ``Process`` each, started together then joined, and with a ``Pool`` of
    ``workers`` (its start and end included)."""
    t0 = time.perf_counter()
    run_all(*[Process(target=targets.add_one, args=(i,)) for i in range(tasks)])
    t1 = time.perf_counter()
    with Pool(workers) as pool:
        pool.map(targets.add_one, range(tasks))
    return {"a Process per task": t1 - t0, f"a Pool of {workers}": time.perf_counter() - t1}


def per_item(workers: int = 2, items: int = ITEMS) -> dict[str, dict[int, float]]:
    """Seconds per item of a ``map`` of :func:`~.targets.add_one` over ``items`` numbers,
    for each chunksize of :data:`CHUNKSIZES`, through a ``Pool`` and a
    ``ProcessPoolExecutor`` of ``workers``; each pool is started, and has run a first
    few tasks, before the clock starts, so that the tasks are timed, not the starts."""
    found: dict[str, dict[int, float]] = {"Pool.map": {}, "ProcessPoolExecutor.map": {}}
    with Pool(workers) as pool:
        pool.map(targets.add_one, range(workers * 2), chunksize=1)
        for size in CHUNKSIZES:
            t = time.perf_counter()
            pool.map(targets.add_one, range(items), chunksize=size)
            found["Pool.map"][size] = (time.perf_counter() - t) / items
    with ProcessPoolExecutor(workers) as executor:
        list(executor.map(targets.add_one, range(workers * 2)))
        for size in CHUNKSIZES:
            t = time.perf_counter()
            list(executor.map(targets.add_one, range(items), chunksize=size))
            found["ProcessPoolExecutor.map"][size] = (time.perf_counter() - t) / items
    return found


def echo_rates(connections: int = 30, workers: int = 4) -> dict[str, float]:
    """Connections a second (connect, one line echoed, close), one client after the
    other, to lesson 07's server -- a ``Process`` started per connection -- and to the
    same server with a ``Pool`` of ``workers`` started once (``EchoServer(pool=...)``);
    each is started, and has answered a first client, before the clock starts."""
    found = {}
    for name, pool in (("a Process per connection", None), (f"a Pool of {workers}", workers)):
        with EchoServer(pool=pool) as server:
            echo(server.address, "warm up")
            t = time.perf_counter()
            for _ in range(connections):
                if echo(server.address, "hello") != [b"HELLO"]:
                    raise RuntimeError(f"{name}: a wrong reply")
            found[name] = connections / (time.perf_counter() - t)
    return found


def draw(found: dict[str, dict[int, float]]):
    """Microseconds per item, a group of bars per chunksize (a log scale: they differ
    by orders of magnitude)."""
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(7, 2.6))
    width = 0.8 / len(found)
    for i, (kind, sizes) in enumerate(found.items()):
        xs = [k + i * width for k in range(len(sizes))]
        bars = ax.bar(xs, [s * 1e6 for s in sizes.values()], width, label=kind)
        ax.bar_label(bars, fmt="%.0f µs", fontsize=LABEL_SIZE)
    ax.set_xticks([k + width * (len(found) - 1) / 2 for k in range(len(CHUNKSIZES))],
                  [f"chunksize={size}" for size in CHUNKSIZES])
    ax.set_yscale("log")
    ax.set_ylabel("µs per item")
    ax.legend(fontsize=LABEL_SIZE)
    fig.tight_layout()
    plt.close(fig)
    return fig


def draw_totals(found: dict[str, float], unit: str = "seconds", fmt: str = "%.2f s"):
    """One bar each way (seconds, or ``unit``)."""
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(6, 1.6))
    bars = ax.barh(list(found), list(found.values()), color=["#969696", "#e6ab02"])
    ax.bar_label(bars, fmt=fmt, fontsize=LABEL_SIZE)
    ax.invert_yaxis()
    ax.set_xlabel(unit)
    fig.tight_layout()
    plt.close(fig)
    return fig
