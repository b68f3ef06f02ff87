"""Lesson 13's measurements: what a read of shared state costs through a ``Manager``
proxy, a ``Value`` and a shared-memory NumPy array, and what moving 8 MB to a child
costs through a ``Pipe`` and through shared memory.

The numbers are this machine's; a lesson prints only what holds on any machine and
leaves the numbers to the picture (:func:`draw`).  Each transfer is the best of
three, so one stall of a busy machine does not decide it.
"""

from __future__ import annotations

import multiprocessing
import time
from multiprocessing import shared_memory
from multiprocessing.managers import SyncManager

WAIT = 60.0  # s: the most a measurement waits for its child (never, normally)
SIZE = 8_000_000  # bytes moved to a child
READS = {"Manager proxy": 2_000, "Value": 100_000, "shared-memory array": 100_000}


def _per_second(read, count: int) -> float:
    t0 = time.perf_counter()
    for _ in range(count):
        read()
    return count / (time.perf_counter() - t0)


def reads_per_second(rounds: int = 3) -> dict[str, float]:
    """Reads a second of one number through each kind, in this process: the best of
    ``rounds`` rounds, the kinds taking turns, so that one stall decides nothing."""
    import numpy as np

    rates = dict.fromkeys(READS, 0.0)
    value = multiprocessing.Value("q", 1)
    segment = shared_memory.SharedMemory(create=True, size=8)
    try:
        with SyncManager(shutdown_timeout=WAIT) as manager:
            d = manager.dict(x=1)
            for _ in range(rounds):
                for kind, rate in (("Manager proxy", _per_second(lambda: d["x"],
                                                                  READS["Manager proxy"])),
                                   ("Value", _per_second(lambda: value.value, READS["Value"])),
                                   ("shared-memory array", _array_reads(np, segment))):
                    rates[kind] = max(rates[kind], rate)
    finally:
        segment.close()  # the array is gone with _array_reads: no view of the buffer is left
        segment.unlink()
    return rates


def _array_reads(np, segment) -> float:
    numbers = np.ndarray((1,), dtype=np.int64, buffer=segment.buf)
    return _per_second(lambda: numbers[0], READS["shared-memory array"])


def receive(how, channel, replies):
    """Child: say ready, get the 8 MB (through a pipe, or by attaching a segment whose
    name comes through it), say its last byte."""
    replies.send("ready")
    if how == "Pipe":
        data = channel.recv()
        replies.send(data[-1])
        return
    segment = shared_memory.SharedMemory(name=channel.recv())
    try:
        replies.send(segment.buf[SIZE - 1])
    finally:
        segment.close()


def move_once(how: str) -> float:
    """Seconds from having 8 MB ready in this process to a ready child having read its
    last byte: through a ``Pipe`` (pickled, copied through the pipe, unpickled), or in a
    shared memory segment, where the data was made in the first place (only its name
    travels; the child reads the bytes where they are)."""
    if how not in ("Pipe", "shared memory"):
        raise ValueError(f"how must be 'Pipe' or 'shared memory', not {how!r}")
    data = bytes(SIZE - 1) + b"\x07"
    channel, theirs = multiprocessing.Pipe()
    mine, replies = multiprocessing.Pipe(duplex=False)
    child = multiprocessing.Process(target=receive, args=(how, theirs, replies))
    child.start()
    theirs.close()
    replies.close()
    segment = None
    try:
        if how != "Pipe":
            segment = shared_memory.SharedMemory(create=True, size=SIZE)
            segment.buf[:SIZE] = data  # where a program would make it
        if not (mine.poll(WAIT) and mine.recv() == "ready"):
            raise RuntimeError(f"the child was not ready within {WAIT:g} s")
        t0 = time.perf_counter()
        channel.send(data if how == "Pipe" else segment.name)
        if not (mine.poll(WAIT) and mine.recv() == 7):
            raise RuntimeError(f"the child did not read the data within {WAIT:g} s")
        return time.perf_counter() - t0
    finally:
        child.join(WAIT)
        if child.exitcode is None:
            child.kill()
            child.join()
        if segment is not None:
            segment.close()
            segment.unlink()
        channel.close()
        mine.close()


def measure() -> dict:
    """Every figure of the lesson: ``{'reads': {kind: reads/s}, 'move': {how: s}}``."""
    return {"reads": reads_per_second(),
            "move": {how: min(move_once(how) for _ in range(3))
                     for how in ("Pipe", "shared memory")}}


def facts(figures: dict) -> list[str]:
    """What the figures say that holds on any machine."""
    reads, move = figures["reads"], figures["move"]
    return [
        "a read through a Manager proxy costs more than 10 times a Value's: "
        f"{reads['Value'] > 10 * reads['Manager proxy']}",
        "a read of a shared-memory NumPy array costs less than a Value's (it takes no lock): "
        f"{reads['shared-memory array'] > reads['Value']}",
        f"8 MB made in shared memory reached a child faster than 8 MB sent through a Pipe: "
        f"{move['shared memory'] < move['Pipe']}",
    ]


def draw(figures: dict):
    """The figures as a picture: reads a second by kind (log scale); 8 MB moved, in ms."""
    from matplotlib.figure import Figure

    from ...view import fonts

    fig = Figure(figsize=(10, 2.6), layout="constrained")
    left, right = fig.subplots(1, 2, width_ratios=(3, 2))
    reads = figures["reads"]
    bars = left.barh(list(reads), list(reads.values()), color=["#e377c2", "#17becf", "#bcbd22"])
    left.bar_label(bars, labels=[f"{rate:,.0f}/s" for rate in reads.values()], fontsize=8)
    left.set_xscale("log")
    left.set_title("reads of one number a second, in this process", fontsize=10)
    left.invert_yaxis()
    left.margins(x=0.3)
    move = {how: seconds * 1000 for how, seconds in figures["move"].items()}
    bars = right.barh(list(move), list(move.values()), color="0.5")
    right.bar_label(bars, labels=[f"{ms:.1f} ms" for ms in move.values()], fontsize=8)
    right.set_title(f"{SIZE // 1_000_000} MB to a ready child", fontsize=10)
    right.invert_yaxis()
    right.margins(x=0.25)
    fonts.use_in(fig)
    return fig
