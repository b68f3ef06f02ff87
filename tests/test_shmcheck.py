"""tests/shmcheck.py: a block this run left is named; another run's block, seen in use by
one of its processes or unlinked a moment after it was closed, is not taken for ours.

The check's clock is the test's (each of its pauses moves it on by a tenth of the grace),
so that what happens at which moment of the wait is decided here, not by the machine's
load; and only this test's blocks count (other test workers make theirs meanwhile), under
names no other run counts (a notebook's check, running at the same time, would take a
``psm_`` block of this test, closed and kept, for its cell's)."""

import os
import secrets
import subprocess
import sys
from multiprocessing import shared_memory
from types import SimpleNamespace

import pytest

from helpers.tools.leaks import SHM, shm_segments
from tests import shmcheck
from tests.bounds import SOON
from tests.shmcheck import blocks_left

pytestmark = pytest.mark.skipif(not os.path.isdir(SHM), reason="no /dev/shm here")
GRACE = 1.0
PREFIX = f"wbshmcheck-{secrets.token_hex(3)}-"  # (no other run counts these: not psm_)


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    """The check's clock: ``clock.now``, moved on by a tenth of the grace at each pause."""
    fake = SimpleNamespace(now=0.0)
    fake.monotonic = lambda: fake.now
    fake.sleep = lambda seconds: setattr(fake, "now", fake.now + GRACE / 10)
    monkeypatch.setattr(shmcheck, "time", fake)
    return fake


def just_me() -> set[int]:
    return {os.getpid()}


def ours_only(name: str) -> bool:
    return name.startswith(PREFIX)


def closed_block(prefix: str = PREFIX) -> shared_memory.SharedMemory:
    block = shared_memory.SharedMemory(name=prefix + secrets.token_hex(4), create=True,
                                       size=16)
    block.close()
    return block


def unlink(*blocks) -> None:
    for block in blocks:
        if block is not None and block.name in shm_segments():
            block.unlink()


def test_a_block_closed_and_never_unlinked_is_named_after_the_grace(clock):
    before = shm_segments()
    block = closed_block()
    try:
        assert blocks_left(before, just_me, GRACE, ours_only) == {block.name: set()}
        assert clock.now >= GRACE
    finally:
        unlink(block)


def test_a_block_still_open_here_is_named_with_this_process():
    before = shm_segments()
    block = shared_memory.SharedMemory(name=PREFIX + secrets.token_hex(4), create=True,
                                       size=16)
    try:
        assert blocks_left(before, just_me, GRACE, ours_only) == {block.name: {os.getpid()}}
    finally:
        block.close()
        block.unlink()


def test_another_runs_block_unlinked_a_moment_after_it_was_closed_is_not_ours(clock):
    """Another run's block appears, closed, late in the check's wait (kept waiting by a
    block of ours), and is unlinked a moment later -- after the time a check counted
    from its own start would have ended.  It is not named."""
    before = shm_segments()
    mine, theirs = closed_block(), []

    def ours() -> set[int]:
        if not theirs and clock.now >= 0.5 * GRACE:
            theirs.append(closed_block())
        elif theirs and clock.now >= 1.3 * GRACE:
            unlink(theirs[0])  # (the other run's unlink, at last)
        return just_me()

    try:
        assert blocks_left(before, ours, GRACE, ours_only) == {mine.name: set()}
        assert theirs and theirs[0].name not in shm_segments()
    finally:
        unlink(mine, *theirs)


def test_blocks_that_keep_coming_cannot_stretch_the_wait_for_ever(clock):
    """A new closed block of another run at every look, each unlinked a quarter of a
    grace later: the check ends after LONGEST graces with the block of ours, and none
    of theirs."""
    before = shm_segments()
    mine, theirs = closed_block(), []

    def ours() -> set[int]:
        theirs.append((clock.now, closed_block()))
        for made, block in theirs:
            if clock.now - made >= GRACE / 4:
                unlink(block)
        return just_me()

    try:
        assert blocks_left(before, ours, GRACE, ours_only) == {mine.name: set()}
        assert shmcheck.LONGEST * GRACE <= clock.now < (shmcheck.LONGEST + 1) * GRACE
    finally:
        unlink(mine, *(block for _, block in theirs))


HOLD = ("import sys\n"
        "with open(sys.argv[1], 'rb'):\n"
        "    print('open', flush=True)\n"
        "    sys.stdin.read()  # until the test closes it\n")


def test_a_block_seen_in_use_by_another_process_is_never_ours_even_once_closed():
    """Another process (not ours: a program of its own) holds its block open, then
    closes it, and leaves it there, while the check still looks (for a block of ours it
    waits out the grace on): named is ours alone."""
    before = shm_segments()
    theirs = closed_block()
    other = subprocess.Popen([sys.executable, "-c", HOLD, os.path.join(SHM, theirs.name)],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    mine = None
    try:
        assert other.stdout.readline() == "open\n"
        mine, looks = closed_block(), []

        def ours() -> set[int]:
            looks.append(1)
            if len(looks) == 3:  # seen in use once: now it is closed, and left there
                other.stdin.close()
                other.wait(SOON)
            return just_me()

        assert blocks_left(before, ours, GRACE, ours_only) == {mine.name: set()}
        assert len(looks) > 3 and theirs.name in shm_segments()
    finally:
        if other.poll() is None:
            other.kill()
        other.wait(SOON)
        unlink(theirs, mine)


def test_only_made_up_names_count_unless_told():
    before = shm_segments()
    block = closed_block(f"wbtest-{secrets.token_hex(2)}-")
    try:
        assert block.name not in blocks_left(before, just_me, GRACE)
        assert blocks_left(before, just_me, GRACE, counted=lambda name: name == block.name) \
            == {block.name: set()}
    finally:
        unlink(block)
