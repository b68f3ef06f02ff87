"""Lesson 13 (shared state): its Value, Array, Manager and shared-memory children, the
measurements and the exercise, run for real -- and nothing left in /dev/shm.  (The
notebook's cells run under every start method in nbval.)"""

import multiprocessing
import os
import sys
from multiprocessing import Manager, Process, RawArray, Value, shared_memory
from pathlib import Path

import nbformat
import numpy as np
import pytest

from helpers import record
from helpers.lessons.l13_shared_state import checks, costs, targets
from helpers.tools.leaks import shm_segments
from tests.processes import start_and_join
from tests.shmcheck import family, unlink_blocks_left

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "13_shared_state.ipynb"
RIGHT = {checks.SPAWNED: True, checks.COPIED: False, checks.SENT: "RuntimeError",
         checks.LEFT: True}


@pytest.fixture(autouse=True)
def no_segment_left():
    """As the notebooks' check (tests/shmcheck.py): a block made meanwhile that this
    process's family left, never seen in use by another test worker's or notebook's."""
    before = shm_segments()
    yield
    left = unlink_blocks_left(before, family(os.getpid()), grace=2)
    assert not left, f"a test left shared memory blocks behind: {sorted(left)}"


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


def test_a_nested_list_changes_only_through_a_nested_proxy_or_when_reassigned():
    with Manager() as manager:
        plain, reassigned = manager.dict(fruits=[]), manager.dict(fruits=[])
        nested = manager.dict(fruits=manager.list())
        start_and_join([Process(target=targets.append_to, args=(plain, "fruits", "apple")),
                        Process(target=targets.append_to, args=(nested, "fruits", "apple")),
                        Process(target=targets.append_by_reassigning,
                                args=(reassigned, "fruits", "apple"))])
        assert plain["fruits"] == [] and list(nested["fruits"]) == ["apple"]
        assert reassigned["fruits"] == ["apple"]


def test_two_calls_lose_an_update_when_both_read_first_and_none_under_a_lock():
    with Manager() as manager:
        d = manager.dict(n=0)
        everyone_read = multiprocessing.Barrier(2)
        start_and_join([Process(target=targets.add_one_in_two_calls, args=(d, "n", everyone_read))
                        for _ in range(2)])
        assert d["n"] == 1
        d["n"], lock = 0, manager.Lock()
        start_and_join([Process(target=targets.add_one_under, args=(d, "n", lock))
                        for _ in range(3)])
        assert d["n"] == 3


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


def test_the_tracker_lines_keep_the_scripts_own_and_drop_the_source_lines():
    output = ("<stdlib>/resource_tracker.py:276: UserWarning: resource_tracker: There appear to "
              "be 1 leaked shared_memory objects to clean up at shutdown: {'/psm_1fd5ae33'}\n"
              "  warnings.warn(\nstill there? False\n\n")
    assert checks.tracker_lines(output) == [
        "UserWarning: resource_tracker: There appear to be 1 leaked shared_memory objects to "
        "clean up at shutdown", "still there? False"]


MAKE_BLOCK = ("from multiprocessing import shared_memory\n"
              "shm = shared_memory.SharedMemory(name=NAME, create=True, size=64)\n")


def test_a_script_that_leaves_its_block_is_warned_and_its_tracker_unlinks_it():
    run = checks.run_with_block(MAKE_BLOCK + "shm.close()\n")
    assert checks.tracker_warning(run.output).startswith("UserWarning: resource_tracker: There")
    assert run.left is False


def test_a_block_the_scripts_tracker_never_cleaned_up_is_unlinked_by_the_check():
    run = checks.run_with_block(MAKE_BLOCK + (
        "import os, signal\nfrom multiprocessing import resource_tracker\n"
        "os.kill(resource_tracker._resource_tracker._pid, signal.SIGKILL)  # no clean-up\n"))
    assert run.left is True and run.name not in shm_segments()


def test_a_block_is_unlinked_when_the_script_times_out(monkeypatch):
    """The script is killed with its tracker: the block is still there (seen), and the
    check unlinks it."""
    run_python, seen = checks.run_python, []

    def run_briefly(code, timeout):
        name = code.split("'")[1]  # NAME = 'psm_...'
        try:
            return run_python(code, timeout=3)
        finally:
            seen.append((name, name in shm_segments()))
    monkeypatch.setattr(checks, "run_python", run_briefly)
    with pytest.raises(TimeoutError):
        checks.run_with_block(MAKE_BLOCK + "import time\ntime.sleep(60)\n")
    [(name, there)] = seen
    assert there and name not in shm_segments()


@pytest.mark.parametrize("output, left, kept", [
    ("", True, True),
    ("TypeError: SharedMemory.__init__() got an unexpected keyword argument 'track'", False,
     False),
    ("UserWarning: resource_tracker: There appear to be 1 leaked shared_memory objects to "
     "clean up at shutdown", False, False),
])
def test_the_untracked_outcome_is_true_exactly_when_the_version_says_so(output, left, kept):
    said = checks.untracked_outcome(checks.BlockRun("psm_0", output, left))
    assert said.endswith(f": {kept == (sys.version_info >= (3, 13))}")


