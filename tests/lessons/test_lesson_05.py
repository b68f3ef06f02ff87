"""Lesson 05 (isolation): its module of globals, its targets, and its exercise check."""

import multiprocessing
from multiprocessing import Array, Manager, Process, Queue, Value

import pytest

from helpers import record
from helpers.lessons.l05_isolation import checks, isolation, targets
from tests.bounds import SOON
from tests.processes import start_and_join


@pytest.fixture(autouse=True)
def fresh_isolation():
    """Each test starts from, and leaves, the values written in helpers/isolation.py."""
    saved = isolation.n, isolation.counter, list(isolation.results)
    yield
    isolation.n, isolation.counter, isolation.results[:] = saved


def run_child(target, *args, context=multiprocessing):
    """Start ``target(*args)`` in a recorded child, join it; return (process, printed lines)."""
    with record(show=False) as run:
        p = context.Process(target=target, args=args)
        p.start()
        p.join()
    return p, [line.text for lane in run.children for line in lane.prints]


# -- the article's global ---------------------------------------------------------------

def test_work_sets_the_global_in_the_current_process():
    isolation.work()
    assert isolation.n == 0


def test_a_child_changing_the_global_leaves_the_parents(method):
    p, printed = run_child(isolation.work)
    assert printed == ["子进程内:  0"] and p.exitcode == 0
    assert isolation.n == 100


# -- what a child starts with -----------------------------------------------------------

@pytest.mark.parametrize("child_method, seen", [("fork", 42), ("spawn", 0), ("forkserver", 0)])
def test_fork_copies_the_parent_spawn_and_forkserver_import_the_module(child_method, seen):
    isolation.counter = 42
    context = multiprocessing.get_context(child_method)
    _, printed = run_child(isolation.show_counter, child_method, context=context)
    assert printed == [f"{child_method:<11}child sees counter = {seen}"]


def test_a_fork_child_has_the_memory_as_it_was_at_start():
    isolation.counter = 42
    with record(show=False) as run:
        p = multiprocessing.get_context("fork").Process(target=isolation.show_counter,
                                                        args=("fork", 0.3))
        p.start()
        isolation.counter = 99
        p.join()
    assert [line.text for line in run.children[0].prints] == ["fork       child sees counter = 42"]


def test_add_one(capsys):
    isolation.counter = 7
    isolation.add_one("here")
    assert isolation.counter == 8 and capsys.readouterr().out == "here child: counter = 8\n"


# -- arguments are copies ---------------------------------------------------------------

def test_append_to_changes_the_list_it_is_given(capsys):
    items = [1]
    targets.append_to(items, 2)
    assert items == [1, 2] and capsys.readouterr().out == "子进程内:  [1, 2]\n"


def test_a_child_appending_to_its_argument_leaves_the_parents_list(method):
    data = [1, 2, 3]
    p, printed = run_child(targets.append_to, data, 4)
    assert printed == ["子进程内:  [1, 2, 3, 4]"] and p.exitcode == 0
    assert data == [1, 2, 3]


# -- the tools for sharing --------------------------------------------------------------


def test_put_square_sends_results_through_a_queue(method):
    q = Queue()
    ps = [Process(target=targets.put_square, args=(q, i)) for i in range(3)]
    for p in ps:
        p.start()
    squares = sorted(q.get(timeout=SOON) for _ in ps)
    for p in ps:
        p.join()
    assert squares == [0, 1, 4]


def test_count_up_loses_no_update_on_a_shared_value(method):
    counter = Value("i", 0)
    start_and_join([Process(target=targets.count_up, args=(counter, 500)) for _ in range(2)])
    assert counter.value == 1000


def test_square_into_a_shared_array(method):
    squares = Array("i", 3)
    start_and_join([Process(target=targets.square_into, args=(squares, i)) for i in range(3)])
    assert squares[:] == [0, 1, 4]


def test_square_into_a_manager_list(method):
    with Manager() as manager:
        squares = manager.list([0] * 3)
        start_and_join([Process(target=targets.square_into, args=(squares, i))
                        for i in range(3)])
        assert list(squares) == [0, 1, 4]


