"""The cells that show a deadlock or a signal that never comes end within the bound of
their waits, wherever nbval runs them (tests/nbval_bounds.py): the table names real
cells, and the plugin fails a cell that outlasts its bound and passes one within it."""

from __future__ import annotations

import re

import pytest
from nbformat.v4 import new_output

from tests.kernels import cell_with
from tests.nbval_bounds import BOUNDED, START_UP, bound_of
from tests.notebook_runs import pytest_run, write_notebook


@pytest.mark.parametrize("notebook, line, bound", BOUNDED, ids=[f"{n}:{line.split()[0]}"
                                                                 for n, line, _ in BOUNDED])
def test_each_bound_is_that_of_one_cell_of_its_notebook(notebook, line, bound):
    assert bound_of(notebook, cell_with(notebook, line)) == bound


def test_a_cell_named_in_no_bound_has_none():
    assert bound_of("10_locks", "print('hello')") is None
    assert bound_of("02_join", "nobody_sets.wait(timeout=0.5)") is None  # another notebook's
    assert 0 < START_UP < 300  # (nbval's cell timeout, make test's)


def test_a_cell_over_its_bound_fails_named_and_one_within_it_passes(tmp_path):
    """A notebook named as lesson 11, whose first cell has the line of a 0.5 s bound and
    takes 1.5 s, and whose second has the line of a 30.5 s bound; no slack."""
    path = tmp_path / "11_signals.ipynb"
    write_notebook(path, [
        ("import time\ntime.sleep(1.5)  # nobody_sets.wait(timeout=0.5)", []),
        ("print('on time')  # lamp = Process(target=targets.light",
         [new_output("stream", name="stdout", text="on time\n")]),
    ])
    code, out = pytest_run(tmp_path, "--nbval", "--nbval-bound-slack=0", "-rA", str(path))
    assert code == 1, out
    assert re.search(r"^FAILED \S*11_signals\.ipynb::Cell 0( - .*)?$", out, re.M), out
    assert re.search(r"Cell 0 took 1\.\d s: its waits' timeouts add up to 0\.5 s", out), out
    assert re.search(r"^PASSED \S*11_signals\.ipynb::Cell 1( - .*)?$", out, re.M), out
