"""Lesson 14 (pools): its tasks, measurements and exercise, run for real.  (The notebook's
cells run under every start method in nbval; these check what its stored outputs rest
on, and that the exercise's hints answer wrong answers.)"""

import itertools
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import Event, Pool

import pytest

from helpers import record
from helpers.families.tasks import TASKS
from helpers.lessons.l14_pools import backports, checks, speed, targets
from tests.bounds import SOON, WHOLE_SCRIPT
from tests.wording import NEWEST

RIGHT = {checks.SWALLOWED: "nothing", checks.CHUNKS: 6, checks.KILLED: "BrokenProcessPool",
         checks.NESTED: "AssertionError"}


def test_the_right_answer_is_right_and_each_wrong_one_gets_its_hint():
    verdict = checks.check_outcomes(RIGHT)
    assert verdict and verdict.text.startswith("Right: ")
    for question, wrong in [(checks.SWALLOWED, "ValueError"), (checks.CHUNKS, 12),
                            (checks.KILLED, "TimeoutError"), (checks.NESTED, "nothing")]:
        verdict = checks.check_outcomes({**RIGHT, question: wrong})
        assert not verdict and checks.HINTS[question] in verdict.text
        assert all(checks.HINTS[q] not in verdict.text for q in checks.QUESTIONS if q != question)


@pytest.mark.parametrize("answer", [None, [], {}, {**RIGHT, checks.CHUNKS: "6"},
                                    {**RIGHT, "extra": 1}])
def test_an_answer_of_the_wrong_form_gets_a_hint_never_a_traceback(answer):
    verdict = checks.check_outcomes(answer)
    assert not verdict and verdict.text.startswith("Not yet: ")


def test_the_experiment_runs_each_case_for_real(method):
    assert checks.outcome_experiment() == RIGHT


def test_apply_runs_one_task_at_a_time():
    with record(show=False) as run:
        with Pool(2) as pool:
            assert [pool.apply(targets.work, (x,)) for x in range(3)] == [0, 1, 4]
    assert TASKS.most_at_once(run, "Pool-1") == 1


def test_imap_unordered_gives_the_early_result_first_whatever_the_schedule(method):
    gate = Event()
    with Pool(2, initializer=targets.share_gate, initargs=(gate,)) as pool:
        got = []
        for word in pool.imap_unordered(targets.late_or_early, ["late", "early"]):
            got.append(word)
            gate.set()
    assert got == ["early", "late"]


def test_leaving_the_with_block_cuts_a_running_task_short(method):
    gate = Event()
    with record(show=False) as run:
        with Pool(1, initializer=targets.share_gate, initargs=(gate,)) as pool:
            pool.apply_async(targets.open_gate_and_sleep, (5,))
            assert gate.wait(SOON)
    assert "  open_gate_and_sleep(5) never ended: its worker ended in it" in run.summary()


def test_a_pool_of_few_workers_beats_a_process_per_tiny_task():
    times = speed.processes_vs_pool(tasks=20, workers=2)
    assert times["a Pool of 2"] < times["a Process per task"]


def test_bigger_chunks_cost_less_per_item():
    found = speed.per_item(items=2000)
    for sizes in found.values():
        assert set(sizes) == set(speed.CHUNKSIZES) and sizes[100] < sizes[1]


def test_the_pictures_of_the_measurements_draw():
    assert speed.draw({"Pool.map": {1: 1e-5, 10: 2e-6, 100: 1e-6},
                       "ProcessPoolExecutor.map": {1: 1e-4, 10: 1e-5, 100: 1e-6}}).axes
    assert speed.draw_totals({"a Process per task": 0.2, "a Pool of 4": 0.01}).axes


def test_show_tasks_prints_the_pools_lines_alone(capsys):
    with record(show=False) as run:
        with Pool(1) as pool:
            pool.apply(targets.square, (4,))
    checks.show_tasks(run, "<timeline>")
    assert capsys.readouterr().out == \
        "Pool-1, 1 worker: 1 task began, one at a time; it returned\n"


def test_the_pool_server_serves_more_connections_a_second_than_a_process_each():
    rates = speed.echo_rates(connections=30, workers=2)
    assert rates["a Pool of 2"] > rates["a Process per connection"]


def test_outcome_lines_keep_the_scripts_lines_and_each_workers_error_once():
    output = ("Traceback (most recent call last):\n  File \"x\", line 1\n"
              "AttributeError: Can't get attribute 'double'\n" * 3
              + "Pool: get(timeout=3) raised TimeoutError: no result will ever come\n")
    assert checks.outcome_lines(output) == [
        "Pool: get(timeout=3) raised TimeoutError: no result will ever come",
        "a worker died of: AttributeError: Can't get attribute 'double'"]


def test_map_lists_its_items_before_it_sends_a_task_and_imap_does_not(capsys):
    gate = Event()
    with Pool(2, initializer=targets.share_gate, initargs=(gate,)) as pool:
        items = targets.numbers_after_first(gate, 0.2)
        assert pool.map(targets.open_gate_and_square, items) == [1, 4]
        gate.clear()
        items = targets.numbers_after_first(gate, SOON)
        assert list(pool.imap(targets.open_gate_and_square, items)) == [1, 4]
    assert capsys.readouterr().out.splitlines() == [
        "a task had run before the second item was taken: False",
        "a task had run before the second item was taken: True"]


