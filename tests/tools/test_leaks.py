"""The leak finder."""

import os
from multiprocessing import Process

from helpers.tools import leaks


def test_leftovers_sees_a_running_child_and_a_zombie():
    p = Process(target=os.system, args=("sleep 5",))
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
    import multiprocessing
    import time

    p = multiprocessing.get_context("forkserver").Process(target=time.sleep, args=(5,))
    p.start()
    try:
        found = leaks.leftovers(os.getpid())
        assert [q.pid for q in found] == [p.pid]  # the fork server itself is not a leak
    finally:
        p.kill()
        p.join()
