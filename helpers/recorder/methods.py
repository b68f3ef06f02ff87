"""Start methods: the three there are, which one a lesson uses, and the clean-up after an
interrupted cell.

``WORKBOOK_START_METHOD`` picks the method of every lesson (the test suite runs each
lesson under each); :func:`setup`, a lesson's first call, applies it to the kernel.
"""

from __future__ import annotations

import multiprocessing
import os

from .events import now

START_METHODS = ("fork", "spawn", "forkserver")  # the only place they are named
ENV_VAR = "WORKBOOK_START_METHOD"


def start_method_from_env() -> str:
    """The start method ``WORKBOOK_START_METHOD`` asks for, else the platform's default."""
    wanted = os.environ.get(ENV_VAR, "").strip()
    available = multiprocessing.get_all_start_methods()
    if not wanted:
        return available[0]
    if wanted not in available:
        raise ValueError(
            f"{ENV_VAR}={wanted!r} is not a start method of this platform; "
            f"use one of {', '.join(available)} (or unset it for the default)"
        )
    return wanted


def setup() -> str:
    """Use the start method of ``WORKBOOK_START_METHOD`` in this kernel, and say which.

    Call it in a lesson's first cell.  ``force=True`` lets a lesson run twice in one
    kernel (and a learner change the variable between runs).  In IPython it also
    reaps the children of an interrupted cell (see :func:`reap_after_interrupt`).
    """
    method = start_method_from_env()
    multiprocessing.set_start_method(method, force=True)
    origin = f"from {ENV_VAR}" if os.environ.get(ENV_VAR) else "this platform's default"
    print(f"Start method: {method} ({origin})")
    missing = [m for m in START_METHODS if m not in multiprocessing.get_all_start_methods()]
    if missing:  # Windows: spawn only
        names = " and ".join(repr(m) for m in missing)
        print(f"This platform has no {names}: a cell that asks for one by name stops with "
              f"ValueError: cannot find context for {missing[0]!r}.")
    _reap_after_every_interrupt()
    return method


INTERRUPT_GRACE = 1.0  # seconds the children of an interrupted cell get to end


def reap_after_interrupt(result=None) -> None:
    """After a cell that was interrupted (``result.error_in_exec`` is a
    KeyboardInterrupt), give this process's children up to :data:`INTERRUPT_GRACE`
    seconds to end, and reap those that ended.

    Why: interrupting the kernel (the ■ button) sends SIGINT to its whole process
    group, so a child that a plain cell was waiting for in ``join()`` dies with the
    kernel's ``KeyboardInterrupt`` -- and would stay a zombie, since the interrupted
    ``join()`` never reaps it.  Nothing is terminated here: a child still running is
    left alone (``record()`` is what stops the children of a recorded cell), and after
    a cell that was not interrupted nothing is done at all.
    """
    if not isinstance(getattr(result, "error_in_exec", None), KeyboardInterrupt):
        return
    try:
        deadline = now() + INTERRUPT_GRACE
        for p in multiprocessing.active_children():  # which also reaps the ended ones
            p.join(max(0.0, deadline - now()))
    except (OSError, ValueError):  # a process closed or gone meanwhile: nothing to reap
        pass


def _reap_after_every_interrupt() -> None:
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None and reap_after_interrupt not in shell.events.callbacks["post_run_cell"]:
        shell.events.register("post_run_cell", reap_after_interrupt)
