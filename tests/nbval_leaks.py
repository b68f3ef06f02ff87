"""pytest plugin for the lessons run under nbval: no cell may leave a process behind.

After every notebook cell, the kernel's descendants are listed (psutil); any that is
not one of multiprocessing's own helpers (fork server, resource tracker) -- a
running child or a zombie nobody joined -- fails that cell, named.  Loaded for
every pytest run by ``-p tests.nbval_leaks`` in pyproject.toml.
"""

import time

import pytest

from helpers.leaks import describe, leftovers

GRACE = 2.0  # seconds a process that is already dying may take to disappear


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Look before nbval's own teardown (which stops the kernel after the last cell),
    report after it (so the teardown itself always runs)."""
    left = []
    kernel = getattr(item.parent, "kernel", None)  # set on nbval's notebook items
    if kernel is not None and getattr(kernel, "km", None) is not None:
        pid = kernel.km.provisioner.pid
        deadline = time.monotonic() + GRACE
        while (left := leftovers(pid)) and time.monotonic() < deadline:
            time.sleep(0.05)
        message = f"{item.name} left processes behind:\n{describe(left)}"
    result = yield
    if left:
        pytest.fail(message, pytrace=False)
    return result
