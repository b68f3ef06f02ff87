"""Helpers for the process workbook.

The layers, each importing only those below it::

    lessons         one package per notebook: its targets, checks, own views
    tools           script runner, leak finder, process tree, echo server, ...
    view            the run model, its summary, drawing and display; record()
    families        one module per event family: hooks, folding, drawing, words
    recorder        record()'s core: event files, output capture and relay

A recorded child imports only the recorder core and the families (importing
``helpers`` installs their hooks, inert outside a recording); ``record``,
``compare`` and the rest of the views are imported on first use, and matplotlib only
when a picture is drawn: a script's ``from helpers import record``, which spawn runs
again in every child, costs a tenth of a second, not most of one.
"""

from . import families  # noqa: F401  (installs the event families' hooks)
from .recorder import began, ended, setup

__all__ = ["began", "compare", "ended", "record", "setup"]


def __getattr__(name):
    if name in ("record", "compare"):
        from . import view
        return getattr(view, name)
    raise AttributeError(f"module 'helpers' has no attribute {name!r}")
