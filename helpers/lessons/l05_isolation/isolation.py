"""Module-level variables that lesson 05 changes in child processes, and the targets
that read or change them.

Why a module of their own: ``global n`` inside a function means the ``n`` of the
module that *defines* the function.  The article (seed 4.8) defines its target and
its ``n = 100`` in the main script; in a notebook that would be the kernel's
``__main__``, which a spawned child cannot import -- it could not even find the
function.  Here every child can import both, under every start method.

What a child finds here depends on how it was started: a ``fork`` child gets a copy
of this module as the parent has it at ``start()``; a ``spawn`` or ``forkserver``
child imports the module afresh and gets the values written below.
"""

from __future__ import annotations

import time

n = 100  # the article's global
counter = 0  # its initial value is what a spawned child sees
results = []  # a common mistake: children append here, the parent never sees it


def work():
    """The article's child (seed 4.8): set the global ``n`` to 0 and print it.  Lesson 05."""
    global n
    n = 0
    print('子进程内: ', n)


def show_counter(label, pause=0.0):
    """Print, after ``pause`` seconds, the ``counter`` this child sees.  Lesson 05."""
    time.sleep(pause)
    print(f"{label:<11}child sees counter = {counter}")


def add_one(label):
    """Add 1 to this child's ``counter`` and print it.  Lesson 05's exercise."""
    global counter
    counter += 1
    print(f"{label} child: counter = {counter}")


def collect_square(x):
    """The common mistake: after 0.4 s of "work", append ``x * x`` to ``results`` --
    this child's own copy of it.  (0.4 s: the children overlap even when they are slow
    to start, and the parent's first join -- 0.4 s plus a child's start-up -- rounds to
    ~0.5 s with a wide margin.)  Lesson 05."""
    time.sleep(0.4)
    results.append(x * x)
