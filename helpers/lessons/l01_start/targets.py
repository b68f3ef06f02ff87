"""Lesson 01's process targets (child side: light, importable by a spawned child).

They live in a module, not in a notebook cell, because the ``spawn`` and
``forkserver`` start methods send the target to the child by *name*: the child
imports this module and looks the function up.  A function defined in a notebook
cell lives in ``__main__``, which a spawned child cannot import.
"""

from __future__ import annotations

import time
from multiprocessing import current_process


def f(name):
    """The article's first child (seed 4.1).  Lesson 01."""
    print("hello", name)
    print("我是子进程")


def f_with_sleep(name, pause=1.0):
    """The article's 4.2 child: greet, sleep ``pause`` s, say who we are.  Lesson 01.

    One change: a 0.1 s nap before the first line.  Without it, which of the first
    lines comes out first -- the parent's or the child's -- is a race under ``fork``
    (a forked child starts in about a millisecond), and a lesson's stored output
    must not depend on a race.
    """
    time.sleep(0.1)
    print("hello", name)
    time.sleep(pause)
    print("我是子进程")


def greet(name):
    """Print a greeting.  Lesson 01's exercise."""
    print("hello", name)


def who_runs_me(label):
    """Print which process runs this call: start() vs run().  Lesson 01."""
    print(f"{label}: running in {current_process().name}")


def show_args(*args, **kwargs):
    """Print what arrived as positional and keyword arguments.  Lesson 01."""
    print(f"args={args!r} kwargs={kwargs!r}")
