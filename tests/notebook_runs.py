"""Synthetic notebooks, and pytest run on them in a new process with this suite's nbval
plugins: how the plugins' own tests see what a notebook run reports."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PLUGINS = ["-p", "no:cacheprovider", "-p", "tests.nbval_leaks", "-p", "tests.nbval_rerun",
           "-p", "tests.nbval_order", "-p", "tests.nbval_bounds"]


def write_notebook(path, cells) -> None:
    """A notebook of ``cells``, each (its source, its stored outputs), after a title."""
    nb = new_notebook(cells=[new_markdown_cell("# synthetic")])
    for count, (source, outputs) in enumerate(cells, 1):
        nb.cells.append(new_code_cell(source, outputs=outputs, execution_count=count))
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, path)


def pytest_run(tmp_path, *args, timeout=120) -> tuple[int, str]:
    """pytest with ``args`` and the plugins, rooted at ``tmp_path``: its exit status and
    what it printed (colours removed)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"}
    env["COLUMNS"] = "80"  # a summary line's reason is shown or cut as the width allows
    result = subprocess.run(
        [sys.executable, "-m", "pytest", *PLUGINS, "--rootdir", str(tmp_path), *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    return result.returncode, re.sub(r"\x1b\[[0-9;]*m", "", result.stdout + result.stderr)
