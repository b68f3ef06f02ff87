"""Lesson 15 (speed-up): what its stored lines rest on, measured for real, and the
exercise's check, with the right answers and each wrong one.  (The notebook runs under
every start method in nbval; these run while the rest of the suite keeps the machine
busy, so they assert only what holds however busy it is.)"""

import multiprocessing
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from multiprocessing import Pool

import pytest

from helpers.lessons.l15_speedup import checks, draw, interpreters, measure, targets
from tests.bounds import SOON
from tests.wording import NEWEST

# -- when workers ran ---------------------------------------------------------------------------

def test_overlap_adds_up_the_time_two_lists_of_stretches_share():
    a = [(0.0, 1.0), (2.0, 3.0)]
    b = [(0.5, 2.5), (2.9, 4.0)]
    assert measure.overlap(a, b) == pytest.approx(0.5 + 0.5 + 0.1)
    assert measure.overlap(a, [(1.0, 2.0)]) == 0.0
    assert measure.overlap([], a) == 0.0


def _worker(bursts, cpu=0.0):
    return {"bursts": bursts, "cpu": cpu, "window": (bursts[0][0], bursts[-1][1])}


def test_a_race_says_workers_ran_at_once_only_past_the_edges_of_their_bursts():
    apart = measure.Race("2 threads", [_worker([(0.0, 0.01), (0.02, 0.03)]),
                                       _worker([(0.0101, 0.0199), (0.0299, 0.04)])])
    assert apart.together() < measure.AT_ONCE and not apart.ran_at_once()
    side_by_side = measure.Race("2 processes", [_worker([(0.0, 0.2)]), _worker([(0.0, 0.2)])])
    assert side_by_side.ran_at_once() and side_by_side.together() == pytest.approx(0.2)


def test_within_cores_is_the_law_that_cpu_time_is_at_most_cores_times_elapsed():
    two_cores_worth = measure.Race("2 processes", [_worker([(0.0, 1.0)], cpu=1.0),
                                                   _worker([(0.0, 1.0)], cpu=1.0)])
    assert two_cores_worth.within_cores(2) and not two_cores_worth.within_cores(1)
    assert two_cores_worth.cores_used() == pytest.approx(2.0)


def test_spin_notes_when_it_was_kept_off_the_cpu():
    """While another thread holds the GIL, spin cannot run: its bursts have gaps."""
    race = measure.on_threads(2, measure.rounds_for(0.1))
    for worker in race.workers:
        assert len(worker["bursts"]) > 1
        gaps = [b[0] - a[1] for a, b in zip(worker["bursts"], worker["bursts"][1:], strict=False)]
        assert min(gaps) > targets.RESOLUTION
        assert worker["cpu"] <= worker["window"][1] - worker["window"][0]


@pytest.mark.parametrize("workers", [2, 3])
def test_threads_never_compute_at_the_same_moment(workers):
    """The lesson's first stored line: the GIL, whatever the machine's load."""
    for _ in range(3):
        race = measure.on_threads(workers, measure.rounds_for(0.1))
        assert not race.ran_at_once(), race.together()
        assert len(race.workers) == workers


def test_processes_race_each_worker_once_and_leave_none_running(method):
    race = measure.on_processes(3, measure.rounds_for(0.05))
    assert race.how == "3 processes" and len(race.workers) == 3
    assert all(w["window"][0] <= w["bursts"][0][0] for w in race.workers)
    assert race.within_cores(measure.usable_cores())


def test_speedups_race_one_to_most_processes_within_the_cores():
    found = measure.speedups(most=3, seconds=0.1, tries=1)
    assert list(found) == [1, 2, 3]
    assert all(race.within_cores(measure.usable_cores()) for race in found.values())
    assert [len(race.workers) for race in found.values()] == [1, 2, 3]


SIDE_BY_SIDE = measure.Race("2 processes", [_worker([(0.0, 1.0)]), _worker([(0.0, 1.0)])])
TOOK_TURNS = measure.Race("2 processes", [_worker([(0.0, 0.5)]), _worker([(0.5, 1.0)])])


def texts_of(fig) -> list[str]:
    return [text.get_text() for ax in fig.axes for text in ax.texts]


