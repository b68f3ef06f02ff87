"""Lesson 02 (join): its worker and its two exercise checks."""

import math
import multiprocessing.connection
import time
from multiprocessing import Process

import pytest

from helpers import record
from helpers.lessons.l02_join import checks, targets
from tests import targets as test_targets

PAUSE = 0.2  # the children's sleep in these tests: short, but longer than a start-up


# -- the worker ------------------------------------------------------------------------------

def test_sleep_then_hello_prints_after_its_sleep(method):
    with record(show=False) as run:
        p = Process(target=targets.sleep_then_hello, args=("bob", PAUSE))
        p.start()
        p.join()
    (child,) = run.children
    assert [line.text for line in child.prints] == ["hello bob"]
    assert child.prints[0].t - child.began >= PAUSE
    assert child.exitcode == 0


# -- check_wall_times --------------------------------------------------------------------------

@pytest.mark.parametrize("answer", [(2.0, 0.5), [2.2, 0.6], (2, 0.5), (1.8, 0.4), (2.6, 0.9)])
def test_wall_times_right(answer):
    verdict = checks.check_wall_times(answer)
    assert verdict and repr(verdict).startswith("Right: inside the loop each join() waits")


@pytest.mark.parametrize("answer, hint", [
    (None, "two numbers of seconds"),
    ("2, 0.5", "two numbers of seconds"),
    ((2.0,), "two numbers of seconds"),
    ((2.0, 0.5, 1.0), "two numbers of seconds"),
    ((2.0, "0.5"), "two numbers of seconds"),
    ((True, 0.5), "two numbers of seconds"),
    ((math.nan, 0.5), "two numbers of seconds"),
    ((2.0, math.inf), "two numbers of seconds"),
    ((-2.0, 0.5), "two numbers of seconds"),
    ((0.5, 2.0), "the other way round"),
    ((0.5, 0.5), "the 4 sleeps of 0.5 s come one after another"),
    ((5.0, 0.5), "more than 4 sleeps"),
    ((2.0, 2.0), "their sleeps overlap"),
    ((2.0, 0.0), "join() still waits until the children have ended"),
])
def test_wall_times_wrong_answers_get_a_hint(answer, hint):
    verdict = checks.check_wall_times(answer)
    assert not verdict
    assert repr(verdict).startswith("Not yet: ") and hint in repr(verdict)


def test_wall_times_survives_an_object_that_cannot_be_shown():
    class Broken:
        def __repr__(self):
            raise RuntimeError("no repr")

    assert not checks.check_wall_times(Broken())


# -- check_greet_all: candidate answers (they run in this process; their children's
#    targets are importable, as spawn needs) ----------------------------------------------------

def join_after_the_loop(names):
    p_lst = []
    for name in names:
        p = Process(target=targets.sleep_then_hello, args=(name, PAUSE))
        p.start()
        p_lst.append(p)
    for p in p_lst:
        p.join()


def join_inside_the_loop(names):
    for name in names:
        p = Process(target=targets.sleep_then_hello, args=(name, PAUSE))
        p.start()
        p.join()


def no_join(names):
    for name in names:
        Process(target=targets.sleep_then_hello, args=(name, PAUSE)).start()


def join_only_the_last(names):
    for name in names:
        p = Process(target=targets.sleep_then_hello, args=(name, PAUSE))
        p.start()
    p.join()


def join_with_a_short_timeout(names):
    p_lst = [Process(target=targets.sleep_then_hello, args=(name, 1.0)) for name in names]
    for p in p_lst:
        p.start()
    for p in p_lst:
        p.join(0.01)


def wait_for_the_sentinels(names):
    p_lst = [Process(target=targets.sleep_then_hello, args=(name, PAUSE)) for name in names]
    for p in p_lst:
        p.start()
    pending = [p.sentinel for p in p_lst]
    while pending:  # wait() returns as soon as one is ready
        for sentinel in multiprocessing.connection.wait(pending):
            pending.remove(sentinel)


def poll_is_alive(names):
    p_lst = [Process(target=targets.sleep_then_hello, args=(name, PAUSE)) for name in names]
    for p in p_lst:
        p.start()
    while any(p.is_alive() for p in p_lst):
        time.sleep(0.01)


def join_before_start(names):
    p = Process(target=targets.sleep_then_hello, args=(names[0], PAUSE))
    p.join()


def one_child_for_all(names):
    p = Process(target=targets.sleep_then_hello, args=(", ".join(names), PAUSE))
    p.start()
    p.join()


def children_that_fail(names):
    p_lst = [Process(target=test_targets.boom) for _ in names]
    for p in p_lst:
        p.start()
    for p in p_lst:
        p.join()


def test_greet_all_right(method, capsys):
    verdict = checks.check_greet_all(join_after_the_loop)
    assert verdict and repr(verdict).startswith("Right: all 3 children were started before")
    assert capsys.readouterr().out == ""  # the children's lines stay out of the cell


@pytest.mark.parametrize("answer, hint", [
    (None, "pass your function itself"),
    (42, "pass your function itself"),
    (join_inside_the_loop, "the children ran one at a time"),
    (no_join, "returned before 3 of the children had ended"),
    (join_only_the_last, "joins only the last p"),
    (join_with_a_short_timeout, "join(timeout) returns when the time is up"),
    (join_before_start, "can only join a started process -- join() only works on a process"),
    (lambda: None, "raised TypeError"),
    (one_child_for_all, "started 1 child for 3 names"),
    (children_that_fail, "raised ZeroDivisionError: division by zero and exited with exit code 1"),
])
def test_greet_all_wrong_answers_get_a_hint(answer, hint, capsys):
    verdict = checks.check_greet_all(answer)
    assert not verdict
    assert repr(verdict).startswith("Not yet: ") and hint in repr(verdict)
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("answer", [wait_for_the_sentinels, poll_is_alive])
def test_greet_all_that_waits_without_join_is_told_to_join(method, answer, capsys):
    """Its children had ended when it returned (no "returned before" hint), unjoined."""
    verdict = checks.check_greet_all(answer)
    assert not verdict
    assert repr(verdict) == ("Not yet: the children ended, but greet_all never joined them: "
                             "call join() on each (join() is what waits for a child and "
                             "reaps it; without it an ended child stays a zombie until "
                             "something else reaps it)")
    assert capsys.readouterr().out == ""


def test_greet_all_inside_a_recording_is_a_hint_not_a_crash():
    with record(show=False):
        verdict = checks.check_greet_all(join_after_the_loop)
    assert not verdict and "record() is already active" in repr(verdict)
