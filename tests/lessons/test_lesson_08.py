"""Lesson 08 (terminate and friends): its look at processes from outside, its targets,
and its exercise check."""

import multiprocessing
import multiprocessing.forkserver
import os
import signal
import subprocess
import sys
import time
from multiprocessing import AuthenticationError, Event, Lock, Pipe, Process, current_process
from multiprocessing.connection import Listener
from pathlib import Path

import nbformat
import psutil
import pytest

from helpers import record
from helpers.lessons.l08_terminate import checks, targets
from helpers.recorder import START_METHODS
from helpers.tools.plain_python import run_python
from helpers.tools.process_state import (
    GONE,
    alive_after_terminate,
    has_ended,
    running,
    status,
    wait_for_status,
)
from tests.bounds import SOON

RIGHT = {"return": 0, "sys.exit('再见')": 1, "os._exit(7)": 7, "raise KeyError": 1,
         "terminate()": -15, "kill()": -9}


@pytest.fixture
def sleeper():
    """A child that sleeps 30 s, started by subprocess rather than multiprocessing (so
    nothing reaps it behind the test's back); killed and reaped at the end."""
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    yield proc
    proc.kill()
    proc.wait()


# -- helpers.process_state ----------------------------------------------------------------

@pytest.mark.parametrize("context", ["fork", "spawn"])
def test_a_terminated_child_is_a_zombie_until_joined(context):
    p = multiprocessing.get_context(context).Process(target=time.sleep, args=(10,))
    p.start()
    child = psutil.Process(p.pid)
    assert running(child)
    p.terminate()
    assert wait_for_status(child, "zombie", timeout=SOON) == "zombie"
    assert status(child) == "zombie"  # looking did not reap it
    p.join()
    assert status(child) == GONE and not running(child)
    assert p.exitcode == -15


def test_a_forkserver_child_is_reaped_by_the_fork_server():
    """Why the lesson's zombie cell uses spawn: under forkserver nothing is left for
    this process to reap."""
    p = multiprocessing.get_context("forkserver").Process(target=time.sleep, args=(10,))
    p.start()
    child = psutil.Process(p.pid)
    assert child.ppid() != os.getpid()
    p.terminate()
    assert wait_for_status(child, GONE, timeout=SOON) == GONE
    p.join()


def test_wait_for_status_gives_up_after_the_timeout_with_the_last_status_seen(sleeper):
    proc = psutil.Process(sleeper.pid)
    began = time.monotonic()
    assert wait_for_status(proc, "zombie", timeout=0.2) in ("sleeping", "running")
    assert time.monotonic() - began >= 0.2
    assert not has_ended(proc, timeout=0.1)


def test_has_ended_counts_a_zombie_as_ended(sleeper):
    proc = psutil.Process(sleeper.pid)
    sleeper.kill()
    assert has_ended(proc, timeout=SOON) and status(proc) == "zombie"  # not reaped yet
    sleeper.wait()
    assert status(proc) == GONE


def test_alive_after_terminate_counts_the_race_and_join_ends_it(method):
    assert alive_after_terminate(6) > 3  # what the lesson stores: "True in most tries"
    assert alive_after_terminate(3, then=lambda p: p.join()) == 0
    assert multiprocessing.active_children() == []


# -- the lesson's targets ---------------------------------------------------------------

def test_long_chat_keeps_the_person_apart_from_the_name_and_is_cut_short(method):
    said = Event()
    with record(show=False) as run:
        p = targets.LongChat("哪吒", said)
        p.start()
        assert said.wait(SOON)  # its first line is out: a fixed sleep is a race under load
        p.terminate()
        p.join()
    assert p.person == "哪吒" and p.name.startswith("LongChat-")
    assert [line.text for line in run.children[0].prints] == ["哪吒正在和网红脸聊天"]
    assert p.exitcode == -15


@pytest.mark.parametrize("stop_how", ["terminate", "ask"])
def test_a_terminated_holder_keeps_the_lock_an_asked_one_releases_it(method, stop_how):
    lock, holding, stop = Lock(), Event(), Event()
    with record(show=False) as run:
        holder = Process(target=targets.hold_lock, args=(lock, holding, stop))
        holder.start()
        assert holding.wait(SOON)
        if stop_how == "terminate":
            holder.terminate()
        else:
            stop.set()
        holder.join()
        waiter = Process(target=targets.try_lock, args=(lock, 0.5))
        waiter.start()
        waiter.join()
    printed = [[line.text for line in lane.prints] for lane in run.children]
    if stop_how == "terminate":
        assert printed == [["拿到锁了"], ["lock.acquire(timeout=0.5) -> False"]]
        assert holder.exitcode == -15
    else:
        assert printed == [["拿到锁了", "锁已释放"], ["lock.acquire(timeout=0.5) -> True"]]
        assert holder.exitcode == 0
    assert waiter.exitcode == 0


