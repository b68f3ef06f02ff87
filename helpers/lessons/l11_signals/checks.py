"""Lesson 11's exercise: predict what five calls on an Event, a BoundedSemaphore, a
Barrier and a Condition return or raise; the check makes each call for real.

Parent side; each check returns a :class:`~helpers.lessons.exercise.Verdict`."""

from __future__ import annotations

import multiprocessing

from ..exercise import Verdict, check, dict_form, per_key

OUTCOMES = ("True", "False", "ValueError", "BrokenBarrierError", "AssertionError")
HINTS = {
    "e.wait(timeout=0.2), nobody sets e": "wait() returns False when its time is up",
    "e.wait(timeout=0.2) after e.set()": "a set Event lets every wait through at once",
    "release() of a BoundedSemaphore(1) nobody holds": "a BoundedSemaphore refuses to go "
                                                        "above its start value",
    "b.wait(timeout=0.2) on a Barrier(2), alone": "a barrier whose wait times out breaks",
    "c.notify() without holding c": "notify() needs the condition's lock; multiprocessing "
                                    "checks it with an assert",
}
CALLS = tuple(HINTS)


def check_outcomes(answer) -> Verdict:
    """Lesson 11: ``answer`` says, for each of ``CALLS``, what it returns (``'True'``,
    ``'False'``) or raises (the error's name)."""
    return check(
        answer,
        form=dict_form(CALLS, "{'e.wait(timeout=0.2), nobody sets e': 'True', ...}",
                       lambda value: value in OUTCOMES,
                       f"answer each with one of {', '.join(map(repr, OUTCOMES))}"),
        experiment=outcome_experiment, what_ran="the calls",
        wrong=per_key(HINTS),
        right=lambda seen: "; ".join(f"{call} → {outcome}" for call, outcome in seen.items())
                           + ".")


def outcome_experiment() -> dict:
    """Make each call of ``CALLS`` for real, here; ``{call: 'True' | 'False' | error}``."""
    e, ready = multiprocessing.Event(), multiprocessing.Event()
    ready.set()
    calls = {
        CALLS[0]: lambda: e.wait(timeout=0.2),
        CALLS[1]: lambda: ready.wait(timeout=0.2),
        CALLS[2]: multiprocessing.BoundedSemaphore(1).release,
        CALLS[3]: lambda: multiprocessing.Barrier(2).wait(timeout=0.2),
        CALLS[4]: multiprocessing.Condition().notify,
    }
    seen = {}
    for call, make in calls.items():
        try:
            seen[call] = str(make())
        except Exception as error:
            seen[call] = type(error).__name__
    return seen
