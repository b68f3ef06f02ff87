"""What every exercise check returns: a :class:`Verdict`, shown as one line.

Each check accepts *any* answer (None, the wrong type, a half-built object) and
returns a Verdict, which a notebook shows as one line starting with ``Right:`` or
``Not yet:`` and which is true only for a right answer.  Wrong answers get a hint
that points at the idea the lesson teaches -- never a traceback.
"""

from __future__ import annotations

from ..view import solution
from ..view.text import wrapped_html

solution.register()  # every lesson imports its checks, so every lesson has %%solution


class Verdict:
    """The outcome of a check: true or false, with the line a learner reads."""

    def __init__(self, ok: bool, message: str):
        self.ok = ok
        self.text = ("Right: " if ok else "Not yet: ") + message

    def __bool__(self) -> bool:
        return self.ok

    def __repr__(self) -> str:
        return self.text

    def _repr_html_(self) -> str:
        """In JupyterLab: the line wrapped at words (its plain text is ``repr``)."""
        return wrapped_html(self.text)


def check(answer, *, form, experiment=None, wrong, right, what_ran: str = "the experiment"
          ) -> Verdict:
    """The skeleton every exercise check shares.

    1. ``form(answer)``: what is wrong with the answer's *form* (a str to show), or None;
       an answer of any type gets a hint here, never a traceback.
    2. ``experiment()``: run, for real, what the answer predicts -- the truth it is
       compared with (``None``: nothing to run; the truth is known).  If it cannot run
       here (no fork on Windows, a machine too slow), the learner is told so.
    3. ``wrong(answer, seen)``: the hints for what the answer got wrong; none: ``Right``,
       with ``right(seen)``, which says what really happened.
    """
    problem = form(answer)
    if problem:
        return Verdict(False, problem)
    seen = None
    if experiment is not None:
        try:
            seen = experiment()
        except Exception as error:
            return Verdict(False, f"{what_ran} could not run here ({type(error).__name__}: "
                                  f"{error}); the solution below explains the answer")
    hints = wrong(answer, seen)
    if hints:
        return Verdict(False, "; ".join(hints))
    return Verdict(True, right(seen))


def dict_form(keys: tuple, example: str, value_ok, value_hint: str):
    """A ``form`` for an answer that is a dict with exactly ``keys``, each value passing
    ``value_ok``: the messages every dict-shaped exercise gives."""
    def form(answer) -> str | None:
        if not isinstance(answer, dict):
            return f"answer with a dict like {example}, not {answer!r}"
        missing = [key for key in keys if key not in answer]
        extra = [key for key in answer if key not in keys]
        if missing or extra:
            return f"use exactly the keys {keys} (missing: {missing}, not expected: {extra})"
        odd = [key for key in keys if not value_ok(answer[key])]
        if odd:
            return f"{value_hint}; look at {odd}"
        return None
    return form


def per_key(hints: dict, label=repr):
    """A ``wrong`` for dict answers: the hint of every key whose value is not what was
    seen (``label`` names a key in the hint)."""
    def wrong(answer, seen) -> list[str]:
        return [f"{label(key)}: {hints[key]}" for key in hints if answer[key] != seen[key]]
    return wrong


def is_int(value) -> bool:
    """A whole number, and not a bool (``True`` is an int to Python, not to a learner)."""
    return type(value) is int
