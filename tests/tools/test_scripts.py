"""The script runner: a real __main__, a real interpreter exit, a recorded timeline."""

import signal

import pytest

from helpers.recorder import START_METHODS
from helpers.tools.scripts import run_script
from tests.bounds import SOON, WHOLE_SCRIPT

DAEMON = """
import time
from multiprocessing import Event, Process

def foo(started):
    print(123)
    started.set()
    time.sleep(3)
    print("end123")

def bar(started):
    print(456)
    started.set()
    time.sleep(1.5)
    print("end456")

if __name__ == '__main__':
    events = [Event(), Event()]
    p1 = Process(target=foo, args=(events[0],))
    p2 = Process(target=bar, args=(events[1],))
    p1.daemon = True
    p1.start()
    p2.start()
    for started in events:  # both have printed (a fixed sleep is a race under load)
        started.wait()
    print("main-------")
"""

UNGUARDED = """
from multiprocessing import Process

def f(name):
    print('hello', name)

p = Process(target=f, args=('bob',))
p.start()
p.join()
print('exit code', p.exitcode)
"""


@pytest.mark.parametrize("method", START_METHODS)
def test_daemon_is_terminated_when_main_code_ends(method):
    result = run_script(DAEMON, method)
    assert result.returncode == 0 and result.start_method == method
    lines = result.output.splitlines()
    assert sorted(lines[:2]) == ["123", "456"]
    assert lines[2:] == ["main-------", "end456"]
    daemon, other = result.run.children
    assert daemon.exitcode == -signal.SIGTERM and [p.text for p in daemon.prints] == ["123"]
    assert other.exitcode == 0
    terminate = [a for a in result.run.lanes[0].actions if a.kind == "terminate"]
    assert [(a.child, a.by) for a in terminate] == [(daemon.pid, "at exit")]
    assert result.run.code_end < terminate[0].t


def test_unguarded_script_under_spawn_shows_the_true_error():
    result = run_script(UNGUARDED, "spawn")
    assert "RuntimeError: \n        An attempt has been made to start a new process" \
        in result.output
    assert 'File "script.py", line 7, in <module>\n    p.start()' in result.output
    assert "exit code 1" in result.output
    assert "/tmp" not in result.output and "workbook-script-" not in result.output


def test_unguarded_script_works_under_fork():
    result = run_script(UNGUARDED, "fork")
    assert result.output == "hello bob\nexit code 0\n"


def test_an_error_in_the_script_is_shown_without_the_runner():
    result = run_script("x = 1\nraise ValueError('bad')\n", "fork")
    assert result.returncode == 1
    assert result.output == ('Traceback (most recent call last):\n'
                             '  File "script.py", line 2, in <module>\n'
                             "    raise ValueError('bad')\n"
                             "ValueError: bad\n")


def test_timeout_kills_everything():
    code = """
    import time
    from multiprocessing import Process
    if __name__ == '__main__':
        Process(target=time.sleep, args=(30,)).start()
        time.sleep(30)
    """
    with pytest.raises(TimeoutError, match="did not end within 1 s"):
        run_script(code, "fork", timeout=1)


@pytest.mark.parametrize("kwargs, message", [
    ({"code": b"print(1)"}, "code must be the script's text"),
    ({"code": "", "start_method": "threads"}, "start_method must be one of"),
    ({"code": "", "timeout": 0}, "timeout must be a number of seconds > 0"),
])
def test_bad_arguments(kwargs, message):
    with pytest.raises((TypeError, ValueError), match=message):
        run_script(**kwargs)


def test_a_failing_start_shows_no_recorder_frames():
    code = """
    from multiprocessing import Process
    if __name__ == '__main__':
        p = Process(target=print)
        p.start()
        p.join()
        p.start()
    """
    result = run_script(code, "fork")
    assert result.returncode == 1
    assert "helpers/" not in result.output and "families/process.py" not in result.output
    assert result.output.splitlines()[-1] == "AssertionError: cannot start a process twice"
    assert 'File "<stdlib>/multiprocessing/process.py"' in result.output


THREAD_KEEPS_DAEMON = f"""
import threading
import time
from multiprocessing import Event, Process

def daemon_task(go, printed):
    go.wait({SOON})
    print('daemon: after the main code')
    printed.set()
    time.sleep(30)

def thread_task(go, printed):
    threading.main_thread().join({SOON})
    go.set()
    printed.wait({SOON})
    print('thread: done')

if __name__ == '__main__':
    go, printed = Event(), Event()
    Process(target=daemon_task, args=(go, printed), daemon=True).start()
    threading.Thread(target=thread_task, args=(go, printed)).start()
    print('main: done')
"""


@pytest.mark.parametrize("method", START_METHODS)
def test_the_real_interpreter_waits_for_threads_before_it_terminates_daemons(method):
    result = run_script(THREAD_KEEPS_DAEMON, method, timeout=WHOLE_SCRIPT)
    assert result.returncode == 0
    assert result.output.splitlines() == ["main: done", "daemon: after the main code",
                                          "thread: done"]
    (daemon,) = result.run.children
    assert daemon.exitcode == -signal.SIGTERM
    parent = result.run.lanes[0]
    (terminate,) = [a for a in parent.actions if a.kind == "terminate"]
    thread_done = next(p.t for p in parent.prints if p.text == "thread: done")
    assert terminate.by == "at exit" and result.run.code_end < thread_done < terminate.t
