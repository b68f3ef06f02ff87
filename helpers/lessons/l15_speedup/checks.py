"""Lesson 15's exercise (parent side): speed up a slow function with a pool.

The check runs the learner's function for real, recorded, and the same work one call
after the other, and draws both times.  Its verdict rests on what holds on any machine,
however busy -- the result, and that the calls went to a pool's worker processes as
tasks that could run at the same moment -- not on the times: on a machine busy with other
work, even a right answer may be no faster this time (the picture shows it).

Each check returns a :class:`~helpers.lessons.exercise.Verdict`."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing import pool as _pool

from ...families.tasks import TASKS
from ...view.display import display_figure
from ..exercise import check
from . import draw, targets

NUMBERS = tuple(range(8))
WAIT = 60.0  # s: the most the check waits for the learner's function (never, normally)


def check_speedup(total_of_slow):
    """Lesson 15: ``total_of_slow(numbers)`` must return ``sum(targets.slow(n) for n in
    numbers)``, its calls of ``slow`` handed to a ``Pool`` (or a
    ``ProcessPoolExecutor``) to run side by side."""
    return check(
        total_of_slow,
        form=_form, experiment=lambda: _race(total_of_slow), what_ran="your function",
        wrong=_hints, right=_right)


def _form(answer) -> str | None:
    if not callable(answer):
        return (f"give the function itself, total_of_slow, not {answer!r} "
                f"(no parentheses: the check calls it)")
    return None


def _race(total_of_slow) -> dict:
    """The work one call after the other, then ``total_of_slow``, recorded (in a thread,
    so that the check ends within ``WAIT`` s whatever the function does); both times
    drawn; what was seen: ``expected``, ``serial``, ``run``, and ``got`` and ``took``, or
    the ``error`` it raised, or neither (it did not return)."""
    from ... import record
    began = time.perf_counter()
    expected = sum(targets.slow(n) for n in NUMBERS)
    seen: dict = {"expected": expected, "serial": time.perf_counter() - began}
    outcome: dict = {}
    with record(show=False) as run, _handovers() as waited:
        thread = threading.Thread(target=_call, args=(total_of_slow, outcome), daemon=True)
        thread.start()
        thread.join(WAIT)
    seen.update(outcome, run=run, one_at_a_time=len(waited) > 1 and all(waited[1:]))
    if "got" in seen:
        display_figure(lambda: draw.waiting({"one after the other": (seen["serial"], []),
                                             "your function": (seen["took"], [])}),
                       "<seconds: one after the other, and your function>")
    if _slow_tasks(run):
        display_figure(run.figure, "<timeline: your function's pool and its tasks>")
    return seen


def _call(function, outcome: dict) -> None:
    """Call ``function`` on the numbers, noting what it returned and how long it took,
    or what it raised."""
    began = time.perf_counter()
    try:
        outcome["got"] = function(list(NUMBERS))
    except Exception as error:  # (any error of the learner's code is a hint)
        outcome["error"] = error
    outcome["took"] = time.perf_counter() - began


@contextmanager
def _handovers():
    """For each task or ``map`` handed to a pool in the block (``Pool.apply_async``, which
    ``apply`` calls, ``Pool`` maps, ``ProcessPoolExecutor.submit``, which its ``map``
    calls), note whether every one handed over before it had already finished: yields
    that list.  If each had, the code waited for each result before it handed over the
    next -- one at a time, whatever the timeline happens to show."""
    handed: list = []
    waited: list[bool] = []

    def watched(original, ready):
        def hook(self, *args, **kwargs):
            waited.append(all(ready(result) for result in handed))
            result = original(self, *args, **kwargs)
            handed.append(result)
            return result
        return hook

    places = [(_pool.Pool, "apply_async", lambda r: r.ready()),
              (_pool.Pool, "_map_async", lambda r: r.ready()),
              (ProcessPoolExecutor, "submit", lambda f: f.done())]
    originals = [getattr(cls, name) for cls, name, _ in places]
    for (cls, name, ready), original in zip(places, originals, strict=True):
        setattr(cls, name, watched(original, ready))
    try:
        yield waited
    finally:
        for (cls, name, _), original in zip(places, originals, strict=True):
            setattr(cls, name, original)


def _slow_tasks(run) -> list:
    return [task for task in TASKS.tasks(run) if (task.text or "").startswith("slow(")]


def _hints(answer, seen: dict) -> list[str]:
    if "error" in seen:
        error = seen["error"]
        hint = f"your function raised {type(error).__name__}: {error}"
        if type(error).__name__ == "BrokenProcessPool" or any(
                word in hint.lower() for word in ("pickle", "attribute")):
            hint += (" -- a pool's worker gets a task's function by its module and name: "
                     "give the pool targets.slow, not a function of the notebook or a lambda")
        return [hint]
    if "took" not in seen:
        return [f"your function did not return in {WAIT:.0f} s: a Pool waits for ever for "
                f"tasks its workers cannot take (a function defined in the notebook, under "
                f"spawn?): give the pool targets.slow"]
    if seen["got"] != seen["expected"]:
        return [f"it returned {seen['got']!r}; the total of slow(n) for n in "
                f"{list(NUMBERS)} is {seen['expected']!r}"]
    run = seen["run"]
    tasks = _slow_tasks(run)
    calls = sum(task.calls for task in tasks)
    if not tasks:
        return ["slow() ran in no pool's worker: a loop runs it here, one call after the "
                "other, and threads take turns on the GIL -- hand the calls to a Pool "
                "(pool.map), made inside your function (the check sees the pools made "
                "while it runs)"]
    if calls < len(NUMBERS):
        return [f"only {calls} of the {len(NUMBERS)} calls went to a pool: the others ran "
                f"here, one after the other"]
    if len(tasks) == 1:
        return ["all the calls went as one task, so one worker ran them all: leave "
                "chunksize to map, or make it smaller"]
    if seen["one_at_a_time"]:
        return ["the tasks ran one at a time: your code waited for each result before it "
                "handed over the next (apply() does) -- hand them all over first (map, or "
                "apply_async / submit for each), then collect the results"]
    pool = tasks[0].obj
    workers = next(p.workers for p in TASKS.pools(run) if p.name == pool)
    if workers == 1:
        return [f"{pool} has 1 worker, which runs one task at a time: give it more "
                f"(Pool() starts one per CPU)"]
    return []


def _right(seen: dict) -> str:
    tasks = _slow_tasks(seen["run"])
    calls = sum(task.calls for task in tasks)
    return (f"the same total, and slow()'s {calls} calls went to {tasks[0].obj} as "
            f"{len(tasks)} tasks, for its worker processes to run side by side -- the "
            f"picture compares the times")
