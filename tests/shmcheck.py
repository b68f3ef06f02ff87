"""Which shared memory blocks a test (or a notebook cell) left in /dev/shm, told apart from
the blocks of the other runs that share the machine at the same moment.

A block's name does not say who made it, and other runs make and drop blocks all the
time: a notebook's script closes its block and exits, and the block stays until the
script's resource tracker or the kernel unlinks it a moment later; a test interrupts a
script on purpose and unlinks its block afterwards.  So a block counts as left by the
run whose processes are ``ours`` only when

- it appeared since ``before`` and has a name such a run makes up (``psm_...``, or the
  run's own prefix: see ``counted``);
- no process outside ``ours`` was ever seen using it (open or mapped) -- one that was is
  another run's, whatever happens to it later;
- it stayed so, still there, for ``grace`` seconds *from the moment it was first seen
  so*, however late in the wait that was: another run's block, closed a moment before
  its unlink, is gone by then unless that run is stalled for longer than ``grace``,
  while a leaked block stays for ever.

The wait costs nothing when no block is in doubt, and about ``grace`` when one is; other
runs' blocks that keep coming cannot stretch it past ``LONGEST`` times ``grace``.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from helpers.tools.leaks import shm_segments, shm_unlink, shm_users

LONGEST = 5  # the wait's bound, in graces


def made_up(name: str) -> bool:
    """A name ``SharedMemory(create=True)`` makes up, and the lessons' checks imitate."""
    return name.startswith("psm_")


def blocks_left(before: set[str], ours: Callable[[], set[int]], grace: float,
                counted: Callable[[str], bool] = made_up) -> dict[str, set[int]]:
    """The blocks left by the run whose processes ``ours()`` lists now (see the module's
    docstring), each with the pids of ours that still use it (empty: closed everywhere,
    never unlinked)."""
    others: set[str] = set()  # seen in use outside ours: another run's
    doubtful_since: dict[str, float] = {}
    began = time.monotonic()
    while True:
        now = time.monotonic()
        new = {name for name in shm_segments() - before if counted(name)} - others
        mine = ours()
        users = shm_users(new)
        mine |= ours()  # (a child started while /proc was read is ours too)
        present = shm_segments()  # (a block unlinked while /proc was read is gone)
        left = {}
        for name, pids in users.items():
            if pids - mine:
                others.add(name)
            elif name in present:
                left[name] = pids
        doubtful_since = {name: doubtful_since.get(name, now) for name in left}
        if all(now - since >= grace for since in doubtful_since.values()):
            return left
        if now - began >= LONGEST * grace:
            return {name: left[name] for name, since in doubtful_since.items()
                    if now - since >= grace}
        time.sleep(0.05)


def unlink_blocks_left(before: set[str], ours: Callable[[], set[int]], grace: float,
                       counted: Callable[[str], bool] = made_up) -> dict[str, set[int]]:
    """:func:`blocks_left`, each then unlinked: a check names what a run left once, and
    leaves nothing behind for the next."""
    left = blocks_left(before, ours, grace, counted)
    shm_unlink(left)
    return left


def family(pid: int) -> Callable[[], set[int]]:
    """``ours`` for a run that is process ``pid`` and its descendants (listed each time
    asked: children come and go)."""
    import psutil

    def now() -> set[int]:
        try:
            return {pid, *(p.pid for p in psutil.Process(pid).children(recursive=True))}
        except psutil.Error:
            return {pid}
    return now
