"""Lesson 05's process targets (child side: light, importable by a spawned child).

They live in a module, not in a notebook cell, because the ``spawn`` and
``forkserver`` start methods send the target to the child by *name*: the child
imports this module and looks the function up.  A function defined in a notebook
cell lives in ``__main__``, which a spawned child cannot import.
"""

from __future__ import annotations

from multiprocessing import Process


def append_to(items, item):
    """Append ``item`` to the list this child got as an argument, and print it.  Lesson 05."""
    items.append(item)
    print('子进程内: ', items)


def put_square(q, x):
    """Send ``x * x`` back to the parent through the queue ``q``.  Lesson 05."""
    q.put(x * x)


def count_up(counter, times):
    """Add 1 to the shared ``Value`` ``counter``, ``times`` times, each under its lock
    (``+=`` reads, then writes: without the lock two children lose updates).  Lesson 05."""
    for _ in range(times):
        with counter.get_lock():
            counter.value += 1


def count_up_unlocked(counter, times, together):
    """Add 1 to ``counter`` ``times`` times with no lock, once every child is ready:
    ``together`` is a ``Barrier`` of all of them, so they count at the same time however
    late each one started (it gives up after 30 s).  Lesson 05."""
    together.wait(timeout=30)
    for _ in range(times):
        counter.value += 1


def square_into(box, i):
    """Write ``i * i`` into ``box[i]``: a shared ``Array``, a ``Manager`` list...  Lesson 05."""
    box[i] = i * i


class Squarer(Process):
    """The common mistake of keeping a result on ``self``: ``run()`` sets it in the
    child's copy of the object; the parent's copy keeps ``None``.  Lesson 05."""

    def __init__(self, x):
        super().__init__()
        self.x = x
        self.result = None

    def run(self):
        self.result = self.x ** 2
        print(f"{self.name}: self.result = {self.result}")
