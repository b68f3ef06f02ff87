"""Lesson 08's exercise: predict the exit code of each way a child can end; the check
ends six children those ways.

Parent side; each check returns a :class:`~helpers.lessons.exercise.Verdict`."""

from __future__ import annotations

import multiprocessing

from ..exercise import Verdict, check, dict_form, is_int, per_key
from . import targets

EXIT_HINTS = {
    "return": "a target that returns ends its process normally: exit code 0",
    "sys.exit('再见')": "sys.exit() with something that is not an int prints it to stderr "
                      "and exits with 1",
    "os._exit(7)": "os._exit(n) ends the process on the spot with exit code n",
    "raise KeyError": "an exception nobody catches: the child prints its traceback and "
                      "exits with 1",
    "terminate()": "terminate() sends SIGTERM, signal 15, and a process ended by signal N "
                   "has exitcode -N",
    "kill()": "kill() sends SIGKILL, signal 9, and a process ended by signal N has "
              "exitcode -N",
}


def check_exit_codes(answer) -> Verdict:
    """Lesson 08: ``answer`` predicts ``p.exitcode`` for each way a child can end
    (``targets.ENDINGS``: ``{'return': ..., "sys.exit('再见')": ..., ...}``).
    Well-formed answers are compared with the children's real exit codes.  Lesson 08."""
    return check(
        answer,
        form=dict_form(targets.ENDINGS, "{'return': 0, \"sys.exit('再见')\": 0, ...}", is_int,
                       "an exit code is a whole number (an int)"),
        experiment=exit_code_experiment, what_ran="the children",
        wrong=per_key(EXIT_HINTS, label=str),
        right=lambda seen: "the children exited with "
                           + ", ".join(f"{how} → {code}" for how, code in seen.items()) + ".")


def exit_code_experiment(timeout: float = 10.0) -> dict:
    """Run ``targets.end_by(how)`` for every ``how`` of ``targets.ENDINGS``, each in a
    child of its own, for real (terminate or kill the two that wait for it); return
    ``{how: exitcode}``.  No child outlives the call.  Lesson 08."""
    procs = {how: multiprocessing.Process(target=targets.end_by, args=(how,))
             for how in targets.ENDINGS}
    try:
        for p in procs.values():
            p.start()
        procs["terminate()"].terminate()
        procs["kill()"].kill()
        for p in procs.values():
            p.join(timeout)
    finally:
        for p in procs.values():
            if p.pid is not None and p.exitcode is None:
                p.kill()
                p.join()
    return {how: p.exitcode for how, p in procs.items()}
