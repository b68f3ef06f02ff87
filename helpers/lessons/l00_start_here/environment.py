"""Can this kernel run the workbook?  The check in lesson 00's first cell.

That cell imports this package inside ``try``: when ``helpers`` itself cannot be
imported, the cell says so in plain words (the kernel does not run the project's
``.venv``) -- this module cannot, since it is part of the package.  Once ``helpers``
is there, :func:`check` looks for the packages the lessons import and for a Python the
workbook is tested on, and says what to do if something is missing.  Lesson 00.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import re
import sys

PROJECT = "process-workbook"  # the distribution `make venv` installs helpers as


def supported_pythons() -> tuple[tuple[int, int], ...]:
    """The Pythons every lesson is tested on: the project's classifiers in
    ``pyproject.toml``, the one list that ``make supported-pythons`` reads too."""
    classifiers = importlib.metadata.metadata(PROJECT).get_all("Classifier") or []
    found = (re.fullmatch(r"Programming Language :: Python :: (\d+)\.(\d+)", c)
             for c in classifiers)
    return tuple((int(m[1]), int(m[2])) for m in found if m)


SUPPORTED_PYTHONS = supported_pythons()
NEEDED = {
    "psutil": "process trees, leak checks",
    "matplotlib": "the timelines",
    "ipywidgets": "the sliders of some lessons",
}
REMEDY = ("Stop JupyterLab, run `make lab` in the project folder (it installs everything "
          "into .venv and starts JupyterLab on it) and open the URL it prints.")


def missing() -> dict[str, str]:
    """``{package: error}`` for each package of ``NEEDED`` this Python cannot import."""
    problems = {}
    for name in NEEDED:
        try:
            importlib.import_module(name)
        except ImportError as error:
            problems[name] = f"{type(error).__name__}: {error}"
    return problems


def check() -> bool:
    """Print what the workbook needs and whether this kernel has it; True if all is there."""
    problems = missing()
    width = max(map(len, NEEDED))
    print(f"{'helpers':<{width}}  ok (the workbook's own package)")
    for name, use in NEEDED.items():
        state = f"MISSING: {problems[name]}" if name in problems else "ok"
        print(f"{name:<{width}}  {state} ({use})")
    names = ", ".join(f"{major}.{minor}" for major, minor in SUPPORTED_PYTHONS)
    tested = sys.version_info[:2] in SUPPORTED_PYTHONS
    print(f"Python {names} (each tested with every lesson): {tested}")
    if problems or sys.version_info[:2] < SUPPORTED_PYTHONS[0]:
        print("Something is missing: this kernel does not run the project's .venv, or .venv "
              "is incomplete. " + REMEDY)
        return False
    if not tested:
        print(f"This is Python {sys.version_info[0]}.{sys.version_info[1]}, newer than the "
              "workbook is tested on: the lessons run, but where a lesson says what a "
              "version does, check it against yours.")
    print("All set.")
    return True
