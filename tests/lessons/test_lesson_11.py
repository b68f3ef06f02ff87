"""Lesson 11 (signals): its traffic light, KTV room, kitchen and race run for real, and
its exercise check.  (The notebook's cells run under every start method in nbval.)"""

import multiprocessing
from multiprocessing import Barrier, Condition, Event, Process, Semaphore, Value

import pytest

from helpers import began, record
from helpers.families.sync import most_holders
from helpers.lessons.l11_signals import checks, targets
from tests.bounds import SOON
from tests.processes import start_and_join

RIGHT = {"e.wait(timeout=0.2), nobody sets e": "False",
         "e.wait(timeout=0.2) after e.set()": "True",
         "release() of a BoundedSemaphore(1) nobody holds": "ValueError",
         "b.wait(timeout=0.2) on a Barrier(2), alone": "BrokenBarrierError",
         "c.notify() without holding c": "AssertionError"}


def printed(run):
    return [p.text for lane in run.children for p in lane.prints]


def test_every_car_goes_when_the_light_turns_green():
    with record(show=False) as run:
        green = Event()
        start_and_join([Process(target=targets.light, args=(green, 0.3), name="light")]
                       + [Process(target=targets.car, args=(green,)) for _ in range(3)])
    assert printed(run) == ["wait() returned True"] * 3
    assert "Event-1: set once; 3 wait() calls: 3 returned True." in run.summary()


def test_a_light_terminated_before_green_leaves_the_car_to_time_out():
    with record(show=False) as run:
        green = Event()
        lamp = Process(target=targets.light, args=(green, 10.0))
        lamp.start()
        assert began(lamp, timeout=SOON)
        lamp.terminate()
        lamp.join()
        start_and_join([Process(target=targets.car, args=(green, 0.2))])
    assert printed(run) == ["wait() returned False"]
    assert "Event-1: 1 wait() call: 1 timed out (False)." in run.summary()


def test_the_room_never_holds_more_singers_than_its_places():
    with record(show=False) as run:
        room = Semaphore(2)
        start_and_join([Process(target=targets.sing, args=(room, 0.2)) for _ in range(4)])
    assert 1 <= most_holders(run, "Semaphore-1") <= 2
    assert "Semaphore-1: held 4 times by 4 processes." in run.summary()


def test_eaters_are_woken_by_the_cook_or_find_the_dish_there():
    with record(show=False) as run:
        kitchen, dishes = Condition(), Value("i", 0)
        start_and_join([Process(target=targets.cook, args=(kitchen, dishes, 0.2))]
                       + [Process(target=targets.eat, args=(kitchen, dishes)) for _ in range(2)])
    assert printed(run) == ["a dish is there: True"] * 2
    assert "notified once; 2 wait_for() calls: 2 returned True." in run.summary()


def test_an_eater_that_comes_after_the_dish_reads_as_one_that_waited():
    """wait_for finds the dish at once and never waits: the lane says the same as a
    waiting eater's (the picture alone shows whether it waited)."""
    kitchen, dishes = Condition(), Value("i", 0)
    with record(show=False) as run:
        start_and_join([Process(target=targets.cook, args=(kitchen, dishes, 0.0))])
        start_and_join([Process(target=targets.eat, args=(kitchen, dishes))])
    assert "held Condition-1 · wait_for Condition-1 → True · print 'a dish is there: True'" \
        in run.summary()
    assert not [s for s in run.lane("Process-2").spans if s.kind == "wait"
                and s.text.startswith("wait_for")]


def test_an_eater_with_no_cook_times_out():
    kitchen, dishes = Condition(), Value("i", 0)
    with record(show=False) as run:
        start_and_join([Process(target=targets.eat, args=(kitchen, dishes, 0.2))])
    assert printed(run) == ["a dish is there: False"]
    assert "1 wait_for() call: 1 timed out." in run.summary()


@pytest.mark.parametrize("parties, runners, said, wait", [
    (3, 3, "go", SOON),  # all come: the bound only stops a hang (they may start seconds apart)
    (3, 2, "BrokenBarrierError", 0.5),  # one never comes: the wait runs out
])
def test_runners_start_together_or_the_barrier_breaks(parties, runners, said, wait):
    with record(show=False) as run:
        start = Barrier(parties)
        start_and_join([Process(target=targets.run_race, args=(start, wait))
                        for _ in range(runners)])
    assert printed(run) == [said] * runners
    assert start.broken is (said != "go")


def test_the_right_answer_is_right():
    verdict = checks.check_outcomes(dict(RIGHT))
    assert verdict and verdict.text.startswith("Right: e.wait(timeout=0.2), nobody sets e → False")


@pytest.mark.parametrize("answer, hint", [
    (None, "answer with a dict like"),
    ({**RIGHT, "c.notify() without holding c": "RuntimeError"}, "answer each with one of"),
    ({**RIGHT, "c.notify() without holding c": "True"}, "checks it with an assert"),
    ({**RIGHT, "e.wait(timeout=0.2), nobody sets e": "True"}, "returns False when its time"),
    ({**RIGHT, "b.wait(timeout=0.2) on a Barrier(2), alone": "False"}, "breaks"),
])
def test_a_wrong_answer_gets_a_hint(answer, hint):
    verdict = checks.check_outcomes(answer)
    assert not verdict and hint in verdict.text


def test_the_experiment_leaves_no_process_and_makes_every_call_for_real():
    seen = checks.outcome_experiment()
    assert seen == RIGHT
    assert not multiprocessing.active_children()
