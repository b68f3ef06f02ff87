"""Lesson 13's process targets (child side: light, importable by a spawned child).

Children that change shared state: a ``Value`` under its lock, one slot each of an
``Array``, a ``Manager``'s dict, list and ``Namespace`` (the nested list a proxy cannot
see, and the read-then-write that loses an update), a ``SharedMemory`` segment seen as
a NumPy array, a ``ShareableList``.
Every child closes what it attached; unlinking is the creator's.
"""

from __future__ import annotations

from multiprocessing import shared_memory

from ..l10_locks.targets import add_with_the_lock

__all__ = ["add_one_in_two_calls", "add_one_under", "add_with_the_lock", "append_by_reassigning",
           "append_to", "double_in_place", "note_in", "set_first", "square_into"]


def square_into(squares, i):
    """Write ``i * i`` into slot ``i`` of the shared array ``squares`` (each child its own
    slot: no two write the same place, so a ``RawArray``, without a lock, will do)."""
    squares[i] = i * i


def note_in(d, names, ns, name):
    """Through a Manager's proxies: ``d[name] = len(name)``, ``names.append(name)`` and
    ``ns.last = name`` -- each a message to the manager's server and its answer."""
    d[name] = len(name)
    names.append(name)
    ns.last = name


def append_to(d, key, item):
    """``d[key].append(item)``: through a Manager dict, ``d[key]`` is a *copy* of the
    list when the value is a plain list (the append changes the copy only), and the
    list itself when it is a nested proxy (``manager.list()``)."""
    d[key].append(item)


def append_by_reassigning(d, key, item):
    """The first fix of :func:`append_to`: take the copy, change it, and store it back --
    two calls to the server (``d[key]``, then ``d[key] = ...``), so that with several
    processes at once they need a lock around them."""
    items = d[key]
    items.append(item)
    d[key] = items


def add_one_in_two_calls(d, key, everyone_read):
    """``d[key] = d[key] + 1`` through a Manager dict: two calls, a read and a write,
    and every process's read comes before any write (the Barrier ``everyone_read``) --
    the lost update of lesson 10, made certain rather than left to the schedule."""
    value = d[key]  # a call: the server sends the value
    everyone_read.wait(timeout=30)
    d[key] = value + 1  # another call: the server stores what this process computed


def add_one_under(d, key, lock):
    """The same two calls inside ``with lock:`` -- a ``manager.Lock()``, itself a proxy
    of a lock in the server -- so that no other process's read comes between them."""
    with lock:
        d[key] = d[key] + 1


def double_in_place(name, length):
    """Attach the segment ``name``, see it as ``length`` int64s with NumPy, double each
    one in place -- no copy made, the parent sees the change -- and close it."""
    import numpy as np

    segment = shared_memory.SharedMemory(name=name)
    try:
        numbers = np.ndarray((length,), dtype=np.int64, buffer=segment.buf)
        numbers *= 2
    finally:
        numbers = None  # drop the view: after close() it would point at unmapped memory
        segment.close()


def set_first(name, value):
    """Attach the ShareableList ``name`` and set its first item."""
    items = shared_memory.ShareableList(name=name)
    try:
        items[0] = value
    finally:
        items.shm.close()
