"""Lesson 04's exercises: predict the names a ``Process`` subclass ends up with, and
which attributes stop spawn's ``start()`` -- both checked by doing it.

Parent side; each check returns a :class:`~helpers.lessons.exercise.Verdict`."""

from __future__ import annotations

import itertools
import os
import pickle
import re
import reprlib
import threading
from multiprocessing import process as _mp

from ..exercise import Verdict, check
from . import targets

NAME_CLASSES = (targets.Myprocess, targets.MyprocessSuperFirst, targets.MyprocessPerson)


def fresh_names(person: str = "哪吒") -> list[str]:
    """The names of ``Myprocess(person)``, ``MyprocessSuperFirst(person)`` and
    ``MyprocessPerson(person)``, made in that order with the process counter
    restarted at 1, as at the top of a ``record()`` block.  Found by making them
    (none is started); the counter is put back afterwards.  Lesson 04."""
    saved, _mp._process_counter = _mp._process_counter, itertools.count(1)
    try:
        return [cls(person).name for cls in NAME_CLASSES]
    finally:
        _mp._process_counter = saved


def check_names(answer) -> Verdict:
    """Lesson 04: predict ``[a.name, b.name, c.name]`` for ``a = Myprocess('哪吒')``,
    ``b = MyprocessSuperFirst('哪吒')``, ``c = MyprocessPerson('哪吒')``, made in that
    order at the top of a ``record()`` block."""
    return check(
        answer, form=_names_form, experiment=fresh_names, wrong=_names_hint,
        right=lambda names: (f"a is {names[0]!r} (overwritten by super().__init__()), b is "
                             f"{names[1]!r}, c is {names[2]!r}: the counter counts every "
                             "Process made, whatever its class."))


def _names_form(answer) -> str | None:
    if (not isinstance(answer, (list, tuple)) or len(answer) != 3
            or not all(isinstance(name, str) for name in answer)):
        return f"answer with a list of three strings, [a.name, b.name, c.name]; not {answer!r}"
    return None


def _names_hint(answer, names) -> list[str]:
    """The hint for the first name that is wrong (each builds on the one before)."""
    a, b, c = (name.strip() for name in answer)
    if a != names[0]:
        if a == "哪吒":
            return ["a sets self.name *before* super().__init__(), and "
                    "Process.__init__() then gives it the default name"]
        return ["a ends up with its default name: its class's name, a dash, "
                "and the counter's number (the block restarts it at 1)"]
    if b != names[1]:
        return ["b sets self.name *after* super().__init__(): nothing overwrites it any more"]
    if c != names[2]:
        if c == "哪吒":
            return ["c keeps the person in self.person; its process name stays the default one"]
        if c.startswith(NAME_CLASSES[2].__name__ + "-"):
            return ["the counter counts every Process object made, whatever its class: a and b "
                    "took a number each"]
        return ["c's name is its default: its class's name, a dash, a number"]
    return []


def unpicklable_options() -> set[str]:
    """Which of lesson 04's exercise options cannot be pickled -- found by pickling
    them, as spawn's ``start()`` pickles a Process and all its attributes.  Lesson 04."""
    with open(os.devnull, "w") as log:
        options = {"a": "chat.log", "b": log, "c": threading.Lock(), "d": ["哪吒", "wupeiqi"]}
        failing = set()
        for letter, value in options.items():
            try:
                pickle.dumps(value)
            except TypeError:
                failing.add(letter)
    return failing


UNPICKLABLE_HINTS = {
    "b": "an open file belongs to the process that opened it (a file descriptor and a buffer); "
         "pickle refuses it",
    "c": "a threading.Lock works between the threads of one process only; pickle refuses it",
    "a": "a str is plain data: it pickles",
    "d": "a list of str is plain data: it pickles",
}


def check_unpicklable(answer) -> Verdict:
    """Lesson 04: which options (letters ``a``-``d``) make a subclass's ``start()``
    fail under spawn?  ``answer``: a set (or list, or tuple) of letters, or a string
    like ``'b, d'`` or ``'b and d'``; an empty set predicts that none fails."""
    return check(
        answer, form=_letters_form, experiment=unpicklable_options,
        wrong=lambda answer, failing: [f"{letter}) {UNPICKLABLE_HINTS[letter]}"
                                       for letter in sorted(_letters(answer) ^ failing)],
        right=lambda failing: (f"{' and '.join(sorted(failing))} cannot be pickled, so "
                               "spawn's start() fails on them; the others travel to the child."))


def _items(answer) -> list[str] | None:
    """The letters an answer names, as written (None: not a set, list, tuple or str)."""
    if isinstance(answer, str):
        return [word for word in re.split(r"[\s,]+", answer) if word and word.lower() != "and"]
    if isinstance(answer, (set, frozenset, list, tuple)) and all(
            isinstance(item, str) for item in answer):
        return [item.strip() for item in answer]
    return None


def _letters(answer) -> set[str]:
    return {item.lower() for item in _items(answer)}


def _letters_form(answer) -> str | None:
    example = "like {'a', 'd'} (set() if none fails)"
    items = _items(answer)
    if items is None:
        return f"answer with a set of letters, like {{'a', 'd'}}; not {reprlib.repr(answer)}"
    if isinstance(answer, str) and not items:
        return f"write one letter for each line that fails, {example}"
    odd = [item for item in items if len(item) != 1 or not item.isalpha()]
    if odd:
        return (f"write one letter for each line that fails, {example}; "
                f"{reprlib.repr(odd[0])} is not one letter")
    unknown = sorted(_letters(answer) - set(UNPICKLABLE_HINTS))
    if unknown:
        return f"choose among the letters a, b, c, d (got {sorted(_letters(answer))})"
    return None
