"""tests/shm_left.py: what a run left in /dev/shm that nobody uses is found; what a
process still has open, or what was there before the run, is not.  (The tests look at
their own blocks only: the notebooks' checks, running meanwhile, plant blocks of
their own, and the whole run's check comes after them all; the blocks here have names
of their own, not psm_..., which the notebooks' checks would take for a cell's.)"""

import os
import secrets
import time
from multiprocessing import shared_memory

import pytest

from helpers.tools.leaks import SHM, shm_unlink
from tests import shm_left

pytestmark = pytest.mark.skipif(not os.path.isdir(SHM), reason="no /dev/shm here")


def new_block() -> shared_memory.SharedMemory:
    return shared_memory.SharedMemory(name=f"wbtest-{secrets.token_hex(4)}", create=True,
                                      size=16)


def test_a_block_nobody_uses_is_found_and_one_still_open_is_not():
    began = time.time() - 1
    closed = new_block()
    closed.close()  # nobody uses it now: left
    still_open = new_block()
    try:
        left = shm_left.left_since(began)
        assert closed.name in left and still_open.name not in left
        shm_unlink([closed.name])
        assert not os.path.exists(os.path.join(SHM, closed.name))
    finally:
        still_open.close()
        still_open.unlink()
        try:
            closed.unlink()  # (gone already: this unregisters it from the resource tracker)
        except FileNotFoundError:
            pass


def test_what_was_there_before_the_run_is_not_its_own():
    block = new_block()
    try:
        block.close()
        assert block.name not in shm_left.left_since(time.time() + 3600)
    finally:
        block.unlink()
