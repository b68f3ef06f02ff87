"""Unit-test fixtures: every test runs under a check that it leaves no process behind
(and the whole session under another: see tests/nbval_leaks.py)."""

import os
import time

import pytest

from helpers.recorder import START_METHODS
from helpers.tools.leaks import describe, leftovers
from tests import leakcheck, nbval_leaks
from tests.bounds import SOON


@pytest.fixture(autouse=True)
def no_leftover_processes():
    """Fail a test that leaves a child process (zombies included) behind (but for one
    that a wider fixture keeps running: :data:`tests.leakcheck.KEPT`)."""
    yield
    nbval_leaks.observe_session()  # what is below this process now stays the session's
    deadline = time.monotonic() + SOON  # a just-killed process may take a moment to go
    while (left := leakcheck.not_kept(leftovers(os.getpid()))) and time.monotonic() < deadline:
        time.sleep(0.05)
    if left:
        report = describe(left)
        # named, then ended: the tests after this one start clean
        leakcheck.kill([(proc, "left behind") for proc in left])
        pytest.fail("processes left behind:\n" + report)


@pytest.fixture(params=START_METHODS)
def method(request):
    """Each start method in turn, as the default of this test process."""
    import multiprocessing
    old = multiprocessing.get_start_method(allow_none=True)
    multiprocessing.set_start_method(request.param, force=True)
    yield request.param
    multiprocessing.set_start_method(old, force=True)
