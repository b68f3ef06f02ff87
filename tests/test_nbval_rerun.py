"""``--nbval-rerun`` (tests/nbval_rerun.py) runs a notebook twice in one kernel and fails
a cell whose second run says something else than its first -- naming cell and run."""

import os
import re
import subprocess
import sys

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

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
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "tests.nbval_leaks",
         "-p", "tests.nbval_rerun", "--rootdir", str(tmp_path), "--nbval", "--nbval-rerun",
         "-rA", str(path)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    out = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout)  # the kernel's traceback is coloured
    assert result.returncode == 1, out

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
