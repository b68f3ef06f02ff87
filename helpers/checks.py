"""Exercise self-checks: say what is right, or give a hint -- never a traceback.

Each check accepts *any* answer (None, the wrong type, a half-built object) and
returns a :class:`Verdict`, which a notebook shows as one line starting with
``Right:`` or ``Not yet:`` and which is true only for a right answer.  Wrong
answers get a hint that points at the idea the lesson teaches.
"""

from __future__ import annotations

from multiprocessing.process import BaseProcess

from . import workers
from .timeline import record


class Verdict:
    """The outcome of a check: true or false, with the line a learner reads."""

    def __init__(self, ok: bool, message: str):
        self.ok = ok
        self.text = ("Right: " if ok else "Not yet: ") + message

    def __bool__(self) -> bool:
        return self.ok

    def __repr__(self) -> str:
        return self.text



def check_greet_alice(answer) -> Verdict:
    """Lesson 01: ``answer`` is a Process, not started, that greets 'alice' via
    ``workers.greet``.  If it is, the check starts and joins it under a recording."""
    if answer is None:
        return Verdict(False, "set `answer` to a Process: answer = Process(target=..., args=...)")
    if not isinstance(answer, BaseProcess):
        return Verdict(False, f"`answer` is a {type(answer).__name__}; build it with "
                               "Process(target=..., args=...)")
    if answer._popen is not None:
        return Verdict(False, "leave `answer` unstarted: the check starts it for you "
                               "(a Process can be started only once)")
    target = answer._target
    if target is None:
        return Verdict(False, "the Process has no target. Did you write "
                              "target=workers.greet('alice')? "
                               "That calls greet in *this* process and passes its result (None); "
                               "pass the function itself: target=workers.greet")
    if target is not workers.greet:
        name = getattr(target, "__name__", repr(target))
        return Verdict(False, f"the target is {name}; the exercise asks for workers.greet")
    args = answer._args  # Process() already made it a tuple: tuple('alice') is 5 letters
    if len(args) > 1 and all(isinstance(a, str) and len(a) == 1 for a in args):
        return Verdict(False, f"the child would get {len(args)} arguments {args!r}: ('alice') "
                               "is just the string 'alice' in brackets, and Process split it into "
                               "letters. A one-element tuple needs a trailing comma: ('alice',)")
    if tuple(args) != ("alice",) or answer._kwargs:
        return Verdict(False, f"the child would be called as greet(*{tuple(args)!r}, "
                               f"**{answer._kwargs!r}); it should be greet('alice')")
    with record(show=False) as run:
        answer.start()
        answer.join()
    printed = [p.text for lane in run.children for p in lane.prints]
    if printed != ["hello alice"] or answer.exitcode != 0:
        return Verdict(False, f"the child printed {printed} and exited with {answer.exitcode}")
    return Verdict(True, "the child printed 'hello alice' and exited with code 0.")


def check_first_line(answer) -> Verdict:
    """Lesson 01: which line appears first, the parent's or the child's?"""
    choices = ("parent", "child")
    if not isinstance(answer, str) or answer.strip().lower() not in choices:
        return Verdict(False, f"answer with one of the strings {choices}, not {answer!r}")
    if answer.strip().lower() == "child":
        return Verdict(False, "start() only *asks* for a child and returns at once; the "
                               "parent carries on while the child is still being created")
    return Verdict(True, "start() returns at once and the parent goes on; the child "
                          "prints only after it has been created and has slept.")
