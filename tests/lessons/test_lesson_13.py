"""Lesson 13 (shared state): its Value, Array, Manager and shared-memory children, the
measurements and the exercise, run for real -- and nothing left in /dev/shm.  (The
notebook's cells run under every start method in nbval.)"""

import multiprocessing
import os
import time
from multiprocessing import Manager, Process, RawArray, Value, shared_memory

import numpy as np
import pytest

from helpers import record
from helpers.lessons.l13_shared_state import checks, costs, targets
from helpers.tools.leaks import shm_segments, shm_users
from tests.processes import start_and_join

RIGHT = {checks.NESTED: "[]", checks.COUNTER: "1000", checks.LEFT: "True"}


@pytest.fixture(autouse=True)
def no_segment_left():
    """As the notebooks' check: a block made meanwhile, still there after 2 s and open in
    no other process (another test worker's), is this test's."""
    before, me = shm_segments(), os.getpid()
    yield
    deadline = time.monotonic() + 2
    while (new := shm_segments() - before) and time.monotonic() < deadline:
        time.sleep(0.05)
    mine = [name for name, users in shm_users(new).items() if users <= {me}]
    assert not mine, f"a test left shared memory blocks behind: {mine}"


def test_children_fill_their_own_slots_of_an_array():
    squares = RawArray("i", 4)
    start_and_join([Process(target=targets.square_into, args=(squares, i)) for i in range(4)])
    assert list(squares) == [0, 1, 4, 9]


def test_a_managers_proxies_carry_every_childs_writes(method):
    with record(show=False) as run:
        with Manager() as manager:
            d, names, ns = manager.dict(), manager.list(), manager.Namespace()
            start_and_join([Process(target=targets.note_in, args=(d, names, ns, name))
                            for name in ("ab", "cde")])
            assert dict(d) == {"ab": 2, "cde": 3} and sorted(names) == ["ab", "cde"]
            assert ns.last in ("ab", "cde")
    server = run.lane("SyncManager-1")
    assert server.target == "the server of a SyncManager" and server.exitcode == 0
    assert "begin note_in(<DictProxy>, <ListProxy>, <NamespaceProxy>, 'ab')" in run.summary()


def test_a_nested_list_changes_only_through_a_nested_proxy():
    with Manager() as manager:
        plain, nested = manager.dict(fruits=[]), manager.dict(fruits=manager.list())
        start_and_join([Process(target=targets.append_to, args=(d, "fruits", "apple"))
                        for d in (plain, nested)])
        assert plain["fruits"] == [] and list(nested["fruits"]) == ["apple"]


def test_a_child_doubles_a_shared_numpy_array_in_place(method):
    shm = shared_memory.SharedMemory(create=True, size=3 * 8)
    try:
        numbers = np.ndarray((3,), dtype=np.int64, buffer=shm.buf)
        numbers[:] = [1, 2, 3]
        start_and_join([Process(target=targets.double_in_place, args=(shm.name, 3))])
        assert numbers.tolist() == [2, 4, 6]
        numbers = None
    finally:
        shm.close()
        shm.unlink()


def test_a_child_sets_an_item_of_a_shareable_list():
    items = shared_memory.ShareableList([0, "x"])
    try:
        start_and_join([Process(target=targets.set_first, args=(items.shm.name, 5))])
        assert list(items) == [5, "x"]
    finally:
        items.shm.close()
        items.shm.unlink()


def test_the_tracker_warning_reads_the_same_on_every_python():
    for output in (
        "<stdlib>/multiprocessing/resource_tracker.py:254: UserWarning: resource_tracker: "
        "There appear to be 1 leaked shared_memory objects to clean up at shutdown\n"
        "  warnings.warn('resource_tracker: There appear to be %d '\n",
        "<stdlib>/multiprocessing/resource_tracker.py:276: UserWarning: resource_tracker: "
        "There appear to be 1 leaked shared_memory objects to clean up at shutdown: "
        "{'/psm_1fd5ae33'}\n  warnings.warn(\n",
    ):
        assert checks.tracker_warning(output) == (
            "UserWarning: resource_tracker: There appear to be 1 leaked shared_memory "
            "objects to clean up at shutdown")
    assert checks.tracker_warning("clean") == "no warning from the resource tracker"


# -- the measurements -------------------------------------------------------------------------

def test_each_transfer_reaches_the_child_and_leaves_nothing():
    for how in ("Pipe", "shared memory"):
        assert costs.move_once(how) > 0
    assert not multiprocessing.active_children()


def test_a_transfer_of_an_unknown_way_is_refused():
    with pytest.raises(ValueError, match="how must be"):
        costs.move_once("Manager")


def test_the_facts_follow_the_figures():
    figures = {"reads": {"Manager proxy": 1e4, "Value": 5e4, "shared-memory array": 1e6},
               "move": {"Pipe": 0.01, "shared memory": 0.02}}
    said = costs.facts(figures)
    assert said[0].endswith(": False")  # 5x, not more than 10x
    assert said[1].endswith(": True")
    assert said[2].endswith(": False")


# -- the exercise -----------------------------------------------------------------------------

def test_the_right_answer_is_right_and_leaves_nothing_running():
    verdict = checks.check_outcomes(RIGHT)
    assert verdict, verdict
    assert not multiprocessing.active_children()


@pytest.mark.parametrize("key, wrong", [(checks.NESTED, "['apple']"),
                                        (checks.COUNTER, "less than 1000"),
                                        (checks.LEFT, "False")])
def test_each_wrong_answer_gets_its_hint(key, wrong):
    verdict = checks.check_outcomes({**RIGHT, key: wrong})
    assert not verdict and checks.HINTS[key] in verdict.text
    assert [q for q in checks.QUESTIONS if checks.HINTS[q] in verdict.text] == [key]


@pytest.mark.parametrize("answer", [None, {}, {**RIGHT, checks.LEFT: True}])
def test_an_answer_of_the_wrong_form_gets_a_hint_not_a_traceback(answer):
    verdict = checks.check_outcomes(answer)
    assert not verdict and verdict.text.startswith("Not yet: ")


def test_a_counter_under_its_lock_loses_nothing():
    counter = Value("i", 0)
    start_and_join([Process(target=targets.add_with_the_lock, args=(counter, 50))
                    for _ in range(3)])
    assert counter.value == 150
