"""Lesson 03's exercise: is a grandchild's ``os.getppid()`` the child that started it?
The check starts a family under every start method and looks.

Parent side; each check returns a :class:`~helpers.lessons.exercise.Verdict`."""

from __future__ import annotations

import multiprocessing
import reprlib

from ...recorder import START_METHODS
from ...view import record
from ..exercise import Verdict, check
from . import targets

GRANDCHILD_METHODS = START_METHODS
GRANDCHILD_HINTS = {
    "fork": "under fork, the process that calls start() forks the new process itself: "
            "the operating system records it as the parent",
    "spawn": "under spawn, the process that calls start() launches the fresh interpreter "
             "itself (fork, then exec): it is the parent the operating system knows",
    "forkserver": "under forkserver, no process forks its own children -- a fork server "
                  "does, for the child too; only parent_process() names the child",
}


def grandchild_ppid_is_starter(method: str) -> bool:
    """Start ``targets.family_member`` with one kid of its own under ``method``: is the
    grandchild's ``os.getppid()`` the pid of the child that started it?  Lesson 03."""
    ctx = multiprocessing.get_context(method)
    with record(show=False) as run:
        p = ctx.Process(target=targets.family_member, args=(None, 1))
        p.start()
        p.join()
    grandchild = run.lane("Process-1:1")
    return grandchild.ppid == grandchild.parent


def check_grandchild_ppid(answer) -> Verdict:
    """``answer`` maps each start method to True or False: is a grandchild's
    ``os.getppid()`` the pid of the child that started it?  The check runs the family
    once per start method this platform has and compares.  Lesson 03."""
    available = [m for m in GRANDCHILD_METHODS if m in multiprocessing.get_all_start_methods()]
    return check(
        answer, form=_methods_form,
        experiment=lambda: {m: grandchild_ppid_is_starter(m) for m in available},
        wrong=lambda answer, truth: [f"{m}: {GRANDCHILD_HINTS[m]}" for m in available
                                     if answer[m] != truth[m]],
        right=_right)


def _methods_form(answer) -> str | None:
    if not isinstance(answer, dict):
        return ("answer with a dict like {'fork': True, 'spawn': True, "
                f"'forkserver': True}}, not {reprlib.repr(answer)}")
    keys = set(answer)
    if keys != set(GRANDCHILD_METHODS):
        return ("the dict needs exactly the keys 'fork', 'spawn' and "
                f"'forkserver' (got {sorted(keys, key=repr)!r})")
    unanswered = [m for m in GRANDCHILD_METHODS if not isinstance(answer[m], bool)]
    if unanswered:
        return (f"answer True or False for {', '.join(unanswered)} "
                f"(not {reprlib.repr(answer[unanswered[0]])})")
    return None


def _right(truth: dict) -> str:
    same = [m for m in truth if truth[m]]
    other = [m for m in truth if not truth[m]]
    text = []
    if same:
        text.append(f"{' and '.join(same)}: the child creates the grandchild itself, so the "
                    "grandchild's os.getppid() is the child.")
    if other:
        text.append(f"{' and '.join(other)}: a fork server creates it -- one the child started "
                    "for its own children -- and only parent_process() names the child.")
    missing = [m for m in GRANDCHILD_METHODS if m not in truth]
    if missing:
        text.append(f"({', '.join(missing)}: not available here, not checked.)")
    return " ".join(text)
