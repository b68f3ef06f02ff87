"""Lesson 00's exercise: read your own timeline -- how many lanes, whose bar is longest,
which exit code -- checked against the run itself.

Parent side; each check returns a :class:`~helpers.lessons.exercise.Verdict`."""

from __future__ import annotations

import math
import numbers
import reprlib

from ...view import Run
from ..exercise import Verdict, check

READING_KEYS = ("processes", "ran longest", "Process-2 exit code")
READING_HINTS = {
    "processes": "count the lanes: one per process, the recording one (MainProcess, this "
                 "kernel) included",
    "ran longest": "the thick blue bar is a target running: compare the lengths of the "
                   "children's bars",
    "Process-2 exit code": "read the label beside the square at the end of Process-2's lane",
}


def timeline_facts(run) -> dict:
    """The answers :func:`check_timeline_reading` expects, read from ``run``: its
    number of lanes, the child whose target ran longest, Process-2's exit code.
    Lesson 00."""
    longest = max((lane for lane in run.children if lane.running),
                  key=lambda lane: lane.running[1] - lane.running[0])
    return {"processes": len(run.lanes), "ran longest": longest.name,
            "Process-2 exit code": run.lane("Process-2").exitcode}


def check_timeline_reading(answer, run=None) -> Verdict:
    """Lesson 00: ``answer`` says what the timeline of ``run`` shows:
    ``{'processes': int, 'ran longest': 'Process-1' or 'Process-2',
    'Process-2 exit code': int}``.  Its form is checked first (``3.0`` is fine, a name
    must be written as the timeline writes it), then it is compared with the run
    itself.  Lesson 00."""
    names = [lane.name for lane in run.lanes] if isinstance(run, Run) else []

    def form(answer) -> str | None:
        if not isinstance(run, Run):
            return ("pass the run the exercise recorded too: "
                    "checks.check_timeline_reading(answer, run)")
        try:
            timeline_facts(run)
        except (KeyError, ValueError):
            return ("this run has no Process-1 and Process-2 whose targets ran: "
                    "run the exercise's recording cell again, unchanged")
        example = "{'processes': 0, 'ran longest': 'Process-1', 'Process-2 exit code': 0}"
        if not isinstance(answer, dict) or set(answer) != set(READING_KEYS):
            return (f"answer with a dict of the keys {READING_KEYS}, like {example}; "
                    f"not {reprlib.repr(answer)}")
        blank = [key for key in READING_KEYS if answer[key] is None]
        if blank:
            return f"replace None with your answer for {blank}"
        problems = _read_reading(answer, names)[1]
        return "; ".join(problems) if problems else None

    def wrong(answer, truth) -> list[str]:
        given = _read_reading(answer, names)[0]
        return [f"{key}: {READING_HINTS[key]}" for key in READING_KEYS if given[key] != truth[key]]

    return check(answer, form=form, experiment=lambda: timeline_facts(run), wrong=wrong,
                 right=lambda truth: (f"{truth['processes']} lanes, one per process; "
                                      f"{truth['ran longest']}'s bar is the longest; Process-2's "
                                      f"square says exit {truth['Process-2 exit code']}."))


def _read_reading(answer: dict, names: list[str]) -> tuple[dict, list[str]]:
    """The values of a timeline reading as the facts have them (``3.0`` is 3, a name
    keeps no spaces around it), and what is wrong with their form: a counted
    answer in another form should hear that, not "count again"."""
    given, problems = {}, []
    for key in READING_KEYS:
        value = answer[key]
        if key == "ran longest":
            name = value.strip() if isinstance(value, str) else None
            spelled = [n for n in names if name is not None and n.lower() == name.lower()]
            if not spelled:
                problems.append(f"{key}: answer with a process's name as the timeline shows it, "
                                f"like 'Process-1'; not {reprlib.repr(value)}")
            elif name not in names:
                problems.append(f"{key}: write the name as the timeline shows it: {spelled[0]!r}")
            given[key] = name
        else:
            given[key] = _whole_number(value)
            if given[key] is None:
                problems.append(f"{key}: answer with a whole number (an int), "
                                f"not {reprlib.repr(value)}")
    return given, problems


def _whole_number(x) -> int | None:
    """``x`` as an int if it is a whole number (``3`` or ``3.0``; not ``True``), else None."""
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        return None
    if isinstance(x, numbers.Integral):
        return int(x)
    return int(x) if math.isfinite(x) and float(x).is_integer() else None