UNPICKLABLE = """
import sys
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import Pool, TimeoutError, set_start_method


class TwoPartError(Exception):
    def __init__(self, what, why):
        super().__init__(f'{what}: {why}')


def fail_in_two_parts(x):
    raise TwoPartError(x, 'broken')


if __name__ == '__main__':
    set_start_method(sys.argv[1])
    with ProcessPoolExecutor(1) as executor:
        try:
            executor.submit(fail_in_two_parts, 1).result(timeout=SOON)
        except BrokenProcessPool as error:
            cause = error.__cause__.tb.splitlines()[-2]
            print('ProcessPoolExecutor: BrokenProcessPool, caused by', cause)
    pool = Pool(1)
    try:
        pool.apply_async(fail_in_two_parts, (1,)).get(timeout=3)
    except TimeoutError:
        print('Pool: TimeoutError')
    try:
        pool.apply_async(abs, (-1,)).get(timeout=3)
    except TimeoutError:
        print('Pool: a later task, TimeoutError')
    try:
        pool.terminate()
    except AssertionError:
        print('Pool: terminate() raised AssertionError')
"""


def test_an_exception_that_cannot_be_unpickled_breaks_either_pool(method):
    """Lesson 14's script (cpython#103061), under every start method: the executor breaks
    with the error as its cause; the Pool's result thread dies, so no result comes any
    more, and terminate() refuses."""
    from helpers.tools.plain_python import run_python
    script = UNPICKLABLE.replace("sys.argv[1]", repr(method))
    script = script.replace("SOON", repr(SOON))  # its bound: tests/bounds.py
    run = run_python(script, timeout=WHOLE_SCRIPT)
    missing = "TypeError: TwoPartError.__init__() missing 1 required positional argument: 'why'"
    assert checks.outcome_lines(run.output, died="the Pool's result thread died of") == [
        f"ProcessPoolExecutor: BrokenProcessPool, caused by {missing}",
        "Pool: TimeoutError", "Pool: a later task, TimeoutError",
        "Pool: terminate() raised AssertionError",
        f"the Pool's result thread died of: {missing}"]


# -- what 3.14 added, for the Pythons before it (backports) -----------------------------------



def buffered(executor, fn, items, buffersize, real):
    if real:
        return executor.map(fn, items, buffersize=buffersize)
    return backports.map_buffered(executor, fn, items, buffersize)


@pytest.mark.parametrize("real", [False, True] if NEWEST else [False])
def test_a_buffered_map_takes_its_buffer_and_one_more_item_a_result(real):
    numbers = checks.Counted(itertools.count())
    with ProcessPoolExecutor(2) as executor:
        squares = buffered(executor, targets.square, numbers, 4, real)
        assert numbers.taken == 4  # handed out before a result is asked for
        assert [next(squares) for _ in range(5)] == [0, 1, 4, 9, 16]
        assert numbers.taken == 9
        assert list(buffered(executor, targets.square, range(7), 3, real)) == \
            [x * x for x in range(7)]


@pytest.mark.parametrize("size, error", [(0, ValueError), (-1, ValueError), ("4", TypeError)])
def test_a_buffered_map_refuses_what_314_refuses(size, error):
    with ProcessPoolExecutor(1) as executor:
        with pytest.raises(error, match="buffersize must be"):
            backports.map_buffered(executor, targets.square, range(3), size)
        if NEWEST:
            with pytest.raises(error, match="buffersize must be"):
                executor.map(targets.square, range(3), buffersize=size)


def stop_a_stuck_worker(how: str, real: bool) -> tuple[str, list]:
    """A task that would work 30 s, its worker stopped by ``how``: what its future
    raised, and the workers' exit codes."""
    gate = Event()
    with ProcessPoolExecutor(1, initializer=targets.share_gate, initargs=(gate,)) as executor:
        stuck = executor.submit(targets.open_gate_and_sleep, 30)
        assert gate.wait(SOON)
        workers = list(executor._processes.values())
        # The executor's own thread reaps them; waiting on them here as well races with it
        # (CPython's Process is not made to be polled from two threads: one of the two then
        # sees no exit code, or 255 under forkserver).  So: wait for that thread to end.
        reaper = executor._executor_manager_thread
        if real:
            getattr(executor, how)()
        else:
            getattr(backports, how)(executor)
        error = stuck.exception(timeout=SOON)
    reaper.join(SOON)
    return type(error).__name__, [worker.exitcode for worker in workers]


@pytest.mark.parametrize("how, code", [("terminate_workers", -15), ("kill_workers", -9)])
@pytest.mark.parametrize("real", [False, True] if NEWEST else [False])
def test_stopping_the_workers_breaks_the_stuck_tasks_future(method, how, code, real):
    assert stop_a_stuck_worker(how, real) == (BrokenProcessPool.__name__, [code])
