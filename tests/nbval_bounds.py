"""pytest plugin: the notebook cells that show a deadlock, or a signal that never comes,
end within the bound of their waits -- a deadlock is shown, never suffered.

Loaded for every pytest run by ``-p tests.nbval_bounds`` in pyproject.toml.
:data:`BOUNDED` names each such cell by its notebook and a line of it, with the sum of
its waits' timeouts.  Wherever nbval runs the cell (under every start method, with slow
starts, run again or in a shuffled order), it fails if it took longer than that bound
plus ``--nbval-bound-slack`` seconds (:data:`START_UP`), far below nbval's cell timeout
of 300 s.  That it leaves no process behind is tests/nbval_leaks.py's check, made after
every cell.
"""

from __future__ import annotations

import time

import pytest
from nbval.plugin import IPyNbCell

START_UP = 20.0  # s: starting a few children on a busy machine, drawing the timeline

# (notebook, a line of the cell, the cell's bound: the timeouts of its waits, in s)
BOUNDED = [
    ("10_locks", "both_hold_one = Barrier(2)", 30 + 1 + 30),  # barrier, try, barrier
    ("10_locks", "targets.die_holding, targets.try_lock", 1.0),
    ("10_locks", "holder = Process(target=targets.take_and_keep", 30 + 0.5),
    ("11_signals", "lamp = Process(target=targets.light", 30 + 0.5),
    ("11_signals", "nobody_sets.wait(timeout=0.5)", 0.5),
    ("12_queues_pipes", "p.join(timeout=1)  # the mistake", 30 + 1),  # ended(), join
    ("12_queues_pipes", "while reading.poll(1):", 30 + 1),  # a child's start-up, poll
    ("12_queues_pipes", "args=(q, 2.0), name=name)", 30 + 2),  # start-up, patience
    ("12_queues_pipes", "with record(wait=0):", 30 + 3 + 3),  # began, two joins
]


def pytest_addoption(parser):
    parser.getgroup("nbval").addoption(
        "--nbval-bound-slack", type=float, default=START_UP, metavar="SECONDS",
        help=f"what a bounded cell may take beyond its waits' timeouts (default {START_UP})")


def bound_of(notebook: str, source: str) -> float | None:
    """The bound of the cell of ``notebook`` (its name without .ipynb) whose code is
    ``source``, or None for a cell that has none."""
    found = [bound for name, line, bound in BOUNDED if name == notebook and line in source]
    return max(found, default=None)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    bound = bound_of(item.path.stem, item.cell.source) if isinstance(item, IPyNbCell) else None
    began = time.monotonic()
    result = yield
    took = time.monotonic() - began
    if bound is not None:
        slack = item.config.getoption("nbval_bound_slack")
        if took > bound + slack:
            pytest.fail(f"{item.name} took {took:.1f} s: its waits' timeouts add up to "
                        f"{bound:g} s, and starting and drawing may take {slack:g} s more",
                        pytrace=False)
    return result
