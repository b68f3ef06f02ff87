"""Lesson 13's checks (parent side): the line a leaked segment makes the resource tracker
print, and the exercise -- predict three outcomes of sharing state, each then run for
real here.

Each check returns a :class:`~helpers.lessons.exercise.Verdict`."""

from __future__ import annotations

import multiprocessing
import os
import re
from multiprocessing import shared_memory

from ..exercise import check, dict_form, per_key

NESTED = "d['fruits'].append('apple') in a child, d a Manager dict holding a list"
COUNTER = "2 children add 1 to a Value 500 times each, under get_lock()"
LEFT = "a SharedMemory closed in every process, not unlinked, program running: still there?"
HINTS = {
    NESTED: "d['fruits'] gives the child a copy of the list: the append changes the copy",
    COUNTER: "get_lock() makes each read-and-write one step: no addition is lost",
    LEFT: "close() ends one process's view; only unlink() removes the segment",
}
QUESTIONS = tuple(HINTS)
OUTCOMES = ("[]", "['apple']", "1000", "less than 1000", "True", "False")


def tracker_warning(output: str) -> str:
    """The resource tracker's warning in a script's ``output``, as every supported Python
    prints it (3.13 adds the segments' names, different on every run)."""
    for line in output.splitlines():
        if "UserWarning: resource_tracker:" in line:
            warning = line[line.index("UserWarning"):]
            return re.sub(r"(at shutdown): .*$", r"\1", warning)
    return "no warning from the resource tracker"


def check_outcomes(answer):
    """Lesson 13: ``answer`` says, for each of ``QUESTIONS``, what happens (one of
    ``OUTCOMES``); the check makes each happen, here."""
    return check(
        answer,
        form=dict_form(QUESTIONS, f"{{{NESTED!r}: '[]', ...}}", lambda value: value in OUTCOMES,
                       f"answer each with one of {', '.join(map(repr, OUTCOMES))}"),
        experiment=outcome_experiment, what_ran="the experiment",
        wrong=per_key(HINTS),
        right=lambda seen: "; ".join(f"{q} → {outcome}" for q, outcome in seen.items()) + ".")


def outcome_experiment() -> dict:
    """Each of ``QUESTIONS`` run for real: ``{question: outcome}``."""
    from ..l10_locks.targets import add_with_the_lock
    from .targets import append_to
    seen = {}
    with multiprocessing.Manager() as manager:
        d = manager.dict(fruits=[])
        _run(append_to, d, "fruits", "apple")
        seen[NESTED] = str(d["fruits"])
    counter = multiprocessing.Value("i", 0)
    children = [multiprocessing.Process(target=add_with_the_lock, args=(counter, 500))
                for _ in range(2)]
    for p in children:
        p.start()
    for p in children:
        p.join()
    seen[COUNTER] = "1000" if counter.value == 1000 else "less than 1000"
    segment = shared_memory.SharedMemory(create=True, size=16)
    segment.close()
    try:
        seen[LEFT] = str(os.path.exists(f"/dev/shm/{segment.name}")
                         or _attachable(segment.name))
    finally:
        segment.unlink()
    return seen


def _run(target, *args) -> None:
    p = multiprocessing.Process(target=target, args=args)
    p.start()
    p.join()


def _attachable(name: str) -> bool:
    """Does the segment ``name`` still exist (where /dev/shm does not show it)?"""
    try:
        shared_memory.SharedMemory(name=name).close()
        return True
    except FileNotFoundError:
        return False
