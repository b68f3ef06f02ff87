"""Lesson 13's measurements: what a read of shared state costs through a ``Manager``
proxy, a ``Value`` and a shared-memory NumPy array, and what moving 8 MB to a child
costs: through a ``Pipe``, through shared memory, and in its arguments as it starts,
under fork and under spawn (each beside a start with one byte, the start-up alone).

The numbers are this machine's; a lesson prints only what holds on any machine and
leaves the numbers to the picture (:func:`draw`).  Each transfer is the best of
three, so one stall of a busy machine does not decide it.
"""

from __future__ import annotations

import multiprocessing
import time
from multiprocessing import shared_memory
from multiprocessing.managers import SyncManager

from ...families.base import LABEL_SIZE
from ...view.drawing import WIDTH
from ..children import running

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
        segment.close()  # _array_reads has returned: its view of the buffer is gone
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
    data = _data(SIZE)
    channel, theirs = multiprocessing.Pipe()
    mine, replies = multiprocessing.Pipe(duplex=False)
    child = multiprocessing.Process(target=receive, args=(how, theirs, replies))
    segment = None
    try:
        if how != "Pipe":  # before the child starts, so that a fork child shares our tracker
            segment = shared_memory.SharedMemory(create=True, size=SIZE)
            segment.buf[:SIZE] = data  # where a program would make it
        with running(child, wait=WAIT):  # interrupted: the child is killed at once
            theirs.close()
            replies.close()
            if not (mine.poll(WAIT) and mine.recv() == "ready"):
                raise RuntimeError(f"the child was not ready within {WAIT:g} s")
            t0 = time.perf_counter()
            channel.send(data if how == "Pipe" else segment.name)
            if not (mine.poll(WAIT) and mine.recv() == 7):
                raise RuntimeError(f"the child did not read the data within {WAIT:g} s")
            return time.perf_counter() - t0
    finally:
        if segment is not None:
            segment.close()
            segment.unlink()
        for end in (channel, theirs, mine, replies):
            end.close()


def read_argument(data, replies):
    """Child: say the last byte of ``data``, which came in its arguments, and the
    object's ``id()`` -- its address, the parent's own under fork."""
    replies.send((data[-1], id(data)))


def start_with(method: str, size: int) -> tuple[float, bool]:
    """Start a child under start ``method`` with ``size`` bytes in its arguments:
    (seconds from ``start()`` to its having read their last byte, its start-up
    included; is its object the parent's own, at the same address?).  Under fork it
    is: the child starts with a copy of the parent's memory, pages shared until one
    of them writes; under spawn the bytes are pickled and sent to a new interpreter,
    as everything in ``args`` is, and unpickled into a new object."""
    context = multiprocessing.get_context(method)
    data = _data(size)
    mine, replies = context.Pipe(duplex=False)
    child = context.Process(target=read_argument, args=(data, replies))
    try:
        t0 = time.perf_counter()
        with running(child, wait=WAIT):
            replies.close()  # the child's copy is the only one: if it dies, recv() says EOFError
            if not mine.poll(WAIT):
                raise RuntimeError(f"the child did not read its argument within {WAIT:g} s")
            last, address = mine.recv()
            seconds = time.perf_counter() - t0
        if last != 7:
            raise RuntimeError(f"the child read {last!r} as the last byte, not 7")
        return seconds, address == id(data)
    finally:
        mine.close()
        replies.close()


def _data(size: int) -> bytes:
    """``size`` bytes, the last one 7 (what the child reads and says)."""
    return bytes(size - 1) + b"\x07"


def argument_methods() -> list[str]:
    """The start methods of :func:`start_with` that this platform has (fork: not on
    Windows)."""
    return [m for m in ("fork", "spawn") if m in multiprocessing.get_all_start_methods()]


