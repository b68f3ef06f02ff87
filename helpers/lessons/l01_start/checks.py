"""Lesson 01's exercises: build the Process that greets 'alice' (started and joined
for real by the check), and say whose line comes first.

Parent side; each check returns a :class:`~helpers.lessons.exercise.Verdict`."""

from __future__ import annotations

import inspect
from multiprocessing.process import BaseProcess

from ...view import record
from ..exercise import Verdict, check
from . import targets


def check_greet_alice(answer) -> Verdict:
    """Lesson 01: ``answer`` is a Process, not started, that greets 'alice' via
    ``targets.greet``.  If it is, the check starts and joins it under a recording."""
    return check(answer, form=_process_form, experiment=lambda: _run(answer),
                 what_ran="the child",
                 wrong=lambda answer, seen: [] if seen == (["hello alice"], 0) else [
                     f"the child printed {seen[0]} and exited with {seen[1]}"],
                 right=lambda _: "the child printed 'hello alice' and exited with code 0.")


def _process_form(answer) -> str | None:
    """What keeps ``answer`` from being greet('alice') in a Process not yet started."""
    if answer is None:
        return "set `answer` to a Process: answer = Process(target=..., args=...)"
    if not isinstance(answer, BaseProcess):
        return (f"`answer` is a {type(answer).__name__}; build it with "
                "Process(target=..., args=...)")
    if answer._popen is not None:
        return ("leave `answer` unstarted: the check starts it for you "
                "(a Process can be started only once)")
    target = answer._target
    if target is None:
        return ("the Process has no target. Did you write target=targets.greet('alice')? "
                "That calls greet in *this* process and passes its result (None); "
                "pass the function itself: target=targets.greet")
    if target is not targets.greet:
        name = getattr(target, "__name__", repr(target))
        return f"the target is {name}; the exercise asks for targets.greet"
    args = answer._args  # Process() already made it a tuple: tuple('alice') is 5 letters
    if len(args) > 1 and all(isinstance(a, str) and len(a) == 1 for a in args):
        return (f"the child would get {len(args)} arguments {args!r}: ('alice') is just the "
                "string 'alice' in brackets, and Process split it into letters. A "
                "one-element tuple needs a trailing comma: ('alice',)")
    if not _same_call(targets.greet, (args, answer._kwargs), (("alice",), {})):
        return (f"the child would be called as greet(*{tuple(args)!r}, "
                f"**{answer._kwargs!r}); it should be greet('alice')")
    return None


def _run(answer) -> tuple[list[str], int | None]:
    """Start and join ``answer`` under a recording: (what the child printed, exit code)."""
    with record(show=False) as run:
        answer.start()
        answer.join()
    return [p.text for lane in run.children for p in lane.prints], answer.exitcode


def _same_call(function, given: tuple, wanted: tuple) -> bool:
    """Would ``function(*args, **kwargs)`` get the same arguments for ``given`` as for
    ``wanted`` (each an ``(args, kwargs)`` pair)?  So ``greet(name='alice')`` is
    ``greet('alice')``; a call that does not fit the signature is not."""
    signature = inspect.signature(function)
    bound = []
    for args, kwargs in (given, wanted):
        try:
            arguments = signature.bind(*args, **kwargs)
        except TypeError:  # too many, missing, unknown or doubled arguments
            return False
        arguments.apply_defaults()
        bound.append(arguments.arguments)
    try:
        return bool(bound[0] == bound[1])
    except Exception:  # an argument whose == cannot say (a numpy array, say)
        return False


def check_first_line(answer) -> Verdict:
    """Lesson 01: which line appears first, the parent's or the child's?"""
    choices = ("parent", "child")
    return check(
        answer,
        form=lambda answer: None if isinstance(answer, str) and answer.strip().lower() in
        choices else f"answer with one of the strings {choices}, not {answer!r}",
        wrong=lambda answer, _: [] if answer.strip().lower() == "parent" else [
            "start() only *asks* for a child and returns at once; the parent carries on "
            "while the child is still being created"],
        right=lambda _: ("start() returns at once and the parent goes on; the child prints "
                         "only after it has been created and has slept."))
