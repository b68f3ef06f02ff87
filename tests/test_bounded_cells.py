"""The cells that show a deadlock or a signal that never comes end within the bound of
their waits, in a real kernel, and leave no process behind: a deadlock is shown, never
suffered.

Each cell is taken from its notebook as stored (found by a line of it), run after the
notebook's set-up cell, and timed: it must end well inside the sum of its waits'
timeouts plus start-up, far below nbval's cell timeout of 300 s.
"""

from __future__ import annotations

import os
import time

import pytest

from helpers.recorder import START_METHODS
from helpers.tools.leaks import describe, leftovers
from tests.kernels import Kernel, cell_with

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


@pytest.fixture(scope="module", params=START_METHODS)
def kernel(request):
    k = Kernel(request.param)
    yield k
    assert k.stop() == "", "processes outlived the kernel"


@pytest.fixture(autouse=True)
def no_leftover_processes(request):
    """As tests/test_interrupts.py: what is below the kernel is the test's to check."""
    yield
    kernel = request.getfixturevalue("kernel")
    others = [p for p in leftovers(os.getpid()) if not kernel.below_the_kernel(p)]
    assert not others, "processes left behind:\n" + describe(others)


@pytest.mark.parametrize("notebook, line, bound", BOUNDED, ids=[f"{n}:{line.split()[0]}"
                                                                 for n, line, _ in BOUNDED])
def test_the_cell_ends_within_its_bound(kernel, notebook, line, bound):
    setup = cell_with(notebook, "method = setup()")
    assert kernel.run(setup)["status"] == "ok"
    began = time.monotonic()
    reply = kernel.run(cell_with(notebook, line), timeout=bound + START_UP)
    took = time.monotonic() - began
    assert reply["status"] == "ok", reply.get("evalue")
    assert took < bound + START_UP
    assert kernel.left_behind() == ""
