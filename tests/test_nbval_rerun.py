"""``--nbval-rerun`` (tests/nbval_rerun.py) runs a notebook twice in one kernel and fails
a cell whose second run says something else than its first -- naming cell and run."""

import re

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

from tests.notebook_runs import pytest_run

CELLS = [
    "import multiprocessing\nprint('same every time')",
    "runs = globals().get('runs', 0) + 1\nprint('run', runs)",  # stale state: differs
    "multiprocessing.set_start_method('spawn')",  # no force=True: the second run raises
    "print('after')",
]


def test_a_second_run_that_differs_fails_and_names_the_cell(tmp_path):
    nb = new_notebook(cells=[new_code_cell(source) for source in CELLS])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    path = tmp_path / "twice.ipynb"
    nbformat.write(nb, path)  # no stored outputs: the first run is compared with nothing
    code, out = pytest_run(tmp_path, "--nbval", "--nbval-rerun", "-rA", str(path))
    assert code == 1, out

    def outcome(name):
        found = re.search(rf"^(PASSED|FAILED) \S*twice\.ipynb::{re.escape(name)}(?: - .*)?$",
                          out, re.M)
        return found and found.group(1)

    assert [outcome(f"Cell {n}") for n in range(4)] == ["PASSED"] * 4, out  # the first run
    assert [outcome(f"Cell {n} (run 2)") for n in range(4)] == [
        "PASSED", "FAILED", "FAILED", "PASSED"], out
    section = out.split("Cell 1 (run 2) _")[1]
    assert "run 1" in section and "run 2" in section  # what each run printed
    assert "RuntimeError: context has already been set" in out.split("Cell 2 (run 2) _")[1]
