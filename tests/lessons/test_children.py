"""helpers/lessons/children.py: the children of a check or a measurement are never left
running -- joined within the bound, killed past it, also when the join is interrupted."""

import time
from multiprocessing import Process

import pytest

from helpers.lessons.children import end_all, run_all, running


def sleeper(seconds=30):
    return Process(target=time.sleep, args=(seconds,))


def test_a_child_still_running_after_the_wait_is_killed_and_one_never_started_is_skipped():
    p, never = sleeper(), sleeper()
    p.start()
    t = time.monotonic()
    end_all([never, p], wait=0.2)
    assert p.exitcode == -9 and time.monotonic() - t < 10 and never.pid is None


def test_a_child_that_ends_in_time_is_joined_not_killed():
    run_all(sleeper(0.1))  # (a bound far above 0.1 s: never reached)
    p = sleeper(0.1)
    with running(p):
        pass
    assert p.exitcode == 0


def test_children_of_a_block_that_raises_are_ended_within_the_grace():
    t = time.monotonic()
    with pytest.raises(ValueError), running(sleeper(), sleeper()) as children:
        raise ValueError("the check failed")
    assert all(p.exitcode is not None for p in children)
    assert time.monotonic() - t < 10


def test_an_interrupted_join_still_kills_every_child(monkeypatch):
    first, second = sleeper(), sleeper()
    first.start()
    second.start()

    join, interrupts = first.join, [KeyboardInterrupt()]

    def interrupted_once(timeout=None):  # the ■ button, in the middle of the first join
        if interrupts:
            raise interrupts.pop()
        return join(timeout)
    monkeypatch.setattr(first, "join", interrupted_once)
    with pytest.raises(KeyboardInterrupt):
        end_all([first, second])
    assert first.exitcode == -9 and second.exitcode == -9
