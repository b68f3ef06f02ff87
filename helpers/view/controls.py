"""A button that runs an experiment, says it is running and how long it took, and shows
its timeline first: :func:`run_button`, for a lesson's "try it" cell.

``ipywidgets.interact_manual`` runs the function and shows whatever it prints, in
order: for an experiment that starts children, eight lines of ``hello bob`` come
before the timeline, which lands below the fold, and nothing shows during the seconds
the children run -- the button seems to do nothing.  :func:`run_button` puts a status
line under the button (``running...``, then ``done in 1.23 s``), lets the timeline and
the summary show as soon as the function shows them, and folds the lines the
processes printed under them, a click away.
"""

from __future__ import annotations

import contextlib
import functools
import io
import time

from .text import bundle

RUNNING = "running... (the children are real processes)"


def run_button(name: str, **controls):
    """Decorate a function to show it with its ``controls`` (as ``interact_manual``
    takes them: ``n=(1, 8)``, ``join=['inside', 'after']``) and a button called
    ``name`` that runs it."""
    from IPython.display import display

    def decorate(function):
        box, _ = form(name, function, **controls)
        display(box)
        return function

    return decorate


def form(name: str, function, **controls):
    """The widgets of :func:`run_button` -- its controls, the button, the status line,
    the output -- in one box, and the function the button calls."""
    from ipywidgets import HTML, VBox, interactive

    status = HTML(value="")

    @functools.wraps(function)
    def run(**values):
        status.value = RUNNING
        began = time.perf_counter()
        printed = io.StringIO()
        try:
            with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
                function(**values)
        finally:
            status.value = f"done in {time.perf_counter() - began:.2f} s"
            show_printed(printed.getvalue())

    widgets = interactive(run, {"manual": True, "manual_name": name}, **controls)
    *inputs, output = widgets.children
    return VBox([*inputs, status, output]), run


def show_printed(text: str) -> None:
    """What the processes printed, folded (``N lines printed: click to see them``)."""
    from IPython.display import display

    if not text:
        return
    folded = bundle(text.rstrip("\n"))
    count = folded["text/plain"].count("\n") + 1
    summary = f"{count} line{'s' * (count != 1)} printed: click to see them"
    folded["text/html"] = f"<details><summary>{summary}</summary>{folded['text/html']}</details>"
    display(folded, raw=True)
