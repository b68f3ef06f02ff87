"""tests/shmcheck.py: a block this run left is named; another run's block, seen in use by
one of its processes or unlinked a moment after it was closed, is not taken for ours."""

import multiprocessing
import os
import secrets
import time
from multiprocessing import shared_memory

import pytest

from helpers.tools.leaks import SHM, shm_segments
from tests.shmcheck import blocks_left

pytestmark = pytest.mark.skipif(not os.path.isdir(SHM), reason="no /dev/shm here")
GRACE = 0.3


def just_me() -> set[int]:
    return {os.getpid()}


def closed_block(name: str | None = None) -> shared_memory.SharedMemory:
    block = shared_memory.SharedMemory(name=name, create=True, size=16)
    block.close()
    return block


def test_a_block_closed_and_never_unlinked_is_named_after_the_grace():
    before = shm_segments()
    block, t0 = closed_block(), time.monotonic()
    try:
        assert blocks_left(before, just_me, GRACE) == {block.name: set()}
        assert time.monotonic() - t0 >= GRACE
    finally:
        block.unlink()


def test_a_block_still_open_here_is_named_with_this_process():
    before = shm_segments()
    block = shared_memory.SharedMemory(create=True, size=16)
    try:
        assert blocks_left(before, just_me, GRACE) == {block.name: {os.getpid()}}
    finally:
        block.close()
        block.unlink()


def test_another_runs_block_unlinked_a_moment_after_it_was_closed_is_not_ours():
    """Another run's block appears, closed, late in the check's wait (kept waiting by a
    block of ours) and is unlinked a moment later -- after the time a check counted from
    its own start would have ended.  It is not named.  How long the moment lasts does not
    matter (here it is counted by the check's own looks); that it ends does."""
    before = shm_segments()
    mine, t0, theirs = closed_block(), time.monotonic(), []

    def ours() -> set[int]:
        elapsed = time.monotonic() - t0
        if not theirs and elapsed >= GRACE * 0.8:
            theirs.append(closed_block())
        elif theirs and elapsed >= GRACE * 1.3 and theirs[0].name in shm_segments():
            theirs[0].unlink()  # (the other run's unlink, at last)
        return just_me()

    try:
        assert blocks_left(before, ours, GRACE) == {mine.name: set()}
        assert theirs and theirs[0].name not in shm_segments()
    finally:
        mine.unlink()


def hold(name: str, ready, release) -> None:
    """Child: keep the block open until released (a plain open: no resource tracker)."""
    with open(os.path.join(SHM, name), "rb"):
        ready.set()
        release.wait(60)


def test_a_block_seen_in_use_by_another_process_is_never_ours_even_once_closed():
    """The other process closes its block, and leaves it there, while the check still
    looks (for a block of ours it waits out the grace on): named is ours alone."""
    before = shm_segments()
    theirs = closed_block()
    ctx = multiprocessing.get_context("fork")
    ready, release = ctx.Event(), ctx.Event()
    other = ctx.Process(target=hold, args=(theirs.name, ready, release))
    other.start()
    mine = None
    try:
        assert ready.wait(60)
        mine, looks = closed_block(), []

        def ours() -> set[int]:
            looks.append(1)
            if len(looks) == 2:  # seen in use once: now it is closed, and left there
                release.set()
                other.join(60)
            return just_me()

        assert blocks_left(before, ours, GRACE) == {mine.name: set()}
        assert len(looks) > 2 and theirs.name in shm_segments()
    finally:
        release.set()
        other.join(60)
        for block in (theirs, mine):
            if block is not None:
                block.unlink()


def test_only_made_up_names_count_unless_told():
    before = shm_segments()
    block = closed_block(f"wbtest-{secrets.token_hex(4)}")
    try:
        assert blocks_left(before, just_me, GRACE) == {}
        assert blocks_left(before, just_me, GRACE, counted=lambda name: True) == {
            block.name: set()}
    finally:
        block.unlink()