@pytest.mark.parametrize("parents_sigint", ["as Python sets it", "ignored"])
def test_an_interrupted_holder_releases_the_lock_and_ends_as_it_chose(method, parents_sigint):
    """SIGINT: Process.interrupt() from 3.14, os.kill() before -- a KeyboardInterrupt the
    child catches, its with block run.  Also when the parent ignores SIGINT, as a program
    run in a shell's background does, and its child inherits that."""
    lock, holding = Lock(), Event()
    with record(show=False) as run:
        holder = Process(target=targets.hold_lock_until_interrupted, args=(lock, holding))
        if method == "forkserver":  # (its children inherit the fork server's SIGINT,
            multiprocessing.forkserver.ensure_running()  # which must not start ignoring it)
        previous = signal.getsignal(signal.SIGINT)
        if parents_sigint == "ignored":
            signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            holder.start()
        finally:
            signal.signal(signal.SIGINT, previous)
        assert holding.wait(SOON)
        if sys.version_info >= (3, 14):
            holder.interrupt()
        else:
            os.kill(holder.pid, signal.SIGINT)
        holder.join(SOON)
        waiter = Process(target=targets.try_lock, args=(lock, 0.5))
        waiter.start()
        waiter.join(SOON)
    printed = [[line.text for line in lane.prints] for lane in run.children]
    assert printed == [["拿到锁了", "KeyboardInterrupt: 锁已释放"],
                       ["lock.acquire(timeout=0.5) -> True"]]
    assert holder.exitcode == 0 and waiter.exitcode == 0


def test_a_terminated_processs_child_is_orphaned_not_a_zombie(method):
    pids, child_end = Pipe(duplex=False)
    p = Process(target=targets.start_grandchild, args=(child_end, 30))
    p.start()
    assert pids.poll(SOON)
    grandchild = psutil.Process(pids.recv())
    try:
        assert grandchild.ppid() == p.pid
        p.terminate()
        p.join()
        assert running(grandchild)
        assert grandchild.ppid() not in (p.pid, os.getpid())
    finally:
        grandchild.kill()
        p.kill()
        p.join()
    assert has_ended(grandchild, timeout=SOON)


def test_knock_is_let_in_with_the_inherited_key_only(method):
    with Listener(("127.0.0.1", 0), authkey=current_process().authkey) as door:
        p = Process(target=targets.knock, args=(door.address,))
        p.start()
        door.accept().close()
        p.join()
        assert p.exitcode == 0
        q = Process(target=targets.knock, args=(door.address, b"not the key"))
        q.start()
        with pytest.raises(AuthenticationError, match="digest received was wrong"):
            door.accept()
        q.join()
        assert q.exitcode == 1


def test_end_by_refuses_an_unknown_ending_with_exit_code_1():
    p = Process(target=targets.end_by, args=("fade away",))
    p.start()
    p.join()
    assert p.exitcode == 1


def test_exit_code_experiment_measures_every_ending(method):
    assert checks.exit_code_experiment() == RIGHT


# -- the buffering section: the lesson's own scripts, under every start method ------------

LESSON = Path(__file__).resolve().parents[2] / "notebooks" / "08_terminate.ipynb"
PARENT_SAYS = ["parent: stdout is a terminal: False", "parent: the child has printed: True"]
CHILD_SAYS = ["哪吒正在和网红脸聊天", "哪吒还在和网红脸聊天"]
BUFFERED_RUNS = {  # the script each cell runs -> the lines the lesson stores
    "chat": PARENT_SAYS + ["parent: exit code -15"],
    "asked": PARENT_SAYS + CHILD_SAYS + ["parent: exit code 0"],
    "flushed": PARENT_SAYS[:1] + CHILD_SAYS + PARENT_SAYS[1:] + ["parent: exit code -15"],
    "line_buffered": PARENT_SAYS[:1] + CHILD_SAYS + PARENT_SAYS[1:] + ["parent: exit code -15"],
}


