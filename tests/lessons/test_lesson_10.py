"""Lesson 10 (locks): its ticket database, its buyers and mistakes run for real -- the
deadlock ends within its bound on every start method -- and its exercise check.  (The
notebook's own cells run under every start method in nbval; the family's hooks under
each in tests/families/test_sync.py.)"""

import multiprocessing
import os
import time
from multiprocessing import Barrier, Lock, Process

import pytest

from helpers import record
from helpers.lessons.l10_locks import checks, targets, tickets
from helpers.tools.scripts import run_script
from tests.bounds import SOON, WHOLE_SCRIPT
from tests.processes import start_and_join

RIGHT = {"no lock: told 购票成功": 5, "no lock: tickets left": 1, "lock: tickets sold": 2,
         "lock: tickets left": 0}


def lane_texts(run):
    return run.summary().splitlines()


# -- the ticket database ----------------------------------------------------------------------

def test_a_database_is_a_file_shown_as_db_and_gone_after_its_block():
    with tickets.database(count=3) as db:
        assert tickets.read(db) == {"count": 3, "sold_to": []}
        assert repr(db) == "'db'" and os.path.exists(db)
        folder = os.path.dirname(db)
    assert not os.path.exists(folder)
    with pytest.raises(ValueError, match="count"):
        with tickets.database(count=-1):
            pass


def test_without_the_lock_every_buyer_sells_the_last_ticket():
    with tickets.database(count=1) as db, record(show=False) as run:
        everyone_read = Barrier(3)
        start_and_join([Process(target=targets.buy, args=(db, name, everyone_read))
                        for name in "甲乙丙"])
        left = tickets.read(db)
    assert left["count"] == 0 and len(left["sold_to"]) == 1  # two updates lost
    assert [p.text for lane in run.children for p in lane.prints].count("甲 购票成功") == 1
    assert sum(1 for lane in run.children for p in lane.prints if "购票成功" in p.text) == 3


def test_with_the_lock_one_buyer_at_a_time_gets_it():
    lock = Lock()
    with tickets.database(count=1) as db, record(show=False) as run:
        start_and_join([Process(target=targets.buy_with_the_lock, args=(db, name, lock))
                        for name in "甲乙丙"])
        left = tickets.read(db)
    assert left["count"] == 0 and len(left["sold_to"]) == 1
    assert "Lock-1: held 3 times by 3 processes; by one process at a time." in lane_texts(run)


# -- the counter ------------------------------------------------------------------------------

def test_a_read_then_a_write_loses_the_others_updates():
    counter = multiprocessing.Value("i", 0)
    everyone_read = Barrier(3)
    start_and_join([Process(target=targets.add_one_in_two_steps, args=(counter, everyone_read))
                    for _ in range(3)])
    assert counter.value == 1


def test_the_values_own_lock_around_both_steps_loses_nothing():
    counter = multiprocessing.Value("i", 0)
    with record(show=False) as run:
        start_and_join([Process(target=targets.add_with_the_lock, args=(counter, 10))
                        for _ in range(2)])
    assert counter.value == 20
    assert "RLock-1: held 20 times by 2 processes; by one process at a time." in lane_texts(run)
    assert all("held RLock-1 ×10" in line for line in lane_texts(run)[2:4])


# -- with, acquire, the mistakes --------------------------------------------------------------

def test_with_lets_go_when_the_code_raises_and_acquire_by_hand_does_not():
    lock = Lock()
    with record(show=False) as run:
        for target in (targets.raise_inside_with, targets.try_lock, targets.die_holding,
                       targets.try_lock):
            start_and_join([Process(target=target, args=(lock,))])
    prints = [lane.prints[-1].text for lane in run.children if lane.prints]
    assert "lock.acquire(timeout=1.0) -> True" in prints
    assert prints[-1] == "lock.acquire(timeout=1.0) -> False"
    assert [lane.exitcode for lane in run.children] == [1, 0, 1, 0]
    assert "never let go by Process-3; 1 acquire() timed out." in run.summary()


def test_a_deadlock_ends_within_its_bound_as_two_timeouts(method):
    """Opposite orders, forced: both give up, neither gets both -- within the bound of
    its waits (a barrier of 30 s, a try of 1 s, a barrier of 30 s), far less in fact."""
    a, b = Lock(), Lock()
    began = time.monotonic()
    with record(show=False) as run:
        both_hold_one = Barrier(2)
        start_and_join([Process(target=targets.hold_both, args=(a, b, both_hold_one)),
                        Process(target=targets.hold_both, args=(b, a, both_hold_one))])
    assert time.monotonic() - began < 61 + 10  # its bound, plus start-up on a busy machine
    assert [lane.prints[0].text for lane in run.children] == [
        "second lock: gave up after 1 s"] * 2
    assert "acquire Lock-2 → timed out" in run.summary().splitlines()[2]
    assert "acquire Lock-1 → timed out" in run.summary().splitlines()[3]


def test_one_order_everywhere_gets_both():
    a, b = Lock(), Lock()
    with record(show=False) as run:
        start_and_join([Process(target=targets.hold_both, args=(a, b)) for _ in range(2)])
    assert [lane.prints[0].text for lane in run.children] == ["got both locks"] * 2


def test_a_module_level_lock_under_spawn_is_one_lock_per_child():
    script = f"""
import sys
from multiprocessing import Barrier, Lock, Process
from threading import BrokenBarrierError

lock = Lock()

def work(inside):
    with lock:
        try:
            inside.wait(timeout={SOON})
        except BrokenBarrierError:
            sys.exit(1)

if __name__ == '__main__':
    inside = Barrier(2)
    ps = [Process(target=work, args=(inside,)) for _ in range(2)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    print('exit codes:', [p.exitcode for p in ps])
"""
    result = run_script(script, start_method="spawn", timeout=WHOLE_SCRIPT)
    assert "exit codes: [0, 0]" in result.output
    summary = result.run.summary()
    assert "Lock-1: held once by 1 process." in summary
    assert "Lock-2: held once by 1 process." in summary


def test_a_lock_cannot_go_to_a_pool_task():
    lock = Lock()
    with multiprocessing.Pool(1) as pool, pytest.raises(
            RuntimeError, match="Lock objects should only be shared between processes "
                                "through inheritance"):
        pool.apply(targets.use_lock, (lock,))


# -- the exercise -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seen():
    """What the exercise's buyers really do, run once for the module."""
    return checks.ticket_experiment()


def test_the_experiment_gives_the_right_answer(seen):
    assert seen == RIGHT


def test_the_right_answer_is_right():
    verdict = checks.check_tickets(dict(RIGHT))
    assert verdict and verdict.text.startswith("Right: without the lock all 5 buyers")


@pytest.mark.parametrize("answer, hint", [
    (None, "answer with a dict like"),
    ({**RIGHT, "no lock: tickets left": "1"}, "an int"),
    ({**RIGHT, "no lock: tickets left": 0}, "the last write wins"),
    ({**RIGHT, "no lock: told 购票成功": 2}, "each saw a ticket left"),
    ({**RIGHT, "lock: tickets sold": 5}, "the one before it wrote"),
    ({"lock": 2}, "use exactly the keys"),
])
def test_a_wrong_answer_gets_a_hint(answer, hint, seen, monkeypatch):
    monkeypatch.setattr(checks, "ticket_experiment", lambda: seen)  # the real run, once
    verdict = checks.check_tickets(answer)
    assert not verdict and verdict.text.startswith("Not yet: ") and hint in verdict.text
