"""The subprocess runner's clean-up: what it kills, with process groups and without."""

import os
import subprocess
import sys

import psutil
import pytest

from helpers.tools import runner
from tests.bounds import SOON

TREE = """
import subprocess, sys, time
child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])
print(child.pid, flush=True)
time.sleep(60)
"""


def _gone(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


@pytest.fixture
def tree():
    """A Python that started a Python: (the Popen, the grandchild's pid)."""
    proc = subprocess.Popen([sys.executable, "-c", TREE], stdout=subprocess.PIPE, text=True)
    grandchild = int(proc.stdout.readline())
    yield proc, grandchild
    for pid in (proc.pid, grandchild):
        if not _gone(pid):
            os.kill(pid, 9)
    proc.wait(SOON)
    proc.stdout.close()


def test_kill_tree_ends_a_process_and_what_it_started(tree):
    proc, grandchild = tree
    runner.kill_tree(proc.pid)
    assert proc.wait(SOON) == -9
    assert _gone(grandchild)


def test_without_process_groups_the_runner_kills_the_tree(tree, monkeypatch):
    proc, grandchild = tree
    monkeypatch.delattr(os, "killpg")  # as on Windows
    runner._kill_group(proc.pid)
    assert proc.wait(SOON) == -9
    assert _gone(grandchild)


def test_kill_tree_of_a_process_that_is_gone_does_nothing():
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait(SOON)
    runner.kill_tree(proc.pid)  # no error
