"""Lesson 12's measurements: how many messages a second a ``Pipe``, a ``SimpleQueue`` and
a ``Queue`` carry from this process to a child here, and one big message against many
small ones of the same bytes.

The figures are this machine's, so a lesson prints only what holds on any machine
(every message arrived, in order; well under a millisecond each; one big message
beats many small ones) and leaves the numbers to the picture (:func:`draw`).  The
child is timed from the moment it is ready, so its start-up is not counted.
"""

from __future__ import annotations

import multiprocessing
import time

from ...families.base import LABEL_SIZE
from ...view.drawing import WIDTH
from ..children import end_all

KINDS = ("Pipe", "SimpleQueue", "Queue")
WAIT = 60.0  # s: the most a measurement waits for its child (never, normally)
SMALL, COUNT, BIG = 100, 10_000, 1_000_000  # bytes; messages; bytes


def receive_all(kind, channel, replies, count):
    """Child: say ready, receive ``count`` numbered messages, then say whether they all
    came in order."""
    receive = channel.recv if kind == "Pipe" else channel.get
    replies.send("ready")
    in_order = all(receive()[0] == i for i in range(count))
    replies.send(in_order)


def transfer(kind: str, count: int, size: int) -> tuple[float, bool]:
    """Send ``count`` messages of ``size`` bytes to a child through a new ``kind``;
    (seconds from the child's being ready to its having got them all, in order?)."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
    mine, replies = multiprocessing.Pipe(duplex=False)
    if kind == "Pipe":
        theirs, channel = multiprocessing.Pipe(duplex=False)
        send = channel.send
    else:
        theirs = channel = getattr(multiprocessing, kind)()
        send = channel.put
    child = multiprocessing.Process(target=receive_all, args=(kind, theirs, replies, count))
    finished = False
    try:
        child.start()
        replies.close()  # the child's copy is the only one: if it dies, recv() says EOFError
        if kind == "Pipe":
            theirs.close()
        if not (mine.poll(WAIT) and mine.recv() == "ready"):
            raise RuntimeError(f"the child was not ready within {WAIT:g} s")
        payload = bytes(size)
        t0 = time.perf_counter()
        for i in range(count):
            send((i, payload))
        if not mine.poll(WAIT):
            raise RuntimeError(f"the child did not get {count} messages within {WAIT:g} s")
        in_order = mine.recv()
        finished = True
        return time.perf_counter() - t0, in_order
    finally:
        end_all([child], WAIT)
        if kind == "Queue" and not finished:  # what is left unsent would block the exit
            channel.cancel_join_thread()
        for end in dict.fromkeys((mine, replies, theirs, channel)):  # a queue: theirs is channel
            end.close()
        if kind == "Queue":
            channel.join_thread()


def measure() -> dict:
    """Every figure of the lesson: ``{'per second': {kind: messages/s}, 'in order':
    {kind: bool}, 'big': seconds for one BIG message, 'small': seconds for BIG/SMALL
    messages of SMALL bytes}``, all through this machine's pipes."""
    rates, in_order = {}, {}
    for kind in KINDS:
        seconds, ok = transfer(kind, COUNT, SMALL)
        rates[kind], in_order[kind] = COUNT / seconds, ok
    big = min(transfer("Pipe", 1, BIG)[0] for _ in range(3))  # the best of 3: a stall of the
    small, _ = transfer("Pipe", BIG // SMALL, SMALL)  # machine in one ms-long transfer is not it
    return {"per second": rates, "in order": in_order, "big": big, "small": small}


def facts(figures: dict) -> list[str]:
    """What the figures say that holds on any machine."""
    rates = figures["per second"]
    return [
        f"{COUNT:,} messages of {SMALL} bytes through each of {', '.join(KINDS)}: all arrived, "
        f"in order: {all(figures['in order'].values())}",
        f"each kind well under 1 ms a message: {all(rate > 1000 for rate in rates.values())}",
        f"one message of {BIG // 1000:,} kB took less time than {BIG // SMALL:,} messages of "
        f"{SMALL} bytes (the same bytes): {figures['big'] < figures['small']}",
    ]


def draw(figures: dict):
    """The figures as a picture: messages per second by kind; one big message vs many
    small ones, in ms."""
    from matplotlib.figure import Figure

    from ...view import fonts

    fig = Figure(figsize=(WIDTH, 2.6), layout="constrained")
    left, right = fig.subplots(1, 2, width_ratios=(3, 2))
    rates = figures["per second"]
    bars = left.barh(list(rates), list(rates.values()), color=["#ff7f0e", "#17becf", "#bcbd22"])
    left.bar_label(bars, labels=[f"{rate:,.0f}/s" for rate in rates.values()], fontsize=LABEL_SIZE)
    left.set_title(f"messages of {SMALL} bytes a second, this process → a child", fontsize=10)
    left.invert_yaxis()
    left.margins(x=0.25)
    times = {f"1 × {BIG // 1000:,} kB": figures["big"] * 1000,
             f"{BIG // SMALL:,} × {SMALL} B": figures["small"] * 1000}
    bars = right.barh(list(times), list(times.values()), color="0.5")
    right.bar_label(bars, labels=[f"{ms:.1f} ms" for ms in times.values()], fontsize=LABEL_SIZE)
    right.set_title("the same bytes through a Pipe", fontsize=10)
    right.invert_yaxis()
    right.margins(x=0.25)
    fonts.use_in(fig)
    return fig