def test_processes_that_took_turns_with_cores_to_spare_mean_a_busy_machine():
    """#28: a learner's busy laptop is said to be busy, beside the result, in the picture
    (its printed line holds either way)."""
    assert TOOK_TURNS.kept_apart(2) and not SIDE_BY_SIDE.kept_apart(2)
    assert not TOOK_TURNS.kept_apart(1)  # one core: taking turns is all it can do
    assert draw.BUSY in texts_of(draw.on_cpu([TOOK_TURNS], cores=2))
    assert draw.BUSY not in texts_of(draw.on_cpu([SIDE_BY_SIDE], cores=2))
    one = measure.Race("1 processes", [_worker([(0.0, 1.0)])])
    assert draw.BUSY in texts_of(draw.speedup({1: one, 2: TOOK_TURNS}, 2))
    assert draw.BUSY not in texts_of(draw.speedup({1: one, 2: SIDE_BY_SIDE}, 2))


def test_the_speedup_chart_says_where_it_was_measured_and_that_starts_are_left_out():
    """#28: a stored picture is one machine's; its CPUs are logical ones (SMT counts
    twice), and the timing starts at a Barrier, after every process has started."""
    races = {n: measure.Race(f"{n} processes", [_worker([(0.0, 1.0 / n)])] * n)
             for n in (1, 2, 3)}
    (ax,) = draw.speedup(races, 2).axes
    assert ax.get_title(loc="left") == ("measured here: 2 logical CPUs usable\neach run timed "
                                        "from a Barrier: its processes' starts left out")
    assert " 2 CPUs" in [text.get_text() for text in ax.texts]


def test_a_pool_task_costs_far_more_than_a_call(method):
    costs = measure.costs(items=20)
    assert set(costs) == {"a call here", "a task to a started Pool",
                          "a million numbers to a worker", "a Process started and joined"}
    assert costs["a task to a started Pool"] > 100 * costs["a call here"]


@pytest.mark.parametrize("seconds, label", [(4.2e-8, "42 ns"), (9.9e-7, "990 ns"),
                                            (1.5e-6, "1.5 µs"), (2.5e-5, "25 µs"),
                                            (0.0123, "12.3 ms")])
def test_a_cost_is_labelled_in_a_unit_that_shows_it(seconds, label):
    (ax,) = draw.costs({"it": seconds}).axes
    assert [text.get_text() for text in ax.texts] == [label]


def test_waiting_tasks_overlap_on_threads_and_asyncio():
    waits = measure.waiting(tasks=4, seconds=0.05)
    assert measure.most_at_once(waits["one after the other"][1]) == 1
    assert measure.most_at_once(waits["4 asyncio tasks"][1]) == 4  # (forced: one loop turn)
    assert len(waits["4 threads"][1]) == 4
    assert len(waits["a Pool of 4 processes"][1]) == 4


def test_asyncio_runs_in_its_own_thread_beside_a_running_loop():
    """A notebook's kernel runs an event loop: the lesson's asyncio must still run."""
    import asyncio

    async def inside_a_loop():
        return measure.waiting(tasks=2, seconds=0.01)["2 asyncio tasks"]

    elapsed, spans = asyncio.run(inside_a_loop())
    assert len(spans) == 2


# -- the exercise ---------------------------------------------------------------------------------

