"""pytest plugin: ``--nbval-rerun`` runs every notebook twice in the same kernel.

A learner presses "Run All" twice; the second run must say what the first said: no
"start method already set", no "address already in use", no state left over from
the first run.  With ``--nbval-rerun`` (and ``--nbval``), after a notebook's last
cell its cells are collected again as ``Cell N (run 2)`` and run in the same kernel;
each one's outputs are compared with what the *first* run of that cell produced,
by nbval's own comparison (so with the same sanitize file, skipping images and the
cells marked to be ignored).  Loaded for every pytest run by ``-p tests.nbval_rerun``.
"""

from __future__ import annotations

import copy

import pytest
from nbval.plugin import IPyNbCell

from tests.nbval_items import by_notebook


def pytest_addoption(parser):
    parser.getgroup("nbval").addoption(
        "--nbval-rerun", action="store_true", default=False,
        help="run each notebook a second time in the same kernel and compare every cell's "
             "outputs with the first run's")


class RerunCell(IPyNbCell):
    """A notebook cell run a second time, checked against its first run."""

    def __init__(self, name, parent, cell_num, cell, options, first):
        super().__init__(name, parent, cell_num, cell, options)
        self.first = first

    def reportinfo(self):
        path, line, description = super().reportinfo()
        return path, line, f"{description} (run 2)"

    def runtest(self):
        outputs = self.first.test_outputs
        if outputs is None:
            pytest.fail(f"{self.first.name} did not run the first time", pytrace=False)
        self.cell = copy.copy(self.first.cell)
        self.cell.outputs = outputs  # what the first run produced
        self.cell.execution_count = self.cell.execution_count or 1  # compared even if unrun
        super().runtest()


def pytest_collection_modifyitems(session, config, items):
    if not config.getoption("nbval_rerun"):
        return
    result = []
    for entry in by_notebook(items):
        if not isinstance(entry, list):
            result.append(entry)
            continue
        result.extend(entry)
        result.extend(RerunCell.from_parent(
            cell.parent, name=f"{cell.name} (run 2)", cell_num=cell.cell_num,
            cell=cell.cell, options=cell.options, first=cell) for cell in entry)
    items[:] = result
