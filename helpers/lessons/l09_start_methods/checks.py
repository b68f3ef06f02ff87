"""Lesson 09's exercises: each platform's default start method, and which targets a
spawned child can run -- each candidate started for real.

Parent side; each check returns a :class:`~helpers.lessons.exercise.Verdict`."""

from __future__ import annotations

import multiprocessing
import reprlib

from ...families.process import exit_text
from ...recorder import START_METHODS as ALL_METHODS
from ...tools import raw_output
from ..exercise import Verdict, check

DEFAULT_METHODS = {  # the platform's default start method
    "Windows": "spawn",
    "macOS, Python 3.13": "spawn",
    "Linux, Python 3.13": "fork",
    "Linux, Python 3.14": "forkserver",
}
DEFAULT_HINTS = {
    "Windows": "Windows has no fork() at all: spawn is its only start method",
    "macOS, Python 3.13": "macOS has fork(), but since Python 3.8 its default is spawn: "
                          "system libraries can crash in a forked child",
    "Linux, Python 3.13": "up to Python 3.13 Linux forks: the child is a copy of the parent",
    "Linux, Python 3.14": "Python 3.14 changed Linux's default so that a process with "
                          "threads is no longer forked",
}
START_METHODS = tuple(sorted(ALL_METHODS))  # alphabetical: no order to give away


def check_default_methods(answer) -> Verdict:
    """Lesson 09: ``answer`` maps each platform of ``DEFAULT_METHODS`` to the start
    method Python uses there by default.  Lesson 09."""
    return check(
        answer, form=_methods_form,
        wrong=lambda answer, _: [f"{key}: {DEFAULT_HINTS[key]}" for key in DEFAULT_METHODS
                                 if answer[key] != DEFAULT_METHODS[key]],
        right=lambda _: ("spawn on Windows (its only method) and macOS (since 3.8), fork on "
                         "Linux up to 3.13, forkserver from 3.14."))


def _methods_form(answer) -> str | None:
    if not isinstance(answer, dict) or set(answer) != set(DEFAULT_METHODS):
        return (f"answer with a dict of the keys {tuple(DEFAULT_METHODS)}, "
                f"not {reprlib.repr(answer)}")
    odd = [key for key, value in answer.items()
           if not (isinstance(value, str) and value in START_METHODS)]
    if odd:
        return f"give each platform one of the strings {START_METHODS}; not yet done for {odd}"
    return None


def spawn_outcomes(candidates: dict, args: tuple = ("bob",), timeout: float = 10.0) -> dict:
    """Start ``candidate(*args)`` in a spawned child, for each candidate; return
    ``{key: (outcome, detail)}`` with outcome ``'ran'`` (exit code 0), ``'child
    failed'`` (detail: the last line it wrote to stderr, or its exit code) or ``'start
    failed'`` (``start()`` raised here; detail: the error).  What the children write
    is kept out of the cell; none outlives the call.  Lesson 09."""
    spawn = multiprocessing.get_context("spawn")
    outcomes = {}
    with raw_output.captured(1):
        for key, target in candidates.items():
            p = spawn.Process(target=target, args=args)
            with raw_output.captured(2) as err:
                try:
                    p.start()
                except Exception as error:
                    outcomes[key] = ("start failed", f"{type(error).__name__}: {error}")
                    continue
                p.join(timeout)
                if p.exitcode is None:
                    p.kill()
                    p.join()
            if p.exitcode == 0:
                outcomes[key] = ("ran", "")
            else:
                lines = err.text.strip().splitlines()
                outcomes[key] = ("child failed", lines[-1] if lines else exit_text(p.exitcode))
    return outcomes


def check_spawn_targets(answer, candidates=None) -> Verdict:
    """Lesson 09: ``answer`` is the set of keys of ``candidates`` (``{key: function}``)
    whose function a *spawned* child can run as its target.  Each candidate is
    started for real under spawn, with the argument ``'bob'``.  Lesson 09."""
    def form(answer) -> str | None:
        if not isinstance(candidates, dict) or not candidates or not all(
                isinstance(key, str) for key in candidates):
            return "pass the candidates too: checks.check_spawn_targets(answer, candidates)"
        if isinstance(answer, str) or not isinstance(answer, (set, frozenset, list, tuple)):
            return ("answer with a set of keys, like {'a'} (or set() for none), not "
                    f"{reprlib.repr(answer)}")
        if not all(isinstance(key, str) for key in answer):
            return f"put only keys (strings) in the set, like {{'a'}}: {reprlib.repr(answer)}"
        unknown = [key for key in answer if key not in candidates]
        if unknown:
            return f"choose among the keys {sorted(candidates)}, not {reprlib.repr(unknown)}"
        return None

    def right(outcomes) -> str:
        ran = [key for key in candidates if outcomes[key][0] == "ran"]
        failed = [f"{key} failed ({'in the child' if outcome == 'child failed' else 'at start()'}"
                  f": {detail})" for key, (outcome, detail) in outcomes.items() if outcome != "ran"]
        return f"{', '.join(ran) or 'none'} ran under spawn" + (
            f"; {'; '.join(failed)}" if failed else "") + "."

    return check(
        answer, form=form, experiment=lambda: spawn_outcomes(candidates),
        what_ran="the candidates",
        wrong=lambda answer, outcomes: [
            _spawn_hint(key, *outcomes[key]) for key in candidates
            if (key in answer) != (outcomes[key][0] == "ran")],
        right=right)


def _spawn_hint(key: str, outcome: str, detail: str) -> str:
    if outcome == "ran":
        return (f"{key} ran: the child could import it by its module and name (a function "
                "of a module, a built-in, or a functools.partial of one)")
    if outcome == "start failed":
        return (f"{key}: start() raised {detail} -- here, before any child existed: spawn "
                "pickles the target by name, and a lambda (or a function defined inside another "
                "one) has no name to look up")
    return (f"{key}: the child started, but could not find its target ({detail}): a function "
            "defined in a notebook cell lives in the kernel's __main__, which a spawned child "
            "cannot import")
