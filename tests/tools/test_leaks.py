"""The leak finder."""

import multiprocessing
import os

from helpers.tools import leaks


def test_leftovers_sees_a_running_child_and_a_zombie():
    # forked: a child of this process, which this process reaps (a fork server's child
    # -- forkserver is the default from 3.14 -- is the fork server's to reap)
    p = multiprocessing.get_context("fork").Process(target=os.system, args=("sleep 5",))
    p.start()
    try:
        found = leaks.leftovers(os.getpid())
        assert p.pid in [q.pid for q in found]
        assert f"pid {p.pid}" in leaks.describe(found)
    finally:
        p.kill()
    os.waitid(os.P_PID, p.pid, os.WEXITED | os.WNOWAIT)  # dead but not reaped: a zombie
    assert p.pid in [q.pid for q in leaks.leftovers(os.getpid())]
    p.join()
    assert p.pid not in [q.pid for q in leaks.leftovers(os.getpid())]


def test_leftovers_sees_a_fork_server_child_but_not_the_server():
    import time

    p = multiprocessing.get_context("forkserver").Process(target=time.sleep, args=(5,))
    p.start()
    try:
        found = leaks.leftovers(os.getpid())
        assert [q.pid for q in found] == [p.pid]  # the fork server itself is not a leak
    finally:
        p.kill()
        p.join()


def test_a_segment_is_listed_until_unlinked_with_who_uses_it():
    from multiprocessing import shared_memory

    from helpers.tools.leaks import shm_segments, shm_users
    segment = shared_memory.SharedMemory(create=True, size=64)
    try:
        assert segment.name in shm_segments()
        assert shm_users([segment.name]) == {segment.name: {os.getpid()}}  # open and mapped
        segment.close()
        assert shm_users([segment.name]) == {segment.name: set()}  # closed: nobody's
        assert segment.name in shm_segments()  # ...and still there
    finally:
        segment.unlink()
    assert segment.name not in shm_segments()
