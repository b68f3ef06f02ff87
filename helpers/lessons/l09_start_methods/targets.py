"""Lesson 09's process targets (child side: light, importable by a spawned child).

They live in a module, not in a notebook cell, because the ``spawn`` and
``forkserver`` start methods send the target to the child by *name*: the child
imports this module and looks the function up.  A function defined in a notebook
cell lives in ``__main__``, which a spawned child cannot import.
"""

from __future__ import annotations

from ..l01_start.targets import greet  # noqa: F401  (lesson 01's)
from ..l08_terminate.targets import try_lock  # noqa: F401  (lesson 08's)


def return_at_once():
    """Do nothing: the target whose first line lesson 09 times, from ``start()`` on,
    under each start method (the time is all start-up).  Lesson 09."""
