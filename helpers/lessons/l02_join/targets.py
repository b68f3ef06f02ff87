"""Lesson 02's process targets (child side: light, importable by a spawned child).

They live in a module, not in a notebook cell, because the ``spawn`` and
``forkserver`` start methods send the target to the child by *name*: the child
imports this module and looks the function up.  A function defined in a notebook
cell lives in ``__main__``, which a spawned child cannot import.
"""

from __future__ import annotations

import time

from ..l01_start.targets import f_with_sleep, greet  # noqa: F401  (lesson 01's)


def sleep_then_hello(name, pause=1.0):
    """The article's 4.4-4.6 child with its two lines swapped: sleep ``pause`` s, then
    print hello.  Lesson 02.

    The article says hello first and sleeps after.  Saying it last makes the line mark
    the moment the child finished, and keeps the parent's line printed right after the
    starts (4.6's ``父进程在执行``) from racing with the children's lines: under
    ``fork`` a child is running a millisecond after ``start()``.
    """
    time.sleep(pause)
    print("hello", name)