@pytest.fixture
def quick(monkeypatch):
    """slow() a hundredth of its lesson size, in workers that are forked and inherit it
    (the answers' pools use the default start method: forkserver's workers, the default
    from 3.14, would import the module afresh and run the lesson's size)."""
    monkeypatch.setattr(targets, "SLOW_LOOPS", targets.SLOW_LOOPS // 100)
    before = multiprocessing.get_start_method(allow_none=True)
    multiprocessing.set_start_method("fork", force=True)
    yield
    multiprocessing.set_start_method(before, force=True)


def serial(numbers):
    return sum(targets.slow(n) for n in numbers)


def pooled(numbers):
    with Pool(2) as pool:
        return sum(pool.map(targets.slow, numbers))


def executor(numbers):
    with ProcessPoolExecutor(2) as ex:
        return sum(ex.map(targets.slow, numbers))


def on_threads(numbers):
    with ThreadPoolExecutor(2) as ex:
        return sum(ex.map(targets.slow, numbers))


def one_at_a_time(numbers):
    with Pool(2) as pool:
        return sum(pool.apply(targets.slow, (n,)) for n in numbers)


def one_chunk(numbers):
    with Pool(2) as pool:
        return sum(pool.map(targets.slow, numbers, chunksize=len(numbers)))


def one_worker(numbers):
    with Pool(1) as pool:
        return sum(pool.map(targets.slow, numbers))


def a_lambda(numbers):
    with Pool(2) as pool:
        return sum(pool.map(lambda n: targets.slow(n), numbers))


def off_by_one(numbers):
    return pooled(numbers) + 1


def all_handed_then_got(numbers):
    with Pool(2) as pool:
        results = [pool.apply_async(targets.slow, (n,)) for n in numbers]
        return sum(r.get(timeout=SOON) for r in results)


def submitted_one_at_a_time(numbers):
    with ProcessPoolExecutor(2) as ex:
        return sum(ex.submit(targets.slow, n).result(timeout=SOON) for n in numbers)


def mapped_one_at_a_time(numbers):
    with Pool(2) as pool:
        return sum(pool.map(targets.slow, [n])[0] for n in numbers)


def partly(numbers):
    with Pool(2) as pool:
        return sum(pool.map(targets.slow, numbers[:2])) + serial(numbers[2:])


def broken(numbers):
    from helpers.lessons.l14_pools.targets import kill_my_worker
    with ProcessPoolExecutor(1) as ex:
        return ex.submit(kill_my_worker).result(timeout=SOON)


@pytest.mark.parametrize("answer", [pooled, executor, all_handed_then_got])
def test_a_pool_that_computes_side_by_side_is_right(answer, quick):
    verdict = checks.check_speedup(answer)
    assert verdict, verdict.text
    assert "8 calls went to " in verdict.text and "as 8 tasks" in verdict.text


def test_a_pool_made_before_the_check_is_not_seen_and_the_hint_says_so(quick):
    with Pool(2) as pool:
        verdict = checks.check_speedup(lambda numbers: sum(pool.map(targets.slow, numbers)))
    assert not verdict and "made inside your function" in verdict.text


def test_the_right_answer_is_right_under_every_method(method):
    assert checks.check_speedup(pooled)


@pytest.mark.parametrize("answer, hint", [
    (serial, "ran in no pool's worker"),
    (on_threads, "threads take turns on the GIL"),
    (one_at_a_time, "the tasks ran one at a time"),
    (submitted_one_at_a_time, "the tasks ran one at a time"),
    (mapped_one_at_a_time, "the tasks ran one at a time"),
    (partly, "only 2 of the 8 calls"),
    (broken, "BrokenProcessPool"),
    (one_chunk, "as one task"),
    (one_worker, "has 1 worker"),
    (a_lambda, "by its module and name"),
    (off_by_one, "it returned"),
    (5, "give the function itself"),
    (None, "give the function itself"),
])
def test_each_wrong_answer_gets_its_hint(answer, hint, quick):
    verdict = checks.check_speedup(answer)
    assert not verdict and verdict.text.startswith("Not yet: ") and hint in verdict.text


def test_a_function_that_never_returns_is_given_a_bound(monkeypatch, quick):
    monkeypatch.setattr(checks, "WAIT", 0.5)
    release = threading.Event()
    began = time.monotonic()
    verdict = checks.check_speedup(lambda numbers: release.wait(30))
    release.set()
    assert not verdict and "did not return in" in verdict.text
    assert time.monotonic() - began < 20


# -- interpreters (Python 3.14+) beside threads and processes ------------------------------------



def test_interpreter_pools_are_there_exactly_from_314():
    assert interpreters.has_interpreters() == NEWEST
    assert list(interpreters.executors()) == (
        ["threads", "interpreters", "processes"] if NEWEST else ["threads", "processes"])


def test_what_each_kind_of_worker_takes(method):
    taken = interpreters.what_each_takes()
    assert set(taken["threads"].values()) == {"ran"}
    assert taken["processes"]["bytes"] == "ran"
    assert taken["processes"]["an open file"] == taken["processes"]["a lock"] == "TypeError"
    assert taken["processes"]["a lambda to run"] == ("PicklingError" if NEWEST
                                                     else "AttributeError")
    if NEWEST:  # an interpreter gets a function's code, and nothing it cannot share
        assert taken["interpreters"] == {
            "a lambda to run": "ran", "bytes": "ran", "an open file": "NotShareableError",
            "a lock": "NotShareableError"}


def test_pools_compared_measures_each_kind_and_draws_them(quick):
    found = interpreters.pools_compared(workers=2, tasks=2)
    assert list(found) == list(interpreters.executors())
    for figures in found.values():
        assert list(figures) == ["the first task (a start)", "2 slow() calls", "a tiny task"]
        assert all(seconds > 0 for seconds in figures.values())
    texts = [t.get_text() for t in draw.pools(found).texts]
    assert texts == ([] if NEWEST else [f"interpreters: Python 3.14 and later (this is "
                                        f"{sys.version_info[0]}.{sys.version_info[1]})"])
    cells = {t.get_text() for ax in draw.what_each_takes(interpreters.what_each_takes()).axes
             for t in ax.texts}
    assert ("Python 3.14+" in cells) != NEWEST and "✓ ran" in cells
