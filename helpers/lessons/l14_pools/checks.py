"""Lesson 14's checks (parent side): a run's pools shown by their tasks alone, where the
number of workers is the schedule's; and the exercise: predict four outcomes of using a
pool, each then run for real here.

Each exercise check returns a :class:`~helpers.lessons.exercise.Verdict`."""

from __future__ import annotations

import re
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import Pool

from ...families.tasks import TASKS
from ...view.display import display_figure
from ...view.text import show as show_text
from ..exercise import check, dict_form, per_key
from . import targets

WAIT = 60.0  # s: the most a check waits for a pool's result (never, normally)

SWALLOWED = "apply_async(fail_on, (1, 1)) in a with Pool() block, never .get(): what raises?"
CHUNKS = "Pool(2).map(square, range(12)), no chunksize: how many tasks?"
KILLED = "ProcessPoolExecutor: a task kills its own worker: what does .result() raise?"
NESTED = "pool.apply(pool_inside): a task that makes a Pool: what does apply raise?"
HINTS = {
    SWALLOWED: "the error waits in the AsyncResult, which nobody asks: nothing raises "
               "(the timeline shows the task raising)",
    CHUNKS: "map splits the items into chunks of about len / (4 x workers), rounded up: "
            "12 / 8 → 2 items a chunk",
    KILLED: "the executor notices a dead worker and breaks: every pending future raises "
            "BrokenProcessPool (a Pool would wait for ever)",
    NESTED: "a pool's workers are daemons, and a daemon may not have children: "
            "AssertionError",
}
QUESTIONS = tuple(HINTS)
OUTCOMES = ("nothing", "ValueError", "AssertionError", "BrokenProcessPool", "TimeoutError")


def show_tasks(run, text: str) -> None:
    """The timeline of ``run`` (``text``: its plain form) and its pools' lines only:
    for a run whose number of workers the schedule decides (an executor starts a worker
    when none is idle; ``maxtasksperchild`` replaces them as they finish)."""
    display_figure(run.figure, text)
    show_text("\n".join(TASKS.summary_lines(run)))


def outcome_lines(output: str, died: str = "a worker died of") -> list[str]:
    """What a script of pools printed, told apart from the tracebacks of its workers (or
    of the thread that ``died`` names): the script's own lines (those that start with
    ``Pool`` or ``ProcessPoolExecutor``), then each distinct error in the tracebacks,
    once -- how many tracebacks there are depends on how the workers fell between the
    tasks."""
    lines = output.splitlines()
    own = [line for line in lines if line.startswith(("Pool", "ProcessPoolExecutor"))]
    errors = dict.fromkeys(line for line in lines
                           if re.match(r"\w+Error: ", line) and line not in own)
    return own + [f"{died}: {error}" for error in errors]


# -- the exercise -------------------------------------------------------------------------------

def check_outcomes(answer):
    """Lesson 14: ``answer`` says, for each of ``QUESTIONS``, what happens (one of
    ``OUTCOMES``, or a number for ``CHUNKS``); the check makes each happen, here."""
    return check(
        answer,
        form=dict_form(QUESTIONS, f"{{{SWALLOWED!r}: 'nothing', ...}}", _valid,
                       f"answer with a whole number for {CHUNKS!r} and each other one "
                       f"with one of {', '.join(map(repr, OUTCOMES))}"),
        experiment=outcome_experiment, what_ran="the experiment",
        wrong=per_key(HINTS),
        right=lambda seen: "; ".join(f"{q} → {outcome}" for q, outcome in seen.items()) + ".")


def _valid(value) -> bool:
    return value in OUTCOMES or type(value) is int


def outcome_experiment() -> dict:
    """Each of ``QUESTIONS`` run for real: ``{question: outcome}``."""
    return {SWALLOWED: _swallowed(), CHUNKS: _tasks_of_a_map(), KILLED: _killed(),
            NESTED: _nested()}


def _swallowed() -> str:
    try:
        with Pool(2) as pool:
            result = pool.apply_async(targets.fail_on, (1, 1))
            result.wait(WAIT)  # (only so that the task has run before the pool ends)
    except Exception as error:
        return type(error).__name__
    return "nothing"


def _tasks_of_a_map() -> int:
    from ... import record
    with record(show=False) as run, Pool(2) as pool:
        pool.map(targets.square, range(12))
    return len(TASKS.tasks(run))


def _killed() -> str:
    with ProcessPoolExecutor(1) as executor:
        try:
            executor.submit(targets.kill_my_worker).result(timeout=WAIT)
        except BrokenProcessPool:
            return "BrokenProcessPool"
        except Exception as error:
            return type(error).__name__
    return "nothing"


def _nested() -> str:
    with Pool(1) as pool:
        try:
            pool.apply_async(targets.pool_inside).get(timeout=WAIT)
        except Exception as error:
            return type(error).__name__
    return "nothing"


class Counted:
    """An iterator over ``items`` that counts how many were taken from it: ``taken``."""

    def __init__(self, items):
        self.items, self.taken = iter(items), 0

    def __iter__(self):
        return self

    def __next__(self):
        item = next(self.items)
        self.taken += 1
        return item