def measure() -> dict:
    """Every figure of the lesson, each time the best of three: ``{'reads': {kind:
    reads/s}, 'move': {way: s}, 'start': {method: s}, 'same object': {method: bool}}``
    -- the ways: ``'Pipe'``, ``'shared memory'``, ``'argument, fork'``, ``'argument,
    spawn'``; ``start``: the same start with one byte."""
    move = {how: min(move_once(how) for _ in range(3)) for how in ("Pipe", "shared memory")}
    same, start = {}, {}
    for method in argument_methods():
        runs = [start_with(method, SIZE) for _ in range(3)]
        move[f"argument, {method}"] = min(seconds for seconds, _ in runs)
        same[method] = all(is_same for _, is_same in runs)
        start[method] = min(start_with(method, 1)[0] for _ in range(3))
    return {"reads": reads_per_second(), "move": move, "start": start, "same object": same}


def facts(figures: dict) -> list[str]:
    """What the figures say that holds on any machine -- however slowly its children
    start: no start-up is compared with a transfer that has none, except where the
    start-up can only add to the difference."""
    reads, move, same = figures["reads"], figures["move"], figures["same object"]
    said = [
        "a read through a Manager proxy costs more than 10 times a Value's: "
        f"{reads['Value'] > 10 * reads['Manager proxy']}",
        "a read of a shared-memory NumPy array costs less than a Value's (it takes no lock): "
        f"{reads['shared-memory array'] > reads['Value']}",
        "8 MB made in shared memory reached a child faster than 8 MB sent through a Pipe: "
        f"{move['shared memory'] < move['Pipe']}",
    ]
    if "fork" in same:
        said.append("under fork, the child's 8 MB argument was the parent's own object, at "
                    f"its address (inherited, nothing sent): {same['fork']}")
    if "spawn" in same:
        said.append("under spawn, a new object, unpickled from what was sent -- and it came "
                    "later than through a Pipe, after the new interpreter's start-up: "
                    f"{not same['spawn'] and move['argument, spawn'] > move['Pipe']}")
    return said


def draw(figures: dict):
    """The figures as a picture: reads a second by kind; 8 MB moved to a child, in ms,
    each way of starting a child beside the same start with one byte (pale); both
    scales logarithmic, the figures spanning several powers of ten."""
    from matplotlib.figure import Figure

    from ...view import fonts

    fig = Figure(figsize=(WIDTH, 3.0), layout="constrained")
    left, right = fig.subplots(1, 2)
    reads = figures["reads"]
    bars = left.barh(list(reads), list(reads.values()), color=["#e377c2", "#17becf", "#bcbd22"])
    left.bar_label(bars, labels=[f"{rate:,.0f}/s" for rate in reads.values()], fontsize=LABEL_SIZE)
    left.set_xscale("log")
    left.set_title("reads of one number a second, in this process", fontsize=10)
    left.invert_yaxis()
    left.margins(x=0.3)
    rows = {"Pipe, to a ready child": (figures["move"]["Pipe"], "0.45"),
            "shared memory, to a ready child": (figures["move"]["shared memory"], "0.45")}
    for method, alone in figures["start"].items():
        rows[f"argument, {method}"] = (figures["move"][f"argument, {method}"], "0.45")
        rows[f"1 byte, {method} (start-up)"] = (alone, "0.8")
    ms = [seconds * 1000 for seconds, _ in rows.values()]
    bars = right.barh(list(rows), ms, color=[color for _, color in rows.values()])
    right.bar_label(bars, labels=[f"{m:.1f} ms" for m in ms], fontsize=LABEL_SIZE)
    right.set_xscale("log")
    right.set_title(f"{SIZE // 1_000_000} MB to a child, until it has read them", fontsize=10)
    right.invert_yaxis()
    right.margins(x=0.3)
    if busy(figures):
        right.text(0.99, 0.02, BUSY, transform=right.transAxes, ha="right", va="bottom",
                   fontsize=LABEL_SIZE, color="#b2182b")
    fonts.use_in(fig)
    return fig


#: Said in the picture when a start with 8 MB beat the same start with one byte.
BUSY = "this machine was busy: a start alone took longer than with 8 MB"


def busy(figures: dict) -> bool:
    """Did a child given 8 MB in ``args`` have them sooner than the same start with one
    byte took?  Never on a quiet machine (the same start, and more to do): the other
    work of a busy one slowed some runs, the best of three included."""
    return any(figures["move"][f"argument, {method}"] < alone
               for method, alone in figures["start"].items())
