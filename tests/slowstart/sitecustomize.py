"""Make every child process start late, as on a machine many times slower.

Put this folder on ``PYTHONPATH`` and set ``WORKBOOK_SLOW_START`` to a number of
seconds: in every Python started with that environment (a kernel, the children it
spawns, a script run by ``helpers.scripts``; forked children inherit the patch), a
``multiprocessing`` child waits a random 0..WORKBOOK_SLOW_START seconds before its
target runs (a quarter of that under fork, 0.6 of it under forkserver: a busy machine
slows each method in proportion to its cost, and fork stays the fastest).  Start-up is
what a busy machine stretches most (spawn: 30 ms idle, up to 0.5 s under load), so a
stored claim that relies on which child started first, or on a child starting within
a pause, fails here on almost every run instead of once a week in CI.
"""

import os
import random

_most = float(os.environ.get("WORKBOOK_SLOW_START") or 0)

_SHARE = {"fork": 0.25, "forkserver": 0.6, "spawn": 1.0}

if _most > 0:
    import multiprocessing
    import time
    from multiprocessing import process as _mp

    _bootstrap = _mp.BaseProcess._bootstrap

    def _late_bootstrap(self, *args, **kwargs):
        method = getattr(self, "_start_method", None) or multiprocessing.get_start_method()
        time.sleep(random.uniform(0, _most) * _SHARE.get(method, 1.0))
        return _bootstrap(self, *args, **kwargs)

    _mp.BaseProcess._bootstrap = _late_bootstrap
