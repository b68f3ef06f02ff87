"""Path tidying and the leak finder."""

import os
import sysconfig
from multiprocessing import Process

from helpers.recorder.tracebacks import PROJECT, tidy
from helpers.tools import leaks


def test_tidy():
    stdlib = sysconfig.get_paths()["stdlib"]
    text = (f'File "{stdlib}/multiprocessing/process.py"\n'
            f'File "{os.path.join(PROJECT, "helpers", "workers.py")}"\n'
            'File "/somewhere/x/script.py"')
    assert tidy(text, {"/somewhere/x": ""}) == ('File "<stdlib>/multiprocessing/process.py"\n'
                                               'File "helpers/workers.py"\n'
                                               'File "script.py"')


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
