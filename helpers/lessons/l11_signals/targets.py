"""Lesson 11's process targets (child side: light, importable by a spawned child).

The article series' traffic light (红绿灯) and KTV room, a cook and eaters around a
``Condition``, runners at a ``Barrier``.  Every wait has a timeout: a signal that
never comes ends as a timeout, not as a hang.
"""

from __future__ import annotations

import time
from threading import BrokenBarrierError

__all__ = ["car", "cook", "eat", "light", "run_race", "sing"]


def light(green, red_for=1.0):
    """The traffic light: red (the Event ``green`` is clear) for ``red_for`` s, then
    green: ``set()``, which lets every car waiting for it go."""
    time.sleep(red_for)
    green.set()


def car(green, timeout=30.0):
    """A car: wait for the light to be green (``timeout`` s at most), then go; prints
    what ``wait`` returned (False: it timed out)."""
    print('wait() returned', green.wait(timeout))


def sing(room, seconds=0.3):
    """A singer of the KTV: take a place in ``room`` (a Semaphore), sing, leave."""
    with room:
        time.sleep(seconds)


def cook(kitchen, dishes, pause=0.5):
    """Cook for ``pause`` s, put a dish on the counter (``dishes``, a shared Value) and
    tell every eater waiting on the Condition ``kitchen`` (``notify_all``)."""
    time.sleep(pause)
    with kitchen:
        dishes.value += 1
        kitchen.notify_all()


def eat(kitchen, dishes, timeout=30.0):
    """Wait on ``kitchen`` until a dish is there (``wait_for``: at once if it already
    is; ``timeout`` s at most), then print whether there was one."""
    with kitchen:
        print('a dish is there:', kitchen.wait_for(lambda: dishes.value > 0, timeout))


def run_race(start, timeout=30.0):
    """A runner: wait at the Barrier ``start`` until every runner is there, then go;
    prints ``go`` or, if the barrier broke, ``BrokenBarrierError``."""
    try:
        start.wait(timeout)
    except BrokenBarrierError:
        print('BrokenBarrierError')
    else:
        print('go')
