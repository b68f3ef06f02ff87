"""The tasks family: each task of a ``Pool`` or a ``ProcessPoolExecutor`` is a span on the
lane of the worker that ran it, with its call and how it ended, under every start method;
the summary says what holds whatever the schedule; what the pool does to its workers is
the pool's, not the learner's; nothing of the workbook's shows in a task's traceback."""

import multiprocessing
import re
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.connection import wait

import pytest
from matplotlib.colors import to_rgba

from helpers import record
from helpers.families import tasks
from tests import task_targets
from tests.bounds import SOON


def spans(run):
    return tasks.TASKS.tasks(run)


def pool_lines(run):
    return [line for line in run.summary().splitlines()
            if line.startswith(("Pool-", "ProcessPoolExecutor-", "  ")) and "worker of" not in line
            and not line.startswith("  MainProcess")]


def test_each_task_of_a_pool_is_a_span_on_a_worker_lane(method):
    with record(show=False) as run:
        with multiprocessing.Pool(2) as pool:
            assert pool.map(task_targets.square, range(5), chunksize=1) == [0, 1, 4, 9, 16]
    found = spans(run)
    assert [task.text for task in found] == [f"square({x})" for x in range(5)]
    workers = {lane.pid for lane in run.children}
    assert len(workers) == 2
    for lane in run.lanes:
        for task in (s for s in lane.spans if s.family == "tasks"):
            assert lane.pid in workers and task.obj == "Pool-1" and task.ended >= task.began
    assert pool_lines(run) == ["Pool-1, 2 workers: 5 tasks began, never more at once than "
                               "its 2 workers; each returned"]


def test_a_workers_lane_says_whose_it_is_and_the_pools_own_calls_are_not_the_learners(method):
    with record(show=False) as run:
        with multiprocessing.Pool(2) as pool:
            pool.apply(task_targets.square, (3,))
    parent, *workers = run.lanes
    summary = run.summary().splitlines()
    assert summary[1] == "  MainProcess     " + " " * (len(workers[0].name) - 15)  \
        or "start" not in summary[1]
    for lane in workers:
        assert lane.owner == "Pool-1"
        line = next(text for text in summary if text.startswith(f"  {lane.name} "))
        assert line.split(maxsplit=1)[1] == "worker of Pool-1"
    by = {action.by for action in parent.actions} | {join.by for join in parent.joins}
    assert by == {"Pool-1"}  # started, and terminated (or joined) by the pool itself
    assert "started both children" not in run.summary()


def test_a_worker_the_learner_joins_by_hand_is_the_learners_doing():
    # (not terminate(): an idle worker waits for a task holding the task queue's read
    # lock, which a terminated worker never releases -- the pool's own terminate() then
    # waits for that lock for ever)
    with record(show=False) as run:
        with multiprocessing.Pool(1) as pool:
            pool.apply(task_targets.square, (2,))
            pool._pool[0].join(0.05)
    parent = run.lanes[0]
    assert [join.by for join in parent.joins if join.timeout == 0.05] == [None]
    assert "join PoolWorker-1 (gave up after 0.05 s, PoolWorker-1 still running)" in \
        re.sub(r"\b(?:Fork|Spawn|ForkServer)PoolWorker", "PoolWorker", run.summary())


def test_map_chunks_and_starmap_calls_are_labelled_with_their_calls():
    with record(show=False) as run:
        with multiprocessing.Pool(2) as pool:
            pool.map(task_targets.square, range(6), chunksize=3)
            pool.starmap(task_targets.add, [(1, 2)])
            pool.apply(task_targets.add, (1,), {"b": 5})
    assert [task.text for task in spans(run)] == [
        "square(0) … square(2), 3 calls", "square(3) … square(5), 3 calls", "add(1, 2)",
        "add(1, b=5)"]
    assert pool_lines(run)[0] == ("Pool-1, 2 workers: 4 tasks (8 calls in chunks) began, "
                                  "never more at once than its 2 workers; each returned")


