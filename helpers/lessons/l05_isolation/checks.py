"""Lesson 05's exercise: what does a child print after ``counter += 1``, under fork and
under spawn, and what is the parent's counter then?  Run for real.

Parent side; each check returns a :class:`~helpers.lessons.exercise.Verdict`."""

from __future__ import annotations

import contextlib
import io
import multiprocessing

from ...view import record
from ..exercise import Verdict, check, dict_form, is_int, per_key
from . import isolation

COUNTER_KEYS = ("fork", "spawn", "parent")
COUNTER_HINTS = {
    "fork": "a fork child starts with a copy of the parent's memory as it is at start(), "
            "counter included, and adds 1 to that copy",
    "spawn": "a spawn child imports helpers/lessons/l05_isolation/isolation.py afresh: its "
             "counter starts from the value written in that file, not from the one the "
             "parent set",
    "parent": "the child's `counter += 1` changed the child's own copy; nothing a child "
              "does to its globals reaches the parent",
}


def check_counter_prediction(answer) -> Verdict:
    """Lesson 05: the parent sets ``isolation.counter = 7``, then a child runs
    ``isolation.add_one`` (``counter += 1``, print it) and is joined.  ``answer``
    predicts ``{'fork': ..., 'spawn': ..., 'parent': ...}``: what the child prints when
    started by fork, by spawn, and the parent's counter afterwards.  Well-formed
    answers are compared with the experiment, run for real.  Lesson 05."""
    return check(
        answer,
        form=dict_form(COUNTER_KEYS, "{'fork': 0, 'spawn': 0, 'parent': 0}", is_int,
                       "each value is a whole number (an int)"),
        experiment=lambda: counter_experiment(start=7),  # fails without fork (Windows)
        wrong=per_key(COUNTER_HINTS),
        right=lambda seen: (f"the fork child printed {seen['fork']}, the spawn child "
                            f"{seen['spawn']}, and the parent's counter is still "
                            f"{seen['parent']}."))


def counter_experiment(start: int = 7) -> dict:
    """Run lesson 05's exercise for real: set ``isolation.counter = start`` here, run
    ``isolation.add_one`` in a fork child, then in a spawn child; return what each
    printed and this process's counter afterwards (then restore it).  Nothing reaches
    the cell: record() relays the children's lines to the sys.stdout of its start, here
    a StringIO, so a wrong prediction does not see the answer above its hint.  Lesson 05."""
    saved, isolation.counter = isolation.counter, start
    quiet = io.StringIO()
    try:
        with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet), \
                record(show=False) as run:
            for method in ("fork", "spawn"):
                p = multiprocessing.get_context(method).Process(target=isolation.add_one,
                                                                args=(method,))
                p.start()
                p.join()
        seen = {"parent": isolation.counter}
    finally:
        isolation.counter = saved
    for method, lane in zip(("fork", "spawn"), run.children, strict=True):
        if lane.exitcode != 0 or not lane.prints:
            raise RuntimeError(f"the {method} child printed {lane.prints} and exited with "
                               f"code {lane.exitcode}")
        seen[method] = int(lane.prints[-1].text.rsplit("= ", 1)[-1])
    return seen