def lesson_scripts() -> dict:
    """The scripts the lesson's buffering cells build (``chat`` and its variations),
    taken from the notebook: every line of those cells but their ``run_python``."""
    names = {}
    for cell in nbformat.read(LESSON, as_version=4).cells:
        if cell.cell_type == "code" and "buffered=True" in cell.source:
            exec("\n".join(line for line in cell.source.splitlines()
                           if not line.startswith("run_python(")), {}, names)
    assert set(names) == set(BUFFERED_RUNS)
    return names


def with_start_method(script: str, method: str) -> str:
    guard = "if __name__ == '__main__':\n"
    assert guard in script
    return script.replace(guard, guard + f"    mp.set_start_method({method!r})\n")


@pytest.mark.parametrize("start_method", START_METHODS)
def test_the_buffering_scripts_print_the_same_under_every_start_method(start_method):
    """The lesson runs them with the default method; its prose says the method makes
    no difference."""
    for name, script in lesson_scripts().items():
        result = run_python(with_start_method(script, start_method), buffered=True)
        assert (name, result.output.splitlines()) == (name, BUFFERED_RUNS[name])
        assert result.returncode == 0


def test_unbuffered_the_terminated_child_keeps_its_lines():
    result = run_python(lesson_scripts()["chat"])
    assert result.output.splitlines() == (PARENT_SAYS[:1] + CHILD_SAYS + PARENT_SAYS[1:]
                                          + ["parent: exit code -15"])


def _piped(args: list[str], code: str) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    done = subprocess.run([sys.executable, *args, "-c", code], env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=SOON, check=True)
    return done.stdout.splitlines()


@pytest.mark.parametrize("start_method", START_METHODS)
def test_python_u_reaches_forked_children_only(start_method):
    code = with_start_method(f"""
import multiprocessing as mp, os

def child():
    print('child')
    os._exit(0)

if __name__ == '__main__':
    p = mp.Process(target=child)
    p.start()
    p.join({SOON})
""", start_method)
    assert _piped(["-u"], code) == (["child"] if start_method == "fork" else [])


def test_start_flushes_the_parent_a_bare_fork_does_not():
    before = "import multiprocessing as mp, os\nprint('parent')\n"
    started = before + ("p = mp.get_context('fork').Process(target=print, args=('child',))\n"
                        f"p.start()\np.join({SOON})\n")
    forked = before + ("pid = os.fork()\n"
                       "if pid == 0:\n    print('child')\nelse:\n    os.waitpid(pid, 0)\n")
    assert _piped([], started) == ["parent", "child"]
    assert _piped([], forked) == ["parent", "child", "parent"]  # the child's copy, then its own


# -- the exercise check -------------------------------------------------------------------

def test_check_exit_codes_accepts_the_right_answer():
    verdict = checks.check_exit_codes(dict(RIGHT))
    assert verdict and verdict.text.startswith("Right:")
    assert "terminate() → -15" in verdict.text


@pytest.mark.parametrize("answer", [None, "0, 1, 7", [0, 1, 7, 1, -15, -9], 42, RIGHT.items()])
def test_check_exit_codes_wants_a_dict(answer):
    verdict = checks.check_exit_codes(answer)
    assert not verdict and "dict" in verdict.text


def test_check_exit_codes_names_missing_and_unexpected_keys():
    answer = {k: v for k, v in RIGHT.items() if k != "kill()"} | {"kill": -9}
    verdict = checks.check_exit_codes(answer)
    assert not verdict and "missing: ['kill()']" in verdict.text and "'kill'" in verdict.text


@pytest.mark.parametrize("value", [True, -15.0, "-15", None])
def test_check_exit_codes_wants_whole_numbers(value):
    verdict = checks.check_exit_codes(RIGHT | {"terminate()": value})
    assert not verdict and "whole number" in verdict.text and "terminate()" in verdict.text


def test_check_exit_codes_hints_at_each_wrong_prediction():
    answer = RIGHT | {"terminate()": 15, "sys.exit('再见')": 0}
    verdict = checks.check_exit_codes(answer)
    assert not verdict
    assert "SIGTERM" in verdict.text and "not an int" in verdict.text
    assert "kill()" not in verdict.text and "os._exit" not in verdict.text


def test_check_exit_codes_says_so_when_the_children_cannot_run(monkeypatch):
    def broken():
        raise OSError("no more processes")

    monkeypatch.setattr(checks, "exit_code_experiment", broken)
    verdict = checks.check_exit_codes(dict(RIGHT))
    assert not verdict and "OSError: no more processes" in verdict.text