def test_a_task_that_raises_is_said_and_its_traceback_shows_nothing_of_the_workbooks(method):
    with record(show=False) as run:
        with multiprocessing.Pool(2) as pool:
            swallowed = pool.apply_async(task_targets.fail_on, (1, 1))  # never .get()
            result = pool.apply_async(task_targets.fail_on, (2, 2))
            with pytest.raises(ValueError, match="2 is bad") as error:
                result.get(timeout=SOON)
            swallowed.wait(SOON)
    remote = str(error.value.__cause__)  # the worker's traceback, as text
    assert "fail_on" in remote and "helpers" not in remote
    assert pool_lines(run) == [
        "Pool-1, 2 workers: 2 tasks began, never more at once than its 2 workers; "
        "0 returned, 2 raised",
        "  fail_on(1, 1) raised ValueError: 1 is bad",
        "  fail_on(2, 2) raised ValueError: 2 is bad"]
    assert {task.kind for task in spans(run)} == {"task-raised"}


def test_an_executors_tasks_and_map_chunks_are_recorded(method):
    with record(show=False) as run:
        with ProcessPoolExecutor(2) as executor:
            futures = [executor.submit(task_targets.square, x) for x in (1, 2)]
            assert sorted(f.result() for f in as_completed(futures, timeout=SOON)) == [1, 4]
            assert list(executor.map(task_targets.add, [1, 2, 3], [10, 20, 30],
                                     chunksize=2)) == [11, 22, 33]
    assert [task.text for task in spans(run)] == [
        "square(1)", "square(2)", "add(1, 10) … add(2, 20), 2 calls", "add(3, 30)"]
    assert pool_lines(run) == ["ProcessPoolExecutor-1, 2 workers: 4 tasks (5 calls in chunks) "
                               "began, never more at once than its 2 workers; each returned"]
    assert all(lane.owner == "ProcessPoolExecutor-1" for lane in run.children)


def test_an_executors_worker_killed_in_a_task_breaks_the_pool_and_the_task_never_ends(method):
    with record(show=False) as run:
        with ProcessPoolExecutor(1) as executor:
            future = executor.submit(task_targets.kill_my_worker)
            with pytest.raises(BrokenProcessPool):
                future.result(timeout=SOON)
    assert pool_lines(run) == [
        "ProcessPoolExecutor-1, 1 worker: 1 task began, one at a time; 0 returned, "
        "0 raised, 1 never ended",
        "  kill_my_worker() never ended: its worker ended in it"]
    assert "worker of ProcessPoolExecutor-1 · exit code -9 (SIGKILL)" in run.summary()


def test_a_pools_worker_killed_in_a_task_leaves_it_waiting_and_the_wait_is_bounded(method):
    with record(show=False) as run:
        with multiprocessing.Pool(1) as pool:
            worker = pool._pool[0]  # (the Pool's own list: it replaces a worker that died)
            result = pool.apply_async(task_targets.kill_my_worker)
            wait([worker.sentinel], SOON)  # it took the task and died in it (not join():
            # the Pool's own thread polls its exit code, and two polls may cross)
            with pytest.raises(multiprocessing.TimeoutError):
                result.get(timeout=2)  # the Pool never hears of it: it would wait for ever
    lines = pool_lines(run)
    assert lines[-1] == "  kill_my_worker() never ended: its worker ended in it"
    assert "exit code -9 (SIGKILL)" in run.summary()


def test_maxtasksperchild_makes_new_workers_each_running_at_most_that_many_tasks():
    with record(show=False) as run:
        with multiprocessing.Pool(2, maxtasksperchild=1) as pool:
            assert pool.map(task_targets.square, range(4), chunksize=1) == [0, 1, 4, 9]
    per_lane = [sum(1 for s in lane.spans if s.family == "tasks") for lane in run.children]
    assert max(per_lane) == 1 and sum(per_lane) == 4 and len(run.children) >= 4