def test_square_into_a_plain_list_changes_only_the_childs_copy(method):
    squares = [0] * 3
    targets.square_into(squares, 2)
    assert squares == [0, 0, 4]  # in this process it writes
    start_and_join([Process(target=targets.square_into, args=(squares, 1))])
    assert squares == [0, 0, 4]  # in a child it writes the child's copy


# -- the common mistakes ----------------------------------------------------------------

def test_collect_square_appends_in_the_current_process(monkeypatch):
    monkeypatch.setattr(isolation.time, "sleep", lambda seconds: None)
    isolation.collect_square(3)
    assert isolation.results == [9]


def test_children_collecting_into_a_global_leave_the_parents_empty(method):
    start_and_join([Process(target=isolation.collect_square, args=(i,)) for i in range(2)])
    assert isolation.results == []


def test_squarer_result_stays_in_the_child(method):
    with record(show=False) as run:
        p = targets.Squarer(7)
        p.start()
        p.join()
    assert [line.text for line in run.children[0].prints] == ["Squarer-1: self.result = 49"]
    assert p.exitcode == 0 and p.result is None


def test_squarer_run_in_this_process_sets_the_result(capsys):
    p = targets.Squarer(3)
    p.run()
    assert p.result == 9 and "self.result = 9" in capsys.readouterr().out


# -- the exercise check -----------------------------------------------------------------

def test_counter_experiment_measures_the_three_values():
    isolation.counter = 5
    assert checks.counter_experiment(start=3) == {"fork": 4, "spawn": 1, "parent": 3}
    assert isolation.counter == 5  # restored


def test_right_prediction(capsys):
    verdict = checks.check_counter_prediction({"fork": 8, "spawn": 1, "parent": 7})
    assert verdict and repr(verdict) == ("Right: the fork child printed 8, the spawn child 1, "
                                         "and the parent's counter is still 7.")
    assert capsys.readouterr().out == ""  # the values are in the verdict only


@pytest.mark.parametrize("answer", [{"fork": 7, "spawn": 7, "parent": 8},
                                    {"fork": 8, "spawn": 1, "parent": 7}])
def test_the_experiment_prints_nothing_into_the_cell(answer, capfd):
    """A wrong answer must not see the children's lines (they are the answer)."""
    checks.check_counter_prediction(answer)
    out, err = capfd.readouterr()
    assert "counter =" not in out + err


@pytest.mark.parametrize("answer, hint", [
    (None, "answer with a dict like"),
    (8, "answer with a dict like"),
    ([8, 1, 7], "answer with a dict like"),
    ("8 1 7", "answer with a dict like"),
    ({"fork": 8, "spawn": 1}, "missing: ['parent']"),
    ({"fork": 8, "spawn": 1, "parent": 7, "forkserver": 1}, "not expected: ['forkserver']"),
    ({"fork": "8", "spawn": 1, "parent": 7}, "whole number (an int); look at ['fork']"),
    ({"fork": 8.0, "spawn": 1, "parent": 7}, "look at ['fork']"),
    ({"fork": 8, "spawn": True, "parent": 7}, "look at ['spawn']"),
])
def test_malformed_predictions_get_a_hint_without_running_anything(answer, hint):
    verdict = checks.check_counter_prediction(answer)
    assert not verdict and repr(verdict).startswith("Not yet: ") and hint in repr(verdict)


@pytest.mark.parametrize("answer, wrong", [
    ({"fork": 7, "spawn": 1, "parent": 7}, ["fork"]),
    ({"fork": 8, "spawn": 8, "parent": 7}, ["spawn"]),
    ({"fork": 8, "spawn": 1, "parent": 8}, ["parent"]),
    ({"fork": 1, "spawn": 8, "parent": 8}, ["fork", "spawn", "parent"]),
])
def test_wrong_predictions_get_the_hint_of_each_wrong_value(answer, wrong):
    verdict = repr(checks.check_counter_prediction(answer))
    assert verdict.startswith("Not yet: ")
    for key in checks.COUNTER_KEYS:
        assert (checks.COUNTER_HINTS[key] in verdict) is (key in wrong)


def test_check_inside_a_recording_says_why_it_cannot_run():
    with record(show=False):
        verdict = checks.check_counter_prediction({"fork": 8, "spawn": 1, "parent": 7})
    assert not verdict and "could not run here (RuntimeError: record() is already active" \
        in repr(verdict)
    assert isolation.counter == 0
