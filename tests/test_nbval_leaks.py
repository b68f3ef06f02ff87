"""The nbval leak hook fails a notebook cell that leaves a process running."""

import os
import re
import signal
import subprocess
import sys

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_a_leaking_cell_fails_and_is_named(tmp_path):
    nb = new_notebook(cells=[
        new_code_cell("import multiprocessing, time\n"
                      "p = multiprocessing.get_context('fork').Process(target=time.sleep, "
                      "args=(5,))\np.start()"),
        new_code_cell("print('next cell')"),
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    path = tmp_path / "leak.ipynb"
    nbformat.write(nb, path)
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval-lax", "-p", "no:cacheprovider",
         "-p", "tests.nbval_leaks", "--rootdir", str(tmp_path), str(path)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    pids = {int(pid) for pid in re.findall(r"pid (\d+) 'python", result.stdout)}
    for pid in pids:  # the kernel is gone; its orphan is ours to stop
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    assert result.returncode == 1, result.stdout
    assert "Cell 0 left processes behind" in result.stdout
    assert len(pids) == 1
    assert "Cell 1 left processes behind" in result.stdout  # still there: the last cell too
    assert "2 passed, 2 errors" in result.stdout
