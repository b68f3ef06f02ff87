"""What a whole ``make test`` left in /dev/shm: run after its jobs, by the Makefile.

``python -m tests.shm_left SINCE`` (SINCE: seconds since the epoch, when the run began)
lists what appeared in /dev/shm since then and is still there -- shared memory blocks
(``psm_...``) and the named semaphores of locks and events made under spawn and
forkserver (``sem.mp-...``) -- and that no process has open or mapped, in two looks
``GRACE`` s apart: nobody can use it any more, nobody will unlink it.  Each is named,
unlinked, and the run fails (exit status 1).  The per-cell check of tests/nbval_leaks.py
names the cell that leaves a block; this one also catches what no cell made: a kernel
or a script killed before its exit handlers and its resource tracker could clean up.
"""

from __future__ import annotations

import os
import sys
import time

from helpers.tools.leaks import SHM, shm_unlink, shm_users
from tests.leakcheck import GRACE


def made_since(since: float) -> set[str]:
    """The entries of /dev/shm whose last change came after ``since``."""
    try:
        names = os.listdir(SHM)
    except OSError:
        return set()
    made = set()
    for name in names:
        try:
            if os.stat(os.path.join(SHM, name)).st_mtime >= since:
                made.add(name)
        except OSError:  # unlinked meanwhile
            continue
    return made


def left_since(since: float) -> list[str]:
    """What appeared since ``since`` and nobody uses, in two looks GRACE s apart."""
    unused = {name for name, users in shm_users(made_since(since)).items() if not users}
    time.sleep(GRACE)
    still = made_since(since) & unused
    return sorted(name for name, users in shm_users(still).items() if not users)


def main(argv: list[str]) -> int:
    left = left_since(float(argv[1]))
    if not left:
        return 0
    print(f"the run left {len(left)} entries in {SHM} that nobody uses (now unlinked):")
    print("\n".join(f"  {name}" for name in left))
    shm_unlink(left)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