def test_a_pool_the_block_left_open_is_ended_by_record():
    with record(show=False) as run:
        pool = multiprocessing.Pool(2)
        pool.apply(task_targets.square, (2,))
    assert not pool._pool or all(p.exitcode is not None for p in pool._pool)
    assert {action.by for action in run.lanes[0].actions if action.kind == "terminate"} \
        <= {"record()"}


def test_a_pool_made_outside_the_recording_is_not_drawn():
    with multiprocessing.Pool(1) as pool:
        with record(show=False) as run:
            assert pool.apply(task_targets.square, (3,)) == 9
    assert spans(run) == [] and run.children == []


def test_tasks_are_drawn_as_bars_with_their_legend():
    with record(show=False) as run:
        with multiprocessing.Pool(1) as pool:
            pool.apply(task_targets.square_after, (2, 0.05))
            with pytest.raises(ValueError):
                pool.apply(task_targets.fail_on, (1, 1))
    fig = run.figure()
    legend = [text.get_text() for legend in fig.legends for text in legend.get_texts()]
    assert tasks.TASKS.styles["task"].label in legend
    assert tasks.TASKS.styles["task-raised"].label in legend
    labels = [text.get_text() for ax in fig.axes for text in ax.texts]
    assert "square_after(2, 0.05)" in labels and "fail_on(1, 1) → ValueError" in labels


def test_a_task_of_a_moment_is_still_a_bar_that_shows_in_its_colour():
    """#28: lesson 14's chunks of square() take microseconds: each is drawn a few pixels
    wide, unedged, so that the yellow the legend names is seen."""
    with record(show=False) as run:
        with multiprocessing.Pool(1) as pool:
            pool.map(task_targets.square, range(12), chunksize=4)
            time.sleep(0.05)  # (a run long beside its tasks)
    (ax,) = run.figure().axes
    whole = run.end - run.t0
    colour = to_rgba(tasks.TASKS.styles["task"].color)
    bars = [p for p in ax.patches if p.get_facecolor() == colour]
    assert len(bars) == 3
    assert all(bar.get_width() >= whole / tasks.SEEN_SHARE * 0.999 for bar in bars)
    assert all(bar.get_edgecolor()[3] == 0 for bar in bars)


def test_an_argument_whose_repr_raises_is_labelled_by_its_function_alone():
    with record(show=False) as run:
        with multiprocessing.Pool(1) as pool:
            result = pool.apply_async(task_targets.fail_on, (task_targets.Unsayable(), 0))
            assert result.get(timeout=SOON) is not None  # (a worker killed: TimeoutError)
    assert [task.text for task in spans(run)] == ["fail_on(…)"]


def test_an_executor_left_running_a_long_task_holds_record_up_no_longer_than_its_wait():
    began = time.monotonic()
    with record(show=False, wait=0.5) as run:
        executor = ProcessPoolExecutor(1)
        future = executor.submit(task_targets.sleep_for, 30)
        assert not future.done()
    assert time.monotonic() - began < 20
    assert all(lane.exitcode is not None for lane in run.children)


def test_a_task_that_never_ended_counts_at_once_only_until_its_worker_died():
    with record(show=False) as run:
        with multiprocessing.Pool(1) as pool:
            worker = pool._pool[0]  # (the Pool's own list: it replaces a worker that died)
            result = pool.apply_async(task_targets.kill_my_worker)
            wait([worker.sentinel], SOON)  # it took the task and died in it
            with pytest.raises(multiprocessing.TimeoutError):
                result.get(timeout=2)  # the Pool never hears of it
            assert pool.apply(task_targets.square, (3,)) == 9
    assert tasks.TASKS.most_at_once(run, "Pool-1") == 1
    assert pool_lines(run)[0].startswith("Pool-1, 1 worker: 2 tasks began, one at a time;")