def test_the_lessons_fork_script_shows_a_childs_tracker_tearing_the_block_down():
    """The lesson's own script, run for real: the child's tracker unlinks the block that
    the parent still has open."""
    cells = nbformat.read(NOTEBOOK, as_version=4).cells
    [cell] = [c.source for c in cells if "no tracker yet, for the child to share" in c.source]
    lines = checks.tracker_lines(checks.run_with_block(cell.split("'" * 3)[1]).output)
    assert lines[:2] == [
        "UserWarning: resource_tracker: There appear to be 1 leaked shared_memory objects to "
        "clean up at shutdown",
        "the parent still has the block open; is it still there? False"], lines


# -- the measurements -------------------------------------------------------------------------

def test_each_transfer_reaches_the_child_and_leaves_nothing():
    for how in ("Pipe", "shared memory"):
        assert costs.move_once(how) > 0
    assert not multiprocessing.active_children()


@pytest.mark.parametrize("method, same", [("fork", True), ("spawn", False)])
def test_an_argument_is_the_parents_own_object_only_under_fork(method, same):
    seconds, is_same = costs.start_with(method, 1000)
    assert seconds > 0 and is_same is same
    assert not multiprocessing.active_children()


def test_a_transfer_of_an_unknown_way_is_refused():
    with pytest.raises(ValueError, match="how must be"):
        costs.move_once("Manager")


def test_the_facts_follow_the_figures():
    figures = {"reads": {"Manager proxy": 1e4, "Value": 5e4, "shared-memory array": 1e6},
               "move": {"Pipe": 0.01, "shared memory": 0.02, "argument, fork": 0.005,
                        "argument, spawn": 0.009},
               "start": {"fork": 0.004, "spawn": 0.008},
               "same object": {"fork": False, "spawn": False}}
    said = costs.facts(figures)
    assert said[0].endswith(": False")  # 5x, not more than 10x
    assert said[1].endswith(": True")
    assert said[2].endswith(": False")
    assert said[3].endswith(": False")  # under fork, not the parent's object
    assert said[4].endswith(": False")  # under spawn, sooner than the Pipe
    figures["move"]["argument, spawn"] = 0.5
    assert costs.facts(figures)[4].endswith(": True")
    figures["same object"]["spawn"] = True
    assert costs.facts(figures)[4].endswith(": False")


def test_the_costs_picture_has_a_bar_for_every_figure():
    figures = {"reads": {"Manager proxy": 1e4, "Value": 5e5, "shared-memory array": 1e7},
               "move": {"Pipe": 0.02, "shared memory": 0.0005, "argument, fork": 0.004,
                        "argument, spawn": 0.2},
               "start": {"fork": 0.003, "spawn": 0.15}, "same object": {}}
    left, right = costs.draw(figures).axes
    assert len(left.patches) == 3 and len(right.patches) == 6
    assert costs.BUSY not in [text.get_text() for text in right.texts]
    figures["start"]["spawn"] = 0.25  # (#28: 1,696 ms alone against 1,468 with 8 MB)
    left, right = costs.draw(figures).axes
    assert costs.BUSY in [text.get_text() for text in right.texts]


def test_the_trackers_error_is_found_wherever_it_came():
    traceback = ("Traceback (most recent call last):\n  File \"<stdlib>/multiprocessing/"
                 "resource_tracker.py\", line 239, in main\n    cache[rtype].remove(name)\n"
                 "KeyError: '/psm_28b08517'\n")
    for output in (traceback + "done\n", "done\n" + traceback):
        assert checks.tracker_error(output) == "KeyError: '/psm_28b08517'"
    assert checks.tracker_error("done\n") == "no error from the resource tracker"


# -- the exercise -----------------------------------------------------------------------------

def test_the_right_answer_is_right_and_leaves_nothing_running():
    verdict = checks.check_outcomes(RIGHT)
    assert verdict, verdict
    assert not multiprocessing.active_children()


@pytest.mark.parametrize("key, wrong", [(checks.SPAWNED, False), (checks.COPIED, True),
                                        (checks.SENT, "sent"), (checks.LEFT, False)])
def test_each_wrong_answer_gets_its_hint(key, wrong):
    verdict = checks.check_outcomes({**RIGHT, key: wrong})
    assert not verdict and checks.HINTS[key] in verdict.text
    assert [q for q in checks.QUESTIONS if checks.HINTS[q] in verdict.text] == [key]


@pytest.mark.parametrize("answer", [None, {}, {**RIGHT, checks.LEFT: "True"},
                                    {**RIGHT, checks.SPAWNED: 1}])
def test_an_answer_of_the_wrong_form_gets_a_hint_not_a_traceback(answer):
    """A yes or no is a bool, as in lesson 12 (#28): the string 'True', or 1, is not."""
    verdict = checks.check_outcomes(answer)
    assert not verdict and verdict.text.startswith("Not yet: ")


def test_a_counter_under_its_lock_loses_nothing():
    counter = Value("i", 0)
    start_and_join([Process(target=targets.add_with_the_lock, args=(counter, 50))
                    for _ in range(3)])
    assert counter.value == 150
